#include "common/html_parse.h"

#include <libxml/parser.h>

#include <cstdint>
#include <mutex>
#include <string>

#include "common/html_entities.h"

namespace byline {

namespace {

// The parse in progress on this thread: libxml2's SAX callbacks get only the parser context.
struct ParseBudget {
  size_t elements = 0;
  bool cut = false;
  startElementSAXFunc start_element = nullptr;
};
thread_local ParseBudget* current_budget = nullptr;

void start_element_within_budget(void* ctx, const xmlChar* name, const xmlChar** attrs) {
  ParseBudget* b = current_budget;
  if (b && ++b->elements > kMaxHtmlElements) {
    if (!b->cut) xmlStopParser(static_cast<xmlParserCtxtPtr>(ctx));
    b->cut = true;
    return;
  }
  if (b && b->start_element) b->start_element(ctx, name, attrs);
}

}  // namespace

void init_libxml() {
  static std::once_flag once;
  std::call_once(once, [] { xmlInitParser(); });
}

htmlDocPtr read_html(std::string_view html, const char* encoding, int options, bool* cut) {
  init_libxml();
  if (cut) *cut = false;
  if (html.size() > static_cast<size_t>(INT32_MAX)) html = html.substr(0, INT32_MAX);
  // libxml2 knows HTML 4's entities only, and only with their semicolons: references are
  // rewritten to the characters a browser shows (byte patterns: not in UTF-16).
  std::string rewritten;
  const std::string_view enc = encoding ? encoding : "";
  if (!(enc.size() >= 6 && (enc.substr(0, 6) == "UTF-16" || enc.substr(0, 6) == "utf-16")) &&
      rewrite_html_references(html, rewritten))
    html = rewritten;
  htmlParserCtxtPtr ctxt = htmlNewParserCtxt();
  if (!ctxt) return nullptr;
  ParseBudget budget;
  budget.start_element = ctxt->sax->startElement;
  ctxt->sax->startElement = start_element_within_budget;
  ctxt->sax->comment = nullptr;
  current_budget = &budget;
  htmlDocPtr doc = htmlCtxtReadMemory(ctxt, html.data(), static_cast<int>(html.size()), nullptr,
                                      encoding, options);
  current_budget = nullptr;
  htmlFreeParserCtxt(ctxt);
  if (cut) *cut = budget.cut;
  return doc;
}

}  // namespace byline
