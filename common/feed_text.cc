#include "common/feed_text.h"

#include <array>
#include <cstdint>
#include <cstring>

#include "common/html_entities.h"
#include "common/html_text.h"
#include "common/text.h"

namespace byline {

namespace {

inline char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c | 0x20) : c; }
inline bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
inline bool is_ascii_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

template <size_t N>
bool in_list(std::string_view name, const std::string_view (&list)[N]) {
  for (const std::string_view& x : list)
    if (name == x) return true;
  return false;
}

bool is_dropped(std::string_view name) {
  static constexpr std::string_view kDropped[] = {
      "script", "style",  "template", "noscript",   "head",          "iframe",
      "svg",    "select", "title",    "annotation", "annotation-xml"};
  return in_list(name, kDropped);
}

// Dropped elements whose content is raw text in HTML: unclosed, they swallow the rest. Others
// (iframe, svg...) left open are ignored, not allowed to hide the text after them.
bool is_raw_text(std::string_view name) {
  static constexpr std::string_view kRaw[] = {"script", "style", "template", "title", "noscript"};
  return in_list(name, kRaw);
}

bool is_block(std::string_view name) {
  static constexpr std::string_view kBlocks[] = {
      "p",       "div",     "br",     "li",      "ul",    "ol",     "h1",         "h2",
      "h3",      "h4",      "h5",     "h6",      "tr",    "table",  "blockquote", "pre",
      "section", "article", "header", "footer",  "aside", "figure", "figcaption", "dd",
      "dt",      "dl",      "hr",     "address", "main",  "nav",    "form",       "fieldset"};
  return in_list(name, kBlocks);
}

// Multi-byte Unicode spaces (as common/text.cc's collapse_whitespace counts them) at s[i]; their
// byte length or 0.
size_t unicode_space_len(std::string_view s, size_t i) {
  const auto b0 = static_cast<unsigned char>(s[i]);
  if (b0 == 0xC2 && i + 1 < s.size()) {
    const auto b1 = static_cast<unsigned char>(s[i + 1]);
    return (b1 == 0x85 || b1 == 0xA0) ? 2 : 0;
  }
  if ((b0 == 0xE1 || b0 == 0xE2 || b0 == 0xE3 || b0 == 0xEF) && i + 2 < s.size()) {
    const auto b1 = static_cast<unsigned char>(s[i + 1]);
    const auto b2 = static_cast<unsigned char>(s[i + 2]);
    const uint32_t cp = ((b0 & 0x0Fu) << 12) | ((b1 & 0x3Fu) << 6) | (b2 & 0x3Fu);
    if (cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 || cp == 0x2029 ||
        cp == 0x202F || cp == 0x205F || cp == 0x3000)
      return 3;
  }
  return 0;
}

// A zero-width space or a BOM at s[i]: its byte length, or 0.
size_t zero_width_len(std::string_view s, size_t i) {
  return s.substr(i, 3) == "\u200B" || s.substr(i, 3) == "\uFEFF" ? 3 : 0;
}

// Byte classes for the text scanner: ASCII white space, lead bytes that may start a Unicode
// space (U+00A0, U+2000...), and everything else.
// '<' and '&' end a run too (kMarkup), so the scanner stops where markup starts.
constexpr uint8_t kOrdinary = 0, kAsciiSpace = 1, kMaybeSpace = 2, kMarkup = 3;
constexpr auto kByteClass = [] {
  std::array<uint8_t, 256> t{};
  for (unsigned char c : {' ', '\t', '\n', '\r', '\f', '\v'}) t[c] = kAsciiSpace;
  for (unsigned char c : {0xC2, 0xE1, 0xE2, 0xE3, 0xEF}) t[c] = kMaybeSpace;
  t['<'] = kMarkup;
  t['&'] = kMarkup;
  return t;
}();

class TextSink {
 public:
  explicit TextSink(size_t hint) { out_.reserve(hint / 2); }

  // Appends text, collapsing white space runs; `s` is valid UTF-8.
  void text(std::string_view s) { scan(s, 0, false); }

  // Appends s[i...] up to the next '<' or '&' (markup) and returns its index (or s.size()):
  // one pass over the text serves both to find the markup and to copy the words.
  size_t text_until_markup(std::string_view s, size_t i) { return scan(s, i, true); }

 private:
  size_t scan(std::string_view s, size_t i, bool stop_at_markup) {
    const size_t n = s.size();
    while (i < n) {
      const char c = s[i];
      if (stop_at_markup && (c == '<' || c == '&')) return i;
      if (is_ascii_space(c)) {
        space();
        ++i;
        continue;
      }
      if (static_cast<unsigned char>(c) >= 0x80) {
        if (const size_t len = unicode_space_len(s, i)) {
          space();
          i += len;
          continue;
        }
        if (const size_t len = zero_width_len(s, i)) {
          // It joins what it splits, as collapse_whitespace reads it, but parts the words of
          // a script written without spaces.
          if (s[i + 1] == '\x80' && zero_width_splits(last_code_point(out_))) space();
          i += len;
          continue;
        }
      }
      // A run of ordinary bytes; single ASCII spaces between words stay inside the run.
      size_t j = i + 1;
      while (j < n) {
        const uint8_t k = kByteClass[static_cast<unsigned char>(s[j])];
        if (k == kOrdinary) {
          ++j;
        } else if (k == kMaybeSpace) {
          if (unicode_space_len(s, j) != 0 || zero_width_len(s, j) != 0) break;
          ++j;
        } else if (s[j] == ' ' && j + 1 < n &&
                   kByteClass[static_cast<unsigned char>(s[j + 1])] == kOrdinary) {
          j += 2;
        } else {
          break;
        }
      }
      emit(s.substr(i, j - i));
      i = j;
    }
    return n;
  }

 public:
  void block() {
    pending_space_ = false;
    if (para_start_ < out_.size()) {
      para_start_ = out_.size();
      need_break_ = true;
    }
  }

  std::string finish() { return std::move(out_); }

  // A word break: the text after it is another word.
  void space() { pending_space_ = para_start_ < out_.size(); }

 private:
  void emit(std::string_view s) {
    if (need_break_) {
      out_ += "\n\n";
      para_start_ = out_.size();
      need_break_ = false;
    } else if (pending_space_ && para_start_ < out_.size()) {
      out_ += ' ';
    }
    pending_space_ = false;
    out_.append(s);
  }

  std::string out_;
  size_t para_start_ = 0;  // where the current paragraph's text begins
  bool need_break_ = false;
  bool pending_space_ = false;
};

// Decodes a character reference at html[i] == '&'; appends to `buf`, returns the bytes used
// (0 when it is not a reference: the '&' is literal).
size_t decode_reference(std::string_view html, size_t i, std::string& buf) {
  const size_t n = html.size();
  size_t j = i + 1;
  if (j < n && html[j] == '#') {
    const NumericReference ref = parse_numeric_reference(html.substr(i));
    if (ref.length == 0) return 0;
    if (const char32_t cp = html_numeric_reference(ref.value); !html_control_reference(cp))
      append_utf8(buf, cp);
    return ref.length;
  }
  const size_t ns = j;
  while (j < n && j - ns < 32 && (is_alpha(html[j]) || (html[j] >= '0' && html[j] <= '9'))) ++j;
  if (j == ns) return 0;
  const std::string_view name = html.substr(ns, j - ns);
  if (j < n && html[j] == ';') {
    if (auto v = html_entity(name)) {
      buf.append(*v);
      return j + 1 - i;
    }
  }
  // Legacy references without ';' that browsers accept, the longest that starts the name
  // ("&copy 2024", "AT&ampT").
  if (const size_t len = html_legacy_prefix(name); len > 0) {
    buf.append(*html_entity(name.substr(0, len)));
    return 1 + len;
  }
  return 0;
}

}  // namespace

std::string feed_html_to_text(std::string_view html) {
  TextSink sink(html.size());
  std::string ref;
  const size_t n = html.size();
  size_t i = 0;
  while (i < n) {
    // Text up to the next markup character.
    i = sink.text_until_markup(html, i);
    if (i >= n) break;
    if (html[i] == '&') {
      ref.clear();
      const size_t used = decode_reference(html, i, ref);
      if (used == 0) {
        sink.text("&");
        ++i;
      } else {
        sink.text(ref);
        i += used;
      }
      continue;
    }
    // '<'
    if (i + 1 >= n) {
      sink.text("<");
      break;
    }
    const char next = html[i + 1];
    if (next == '!' || next == '?') {
      // Comment, doctype, CDATA (a bogus comment in HTML) or processing instruction.
      size_t e;
      if (html.compare(i, 4, "<!--") == 0) {
        e = html.find("-->", i + 4);
        i = e == std::string_view::npos ? n : e + 3;
      } else {
        e = html.find('>', i + 2);
        i = e == std::string_view::npos ? n : e + 1;
      }
      continue;
    }
    const bool end_tag = next == '/';
    const size_t name_start = i + (end_tag ? 2 : 1);
    if (name_start >= n || !is_alpha(html[name_start])) {
      sink.text("<");
      ++i;
      continue;
    }
    size_t k = name_start;
    char name_buf[16];
    size_t name_len = 0;
    while (k < n && !is_ascii_space(html[k]) && html[k] != '>' && html[k] != '/') {
      if (name_len < sizeof name_buf) name_buf[name_len] = lower(html[k]);
      ++name_len;
      ++k;
    }
    const std::string_view name(name_buf, name_len <= sizeof name_buf ? name_len : 0);
    // Skip attributes to the closing '>' honouring quotes.
    char quote = 0;
    bool self_closing = false;
    while (k < n) {
      const char c = html[k];
      if (quote) {
        if (c == quote) quote = 0;
      } else if (c == '"' || c == '\'') {
        quote = c;
      } else if (c == '>') {
        self_closing = k > 0 && html[k - 1] == '/';
        break;
      }
      ++k;
    }
    i = k < n ? k + 1 : n;
    if (!end_tag && !self_closing && is_dropped(name)) {
      // Skip to the matching end tag ("</name"), case-insensitively.
      size_t p = i;
      while (true) {
        p = html.find("</", p);
        if (p == std::string_view::npos) {
          if (is_raw_text(name)) i = n;
          break;
        }
        size_t q = p + 2, m = 0;
        while (m < name.size() && q < n && lower(html[q]) == name[m]) ++q, ++m;
        if (m == name.size() && (q >= n || !is_alpha(html[q]))) {
          const size_t gt = html.find('>', q);
          i = gt == std::string_view::npos ? n : gt + 1;
          break;
        }
        p += 2;
      }
      continue;
    }
    if (is_block(name))
      sink.block();
    else if (name == "td" || name == "th" || is_mathml_token(name))
      sink.space();
  }
  return sink.finish();
}

}  // namespace byline
