// cli/output.h: the one output layer (text, json, jsonl share it, like notmuch's sprinter).
//
// JSON is always valid UTF-8 (invalid bytes become U+FFFD); terminal text never carries control
// characters from the data (escape sequences in a hostile title are stripped).
#pragma once

#include <chrono>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "byline/search.h"

namespace byline::cli {

enum class Format { kText, kJson, kJsonl };
Format parse_format(const std::string& name);

/// Text safe for a terminal: valid UTF-8, no control characters, no bidi overrides (line
/// breaks kept when `keep_newlines`, for an article's text).
std::string term(std::string_view s, bool keep_newlines = false);
/// `s` as a shell reads it back: as it is when it holds nothing the shell reads otherwise,
/// else in single quotes.
std::string shell_quote(const std::string& s);
/// A JSON string value from arbitrary bytes.
nlohmann::ordered_json jstr(std::string_view s);
/// Prints a JSON document (pretty for json, one line for jsonl) and a newline.
void print_json(const nlohmann::ordered_json& j, Format format);
/// "byline: warning: TEXT" on stderr, control characters stripped; nothing when `quiet` (-q).
void print_warning(const std::string& text, bool quiet);

/// Whether stdout shows bold: a terminal, not TERM=dumb (an editor's shell prints the escapes
/// as text), and no NO_COLOR (https://no-color.org) set to a value.
bool styled_stdout();
/// Whether a line on stderr may be redrawn in place (\r, erase): a terminal, not TERM=dumb,
/// and not --quiet.
bool redrawn_stderr(bool quiet);

/// How far a long command is (`index`, `rebuild`): one line on stderr, redrawn at most 4 times
/// a second, only when redrawn_stderr(); cleared at destruction.
class ProgressLine {
 public:
  explicit ProgressLine(bool quiet);
  ~ProgressLine() { clear(); }
  ProgressLine(const ProgressLine&) = delete;
  ProgressLine& operator=(const ProgressLine&) = delete;
  bool enabled() const { return enabled_; }
  /// Redraws the line with `text()` unless it was drawn less than 250 ms ago (`force`: at once).
  void show(const std::function<std::string()>& text, bool force = false);
  /// Erases the line (before a summary or an error is printed).
  void clear();

 private:
  const bool enabled_;
  bool drawn_ = false;
  std::chrono::steady_clock::time_point drawn_at_{};
};

/// Prints related() stories: {"results": [...]} (json), one hit a line (jsonl), or a readable
/// list under `heading`.
void print_related(const std::vector<Hit>& hits, Format format, const std::string& heading);
/// Prints search() results as print_related() does; the json envelope adds total_estimate,
/// offset, warnings and, with `facets`, the sources' counts (jsonl prints hits only). In text,
/// warnings go to stderr as `byline: warning: ...` and the sources follow the list.
void print_search(const SearchResults& results, Format format, const std::string& heading,
                  int offset, bool facets, bool quiet = false);

}  // namespace byline::cli
