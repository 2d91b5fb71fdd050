// cli/stop_signal.h: SIGINT/SIGTERM/SIGHUP as a request to stop soon and keep what was done.
//
// The first signal sets stop_requested() and says `message` on stderr; the command winds down
// (a crawl cuts its transfers and stores what came, `index` commits what it added) and exits 11.
// A second signal quits at once, as with no handler: what was committed stays.
#pragma once

#include <atomic>

namespace byline::cli {

/// Installs the handler; `message` (one line, ending in '\n') must outlive the process. With
/// `interrupt_io`, a signal ends a blocking read or write with EINTR rather than resuming it:
/// for a command that checks stop_requested() there (`export` blocked on a stalled pipe).
void catch_stop_signals(const char* message, bool interrupt_io = false);

/// Puts back the default actions (a signal ends the process): for a command that caught the
/// signals only to end a wait and then does work that a kill leaves whole (Xapian commits or
/// drops a transaction whole).
void release_stop_signals();

/// What the first signal says from now on: for a command whose stop means other things at
/// other times (`crawl --watch` at work, or asleep between runs).
void set_stop_message(const char* message);

/// From now on a stop signal says nothing (--quiet).
void quiet_stop_signals();

/// Set once a stop signal arrived; safe to read from any thread.
const std::atomic<bool>& stop_requested();

}  // namespace byline::cli
