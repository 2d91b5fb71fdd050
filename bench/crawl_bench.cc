// crawl_bench: byline crawl next to newsboat on the same loopback server, in the same run.
//
// 500 feeds x 20 items (sizes as the issue states), served from 127.0.0.1 with 50 ms added to
// every response. Rows: newsboat (`newsboat -x reload`, reload-threads 16); byline with article
// fetching off (`--host-concurrency 16 --host-delay 0 --no-articles`), which fetches, parses
// and full-text indexes every item; byline with article pages on (10,500 requests).
// Wall time and peak RSS of each child process (wait4). Not a test: prints a table.
//
//   build/bench/crawl_bench [--feeds 500] [--items 20] [--delay-ms 50] [--byline PATH]
//   build/bench/crawl_bench --serve 120   # only serve the feeds, to profile byline by hand
#include <fcntl.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>
#include <thread>
#include <vector>

#include "tests/http_test_server.h"

extern char** environ;

namespace {

namespace fs = std::filesystem;
using byline::testing::HttpRequest;
using byline::testing::HttpResponse;
using byline::testing::HttpTestServer;

int g_items = 20;
int g_delay_ms = 50;

// Varied, original filler so the index sees real vocabulary, not one repeated token.
const char* kWords[] = {"chip",      "export",      "rules",    "lunar",    "lander",   "battery",
                        "factory",   "quantum",     "network",  "startup",  "funding",  "privacy",
                        "regulator", "satellite",   "software", "update",   "market",   "analyst",
                        "memory",    "accelerator", "cloud",    "outage",   "security", "patch",
                        "robot",     "vehicle",     "charging", "standard", "browser",  "engine"};

std::string words(unsigned seed, int n) {
  std::string s;
  for (int i = 0; i < n; ++i) {
    seed = seed * 1103515245u + 12345u;
    if (i) s += ' ';
    s += kWords[(seed >> 16) % (sizeof kWords / sizeof *kWords)];
  }
  return s;
}

std::string feed_xml(int f) {
  std::string x =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\"><channel><title>Feed " +
      std::to_string(f) + "</title><link>http://site" + std::to_string(f) +
      ".example/</link><description>bench</description>\n";
  for (int i = 0; i < g_items; ++i) {
    const std::string id = std::to_string(f) + "-" + std::to_string(i);
    x += "<item><title>Story " + id + " " + words(f * 1000 + i, 6) + "</title><link>/article/" +
         id + ".html</link><guid>urn:bench:" + id +
         "</guid><pubDate>Mon, 02 Jan 2023 10:" + (i < 10 ? "0" : "") + std::to_string(i) +
         ":00 GMT</pubDate><description>" + words(f * 7919 + i, 60) + "</description></item>\n";
  }
  return x + "</channel></rss>\n";
}

std::string article_html(const std::string& id) {
  unsigned seed = static_cast<unsigned>(std::hash<std::string>()(id));
  std::string body;
  for (int p = 0; p < 6; ++p) body += "<p>" + words(seed + p, 70) + ".</p>";
  return "<!doctype html><html><head><title>Story " + id +
         "</title></head><body><nav>Home News</nav>"
         "<article><h1>Story " +
         id + "</h1>" + body + "</article><footer>(c) bench</footer></body></html>";
}

HttpResponse handle(const HttpRequest& req) {
  HttpResponse r;
  if (req.path.rfind("/feed/", 0) == 0) {
    r = HttpResponse::text(200, feed_xml(std::atoi(req.path.c_str() + 6)), "application/rss+xml");
  } else if (req.path.rfind("/article/", 0) == 0) {
    std::string id = req.path.substr(9, req.path.find(".html") - 9);
    r = HttpResponse::text(200, article_html(id), "text/html; charset=utf-8");
  } else {
    r = HttpResponse::text(404, "not found");
  }
  r.delay_ms = g_delay_ms;
  return r;
}

struct Run {
  double seconds = 0;
  double cpu_seconds = 0;  // user + system: comparable even when the machine is busy
  double peak_mb = 0;
  int exit_code = -1;
};

Run run(const std::vector<std::string>& args, const std::string& out_file) {
  std::vector<std::string> a = args;
  std::vector<char*> argv;
  for (auto& s : a) argv.push_back(s.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&fa, 1, out_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_addopen(&fa, 2, (out_file + ".err").c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0644);
  auto t0 = std::chrono::steady_clock::now();
  pid_t pid;
  Run r;
  if (posix_spawnp(&pid, argv[0], &fa, nullptr, argv.data(), environ) != 0) {
    std::cerr << "cannot run " << args[0] << '\n';
    return r;
  }
  int status = 0;
  struct rusage ru {};
  wait4(pid, &status, 0, &ru);
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  r.peak_mb = ru.ru_maxrss / 1024.0;
  r.cpu_seconds = ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 + ru.ru_stime.tv_sec +
                  ru.ru_stime.tv_usec / 1e6;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  posix_spawn_file_actions_destroy(&fa);
  return r;
}

}  // namespace

int main(int argc, char** argv) {
  int feeds = 500;
  int serve_seconds = 0;  // --serve N: only serve for N seconds (profiling byline by hand)
  std::string byline = (fs::path(argv[0]).parent_path() / ".." / "cli" / "byline").string();
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string k = argv[i];
    if (k == "--feeds")
      feeds = std::atoi(argv[i + 1]);
    else if (k == "--items")
      g_items = std::atoi(argv[i + 1]);
    else if (k == "--delay-ms")
      g_delay_ms = std::atoi(argv[i + 1]);
    else if (k == "--byline")
      byline = argv[i + 1];
    else if (k == "--serve")
      serve_seconds = std::atoi(argv[i + 1]);
  }
  HttpTestServer server(handle, std::chrono::seconds(3600));
  if (serve_seconds > 0) {
    std::printf("serving %s/feed/0.xml .. /feed/%d.xml for %d s\n", server.url("").c_str(),
                feeds - 1, serve_seconds);
    std::fflush(stdout);
    std::this_thread::sleep_for(std::chrono::seconds(serve_seconds));
    return 0;
  }
  const fs::path dir =
      fs::temp_directory_path() / ("byline-crawl-bench-" + std::to_string(getpid()));
  fs::create_directories(dir);
  std::vector<std::string> urls;
  for (int f = 0; f < feeds; ++f) urls.push_back(server.url("/feed/" + std::to_string(f) + ".xml"));

  // newsboat: its own url list and config.
  {
    std::ofstream u(dir / "urls");
    for (auto& x : urls) u << x << '\n';
    std::ofstream c(dir / "config");
    c << "reload-threads 16\nshow-read-feeds yes\n";
  }
  Run nb = run({"newsboat", "-x", "reload", "-u", (dir / "urls").string(), "-c",
                (dir / "cache.db").string(), "-C", (dir / "config").string()},
               (dir / "newsboat.out").string());
  const int nb_requests = server.total_requests();

  auto byline_args = [&](const std::string& db, bool articles) {
    std::vector<std::string> a = {byline,
                                  "--db",
                                  (dir / db).string(),
                                  "crawl",
                                  "--allow-private-networks",
                                  "--concurrency",
                                  "16",
                                  "--host-concurrency",
                                  "16",
                                  "--host-delay",
                                  "0",
                                  "--format",
                                  "json"};
    if (!articles) a.push_back("--no-articles");
    a.insert(a.end(), urls.begin(), urls.end());
    return a;
  };
  Run bl = run(byline_args("idx-feeds", false), (dir / "byline.out").string());
  const int bl_requests = server.total_requests() - nb_requests;
  Run ba = run(byline_args("idx-articles", true), (dir / "byline-articles.out").string());
  const int ba_requests = server.total_requests() - nb_requests - bl_requests;

  const double items = static_cast<double>(feeds) * g_items;
  const double floor_s = feeds * g_delay_ms / 1000.0 / 16;
  std::printf(
      "crawl_bench: %d feeds x %d items, +%d ms per response, concurrency 16 "
      "(latency floor %.2f s)\n\n",
      feeds, g_items, g_delay_ms, floor_s);
  std::printf("%-34s %8s %8s %8s %9s %10s %8s %5s\n", "run", "requests", "wall s", "cpu s",
              "feeds/s", "items/s", "peak MB", "exit");
  auto row = [&](const char* name, const Run& r, int requests, double units) {
    std::printf("%-34s %8d %8.2f %8.2f %9.1f %10.1f %8.1f %5d\n", name, requests, r.seconds,
                r.cpu_seconds, feeds / r.seconds, units / r.seconds, r.peak_mb, r.exit_code);
  };
  row("newsboat -x reload (16 threads)", nb, nb_requests, items);
  row("byline crawl --no-articles", bl, bl_requests, items);
  row("byline crawl (article pages on)", ba, ba_requests, items);
  std::printf(
      "\nbyline/newsboat feeds/s ratio (articles off): %.2fx wall, %.2fx cpu   "
      "goal >= 2x, peak < 100 MB\n",
      nb.seconds / bl.seconds, nb.cpu_seconds / bl.cpu_seconds);
  double load[1] = {0};
  if (getloadavg(load, 1) == 1) std::printf("load average during the run: %.1f\n", load[0]);
  std::printf("items/s in the last row are articles fetched, extracted and indexed per second.\n");
  std::printf("outputs in %s\n", dir.string().c_str());
  return (nb.exit_code == 0 && bl.exit_code == 0 && ba.exit_code == 0) ? 0 : 1;
}
