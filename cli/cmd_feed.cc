// byline feed FILE|URL: parse one feed and print the normalised model (no indexing).
#include <iostream>

#include "byline/feed.h"
#include "cli/command.h"
#include "cli/fetch_flags.h"
#include "cli/input.h"
#include "common/datetime.h"
#include "common/text.h"

namespace byline::cli {

namespace {

// A title or link on one terminal line, cut (with "…") past 500 bytes: a hostile feed's 100,000
// characters were printed whole. --format json keeps them as read.
std::string shown(std::string_view s) {
  constexpr size_t kMax = 500;
  if (s.size() <= kMax) return term(s);
  return term(truncate_utf8(s, kMax)) + "\u2026";
}

void print_text(const ParsedFeed& f) {
  std::cout << shown(f.feed.title.empty() ? "(untitled feed)" : f.feed.title) << '\n';
  if (!f.feed.link.empty()) std::cout << shown(f.feed.link) << '\n';
  std::cout << "format: " << f.version << " · encoding: " << term(f.encoding) << " · "
            << f.entries.size() << " entries";
  if (f.feed.updated) std::cout << " · updated " << format_iso8601(*f.feed.updated);
  std::cout << '\n';
  if (!f.well_formed)
    std::cout << "not well-formed (recovered): " << term(f.error) << '\n';
  else if (!f.error.empty())  // well formed, but more entries than are read
    std::cout << "note: " << term(f.error) << '\n';
  int n = 0;
  for (const FeedEntry& e : f.entries) {
    std::cout << '\n' << ++n << ". " << shown(e.title.empty() ? "(untitled)" : e.title) << '\n';
    if (!e.link.empty()) std::cout << "   " << shown(e.link) << '\n';
    std::string meta;
    if (e.published)
      meta += format_iso8601(*e.published);
    else if (e.updated)
      meta += format_iso8601(*e.updated);
    for (const Person& p : e.authors) {
      if (!meta.empty()) meta += " · ";
      meta += p.name.empty() ? p.email : p.name;
    }
    if (!meta.empty()) std::cout << "   " << shown(meta) << '\n';
    const std::string& text = e.summary.empty() ? e.content : e.summary;
    if (!text.empty())
      std::cout << "   " << term(truncate_utf8(collapse_whitespace(text), 240)) << '\n';
  }
}

}  // namespace

void add_feed_command(CLI::App& app, Context& ctx) {
  auto* sub = app.add_subcommand("feed", "Parse one feed (RSS, Atom, RDF, JSON Feed) and print it");
  sub->footer(
      "Examples:\n"
      "  byline feed samples/feeds/circuitledger.xml\n"
      "  byline feed https://example.org/feed.atom --format json");
  auto target = std::make_shared<std::string>();
  sub->add_option("feed", *target, "feed file, file:// URL, http(s) URL or - for stdin")
      ->required()
      ->check(a_name("a file, a URL or -"));
  auto fetch = std::make_shared<FetchFlags>();
  add_fetch_flags(sub, *fetch);
  add_format_option(sub, ctx);
  sub->callback([&ctx, target, fetch] {
    auto loaded = load_document(*target, fetch->options());
    if (!loaded.ok()) {
      ctx.exit_code = ctx.fail(loaded.status());
      return;
    }
    FeedParseOptions opts;
    opts.url = loaded->url;
    opts.content_type = loaded->content_type;
    opts.fallback_language = loaded->content_language;
    auto feed = parse_feed(loaded->bytes, opts);
    if (!feed.ok()) {
      ctx.exit_code = ctx.fail(Status(
          feed.status().code(), *target + ": " + feed.status().message(), feed.status().hint()));
      return;
    }
    const Format f = parse_format(ctx.format);
    if (f == Format::kText) {
      print_text(*feed);
    } else {
      // Valid UTF-8 whatever the feed held; jsonl prints the document on one line.
      write_feed_json(std::cout, *feed, f == Format::kJson ? 2 : -1);
      std::cout << '\n';
    }
  });
}

}  // namespace byline::cli
