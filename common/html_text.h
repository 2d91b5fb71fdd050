// common/html_text.h: markup to plain text, for feed content and snippets. Never renders.
#pragma once

#include <string>
#include <string_view>

namespace byline {

/// The text of an HTML fragment or document: script, style, template, noscript and comments
/// dropped (MathML formulas kept as their tokens' text), entities decoded, block elements separated
/// by "\n\n", inline white space collapsed. Parsed by libxml2's HTML parser with recovery and no
/// network access.
std::string html_to_text(std::string_view html);

/// MathML's token elements (identifier, number, operator, text): a formula's words, which
/// text extraction keeps apart ("a x 2 + c"). The TeX a formula may carry is not text.
bool is_mathml_token(std::string_view name);

/// True when `s` looks like markup rather than plain text (has a tag or an entity).
bool looks_like_html(std::string_view s);

}  // namespace byline
