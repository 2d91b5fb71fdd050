// Dates come from feeds and pages: parse_date must never crash or overflow.
#include <cstdint>
#include <string_view>

#include "common/datetime.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto t = byline::parse_date(std::string_view(reinterpret_cast<const char*>(data), size));
  if (t) (void)byline::format_iso8601(*t);
  return 0;
}
