// extract_bench: extraction speed on one core over the scrapinghub corpus, parsing included,
// side by side with libxml2's HTML parse alone on the same pages in the same run.
//
//   extract_bench [--shared DIR] [--rounds N]
//
// Pages are decompressed into memory first; each round runs every page once, single-threaded
// (the process is pinned to one CPU). The best and the median round are reported. byline's
// own parse step drops script and style bodies before libxml2 reads the page, so it is also
// shown alone.
#include <libxml/HTMLparser.h>
#include <sched.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <iomanip>
#include <iostream>

#include "bench/extract_corpus.h"
#include "byline/extract.h"
#include "indexer/html_dom.h"

using namespace byline;
using Clock = std::chrono::steady_clock;

namespace {

template <typename F>
std::vector<double> rounds(int n, F f) {
  std::vector<double> secs;
  for (int r = 0; r < n; ++r) {
    const auto t0 = Clock::now();
    f();
    secs.push_back(std::chrono::duration<double>(Clock::now() - t0).count());
  }
  std::sort(secs.begin(), secs.end());
  return secs;
}

void ignore(void*, const char*, ...) {}

}  // namespace

int main(int argc, char** argv) {
  std::filesystem::path shared = BYLINE_SHARED_DIR;
  int n_rounds = 7;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--shared" && i + 1 < argc)
      shared = argv[++i];
    else if (a == "--rounds" && i + 1 < argc)
      n_rounds = std::max(1, std::atoi(argv[++i]));
    else {
      std::cerr << "usage: extract_bench [--shared DIR] [--rounds N]\n";
      return 2;
    }
  }
  cpu_set_t set;
  CPU_ZERO(&set);
  CPU_SET(sched_getcpu() >= 0 ? sched_getcpu() : 0, &set);
  sched_setaffinity(0, sizeof set, &set);

  const auto pages = corpus::load_pages(shared, /*with_html=*/true);
  if (pages.empty()) {
    std::cerr << "extract_bench: no corpus under " << corpus::scrapinghub_dir(shared) << "\n";
    return 3;
  }
  size_t bytes = 0;
  for (const auto& p : pages) bytes += p.html.size();
  xmlSetGenericErrorFunc(nullptr, ignore);

  size_t sink = 0;
  const auto parse = rounds(n_rounds, [&] {
    for (const auto& p : pages) {
      htmlDocPtr d =
          htmlReadMemory(p.html.data(), static_cast<int>(p.html.size()), nullptr, "UTF-8",
                         HTML_PARSE_RECOVER | HTML_PARSE_NONET | HTML_PARSE_NOERROR |
                             HTML_PARSE_NOWARNING | HTML_PARSE_COMPACT);
      sink += d != nullptr;
      xmlFreeDoc(d);
    }
  });
  const auto own_parse = rounds(n_rounds, [&] {
    for (const auto& p : pages) sink += parse_html(p.html, "") != nullptr;
  });
  const auto extract = rounds(n_rounds, [&] {
    for (const auto& p : pages) {
      ExtractOptions o;
      o.url = p.url;
      auto r = extract_html(p.html, o);
      sink += r.ok() ? r->sections.size() : 0;
    }
  });
  const double n = static_cast<double>(pages.size());
  auto line = [&](const char* name, const std::vector<double>& s) {
    std::cout << "  " << std::left << std::setw(30) << name << std::right << std::fixed
              << std::setprecision(0) << std::setw(8) << n / s.front() << std::setw(10)
              << n / s[s.size() / 2] << std::setprecision(2) << std::setw(10)
              << 1000 * s[s.size() / 2] / n << "\n";
  };
  std::cout << "extraction speed, " << pages.size() << " pages (" << bytes / 1024
            << " KiB of HTML), one core, " << n_rounds << " rounds\n"
            << "  " << std::left << std::setw(30) << "" << std::right << std::setw(8) << "best"
            << std::setw(10) << "median" << std::setw(10) << "ms/page"
            << "   (pages/s)\n";
  line("libxml2 HTML parse alone", parse);
  line("byline parse step (no scripts)", own_parse);
  line("byline extract_html (parse+all)", extract);
  std::cout << "  byline end to end runs at " << std::setprecision(2)
            << parse[parse.size() / 2] / extract[extract.size() / 2]
            << "x the plain libxml2 parse rate\n";
  std::cout << "  extraction beyond byline's parse step: " << std::setprecision(2)
            << 1000 * (extract[extract.size() / 2] - own_parse[own_parse.size() / 2]) / n
            << " ms/page; parse share " << std::setprecision(0)
            << 100 * own_parse[own_parse.size() / 2] / extract[extract.size() / 2] << "%\n";
  return sink == 0 ? 1 : 0;
}
