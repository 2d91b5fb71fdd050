#include "indexer/language.h"

// <cstdio> first: compact_lang_det.h uses FILE without including it.
// clang-format off
#include <cstdio>
#include <cld2/public/compact_lang_det.h>
#include <cld2/public/encodings.h>
// clang-format on

#include "byline/article.h"
#include "byline/extract.h"
#include "common/text.h"

namespace byline {
namespace {

// A few paragraphs tell the language as surely as the whole text (CLD2 is reliable from a few
// hundred letters), at a fifth of a millisecond: a tenth of an extraction, not a third.
constexpr size_t kMaxDetectBytes = 4 * 1024;
// Overruling a declaration takes a clear majority over a text of a few sentences at least: a
// quoted paragraph or a short page must not turn an English article German.
constexpr int kOverrulePercent = 80;
constexpr size_t kOverruleLetters = 400;
// With no declaration, a guess on a price line or a headline of a few words ("iPhone 16 Pro:
// 1.299 Euro") is as often wrong as right: the default is surer.
constexpr size_t kGuessLetters = 60;

// Old ISO 639 codes that CLD2 still prints, and near-identical written languages it confuses,
// mapped to one key each.
std::string language_key(std::string_view tag) {
  std::string primary = to_lower_ascii(tag.substr(0, tag.find_first_of("-_")));
  static constexpr std::pair<std::string_view, std::string_view> kKeys[] = {
      {"iw", "he"},  {"jw", "jv"},  {"ji", "yi"},  {"mo", "ro"}, {"in", "ms"}, {"id", "ms"},
      {"zsm", "ms"}, {"fil", "tl"}, {"nb", "no"},  {"nn", "no"}, {"da", "no"}, {"hr", "sh"},
      {"sr", "sh"},  {"bs", "sh"},  {"cnr", "sh"}, {"cmn", "zh"}};
  for (const auto& [from, to] : kKeys)
    if (primary == from) return std::string(to);
  return primary;
}

// CLD2's code for a language as a BCP 47 tag; empty for its pseudo-languages (scripts, Klingon,
// Pig Latin) and anything else that is no language tag.
std::string bcp47_from_cld2(CLD2::Language lang) {
  if (lang == CLD2::UNKNOWN_LANGUAGE || lang == CLD2::TG_UNKNOWN_LANGUAGE) return {};
  const std::string code = CLD2::LanguageCode(lang);
  if (code.starts_with("xx") || code.starts_with("zz") || code == "tlh") return {};
  // The withdrawn codes CLD2 prints ("iw", "in") come out current from normalize_language_tag().
  return normalize_language_tag(code);
}

}  // namespace

LanguageGuess detect_language(std::string_view text, std::string_view hint) {
  LanguageGuess guess;
  const std::string sample = truncate_utf8(text, kMaxDetectBytes);
  const std::string hint_tag = normalize_language_tag(hint);
  CLD2::CLDHints hints{hint_tag.empty() ? nullptr : hint_tag.c_str(), nullptr,
                       CLD2::UNKNOWN_ENCODING, CLD2::UNKNOWN_LANGUAGE};
  CLD2::Language top3[3];
  int percent3[3];
  double score3[3];
  int text_bytes = 0;
  bool reliable = false;
  int valid_prefix = 0;
  const CLD2::Language lang = CLD2::ExtDetectLanguageSummaryCheckUTF8(
      sample.data(), static_cast<int>(sample.size()), /*is_plain_text=*/true, &hints, 0, top3,
      percent3, score3, nullptr, &text_bytes, &reliable, &valid_prefix);
  guess.text_bytes = static_cast<size_t>(std::max(text_bytes, 0));
  if (!reliable) return guess;
  guess.tag = bcp47_from_cld2(lang);
  if (!guess.tag.empty()) guess.percent = lang == top3[0] ? percent3[0] : 0;
  return guess;
}

bool same_language(std::string_view a, std::string_view b) {
  return !a.empty() && !b.empty() && language_key(a) == language_key(b);
}

namespace {

// settle_language() on the text's opening and, when the text is longer than one sample, its
// close: a declaration is overruled only when both read as the other language, so a long
// quote at the top does not turn an English analysis German.
std::string settle(const std::string& tag, std::string_view head, std::string_view tail,
                   bool* from_text) {
  if (from_text) *from_text = false;
  const LanguageGuess guess = detect_language(head, tag);
  if (guess.tag.empty()) return tag;
  if (tag.empty()) {
    if (guess.text_bytes < kGuessLetters) return tag;
  } else if (same_language(tag, guess.tag) || guess.percent < kOverrulePercent ||
             guess.text_bytes < kOverruleLetters) {
    return tag;  // the declaration agrees, and names a region or script besides
  } else if (!tail.empty()) {
    const LanguageGuess end = detect_language(tail, tag);
    if (!end.tag.empty() && !same_language(end.tag, guess.tag)) return tag;
  }
  if (from_text) *from_text = true;
  return guess.tag;
}

}  // namespace

std::string settle_language(std::string_view declared, std::string_view text, bool* from_text) {
  const std::string_view tail =
      text.size() > 2 * kMaxDetectBytes ? text.substr(text.size() - kMaxDetectBytes) : "";
  return settle(normalize_language_tag(declared), text, tail, from_text);
}

void settle_article_language(Article& a, std::string_view declared) {
  // The headline and the text as far as detection reads, without building the whole body;
  // and the text's close, from its last sections back.
  std::string sample = a.title;
  size_t total = 0;
  for (const Section& s : a.sections) {
    total += s.heading.size() + s.text.size();
    if (sample.size() >= kMaxDetectBytes) continue;
    sample += "\n\n";
    sample += s.heading;
    sample += "\n";
    sample.append(s.text, 0, kMaxDetectBytes);
  }
  std::string tail;
  if (total > 2 * kMaxDetectBytes) {
    for (auto s = a.sections.rbegin(); s != a.sections.rend() && tail.size() < kMaxDetectBytes;
         ++s) {
      const size_t take = std::min(s->text.size(), kMaxDetectBytes - tail.size());
      tail.insert(0, s->text.substr(s->text.size() - take) + "\n\n");
    }
  }
  bool from_text = false;
  const std::string tag = normalize_language_tag(declared);  // `declared` may view a.language
  a.language = settle(tag, sample, tail, &from_text);
  // Only an overruled declaration is news: a page that names no language has its text's.
  if (from_text && !tag.empty()) add_flag(a, "language_from_text");
}

}  // namespace byline
