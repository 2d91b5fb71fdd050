#include "crawler/xml_recover.h"

#include <algorithm>
#include <cctype>
#include <cstring>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "common/ascii.h"
#include "common/html_entities.h"
#include "common/text.h"

namespace byline {

namespace {

bool name_start(unsigned char c) { return a_alpha(c) || c == '_' || c == ':' || c >= 0x80; }
bool name_char(unsigned char c) {
  return a_alnum(c) || c == '_' || c == ':' || c == '-' || c == '.' || c >= 0x80;
}

void append_numeric(std::string& out, std::string_view utf8) {
  size_t i = 0;
  while (i < utf8.size()) {
    const uint32_t cp = next_code_point(utf8, i);
    out += "&#";
    out += std::to_string(cp);
    out += ';';
  }
}

bool xml_char_ok(uint32_t cp) {
  return cp == 0x9 || cp == 0xA || cp == 0xD || (cp >= 0x20 && cp <= 0xD7FF) ||
         (cp >= 0xE000 && cp <= 0xFFFD) || (cp >= 0x10000 && cp <= 0x10FFFF);
}

// Internal entities may produce at most this much text per document.
constexpr size_t kEntityExpansionBudget = 1u << 20;

// Internal-subset general entities: <!ENTITY name "value">. Parameter and external entities are
// ignored. A value over 64 KiB, or past the document's budget of definitions, is `refused`: its
// references say "entity expansion limit" and expand to nothing (audit, session 48: a 5 KB one
// was "undefined", and its references were indexed as written).
void read_internal_subset(std::string_view subset,
                          std::unordered_map<std::string, std::string>& entities,
                          std::unordered_set<std::string>& refused) {
  size_t p = 0;
  size_t total = 0;
  while ((p = subset.find("<!ENTITY", p)) != std::string_view::npos) {
    p += 8;
    while (p < subset.size() && a_space(static_cast<unsigned char>(subset[p]))) ++p;
    if (p < subset.size() && subset[p] == '%') continue;  // parameter entity
    const size_t ns = p;
    while (p < subset.size() && name_char(static_cast<unsigned char>(subset[p]))) ++p;
    std::string name(subset.substr(ns, p - ns));
    while (p < subset.size() && a_space(static_cast<unsigned char>(subset[p]))) ++p;
    if (p >= subset.size() || (subset[p] != '"' && subset[p] != '\'')) continue;  // SYSTEM/PUBLIC
    const char q = subset[p++];
    const size_t close = subset.find(q, p);
    if (close == std::string_view::npos) break;
    std::string value(subset.substr(p, close - p));
    p = close + 1;
    total += value.size();
    // The first definition of a name is the one (XML 1.0 4.2), stored or refused.
    if (name.empty() || entities.count(name) || refused.count(name)) continue;
    if (value.size() > (64u << 10) || total > kEntityExpansionBudget) {
      refused.insert(std::move(name));
      continue;
    }
    entities.emplace(std::move(name), std::move(value));
  }
}

// Reads "&#N;" (decimal or hex) at s[i]; the value and the index after ';', or nullopt.
std::optional<std::pair<uint32_t, size_t>> numeric_reference(std::string_view s, size_t i) {
  if (s.compare(i, 2, "&#") != 0) return std::nullopt;
  size_t j = i + 2;
  const bool hex = j < s.size() && (s[j] == 'x' || s[j] == 'X');
  if (hex) ++j;
  const size_t ds = j;
  uint32_t v = 0;
  while (j < s.size() && j - ds < 8 &&
         (hex ? a_xdigit(static_cast<unsigned char>(s[j]))
              : a_digit(static_cast<unsigned char>(s[j])))) {
    const char d = s[j];
    v = v * (hex ? 16 : 10) + static_cast<uint32_t>(a_digit(static_cast<unsigned char>(d))
                                                        ? d - '0'
                                                        : (d | 0x20) - 'a' + 10);
    ++j;
  }
  if (j == ds || j >= s.size() || s[j] != ';') return std::nullopt;
  return std::make_pair(v, j + 1);
}

// A run of references to byte values that together form one valid multi-byte UTF-8 sequence:
// the code point and the index after the run.
std::optional<std::pair<uint32_t, size_t>> utf8_byte_references(std::string_view s, size_t i) {
  std::string bytes;
  size_t k = i;
  auto first = numeric_reference(s, k);
  if (!first) return std::nullopt;
  const uint32_t b0 = first->first;
  const size_t len = b0 >= 0xF0 ? 4 : b0 >= 0xE0 ? 3 : 2;
  bytes += static_cast<char>(b0);
  k = first->second;
  for (size_t m = 1; m < len; ++m) {
    auto r = numeric_reference(s, k);
    if (!r || r->first < 0x80 || r->first > 0xBF) return std::nullopt;
    bytes += static_cast<char>(r->first);
    k = r->second;
  }
  size_t pos = 0;
  const uint32_t cp = next_code_point(bytes, pos);
  if (pos != bytes.size() || cp == 0xFFFD) return std::nullopt;
  return std::make_pair(cp, k);
}

// Appends the replacement text of an internal entity value: '<' escaped, references to other
// internal entities expanded (depth and `budget` bounded), HTML names made numeric, the
// predefined and numeric references kept. False when a limit stopped the expansion.
bool expand_entity(std::string_view v, const std::unordered_map<std::string, std::string>& entities,
                   const std::unordered_set<std::string>& refused, int depth, size_t& budget,
                   std::string& out) {
  if (depth > 8) return false;
  // Every byte appended is charged, references kept as written included: an entity made of
  // 819 "&amp;" nested three deep is 7.6 GB of them.
  auto charge = [&](size_t before) {
    const size_t grown = out.size() - before;
    if (grown > budget) {
      out.resize(before);
      budget = 0;
      return false;
    }
    budget -= grown;
    return true;
  };
  for (size_t k = 0; k < v.size(); ++k) {
    if (budget == 0) return false;
    const size_t before = out.size();
    const char ch = v[k];
    if (ch == '<') {
      out += "&lt;";
      if (!charge(before)) return false;
      continue;
    }
    if (ch != '&') {
      out += ch;
      if (!charge(before)) return false;
      continue;
    }
    const size_t semi = v.find(';', k + 1);
    const std::string_view name =
        semi == std::string_view::npos ? std::string_view() : v.substr(k + 1, semi - k - 1);
    if (name.empty() || name[0] == '#' || name == "amp" || name == "lt" || name == "gt" ||
        name == "quot" || name == "apos") {
      if (name.empty()) {
        out += "&amp;";
        if (!charge(before)) return false;
        continue;
      }
      out.append(v.substr(k, semi - k + 1));
      if (!charge(before)) return false;
      k = semi;
      continue;
    }
    if (refused.count(std::string(name))) return false;  // over a cap: the limit, said
    if (auto it = entities.find(std::string(name)); it != entities.end()) {
      if (!expand_entity(it->second, entities, refused, depth + 1, budget, out)) return false;
    } else {
      if (auto text = html_entity(name)) {
        append_numeric(out, *text);
      } else {
        out += "&amp;";
        out.append(name);
        out += ';';
      }
      if (!charge(before)) return false;
    }
    k = semi;
  }
  return true;
}

}  // namespace

XmlPrepared prepare_xml(std::string_view s) {
  XmlPrepared r;
  std::string& out = r.text;
  out.reserve(s.size() + s.size() / 16 + 64);
  std::unordered_map<std::string, std::string> entities;
  std::unordered_set<std::string> refused;  // defined, but over a cap (read_internal_subset)
  size_t expanded = 0;                      // bytes produced by internal entities so far
  auto flag = [&](std::string problem) {
    if (r.well_formed) r.problem = std::move(problem);
    r.well_formed = false;
  };
  // Leading junk before the first '<' (a blank line before <?xml is common).
  size_t i = 0;
  while (i < s.size() && s[i] != '<') ++i;
  if (i > 0 && trim(s.substr(0, i)).size() > 0) flag("text before the root element");
  bool in_tag = false;
  char quote = 0;
  const size_t n = s.size();
  while (i < n) {
    // Runs without markup-significant characters are copied in bulk.
    {
      size_t j = i;
      if (!in_tag) {
        while (j < n && s[j] != '<' && s[j] != '&') ++j;
      } else if (quote) {
        while (j < n && s[j] != quote && s[j] != '<' && s[j] != '&') ++j;
      } else {
        while (j < n && s[j] != '>' && s[j] != '<' && s[j] != '&' && s[j] != '"' && s[j] != '\'')
          ++j;
      }
      if (j > i) {
        out.append(s.substr(i, j - i));
        i = j;
        if (i >= n) break;
      }
    }
    const char c = s[i];
    const char after = i + 1 < n ? s[i + 1] : '\0';
    if (c == '<' && !in_tag) {
      const bool special = after == '!' || after == '?';  // only then compare prefixes
      if (special && s.compare(i, 4, "<!--") == 0) {
        const size_t e = s.find("-->", i + 4);
        const size_t stop = e == std::string_view::npos ? n : e + 3;
        out.append(s.substr(i, stop - i));
        if (e == std::string_view::npos) out += "-->";
        i = stop;
        continue;
      }
      if (special && s.compare(i, 9, "<![CDATA[") == 0) {
        const size_t e = s.find("]]>", i + 9);
        const size_t stop = e == std::string_view::npos ? n : e + 3;
        out.append(s.substr(i, stop - i));
        if (e == std::string_view::npos) out += "]]>";
        i = stop;
        continue;
      }
      if (after == '?') {
        const size_t e = s.find("?>", i + 2);
        const size_t stop = e == std::string_view::npos ? n : e + 2;
        out.append(s.substr(i, stop - i));
        i = stop;
        continue;
      }
      if (special && (s.compare(i, 9, "<!DOCTYPE") == 0 || s.compare(i, 9, "<!doctype") == 0)) {
        // Dropped: pugixml is never given a DTD. Internal entities are expanded by us.
        size_t j = i + 9;
        r.doctype = std::string(s.substr(i, std::min<size_t>(256, n - i)));
        size_t bracket_open = std::string_view::npos;
        while (j < n && s[j] != '>' && s[j] != '[') ++j;
        if (j < n && s[j] == '[') {
          bracket_open = j;
          const size_t close = s.find("]", j);
          j = close == std::string_view::npos ? n : close;
          read_internal_subset(s.substr(bracket_open + 1, j - bracket_open - 1), entities, refused);
          while (j < n && s[j] != '>') ++j;
        }
        i = j < n ? j + 1 : n;
        continue;
      }
      const unsigned char next = i + 1 < n ? static_cast<unsigned char>(s[i + 1]) : 0;
      if (name_start(next) || next == '/' || next == '!') {
        in_tag = true;
        out += c;
        ++i;
        continue;
      }
      flag("bare '<' in text");
      out += "&lt;";
      ++i;
      continue;
    }
    if (in_tag) {
      if (quote) {
        if (c == quote)
          quote = 0;
        else if (c == '<') {
          out += "&lt;";
          ++i;
          continue;
        }
      } else if (c == '"' || c == '\'') {
        quote = c;
      } else if (c == '>') {
        in_tag = false;
      } else if (c == '<') {
        // A new tag before the previous one closed: the previous one was truncated.
        flag("unterminated tag");
        out += '>';
        in_tag = false;
        continue;
      }
      if (c != '&') {
        out += c;
        ++i;
        continue;
      }
    }
    if (c == '&') {
      size_t j = i + 1;
      if (j < n && s[j] == '#') {
        ++j;
        const bool hex = j < n && (s[j] == 'x' || s[j] == 'X');
        if (hex) ++j;
        const size_t ds = j;
        uint64_t cp = 0;
        while (j < n && (hex ? a_xdigit(static_cast<unsigned char>(s[j]))
                             : a_digit(static_cast<unsigned char>(s[j])))) {
          if (cp < 0x110000) {
            const char d = s[j];
            cp = cp * (hex ? 16 : 10) +
                 (a_digit(static_cast<unsigned char>(d)) ? d - '0' : (d | 0x20) - 'a' + 10);
          }
          ++j;
        }
        if (j > ds && j < n && s[j] == ';') {
          uint32_t v = static_cast<uint32_t>(cp);
          // Double-encoded text: UTF-8 bytes written one reference per byte (&#226;&#128;&#166;
          // for "…"). A complete, valid UTF-8 sequence of such references is decoded as one.
          if (cp >= 0xC2 && cp <= 0xF4) {
            if (auto seq = utf8_byte_references(s, i)) {
              out += "&#";
              out += std::to_string(seq->first);
              out += ';';
              i = seq->second;
              continue;
            }
          }
          // Windows-1252 code points written as references (&#150;) mean the cp1252 character.
          static const uint16_t kCp1252[32] = {
              0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
              0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0xFFFD, 0x017D, 0xFFFD,
              0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
              0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0xFFFD, 0x017E, 0x0178};
          if (v >= 0x80 && v <= 0x9F) v = kCp1252[v - 0x80];
          if (cp >= 0x110000 || !xml_char_ok(v)) {
            flag("invalid character reference");
            v = 0xFFFD;
          }
          out += "&#";
          out += std::to_string(v);
          out += ';';
          i = j + 1;
          continue;
        }
        flag("bare '&' in text");
        out += "&amp;";
        ++i;
        continue;
      }
      const size_t ns = j;
      while (j < n && j - ns < 40 && name_char(static_cast<unsigned char>(s[j]))) ++j;
      if (j > ns && j < n && s[j] == ';') {
        const std::string_view name = s.substr(ns, j - ns);
        if (name == "amp" || name == "lt" || name == "gt" || name == "quot" || name == "apos") {
          out.append(s.substr(i, j + 1 - i));
          i = j + 1;
          continue;
        }
        if (auto it = entities.find(std::string(name)); it != entities.end()) {
          // Internal entity: its value is character data here (markup in it is escaped), with
          // nested references expanded under a depth and size budget (no billion laughs).
          size_t budget = kEntityExpansionBudget - std::min(expanded, kEntityExpansionBudget);
          const size_t before = out.size();
          if (!expand_entity(it->second, entities, refused, 0, budget, out))
            flag("entity expansion limit");
          expanded += out.size() - before;
          i = j + 1;
          continue;
        }
        if (refused.count(std::string(name))) {
          flag("entity expansion limit");
          i = j + 1;
          continue;
        }
        if (auto text = html_entity(name)) {
          append_numeric(out, *text);
          i = j + 1;
          continue;
        }
        flag("undefined entity &" + std::string(name) + ";");
        out += "&amp;";
        ++i;
        continue;
      }
      flag("bare '&' in text");
      out += "&amp;";
      ++i;
      continue;
    }
    out += c;
    ++i;
  }
  if (in_tag) {
    flag("document ends inside a tag");
    // Drop the truncated tag entirely.
    const size_t lt = out.rfind('<');
    if (lt != std::string::npos) out.resize(lt);
  }
  return r;
}

namespace {

struct Attr {
  std::string name;
  std::string value;
};

void escape_attr(std::string& out, std::string_view v) {
  for (char c : v) {
    switch (c) {
      case '"':
        out += "&quot;";
        break;
      case '<':
        out += "&lt;";
        break;
      default:
        out += c;
    }
  }
}

}  // namespace

size_t prefix_within_elements(std::string_view utf8, size_t max_elements) {
  size_t elements = 0;
  for (size_t i = utf8.find('<'); i != std::string_view::npos; i = utf8.find('<', i)) {
    // CDATA sections, comments and processing instructions hold no elements.
    const char* close = utf8.compare(i, 9, "<![CDATA[") == 0 ? "]]>"
                        : utf8.compare(i, 4, "<!--") == 0    ? "-->"
                        : utf8.compare(i, 2, "<?") == 0      ? "?>"
                                                             : nullptr;
    if (close) {
      const size_t end = utf8.find(close, i + 2);
      if (end == std::string_view::npos) break;
      i = end + std::strlen(close);
      continue;
    }
    // A name's first byte: a letter, '_', ':' or any byte of a non-ASCII character.
    const unsigned char c = i + 1 < utf8.size() ? static_cast<unsigned char>(utf8[i + 1]) : 0;
    if ((std::isalpha(c) || c == '_' || c == ':' || c >= 0x80) && ++elements > max_elements)
      return i;
    ++i;
  }
  return utf8.size();
}

std::string recover_xml(std::string_view s) {
  std::string out;
  out.reserve(s.size() + 256);
  std::vector<std::string> stack;
  // How many of each name are open: a close tag of a name not open is dropped at once, where
  // a search of the stack made 3.5M stray close tags under 200,000 open ones take minutes.
  std::unordered_map<std::string, size_t> open;
  auto pop = [&] {
    out += "</" + stack.back() + ">";
    if (auto it = open.find(stack.back()); it != open.end() && --it->second == 0) open.erase(it);
    stack.pop_back();
  };
  const size_t n = s.size();
  size_t i = 0;
  bool have_root = false;
  while (i < n) {
    const char c = s[i];
    if (c != '<') {
      const size_t lt = s.find('<', i);
      const size_t stop = lt == std::string_view::npos ? n : lt;
      // Text outside the root element is dropped.
      if (!stack.empty()) out.append(s.substr(i, stop - i));
      i = stop;
      continue;
    }
    if (s.compare(i, 4, "<!--") == 0 || s.compare(i, 9, "<![CDATA[") == 0 ||
        s.compare(i, 2, "<?") == 0) {
      const bool cdata = s[i + 1] == '!' && s[i + 2] == '[';
      const bool comment = !cdata && s[i + 1] == '!';
      const char* term = cdata ? "]]>" : comment ? "-->" : "?>";
      const size_t e = s.find(term, i + 2);
      const size_t stop = e == std::string_view::npos ? n : e + std::strlen(term);
      if (!stack.empty() || !cdata) {
        if (!(s[i + 1] == '?' && have_root)) out.append(s.substr(i, stop - i));
        if (e == std::string_view::npos) out += term;
      }
      i = stop;
      continue;
    }
    if (s.compare(i, 2, "<!") == 0) {  // other declarations: dropped
      const size_t e = s.find('>', i);
      i = e == std::string_view::npos ? n : e + 1;
      continue;
    }
    // A tag: find its end honouring quotes.
    size_t j = i + 1;
    char quote = 0;
    while (j < n) {
      if (quote) {
        if (s[j] == quote) quote = 0;
      } else if (s[j] == '"' || s[j] == '\'') {
        quote = s[j];
      } else if (s[j] == '>') {
        break;
      }
      ++j;
    }
    if (j >= n) break;  // truncated tag: drop it
    std::string_view tag = s.substr(i + 1, j - i - 1);
    i = j + 1;
    if (!tag.empty() && tag[0] == '/') {
      std::string name(trim(tag.substr(1)));
      if (!open.contains(name)) continue;
      // Open: everything above it is closed with it (each element is closed once).
      while (!stack.empty()) {
        const bool last = stack.back() == name;
        pop();
        if (last) break;
      }
      continue;
    }
    bool self_closing = !tag.empty() && tag.back() == '/';
    if (self_closing) tag.remove_suffix(1);
    size_t p = 0;
    while (p < tag.size() && name_char(static_cast<unsigned char>(tag[p]))) ++p;
    std::string name(tag.substr(0, p));
    if (name.empty() || !name_start(static_cast<unsigned char>(name[0]))) continue;
    if (stack.empty() && have_root) continue;  // a second root: dropped
    std::vector<Attr> attrs;
    std::unordered_set<std::string> names;
    while (p < tag.size()) {
      while (p < tag.size() && !name_start(static_cast<unsigned char>(tag[p]))) ++p;
      const size_t as = p;
      while (p < tag.size() && name_char(static_cast<unsigned char>(tag[p]))) ++p;
      if (p == as) break;
      Attr a{std::string(tag.substr(as, p - as)), {}};
      while (p < tag.size() && a_space(static_cast<unsigned char>(tag[p]))) ++p;
      if (p < tag.size() && tag[p] == '=') {
        ++p;
        while (p < tag.size() && a_space(static_cast<unsigned char>(tag[p]))) ++p;
        if (p < tag.size() && (tag[p] == '"' || tag[p] == '\'')) {
          const char q = tag[p++];
          const size_t e = tag.find(q, p);
          const size_t stop = e == std::string_view::npos ? tag.size() : e;
          a.value = std::string(tag.substr(p, stop - p));
          p = stop + 1;
        } else {
          const size_t vs = p;
          while (p < tag.size() && !a_space(static_cast<unsigned char>(tag[p]))) ++p;
          a.value = std::string(tag.substr(vs, p - vs));
        }
      } else {
        a.value = a.name;
      }
      // A set, not a scan: one tag of a million attributes took minutes.
      if (names.insert(a.name).second) attrs.push_back(std::move(a));
    }
    out += '<';
    out += name;
    for (const Attr& a : attrs) {
      out += ' ';
      out += a.name;
      out += "=\"";
      escape_attr(out, a.value);
      out += '"';
    }
    if (self_closing) {
      out += "/>";
      if (stack.empty()) have_root = true;
    } else {
      out += '>';
      ++open[name];
      stack.push_back(std::move(name));
      have_root = true;
    }
  }
  while (!stack.empty()) {
    pop();
  }
  return out;
}

}  // namespace byline
