#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <filesystem>
#include <functional>
#include <optional>
#include <set>
#include <sstream>
#include <thread>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "byline/article_json.h"
#include "byline/extract.h"
#include "byline/index.h"
#include "byline/search.h"
#include "common/datetime.h"
#include "common/parallel.h"
#include "common/text.h"
#include "common/url_resolve.h"
#include "indexer/analyzer.h"
#include "indexer/schema.h"
#include "indexer/simhash.h"
#include "indexer/xapian_status.h"

namespace byline {

// Canonical form of a URL for identity: scheme and host lower-cased, fragment and tracking
// parameters dropped, so the same story reached through two feeds gets one id.
std::string canonical_for_id(std::string_view raw) {
  std::string s = collapse_whitespace(raw);
  if (const size_t hash = s.find('#'); hash != std::string::npos) s.resize(hash);
  const size_t scheme = s.find("://");
  if (scheme == std::string::npos) return s;
  // A link written with "é" or a space names the page a browser requests as %C3%A9, %20.
  s = percent_encode_url(s);
  const size_t path = s.find_first_of("/?", scheme + 3);
  const std::string head = to_lower_ascii(s.substr(0, path));
  std::string tail = path == std::string::npos
                         ? ""
                         : drop_tracking_parameters(std::string_view(s).substr(path), false);
  if (tail.empty()) tail = "/";
  return head + tail;
}

namespace {
std::string id_from_hash(uint64_t h) {
  static const char kHex[] = "0123456789abcdef";
  std::string id = "b";
  for (int i = 15; i >= 0; --i) id += kHex[(h >> (i * 4)) & 0xF];
  return id;
}
}  // namespace

std::string article_id_for(std::string_view url_or_guid) {
  return id_from_hash(fnv1a64(canonical_for_id(url_or_guid)));
}

std::string anchored_article_id(std::string_view url) {
  const size_t hash = url.find('#');
  if (hash == std::string_view::npos || hash + 1 == url.size()) return article_id_for(url);
  return id_from_hash(fnv1a64(canonical_for_id(url.substr(0, hash)) + "#" +
                              percent_encode_url(collapse_whitespace(url.substr(hash + 1)))));
}

std::string text_article_id(const Article& article) {
  // Not through canonical_for_id: a text is no URL, and reading it as one cut it at its first
  // "#", so two texts alike up to a hashtag shared an id and the second replaced the first.
  return id_from_hash(
      fnv1a64(collapse_whitespace("text:" + article.title + "\n" + article.body())));
}

namespace {

// Remembers that the article stored as `did` leaves the index now (kMetaRemovedPrefix), so a
// mirror that follows the index by `byline export --since` removes it too; `keep_id`, the id
// of the story it is merged into, is no removal.
void remember_removal(Xapian::WritableDatabase& db, Xapian::docid did,
                      std::string_view keep_id = {}) {
  auto t = db.termlist_begin(did);
  t.skip_to("Q");
  if (t == db.termlist_end(did) || !(*t).starts_with('Q')) return;
  const std::string id = (*t).substr(1);
  if (id != keep_id)
    db.set_metadata(std::string(schema::kMetaRemovedPrefix) + id, std::to_string(unix_now()));
}

void delete_and_remember(Xapian::WritableDatabase& db, Xapian::docid did,
                         std::string_view keep_id = {}) {
  remember_removal(db, did, keep_id);
  db.delete_document(did);
}

// Stories are found by URL only between articles whose id byline derived from the URL: an id
// an application chose (a JSON record's) is that record's identity, whatever its URL says.
bool id_follows_url(const Article& a) { return !a.url.empty() && a.id == article_id_for(a.url); }

bool is_feed_entry(const Article& a) {
  return std::find(a.flags.begin(), a.flags.end(), kFeedEntryFlag) != a.flags.end();
}

// Completes `story` with what `other`, another record of the same story, adds, and says
// whether anything changed. Every URL of `other` becomes an alias. The feed's part (its URL,
// the tags, a publication date `story` lacks) comes from a feed entry merged into a page, and
// from an older record that came through a feed when `story` did not (a crawled page indexed
// again from a file); otherwise `story`, the newer record, stands as it is. `other_is_stored`:
// `other` is the indexed record (and `story` the one being added).
bool complete_story(Article& story, const Article& other, bool other_is_stored) {
  bool changed = false;
  auto alias = [&](const std::string& url) {
    if (url.empty() || url == story.url ||
        std::find(story.alias_urls.begin(), story.alias_urls.end(), url) != story.alias_urls.end())
      return;
    story.alias_urls.push_back(url);
    changed = true;
  };
  if (other_is_stored) {
    // The stored record's URLs first, in its order, then the new record's own: the same page
    // read from two paths in turn was "updated" each time, its aliases swapping places (audit,
    // session 44).
    const std::vector<std::string> own = std::move(story.alias_urls);
    story.alias_urls.clear();
    alias(other.url);
    for (const auto& u : other.alias_urls) alias(u);
    for (const auto& u : own) alias(u);
    // Past the cap the oldest go, not the one just read from (`show PATH` must find it).
    if (story.alias_urls.size() > kMaxAliasUrls)
      story.alias_urls.erase(story.alias_urls.begin(),
                             story.alias_urls.end() - static_cast<std::ptrdiff_t>(kMaxAliasUrls));
    changed = story.alias_urls != own;
  } else {
    alias(other.url);
    for (const auto& u : other.alias_urls) alias(u);
  }
  // Two records that both came through feeds: the story keeps every feed's tags (a story two
  // subscriptions carry has both's), and the feed it was first stored from (a crawl stores
  // feeds in no set order).
  if (!story.feed_url.empty() && !other.feed_url.empty()) {
    Article probe;
    probe.tags = story.tags;
    if (!add_tags(probe, other.tags)) {
      // The new record has every stored tag already (an export of the merged story, indexed
      // into a mirror that holds one part of it): its order stands, or the mirror's record
      // would differ from the one exported.
    } else if (other_is_stored) {
      // The stored tags first, so the same page from either feed again is the same record.
      std::vector<std::string> tags = other.tags;
      std::swap(tags, story.tags);
      add_tags(story, tags);
      if (story.tags != tags) changed = true;
    } else if (add_tags(story, other.tags)) {
      changed = true;
    }
    // Every feed that carries it, so `feed:` of any finds the story: the stored record's
    // first, in the order they came.
    const Article& first = other_is_stored ? other : story;
    const Article& second = other_is_stored ? story : other;
    std::vector<std::string> feeds{first.feed_url};
    feeds.insert(feeds.end(), first.other_feed_urls.begin(), first.other_feed_urls.end());
    feeds.push_back(second.feed_url);
    feeds.insert(feeds.end(), second.other_feed_urls.begin(), second.other_feed_urls.end());
    std::vector<std::string> others;
    for (auto& f : feeds)
      if (f != feeds.front() && std::find(others.begin(), others.end(), f) == others.end() &&
          others.size() < kMaxOtherFeeds)
        others.push_back(f);
    if (story.feed_url != feeds.front() || story.other_feed_urls != others) {
      story.feed_url = feeds.front();
      story.other_feed_urls = std::move(others);
      changed = true;
    }
    return changed;
  }
  const bool feed_part = (is_feed_entry(other) && !is_feed_entry(story)) ||
                         (story.feed_url.empty() && !other.feed_url.empty());
  if (!feed_part) return changed;
  if (story.feed_url.empty() && !other.feed_url.empty()) {
    story.feed_url = other.feed_url;
    story.other_feed_urls = other.other_feed_urls;
    changed = true;
  }
  if (add_tags(story, other.tags)) changed = true;
  if ((!story.published || (guessed_published_source(story.published_source) &&
                            !guessed_published_source(other.published_source))) &&
      other.published &&
      (story.published != other.published || story.published_source != other.published_source)) {
    story.published = other.published;
    story.published_source = other.published_source;
    changed = true;
  }
  return changed;
}

// The Article a stored document holds (its data is the record, schemas/index.md); nullopt when
// it cannot be read back.
std::optional<Article> stored_article(const std::string& data) {
  auto a = article_from_json(data);
  if (!a.ok()) return std::nullopt;
  return std::move(*a);
}

}  // namespace

std::string default_index_path() {
  if (const char* db = std::getenv("BYLINE_DB"); db && *db) return db;
  // "/" (a service's HOME) gave "//.local/...": a directory's trailing slashes go.
  auto under = [](std::string dir, const char* rest) {
    while (dir.size() > 1 && dir.back() == '/') dir.pop_back();
    return (dir == "/" ? "" : dir) + rest;
  };
  // A relative XDG_DATA_HOME is to be ignored (XDG Base Directory specification).
  if (const char* xdg = std::getenv("XDG_DATA_HOME"); xdg && *xdg == '/')
    return under(xdg, "/byline/index");
  if (const char* home = std::getenv("HOME"); home && *home)
    return under(home, "/.local/share/byline/index");
  return ".byline-index";
}

// A stored document of the story being added: found by its id, or by one of its URLs.
struct StoredStory {
  Xapian::docid did;
  std::string data;
  std::string group;  // its copy group
  bool by_id;         // found by the article's id (else by a URL only)
};

// What the last commit holds about an article: the documents of its story, if any, and the
// documents that share one of its SimHash bands. Read by IndexLookup on a preparing thread, or
// by add() itself.
struct CommittedFacts {
  uint64_t commits = 0;  // the reader had seen at least this many of the writer's commits
  std::vector<StoredStory> stories;  // the one found by id first
  struct Neighbour {
    Xapian::docid did;
    uint64_t simhash;
    std::string group;
    std::optional<MinHash> minhash;
  };
  std::vector<Neighbour> near;
};

namespace {

// Documents read per URL term at most: with URL-derived ids few share one, and a hostile index
// must not make one add read thousands.
constexpr size_t kMaxStoriesPerTerm = 8;
// Near-duplicate candidates read per SimHash band (read_committed()).
constexpr size_t kMaxNearPerBand = 64;

void note_story(std::vector<StoredStory>& stories, Xapian::docid did, bool by_id,
                const std::function<Xapian::Document(Xapian::docid)>& read) {
  for (StoredStory& s : stories)
    if (s.did == did) {
      s.by_id |= by_id;
      return;
    }
  const Xapian::Document doc = read(did);
  stories.push_back({did, doc.get_data(), doc.get_value(schema::kSlotCopyGroup), by_id});
}

CommittedFacts read_committed(Xapian::Database& db, const std::string& id,
                              const std::vector<std::string>& url_terms, bool fingerprinted,
                              uint64_t simhash, uint64_t commits) {
  CommittedFacts f;
  f.commits = commits;
  auto read = [&db](Xapian::docid did) { return db.get_document(did); };
  const std::string idterm = "Q" + id;
  if (auto it = db.postlist_begin(idterm); it != db.postlist_end(idterm))
    note_story(f.stories, *it, true, read);
  for (const std::string& term : url_terms) {
    size_t n = 0;
    for (auto it = db.postlist_begin(term); it != db.postlist_end(term) && n < kMaxStoriesPerTerm;
         ++it, ++n)
      note_story(f.stories, *it, false, read);
  }
  auto is_story = [&f](Xapian::docid did) {
    return std::any_of(f.stories.begin(), f.stories.end(),
                       [did](const StoredStory& s) { return s.did == did; });
  };
  if (!fingerprinted) return f;
  // The bands' first documents only: a family of thousands of templated stories shares its
  // bands, and reading every member for every new one made indexing them quadratic (20,000
  // took 109 s, 10 s now: as long as 20,000 unrelated ones; bench/index_families.sh). The
  // oldest members come first and carry the group the family joined, so the new one joins it.
  std::vector<Xapian::docid> candidates;
  for (const auto& band : simhash_band_terms(simhash)) {
    size_t n = 0;
    for (auto p = db.postlist_begin(band); p != db.postlist_end(band) && n < kMaxNearPerBand;
         ++p, ++n)
      if (!is_story(*p)) candidates.push_back(*p);
  }
  if (candidates.empty()) return f;
  std::sort(candidates.begin(), candidates.end());
  candidates.erase(std::unique(candidates.begin(), candidates.end()), candidates.end());
  // Their values read from the value streams in document order, not document by document.
  Xapian::ValueIterator hash = db.valuestream_begin(schema::kSlotSimHash);
  Xapian::ValueIterator group = db.valuestream_begin(schema::kSlotCopyGroup);
  Xapian::ValueIterator mins = db.valuestream_begin(schema::kSlotMinHash);
  const Xapian::ValueIterator hash_end = db.valuestream_end(schema::kSlotSimHash);
  const Xapian::ValueIterator group_end = db.valuestream_end(schema::kSlotCopyGroup);
  const Xapian::ValueIterator mins_end = db.valuestream_end(schema::kSlotMinHash);
  auto value_at = [](Xapian::ValueIterator& it, const Xapian::ValueIterator& end,
                     Xapian::docid did) {
    if (it != end) it.skip_to(did);
    return it != end && it.get_docid() == did ? *it : std::string();
  };
  // Only a band's partners within 3 bits are copies; only theirs are read further.
  for (Xapian::docid did : candidates)
    if (const uint64_t other = decode_u64(value_at(hash, hash_end, did));
        hamming_distance(other, simhash) <= kNearDuplicateBits)
      f.near.push_back({did, other, value_at(group, group_end, did),
                        decode_minhash(value_at(mins, mins_end, did))});
  return f;
}

}  // namespace

struct IndexWriter::Impl {
  std::string path;
  // byline.stemmer: how this index stems (an index made before languages were told apart
  // keeps English for every article, so that its old terms and new ones agree).
  std::string stem_mode = std::string(schema::kStemByLanguage);
  // How byline.features says its words are read (an older index keeps its way).
  Folding folding = kNewestFolding;
  uint64_t commit_reserve = 0;  // IndexOptions::commit_reserve_bytes
  Xapian::WritableDatabase db;
  // Look-ups (an article's id, its SimHash bands) read a commit through a reader and the batches
  // since then from the tables below, never the writer: a postlist opened on the writer first
  // flushes that term's pending postings into the tables, once per article.
  Xapian::Database committed;
  // Commits made so far; IndexLookup readers on other threads compare it to what they have seen.
  std::shared_ptr<std::atomic<uint64_t>> commits = std::make_shared<std::atomic<uint64_t>>(0);
  // Compactions made so far: a reader of the directory before one must open the index anew.
  std::shared_ptr<std::atomic<uint64_t>> generation = std::make_shared<std::atomic<uint64_t>>(0);
  struct BatchDoc {
    uint64_t simhash;
    std::string group;
    Xapian::docid did;
    std::optional<MinHash> minhash;
  };
  // The changes of one commit (the last one is still open).
  struct Batch {
    uint64_t number;                                     // this batch becomes commit `number`
    std::unordered_map<std::string, Xapian::docid> ids;  // article id -> docid
    // U and XURL terms of documents with URL-derived ids -> docid (story_url_terms()).
    std::unordered_map<std::string, Xapian::docid> urls;
    std::unordered_set<Xapian::docid> written;  // added or replaced: its commit data is stale
    std::unordered_set<Xapian::docid> gone;     // merged into another document and deleted
    std::vector<BatchDoc> docs;
    std::unordered_multimap<std::string, size_t> bands;  // band term -> docs index
  };
  // The open batch and the last few committed ones, for facts read on a slightly older commit.
  static constexpr size_t kKeptBatches = 8;
  size_t staged_text = 0;  // since the last commit
  std::deque<Batch> batches{Batch{1, {}, {}, {}, {}, {}, {}}};
  // Set when no transaction could be started again after a failed commit: changes made then
  // would be published by close(), one at a time, so the writer takes none.
  Status broken;
  // Set when a write failed (a full disk) and the batch was dropped: every change until the
  // next commit() is refused, and that commit() returns it. Adds that went on returned OK for
  // articles a commit then left out (the ones before the failure), and commit() said OK.
  Status dropped;

  /// Why the writer takes no change now: broken, or a batch dropped and not yet committed.
  const Status& refusal() const { return !broken.ok() ? broken : dropped; }

  // A failed commit: Xapian has dropped the transaction's changes, so the open batch's notes
  // (docids it wrote) name nothing. It starts over, as the same commit to be.
  void drop_batch() {
    const uint64_t number = batches.back().number;
    batches.back() = Batch{number, {}, {}, {}, {}, {}, {}};
    staged_text = 0;
  }

  /// The documents that hold `term`.
  std::vector<Xapian::docid> holders(const std::string& term) {
    std::vector<Xapian::docid> dids;
    for (auto it = db.postlist_begin(term); it != db.postlist_end(term); ++it) dids.push_back(*it);
    return dids;
  }

  /// Removes these documents at the next commit, each remembered as removed.
  size_t remove_documents(const std::vector<Xapian::docid>& dids) {
    for (Xapian::docid did : dids) {
      delete_and_remember(db, did);
      batches.back().gone.insert(did);
    }
    return dids.size();
  }

  /// The Status of a change that threw. A write that failed (a full disk) drops the batch and
  /// starts a new transaction, as a failed commit does: the batch is all or nothing (half a
  /// prune is never committed later), and the writer goes on.
  Status failed_write(const Xapian::Error& e) {
    const Status st = xapian_status(e, path);
    if (!is_write_failure(e)) return st;
    drop_batch();
    dropped = Status(st.code(), "the changes since the last commit were dropped: " + st.message(),
                     "what the index held before is intact: free disk space (or raise a quota "
                     "or file size limit) or fix the file system, call commit() (which returns "
                     "this), then make the changes again");
    try {
      try {
        db.cancel_transaction();
      } catch (const Xapian::InvalidOperationError&) {
      }
      db.begin_transaction();
    } catch (const Xapian::Error& again) {
      broken = Status(
          ErrorCode::kIndexCorrupt,
          "index writer for " + path + " cannot go on after a failed write: " + again.get_msg(),
          "open the index again");
    }
    return st;
  }

  void new_batch() {
    commits->store(batches.back().number, std::memory_order_release);
    committed.reopen();
    batches.push_back(Batch{batches.back().number + 1, {}, {}, {}, {}, {}, {}});
    while (batches.size() > kKeptBatches) batches.pop_front();
  }

  // Whether a batch after commit `commits` did `what` (written, gone) to `did`.
  bool since(uint64_t commits, Xapian::docid did,
             std::unordered_set<Xapian::docid> Batch::*what) const {
    for (auto b = batches.rbegin(); b != batches.rend() && b->number > commits; ++b)
      if ((*b.*what).count(did)) return true;
    return false;
  }

  // The documents of a story as they are now: those a commit showed, less the ones merged away
  // since, with the latest data of the ones written since, and those the batches since wrote
  // under the article's id or one of its URLs.
  std::vector<StoredStory> stories_now(const CommittedFacts& f, const std::string& id,
                                       const std::vector<std::string>& url_terms) {
    std::vector<StoredStory> out;
    auto read = [this](Xapian::docid did) { return db.get_document(did); };  // the latest
    for (const StoredStory& s : f.stories) {
      if (since(f.commits, s.did, &Batch::gone)) continue;
      if (since(f.commits, s.did, &Batch::written))
        note_story(out, s.did, s.by_id, read);
      else
        out.push_back(s);
    }
    for (auto b = batches.rbegin(); b != batches.rend() && b->number > f.commits; ++b) {
      auto note = [&](Xapian::docid did, bool by_id) {
        if (!since(f.commits, did, &Batch::gone)) note_story(out, did, by_id, read);
      };
      if (auto it = b->ids.find(id); it != b->ids.end()) note(it->second, true);
      for (const std::string& term : url_terms)
        if (auto it = b->urls.find(term); it != b->urls.end()) note(it->second, false);
    }
    return out;
  }
};

struct IndexLookup::Impl {
  std::string path;
  std::shared_ptr<std::atomic<uint64_t>> commits;
  std::shared_ptr<std::atomic<uint64_t>> generation;  // the writer's: a compaction moved it
  uint64_t seen = 0;
  uint64_t seen_generation = 0;
  std::optional<Xapian::Database> db;
};

IndexLookup::IndexLookup(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
IndexLookup::~IndexLookup() = default;

Result<std::unique_ptr<IndexLookup>> IndexWriter::lookup() const {
  auto impl = std::make_unique<IndexLookup::Impl>();
  impl->path = impl_->path;
  impl->commits = impl_->commits;
  impl->generation = impl_->generation;
  impl->seen_generation = impl_->generation->load();
  return std::unique_ptr<IndexLookup>(new IndexLookup(std::move(impl)));
}

IndexWriter::IndexWriter(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
IndexWriter::~IndexWriter() {
  // Xapian commits pending changes when the last handle closes; a writer that was not asked
  // to commit must not publish a half-done batch, so cancel it instead.
  try {
    if (impl_) {
      impl_->db.cancel_transaction();
    }
  } catch (const Xapian::Error&) {
  }
  try {
    if (impl_) impl_->db.close();
  } catch (const Xapian::Error&) {
  }
}

namespace {

/// The writable database at `path`, waiting for another writer when asked: with a cancel flag
/// by trying again every few hundred milliseconds, so a stop signal ends the wait (nullopt);
/// without one, blocked in Xapian's own wait.
std::optional<Xapian::WritableDatabase> open_writable(const std::string& path,
                                                      const IndexOptions& options,
                                                      bool* timed_out) {
  const int flags = Xapian::DB_CREATE_OR_OPEN;
  if (!options.wait_for_lock) return Xapian::WritableDatabase(path, flags);
  if (!options.cancel && options.wait_seconds <= 0)
    return Xapian::WritableDatabase(path, flags | Xapian::DB_RETRY_LOCK);
  const auto deadline =
      std::chrono::steady_clock::now() +
      std::chrono::duration_cast<std::chrono::steady_clock::duration>(
          std::chrono::duration<double>(options.wait_seconds > 0 ? options.wait_seconds : 3.2e8));
  auto cancelled = [&] { return options.cancel && options.cancel->load(); };
  auto pause = std::chrono::milliseconds(10);
  while (true) {
    if (cancelled()) return std::nullopt;
    try {
      return Xapian::WritableDatabase(path, flags);
    } catch (const Xapian::DatabaseLockError&) {
    }
    if (std::chrono::steady_clock::now() >= deadline) {
      *timed_out = true;
      return std::nullopt;
    }
    for (auto waited = std::chrono::milliseconds(0); waited < pause && !cancelled();
         waited += std::chrono::milliseconds(10))
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    pause = std::min(pause * 2, std::chrono::milliseconds(250));
  }
}

/// The highest pid this machine gives (a name with a larger number is no process's).
long pid_max() {
  long max = 4194304;  // the kernel's ceiling
  if (FILE* f = std::fopen("/proc/sys/kernel/pid_max", "r")) {
    if (std::fscanf(f, "%ld", &max) != 1) max = 4194304;
    std::fclose(f);
  }
  return max;
}

/// Removes what killed byline processes left beside the index at `path`:
/// "PATH.byline-compact-PID", "PATH.byline-rebuild-PID" and "PATH.byline-new-PID" directories
/// (each up to the index's size) of processes that are gone. A compaction only ever removed its
/// own pid's, so a nightly one killed now and then filled the disk in the end. The names say
/// byline, and the number must be a pid this machine can give: a backup the operator named
/// "idx.compact-20261205" is not ours to remove.
void remove_dead_staging(const std::string& path) {
  std::error_code ec;
  const std::filesystem::path p(path);
  const std::string base = p.filename().string();
  if (base.empty()) return;
  const std::filesystem::path parent = p.has_parent_path() ? p.parent_path() : ".";
  std::vector<std::filesystem::path> dead;
  for (auto it = std::filesystem::directory_iterator(parent, ec);
       !ec && it != std::filesystem::directory_iterator(); it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (!name.starts_with(base + ".")) continue;
    std::string_view rest = std::string_view(name).substr(base.size() + 1);
    if (rest.starts_with("byline-compact-") || rest.starts_with("byline-rebuild-"))
      rest.remove_prefix(15);
    else if (rest.starts_with("byline-new-"))
      rest.remove_prefix(11);
    else
      continue;
    if (rest.empty() || rest.size() > 10 || rest.front() == '0' ||
        rest.find_first_not_of("0123456789") != rest.npos)
      continue;
    const long pid = std::stol(std::string(rest));
    if (pid <= 0 || pid > pid_max() || pid == ::getpid()) continue;
    if (::kill(static_cast<pid_t>(pid), 0) == 0 || errno != ESRCH) continue;  // alive, or not ours
    std::error_code dir_ec;
    if (it->is_directory(dir_ec)) dead.push_back(it->path());
  }
  for (const auto& d : dead) std::filesystem::remove_all(d, ec);
}

/// Whether the index directory `dir` can be swapped with a copy made beside it, and has the
/// room for one (`need` bytes free besides `reserve`): said before the work, not after it.
/// `what` names the operation ("compact", "rebuild") for the messages.
Status check_swappable(const std::string& dir, const std::string& path, uint64_t need,
                       uint64_t reserve, const std::string& what) {
  struct stat self {
  }, parent{};
  const std::string up = std::filesystem::path(dir).parent_path().string();
  if (::stat(dir.c_str(), &self) == 0 && ::stat(up.empty() ? "/" : up.c_str(), &parent) == 0 &&
      self.st_dev != parent.st_dev)
    return Status(ErrorCode::kUsage,
                  "cannot " + what + " index " + path +
                      " in place: it is a mount point, which cannot be swapped with a copy",
                  "keep the index in a directory below the mount point");
  struct statvfs fs {};
  if (!up.empty() && ::statvfs(up.c_str(), &fs) == 0) {
    const uint64_t free_bytes = static_cast<uint64_t>(fs.f_bavail) * fs.f_frsize;
    if (free_bytes < need + reserve)
      return Status(ErrorCode::kNoSpace,
                    "cannot " + what + " index " + path + ": it needs about " +
                        std::to_string((need + reserve) >> 20) + " MiB free beside it, and " +
                        std::to_string(free_bytes >> 20) + " MiB are",
                    "the index is as it was: free disk space, then run it again");
  }
  return Status::Ok();
}

/// Swaps the index directory `dir` with its copy `staging` in one step, so readers never see
/// it missing; `what` ("compacted", "rebuilt") names the copy in the message.
Status exchange_directories(const std::string& dir, const std::string& staging,
                            const std::string& path, const std::string& what) {
  if (::renameat2(AT_FDCWD, dir.c_str(), AT_FDCWD, staging.c_str(), RENAME_EXCHANGE) == 0)
    return Status::Ok();
  const int err = errno;
  return Status(ErrorCode::kIndexCorrupt,
                "cannot swap the " + what + " index into " + path + ": " + std::strerror(err),
                "the index is as it was; its file system must support renameat2 "
                "RENAME_EXCHANGE (ext4, xfs, btrfs, tmpfs do)");
}

/// Gives the copy `staging` (and what it holds) the owner and permissions of the index `dir` it
/// replaces: made by root for a service's index, or under another umask, it would shut the
/// service out of its own index after the swap.
void copy_ownership(const std::string& dir, const std::string& staging) {
  struct stat orig {};
  if (::stat(dir.c_str(), &orig) != 0) return;
  // A file's mode from the index's own files where they share a name, else the directory's
  // less its search bits.
  auto apply = [&](const std::filesystem::path& p, bool is_dir) {
    mode_t mode = is_dir ? (orig.st_mode & 07777) : (orig.st_mode & 0666);
    uid_t uid = orig.st_uid;
    gid_t gid = orig.st_gid;
    struct stat twin {};
    const std::string same = (std::filesystem::path(dir) / p.filename()).string();
    if (!is_dir && ::stat(same.c_str(), &twin) == 0) {
      mode = twin.st_mode & 07777;
      uid = twin.st_uid;
      gid = twin.st_gid;
    }
    // Failing (not root, another owner) leaves the copy as made, as before.
    if (::chown(p.c_str(), uid, gid) != 0) {
    }
    ::chmod(p.c_str(), mode);
  };
  std::error_code ec;
  for (auto it = std::filesystem::directory_iterator(staging, ec);
       !ec && it != std::filesystem::directory_iterator(); it.increment(ec))
    apply(it->path(), it->is_directory(ec));
  apply(staging, true);
}

}  // namespace

Result<std::unique_ptr<IndexWriter>> IndexWriter::open(const std::string& path,
                                                       const IndexOptions& options) {
  // A remote index is read only: the path would otherwise become a local directory "tcp:".
  if (is_remote_index(path))
    return Status(ErrorCode::kUsage,
                  "cannot write index " + path + ": it is served over the network",
                  "write the index on the machine that serves it");
  std::error_code ec;
  const bool exists = std::filesystem::exists(path, ec);
  if (Status s = check_lookup_error(path, ec); !s.ok()) return s;
  if (!options.create) {
    // Said as Searcher::open says it: a file or a directory of other files is no index to
    // create with a crawl, and an existing directory without an index is no index either.
    if (exists && !std::filesystem::is_directory(path, ec))
      return Status(ErrorCode::kIndexCorrupt, path + " is not a directory",
                    "point --db at an index directory");
    if (exists) {
      // A directory this user may not read is no missing index (`remove`, `prune`, `compact`
      // said "no index" of it, where readers say why).
      if (Status s = check_index_access(path, true); !s.ok()) return s;
      if (Status s = check_not_other_files(path); !s.ok()) return s;
    }
    if (!exists || !std::filesystem::exists(std::filesystem::path(path) / "iamglass", ec))
      return Status(ErrorCode::kNotFound, "no index at " + path,
                    "create it with `byline crawl` or `byline index`, or check "
                    "the path (--db)");
  }
  if (path.empty())
    return Status(ErrorCode::kUsage, "no index path given", "pass the index directory's path");
  if (!exists) {
    const std::filesystem::path parent = std::filesystem::path(path).parent_path();
    // Xapian would say only that it could not open or create the index, which reads as a
    // missing one (or a bug): name the directory that cannot be made.
    if (!parent.empty() && !std::filesystem::create_directories(parent, ec) && ec)
      return Status(ErrorCode::kIndexCorrupt,
                    "cannot create index " + path + ": " + parent.string() + ": " + ec.message(),
                    "check that its parent directory can be made and written to");
    // Create beside the target and rename into place: a process killed while Xapian writes its
    // first files must not leave a half-made index that never opens again.
    remove_dead_staging(path);
    const std::string staging = path + ".byline-new-" + std::to_string(::getpid());
    try {
      Xapian::WritableDatabase fresh(staging, Xapian::DB_CREATE_OR_OVERWRITE);
      fresh.commit();
      fresh.close();
    } catch (const Xapian::Error& e) {
      std::filesystem::remove_all(staging, ec);
      return xapian_status(e, path);
    }
    std::filesystem::rename(staging, path, ec);
    if (ec) std::filesystem::remove_all(staging, ec);  // created meanwhile by another process
  } else if (!std::filesystem::is_directory(path, ec)) {
    return Status(ErrorCode::kIndexCorrupt, path + " is not a directory",
                  "point --db at an index directory");
  } else if (Status s = check_not_other_files(path); !s.ok()) {
    // A directory of other files (a home directory, a typo): Xapian would make an index among
    // them, and the next `rm -r` of the index would take them too.
    return s;
  }
  if (Status s = check_index_access(path, true); !s.ok()) return s;
  try {
    auto impl = std::make_unique<Impl>();
    impl->path = path;
    impl->commit_reserve = options.commit_reserve_bytes;
    // A compaction swaps the directory while it holds the lock: a writer that waited for the
    // old directory's lock holds a directory nobody reads any more, and opens the new one.
    for (int attempt = 0;; ++attempt) {
      const auto before = directory_identity(path);
      bool timed_out = false;
      auto db = open_writable(path, options, &timed_out);
      if (!db && timed_out) {
        std::ostringstream waited;
        waited << options.wait_seconds;
        return Status(ErrorCode::kIndexLocked,
                      "index " + path + " is still locked by another writer after waiting " +
                          waited.str() + " s",
                      "nothing was written; a writer that holds the lock for long (an `index -` "
                      "that follows a stream, a compaction) delays every scheduled run");
      }
      if (!db)
        return Status(ErrorCode::kInterrupted, "stopped while waiting for the lock on " + path,
                      "nothing was written; run it again when the other writer is done");
      impl->db = std::move(*db);
      if (directory_identity(path) == before || attempt >= 3) break;
      impl->db.close();
    }
    if (Status s = check_schema(impl->db, path); !s.ok()) return s;
    if (Status s = check_features(impl->db, path); !s.ok()) return s;
    if (impl->db.get_metadata(std::string(schema::kMetaSchemaVersion)).empty()) {
      impl->db.set_metadata(std::string(schema::kMetaSchemaVersion),
                            std::to_string(schema::kSchemaVersion));
      impl->db.set_metadata(std::string(schema::kMetaStemmer),
                            std::string(schema::kStemByLanguage));
      impl->db.set_metadata(std::string(schema::kMetaFeatures), std::string(schema::kFeatures));
      impl->db.commit();
    }
    if (std::string st = impl->db.get_metadata(std::string(schema::kMetaStemmer)); !st.empty())
      impl->stem_mode = std::move(st);
    impl->folding = index_folding(impl->db);
    // A compaction or a rebuild stopped by a signal (or kill -9) leaves its copy, as big as the
    // index: the next writer clears it, not only the next compaction (a setup that only crawls
    // kept it for good).
    if (std::string dir = std::filesystem::canonical(path, ec).string(); !ec && !dir.empty())
      remove_dead_staging(dir);
    // One transaction per commit() so a crash or an error publishes nothing half-done.
    impl->db.begin_transaction();
    impl->committed = Xapian::Database(path);
    return std::unique_ptr<IndexWriter>(new IndexWriter(std::move(impl)));
  } catch (const Xapian::Error& e) {
    return xapian_status(e, path);
  }
}

struct PreparedArticle::Impl {
  Article article;
  AnalyzedArticle analyzed;
  std::vector<std::string> url_terms;   // story_url_terms() when the id follows the URL
  Status error;                         // analysis failed: add() reports it
  std::optional<CommittedFacts> facts;  // from IndexLookup::look_up, when it ran
  // rebuild_index(): the document number the article had, kept for a new story, so that the
  // order and the cursors of Searcher::articles() (an export, GET /v1/articles) hold across it;
  // and when its record was written (kSlotIndexed), which a rebuild does not change.
  Xapian::docid keep_docid = 0;
  std::string keep_indexed;
  size_t memory_bytes = 0;  // PreparedArticle::memory_bytes()
};

namespace {

constexpr size_t kPreparedOverhead = 1024;  // the article's and the document's own fields

// What a prepared article holds, as the allocator sees it: the article's text twice over at
// most (the record and its sections), and the document Xapian builds of it, a map node per
// term (some 100 bytes beside the term itself) and 4 bytes a position (6 with the slack of
// a growing vector), its data and values.
size_t estimate_memory(const Article& article, const Xapian::Document& doc) {
  constexpr size_t kPerTerm = 100, kPerPosition = 6, kPerValue = 64;
  size_t bytes = kPreparedOverhead + article.text_bytes() + article.title.size() +
                 article.description.size() + doc.get_data().size() +
                 doc.values_count() * kPerValue;
  for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t)
    bytes += kPerTerm + (*t).size() + t.positionlist_count() * kPerPosition;
  return bytes;
}

}  // namespace

void IndexLookup::look_up(PreparedArticle& prepared) {
  if (!prepared.impl_) return;  // moved from: add() reports it
  PreparedArticle::Impl& p = *prepared.impl_;
  if (!p.error.ok()) return;
  Impl& in = *impl_;
  // Read the count first: the reader then holds at least that commit, and add() checks every
  // batch after it (one seen twice is harmless: a look-up is idempotent).
  for (int attempt = 0; attempt < 2; ++attempt) {
    try {
      const uint64_t commits = in.commits->load(std::memory_order_acquire);
      const uint64_t generation = in.generation->load(std::memory_order_acquire);
      if (!in.db || generation != in.seen_generation) {
        in.db.emplace(in.path);
        in.seen_generation = generation;
      } else if (commits != in.seen || attempt > 0) {
        in.db->reopen();
      }
      in.seen = commits;
      p.facts = read_committed(*in.db, p.article.id, p.url_terms, p.analyzed.fingerprinted,
                               p.analyzed.simhash, commits);
      return;
    } catch (const Xapian::Error&) {
      // Usually DatabaseModifiedError (two commits overtook this reader): reopen, try once more.
      p.facts.reset();
    }
  }
}

void prepare_for_index(Article& article) {
  limit_text(article);  // records from other applications too, not only what byline extracted
  // One-line fields without control characters, as the stored record is read back: a title
  // stored with them printed with double spaces in search results and single ones after a
  // rebuild, which reads it back clean.
  for (std::string* line : {&article.title, &article.byline, &article.site_name, &article.author})
    *line = collapse_whitespace(strip_controls(*line));
  if (article.id.empty()) {
    // No URL: the text itself is the identity, so re-indexing the same file is idempotent.
    article.id = article.url.empty() ? text_article_id(article) : article_id_for(article.url);
  }
  // A record that names no language: its text's, else English.
  if (article.language.empty()) settle_article_language(article, "");
  if (article.language.empty()) article.language = "en";
  // No date from the future, whatever wrote the article (a hostile feed, a record).
  const int64_t now = unix_now();
  article.published = within_reach(article.published, now);
  if (!article.published) article.published_source.clear();
  article.updated = within_reach(article.updated, now);
}

PreparedArticle::PreparedArticle(Article article) : impl_(std::make_unique<Impl>()) {
  prepare_for_index(article);
  if (article.id.size() > kMaxIdBytes) {
    impl_->error = Status(ErrorCode::kBadInput,
                          "the article id is longer than " + std::to_string(kMaxIdBytes) + " bytes",
                          "give a shorter id, or none: byline derives one from the url");
    impl_->article = std::move(article);
    return;
  }
  // A blank hit that counts in every total: the JSON reader refuses such a record too.
  if (trim(article.title).empty() && article.text_bytes() == 0) {
    impl_->error = Status(ErrorCode::kBadInput, "the article has neither a title nor text",
                          "give at least a title or some text");
    impl_->article = std::move(article);
    return;
  }
  // Stored and printed as valid UTF-8 without control characters (JSON and terminals drop
  // them), an id of other bytes would come back (in a hit, in JSON) as one that finds nothing.
  // C1 controls too (U+0080-U+009F, UTF-8 C2 80..C2 9F): U+009B is a terminal's CSI.
  const auto c1 = std::adjacent_find(article.id.begin(), article.id.end(), [](char a, char b) {
    return static_cast<unsigned char>(a) == 0xC2 && static_cast<unsigned char>(b) >= 0x80 &&
           static_cast<unsigned char>(b) <= 0x9F;
  });
  if (c1 != article.id.end() || std::any_of(article.id.begin(), article.id.end(), [](char c) {
        return static_cast<unsigned char>(c) < 0x20 || c == 0x7f;
      })) {
    impl_->error = Status(ErrorCode::kBadInput, "the article id holds control characters",
                          "give an id of printable text, or none: byline derives one from the url");
    impl_->article = std::move(article);
    return;
  }
  if (!is_valid_utf8(article.id)) {
    impl_->error = Status(ErrorCode::kBadInput, "the article id is not valid UTF-8",
                          "give an id of UTF-8 text, or none: byline derives one from the url");
    impl_->article = std::move(article);
    return;
  }
  try {
    impl_->analyzed = analyze_article(article);
    impl_->memory_bytes = estimate_memory(article, impl_->analyzed.doc);
  } catch (const Xapian::Error& e) {
    impl_->error = xapian_status(e, "(analysis of " + article.id + ")");
  }
  if (id_follows_url(article)) impl_->url_terms = story_url_terms(article);
  impl_->article = std::move(article);
}
PreparedArticle::~PreparedArticle() = default;
PreparedArticle::PreparedArticle(PreparedArticle&&) noexcept = default;
PreparedArticle& PreparedArticle::operator=(PreparedArticle&&) noexcept = default;
const Article& PreparedArticle::article() const {
  static const Article kNone;  // a moved-from one holds no article
  return impl_ ? impl_->article : kNone;
}
size_t PreparedArticle::memory_bytes() const {
  if (!impl_) return 0;
  return std::max(impl_->memory_bytes, kPreparedOverhead + impl_->article.text_bytes());
}

Result<AddOutcome> IndexWriter::add(Article& article) {
  PreparedArticle prepared(article);
  Result<AddOutcome> added = add(prepared);
  if (!added.ok()) return added;       // nothing stored: the caller's article stays as it was
  article.id = prepared.article().id;  // the story's, when it was merged into a page
  article.language = prepared.article().language;
  return added;
}

namespace {

// A stored record of the story being added, read back.
struct StoredRecord {
  const StoredStory* doc;
  std::optional<Article> article;  // nullopt: unreadable (it is replaced all the same)
};

// Whether `stored`, found by a URL `article` shares with it, is the same story. A feed entry
// and its page meet on the entry's link; a page whose canonical URL another page was read from
// (a story moved to a new address) is superseded by it. Two pages that were only read from one
// URL (a "latest" link, a live page, a redirect that moves on) are two stories: merging them
// deleted the older one.
bool same_story_by_url(const Article& article, const Article& stored) {
  if (is_feed_entry(article) || is_feed_entry(stored)) return true;
  auto canonical_terms = [](const Article& a) {
    Article only;
    only.url = a.url;
    return story_url_terms(only);
  };
  auto shares = [](const std::vector<std::string>& a, const std::vector<std::string>& b) {
    return std::any_of(a.begin(), a.end(), [&b](const std::string& t) {
      return std::find(b.begin(), b.end(), t) != b.end();
    });
  };
  return shares(canonical_terms(article), story_url_terms(stored)) ||
         shares(canonical_terms(stored), story_url_terms(article));
}

// The stored records that are the story: every one found by id, and those found by a URL whose
// id follows their URL too and that are the same story (same_story_by_url).
std::vector<StoredRecord> story_records(const std::vector<StoredStory>& stored,
                                        const Article& article) {
  std::vector<StoredRecord> records;
  std::optional<size_t> page;  // the first page record taken
  for (const StoredStory& s : stored) {
    std::optional<Article> a = stored_article(s.data);
    if (!s.by_id) {
      if (!a || !id_follows_url(*a) || !same_story_by_url(article, *a)) continue;
      // A feed entry's link that two stored pages were read from joins it to one of them,
      // never the two pages to each other.
      if (page && !is_feed_entry(*a) && !same_story_by_url(*records[*page].article, *a)) continue;
    }
    if (!page && a && !is_feed_entry(*a)) page = records.size();
    records.push_back({&s, std::move(a)});
  }
  return records;
}

// The record the story is built on: the new article, unless it is a feed entry's text and a
// page of the story is stored (the page is the richer record, whichever came first).
std::optional<size_t> stored_base(const Article& article,
                                  const std::vector<StoredRecord>& records) {
  if (!is_feed_entry(article)) return std::nullopt;
  for (size_t i = 0; i < records.size(); ++i)
    if (records[i].article && !is_feed_entry(*records[i].article)) return i;
  return std::nullopt;
}

}  // namespace

Result<AddOutcome> IndexWriter::add(PreparedArticle& prepared) {
  if (!prepared.impl_)
    return Status(ErrorCode::kUsage, "the PreparedArticle was moved from: it holds no article",
                  "add the PreparedArticle it was moved to");
  PreparedArticle::Impl& p = *prepared.impl_;
  if (!p.error.ok()) return p.error;
  if (!impl_->refusal().ok()) return impl_->refusal();
  try {
    const Article& article = p.article;
    Impl& in = *impl_;
    auto& db = in.db;
    // Prepared for an index that stems by language; this one may stem all in one language.
    if ((in.stem_mode != schema::kStemByLanguage &&
         stem_language(article.language, schema::kStemByLanguage) != in.stem_mode) ||
        in.folding != kNewestFolding)
      p.analyzed = analyze_article(article, in.stem_mode, in.folding);

    // Facts from a commit, then every batch since it: a preparing thread's when the batches
    // after its commit are all still kept, else read here from the last commit.
    std::optional<CommittedFacts> looked_up = std::move(p.facts);
    p.facts.reset();
    const CommittedFacts facts =
        looked_up && looked_up->commits + 1 >= in.batches.front().number
            ? std::move(*looked_up)
            : read_committed(in.committed, article.id, p.url_terms, p.analyzed.fingerprinted,
                             p.analyzed.simhash, in.commits->load(std::memory_order_relaxed));
    const std::vector<StoredStory> stored = in.stories_now(facts, article.id, p.url_terms);
    // The same record again (re-indexing what did not change): nothing to read back or merge.
    if (stored.size() == 1 && stored[0].by_id && stored[0].data == p.analyzed.doc.get_data())
      return AddOutcome::kUnchanged;
    const std::vector<StoredRecord> records = story_records(stored, article);

    // One story, one document: the base record completed with what the others add.
    const std::optional<size_t> base = stored_base(article, records);
    std::optional<Article> merged;
    bool changed = false;
    if (!records.empty()) {
      merged = base ? *records[*base].article : article;
      if (base) changed |= complete_story(*merged, article, false);
      for (size_t i = 0; i < records.size(); ++i)
        if (i != base && records[i].article)
          changed |= complete_story(*merged, *records[i].article, true);
    }
    const Article& story = merged ? *merged : article;
    // The document kept: the one with the story's id, else the first found; the others go.
    size_t primary = 0;
    for (size_t i = 0; i < records.size(); ++i)
      if (records[i].article && records[i].article->id == story.id) primary = i;
    if (records.size() == 1 && base && !changed) return AddOutcome::kUnchanged;

    // The document to write: the prepared one, or the merged record analysed again (rare: the
    // first time a page and its feed entry meet). A stored page completed with nothing new is
    // left as it is.
    std::optional<AnalyzedArticle> remade;
    if (changed) {
      limit_text(*merged);
      remade = analyze_article(*merged, in.stem_mode, in.folding);
    }
    // Completed into exactly the record stored (the same page again from the other feed).
    if (remade && stored.size() == 1 && remade->doc.get_data() == stored[0].data)
      return AddOutcome::kUnchanged;
    AnalyzedArticle* made = remade ? &*remade : base ? nullptr : &p.analyzed;

    auto is_stored = [&stored](Xapian::docid did) {
      return std::any_of(stored.begin(), stored.end(),
                         [did](const StoredStory& s) { return s.did == did; });
    };
    // Copy group: the group of an already indexed near-duplicate (a syndicated copy; the
    // smallest when several), else our own id. A copy joins the group it finds even when its own
    // id sorts first, or two copies would each keep a group of one. A stored page keeps its own,
    // its text unchanged. Records merged away hand theirs on, so copies grouped with them stay
    // grouped with the story.
    std::string joined;  // the smallest group found
    auto join = [&joined](const std::string& g) {
      if (!g.empty() && (joined.empty() || g < joined)) joined = g;
    };
    std::vector<std::string> bands;
    if (!base && p.analyzed.fingerprinted) {
      auto consider = [&](Xapian::docid did, uint64_t other_hash, const std::string& other_group,
                          const std::optional<MinHash>& other_min) {
        if (!is_stored(did) && !in.since(facts.commits, did, &Impl::Batch::gone) &&
            hamming_distance(other_hash, p.analyzed.simhash) <= kNearDuplicateBits &&
            confirmed_copy(p.analyzed.minhash, other_min))
          join(other_group);
      };
      for (const auto& n : facts.near) consider(n.did, n.simhash, n.group, n.minhash);
      for (auto& band : simhash_band_terms(p.analyzed.simhash)) bands.push_back(std::move(band));
      for (const Impl::Batch& b : in.batches) {
        if (b.number <= facts.commits) continue;
        for (const auto& band : bands)
          for (auto [it, end] = b.bands.equal_range(band); it != end; ++it) {
            const Impl::BatchDoc& other = b.docs[it->second];
            consider(other.did, other.simhash, other.group, other.minhash);
          }
      }
    }
    for (const StoredRecord& r : records)
      if (r.article && r.article->id != story.id) join(r.doc->group);
    if (base) join(records[*base].doc->group);
    const std::string group = joined.empty() ? story.id : joined;
    if (made) made->doc.add_value(schema::kSlotCopyGroup, group);
    if (records.size() == 1 && made && records[0].doc->data == made->doc.get_data())
      return AddOutcome::kUnchanged;

    // When the stored record was written: `indexed:` finds what changed since a day.
    if (made)
      made->doc.add_value(schema::kSlotIndexed,
                          p.keep_indexed.empty()
                              ? Xapian::sortable_serialise(static_cast<double>(unix_now()))
                              : p.keep_indexed);
    Xapian::docid did = 0;
    if (records.empty()) {
      // The story was looked up above.
      if (p.keep_docid != 0) {
        db.replace_document(p.keep_docid, made->doc);
        did = p.keep_docid;
      } else {
        did = db.add_document(made->doc);
      }
    } else {
      did = records[primary].doc->did;
      // A feed entry's document now holds its page, under the page's id.
      if (made) {
        const auto& held = records[primary].article;
        if (!held || held->id != story.id) remember_removal(db, did, story.id);
        db.replace_document(did, made->doc);
      }
    }
    Impl::Batch& open = in.batches.back();
    for (size_t i = 0; i < records.size(); ++i)
      if (i != primary) {
        delete_and_remember(db, records[i].doc->did, story.id);
        open.gone.insert(records[i].doc->did);
      }
    open.ids[story.id] = did;
    open.written.insert(did);
    if (id_follows_url(story))
      for (auto& term : story_url_terms(story)) open.urls[std::move(term)] = did;
    if (made) {
      in.staged_text += story.text_bytes();
      if (made->fingerprinted) {
        open.docs.push_back({made->simhash, group, did, made->minhash});
        for (auto& band : simhash_band_terms(made->simhash))
          open.bands.emplace(std::move(band), open.docs.size() - 1);
      }
    }
    p.article.id = story.id;
    return records.empty() ? AddOutcome::kAdded : AddOutcome::kUpdated;
  } catch (const Xapian::Error& e) {
    return impl_->failed_write(e);
  }
}

size_t IndexWriter::staged_text_bytes() const { return impl_->staged_text; }

namespace {
// Xapian calls set_status() as it starts and ends each table: a stop asked for meanwhile ends
// the compaction there.
struct Cancelled {};
class CancellableCompactor : public Xapian::Compactor {
 public:
  explicit CancellableCompactor(const std::atomic<bool>* cancel) : cancel_(cancel) {}
  void set_status(const std::string&, const std::string&) override {
    if (cancel_ && cancel_->load()) throw Cancelled{};
  }

 private:
  const std::atomic<bool>* cancel_;
};
}  // namespace

Result<CompactStats> IndexWriter::compact(const std::atomic<bool>* cancel) {
  Impl& in = *impl_;
  CompactStats stats;
  stats.bytes_before = directory_bytes(in.path);
  std::error_code ec;
  // The directory itself, beside which the copy is made and with which it is swapped: through
  // a symlink the swap would replace the link and leave the real index stale, and "idx/" or
  // "." would put the copy inside the index.
  std::string dir = std::filesystem::canonical(in.path, ec).string();
  if (ec || dir.empty()) dir = in.path;
  remove_dead_staging(dir);  // compactions (and creations) killed before
  // Room for a copy as large as the index (compaction seldom makes it larger), said before
  // the work: it filled the disk, for every other writer on it, before failing.
  if (Status s = check_swappable(dir, in.path, stats.bytes_before, in.commit_reserve, "compact");
      !s.ok())
    return s;
  if (Status s = commit(); !s.ok()) return s;
  stats.bytes_before = directory_bytes(in.path);  // with what that commit wrote
  const std::string staging = dir + ".byline-compact-" + std::to_string(::getpid());
  std::filesystem::remove_all(staging, ec);
  const Status stopped(ErrorCode::kInterrupted, "stopped compacting index " + in.path,
                       "the index is as it was");
  try {
    // Document numbers kept: the batches' notes and IndexLookups stay right.
    CancellableCompactor compactor(cancel);
    Xapian::Database(dir).compact(staging, Xapian::Compactor::FULL | Xapian::DBCOMPACT_NO_RENUMBER,
                                  0, compactor);
  } catch (const Cancelled&) {
    std::filesystem::remove_all(staging, ec);
    return stopped;
  } catch (const Xapian::Error& e) {
    std::filesystem::remove_all(staging, ec);
    // No room for the copy (a full disk, a quota, a file size limit) is exit 12, as for any
    // write; it was "corrupt" (re-audit, session 45).
    return Status(
        is_out_of_space(e) ? ErrorCode::kNoSpace : ErrorCode::kIndexCorrupt,
        "cannot compact index " + in.path + ": " + e.get_msg() +
            (e.get_error_string() ? std::string(" (") + e.get_error_string() + ")" : std::string()),
        "the index is as it was; check free disk space beside it (and any quota or file size "
        "limit)");
  }
  if (cancel && cancel->load()) {
    std::filesystem::remove_all(staging, ec);
    return stopped;
  }
  copy_ownership(dir, staging);
  try {
    // Locked before the swap, so no other writer gets in between.
    Xapian::WritableDatabase fresh(staging, Xapian::DB_OPEN);
    if (Status s = exchange_directories(dir, staging, in.path, "compacted"); !s.ok()) {
      fresh.close();
      std::filesystem::remove_all(staging, ec);
      return s;
    }
    // `staging` now names the old directory. Xapian writes by name, so the new one is opened
    // again by its own (a writer that starts in the instant between is waited for), and only
    // then is the old one let go (a writer waiting for its lock sees that it moved).
    fresh.close();
    // By the real path: "." (an index that is the working directory) names the old directory
    // now, whose lock this writer still holds, and would wait for itself for ever.
    if (in.path != dir && std::filesystem::canonical(in.path, ec) != dir) in.path = dir;
    Xapian::WritableDatabase moved(dir, Xapian::DB_OPEN | Xapian::DB_RETRY_LOCK);
    try {
      in.db.cancel_transaction();
    } catch (const Xapian::InvalidOperationError&) {
    }
    in.db.close();
    in.db = std::move(moved);
    in.db.begin_transaction();
    in.committed = Xapian::Database(in.path);
    in.generation->fetch_add(1, std::memory_order_acq_rel);
    stats.articles = in.db.get_doccount();
  } catch (const Xapian::Error& e) {
    in.broken =
        Status(ErrorCode::kIndexCorrupt,
               "index writer for " + in.path + " cannot go on after compacting: " + e.get_msg(),
               "open the index again");
    return in.broken;
  }
  std::filesystem::remove_all(staging, ec);
  stats.bytes_after = directory_bytes(in.path);
  return stats;
}

Result<size_t> IndexWriter::remove(std::string_view id_or_url) {
  Impl& in = *impl_;
  if (!in.refusal().ok()) return in.refusal();
  try {
    // An id beats a URL that is another article's alias. A URL is every article it names,
    // however each was written (two records of one page, one with an id of its own: the
    // first form that named one removed it alone, and `url:` still found the other).
    const std::vector<std::string> terms = lookup_terms(id_or_url);
    if (auto dids = in.holders(terms.front()); !dids.empty()) return in.remove_documents(dids);
    std::set<Xapian::docid> all;
    for (size_t i = 1; i < terms.size(); ++i)
      for (Xapian::docid did : in.holders(terms[i])) all.insert(did);
    return in.remove_documents(std::vector<Xapian::docid>(all.begin(), all.end()));
  } catch (const Xapian::Error& e) {
    return in.failed_write(e);
  }
}

Result<size_t> IndexWriter::remove_id(std::string_view id) {
  Impl& in = *impl_;
  if (!in.refusal().ok()) return in.refusal();
  if (id.empty() || id.size() > kMaxIdBytes) return size_t{0};
  try {
    return in.remove_documents(in.holders("Q" + std::string(id)));
  } catch (const Xapian::Error& e) {
    return in.failed_write(e);
  }
}

Result<size_t> IndexWriter::remove_published_before(int64_t before, bool dry_run, size_t at_most) {
  Impl& in = *impl_;
  if (!in.refusal().ok()) return in.refusal();
  try {
    // The publication slot's value stream: every dated document once, no query needed.
    std::vector<Xapian::docid> dids;
    for (auto it = in.db.valuestream_begin(schema::kSlotPublished);
         it != in.db.valuestream_end(schema::kSlotPublished); ++it)
      if (Xapian::sortable_unserialise(*it) < static_cast<double>(before)) {
        if (!dry_run && dids.size() >= at_most) break;
        dids.push_back(it.get_docid());
      }
    if (!dry_run) in.remove_documents(dids);
    return dids.size();
  } catch (const Xapian::Error& e) {
    return in.failed_write(e);
  }
}

Result<size_t> IndexWriter::add_feed_url(const std::string& from, const std::string& to) {
  Impl& in = *impl_;
  if (!in.refusal().ok()) return in.refusal();
  if (from.empty() || to.empty() || from == to) return size_t{0};
  try {
    const std::string term = bounded_term("XFEED", from);
    std::vector<Xapian::docid> dids;
    for (auto it = in.db.postlist_begin(term); it != in.db.postlist_end(term); ++it)
      dids.push_back(*it);
    size_t changed = 0;
    for (Xapian::docid did : dids) {
      const Xapian::Document doc = in.db.get_document(did);
      std::optional<Article> a = stored_article(doc.get_data());
      if (!a || a->feed_url == to || a->other_feed_urls.size() >= kMaxOtherFeeds ||
          std::find(a->other_feed_urls.begin(), a->other_feed_urls.end(), to) !=
              a->other_feed_urls.end())
        continue;
      a->other_feed_urls.push_back(to);
      // Analysed again, as a merge does: the stored record and the terms stay one.
      limit_text(*a);
      AnalyzedArticle remade = analyze_article(*a, in.stem_mode, in.folding);
      remade.doc.add_value(schema::kSlotCopyGroup, doc.get_value(schema::kSlotCopyGroup));
      remade.doc.add_value(schema::kSlotIndexed,
                           Xapian::sortable_serialise(static_cast<double>(unix_now())));
      in.db.replace_document(did, remade.doc);
      in.batches.back().written.insert(did);
      in.staged_text += a->text_bytes();
      ++changed;
    }
    return changed;
  } catch (const Xapian::Error& e) {
    return in.failed_write(e);
  }
}

bool IndexWriter::contains(std::string_view id_or_url) const {
  try {
    for (const std::string& term : lookup_terms(id_or_url))
      if (impl_->db.term_exists(term)) return true;
    return false;
  } catch (const Xapian::Error&) {
    return false;
  }
}

Status IndexWriter::set_metadata(const std::string& key, const std::string& value) {
  if (!impl_->refusal().ok()) return impl_->refusal();
  // What the index says of itself is the writer's alone: a caller's value could make it
  // unreadable (a schema version) or unsearchable (a stemmer).
  if (key == schema::kMetaSchemaVersion || key == schema::kMetaStemmer ||
      key == schema::kMetaFeatures)
    return Status(ErrorCode::kUsage, "the metadata key " + key + " is byline's own",
                  "use a key of your own; `byline rebuild` changes the stemmer");
  try {
    impl_->db.set_metadata(key, value);
    return Status::Ok();
  } catch (const Xapian::InvalidArgumentError& e) {
    // An empty or overlong key: the caller's mistake, not an internal error.
    return Status(ErrorCode::kUsage, "bad metadata key: " + e.get_msg(),
                  "use a short, non-empty key");
  } catch (const Xapian::Error& e) {
    return impl_->failed_write(e);
  }
}

Result<std::string> IndexWriter::metadata(const std::string& key) const {
  // No key can be set empty (Xapian refuses it, and would throw here too): it is unset.
  if (key.empty()) return std::string();
  try {
    return impl_->db.get_metadata(key);
  } catch (const Xapian::Error& e) {
    return xapian_status(e, impl_->path);  // not "unset": a caller would write over the value
  }
}

Status IndexWriter::commit() {
  Impl& in = *impl_;
  if (!in.broken.ok()) return in.broken;
  if (!in.dropped.ok()) {
    // The batch went with the failed write (its transaction was begun again, empty): said
    // now, once, and the writer goes on.
    Status was = std::move(in.dropped);
    in.dropped = Status::Ok();
    return was;
  }
  if (in.commit_reserve > 0) {
    // Room first: Xapian 1.4 can abort the process (a second exception while it unwinds the
    // first) when the disk fills during the commit, which no catch here can stop.
    struct statvfs fs {};
    if (::statvfs(in.path.c_str(), &fs) == 0) {
      const uint64_t room = static_cast<uint64_t>(fs.f_bavail) * fs.f_frsize;
      const uint64_t wanted = in.commit_reserve + 8 * static_cast<uint64_t>(in.staged_text);
      if (room < wanted)
        return Status(ErrorCode::kNoSpace,
                      "cannot commit to index " + in.path + ": the disk is nearly full (" +
                          std::to_string(room >> 20) + " MiB free, " +
                          std::to_string((wanted + (1u << 20) - 1) >> 20) + " MiB wanted)",
                      "free disk space and run it again (what the index held before is intact)");
    }
  }
  Status failed;
  try {
    in.db.commit_transaction();
  } catch (const Xapian::Error& e) {
    // Xapian cancelled the transaction: what the index held at the last commit stands, and
    // this batch is gone. Said as a failed write (a full disk), not as an unreadable index.
    in.drop_batch();
    failed = xapian_status(e, in.path);
    if (failed.code() == ErrorCode::kIndexCorrupt || failed.code() == ErrorCode::kInternal ||
        failed.code() == ErrorCode::kNoSpace)
      failed = Status(is_out_of_space(e) ? ErrorCode::kNoSpace : ErrorCode::kIndexCorrupt,
                      "cannot write index " + in.path + ": " + e.get_msg() +
                          (e.get_error_string() ? std::string(" (") + e.get_error_string() + ")"
                                                : std::string()),
                      "the articles added since the last commit were not stored (what it "
                      "held before is intact): free disk space (or raise a quota or file size "
                      "limit) or fix the file system, then add them again");
  }
  try {
    if (!failed.ok()) {
      try {
        in.db.cancel_transaction();  // in case the failure left it open
      } catch (const Xapian::InvalidOperationError&) {
      }
    }
    in.db.begin_transaction();
  } catch (const Xapian::Error& e) {
    in.broken = Status(
        ErrorCode::kIndexCorrupt,
        "index writer for " + in.path + " cannot go on after a failed commit: " + e.get_msg(),
        "open the index again");
    return failed.ok() ? in.broken : failed;
  }
  if (!failed.ok()) return failed;
  try {
    in.new_batch();
    in.staged_text = 0;
    return Status::Ok();
  } catch (const Xapian::Error& e) {
    return xapian_status(e, in.path);
  }
}

Result<RebuildStats> rebuild_index(
    const std::string& path, const IndexOptions& options, const std::atomic<bool>* cancel,
    const std::function<void(uint64_t done, uint64_t total)>& progress) {
  IndexOptions hold = options;
  hold.create = false;
  // Held to the end: no crawl writes to the old index while its articles are copied.
  auto old = IndexWriter::open(path, hold);
  if (!old.ok()) return old.status();
  std::error_code ec;
  // The real directory, as compact() swaps it (not a symlink to it, nor "." inside it).
  std::string dir = std::filesystem::canonical(path, ec).string();
  if (ec || dir.empty()) dir = path;
  remove_dead_staging(dir);
  const std::string staging = dir + ".byline-rebuild-" + std::to_string(::getpid());
  std::filesystem::remove_all(staging, ec);
  auto give_up = [&](Status s) -> Result<RebuildStats> {
    std::filesystem::remove_all(staging, ec);
    return s;
  };
  RebuildStats stats;
  stats.bytes_before = directory_bytes(dir);
  if (Status s =
          check_swappable(dir, path, stats.bytes_before, options.commit_reserve_bytes, "rebuild");
      !s.ok())
    return s;
  auto stopped = [&] {
    return give_up(
        Status(ErrorCode::kInterrupted, "stopped: the index " + path + " is as it was", ""));
  };
  try {
    Xapian::Database src(dir);
    stats.stemmer_before = src.get_metadata(std::string(schema::kMetaStemmer));
    if (stats.stemmer_before.empty()) stats.stemmer_before = "english";  // before it was written
    {
      IndexOptions fresh_options = options;
      fresh_options.create = true;
      fresh_options.wait_for_lock = false;
      auto fresh = IndexWriter::open(staging, fresh_options);
      if (!fresh.ok()) return give_up(fresh.status());
      // Read a block of records, analyse them on every core, add them in order (as `byline
      // index` does): a block is 64 articles or 16 MiB of text.
      std::vector<Article> block;
      std::vector<Xapian::docid> numbers;  // each one's document number in the old index
      std::vector<std::string> indexed;    // and when its record was written
      size_t block_text = 0, uncommitted = 0;
      const uint64_t total = src.get_doccount();
      uint64_t done = 0;
      auto add_block = [&]() -> Status {
        std::vector<std::optional<PreparedArticle>> prepared(block.size());
        parallel_for(block.size(), [&](size_t i) {
          prepared[i].emplace(std::move(block[i]));
          if (prepared[i]->impl_) {
            prepared[i]->impl_->keep_docid = numbers[i];
            prepared[i]->impl_->keep_indexed = std::move(indexed[i]);
          }
        });
        block.clear();
        numbers.clear();
        indexed.clear();
        block_text = 0;
        for (auto& p : prepared) {
          auto added = (*fresh)->add(*p);
          if (!added.ok())  // a record a newer rule refuses (an id now too long, say)
            return Status(added.status().code(),
                          "cannot rebuild index " + path + ": article " +
                              truncate_utf8(sanitize_utf8(p->article().id), 120) + ": " +
                              added.status().message() + "; the index is as it was",
                          added.status().hint());
          p.reset();
          ++uncommitted;
          ++done;
        }
        if (progress) progress(done, total);
        if ((*fresh)->staged_text_bytes() >= kCommitTextBytes || uncommitted >= kCommitArticles) {
          uncommitted = 0;
          return (*fresh)->commit();
        }
        return Status::Ok();
      };
      for (auto it = src.postlist_begin(""); it != src.postlist_end(""); ++it) {
        if (cancel && cancel->load()) return stopped();
        const Xapian::Document doc = src.get_document(*it);
        auto a = article_from_json(doc.get_data());
        if (!a.ok())
          return give_up(Status(
              ErrorCode::kIndexCorrupt,
              "cannot rebuild index " + path + ": stored record " + std::to_string(*it) +
                  " cannot be read back (" + a.status().message() + "); the index is as it was",
              "save the readable articles with `byline export > FILE` and the subscriptions "
              "with `byline feeds export > FILE.opml`, then index and import them into a new "
              "directory"));
        block_text += a->text_bytes();
        block.push_back(std::move(*a));
        numbers.push_back(*it);
        indexed.push_back(doc.get_value(schema::kSlotIndexed));
        if (block.size() >= 64 || block_text >= kCommitTextBytes)
          if (Status s = add_block(); !s.ok()) return give_up(s);
      }
      if (Status s = add_block(); !s.ok()) return give_up(s);
      // Subscriptions, feeds' crawl state and any other key, but not what the new index says
      // of itself.
      for (auto k = src.metadata_keys_begin(); k != src.metadata_keys_end(); ++k) {
        const std::string key = *k;
        if (key == schema::kMetaSchemaVersion || key == schema::kMetaStemmer ||
            key == schema::kMetaFeatures)
          continue;
        if (Status s = (*fresh)->set_metadata(key, src.get_metadata(key)); !s.ok())
          return give_up(s);
      }
      if (cancel && cancel->load()) return stopped();
      if (Status s = (*fresh)->commit(); !s.ok()) return give_up(s);
      auto after = (*fresh)->metadata(std::string(schema::kMetaStemmer));
      stats.stemmer_after = after.ok() ? *after : "";
    }
    copy_ownership(dir, staging);
    // A stop asked for until here leaves the old index (after the swap, the new one is in).
    if (cancel && cancel->load()) return stopped();
    // Locked before the swap, so no other writer gets into the new index before it is in place.
    Xapian::WritableDatabase fresh(staging, Xapian::DB_OPEN);
    stats.articles = fresh.get_doccount();
    if (Status s = exchange_directories(dir, staging, path, "rebuilt"); !s.ok()) {
      fresh.close();
      return give_up(s);
    }
    fresh.close();
  } catch (const Xapian::Error& e) {
    return give_up(xapian_status(e, path));
  }
  // `staging` names the old index now; its writer lets go of it, and it goes.
  old->reset();
  std::filesystem::remove_all(staging, ec);
  stats.bytes_after = directory_bytes(dir);
  return stats;
}

}  // namespace byline
