// embed: byline as a library. Extracts a news page, indexes it with two other stories, then
// searches the index and asks for the stories related to the page.
//
//   embed INDEX_DIR
#include <byline/extract.h>
#include <byline/index.h>
#include <byline/search.h>

#include <iostream>

namespace {

// Every byline call returns a Status or a Result: a one-line message and, often, a hint.
int fail(const byline::Status& s) {
  std::cerr << "embed: " << s.message() << '\n';
  if (!s.hint().empty()) std::cerr << "hint: " << s.hint() << '\n';
  return 1;
}

byline::Article story(const std::string& url, const std::string& title, const std::string& text) {
  byline::Article a;
  a.url = url;
  a.title = title;
  byline::tag_sections(text, a);  // lead and sections from plain text
  return a;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: embed INDEX_DIR\n";
    return 2;
  }
  const std::string html =
      "<html><head><title>Corvid lander touches down | Orbit Desk</title>"
      "<meta property=\"og:title\" content=\"Corvid lander touches down\">"
      "<meta property=\"og:site_name\" content=\"Orbit Desk\"></head><body>"
      "<article><h1>Corvid lander touches down near the lunar south pole</h1>"
      "<p>The Corvid lander settled on the rim of a crater near the lunar south pole on Tuesday, "
      "the first private mission to reach the region.</p>"
      "<h2>What's Next?</h2><p>Engineers will test the lander's drill over the next two weeks "
      "before the lunar night begins.</p></article></body></html>";
  byline::ExtractOptions options;
  options.url = "https://orbit.example/corvid-lands";
  auto page = byline::extract_html(html, options);
  if (!page.ok()) return fail(page.status());

  auto writer = byline::IndexWriter::open(argv[1]);
  if (!writer.ok()) return fail(writer.status());
  std::vector<byline::Article> articles = {
      *page,
      story("https://orbit.example/corvid-drill", "Corvid lander's drill reaches lunar ice",
            "The drill on the Corvid lander reached ice half a metre below the lunar surface, "
            "mission engineers said."),
      story("https://chips.example/fab", "Norrland opens a chip factory",
            "Norrland Chips opened its second factory, which will make memory for phones."),
  };
  for (auto& a : articles)
    if (auto added = (*writer)->add(a); !added.ok()) return fail(added.status());
  if (auto s = (*writer)->commit(); !s.ok()) return fail(s);

  auto searcher = byline::Searcher::open(argv[1]);
  if (!searcher.ok()) return fail(searcher.status());
  auto found = (*searcher)->search("lunar lander");
  if (!found.ok()) return fail(found.status());
  for (const auto& hit : found->hits) std::cout << "search: " << hit.title << '\n';
  auto related = (*searcher)->related(articles[0].id);
  if (!related.ok()) return fail(related.status());
  for (const auto& hit : *related) std::cout << "related: " << hit.title << '\n';
  std::cout << "sections of the page:";
  for (const auto& s : page->sections) std::cout << ' ' << byline::to_string(s.kind);
  std::cout << '\n';
}
