// crawler/robots.h: robots.txt (RFC 9309) for article pages.
//
// Groups are chosen by product token (ours is "byline"), falling back to "*"; within the group the
// longest matching Allow/Disallow path wins, Allow on a tie; "*" and a final "$" are wildcards.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace byline::crawler {

class RobotsRules {
 public:
  /// Everything allowed (no robots.txt, or a 4xx for it).
  static RobotsRules allow_all() { return RobotsRules(); }
  /// Nothing allowed (robots.txt unreachable: RFC 9309 says assume complete disallow).
  static RobotsRules disallow_all();
  /// Parses robots.txt for the user agent whose product token is `agent` ("byline").
  static RobotsRules parse(std::string_view robots_txt, std::string_view agent);

  /// Whether `path` (path and query, starting with "/") may be fetched.
  bool allowed(std::string_view path) const;

 private:
  struct Rule {
    std::string pattern;
    bool allow = false;
  };
  std::vector<Rule> rules_;
};

/// "/robots.txt" URL of the origin of an http(s) URL; empty for other schemes or bad URLs.
std::string robots_url_for(const std::string& url);

/// Product token from a User-Agent string: "byline/0.1 (+...)" -> "byline".
std::string product_token(std::string_view user_agent);

}  // namespace byline::crawler
