#include "query/snippet.h"

#include <unicode/ubrk.h>
#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/utext.h>

#include <algorithm>
#include <bitset>
#include <deque>
#include <unordered_map>
#include <vector>

#include "common/text.h"
#include "indexer/analyzer.h"
#include "indexer/word_break.h"

namespace byline {

namespace {

// Xapian's marks around a matched word in its snippet: STX and ETX, never left in the text.
constexpr char kMarkOn = '\x02', kMarkOff = '\x03';

bool is_space(char c) { return c == ' ' || c == '\n' || c == '\t' || c == '\r'; }

// Xapian escapes the snippet as HTML; the result is plain text (escaped where it is printed).
std::string unescape_snippet(const std::string& s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '&') {
      if (s.compare(i, 5, "&amp;") == 0) {
        out += '&';
        i += 4;
        continue;
      }
      if (s.compare(i, 4, "&lt;") == 0) {
        out += '<';
        i += 3;
        continue;
      }
      if (s.compare(i, 4, "&gt;") == 0) {
        out += '>';
        i += 3;
        continue;
      }
    }
    out += s[i];
  }
  return out;
}

// The text's opening words, for a hit whose text has no query word (`title:chip`): Xapian's
// snippet is then an empty passage, "…".
std::string lead(std::string_view text, size_t max_bytes) {
  std::string s = collapse_whitespace(text.substr(0, std::min(text.size(), 4 * max_bytes)));
  if (s.size() <= max_bytes) return s;
  size_t cut = s.rfind(' ', max_bytes);
  if (cut == std::string::npos || cut == 0) {
    cut = max_bytes;
    while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
  }
  s.resize(cut);
  return s + "…";
}

// The patterns of the query's wildcards ("stor*" is "stor"). Xapian 1.4 names a wildcard's
// pattern only in its description, "Query(WILDCARD SYNONYM stor)"; any other form is skipped
// and its words then go unseen here (the snippet reads all of the text).
void wildcard_patterns(const Xapian::Query& q, std::vector<std::string>& out, int depth = 0) {
  if (depth > 1000) return;
  if (q.get_type() == Xapian::Query::OP_WILDCARD) {
    const std::string d = q.get_description();
    const std::string_view head = "Query(WILDCARD ";
    if (d.rfind(head, 0) != 0 || d.back() != ')') return;
    const size_t space = d.find(' ', head.size());
    if (space == std::string::npos || space + 1 >= d.size() - 1) return;
    out.push_back(d.substr(space + 1, d.size() - 1 - (space + 1)));
    return;
  }
  for (size_t i = 0; i < q.get_num_subqueries(); ++i)
    wildcard_patterns(q.get_subquery(i), out, depth + 1);
}

// Characters Xapian's CJK n-gram reading takes (its ranges, less the full-width forms, which
// text and queries are folded out of: NFKC makes "ＡＩ" "AI").
bool is_cjk(unsigned cp) {
  return (cp >= 0x2E80 && cp <= 0x2EFF) || (cp >= 0x3000 && cp <= 0x9FFF) ||
         (cp >= 0xA700 && cp <= 0xA71F) || (cp >= 0xAC00 && cp <= 0xD7AF) ||
         (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0xFE30 && cp <= 0xFE4F) ||
         (cp >= 0x20000 && cp <= 0x2A6DF) || (cp >= 0x2F800 && cp <= 0x2FA1F);
}

// Xapian reads Chinese, Japanese and Korean as characters and pairs of them, and marks each
// character it matched: "バッテリー" came out as five marks, and a テ of another word was marked
// too. Marks side by side are one; a lone character goes where the query's word is found
// whole (two characters or more), as where it is not, it is all there is, unless the query
// asks for that character as a word of its own ("电池 水").
void tidy_cjk_highlights(Snippet& s, const Xapian::Query& query) {
  std::vector<std::pair<uint32_t, uint32_t>> merged;
  for (const auto& h : s.highlights) {
    if (!merged.empty() && merged.back().second == h.first)
      merged.back().second = h.second;
    else
      merged.push_back(h);
  }
  // How many CJK characters a range is, or 0 when it holds anything else.
  const auto cjk_chars = [&s](const std::pair<uint32_t, uint32_t>& h) {
    size_t i = h.first, n = 0;
    while (i < h.second) {
      if (!is_cjk(next_code_point(s.text, i))) return size_t{0};
      ++n;
    }
    return n;
  };
  const bool whole =
      std::any_of(merged.begin(), merged.end(), [&](const auto& h) { return cjk_chars(h) >= 2; });
  if (whole) {
    // The query's words of one character that no longer word of it holds.
    std::vector<std::string> longer;
    std::set<std::string, std::less<>> single;
    for (auto t = query.get_unique_terms_begin(); t != query.get_unique_terms_end(); ++t) {
      const std::string term = *t;
      size_t i = 0, n = 0;
      bool cjk = !term.empty();
      while (i < term.size() && cjk) {
        cjk = is_cjk(next_code_point(term, i));
        ++n;
      }
      if (!cjk) continue;
      if (n == 1)
        single.insert(term);
      else
        longer.push_back(term);
    }
    const auto own_word = [&](const std::pair<uint32_t, uint32_t>& h) {
      const std::string_view c = std::string_view(s.text).substr(h.first, h.second - h.first);
      return single.count(c) &&
             std::none_of(longer.begin(), longer.end(),
                          [c](const std::string& w) { return w.find(c) != std::string::npos; });
    };
    merged.erase(std::remove_if(merged.begin(), merged.end(),
                                [&](const auto& h) { return cjk_chars(h) == 1 && !own_word(h); }),
                 merged.end());
  }
  s.highlights = std::move(merged);
}

// The start of the word (ICU's dictionary breaks, Thai and the like) at or before byte `at`
// of `text`; 0 when none is found.
size_t word_start_before(std::string_view text, size_t at) {
  UErrorCode err = U_ZERO_ERROR;
  UText* ut = utext_openUTF8(nullptr, text.data(), static_cast<int64_t>(text.size()), &err);
  UBreakIterator* bi = U_SUCCESS(err) ? ubrk_open(UBRK_WORD, "th", nullptr, 0, &err) : nullptr;
  size_t start = 0;
  if (U_SUCCESS(err) && bi) {
    ubrk_setUText(bi, ut, &err);
    if (U_SUCCESS(err)) {
      const int32_t b = ubrk_preceding(bi, static_cast<int32_t>(std::min(at + 1, text.size())));
      if (b != UBRK_DONE && b > 0) start = static_cast<size_t>(b);
    }
  }
  if (bi) ubrk_close(bi);
  if (ut) utext_close(ut);
  return start;
}

// The window when no word of the text is one of the query's.
SnippetWindow no_words(std::string_view text) {
  SnippetWindow w;
  w.text = text.substr(0, 0);
  w.cut_after = true;
  w.no_word_matches = true;
  return w;
}

// The query's words as snippet_window() looks for them: a term's word (a "Z" term is a stem,
// and a field's prefix is left off), grouped by stem, and its wildcards' patterns.
struct QueryWords {
  std::unordered_map<std::string, int> word_group, stem_group;
  std::bitset<256> first;  // a word's first byte, to stem only the words that could match
  std::vector<std::pair<std::string, int>> prefixes;  // a wildcard's words start with its pattern
  int groups = 0;
  bool free_text = false;  // a word of the text itself, not only a field's (title:, source:)
};

QueryWords read_query_words(const Xapian::Query& query, const Xapian::Stem& stem,
                            bool all_matches) {
  QueryWords q;
  std::unordered_map<std::string, int> group_of_key;
  bool& free_text = q.free_text;
  std::vector<std::string> patterns;
  wildcard_patterns(query, patterns);
  for (auto t = query.get_unique_terms_begin(); t != query.get_unique_terms_end(); ++t) {
    const std::string term = *t;
    const size_t at = !term.empty() && term[0] == 'Z' ? 1 : 0;
    if (at < term.size() && !(term[at] >= 'A' && term[at] <= 'Z')) free_text = true;
  }
  for (const std::string& p : patterns)
    if (!p.empty() && !(p[0] >= 'A' && p[0] <= 'Z')) free_text = true;
  // With words of the text in the query, a field's or a filter's words neither choose the
  // window nor are marked: the window of `title:lang strasse` opened where the text said
  // "lange", and a language code ("de" in a German text) was marked (re-audit of session 46).
  const bool text_words_only = free_text || all_matches;
  for (auto t = query.get_unique_terms_begin(); t != query.get_unique_terms_end(); ++t) {
    const std::string whole = *t;  // the iterator hands out a temporary string
    std::string_view term = whole;
    const bool stemmed = !term.empty() && term[0] == 'Z';
    if (stemmed) term.remove_prefix(1);
    const bool field = !term.empty() && term[0] >= 'A' && term[0] <= 'Z';
    while (!term.empty() && term[0] >= 'A' && term[0] <= 'Z') term.remove_prefix(1);
    if (term.empty() || (field && text_words_only)) continue;
    const std::string key = stemmed ? std::string(term) : stem(std::string(term));
    const int group = group_of_key.emplace(key, group_of_key.size()).first->second;
    (stemmed ? q.stem_group : q.word_group).emplace(term, group);
    q.first.set(static_cast<unsigned char>(term[0]));
  }
  for (std::string_view p : patterns) {
    const bool field = !p.empty() && p[0] >= 'A' && p[0] <= 'Z';
    if (field && text_words_only) continue;
    while (!p.empty() && p[0] >= 'A' && p[0] <= 'Z') p.remove_prefix(1);
    if (p.empty()) continue;
    const int group = group_of_key.emplace("*" + std::string(p), group_of_key.size()).first->second;
    q.prefixes.emplace_back(p, group);
    q.first.set(static_cast<unsigned char>(p[0]));
  }
  q.groups = static_cast<int>(group_of_key.size());
  return q;
}

// read_query_words() of the query a page of hits shares: each hit's snippet read every term
// of it again, sorted them and stemmed them, up to three times a hit (a query of 1,000 words:
// 7 ms a hit, half of it there). The cache holds the query it was made for, so that its
// address, the key, cannot be another query's while kept; stemmers are made afresh for each
// hit (stemmer_for()), and are told apart by what they stem.
const QueryWords& query_words(const Xapian::Query& query, const Xapian::Stem& stem,
                              bool all_matches) {
  struct Entry {
    Xapian::Query query;
    std::string stemmer;
    bool all_matches = false;
    QueryWords words;
  };
  thread_local std::vector<Entry> cache;  // the last few, newest last
  const std::string stemmer = stem.get_description();
  for (auto& e : cache)
    if (e.query.internal.get() == query.internal.get() && e.stemmer == stemmer &&
        e.all_matches == all_matches)
      return e.words;
  if (cache.size() >= 8) cache.erase(cache.begin());
  cache.push_back({query, stemmer, all_matches, read_query_words(query, stem, all_matches)});
  return cache.back().words;
}

}  // namespace

SnippetWindow snippet_window(std::string_view text, const Xapian::Query& query,
                             const Xapian::Stem& stem, Folding folding, bool all_matches) {
  // A term's word: a "Z" term is a stem, and a field's prefix (upper-case) is left off, so
  // `title:chip` also finds its window where the text says "chips". Terms are grouped by stem
  // ("change" from a phrase and Zchang are one word of the query).
  const QueryWords& words = query_words(query, stem, all_matches);
  const auto& word_group = words.word_group;
  const auto& stem_group = words.stem_group;
  const auto& first = words.first;
  const auto& prefixes = words.prefixes;
  const int groups = words.groups;
  const bool free_text = words.free_text;
  // Nothing of the query is a word of the text (date:, source:"Circuit Ledger", -word): Xapian
  // would offer a passage with nothing in it, the text's end.
  if (groups == 0) return no_words(text);

  // Thai, Lao, Khmer and Myanmar text is scanned with a space between each two words (as it
  // was indexed), and offsets are taken back to the text itself.
  const bool unspaced = has_unspaced_script(text);
  const std::string spaced = unspaced ? break_unspaced_words(text) : std::string();
  const std::string_view scanned = unspaced ? std::string_view(spaced) : text;

  // The first stretch of kSnippetSpan bytes holding the most words of the query (all of them
  // ends the scan): where the query's words are together, as Xapian's own passage choice
  // prefers, and the first match for a one-word query.
  struct Match {
    size_t offset;
    int group;
  };
  std::deque<Match> near;  // matches within kSnippetSpan of the last one
  std::vector<int> count(groups, 0);
  int distinct = 0, best = 0;
  size_t match = 0;
  std::vector<std::pair<size_t, size_t>> ranges;  // all_matches: in the scanned text
  // One match of the query's `group` at [start, end): the stretch of the most of them so far.
  auto note = [&](size_t start, int group, size_t end) {
    if (all_matches) ranges.emplace_back(start, end);
    near.push_back({start, group});
    if (count[group]++ == 0) ++distinct;
    while (start - near.front().offset > kSnippetSpan) {
      if (--count[near.front().group] == 0) --distinct;
      near.pop_front();
    }
    if (distinct > best) {
      best = distinct;
      match = near.front().offset;
    }
  };
  // A word's group of the query: as it is, stemmed, or the start of a wildcard's words.
  auto group_of = [&](const std::string& word) {
    if (word.empty() || !first.test(static_cast<unsigned char>(word[0]))) return -1;
    if (auto found = word_group.find(word); found != word_group.end()) return found->second;
    if (!stem_group.empty())
      if (auto s = stem_group.find(stem(word)); s != stem_group.end()) return s->second;
    for (const auto& [prefix, group] : prefixes)
      if (word.starts_with(prefix)) return group;
    return -1;
  };
  // Xapian's snippet marks neither a word the index folds nor one it reads apart (below):
  // folded_match says so.
  bool folded_match = false;
  const std::string language = stem_language_of(stem);
  // A word of the text at `start`; in a French article "l'usine" is also `usine`, in a Turkish
  // one "Ankara'da" `Ankara`, as the index reads them.
  auto note_word = [&](const std::string& word, size_t start, size_t end) {
    int group = group_of(word);
    if (group < 0 && word.find('\'') != std::string::npos) {
      group = group_of(std::string(apostrophe_main_word(word, language)));
      if (group >= 0) folded_match = true;
    }
    if (group >= 0) note(start, group, end);
    return group >= 0;
  };
  struct Char {
    size_t offset;
    unsigned cp;
  };
  std::vector<Char> chars;  // the word's characters, where a CJK run needs them
  std::string word;
  Xapian::Utf8Iterator it(scanned.data(), scanned.size()), end;
  while (it != end && (all_matches || best < groups)) {
    while (it != end && !Xapian::Unicode::is_wordchar(*it)) ++it;
    const size_t start = static_cast<size_t>(it.raw() - scanned.data());
    word.clear();
    chars.clear();
    bool fold = false;  // a character to_index_form() changes: full-width, Greek accents, ё
    bool cjk = false;
    while (it != end) {
      if (Xapian::Unicode::is_wordchar(*it)) {
        const unsigned cp = *it;
        // Characters are kept only for a word with CJK in it: the rest of the text is most of
        // it, scanned for every hit. The word's characters before its first CJK one are read
        // again then.
        const size_t at = static_cast<size_t>(it.raw() - scanned.data());
        if (!cjk && is_cjk(cp)) {
          cjk = true;
          for (Xapian::Utf8Iterator c(scanned.data() + start, at - start); c != end; ++c)
            if (Xapian::Unicode::is_wordchar(*c))
              chars.push_back({static_cast<size_t>(c.raw() - scanned.data()), *c});
        }
        if (cjk) chars.push_back({at, cp});
        if (folding != Folding::kNfc && cp >= 0x80 && !fold)
          fold =
              (cp >= 0x386 && cp <= 0x3CE) || cp == 0x131 || cp == 0xDF || cp == 0x1E9E ||
              cp == 0x451 || cp == 0x401 || (cp >= 0x591 && cp <= 0x5C7) ||
              u_getIntPropertyValue(static_cast<UChar32>(cp), UCHAR_NFKC_QUICK_CHECK) != UNORM_YES;
        Xapian::Unicode::append_utf8(word, Xapian::Unicode::tolower(cp));
        ++it;
        continue;
      }
      // As Xapian's term generator does: an apostrophe between letters stays ("don't").
      if (*it != '\'' && *it != 0x2019) break;
      Xapian::Utf8Iterator next = it;
      if (++next == end || !Xapian::Unicode::is_wordchar(*next)) break;
      word += '\'';
      it = next;
    }
    const size_t word_end = static_cast<size_t>(it.raw() - scanned.data());
    if (fold) {
      // As the index folds (NFKC may give capitals back: "Ⓐ" is "A").
      word = to_index_form(word, folding);
      std::string lower;
      for (Xapian::Utf8Iterator c(word); c != Xapian::Utf8Iterator(); ++c)
        Xapian::Unicode::append_utf8(lower, Xapian::Unicode::tolower(*c));
      word = std::move(lower);
    }
    if (cjk) {
      // Chinese, Japanese and Korean as the index reads them (FLAG_CJK_NGRAM): each character
      // and each pair of neighbours a term, the letters beside them words of their own. Whole,
      // a run was one word no query term is, and the snippet was the text's lead.
      for (size_t i = 0; i < chars.size();) {
        if (!is_cjk(chars[i].cp)) {
          std::string letters;
          const size_t from = i;
          for (; i < chars.size() && !is_cjk(chars[i].cp); ++i)
            Xapian::Unicode::append_utf8(letters, Xapian::Unicode::tolower(chars[i].cp));
          note_word(to_index_form(letters, folding), chars[from].offset,
                    i < chars.size() ? chars[i].offset : word_end);
          continue;
        }
        std::string gram;
        Xapian::Unicode::append_utf8(gram, chars[i].cp);
        const size_t next = i + 1 < chars.size() ? chars[i + 1].offset : word_end;
        if (auto w = word_group.find(gram); w != word_group.end())
          note(chars[i].offset, w->second, next);
        if (i + 1 < chars.size() && is_cjk(chars[i + 1].cp)) {
          Xapian::Unicode::append_utf8(gram, chars[i + 1].cp);
          if (auto w = word_group.find(gram); w != word_group.end())
            note(chars[i].offset, w->second, i + 2 < chars.size() ? chars[i + 2].offset : word_end);
        }
        ++i;
      }
      continue;
    }
    if (note_word(word, start, word_end) && fold) folded_match = true;
  }
  if (best == 0) return no_words(text);
  if (unspaced) {
    // The scanned text is the text with spaces put in: walk both to each offset (the match,
    // then the ranges', in order).
    size_t i = 0, j = 0;
    bool same = true;  // false when ICU repaired a byte: not the same text
    auto to_text = [&](size_t at) {
      while (same && i < at && j < text.size()) {
        if (scanned[i] == text[j])
          ++j;
        else if (scanned[i] != ' ')
          same = false;
        if (same) ++i;
      }
      return same && i == at ? j : std::string::npos;
    };
    match = to_text(match);
    if (match == std::string::npos) match = 0;
    std::vector<std::pair<size_t, size_t>> mapped;
    std::sort(ranges.begin(), ranges.end());
    i = j = 0;
    same = true;
    for (const auto& [from, to] : ranges) {
      if (from < i) continue;  // overlaps the one before
      const size_t a = to_text(from), b = to_text(to);
      if (a == std::string::npos || b == std::string::npos) break;
      mapped.emplace_back(a, b);
    }
    ranges = std::move(mapped);
  }
  if (all_matches) {
    std::sort(ranges.begin(), ranges.end());
    // In order and apart: a pair of CJK characters overlaps the next pair; touching ones join.
    std::vector<std::pair<size_t, size_t>> merged;
    for (const auto& r : ranges) {
      if (!merged.empty() && r.first <= merged.back().second)
        merged.back().second = std::max(merged.back().second, r.second);
      else
        merged.push_back(r);
    }
    ranges = std::move(merged);
  }
  if (text.size() <= kSnippetWholeTextBytes)
    return {
        text, false, false, false, !free_text, match, unspaced, folded_match, std::move(ranges)};

  // Cut at whitespace, so never inside a word; where there is none near (Chinese, Thai), at
  // the start of a UTF-8 sequence.
  auto on_char = [&](size_t at) {
    while (at > 0 && at < text.size() && (static_cast<unsigned char>(text[at]) & 0xC0) == 0x80)
      --at;
    return at;
  };
  size_t from = match > kSnippetWindowBefore ? match - kSnippetWindowBefore : 0;
  while (from > 0 && from < match && !is_space(text[from - 1])) ++from;
  from = on_char(from);
  size_t to = std::min(text.size(), from + kSnippetWindowBytes);
  if (to < text.size()) {
    size_t t = to;
    while (t > match && !is_space(text[t])) --t;
    to = on_char(t > match ? t : to);
  }
  return {text.substr(from, to - from),
          from > 0,
          to < text.size(),
          false,
          !free_text,
          match,
          unspaced,
          folded_match,
          std::move(ranges)};
}

Snippet make_snippet(const Xapian::MSet& mset, const Xapian::Query& query, std::string_view text,
                     const Xapian::Stem& stem, Folding folding) {
  constexpr size_t kLength = 240;
  static const std::string kOmit = "…";
  const SnippetWindow w = snippet_window(text, query, stem, folding);
  if (w.no_word_matches) return {lead(text, kLength), {}};
  // Only a field's words (`title:chip`): Xapian matches its prefixed terms, never the text's
  // words, so it has no passage to choose; the window opens where the text says them.
  if (w.field_words_only) {
    // From the sentence that holds the first of them.
    const size_t match = w.first_match - static_cast<size_t>(w.text.data() - text.data());
    const size_t dot = match > 160 ? w.text.rfind(". ", match) : std::string_view::npos;
    const std::string_view from = dot == std::string_view::npos ? w.text : w.text.substr(dot + 2);
    const std::string s = lead(from, kLength);
    return {from.data() != text.data() ? kOmit + s : s, {}};
  }
  // Thai and the like, and words found only as the index folds them: Xapian's snippet would
  // find no word and offer the window's start. From the phrase (Thai and the like set phrases
  // apart with spaces) that holds the first match.
  if (w.unspaced || w.folded_match) {
    const size_t match = w.first_match - static_cast<size_t>(w.text.data() - text.data());
    size_t from = match;
    if (match <= 80) {
      from = 0;
    } else if (w.unspaced) {
      // Thai and the like put spaces between phrases only: a word boundary some 20 characters
      // back, not the phrase's start, which may be the match itself (the snippet was the
      // query's word alone: audit of session 46).
      from = word_start_before(w.text, match - 60);
    } else if (const size_t space = w.text.rfind(' ', match);
               space != std::string_view::npos && match - space <= 80) {
      from = space + 1;
    }
    Snippet out;
    out.text = lead(w.text.substr(from), kLength);
    if (w.unspaced && out.text.ends_with("…")) {
      // Cut at a word boundary rather than at a space that leaves little (the phrase after the
      // match may be longer than the snippet).
      const std::string_view rest = w.text.substr(from, 4 * kLength);
      const std::string whole = collapse_whitespace(rest);
      const size_t space = whole.rfind(' ', kLength);
      if (whole.size() > kLength && (space == std::string::npos || space < kLength * 3 / 4)) {
        const size_t cut = word_start_before(whole, kLength);
        if (cut > kLength / 2) out.text = whole.substr(0, cut) + "…";
      }
    }
    // The query's words as the index reads them, which Xapian cannot mark (the snippet had no
    // highlights: audit of session 46).
    const SnippetWindow in_snippet = snippet_window(out.text, query, stem, folding, true);
    const uint32_t shift = w.text.data() + from != text.data() ? kOmit.size() : 0;
    for (const auto& [a, b] : in_snippet.matches)
      out.highlights.emplace_back(static_cast<uint32_t>(a) + shift,
                                  static_cast<uint32_t>(b) + shift);
    if (shift) out.text = kOmit + out.text;
    return out;
  }
  // No SNIPPET_BACKGROUND_MODEL (Xapian's default): it weighs every word of the window by its
  // rarity in the index, a B-tree look-up each, which was four-fifths of a search's time on a
  // 20,000-article index; passages are chosen by the query's words alone, the same whatever
  // else the index holds.
  // Xapian marks the words it matched with two control characters the text is rid of first
  // (article text may hold any byte), and they are taken out again as byte ranges.
  std::string window(w.text);
  std::replace_if(
      window.begin(), window.end(), [](char c) { return c == kMarkOn || c == kMarkOff; }, ' ');
  std::string marked = collapse_whitespace(unescape_snippet(mset.snippet(
      window, kLength, stem, Xapian::MSet::SNIPPET_EXHAUSTIVE | Xapian::MSet::SNIPPET_CJK_NGRAM,
      std::string(1, kMarkOn), std::string(1, kMarkOff), kOmit)));
  Snippet out;
  out.text.reserve(marked.size());
  size_t on = std::string::npos;
  for (const char c : marked) {
    if (c == kMarkOn) {
      on = out.text.size();
    } else if (c == kMarkOff) {
      if (on != std::string::npos && on < out.text.size())
        out.highlights.emplace_back(static_cast<uint32_t>(on),
                                    static_cast<uint32_t>(out.text.size()));
      on = std::string::npos;
    } else {
      out.text += c;
    }
  }
  tidy_cjk_highlights(out, query);
  // Words Xapian reads otherwise than the index (it folds no "ışık", "Straße", "ё"), found
  // beside words it did mark ("IŞIK" was, "ışık" after it not: re-audit of session 46).
  if (folding != Folding::kNfc) {
    bool added = false;
    for (const auto& [a, b] : snippet_window(out.text, query, stem, folding, true).matches) {
      bool cjk = false;
      for (size_t i = a; i < b && !cjk;) cjk = is_cjk(next_code_point(out.text, i));
      const bool covered = std::any_of(out.highlights.begin(), out.highlights.end(),
                                       [&](const auto& h) { return h.first < b && a < h.second; });
      if (cjk || covered) continue;
      // Only such words: Xapian's own choice stands for the rest (a phrase's words are marked
      // where they make the phrase).
      std::string lower;
      for (Xapian::Utf8Iterator c(out.text.data() + a, b - a); c != Xapian::Utf8Iterator(); ++c)
        Xapian::Unicode::append_utf8(lower, Xapian::Unicode::tolower(*c));
      if (to_index_form(lower, folding) == lower) continue;
      out.highlights.emplace_back(static_cast<uint32_t>(a), static_cast<uint32_t>(b));
      added = true;
    }
    if (added) std::sort(out.highlights.begin(), out.highlights.end());
  }
  std::string& s = out.text;
  const bool starts_cut = s.rfind(kOmit, 0) == 0;
  bool ends_cut =
      s.size() >= kOmit.size() && s.compare(s.size() - kOmit.size(), kOmit.size(), kOmit) == 0;
  // With marks to write, Xapian's snippet of Chinese or Japanese ends in "…" where the text
  // ends in its last stop ("池塘里有鱼。"): the stop is put back when the text ends there.
  if (ends_cut && !w.cut_after) {
    const std::string_view core = std::string_view(s).substr(
        starts_cut ? kOmit.size() : 0, s.size() - kOmit.size() - (starts_cut ? kOmit.size() : 0));
    const std::string whole = collapse_whitespace(window);
    // The text's last bytes after the snippet's: stops alone, and six bytes at most.
    for (size_t r = 1; r <= 6 && !core.empty() && whole.size() >= core.size() + r; ++r) {
      if (whole.compare(whole.size() - r - core.size(), core.size(), core) != 0) continue;
      const std::string_view rest = std::string_view(whole).substr(whole.size() - r);
      bool stops = true;
      for (size_t k = 0; stops && k < rest.size();) {
        const uint32_t cp = next_code_point(rest, k);
        stops = cp != 0xFFFD && !Xapian::Unicode::is_wordchar(cp) &&
                !Xapian::Unicode::is_whitespace(cp);
      }
      if (!stops) continue;
      s.resize(s.size() - kOmit.size());
      s += rest;
      ends_cut = false;
      break;
    }
  }
  if (s.size() <= (starts_cut + ends_cut) * kOmit.size()) return {lead(text, kLength), {}};
  if (w.cut_before && !starts_cut) {
    s = kOmit + s;
    for (auto& [first, second] : out.highlights) {
      first += static_cast<uint32_t>(kOmit.size());
      second += static_cast<uint32_t>(kOmit.size());
    }
  }
  if (w.cut_after && !ends_cut) s += kOmit;
  return out;
}

}  // namespace byline
