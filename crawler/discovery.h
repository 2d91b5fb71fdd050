// crawler/discovery.h: finding a site's feeds from one of its pages.
//
// First the page's <link rel="alternate"> elements for RSS, Atom and JSON Feed (in document
// order, then <a> links with a feed type; the first ten), then well-known paths (/feed, /rss.xml,
// ...). Every candidate is fetched and must parse as a feed before it is offered.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "byline/status.h"
#include "crawler/fetch.h"

namespace byline::crawler {

struct DiscoveredFeed {
  std::string url;
  std::string title;       ///< the link's title, else the feed's own title
  std::string type;        ///< "rss", "atom", "json" or the link's MIME type
  std::string feed_title;  ///< the feed's own title, as fetched
};

/// At most this many of a page's feed links are fetched to check them (a page naming thousands
/// would make one `feeds add` a request to each).
inline constexpr size_t kMaxFeedCandidates = 10;

/// The feed links an HTML page declares, resolved against `page_url` (and its <base href>):
/// <link rel="alternate"> elements in document order, then <a> elements with a feed type.
std::vector<DiscoveredFeed> feed_links_in_html(std::string_view html, const std::string& page_url);

/// Conventional feed locations on the page's site, most common first.
std::vector<std::string> well_known_feed_urls(const std::string& page_url);

/// `url` itself when it is a feed; otherwise the feeds its page links to (the first
/// kMaxFeedCandidates; `note`, when given, then says how many were left untried), else the
/// well-known paths that answer with a feed. Fails when the URL cannot be fetched or no feed is
/// found.
Result<std::vector<DiscoveredFeed>> discover_feeds(const std::string& url,
                                                   const FetchOptions& options,
                                                   std::string* note = nullptr);

}  // namespace byline::crawler
