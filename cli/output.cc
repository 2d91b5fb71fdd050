#include "cli/output.h"

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <iostream>

#include "common/datetime.h"
#include "common/text.h"
#include "query/results_json.h"

namespace byline::cli {

Format parse_format(const std::string& name) {
  if (name == "json") return Format::kJson;
  if (name == "jsonl") return Format::kJsonl;
  return Format::kText;
}

std::string shell_quote(const std::string& s) {
  const bool plain = !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) ||
           std::string_view("_./:=@%+,-").find(c) != std::string_view::npos;
  });
  if (plain) return s;
  std::string out = "'";
  for (const char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

namespace {
bool dumb_terminal() {
  const char* t = std::getenv("TERM");
  return t != nullptr && std::string_view(t) == "dumb";
}
}  // namespace

bool styled_stdout() {
  const char* no_color = std::getenv("NO_COLOR");
  return isatty(STDOUT_FILENO) && !dumb_terminal() && (no_color == nullptr || *no_color == '\0');
}

bool redrawn_stderr(bool quiet) { return !quiet && isatty(STDERR_FILENO) && !dumb_terminal(); }

std::string term(std::string_view s, bool keep_newlines) { return for_terminal(s, keep_newlines); }

nlohmann::ordered_json jstr(std::string_view s) { return sanitize_utf8(s); }

void print_json(const nlohmann::ordered_json& j, Format format) {
  std::cout << j.dump(format == Format::kJson ? 2 : -1, ' ', false,
                      nlohmann::ordered_json::error_handler_t::replace)
            << '\n';
}

namespace {

// The hit's snippet for the terminal, the query's words in bold on a terminal.
std::string snippet_text(const Hit& h, bool tty) {
  if (!tty || h.highlights.empty()) return term(h.snippet);
  const std::string_view s = h.snippet;
  std::string out;
  size_t at = 0;
  for (const auto& [first, second] : h.highlights) {
    if (first < at || first >= second || second > s.size()) continue;
    out += term(s.substr(at, first - at)) + "\033[1m" + term(s.substr(first, second - first)) +
           "\033[0m";
    at = second;
  }
  return out + term(s.substr(at));
}

// `none`: what to print when `hits` is empty ("" for nothing).
void print_text_hits(const std::vector<Hit>& hits, bool with_why, const std::string& heading,
                     int offset, const std::string& none) {
  const bool tty = styled_stdout();
  if (!heading.empty()) std::cout << heading << "\n\n";
  int n = offset;
  for (const auto& h : hits) {
    ++n;
    std::cout << n << ". " << (tty ? "\033[1m" : "") << term(h.title) << (tty ? "\033[0m" : "")
              << '\n';
    // Source, date and id, each that there is, between separators (an article with no source
    // began the line with a dangling " · ").
    std::string line = term(h.source);
    if (h.published)
      line += (line.empty() ? "" : " · ") + format_iso8601(*h.published).substr(0, 10);
    line += (line.empty() ? "" : " · ") + term(h.id);
    std::cout << "   " << line;
    if (h.copies > 0)
      std::cout << " · " << h.copies << (h.copies == 1 ? " more copy" : " more copies");
    std::cout << '\n';
    if (!h.url.empty()) std::cout << "   " << term(h.url) << '\n';
    if (!h.snippet.empty()) std::cout << "   " << snippet_text(h, tty) << '\n';
    if (with_why && !h.why.empty()) {
      std::cout << "   why: ";
      for (size_t i = 0; i < h.why.size(); ++i) std::cout << (i ? ", " : "") << term(h.why[i]);
      std::cout << '\n';
    }
  }
  if (hits.empty() && !none.empty()) std::cout << none << '\n';
}

}  // namespace

void print_related(const std::vector<Hit>& hits, Format format, const std::string& heading) {
  if (format == Format::kJson) {
    print_json(related_json(hits), format);
  } else if (format == Format::kJsonl) {
    for (const auto& h : hits) print_json(hit_json(h, true), format);
  } else {
    print_text_hits(hits, true, heading, 0, "(no related stories)");
  }
}

void print_warning(const std::string& text, bool quiet) {
  if (!quiet) std::cerr << "byline: warning: " << term(text) << '\n';
}

void print_search(const SearchResults& results, Format format, const std::string& heading,
                  int offset, bool facets, bool quiet) {
  if (format == Format::kJson) {
    print_json(search_json(results, offset, facets), format);
    return;
  }
  for (const auto& w : results.warnings) print_warning(w, quiet);
  if (format == Format::kJsonl) {
    // Lines are hits only; the suggestion goes where warnings go.
    if (!results.suggestion.empty() && !quiet)
      std::cerr << "byline: did you mean: " << term(results.suggestion) << "?\n";
    for (const auto& h : results.hits) {
      // A line per hit has no place for the list's own note: each hit that has only some of
      // the query's words says so, as a program reading the lines cannot read stderr's words.
      nlohmann::ordered_json j = hit_json(h, false);
      if (results.some_words) j["some_words"] = true;
      print_json(j, format);
    }
    return;
  }
  // A page past the matches, or --limit 0, is not "no results": the heading counts them.
  const std::string none = results.total_estimate == 0 ? "(no results)"
                           : offset > 0
                               ? "(no results from number " + std::to_string(offset + 1) + " on)"
                               : "";
  print_text_hits(results.hits, false,
                  results.suggestion.empty() || quiet  // a hint, which -q leaves out
                      ? heading
                      : heading + "\nDid you mean: " + term(results.suggestion) + "?",
                  offset, none);
  if (facets && !results.sources.empty()) {
    std::cout << (results.hits.empty() && none.empty() ? "" : "\n") << "Sources:";
    for (size_t i = 0; i < results.sources.size(); ++i)
      std::cout << (i ? " · " : " ") << term(results.sources[i].value) << " ("
                << results.sources[i].count << ')';
    std::cout << '\n';
  }
}

ProgressLine::ProgressLine(bool quiet) : enabled_(redrawn_stderr(quiet)) {}

void ProgressLine::show(const std::function<std::string()>& text, bool force) {
  if (!enabled_) return;
  const auto now = std::chrono::steady_clock::now();
  if (!force && drawn_ && now - drawn_at_ < std::chrono::milliseconds(250)) return;
  drawn_at_ = now;
  drawn_ = true;
  std::cerr << "\r\033[K" << text() << std::flush;
}

void ProgressLine::clear() {
  if (drawn_) std::cerr << "\r\033[K" << std::flush;
  drawn_ = false;
}

}  // namespace byline::cli
