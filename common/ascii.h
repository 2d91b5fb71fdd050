// common/ascii.h: ASCII character classes without the C library's locale lookups (hot loops in
// the feed and URL parsers), and markup escaping.
#pragma once

#include <string>
#include <string_view>

namespace byline {

inline bool a_alpha(unsigned char c) { return ((c | 0x20) >= 'a' && (c | 0x20) <= 'z'); }
inline bool a_digit(unsigned char c) { return c >= '0' && c <= '9'; }
inline bool a_alnum(unsigned char c) { return a_alpha(c) || a_digit(c); }
inline bool a_space(unsigned char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }
inline bool a_xdigit(unsigned char c) {
  return a_digit(c) || ((c | 0x20) >= 'a' && (c | 0x20) <= 'f');
}

/// Appends `s` with &, < and > escaped; `"` too when `quotes` (attribute values), and newlines as
/// &#10; when `newlines` (attributes that must keep them through normalisation).
inline void append_markup_escaped(std::string& out, std::string_view s, bool quotes = false,
                                  bool newlines = false) {
  for (char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        if (quotes) {
          out += "&quot;";
          break;
        }
        out += c;
        break;
      case '\n':
        if (newlines) {
          out += "&#10;";
          break;
        }
        out += c;
        break;
      default:
        out += c;
    }
  }
}

}  // namespace byline
