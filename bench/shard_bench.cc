// shard_bench: what searching several indexes as one costs over one index of the same articles.
//
// The articles of --index are dealt round robin into K indexes (Xapian documents copied whole,
// with the index's metadata), for each K of --shards; the same searches (two words of an
// article's title) and related() lookups (by id) then run on a Searcher of the one index (the
// peer) and on one of the K indexes opened together (Searcher::open(paths)), rounds
// alternating (each timed pass after an untimed one), one client. Reported: the medians, the
// sharded rate as a ratio of the one index's, and how many answers are the same hits in the same
// order.
//
//   shard_bench --index DIR [--shards 2,4,8] [--queries N (400)] [--rounds R (5)] [--work DIR]
//               [--remote]
//
// --remote serves each of the K indexes with its own xapian-tcpsrv on loopback and reads them
// as tcp://127.0.0.1:PORT: what Xapian's remote protocol costs on top.
//
// The copies go to --work (default: a directory under /tmp, removed at the end; a --work
// directory is kept and reused when its copies have the index's article count).
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>
#include <xapian.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <random>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "byline/search.h"
#include "title_queries.h"

namespace {

using Clock = std::chrono::steady_clock;
namespace fs = std::filesystem;

int fail(const std::string& what) {
  std::fprintf(stderr, "shard_bench: %s\n", what.c_str());
  return 1;
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

// Deals the documents of `source` round robin into `k` new indexes under `dir`.
std::vector<std::string> deal(const std::string& source, int k, const fs::path& dir) {
  std::vector<std::string> paths;
  Xapian::Database src(source);
  bool reuse = true;
  for (int s = 0; s < k; ++s) {
    paths.push_back((dir / ("k" + std::to_string(k) + "-" + std::to_string(s))).string());
    try {
      Xapian::Database have(paths.back());
      const Xapian::doccount want = src.get_doccount() / k + (s < int(src.get_doccount() % k));
      if (have.get_doccount() != want) reuse = false;
    } catch (const Xapian::Error&) {
      reuse = false;
    }
  }
  if (reuse) return paths;
  std::vector<Xapian::WritableDatabase> out;
  for (const auto& p : paths) {
    fs::remove_all(p);
    out.emplace_back(p, Xapian::DB_CREATE);
    for (auto m = src.metadata_keys_begin(); m != src.metadata_keys_end(); ++m)
      out.back().set_metadata(*m, src.get_metadata(*m));
  }
  size_t i = 0;
  for (auto d = src.postlist_begin(""); d != src.postlist_end(""); ++d, ++i)
    out[i % k].add_document(src.get_document(*d));
  for (auto& w : out) w.commit();
  return paths;
}

// xapian-tcpsrv serving `dir` on `port`, in a process group of its own (it signals its group).
pid_t serve_remote(const std::string& dir, int port) {
  const std::string p = std::to_string(port);
  std::vector<const char*> argv = {"xapian-tcpsrv", "--port",  p.c_str(),   "--interface",
                                   "127.0.0.1",     "--quiet", dir.c_str(), nullptr};
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP);
  posix_spawnattr_setpgroup(&attr, 0);
  pid_t pid = 0;
  if (posix_spawnp(&pid, argv[0], nullptr, &attr, const_cast<char* const*>(argv.data()), environ) !=
      0)
    pid = 0;
  posix_spawnattr_destroy(&attr);
  return pid;
}

}  // namespace

int main(int argc, char** argv) {
  std::string index, work_dir;
  std::vector<int> shard_counts = {2, 4, 8};
  size_t queries = 400;
  int rounds = 5;
  bool remote = false;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--remote") {
      remote = true;
    } else if (a == "--index" && i + 1 < argc) {
      index = argv[++i];
    } else if (a == "--work" && i + 1 < argc) {
      work_dir = argv[++i];
    } else if (a == "--shards" && i + 1 < argc) {
      shard_counts.clear();
      std::stringstream ss(argv[++i]);
      for (std::string n; std::getline(ss, n, ',');)
        if (int k = std::atoi(n.c_str()); k >= 2) shard_counts.push_back(k);
    } else if (a == "--queries" && i + 1 < argc) {
      queries = std::strtoul(argv[++i], nullptr, 10);
    } else if (a == "--rounds" && i + 1 < argc) {
      rounds = std::max(1, std::atoi(argv[++i]));
    } else {
      return fail(
          "usage: shard_bench --index DIR [--shards 2,4,8] [--queries N] [--rounds R] "
          "[--work DIR] [--remote]");
    }
  }
  if (index.empty() || shard_counts.empty() || queries == 0)
    return fail("give --index DIR (a byline index; bench/related_latency.cc builds a big one)");
  const bool keep = !work_dir.empty();
  const fs::path work =
      keep ? fs::path(work_dir)
           : fs::temp_directory_path() / ("shard_bench." + std::to_string(getpid()));
  fs::create_directories(work);

  auto one = byline::Searcher::open(index);
  if (!one.ok()) return fail(one.status().message());
  auto titles = bench::title_queries(index, **one, queries);
  if (!titles.ok()) return fail(titles.status().message());
  const std::vector<std::string>& qs = titles->queries;
  const std::vector<std::string>& ids = titles->ids;

  // Requests per second of one Searcher running every search or every related().
  auto rate = [&](byline::Searcher& s, bool related) {
    const auto t0 = Clock::now();
    for (size_t i = 0; i < qs.size(); ++i) {
      if (related)
        (void)s.related(ids[i]);
      else
        (void)s.search(qs[i]);
    }
    return qs.size() / std::chrono::duration<double>(Clock::now() - t0).count();
  };
  auto same = [](const std::vector<byline::Hit>& a, const std::vector<byline::Hit>& b) {
    return std::equal(a.begin(), a.end(), b.begin(), b.end(),
                      [](const byline::Hit& x, const byline::Hit& y) { return x.id == y.id; });
  };

  auto stats = (*one)->stats();
  std::printf("index %s: %llu articles; %zu requests of each kind a round, %d rounds, 1 client\n",
              index.c_str(), static_cast<unsigned long long>(stats.ok() ? stats->articles : 0),
              qs.size(), rounds);
  std::printf("%-8s %8s %14s %14s %7s %12s\n", "request", "indexes", "one req/s", "sharded req/s",
              "ratio", "same answers");
  for (int k : shard_counts) {
    std::vector<std::string> paths;
    try {
      paths = deal(index, k, work);
    } catch (const Xapian::Error& e) {
      return fail(e.get_description());
    }
    std::vector<pid_t> servers;
    if (remote) {
      signal(SIGPIPE, SIG_IGN);
      for (size_t s = 0; s < paths.size(); ++s) {
        const int port = 39500 + static_cast<int>(s);
        servers.push_back(serve_remote(paths[s], port));
        if (!servers.back())
          return fail("cannot start xapian-tcpsrv (apt-get install xapian-tools)");
        paths[s] = "tcp://127.0.0.1:" + std::to_string(port);
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(500));
    }
    auto sharded = byline::Searcher::open(paths);
    if (!sharded.ok()) return fail(sharded.status().message());
    for (bool related : {false, true}) {
      size_t agree = 0;
      for (size_t i = 0; i < qs.size(); ++i) {
        if (related) {
          auto a = (*one)->related(ids[i]), b = (*sharded)->related(ids[i]);
          const bool eq = a.ok() && b.ok() && same(*a, *b);
          agree += eq;
          // SHARD_BENCH_DIFF=1 prints both lists of an answer that differs.
          if (!eq && std::getenv("SHARD_BENCH_DIFF") && a.ok() && b.ok()) {
            std::fprintf(stderr, "related %s differs:\n", ids[i].c_str());
            for (size_t j = 0; j < std::max(a->size(), b->size()); ++j)
              std::fprintf(
                  stderr, "  %s %.6f | %s %.6f\n", j < a->size() ? (*a)[j].id.c_str() : "-",
                  j < a->size() ? (*a)[j].score : 0, j < b->size() ? (*b)[j].id.c_str() : "-",
                  j < b->size() ? (*b)[j].score : 0);
          }
        } else {
          auto a = (*one)->search(qs[i]), b = (*sharded)->search(qs[i]);
          agree += a.ok() && b.ok() && same(a->hits, b->hits);
        }
      }
      std::vector<double> r1, rk;
      // related()'s term statistics are cached per thread and index state: each timed pass
      // follows an untimed one on the same Searcher, so both are measured warm.
      for (int r = 0; r < rounds; ++r) {
        rate(**one, related);
        r1.push_back(rate(**one, related));
        rate(**sharded, related);
        rk.push_back(rate(**sharded, related));
      }
      const double m1 = median(r1), mk = median(rk);
      std::printf("%-8s %7d%s %14.1f %14.1f %7.2f %7zu/%zu\n", related ? "related" : "search", k,
                  remote ? "r" : " ", m1, mk, mk / m1, agree, qs.size());
    }
    sharded = byline::Status(byline::ErrorCode::kNotFound, "closed");  // before its servers
    for (pid_t pid : servers) {
      kill(-pid, SIGTERM);
      waitpid(pid, nullptr, 0);
    }
  }
  if (!keep) fs::remove_all(work);
  return 0;
}
