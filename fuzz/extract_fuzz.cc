// Article pages are hostile input: extraction must never crash, hang or emit invalid UTF-8.
#include <cstdint>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "byline/article_json.h"
#include "byline/extract.h"
#include "common/text.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  byline::ExtractOptions opts;
  opts.url = "https://example.com/a/b.html";
  opts.now = 1'800'000'000;
  for (auto result : {byline::extract_html(bytes, opts), byline::extract_text(bytes, opts)}) {
    if (!result.ok()) continue;
    if (!byline::is_valid_utf8(result->title) || !byline::is_valid_utf8(result->body()))
      std::abort();
    (void)byline::article_to_json(*result);
  }
  (void)byline::article_from_json(bytes);
  // Cutting long strings keeps a JSON text valid: the cut falls between characters, never in
  // an escape, a surrogate pair or a UTF-8 sequence (records are cut so before the parse).
  std::string cut;
  if (byline::cut_json_strings(bytes, 5, &cut)) {
    if (cut.size() >= bytes.size()) std::abort();
    if (nlohmann::json::accept(bytes) && !nlohmann::json::accept(cut)) std::abort();
  }
  return 0;
}
