// query/related_ranker.h: "More stories you might enjoy" — ranks the stories related to one article.
//
// Candidates come from a weighted OR query of the article's most distinctive terms and entities
// (BM25); they are re-ranked by cosine similarity of sublinear TF-IDF vectors with an entity
// bonus, copies of the article and of each other are dropped by SimHash/copy group, and MMR
// spreads the final list over different angles.
#pragma once

#include <xapian.h>

#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "byline/search.h"

namespace byline {

struct RelatedParams {
  int limit = 10;
  int query_terms = 40;         ///< expand terms taken from the article
  int candidates = 200;         ///< re-ranked by cosine
  double max_df = 0.5;          ///< terms in more than this share of documents are ignored
  double entity_weight = 1.5;   ///< entity terms count this much more than words
  double mmr_lambda = 0.85;     ///< 1: pure relevance; lower: more diversity
  double time_prior = 0.0;      ///< weight of closeness in publication date (0: off)
};

/// A sparse TF-IDF vector over one document's words and entities.
struct TermVector {
  std::unordered_map<std::string, double> weights;
  double norm = 0;
};

class RelatedRanker {
 public:
  explicit RelatedRanker(const Xapian::Database& db);

  /// Ranks related stories for `doc`. `self` (0 when the article is not indexed) is never
  /// returned, nor any copy of the article.
  std::vector<Hit> rank(const Xapian::Document& doc, Xapian::docid self, const RelatedParams& params);

  TermVector vectorize(const Xapian::Document& doc, double max_df);

 private:
  double idf(const std::string& term);
  const Xapian::Database& db_;
  std::unordered_map<std::string, double> idf_cache_;
  double doccount_ = 1;
};

double cosine(const TermVector& a, const TermVector& b);

}  // namespace byline
