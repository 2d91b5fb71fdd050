// crawler/feed_state.h: what the crawler remembers about one feed between runs.
//
// Stored by the CrawlSink next to the feed's articles (in the index metadata, in the same commit),
// so a crash never separates "these articles are indexed" from "these GUIDs are seen".
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "byline/feed.h"
#include "byline/status.h"

namespace byline::crawler {

struct FeedState {
  std::string url;            ///< the subscription URL (the key)
  std::string title;          ///< last seen feed title
  std::string etag;           ///< for If-None-Match
  std::string last_modified;  ///< for If-Modified-Since
  int64_t last_attempt = 0;   ///< Unix seconds of the last fetch attempt
  int64_t last_success = 0;   ///< Unix seconds of the last 2xx or 304
  int64_t next_due = 0;       ///< Unix seconds when the feed should be fetched next
  int error_count = 0;        ///< consecutive failures (drives the backoff)
  std::string last_error;
  long last_status = 0;      ///< last HTTP status
  bool disabled = false;     ///< 410 Gone: not fetched by scheduled runs any more
  std::string moved_to;      ///< target of a permanent redirect seen on consecutive runs
  int moved_count = 0;       ///< how many consecutive runs saw that permanent redirect
  int interval_seconds = 0;  ///< the adaptive interval computed at the last success
  /// Entry keys (GUIDs, see crawl.cc) already stored, newest first, bounded (see kMaxSeenIds).
  std::vector<std::string> seen_ids;
  /// Entries whose page failed in a way that may pass (5xx, 429, a network error): asked for
  /// again at each run until kGiveUpPageRuns runs over at least kGiveUpPageSeconds have failed,
  /// then counted as seen (stored from the feed's text), so one dead link does not keep the
  /// feed from 304s for ever. Only the entries still failing are kept.
  struct PageRetry {
    int runs = 0;              ///< runs that failed to fetch it
    int64_t first_failed = 0;  ///< Unix seconds of the first
  };
  std::map<std::string, PageRetry> page_retries;
  /// What each seen entry looked like when stored (entry_signature): a seen entry that comes
  /// back changed (a corrected title, a new <updated> date, another link) is stored again.
  /// Kept for the ids of seen_ids only.
  std::unordered_map<std::string, uint32_t> entry_sigs;
  static constexpr int kGiveUpPageRuns = 3;
  static constexpr int64_t kGiveUpPageSeconds = 24 * 3600;

  /// As many as a feed document has entries: every entry of the feed fits, so none of them is
  /// ever forgotten and taken for new again while it is still in the feed.
  static constexpr size_t kMaxSeenIds = kMaxFeedEntries;
  /// Ids the feed no longer carries are kept while the list is shorter than this: the state is
  /// rewritten at each crawl of the feed, and an ordinary feed's list stays this size.
  static constexpr size_t kKeepDroppedIds = 5000;

  bool has_seen(const std::string& id) const;
  /// Adds ids at the front (newest first), dropping duplicates, then keeps the ones the feed
  /// still carries (in `in_feed`, the keys of every entry of the document just read), then the
  /// others while fewer than kKeepDroppedIds are kept (with no `in_feed`, all are others).
  void remember(const std::vector<std::string>& ids,
                const std::unordered_set<std::string>& in_feed = {});

  /// Drops the signatures of ids no longer in seen_ids.
  void prune_sigs();

  /// JSON form, for the index metadata.
  std::string to_json() const;
  static Result<FeedState> from_json(const std::string& json);
};

/// A feed entry's title, link and <updated> date (and, for an entry with no link, its text),
/// hashed: what changes when a publisher corrects a story.
uint32_t entry_signature(const FeedEntry& entry);

}  // namespace byline::crawler
