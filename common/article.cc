#include "byline/article.h"

#include <array>
#include <utility>

#include "common/text.h"

namespace byline {

namespace {
constexpr std::array<std::pair<SectionKind, std::string_view>, 9> kKindNames{{
    {SectionKind::kLead, "lead"},
    {SectionKind::kWhatsHappening, "whats_happening"},
    {SectionKind::kWhyImportant, "why_important"},
    {SectionKind::kWhatsNext, "whats_next"},
    {SectionKind::kKeyTakeaways, "key_takeaways"},
    {SectionKind::kBackground, "background"},
    {SectionKind::kAnalysis, "analysis"},
    {SectionKind::kQuotes, "quotes"},
    {SectionKind::kOther, "other"},
}};
}  // namespace

std::string_view to_string(SectionKind kind) {
  for (const auto& [k, name] : kKindNames)
    if (k == kind) return name;
  return "other";
}

std::optional<SectionKind> section_kind_from_string(std::string_view name) {
  for (const auto& [k, n] : kKindNames)
    if (n == name) return k;
  return std::nullopt;
}

std::string url_host(std::string_view url) {
  const size_t scheme = url.find("://");
  if (scheme == std::string_view::npos) return {};
  std::string_view rest = url.substr(scheme + 3);
  rest = rest.substr(0, rest.find_first_of("/?#"));
  if (const size_t at = rest.rfind('@'); at != std::string_view::npos) rest = rest.substr(at + 1);
  if (!rest.empty() && rest.front() == '[') {
    rest = rest.substr(0, rest.find(']') + 1);
  } else if (const size_t colon = rest.find(':'); colon != std::string_view::npos) {
    rest = rest.substr(0, colon);
  }
  std::string host = to_lower_ascii(rest);
  if (host.rfind("www.", 0) == 0) host.erase(0, 4);
  return host;
}

std::string Article::source() const { return site_name.empty() ? url_host(url) : site_name; }

std::string Article::body() const {
  std::string out;
  for (const auto& s : sections) {
    if (!out.empty()) out += "\n\n";
    if (!s.heading.empty()) {
      out += s.heading;
      if (!s.text.empty()) out += "\n\n";
    }
    out += s.text;
  }
  return out;
}

}  // namespace byline
