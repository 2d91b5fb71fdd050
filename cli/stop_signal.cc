#include "cli/stop_signal.h"

#include <unistd.h>

#include <csignal>
#include <cstring>

namespace byline::cli {

namespace {

static_assert(std::atomic<bool>::is_always_lock_free, "set from a signal handler");
std::atomic<bool> g_stop{false};
std::atomic<const char*> g_message{""};
std::atomic<bool> g_quiet{false};
static_assert(std::atomic<const char*>::is_always_lock_free, "read from a signal handler");

extern "C" void on_stop_signal(int sig) {
  if (g_stop.load()) {
    std::signal(sig, SIG_DFL);
    std::raise(sig);
    return;
  }
  g_stop.store(true);
  const char* message = g_quiet.load() ? "" : g_message.load();
  [[maybe_unused]] const ssize_t n = ::write(STDERR_FILENO, message, std::strlen(message));
}

}  // namespace

void catch_stop_signals(const char* message, bool interrupt_io) {
  g_message.store(message);
  struct sigaction action {};
  action.sa_handler = on_stop_signal;
  sigemptyset(&action.sa_mask);
  action.sa_flags = interrupt_io ? 0 : SA_RESTART;  // std::signal()'s, on glibc
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);
  // A closed terminal or a daemon's "reload" (systemctl kill -s HUP): by default it killed a
  // --watch crawl with its batch, and systemd counts death by SIGHUP as a clean exit, so
  // Restart=on-failure never brought the daemon back.
  sigaction(SIGHUP, &action, nullptr);
}

void release_stop_signals() {
  std::signal(SIGINT, SIG_DFL);
  std::signal(SIGTERM, SIG_DFL);
  std::signal(SIGHUP, SIG_DFL);
}

const std::atomic<bool>& stop_requested() { return g_stop; }

void set_stop_message(const char* message) { g_message.store(message); }

void quiet_stop_signals() { g_quiet.store(true); }

}  // namespace byline::cli
