#include "query/spelling.h"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <vector>

namespace byline {

namespace {

// Code points of valid UTF-8; an invalid byte counts as one (it cannot come from the index,
// whose terms are UTF-8, but a query may hold anything).
std::u32string code_points(std::string_view s) {
  std::u32string out;
  for (size_t i = 0; i < s.size();) {
    const unsigned char c = s[i];
    const int n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 1;
    if (i + n > s.size() || n == 1) {
      out.push_back(c);
      ++i;
      continue;
    }
    char32_t cp = c & (0x7F >> n);
    for (int k = 1; k < n; ++k) cp = (cp << 6) | (s[i + k] & 0x3F);
    out.push_back(cp);
    i += n;
  }
  return out;
}

int distance(const std::u32string& a, const std::u32string& b, int max) {
  const size_t n = a.size(), m = b.size();
  if ((n > m ? n - m : m - n) > static_cast<size_t>(max)) return max + 1;
  // Three rows of the optimal-string-alignment table.
  std::vector<int> prev2(m + 1), prev(m + 1), cur(m + 1);
  for (size_t j = 0; j <= m; ++j) prev[j] = static_cast<int>(j);
  for (size_t i = 1; i <= n; ++i) {
    cur[0] = static_cast<int>(i);
    int row_min = cur[0];
    for (size_t j = 1; j <= m; ++j) {
      const int cost = a[i - 1] == b[j - 1] ? 0 : 1;
      int d = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
        d = std::min(d, prev2[j - 2] + 1);
      cur[j] = d;
      row_min = std::min(row_min, d);
    }
    if (row_min > max) return max + 1;  // every later row is at least as far
    std::swap(prev2, prev);
    std::swap(prev, cur);
  }
  return std::min(prev[m], max + 1);
}

// The UTF-8 of the first code point of `s`.
std::string_view first_char(std::string_view s) {
  if (s.empty()) return s;
  const unsigned char c = s[0];
  size_t n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 1;
  return s.substr(0, std::min(n, s.size()));
}

// A plain word: unprefixed (byline's prefixes are upper-case) and no digits.
bool plain_word(std::string_view t) {
  if (t.empty()) return false;
  const unsigned char c = t[0];
  if (c < 0x80 && !(c >= 'a' && c <= 'z')) return false;
  return std::none_of(t.begin(), t.end(), [](unsigned char ch) { return ch >= '0' && ch <= '9'; });
}

}  // namespace

std::string without_accents(std::string_view s) {
  if (std::all_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; }))
    return std::string(s);
  UErrorCode err = U_ZERO_ERROR;
  const icu::Normalizer2* nfd = icu::Normalizer2::getNFDInstance(err);
  if (U_FAILURE(err)) return std::string(s);
  const icu::UnicodeString d = nfd->normalize(
      icu::UnicodeString::fromUTF8(icu::StringPiece(s.data(), static_cast<int32_t>(s.size()))),
      err);
  if (U_FAILURE(err)) return std::string(s);
  icu::UnicodeString kept;
  for (int32_t i = 0; i < d.length();) {
    const UChar32 cp = d.char32At(i);
    i += U16_LENGTH(cp);
    if (u_charType(cp) != U_NON_SPACING_MARK) kept.append(cp);
  }
  std::string out;
  kept.toUTF8String(out);
  return out;
}

int bounded_edit_distance(std::string_view a, std::string_view b, int max) {
  return distance(code_points(a), code_points(b), max);
}

int max_edits_for(size_t code_points) { return code_points <= 2 ? 0 : code_points <= 5 ? 1 : 2; }

std::vector<std::string> nearest_indexed_words(const Xapian::Database& db, std::string_view word,
                                               size_t most) {
  const std::u32string w = code_points(word);
  const int max = max_edits_for(w.size());
  if (max == 0 || most == 0) return {};
  // A bound on the work for one word, whatever the index's size: 200,000 terms is some 20 ms.
  constexpr size_t kMaxScanned = 200'000;
  size_t scanned = 0;
  struct Near {
    std::string term;
    Xapian::doccount freq;
    bool accents_only = false;  // differs from the word in its accents alone
  };
  std::vector<Near> nearest;  // at best_distance
  int best_distance = max + 1;
  const std::string_view first = first_char(word);
  const std::string_view second = first_char(word.substr(first.size()));
  for (std::string_view prefix : {first, second}) {
    if (prefix.empty() || (prefix == second && second == first)) continue;
    const std::string p(prefix);
    for (auto t = db.allterms_begin(p); t != db.allterms_end(p) && scanned < kMaxScanned;
         ++t, ++scanned) {
      const std::string term = *t;
      if (!plain_word(term) || term == word) continue;
      const std::u32string c = code_points(term);
      const size_t gap = c.size() > w.size() ? c.size() - w.size() : w.size() - c.size();
      if (gap > static_cast<size_t>(std::min(max, best_distance))) continue;
      const int d = distance(w, c, std::min(max, best_distance));
      if (d > max || d > best_distance) continue;
      if (d < best_distance) {
        nearest.clear();
        best_distance = d;
      }
      nearest.push_back({term, t.get_termfreq()});
    }
  }
  // A word that differs only in its accents is the one meant ("cafe" is "café", not "came",
  // however many more articles say "came"); then the word in most articles.
  const std::string bare = without_accents(word);
  for (Near& n : nearest) n.accents_only = without_accents(n.term) == bare;
  std::sort(nearest.begin(), nearest.end(), [](const Near& a, const Near& b) {
    if (a.accents_only != b.accents_only) return a.accents_only;
    return a.freq != b.freq ? a.freq > b.freq : a.term < b.term;
  });
  std::vector<std::string> out;
  for (size_t i = 0; i < nearest.size() && i < most; ++i) out.push_back(std::move(nearest[i].term));
  return out;
}

std::string nearest_indexed_word(const Xapian::Database& db, std::string_view word) {
  std::vector<std::string> near = nearest_indexed_words(db, word, 1);
  return near.empty() ? std::string() : std::move(near.front());
}

}  // namespace byline
