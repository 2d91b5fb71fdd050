// Dates come from feeds and pages: parse_date must never crash or overflow, and a date written
// with slashes, spelled out in any order, must read back as the day it names, in the order the
// text settles on.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "common/datetime.h"
#include "common/text.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view s(reinterpret_cast<const char*>(data), size);
  auto t = byline::parse_date(s);
  if (t) (void)byline::format_iso8601(*t);
  // The first byte picks the order and whether a permalink's day is preferred.
  if (size == 0) return 0;
  using byline::DayOrder;
  const DayOrder orders[] = {DayOrder::kUnknown, DayOrder::kMonthFirst, DayOrder::kDayFirst};
  const std::string_view rest = s.substr(1);
  const std::string_view prefer = data[0] & 4 ? "2026-03-05" : "";
  const DayOrder order = orders[data[0] % 3];
  const std::string spelled = byline::spell_slash_dates(rest, order, prefer);
  // Each date becomes at most 11 bytes from at least 8: never longer than the input.
  if (spelled.size() > rest.size() + rest.size() / 2 + 16) std::abort();
  // The order the text settles on is the one it is spelled in: read in it, nothing changes.
  const DayOrder settled = byline::slash_date_order(rest, order, prefer);
  if (byline::spell_slash_dates(rest, settled, prefer) != spelled) std::abort();
  if (order != DayOrder::kUnknown && settled == DayOrder::kUnknown) std::abort();
  if (auto u = byline::parse_date(spelled)) (void)byline::format_iso8601(*u);
  (void)byline::day_order(rest.substr(0, 64));
  return 0;
}
