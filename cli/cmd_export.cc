// byline export [QUERY]: the stored articles (those a query matches) as JSON Lines, the records
// `byline index -` reads back.
//
// The way to move articles between indexes (merge several, split off a year, keep a backup in
// text): export them, index the export elsewhere. Pages of articles (at most 500, and 16 MiB of
// text) are read and written in turn, so memory stays flat whatever the index.
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "byline/article_json.h"
#include "byline/search.h"
#include "cli/command.h"
#include "cli/output.h"
#include "cli/stop_signal.h"
#include "common/datetime.h"
#include "common/text.h"
#include "query/query_text.h"

namespace byline::cli {

namespace {

constexpr int kPageSize = 500;
constexpr size_t kWriteBytes = 64 * 1024;

// Writes all of `data` to standard output; false when it cannot (errno says why, `*written`
// how much went). A stop signal interrupts a write blocked on a reader that stalls (EINTR): it
// must not hold the stop up, as it did when the write resumed after the handler.
bool write_out(std::string_view data, size_t* written) {
  *written = 0;
  while (!data.empty()) {
    const ssize_t n = ::write(STDOUT_FILENO, data.data(), data.size());
    if (n < 0) {
      if (errno == EINTR && !stop_requested().load()) continue;
      return false;
    }
    data.remove_prefix(static_cast<size_t>(n));
    *written += static_cast<size_t>(n);
    // A signal that comes once some bytes are written ends the write short, not with EINTR.
    if (!data.empty() && stop_requested().load()) {
      errno = EINTR;
      return false;
    }
  }
  return true;
}

int run_export(Context& ctx, const std::vector<std::string>& words,
               const std::optional<std::string>& since) {
  std::string query;
  for (const auto& w : words) query += (query.empty() ? "" : " ") + w;
  if (!words.empty() && query.find_first_not_of(" \t\r\n") == std::string::npos)
    return ctx.fail(Status(ErrorCode::kBadQuery, "empty query",
                           "give a query (byline export 'date:2026-10'), or none for every "
                           "article"));
  // --since WHEN: the records written since (`indexed:WHEN..`) and the removals since, what a
  // mirror needs to follow the index.
  std::optional<int64_t> from;
  std::string user_query;  // with --since: the query the mirror holds the matches of
  if (since) {
    // A mirror follows one index: of several, a story's version is the first index's, and
    // the records and removals since a time would not say when that changes hands.
    if (ctx.db_paths().size() > 1)
      return ctx.fail(Status(ErrorCode::kUsage, "--since follows one index, not several",
                             "export each index to a mirror of its own: byline --db INDEX "
                             "export --since WHEN"));
    from = since_time(*since, unix_now());
    if (!from)
      return ctx.fail(Status(ErrorCode::kUsage, "--since '" + *since + "' is no date",
                             "give a day, a time or a span back from now: --since 2026-12-04, "
                             "--since 2026-12-04T06:00:00Z, --since 36h, --since 15min"));
    if (names_field(query, "indexed"))
      return ctx.fail(Status(ErrorCode::kUsage, "--since and `indexed:` both say since when",
                             "give it once: --since for the removals too"));
    user_query = query;
    query = "indexed:" + format_iso8601(*from) + ".." + (query.empty() ? "" : " " + query);
  }
  // A stop signal ends the export between two pages, or a write a stalled reader holds up, and
  // says so: a file it was redirected to is then known to be incomplete. Caught from before
  // the index opens: a remote one may take its time to answer.
  catch_stop_signals("byline: stopping: the export is incomplete\n", /*interrupt_io=*/true);
  auto stopped = [&](uint64_t exported) {
    return ctx.fail(
        Status(ErrorCode::kInterrupted,
               "stopped after " + std::to_string(exported) + " articles: the export is incomplete",
               "run it again to the end"));
  };
  auto searcher = Searcher::open(ctx.db_paths());
  if (!searcher.ok()) return stop_requested().load() ? stopped(0) : ctx.fail(searcher.status());
  uint64_t cursor = 0, exported = 0;  // records written (articles and removals)
  int unreadable = 0;
  std::string out;       // lines written in blocks of kWriteBytes, and at each page's end
  uint64_t pending = 0;  // the records in `out`
  // Adds a line to `out` and writes `out` when it is full or `last`; an exit code when the
  // export cannot go on.
  auto emit = [&](std::string line, bool last) -> std::optional<int> {
    out += line;
    out += '\n';
    ++pending;
    if (out.size() < kWriteBytes && !last) return std::nullopt;
    size_t written = 0;
    if (!write_out(out, &written)) {
      // The whole records that went (the reader has them), not the one cut.
      exported += static_cast<uint64_t>(std::count(out.begin(), out.begin() + written, '\n'));
      if (errno == EINTR) return stopped(exported);
      if (errno == EPIPE) {
        // The reader went away (`| head`), as a reader of a remote index sees it (SIGPIPE is
        // ignored then): end as a local export does, by the signal.
        std::signal(SIGPIPE, SIG_DFL);
        std::raise(SIGPIPE);
      }
      return ctx.fail(Status(ErrorCode::kInternal,
                             "cannot write the export after " + std::to_string(exported) +
                                 " records (disk full, or the reader went away)",
                             "write it where there is room: byline export > FILE"));
    }
    out.clear();
    exported += pending;
    pending = 0;
    return std::nullopt;
  };
  do {
    if (stop_requested().load()) return stopped(exported);
    auto page = (*searcher)->articles(cursor, kPageSize, query);
    // A stop while a remote index was slow to answer: the stop is what ended it.
    if (!page.ok()) return stop_requested().load() ? stopped(exported) : ctx.fail(page.status());
    for (const auto& w : page->warnings) print_warning(w, ctx.quiet);
    for (size_t i = 0; i < page->articles.size(); ++i)
      if (auto rc = emit(article_to_json(page->articles[i]), i + 1 == page->articles.size()))
        return *rc;
    unreadable += page->unreadable;
    cursor = page->next;
  } while (cursor != 0);
  const uint64_t articles = exported;
  // A partial mirror (--since with a query) holds what the query matches: an article changed
  // since so that it no longer matches leaves it too, by a removal record (one the mirror
  // never held changes nothing there).
  if (from && !user_query.empty()) {
    const std::string left = "indexed:" + format_iso8601(*from) + ".. AND NOT (" + user_query + ")";
    const int64_t now = unix_now();
    cursor = 0;
    do {
      if (stop_requested().load()) return stopped(exported);
      auto page = (*searcher)->articles(cursor, kPageSize, left);
      if (!page.ok()) return stop_requested().load() ? stopped(exported) : ctx.fail(page.status());
      for (size_t i = 0; i < page->articles.size(); ++i)
        if (auto rc = emit(removal_to_json(Removal{page->articles[i].id, "", now}),
                           i + 1 == page->articles.size()))
          return *rc;
      cursor = page->next;
    } while (cursor != 0);
  }
  // Then the removals since: after the records, which hold no article removed since.
  for (std::string after; from;) {
    if (stop_requested().load()) return stopped(exported);
    auto page = (*searcher)->removed(*from, after, kPageSize);
    if (!page.ok()) return stop_requested().load() ? stopped(exported) : ctx.fail(page.status());
    for (size_t i = 0; i < page->removals.size(); ++i)
      if (auto rc = emit(removal_to_json(page->removals[i]), i + 1 == page->removals.size()))
        return *rc;
    if ((after = page->next).empty()) break;
  }
  if (unreadable > 0) {
    ctx.fail(Status(ErrorCode::kPartial,
                    std::to_string(unreadable) +
                        " stored records could not be read and are not in "
                        "the export (" +
                        std::to_string(exported) + " are)",
                    "the index is damaged: keep a copy of it before rebuilding from the export"));
    return exit_code(ErrorCode::kPartial);
  }
  if (!ctx.quiet) {
    std::cerr << "exported: " << articles << " article(s)";
    if (from) std::cerr << ", " << exported - articles << " removal(s)";
    std::cerr << '\n';
  }
  return 0;
}

}  // namespace

void add_export_command(CLI::App& app, Context& ctx) {
  auto* sub = app.add_subcommand(
      "export",
      "Print the indexed articles (every one, or those a query matches) as JSON Lines, the "
      "records `byline index` reads");
  auto words = std::make_shared<std::vector<std::string>>();
  auto since = std::make_shared<std::string>();
  auto* since_option = sub->add_option(
      "--since", *since,
      "only what changed since WHEN (a day, 2026-12-04; a time; or a span back, 15min, "
      "36h, 2w): the records "
      "written since, then a removal record {\"id\", \"removed\"} for each article "
      "removed since; `byline index` reads both, so a mirror follows the index (one "
      "index: --db once)");
  sub->add_option("--format", ctx.format, "jsonl, the only one: the records are JSON Lines")
      ->check(CLI::IsMember({"jsonl"}));
  sub->add_option("query", *words,
                  "only the articles this query matches (`byline search`'s syntax); several "
                  "words are joined");
  sub->footer(
      "Examples:\n"
      "  byline export > backup.jsonl                  # a backup in a text format\n"
      "  byline --db a --db b export | byline --db ab index -\n"
      "                                                # several indexes into one\n"
      "  byline export 'date:..2024' | byline --db archive-2024 index -\n"
      "                                                # split off the older articles\n"
      "  byline export 'source:\"The Verge\" date:2026-10' > verge-october.jsonl\n"
      "  byline export --since 2026-12-04 | byline --db mirror index -\n"
      "                                                # what changed since, removals too\n"
      "Articles come index by index (in the order of --db), each in the order it was indexed,\n"
      "and once: one stored in two of the indexes comes from the first (with a query, the first\n"
      "where it matches). A query is read as `byline search` reads it. It reads beside a\n"
      "crawl: what the crawl adds meanwhile comes at the end. The records' fields are\n"
      "schemas/article.schema.json's. Subscriptions and the feeds' crawl state are not records:\n"
      "`byline feeds export`/`feeds import` them; `byline rebuild` rebuilds an index in place\n"
      "with them.\n"
      "\n"
      "Exit codes: 0 all exported; 10 some stored records were unreadable (left out, counted);\n"
      "11 stopped by SIGINT, SIGTERM or SIGHUP (the output is incomplete); 1 the output could not "
      "be\n"
      "written; 6 a bad query; 3, 8, 9 the index is missing, of another version, or damaged.");
  sub->callback([&ctx, words, since, since_option] {
    // Given empty (`--since "$LAST"` with the variable unset) is no date, not no --since.
    ctx.exit_code =
        run_export(ctx, *words, since_option->count() > 0 ? std::optional(*since) : std::nullopt);
  });
}

}  // namespace byline::cli
