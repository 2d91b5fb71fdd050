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

namespace {

// `none`: what to print when `hits` is empty ("" for nothing).
void print_text_hits(const std::vector<Hit>& hits, bool with_why, const std::string& heading,
                     int offset, const std::string& none) {
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
  if (hits.empty() && !none.empty()) std::cout << none << '\n';
}

nlohmann::json hits_to_json(const std::vector<Hit>& hits, bool with_why) {
  nlohmann::json arr = nlohmann::json::array();
  for (const auto& h : hits) arr.push_back(hit_to_json(h, with_why));
  return arr;
}

}  // namespace

void print_related(const std::vector<Hit>& hits, Format format, const std::string& heading) {
  if (format == Format::kJson) {
    print_json({{"results", hits_to_json(hits, true)}}, format);
  } else if (format == Format::kJsonl) {
    for (const auto& h : hits) print_json(hit_to_json(h, true), format);
  } else {
    print_text_hits(hits, true, heading, 0, "(no related stories)");
  }
}

void print_search(const SearchResults& results, Format format, const std::string& heading,
                  int offset, bool facets) {
  if (format == Format::kJson) {
    nlohmann::json j = {{"results", hits_to_json(results.hits, false)},
                        {"total_estimate", results.total_estimate},
                        {"offset", offset},
                        {"warnings", nlohmann::json::array()}};
    for (const auto& w : results.warnings) j["warnings"].push_back(jstr(w));
    if (facets) {
      nlohmann::json sources = nlohmann::json::array();
      for (const Facet& f : results.sources)
        sources.push_back({{"value", jstr(f.value)}, {"count", f.count}});
      j["facets"] = {{"source", std::move(sources)}};
    }
    print_json(j, format);
    return;
  }
  for (const auto& w : results.warnings) std::cerr << "byline: warning: " << term(w) << '\n';
  if (format == Format::kJsonl) {
    for (const auto& h : results.hits) print_json(hit_to_json(h, false), format);
    return;
  }
  // A page past the matches, or --limit 0, is not "no results": the heading counts them.
  const std::string none = results.total_estimate == 0 ? "(no results)"
                           : offset > 0
                               ? "(no results from number " + std::to_string(offset + 1) + " on)"
                               : "";
  print_text_hits(results.hits, false, heading, offset, none);
  if (facets && !results.sources.empty()) {
    std::cout << (results.hits.empty() && none.empty() ? "" : "\n") << "Sources:";
    for (size_t i = 0; i < results.sources.size(); ++i)
      std::cout << (i ? " · " : " ") << term(results.sources[i].value) << " ("
                << results.sources[i].count << ')';
    std::cout << '\n';
  }
}

}  // namespace byline::cli
