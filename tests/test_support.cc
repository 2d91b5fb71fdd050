#include "test_support.h"

#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <random>
#include <sstream>

namespace byline::testing {

namespace fs = std::filesystem;

fs::path source_dir() { return BYLINE_SOURCE_DIR; }

fs::path shared_dir() {
  fs::path p = BYLINE_SHARED_DIR;
  std::error_code ec;
  return fs::is_directory(p / "corpora", ec) ? p : fs::path();
}

fs::path byline_binary() { return BYLINE_BINARY; }

TempDir::TempDir() {
  std::random_device rd;
  path_ = fs::temp_directory_path() /
          ("byline-test-" + std::to_string(getpid()) + "-" + std::to_string(rd()));
  fs::create_directories(path_);
}

TempDir::~TempDir() {
  std::error_code ec;
  fs::remove_all(path_, ec);
}

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

RunResult run_byline(const std::string& args, const std::string& env) {
  return run_command(env + (env.empty() ? "" : " ") + "'" + byline_binary().string() + "' " + args);
}

RunResult run_command(const std::string& command) {
  TempDir tmp;
  const fs::path out = tmp.path() / "out", err = tmp.path() / "err";
  const std::string cmd = command + " >'" + out.string() + "' 2>'" + err.string() + "' </dev/null";
  const int status = std::system(cmd.c_str());
  RunResult r;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.out = read_file(out);
  r.err = read_file(err);
  return r;
}

double growth_ratio(const std::function<void(size_t)>& f, size_t small, size_t big) {
  // Interleaved, so a stretch of contention (another test, another process) slows both sizes
  // rather than one; the best of three of each.
  auto seconds = [&](size_t n) {
    const auto t0 = std::chrono::steady_clock::now();
    f(n);
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  };
  double at_small = 1e9, at_big = 1e9;
  for (int i = 0; i < 3; ++i) {
    at_small = std::min(at_small, seconds(small));
    at_big = std::min(at_big, seconds(big));
  }
  return at_big / std::max(at_small, 1e-6);
}

}  // namespace byline::testing
