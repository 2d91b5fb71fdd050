// crawler/feed_internal.h: pieces of the feed reader shared between its source files.
#pragma once

#include <string>
#include <string_view>

#include "byline/feed.h"
#include "byline/status.h"

namespace byline::detail {

/// Reads an XML feed (UTF-8 text) into `out`, recovering ill-formed documents.
Status parse_xml_feed(std::string_view utf8, const FeedParseOptions& options, ParsedFeed& out);
/// Reads a JSON Feed 1.0/1.1 document (UTF-8 text) into `out`.
Status parse_json_feed(std::string_view utf8, const std::string& url, ParsedFeed& out);
/// `html` with relative href/src attribute values resolved against `base` (no-op if base empty).
std::string resolve_html_urls(std::string html, std::string_view base);

}  // namespace byline::detail
