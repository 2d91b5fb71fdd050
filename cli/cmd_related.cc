// byline related ID|URL|FILE: the "More stories you might enjoy" box.
#include <iostream>
#include <optional>

#include "byline/search.h"
#include "cli/command.h"
#include "cli/fetch_flags.h"
#include "cli/input.h"
#include "common/text.h"

namespace byline::cli {

void add_related_command(CLI::App& app, Context& ctx) {
  auto* sub = app.add_subcommand("related",
                                 "Stories related to an article: indexed (by id or URL) or not (a "
                                 "FILE, analysed and not added)");
  sub->footer(
      "Examples:\n"
      "  byline related b3f0c2a1d4e5f6071\n"
      "  byline related https://circuitdaily.example/2026/11/chip-plant --limit 5\n"
      "  byline related draft.html --format json      # a page that is not in the index\n"
      "Other coverage of the same story comes first, then close topics; never a copy of the\n"
      "article itself, and one item per group of copies the index made (near-identical texts;\n"
      "two copies of another story that an outlet trimmed or extended can both be listed).\n"
      "`why` lists the shared terms and entities. The list is in score order: similarity less a\n"
      "penalty for likeness to a story above it. It holds --limit stories when that many share\n"
      "a word or entity with the article, else all that do (words in over half the stories do\n"
      "not count). A shorter list is the head of a longer one, up to 20 stories. An ID or URL\n"
      "not in the index (in any form of it) is read as a FILE, or a URL fetched with the\n"
      "options below; a FILE of JSON Lines is one record.");
  auto target = std::make_shared<std::string>();
  auto opts = std::make_shared<RelatedOptions>();
  auto fetch = std::make_shared<FetchFlags>();
  sub->add_option("article", *target, "ID, URL or FILE")
      ->required()
      ->check(a_name("a file, a URL or an id"));
  sub->add_option("-n,--limit", opts->limit,
                  "stories to print (fewer only when fewer are related at all)")
      ->transform(whole_number_from(1, 1000))
      ->capture_default_str();
  sub->add_option("--time-prior", opts->time_prior,
                  "favour stories published near the article (0: off)")
      ->check(number_from(0, 10))
      ->capture_default_str();
  sub->add_flag("--any-language", opts->any_language,
                "list stories in other languages too (by default only the article's: \"de\" "
                "and \"de-AT\" are one)");
  add_fetch_flags(sub, *fetch);  // for a page that is not in the index
  add_format_option(sub, ctx);
  sub->callback([&ctx, target, opts, fetch] {
    auto searcher = Searcher::open(ctx.db_paths());
    if (!searcher.ok()) {
      ctx.exit_code = ctx.fail(searcher.status());
      return;
    }
    Result<std::vector<Hit>> hits = (*searcher)->related(*target, *opts);
    std::optional<Article> unindexed;  // the article analysed on the fly
    std::string title;
    if (!hits.ok() && hits.status().code() == ErrorCode::kNotFound) {
      // Not indexed: analyse the file or page on the fly (it is not added).
      auto article = load_article(*target, fetch->options());
      if (!article.ok()) {
        // Neither indexed nor readable: say both.
        if (article.status().code() == ErrorCode::kNotFound && !is_remote_url(*target))
          ctx.exit_code = ctx.fail(
              Status(ErrorCode::kNotFound,
                     "'" + *target + "' is neither an indexed id or URL nor a readable file",
                     "`byline search` lists ids; pass a path to an article file"));
        else
          ctx.exit_code = ctx.fail(article.status());
        return;
      }
      title = article->title;
      hits = (*searcher)->related(*article, *opts);
      unindexed = std::move(*article);
    } else if (hits.ok()) {
      if (auto a = (*searcher)->get(*target); a.ok()) title = a->title;
    }
    if (!hits.ok()) {
      ctx.exit_code = ctx.fail(hits.status());
      return;
    }
    print_related(*hits, parse_format(ctx.format),
                  "More stories you might enjoy" +
                      (title.empty() ? std::string() : " (after \"" + term(title) + "\")"));
    // An empty list that only the language kept empty (a German article in an English index)
    // says so, as "(no related stories)" alone did not.
    if (hits->empty() && !opts->any_language && !ctx.quiet) {
      RelatedOptions any = *opts;
      any.any_language = true;
      any.limit = 1;
      auto others =
          unindexed ? (*searcher)->related(*unindexed, any) : (*searcher)->related(*target, any);
      if (others.ok() && !others->empty())
        std::cerr << "hint: none in the article's language; --any-language lists stories in "
                     "the others too\n";
    }
  });
}

}  // namespace byline::cli
