// indexer/word_break.cc: see word_break.h.
#include "indexer/word_break.h"

#include <unicode/brkiter.h>
#include <unicode/locid.h>
#include <unicode/unistr.h>

#include <memory>

#include "common/text.h"

namespace byline {
namespace {

bool unspaced(uint32_t cp) {
  return (cp >= 0x0E00 && cp <= 0x0EFF) ||  // Thai, Lao
         (cp >= 0x1000 && cp <= 0x109F) ||  // Myanmar
         (cp >= 0x1780 && cp <= 0x17FF) ||  // Khmer
         (cp >= 0x19E0 && cp <= 0x19FF) ||  // Khmer symbols
         (cp >= 0xAA60 && cp <= 0xAA7F);    // Myanmar extended
}

}  // namespace

bool has_unspaced_script(std::string_view text) {
  // Every such letter is a three-byte sequence led by 0xE0, 0xE1 or 0xEA: most text has none,
  // and is passed over at the speed of a byte search.
  for (size_t i = 0; i < text.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    if (c != 0xE0 && c != 0xE1 && c != 0xEA) continue;
    size_t j = i;
    if (unspaced(next_code_point(text, j))) return true;
  }
  return false;
}

std::string break_unspaced_words(std::string_view text) {
  if (!has_unspaced_script(text)) return std::string(text);
  UErrorCode err = U_ZERO_ERROR;
  // One iterator per thread: making one loads the dictionaries, which costs far more than a
  // page's breaks.
  thread_local std::unique_ptr<icu::BreakIterator> words(
      icu::BreakIterator::createWordInstance(icu::Locale::getRoot(), err));
  if (U_FAILURE(err) || !words) return std::string(text);
  const icu::UnicodeString u = icu::UnicodeString::fromUTF8(
      icu::StringPiece(text.data(), static_cast<int32_t>(text.size())));
  words->setText(u);
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  int32_t start = words->first();
  UChar32 before = 0;  // the last code point written
  for (int32_t end = words->next(); end != icu::BreakIterator::DONE;
       start = end, end = words->next()) {
    const UChar32 first = u.char32At(start);
    // A break between two letters of these scripts gets a space; other breaks are where the
    // text already has one, or punctuation, which the term generator splits at itself.
    if (!out.empty() && unspaced(static_cast<uint32_t>(before)) &&
        unspaced(static_cast<uint32_t>(first)))
      out += ' ';
    u.tempSubStringBetween(start, end).toUTF8String(out);
    before = u.char32At(u.moveIndex32(end, -1));
  }
  return out;
}

}  // namespace byline
