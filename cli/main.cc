// byline: the command-line front end. Parses arguments, calls the library, prints; no logic here.
#include <curl/curl.h>
#include <libxml/parser.h>
#include <xapian.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cctype>
#include <cerrno>
#include <csignal>
#include <filesystem>
#include <iomanip>
#include <iostream>
#include <regex>
#include <sstream>

#include "byline/index.h"
#include "byline/search.h"
#include "byline/version.h"
#include "cli/command.h"
#include "cli/stop_signal.h"
#include "common/domain.h"
#include "common/text.h"
#include "server/http_server.h"

#ifdef BYLINE_WITH_MIMALLOC
#include <mimalloc.h>
#endif

namespace byline::cli {

std::vector<std::string> Context::db_paths() const {
  // Xapian's remote client writes to its socket without MSG_NOSIGNAL: an index server that
  // went away would end us with SIGPIPE (exit 141, no word said) rather than an error.
  for (const auto& p : db)
    if (is_remote_index(p)) std::signal(SIGPIPE, SIG_IGN);
  return db.empty() ? std::vector<std::string>{default_index_path()} : db;
}

Result<std::string> Context::db_path(bool read_only) const {
  if (db.size() > 1)
    return Status(
        ErrorCode::kUsage,
        "--db names " + std::to_string(db.size()) +
            " indexes; this command writes to (or reads the feeds of) one",
        "give --db once; search, related, show, stats, export and serve read several as one");
  const std::string path = db_paths().front();
  // A scheduled job's environment may have no home (a system user's is /nonexistent): its
  // default would make an index in whatever the working directory is, or make the home.
  if (!read_only && db.empty() && path == default_index_path() && !std::getenv("BYLINE_DB")) {
    const char* home = std::getenv("HOME");
    const char* xdg = std::getenv("XDG_DATA_HOME");
    const bool xdg_ok = xdg && *xdg == '/';
    std::error_code ec;
    if (!xdg_ok && (!home || *home != '/' || !std::filesystem::is_directory(home, ec)))
      return Status(
          ErrorCode::kUsage,
          std::string("no index named, and no home for the default one (HOME is ") +
              (home && *home ? std::string("\"") + home + "\", no directory)" : "not set)"),
          "give --db DIR or set BYLINE_DB (a cron line or a unit: "
          "BYLINE_DB=/path/to/index)");
  }
  if (is_remote_index(path))
    return Status(ErrorCode::kUsage, "--db " + path + " is an index served over the network",
                  "this command writes to (or reads the feeds of) an index directory on this "
                  "machine; run it where the index is");
  return path;
}

Result<std::unique_ptr<IndexWriter>> open_index_for_edit(const Context& ctx, bool wait,
                                                         bool create) {
  auto path = ctx.db_path();
  if (!path) return path.status();
  IndexOptions opts;
  opts.wait_for_lock = wait;
  opts.create = create;
  if (wait) {
    opts.cancel = &stop_requested();
    catch_stop_signals("");  // the wait's own error says it stopped, and that nothing changed
  }
  auto writer = IndexWriter::open(*path, opts);
  if (wait) {
    release_stop_signals();
    // A signal between taking the lock and putting the default back: stop as asked.
    if (writer.ok() && stop_requested().load())
      return Status(ErrorCode::kInterrupted, "stopped after taking the lock on " + *path,
                    "nothing was written; run it again");
  }
  return writer;
}

CLI::Validator number_from(double lo, double hi) {
  auto show = [](double v) {
    std::ostringstream o;
    o << std::setprecision(15) << v;
    return o.str();
  };
  const std::string range = show(lo) + " to " + show(hi);
  return CLI::Validator(
      [lo, hi, range](std::string& in) -> std::string {
        double v = 0;
        // Written so that NaN ("nan", which lexical_cast reads) fails: CLI::Range let it by.
        if (!CLI::detail::lexical_cast(in, v) || !(v >= lo && v <= hi))
          return "'" + in + "' is not a number from " + range;
        return {};
      },
      range);
}

CLI::Validator a_name(const char* what) {
  return CLI::Validator(
      [what](std::string& in) -> std::string {
        if (in.find_first_not_of(" \t\r\n") == std::string::npos)
          return std::string("an empty name: give ") + what;
        return {};
      },
      "NAME");
}

CLI::Validator whole_number_from(uint64_t lo, uint64_t hi) {
  const std::string range = std::to_string(lo) + " to " + std::to_string(hi);
  return CLI::Validator(
      [lo, hi, range](std::string& in) -> std::string {
        // Decimal digits only: CLI11 reads "010" as octal 8 and "0x10" as 16, where the HTTP
        // API reads 10 and refuses 0x10. Leading zeros are dropped, so "010" is 10 here too.
        std::string_view d = in;
        if (d.starts_with('+')) d.remove_prefix(1);
        const bool digits =
            !d.empty() && d.size() <= 19 &&
            std::all_of(d.begin(), d.end(), [](char c) { return c >= '0' && c <= '9'; });
        const uint64_t v = digits ? std::stoull(std::string(d)) : 0;
        if (!digits || v < lo || v > hi) return "'" + in + "' is not a whole number from " + range;
        in = std::to_string(v);
        return {};
      },
      range);
}

int Context::fail(const Status& status) const {
  std::cerr << "byline: " << for_terminal(status.message()) << '\n';
  if (!status.hint().empty() && !quiet)
    std::cerr << "hint: " << for_terminal(status.hint()) << '\n';
  return byline::exit_code(status.code() == ErrorCode::kOk ? ErrorCode::kInternal : status.code());
}

void add_format_option(CLI::App* sub, Context& ctx) {
  sub->add_option("--format", ctx.format, "output format")
      ->check(CLI::IsMember({"text", "json", "jsonl"}))
      ->capture_default_str();
}

namespace {

// Subcommand help opens with its examples (the footer), then usage and options.
class ExamplesFirst : public CLI::Formatter {
 public:
  std::string make_help(const CLI::App* app, std::string name,
                        CLI::AppFormatMode mode) const override {
    if (mode == CLI::AppFormatMode::Sub || app->get_parent() == nullptr ||
        app->get_footer().empty())
      return CLI::Formatter::make_help(app, std::move(name), mode);
    std::stringstream out;
    out << app->get_footer() << "\n\n";
    out << make_description(app) << make_usage(app, name) << make_positionals(app)
        << make_groups(app, mode) << make_subcommands(app, mode);
    return out.str();
  }
};

const char* const kExitCodes =
    "Exit codes: 0 ok, 1 internal error, 2 usage, 3 not found, 4 bad input, 5 network,\n"
    "6 bad query, 7 index locked, 8 index version, 9 index corrupt, 10 partial failure,\n"
    "11 stopped by a signal (SIGINT, SIGTERM, SIGHUP) or crawl's --time-limit; what was done\n"
    "is kept. A second signal kills the process at once (a shell's 130 or 143). 12 the index's\n"
    "disk is full or nearly so (nothing indexed is lost).";

/// `byline --version`: our version, then the libraries this binary runs on (for bug reports).
std::string version_text() {
  std::string v = std::string("byline ") + BYLINE_VERSION + "\nxapian " + Xapian::version_string() +
                  ", libcurl " + curl_version_info(CURLVERSION_NOW)->version + ", " +
                  public_suffix_library() + ", libmicrohttpd " + server::microhttpd_version();
#ifdef BYLINE_WITH_MIMALLOC
  const int mi = mi_version();  // 209 is 2.0.9
  v += ", mimalloc " + std::to_string(mi / 100) + "." + std::to_string(mi / 10 % 10) + "." +
       std::to_string(mi % 10);
#else
  v += ", system malloc";
#endif
  return v;
}

/// `code`, or 1 when standard output could not be written in full: output lost (a full disk:
/// `feeds export > backup.opml`) is a failure, not a silent success with an empty file.
int output_written(int code, bool quiet) {
  std::cout.flush();
  if (std::cout) return code;
  if (errno == EPIPE) {  // the reader went away, seen as a remote index's reader sees it
    std::signal(SIGPIPE, SIG_DFL);
    std::raise(SIGPIPE);
  }
  std::cerr << "byline: the output could not be written in full (disk full, or the reader "
               "went away)\n";
  if (!quiet) std::cerr << "hint: write it where there is room\n";
  return code == 0 ? exit_code(ErrorCode::kInternal) : code;
}

/// Whether `arg` ("-n1", "-qn1") is short options run together: flags, then at most one that
/// takes the rest as its value. A query word ("-chip") is not, unless every letter is a flag.
bool short_options(const CLI::App& sub, const CLI::App& app, const std::string& arg) {
  for (size_t i = 1; i < arg.size(); ++i) {
    const std::string name = std::string("-") + arg[i];
    const CLI::Option* opt = sub.get_option_no_throw(name);
    if (!opt) opt = app.get_option_no_throw(name);
    if (!opt) return false;
    if (opt->get_items_expected_max() > 0) return i + 1 < arg.size();  // its value attached
  }
  return true;
}

/// When the parse of `search` (or `export`) failed on an argument that starts with '-' and is none
/// of its options ("-chip -battery", a query of negated words), says to put the query after `--`
/// (CLI11 says "query is required" or "argument was not expected") and returns true.
bool explain_dash_query(const CLI::App& app, int argc, char** argv) {
  if (app.get_subcommands().empty()) return false;
  const CLI::App* sub = app.get_subcommands().front();
  const std::string command = sub->get_name();
  if (command != "search" && command != "export") return false;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--") return false;  // the query is already after it
    // "--limt" is a misspelt option, left to CLI11's message; "-chip" is a negated word.
    if (arg.size() < 2 || arg[0] != '-' || arg[1] == '-') continue;
    const std::string name = arg.substr(0, arg.find('='));
    if (sub->get_option_no_throw(name) || app.get_option_no_throw(name)) continue;
    if (short_options(*sub, app, arg)) continue;  // "-n1", "-qn1": options, not a query
    // "--limit -5", "-n -5": a negative number as an option's value, not a query.
    const CLI::Option* before_it =
        i > 1 && std::string_view(argv[i - 1]).starts_with('-') &&
                std::string_view(argv[i - 1]).find('=') == std::string_view::npos
            ? sub->get_option_no_throw(argv[i - 1])
            : nullptr;
    if (std::isdigit(static_cast<unsigned char>(arg[1])) && before_it &&
        before_it->get_items_expected_max() > 0) {
      std::cerr << "byline: " << for_terminal(argv[i - 1]) << " " << for_terminal(arg)
                << ": the value cannot be negative\nhint: see `byline " << command
                << " --help` for each option's range\n";
      return true;
    }
    // The hint's command is the user's: their query's words after --, the options before it.
    std::string before, options, query;
    bool after_command = false;
    for (int k = 1; k < argc; ++k) {
      const std::string a = argv[k];
      if (!after_command) {
        after_command = a == command;
        if (!after_command) before += shell_quote(a) + " ";
        continue;
      }
      const CLI::Option* opt =
          a.starts_with('-') ? sub->get_option_no_throw(a.substr(0, a.find('='))) : nullptr;
      if (!opt && a.starts_with('-')) opt = app.get_option_no_throw(a.substr(0, a.find('=')));
      if (opt) {
        options += " " + shell_quote(a);
        if (a.find('=') == std::string::npos && opt->get_items_expected_max() > 0 && k + 1 < argc)
          options += " " + shell_quote(argv[++k]);
      } else {
        query += " " + shell_quote(a);
      }
    }
    std::cerr << "byline: `" << for_terminal(arg) << "` is no option of `byline " << command
              << "`; a query that starts with '-' goes after --"
              << "\nhint: everything after -- is the query: byline " << for_terminal(before)
              << command << for_terminal(options) << " --" << for_terminal(query) << "\n";
    return true;
  }
  return false;
}

/// When the parse failed because a command that needs a subcommand got none, prints what was
/// wrong (CLI11 only says "A subcommand is required", even for a typo) and returns true.
bool explain_missing_command(const CLI::App& app) {
  const CLI::App* cur = &app;
  std::string path = "byline";
  while (!cur->get_subcommands().empty()) {
    cur = cur->get_subcommands().front();
    path += " " + cur->get_name();
  }
  if (cur->get_require_subcommand_min() == 0) return false;
  std::vector<std::string> names;
  for (const CLI::App* sub : cur->get_subcommands([](const CLI::App*) { return true; }))
    names.push_back(sub->get_name());
  std::string word;
  for (const std::string& r : app.remaining(/*recurse=*/true))
    if (!r.empty() && r[0] != '-') {
      word = r;
      break;
    }
  std::string list;
  for (const auto& n : names) list += (list.empty() ? "" : ", ") + n;
  if (word.empty()) {
    std::cerr << "byline: " << (cur == &app ? "no command given" : "`" + path + "` needs a command")
              << "\nhint: commands: " << list << "; run `" << path << " --help`\n";
    return true;
  }
  std::string best;
  // A typo is an edit or two away (more for long words); further, suggesting is guessing.
  size_t best_distance = 2 + word.size() / 4;
  for (const auto& n : names)
    if (size_t d = edit_distance(word, n); d < best_distance) {
      best_distance = d;
      best = n;
    }
  std::cerr << "byline: unknown command '" << for_terminal(word) << "'"
            << (cur == &app ? "" : " for `" + path + "`") << "\nhint: ";
  if (!best.empty()) std::cerr << "did you mean `" << path << " " << best << "`? ";
  std::cerr << "commands: " << list << "; run `" << path << " --help`\n";
  return true;
}

}  // namespace

int run(int argc, char** argv) {
  CLI::App app{"byline: a full-text search indexer for tech news"};
  app.formatter(std::make_shared<ExamplesFirst>());
  app.footer(
      std::string("Examples:\n"
                  "  byline crawl samples/feeds.opml          # fetch feeds and their articles\n"
                  "  byline search 'chip export rules'\n"
                  "  byline related ID --limit 5\n\n") +
      kExitCodes);
  app.require_subcommand(1);
  // `byline search chips --db X` must work as well as `byline --db X search chips`: the global
  // options are read after the command too (subcommands made below inherit this).
  app.fallthrough();
  app.set_version_flag("--version", version_text());
  Context ctx;
  app.add_option("--db", ctx.db,
                 "index directory (default: $BYLINE_DB, else $XDG_DATA_HOME/byline/index, else "
                 "~/.local/share/byline/index; with no home, ./.byline-index for reading); "
                 "repeat it to search several indexes as one")
      ->envname("BYLINE_DB")
      ->allow_extra_args(false)
      ->check(CLI::Validator(
          [](std::string& path) {
            return path.find_first_not_of(" \t\r\n") == std::string::npos
                       ? std::string("an index directory, not an empty name")
                       : "";
          },
          ""));
  app.add_flag_callback(
      "-q,--quiet",
      [&ctx] {
        ctx.quiet = true;
        quiet_stop_signals();  // a stop's notice is progress too; exit 11 says it stopped
      },
      "print errors and results only: no progress, summaries, warnings or hints (what "
      "--format json asks for is still printed)");

  add_crawl_command(app, ctx);
  add_feeds_command(app, ctx);
  add_index_command(app, ctx);
  add_remove_command(app, ctx);
  add_prune_command(app, ctx);
  add_compact_command(app, ctx);
  add_export_command(app, ctx);
  add_rebuild_command(app, ctx);
  add_extract_command(app, ctx);
  add_feed_command(app, ctx);
  add_search_command(app, ctx);
  add_related_command(app, ctx);
  add_show_command(app, ctx);
  add_stats_command(app, ctx);
  add_serve_command(app, ctx);

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return output_written(app.exit(e), ctx.quiet);
  } catch (const CLI::CallForAllHelp& e) {
    return output_written(app.exit(e), ctx.quiet);
  } catch (const CLI::CallForVersion& e) {
    return output_written(app.exit(e), ctx.quiet);
  } catch (const CLI::ParseError& e) {
    if (explain_missing_command(app) || explain_dash_query(app, argc, argv))
      return exit_code(ErrorCode::kUsage);
    // CLI11's messages open with a capital ("The following argument was not expected"),
    // byline's do not.
    std::string message = for_terminal(e.what());
    // Its count messages, said as byline says things ("--limit: At Most 1 required but
    // received 2", "--limit: 1 required INT:0 to 10000 missing").
    std::smatch m;
    static const std::regex twice(R"(^(-[^:]*): At Most \d+ required but received \d+$)");
    static const std::regex missing(R"(^(-[^:]*): \d+ required (.*) missing$)");
    if (std::regex_match(message, m, twice))
      message = m[1].str() + " is given more than once: give it once";
    else if (std::regex_match(message, m, missing))
      message = m[1].str() + " needs a value (" + m[2].str() + ")";
    if (message.size() > 1 && std::isupper(static_cast<unsigned char>(message[0])) &&
        std::islower(static_cast<unsigned char>(message[1])))
      message[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(message[0])));
    std::cerr << "byline: " << message
              << "\nhint: run `byline --help` or `byline COMMAND --help`\n";
    return exit_code(ErrorCode::kUsage);
  }
  return output_written(ctx.exit_code, ctx.quiet);
}

}  // namespace byline::cli

int main(int argc, char** argv) {
  // libxml2 sets up its global state once, here, before any worker thread parses HTML.
  xmlInitParser();
  // A file size limit (ulimit -f, systemd's LimitFSIZE=) killed us with SIGXFSZ mid-write, no
  // word said; ignored, the write fails with EFBIG, and that is exit 12 like a full disk.
  std::signal(SIGXFSZ, SIG_IGN);
  try {
    return byline::cli::run(argc, argv);
  } catch (const std::exception& e) {
    // Library boundaries return Status; anything reaching here is a bug, reported in one line.
    std::cerr << "byline: internal error: " << byline::for_terminal(e.what()) << '\n';
    return byline::exit_code(byline::ErrorCode::kInternal);
  }
}
