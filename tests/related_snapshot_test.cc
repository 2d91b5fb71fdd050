// related() reads statistics and per-document values one by one at first, then from a snapshot
// of the index (query/related_ranker.cc); results must not depend on which. Also the stored
// data's reader, which stops after the result fields in data written result fields first.
#include <gtest/gtest.h>

#include <climits>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "byline/article_json.h"
#include "byline/extract.h"
#include "byline/index.h"
#include "byline/search.h"
#include "indexer/analyzer.h"
#include "query/hit_data.h"
#include "query/related_ranker.h"
#include "test_support.h"

namespace byline {
namespace {

namespace fs = std::filesystem;
using testing::TempDir;

struct RelatedRun {
  std::vector<std::string> ids;
  std::vector<double> scores;
  std::vector<std::vector<std::string>> why;
};

RelatedRun run(Searcher& s, const std::string& id) {
  RelatedRun r;
  auto hits = s.related(id);
  EXPECT_TRUE(hits.ok()) << hits.status().message();
  if (!hits.ok()) return r;
  for (const Hit& h : *hits) {
    r.ids.push_back(h.id);
    r.scores.push_back(h.score);
    r.why.push_back(h.why);
  }
  return r;
}

TEST(RelatedSnapshot, SameListsWithAndWithoutTheSnapshot) {
  TempDir dir;
  const std::string path = (dir.path() / "idx").string();
  std::vector<std::string> ids;
  {
    auto w = IndexWriter::open(path);
    ASSERT_TRUE(w.ok()) << w.status().message();
    for (const auto& e :
         fs::recursive_directory_iterator(testing::source_dir() / "samples" / "articles")) {
      if (e.path().extension() != ".html") continue;
      ExtractOptions o;
      o.url = "https://" + e.path().parent_path().filename().string() + ".example/" +
              e.path().filename().string();
      auto a = extract_html(testing::read_file(e.path()), o);
      ASSERT_TRUE(a.ok()) << e.path() << ": " << a.status().message();
      auto added = (*w)->add(*a);
      ASSERT_TRUE(added.ok()) << added.status().message();
      ids.push_back(a->id);
    }
    ASSERT_TRUE((*w)->commit().ok());
  }
  ASSERT_GE(ids.size(), 30u);

  auto s = Searcher::open(path);
  ASSERT_TRUE(s.ok()) << s.status().message();
  RelatedRanker::set_snapshot_after_misses_for_testing(SIZE_MAX);
  std::map<std::string, RelatedRun> lookups;
  for (const auto& id : ids) lookups[id] = run(**s, id);
  RelatedRanker::set_snapshot_after_misses_for_testing(0);
  int nonempty = 0;
  for (const auto& id : ids) {
    const RelatedRun snap = run(**s, id);
    const RelatedRun& base = lookups[id];
    EXPECT_EQ(snap.ids, base.ids) << id;
    EXPECT_EQ(snap.why, base.why) << id;
    ASSERT_EQ(snap.scores.size(), base.scores.size());
    for (size_t i = 0; i < snap.scores.size(); ++i)
      EXPECT_NEAR(snap.scores[i], base.scores[i], 1e-6) << id << " #" << i;
    nonempty += !snap.ids.empty();
    for (const auto& other : snap.ids) EXPECT_NE(other, id);
  }
  EXPECT_EQ(nonempty, static_cast<int>(ids.size()));
  RelatedRanker::set_snapshot_after_misses_for_testing(5000);
}

TEST(HitData, ResultFieldsFirstAndOldOrderReadAlike) {
  Article a;
  a.id = "abc123";
  a.url = "https://example.com/story";
  a.title = "Vireo \"Fold\" 3 ships";
  a.site_name = "Gamma Gadgets";
  a.published = 1764000000;
  a.sections.push_back({"", SectionKind::kLead, "Vireo Mobile shipped the Fold 3 on Tuesday."});
  const std::string stored = analyze_article(a).doc.get_data();
  ASSERT_EQ(stored.rfind("{\"id\":", 0), 0u) << stored;  // result fields first
  // Empty and default fields are not stored; reading the record gives them back as defaults.
  EXPECT_EQ(stored.find("\"author\""), std::string::npos) << stored;
  EXPECT_EQ(stored.find("\"ai_generated\""), std::string::npos) << stored;
  auto back = article_from_json(stored);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->title, a.title);
  EXPECT_TRUE(back->author.empty());
  EXPECT_FALSE(back->ai_generated);
  ASSERT_EQ(back->sections.size(), 1u);
  EXPECT_EQ(back->sections[0].text, a.sections[0].text);

  // The same record in the order written before: keys sorted, sections before title and url.
  const std::string sorted = nlohmann::json::parse(stored).dump();
  ASSERT_NE(sorted.rfind("{\"id\":", 0), 0u);

  for (const std::string& data : {stored, sorted}) {
    const HitData fast = parse_hit_data(data, false);
    const HitData full = parse_hit_data(data, true);
    EXPECT_EQ(fast.hit.id, "abc123");
    EXPECT_EQ(fast.hit.title, "Vireo \"Fold\" 3 ships");
    EXPECT_EQ(fast.hit.url, "https://example.com/story");
    EXPECT_EQ(fast.hit.source, "Gamma Gadgets");
    EXPECT_EQ(fast.hit.published, a.published);
    EXPECT_EQ(fast.entities, full.entities);
    EXPECT_EQ(full.hit.title, fast.hit.title);
    EXPECT_TRUE(fast.body.empty());
    EXPECT_NE(full.body.find("shipped the Fold 3"), std::string::npos);
  }
  EXPECT_FALSE(parse_hit_data(stored, false).entities.empty());
  // Broken data gives empty fields, never a crash.
  EXPECT_TRUE(parse_hit_data("{\"id\":\"x\",\"title\":", false).hit.title.empty());
  EXPECT_TRUE(parse_hit_data("not json", false).hit.id.empty());
}

}  // namespace
}  // namespace byline
