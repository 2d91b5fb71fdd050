// The related-stories evaluation: its metrics on hand-made rankings, and byline against the
// TF-IDF cosine peer on the labelled story set in ../shared (skipped when absent).
#include "query/related_eval.h"

#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <set>

#include "byline/search.h"
#include "test_support.h"

namespace byline::eval {
namespace {

using testing::TempDir;

LabelledArticle rec(const std::string& id, const std::string& cluster, const std::string& category,
                    const std::string& dup = "", const std::string& text = "") {
  LabelledArticle a;
  a.id = id;
  a.title = id;
  a.text = text;
  a.cluster = cluster;
  a.category = category;
  a.dup_group = dup;
  return a;
}

// q's story has s1, s2 and a wire copy c (removed); t1 shares only the category; o1 nothing.
Judged small_set() {
  return Judged({rec("q", "A", "tech", "g"), rec("c", "A", "tech", "g"), rec("s1", "A", "tech"),
                 rec("s2", "A", "tech"), rec("t1", "B", "tech"), rec("o1", "C", "world")});
}

TEST(RelatedEvalMetrics, QueriesNeedARelevantArticleOutsideTheirCopies) {
  const Judged j = small_set();
  // q, c, s1, s2 have other members of story A outside their copy group; t1 and o1 are alone.
  EXPECT_EQ(j.queries(), (std::vector<size_t>{0, 1, 2, 3}));
  EXPECT_TRUE(j.excluded(0, 1));
  EXPECT_TRUE(j.excluded(0, 0));
  EXPECT_FALSE(j.excluded(0, 2));
  EXPECT_EQ(j.grade(0, 2), 2);
  EXPECT_EQ(j.grade(0, 4), 1);
  EXPECT_EQ(j.grade(0, 5), 0);
  EXPECT_EQ(j.index_of("s2"), 3u);
}

TEST(RelatedEvalMetrics, ScoresARankingByHand) {
  const Judged j = small_set();
  // The copy c comes first and is skipped; then t1 (grade 1), s1 (2), o1 (0), s2 (2).
  const Metrics m = j.score(0, {1, 4, 2, 5, 3});
  EXPECT_DOUBLE_EQ(m[0], 2.0 / 5);   // P@5: s1, s2
  EXPECT_DOUBLE_EQ(m[1], 2.0 / 10);  // P@10
  const double d = [](int k) { return 1 / std::log2(k + 2.0); }(1) + 1 / std::log2(5.0);
  const double ideal = 1 + 1 / std::log2(3.0);
  EXPECT_NEAR(m[2], d / ideal, 1e-12);
  const double gd = 1 * 1.0 + 3 / std::log2(3.0) + 3 / std::log2(5.0);
  const double gideal = 3 + 3 / std::log2(3.0) + 1 / std::log2(4.0);
  EXPECT_NEAR(m[3], gd / gideal, 1e-12);
  EXPECT_DOUBLE_EQ(m[4], 0.5);  // first relevant at rank 2
  const Metrics perfect = j.score(0, {2, 3, 4, 5});
  EXPECT_DOUBLE_EQ(perfect[2], 1.0);
  EXPECT_DOUBLE_EQ(perfect[3], 1.0);
  EXPECT_DOUBLE_EQ(perfect[4], 1.0);
}

// Wire copies w1 and w2 of story A, for query s1: each is a relevant story under issue 5's
// protocol; one item per copy group, the second listed holds its place but is not relevant, and
// the ideal list counts the group once.
TEST(RelatedEvalMetrics, CopiesCountOncePerGroupInThatView) {
  const Judged j({rec("s1", "A", "tech"), rec("w1", "A", "tech", "w"), rec("w2", "A", "tech", "w"),
                  rec("s2", "A", "tech"), rec("o1", "C", "world")});
  const std::vector<size_t> ranked = {1, 2, 4, 3};  // w1, w2, o1, s2
  const Metrics each = j.score(0, ranked);
  EXPECT_DOUBLE_EQ(each[0], 3.0 / 5);
  const double ideal3 = 1 + 1 / std::log2(3.0) + 1 / std::log2(4.0);
  EXPECT_NEAR(each[2], (1 + 1 / std::log2(3.0) + 1 / std::log2(5.0)) / ideal3, 1e-12);
  const Metrics once = j.score(0, ranked, Copies::kOnePerGroup);
  EXPECT_DOUBLE_EQ(once[0], 2.0 / 5);  // w1 and s2; w2 repeats w1's group
  const double ideal2 = 1 + 1 / std::log2(3.0);
  EXPECT_NEAR(once[2], (1 + 1 / std::log2(5.0)) / ideal2, 1e-12);
  EXPECT_DOUBLE_EQ(once[4], 1.0);
  // A list with one copy of the group and the other story is perfect in that view only.
  EXPECT_DOUBLE_EQ(j.score(0, {2, 3}, Copies::kOnePerGroup)[2], 1.0);
  EXPECT_LT(j.score(0, {2, 3})[2], 1.0);
}

TEST(RelatedEvalMetrics, PairedBootstrap) {
  std::vector<Metrics> a(50), b(50);
  for (size_t i = 0; i < a.size(); ++i) {
    a[i].fill(0.5 + 0.01 * static_cast<double>(i % 7));
    b[i] = a[i];
    b[i][1] -= 0.1;  // a constant gain on P@10 only
  }
  const auto ci = paired_bootstrap(a, b, 500);
  EXPECT_DOUBLE_EQ(ci[0].diff, 0);
  EXPECT_DOUBLE_EQ(ci[0].lo, 0);
  EXPECT_DOUBLE_EQ(ci[0].hi, 0);
  EXPECT_NEAR(ci[1].diff, 0.1, 1e-12);
  EXPECT_NEAR(ci[1].lo, 0.1, 1e-12);
  EXPECT_NEAR(ci[1].hi, 0.1, 1e-12);
}

TEST(RelatedEvalMetrics, TfidfPeerPutsTheSharedStoryFirst) {
  const Judged j({rec("q", "A", "x", "", "Quasar telescopes spot distant galaxy mergers tonight"),
                  rec("s", "A", "x", "", "Distant galaxy mergers seen by quasar telescopes"),
                  rec("o", "B", "x", "", "Football club signs striker for record fee"),
                  rec("p", "B", "x", "", "Record transfer fee paid for football striker")});
  const auto r = tfidf_rankings(j, 10);
  ASSERT_EQ(r[0].size(), 3u);
  EXPECT_EQ(r[0][0], 1u);
  EXPECT_EQ(r[2][0], 3u);
}

// The whole protocol on the labelled story set: the peer reproduces the figures and
// byline beats it by the margins docs/related.md records.
TEST(RelatedEvalCorpus, BylineBeatsTfidfOnTheStorySet) {
  BYLINE_REQUIRE_SHARED();
  const auto path = testing::shared_dir() / "corpora/related/giveme5w1h-newscluster/articles.jsonl";
  if (!std::ifstream(path)) GTEST_SKIP() << path << " is absent";
  auto set = load_labelled(path.string());
  ASSERT_TRUE(set.ok()) << set.status().message();
  const Judged judged(std::move(*set));
  ASSERT_EQ(judged.set().size(), 383u);
  ASSERT_EQ(judged.queries().size(), 375u);

  const auto peer_rank = tfidf_rankings(judged, 10);
  std::vector<Metrics> peer;
  for (size_t q : judged.queries()) peer.push_back(judged.score(q, peer_rank[q]));
  const Metrics pm = mean(peer);
  EXPECT_NEAR(pm[0], 0.794, 0.0005);
  EXPECT_NEAR(pm[1], 0.580, 0.0005);
  EXPECT_NEAR(pm[2], 0.949, 0.0005);
  EXPECT_NEAR(pm[4], 0.978, 0.0005);

  TempDir dir;
  const std::string index = (dir.path() / "idx").string();
  ASSERT_TRUE(build_index(judged, index).ok());
  auto searcher = Searcher::open(index);
  ASSERT_TRUE(searcher.ok()) << searcher.status().message();
  auto ranks = byline_rankings(judged, **searcher, RelatedOptions{}, 10);
  ASSERT_TRUE(ranks.ok()) << ranks.status().message();
  std::vector<Metrics> ours;
  for (size_t q : judged.queries()) ours.push_back(judged.score(q, (*ranks)[q]));
  const Metrics m = mean(ours);
  const auto ci = paired_bootstrap(ours, peer, 2000);
  EXPECT_GE(m[0], 0.81);           // P@5
  EXPECT_GE(m[1], pm[1] + 0.015);  // P@10
  EXPECT_GE(m[2], pm[2] + 0.015);  // nDCG@10
  EXPECT_GT(ci[1].lo, 0);
  EXPECT_GT(ci[2].lo, 0);
  // The figures reached (docs/related.md), so a regression shows. The first pass leaves out
  // common words and keeps 40 candidates since the latency work: 0.814/0.599/0.976/0.933 before;
  // entity names end at possessives, quotes and dashes since session 4: 0.813/0.598/0.975/0.930/
  // 0.995 before; a copy joins its original's group whichever id sorts first since session 11
  // (one pair of the set grouped, listed once): 0.812/0.597/0.972/0.929 before; the NYT's ad
  // slot read as text ("Advertisement Continue reading the main story", in 27 articles) is no
  // longer text that makes those articles alike since session 26: 0.597 on P@10 before (one
  // relevant story fewer in 3,750 places). The Daily Mail's "Scroll down for video" is interface
  // text since session 28, no longer shared by that outlet's stories: graded 0.9276 before.
  EXPECT_GE(m[0], 0.810);  // reached: 0.8117
  EXPECT_GE(m[1], 0.595);  // 0.5955
  EXPECT_GE(m[2], 0.970);  // 0.9702
  EXPECT_GE(m[3], 0.926);  // 0.9270
  EXPECT_GE(m[4], 0.990);  // 0.991
  // One item per labelled copy group (as `related` lists copies): ahead of the peer there too,
  // at the figures docs/related.md records (0.791/0.585/0.967/0.917 against 0.772/0.569/0.943/
  // 0.893 at session 40).
  std::vector<Metrics> peer_once, ours_once;
  for (size_t q : judged.queries()) {
    peer_once.push_back(judged.score(q, peer_rank[q], Copies::kOnePerGroup));
    ours_once.push_back(judged.score(q, (*ranks)[q], Copies::kOnePerGroup));
  }
  const Metrics po = mean(peer_once), mo = mean(ours_once);
  EXPECT_NEAR(po[0], 0.772, 0.0005);
  EXPECT_GE(mo[0], 0.790);
  EXPECT_GE(mo[1], po[1] + 0.015);
  EXPECT_GE(mo[2], 0.966);
  EXPECT_GE(mo[3], 0.916);

  // Never the article itself, never one of its detected copies twice, and `why` always says why.
  for (size_t q : judged.queries()) {
    RelatedOptions o;
    auto hits = (*searcher)->related(judged.set()[q].id, o);
    ASSERT_TRUE(hits.ok());
    std::set<std::string> ids;
    for (const auto& h : *hits) {
      EXPECT_NE(h.id, judged.set()[q].id);
      EXPECT_TRUE(ids.insert(h.id).second);
      EXPECT_FALSE(h.why.empty()) << h.id;
    }
  }
}

}  // namespace
}  // namespace byline::eval
