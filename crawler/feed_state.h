// crawler/feed_state.h: what the crawler remembers about one feed between runs.
//
// Stored by the CrawlSink next to the feed's articles (in the index metadata, in the same commit),
// so a crash never separates "these articles are indexed" from "these GUIDs are seen".
#pragma once

#include <cstdint>
#include <string>
#include <vector>

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
  /// GUIDs (entry ids) already stored, newest first, bounded (see kMaxSeenIds).
  std::vector<std::string> seen_ids;

  static constexpr size_t kMaxSeenIds = 5000;

  bool has_seen(const std::string& id) const;
  /// Adds ids at the front (newest first), dropping duplicates and the oldest past the bound.
  void remember(const std::vector<std::string>& ids);

  /// JSON form, for the index metadata.
  std::string to_json() const;
  static Result<FeedState> from_json(const std::string& json);
};

}  // namespace byline::crawler
