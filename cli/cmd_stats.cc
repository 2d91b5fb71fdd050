// byline stats: what the index holds.
#include <algorithm>
#include <iostream>

#include "byline/search.h"
#include "cli/command.h"
#include "cli/crawl_sink.h"
#include "common/datetime.h"
#include "query/results_json.h"

namespace byline::cli {

void add_stats_command(CLI::App& app, Context& ctx) {
  auto* sub = app.add_subcommand(
      "stats",
      "Summarise the index: articles, sources, feeds (articles came from; subscribed), "
      "date range, size");
  sub->footer("Examples:\n  byline stats\n  byline --db /srv/news.idx stats --format json");
  add_format_option(sub, ctx);
  sub->callback([&ctx] {
    auto searcher = Searcher::open(ctx.db_paths());
    if (!searcher.ok()) {
      ctx.exit_code = ctx.fail(searcher.status());
      return;
    }
    auto s = (*searcher)->stats();
    if (!s.ok()) {
      ctx.exit_code = ctx.fail(s.status());
      return;
    }
    // `feeds` counts the feeds indexed articles came from (a crawl of an OPML file subscribes
    // to nothing), so the subscriptions are counted apart, and both are named for what they are.
    auto subs_json = (*searcher)->metadata(kSubscriptionsKey);
    if (!subs_json.ok()) {
      ctx.exit_code = ctx.fail(subs_json.status());
      return;
    }
    auto subs = parse_subscriptions(*subs_json);
    if (!subs.ok()) {
      ctx.exit_code = ctx.fail(subs.status());
      return;
    }
    const size_t subscribed = subs->size();
    const Format f = parse_format(ctx.format);
    if (f != Format::kText) {
      print_json(stats_json(*s, subscribed), f);
      return;
    }
    if (s->indexes.size() > 1) {
      std::cout << "indexes:  " << s->indexes.size() << ", searched as one\n";
      for (const IndexPart& p : s->indexes)
        std::cout << "  " << term(p.path) << ": " << p.articles << " articles, "
                  << (is_remote_index(p.path) ? "served over the network"
                                              : std::to_string(p.size_bytes / 1024) + " KiB")
                  << '\n';
    } else {
      std::cout << "index:    " << term(s->path) << '\n';
    }
    std::cout << "articles: " << s->articles << "\nsources:  " << s->sources
              << "\nfeeds:    " << s->feeds << " that articles came from; " << subscribed
              << " subscribed (`byline feeds ls`)\n";
    if (s->oldest) std::cout << "oldest:   " << format_iso8601(*s->oldest) << '\n';
    if (s->newest) std::cout << "newest:   " << format_iso8601(*s->newest) << '\n';
    if (s->last_indexed)
      std::cout << "indexed:  last at " << format_iso8601(*s->last_indexed) << '\n';
    // A remote index's size is its server's to know (xapian-tcpsrv tells none).
    const bool remote = std::all_of(s->indexes.begin(), s->indexes.end(),
                                    [](const IndexPart& p) { return is_remote_index(p.path); });
    std::cout << "schema:   " << s->schema_version << "\nsize:     "
              << (remote && !s->indexes.empty() ? "unknown (served over the network)"
                                                : std::to_string(s->size_bytes / 1024) + " KiB")
              << '\n';
    // What an older byline left in the index, and the one command that updates it (named with
    // its index, quoted for pasting; a remote index is rebuilt where it is stored).
    for (const IndexPart& p : s->indexes) {
      if (p.outdated.empty()) continue;
      std::cout << "rebuild:  " << (p.rebuild_advised ? "advised" : "optional")
                << (s->indexes.size() > 1 ? " for " + term(p.path) : "") << " ("
                << (is_remote_index(p.path)
                        ? std::string("run `byline rebuild` on the machine that stores it")
                        : "`byline --db " + term(shell_quote(p.path)) + " rebuild`")
                << "); an older byline made it, and it\n";
      for (const std::string& why : p.outdated) std::cout << "  - " << term(why) << '\n';
    }
  });
}

}  // namespace byline::cli
