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
/// The id of an entry with neither id nor link: "urn:byline:" + a hash of its title and date,
/// so a corrected text is the same entry at the next fetch (an entry with no title: of its
/// text and date). Its position in the feed is not part of it, so a new entry above it changes
/// nothing. `with_text`: the text too (distinct_hash_ids()).
std::string entry_hash_id(const FeedEntry& e, bool with_text = false);
/// Entries of one document whose title-and-date ids agree but whose texts differ (two "Daily
/// notes" of one day) are told apart by their texts: each such id is made with_text.
void distinct_hash_ids(std::vector<FeedEntry>& entries);
/// Sets FeedEntry::anchored on the entries whose links differ from another's in the fragment
/// only.
void mark_anchored_entries(std::vector<FeedEntry>& entries);
/// `html` with relative href/src attribute values resolved against `base` (no-op if base empty).
std::string resolve_html_urls(std::string html, std::string_view base);

}  // namespace byline::detail
