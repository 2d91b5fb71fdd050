// indexer/analyzer.h: turns an Article into the Xapian document described in schema.h.
#pragma once

#include <xapian.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "byline/article.h"
#include "indexer/entities.h"
#include "indexer/schema.h"
#include "indexer/simhash.h"

namespace byline {

/// English stop words (Snowball's list), shared by indexing and query parsing.
const Xapian::SimpleStopper& english_stopper();
/// The English stemmer, memoised.
Xapian::Stem index_stemmer();

/// The Snowball stemmer ("german") an article in `language` (a BCP 47 tag) is stemmed with in
/// an index whose byline.stemmer is `mode`: its language's under schema::kStemByLanguage
/// (English when Snowball has none, as for Chinese or Polish), else `mode` itself.
std::string stem_language(std::string_view language, std::string_view mode);
/// A memoised stemmer of `stem_language` (a name stem_language() gave).
Xapian::Stem stemmer_for(std::string_view stem_language);
/// Stop words of `stem_language`; null for a language without a list here.
const Xapian::Stopper* stopper_for(std::string_view stem_language);

/// The word that a word written with one apostrophe (lower-case, as a term) is indexed as too,
/// without a position (schemas/index.md), in an article whose language is `language` (a Snowball
/// name, as stem_language() gives it): in French, Italian and Catalan the word after an elided
/// article or pronoun ("l'usine": "usine"), in Turkish the name before its suffix
/// ("türkiye'de": "türkiye"); else empty ("d'oh" in English). Possessives are read apart.
std::string_view apostrophe_main_word(std::string_view word, std::string_view language);
/// The Snowball language `stem` stems (stemmer_for()'s or Xapian's own), "" when none.
std::string stem_language_of(const Xapian::Stem& stem);

struct AnalyzedArticle {
  Xapian::Document doc;
  uint64_t simhash = 0;
  bool fingerprinted = false;      ///< body long enough for near-duplicate detection
  std::optional<MinHash> minhash;  ///< of a body of 30+ words (slot 6)
  std::vector<Entity> entities;
};

/// The stored document data (schemas/index.md): the Article record as JSON, result fields and
/// `entities` first, empty and default fields left out, no `body`.
std::string stored_record(const Article& article, const std::vector<Entity>& entities);

/// `text` in Unicode NFC, as web pages write it, so the same word matches however it was typed
/// ("e" + U+0301 from some keyboards and forms is "é"). Text already in NFC (nearly all) is
/// returned as it is.
std::string to_nfc(std::string_view text);

/// How an index reads its words, each way adding to the one before it (schemas/index.md). An
/// index keeps the way it was made with, new articles and queries too, until rebuilt.
enum class Folding {
  kNfc,      // made before folding: NFC alone (to_nfc())
  kNfkc,     // byline.features `folded`: NFKC and Greek folded
  kLetters,  // and `folded_letters`: Turkish ı is i, German ß is ss
  kMarks,    // and `folded_marks`: Russian ё is е, Hebrew points and cantillation dropped
};
inline constexpr Folding kNewestFolding = Folding::kMarks;

/// Text as the index reads its words, and queries too (schemas/index.md): NFKC, so full-width
/// "ＡＩ" and "１２月" are "AI" and "12月" and "ﬁ" is "fi"; Greek without its accents and with
/// σ for a final ς, as capitals write it ("ΚΟΣΜΟΣ" and "κόσμος" are one word); Turkish dotless
/// ı as i, since lower-casing reads "I" as "i" ("IŞIK", "Işık" and "ışık" are one word); German
/// ß as ss, as capitals and Swiss German write it ("STRASSE", "Strasse" and "Straße"); Russian
/// ё as е, as most Russian is typed ("начнётся" and "начнется"); Hebrew without its vowel points
/// and cantillation marks, as it is typed ("שִׁיר" and "שיר"). Text that needs none of it (nearly
/// all) is returned as it is. `folding`: an older index's way.
std::string to_index_form(std::string_view text, Folding folding = kNewestFolding);

/// True when the index's byline.features names `feature` (an index made before a feature
/// lacks it, and is read as it was written until rebuilt).
bool index_has_feature(const Xapian::Database& db, std::string_view feature);

/// The way `db` reads its words, from its byline.features.
Folding index_folding(const Xapian::Database& db);

/// What a term is to related()'s ranking: 'w' a word's stem, 't' a title's, 'e' an entity, 0
/// none (too short, another field's, or a Chinese or Japanese n-gram of grammar: "てい", "的人").
char rank_term_kind(std::string_view term);

/// Builds the document for `article` (whose id must be set): terms, values and stored data.
/// The copy-group value is left for the writer, which alone can see the other documents.
/// `stem_mode` is the index's byline.stemmer; `folding` its way of reading words.
AnalyzedArticle analyze_article(const Article& article,
                                std::string_view stem_mode = schema::kStemByLanguage,
                                Folding folding = kNewestFolding);

/// `prefix` + `value` as a term, its tail replaced by a hash when too long for a Xapian term
/// (schemas/index.md). Indexing and query parsing both make their terms with it.
std::string bounded_term(std::string_view prefix, std::string_view value);

/// Documents in `language` (a lower-case tag) and, for a primary subtag alone ("en"), in every
/// region of it ("en-us", "en-gb"): the `lang:` filter and related()'s.
Xapian::Query language_query(std::string_view language);

/// Term for an exact URL (U prefix), hashed when too long for a Xapian term.
std::string url_term(std::string_view url);
/// A URL as article_id_for() reads it: scheme and host lower-cased, the fragment and tracking
/// parameters dropped, percent-encoded. Defined in index_writer.cc.
std::string canonical_for_id(std::string_view raw);
/// canonical_for_id() without a default port (`:80` for http, `:443` for https): the form in
/// which a URL is looked up whatever way it was written.
std::string url_lookup_form(std::string_view url);
/// Term of url_lookup_form(url) (XCURL prefix): a record that keeps its own id is found by it.
std::string lookup_url_term(std::string_view url);
/// Term for another URL an article is known by (XURL prefix, Article::alias_urls), hashed alike.
std::string alias_term(std::string_view url);

/// The terms that name an article given by id or URL, in the order they are tried (`show`,
/// `remove`, `url:`): its id, its canonical URL, another URL it is known by, and the id made
/// from the normalised URL.
std::vector<std::string> lookup_terms(std::string_view id_or_url);

/// Terms of the forms of `url` a reader means by it, to try when lookup_terms() found nothing
/// (`show`, `related`; never `remove`): the other of http and https, with or without a trailing
/// slash, dot segments resolved, and share and newsletter parameters (`ref`, `mc_cid`, ...)
/// dropped. Empty for an id.
std::vector<std::string> near_lookup_terms(std::string_view url);

/// The terms that name the same story as `article` in other documents: a `U` and an `XURL`
/// term for its URL and for each alias, since a document's URLs are its `U` term and its
/// `XURL` terms. The writer looks them up beside the article's `Q` id term.
std::vector<std::string> story_url_terms(const Article& article);

}  // namespace byline
