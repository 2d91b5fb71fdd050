// indexer/html_dom.h: small read-only helpers over libxml2's HTML tree, and the parse itself.
#pragma once

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace byline {

struct XmlDocDeleter {
  void operator()(xmlDoc* d) const { xmlFreeDoc(d); }
};
using XmlDocPtr = std::unique_ptr<xmlDoc, XmlDocDeleter>;

/// The charset to decode a page with: the HTTP Content-Type's, else a BOM's, else the first
/// <meta charset> / http-equiv one, else UTF-8. Always a name libxml2 knows.
std::string detect_charset(std::string_view html, std::string_view content_type);

/// `html` with the bodies of <script> and <style> elements removed (their tags kept), except
/// JSON-LD and __NEXT_DATA__ scripts; comments are left as they are.
std::string drop_script_bodies(std::string_view html);

/// Parses a page with libxml2 (recover, no network, no error output, comments left out), at
/// most kMaxHtmlElements elements (common/html_parse.h); `cut`, when given, says whether the
/// page had more. Null only when libxml2 could not build any tree at all.
XmlDocPtr parse_html(std::string_view html, std::string_view content_type, bool* cut = nullptr);

/// ASCII lower case without the C locale's call per byte (hot in class/id matching).
inline char ascii_lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; }

inline std::string_view node_name(const xmlNode* n) {
  return n && n->name ? std::string_view(reinterpret_cast<const char*>(n->name))
                      : std::string_view();
}

inline bool is_element(const xmlNode* n) { return n && n->type == XML_ELEMENT_NODE; }

/// The value of attribute `name` (ASCII lower-case, as libxml2's HTML parser stores names), or
/// an empty view. The view lives as long as the tree.
std::string_view attr(const xmlNode* n, std::string_view name);

/// True when the element carries attribute `name`, with or without a value.
bool has_attr(const xmlNode* n, std::string_view name);

/// All descendant text, script/style/template skipped, white space collapsed.
std::string inner_text(const xmlNode* n);

/// Appends raw descendant text (no collapsing) to `out`, script/style skipped, <br> as a space,
/// stopping once `out` holds more than `limit` bytes: a caller that wants only short text must
/// not copy a whole page for each of its nodes (quadratic on a hostile page).
void append_raw_text(const xmlNode* n, std::string& out, size_t limit = SIZE_MAX, int depth = 0);
/// As append_raw_text(), a <br> a line break: a <pre>'s lines (highlighters and editors write
/// a code block's lines with them). Elements `skip` accepts are left out with their text.
void append_preformatted_text(const xmlNode* n, std::string& out,
                              bool (*skip)(const xmlNode*) = nullptr);

/// The first element named `name` in document order under `n`, or null.
const xmlNode* find_first(const xmlNode* n, std::string_view name, int depth = 0);

}  // namespace byline
