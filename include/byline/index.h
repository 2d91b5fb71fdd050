// byline/index.h: the writable article index (one Xapian database, one writer at a time).
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "byline/article.h"
#include "byline/status.h"

namespace byline {

struct IndexOptions {
  bool wait_for_lock = false;  ///< block until another writer leaves instead of failing
  bool create = true;          ///< create the index when it does not exist
  /// With wait_for_lock: the wait ends, and open() fails with kInterrupted, once this is set
  /// (by a stop signal's handler, say). Null: the wait ends only when the lock is had.
  const std::atomic<bool>* cancel = nullptr;
  /// With wait_for_lock: seconds the wait may last, 0 for no bound; then open() fails with
  /// kIndexLocked (a scheduled run must not queue for ever behind a writer that stays).
  double wait_seconds = 0;
  /// commit() refuses to start (kNoSpace, "the disk is nearly full", the changes kept
  /// for another commit()) while the disk holding the index has less free space than this plus
  /// 8 times the staged text (an index takes some 5 times its text). Xapian 1.4 can end the
  /// process (std::terminate) when the disk fills during a commit, so none is started without
  /// room. 0: no check.
  uint64_t commit_reserve_bytes = 32u << 20;
};

/// What add() did with an article.
enum class AddOutcome { kAdded, kUpdated, kUnchanged };

/// What IndexWriter::compact() did.
struct CompactStats {
  uint64_t bytes_before = 0;
  uint64_t bytes_after = 0;
  uint64_t articles = 0;
};

/// What rebuild_index() did.
struct RebuildStats {
  uint64_t articles = 0;       ///< articles in the rebuilt index
  std::string stemmer_before;  ///< the old index's byline.stemmer ("english", "by-language")
  std::string stemmer_after;
  uint64_t bytes_before = 0;
  uint64_t bytes_after = 0;
};

/// An article analysed for indexing (terms, values, stored data), ready for IndexWriter::add().
/// Making one touches no index, so several can be made at once on different threads while the
/// single writer stays on one.
class PreparedArticle {
 public:
  /// Sets article.id (from the canonical URL, else the text) and analyses the article.
  explicit PreparedArticle(Article article);
  ~PreparedArticle();
  /// A moved-from PreparedArticle holds no article: article() is empty, IndexWriter::add()
  /// refuses it (kUsage) and IndexLookup::look_up() skips it.
  PreparedArticle(PreparedArticle&&) noexcept;
  PreparedArticle& operator=(PreparedArticle&&) noexcept;
  const Article& article() const;
  /// About the memory it holds: the article, and the terms, positions and record made of it
  /// (some 6-8 times the text of a long article). A crawl bounds what it holds by it.
  size_t memory_bytes() const;

 private:
  friend class IndexWriter;
  friend class IndexLookup;
  friend Result<RebuildStats> rebuild_index(
      const std::string&, const IndexOptions&, const std::atomic<bool>*,
      const std::function<void(uint64_t done, uint64_t total)>&);
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// The index as of its last commit, for the look-ups add() needs (is the article's story already
/// indexed, by id or URL; which documents share its SimHash bands) made on a preparing thread, so
/// the single writer only checks its batches since. One per thread; see IndexWriter::lookup().
class IndexLookup {
 public:
  ~IndexLookup();
  IndexLookup(const IndexLookup&) = delete;
  IndexLookup& operator=(const IndexLookup&) = delete;
  /// Records what the last commit holds about `prepared`. Never fails: when the index cannot
  /// be read here, add() looks up itself.
  void look_up(PreparedArticle& prepared);

 private:
  friend class IndexWriter;
  struct Impl;
  explicit IndexLookup(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

/// Rebuilds the index at `path` with this byline's schema and stemmers: every stored article is
/// analysed again (an index an older byline made, which stems every article in English, comes
/// out stemming each in its language) into a new index beside it, the metadata (subscribed
/// feeds, their crawl state) is carried over, and the two directories are swapped in one step
/// as compact() swaps them, so searches and `serve` go on and then read the new one. The
/// index's write lock is held throughout (options.wait_for_lock waits for it first).
/// `cancel`, when set meanwhile, stops it (kInterrupted). On any failure the index is as it was:
/// kIndexCorrupt, and nothing is swapped, when a stored record cannot be read back (`byline
/// export` saves the readable ones). Needs free disk space about the size of the index.
/// `progress`, when set, is called from the calling thread after each block of articles with
/// how many were rebuilt and how many the index held when it began (a long rebuild can say how
/// far it is).
Result<RebuildStats> rebuild_index(
    const std::string& path, const IndexOptions& options = {},
    const std::atomic<bool>* cancel = nullptr,
    const std::function<void(uint64_t done, uint64_t total)>& progress = {});

/// Staged text past which writers commit, whatever the article count: the postings of a batch
/// stay in memory until its commit (64 articles of 1 MiB each in one batch took `byline index`
/// to 228 MB; committing every 16 MiB of text, 136 MB).
inline constexpr size_t kCommitTextBytes = 16u << 20;
/// Articles past which writers commit, whatever their text: Xapian holds a transaction's
/// postings in memory until its commit (a rebuild of 20,000 short articles that committed on
/// text alone peaked at 468 MB).
inline constexpr size_t kCommitArticles = 1000;

/// The single writer of an index. Changes become visible to readers at commit().
///
/// Thread-safety: one thread at a time (calls from several threads must be serialised; they
/// need not come from the same thread), except lookup(), which any thread may call.
/// PreparedArticle and IndexLookup (one per thread) carry the work that may run on many
/// threads. Writers of different indexes may run at once in one process.
///
/// After kIndexCorrupt "... cannot go on after a failed commit" (Xapian kept the failed
/// changes), every call returns it: destroy the writer and open the index again; nothing
/// committed is lost.
class IndexWriter {
 public:
  /// Opens (or creates) the index at `path`, checking its schema version. Creating it makes
  /// its missing parent directories; when they cannot be made, kIndexCorrupt says why.
  static Result<std::unique_ptr<IndexWriter>> open(const std::string& path,
                                                   const IndexOptions& options = {});
  /// Changes not committed are dropped, never half-published (Xapian would commit them on
  /// close): call commit() first to keep them.
  ~IndexWriter();
  IndexWriter(const IndexWriter&) = delete;
  IndexWriter& operator=(const IndexWriter&) = delete;

  /// Adds or replaces the article with the same id (ids derive from the canonical URL when the
  /// article has none), so indexing the same input twice adds nothing. A stored document that
  /// shares a URL with it (its canonical URL or alias_urls; ids derived from URLs on both
  /// sides; of two pages, the canonical URL of one) is the same story and is merged with it
  /// into one document: a page's text beats a feed entry's (kFeedEntryFlag), the feed's URL,
  /// tags and date are kept (schemas/index.md).
  /// Fills article.id with the id the story is stored under (a page's, when merged). kBadInput
  /// for an article with neither a title nor text, or an id over kMaxIdBytes, not UTF-8, or
  /// holding control characters (C0, DEL or C1). A published or updated date outside the years
  /// 1000-9999, or more than a day ahead, is left out.
  Result<AddOutcome> add(Article& article);
  /// Adds an article prepared beforehand (possibly on another thread); afterwards
  /// prepared.article().id is the id the story is stored under.
  Result<AddOutcome> add(PreparedArticle& prepared);
  /// A look-up view of this index for another thread (safe to call from any thread).
  Result<std::unique_ptr<IndexLookup>> lookup() const;
  /// True when an article with this id or URL is already indexed; false too when the index
  /// cannot be read (a later add() or remove() then says why).
  bool contains(std::string_view id_or_url) const;
  /// Removes the article with this id or URL (found as Searcher::get finds it: id, canonical
  /// URL, another URL it is known by, the normalised URL), at the next commit(). Returns how
  /// many documents went: 0 when none is indexed. A feed that still lists the article does
  /// not bring it back while its entry is unchanged (the feed's state remembers it as seen).
  Result<size_t> remove(std::string_view id_or_url);
  /// Removes the article stored under exactly this id, at the next commit(); 0 when none is.
  /// A removal record's (`byline export --since`): read as remove() reads it, an id gone
  /// already named another article that has it as its URL.
  Result<size_t> remove_id(std::string_view id);
  /// Removes every article published before `before` (Unix seconds), at most `at_most` of them
  /// (the first ones), at the next commit(); articles without a publication date stay. With
  /// `dry_run`, only counts them (all of them). Xapian holds a removal's changes in memory until
  /// the commit: 10,000 articles of 400 words removed at once took 1.1 GB, so a large prune
  /// removes and commits a block (kCommitArticles) at a time.
  Result<size_t> remove_published_before(int64_t before, bool dry_run = false,
                                         size_t at_most = SIZE_MAX);
  /// Makes every article that came from feed `from` (its feed_url or other_feed_urls) come
  /// from feed `to` as well, at the next commit(), so `feed:TO` finds them: a feed that moved
  /// permanently. `feed:FROM` still finds them. Returns how many articles changed.
  Result<size_t> add_feed_url(const std::string& from, const std::string& to);
  /// Commits, then rewrites the index without the free space that updates and removals leave
  /// (Xapian's compaction, ids and document numbers kept) beside it and swaps the two
  /// directories in one step (renameat2 RENAME_EXCHANGE), so readers never see a missing
  /// index; Searchers and writers that open it later follow. Needs free disk space beside it
  /// of the index's size and the commit reserve (IndexOptions::commit_reserve_bytes), checked
  /// before anything is committed or written (kNoSpace says how much). The writer goes on
  /// writing to the compacted index.
  /// `cancel`, when set meanwhile, stops it between Xapian's tables, or before the swap
  /// (kInterrupted): the index is then as it was, and the copy is removed.
  Result<CompactStats> compact(const std::atomic<bool>* cancel = nullptr);
  /// Stores a metadata value, committed with the next commit() (feed state lives here). An
  /// empty key, one longer than Xapian takes (some 250 bytes), or one of the keys the index
  /// describes itself with (byline.schema_version, byline.stemmer, byline.features) is refused
  /// with kUsage.
  Status set_metadata(const std::string& key, const std::string& value);
  /// A metadata value as this writer sees it (its uncommitted changes included), "" when unset
  /// or `key` is empty; an error (kIndexCorrupt...) when it cannot be read, never a "" that a
  /// caller would take for unset and write over.
  Result<std::string> metadata(const std::string& key) const;
  /// Makes every change since the last commit durable and visible, atomically: all of them or
  /// none. A change that fails to write (a full disk: kNoSpace, "cannot write index")
  /// drops every change since the last commit; until the next commit(), every change is
  /// refused with the same code, and that commit() returns it too, stores nothing, and lets
  /// the writer go on. So an OK from commit() always means the whole batch is stored.
  Status commit();
  /// Text (Article::text_bytes) of the articles added or replaced since the last commit. The
  /// writer holds their postings in memory until then: commit past kCommitTextBytes.
  size_t staged_text_bytes() const;

 private:
  struct Impl;
  explicit IndexWriter(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

/// The default index location: $BYLINE_DB, else $XDG_DATA_HOME/byline/index (when absolute),
/// else ~/.local/share/byline/index, else (no HOME) ".byline-index" in the working directory.
std::string default_index_path();

/// Stable id for an article URL or GUID ("b" + 16 hex digits of a hash of the canonical form).
std::string article_id_for(std::string_view url_or_guid);

/// The id of a story that is one part of a page (FeedEntry::anchored): article_id_for() of the
/// URL with its fragment kept. A URL without fragment gives article_id_for()'s id.
std::string anchored_article_id(std::string_view url);

/// The id an article gets when it has neither id nor URL: a hash of its title and text (cut as
/// limit_text() cuts them), so indexing the same text twice is idempotent.
std::string text_article_id(const Article& article);

/// The article as the index stores it: cut as limit_text() cuts it, its id (when it names none)
/// from its URL, else from its text, "en" when it names no language, and no `published` or
/// `updated` date more than a day after now. What `byline extract`
/// prints and what IndexWriter::add stores are the same this way.
void prepare_for_index(Article& article);

}  // namespace byline
