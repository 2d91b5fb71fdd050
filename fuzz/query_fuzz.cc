// Fuzzes what a client sends the query side: a search query with its options, a related()
// look-up, and an HTTP API request (path, parameters, body) against a small index built once;
// and the server's own readers of headers and token files (Authorization, Accept-Encoding).
// Every answer must be valid UTF-8 JSON; nothing may crash, hang or throw.
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "byline/index.h"
#include "byline/search.h"
#include "common/text.h"
#include "query/query_text.h"
#include "query/results_json.h"
#include "query/spelling.h"
#include "server/compress.h"
#include "server/credentials.h"
#include "server/http_api.h"

namespace {

std::string build_index() {
  const std::string path =
      (std::filesystem::temp_directory_path() / ("query_fuzz." + std::to_string(getpid())))
          .string();
  auto w = byline::IndexWriter::open(path);
  if (!w.ok()) std::abort();
  const char* texts[] = {
      "Norrland Chips will build a semiconductor plant in Lulea, Sweden, for eleven billion euros.",
      "Vireo Mobile unveiled the Vireo Fold 3 smartphone with a titanium frame and a big battery.",
      "Solvang Energy recalled forty thousand home battery packs after reports of overheating.",
      "Regulators in Brussels opened an inquiry into cloud contracts signed by three providers.",
  };
  int n = 0;
  for (const char* t : texts) {
    byline::Article a;
    a.url = "https://example.com/" + std::to_string(n++);
    a.title = std::string(t).substr(0, 40);
    a.site_name = n % 2 ? "Alpha" : "Beta";
    a.published = 1790000000 + n * 86400;
    a.sections.push_back({"", byline::SectionKind::kLead, t});
    if (!(*w)->add(a).ok()) std::abort();
  }
  if (!(*w)->commit().ok()) std::abort();
  return path;
}

void check_json(const std::string& s) {
  if (!byline::is_valid_utf8(s)) std::abort();
  if (nlohmann::json::parse(s, nullptr, false).is_discarded()) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const std::string path = build_index();
  static auto searcher = std::move(byline::Searcher::open(path).value());
  static byline::server::Api api(path);
  if (size < 2) return 0;
  const uint8_t mode = data[0], opts = data[1];
  const std::string_view rest(reinterpret_cast<const char*>(data + 2), size - 2);

  // Search: the text as the query, options from the second byte.
  byline::SearchOptions so;
  so.limit = opts & 7;
  so.offset = (opts >> 3) & 3;
  so.order = static_cast<byline::SearchOrder>((opts >> 5) % 3);
  so.collapse_copies = opts & 0x80;
  so.facets = (opts & 1) ? 3 : 0;
  auto r = searcher->search(std::string(rest), so);
  if (r.ok()) check_json(byline::search_json(*r, so.offset, so.facets > 0).dump());

  // The word helpers on the same text.
  const size_t half = rest.size() / 2;
  (void)byline::bounded_edit_distance(rest.substr(0, half), rest.substr(half), opts % 4);
  (void)byline::replace_words(rest, [](std::string_view w) -> std::optional<std::string> {
    if (w.size() % 3 == 0) return std::string(w) + "x";
    return std::nullopt;
  });

  // The HTTP API: "PATH?k=v&k=v\nBODY", the method from the first byte.
  byline::server::ApiRequest req;
  static const char* methods[] = {"GET", "HEAD", "POST", "PUT"};
  req.method = methods[mode % 4];
  const size_t nl = rest.find('\n');
  const std::string_view head = rest.substr(0, nl);
  if (nl != std::string_view::npos) req.body = std::string(rest.substr(nl + 1));
  const size_t qm = head.find('?');
  req.path = std::string(head.substr(0, qm));
  if (qm != std::string_view::npos) {
    std::string_view qs = head.substr(qm + 1);
    while (!qs.empty()) {
      const size_t amp = qs.find('&');
      const std::string_view kv = qs.substr(0, amp);
      const size_t eq = kv.find('=');
      req.params.emplace_back(std::string(kv.substr(0, eq)),
                              eq == std::string_view::npos ? "" : std::string(kv.substr(eq + 1)));
      if (amp == std::string_view::npos) break;
      qs.remove_prefix(amp + 1);
    }
  }
  req.content_type = (mode & 4) ? "text/html" : "application/json";
  const auto resp = api.handle(req);
  if (resp.status < 200 || resp.status > 599) std::abort();
  if (!resp.body.empty()) check_json(resp.body);

  // Headers and a token file: a token found is one the file would accept.
  static const std::vector<std::string> tokens = {std::string(20, 'k')};
  if (auto t = byline::server::bearer_token(rest)) {
    if (t->empty() || byline::server::token_matches(*t, tokens) != (*t == tokens[0])) std::abort();
  }
  (void)byline::server::accepts_gzip(rest);
  if (auto parsed = byline::server::parse_tokens(rest); parsed.ok())
    for (const auto& t : *parsed)
      if (t.size() < byline::server::kMinTokenChars || !byline::server::bearer_token("Bearer " + t))
        std::abort();
  return 0;
}
