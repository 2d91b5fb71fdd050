// common/html_text.h: markup to plain text, for feed content and snippets. Never renders.
#pragma once

#include <string>
#include <string_view>

namespace byline {

/// The text of an HTML fragment or document: script, style, template, noscript and comments
/// dropped, entities decoded, block elements separated by "\n\n", inline white space collapsed.
/// Parsed by libxml2's HTML parser with recovery and no network access.
std::string html_to_text(std::string_view html);

/// True when `s` looks like markup rather than plain text (has a tag or an entity).
bool looks_like_html(std::string_view s);

}  // namespace byline
