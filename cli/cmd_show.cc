// byline show ID|URL: one stored article.
#include <iostream>

#include "byline/search.h"
#include "cli/command.h"
#include "common/datetime.h"
#include "common/text.h"
#include "query/results_json.h"

namespace byline::cli {

void add_show_command(CLI::App& app, Context& ctx) {
  auto* sub = app.add_subcommand(
      "show", "Print one indexed article: metadata, entities, sections and text");
  sub->footer(
      "Examples:\n"
      "  byline show b3f0c2a1d4e5f6071\n"
      "  byline show https://circuitdaily.example/2026/11/chip-plant --format json");
  auto target = std::make_shared<std::string>();
  sub->add_option("article", *target, "ID or URL")->required()->check(a_name("an id or a URL"));
  add_format_option(sub, ctx);
  sub->callback([&ctx, target] {
    auto searcher = Searcher::open(ctx.db_paths());
    if (!searcher.ok()) {
      ctx.exit_code = ctx.fail(searcher.status());
      return;
    }
    auto a = (*searcher)->get(*target);
    if (!a.ok()) {
      ctx.exit_code = ctx.fail(a.status());
      return;
    }
    auto entities = (*searcher)->entities(a->id);
    if (!entities.ok()) {
      ctx.exit_code = ctx.fail(entities.status());
      return;
    }
    const Format f = parse_format(ctx.format);
    if (f != Format::kText) {
      print_json(article_json(*a, *entities), f);
      return;
    }
    std::cout << term(a->title) << '\n';
    std::cout << "id: " << term(a->id) << '\n';
    // A record read from text or JSON may have neither (an empty line said nothing).
    if (!a->url.empty()) std::cout << "url: " << term(a->url) << '\n';
    if (!a->source().empty()) std::cout << "source: " << term(a->source()) << '\n';
    if (!a->author.empty()) std::cout << "author: " << term(a->author) << '\n';
    if (a->published) std::cout << "published: " << format_iso8601(*a->published) << '\n';
    if (a->reading_time_minutes)
      std::cout << "reading time: " << a->reading_time_minutes << " min\n";
    if (a->ai_generated) std::cout << "ai generated: yes\n";
    // Comma-separated: a tag or an entity is often several words ("AI chips").
    auto list = [](const char* label, const std::vector<std::string>& items) {
      if (items.empty()) return;
      std::cout << label << ':';
      for (size_t i = 0; i < items.size(); ++i) std::cout << (i ? ", " : " ") << term(items[i]);
      std::cout << '\n';
    };
    list("tags", a->tags);
    list("entities", *entities);
    for (const auto& s : a->sections) {
      std::cout << "\n[" << to_string(s.kind) << "]";
      if (!s.heading.empty()) std::cout << ' ' << term(s.heading);
      std::cout << '\n' << term(s.text, /*keep_newlines=*/true) << '\n';
    }
  });
}

}  // namespace byline::cli
