#include "cli/output.h"

#include <unistd.h>

#include <cstdio>
#include <iostream>

#include "common/datetime.h"
#include "common/text.h"

namespace byline::cli {

Format parse_format(const std::string& name) {
  if (name == "json") return Format::kJson;
  if (name == "jsonl") return Format::kJsonl;
  return Format::kText;
}

std::string term(std::string_view s) { return strip_controls(s); }

nlohmann::json jstr(std::string_view s) { return sanitize_utf8(s); }

void print_json(const nlohmann::json& j, Format format) {
  std::cout << j.dump(format == Format::kJson ? 2 : -1, ' ', false,
                      nlohmann::json::error_handler_t::replace)
            << '\n';
}

nlohmann::json hit_to_json(const Hit& h, bool with_why) {
  nlohmann::json j;
  j["id"] = jstr(h.id);
  j["title"] = jstr(h.title);
  j["url"] = jstr(h.url);
  j["source"] = jstr(h.source);
  j["published"] =
      h.published ? nlohmann::json(format_iso8601(*h.published)) : nlohmann::json(nullptr);
  j["score"] = h.score;
  if (!h.snippet.empty()) j["snippet"] = jstr(h.snippet);
  if (h.copies > 0) j["copies"] = h.copies;
  if (with_why) {
    nlohmann::json why = nlohmann::json::array();
    for (const auto& w : h.why) why.push_back(jstr(w));
    j["why"] = std::move(why);
  }
  return j;
}

void print_hits(const std::vector<Hit>& hits, Format format, bool with_why,
                const std::string& heading, uint64_t total, int offset,
                const std::vector<std::string>& warnings) {
  if (format == Format::kJson) {
    nlohmann::json arr = nlohmann::json::array();
    for (const auto& h : hits) arr.push_back(hit_to_json(h, with_why));
    nlohmann::json j = {{"results", std::move(arr)}};
    if (!with_why) {
      j["total_estimate"] = total, j["offset"] = offset;
      j["warnings"] = nlohmann::json::array();
      for (const auto& w : warnings) j["warnings"].push_back(jstr(w));
    }
    print_json(j, format);
    return;
  }
  for (const auto& w : warnings) std::cerr << "byline: warning: " << term(w) << '\n';
  if (format == Format::kJsonl) {
    for (const auto& h : hits) print_json(hit_to_json(h, with_why), format);
    return;
  }
  const bool tty = isatty(STDOUT_FILENO);
  if (!heading.empty()) std::cout << heading << "\n\n";
  int n = offset;
  for (const auto& h : hits) {
    ++n;
    std::cout << n << ". " << (tty ? "\033[1m" : "") << term(h.title) << (tty ? "\033[0m" : "")
              << '\n';
    std::cout << "   " << term(h.source);
    if (h.published) std::cout << " · " << format_iso8601(*h.published).substr(0, 10);
    std::cout << " · " << term(h.id);
    if (h.copies > 0)
      std::cout << " · " << h.copies << (h.copies == 1 ? " more copy" : " more copies");
    std::cout << '\n';
    if (!h.url.empty()) std::cout << "   " << term(h.url) << '\n';
    if (!h.snippet.empty()) std::cout << "   " << term(h.snippet) << '\n';
    if (with_why && !h.why.empty()) {
      std::cout << "   why: ";
      for (size_t i = 0; i < h.why.size(); ++i) std::cout << (i ? ", " : "") << term(h.why[i]);
      std::cout << '\n';
    }
  }
  if (hits.empty()) std::cout << "(no results)\n";
}

}  // namespace byline::cli
