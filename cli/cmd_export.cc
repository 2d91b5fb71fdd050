// byline export: every stored article as JSON Lines, the records `byline index -` reads back.
//
// The way to rebuild an index (an older byline's, made with another stemmer, or to merge
// several): export it, index the export into a new directory. Pages of articles are read and
// written in turn, so memory stays flat whatever the index's size.
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
      "  byline --db old export | byline --db new index -\n"
      "                                                # rebuild: an older byline's index, one\n"
      "                                                # stemmed in English only, or several\n"
      "                                                # indexes (--db given again) into one\n"
      "Articles come in the order they were indexed, each once (one stored in two of the\n"
      "indexes read comes from the first). It reads beside a crawl: what the crawl adds meanwhile\n"
      "comes at the end. The articles' record fields are schemas/article.schema.json's.\n"
      "\n"
      "Exit codes: 0 all exported; 10 some stored records were unreadable (left out, counted);\n"
      "11 stopped by SIGINT or SIGTERM (the output is incomplete); 1 the output could not be\n"
      "written; 3, 8, 9 the index is missing, of another version, or damaged.");
  sub->callback([&ctx] { ctx.exit_code = run_export(ctx); });
}

}  // namespace byline::cli
