// query/spelling.h: "did you mean", from the words the index already holds.
//
// No dictionary is kept: Xapian's spelling table, filled as articles are added, made `byline
// index` of 251 pages 30-60% slower and the index a fifth bigger (docs/benchmarks.md). A suggestion
// is looked for only when a query word is in no article, among the indexed words that begin as it
// does.
#pragma once

#include <xapian.h>

#include <string>
#include <string_view>
#include <vector>

namespace byline {

/// The optimal-string-alignment distance (insertions, deletions, substitutions and swaps of
/// adjacent characters, in code points) between `a` and `b`, or `max + 1` when it is above `max`.
int bounded_edit_distance(std::string_view a, std::string_view b, int max);

/// Edits a word of this many code points may be from its suggestion: none up to 2, one up to 5,
/// two from 6 (as Lucene's "AUTO" fuzziness).
int max_edits_for(size_t code_points);

/// The unprefixed (plain word) term of `db` nearest to `word` (lower-case), within
/// max_edits_for() its length, the one in most articles among the nearest; "" when none. Looks
/// among the terms that begin with the word's first or second character (a typo in the first
/// letter is seldom). Throws what Xapian throws.
std::string nearest_indexed_word(const Xapian::Database& db, std::string_view word);

/// `s` without its accents (its combining marks, decomposed): "café" is "cafe".
std::string without_accents(std::string_view s);

/// As nearest_indexed_word(), but the nearest terms all, up to `most`, those in most articles
/// first, and before them a word that differs from `word` in its accents alone ("café" for
/// "cafe"): for the caller to choose among by the words around it.
std::vector<std::string> nearest_indexed_words(const Xapian::Database& db, std::string_view word,
                                               size_t most);

}  // namespace byline
