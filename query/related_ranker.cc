#include "query/related_ranker.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "common/datetime.h"
#include "common/text.h"
#include "indexer/analyzer.h"
#include "indexer/schema.h"
#include "indexer/simhash.h"
#include "query/hit_data.h"

namespace byline {

namespace {

bool is_word_term(const std::string& t) { return t.size() > 2 && t[0] == 'Z'; }
bool is_entity_term(const std::string& t) { return t.size() > 2 && t[0] == 'X' && t[1] == 'E'; }

std::optional<double> published_of(const Xapian::Document& d) {
  const std::string v = d.get_value(schema::kSlotPublished);
  if (v.empty()) return std::nullopt;
  return Xapian::sortable_unserialise(v);
}

}  // namespace

double cosine(const TermVector& a, const TermVector& b) {
  if (a.norm == 0 || b.norm == 0) return 0;
  const TermVector& small = a.weights.size() < b.weights.size() ? a : b;
  const TermVector& large = &small == &a ? b : a;
  double dot = 0;
  for (const auto& [t, w] : small.weights)
    if (auto it = large.weights.find(t); it != large.weights.end()) dot += w * it->second;
  return dot / (a.norm * b.norm);
}

RelatedRanker::RelatedRanker(const Xapian::Database& db) : db_(db) {
  doccount_ = std::max<double>(1, db_.get_doccount());
}

double RelatedRanker::idf(const std::string& term) {
  if (auto it = idf_cache_.find(term); it != idf_cache_.end()) return it->second;
  const double df = db_.get_termfreq(term);
  // Smoothed as scikit-learn does, so terms unseen in the index (a new article) still count.
  const double v = df / doccount_ > 1.0 ? 0.0 : std::log((1 + doccount_) / (1 + df)) + 1;
  idf_cache_.emplace(term, v);
  return v;
}

TermVector RelatedRanker::vectorize(const Xapian::Document& doc, double max_df) {
  TermVector v;
  for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) {
    const std::string term = *t;
    const bool entity = is_entity_term(term);
    if (!entity && !is_word_term(term)) continue;
    const Xapian::termcount wdf = t.get_wdf();
    if (wdf == 0) continue;
    const double df = db_.get_termfreq(term);
    if (doccount_ >= 20 && df / doccount_ > max_df) continue;
    double w = (1 + std::log(static_cast<double>(wdf))) * idf(term);
    if (entity) w *= 1.5;
    v.weights.emplace(term, w);
    v.norm += w * w;
  }
  v.norm = std::sqrt(v.norm);
  return v;
}

std::vector<Hit> RelatedRanker::rank(const Xapian::Document& doc, Xapian::docid self,
                                     const RelatedParams& p) {
  TermVector qv = vectorize(doc, p.max_df);
  if (qv.weights.empty()) return {};
  for (auto& [t, w] : qv.weights)
    if (is_entity_term(t)) w *= p.entity_weight / 1.5;

  // Expand query: the article's most distinctive terms, each weighted by its TF-IDF weight.
  std::vector<std::pair<double, std::string>> terms;
  for (const auto& [t, w] : qv.weights) terms.emplace_back(w, t);
  std::sort(terms.begin(), terms.end(), std::greater<>());
  if (terms.size() > static_cast<size_t>(p.query_terms)) terms.resize(p.query_terms);
  std::vector<Xapian::Query> subs;
  for (const auto& [w, t] : terms) subs.emplace_back(Xapian::Query::OP_SCALE_WEIGHT, Xapian::Query(t), w);
  Xapian::Query query(Xapian::Query::OP_OR, subs.begin(), subs.end());
  const std::string self_id = doc.get_value(schema::kSlotCopyGroup);

  Xapian::Enquire enquire(db_);
  enquire.set_query(query);
  const Xapian::MSet mset = enquire.get_mset(0, p.candidates + 1);

  const uint64_t qhash = decode_u64(doc.get_value(schema::kSlotSimHash));
  const bool qfingerprinted = doc.termlist_begin() != doc.termlist_end() && [&] {
    auto it = doc.termlist_begin();
    it.skip_to("XSH");
    return it != doc.termlist_end() && std::string(*it).rfind("XSH", 0) == 0;
  }();
  const auto qdate = published_of(doc);

  struct Candidate {
    Xapian::Document doc;
    TermVector vec;
    double score;
    std::string group;
  };
  std::vector<Candidate> cands;
  std::map<std::string, size_t> best_in_group;
  for (auto m = mset.begin(); m != mset.end(); ++m) {
    if (*m == self) continue;
    Xapian::Document d = m.get_document();
    // Never a copy of the article itself.
    if (qfingerprinted &&
        hamming_distance(decode_u64(d.get_value(schema::kSlotSimHash)), qhash) <= kNearDuplicateBits &&
        d.termlist_begin() != d.termlist_end())
      continue;
    std::string group = d.get_value(schema::kSlotCopyGroup);
    if (!self_id.empty() && group == self_id) continue;
    Candidate c{d, vectorize(d, p.max_df), 0, group};
    for (auto& [t, w] : c.vec.weights)
      if (is_entity_term(t)) w *= p.entity_weight / 1.5;
    c.score = cosine(qv, c.vec);
    if (p.time_prior > 0 && qdate) {
      if (auto cd = published_of(d)) {
        const double days = std::abs(*cd - *qdate) / 86400.0;
        c.score *= 1 + p.time_prior / (1 + days / 7);
      }
    }
    // One item per group of syndicated copies: keep the best-scoring one.
    if (!group.empty()) {
      if (auto it = best_in_group.find(group); it != best_in_group.end()) {
        if (cands[it->second].score >= c.score) continue;
        cands[it->second] = std::move(c);
        continue;
      }
      best_in_group[group] = cands.size();
    }
    cands.push_back(std::move(c));
  }
  std::sort(cands.begin(), cands.end(), [](const Candidate& a, const Candidate& b) { return a.score > b.score; });

  // MMR over the head of the list: relevance, less redundancy with what is already chosen.
  const size_t pool = std::min(cands.size(), static_cast<size_t>(std::max(p.limit * 3, 30)));
  std::vector<size_t> chosen;
  std::vector<bool> used(pool, false);
  while (chosen.size() < static_cast<size_t>(p.limit) && chosen.size() < pool) {
    double best = -1e9;
    size_t best_i = pool;
    for (size_t i = 0; i < pool; ++i) {
      if (used[i]) continue;
      double redundancy = 0;
      for (size_t j : chosen) redundancy = std::max(redundancy, cosine(cands[i].vec, cands[j].vec));
      const double mmr = p.mmr_lambda * cands[i].score - (1 - p.mmr_lambda) * redundancy;
      if (mmr > best) best = mmr, best_i = i;
    }
    if (best_i == pool) break;
    used[best_i] = true;
    chosen.push_back(best_i);
  }

  // Readable forms of stems, taken from the article's own unstemmed words.
  std::map<std::string, std::string> surface;
  const Xapian::Stem stem = index_stemmer();
  for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) {
    const std::string term = *t;
    if (term.empty() || !std::islower(static_cast<unsigned char>(term[0]))) continue;
    surface.emplace("Z" + stem(term), term);
  }
  const HitData qdata = parse_hit_data(doc.get_data());
  std::map<std::string, std::string> entity_names;
  for (const auto& e : qdata.entities) entity_names.emplace("XE" + to_lower_ascii(e), e);

  std::vector<Hit> hits;
  for (size_t i : chosen) {
    const Candidate& c = cands[i];
    Hit h = parse_hit_data(c.doc.get_data()).hit;
    h.score = c.score;
    std::vector<std::pair<double, std::string>> shared;
    for (const auto& [t, w] : qv.weights)
      if (auto it = c.vec.weights.find(t); it != c.vec.weights.end()) shared.emplace_back(w * it->second, t);
    std::sort(shared.begin(), shared.end(), std::greater<>());
    std::set<std::string> seen;
    for (const auto& [w, t] : shared) {
      std::string label;
      if (is_entity_term(t)) {
        auto it = entity_names.find(t);
        label = it != entity_names.end() ? it->second : t.substr(2);
      } else {
        auto it = surface.find(t);
        label = it != surface.end() ? it->second : t.substr(1);
      }
      if (!seen.insert(to_lower_ascii(label)).second) continue;
      h.why.push_back(label);
      if (h.why.size() >= 6) break;
    }
    hits.push_back(std::move(h));
  }
  return hits;
}

}  // namespace byline
