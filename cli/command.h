// cli/command.h: how subcommands plug into the `byline` executable.
//
// Each cli/cmd_NAME.cc defines `void add_NAME_command(CLI::App& app, Context& ctx)`, which adds a
// subcommand whose callback stores the code to exit with in ctx.exit_code. main.cc calls every
// add_*_command; the files stay thin: parse arguments, call the library, print through Printer.
#pragma once

#include <CLI/CLI.hpp>
#include <string>
#include <vector>

#include "byline/index.h"
#include "byline/status.h"
#include "cli/output.h"

namespace byline::cli {

struct Context {
  /// --db / BYLINE_DB: empty means default_index_path(); several (--db given again) only for
  /// the commands that read, which search them as one.
  std::vector<std::string> db;
  std::string format = "text";  ///< --format text|json|jsonl
  bool quiet = false;
  int exit_code = 0;

  /// The indexes a reading command opens.
  std::vector<std::string> db_paths() const;
  /// The one index a writing command writes to (and `feeds` reads); kUsage when --db names
  /// several. With no home for the default, a writer is refused; a reader (`read_only`) looks
  /// where the reading commands do (default_index_path()).
  Result<std::string> db_path(bool read_only = false) const;
  /// Prints "byline: MESSAGE" (and "hint: ..." when there is one) on stderr; returns the code.
  int fail(const Status& status) const;
};

/// Opens the one index for an edit that holds the lock briefly (remove, prune, compact, feeds
/// add, rm and import). With `wait`, SIGINT or SIGTERM ends the wait for another writer's lock
/// (kInterrupted: exit 11, nothing written) where it used to sit until killed; once the lock is
/// held, a signal ends the process as before, which Xapian's all-or-nothing commit makes safe.
Result<std::unique_ptr<IndexWriter>> open_index_for_edit(const Context& ctx, bool wait,
                                                         bool create);

/// Checks that an option's value is a number from `lo` to `hi` (NaN is not), in words people
/// read ("1 to 1000", where CLI::Range prints "0.100000 to 86400.000000").
CLI::Validator number_from(double lo, double hi);
/// The same for a whole number, written in decimal digits (leading zeros are no octal); a
/// transform: add it with ->transform().
CLI::Validator whole_number_from(uint64_t lo, uint64_t hi);

/// Refuses an empty (or blank) name where a file, URL or id is named: read as a file, "" was
/// "no such file: " (and a crawl's "feed file://").
CLI::Validator a_name(const char* what = "a file, a URL or an id");

/// Adds --format to a subcommand that prints records.
void add_format_option(CLI::App* sub, Context& ctx);

void add_crawl_command(CLI::App& app, Context& ctx);
void add_feeds_command(CLI::App& app, Context& ctx);
void add_index_command(CLI::App& app, Context& ctx);
void add_remove_command(CLI::App& app, Context& ctx);
void add_prune_command(CLI::App& app, Context& ctx);
void add_compact_command(CLI::App& app, Context& ctx);
void add_extract_command(CLI::App& app, Context& ctx);
void add_feed_command(CLI::App& app, Context& ctx);
void add_search_command(CLI::App& app, Context& ctx);
void add_related_command(CLI::App& app, Context& ctx);
void add_show_command(CLI::App& app, Context& ctx);
void add_export_command(CLI::App& app, Context& ctx);
void add_rebuild_command(CLI::App& app, Context& ctx);
void add_stats_command(CLI::App& app, Context& ctx);
void add_serve_command(CLI::App& app, Context& ctx);

}  // namespace byline::cli
