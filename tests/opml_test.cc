// OPML import (nested outlines become tags) and export round trip.
#include <gtest/gtest.h>

#include "byline/feed.h"
#include "test_support.h"

namespace byline {
namespace {

TEST(Opml, NestedOutlinesBecomeTags) {
  const char* opml = R"(<?xml version="1.0"?>
<opml version="1.0"><head><title>t</title></head><body>
  <outline type="rss" xmlUrl="https://a.example/feed" title="A" htmlUrl="https://a.example/"/>
  <outline text="Blogs" title="ignored">
    <outline xmlUrl="https://b.example/rss" text="B"/>
    <outline title="friends"><outline xmlUrl="https://c.example/rss" title="C" category="x,/y/z"/></outline>
  </outline>
</body></opml>)";
  auto r = parse_opml(opml);
  ASSERT_TRUE(r.ok()) << r.status().message();
  ASSERT_EQ(r->size(), 3u);
  EXPECT_EQ((*r)[0].title, "A");
  EXPECT_EQ((*r)[0].html_url, "https://a.example/");
  EXPECT_TRUE((*r)[0].tags.empty());
  EXPECT_EQ((*r)[1].title, "B");
  EXPECT_EQ((*r)[1].tags, std::vector<std::string>{"Blogs"});
  EXPECT_EQ((*r)[2].tags, (std::vector<std::string>{"Blogs", "friends", "x", "y/z"}));

  // Regression (audit, session 41): a feed outline that holds outlines is their folder too. A
  // type="rss" one was a folder until its url made it a feed, and then its feeds lost the tag.
  r = parse_opml(
      "<opml><body><outline text=\"News\" type=\"rss\" url=\"https://n.example/feed\">"
      "<outline xmlUrl=\"https://n.example/world\"/></outline><outline text=\"Site\" "
      "xmlUrl=\"https://s.example/rss\"><outline title=\"Sub\" xmlUrl=\"https://s.example/a\"/>"
      "</outline><outline text=\"Lone\" xmlUrl=\"https://l.example/rss\"/>"
      "<outline xmlUrl=\"https://after.example/rss\"/></body></opml>");
  ASSERT_TRUE(r.ok()) << r.status().message();
  ASSERT_EQ(r->size(), 6u);
  EXPECT_TRUE((*r)[0].tags.empty());  // the feed itself is in no folder
  EXPECT_EQ((*r)[1].tags, std::vector<std::string>{"News"});
  EXPECT_TRUE((*r)[2].tags.empty());
  EXPECT_EQ((*r)[3].tags, std::vector<std::string>{"Site"});
  EXPECT_TRUE((*r)[4].tags.empty());
  EXPECT_TRUE((*r)[5].tags.empty());  // the folder closed with its outline
}

TEST(Opml, RoundTrip) {
  std::vector<OpmlOutline> feeds = {
      {"Plain & simple", "https://a.example/feed?x=1&y=2", "https://a.example/", {}, ""},
      {"", "https://d.example/untitled.xml", "", {}, ""},  // added while its feed was down
      {"Tagged", "https://b.example/rss", "", {"Tech", "Chips"}, "never"},
      {"Also tech", "https://c.example/rss", "", {"Tech"}, "auto"},
  };
  const std::string xml = write_opml(feeds, "mine");
  // Regression (audit): an untitled feed was written text="", which OPML 2.0 forbids.
  EXPECT_NE(xml.find("text=\"https://d.example/untitled.xml\""), std::string::npos) << xml;
  EXPECT_EQ(xml.find("text=\"\""), std::string::npos) << xml;
  auto back = parse_opml(xml);
  ASSERT_TRUE(back.ok());
  ASSERT_EQ(back->size(), 4u);
  for (size_t i = 0; i < feeds.size(); ++i) {
    EXPECT_EQ((*back)[i].title, feeds[i].title);
    EXPECT_EQ((*back)[i].xml_url, feeds[i].xml_url);
    EXPECT_EQ((*back)[i].html_url, feeds[i].html_url);
    EXPECT_EQ((*back)[i].tags, feeds[i].tags);
    // Regression: export then import turned "never" and "auto" into the default, "always".
    EXPECT_EQ((*back)[i].full_text, feeds[i].full_text);
  }
  EXPECT_NE(xml.find("xmlns:byline="), std::string::npos);  // still well-formed XML with it
  EXPECT_EQ(write_opml({feeds[0]}).find("xmlns:byline"), std::string::npos);
  // A value byline does not know is not taken.
  auto odd = parse_opml(
      "<opml version=\"2.0\"><body><outline xmlUrl=\"https://d.example/rss\" "
      "byline:fullText=\"sometimes\"/></body></opml>");
  ASSERT_TRUE(odd.ok());
  EXPECT_EQ(odd->at(0).full_text, "");
}

// Regression: control characters in a feed's title or a tag reached the exported OPML, which an
// XML parser then refused, and a terminal obeyed.
TEST(Opml, ExportHasNoControlCharacters) {
  std::vector<OpmlOutline> feeds = {
      {"Evil\x1b]0;pwned\x07 title", "https://e.example/rss\x01", "", {"n\x1b[31m", "ok\x0b"}, ""}};
  const std::string xml = write_opml(feeds, "mine\x1b[2J");
  for (unsigned char c : xml) EXPECT_TRUE(c >= 0x20 || c == '\n') << int(c);
  auto back = parse_opml(xml);
  ASSERT_TRUE(back.ok()) << back.status().message();
  ASSERT_EQ(back->size(), 1u);
  EXPECT_EQ((*back)[0].title, "Evil]0;pwned title");
  EXPECT_EQ((*back)[0].xml_url, "https://e.example/rss");
  EXPECT_EQ((*back)[0].tags, (std::vector<std::string>{"n[31m", "ok"}));
  // Regression (audit): U+FFFE and U+FFFF went out, and an XML parser refused the file.
  const std::string nonchars =
      write_opml({{"A\xEF\xBF\xBE title\xEF\xBF\xBF", "https://e.example/rss", "", {}, ""}}, "m");
  EXPECT_EQ(nonchars.find("\xEF\xBF\xBE"), std::string::npos);
  EXPECT_EQ(nonchars.find("\xEF\xBF\xBF"), std::string::npos);
  EXPECT_NE(nonchars.find("text=\"A title\""), std::string::npos) << nonchars;
}

// Regression (audit #5): tags are read back as `feeds add --tag` now stores them; reading one
// again changes nothing, so an export of what was read imports the same.
TEST(Opml, TagsAsReadAreReadAgainUnchanged) {
  EXPECT_EQ(opml_tag("  /lead "), "lead");
  EXPECT_EQ(opml_tag("x \t y"), "x y");
  EXPECT_EQ(opml_tag("/ x"), "x");  // not " x", which would read back as "x"
  EXPECT_EQ(opml_tag("//a/b"), "a/b");
  EXPECT_EQ(opml_tag(" / "), "");
  for (const char* t : {"  /lead ", "x \t y", "/ x", "/ / x  y", "Ünï"})
    EXPECT_EQ(opml_tag(opml_tag(t)), opml_tag(t)) << t;
  const std::vector<OpmlOutline> feeds = {
      {"A", "https://a.example/f", "", {opml_tag("/ first"), opml_tag(" x  y"), "z/"}, ""}};
  auto back = parse_opml(write_opml(feeds));
  ASSERT_TRUE(back.ok());
  ASSERT_EQ(back->size(), 1u);
  EXPECT_EQ((*back)[0].tags, (std::vector<std::string>{"first", "x y", "z/"}));
  // Regression (review): each leading '/' cost a copy of the tag, so a category of a million
  // slashes in a hostile OPML did not finish.
  EXPECT_EQ(opml_tag(std::string(1'000'000, '/') + " / x  y"), "x y");
  EXPECT_EQ(opml_tag(" / /"), "");
}

// Regression (audit F7): every folder's name is a tag of each feed below it, with no length
// cap: 64 folders of 250 KB names over 50 feeds took 4 GB (200,000 feeds: aborted).
TEST(Opml, FolderTagsAreBoundedPerOutline) {
  std::string doc = "<opml><body>";
  const std::string huge(300000, 'F');
  doc += "<outline text=\"" + huge + "\">";
  for (int i = 0; i < 63; ++i)
    doc += "<outline text=\"folder " + std::string(40, 'a' + i % 26) + std::to_string(i) + "\">";
  for (int i = 0; i < 50; ++i)
    doc += "<outline xmlUrl=\"https://example.com/" + std::to_string(i) + "\" category=\"news," +
           huge + "\"/>";
  for (int i = 0; i < 64; ++i) doc += "</outline>";
  doc +=
      "<outline text=\"Tech\"><outline xmlUrl=\"https://example.com/t\" "
      "category=\"ai\"/></outline>";
  auto r = parse_opml(doc + "</body></opml>");
  ASSERT_TRUE(r.ok()) << r.status().message();
  ASSERT_EQ(r->size(), 51u);
  for (const OpmlOutline& o : *r) {
    size_t bytes = 0;
    for (const std::string& t : o.tags) {
      EXPECT_LE(t.size(), 256u);
      EXPECT_NE(t.find('F'), 0u) << "a tag longer than an article keeps is dropped";
      bytes += t.size();
    }
    EXPECT_LE(bytes, 512u) << o.xml_url;
  }
  EXPECT_EQ((*r)[0].tags.front(), "folder " + std::string(40, 'a') + "0");  // outer first
  EXPECT_EQ(r->back().tags, (std::vector<std::string>{"Tech", "ai"}));
}

// Regression (audit #13): outlines nested past 64 levels, or after the first 1,000,000 XML
// elements, were left out without a word (`feeds import` exited 0 having imported nothing).
TEST(Opml, LeftOutOutlinesAreCounted) {
  auto nested = [](int levels, const std::string& inner) {
    std::string s;
    for (int i = 0; i < levels; ++i) s += "<outline text=\"f" + std::to_string(i) + "\">";
    s += inner;
    for (int i = 0; i < levels; ++i) s += "</outline>";
    return s;
  };
  const std::string feeds =
      "<outline xmlUrl=\"https://deep.example/1\"/><outline xmlUrl=\"https://deep.example/2\">"
      "<outline xmlUrl=\"https://deep.example/3\"/></outline><other><outline "
      "xmlUrl=\"x\"/></other>";
  OpmlDropped d;
  auto r = parse_opml("<opml><body>" + nested(64, feeds) + nested(65, feeds) +
                          "<outline xmlUrl=\"https://top.example/f\"/></body></opml>",
                      &d);
  ASSERT_TRUE(r.ok()) << r.status().message();
  // Depth 64 is read, 65 is not (the feed under a feed at 64, and the three at 65); the one under
  // <other> is no outline of the list, read or counted.
  ASSERT_EQ(r->size(), 3u);
  EXPECT_EQ((*r)[0].xml_url, "https://deep.example/1");
  EXPECT_EQ((*r)[1].xml_url, "https://deep.example/2");
  EXPECT_EQ(r->back().xml_url, "https://top.example/f");
  EXPECT_EQ(d.too_deep, 4u);
  EXPECT_EQ(d.past_cap, 0u);
  EXPECT_EQ(opml_dropped_warnings(d),
            std::vector<std::string>{
                "left out 4 outline(s) nested more than 64 levels deep (the OPML nesting read)"});
  // Counted without recursion, however deep.
  auto very = parse_opml("<opml><body>" + nested(200000, feeds) + "</body></opml>", &d);
  ASSERT_TRUE(very.ok());
  EXPECT_TRUE(very->empty());
  EXPECT_EQ(d.too_deep, 3u);

  std::string big = "<opml><body>";  // 2 elements, then a million outlines: 2 past the cap
  big.reserve(24u << 20);
  for (int i = 0; i < 1000000; ++i) big += "<outline xmlUrl=\"a\"/>";
  big += "<!-- <outline xmlUrl=\"no\"/> --><outline text=\"folder\"><OUTLINE\nXMLURL=\"TAIL\"/>";
  big += "</outline></body></opml>";
  auto capped = parse_opml(big, &d);
  ASSERT_TRUE(capped.ok()) << capped.status().message();
  EXPECT_EQ(capped->size(), 999998u);
  EXPECT_EQ(d.too_deep, 0u);
  EXPECT_EQ(d.past_cap, 3u);
  EXPECT_EQ(opml_dropped_warnings(d),
            std::vector<std::string>{"left out 3 outline(s) after the first 1000000 XML elements "
                                     "(the most read of an OPML document)"});
  // Nothing left out: nothing said, and no counts asked for is fine.
  EXPECT_TRUE(opml_dropped_warnings(OpmlDropped{}).empty());
  EXPECT_TRUE(parse_opml("<opml><body><outline xmlUrl=\"a\"/></body></opml>").ok());
}

// Regression (crawler audit, session 38): an OPML file with no <body>, or with links only,
// imported and crawled 0 feeds without a word.
TEST(Opml, ADocumentWithNoFeedIsSaidSo) {
  const std::string no_feed =
      "no feed in it: no outline has an xmlUrl (expected <opml><body><outline xmlUrl=\"...\"/>)";
  OpmlDropped d;
  auto r = parse_opml("<opml version=\"2.0\"><head><title>x</title></head></opml>", &d);
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->empty());
  EXPECT_EQ(opml_dropped_warnings(d, r->size()), std::vector<std::string>{no_feed});
  // Links to web pages (OPML 2.0's type="link", an htmlUrl alone) are no feeds; a folder is
  // neither.
  r = parse_opml(
      "<opml><body><outline text=\"Blog\" type=\"link\" url=\"https://b.example/\"/><outline "
      "text=\"Folder\"><outline text=\"Site\" htmlUrl=\"https://s.example/\"/></outline>"
      "</body></opml>",
      &d);
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->empty());
  EXPECT_EQ(d.links, 2u);
  EXPECT_EQ(opml_dropped_warnings(d, r->size()),
            (std::vector<std::string>{no_feed,
                                      "left out 2 outline(s) that link a web page, not a feed "
                                      "(`byline feeds add URL` finds a page's feed)"}));
  // Another list included is no web page (session 39's audit).
  r = parse_opml(
      "<opml><body><outline type=\"include\" url=\"https://b.example/list.opml\"/></body></opml>",
      &d);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(d.links, 0u);
  EXPECT_EQ(d.includes, 1u);
  EXPECT_EQ(opml_dropped_warnings(d, r->size()),
            (std::vector<std::string>{no_feed,
                                      "left out 1 outline(s) that include another OPML list "
                                      "(type=\"include\"); import or crawl that list itself"}));
  // Beside feeds, the links are said and the feeds read.
  r = parse_opml(
      "<opml><body><outline type=\"link\" url=\"https://b.example/\"/><outline xmlUrl=\"https://"
      "b.example/feed\" htmlUrl=\"https://b.example/\"/></body></opml>",
      &d);
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->size(), 1u);
  EXPECT_EQ(d.links, 1u);
  EXPECT_EQ(opml_dropped_warnings(d, r->size()).size(), 1u);
  // A list of feeds, nothing left out: nothing said.
  r = parse_opml("<opml><body><outline text=\"F\"><outline xmlUrl=\"a\"/></outline></body></opml>",
                 &d);
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(opml_dropped_warnings(d, r->size()).empty());
  // Regression (audit, session 41): a feed typed as one with its address in `url` (no xmlUrl)
  // was "a web page", and a folder that links its site's page was counted as one too.
  r = parse_opml(
      "<opml><body><outline text=\"Tech\" htmlUrl=\"https://tech.example/\">"
      "<outline text=\"R\" type=\"rss\" url=\"https://r.example/feed.xml\"/>"
      "<outline text=\"A\" type=\"Atom\" url=\"https://a.example/atom\"/>"
      "<outline text=\"X\" xmlUrl=\"https://x.example/rss\"/></outline>"
      "<outline text=\"Page\" type=\"link\" url=\"https://p.example/\"/></body></opml>",
      &d);
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->size(), 3u);
  EXPECT_EQ((*r)[0].xml_url, "https://r.example/feed.xml");
  EXPECT_EQ((*r)[0].tags, std::vector<std::string>{"Tech"});
  EXPECT_EQ((*r)[1].xml_url, "https://a.example/atom");
  EXPECT_EQ(d.links, 1u);
}

TEST(Opml, BrokenDocumentsStillRead) {
  auto r = parse_opml("<opml><body><outline xmlUrl=\"https://a.example/f\" title=\"A\">");
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->size(), 1u);
  EXPECT_EQ((*r)[0].xml_url, "https://a.example/f");
  EXPECT_FALSE(parse_opml("not xml at all").ok());
}

TEST(Opml, SharedCases) {
  BYLINE_REQUIRE_SHARED();
  const auto dir = testing::shared_dir() / "corpora/feeds/opml";
  auto ex = parse_opml(testing::read_file(dir / "newsboat_example.opml"));
  ASSERT_TRUE(ex.ok());
  ASSERT_EQ(ex->size(), 7u);
  EXPECT_EQ((*ex)[4].title, "John's musings");
  EXPECT_EQ((*ex)[4].tags, std::vector<std::string>{"Blogs"});
  EXPECT_EQ((*ex)[5].tags, (std::vector<std::string>{"Blogs", "friends"}));
  EXPECT_EQ((*ex)[6].tags, std::vector<std::string>{"eloquent"});
  auto cat = parse_opml(testing::read_file(dir / "newsboat_category.opml"));
  ASSERT_TRUE(cat.ok());
  ASSERT_EQ(cat->size(), 1u);
  EXPECT_EQ((*cat)[0].tags, (std::vector<std::string>{"tag one", "tag_two", "tag/three"}));
  // Like newsboat: no <opml> root is an error; no <body> is an empty list.
  auto no_root = parse_opml(testing::read_file(dir / "newsboat_opml-element-missing.opml"));
  EXPECT_FALSE(no_root.ok());
  auto no_body = parse_opml(testing::read_file(dir / "newsboat_body-element-missing.opml"));
  ASSERT_TRUE(no_body.ok());
  EXPECT_TRUE(no_body->empty());
  for (const char* name : {"rome_opml_1.0.xml", "rome_opml_2.0.xml", "rome_opml_1.0_links.xml"}) {
    auto r = parse_opml(testing::read_file(dir / name));
    EXPECT_TRUE(r.ok()) << name << ": " << r.status().message();
  }
}

}  // namespace
}  // namespace byline
