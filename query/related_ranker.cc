#include "query/related_ranker.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>
#include <set>

#include "common/text.h"
#include "indexer/analyzer.h"
#include "indexer/schema.h"
#include "indexer/simhash.h"
#include "query/copies.h"
#include "query/hit_data.h"

namespace byline {

// Term statistics per thread and per index state, in an open-addressing table keyed by a
// 64-bit hash of the term: a related query reads the termlists of ~100 candidates (tens of
// thousands of terms), and a frequency lookup in the index, or even a node-based hash map,
// for each of them would cost more than the rest of the ranking together.
struct RelatedRanker::Cache {
  struct Slot {
    uint64_t key = 0;  // 0: empty
    float idf = 0;
  };
  std::string state;
  std::vector<Slot> slots = std::vector<Slot>(1 << 16);
  size_t used = 0;
  // Index look-ups since the state changed; past kSnapshotAfterMisses the table is filled from
  // one scan of the term list instead (`snapshot`): every ranking term with df >= 2, so a term
  // read from a termlist and absent from the table has df 1, with no look-up.
  size_t misses = 0;
  bool snapshot = false;
  std::string too_large;  // a state whose snapshot did not fit: never scanned again

  size_t home(uint64_t key) const {
    // FNV's low bits cluster; mix them before linear probing.
    return (key * 0x9E3779B97F4A7C15ULL) >> 20 & (slots.size() - 1);
  }
  Slot* find(uint64_t key) {
    const size_t mask = slots.size() - 1;
    for (size_t i = home(key);; i = (i + 1) & mask)
      if (slots[i].key == key || slots[i].key == 0) return &slots[i];
  }
  /// A snapshot's table is tens of MB: every probe is a cache miss unless asked for ahead.
  void prefetch(uint64_t key) const { __builtin_prefetch(&slots[home(key)]); }
  void insert(uint64_t key, float idf) {
    if (2 * (used + 1) > slots.size()) {
      std::vector<Slot> old(slots.size() * 2);
      old.swap(slots);
      used = 0;
      for (const auto& s : old)
        if (s.key) insert(s.key, s.idf);
    }
    Slot* s = find(key);
    if (s->key == 0) ++used;
    *s = {key, idf};
  }
  // Per document, the three values the candidate loop reads (SimHash, date, copy group), taken
  // with the term snapshot: a value read is a B-tree look-up, and there are three per candidate.
  struct DocInfo {
    uint64_t simhash = 0;
    uint64_t group = 0;  // hash of the copy-group value, 0 when none
    double published = kNoDate;
  };
  static constexpr double kNoDate = -1e300;
  std::vector<DocInfo> docs;  // by docid; empty when not taken

  void clear() {
    docs.clear();
    docs.shrink_to_fit();
    slots.assign(1 << 16, Slot{});
    used = 0;
    misses = 0;
    snapshot = false;
  }
};

namespace {

// Characters of UTF-8 text: its bytes that do not continue a sequence.
size_t code_points(std::string_view s) {
  return static_cast<size_t>(std::count_if(
      s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

constexpr size_t kMaxCachedTerms = 4'000'000;  // bounds memory on a huge, changing index
/// Picks MMR weighs against one another (RelatedRanker::rank); the rest follow in MMR order.
constexpr size_t kMmrHead = 30;
/// Most of an article's terms the fill-up pass looks up (a search's bound on terms too).
constexpr size_t kMaxFillTerms = 1024;
// A snapshot scans every word and entity of the index (about 1 s per million terms); it pays
// once a searcher has done this many single look-ups (a few ms each when the block is not
// cached) on one index state, i.e. after a few dozen queries. A one-shot `byline related`
// never reaches it.
constexpr size_t kSnapshotAfterMisses = 5000;
size_t g_snapshot_after_misses = kSnapshotAfterMisses;
// Document values are snapshotted up to this docid (24 bytes each); beyond, read one by one.
constexpr Xapian::docid kMaxSnapshotDocid = 4'000'000;

uint64_t group_hash(const std::string& group) {
  if (group.empty()) return 0;
  const uint64_t h = fnv1a64(group);
  return h ? h : 1;
}

std::optional<double> published_of(const Xapian::Document& d) {
  const std::string v = d.get_value(schema::kSlotPublished);
  if (v.empty()) return std::nullopt;
  return Xapian::sortable_unserialise(v);
}

// 'w' a stemmed word, 't' a stemmed title word, 'e' an entity; 0 for every other term.
char kind_of(const std::string& t) { return rank_term_kind(t); }

uint64_t term_hash(const std::string& t) {
  const uint64_t h = fnv1a64(t);
  return h ? h : 1;  // 0 marks an empty slot
}

// A termlist is sorted: digits and unprefixed words around the prefixed terms (A.., H.., K..,
// Q.., S.., U.., XE.., XF.., XS.., Z..; lower-case words last). Ranking terms are the XE.. and
// Z.. runs, so the rest is skipped rather than copied out term by term.
template <class F>
void for_rank_terms(const Xapian::Document& d, F&& f) {
  Xapian::TermIterator t = d.termlist_begin();
  const Xapian::TermIterator end = d.termlist_end();
  t.skip_to("XE");
  while (t != end) {
    const std::string term = *t;
    if (static_cast<unsigned char>(term[0]) > 'Z') break;  // unprefixed words sort last
    if (term[0] == 'X' && term.compare(0, 2, "XE") != 0) {
      t.skip_to("Z");
      continue;
    }
    f(term, t.get_wdf());
    ++t;
  }
}

// Decodes the rank_terms slot (schemas/index.md); false when it is absent or malformed.
bool unpack_rank_terms(const std::string& v, std::vector<RankTerm>& out) {
  if (v.empty()) return false;
  const auto* p = reinterpret_cast<const unsigned char*>(v.data());
  const auto* end = p + v.size();
  while (p < end) {
    if (end - p < 10) return false;
    uint64_t h = 0;
    for (int i = 7; i >= 0; --i) h = h << 8 | p[i];
    const char kind = static_cast<char>(p[8]);
    if (kind != 'w' && kind != 't' && kind != 'e') return false;
    p += 9;
    uint64_t wdf = 0;
    for (int shift = 0;; shift += 7) {
      if (p == end || shift > 28) return false;
      const unsigned char b = *p++;
      wdf |= static_cast<uint64_t>(b & 0x7F) << shift;
      if (!(b & 0x80)) break;
    }
    out.push_back({h ? h : 1, static_cast<Xapian::termcount>(wdf), kind, {}});
  }
  return true;
}

void normalise(TermVector& v) {
  double norm = 0;
  for (const auto& [id, w] : v.weights) norm += static_cast<double>(w) * w;
  norm = std::sqrt(norm);
  if (norm == 0) return;
  for (auto& [id, w] : v.weights) w = static_cast<float>(w / norm);
}

}  // namespace

double cosine(const TermVector& a, const TermVector& b) {
  const auto &x = a.weights, &y = b.weights;
  double dot = 0;
  size_t i = 0, j = 0;
  while (i < x.size() && j < y.size()) {
    if (x[i].first < y[j].first) {
      ++i;
    } else if (y[j].first < x[i].first) {
      ++j;
    } else {
      dot += static_cast<double>(x[i++].second) * y[j++].second;
    }
  }
  return dot;
}

void RelatedRanker::set_snapshot_after_misses_for_testing(size_t misses) {
  g_snapshot_after_misses = misses;
}

RelatedRanker::RelatedRanker(const Xapian::Database& db) : db_(db) {
  doccount_ = std::max<double>(1, db_.get_doccount());
  static thread_local Cache cache;
  cache_ = &cache;
}

float RelatedRanker::idf_of(double df, double max_df) const {
  // Smoothed as scikit-learn does, so terms unseen in the index (a new article) still count;
  // on a tiny index every term is kept, or nothing would be left to compare.
  if (doccount_ < 20 || df / doccount_ <= max_df)
    return static_cast<float>(std::log((1 + doccount_) / (1 + df)) + 1);
  return 0;
}

float RelatedRanker::idf(uint64_t hash, const std::string& term, char kind, double max_df,
                         bool in_index) {
  Cache::Slot* s = cache_->find(hash);
  if (s->key) return s->idf;
  if (!kind) return 0;
  if (cache_->snapshot && in_index) return idf_of(1, max_df);
  if (term.empty()) return idf_of(1, max_df);  // only hashes (rank_terms slot) come with a snapshot
  const float v = idf_of(db_.get_termfreq(term), max_df);
  cache_->insert(hash, v);
  ++cache_->misses;
  return v;
}

void RelatedRanker::take_snapshot(double max_df) {
  cache_->clear();
  for (const char* prefix : {"Z", "XE"}) {
    for (auto t = db_.allterms_begin(prefix); t != db_.allterms_end(prefix); ++t) {
      const Xapian::doccount df = t.get_termfreq();
      if (df < 2) continue;
      const std::string& term = *t;
      if (!kind_of(term)) continue;
      if (cache_->used >= kMaxCachedTerms) {
        // Too large to hold: single look-ups, as before, and no second scan of this state.
        const std::string state = cache_->state;
        cache_->clear();
        cache_->state = state;
        cache_->too_large = state;
        return;
      }
      cache_->insert(term_hash(term), idf_of(df, max_df));
    }
  }
  cache_->snapshot = true;
  const Xapian::docid last = db_.get_lastdocid();
  if (last == 0 || last > kMaxSnapshotDocid) return;
  std::vector<Cache::DocInfo> docs(last + 1);
  for (auto v = db_.valuestream_begin(schema::kSlotSimHash);
       v != db_.valuestream_end(schema::kSlotSimHash); ++v)
    docs[v.get_docid()].simhash = decode_u64(*v);
  for (auto v = db_.valuestream_begin(schema::kSlotPublished);
       v != db_.valuestream_end(schema::kSlotPublished); ++v)
    docs[v.get_docid()].published = Xapian::sortable_unserialise(*v);
  for (auto v = db_.valuestream_begin(schema::kSlotCopyGroup);
       v != db_.valuestream_end(schema::kSlotCopyGroup); ++v)
    docs[v.get_docid()].group = group_hash(*v);
  cache_->docs = std::move(docs);
}

TermVector RelatedRanker::vectorize(const Xapian::Document& doc, const RelatedParams& p,
                                    std::unordered_map<uint64_t, std::string>* names) {
  std::vector<RankTerm> terms;
  for_rank_terms(doc, [&](const std::string& term, Xapian::termcount wdf) {
    if (const char kind = kind_of(term)) terms.push_back({term_hash(term), wdf, kind, term});
  });
  TermVector v = vectorize(terms, p, doc.get_docid() != 0);
  if (names)
    for (const auto& t : terms) names->emplace(t.hash, t.term);
  return v;
}

TermVector RelatedRanker::vectorize(const std::vector<RankTerm>& terms, const RelatedParams& p,
                                    bool in_index) {
  TermVector v;
  v.weights.reserve(terms.size());
  // Ask for the table's lines a few terms ahead, so the misses overlap.
  constexpr size_t kAhead = 8;
  for (size_t i = 0; i < terms.size() && i < kAhead; ++i) cache_->prefetch(terms[i].hash);
  for (size_t i = 0; i < terms.size(); ++i) {
    if (i + kAhead < terms.size()) cache_->prefetch(terms[i + kAhead].hash);
    const auto& [h, wdf, kind, term] = terms[i];
    const float idf_t = idf(h, term, kind, p.max_df, in_index);
    if (idf_t == 0) continue;
    if (wdf == 0) continue;
    double w = (1 + std::log(static_cast<double>(wdf))) * idf_t;
    if (kind == 'e') w *= p.entity_weight;
    if (kind == 't') w *= p.title_weight;
    if (w <= 0) continue;
    v.weights.emplace_back(h, static_cast<float>(w));
  }
  std::sort(v.weights.begin(), v.weights.end());
  normalise(v);
  return v;
}

std::vector<Hit> RelatedRanker::rank(const Xapian::Document& doc, Xapian::docid self,
                                     const RelatedParams& p) {
  // Cached idfs are only valid for one index state and one max_df.
  // The revision changes with every commit (a replaced document changes no count).
  std::string revision;
  try {
    revision = std::to_string(db_.get_revision());
  } catch (const Xapian::InvalidOperationError&) {  // several databases: no single revision
  } catch (const Xapian::UnimplementedError&) {     // one remote database (tcp://): none either
  }
  const std::string key = db_.get_uuid() + "/" + revision + "/" +
                          std::to_string(db_.get_doccount()) + "/" +
                          std::to_string(db_.get_lastdocid()) + "/" + std::to_string(p.max_df);
  if (cache_->state != key || (!cache_->snapshot && cache_->used > kMaxCachedTerms)) {
    cache_->clear();
    cache_->state = key;
  }
  if (!cache_->snapshot && cache_->misses >= g_snapshot_after_misses && cache_->too_large != key) {
    take_snapshot(p.max_df);
    cache_->misses = 0;
  }
  if (p.limit <= 0) return {};
  std::unordered_map<uint64_t, std::string> qterms;
  const TermVector qv = vectorize(doc, p, &qterms);
  if (qv.weights.empty()) return {};

  // First pass: the article's most distinctive terms, each weighted by its TF-IDF weight.
  std::vector<std::pair<float, uint64_t>> top;
  const bool q_in_index = doc.get_docid() != 0;
  // The smallest idf a first-pass term may have (idf_of() inverted); none on a tiny index,
  // where every term is kept (idf_of()).
  const float min_first_idf = p.first_pass_max_df >= p.max_df || doccount_ < 20
                                  ? 0.0f
                                  : idf_of(p.first_pass_max_df * doccount_, 1.0);
  for (const auto& [id, w] : qv.weights) {
    const std::string& term = qterms[id];
    if (idf(id, term, kind_of(term), p.max_df, q_in_index) >= min_first_idf)
      top.emplace_back(w, id);
  }
  if (top.empty())  // only common words: they are the best candidates' terms there are
    for (const auto& [id, w] : qv.weights) top.emplace_back(w, id);
  const size_t nterms = std::min(top.size(), static_cast<size_t>(std::max(1, p.query_terms)));
  std::partial_sort(top.begin(), top.begin() + nterms, top.end(), std::greater<>());
  // A term no other document holds (df 1 for an indexed article, 0 for a new one) can bring no
  // candidate; leaving it out gives every other document the same BM25 score, at less cost.
  const float idf_alone = idf_of(q_in_index ? 1 : 0, p.max_df);
  // The weighted OR of the first `n` of `terms` (weight, term hash), heaviest first.
  auto or_query = [&](const std::vector<std::pair<float, uint64_t>>& terms, size_t n) {
    std::vector<Xapian::Query> subs;
    for (size_t i = 0; i < n; ++i) {
      const std::string& term = qterms[terms[i].second];
      if (idf(terms[i].second, term, kind_of(term), p.max_df, q_in_index) == idf_alone) continue;
      subs.emplace_back(Xapian::Query::OP_SCALE_WEIGHT, Xapian::Query(term), terms[i].first);
    }
    return Xapian::Query(Xapian::Query::OP_OR, subs.begin(), subs.end());
  };
  // The article's language (its L term, "Lde" or "Lde-at"): candidates are in it, whatever
  // region, unless the caller asks for any (RelatedOptions::any_language).
  std::optional<Xapian::Query> language;
  if (!p.any_language) {
    auto it = doc.termlist_begin();
    it.skip_to(std::string(schema::kPrefixLanguage));
    if (it != doc.termlist_end() && (*it).rfind(schema::kPrefixLanguage, 0) == 0) {
      const std::string tag = (*it).substr(std::string_view(schema::kPrefixLanguage).size());
      const std::string primary = tag.substr(0, tag.find('-'));
      const std::string term = std::string(schema::kPrefixLanguage) + primary;
      // Every story in it: no filter to pay for (an index of one language, the usual case).
      if (!primary.empty() && db_.get_termfreq(term) < db_.get_doccount())
        language = language_query(primary);
    }
  }
  auto in_language = [&](Xapian::Query q) {
    return language ? Xapian::Query(Xapian::Query::OP_FILTER, q, *language) : q;
  };
  Xapian::Enquire enquire(db_);
  // Candidates only: the exact cosine orders them afterwards. Without length normalisation
  // (b = 0) BM25 needs no document length per posting, ~10% of a query on 100k articles, and
  // related_eval's figures do not move (docs/related.md).
  enquire.set_weighting_scheme(Xapian::BM25Weight(1, 0, 1, 0, 0.5));
  enquire.set_query(in_language(or_query(top, nterms)));
  // Bounded whatever the caller asks: the re-rank reads every candidate's termlist.
  constexpr int kMaxCandidates = 10000;
  const int want = std::clamp(std::max(p.limit, p.candidates), 1, kMaxCandidates);
  const Xapian::MSet mset = enquire.get_mset(0, static_cast<Xapian::doccount>(want) + 1);

  const uint64_t self_group = group_hash(doc.get_value(schema::kSlotCopyGroup));
  const uint64_t qhash = decode_u64(doc.get_value(schema::kSlotSimHash));
  const std::optional<MinHash> qmin = decode_minhash(doc.get_value(schema::kSlotMinHash));
  bool qfingerprinted = false;
  {
    auto it = doc.termlist_begin();
    it.skip_to("XSH");
    qfingerprinted = it != doc.termlist_end() && (*it).rfind("XSH", 0) == 0;
  }
  const auto qdate = published_of(doc);

  auto time_factor = [&](const std::optional<double>& cd) {
    if (p.time_prior <= 0 || !qdate) return 1.0;
    if (!cd) return 1.0;
    const double days = std::abs(*cd - *qdate) / 86400.0;
    return 1 + p.time_prior / (1 + days / std::max(1e-3, p.time_scale_days));
  };

  // Pre-selection: an approximate cosine that needs no statistics beyond the article's own terms
  // (the candidate's norm counts tf only), so only the `rescore` best candidates pay for the
  // idf of every term they hold.
  std::unordered_map<uint64_t, float> qindex;  // term hash -> article weight x idf
  for (const auto& [h, w] : qv.weights) {
    const std::string& term = qterms[h];
    qindex.emplace(h, w * idf(h, term, kind_of(term), p.max_df, doc.get_docid() != 0));
  }
  struct Candidate {
    Xapian::Document doc;
    TermVector vec;
    double score;
    uint64_t group;
    std::vector<RankTerm> terms;  // from the pre-selection pass, so the termlist is read once
    double time = 1;              // the time prior's factor (a value read, so computed once)
  };
  std::vector<Candidate> cands;
  std::set<Xapian::docid> seen;  // documents already candidates (or refused)
  auto add_candidates = [&](const Xapian::MSet& found) {
    cands.reserve(cands.size() + found.size());  // a Candidate is copied, not moved, on growth
    for (auto m = found.begin(); m != found.end(); ++m) {
      if (*m == self || !seen.insert(*m).second) continue;
      Xapian::Document d = m.get_document();
      const Cache::DocInfo* info = *m < cache_->docs.size() ? &cache_->docs[*m] : nullptr;
      const uint64_t group = info ? info->group : group_hash(d.get_value(schema::kSlotCopyGroup));
      if (self_group && group == self_group) continue;
      // Never a copy of the article itself (an article that is not indexed has no copy group).
      const uint64_t chash = !qfingerprinted ? 0
                             : info          ? info->simhash
                                             : decode_u64(d.get_value(schema::kSlotSimHash));
      const std::optional<MinHash> cmin =
          qmin ? decode_minhash(d.get_value(schema::kSlotMinHash)) : std::nullopt;
      if (qfingerprinted && hamming_distance(chash, qhash) <= kNearDuplicateBits) {
        auto it = d.termlist_begin();
        it.skip_to("XSH");
        // A template-written story comes this close to another without being its copy.
        if (it != d.termlist_end() && (*it).rfind("XSH", 0) == 0 && confirmed_copy(qmin, cmin))
          continue;
      }
      // ... nor one a wire service's typography, a dateline or a closing line sets apart, nor
      // a copy cut short under its headline (an AMP page, a teaser, another outlet's).
      if (qmin && cmin && minhash_similarity(*qmin, *cmin) >= kNearDuplicateJaccard) continue;
      if (headline_copy(doc, qmin, d, cmin)) continue;
      double dot = 0, norm = 0;
      std::vector<RankTerm> terms;
      terms.reserve(512);
      // With a snapshot every idf is known by hash, so the packed rank_terms value is enough;
      // otherwise (or in an index written before the slot) the termlist gives the terms' names.
      if (!cache_->snapshot || !unpack_rank_terms(d.get_value(schema::kSlotRankTerms), terms)) {
        terms.clear();
        for_rank_terms(d, [&](const std::string& term, Xapian::termcount wdf) {
          if (term.size() < 3 || (term[0] != 'Z' && (term[0] != 'X' || term[1] != 'E'))) return;
          if (const char kind = kind_of(term)) terms.push_back({term_hash(term), wdf, kind, term});
        });
      }
      for (const auto& t : terms) {
        double w = 1 + std::log(std::max<double>(1, t.wdf));
        if (t.kind == 'e') w *= p.entity_weight;
        if (t.kind == 't') w *= p.title_weight;
        norm += w * w;
        if (auto it = qindex.find(t.hash); it != qindex.end()) dot += it->second * w;
      }
      const double time =
          time_factor(!info                               ? published_of(d)
                      : info->published == Cache::kNoDate ? std::nullopt
                                                          : std::optional<double>(info->published));
      const double approx = norm > 0 ? dot / std::sqrt(norm) * time : 0;
      cands.push_back({std::move(d), {}, approx, std::move(group), std::move(terms), time});
    }
  };
  add_candidates(mset);
  // The first pass takes only distinctive terms (first_pass_max_df); on a small index, or for
  // a long list, the stories that share one are fewer than the list asks for. Then every term
  // of the article brings candidates, so the list holds up to `limit` stories whenever that
  // many share a word or entity with it (one per copy group). A list the first pass fills
  // (the usual case) is unchanged.
  // The stories among the candidates in their order, one per copy group (over several indexes,
  // one per story however each index grouped it, and never the article itself), counted until
  // there are `enough`, two copies the index did not group counted once: how many, and how many
  // candidates they took.
  auto stories_among = [&](size_t enough) {
    std::set<uint64_t> groups;
    CrossIndexCopies across(db_);
    across.exclude(doc);
    NearCopies near;
    size_t n = 0, i = 0;
    for (; i < cands.size() && n < enough; ++i)
      n += (!cands[i].group || groups.insert(cands[i].group).second) &&
           !across.seen(cands[i].doc) && !near.seen(cands[i].doc);
    return std::pair{n, i};
  };
  // A list no longer than the rescored part is made from the same candidates whatever its
  // length, so that it is the head of any longer one: it was not (audit), `limit` 1 took the
  // first pass's candidates alone where 10 filled, and another story came first.
  const size_t list =
      static_cast<size_t>(std::clamp(std::max(p.limit, std::max(p.rescore, 1)), 1, kMaxCandidates));
  if (stories_among(list).first < list && qv.weights.size() > nterms) {
    std::vector<std::pair<float, uint64_t>> all;
    all.reserve(qv.weights.size());
    for (const auto& [id, w] : qv.weights) all.emplace_back(w, id);
    const size_t nall = std::min(all.size(), kMaxFillTerms);
    std::partial_sort(all.begin(), all.begin() + nall, all.end(), std::greater<>());
    enquire.set_query(in_language(or_query(all, nall)));
    add_candidates(enquire.get_mset(0, static_cast<Xapian::doccount>(want) + 1 + mset.size()));
  }
  std::stable_sort(cands.begin(), cands.end(),
                   [](const Candidate& a, const Candidate& b) { return a.score > b.score; });
  // At least `list` stories are rescored: one item is kept per group, and copies among the
  // best had left a list short of its limit with candidates to spare.
  const size_t rescore = std::max(list, stories_among(list).second);
  if (cands.size() > rescore) cands.resize(rescore);
  for (auto& c : cands) {
    c.vec = vectorize(c.terms, p, true);
    c.score = cosine(qv, c.vec);
  }

  // Pseudo-relevance feedback (Rocchio): the article's vector plus the centroid of the best
  // few candidates, so coverage of the same story in other words ranks up.
  if (p.feedback > 0 && p.feedback_docs > 0 && !cands.empty()) {
    std::vector<size_t> order(cands.size());
    for (size_t i = 0; i < order.size(); ++i) order[i] = i;
    const size_t k = std::min(order.size(), static_cast<size_t>(p.feedback_docs));
    std::partial_sort(order.begin(), order.begin() + k, order.end(),
                      [&](size_t a, size_t b) { return cands[a].score > cands[b].score; });
    std::unordered_map<uint64_t, double> centroid;
    for (size_t i = 0; i < k; ++i)
      for (const auto& [id, w] : cands[order[i]].vec.weights) centroid[id] += w;
    TermVector c;
    for (const auto& [id, w] : centroid) c.weights.emplace_back(id, static_cast<float>(w));
    std::sort(c.weights.begin(), c.weights.end());
    normalise(c);
    for (auto& cand : cands)
      cand.score = (cand.score + p.feedback * cosine(c, cand.vec)) / (1 + p.feedback);
  }

  for (auto& cand : cands) cand.score *= cand.time;
  std::stable_sort(cands.begin(), cands.end(),
                   [](const Candidate& a, const Candidate& b) { return a.score > b.score; });
  // One item per group of syndicated copies: the best-scoring one. Over several indexes, also
  // one per story whose copies each index grouped under another key, and never the article
  // itself as another index holds it (copies.h). Nor two copies of one story that one source
  // published and the index did not group (an AMP page cut short): they were listed side by
  // side (audit, session 45).
  {
    std::set<uint64_t> groups;
    CrossIndexCopies across(db_);
    across.exclude(doc);
    NearCopies near;
    std::vector<Candidate> kept;
    kept.reserve(cands.size());
    // The MMR below reads only the first `pool` of them; past it, one per group is enough.
    const size_t pool_max = static_cast<size_t>(std::clamp(p.limit, 10, kMaxCandidates)) * 3;
    for (auto& c : cands)
      if ((!c.group || groups.insert(c.group).second) &&
          (kept.size() >= pool_max || (!across.seen(c.doc) && !near.seen(c.doc))))
        kept.push_back(std::move(c));
    cands = std::move(kept);
  }

  // MMR over the head of the list: relevance, less redundancy with what is already chosen.
  const size_t pool =
      std::min(cands.size(), static_cast<size_t>(std::clamp(p.limit, 10, kMaxCandidates)) * 3);
  std::vector<size_t> chosen;
  // Each result's score is the MMR value it was chosen with (similarity, less redundancy with
  // the results above it), so the list is in score order; with mmr_lambda 1 it is the similarity.
  std::vector<double> chosen_score;
  std::vector<double> redundancy(pool, 0);
  std::vector<bool> used(pool, false);
  // Redundancy is weighed against the first kMmrHead picks only: each pick compares every
  // candidate left with itself, so a list of 1,000 took 1.8 s against 40 ms for 10. Past the
  // head, the rest follow in MMR order against the head; that order keeps scores falling.
  const size_t head = std::min<size_t>(static_cast<size_t>(p.limit), kMmrHead);
  while (chosen.size() < head && chosen.size() < pool) {
    double best = -1e9;
    size_t best_i = pool;
    for (size_t i = 0; i < pool; ++i) {
      if (used[i]) continue;
      const double mmr = p.mmr_lambda * cands[i].score - (1 - p.mmr_lambda) * redundancy[i];
      if (mmr > best) best = mmr, best_i = i;
    }
    if (best_i == pool) break;
    used[best_i] = true;
    chosen.push_back(best_i);
    chosen_score.push_back(best);
    if (p.mmr_lambda < 1)
      for (size_t i = 0; i < pool; ++i)
        if (!used[i])
          redundancy[i] = std::max(redundancy[i], cosine(cands[i].vec, cands[best_i].vec));
  }
  if (chosen.size() < static_cast<size_t>(p.limit)) {
    std::vector<std::pair<double, size_t>> rest;
    for (size_t i = 0; i < pool; ++i)
      if (!used[i])
        rest.emplace_back(p.mmr_lambda * cands[i].score - (1 - p.mmr_lambda) * redundancy[i], i);
    std::stable_sort(rest.begin(), rest.end(),
                     [](const auto& a, const auto& b) { return a.first > b.first; });
    for (const auto& [value, i] : rest) {
      if (chosen.size() >= static_cast<size_t>(p.limit)) break;
      chosen.push_back(i);
      chosen_score.push_back(value);
    }
  }

  const HitData qdata = parse_hit_data(doc.get_data(), false);
  std::map<std::string, std::string> entity_names;
  for (const auto& e : qdata.entities) entity_names.emplace("XE" + to_lower_ascii(e), e);

  // `why`: per result, the shared terms that contribute most to the cosine.
  std::vector<std::vector<std::pair<double, uint64_t>>> shared_of(chosen.size());
  for (size_t k = 0; k < chosen.size(); ++k) {
    auto& shared = shared_of[k];
    const auto &x = qv.weights, &y = cands[chosen[k]].vec.weights;
    size_t a = 0, b = 0;
    while (a < x.size() && b < y.size()) {
      if (x[a].first < y[b].first) {
        ++a;
      } else if (y[b].first < x[a].first) {
        ++b;
      } else {
        shared.emplace_back(static_cast<double>(x[a].second) * y[b].second, x[a].first);
        ++a, ++b;
      }
    }
    std::sort(shared.begin(), shared.end(), std::greater<>());
  }
  auto stem_term = [&](const std::string& t) {
    return t.rfind("ZS", 0) == 0 ? "Z" + t.substr(2) : t;
  };
  // Readable forms of stems, taken from the article's own unstemmed words (the alphabetically
  // first word of each stem). Only words that begin like a wanted stem are stemmed; a stem that
  // does not begin like its words ("dying" -> "die") makes one pass over all of them.
  constexpr size_t kWhy = 6;            // words `why` names
  constexpr size_t kLabelsLooked = 12;  // `why` keeps 6; some repeat an entity's words
  std::set<std::string> wanted;
  for (const auto& shared : shared_of)
    for (size_t i = 0; i < shared.size() && i < kLabelsLooked; ++i)
      if (const std::string& t = qterms[shared[i].second]; t.rfind("XE", 0) != 0)
        wanted.insert(stem_term(t));
  std::map<std::string, std::string> surface;
  // Stemmed as the index stems the article's language, which its L term (read in the same
  // pass, before the words, as terms sort) names: a second pass over a termlist costs as much
  // as ranking.
  Xapian::Stem stem = index_stemmer();
  std::optional<std::string> stem_mode;
  auto read_surface = [&](bool all) {
    std::set<std::string> starts;
    for (const std::string& z : wanted) starts.insert(z.substr(1, 2));
    for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) {
      const std::string term = *t;
      if (term.rfind(schema::kPrefixLanguage, 0) == 0) {
        if (!stem_mode) stem_mode = db_.get_metadata(std::string(schema::kMetaStemmer));
        stem = stemmer_for(stem_language(
            std::string_view(term).substr(schema::kPrefixLanguage.size()),
            stem_mode->empty() ? schema::kStemByLanguage : std::string_view(*stem_mode)));
        continue;
      }
      if (term.empty() || !std::islower(static_cast<unsigned char>(term[0]))) continue;
      if (!all && !starts.count(term.substr(0, 2)) && !starts.count(term.substr(0, 1))) continue;
      surface.emplace("Z" + stem(term), term);
    }
  };
  bool surface_complete = false;
  auto surface_of = [&](const std::string& z) -> const std::string* {
    auto it = surface.find(z);
    if (it == surface.end() && !surface_complete) {
      surface.clear();
      read_surface(true);
      surface_complete = true;
      it = surface.find(z);
    }
    return it == surface.end() ? nullptr : &it->second;
  };
  read_surface(false);

  // How often the article holds a term (asked of a few terms only).
  auto wdf_of = [&doc](const std::string& term) -> Xapian::termcount {
    Xapian::TermIterator it = doc.termlist_begin();
    it.skip_to(term);
    return it != doc.termlist_end() && *it == term ? it.get_wdf() : 0;
  };
  std::vector<Hit> hits;
  for (size_t k = 0; k < chosen.size(); ++k) {
    const Candidate& c = cands[chosen[k]];
    Hit h = parse_hit_data(c.doc.get_data(), false).hit;
    h.score = chosen_score[k];
    const auto& shared = shared_of[hits.size()];
    std::set<std::string> seen;
    std::vector<std::string> why_terms;  // the term each label of `why` names
    for (const auto& [w, id] : shared) {
      const std::string& t = qterms[id];
      std::string label;
      if (t.rfind("XE", 0) == 0) {
        auto it = entity_names.find(t);
        label = it != entity_names.end() ? it->second : t.substr(2);
      } else {
        const std::string z = stem_term(t);
        const std::string* word = surface_of(z);
        label = word ? *word : z.substr(1);
      }
      // A lone letter or CJK character ("g", "с", "果") says little, and its word or bigram is
      // listed too; a possessive is named by its word ("nasa's": "nasa").
      if (label.size() <= 4 && code_points(label) == 1) continue;
      for (std::string_view tail : {"'s", "\u2019s"})
        if (label.size() > tail.size() + 1 && label.ends_with(tail))
          label.resize(label.size() - tail.size());
      // A word already named inside a listed entity ("s9" after "Galaxy S9") says nothing new.
      const std::string key = to_lower_ascii(label);
      if (seen.count(key)) continue;
      seen.insert(key);
      if (t.rfind("XE", 0) == 0) {
        for (const auto& part : split(key, ' ')) seen.insert(part);
      } else if (auto e = entity_names.find("XE" + key); e != entity_names.end()) {
        label = e->second;  // a word that names an entity, as the entity is written ("CISA")
      }
      h.why.push_back(label);
      why_terms.push_back(stem_term(t));  // a title word's as its word's (ZS -> Z)
      if (h.why.size() >= 2 * kWhy) break;
    }
    // A hyphenated word is indexed as its parts and joined ("zero", "day", "zeroday"): named
    // once, joined, when its parts come in the article only inside it (as often as it does);
    // "note", "book" and "notebook" as words of their own stay three.
    std::set<std::string> parts;
    for (size_t j = 0; j < h.why.size(); ++j)
      for (size_t f = 0; f < h.why.size(); ++f) {
        const std::string &joined = h.why[j], &first = h.why[f];
        if (joined.size() <= first.size() || !joined.starts_with(first)) continue;
        const auto rest = std::find(h.why.begin(), h.why.end(), joined.substr(first.size()));
        if (rest == h.why.end()) continue;
        const Xapian::termcount n = wdf_of(why_terms[j]);
        if (n == 0 || wdf_of(why_terms[f]) != n ||
            wdf_of(why_terms[static_cast<size_t>(rest - h.why.begin())]) != n)
          continue;
        parts.insert(first);
        parts.insert(*rest);
      }
    // ... and so is one whose first part is a lone letter, never named ("e-mail": "email",
    // not "mail" beside it; "x-ray", "t-shirt"), when the joined word is only ever hyphenated:
    // hyphens' joins are indexed without positions, a word of its own with them ("xAI", "AI"
    // and "X" as often each are three words).
    auto joins_only = [&doc](const std::string& word) {
      Xapian::TermIterator it = doc.termlist_begin();
      it.skip_to(word);
      return it == doc.termlist_end() || *it != word || it.positionlist_count() == 0;
    };
    for (size_t j = 0; j < h.why.size(); ++j)
      for (size_t r = 0; r < h.why.size(); ++r) {
        const std::string &joined = h.why[j], &rest = h.why[r];
        if (joined.size() <= rest.size() || !joined.ends_with(rest)) continue;
        const std::string letter = joined.substr(0, joined.size() - rest.size());
        if (letter.size() > 4 || code_points(letter) != 1) continue;
        const Xapian::termcount n = wdf_of(why_terms[j]);
        if (n != 0 && wdf_of(why_terms[r]) == n && wdf_of("Z" + letter) == n &&
            joins_only(to_lower_ascii(joined)))
          parts.insert(rest);
      }
    std::erase_if(h.why, [&](const std::string& w) { return parts.count(w) > 0; });
    if (h.why.size() > kWhy) h.why.resize(kWhy);
    hits.push_back(std::move(h));
  }
  return hits;
}

}  // namespace byline
