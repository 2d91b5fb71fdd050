// crawler/schedule.cc: adaptive intervals and backoff.
#include "crawler/schedule.h"

#include <algorithm>
#include <cctype>

#include "common/text.h"

namespace byline::crawler {

std::optional<int64_t> cache_control_max_age(const std::string& cache_control) {
  std::string cc = to_lower_ascii(cache_control);
  size_t pos = cc.find("max-age");
  if (pos == std::string::npos) return std::nullopt;
  pos += 7;
  while (pos < cc.size() && (cc[pos] == ' ' || cc[pos] == '=' || cc[pos] == '"')) ++pos;
  int64_t v = 0;
  size_t digits = 0;
  while (pos < cc.size() && std::isdigit(static_cast<unsigned char>(cc[pos])) && digits < 10) {
    v = v * 10 + (cc[pos++] - '0');
    ++digits;
  }
  if (digits == 0) return std::nullopt;
  return v;
}

int64_t adaptive_interval(const std::vector<int64_t>& published, int64_t now, int ttl_minutes,
                          const std::string& cache_control, const ScheduleLimits& limits) {
  constexpr int64_t kWeek = 7 * 24 * 60 * 60;
  int64_t recent = std::count_if(published.begin(), published.end(),
                                 [now](int64_t t) { return t > now - kWeek && t <= now + 3600; });
  int64_t interval = recent == 0 ? limits.max_interval : kWeek / recent;
  interval = std::clamp(interval, limits.min_interval, limits.max_interval);
  // The publisher's own hints are lower bounds: fetching sooner would only get a 304 or a ban.
  if (ttl_minutes > 0) interval = std::max<int64_t>(interval, int64_t{ttl_minutes} * 60);
  if (auto max_age = cache_control_max_age(cache_control)) interval = std::max(interval, *max_age);
  return std::min(interval, longest_wait(limits));
}

int64_t longest_wait(const ScheduleLimits& limits) { return 7 * limits.max_interval; }

bool is_due(int64_t next_due, int64_t last_attempt, int64_t now, const ScheduleLimits& limits) {
  constexpr int64_t kSlack = 60 * 60;  // clocks of machines sharing an index differ a little
  if (next_due <= now) return true;
  return next_due > now + longest_wait(limits) + kSlack || last_attempt > now + kSlack;
}

int64_t backoff_delay(int error_count, std::optional<int64_t> retry_after,
                      const ScheduleLimits& limits) {
  int shift = std::clamp(error_count - 1, 0, 20);
  int64_t delay = std::min(limits.backoff_base << shift, limits.max_interval);
  if (retry_after) delay = std::max(delay, std::min<int64_t>(*retry_after, longest_wait(limits)));
  return delay;
}

}  // namespace byline::crawler
