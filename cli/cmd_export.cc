// byline export: every stored article as JSON Lines, the records `byline index -` reads back.
//
// The way to rebuild an index (an older byline's, made with another stemmer, or to merge
// several): export it, index the export into a new directory. Pages of articles (at most 500,
// and 16 MiB of text) are read and written in turn, so memory stays flat whatever the index.
#include <cerrno>
#include <csignal>
#include <iostream>

#include "byline/article_json.h"
#include "byline/search.h"
#include "cli/command.h"
#include "cli/stop_signal.h"

namespace byline::cli {

namespace {

constexpr int kPageSize = 500;

int run_export(Context& ctx) {
  auto searcher = Searcher::open(ctx.db_paths());
  if (!searcher.ok()) return ctx.fail(searcher.status());
  // A stop signal ends the export between two pages and says so: a file it was redirected to
  // is then known to be incomplete.
  catch_stop_signals("byline: stopping: the export is incomplete\n");
  uint64_t cursor = 0, exported = 0;
  int unreadable = 0;
  std::string line;
  do {
    if (stop_requested().load())
      return ctx.fail(Status(
          ErrorCode::kInterrupted,
          "stopped after " + std::to_string(exported) + " articles: the export is incomplete",
          "run it again to the end"));
    auto page = (*searcher)->articles(cursor, kPageSize);
    if (!page.ok()) return ctx.fail(page.status());
    for (const Article& a : page->articles) {
      line = article_to_json(a);
      line += '\n';
      std::cout.write(line.data(), static_cast<std::streamsize>(line.size()));
    }
    std::cout.flush();
    if (!std::cout && errno == EPIPE) {
      // The reader went away (`| head`), as a reader of a remote index sees it (SIGPIPE is
      // ignored then): end as a local export does, by the signal.
      std::signal(SIGPIPE, SIG_DFL);
      std::raise(SIGPIPE);
    }
    if (!std::cout)
      return ctx.fail(Status(ErrorCode::kInternal,
                             "cannot write the export after " + std::to_string(exported) +
                                 " articles (disk full, or the reader went away)",
                             "write it where there is room: byline export > FILE"));
    exported += page->articles.size();
    unreadable += page->unreadable;
    cursor = page->next;
  } while (cursor != 0);
  if (unreadable > 0) {
    ctx.fail(Status(ErrorCode::kPartial,
                    std::to_string(unreadable) +
                        " stored records could not be read and are not in "
                        "the export (" +
                        std::to_string(exported) + " are)",
                    "the index is damaged: keep a copy of it before rebuilding from the export"));
    return exit_code(ErrorCode::kPartial);
  }
  if (!ctx.quiet) std::cerr << "exported: " << exported << " article(s)\n";
  return 0;
}

}  // namespace

void add_export_command(CLI::App& app, Context& ctx) {
  auto* sub = app.add_subcommand(
      "export", "Print every indexed article as JSON Lines, the records `byline index` reads");
  sub->footer(
      "Examples:\n"
      "  byline export > backup.jsonl                  # a backup in a text format\n"
      "  byline --db a --db b export | byline --db ab index -\n"
      "                                                # several indexes into one\n"
      "Articles come index by index (in the order of --db), each in the order it was indexed,\n"
      "and once: one stored in two of the indexes comes from the first. It reads beside a\n"
      "crawl: what the crawl adds meanwhile comes at the end. The records' fields are\n"
      "schemas/article.schema.json's. Subscriptions and the feeds' crawl state are not records:\n"
      "`byline feeds export`/`feeds import` them; `byline rebuild` rebuilds an index in place\n"
      "with them.\n"
      "\n"
      "Exit codes: 0 all exported; 10 some stored records were unreadable (left out, counted);\n"
      "11 stopped by SIGINT or SIGTERM (the output is incomplete); 1 the output could not be\n"
      "written; 3, 8, 9 the index is missing, of another version, or damaged.");
  sub->callback([&ctx] { ctx.exit_code = run_export(ctx); });
}

}  // namespace byline::cli
