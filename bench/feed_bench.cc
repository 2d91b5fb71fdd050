// feed_bench: feed parsing speed and memory on the 37 real feeds, side by side with Python's
// feedparser (Debian's python3-feedparser) run in the same invocation on the same bytes.
//
//   build-dir/bench/feed_bench [--min-seconds S] [--no-python]
//
// Prints MB/s for byline's parse_feed and for feedparser, their ratio, and the peak memory of
// one parse of each feed over 1 MB (peak resident growth measured in a forked child, as a
// multiple of the input size).
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "byline/feed.h"

namespace fs = std::filesystem;
using byline::parse_feed;

namespace {

// Parse options with only the document URL set.
byline::FeedParseOptions with_url(std::string url) {
  byline::FeedParseOptions o;
  o.url = std::move(url);
  return o;
}

struct Input {
  std::string name;
  std::string path;
  std::string bytes;
};

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// kB from /proc/self/status ("VmHWM:", "VmRSS:").
long status_kb(const char* key) {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line))
    if (line.rfind(key, 0) == 0) return std::atol(line.c_str() + std::strlen(key));
  return -1;
}

// Peak resident growth while parsing `bytes` once, in a forked child so that nothing the
// parent allocated earlier hides it. Returns bytes, or -1.
long peak_parse_bytes(const std::string& bytes) {
  int fds[2];
  if (pipe(fds) != 0) return -1;
  const pid_t pid = fork();
  if (pid == 0) {
    close(fds[0]);
    // Reset the high-water mark to the current RSS (Linux >= 4.0).
    std::ofstream("/proc/self/clear_refs") << "5";
    const long before = status_kb("VmRSS:");
    auto r = parse_feed(bytes, with_url("https://example.com/feed"));
    const long peak = status_kb("VmHWM:");
    long delta = r.ok() ? (peak - before) * 1024 : -1;
    (void)!write(fds[1], &delta, sizeof delta);
    _exit(0);
  }
  close(fds[1]);
  long delta = -1;
  (void)!read(fds[0], &delta, sizeof delta);
  close(fds[0]);
  waitpid(pid, nullptr, 0);
  return delta;
}

double python_seconds(const std::vector<Input>& inputs, int rounds, std::string& version) {
  // The same files, parsed from bytes in memory, timed inside Python.
  std::string list;
  for (const Input& in : inputs) list += in.path + "\n";
  const fs::path tmp = fs::temp_directory_path() / ("feed_bench_" + std::to_string(getpid()));
  std::ofstream(tmp) << list;
  const std::string script =
      "import sys, time, feedparser\n"
      "paths = [p for p in open(sys.argv[1]).read().split('\\n') if p]\n"
      "data = [open(p, 'rb').read() for p in paths]\n"
      "rounds = int(sys.argv[2])\n"
      "t = time.perf_counter()\n"
      "for _ in range(rounds):\n"
      "    for d in data: feedparser.parse(d)\n"
      "print(time.perf_counter() - t, feedparser.__version__)\n";
  const fs::path py = tmp.string() + ".py";
  std::ofstream(py) << script;
  const std::string cmd = "/usr/bin/python3 '" + py.string() + "' '" + tmp.string() + "' " +
                          std::to_string(rounds) + " 2>/dev/null";
  FILE* p = popen(cmd.c_str(), "r");
  double secs = -1;
  if (p) {
    char buf[256] = {0};
    if (std::fgets(buf, sizeof buf, p)) {
      char ver[64] = {0};
      if (std::sscanf(buf, "%lf %63s", &secs, ver) >= 1) version = ver;
    }
    pclose(p);
  }
  fs::remove(tmp);
  fs::remove(py);
  return secs;
}

}  // namespace

int main(int argc, char** argv) {
  double min_seconds = 2.0;
  bool python = true;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--min-seconds") == 0 && i + 1 < argc)
      min_seconds = std::atof(argv[++i]);
    else if (std::strcmp(argv[i], "--no-python") == 0)
      python = false;
  }
  const fs::path dir = fs::path(BYLINE_SHARED_DIR) / "corpora/feeds/realworld";
  if (!fs::is_directory(dir)) {
    std::fprintf(stderr, "feed_bench: %s not found (needs ../shared)\n", dir.c_str());
    return 2;
  }
  std::vector<Input> inputs;
  for (const auto& e : fs::directory_iterator(dir)) {
    const std::string ext = e.path().extension().string();
    if (ext == ".xml" || ext == ".json")
      inputs.push_back({e.path().filename().string(), e.path().string(), slurp(e.path())});
  }
  std::sort(inputs.begin(), inputs.end(), [](auto& a, auto& b) { return a.name < b.name; });
  size_t total = 0;
  for (const Input& in : inputs) total += in.bytes.size();
  std::printf("%zu feeds, %.2f MB\n", inputs.size(), total / 1e6);

  // byline: repeat whole rounds until min_seconds have passed.
  int rounds = 0, failures = 0;
  size_t entries = 0;
  const auto start = std::chrono::steady_clock::now();
  double secs = 0;
  do {
    for (const Input& in : inputs) {
      auto r = parse_feed(in.bytes, with_url("https://example.com/feed"));
      if (!r.ok())
        ++failures;
      else if (rounds == 0)
        entries += r->entries.size();
    }
    ++rounds;
    secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  } while (secs < min_seconds);
  const double ours = total * rounds / secs / 1e6;
  std::printf("byline parse_feed : %8.1f MB/s  (%d rounds, %zu entries/round, %d failures)\n", ours,
              rounds, entries, failures / rounds);

  if (python) {
    std::string version;
    const int py_rounds = 1;
    const double py = python_seconds(inputs, py_rounds, version);
    if (py > 0) {
      const double theirs = total * py_rounds / py / 1e6;
      std::printf("python feedparser : %8.1f MB/s  (feedparser %s, %d round)\n", theirs,
                  version.c_str(), py_rounds);
      std::printf("speed ratio       : %8.1fx  (goal: 30x)\n", ours / theirs);
    } else {
      std::printf("python feedparser : not available (/usr/bin/python3 -c 'import feedparser')\n");
    }
  }

  std::printf("\npeak memory of one parse, feeds over 1 MB (goal: <= 4x input):\n");
  for (const Input& in : inputs) {
    if (in.bytes.size() < 1000000) continue;
    const long peak = peak_parse_bytes(in.bytes);
    std::printf("  %-32s %7.2f MB input, %7.2f MB peak growth = %.2fx\n", in.name.c_str(),
                in.bytes.size() / 1e6, peak / 1e6, static_cast<double>(peak) / in.bytes.size());
  }
  return 0;
}
