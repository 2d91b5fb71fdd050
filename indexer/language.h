// indexer/language.h: which language an article is written in, from its text (CLD2).
//
// A page's or a feed's own language tag is often wrong or missing: site templates say
// lang="en" over German text, and many feeds (heise, golem) name none, which made every such
// story English. CLD2, the detector Chromium used, reads the text itself; it is quick, thread
// safe and answers "not sure" rather than guess on short or mixed text.
#pragma once

#include <string>
#include <string_view>

namespace byline {

/// What CLD2 reads in a text.
struct LanguageGuess {
  std::string tag;        ///< BCP 47 ("de", "zh-Hant"); empty when CLD2 is not sure
  int percent = 0;        ///< share of the text's letters in that language
  size_t text_bytes = 0;  ///< letters CLD2 scored (markup, digits and punctuation are not)
};

/// The language of `text` (valid UTF-8; only its first 4 KB are read). `hint`, a declared
/// tag, breaks near ties only.
LanguageGuess detect_language(std::string_view text, std::string_view hint = {});

/// Whether two tags name one language as far as a detector can tell: the same primary subtag
/// once old codes are mapped ("iw" is "he"), or two that CLD2 cannot tell apart reliably
/// (Norwegian Bokmål and Nynorsk, Danish; Croatian, Serbian and Bosnian; Malay and Indonesian).
bool same_language(std::string_view a, std::string_view b);

/// The language to record for an article whose text is `text`, given the tag declared for it
/// (its page's, else its feed's; may be empty). The declared tag stands unless CLD2 reads
/// another language with confidence in a text long enough to tell; a text in no language CLD2
/// is sure of keeps the declaration. Empty when neither says. `*from_text` tells whether the
/// text decided. settle_article_language() (byline/extract.h) applies it to an Article.
std::string settle_language(std::string_view declared, std::string_view text,
                            bool* from_text = nullptr);

}  // namespace byline
