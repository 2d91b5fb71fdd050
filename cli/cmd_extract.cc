// byline extract FILE|URL: what the extractor and section tagger make of one article, without
// indexing it.
#include <iostream>

#include "byline/article_json.h"
#include "byline/extract.h"
#include "byline/index.h"
#include "cli/command.h"
#include "cli/input.h"
#include "common/datetime.h"
#include "common/text.h"

// http(s) pages are read with the crawler's fetcher when it is part of the build.
#if __has_include("crawler/fetch.h")
#include "crawler/fetch.h"
#define BYLINE_EXTRACT_HAS_FETCH 1
#endif

namespace byline::cli {

namespace {

struct Page {
  std::string bytes;
  std::string url;           // base for relative links, fallback id
  std::string content_type;  // HTTP Content-Type: charset, and HTML vs text
};

Result<Page> load(const std::string& arg) {
  Page p;
  if (is_remote_url(arg)) {
#ifdef BYLINE_EXTRACT_HAS_FETCH
    auto doc = crawler::fetch_url(arg, {}, /*allow_file=*/false);
    if (!doc.ok()) return doc.status();
    p.bytes = std::move(doc->body);
    p.url = doc->final_url.empty() ? arg : doc->final_url;
    p.content_type = doc->content_type;
    return p;
#else
    return Result<Page>(ErrorCode::kUsage, "cannot fetch " + arg + ": no fetcher in this build",
                        "save the page and pass the file");
#endif
  }
  auto data = read_input(arg);
  if (!data.ok()) return data.status();
  p.bytes = std::move(*data);
  p.url =
      starts_with_icase(arg, "file://") || arg == "-" ? (arg == "-" ? "" : arg) : file_url_for(arg);
  return p;
}

Result<Article> extract(const std::string& arg, const Page& page) {
  ExtractOptions opts;
  opts.url = page.url;
  opts.content_type = page.content_type;
  const std::string type = to_lower_ascii(page.content_type);
  // The server's word first, then the bytes themselves.
  if (type.starts_with("text/html") || type.starts_with("application/xhtml"))
    return extract_html(page.bytes, opts);
  if (type.starts_with("text/plain")) return extract_text(page.bytes, opts);
  switch (sniff_input(arg == "-" ? std::string() : arg, page.bytes)) {
    case InputKind::kHtml:
      return extract_html(page.bytes, opts);
    case InputKind::kJsonl: {
      std::string_view first = page.bytes;
      first = trim(first.substr(0, first.find('\n')));
      return article_from_json(first);
    }
    case InputKind::kFeed:
    case InputKind::kOpml:
      return Status(ErrorCode::kBadInput, arg + " is a feed, not an article",
                    "print it with `byline feed`, or pass one article page");
    case InputKind::kText:
      break;
  }
  return extract_text(page.bytes, opts);
}

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
    std::cout << strip_controls(s.text, /*keep_newlines=*/true) << '\n';
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
      ->required();
  add_format_option(sub, ctx);
  sub->callback([&ctx, target] {
    auto page = load(*target);
    if (!page.ok()) {
      ctx.exit_code = ctx.fail(page.status());
      return;
    }
    auto article = extract(*target, *page);
    if (!article.ok()) {
      ctx.exit_code =
          ctx.fail(Status(article.status().code(), *target + ": " + article.status().message(),
                          article.status().hint()));
      return;
    }
    Article& a = *article;
    if (a.url.empty()) a.url = page->url;
    if (a.id.empty() && !a.url.empty()) a.id = article_id_for(a.url);
    const Format f = parse_format(ctx.format);
    if (f == Format::kText) {
      print_text(a);
    } else {
      std::cout << article_to_json(a, f == Format::kJson ? 2 : -1) << '\n';
    }
  });
}

}  // namespace byline::cli
