// serve_bench: what the HTTP API costs over calling the library, side by side in one run.
//
// The same searches (two words of an article's title) and related() lookups (by id) are
// answered by a Searcher called in process (the peer: what an app embedding byline::query pays)
// and by `byline serve`'s server over loopback with a kept-alive connection per client (libcurl),
// one client and then two at once (this machine has two cores). Rounds alternate between the
// two; the medians are reported, with the server's rate as a ratio of the library's.
//
//   serve_bench [--index DIR] [--queries N (400)] [--rounds R (5)] [--limit N (10)]
//               [--gzip] [--tls-cert PEM --tls-key PEM]
//
// --limit sets the hits a search asks for (the answer's size); --gzip makes the HTTP clients
// accept gzip (libcurl decodes it); --tls-cert/--tls-key serve HTTPS with a bearer token, as a
// server on a network would (the clients check the certificate against itself).
//
// Without --index an index of samples/articles is built in a temporary directory; the figure
// in docs/benchmarks.md is on a 20,000-article index (bench/related_latency.cc builds one).
#include <curl/curl.h>
#include <xapian.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <random>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "byline/extract.h"
#include "byline/index.h"
#include "byline/search.h"
#include "common/text.h"
#include "query/results_json.h"
#include "server/credentials.h"
#include "server/http_api.h"
#include "server/http_server.h"
#include "title_queries.h"

namespace {

using Clock = std::chrono::steady_clock;
namespace fs = std::filesystem;

struct Work {
  std::vector<std::string> queries;  // search queries
  std::vector<std::string> ids;      // related() articles
};

size_t discard(char*, size_t size, size_t n, void*) { return size * n; }

std::string escape(const std::string& s) {
  char* e = curl_easy_escape(nullptr, s.data(), static_cast<int>(s.size()));
  std::string out = e;
  curl_free(e);
  return out;
}

// Requests per second of `clients` threads each running `one(i)` for its share of `n` requests.
double rate(int clients, size_t n, const std::function<std::function<void(size_t)>()>& make) {
  std::vector<std::thread> threads;
  const auto t0 = Clock::now();
  for (int c = 0; c < clients; ++c)
    threads.emplace_back([&, c] {
      auto one = make();
      for (size_t i = c; i < n; i += clients) one(i);
    });
  for (auto& t : threads) t.join();
  return n / std::chrono::duration<double>(Clock::now() - t0).count();
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

int fail(const std::string& what) {
  std::fprintf(stderr, "serve_bench: %s\n", what.c_str());
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  std::string index;
  size_t queries = 400;
  int rounds = 5;
  size_t limit = 10;
  bool gzip = false;
  std::string cert, key;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--index" && i + 1 < argc)
      index = argv[++i];
    else if (a == "--queries" && i + 1 < argc)
      queries = std::strtoul(argv[++i], nullptr, 10);
    else if (a == "--rounds" && i + 1 < argc)
      rounds = std::atoi(argv[++i]);
    else if (a == "--limit" && i + 1 < argc)
      limit = std::strtoul(argv[++i], nullptr, 10);
    else if (a == "--gzip")
      gzip = true;
    else if (a == "--tls-cert" && i + 1 < argc)
      cert = argv[++i];
    else if (a == "--tls-key" && i + 1 < argc)
      key = argv[++i];
    else
      return fail(
          "usage: serve_bench [--index DIR] [--queries N] [--rounds R] [--limit N] [--gzip] "
          "[--tls-cert PEM --tls-key PEM]");
  }
  curl_global_init(CURL_GLOBAL_DEFAULT);
  fs::path tmp;
  if (index.empty()) {
    tmp = fs::temp_directory_path() / ("serve_bench." + std::to_string(getpid()));
    index = (tmp / "idx").string();
    auto w = byline::IndexWriter::open(index);
    if (!w.ok()) return fail(w.status().message());
    for (const auto& e : fs::recursive_directory_iterator(BYLINE_SOURCE_DIR "/samples/articles")) {
      if (e.path().extension() != ".html") continue;
      std::ifstream in(e.path());
      std::stringstream ss;
      ss << in.rdbuf();
      byline::ExtractOptions eo;
      eo.url = "file://" + e.path().string();
      auto a = byline::extract_html(ss.str(), eo);
      if (a.ok()) (void)(*w)->add(*a);
    }
    if (!(*w)->commit().ok()) return fail("commit failed");
  }

  // The work: two title words per query, ids for related(), from the index itself.
  auto searcher = byline::Searcher::open(index);
  if (!searcher.ok()) return fail(searcher.status().message());
  auto titles = bench::title_queries(index, **searcher, queries);
  if (!titles.ok()) return fail(titles.status().message());
  Work work{titles->queries, titles->ids};

  byline::server::Api api(index);
  byline::server::ServerOptions so;
  so.listen = "127.0.0.1:0";
  so.threads = 2;
  const std::string token(64, 'b');
  if (!cert.empty()) {
    auto c = byline::server::read_pem_file(cert, "TLS certificate");
    auto k = byline::server::read_pem_file(key, "TLS key");
    if (!c.ok() || !k.ok()) return fail(!c.ok() ? c.status().message() : k.status().message());
    so.tls_cert_pem = *c;
    so.tls_key_pem = *k;
    so.tokens = {token};
  }
  auto server = byline::server::HttpServer::start(api, so);
  if (!server.ok()) return fail(server.status().message());
  const std::string base = (*server)->url();

  auto library = [&](bool related) {
    return [&, related]() -> std::function<void(size_t)> {
      auto opened = byline::Searcher::open(index);
      std::shared_ptr<byline::Searcher> s(std::move(opened.value()));
      return [&, s, related](size_t i) {
        if (related) {
          (void)s->related(work.ids[i]);
        } else {
          byline::SearchOptions o;
          o.limit = static_cast<int>(limit);
          (void)s->search(work.queries[i], o);
        }
      };
    };
  };
  // Bytes of answer bodies as sent (compressed when gzip is accepted), and answers counted.
  std::atomic<uint64_t> search_bytes{0}, related_bytes{0}, search_answers{0}, related_answers{0};
  auto http = [&](bool related) {
    return [&, related]() -> std::function<void(size_t)> {
      std::shared_ptr<CURL> h(curl_easy_init(), curl_easy_cleanup);
      curl_easy_setopt(h.get(), CURLOPT_WRITEFUNCTION, discard);
      if (gzip) curl_easy_setopt(h.get(), CURLOPT_ACCEPT_ENCODING, "gzip");
      if (!cert.empty()) {
        curl_easy_setopt(h.get(), CURLOPT_CAINFO, cert.c_str());
        curl_easy_setopt(h.get(), CURLOPT_XOAUTH2_BEARER, token.c_str());
        curl_easy_setopt(h.get(), CURLOPT_HTTPAUTH, CURLAUTH_BEARER);
      }
      return [&, h, related](size_t i) {
        const std::string url = related ? base + "/v1/related?id=" + escape(work.ids[i])
                                        : base + "/v1/search?q=" + escape(work.queries[i]) +
                                              "&limit=" + std::to_string(limit);
        curl_easy_setopt(h.get(), CURLOPT_URL, url.c_str());
        long status = 0;
        if (curl_easy_perform(h.get()) != CURLE_OK ||
            (curl_easy_getinfo(h.get(), CURLINFO_RESPONSE_CODE, &status), status != 200)) {
          std::fprintf(stderr, "serve_bench: %s failed (%ld)\n", url.c_str(), status);
          std::exit(1);
        }
        curl_off_t got = 0;
        curl_easy_getinfo(h.get(), CURLINFO_SIZE_DOWNLOAD_T, &got);
        (related ? related_bytes : search_bytes) += static_cast<uint64_t>(got);
        ++(related ? related_answers : search_answers);
      };
    };
  };

  auto stats = (*searcher)->stats();
  std::printf(
      "index %s: %llu articles; %zu requests of each kind a round, %d rounds; search limit %zu; "
      "%s%s\n",
      index.c_str(), static_cast<unsigned long long>(stats.ok() ? stats->articles : 0),
      work.queries.size(), rounds, limit, cert.empty() ? "HTTP" : "HTTPS with a token",
      gzip ? ", gzip accepted" : "");
  std::printf("%-10s %7s %14s %14s %7s\n", "request", "clients", "library req/s", "HTTP req/s",
              "ratio");
  for (bool related : {false, true})
    for (int clients : {1, 2}) {
      std::vector<double> lib, net;
      rate(clients, work.queries.size(), library(related));  // warm the caches once
      rate(clients, work.queries.size(), http(related));
      for (int r = 0; r < rounds; ++r) {
        lib.push_back(rate(clients, work.queries.size(), library(related)));
        net.push_back(rate(clients, work.queries.size(), http(related)));
      }
      const double l = median(lib), n = median(net);
      std::printf("%-10s %7d %14.0f %14.0f %6.2fx\n", related ? "related" : "search", clients, l, n,
                  n / l);
    }
  std::printf("answer bodies as sent: search %.0f bytes, related %.0f bytes (means)\n",
              double(search_bytes) / std::max<uint64_t>(1, search_answers),
              double(related_bytes) / std::max<uint64_t>(1, related_answers));
  server->reset();
  if (!tmp.empty()) fs::remove_all(tmp);
  curl_global_cleanup();
  return 0;
}
