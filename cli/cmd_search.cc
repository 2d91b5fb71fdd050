// byline search QUERY: ranked full-text search.
#include "byline/search.h"
#include "cli/command.h"

namespace byline::cli {

void add_search_command(CLI::App& app, Context& ctx) {
  auto* sub = app.add_subcommand(
      "search", "Full-text search: ranked results with title, source, date, URL and a snippet");
  sub->footer(
      "Examples:\n"
      "  byline search 'battery recall'\n"
      "  byline search 'title:chip AND source:\"Circuit Ledger\"' --limit 5 --format json\n"
      "  byline search 'section:whats_next regulators date:2026-11-01..2026-11-30'\n"
      "  byline search 'battery recall' --sort newest\n"
      "  byline search -- -chip -battery           # a query that starts with -, after --\n"
      "Syntax: words (all must match), \"phrases\", OR, NOT, wild*, (groups), and - before a\n"
      "word, phrase, field or group to leave it out (-apple, -(apple OR pear)); operators in\n"
      "capitals only. The prefixes title: author: (words) and tag: site: source: lang:\n"
      "section: entity: id: url: feed: (exact filters; the same one twice is either value);\n"
      "date:2026-10-06, date:2026-10 or date:2026 (a day, month or year) and date:FROM..TO,\n"
      "either end open; indexed: the same, on when byline stored the article (added or\n"
      "changed). A name before a colon that is no field (titel:) is searched as words, with\n"
      "a warning. See schemas/index.md. A query looks up at most 1024 terms; a wildcard\n"
      "counts as 100, its most frequent completions.");
  auto query = std::make_shared<std::vector<std::string>>();
  auto opts = std::make_shared<SearchOptions>();
  sub->add_option("query", *query, "the query; several words are joined")->required();
  sub->add_option("-n,--limit", opts->limit, "results to print")
      ->transform(whole_number_from(0, 10000))
      ->capture_default_str();
  sub->add_option("--offset", opts->offset, "results to skip (paging)")
      ->transform(whole_number_from(0, 1000000))
      ->capture_default_str();
  auto order = std::make_shared<std::string>("relevance");
  sub->add_option("--sort", *order,
                  "result order: relevance, newest or oldest (by publication date, undated "
                  "last; relevance among equal dates)")
      ->check(CLI::IsMember({"relevance", "newest", "oldest"}))
      ->capture_default_str();
  sub->add_flag("--all-words", opts->all_words,
                "only articles with every word of the query (by default, when none has them "
                "all, those with some of them are listed, and `some_words` says so)");
  sub->add_flag(
      "--all-copies", [opts](int64_t) { opts->collapse_copies = false; },
      "list every syndicated copy of a story (by default one stands for its copies, "
      "counted in `copies`)");
  sub->add_option(
         "--facets", opts->facets,
         "also count the matches per source, the N most frequent (JSON: `facets`; not with "
         "jsonl)")
      ->transform(whole_number_from(0, 10000))
      ->capture_default_str();
  add_format_option(sub, ctx);
  sub->callback([&ctx, query, opts, order] {
    opts->order = *order == "newest"   ? SearchOrder::kNewest
                  : *order == "oldest" ? SearchOrder::kOldest
                                       : SearchOrder::kRelevance;
    // JSON Lines is a line per hit: the counts per source have no line of their own.
    if (opts->facets > 0 && parse_format(ctx.format) == Format::kJsonl) {
      ctx.exit_code = ctx.fail(Status(ErrorCode::kUsage, "--facets has no place in JSON Lines",
                                      "use --format json (its `facets`) or text"));
      return;
    }
    std::string q;
    for (const auto& w : *query) q += (q.empty() ? "" : " ") + w;
    auto searcher = Searcher::open(ctx.db_paths());
    if (!searcher.ok()) {
      ctx.exit_code = ctx.fail(searcher.status());
      return;
    }
    auto results = (*searcher)->search(q, *opts);
    if (!results.ok()) {
      ctx.exit_code = ctx.fail(results.status());
      return;
    }
    const std::string heading =
        "Results for \"" + term(q) + "\" (about " + std::to_string(results->total_estimate) + ")";
    print_search(*results, parse_format(ctx.format), heading, opts->offset, opts->facets > 0,
                 ctx.quiet);
  });
}

}  // namespace byline::cli
