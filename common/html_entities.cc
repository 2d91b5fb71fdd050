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

}  // namespace byline
