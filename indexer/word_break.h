// indexer/word_break.h: word boundaries for scripts written without spaces between words.
#pragma once

#include <string>
#include <string_view>

namespace byline {

/// True when `text` holds Thai, Lao, Khmer or Myanmar letters: scripts that write no space
/// between words, and that Xapian's n-gram mode (Chinese, Japanese, Korean) does not cover.
bool has_unspaced_script(std::string_view text);

/// `text` with a space between each two words of those scripts (ICU's dictionary word breaks),
/// so that the TermGenerator and the QueryParser, which split at spaces and punctuation, see
/// words: without it a Thai sentence was one over-long "word", dropped, and an article in Thai
/// had no term to be found by. Text without such letters is returned unchanged.
std::string break_unspaced_words(std::string_view text);

}  // namespace byline
