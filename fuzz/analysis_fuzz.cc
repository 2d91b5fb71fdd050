// What the analyzer is given comes from hostile pages and records: entity and term extraction
// must never crash or hang, every term must fit Xapian's limit (or adding the document would
// throw), and the stored record must be valid JSON in valid UTF-8.
#include <cstdint>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <string_view>

#include "byline/article_json.h"
#include "byline/extract.h"
#include "byline/index.h"
#include "common/text.h"
#include "indexer/analyzer.h"

namespace {

void check(byline::Article a) {
  if (a.id.empty()) a.id = byline::article_id_for(a.url.empty() ? "text:" + a.title : a.url);
  byline::AnalyzedArticle an;
  try {
    an = byline::analyze_article(a);
  } catch (const Xapian::Error&) {
    return;  // reported as a Status by PreparedArticle; not a crash
  }
  for (auto t = an.doc.termlist_begin(); t != an.doc.termlist_end(); ++t)
    if ((*t).empty() || (*t).size() > 245) std::abort();
  for (const auto& e : an.entities)
    if (!byline::is_valid_utf8(e.name) || e.key.empty()) std::abort();
  const std::string data = an.doc.get_data();
  if (!byline::is_valid_utf8(data)) std::abort();
  if (nlohmann::json::parse(data, nullptr, false).is_discarded()) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  byline::ExtractOptions opts;
  opts.url = "https://example.com/a/b.html";
  opts.now = 1'800'000'000;
  if (auto r = byline::extract_text(bytes, opts); r.ok()) check(*r);
  if (auto r = byline::extract_html(bytes, opts); r.ok()) check(*r);
  if (auto r = byline::article_from_json(bytes); r.ok()) check(*r);
  return 0;
}
