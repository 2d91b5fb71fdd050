// byline/feed.h: the normalised feed model and the feed parser.
//
// One model for RSS 0.9x/2.0, RSS 1.0 (RDF), Atom 0.3/1.0 and JSON Feed 1.0/1.1; its JSON form is
// schemas/feed.schema.json (what `byline feed --format json` prints).
//
// Thread-safety: the parsers and converters here may run on any number of threads at once.
#pragma once

#include <cstdint>
#include <iosfwd>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "byline/status.h"

namespace byline {

struct Person {
  std::string name;
  std::string email;
  std::string uri;
};

/// An Atom-style link (RSS <link> becomes rel "alternate").
struct Link {
  std::string href;  ///< absolute
  std::string rel;   ///< "alternate", "enclosure", "self", "related", ...
  std::string type;
  std::string title;
  std::string hreflang;
  int64_t length = 0;
};

/// How a text construct was written: media type, markup as written, xml:lang and xml:base in force.
struct TextInfo {
  std::string type;      ///< "text/plain", "text/html" or "application/xhtml+xml"
  std::string language;  ///< xml:lang in force on the element
  std::string base;      ///< xml:base in force on the element
  /// The markup as written when type is not text/plain (titles, rights); for a plain RSS
  /// title escaped twice ("AT&amp;amp;T"), whose references are decoded, the title as written.
  std::string html;
  std::string src;  ///< out-of-line content (atom:content src), absolute
};

/// Dates as written in the document, before normalisation (empty when absent).
struct DateText {
  std::string published;
  std::string updated;
  std::string created;
  std::string expired;
  std::string dc;  ///< dc:date, RSS 1.0's one date: published and updated when nothing else is
};

/// An element the reader has no field for (namespaced extensions such as wfw:commentRss or
/// slash:comments, and rare RSS elements such as cloud or textInput), kept as written.
struct Extension {
  std::string name;   ///< "prefix:local" with the namespace's usual prefix, lower-case local name
  std::string value;  ///< trimmed text (URI-valued elements resolved)
  std::vector<std::pair<std::string, std::string>> attributes;
  std::vector<std::pair<std::string, std::string>> children;  ///< child element name, its text
};

/// A WGS84 position (GeoRSS).
struct GeoPoint {
  double lat = 0;
  double lon = 0;
};

/// A category as written: RSS <category domain>, Atom <category term scheme label>.
struct Category {
  std::string term;
  std::string scheme;
  std::string label;
};

struct Enclosure {
  std::string url;
  std::string type;
  int64_t length = 0;
};

struct FeedInfo {
  std::string title;
  std::string link;
  std::string description;
  std::string language;
  std::optional<int64_t> updated;
  std::vector<Person> authors;
  std::string image;
  std::string generator;
  int ttl_minutes = 0;  ///< RSS <ttl>, 0 when absent
  // Detail beyond the core fields.
  std::string id;                 ///< atom:id
  std::vector<std::string> tags;  ///< label or term of each category, deduplicated
  std::vector<Category> categories;
  std::vector<Link> links;
  std::vector<Person> contributors;
  std::string rights;
  std::string icon;
  TextInfo title_info;
  TextInfo description_info;
  TextInfo rights_info;
  Person publisher;  ///< dc:publisher, RSS webMaster
  std::optional<int64_t> published;
  std::optional<int64_t> created;
  std::string feed_url;  ///< the feed's own address (rel="self", JSON Feed feed_url)
  std::string generator_uri;
  std::string generator_version;
  std::string info;  ///< Atom 0.3 <info> (plain text)
  TextInfo info_info;
  std::string docs;  ///< RSS <docs> URL
  std::string
      new_location;  ///< where the feed moved (<redirect><newLocation>, itunes:new-feed-url)
  std::optional<bool> itunes_explicit;  ///< itunes:explicit yes/explicit/true or clean/no/false
  bool itunes_block = false;            ///< itunes:block yes
  DateText dates;                       ///< published/updated/created as written
  std::vector<Extension> extensions;    ///< elements without a field of their own
};

struct FeedEntry {
  std::string id;                    ///< GUID, else link, else a content hash
  std::string title;                 ///< plain text
  std::string link;                  ///< absolute URL of the article page
  std::optional<int64_t> published;  ///< Unix seconds, UTC
  std::optional<int64_t> updated;    ///< Unix seconds, UTC
  std::vector<Person> authors;
  std::vector<std::string> tags;
  std::string summary;       ///< plain text of description/summary
  std::string content;       ///< plain text of content:encoded / atom:content
  std::string summary_html;  ///< original markup, never rendered
  std::string content_html;  ///< original markup, never rendered
  std::vector<Enclosure> enclosures;
  // Detail beyond the core fields, for faithful conversion and conformance checks.
  std::vector<Link> links;
  std::vector<Person> contributors;
  std::vector<Category> categories;  ///< `tags` with scheme and label
  TextInfo title_info;               ///< html: the title's markup
  TextInfo summary_info;             ///< html left empty: see summary_html
  TextInfo content_info;             ///< html left empty: see content_html
  TextInfo rights_info;
  std::string language;  ///< xml:lang in force on the entry
  std::string comments;  ///< RSS <comments> URL
  std::string rights;
  std::string image;  ///< a thumbnail (media:thumbnail, itunes:image, JSON Feed image)
  std::optional<int64_t> created;
  std::optional<int64_t> expired;
  Person publisher;
  DateText dates;               ///< the dates as written
  bool link_from_guid = false;  ///< `link` was taken from a permalink GUID
  /// `link` names one part (#fragment) of a page that other entries link other parts of (the
  /// posts of a day's page, a live blog's updates): the entry is the story, not the page.
  bool anchored = false;
  std::optional<bool> itunes_explicit;
  bool itunes_block = false;
  std::string itunes_duration;
  std::vector<Extension> extensions;
  bool has_geo = false;           ///< a GeoRSS/GML element was present
  std::optional<GeoPoint> point;  ///< its position, when it was a valid point
  /// The feed an aggregated entry came from (atom:source, RSS <source>); shared and rarely set,
  /// so entries stay small.
  std::shared_ptr<const FeedInfo> source;
};

struct ParsedFeed {
  FeedInfo feed;
  std::vector<FeedEntry> entries;
  std::string version;      ///< "rss20", "rss10", "rss090", "atom10", "atom03", "json11", ...
  std::string encoding;     ///< the character set the bytes were decoded from
  bool well_formed = true;  ///< false when the parser had to recover
  std::string error;        ///< what was wrong when !well_formed
};

struct FeedParseOptions {
  std::string url;               ///< where the bytes came from: base for relative links
  std::string content_type;      ///< HTTP Content-Type header, for its charset
  std::string content_language;  ///< HTTP Content-Language: the default xml:lang
  /// A fetched feed's Content-Language, as crawls pass it: its first tag says which number is
  /// the day in a date written "05/03/2026" when the feed names no language of its own. It is
  /// not the feed's language: a server's site-wide default would overrule what the articles'
  /// own text says they are written in.
  std::string fallback_language;
};

/// Largest input parse_feed and parse_opml accept (bytes); more is refused with kBadInput.
constexpr size_t kMaxFeedBytes = 32u << 20;
/// Entries kept from one feed; later ones are dropped (and `error` says so). With the per-entry
/// list caps below, this bounds memory whatever the document repeats.
constexpr size_t kMaxFeedEntries = 20000;
/// Authors, tags, categories, links and enclosures kept per entry (and per feed).
constexpr size_t kMaxEntryListItems = 256;

/// Parses feed bytes (XML or JSON Feed). Fails only when nothing feed-like can be recovered.
Result<ParsedFeed> parse_feed(std::string_view bytes, const FeedParseOptions& options = {});

/// For each entry, whether another entry of the same document links the same page and is newer
/// (by publication date, else update date; when neither tells, the one earlier in the document,
/// as feeds list their newest first). One page is one story, and the newest entry names it: a
/// daily "Deals" page under a new GUID each day was stored with the oldest entry's text.
std::vector<bool> superseded_entries(const std::vector<FeedEntry>& entries);

/// The JSON of schemas/feed.schema.json; always valid UTF-8. indent < 0: one line.
std::string feed_to_json(const ParsedFeed& feed, int indent = -1);
/// The same JSON written to `out` one entry at a time (a big feed's text is not held twice).
void write_feed_json(std::ostream& out, const ParsedFeed& feed, int indent = -1);

/// One subscription from an OPML file; nested outline titles become tags.
struct OpmlOutline {
  std::string title;
  std::string xml_url;
  std::string html_url;
  std::vector<std::string> tags;
  /// byline's own `byline:fullText` attribute ("always", "auto", "never"; empty: not given),
  /// so `feeds export` then `feeds import` keeps each subscription's setting.
  std::string full_text;
};

/// Feed outlines (those with an xmlUrl) that parse_opml left out of a hostile or huge document,
/// counted so that a caller can say so.
struct OpmlDropped {
  size_t too_deep = 0;  ///< nested more than kMaxOpmlDepth outlines deep
  size_t past_cap = 0;  ///< after the first 1,000,000 XML elements (counted, not parsed)
  /// Outlines that name a web page and no feed (type="link" with a url, or an htmlUrl alone).
  size_t links = 0;
  size_t includes = 0;  ///< type="include" outlines: another OPML list, not read from here
};
/// Outline nesting parse_opml reads; deeper outlines are left out (and counted).
constexpr int kMaxOpmlDepth = 64;

/// `dropped`, when given, receives what was left out.
Result<std::vector<OpmlOutline>> parse_opml(std::string_view bytes, OpmlDropped* dropped = nullptr);
/// One warning line for each kind of outline `dropped` counts; none when nothing was left out.
std::vector<std::string> opml_dropped_warnings(const OpmlDropped& dropped);
/// The same, and a line saying the document holds no feed when `feeds_read` is 0 (an empty
/// list, a file with no <body>, or one of links only), which would otherwise import nothing
/// without a word.
std::vector<std::string> opml_dropped_warnings(const OpmlDropped& dropped, size_t feeds_read);
/// A tag as parse_opml reads one from a folder's name or a category: white space collapsed, a
/// leading '/' dropped (a category path's root). Empty: no tag. write_opml lists the tags after
/// the first in `category`, separated by commas, so a tag with a comma comes back as several.
std::string opml_tag(std::string_view tag);
std::string write_opml(const std::vector<OpmlOutline>& feeds, std::string_view title = "byline");

}  // namespace byline
