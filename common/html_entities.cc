#include "common/html_entities.h"

#include <algorithm>
#include <cstring>

namespace byline {

std::optional<std::string_view> html_entity(std::string_view name) {
  using detail::HtmlEntity;
  const HtmlEntity* begin = detail::kHtmlEntities;
  const HtmlEntity* end = begin + detail::kHtmlEntityCount;
  const HtmlEntity* it = std::lower_bound(
      begin, end, name,
      [](const HtmlEntity& e, std::string_view n) { return std::string_view(e.name) < n; });
  if (it == end || std::string_view(it->name) != name) return std::nullopt;
  return std::string_view(it->utf8);
}

char32_t html_numeric_reference(char32_t cp) {
  static constexpr char16_t kCp1252[32] = {
      0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
      0x2039, 0x0152, 0xFFFD, 0x017D, 0xFFFD, 0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
      0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0xFFFD, 0x017E, 0x0178};
  return cp >= 0x80 && cp <= 0x9F ? kCp1252[cp - 0x80] : cp;
}

}  // namespace byline
