// byline extract FILE|URL: what the extractor and section tagger make of one article, without
// indexing it.
#include <iostream>

#include "byline/article_json.h"
#include "byline/extract.h"
#include "byline/index.h"
#include "cli/command.h"
#include "cli/fetch_flags.h"
#include "cli/input.h"
#include "common/datetime.h"
#include "common/text.h"

namespace byline::cli {

namespace {

void print_text(const Article& a) {
  std::cout << term(a.title.empty() ? "(untitled)" : a.title) << '\n';
  std::string meta;
  auto add = [&meta](const std::string& part) {
    if (part.empty()) return;
    if (!meta.empty()) meta += " · ";
    meta += part;
  };
  add(a.source());
  add(a.author);
  if (a.published) add(format_iso8601(*a.published));
  if (a.reading_time_minutes > 0) add(std::to_string(a.reading_time_minutes) + " min read");
  if (a.ai_generated) add("AI-generated");
  if (!meta.empty()) std::cout << term(meta) << '\n';
  if (!a.url.empty()) std::cout << term(a.url) << '\n';
  if (!a.flags.empty()) {
    std::string flags;
    for (const auto& f : a.flags) flags += (flags.empty() ? "" : ", ") + f;
    std::cout << "dropped: " << term(flags) << '\n';
  }
  for (const Section& s : a.sections) {
    std::cout << '\n';
    if (!s.heading.empty())
      std::cout << "## " << term(s.heading) << "  [" << to_string(s.kind) << "]\n\n";
    // Paragraph breaks survive; everything else a terminal could act on is stripped.
    std::cout << term(s.text, /*keep_newlines=*/true) << '\n';
  }
}

}  // namespace

void add_extract_command(CLI::App& app, Context& ctx) {
  auto* sub = app.add_subcommand(
      "extract", "Print the article text, sections and metadata extracted from one page");
  sub->footer(
      "Examples:\n"
      "  byline extract page.html --format json\n"
      "  byline extract ../shared/seed/000_95daf86115ac68e2.txt\n"
      "  byline extract https://example.org/news/story.html");
  auto target = std::make_shared<std::string>();
  sub->add_option(
         "article", *target,
         "HTML page or plain-text article: a file, file:// URL, http(s) URL or - for stdin")
      ->required()
      ->check(a_name("a file, a URL or -"));
  auto fetch = std::make_shared<FetchFlags>();
  add_fetch_flags(sub, *fetch);
  add_format_option(sub, ctx);
  sub->callback([&ctx, target, fetch] {
    auto page = load_document(*target, fetch->options());
    if (!page.ok()) {
      ctx.exit_code = ctx.fail(page.status());
      return;
    }
    std::vector<std::string> warnings;
    auto article = article_from_document(*target, *page, &warnings);
    for (const auto& w : warnings) print_warning(*target + ": " + w, ctx.quiet);
    if (!article.ok()) {
      // Named once: some messages name the input already ("F is a feed, not an article").
      const std::string message = article.status().message();
      ctx.exit_code =
          ctx.fail(Status(article.status().code(),
                          message.starts_with(*target) ? message : *target + ": " + message,
                          article.status().hint()));
      return;
    }
    Article& a = *article;
    // The article and id `byline index` would store: a page's URL is its canonical link or its
    // own address (the extractor's fallback); a text file or a record without one has none,
    // and its id comes from its text.
    prepare_for_index(a);
    const Format f = parse_format(ctx.format);
    if (f == Format::kText) {
      print_text(a);
    } else {
      std::cout << article_to_json(a, f == Format::kJson ? 2 : -1) << '\n';
    }
  });
}

}  // namespace byline::cli
