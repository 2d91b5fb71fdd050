// byline/article.h: the Article record, the unit that is extracted, indexed and returned.
//
// Its JSON form is schemas/article.schema.json: what `byline extract` prints and what
// `byline index FILE.jsonl` reads from other applications.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace byline {

/// Stable names of section kinds. Known news patterns get their own kind; any other in-article
/// heading opens a kOther section; the text before the first heading is the kLead.
enum class SectionKind {
  kLead,
  kWhatsHappening,
  kWhyImportant,
  kWhatsNext,
  kKeyTakeaways,
  kBackground,
  kAnalysis,
  kQuotes,
  kFaq,  ///< "Frequently asked questions", "Q&A": an explainer's questions and answers
  kOther,
};

/// "lead", "whats_happening", "why_important", "whats_next", "key_takeaways", "background",
/// "analysis", "quotes", "faq", "other": the names used in JSON and in `section:` queries.
std::string_view to_string(SectionKind kind);
/// Inverse of to_string(); nullopt for an unknown name.
std::optional<SectionKind> section_kind_from_string(std::string_view name);

/// One tagged part of an article's text.
struct Section {
  std::string heading;  ///< the heading as written ("What's Next?"); empty for the lead
  SectionKind kind = SectionKind::kOther;
  std::string text;  ///< paragraphs separated by "\n\n"
};

/// A news article, extracted from HTML or text, or read from JSON.
struct Article {
  std::string id;   ///< stable id: kept from input, else derived from the canonical URL
  std::string url;  ///< canonical URL when known
  /// Other URLs the same article is known by, never `url` itself: the URL a page was read from
  /// when its canonical link differs (its file:// URL, a crawl's fetched URL), the feed entry's
  /// link. The index finds a story by any of them, so a page and the feed entry that links to
  /// it are one article.
  std::vector<std::string> alias_urls;
  std::string title;   ///< the headline
  std::string author;  ///< author names, comma-separated when several ("Ana Sandoiu")
  /// The credit line as the page gives it: the declared author, else the byline element's text
  /// as shown ("By Ana Sandoiu"). For display; `author` is for search.
  std::string byline;
  std::optional<int64_t> published;  ///< Unix seconds, UTC
  /// Where `published` was read: "json-ld", "meta" (OpenGraph, article:*, Dublin Core...),
  /// "time" (a <time datetime> element), "next-data" (a React page's __NEXT_DATA__ story),
  /// "text" (a dateline written as text above the story: "Published Nov 19, 2019"), "url"
  /// (the day in the page's address: "/2019/11/20/slug"), "feed" (the feed entry); empty when
  /// unknown.
  std::string published_source;
  std::optional<int64_t> updated;  ///< Unix seconds, UTC
  std::string site_name;           ///< publication name ("The Verge"); see source()
  std::string description;         ///< meta description / standfirst
  std::string language;            ///< BCP 47 tag, "en" when unknown
  std::vector<std::string> tags;
  std::vector<Section> sections;  ///< lead first, in document order
  std::string feed_url;           ///< the feed the article came from, if any
  /// Other subscribed feeds that carry the same story (a site's main feed and a section's),
  /// never `feed_url` itself; `feed:` finds the article by any of them.
  std::vector<std::string> other_feed_urls;
  std::string image;             ///< lead image URL, if any
  int reading_time_minutes = 0;  ///< from a "7 min read" label, 0 when absent
  bool ai_generated = false;     ///< an "AI Generated Content" label was present
  /// Labels for boilerplate that was dropped but carries meaning ("ads", "related_box", ...).
  std::vector<std::string> flags;

  /// Publication name, else the URL's host.
  std::string source() const;
  /// Article text without the headline: lead, then each section as heading line + text.
  std::string body() const;
  /// Bytes of indexed text (title, description, section headings and texts): the measure of
  /// what the article costs to index and to hold prepared.
  size_t text_bytes() const;
};

/// An article an index no longer holds: removed (`byline remove`, `prune`) or merged into
/// another story. `byline export --since` writes one as the record {"id", "removed"}, and
/// `byline index` removes the article it names.
struct Removal {
  std::string id;
  std::string url;      ///< of a removal record that names the article by URL only
  int64_t removed = 0;  ///< when, Unix seconds
};

/// Most text an article keeps, headings included: some ten times the longest long read. Past it
/// the text is cut at a paragraph and "truncated" joins the flags, so that one huge page cannot
/// take a crawl's memory or the index's time (a 15 MiB page of prose took 9 s to index).
inline constexpr size_t kMaxArticleTextBytes = 1u << 20;

/// Most bytes of a one-line field (title, author, byline, site name): some ten times the
/// longest real headline. Hostile pages put megabytes anywhere, not only in the body.
inline constexpr size_t kMaxLineFieldBytes = 2048;
/// Most bytes of the description (a first paragraph stands in when the page has none).
inline constexpr size_t kMaxDescriptionBytes = 4096;
/// Most tags (and flags) an article keeps, and most bytes of one (longer ones are dropped).
inline constexpr size_t kMaxTags = 64;
inline constexpr size_t kMaxTagBytes = 256;
/// Longest article id an index takes (it becomes a Xapian term, at most 245 bytes with its
/// prefix); an article with a longer one is refused as bad input.
inline constexpr size_t kMaxIdBytes = 200;
/// Longest language tag kept (BCP 47's longest well-formed tags are 35 bytes).
inline constexpr size_t kMaxLanguageBytes = 35;
/// An image URL longer than this is dropped (a cut URL names nothing).
inline constexpr size_t kMaxImageUrlBytes = 8192;
/// Most alias URLs an article keeps (a page, its fetched URL, a few feeds' links), and the
/// longest one kept (as an image URL).
inline constexpr size_t kMaxAliasUrls = 16;
inline constexpr size_t kMaxAliasUrlBytes = kMaxImageUrlBytes;
/// Most sections an article keeps (a long live blog has a few hundred): the text of the ones
/// past it joins the last one kept, headings as paragraphs. 260,000 one-word sections made a
/// stored record of more JSON values than a record may have (kMaxJsonValues): stored, never
/// read back.
inline constexpr size_t kMaxSections = 10000;
/// Most other feeds an article names (other_feed_urls), each at most kMaxAliasUrlBytes long.
inline constexpr size_t kMaxOtherFeeds = 16;

/// `raw` as a BCP 47 language tag in RFC 5646's case ("en_US" and "EN-us" give "en-US",
/// "zh-hant-tw" gives "zh-Hant-TW"); withdrawn codes in their current form ("iw" gives "he",
/// "in" gives "id"); empty when it is none ("-", "123", "a--b", "english") or names none
/// ("und", "mul", "zxx").
std::string normalize_language_tag(std::string_view raw);

/// Drops sections with neither heading nor text, joins those past kMaxSections into the last
/// one kept, then cuts the article's sections to `max_bytes` of heading and text, at the last
/// paragraph break
/// that fits (else a space, else a character boundary), dropping the sections after it; cuts
/// every metadata field to its cap above ("…" marks a cut one-line field or description; a
/// language that is not a plausible BCP 47 tag is cleared, an overlong image URL too, and a
/// published_source that is not one of known_published_source()'s or has no date; alias URLs
/// that are empty, repeated or the canonical URL itself are dropped, which is no cut). Adds
/// the "truncated" flag when anything was cut, and returns whether anything was. First drops
/// the invisible characters inside words (soft hyphens) and control characters from the text
/// and one-line fields, tags and flags (soft hyphens, word joiners, C0 and C1 controls), so
/// the index sees the words a reader sees.
bool limit_text(Article& article, size_t max_bytes = kMaxArticleTextBytes);

/// Whether `source` is one of Article::published_source's names ("json-ld", "meta", "time",
/// "next-data", "text", "url", "feed"; schemas/article.schema.json's enum).
bool known_published_source(std::string_view source);
/// Whether a date from `source` is a guess a declared one should replace: "text" (a dateline's
/// words) and "url" (a permalink's day, at midnight). A feed entry's date is exact.
bool guessed_published_source(std::string_view source);

/// The flag of an article made from a feed entry's own text, its page unread: the page, indexed
/// later or before, is the richer record of the same story and wins the merge (IndexWriter).
inline constexpr std::string_view kFeedEntryFlag = "feed_entry";

/// Adds `flag` to article.flags unless it is there already.
void add_flag(Article& article, std::string_view flag);
/// Adds each of `tags` that article.tags lacks, case and spacing aside ("AI" is "ai"); returns
/// whether any was added.
bool add_tags(Article& article, const std::vector<std::string>& tags);

/// Host part of an absolute URL, lower-cased, without "www."; empty when there is none.
std::string url_host(std::string_view url);

}  // namespace byline
