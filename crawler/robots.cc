// crawler/robots.cc: a small RFC 9309 robots.txt matcher.
#include "crawler/robots.h"

#include <vector>

#include "common/text.h"
#include "crawler/url.h"

namespace byline::crawler {
namespace {

// Leftmost occurrence of `needle` (non-empty) in `hay` at or after `from`, or npos. Knuth-Morris-
// Pratt, so the search is linear in both: a naive find is O(|hay| x |needle|) on "aaa...b".
size_t find_linear(std::string_view hay, std::string_view needle, size_t from) {
  std::vector<size_t> fail(needle.size(), 0);
  for (size_t i = 1, k = 0; i < needle.size(); ++i) {
    while (k > 0 && needle[i] != needle[k]) k = fail[k - 1];
    if (needle[i] == needle[k]) ++k;
    fail[i] = k;
  }
  for (size_t i = from, k = 0; i < hay.size(); ++i) {
    while (k > 0 && hay[i] != needle[k]) k = fail[k - 1];
    if (hay[i] == needle[k]) ++k;
    if (k == needle.size()) return i + 1 - k;
  }
  return std::string_view::npos;
}

// Matches `pattern` (with '*' wildcards and an optional final '$') against a prefix of `path`.
// With '*' the only wildcard, taking each literal piece at its leftmost place after the previous
// one is exact, so no backtracking: O(|path| + |pattern|) per rule (it was O(|path| x |pattern|),
// 15 s a page on a hostile robots.txt).
bool matches(std::string_view pattern, std::string_view path) {
  bool anchored = !pattern.empty() && pattern.back() == '$';
  if (anchored) pattern.remove_suffix(1);
  size_t star = pattern.find('*');
  if (star == std::string_view::npos)
    return anchored ? path == pattern : path.substr(0, pattern.size()) == pattern;
  if (path.substr(0, star) != pattern.substr(0, star)) return false;
  size_t pos = star;
  std::string_view rest = pattern.substr(star + 1);
  for (;;) {
    size_t next = rest.find('*');
    std::string_view piece = rest.substr(0, next);
    if (next == std::string_view::npos) {  // the last piece
      if (anchored)
        return path.size() - pos >= piece.size() &&
               path.substr(path.size() - piece.size()) == piece;
      return piece.empty() || find_linear(path, piece, pos) != std::string_view::npos;
    }
    if (!piece.empty()) {
      size_t at = find_linear(path, piece, pos);
      if (at == std::string_view::npos) return false;
      pos = at + piece.size();
    }
    rest = rest.substr(next + 1);
  }
}

// Longer rules are ignored, not cut: a cut Disallow widens ("/*a...ab" cut to "/*a...a" blocks
// what the site never named), and no real rule is this long (Google's parser stops at 16 KiB lines;
// a path matching 2 KiB of literal pattern is not an article's).
constexpr size_t kMaxPatternBytes = 2048;
// Paths are judged on their first 8 KiB (servers refuse longer request lines: Apache 8190, nginx
// 8 KiB; a "$" rule then sees the cut end), so a page costs at most rules x 10 KiB of matching
// whatever its link says.
constexpr size_t kMaxPathBytes = 8192;

}  // namespace

RobotsRules RobotsRules::disallow_all() {
  RobotsRules r;
  r.rules_.push_back({"/", false});
  return r;
}

RobotsRules RobotsRules::parse(std::string_view text, std::string_view agent_in) {
  const std::string agent = to_lower_ascii(agent_in);
  std::vector<Rule> mine, star;
  bool have_mine = false;
  // State of the group being read: which user agents it names, and whether rules started.
  bool group_mine = false, group_star = false, in_rules = false;
  size_t lines = 0;
  while (!text.empty() && ++lines < 100'000) {
    size_t nl = text.find_first_of("\r\n");
    std::string_view line = text.substr(0, nl);
    text = nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
    if (size_t hash = line.find('#'); hash != std::string_view::npos) line = line.substr(0, hash);
    size_t colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    std::string key = to_lower_ascii(trim(line.substr(0, colon)));
    std::string value(trim(line.substr(colon + 1)));
    if (key == "user-agent") {
      if (in_rules) {  // a user-agent after rules opens a new group
        group_mine = group_star = false;
        in_rules = false;
      }
      std::string ua = to_lower_ascii(value);
      if (ua == "*")
        group_star = true;
      else if (!agent.empty() && ua == agent)
        group_mine = have_mine = true;
    } else if (key == "allow" || key == "disallow") {
      in_rules = true;
      if (value.empty()) continue;  // "Disallow:" allows everything
      if (value.size() > kMaxPatternBytes) continue;
      Rule r{value, key == "allow"};
      if (group_mine) mine.push_back(r);
      if (group_star) star.push_back(r);
    }
  }
  RobotsRules out;
  out.rules_ = have_mine ? std::move(mine) : std::move(star);
  return out;
}

bool RobotsRules::allowed(std::string_view path) const {
  if (path == "/robots.txt") return true;
  path = path.substr(0, kMaxPathBytes);
  size_t best = 0;
  bool verdict = true;
  bool any = false;
  for (const Rule& r : rules_) {
    if (!matches(r.pattern, path)) continue;
    size_t len = r.pattern.size();
    if (!any || len > best || (len == best && r.allow && !verdict)) {
      best = len;
      verdict = r.allow;
      any = true;
    }
  }
  return verdict;
}

std::string robots_url_for(const std::string& url) {
  auto parts = parse_url(url);
  if (!parts || (parts->scheme != "http" && parts->scheme != "https")) return {};
  auto robots = resolve_url(parts->url, "/robots.txt");
  return robots ? *robots : std::string();
}

std::string product_token(std::string_view user_agent) {
  std::string_view ua = trim(user_agent);
  size_t end = ua.find_first_of("/ ");
  return to_lower_ascii(ua.substr(0, end));
}

}  // namespace byline::crawler
