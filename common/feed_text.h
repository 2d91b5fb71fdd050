// common/feed_text.h: feed content HTML to plain text for indexing, in one linear pass.
//
// Same contract and output shape as common/html_text.h's html_to_text (script, style, template,
// noscript, head, iframe, svg, select, MathML annotations and comments dropped; cells and
// MathML tokens words apart; object fallback text kept; HTML5 entities decoded; block elements
// separated by "\n\n"; white space collapsed) but a streaming
// tokenizer instead of a libxml2 DOM: feed bodies are small fragments parsed by the thousand, and
// building a DOM for each was most of the feed reader's time. No recursion, no allocation per tag.
// Its references follow WHATWG (an invalid "&#xg;" stays literal, "&#0;" becomes U+FFFD), which
// libxml2's HTML parser does not, so the extractor uses it for metadata values too.
#pragma once

#include <string>
#include <string_view>

namespace byline {

/// Plain text of an HTML fragment; valid UTF-8 in, valid UTF-8 out.
std::string feed_html_to_text(std::string_view html);

}  // namespace byline
