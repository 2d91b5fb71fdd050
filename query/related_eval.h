// query/related_eval.h: offline evaluation of related-story ranking on a labelled article set.
//
// The set is JSON Lines of Article records with three labels: `cluster` (same story: relevant),
// `category` (same topic: graded relevance 1) and `dup_group` (wire copies of one text). Every
// article with a relevant article outside its own copy group is a query; its copies are removed
// from its candidates. byline's rankings come from Searcher::related (the code path of
// `byline related`) over an index built with article_from_json + IndexWriter::add (that of
// `byline index FILE.jsonl`); the peer is an exhaustive TF-IDF cosine computed here, as
// scikit-learn's TfidfVectorizer(sublinear_tf=True, stop_words="english", max_df=0.5) does.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "byline/search.h"
#include "byline/status.h"

namespace byline::eval {

struct LabelledArticle {
  std::string json;  ///< the record as read, indexed through article_from_json
  std::string id, title, text, cluster, category, dup_group;
};

/// Reads a labelled JSON Lines set; records without an id or a cluster are refused.
Result<std::vector<LabelledArticle>> load_labelled(const std::string& path);

/// The metrics, in the order of kMetricNames. Depth 10; MRR is over the first 10 results.
inline constexpr int kMetrics = 5;
inline constexpr std::array<const char*, kMetrics> kMetricNames = {"P@5", "P@10", "nDCG@10",
                                                                   "gnDCG@10", "MRR"};
using Metrics = std::array<double, kMetrics>;

/// How labelled wire copies of one text (`dup_group`) count in a list, besides the query's own
/// copies, which are always removed.
enum class Copies {
  /// Each copy is a relevant story of its own (the protocol issue 5's figures are stated in).
  kEach,
  /// One item per copy group, as `related` shows them: a later copy of a group already listed
  /// holds its place but is not relevant, and the ideal list counts each group once.
  kOnePerGroup,
};

/// A labelled set with its relevance judgements.
class Judged {
 public:
  explicit Judged(std::vector<LabelledArticle> set);
  const std::vector<LabelledArticle>& set() const { return set_; }
  /// Indexes of the articles that are queries.
  const std::vector<size_t>& queries() const { return queries_; }
  /// True when `doc` is removed from the candidates of `query` (itself or one of its copies).
  bool excluded(size_t query, size_t doc) const;
  /// 2: same story, 1: same category, 0: neither.
  int grade(size_t query, size_t doc) const;
  /// Index of an article id, or npos.
  size_t index_of(const std::string& id) const;
  /// Scores a ranked list of article indexes for `query` (excluded ones are skipped).
  Metrics score(size_t query, const std::vector<size_t>& ranked,
                Copies copies = Copies::kEach) const;

 private:
  struct Ideal {
    std::vector<size_t> relevant_count;  // per article: relevant, non-excluded others
    std::vector<std::vector<int>> grades;
  };
  Ideal ideal(Copies copies) const;

  std::vector<LabelledArticle> set_;
  std::vector<size_t> queries_;
  std::array<Ideal, 2> ideals_;  // by Copies
  std::unordered_map<std::string, size_t> by_id_;
};

/// Exhaustive TF-IDF cosine rankings (title + "\n" + text), `depth` results per query.
std::vector<std::vector<size_t>> tfidf_rankings(const Judged& judged, size_t depth);

/// Indexes the set into `index_path` (created) exactly as `byline index FILE.jsonl` would.
Status build_index(const Judged& judged, const std::string& index_path);

/// byline's rankings for every query through Searcher::related; `depth` results after the
/// query's copies are removed. Fills `seconds` with the total time spent in related().
Result<std::vector<std::vector<size_t>>> byline_rankings(const Judged& judged, Searcher& searcher,
                                                         const RelatedOptions& options,
                                                         size_t depth, double* seconds = nullptr);

/// Mean of a metric over the queries.
Metrics mean(const std::vector<Metrics>& per_query);

/// A paired-bootstrap interval of mean(a) - mean(b) over the same queries.
struct Interval {
  double diff = 0, lo = 0, hi = 0;
};
std::array<Interval, kMetrics> paired_bootstrap(const std::vector<Metrics>& a,
                                                const std::vector<Metrics>& b, int rounds = 10000,
                                                uint64_t seed = 20171222);

}  // namespace byline::eval
