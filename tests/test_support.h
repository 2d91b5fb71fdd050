// tests/test_support.h: helpers shared by the test suites.
#pragma once

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

namespace byline::testing {

/// The repository root (for samples/ and schemas/).
std::filesystem::path source_dir();
/// ../shared next to the repository; empty when it is absent (a user's clone has none).
std::filesystem::path shared_dir();
/// The built `byline` executable.
std::filesystem::path byline_binary();

/// A fresh directory removed at destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

struct RunResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

/// Runs a shell command line, capturing stdout and stderr (stdin is /dev/null).
RunResult run_command(const std::string& command);
/// Runs the byline binary with `args` (a shell-quoted string), capturing stdout and stderr.
RunResult run_byline(const std::string& args, const std::string& env = {});

/// Seconds `f` takes at `big` over the seconds it takes at `small` (best of five runs each,
/// interleaved): a hostile-input guard that asks "linear or worse?" of a ratio measured in the same
/// test, never of a wall-clock bound. Linear work gives about big/small.
double growth_ratio(const std::function<void(size_t)>& f, size_t small, size_t big);

/// Starts the byline binary with `args` (no shell) and returns its pid: its stdout to
/// `stdout_path` and its stderr to `stderr_path` ("" for /dev/null), its stdin from `stdin_fd`
/// when that is not -1 (else this process's). For tests that signal it while it runs.
int start_byline(const std::vector<std::string>& args, const std::string& stdout_path,
                 const std::string& stderr_path, int stdin_fd = -1);
/// Waits up to `seconds` for `pid` to end, its wait status in `status`; false when it did not
/// end, and it is then killed (SIGKILL) and reaped.
bool reap_within(int pid, int* status, double seconds);

/// File contents, or "" when unreadable.
std::string read_file(const std::filesystem::path& path);

}  // namespace byline::testing

/// Skips the current test when ../shared is absent.
#define BYLINE_REQUIRE_SHARED()                                         \
  do {                                                                  \
    if (::byline::testing::shared_dir().empty())                        \
      GTEST_SKIP() << "../shared is absent: corpus-based test skipped"; \
  } while (0)
