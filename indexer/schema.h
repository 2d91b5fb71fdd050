// indexer/schema.h: the one source of truth for how articles map onto Xapian.
//
// Every term prefix, value slot and metadata key the index uses is listed here; schemas/index.md
// documents the same table (tests/schema_doc_test.cc keeps the two in step). Prefixes follow
// Xapian Omega's conventions; X... are ours.
#pragma once

#include <xapian.h>

#include <array>
#include <string_view>

namespace byline::schema {

/// Bumped when the layout changes incompatibly; an index of a newer version is refused on open.
inline constexpr int kSchemaVersion = 1;
/// byline.stemmer of an index made now: each article is stemmed, and its stop words told, in
/// its own language (English where Snowball has no stemmer for it).
inline constexpr std::string_view kStemByLanguage = "by-language";
/// byline.stemmer of indexes made before languages were told apart: English for every article.
/// Such an index keeps it until rebuilt, so that its terms and new ones agree.
inline constexpr std::string_view kStemLanguage = "english";

/// A field that is indexed as terms, and how it is queried.
struct TermField {
  std::string_view name;    ///< query-syntax name ("title" in `title:word`)
  std::string_view prefix;  ///< Xapian term prefix
  bool boolean;             ///< exact filter (add_boolean_prefix) vs free text (add_prefix)
  std::string_view help;
};

/// Prefix of the language term ("Lde-at", lower-cased): the `lang:` filter, and related()'s.
inline constexpr std::string_view kPrefixLanguage = "L";

inline constexpr std::array<TermField, 11> kTermFields{{
    {"id", "Q", true, "unique article id (our stable id)"},
    {"title", "S", false, "words of the headline"},
    {"author", "A", false, "words of the byline"},
    {"tag", "K", true, "tag or category, lower-cased"},
    {"url", "U", true, "the canonical URL (a hash when longer than 240 bytes)"},
    {"site", "H", true, "host name without www. (and its parents down to the registrable domain)"},
    {"lang", kPrefixLanguage, true, "language code"},
    {"source", "XSRC", true, "publication name, lower-cased"},
    {"section", "XSEC", true, "kind of a section the article has (whats_next, ...)"},
    {"feed", "XFEED", true, "the feed URL the article came from (hashed when long)"},
    {"entity", "XE", true, "a named entity (company, product, person), lower-cased"},
}};

/// A prefix of terms no query field reads ("Internal terms" in schemas/index.md).
struct InternalPrefix {
  std::string_view prefix;
  std::string_view help;
};

/// Prefix of an article's other URLs (Article::alias_urls), hashed like `U` when long. The
/// writer finds the stored story by its `U` and `XURL` terms as well as its id, and merges.
inline constexpr std::string_view kPrefixAliasUrl = "XURL";

/// Prefix of a record's URL in its lookup form (url_lookup_form()), for look-ups only: stored
/// when the record keeps its own id and its URL is written in another form. Never merges.
inline constexpr std::string_view kPrefixLookupUrl = "XCURL";

inline constexpr std::array<InternalPrefix, 4> kInternalPrefixes{{
    {"Z", "stemmed words"},
    {"XSH", "SimHash band (near-duplicate candidates)"},
    {kPrefixAliasUrl, "another URL the article is known by"},
    {kPrefixLookupUrl, "a record's URL in its lookup form"},
}};

/// Value slots (numbers are sortable_serialise'd).
enum Slot : Xapian::valueno {
  kSlotPublished = 0,    ///< publication time, Unix seconds
  kSlotSimHash = 1,      ///< 64-bit SimHash of the body, 8 bytes big-endian
  kSlotSource = 2,       ///< source name, for facets
  kSlotReadingTime = 3,  ///< minutes
  kSlotCopyGroup = 4,    ///< group of an indexed near-duplicate, else own id (collapse key)
  kSlotRankTerms = 5,    ///< related()'s ranking terms: per term 8-byte hash, kind, varint wdf
  kSlotMinHash = 6,      ///< MinHash signature of the body (simhash.h), 4 bytes a row
  kSlotIndexed = 7,      ///< when the stored record was last written, Unix seconds
};

/// Metadata keys.
inline constexpr std::string_view kMetaSchemaVersion = "byline.schema_version";
inline constexpr std::string_view kMetaStemmer = "byline.stemmer";
inline constexpr std::string_view kMetaFeatures = "byline.features";
/// What a new index is written with; `folded` and `folded_letters`: words in to_index_form()
/// (analyzer.h, Folding).
inline constexpr std::string_view kFeatureFolded = "folded";
inline constexpr std::string_view kFeatureLetters = "folded_letters";
inline constexpr std::string_view kFeatureMarks = "folded_marks";
/// Copy groups joined only when MinHash agrees with SimHash (simhash.h, confirmed_copy()); an
/// index made before may hold groups SimHash alone made, until rebuilt.
inline constexpr std::string_view kFeatureCopiesConfirmed = "copies_confirmed";
inline constexpr std::string_view kFeatures =
    "positions,simhash,entities,rank_terms,folded,folded_letters,folded_marks,copies_confirmed";
/// Prefix of per-feed crawl state keys: "byline.feed:" + feed URL -> JSON.
inline constexpr std::string_view kMetaFeedPrefix = "byline.feed:";
/// Prefix of removal keys: "byline.removed:" + id -> when the article went (Unix seconds,
/// decimal), for a mirror kept in step by `byline export --since` (ids are at most
/// kMaxIdBytes, so every key fits).
inline constexpr std::string_view kMetaRemovedPrefix = "byline.removed:";

/// Within-document frequency increments: the title weighs most, then the lead, then the body.
inline constexpr Xapian::termcount kWeightTitle = 5;
inline constexpr Xapian::termcount kWeightLead = 2;
inline constexpr Xapian::termcount kWeightBody = 1;

/// Longest term Xapian stores comfortably; longer URL terms are hashed.
inline constexpr size_t kMaxTermBytes = 240;

}  // namespace byline::schema
