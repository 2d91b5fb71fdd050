#include "test_support.h"

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <fstream>
#include <random>
#include <sstream>
#include <thread>

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
  // rather than one; the best of five of each (of three, a busy machine once failed one).
  auto seconds = [&](size_t n) {
    const auto t0 = std::chrono::steady_clock::now();
    f(n);
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  };
  double at_small = 1e9, at_big = 1e9;
  for (int i = 0; i < 5; ++i) {
    at_small = std::min(at_small, seconds(small));
    at_big = std::min(at_big, seconds(big));
  }
  return at_big / std::max(at_small, 1e-6);
}

int start_byline(const std::vector<std::string>& args, const std::string& stdout_path,
                 const std::string& stderr_path, int stdin_fd) {
  const std::string bin = byline_binary().string();
  const pid_t pid = fork();
  if (pid != 0) return pid;
  auto redirect = [](const std::string& path, int fd) {
    const int to = ::open(path.empty() ? "/dev/null" : path.c_str(),
                          O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (to < 0 || dup2(to, fd) < 0) _exit(126);
  };
  redirect(stdout_path, STDOUT_FILENO);
  redirect(stderr_path, STDERR_FILENO);
  if (stdin_fd >= 0 && dup2(stdin_fd, STDIN_FILENO) < 0) _exit(126);
  std::vector<char*> argv{const_cast<char*>(bin.c_str())};
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  execv(bin.c_str(), argv.data());
  _exit(127);
}

bool reap_within(int pid, int* status, double seconds) {
  const auto t0 = std::chrono::steady_clock::now();
  while (std::chrono::steady_clock::now() - t0 < std::chrono::duration<double>(seconds)) {
    if (waitpid(pid, status, WNOHANG) == pid) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  kill(pid, SIGKILL);
  waitpid(pid, status, 0);
  return false;
}

}  // namespace byline::testing
