#include "common/text.h"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstring>

#include "common/charset.h"
#include "common/html_entities.h"

namespace byline {

namespace {
constexpr uint32_t kReplacement = 0xFFFD;
}

uint32_t next_code_point(std::string_view s, size_t& i) {
  const auto b0 = static_cast<unsigned char>(s[i]);
  if (b0 < 0x80) {
    ++i;
    return b0;
  }
  int len;
  uint32_t cp;
  uint32_t min;
  if ((b0 & 0xE0) == 0xC0) {
    len = 2, cp = b0 & 0x1F, min = 0x80;
  } else if ((b0 & 0xF0) == 0xE0) {
    len = 3, cp = b0 & 0x0F, min = 0x800;
  } else if ((b0 & 0xF8) == 0xF0) {
    len = 4, cp = b0 & 0x07, min = 0x10000;
  } else {
    ++i;
    return kReplacement;
  }
  if (i + len > s.size()) {
    ++i;
    return kReplacement;
  }
  for (int k = 1; k < len; ++k) {
    const auto b = static_cast<unsigned char>(s[i + k]);
    if ((b & 0xC0) != 0x80) {
      ++i;
      return kReplacement;
    }
    cp = (cp << 6) | (b & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
    ++i;
    return kReplacement;
  }
  i += len;
  return cp;
}

void append_utf8(std::string& out, uint32_t cp) {
  if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = kReplacement;
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

bool is_valid_utf8(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    // ASCII eight bytes at a time: a page's markup is nearly all of it, and this reads whole
    // pages (a charset's check).
    for (uint64_t eight; i + 8 <= s.size(); i += 8) {
      std::memcpy(&eight, s.data() + i, 8);
      if (eight & 0x8080808080808080ULL) break;
    }
    if (i >= s.size()) break;
    const size_t start = i;
    const uint32_t cp = next_code_point(s, i);
    // A genuine U+FFFD is three bytes; a replacement for an error advanced one.
    if (cp == kReplacement && i - start != 3) return false;
  }
  return true;
}

std::string sanitize_utf8(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  size_t i = 0;
  while (i < s.size()) {
    // Runs of ASCII other than NUL are copied whole: most text is nothing else.
    size_t run = i;
    while (run < s.size() && static_cast<unsigned char>(s[run]) - 1u < 0x7Fu) ++run;
    out.append(s, i, run - i);
    i = run;
    if (i == s.size()) break;
    if (s[i] == '\0') {
      ++i;
    } else {
      append_utf8(out, next_code_point(s, i));
    }
  }
  return out;
}

std::string strip_controls(std::string_view s, bool keep_newlines) {
  std::string out;
  out.reserve(s.size());
  size_t i = 0;
  while (i < s.size()) {
    // Runs of printable ASCII are copied whole: whole articles go through here.
    size_t run = i;
    while (run < s.size() && static_cast<unsigned char>(s[run]) - 0x20u < 0x5Fu) ++run;
    out.append(s, i, run - i);
    i = run;
    if (i == s.size()) break;
    const uint32_t cp = next_code_point(s, i);
    if (cp == '\n' && keep_newlines) {
      out += '\n';
    } else if ((cp >= '\t' && cp <= '\r') || cp == 0x85) {  // 0x85: NEL, a line end
      out += ' ';  // tab, line feed, vertical tab, form feed, carriage return
    } else if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0)) {
      continue;  // ESC, BEL, CSI and friends never reach a terminal
    } else {
      append_utf8(out, cp);
    }
  }
  return out;
}

std::string for_terminal(std::string_view s, bool keep_newlines) {
  std::string out = strip_controls(s, keep_newlines);
  // Bidirectional embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069) would
  // reorder what follows them on the line: a title could make a result's id or URL read
  // backwards. Their UTF-8 all start E2 80 or E2 81.
  if (out.find("\xE2\x80") == std::string::npos && out.find("\xE2\x81") == std::string::npos)
    return out;
  std::string kept;
  kept.reserve(out.size());
  for (size_t i = 0; i < out.size(); ++i) {
    if (i + 2 < out.size() && out[i] == '\xE2') {
      const auto b1 = static_cast<unsigned char>(out[i + 1]),
                 b2 = static_cast<unsigned char>(out[i + 2]);
      if ((b1 == 0x80 && b2 >= 0xAA && b2 <= 0xAE) || (b1 == 0x81 && b2 >= 0xA6 && b2 <= 0xA9)) {
        i += 2;
        continue;
      }
    }
    kept += out[i];
  }
  return kept;
}

namespace {
bool is_unicode_space(uint32_t cp) {
  return cp == ' ' || (cp >= 0x09 && cp <= 0x0D) || cp == 0x85 || cp == 0xA0 || cp == 0x1680 ||
         (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 || cp == 0x2029 || cp == 0x202F ||
         cp == 0x205F || cp == 0x3000;
}
}  // namespace

void drop_xml_nonchars(std::string& s) {
  for (const char* nonchar : {"\xEF\xBF\xBE", "\xEF\xBF\xBF"})
    for (size_t at = s.find(nonchar); at != std::string::npos; at = s.find(nonchar, at))
      s.erase(at, 3);
}

std::string one_line(std::string_view s) {
  // U+FFFE and U+FFFF too, which no XML may hold: a name kept with them was written to an
  // OPML export without them, so the export read back differed (audit, session 44).
  std::string clean = strip_controls(s);
  drop_xml_nonchars(clean);
  return collapse_whitespace(clean);
}

bool zero_width_splits(uint32_t cp) {
  return (cp >= 0x0E00 && cp <= 0x0FFF) ||  // Thai, Lao, Tibetan
         (cp >= 0x1000 && cp <= 0x109F) ||  // Myanmar
         (cp >= 0x1780 && cp <= 0x17FF) ||  // Khmer
         (cp >= 0x19E0 && cp <= 0x19FF) ||  // Khmer symbols
         (cp >= 0x1A20 && cp <= 0x1AAF) ||  // Tai Tham
         (cp >= 0xA9E0 && cp <= 0xA9FF) ||  // Myanmar extended B
         (cp >= 0xAA60 && cp <= 0xAA7F);    // Myanmar extended A
}

uint32_t last_code_point(std::string_view s) {
  if (s.empty()) return 0;
  size_t i = s.size() - 1;
  while (i > 0 && s.size() - i < 4 && (static_cast<unsigned char>(s[i]) & 0xC0) == 0x80) --i;
  return next_code_point(s, i);
}

bool strip_invisible(std::string& s) {
  size_t out = 0;
  for (size_t i = 0; i < s.size();) {
    const auto at = [&](size_t k) { return static_cast<unsigned char>(s[i + k]); };
    const size_t left = s.size() - i;
    size_t skip = 0;
    if ((at(0) < 0x20 && at(0) != '\n' && at(0) != '\t' && at(0) != '\r') || at(0) == 0x7F) {
      skip = 1;  // C0 controls and DEL
    } else if (at(0) == 0xC2 && left > 1 && (at(1) == 0xAD || (at(1) >= 0x80 && at(1) <= 0x9F))) {
      if (at(1) == 0x85) {  // NEL is a line break: a space, not a join
        s[out++] = ' ';
        i += 2;
        continue;
      }
      skip = 2;  // the soft hyphen and the C1 controls
    } else if (at(0) == 0xE2 && left > 2 && at(1) == 0x80 && at(2) == 0x8B &&
               zero_width_splits(last_code_point(std::string_view(s).substr(0, out)))) {
      s[out++] = ' ';  // a word break of a script written without spaces
      i += 3;
      continue;
    } else if (at(0) == 0xE2 && left > 2 &&
               ((at(1) == 0x81 && at(2) == 0xA0) || (at(1) == 0x80 && at(2) == 0x8B))) {
      skip = 3;  // word joiner, zero-width space
    } else if (at(0) == 0xEF && left > 2 && at(1) == 0xBB && at(2) == 0xBF) {
      skip = 3;  // byte order mark
    }
    if (skip) {
      i += skip;
      continue;
    }
    s[out++] = s[i++];
  }
  const bool changed = out != s.size();
  s.resize(out);
  return changed;
}

size_t edit_distance(const std::string& a, const std::string& b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diag = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      const size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diag = up;
    }
  }
  return row[b.size()];
}

std::string collapse_whitespace(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  bool pending_space = false;
  size_t i = 0;
  while (i < s.size()) {
    const auto b = static_cast<unsigned char>(s[i]);
    uint32_t cp;
    if (b < 0x80) {
      cp = b;
      ++i;
    } else {
      cp = next_code_point(s, i);
    }
    if (is_unicode_space(cp)) {
      pending_space = !out.empty();
      continue;
    }
    // A zero-width space (a break opportunity CMSs put in long URLs and names) or a BOM joins
    // what it splits: "https://\u200Bexample.\u200Bcom" is one address.
    if (cp == 0x200B || cp == 0xFEFF) {
      if (cp == 0x200B && !pending_space && zero_width_splits(last_code_point(out)))
        pending_space = true;
      continue;
    }
    if (pending_space) out += ' ';
    pending_space = false;
    append_utf8(out, cp);
  }
  return out;
}

std::string_view trim(std::string_view s) {
  const auto ws = [](char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
  };
  while (!s.empty() && ws(s.front())) s.remove_prefix(1);
  while (!s.empty() && ws(s.back())) s.remove_suffix(1);
  return s;
}

std::string to_lower_ascii(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool iequals_ascii(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

bool starts_with_icase(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && iequals_ascii(s.substr(0, prefix.size()), prefix);
}

bool in_list(std::string_view s, std::initializer_list<std::string_view> list) {
  for (std::string_view x : list)
    if (x == s) return true;
  return false;
}

std::vector<std::string> split(std::string_view s, char sep) {
  std::vector<std::string> out;
  size_t start = 0;
  while (true) {
    const size_t pos = s.find(sep, start);
    out.emplace_back(s.substr(start, pos == std::string_view::npos ? s.npos : pos - start));
    if (pos == std::string_view::npos) break;
    start = pos + 1;
  }
  return out;
}

size_t count_words(std::string_view s) {
  size_t n = 0;
  bool in_word = false;
  for (char c : s) {
    const bool space = c == ' ' || c == '\n' || c == '\t' || c == '\r';
    if (!space && !in_word) ++n;
    in_word = !space;
  }
  return n;
}

bool cut_json_strings(std::string_view text, size_t max, std::string* out) {
  bool cut = false;
  size_t copied = 0;  // text[0, copied) is in `out`
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '"') continue;
    const size_t start = i + 1;
    size_t end = start;  // the closing quote
    while (end < text.size() && text[end] != '"') end += text[end] == '\\' ? 2 : 1;
    if (end >= text.size()) break;
    i = end;
    if (end - start <= max) continue;
    size_t at = start, keep = start;  // keep: the last place a cut may be made
    while (at < end) {
      size_t step = 1;
      if (text[at] == '\\') {
        step = text.substr(at + 1, 1) == "u" ? 6 : 2;
        // A high surrogate escape and the low one after it make one character.
        if (step == 6 && at + 12 <= end && (text[at + 2] == 'd' || text[at + 2] == 'D') &&
            std::string_view("89abAB").find(text[at + 3]) != std::string_view::npos &&
            text[at + 6] == '\\')
          step = 12;
      } else if ((static_cast<unsigned char>(text[at]) & 0xC0) == 0xC0) {
        step = 1;  // a lead byte: its continuation bytes follow
        while (at + step < end && (static_cast<unsigned char>(text[at + step]) & 0xC0) == 0x80)
          ++step;
      }
      if (at + step > end || at + step - start > max) break;
      at += step;
      keep = at;
    }
    if (!cut) out->clear();
    cut = true;
    out->append(text.substr(copied, keep - copied));
    copied = end;  // from the closing quote on
  }
  if (!cut) return false;
  out->append(text.substr(copied));
  return true;
}

std::string truncate_utf8(std::string_view s, size_t max_bytes) {
  if (s.size() <= max_bytes) return std::string(s);
  size_t cut = max_bytes;
  while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
  std::string out(s.substr(0, cut));
  out += "\xE2\x80\xA6";
  return out;
}

size_t json_value_count(std::string_view s, int max_depth) {
  int depth = 0;
  size_t values = 1;
  bool in_string = false;
  for (size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (in_string) {
      if (c == '\\')
        ++i;
      else if (c == '"')
        in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '{' || c == '[') {
      if (++depth > max_depth) return SIZE_MAX;
      ++values;
    } else if (c == '}' || c == ']') {
      --depth;
    } else if (c == ',') {
      ++values;
    }
  }
  return values;
}

bool is_binary_data(std::string_view b) {
  if (!looks_binary(b)) return false;
  const std::string_view head = b.substr(0, 8192);
  size_t controls = 0;
  for (unsigned char c : head)
    controls += (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f') || c == 0x7f;
  return controls * 20 > head.size();
}

int utf16_order(std::string_view b) {
  if (b.starts_with("\xFF\xFE") && !b.starts_with(std::string_view("\xFF\xFE\0\0", 4))) return 2;
  if (b.starts_with("\xFE\xFF")) return 1;
  const std::string_view head = b.substr(0, 512);
  if (head.size() < 8) return 0;
  size_t even = 0, odd = 0;  // NULs at even and at odd offsets
  for (size_t i = 0; i < head.size(); ++i)
    if (head[i] == '\0') ++(i % 2 ? odd : even);
  const size_t half = head.size() / 2;
  if (odd * 10 >= half * 9 && even == 0) return 2;  // "a\0b\0": ASCII, little-endian
  if (even * 10 >= half * 9 && odd == 0) return 1;
  return 0;
}

std::string windows1252_to_utf8(std::string_view s) {
  std::string out;
  out.reserve(s.size() + s.size() / 8);
  for (unsigned char c : s) {
    if (c < 0x80)
      out += static_cast<char>(c);
    else
      append_utf8(out, html_numeric_reference(c));  // 0x80-0x9F by the table, Latin-1 above
  }
  return out;
}

std::string text_to_utf8(std::string_view b, bool* decoded) {
  if (decoded) *decoded = false;
  if (b.starts_with("\xEF\xBB\xBF")) b.remove_prefix(3);
  if (const int order = utf16_order(b)) {
    if (decoded) *decoded = true;
    if (b.starts_with("\xFF\xFE") || b.starts_with("\xFE\xFF")) b.remove_prefix(2);
    std::string out;
    out.reserve(b.size());
    for (size_t i = 0; i + 1 < b.size(); i += 2) {
      const auto at = [&b, order](size_t k) -> uint32_t {
        const auto lo = static_cast<unsigned char>(b[k]), hi = static_cast<unsigned char>(b[k + 1]);
        return order == 2 ? lo | hi << 8 : hi | lo << 8;
      };
      uint32_t cp = at(i);
      if (cp >= 0xD800 && cp <= 0xDBFF && i + 3 < b.size()) {
        const uint32_t low = at(i + 2);
        if (low >= 0xDC00 && low <= 0xDFFF) {
          cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
          i += 2;
        }
      }
      append_utf8(out, cp >= 0xD800 && cp <= 0xDFFF ? 0xFFFD : cp);  // a lone surrogate
    }
    return out;
  }
  // UTF-8 with some bad bytes (a file two editors wrote) stays UTF-8, those bytes U+FFFD:
  // read as windows-1252, its every accent would be two characters.
  size_t good = 0, bad = 0;  // multibyte sequences, and bytes that begin none
  for (size_t i = 0; i < b.size();) {
    const size_t at = i;
    if (static_cast<unsigned char>(b[i]) < 0x80) {
      ++i;
      continue;
    }
    next_code_point(b, i);
    ++(i - at == 1 ? bad : good);
  }
  if (bad == 0) return std::string(b);
  if (decoded) *decoded = true;
  // A text in a legacy charset of its language (Japanese, Chinese, Korean, Cyrillic, Greek,
  // Central European: guess_legacy_charset()), as ICU's detector reads it (East Asian byte
  // pairs are often valid UTF-8 by chance: "\xd0\xbe" is "о").
  if (const std::string legacy = guess_legacy_charset(b); !legacy.empty()) {
    std::string out;
    if (transcode_to_utf8(b, legacy, out)) return out;
  }
  // Else any real UTF-8 character, and stray bytes no more than four to one (a file cut mid-
  // character, cp1252 quotes pasted in): Latin legacy bytes form one only by chance.
  if (good > 0 && bad <= 4 * good) return sanitize_utf8(b);
  return windows1252_to_utf8(b);
}

bool looks_binary(std::string_view b) {
  const std::string_view head = b.substr(0, 8192);
  if (head.find('\0') == std::string_view::npos) return false;
  if (utf16_order(head)) return false;  // text, in UTF-16
  for (std::string_view wide : {std::string_view("\xFF\xFE"), std::string_view("\xFE\xFF"),
                                std::string_view("\0\0\xFE\xFF", 4), std::string_view("<\0", 2),
                                std::string_view("\0<", 2), std::string_view("\0\0\0<", 4)})
    if (head.starts_with(wide)) return false;
  return true;
}

std::string repair_json(std::string_view s) {
  auto hex4 = [&s](size_t at) -> int {
    if (at + 4 > s.size()) return -1;
    int v = 0;
    for (size_t k = at; k < at + 4; ++k) {
      const char c = s[k];
      const int d = c >= '0' && c <= '9'   ? c - '0'
                    : c >= 'a' && c <= 'f' ? c - 'a' + 10
                    : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                           : -1;
      if (d < 0) return -1;
      v = v * 16 + d;
    }
    return v;
  };
  std::string out;
  out.reserve(s.size());
  bool in_string = false;
  for (size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (in_string) {
      if (c == '\\' && i + 1 < s.size()) {
        if (s[i + 1] == 'u') {
          const int v = hex4(i + 2);
          const bool high = v >= 0xD800 && v <= 0xDBFF, low = v >= 0xDC00 && v <= 0xDFFF;
          const bool paired = high && i + 7 < s.size() && s[i + 6] == '\\' && s[i + 7] == 'u' &&
                              hex4(i + 8) >= 0xDC00 && hex4(i + 8) <= 0xDFFF;
          if (paired) {
            out.append(s.substr(i, 12));
            i += 11;
            continue;
          }
          if (high || low) {
            out += "\\uFFFD";
            i += 5;
            continue;
          }
        }
        out += c;
        out += s[++i];
        continue;
      }
      if (c == '"') in_string = false;
      out += c == '\n' || c == '\r' || c == '\t' ? ' ' : c;
      continue;
    }
    if (c == '"') in_string = true;
    if (c == ',') {
      size_t k = i + 1;
      while (k < s.size() && std::isspace(static_cast<unsigned char>(s[k]))) ++k;
      if (k < s.size() && (s[k] == ']' || s[k] == '}')) continue;
    }
    out += c;
  }
  return out;
}

}  // namespace byline
