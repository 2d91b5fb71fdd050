#include "query/related_eval.h"

#include <unicode/uchar.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>
#include <set>
#include <sstream>
#include <unordered_map>

#include "byline/article_json.h"
#include "byline/index.h"
#include "common/text.h"

namespace byline::eval {

namespace {

std::string string_field(const nlohmann::json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// scikit-learn's ENGLISH_STOP_WORDS (318 words), so the peer is the one the issue measured.
const std::set<std::string, std::less<>>& sklearn_stop_words() {
  static const std::set<std::string, std::less<>> kWords = {
      "a",          "about",      "above",      "across",       "after",      "afterwards",
      "again",      "against",    "all",        "almost",       "alone",      "along",
      "already",    "also",       "although",   "always",       "am",         "among",
      "amongst",    "amoungst",   "amount",     "an",           "and",        "another",
      "any",        "anyhow",     "anyone",     "anything",     "anyway",     "anywhere",
      "are",        "around",     "as",         "at",           "back",       "be",
      "became",     "because",    "become",     "becomes",      "becoming",   "been",
      "before",     "beforehand", "behind",     "being",        "below",      "beside",
      "besides",    "between",    "beyond",     "bill",         "both",       "bottom",
      "but",        "by",         "call",       "can",          "cannot",     "cant",
      "co",         "con",        "could",      "couldnt",      "cry",        "de",
      "describe",   "detail",     "do",         "done",         "down",       "due",
      "during",     "each",       "eg",         "eight",        "either",     "eleven",
      "else",       "elsewhere",  "empty",      "enough",       "etc",        "even",
      "ever",       "every",      "everyone",   "everything",   "everywhere", "except",
      "few",        "fifteen",    "fifty",      "fill",         "find",       "fire",
      "first",      "five",       "for",        "former",       "formerly",   "forty",
      "found",      "four",       "from",       "front",        "full",       "further",
      "get",        "give",       "go",         "had",          "has",        "hasnt",
      "have",       "he",         "hence",      "her",          "here",       "hereafter",
      "hereby",     "herein",     "hereupon",   "hers",         "herself",    "him",
      "himself",    "his",        "how",        "however",      "hundred",    "i",
      "ie",         "if",         "in",         "inc",          "indeed",     "interest",
      "into",       "is",         "it",         "its",          "itself",     "keep",
      "last",       "latter",     "latterly",   "least",        "less",       "ltd",
      "made",       "many",       "may",        "me",           "meanwhile",  "might",
      "mill",       "mine",       "more",       "moreover",     "most",       "mostly",
      "move",       "much",       "must",       "my",           "myself",     "name",
      "namely",     "neither",    "never",      "nevertheless", "next",       "nine",
      "no",         "nobody",     "none",       "noone",        "nor",        "not",
      "nothing",    "now",        "nowhere",    "of",           "off",        "often",
      "on",         "once",       "one",        "only",         "onto",       "or",
      "other",      "others",     "otherwise",  "our",          "ours",       "ourselves",
      "out",        "over",       "own",        "part",         "per",        "perhaps",
      "please",     "put",        "rather",     "re",           "same",       "see",
      "seem",       "seemed",     "seeming",    "seems",        "serious",    "several",
      "she",        "should",     "show",       "side",         "since",      "sincere",
      "six",        "sixty",      "so",         "some",         "somehow",    "someone",
      "something",  "sometime",   "sometimes",  "somewhere",    "still",      "such",
      "system",     "take",       "ten",        "than",         "that",       "the",
      "their",      "them",       "themselves", "then",         "thence",     "there",
      "thereafter", "thereby",    "therefore",  "therein",      "thereupon",  "these",
      "they",       "thick",      "thin",       "third",        "this",       "those",
      "though",     "three",      "through",    "throughout",   "thru",       "thus",
      "to",         "together",   "too",        "top",          "toward",     "towards",
      "twelve",     "twenty",     "two",        "un",           "under",      "until",
      "up",         "upon",       "us",         "very",         "via",        "was",
      "we",         "well",       "were",       "what",         "whatever",   "when",
      "whence",     "whenever",   "where",      "whereafter",   "whereas",    "whereby",
      "wherein",    "whereupon",  "wherever",   "whether",      "which",      "while",
      "whither",    "who",        "whoever",    "whole",        "whom",       "whose",
      "why",        "will",       "with",       "within",       "without",    "would",
      "yet",        "you",        "your",       "yours",        "yourself",   "yourselves",
  };
  return kWords;
}

// Python's `\w` (letters, numbers, underscore), for the default token pattern `\b\w\w+\b`.
bool is_word_char(UChar32 c) {
  return c == '_' || u_isalpha(c) || u_getIntPropertyValue(c, UCHAR_NUMERIC_TYPE) != U_NT_NONE;
}

// Lower-cased runs of two or more word characters, stop words dropped.
std::vector<std::string> sklearn_tokens(std::string_view text) {
  std::vector<std::string> out;
  std::string cur;
  size_t cur_chars = 0;
  auto flush = [&] {
    if (cur_chars >= 2 && !sklearn_stop_words().count(cur)) out.push_back(cur);
    cur.clear();
    cur_chars = 0;
  };
  size_t i = 0;
  while (i < text.size()) {
    const UChar32 c = static_cast<UChar32>(next_code_point(text, i));
    if (is_word_char(c)) {
      append_utf8(cur, static_cast<uint32_t>(u_tolower(c)));
      ++cur_chars;
    } else {
      flush();
    }
  }
  flush();
  return out;
}

double dcg_gain(int grade) { return std::pow(2.0, grade) - 1; }
double discount(size_t rank) { return 1.0 / std::log2(static_cast<double>(rank) + 2); }

}  // namespace

Result<std::vector<LabelledArticle>> load_labelled(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status(ErrorCode::kNotFound, "cannot read " + path, "pass --set FILE.jsonl");
  std::vector<LabelledArticle> out;
  std::string line;
  size_t line_no = 0;
  while (std::getline(in, line)) {
    ++line_no;
    if (trim(line).empty()) continue;
    auto j = nlohmann::json::parse(line, nullptr, false);
    if (j.is_discarded() || !j.is_object())
      return Status(ErrorCode::kBadInput,
                    path + ":" + std::to_string(line_no) + ": not a JSON object");
    LabelledArticle a;
    a.json = line;
    a.id = string_field(j, "id");
    a.title = string_field(j, "title");
    a.text = string_field(j, "text");
    if (a.text.empty()) a.text = string_field(j, "body");
    a.cluster = string_field(j, "cluster");
    a.category = string_field(j, "category");
    a.dup_group = string_field(j, "dup_group");
    if (a.id.empty() || a.cluster.empty())
      return Status(ErrorCode::kBadInput,
                    path + ":" + std::to_string(line_no) + ": record without id or cluster",
                    "a labelled set needs `id` and `cluster` on every record");
    out.push_back(std::move(a));
  }
  if (out.empty()) return Status(ErrorCode::kBadInput, path + " holds no records");
  return out;
}

Judged::Judged(std::vector<LabelledArticle> set) : set_(std::move(set)) {
  for (size_t i = 0; i < set_.size(); ++i) by_id_.emplace(set_[i].id, i);
  ideals_[0] = ideal(Copies::kEach);
  ideals_[1] = ideal(Copies::kOnePerGroup);
  for (size_t q = 0; q < set_.size(); ++q)
    if (ideals_[0].relevant_count[q] > 0) queries_.push_back(q);
}

Judged::Ideal Judged::ideal(Copies copies) const {
  const size_t n = set_.size();
  Ideal out;
  out.relevant_count.assign(n, 0);
  out.grades.resize(n);
  for (size_t q = 0; q < n; ++q) {
    std::vector<int> grades;
    std::set<std::string> groups;
    for (size_t d = 0; d < n; ++d) {
      if (excluded(q, d)) continue;
      if (copies == Copies::kOnePerGroup && !set_[d].dup_group.empty() &&
          !groups.insert(set_[d].dup_group).second)
        continue;
      const int g = grade(q, d);
      if (g == 2) ++out.relevant_count[q];
      if (g > 0) grades.push_back(g);
    }
    std::sort(grades.begin(), grades.end(), std::greater<>());
    if (grades.size() > 10) grades.resize(10);
    out.grades[q] = std::move(grades);
  }
  return out;
}

bool Judged::excluded(size_t query, size_t doc) const {
  if (query == doc) return true;
  const auto& g = set_[query].dup_group;
  return !g.empty() && set_[doc].dup_group == g;
}

int Judged::grade(size_t query, size_t doc) const {
  if (set_[query].cluster == set_[doc].cluster) return 2;
  if (!set_[query].category.empty() && set_[query].category == set_[doc].category) return 1;
  return 0;
}

size_t Judged::index_of(const std::string& id) const {
  auto it = by_id_.find(id);
  return it == by_id_.end() ? std::string::npos : it->second;
}

Metrics Judged::score(size_t q, const std::vector<size_t>& ranked, Copies copies) const {
  const Ideal& ideal = ideals_[copies == Copies::kEach ? 0 : 1];
  std::set<std::string> listed_groups;
  std::vector<size_t> top;
  for (size_t d : ranked) {
    if (excluded(q, d)) continue;
    top.push_back(d);
    if (top.size() == 10) break;
  }
  Metrics m{};
  double dcg = 0, gdcg = 0, rr = 0;
  int hits5 = 0, hits10 = 0;
  for (size_t k = 0; k < top.size(); ++k) {
    const std::string& group = set_[top[k]].dup_group;
    const bool repeated =
        copies == Copies::kOnePerGroup && !group.empty() && !listed_groups.insert(group).second;
    const int g = repeated ? 0 : grade(q, top[k]);
    if (g == 2) {
      hits10 += 1;
      if (k < 5) hits5 += 1;
      dcg += discount(k);
      if (rr == 0) rr = 1.0 / static_cast<double>(k + 1);
    }
    gdcg += dcg_gain(g) * discount(k);
  }
  double idcg = 0, igdcg = 0;
  for (size_t k = 0; k < std::min<size_t>(ideal.relevant_count[q], 10); ++k) idcg += discount(k);
  for (size_t k = 0; k < ideal.grades[q].size(); ++k)
    igdcg += dcg_gain(ideal.grades[q][k]) * discount(k);
  m[0] = hits5 / 5.0;
  m[1] = hits10 / 10.0;
  m[2] = idcg > 0 ? dcg / idcg : 0;
  m[3] = igdcg > 0 ? gdcg / igdcg : 0;
  m[4] = rr;
  return m;
}

std::vector<std::vector<size_t>> tfidf_rankings(const Judged& judged, size_t depth) {
  const auto& set = judged.set();
  const size_t n = set.size();
  // Term ids and counts per document.
  std::unordered_map<std::string, uint32_t> vocab;
  std::vector<std::unordered_map<uint32_t, int>> counts(n);
  for (size_t i = 0; i < n; ++i) {
    for (const auto& t : sklearn_tokens(set[i].title + "\n" + set[i].text)) {
      const auto id = vocab.emplace(t, static_cast<uint32_t>(vocab.size())).first->second;
      ++counts[i][id];
    }
  }
  std::vector<double> df(vocab.size(), 0);
  for (const auto& c : counts)
    for (const auto& [t, k] : c) df[t] += 1;
  // max_df=0.5 drops terms in more than half the documents; smooth idf as scikit-learn does.
  std::vector<double> idf(vocab.size(), 0);
  const double nd = static_cast<double>(n);
  for (size_t t = 0; t < df.size(); ++t)
    idf[t] = df[t] > 0.5 * nd ? 0 : std::log((1 + nd) / (1 + df[t])) + 1;
  std::vector<std::vector<std::pair<uint32_t, double>>> vecs(n);
  for (size_t i = 0; i < n; ++i) {
    double norm = 0;
    for (const auto& [t, k] : counts[i]) {
      if (idf[t] == 0) continue;
      const double w = (1 + std::log(static_cast<double>(k))) * idf[t];
      vecs[i].emplace_back(t, w);
      norm += w * w;
    }
    norm = std::sqrt(norm);
    for (auto& [t, w] : vecs[i]) w = norm > 0 ? w / norm : 0;
    std::sort(vecs[i].begin(), vecs[i].end());
  }
  auto dot = [&](size_t a, size_t b) {
    const auto &x = vecs[a], &y = vecs[b];
    double s = 0;
    size_t i = 0, j = 0;
    while (i < x.size() && j < y.size()) {
      if (x[i].first < y[j].first) {
        ++i;
      } else if (y[j].first < x[i].first) {
        ++j;
      } else {
        s += x[i++].second * y[j++].second;
      }
    }
    return s;
  };
  std::vector<std::vector<size_t>> out(n);
  for (size_t q : judged.queries()) {
    std::vector<std::pair<double, size_t>> scored;
    for (size_t d = 0; d < n; ++d)
      if (!judged.excluded(q, d)) scored.emplace_back(dot(q, d), d);
    // Ties by position in the set, as a stable sort on the score does.
    std::stable_sort(scored.begin(), scored.end(),
                     [](const auto& a, const auto& b) { return a.first > b.first; });
    for (size_t k = 0; k < std::min(depth, scored.size()); ++k) out[q].push_back(scored[k].second);
  }
  return out;
}

Status build_index(const Judged& judged, const std::string& index_path) {
  auto writer = IndexWriter::open(index_path);
  if (!writer.ok()) return writer.status();
  size_t pending = 0;
  for (const auto& rec : judged.set()) {
    auto a = article_from_json(rec.json);
    if (!a.ok()) return Status(a.status().code(), rec.id + ": " + a.status().message());
    auto r = (*writer)->add(*a);
    if (!r.ok()) return r.status();
    if (a->id != rec.id) return Status(ErrorCode::kInternal, "index changed the id of " + rec.id);
    if (++pending >= 1000) {
      if (Status s = (*writer)->commit(); !s.ok()) return s;
      pending = 0;
    }
  }
  return (*writer)->commit();
}

Result<std::vector<std::vector<size_t>>> byline_rankings(const Judged& judged, Searcher& searcher,
                                                         const RelatedOptions& options,
                                                         size_t depth, double* seconds) {
  std::vector<std::vector<size_t>> out(judged.set().size());
  double total = 0;
  for (size_t q : judged.queries()) {
    // Ask for enough that `depth` remain once the query's labelled copies are removed.
    size_t copies = 0;
    for (size_t d = 0; d < judged.set().size(); ++d) copies += judged.excluded(q, d) && d != q;
    RelatedOptions o = options;
    o.limit = static_cast<int>(depth + copies);
    const auto t0 = std::chrono::steady_clock::now();
    auto hits = searcher.related(judged.set()[q].id, o);
    total += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    if (!hits.ok()) return hits.status();
    for (const auto& h : *hits) {
      const size_t d = judged.index_of(h.id);
      if (d == std::string::npos)
        return Status(ErrorCode::kInternal, "related() returned an id not in the set: " + h.id);
      if (judged.excluded(q, d)) continue;
      out[q].push_back(d);
      if (out[q].size() == depth) break;
    }
  }
  if (seconds) *seconds = total;
  return out;
}

Metrics mean(const std::vector<Metrics>& per_query) {
  Metrics m{};
  for (const auto& x : per_query)
    for (int k = 0; k < kMetrics; ++k) m[k] += x[k];
  for (int k = 0; k < kMetrics; ++k) m[k] /= std::max<size_t>(1, per_query.size());
  return m;
}

std::array<Interval, kMetrics> paired_bootstrap(const std::vector<Metrics>& a,
                                                const std::vector<Metrics>& b, int rounds,
                                                uint64_t seed) {
  std::array<Interval, kMetrics> out{};
  const size_t n = std::min(a.size(), b.size());
  if (n == 0) return out;
  std::vector<Metrics> diff(n);
  for (size_t i = 0; i < n; ++i)
    for (int k = 0; k < kMetrics; ++k) diff[i][k] = a[i][k] - b[i][k];
  const Metrics observed = mean(diff);
  std::mt19937_64 rng(seed);
  std::uniform_int_distribution<size_t> pick(0, n - 1);
  std::array<std::vector<double>, kMetrics> samples;
  for (int r = 0; r < rounds; ++r) {
    Metrics s{};
    for (size_t i = 0; i < n; ++i) {
      const auto& d = diff[pick(rng)];
      for (int k = 0; k < kMetrics; ++k) s[k] += d[k];
    }
    for (int k = 0; k < kMetrics; ++k) samples[k].push_back(s[k] / static_cast<double>(n));
  }
  for (int k = 0; k < kMetrics; ++k) {
    auto& v = samples[k];
    std::sort(v.begin(), v.end());
    const auto at = [&](double p) {
      return v[std::min(v.size() - 1, static_cast<size_t>(p * static_cast<double>(v.size())))];
    };
    out[k] = {observed[k], at(0.025), at(0.975)};
  }
  return out;
}

}  // namespace byline::eval
