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

/// The code point HTML5 reads a numeric reference to `cp` as: in 0x80-0x9F windows-1252's
/// character (&#146; is U+2019, as every browser shows it); U+FFFD for 0, a surrogate or a
/// value past U+10FFFF; else `cp` itself (the five C1 codes windows-1252 leaves undefined too).
char32_t html_numeric_reference(char32_t cp);

/// True for what html_numeric_reference() gives that shows as nothing and is dropped: C0
/// controls but tab and line ends, DEL and C1 controls.
bool html_control_reference(char32_t cp);

/// A numeric character reference ("&#233;", "&#xE9", "&#0000065;") at the start of a text.
struct NumericReference {
  char32_t value = 0;  ///< as written, held at 0x110000 once past Unicode's range
  size_t length = 0;   ///< its bytes, the optional ';' included; 0 when there is none
};
NumericReference parse_numeric_reference(std::string_view s);

/// `s` with its character references that end in ';' decoded ("&amp;", "&#8217;", "&eacute;"),
/// and nothing else: the text stays text, so "<video>" in it stays. References to controls
/// are dropped, unknown names kept as written. For values that are text but were escaped once
/// too often (metadata, RSS titles).
std::string decode_html_references(std::string_view s);

/// True for the 106 names HTML5 also reads without a semicolon ("&copy 2024", "AT&ampT").
bool html_legacy_entity(std::string_view name);

/// The longest legacy name at the start of `name` ("ampT" gives 3), 0 when none.
size_t html_legacy_prefix(std::string_view name);

/// Rewrites `html`'s character references to the numeric ones an HTML5 browser reads them as,
/// for parsers (libxml2's) that know only HTML 4: named references of HTML5 (&AMP;, &bigstar;),
/// legacy ones without a semicolon (in text "&copy 2024", "AT&ampT"; in an attribute value only
/// when no letter, digit or '=' follows, as HTML5 says), references to 0x80-0x9F as
/// windows-1252, and references to C0 controls or DEL dropped (libxml2 ended an attribute's
/// value at one). Script bodies and comments are left alone. False when nothing changed (`out`
/// is then untouched); the input is bytes of an ASCII-compatible charset.
bool rewrite_html_references(std::string_view html, std::string& out);

}  // namespace byline
