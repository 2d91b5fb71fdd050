// cli/input.h: reading what users hand to byline (files, directories, stdin, URLs) into Articles.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "byline/article.h"
#include "byline/feed.h"
#include "byline/status.h"

namespace byline::cli {

/// Largest input file read whole; larger ones are refused with a clear error.
inline constexpr size_t kMaxInputBytes = 64u << 20;

/// What a file holds, from its name and first bytes.
enum class InputKind { kHtml, kText, kJsonl, kFeed, kOpml };
InputKind sniff_input(const std::string& name, std::string_view head);

/// Bytes of a path, a file:// URL or "-" (stdin), capped at kMaxInputBytes.
Result<std::string> read_input(const std::string& path_or_file_url);
/// A file:// URL for a local path (absolute), for base URLs and ids.
std::string file_url_for(const std::string& path);
bool is_remote_url(const std::string& s);

/// One article from a file, a file:// or http(s) URL, or "-" (an HTML page, a plain-text article
/// or one JSON record). Remote fetches obey the crawler's limits and address policy.
Result<Article> load_article(const std::string& path_or_url, bool allow_private_networks = false);

/// An Article from a feed entry: the entry's own text, when the linked page is not fetched.
Article article_from_entry(const FeedEntry& entry, const ParsedFeed& feed, const std::string& feed_url);

}  // namespace byline::cli
