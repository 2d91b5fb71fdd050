// byline/search.h: read-only queries on an index: search, related stories, show, stats.
//
// Thread-safety: a Searcher is for one thread at a time (its calls reopen and cache); open one
// per thread (cheap), any number at once, beside the index's writer in this or another process.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "byline/article.h"
#include "byline/status.h"

namespace byline {

struct Hit {
  std::string id;  ///< our stable id, never a Xapian docid
  std::string title;
  std::string url;
  std::string source;
  std::optional<int64_t> published;
  /// Relevance, comparable only within one result list, which is in its order: BM25 for
  /// search(); for related(), the similarity less MMR's penalty for likeness to a hit above
  /// (it can fall below 0; related.md in byline's documentation, share/doc/byline).
  double score = 0;
  std::string snippet;  ///< plain text around the matched words (the lead when none is in the
                        ///< text); not escaped
  /// search(): byte ranges [first, second) of `snippet` that are words of the query, in order
  /// (the JSON's "highlights" count code points instead, for JavaScript and Python strings),
  /// as the index reads them (folded: "Straße" for `strasse`; Thai words too); none where the
  /// snippet is the lead.
  std::vector<std::pair<uint32_t, uint32_t>> highlights;
  std::vector<std::string> why;  ///< related(): shared terms and entities
  /// search(): other syndicated copies of this story that matched and were left out for it
  /// (SearchOptions::collapse_copies; Xapian counts at least these, perhaps not all).
  uint32_t copies = 0;
};

/// Most bytes of a query's text.
inline constexpr size_t kMaxQueryBytes = 16 * 1024;
/// Most terms a query may search for, a wildcard counting as its most terms (Lucene's clause
/// limit is the same 1024). Past either cap the query is refused as a bad query.
inline constexpr size_t kMaxQueryTerms = 1024;
/// A wildcard ("chip*") searches for at most this many of its completions, the most frequent.
inline constexpr unsigned kMaxWildcardTerms = 100;

/// An index served over the network (Searcher::open(paths), `tcp://HOST:PORT`) must connect
/// within this time and answer each request within the next.
inline constexpr unsigned kRemoteConnectTimeoutMs = 5000;
inline constexpr unsigned kRemoteTimeoutMs = 10000;

/// Whether `path` names an index served over the network (`tcp://...`), not a directory.
inline bool is_remote_index(std::string_view path) { return path.rfind("tcp://", 0) == 0; }

/// Order of search() results.
enum class SearchOrder {
  kRelevance,  ///< best match first (BM25)
  kNewest,     ///< latest publication date first; undated articles last
  kOldest,     ///< earliest publication date first; undated articles last
};

struct SearchOptions {
  int limit = 10;  ///< hits returned: 0 to 10,000 (outside, the nearer end)
  int offset = 0;  ///< hits skipped first (0 when negative)
  /// By date, equal dates (and the undated) in relevance order; Hit::score stays the relevance.
  SearchOrder order = SearchOrder::kRelevance;  ///< one outside the enum: kUsage
  /// One hit per group of syndicated copies (the first in `order`); Hit::copies counts the rest.
  bool collapse_copies = true;
  /// When above 0: SearchResults::sources holds up to this many of the matches' sources, with
  /// their counts (every match is then examined, not only the first page's); at most 10,000.
  int facets = 0;
  /// Words side by side are all required. When no article has all of them, the articles with
  /// some are returned instead, most and rarest words first (SearchResults::some_words says
  /// so): a question typed as a sentence found nothing. True returns none then.
  bool all_words = false;
};

/// A value of a field among a search's matches, and how many matches have it.
struct Facet {
  std::string value;
  uint64_t count = 0;
};

struct SearchResults {
  uint64_t total_estimate = 0;
  std::vector<Hit> hits;
  /// What the query said that byline read otherwise than it may seem ("`titel:` is not a
  /// field..."), one line each; the search ran all the same.
  std::vector<std::string> warnings;
  /// SearchOptions::facets: the sources (Article::source()) of the matches, most matches first
  /// (ties by name). Every match counts, collapsed copies too: each is its own source's, and a
  /// `source:` filter finds it. Over several local indexes an article stored in more than one
  /// counts once (a remote index's matches count as each index holds them).
  std::vector<Facet> sources;
  /// "Did you mean": the query with each word that no article has replaced by the indexed
  /// word nearest to it (one edit for words of 3-5 characters, two from 6; the word in most
  /// articles among equals); empty when every word is known or none is near. The results are
  /// those of the query as given.
  std::string suggestion;
  /// No article had every word side by side (SearchOptions::all_words): these have some.
  bool some_words = false;
};

struct RelatedOptions {
  /// Most stories returned, up to 10,000 (a larger one is read as 10,000); fewer only when
  /// fewer share a word or entity with the article (0: none). A negative one makes related()
  /// fail with kUsage, as a negative count below.
  int limit = 10;
  /// Weight of a soft prior that favours stories published near the query article (0: off):
  /// scores are multiplied by 1 + time_prior / (1 + days apart / time_scale_days).
  double time_prior = 1.0;
  /// Stories in another language than the article's (by primary subtag: "de" and "de-AT" are
  /// one) are left out, as a news site's box lists its own language; true lists them too.
  bool any_language = false;

  // Ranking knobs. Their defaults are the values byline's evaluation on a story-labelled set
  // justifies (related.md in share/doc/byline); apps rarely need to change them. A value out of
  // range (NaN, an infinity, a negative weight or count, a share outside (0, 1], mmr_lambda outside
  // [0, 1]) makes related() fail with kUsage, naming it.
  int candidates = 40;   ///< documents re-ranked after the first (BM25) pass
  int rescore = 20;      ///< of those, the best by a cheap cosine get the exact one
  int query_terms = 40;  ///< the article's most distinctive terms in the first-pass query
  double max_df = 0.5;   ///< terms in more than this share of documents are ignored
  /// First-pass terms are taken among those in at most this share of documents: a common word
  /// brings no candidate a rarer one misses, and its long postlist is most of the pass's cost.
  double first_pass_max_df = 0.05;
  double entity_weight = 1.5;  ///< weight of an entity term relative to a word
  double title_weight = 1.0;   ///< weight of a title word (on top of its count as a word)
  double feedback = 0.5;     ///< pseudo-relevance feedback: weight of the top candidates' centroid
  int feedback_docs = 3;     ///< how many top candidates form that centroid
  double mmr_lambda = 0.85;  ///< 1: pure relevance; lower: more diversity
  double time_scale_days = 30;  ///< the prior's bonus halves at this many days apart
};

/// One of the indexes a Searcher reads, as IndexStats lists them.
struct IndexPart {
  std::string path;  ///< a directory, or tcp://HOST:PORT
  uint64_t articles = 0;
  uint64_t size_bytes = 0;  ///< 0 for an index served over the network (not known here)
  /// What an older byline made the index with that `byline rebuild` would bring up to date
  /// (its stemmer, how it reads words, how it grouped copies), one phrase each; empty when
  /// nothing (schemas/index.md, byline.features).
  std::vector<std::string> outdated;
  /// An item of `outdated` changes which articles a search finds (the stemmer, the folding);
  /// copy groups alone make a rebuild optional.
  bool rebuild_advised = false;
};

/// Counts over every index the Searcher reads. An article (an id) stored in two of them counts
/// once in `articles`, and in each index's own count in `indexes`.
struct IndexStats {
  uint64_t articles = 0;
  uint64_t sources = 0;
  uint64_t feeds = 0;
  std::optional<int64_t> oldest;
  std::optional<int64_t> newest;
  /// When a stored record was last written (added or changed; a removal leaves it as it was);
  /// none for an index no byline that keeps this time has written to since. A scheduled crawl
  /// that stalls shows here.
  std::optional<int64_t> last_indexed;
  std::string schema_version;
  std::string path;  ///< the first index's
  uint64_t size_bytes = 0;
  std::vector<IndexPart> indexes;  ///< each index, in the order opened (one unless several)
};

/// One page of the stored articles, in the order they were indexed (Searcher::articles()).
struct ArticlePage {
  std::vector<Article> articles;
  /// Where the next page starts: pass it to articles(); 0 when there is none.
  uint64_t next = 0;
  /// Records on this page that could not be read back (damaged data), left out.
  int unreadable = 0;
  /// On the first page of a query's articles: what search() would warn of the query.
  std::vector<std::string> warnings;
};

/// One page of the removals an index remembers (Searcher::removed()).
struct RemovalPage {
  std::vector<Removal> removals;
  /// Where the next page starts: pass it to removed(); "" when there is none.
  std::string next;
};

/// A reader of an index. Cheap to keep open; reopens by itself when a writer has committed.
/// One thread at a time: calls from several threads on one Searcher must be serialised.
class Searcher {
 public:
  /// Opens the index directory at `path`: kNotFound when there is no index there,
  /// kIndexCorrupt when it is not a directory or may not be read, kIndexVersion when it is
  /// another program's Xapian database or a newer byline's. An index a writer has created but
  /// not yet committed to opens empty.
  static Result<std::unique_ptr<Searcher>> open(const std::string& path);
  /// Opens several indexes as one (Xapian's sharded database): an archive index per year and
  /// the one a crawl writes to, say. Searches and related stories rank over all of them as if
  /// they were one index (the same hits, scores and order; a wildcard's hits in another order,
  /// as Xapian 1.4 weighs its expansion per index, and a snippet may be another passage with
  /// the same words); copies of a story stored in two indexes are one hit when they have the
  /// same id or copy group (copies are grouped as each index is written).
  /// A path may be `tcp://HOST:PORT`, an index served by Xapian's `xapian-tcpsrv` on another
  /// machine (kNetwork when it cannot be reached or stops answering within
  /// kRemoteTimeoutMs; Xapian's client then writes to a closed socket: ignore SIGPIPE, as the
  /// executable does, or that ends the process). A connection found broken is made again, at
  /// once or at the next call: a server restarted is read again without a new Searcher. Each index
  /// is checked as open(path) checks it; kUsage when `paths` is empty or names one index twice,
  /// kIndexVersion when their stemmers differ. metadata() reads the first.
  static Result<std::unique_ptr<Searcher>> open(const std::vector<std::string>& paths);
  ~Searcher();
  Searcher(const Searcher&) = delete;
  Searcher& operator=(const Searcher&) = delete;

  /// Full-text search. Query syntax: words, "phrases", AND/OR/NOT, and the prefixes listed in
  /// schemas/index.md (title:, author:, source:, tag:, section:, entity:, site:, lang:, id:,
  /// url:, feed:, date:, indexed:).
  Result<SearchResults> search(const std::string& query, const SearchOptions& options = {});
  /// Stories related to an indexed article, by id or URL.
  Result<std::vector<Hit>> related(const std::string& id_or_url,
                                   const RelatedOptions& options = {});
  /// Stories related to an article that is not in the index (analysed on the fly, not added).
  Result<std::vector<Hit>> related(const Article& article, const RelatedOptions& options = {});
  /// The stored article with this id or URL.
  Result<Article> get(const std::string& id_or_url);
  /// The named entities stored with that article (people, companies, products...), most
  /// mentioned first: what related() matches besides words.
  Result<std::vector<std::string>> entities(const std::string& id_or_url);
  Result<IndexStats> stats();
  /// How many stored articles were published before `before` (Unix seconds), each index's
  /// counted: what IndexWriter::remove_published_before() would remove (`byline prune
  /// --dry-run`), read without the write lock, so beside a writer and on a read-only disk.
  Result<size_t> published_before(int64_t before);
  /// Up to `limit` (1 to 10,000; outside, kUsage) stored articles from `cursor` on (0: the
  /// first), fewer when their text passes 16 MiB, as records `byline index` reads again: what
  /// `byline export` writes. Index by index in the order opened, each in the order its articles
  /// were indexed; an article stored in two of them comes once, from the first. Beside a writer, an
  /// article added meanwhile comes on a later page and one removed does not come. With a `query`
  /// (search()'s syntax: `date:2026-10..`, `source:"The Verge"`, words), only the articles it
  /// matches, in the same order (kBadQuery as search() gives it); a story in two indexes comes from
  /// the first that holds it and where it matches. A cursor is good for the indexes and the query
  /// that gave it: another's is kUsage.
  Result<ArticlePage> articles(uint64_t cursor, int limit, const std::string& query = "");
  /// Up to `limit` (1 to 10,000; outside, kUsage) of the articles removed at `since` (Unix
  /// seconds) or later that none of the indexes holds again, in the order of their ids, from
  /// `after` (the `next` of the page before; "" for the first): with articles(`indexed:` since
  /// then), what a mirror needs to follow the index (`byline export --since`). An id removed from
  /// two of the indexes comes once, with the later time. Removals are remembered from this version
  /// on, and kept: each takes some 40 bytes.
  Result<RemovalPage> removed(int64_t since, const std::string& after = "", int limit = 1000);
  /// A metadata value of the (first) index as of the latest commit, "" when unset or `key` is empty
  /// (byline's keys are listed in schemas/index.md). Read-only: works while a writer holds the
  /// index.
  Result<std::string> metadata(const std::string& key);

 private:
  struct Impl;
  explicit Searcher(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace byline
