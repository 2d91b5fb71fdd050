#include "common/html_entities.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <string>

#include "common/ascii.h"
#include "common/text.h"

namespace byline {

std::optional<std::string_view> html_entity(std::string_view name) {
  using detail::HtmlEntity;
  const HtmlEntity* begin = detail::kHtmlEntities;
  const HtmlEntity* end = begin + detail::kHtmlEntityCount;
  const HtmlEntity* it = std::lower_bound(
      begin, end, name,
      [](const HtmlEntity& e, std::string_view n) { return std::string_view(e.name) < n; });
  if (it == end || std::string_view(it->name) != name) return std::nullopt;
  return std::string_view(it->utf8);
}

char32_t html_numeric_reference(char32_t cp) {
  // The five windows-1252 leaves undefined stay C1 controls, as HTML5 says.
  static constexpr char16_t kCp1252[32] = {
      0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
      0x2039, 0x0152, 0x008D, 0x017D, 0x008F, 0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
      0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178};
  if (cp >= 0x80 && cp <= 0x9F) return kCp1252[cp - 0x80];
  if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0xFFFD;
  return cp;
}

bool html_control_reference(char32_t cp) {
  return (cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r') || (cp >= 0x7F && cp <= 0x9F);
}

std::string decode_html_references(std::string_view v) {
  std::string out;
  out.reserve(v.size());
  for (size_t i = 0; i < v.size();) {
    if (v[i] == '&' && i + 1 < v.size() && v[i + 1] == '#') {
      const NumericReference r = parse_numeric_reference(v.substr(i));
      if (r.length > 0 && v[i + r.length - 1] == ';') {
        const char32_t cp = html_numeric_reference(r.value);
        if (!html_control_reference(cp)) append_utf8(out, cp);
        i += r.length;
        continue;
      }
    } else if (v[i] == '&') {
      // Within a name's reach only: a search to the end for each '&' was quadratic (a title
      // of a million "&amp;" took 8 s).
      const size_t semi = v.substr(0, std::min(v.size(), i + 41)).find(';', i + 1);
      if (semi != std::string_view::npos)
        if (const auto text = html_entity(v.substr(i + 1, semi - i - 1))) {
          out += *text;
          i = semi + 1;
          continue;
        }
    }
    out += v[i++];
  }
  return out;
}

NumericReference parse_numeric_reference(std::string_view s) {
  if (s.size() < 3 || s[0] != '&' || s[1] != '#') return {};
  size_t j = 2;
  const bool hex = s[j] == 'x' || s[j] == 'X';
  if (hex) ++j;
  const size_t digits = j;
  char32_t v = 0;
  // Every digit is read, however many leading zeros; the value stops growing past Unicode.
  for (; j < s.size(); ++j) {
    const char c = s[j];
    char32_t d;
    if (c >= '0' && c <= '9')
      d = static_cast<char32_t>(c - '0');
    else if (hex && a_xdigit(c))
      d = static_cast<char32_t>(((c | 0x20) - 'a' + 10));
    else
      break;
    v = std::min<char32_t>(v * (hex ? 16 : 10) + d, 0x110000);
  }
  if (j == digits) return {};
  if (j < s.size() && s[j] == ';') ++j;
  return {v, j};
}

namespace {

// The WHATWG list's names that also stand without ';' (sorted for binary search).
constexpr std::array<std::string_view, 106> kLegacyNames{
    "AElig",  "AMP",    "Aacute", "Acirc",  "Agrave", "Aring",  "Atilde", "Auml",   "COPY",
    "Ccedil", "ETH",    "Eacute", "Ecirc",  "Egrave", "Euml",   "GT",     "Iacute", "Icirc",
    "Igrave", "Iuml",   "LT",     "Ntilde", "Oacute", "Ocirc",  "Ograve", "Oslash", "Otilde",
    "Ouml",   "QUOT",   "REG",    "THORN",  "Uacute", "Ucirc",  "Ugrave", "Uuml",   "Yacute",
    "aacute", "acirc",  "acute",  "aelig",  "agrave", "amp",    "aring",  "atilde", "auml",
    "brvbar", "ccedil", "cedil",  "cent",   "copy",   "curren", "deg",    "divide", "eacute",
    "ecirc",  "egrave", "eth",    "euml",   "frac12", "frac14", "frac34", "gt",     "iacute",
    "icirc",  "iexcl",  "igrave", "iquest", "iuml",   "laquo",  "lt",     "macr",   "micro",
    "middot", "nbsp",   "not",    "ntilde", "oacute", "ocirc",  "ograve", "ordf",   "ordm",
    "oslash", "otilde", "ouml",   "para",   "plusmn", "pound",  "quot",   "raquo",  "reg",
    "sect",   "shy",    "sup1",   "sup2",   "sup3",   "szlig",  "thorn",  "times",  "uacute",
    "ucirc",  "ugrave", "uml",    "uuml",   "yacute", "yen",    "yuml"};

/// `&#N;` for each code point of a UTF-8 replacement (one or two code points).
void append_numeric(std::string& out, std::string_view utf8) {
  for (size_t i = 0; i < utf8.size();) {
    const auto c = static_cast<unsigned char>(utf8[i]);
    const size_t len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    char32_t cp = len == 1 ? c : len == 2 ? c & 0x1F : len == 3 ? c & 0x0F : c & 0x07;
    for (size_t k = 1; k < len && i + k < utf8.size(); ++k)
      cp = (cp << 6) | (static_cast<unsigned char>(utf8[i + k]) & 0x3F);
    out += "&#" + std::to_string(static_cast<uint32_t>(cp)) + ';';
    i += len;
  }
}

}  // namespace

bool html_legacy_entity(std::string_view name) {
  return std::binary_search(kLegacyNames.begin(), kLegacyNames.end(), name);
}

size_t html_legacy_prefix(std::string_view name) {
  for (size_t len = std::min<size_t>(name.size(), 6); len >= 2; --len)
    if (html_legacy_entity(name.substr(0, len))) return len;
  return 0;
}

bool rewrite_html_references(std::string_view html, std::string& out) {
  size_t at = html.find('&');
  if (at == std::string_view::npos) return false;
  std::string res;
  size_t copied = 0;  // html[0, copied) is in res
  bool in_tag = false;
  char quote = 0;  // the quote of the attribute value being read, in a tag
  size_t i = 0;
  auto replace = [&](size_t from, size_t to) {  // res gets html[copied, from), then the caller
    if (res.empty()) res.reserve(html.size() + 64);
    res.append(html.substr(copied, from - copied));
    copied = to;
  };
  while (i < html.size()) {
    const char c = html[i];
    if (in_tag) {
      if (quote) {
        if (c == quote) quote = 0;
      } else if (c == '"' || c == '\'') {
        quote = c;
      } else if (c == '>') {
        in_tag = false;
        ++i;
        continue;
      }
      if (c != '&') {
        ++i;
        continue;
      }
    } else if (c == '<') {
      if (html.substr(i, 4) == "<!--") {
        const size_t end = html.find("-->", i + 4);
        i = end == std::string_view::npos ? html.size() : end + 3;
        continue;
      }
      if (starts_with_icase(html.substr(i), "<script")) {
        // Raw text: what a script holds is read (JSON-LD) with its own unescaping.
        const size_t end = html.find('>', i);
        size_t close = end == std::string_view::npos ? end : html.find("</", end);
        while (close != std::string_view::npos &&
               !starts_with_icase(html.substr(close), "</script"))
          close = html.find("</", close + 2);
        i = close == std::string_view::npos ? html.size() : close;
        continue;
      }
      if (i + 1 < html.size() && (a_alpha(html[i + 1]) || html[i + 1] == '/')) in_tag = true;
      ++i;
      continue;
    } else if (c != '&') {
      ++i;
      continue;
    }
    // A reference at html[i].
    size_t j = i + 1;
    if (j < html.size() && html[j] == '#') {
      const NumericReference ref = parse_numeric_reference(html.substr(i));
      const char32_t v = ref.value;
      const char32_t cp = html_numeric_reference(v);
      const bool control = html_control_reference(cp);
      // libxml2 ends an attribute's value at a control, reads C1 as itself, drops what is no
      // character and stops at eight digits: each gets what HTML5 reads it as (a control none).
      if (ref.length > 0 && (control || cp != v || ref.length > 9)) {
        replace(i, i + ref.length);
        if (!control) res += "&#" + std::to_string(static_cast<uint32_t>(cp)) + ';';
        // A form feed or a vertical tab is white space (it joined the words around it).
        if (cp == 0x0B || cp == 0x0C) res += ' ';
      }
      i += std::max<size_t>(ref.length, 1);
      continue;
    }
    while (j < html.size() && j - i <= 32 && a_alnum(html[j])) ++j;
    const std::string_view name = html.substr(i + 1, j - i - 1);
    if (name.empty() || !a_alpha(name[0])) {
      ++i;
      continue;
    }
    if (j < html.size() && html[j] == ';') {
      if (auto v = html_entity(name)) {
        replace(i, j + 1);
        append_numeric(res, *v);
        i = j + 1;
        continue;
      }
    }
    // Else the longest legacy name that starts it ("&notit;" is "¬it;").
    if (const size_t len = html_legacy_prefix(name); len > 0) {
      const size_t end = i + 1 + len;
      const char next = end < html.size() ? html[end] : '\0';
      // In an attribute value "&copy=1" or "&ampx" stays (URLs' query strings).
      if (!(in_tag && (a_alnum(next) || next == '='))) {
        replace(i, end);
        append_numeric(res, *html_entity(name.substr(0, len)));
      }
    }
    i = j;
  }
  if (res.empty() && copied == 0) return false;
  res.append(html.substr(copied));
  out = std::move(res);
  return true;
}

}  // namespace byline
