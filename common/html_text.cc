#include "common/html_text.h"

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

#include <cstring>

#include "common/html_parse.h"
#include "common/text.h"

namespace byline {

namespace {

bool is_dropped(const char* name) {
  static const char* const kDropped[] = {"script", "style",  "template",   "noscript",
                                         "head",   "iframe", "object",     "embed",
                                         "svg",    "select", "annotation", "annotation-xml"};
  for (const char* d : kDropped)
    if (std::strcmp(name, d) == 0) return true;
  return false;
}

bool is_block(const char* name) {
  static const char* const kBlocks[] = {
      "p",       "div",     "br",     "li",      "ul",    "ol",     "h1",         "h2",
      "h3",      "h4",      "h5",     "h6",      "tr",    "table",  "blockquote", "pre",
      "section", "article", "header", "footer",  "aside", "figure", "figcaption", "dd",
      "dt",      "dl",      "hr",     "address", "main",  "nav",    "form",       "fieldset"};
  for (const char* b : kBlocks)
    if (std::strcmp(name, b) == 0) return true;
  return false;
}

void walk(xmlNode* node, std::string& para, std::string& out, int depth) {
  if (depth > 512) return;  // hostile nesting: stop descending, never overflow the stack
  for (xmlNode* n = node; n; n = n->next) {
    if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
      if (n->content) para += reinterpret_cast<const char*>(n->content);
      continue;
    }
    if (n->type != XML_ELEMENT_NODE) continue;
    const char* name = reinterpret_cast<const char*>(n->name);
    if (is_dropped(name)) continue;
    const bool block = is_block(name);
    auto flush = [&] {
      std::string p = collapse_whitespace(para);
      para.clear();
      if (p.empty()) return;
      if (!out.empty()) out += "\n\n";
      out += p;
    };
    // Cells, and a formula's tokens, are words apart: "<td>a</td><td>b</td>" is not "ab".
    const bool apart =
        std::strcmp(name, "td") == 0 || std::strcmp(name, "th") == 0 || is_mathml_token(name);
    if (block) flush();
    if (apart) para += ' ';
    walk(n->children, para, out, depth + 1);
    if (apart) para += ' ';
    if (block) flush();
  }
}

}  // namespace

std::string html_to_text(std::string_view html) {
  if (html.empty()) return {};
  htmlDocPtr doc = read_html(html, "UTF-8",
                             HTML_PARSE_RECOVER | HTML_PARSE_NONET | HTML_PARSE_NOERROR |
                                 HTML_PARSE_NOWARNING | HTML_PARSE_NOIMPLIED |
                                 XML_PARSE_HUGE);  // no nesting limit of 256: see html_dom
  if (!doc) return collapse_whitespace(sanitize_utf8(html));
  std::string para, out;
  walk(xmlDocGetRootElement(doc) ? doc->children : nullptr, para, out, 0);
  std::string last = collapse_whitespace(para);
  if (!last.empty()) {
    if (!out.empty()) out += "\n\n";
    out += last;
  }
  xmlFreeDoc(doc);
  return sanitize_utf8(out);
}

bool is_mathml_token(std::string_view name) {
  return name == "mi" || name == "mn" || name == "mo" || name == "mtext" || name == "ms";
}

bool looks_like_html(std::string_view s) {
  for (size_t i = 0; i + 1 < s.size(); ++i) {
    if (s[i] == '<' &&
        (std::isalpha(static_cast<unsigned char>(s[i + 1])) || s[i + 1] == '/' || s[i + 1] == '!'))
      return true;
    if (s[i] == '&' && (std::isalnum(static_cast<unsigned char>(s[i + 1])) || s[i + 1] == '#')) {
      const size_t semi = s.find(';', i);
      if (semi != std::string_view::npos && semi - i < 12) return true;
    }
  }
  return false;
}

}  // namespace byline
