// query/related_ranker.h: "More stories you might enjoy" — ranks the stories related to one
// article.
//
// 1. Candidates: a weighted OR query of the article's most distinctive terms and entities (BM25).
// 2. Re-rank: cosine of sublinear TF-IDF vectors (words, title words, entities, each with its
//    weight), then pseudo-relevance feedback: the centroid of the best few candidates joins the
//    article's vector (Rocchio), which pulls in other coverage of the story that words it
//    differently. An optional soft prior favours stories published near the article's date.
// 3. Copies of the article (SimHash / copy group) are dropped, one item per copy group is kept,
//    and MMR spreads the final list over different angles.
// bench/related_eval measures every step against a TF-IDF cosine peer (docs/related.md).
#pragma once

#include <xapian.h>

#include <cstdint>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "byline/search.h"

namespace byline {

/// The knobs are the public RelatedOptions (documented in byline/search.h).
using RelatedParams = RelatedOptions;

/// A sparse TF-IDF vector: (64-bit hash of the term, weight), sorted by hash, L2-normalised.
struct TermVector {
  std::vector<std::pair<uint64_t, float>> weights;
};

/// A ranking term of a document (a word, title word or entity) as read from its termlist.
struct RankTerm {
  uint64_t hash;
  Xapian::termcount wdf;
  char kind;         ///< 'w' word, 't' title word, 'e' entity, 0 not ranked
  std::string term;  ///< empty when read from the rank_terms slot (hash only)
};

/// Cosine of two normalised vectors.
double cosine(const TermVector& a, const TermVector& b);

class RelatedRanker {
 public:
  explicit RelatedRanker(const Xapian::Database& db);

  /// Ranks related stories for `doc`. `self` (0 when the article is not indexed) is never
  /// returned, nor any copy of the article.
  std::vector<Hit> rank(const Xapian::Document& doc, Xapian::docid self,
                        const RelatedParams& params);

  /// Tests: take the snapshot after this many single look-ups (0: at once; SIZE_MAX: never).
  /// Results must not depend on it.
  static void set_snapshot_after_misses_for_testing(size_t misses);

 private:
  /// idf of a term (0: ignored), looked up once per index state and thread. `in_index`: the
  /// term was read from an indexed document's termlist (so its df is at least 1).
  float idf(uint64_t hash, const std::string& term, char kind, double max_df, bool in_index);
  float idf_of(double df, double max_df) const;
  /// Fills the table with every ranking term of df >= 2 (see Cache).
  void take_snapshot(double max_df);
  /// The vector of `doc`; with `names`, also each term's hash -> term.
  TermVector vectorize(const Xapian::Document& doc, const RelatedParams& p,
                       std::unordered_map<uint64_t, std::string>* names = nullptr);
  TermVector vectorize(const std::vector<RankTerm>& terms, const RelatedParams& p, bool in_index);

  const Xapian::Database& db_;
  double doccount_ = 1;
  struct Cache;
  Cache* cache_;
};

}  // namespace byline
