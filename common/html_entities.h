// common/html_entities.h: HTML named character references, looked up by name.
//
// Feeds put HTML entities (&nbsp;, &eacute;) inside XML, where only the five XML ones are
// defined; the feed reader rewrites them to numeric references before pugixml sees the text.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

namespace byline {

namespace detail {
struct HtmlEntity {
  const char* name;  ///< without '&' and ';'
  const char* utf8;  ///< the replacement text (one or two code points)
};
extern const HtmlEntity kHtmlEntities[];
extern const size_t kHtmlEntityCount;
}  // namespace detail

/// The UTF-8 text of the HTML5 entity `name` (no '&', no ';'), or nullopt when unknown.
std::optional<std::string_view> html_entity(std::string_view name);

/// The code point HTML5 gives a numeric reference to `cp` in 0x80-0x9F: windows-1252's
/// character (&#146; is U+2019, as every browser shows it), or U+FFFD for the five it leaves
/// undefined. Other code points are returned as they are.
char32_t html_numeric_reference(char32_t cp);

}  // namespace byline
