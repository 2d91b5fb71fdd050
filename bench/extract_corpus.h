// bench/extract_corpus.h: the scrapinghub article-extraction corpus and its metric, shared by
// bench/extract_eval.cc, bench/extract_bench.cc and tests/extract_corpus_test.cc.
//
// The metric is the benchmark's own (article-extraction-benchmark evaluate.py): tokens are
// Unicode \w+ runs, not lower-cased; a text is the multiset of its token 4-grams (fewer than 4
// tokens: one shingle of them all; none: no shingle); per page tp/fp/fn over the shingles are
// normalised by their sum; precision is the mean of tp/(tp+fp) over pages with a non-empty
// prediction, recall the mean of tp/(tp+fn); F1 the harmonic mean of the two means.
#pragma once

#include <unicode/uchar.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <unordered_map>
#include <vector>

#include "common/text.h"

namespace byline::corpus {

/// The file's bytes, gunzipped when it ends in ".gz" (through gzip(1): the bench and test
/// targets do not link zlib). Empty when unreadable.
inline std::string read_maybe_gzip(const std::filesystem::path& path) {
  if (path.extension() != ".gz") {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
  }
  std::string cmd = "gzip -dc '" + path.string() + "' 2>/dev/null";
  std::string out;
  if (FILE* p = popen(cmd.c_str(), "r")) {
    char buf[1 << 16];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
    pclose(p);
  }
  return out;
}

struct Page {
  std::string id;
  std::string url;
  std::string truth;  ///< the human-annotated articleBody
  std::string html;   ///< filled by load_pages(with_html=true)
};

inline std::filesystem::path scrapinghub_dir(const std::filesystem::path& shared) {
  return shared / "corpora" / "extraction" / "scrapinghub";
}

/// The corpus's pages in id order; empty when absent.
inline std::vector<Page> load_pages(const std::filesystem::path& shared, bool with_html) {
  const auto dir = scrapinghub_dir(shared);
  const auto gt = nlohmann::json::parse(read_maybe_gzip(dir / "ground-truth.json"), nullptr, false);
  std::vector<Page> pages;
  if (!gt.is_object()) return pages;
  for (auto it = gt.begin(); it != gt.end(); ++it) {
    Page p;
    p.id = it.key();
    if (it->contains("url") && (*it)["url"].is_string()) p.url = (*it)["url"];
    if (it->contains("articleBody") && (*it)["articleBody"].is_string())
      p.truth = (*it)["articleBody"];
    if (with_html) p.html = read_maybe_gzip(dir / "html" / (p.id + ".html.gz"));
    pages.push_back(std::move(p));
  }
  return pages;
}

/// A peer's predictions: id -> articleBody. Both published layouts are accepted.
inline std::map<std::string, std::string> load_peer(const std::filesystem::path& file) {
  auto j = nlohmann::json::parse(read_maybe_gzip(file), nullptr, false);
  std::map<std::string, std::string> out;
  if (!j.is_object()) return out;
  if (j.contains("output") && j["output"].is_object()) j = j["output"];
  for (auto it = j.begin(); it != j.end(); ++it) {
    if (!it->is_object()) continue;
    const auto b = it->find("articleBody");
    out[it.key()] = b != it->end() && b->is_string() ? b->get<std::string>() : std::string();
  }
  return out;
}

/// ICU's \w (UTS #18 Annex C): Alphabetic, Mark, Decimal_Number, Connector_Punctuation, ZWJ/ZWNJ.
inline bool is_word_char(UChar32 c) {
  if (u_hasBinaryProperty(c, UCHAR_ALPHABETIC)) return true;
  const int8_t t = u_charType(c);
  return t == U_NON_SPACING_MARK || t == U_ENCLOSING_MARK || t == U_COMBINING_SPACING_MARK ||
         t == U_DECIMAL_DIGIT_NUMBER || t == U_CONNECTOR_PUNCTUATION || c == 0x200C || c == 0x200D;
}

/// Unicode \w+ runs, as written (no lower-casing).
inline std::vector<std::string> tokenize(std::string_view s) {
  std::vector<std::string> out;
  std::string cur;
  size_t i = 0;
  while (i < s.size()) {
    const size_t start = i;
    const uint32_t cp = next_code_point(s, i);
    if (is_word_char(static_cast<UChar32>(cp))) {
      cur.append(s.substr(start, i - start));
    } else if (!cur.empty()) {
      out.push_back(std::move(cur));
      cur.clear();
    }
  }
  if (!cur.empty()) out.push_back(std::move(cur));
  return out;
}

using Shingles = std::unordered_map<std::string, int>;

inline Shingles shingles(std::string_view text, size_t n = 4) {
  const auto tok = tokenize(text);
  Shingles out;
  if (tok.empty()) return out;
  auto key = [&](size_t b, size_t e) {
    std::string k;
    for (size_t i = b; i < e; ++i) {
      if (i > b) k += '\x1f';
      k += tok[i];
    }
    return k;
  };
  if (tok.size() < n) {
    ++out[key(0, tok.size())];
    return out;
  }
  for (size_t i = 0; i + n <= tok.size(); ++i) ++out[key(i, i + n)];
  return out;
}

struct PageCounts {
  double tp = 0, fp = 0, fn = 0;  ///< normalised by their sum (all 0 when both texts are empty)
  double precision() const { return tp + fp > 0 ? tp / (tp + fp) : 0; }
  double recall() const { return tp + fn > 0 ? tp / (tp + fn) : 0; }
};

inline PageCounts match(std::string_view truth, std::string_view pred) {
  const Shingles t = shingles(truth), p = shingles(pred);
  double tp = 0, fp = 0, fn = 0;
  for (const auto& [k, c] : p) {
    const auto it = t.find(k);
    const int tc = it == t.end() ? 0 : it->second;
    tp += std::min(tc, c);
    if (c > tc) fp += c - tc;
  }
  for (const auto& [k, c] : t) {
    const auto it = p.find(k);
    const int pc = it == p.end() ? 0 : it->second;
    if (c > pc) fn += c - pc;
  }
  PageCounts r;
  const double sum = tp + fp + fn;
  if (sum > 0) r = {tp / sum, fp / sum, fn / sum};
  return r;
}

struct Score {
  double precision = 0, recall = 0, f1 = 0;
  int pages = 0, predicted = 0;
};

inline Score aggregate(const std::vector<PageCounts>& pages) {
  Score s;
  double psum = 0, rsum = 0;
  int pn = 0, rn = 0;
  for (const PageCounts& c : pages) {
    ++s.pages;
    if (c.tp + c.fp > 0) {  // an empty prediction has no precision
      psum += c.precision();
      ++pn;
    }
    if (c.tp + c.fn > 0) {
      rsum += c.recall();
      ++rn;
    }
  }
  s.predicted = pn;
  s.precision = pn ? psum / pn : 0;
  s.recall = rn ? rsum / rn : 0;
  s.f1 = s.precision + s.recall > 0 ? 2 * s.precision * s.recall / (s.precision + s.recall) : 0;
  return s;
}

}  // namespace byline::corpus
