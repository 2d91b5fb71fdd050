// query/snippet.h: the search result's snippet, cut from the article text around its match.
#pragma once

#include <xapian.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "indexer/analyzer.h"

namespace byline {

/// Texts up to this size go to Xapian's snippet whole; longer ones are cut to a window first.
inline constexpr size_t kSnippetWholeTextBytes = 64 * 1024;
/// The window: this much text before the first matching word and the rest after it.
inline constexpr size_t kSnippetWindowBefore = 1024;
inline constexpr size_t kSnippetWindowBytes = 8 * 1024;
/// Words of the query this close together count as one place in the text.
inline constexpr size_t kSnippetSpan = 512;

struct SnippetWindow {
  std::string_view text;
  bool cut_before = false;        ///< text precedes the window
  bool cut_after = false;         ///< text follows the window
  bool no_word_matches = false;   ///< no word of the text is a query term: the window is empty
  bool field_words_only = false;  ///< the words found are a field's (`title:chip`), not the text's
  size_t first_match = 0;         ///< offset in the text of the passage the window is built on
  /// The words were found in Thai, Lao, Khmer or Myanmar text, split by ICU: Xapian's snippet
  /// cannot find them there (it splits at spaces), so the snippet opens at first_match.
  bool unspaced = false;
  /// A word was found only as the index folds it ("Straße" for `strasse`, "ΚΟΣΜΟΣ") or reads
  /// it apart ("l'usine" for `usine`): Xapian's snippet, which reads the text as written,
  /// cannot find it either.
  bool folded_match = false;
  /// With `all_matches`: every word of the text that is a word of the query, as byte ranges
  /// [first, second) of the text, in order (a CJK pair of characters is one range).
  std::vector<std::pair<size_t, size_t>> matches;
};

/// The part of `text` a snippet for `query` should be taken from: all of it when it is short;
/// otherwise a window around the first place where the most words of the query (as they are,
/// or stemmed with `stem` to a "Z" term; a field's words too, `title:chip` looks for "chip")
/// stand within kSnippetSpan bytes, cut at whitespace. Empty (no_word_matches) when no word of
/// the query is in the text, or the query has none (`date:2026`, `-word`). `folding`: how the
/// index reads its words (to_index_form()), so the text's are compared as it reads them.
SnippetWindow snippet_window(std::string_view text, const Xapian::Query& query,
                             const Xapian::Stem& stem, Folding folding = kNewestFolding,
                             bool all_matches = false);

struct Snippet {
  std::string text;
  /// Byte ranges [first, second) of `text` that are words of the query, in order, apart.
  std::vector<std::pair<uint32_t, uint32_t>> highlights;
};

/// Xapian's snippet of `text` for the query `mset` answered (plain text, 240 bytes or so, "…"
/// where text was left out), from the window above, with the words Xapian matched marked:
/// Xapian's snippet stems every word it is given, ~55 ms per hit for a 1 MiB article. The
/// text's lead, nothing marked, when no word of it matches (a `title:` query) and Xapian has
/// no passage to offer. Where Xapian cannot find the words (Thai and the like, words found
/// only as the index folds them: "Straße" for `strasse`), the snippet opens a little before the
/// first and marks them as the index reads them.
Snippet make_snippet(const Xapian::MSet& mset, const Xapian::Query& query, std::string_view text,
                     const Xapian::Stem& stem, Folding folding = kNewestFolding);

}  // namespace byline
