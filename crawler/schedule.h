// crawler/schedule.h: when a feed should be fetched next.
//
// Miniflux's rule as the base (7 days / entries published in the last week, clamped to
// 5 min..24 h), never sooner than the feed's ttl, Cache-Control max-age or Retry-After asks, and
// an exponential backoff after consecutive failures.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace byline::crawler {

struct ScheduleLimits {
  int64_t min_interval = 5 * 60;
  int64_t max_interval = 24 * 60 * 60;
  int64_t backoff_base = 5 * 60;  ///< first retry delay after a failure; doubles each time
};

/// Interval (seconds) after a successful fetch, from the entries' publication times.
int64_t adaptive_interval(const std::vector<int64_t>& published, int64_t now, int ttl_minutes,
                          const std::string& cache_control, const ScheduleLimits& limits = {});

/// Delay (seconds) before retrying after `error_count` consecutive failures (1 = first failure),
/// at least `retry_after` when the server sent one.
int64_t backoff_delay(int error_count, std::optional<int64_t> retry_after,
                      const ScheduleLimits& limits = {});

/// The longest wait the two above ever set: a publisher's hints and Retry-After are capped at
/// it (a week).
int64_t longest_wait(const ScheduleLimits& limits = {});

/// Whether a feed whose stored state says `next_due` (and was fetched at `last_attempt`) is due
/// at `now`. A due time further off than any wait byline sets, or a fetch after `now`, is the
/// mark of a clock that was wrong at that run (ahead by years, say): such a feed is due, or it
/// would never be fetched again once the clock is right.
bool is_due(int64_t next_due, int64_t last_attempt, int64_t now, const ScheduleLimits& limits = {});

/// max-age from a Cache-Control header, nullopt when absent.
std::optional<int64_t> cache_control_max_age(const std::string& cache_control);

}  // namespace byline::crawler
