// SIGKILL `byline crawl` at random moments: the index always opens, and a re-run ends with every
// sample article exactly once (each feed's articles and state are committed together).
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>

#include <chrono>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <random>
#include <thread>

#include "byline/index.h"
#include "http_test_server.h"
#include "test_support.h"

extern char** environ;

namespace byline {
namespace {

using testing::HttpRequest;
using testing::HttpResponse;
using testing::HttpTestServer;
using testing::source_dir;
namespace fs = std::filesystem;

HttpResponse serve_samples_slowly(const HttpRequest& req) {
  std::string path = req.path.substr(0, req.path.find('?'));
  if (path.find("..") != std::string::npos) return HttpResponse::text(400, "bad path");
  std::string body = testing::read_file(source_dir() / "samples" / path.substr(1));
  if (body.empty()) return HttpResponse::text(404, "not found");
  HttpResponse r = HttpResponse::text(
      200, body, path.ends_with(".html") ? "text/html; charset=utf-8" : "application/xml");
  r.delay_ms = 8;  // spreads the crawl over a few hundred ms so kills land mid-run
  return r;
}

/// Starts byline with `args`, output discarded; returns its pid.
pid_t spawn_byline(const std::vector<std::string>& args) {
  std::vector<std::string> argv_s = {testing::byline_binary().string()};
  argv_s.insert(argv_s.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& a : argv_s) argv.push_back(a.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
  pid_t pid = -1;
  if (posix_spawn(&pid, argv[0], &fa, nullptr, argv.data(), environ) != 0) pid = -1;
  posix_spawn_file_actions_destroy(&fa);
  return pid;
}

/// True when the index opens for writing within a few seconds (a killed writer's lock is freed
/// when its process is gone).
bool index_opens(const std::string& path) {
  for (int attempt = 0; attempt < 40; ++attempt) {
    auto w = IndexWriter::open(path);
    if (w.ok()) return true;
    if (w.status().code() != ErrorCode::kIndexLocked) {
      ADD_FAILURE() << "index does not open: " << w.status().message();
      return false;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ADD_FAILURE() << "index still locked";
  return false;
}

std::vector<std::string> feed_urls(const HttpTestServer& server) {
  std::vector<std::string> urls;
  for (const auto& e : fs::directory_iterator(source_dir() / "samples" / "feeds"))
    urls.push_back(server.url("/feeds/" + e.path().filename().string()));
  std::sort(urls.begin(), urls.end());
  return urls;
}

TEST(CrawlCrashTest, KilledCrawlsNeverLoseOrDuplicateArticles) {
  HttpTestServer server(serve_samples_slowly);
  testing::TempDir tmp;
  const std::string db = (tmp.path() / "idx").string();  // replaced per round below
  std::vector<std::string> args = {"--db",         db, "crawl", "--allow-private-networks",
                                   "--host-delay", "0"};
  for (const auto& u : feed_urls(server)) args.push_back(u);

  // The reference: one clean crawl into its own index.
  const std::string ref_db = (tmp.path() / "ref").string();
  std::vector<std::string> ref_args = args;
  ref_args[1] = ref_db;
  pid_t ref = spawn_byline(ref_args);
  ASSERT_GT(ref, 0);
  auto t0 = std::chrono::steady_clock::now();
  int status = 0;
  waitpid(ref, &status, 0);
  const int clean_ms = static_cast<int>(
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0)
          .count());
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "clean crawl failed";
  auto stats = [](const std::string& path) {
    auto r = testing::run_byline("--db '" + path + "' stats --format json");
    auto j = nlohmann::json::parse(r.out, nullptr, false);
    return j.is_object() ? j["articles"].get<int>() : -1;
  };
  const int expected = stats(ref_db);
  ASSERT_GE(expected, 40);

  // Each round kills a crawl at a random moment (some rounds after a first kill, so a killed run
  // also resumes a killed run), checks the index opens and holds no more than exist, then
  // re-runs cleanly: every article must be there exactly once.
  std::mt19937 rng(20261127);
  std::uniform_int_distribution<int> when(0, std::max(50, clean_ms * 6 / 10));
  int killed_mid_run = 0;
  for (int round = 0; round < 13; ++round) {
    const std::string round_db = (tmp.path() / ("idx" + std::to_string(round))).string();
    std::vector<std::string> round_args = args;
    round_args[1] = round_db;
    for (int k = 0; k < 2; ++k) {
      pid_t pid = spawn_byline(round_args);
      ASSERT_GT(pid, 0);
      std::this_thread::sleep_for(std::chrono::milliseconds(when(rng)));
      kill(pid, SIGKILL);
      waitpid(pid, &status, 0);
      killed_mid_run += WIFSIGNALED(status);
      ASSERT_TRUE(index_opens(round_db)) << "round " << round << " kill " << k;
      if (fs::exists(round_db)) {
        const int now = stats(round_db);
        EXPECT_GE(now, 0) << "stats failed, round " << round;
        EXPECT_LE(now, expected) << "more articles than exist, round " << round;
      }
    }
    pid_t pid = spawn_byline(round_args);
    waitpid(pid, &status, 0);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "re-run failed, round " << round;
    EXPECT_EQ(stats(round_db), expected) << "round " << round;
  }
  EXPECT_GE(killed_mid_run, 20) << "clean crawl took " << clean_ms << " ms";
}

}  // namespace
}  // namespace byline
