#include "indexer/html_dom.h"

#include <libxml/encoding.h>

#include <algorithm>
#include <cctype>
#include <cstring>

#include "common/charset.h"
#include "common/html_parse.h"
#include "common/text.h"

namespace byline {

namespace {

constexpr int kMaxDepth = 400;  // hostile nesting: stop descending, never overflow the stack

std::string charset_from(std::string_view s) {
  // s starts right after "charset"; accept `=`, optional quotes and spaces.
  size_t i = 0;
  while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) ++i;
  if (i >= s.size() || s[i] != '=') return {};
  ++i;
  while (i < s.size() && (s[i] == ' ' || s[i] == '"' || s[i] == '\'')) ++i;
  size_t b = i;
  while (i < s.size() && (std::isalnum(static_cast<unsigned char>(s[i])) || s[i] == '-' ||
                          s[i] == '_' || s[i] == ':' || s[i] == '.'))
    ++i;
  return to_lower_ascii(s.substr(b, i - b));
}

/// WHATWG aliases that matter in practice, mapped to names iconv/libxml2 know.
std::string canonical_charset(std::string cs) {
  if (cs.empty()) return {};
  if (cs == "utf-8" || cs == "utf8" || cs == "unicode-1-1-utf-8" || cs == "x-unicode20utf8")
    return "UTF-8";
  // Browsers decode Latin-1 and ASCII labels as windows-1252; so must we for curly quotes.
  if (is_windows_1252_label(cs)) return "windows-1252";
  if (cs == "gb2312" || cs == "gbk" || cs == "x-gbk") return "GB18030";
  // Browsers read these labels as the Windows supersets Japanese, Korean, Chinese and Thai
  // pages are written in: as plain Shift_JIS, a page lost its text from the first "①" or
  // "髙", and EUC-KR garbled the syllables only CP949 has (audit of session 46).
  if (cs == "shift_jis" || cs == "shift-jis" || cs == "sjis" || cs == "x-sjis" ||
      cs == "ms_kanji" || cs == "csshiftjis" || cs == "windows-31j" || cs == "ms932" ||
      cs == "cp932")
    return "CP932";
  if (cs == "euc-kr" || cs == "ks_c_5601-1987" || cs == "ks_c_5601-1989" || cs == "ksc5601" ||
      cs == "ksc_5601" || cs == "korean" || cs == "cseuckr" || cs == "csksc56011987" ||
      cs == "iso-ir-149" || cs == "windows-949" || cs == "cp949" || cs == "uhc")
    return "CP949";
  if (cs == "big5" || cs == "big5-hkscs" || cs == "cn-big5" || cs == "csbig5" || cs == "x-x-big5")
    return "BIG5-HKSCS";
  if (cs == "tis-620" || cs == "iso-8859-11" || cs == "dos-874" || cs == "windows-874" ||
      cs == "cp874")
    return "WINDOWS-874";
  if (cs == "utf-16" || cs == "utf-16le" || cs == "utf-16be") return {};  // meta lies about these
  xmlCharEncodingHandlerPtr h = xmlFindCharEncodingHandler(cs.c_str());
  if (!h) return {};
  xmlCharEncCloseFunc(h);
  return cs;
}

}  // namespace

namespace {
bool ieq_at(std::string_view s, size_t i, std::string_view lower) {
  if (i + lower.size() > s.size()) return false;
  for (size_t k = 0; k < lower.size(); ++k)
    if (ascii_lower(s[i + k]) != lower[k]) return false;
  return true;
}

// A UTF-8 label over bytes that are not UTF-8: stray bytes more than four to one against real
// UTF-8 characters, as a text is read. A server's UTF-8 over a windows-1251 page made every
// letter U+FFFD; the page is read as if nothing were declared. Only the text between tags
// counts: Latin-1 bytes in a script, a style, a comment or an attribute of a UTF-8 page
// (session 43's audits) outweighed its two curly quotes, and a "<!--" in an attribute hid the
// rest of a windows-1251 page.
bool utf8_label_lies(std::string_view html) {
  if (is_valid_utf8(html)) return false;
  Utf8Census c;
  size_t at = 0;
  while (at < html.size()) {
    const size_t lt = html.find('<', at);
    const Utf8Census part = utf8_census(html.substr(at, lt == html.npos ? html.npos : lt - at));
    c.multibyte += part.multibyte;
    c.invalid += part.invalid;
    if (lt == html.npos) break;
    size_t next = html.npos;  // where the text goes on: past the comment, element or tag
    if (html.substr(lt, 4) == "<!--") {
      const size_t a = html.find("-->", lt + 4), b = html.find("--!>", lt + 4);
      next = std::min(a == html.npos ? a : a + 3, b == html.npos ? b : b + 4);
    } else if (ieq_at(html, lt, "<script") || ieq_at(html, lt, "<style")) {
      const std::string_view close = ieq_at(html, lt, "<script") ? "</script" : "</style";
      for (size_t f = html.find("</", lt); f != html.npos; f = html.find("</", f + 2))
        if (ieq_at(html, f, close)) {
          next = html.find('>', f);
          if (next != html.npos) ++next;
          break;
        }
    } else {
      next = html.find('>', lt);
      if (next != html.npos) ++next;
    }
    at = next == html.npos ? html.size() : next;
  }
  return c.invalid > 4 * c.multibyte;
}
}  // namespace

std::string detect_charset(std::string_view html, std::string_view content_type) {
  init_libxml();  // its encoding handlers are looked up below
  // A byte order mark decides before anything declared (WHATWG's order): a server's default
  // label over a UTF-8 page with a BOM made it mojibake, or nothing at all.
  if (html.size() >= 3 && html.substr(0, 3) == "\xEF\xBB\xBF") return "UTF-8";
  if (html.size() >= 2 && (html.substr(0, 2) == "\xFF\xFE")) return "UTF-16LE";
  if (html.size() >= 2 && (html.substr(0, 2) == "\xFE\xFF")) return "UTF-16BE";
  if (const size_t p = to_lower_ascii(content_type).find("charset"); p != std::string::npos) {
    const std::string label = charset_from(content_type.substr(p + 7));
    // The server's word on UTF-16 holds (a <meta> saying it lies: the bytes it sits in could
    // not be read); "utf-16" without a BOM is little-endian.
    if (label == "utf-16" || label == "utf-16le") return "UTF-16LE";
    if (label == "utf-16be") return "UTF-16BE";
    std::string cs = canonical_charset(label);
    // A server's default label (ISO-8859-1 on many) over a page written in UTF-8: multibyte
    // text that is valid UTF-8 is almost never Latin-1 ("CafÃ©" otherwise, for good).
    if (is_default_latin_label(label) && has_multibyte_utf8(html)) return "UTF-8";
    if (!cs.empty() && !(cs == "UTF-8" && utf8_label_lies(html))) return cs;
  }
  // UTF-16 without a mark or a label: a '<' (the page's first character) beside a NUL.
  if (html.size() >= 4 && html[0] == '<' && html[1] == '\0' && html[3] == '\0') return "UTF-16LE";
  if (html.size() >= 4 && html[0] == '\0' && html[1] == '<' && html[2] == '\0') return "UTF-16BE";
  // <meta charset> must sit in the first 1024 bytes by the spec; pages are sloppier.
  const std::string head = to_lower_ascii(html.substr(0, 8192));
  size_t pos = 0;
  while ((pos = head.find("<meta", pos)) != std::string::npos) {
    const size_t end = head.find('>', pos);
    if (end == std::string::npos) break;
    const std::string_view tag = std::string_view(head).substr(pos, end - pos);
    pos = end;  // before any `continue`: an unknown label once looped here forever
    if (const size_t c = tag.find("charset"); c != std::string_view::npos) {
      std::string cs = canonical_charset(charset_from(tag.substr(c + 7)));
      if (cs.empty()) continue;
      // Saved pages often keep a legacy <meta charset> over bytes re-encoded as UTF-8;
      // multibyte text that is valid UTF-8 is almost never anything else.
      if (cs != "UTF-8" && has_multibyte_utf8(html)) return "UTF-8";
      if (cs == "UTF-8" && utf8_label_lies(html)) break;
      return cs;
    }
  }
  // Nothing declared: UTF-8 when the bytes are; else the legacy charset of the page's language
  // when ICU's detector reads one (guess_legacy_charset()) (a Shift_JIS page was mojibake with no
  // body, a windows-1251 one "Ðîññèÿ"); else windows-1252, the web's legacy default (its
  // curly quotes and accents became U+FFFD).
  if (is_valid_utf8(html)) return "UTF-8";
  if (std::string legacy = canonical_charset(guess_legacy_charset(html)); !legacy.empty())
    return legacy;
  // UTF-8 with a stray byte (a cp1252 quote pasted in, a file cut mid-character), as a text is
  // read: any real UTF-8 character and stray bytes no more than four to one. As windows-1252
  // every accent of the page was two characters ("CafÃ©").
  if (const Utf8Census c = utf8_census(html); c.multibyte > 0 && c.invalid <= 4 * c.multibyte)
    return "UTF-8";
  return "windows-1252";
}

namespace {
void ignore_libxml_message(void*, const char*, ...) {}

}  // namespace

namespace {

/// End of a start tag beginning at `i` (the index after its '>'), quotes respected; npos if
/// it never closes.
size_t tag_end(std::string_view s, size_t i) {
  char quote = 0;
  for (; i < s.size(); ++i) {
    const char c = s[i];
    if (quote) {
      if (c == quote) quote = 0;
    } else if (c == '"' || c == '\'') {
      quote = c;
    } else if (c == '>') {
      return i + 1;
    }
  }
  return std::string_view::npos;
}

/// Index of the next case-insensitive `lower` at or after `i`, npos if none.
size_t ifind(std::string_view s, std::string_view lower, size_t i) {
  while (i < s.size()) {
    const size_t lt = s.find('<', i);
    if (lt == std::string_view::npos) return lt;
    if (ieq_at(s, lt, lower)) return lt;
    i = lt + 1;
  }
  return std::string_view::npos;
}

}  // namespace

std::string drop_script_bodies(std::string_view html) {
  std::string out;
  out.reserve(html.size());
  auto is_letter = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); };
  // A tag name ends at a space, '>' or '/' ("<scripts>" is no script).
  auto opens = [&](size_t lt, std::string_view lower) {
    const size_t after = lt + lower.size();
    return ieq_at(html, lt, lower) && after < html.size() &&
           (html[after] == '>' || html[after] == ' ' || html[after] == '\t' ||
            html[after] == '\n' || html[after] == '\r' || html[after] == '/');
  };
  size_t i = 0;
  while (i < html.size()) {
    const size_t lt = html.find('<', i);
    if (lt == std::string_view::npos) break;
    if (ieq_at(html, lt, "<!--")) {  // a "<script" inside a comment is no script
      const size_t end = html.find("-->", lt + 4);
      const size_t stop = end == std::string_view::npos ? html.size() : end + 3;
      out.append(html.substr(i, stop - i));
      i = stop;
      continue;
    }
    if (lt + 1 >= html.size() || !is_letter(html[lt + 1])) {  // "a < b", "</p>", "<!DOCTYPE"
      out.append(html.substr(i, lt + 1 - i));
      i = lt + 1;
      continue;
    }
    // A start tag is passed whole: "<script>" in an attribute's value is text.
    const size_t open_end = tag_end(html, lt + 1);
    if (open_end == std::string_view::npos) break;
    const bool script = opens(lt, "<script"), style = !script && opens(lt, "<style");
    // A title's and a textarea's text is text however it reads ("Why the <script> tag
    // blocks rendering"), as a browser reads it; libxml2 would take tags there for tags.
    const bool rcdata = !script && !style && (opens(lt, "<title") || opens(lt, "<textarea"));
    out.append(html.substr(i, open_end - i));
    i = open_end;
    if (!script && !style && !rcdata) continue;
    const std::string_view name = script                ? "</script"
                                  : style               ? "</style"
                                  : opens(lt, "<title") ? "</title"
                                                        : "</textarea";
    const size_t close = ifind(html, name, open_end);
    if (close == std::string_view::npos) continue;
    if (rcdata) {
      for (size_t k = open_end; k < close; ++k) {
        if (html[k] == '<')
          out += "&lt;";
        else
          out += html[k];
      }
    } else {
      // Structured data and __NEXT_DATA__ are read from scripts, whole ("<script>" in a
      // JSON string included); everything else is code.
      const std::string open_lower = to_lower_ascii(html.substr(lt, open_end - lt));
      const bool keep = script && (open_lower.find("ld+json") != std::string::npos ||
                                   open_lower.find("__next_data__") != std::string::npos);
      if (keep) out.append(html.substr(open_end, close - open_end));
    }
    i = close;  // the closing tag is copied with what follows
  }
  if (i < html.size()) out.append(html.substr(i));
  return out;
}

XmlDocPtr parse_html(std::string_view html, std::string_view content_type, bool* cut) {
  init_libxml();  // before the first libxml2 call below
  // Encoding errors bypass HTML_PARSE_NOERROR and would go to stderr; they are recovered from.
  xmlSetGenericErrorFunc(nullptr, ignore_libxml_message);
  std::string charset = detect_charset(html, content_type);
  std::string decoded;
  if (charset == "windows-1252") {
    decoded = windows1252_to_utf8(html);
    html = decoded;
    charset = "UTF-8";
  }
  // Script and style bodies are about half the bytes of a news page and none of its text:
  // the parser skips them (byte patterns are safe in every ASCII-compatible charset).
  std::string stripped;
  if (!charset.starts_with("UTF-16")) {
    stripped = drop_script_bodies(html);
    // A form feed or a vertical tab is white space to a reader, but no character XML allows:
    // libxml2 dropped them and joined the words on either side ("chip\fplant", audit of
    // session 43). Two memchr scans find none on nearly every page.
    for (const char c : {'\f', '\v'})
      if (std::memchr(stripped.data(), c, stripped.size()))
        std::replace(stripped.begin(), stripped.end(), c, ' ');
    html = stripped;
  }
  // An empty input gives no tree; a lone space gives an (empty) one.
  if (html.empty()) html = " ";
  // XML_PARSE_HUGE lifts libxml2's nesting limit of 256, past which it dropped the rest of
  // the page; byline's own walks stop at kMaxDepth instead and go on with what follows. (Its
  // other limits are for inputs over 10 MB, and byline's inputs are capped below that.)
  htmlDocPtr doc = read_html(html, charset.c_str(),
                             HTML_PARSE_RECOVER | HTML_PARSE_NONET | HTML_PARSE_NOERROR |
                                 HTML_PARSE_NOWARNING | HTML_PARSE_COMPACT | XML_PARSE_HUGE,
                             cut);
  return XmlDocPtr(doc);
}

std::string_view attr(const xmlNode* n, std::string_view name) {
  if (!is_element(n)) return {};
  for (const xmlAttr* a = n->properties; a; a = a->next) {
    if (node_name(reinterpret_cast<const xmlNode*>(a)) != name) continue;
    const xmlNode* v = a->children;
    if (v && v->content && !v->next) return reinterpret_cast<const char*>(v->content);
    return {};
  }
  return {};
}

bool has_attr(const xmlNode* n, std::string_view name) {
  if (!is_element(n)) return false;
  for (const xmlAttr* a = n->properties; a; a = a->next)
    if (node_name(reinterpret_cast<const xmlNode*>(a)) == name) return true;
  return false;
}

namespace {
bool is_line_element(const xmlNode* e) {
  return e && is_element(e) && in_list(node_name(e), {"tr", "td", "th", "div", "p", "li", "pre"});
}

// Whether text node `t` (its `text`) is white space between rows, cells or line blocks.
bool is_layout_space(const xmlNode* t, const char* text) {
  for (const char* p = text; *p; ++p)
    if (!std::isspace(static_cast<unsigned char>(*p))) return false;
  const xmlNode* parent = t->parent;
  if (!parent || !is_element(parent)) return false;
  const std::string_view pn = node_name(parent);
  if (in_list(pn, {"table", "tbody", "thead", "tfoot", "tr"})) return true;
  if (pn == "pre" || pn == "code") return false;  // a <pre>'s blank line is the code's
  return is_line_element(t->prev) || is_line_element(t->next);
}

void append_text(const xmlNode* n, std::string& out, size_t limit, int depth, char br,
                 bool (*skip)(const xmlNode*)) {
  if (depth > kMaxDepth) return;
  for (const xmlNode* c = n->children; c && out.size() <= limit; c = c->next) {
    if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
      if (!c->content) continue;
      const char* text = reinterpret_cast<const char*>(c->content);
      // The markup's indentation between a code table's rows or cells, or an editor's line
      // <div>s outside a <pre> (a gist as GitHub serves it), is no line of the code.
      if (br == '\n' && is_layout_space(c, text)) continue;
      // One byte past the limit tells the caller the text was longer.
      out.append(text,
                 limit == SIZE_MAX ? std::strlen(text) : strnlen(text, limit + 1 - out.size()));
    } else if (c->type == XML_ELEMENT_NODE) {
      const std::string_view nm = node_name(c);
      if (nm == "script" || nm == "style" || nm == "template" || nm == "noscript") continue;
      if (skip && skip(c)) continue;
      if (nm == "br") {
        out += br;
        continue;
      }
      // In a <pre>, a block's lines stand apart (a code table's rows, an editor's line
      // <div>s); elsewhere words of neighbouring blocks are only kept apart.
      const bool line =
          br == '\n' && (nm == "tr" || nm == "div" || nm == "p" || nm == "li" || nm == "pre");
      if (line && !out.empty() && out.back() != '\n') out += '\n';
      append_text(c, out, limit, depth + 1, br, skip);
      if (line && !out.empty() && out.back() != '\n') out += '\n';
    }
  }
}
}  // namespace

void append_raw_text(const xmlNode* n, std::string& out, size_t limit, int depth) {
  append_text(n, out, limit, depth, ' ', nullptr);
}

void append_preformatted_text(const xmlNode* n, std::string& out, bool (*skip)(const xmlNode*)) {
  append_text(n, out, SIZE_MAX, 0, '\n', skip);
}

std::string inner_text(const xmlNode* n) {
  std::string raw;
  if (n) append_raw_text(n, raw);
  return collapse_whitespace(raw);
}

const xmlNode* find_first(const xmlNode* n, std::string_view name, int depth) {
  if (!n || depth > kMaxDepth) return nullptr;
  for (const xmlNode* c = n->children; c; c = c->next) {
    if (!is_element(c)) continue;
    if (node_name(c) == name) return c;
    if (const xmlNode* f = find_first(c, name, depth + 1)) return f;
  }
  return nullptr;
}

}  // namespace byline
