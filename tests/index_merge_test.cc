// One story, one document: a page and the feed entry that links to it merge, in either order,
// in one batch or across commits, and through a preparing thread's look-up; different stories
// never do.
#include <gtest/gtest.h>
#include <xapian.h>

#include <algorithm>
#include <set>

#include "byline/article_json.h"
#include "byline/extract.h"
#include "byline/index.h"
#include "byline/search.h"
#include "common/datetime.h"
#include "indexer/analyzer.h"
#include "indexer/schema.h"
#include "test_support.h"

namespace byline {
namespace {

using testing::TempDir;

const char* kFeed = "file:///srv/feeds/ledger.xml";
const char* kPageText =
    "Meridian Orbital's Pallas-2 lander touched down near the Malapert massif close to the lunar "
    "south pole and is standing upright, unlike its predecessor. The lidar hazard detection "
    "system let it divert from a boulder field in the final seconds of descent, and it landed "
    "about 180 meters from its target with twelve days of power ahead of it.";
const char* kEntryText = "The lander set down 180 meters from its target near the Malapert massif.";
const char* kOtherText =
    "Solvang Energy recalled forty thousand home battery packs after reports of overheating "
    "cells. The company said a faulty separator supplier caused the defect and that owners "
    "should switch the packs off until a technician replaces the modules free of charge.";

// A local page: its canonical link names the publisher's URL, it was read from a file.
Article page(const std::string& slug, const std::string& text = kPageText) {
  Article a;
  a.url = "https://ledger.example/2026/" + slug;
  a.alias_urls = {"file:///srv/articles/" + slug + ".html"};
  a.title = "Pallas-2 lands upright (" + slug + ")";
  a.site_name = "The Ledger";
  a.tags = {"moon", "Space"};
  a.sections.push_back({"", SectionKind::kLead, text});
  return a;
}

// The feed entry that links to that file: its own short text only.
Article entry(const std::string& slug) {
  Article a;
  a.url = "file:///srv/articles/" + slug + ".html";
  a.title = "Pallas-2 lands upright on the Moon";
  a.site_name = "The Ledger";
  a.feed_url = kFeed;
  a.tags = {"Moon", "Pallas-2"};
  a.published = make_utc(2026, 11, 18, 16, 30, 0);
  a.published_source = "feed";
  a.flags = {std::string(kFeedEntryFlag)};
  a.sections.push_back({"", SectionKind::kLead, kEntryText});
  return a;
}

class IndexMergeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = (dir_.path() / "idx").string();
    auto w = IndexWriter::open(path_);
    ASSERT_TRUE(w.ok()) << w.status().message();
    writer_ = std::move(*w);
  }
  // Fills a.id with the id the story is stored under, as IndexWriter::add does.
  AddOutcome add(Article& a) {
    auto r = writer_->add(a);
    EXPECT_TRUE(r.ok()) << r.status().message();
    return r.ok() ? *r : AddOutcome::kUnchanged;
  }
  AddOutcome add(Article&& a) { return add(a); }
  void commit() { ASSERT_TRUE(writer_->commit().ok()); }
  Xapian::doccount docs() { return Xapian::Database(path_).get_doccount(); }
  Article get(const std::string& id_or_url) {
    auto s = Searcher::open(path_);
    EXPECT_TRUE(s.ok());
    auto a = (*s)->get(id_or_url);
    EXPECT_TRUE(a.ok()) << id_or_url << ": " << a.status().message();
    return a.ok() ? *a : Article{};
  }
  size_t count(const std::string& query) {
    auto s = Searcher::open(path_);
    auto r = (*s)->search(query);
    EXPECT_TRUE(r.ok()) << query;
    return r.ok() ? r->hits.size() : 0;
  }
  bool has_id(const std::string& id) {
    Xapian::Database db(path_);
    return db.term_exists("Q" + id);
  }

  TempDir dir_;
  std::string path_;
  std::unique_ptr<IndexWriter> writer_;
};

TEST_F(IndexMergeTest, FeedEntryThenItsPageIsOneArticleWithThePagesText) {
  Article e = entry("pallas");
  ASSERT_EQ(add(e), AddOutcome::kAdded);
  commit();
  Article p = page("pallas");
  EXPECT_EQ(add(p), AddOutcome::kUpdated);
  EXPECT_EQ(p.id, article_id_for("https://ledger.example/2026/pallas"));
  commit();

  EXPECT_EQ(docs(), 1u);
  EXPECT_TRUE(has_id(p.id));
  EXPECT_FALSE(has_id(e.id));
  const Article got = get(p.id);
  EXPECT_EQ(got.title, "Pallas-2 lands upright (pallas)");
  EXPECT_EQ(got.body(), kPageText);
  EXPECT_EQ(got.url, "https://ledger.example/2026/pallas");
  EXPECT_EQ(got.alias_urls, std::vector<std::string>{"file:///srv/articles/pallas.html"});
  EXPECT_EQ(got.feed_url, kFeed);
  EXPECT_EQ(got.tags, (std::vector<std::string>{"moon", "Space", "Pallas-2"}));  // "Moon" = "moon"
  ASSERT_TRUE(got.published.has_value());  // the page had none: the entry's
  EXPECT_EQ(*got.published, make_utc(2026, 11, 18, 16, 30, 0));
  EXPECT_TRUE(got.flags.empty());
  EXPECT_EQ(count("feed:\"" + std::string(kFeed) + "\""), 1u);
  EXPECT_EQ(count("tag:pallas-2"), 1u);
  EXPECT_EQ(count("lidar"), 1u);       // the page's text is indexed
  EXPECT_EQ(count("set"), 0u);         // the entry's is not
  EXPECT_EQ(count("id:" + e.id), 0u);  // the entry's document is gone
  EXPECT_EQ(get(e.url).id, p.id);      // its URL still names the story
}

TEST_F(IndexMergeTest, PageThenItsFeedEntryAddsOnlyWhatThePageLacks) {
  Article p = page("pallas");
  p.published = make_utc(2026, 11, 18, 17, 0, 0);
  p.published_source = "json-ld";
  ASSERT_EQ(add(p), AddOutcome::kAdded);
  Article e = entry("pallas");
  EXPECT_EQ(add(e), AddOutcome::kUpdated);  // same batch: found by the page's alias
  EXPECT_EQ(e.id, p.id);                    // stored under the page's id
  Article again = entry("pallas");
  EXPECT_EQ(add(again), AddOutcome::kUnchanged);
  commit();
  Article later = entry("pallas");
  EXPECT_EQ(add(later), AddOutcome::kUnchanged);  // and across a commit
  commit();

  EXPECT_EQ(docs(), 1u);
  const Article got = get(p.id);
  EXPECT_EQ(got.title, "Pallas-2 lands upright (pallas)");
  EXPECT_EQ(got.body(), kPageText);
  EXPECT_EQ(got.feed_url, kFeed);
  EXPECT_EQ(got.tags, (std::vector<std::string>{"moon", "Space", "Pallas-2"}));
  EXPECT_EQ(*got.published, make_utc(2026, 11, 18, 17, 0, 0));  // the page's own date
  EXPECT_EQ(got.published_source, "json-ld");
  EXPECT_EQ(count("set"), 0u);  // a word of the entry's text only: not indexed
}

// A page dated only by its address's day or a dateline's words takes its feed entry's exact
// time, in either order (session 35: those guesses came with the permalink and dateline
// readers; before them such a page had no date, and took the entry's).
TEST_F(IndexMergeTest, AnEntrysExactTimeBettersAPagesGuessedDay) {
  Article p = page("pallas");
  p.published = make_utc(2026, 11, 18, 0, 0, 0);
  p.published_source = "url";
  ASSERT_EQ(add(p), AddOutcome::kAdded);
  commit();
  EXPECT_EQ(add(entry("pallas")), AddOutcome::kUpdated);
  commit();
  EXPECT_EQ(add(entry("pallas")), AddOutcome::kUnchanged);  // once taken, nothing more to do
  Article got = get(p.id);
  EXPECT_EQ(*got.published, make_utc(2026, 11, 18, 16, 30, 0));
  EXPECT_EQ(got.published_source, "feed");

  Article e = entry("lander");
  ASSERT_EQ(add(e), AddOutcome::kAdded);
  commit();
  Article q = page("lander");
  q.published = make_utc(2026, 11, 18, 0, 0, 0);
  q.published_source = "text";
  EXPECT_EQ(add(q), AddOutcome::kUpdated);
  commit();
  got = get(q.id);
  EXPECT_EQ(*got.published, make_utc(2026, 11, 18, 16, 30, 0));
  EXPECT_EQ(got.published_source, "feed");
}

TEST_F(IndexMergeTest, FeedEntryWithNothingNewLeavesThePageUnchanged) {
  Article p = page("pallas");
  p.feed_url = kFeed;  // as a crawl stores it
  p.tags = {"Moon", "Pallas-2", "Space"};
  p.published = make_utc(2026, 11, 18, 17, 0, 0);
  ASSERT_EQ(add(p), AddOutcome::kAdded);
  commit();
  EXPECT_EQ(add(entry("pallas")), AddOutcome::kUnchanged);
  commit();
  EXPECT_EQ(docs(), 1u);
  EXPECT_EQ(get(p.id).tags, (std::vector<std::string>{"Moon", "Pallas-2", "Space"}));
}

TEST_F(IndexMergeTest, PageIndexedAgainWithoutAFeedKeepsItsFeedAndTags) {
  Article crawled = page("pallas");
  crawled.feed_url = kFeed;
  crawled.tags = {"moon", "Space", "Tech"};  // "Tech": the subscription's tag
  ASSERT_EQ(add(crawled), AddOutcome::kAdded);
  commit();

  EXPECT_EQ(add(page("pallas")), AddOutcome::kUnchanged);  // the same page from its file
  Article corrected = page("pallas", std::string(kPageText) + " A correction was appended.");
  EXPECT_EQ(add(corrected), AddOutcome::kUpdated);
  commit();

  EXPECT_EQ(docs(), 1u);
  const Article got = get(crawled.url);
  EXPECT_EQ(got.feed_url, kFeed);
  EXPECT_EQ(got.tags, (std::vector<std::string>{"moon", "Space", "Tech"}));
  EXPECT_NE(got.body().find("A correction was appended."), std::string::npos);
  EXPECT_EQ(count("feed:\"" + std::string(kFeed) + "\""), 1u);
}

TEST_F(IndexMergeTest, AStoryTwoFeedsCarryKeepsBothFeedsTags) {
  // Regression: the page crawled from a second subscription replaced the first one's record,
  // so which feed's tags the story kept depended on which feed a crawl stored last.
  const std::string other_feed = "https://wire.example/rss";
  Article from_first = page("pallas");
  from_first.feed_url = kFeed;
  from_first.tags = {"moon", "Space", "alpha"};
  Article from_second = page("pallas");
  from_second.feed_url = other_feed;
  from_second.tags = {"moon", "Space", "beta"};
  ASSERT_EQ(add(from_first), AddOutcome::kAdded);
  commit();
  EXPECT_EQ(add(from_second), AddOutcome::kUpdated);
  commit();
  EXPECT_EQ(docs(), 1u);
  const Article got = get(from_first.url);
  EXPECT_EQ(got.tags, (std::vector<std::string>{"moon", "Space", "alpha", "beta"}));
  EXPECT_EQ(got.feed_url, kFeed);  // the feed it was first stored from
  // Regression: `feed:` named only that first feed.
  EXPECT_EQ(got.other_feed_urls, std::vector<std::string>{other_feed});
  EXPECT_EQ(count("tag:alpha"), 1u);
  EXPECT_EQ(count("tag:beta"), 1u);
  EXPECT_EQ(count("feed:\"" + std::string(kFeed) + "\""), 1u);
  EXPECT_EQ(count("feed:\"" + other_feed + "\""), 1u);
  // Both again, now in one batch and the other order: still one story with both.
  EXPECT_EQ(add(from_second), AddOutcome::kUnchanged);
  EXPECT_EQ(add(from_first), AddOutcome::kUnchanged);
  commit();
  EXPECT_EQ(count("tag:alpha"), 1u);
  EXPECT_EQ(count("tag:beta"), 1u);
  EXPECT_EQ(count("feed:\"" + other_feed + "\""), 1u);
  // A third feed joins the list; the record reads back as it was written.
  Article from_third = page("pallas");
  from_third.feed_url = "https://third.example/atom";
  EXPECT_EQ(add(from_third), AddOutcome::kUpdated);
  commit();
  const Article three = get(from_first.url);
  EXPECT_EQ(three.feed_url, kFeed);
  EXPECT_EQ(three.other_feed_urls,
            (std::vector<std::string>{other_feed, "https://third.example/atom"}));
  EXPECT_EQ(count("feed:\"https://third.example/atom\""), 1u);
  auto back = article_from_json(article_to_json(three));
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->other_feed_urls, three.other_feed_urls);
}

TEST_F(IndexMergeTest, AFeedThatMovedFindsWhatCameFromItsOldAddress) {
  const std::string moved_to = "https://ledger.example/feed.xml";
  Article from_feed = page("pallas");
  from_feed.feed_url = kFeed;
  Article unrelated = page("solvang", kOtherText);
  unrelated.feed_url = "https://wire.example/rss";
  ASSERT_EQ(add(from_feed), AddOutcome::kAdded);
  ASSERT_EQ(add(unrelated), AddOutcome::kAdded);
  commit();
  auto changed = writer_->add_feed_url(kFeed, moved_to);
  ASSERT_TRUE(changed.ok()) << changed.status().message();
  EXPECT_EQ(*changed, 1u);
  commit();
  EXPECT_EQ(docs(), 2u);
  EXPECT_EQ(count("feed:\"" + moved_to + "\""), 1u);
  EXPECT_EQ(count("feed:\"" + std::string(kFeed) + "\""), 1u);  // the old address still
  const Article got = get(from_feed.url);
  EXPECT_EQ(got.feed_url, kFeed);
  EXPECT_EQ(got.other_feed_urls, std::vector<std::string>{moved_to});
  EXPECT_EQ(got.body(), kPageText);
  EXPECT_EQ(count("lidar"), 1u);                           // its text is indexed as before
  EXPECT_EQ(*writer_->add_feed_url(kFeed, moved_to), 0u);  // once is enough
  EXPECT_EQ(get(unrelated.url).other_feed_urls, std::vector<std::string>{});
}

TEST_F(IndexMergeTest, DifferentStoriesNeverMerge) {
  ASSERT_EQ(add(page("pallas")), AddOutcome::kAdded);
  ASSERT_EQ(add(page("recall", kOtherText)), AddOutcome::kAdded);
  ASSERT_EQ(add(entry("recall")), AddOutcome::kUpdated);  // only its own page
  Article unrelated = entry("elsewhere");                 // links to a page not indexed
  ASSERT_EQ(add(unrelated), AddOutcome::kAdded);
  commit();
  EXPECT_EQ(docs(), 3u);
  EXPECT_TRUE(get(page("pallas").url).feed_url.empty());
  EXPECT_EQ(get(page("recall").url).feed_url, kFeed);
  EXPECT_EQ(get(unrelated.url).title, "Pallas-2 lands upright on the Moon");
}

// Regression (audit): two pages read from one URL on two days (a "latest" link, a live page, a
// redirect that moves on) both carry it as an alias, and the second add merged the first into
// itself and deleted it; get() of the first's URL gave the second. Pages meet by a shared URL
// only when it is one's canonical URL (a story that moved), and a feed entry whose link both
// were read from joins one of them, never the two to each other.
TEST_F(IndexMergeTest, PagesThatOnlyWereReadFromOneUrlStayTwoStories) {
  Article monday = page("rocket");
  monday.alias_urls = {"https://ledger.example/latest"};
  Article tuesday = page("recall", kOtherText);
  tuesday.alias_urls = {"https://ledger.example/latest"};
  ASSERT_EQ(add(monday), AddOutcome::kAdded);
  commit();
  ASSERT_EQ(add(tuesday), AddOutcome::kAdded);
  commit();
  EXPECT_EQ(docs(), 2u);
  EXPECT_EQ(get(monday.url).title, monday.title);
  EXPECT_EQ(get(tuesday.url).title, tuesday.title);
  Article latest = entry("x");
  latest.url = "https://ledger.example/latest";
  ASSERT_EQ(add(latest), AddOutcome::kUpdated);  // into one page
  commit();
  EXPECT_EQ(docs(), 2u);
  EXPECT_EQ(get(monday.url).title, monday.title);
  EXPECT_EQ(get(tuesday.url).title, tuesday.title);
  // A page read from another's canonical URL is that story at its new address: one document.
  Article moved = page("rocket-2026");
  moved.alias_urls = {monday.url};
  ASSERT_EQ(add(moved), AddOutcome::kUpdated);
  commit();
  EXPECT_EQ(docs(), 2u);
  EXPECT_EQ(get(monday.url).url, moved.url);
}

// An id a record chose is its identity: records that share a URL are not merged by it.
TEST_F(IndexMergeTest, RecordsWithTheirOwnIdsAreMatchedByIdOnly) {
  Article a = page("pallas");
  a.id = "app-1";
  Article b = page("pallas");
  b.id = "app-2";
  b.title = "Another record";
  ASSERT_EQ(add(a), AddOutcome::kAdded);
  ASSERT_EQ(add(b), AddOutcome::kAdded);
  ASSERT_EQ(add(entry("pallas")), AddOutcome::kAdded);  // its URL is theirs, its id is not
  commit();
  EXPECT_EQ(docs(), 3u);
}

// Looked up on a preparing thread against an older commit, then added after the writer staged
// or committed the other record: the writer completes the look-up from its batches.
TEST_F(IndexMergeTest, LookUpsOnAnOlderCommitStillFindTheStory) {
  auto lookup = writer_->lookup();
  ASSERT_TRUE(lookup.ok());
  PreparedArticle staged_page(page("pallas"));
  PreparedArticle committed_page(page("recall", kOtherText));
  (*lookup)->look_up(staged_page);
  (*lookup)->look_up(committed_page);

  ASSERT_EQ(add(entry("recall")), AddOutcome::kAdded);
  commit();
  // Looked up while the entry's document is the story; added after the page took it over.
  PreparedArticle stale(entry("recall"));
  (*lookup)->look_up(stale);
  ASSERT_EQ(add(entry("pallas")), AddOutcome::kAdded);  // staged, not committed
  auto a = writer_->add(staged_page);
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(*a, AddOutcome::kUpdated);
  auto b = writer_->add(committed_page);
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(*b, AddOutcome::kUpdated);
  EXPECT_EQ(committed_page.article().id, article_id_for(page("recall").url));
  commit();
  auto c = writer_->add(stale);  // its entry's document is gone: found the page by its alias
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(*c, AddOutcome::kUnchanged);
  commit();

  EXPECT_EQ(docs(), 2u);
  EXPECT_EQ(get(page("pallas").url).feed_url, kFeed);
  EXPECT_EQ(get(page("recall").url).feed_url, kFeed);
}

// A feed's full text is a near-duplicate of its page: merging must not leave the copy groups of
// syndicated copies pointing away from the story, nor merge a copy (another URL) into it.
TEST_F(IndexMergeTest, SyndicatedCopiesStayApartAndKeepTheirGroup) {
  Article e = entry("pallas");
  e.sections[0].text = kPageText;  // full-text feed
  ASSERT_EQ(add(e), AddOutcome::kAdded);
  Article copy = page("wire-pallas");
  copy.url = "https://wire.example/pallas";
  copy.alias_urls = {"https://wire.example/pallas?from=rss"};
  copy.site_name = "Wire";
  ASSERT_EQ(add(copy), AddOutcome::kAdded);
  commit();
  ASSERT_EQ(add(page("pallas")), AddOutcome::kUpdated);
  commit();

  Xapian::Database db(path_);
  EXPECT_EQ(db.get_doccount(), 2u);
  auto group_of = [&](const std::string& id) {
    auto p = db.postlist_begin("Q" + id);
    return p == db.postlist_end("Q" + id) ? std::string("(missing)")
                                          : db.get_document(*p).get_value(schema::kSlotCopyGroup);
  };
  const std::string page_id = article_id_for(page("pallas").url);
  const std::string copy_id = article_id_for(copy.url);
  // The copy joined the entry's group, whichever id sorts first; the page takes the group of the
  // entry merged into it, which it shares with the copy.
  EXPECT_EQ(group_of(copy_id), e.id);
  EXPECT_EQ(group_of(page_id), e.id);
}

// Regression: each new copy read every stored document sharing a SimHash band, so a family of
// thousands of copies (templated stories) made indexing quadratic. It reads the band's first
// documents now; copies past them still join the family's group.
TEST_F(IndexMergeTest, CopiesPastTheCandidatesReadPerBandStillJoinTheGroup) {
  const int kCopies = 600;  // past the 64 candidates read per band, in several commits
  for (int i = 0; i < kCopies; ++i) {
    Article copy = page("pallas");
    copy.url = "https://mirror" + std::to_string(i) + ".example/pallas";
    copy.alias_urls.clear();
    ASSERT_EQ(add(copy), AddOutcome::kAdded);
    if (i % 200 == 199) commit();
  }
  commit();
  Xapian::Database db(path_);
  ASSERT_EQ(db.get_doccount(), static_cast<Xapian::doccount>(kCopies));
  std::set<std::string> groups;
  for (auto it = db.postlist_begin(""); it != db.postlist_end(""); ++it)
    groups.insert(db.get_document(*it).get_value(schema::kSlotCopyGroup));
  EXPECT_EQ(groups.size(), 1u);
  auto s = Searcher::open(path_);
  ASSERT_TRUE(s.ok());
  auto r = (*s)->search("lidar");
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->hits.size(), 1u);
  EXPECT_EQ(r->hits[0].copies, static_cast<uint32_t>(kCopies - 1));
}

TEST(AliasUrlsTest, RoundTripThroughJsonAndAreLimited) {
  Article a;
  a.url = "https://ledger.example/a";
  a.title = "A";
  a.alias_urls = {"file:///a.html",
                  "",
                  "https://ledger.example/a",
                  "file:///a.html",
                  std::string(kMaxAliasUrlBytes + 1, 'x'),
                  "https://t.example/a"};
  EXPECT_TRUE(limit_text(a));  // the overlong one is a cut
  EXPECT_EQ(a.alias_urls, (std::vector<std::string>{"file:///a.html", "https://t.example/a"}));
  EXPECT_NE(std::find(a.flags.begin(), a.flags.end(), "truncated"), a.flags.end());

  auto back = article_from_json(article_to_json(a));
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->alias_urls, a.alias_urls);
  Article none;
  none.title = "B";
  EXPECT_EQ(article_to_json(none).find("alias_urls"), std::string::npos);

  Article many = a;
  many.flags.clear();
  many.alias_urls.clear();
  for (size_t i = 0; i < kMaxAliasUrls + 3; ++i)
    many.alias_urls.push_back("https://m.example/" + std::to_string(i));
  EXPECT_TRUE(limit_text(many));
  EXPECT_EQ(many.alias_urls.size(), kMaxAliasUrls);
  EXPECT_EQ(many.alias_urls.front(), "https://m.example/0");
}

TEST(AliasUrlsTest, AnalysisAddsAnXurlTermPerAlias) {
  Article a;
  a.id = "b1";
  a.url = "https://ledger.example/a";
  a.alias_urls = {"file:///a.html"};
  a.title = "A";
  const Xapian::Document doc = analyze_article(a).doc;
  std::vector<std::string> terms;
  for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t)
    if ((*t).rfind(schema::kPrefixAliasUrl, 0) == 0 || (*t)[0] == 'U') terms.push_back(*t);
  EXPECT_EQ(terms, (std::vector<std::string>{"Uhttps://ledger.example/a", "XURLfile:///a.html"}));
  EXPECT_EQ(alias_term(std::string(300, 'u')).size(), url_term(std::string(300, 'u')).size() + 3);
}

TEST(AliasUrlsTest, ExtractedPageIsKnownByTheUrlItWasReadFrom) {
  const std::string html =
      "<html><head><title>T</title><link rel=canonical href='https://ledger.example/a'></head>"
      "<body><article><p>Some text of the article that is long enough to be read as one.</p>"
      "</article></body></html>";
  ExtractOptions opts;
  opts.url = "file:///srv/articles/a.html";
  auto a = extract_html(html, opts);
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->url, "https://ledger.example/a");
  EXPECT_EQ(a->alias_urls, std::vector<std::string>{"file:///srv/articles/a.html"});
  opts.url = "https://ledger.example/a";
  auto same = extract_html(html, opts);
  ASSERT_TRUE(same.ok());
  EXPECT_TRUE(same->alias_urls.empty());
}

}  // namespace
}  // namespace byline
