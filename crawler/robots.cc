// crawler/robots.cc: a small RFC 9309 robots.txt matcher.
#include "crawler/robots.h"

#include "common/text.h"
#include "crawler/url.h"

namespace byline::crawler {
namespace {

// Matches `pattern` (with '*' wildcards and an optional final '$') against a prefix of `path`.
bool matches(std::string_view pattern, std::string_view path) {
  bool anchored = !pattern.empty() && pattern.back() == '$';
  if (anchored) pattern.remove_suffix(1);
  // Iterative wildcard match with backtracking to the last '*': linear-ish, no recursion, so a
  // hostile pattern cannot blow the stack.
  size_t p = 0, s = 0, star = std::string_view::npos, mark = 0;
  while (s < path.size()) {
    if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      mark = s;
    } else if (p < pattern.size() && pattern[p] == path[s]) {
      ++p;
      ++s;
    } else if (p == pattern.size() && !anchored) {
      return true;  // the pattern is a prefix of the path
    } else if (star != std::string_view::npos) {
      p = star + 1;
      s = ++mark;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

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
