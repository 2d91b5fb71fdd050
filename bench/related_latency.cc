// related_latency: related-story latency on a large on-disk index, one core.
//
// Builds an index of --articles N (default 100,000) by replicating the labelled story set with
// perturbations (new ids and URLs, a share of the words replaced by words of other articles or
// by new rare names, dropped words, dates moved by up to two years), through the same path as
// `byline index`. Then runs --queries Q related() queries for random articles on one core and
// reports p50/p95/p99, side by side with Xapian's classic more-like-this (an RSet of the article,
// get_eset(40), OR, BM25, 10 results) on the same index in the same run.
//
//   related_latency [--set FILE.jsonl] [--articles N] [--queries Q] [--index DIR] [--keep]
//                   [--commit-every N (10000)]
//                   [--candidates N] [--query-terms N] [--rescore N]   (ranking knobs)
//
// Iterate on a smaller index (--articles 20000 --index /tmp/rel/idx20k); the 100,000 one is for
// the reported figure.
//
// With --index DIR an existing index there is reused (built when absent); --keep keeps the
// temporary index.
#include <sched.h>
#include <unistd.h>
#include <xapian.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <random>
#include <string>
#include <vector>

#include "byline/article_json.h"
#include "byline/index.h"
#include "byline/search.h"
#include "common/text.h"
#include "query/related_eval.h"

namespace {

using namespace byline;
using Clock = std::chrono::steady_clock;

double ms_since(Clock::time_point t0) {
  return std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
}

// CPU time of this thread: on a shared machine wall time also counts the waits for a core.
double cpu_ms() {
  timespec ts;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) * 1e3 + static_cast<double>(ts.tv_nsec) / 1e6;
}

uint64_t dir_bytes(const std::filesystem::path& dir) {
  uint64_t total = 0;
  std::error_code ec;
  for (auto it = std::filesystem::recursive_directory_iterator(dir, ec);
       !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec))
    if (it->is_regular_file(ec)) total += it->file_size(ec);
  return total;
}

std::vector<std::string> words_of(const std::string& s) {
  std::vector<std::string> out;
  for (auto& w : split(s, ' '))
    if (!w.empty()) out.push_back(w);
  return out;
}

// A perturbed copy of `base`: about 25% of the words replaced (four in five by a word of another
// article, one in five by a new rare name), 10% dropped, paragraphs kept.
std::string perturb(const std::string& text, const std::vector<std::string>& pool,
                    std::mt19937_64& rng) {
  std::uniform_real_distribution<double> u(0, 1);
  std::uniform_int_distribution<size_t> pick(0, pool.size() - 1);
  std::string out;
  for (const auto& para : split(text, '\n')) {
    std::string line;
    for (const auto& w : words_of(para)) {
      const double r = u(rng);
      std::string x = w;
      if (r < 0.10) continue;
      if (r < 0.30) x = pool[pick(rng)];
      if (r >= 0.30 && r < 0.35) {
        static const char kLetters[] = "bcdfghjklmnpqrstvwxz";
        x = "K";
        for (int i = 0; i < 5; ++i) x += kLetters[rng() % 20];
      }
      if (!line.empty()) line += ' ';
      line += x;
    }
    if (!out.empty()) out += '\n';
    out += line;
  }
  return out;
}

int build(const eval::Judged& set, const std::string& dir, size_t n, size_t commit_every) {
  std::vector<std::string> pool;
  for (const auto& a : set.set())
    for (const auto& w : words_of(a.text)) pool.push_back(w);
  auto writer = IndexWriter::open(dir);
  if (!writer.ok()) {
    std::fprintf(stderr, "related_latency: %s\n", writer.status().message().c_str());
    return 1;
  }
  std::mt19937_64 rng(42);
  std::uniform_int_distribution<int> shift(-730, 730);
  for (size_t i = 0; i < n; ++i) {
    const auto& base = set.set()[i % set.set().size()];
    auto j = nlohmann::json::parse(base.json);
    char id[32];
    std::snprintf(id, sizeof id, "lat-%07zu", i);
    j["id"] = id;
    if (j.contains("url") && j["url"].is_string())
      j["url"] = j["url"].get<std::string>() + "?copy=" + std::to_string(i);
    if (i >= set.set().size()) {
      j["text"] = perturb(base.text, pool, rng);
      j["title"] = perturb(base.title, pool, rng);
      if (j.contains("description") && j["description"].is_string())
        j["description"] = perturb(j["description"].get<std::string>(), pool, rng);
      auto a0 = article_from_json(base.json);
      if (a0.ok() && a0->published) j["date"] = *a0->published + 86400LL * shift(rng);
    }
    auto a = article_from_json(j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
    if (!a.ok()) continue;
    auto r = (*writer)->add(*a);
    if (!r.ok()) {
      std::fprintf(stderr, "related_latency: %s\n", r.status().message().c_str());
      return 1;
    }
    // Fewer, larger commits: each one flushes every B-tree, which dominated small batches.
    if ((i + 1) % commit_every == 0) {
      if (Status s = (*writer)->commit(); !s.ok()) return 1;
    }
    if ((i + 1) % 10000 == 0) std::fprintf(stderr, "  %zu articles\n", i + 1);
  }
  return (*writer)->commit().ok() ? 0 : 1;
}

struct Summary {
  double p50, p95, p99, mean;
};

Summary summarise(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  auto at = [&](double p) {
    return v[std::min(v.size() - 1, static_cast<size_t>(p * static_cast<double>(v.size())))];
  };
  double sum = 0;
  for (double x : v) sum += x;
  return {at(0.50), at(0.95), at(0.99), sum / static_cast<double>(v.size())};
}

}  // namespace

int main(int argc, char** argv) {
  std::string set_path =
      std::string(BYLINE_SHARED_DIR) + "/corpora/related/giveme5w1h-newscluster/articles.jsonl";
  size_t n = 100000, queries = 1000, commit_every = 10000;
  std::string index_dir;
  bool keep = false;
  RelatedOptions options;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    auto next = [&]() -> std::string { return i + 1 < argc ? argv[++i] : std::string(); };
    if (arg == "--set")
      set_path = next();
    else if (arg == "--articles")
      n = std::strtoul(next().c_str(), nullptr, 10);
    else if (arg == "--queries")
      queries = std::strtoul(next().c_str(), nullptr, 10);
    else if (arg == "--index")
      index_dir = next();
    else if (arg == "--keep")
      keep = true;
    else if (arg == "--commit-every")
      commit_every = std::max<size_t>(1, std::strtoul(next().c_str(), nullptr, 10));
    else if (arg == "--candidates")
      options.candidates = std::atoi(next().c_str());
    else if (arg == "--first-pass-max-df")
      options.first_pass_max_df = std::atof(next().c_str());
    else if (arg == "--query-terms")
      options.query_terms = std::atoi(next().c_str());
    else if (arg == "--rescore")
      options.rescore = std::atoi(next().c_str());
    else {
      std::fprintf(
          stderr,
          "usage: related_latency [--set FILE.jsonl] [--articles N] [--queries Q] [--index DIR] "
          "[--keep] [--commit-every N] [--candidates N] [--query-terms N] [--rescore N]\n");
      return 2;
    }
  }
  // One core, as the goal is stated.
  cpu_set_t cpus;
  CPU_ZERO(&cpus);
  CPU_SET(sched_getcpu(), &cpus);
  sched_setaffinity(0, sizeof cpus, &cpus);

  auto loaded = eval::load_labelled(set_path);
  if (!loaded.ok()) {
    std::fprintf(stderr, "related_latency: %s\n", loaded.status().message().c_str());
    return 3;
  }
  const eval::Judged set(std::move(*loaded));
  const bool temporary = index_dir.empty();
  if (temporary)
    index_dir =
        (std::filesystem::temp_directory_path() / ("related_latency." + std::to_string(getpid())))
            .string();
  double build_s = 0;
  if (!std::filesystem::exists(index_dir)) {
    std::fprintf(stderr, "building %zu articles into %s\n", n, index_dir.c_str());
    const auto t0 = Clock::now();
    if (build(set, index_dir, n, commit_every) != 0) return 1;
    build_s = ms_since(t0) / 1000;
  }
  auto searcher = Searcher::open(index_dir);
  if (!searcher.ok()) {
    std::fprintf(stderr, "related_latency: %s\n", searcher.status().message().c_str());
    return 1;
  }
  Xapian::Database db(index_dir);
  const size_t docs = db.get_doccount();
  std::mt19937_64 rng(7);
  std::uniform_int_distribution<size_t> pick(0, docs - 1);
  std::vector<std::string> ids;
  for (size_t i = 0; i < queries; ++i) {
    char id[32];
    std::snprintf(id, sizeof id, "lat-%07zu", pick(rng));
    ids.push_back(id);
  }

  // The first `warm` queries fill the page cache and the ranker's idf table; they are reported
  // apart, and the figures are over the rest.
  const size_t warm = std::min<size_t>(200, ids.size() / 3);
  std::vector<double> ours, ours_cpu, peer, peer_cpu;
  size_t results = 0;
  for (const auto& id : ids) {
    const auto t0 = Clock::now();
    const double c0 = cpu_ms();
    auto hits = (*searcher)->related(id, options);
    ours_cpu.push_back(cpu_ms() - c0);
    ours.push_back(ms_since(t0));
    if (!hits.ok()) {
      std::fprintf(stderr, "related_latency: %s\n", hits.status().message().c_str());
      return 1;
    }
    results += hits->size();
  }
  for (const auto& id : ids) {
    const auto t0 = Clock::now();
    const double c0 = cpu_ms();
    auto p = db.postlist_begin("Q" + id);
    Xapian::RSet rset;
    rset.add_document(*p);
    Xapian::Enquire enquire(db);
    const Xapian::ESet eset = enquire.get_eset(40, rset);
    enquire.set_query(Xapian::Query(Xapian::Query::OP_OR, eset.begin(), eset.end()));
    const Xapian::MSet mset = enquire.get_mset(0, 11);
    for (auto m = mset.begin(); m != mset.end(); ++m) m.get_document().get_data();
    peer_cpu.push_back(cpu_ms() - c0);
    peer.push_back(ms_since(t0));
  }
  auto tail = [&](const std::vector<double>& v) {
    return std::vector<double>(v.begin() + warm, v.end());
  };
  auto head = [&](const std::vector<double>& v) {
    return std::vector<double>(v.begin(), v.begin() + warm);
  };
  std::printf("index: %zu articles, %.1f MB on disk%s\n", docs, dir_bytes(index_dir) / 1e6,
              build_s > 0 ? "" : " (reused)");
  if (build_s > 0)
    std::printf("build: %.0f s (%.0f articles/s)\n", build_s, static_cast<double>(n) / build_s);
  std::printf("queries: %zu on one core (%zu warm-up), %.1f results each\n", ids.size(), warm,
              static_cast<double>(results) / ids.size());
  std::printf("%-34s %8s %8s %8s %8s\n", "ms per query", "p50", "p95", "p99", "mean");
  auto row = [](const char* label, const std::vector<double>& v) {
    const Summary s = summarise(v);
    std::printf("%-34s %8.2f %8.2f %8.2f %8.2f\n", label, s.p50, s.p95, s.p99, s.mean);
    return s;
  };
  const Summary a = row("byline related, wall", tail(ours));
  row("byline related, CPU", tail(ours_cpu));
  row("  warm-up queries, wall", head(ours));
  // The ranker fills its idf table from one scan of the index after a few dozen queries (once
  // per index revision): that one query is the slowest of the warm-up.
  if (warm > 0)
    std::printf("  slowest warm-up query (idf snapshot), wall: %.1f ms\n",
                *std::max_element(ours.begin(), ours.begin() + warm));
  const Summary b = row("Xapian MLT (eset 40, BM25), wall", tail(peer));
  row("Xapian MLT, CPU", tail(peer_cpu));
  std::printf("ratio byline/MLT (wall): p50 %.2f, p95 %.2f\n", a.p50 / b.p50, a.p95 / b.p95);
  if (temporary && !keep) std::filesystem::remove_all(index_dir);
  return 0;
}
