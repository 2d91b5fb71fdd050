// byline remove ID|URL..., byline prune and byline compact: an index's upkeep (a takedown, a
// retention period for a scheduled crawl, the space they leave).
#include <algorithm>
#include <cstdio>
#include <ctime>
#include <functional>
#include <iostream>

#include "byline/index.h"
#include "byline/search.h"
#include "cli/command.h"
#include "cli/stop_signal.h"
#include "common/datetime.h"
#include "common/text.h"
#include "query/query_text.h"

namespace byline::cli {

/// A failure of remove or prune, which commit a block at a time: how many went before it.
Status with_removed(const Status& s, size_t removed) {
  if (removed == 0) return s;
  return Status(s.code(),
                s.message() + " (" + std::to_string(removed) + " articles were removed before it)",
                s.hint());
}

void add_remove_command(CLI::App& app, Context& ctx) {
  auto* sub = app.add_subcommand("remove", "Remove articles from the index by id or URL");
  sub->footer(
      "Examples:\n"
      "  byline remove b3f0c2a1d4e5f6071\n"
      "  byline remove https://circuitdaily.example/2026/11/chip-plant\n"
      "An id names one article; a URL names every article stored under it (JSON records with\n"
      "ids of their own may share one), as its canonical URL or another it is known by. A feed\n"
      "that still lists it does not bring it back while its entry is unchanged. Exit 0 when\n"
      "every one was found (an article named twice included), 3 when none was, 10 when some were,\n"
      "11 stopped by a signal (those removed before it stay removed).");
  auto targets = std::make_shared<std::vector<std::string>>();
  auto wait = std::make_shared<bool>(false);
  sub->add_option("articles", *targets, "ID or URL")->required()->check(a_name("an id or a URL"));
  sub->add_flag("--wait", *wait, "wait for another writer to release the index instead of failing");
  add_format_option(sub, ctx);
  sub->callback([&ctx, targets, wait] {
    auto writer = open_index_for_edit(ctx, *wait, /*create=*/false);
    if (!writer.ok()) {
      ctx.exit_code = ctx.fail(writer.status());
      return;
    }
    // A stop commits what was removed so far (exit 11), as `index` keeps what it added.
    catch_stop_signals("byline: stopping: what was removed so far stays removed\n");
    size_t found = 0, documents = 0, named = 0, staged = 0;
    std::vector<std::string> missing;
    // Whether each name was indexed when the run began: one removed already in this run under
    // another name (its id, then its URL) was found all the same.
    std::vector<bool> indexed;
    indexed.reserve(targets->size());
    for (const std::string& t : *targets) indexed.push_back((*writer)->contains(t));
    // A block at a time, each committed, as prune does: the changes a transaction holds cost
    // about 90 KB an article (10,000 names took 917 MB in one: scale audit). A failure, or a
    // stop (exit 11), keeps the blocks committed before it.
    auto failed = [&](const Status& s) { ctx.exit_code = ctx.fail(with_removed(s, documents)); };
    for (size_t i = 0; i < targets->size(); ++i) {
      if (stop_requested().load()) break;
      ++named;
      auto n = (*writer)->remove((*targets)[i]);
      if (!n.ok()) return failed(n.status());
      if (indexed[i])
        ++found;
      else
        missing.push_back((*targets)[i]);
      staged += *n;
      if (staged >= kCommitArticles) {
        if (Status s = (*writer)->commit(); !s.ok()) return failed(s);
        documents += staged;
        staged = 0;
      }
    }
    if (Status s = (*writer)->commit(); !s.ok()) return failed(s);
    documents += staged;
    const Format f = parse_format(ctx.format);
    if (f != Format::kText) {  // what was removed, stopped or not
      nlohmann::ordered_json miss = nlohmann::ordered_json::array();
      for (const auto& m : missing) miss.push_back(jstr(m));
      print_json({{"removed", documents}, {"not_found", miss}}, f);
    }
    if (named < targets->size()) {
      ctx.exit_code = ctx.fail(Status(ErrorCode::kInterrupted,
                                      "stopped after " + std::to_string(named) + " of " +
                                          std::to_string(targets->size()) + " names (" +
                                          std::to_string(documents) + " article(s) removed)",
                                      "run it again for the others"));
      return;
    }
    if (f == Format::kText) {
      if (!ctx.quiet) std::cerr << "removed: " << documents << " article(s)\n";
      for (const auto& m : missing) std::cerr << "byline: not indexed: " << term(m) << '\n';
    }
    ctx.exit_code = missing.empty() ? 0
                    : found == 0    ? exit_code(ErrorCode::kNotFound)
                                    : exit_code(ErrorCode::kPartial);
  });
}

void add_prune_command(CLI::App& app, Context& ctx) {
  auto* sub = app.add_subcommand(
      "prune", "Remove the articles published before a date (a retention period for crawls)");
  sub->footer(
      "Examples:\n"
      "  byline prune --older-than 90d            # keep three months (min, h, d or w)\n"
      "  byline prune --before 2026-01-01 --dry-run\n"
      "Articles without a publication date stay. A feed that still lists a pruned article does\n"
      "not bring it back while its entry is unchanged. They are removed a thousand at a time,\n"
      "each committed: stopped by a signal (exit 11), it keeps what it removed and says so.");
  auto before = std::make_shared<std::string>();
  auto older = std::make_shared<std::string>();
  auto dry_run = std::make_shared<bool>(false);
  auto wait = std::make_shared<bool>(false);
  auto* b = sub->add_option("--before", *before, "remove those published before this day or time");
  auto* o = sub->add_option("--older-than", *older,
                            "remove those older than this (90d, 12w, 36h, 90min)");
  b->excludes(o);
  sub->add_flag("--dry-run", *dry_run, "count them, remove nothing");
  sub->add_flag("--wait", *wait, "wait for another writer to release the index instead of failing");
  add_format_option(sub, ctx);
  sub->callback([&ctx, before, older, dry_run, wait] {
    int64_t cutoff = 0;
    if (!before->empty()) {
      const auto period = date_period(*before);
      if (!period) {
        ctx.exit_code = ctx.fail(Status(ErrorCode::kUsage, "cannot read date '" + *before + "'",
                                        "give a day (2026-01-01) or a date-time"));
        return;
      }
      cutoff = period->first;
    } else if (!older->empty()) {
      const auto span = parse_span(*older);
      if (!span) {
        ctx.exit_code =
            ctx.fail(Status(ErrorCode::kUsage, "cannot read span '" + *older + "'",
                            "give a number of minutes, hours, days or weeks: 90min, 36h, 90d, "
                            "12w"));
        return;
      }
      // No earlier than the first date byline reads (1000-01-01): "9999999w" is before
      // anything, and a year -189627 is no date to print.
      cutoff = std::max<int64_t>(static_cast<int64_t>(std::time(nullptr)) - *span, kFirstDate);
    } else {
      ctx.exit_code = ctx.fail(Status(ErrorCode::kUsage, "prune needs --before or --older-than",
                                      "e.g. byline prune --older-than 90d"));
      return;
    }
    if (*dry_run) {
      // A count: read as `stats` reads, beside a writer and on a read-only disk.
      auto path = ctx.db_path();
      auto searcher =
          path.ok() ? Searcher::open(*path) : Result<std::unique_ptr<Searcher>>(path.status());
      Result<size_t> n =
          searcher.ok() ? (*searcher)->published_before(cutoff) : Result<size_t>(searcher.status());
      if (!n.ok()) {
        ctx.exit_code = ctx.fail(n.status());
        return;
      }
      if (const Format f = parse_format(ctx.format); f == Format::kText) {
        if (!ctx.quiet)
          std::cerr << "would remove: " << *n << " article(s) published before "
                    << format_iso8601(cutoff) << '\n';
      } else {
        print_json({{"removed", 0},
                    {"matched", *n},
                    {"before", format_iso8601(cutoff)},
                    {"dry_run", true}},
                   f);
      }
      return;
    }
    auto writer = open_index_for_edit(ctx, *wait, /*create=*/false);
    if (!writer.ok()) {
      ctx.exit_code = ctx.fail(writer.status());
      return;
    }
    // A block at a time, each committed: memory stays flat whatever is pruned. A failure, or a
    // stop (exit 11), keeps the blocks committed before it, and says how many went.
    catch_stop_signals("byline: stopping: what was removed so far stays removed\n");
    Result<size_t> n = size_t{0};
    for (size_t removed = 0;;) {
      if (stop_requested().load()) {
        if (const Format f = parse_format(ctx.format); f != Format::kText)
          print_json({{"removed", removed},
                      {"matched", removed},
                      {"before", format_iso8601(cutoff)},
                      {"dry_run", false}},
                     f);
        ctx.exit_code =
            ctx.fail(Status(ErrorCode::kInterrupted,
                            "stopped after removing " + std::to_string(removed) +
                                " article(s) published before " + format_iso8601(cutoff),
                            "run it again for the others"));
        return;
      }
      auto block = (*writer)->remove_published_before(cutoff, false, kCommitArticles);
      Status s = block.ok() ? Status::Ok() : block.status();
      if (s.ok()) s = (*writer)->commit();
      if (!s.ok()) {
        ctx.exit_code = ctx.fail(with_removed(s, removed));
        return;
      }
      removed += *block;
      if (*block < kCommitArticles) {
        n = removed;
        break;
      }
    }
    const Format f = parse_format(ctx.format);
    if (f == Format::kText) {
      if (!ctx.quiet)
        std::cerr << "removed: " << *n << " article(s) published before " << format_iso8601(cutoff)
                  << '\n';
    } else {
      print_json({{"removed", *n},
                  {"matched", *n},
                  {"before", format_iso8601(cutoff)},
                  {"dry_run", false}},
                 f);
    }
    ctx.exit_code = 0;
  });
}

namespace {

/// "12.3 MB", as compact and rebuild report sizes.
std::string megabytes(uint64_t bytes) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f MB", static_cast<double>(bytes) / 1e6);
  return buf;
}

}  // namespace

void add_compact_command(CLI::App& app, Context& ctx) {
  auto* sub = app.add_subcommand(
      "compact", "Rewrite the index without the free space updates and removals leave");
  sub->footer(
      "Examples:\n"
      "  byline prune --older-than 90d && byline compact\n"
      "The compacted index is written beside the index and swapped in at once: searches and\n"
      "`byline serve` go on meanwhile and then read it. It needs free disk space about its\n"
      "size, and holds the index's lock while it works (crawls wait with --wait). Stopped by a\n"
      "signal before the swap (exit 11), it leaves the index as it was.");
  auto wait = std::make_shared<bool>(false);
  sub->add_flag("--wait", *wait, "wait for another writer to release the index instead of failing");
  add_format_option(sub, ctx);
  sub->callback([&ctx, wait] {
    auto writer = open_index_for_edit(ctx, *wait, /*create=*/false);
    if (!writer.ok()) {
      ctx.exit_code = ctx.fail(writer.status());
      return;
    }
    // A stop after the last check (the swap under way) comes too late: said so, not "as it was".
    catch_stop_signals("byline: stopping: a compaction not yet swapped in is dropped\n");
    auto stats = (*writer)->compact(&stop_requested());
    if (!stats.ok()) {
      ctx.exit_code = ctx.fail(stats.status());
      return;
    }
    const Format f = parse_format(ctx.format);
    if (f == Format::kText) {
      if (!ctx.quiet) {
        std::cerr << "compacted: " << megabytes(stats->bytes_before) << " -> "
                  << megabytes(stats->bytes_after) << " (" << stats->articles << " articles)\n";
      }
    } else {
      print_json({{"bytes_before", stats->bytes_before},
                  {"bytes_after", stats->bytes_after},
                  {"articles", stats->articles}},
                 f);
    }
    ctx.exit_code = 0;
  });
}

void add_rebuild_command(CLI::App& app, Context& ctx) {
  auto* sub = app.add_subcommand(
      "rebuild", "Index every stored article again with this byline's schema and stemmers");
  sub->footer(
      "Examples:\n"
      "  byline rebuild          # an index an older byline made (stemmer english) comes out\n"
      "                          # stemming each article in its language\n"
      "Subscriptions and the feeds' crawl state come along. The new index is written beside\n"
      "the old one and swapped in at once: searches and `byline serve` go on meanwhile and\n"
      "then read it. It needs free disk space about the index's size, and holds the index's\n"
      "lock while it works (crawls wait with --wait). Stopped by a signal, or failing, it\n"
      "leaves the index as it was.\n"
      "\n"
      "Exit codes: 0 rebuilt; 3 no index; 7 locked; 8 an index of a newer byline; 9 a stored\n"
      "record cannot be read (nothing changed: `byline export` saves the others); 11 stopped\n"
      "by SIGINT, SIGTERM or SIGHUP (nothing changed).");
  auto wait = std::make_shared<bool>(false);
  sub->add_flag("--wait", *wait, "wait for another writer to release the index instead of failing");
  add_format_option(sub, ctx);
  sub->callback([&ctx, wait] {
    auto path = ctx.db_path();
    if (!path) {
      ctx.exit_code = ctx.fail(path.status());
      return;
    }
    IndexOptions opts;
    opts.wait_for_lock = *wait;
    opts.create = false;
    opts.cancel = &stop_requested();
    catch_stop_signals("byline: stopping: the index stays as it was\n");
    // How far it is, on a terminal: a big index takes minutes (20,000 articles, 50 s).
    ProgressLine line(ctx.quiet);
    std::function<void(uint64_t, uint64_t)> progress;
    if (line.enabled())
      progress = [&line](uint64_t done, uint64_t total) {
        line.show(
            [&] {
              return "rebuilding: " + std::to_string(done) + " of " + std::to_string(total) +
                     " articles (" + std::to_string(total ? done * 100 / total : 100) + "%)";
            },
            done >= total);
      };
    auto stats = rebuild_index(*path, opts, &stop_requested(), progress);
    line.clear();
    if (!stats.ok()) {
      ctx.exit_code = ctx.fail(stats.status());
      return;
    }
    const Format f = parse_format(ctx.format);
    if (f == Format::kText) {
      if (!ctx.quiet) {
        std::cerr << "rebuilt: " << stats->articles << " articles (stemmer "
                  << stats->stemmer_before << " -> " << stats->stemmer_after << "), "
                  << megabytes(stats->bytes_before) << " -> " << megabytes(stats->bytes_after)
                  << "\n";
      }
    } else {
      print_json({{"articles", stats->articles},
                  {"stemmer_before", stats->stemmer_before},
                  {"stemmer_after", stats->stemmer_after},
                  {"bytes_before", stats->bytes_before},
                  {"bytes_after", stats->bytes_after}},
                 f);
    }
    ctx.exit_code = 0;
  });
}

}  // namespace byline::cli
