#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <deque>
#include <filesystem>
#include <optional>
#include <unordered_map>
#include <vector>

#include "byline/article_json.h"
#include "byline/index.h"
#include "common/text.h"
#include "indexer/analyzer.h"
#include "indexer/schema.h"
#include "indexer/simhash.h"
#include "indexer/xapian_status.h"

namespace byline {

namespace {

// Canonical form of a URL for identity: scheme and host lower-cased, fragment and tracking
// parameters dropped, so the same story reached through two feeds gets one id.
std::string canonical_for_id(std::string_view raw) {
  std::string s = collapse_whitespace(raw);
  if (const size_t hash = s.find('#'); hash != std::string::npos) s.resize(hash);
  const size_t scheme = s.find("://");
  if (scheme == std::string::npos) return s;
  const size_t path = s.find_first_of("/?", scheme + 3);
  const std::string head = to_lower_ascii(s.substr(0, path));
  std::string tail = path == std::string::npos ? "" : s.substr(path);
  if (const size_t q = tail.find('?'); q != std::string::npos) {
    std::string kept;
    for (const auto& param : split(std::string_view(tail).substr(q + 1), '&')) {
      if (param.empty() || param.rfind("utm_", 0) == 0 || param.rfind("fbclid", 0) == 0 ||
          param.rfind("gclid", 0) == 0)
        continue;
      kept += (kept.empty() ? "?" : "&") + param;
    }
    tail = tail.substr(0, q) + kept;
  }
  if (tail.empty()) tail = "/";
  return head + tail;
}

}  // namespace

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

std::string text_article_id(const Article& article) {
  // Not through canonical_for_id: a text is no URL, and reading it as one cut it at its first
  // "#", so two texts alike up to a hashtag shared an id and the second replaced the first.
  return id_from_hash(
      fnv1a64(collapse_whitespace("text:" + article.title + "\n" + article.body())));
}

std::string default_index_path() {
  if (const char* db = std::getenv("BYLINE_DB"); db && *db) return db;
  if (const char* xdg = std::getenv("XDG_DATA_HOME"); xdg && *xdg)
    return std::string(xdg) + "/byline/index";
  if (const char* home = std::getenv("HOME"); home && *home)
    return std::string(home) + "/.local/share/byline/index";
  return ".byline-index";
}

// What the last commit holds about an article: its document, if any, and the documents that
// share one of its SimHash bands. Read by IndexLookup on a preparing thread, or by add() itself.
struct CommittedFacts {
  uint64_t commits = 0;  // the reader had seen at least this many of the writer's commits
  Xapian::docid existing = 0;
  std::string existing_data;
  struct Neighbour {
    Xapian::docid did;
    uint64_t simhash;
    std::string group;
  };
  std::vector<Neighbour> near;
};

namespace {

CommittedFacts read_committed(Xapian::Database& db, const std::string& id, bool fingerprinted,
                              uint64_t simhash, uint64_t commits) {
  CommittedFacts f;
  f.commits = commits;
  const std::string idterm = "Q" + id;
  if (auto it = db.postlist_begin(idterm); it != db.postlist_end(idterm)) {
    f.existing = *it;
    f.existing_data = db.get_document(f.existing).get_data();
  }
  if (fingerprinted)
    for (const auto& band : simhash_band_terms(simhash))
      for (auto p = db.postlist_begin(band); p != db.postlist_end(band); ++p) {
        if (*p == f.existing) continue;
        const Xapian::Document other = db.get_document(*p);
        f.near.push_back({*p, decode_u64(other.get_value(schema::kSlotSimHash)),
                          other.get_value(schema::kSlotCopyGroup)});
      }
  return f;
}

}  // namespace

struct IndexWriter::Impl {
  std::string path;
  Xapian::WritableDatabase db;
  // Look-ups (an article's id, its SimHash bands) read a commit through a reader and the batches
  // since then from the tables below, never the writer: a postlist opened on the writer first
  // flushes that term's pending postings into the tables, once per article.
  Xapian::Database committed;
  // Commits made so far; IndexLookup readers on other threads compare it to what they have seen.
  std::shared_ptr<std::atomic<uint64_t>> commits = std::make_shared<std::atomic<uint64_t>>(0);
  struct BatchDoc {
    uint64_t simhash;
    std::string group;
    Xapian::docid did;
  };
  // The changes of one commit (the last one is still open).
  struct Batch {
    uint64_t number;                                     // this batch becomes commit `number`
    std::unordered_map<std::string, Xapian::docid> ids;  // article id -> docid
    std::vector<BatchDoc> docs;
    std::unordered_multimap<std::string, size_t> bands;  // band term -> docs index
  };
  // The open batch and the last few committed ones, for facts read on a slightly older commit.
  static constexpr size_t kKeptBatches = 8;
  size_t staged_text = 0;  // since the last commit
  std::deque<Batch> batches{Batch{1, {}, {}, {}}};

  void new_batch() {
    commits->store(batches.back().number, std::memory_order_release);
    committed.reopen();
    batches.push_back(Batch{batches.back().number + 1, {}, {}, {}});
    while (batches.size() > kKeptBatches) batches.pop_front();
  }
};

struct IndexLookup::Impl {
  std::string path;
  std::shared_ptr<std::atomic<uint64_t>> commits;
  uint64_t seen = 0;
  std::optional<Xapian::Database> db;
};

IndexLookup::IndexLookup(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
IndexLookup::~IndexLookup() = default;

Result<std::unique_ptr<IndexLookup>> IndexWriter::lookup() const {
  auto impl = std::make_unique<IndexLookup::Impl>();
  impl->path = impl_->path;
  impl->commits = impl_->commits;
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

Result<std::unique_ptr<IndexWriter>> IndexWriter::open(const std::string& path,
                                                       const IndexOptions& options) {
  std::error_code ec;
  const bool exists = std::filesystem::exists(path, ec);
  if (!exists && !options.create)
    return Status(ErrorCode::kNotFound, "no index at " + path,
                  "run `byline crawl` or `byline index` first, or pass --db PATH");
  if (!exists) {
    std::filesystem::create_directories(std::filesystem::path(path).parent_path(), ec);
    // Create beside the target and rename into place: a process killed while Xapian writes its
    // first files must not leave a half-made index that never opens again.
    const std::string staging = path + ".new-" + std::to_string(::getpid());
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
  }
  if (Status s = check_index_access(path, true); !s.ok()) return s;
  try {
    int flags = Xapian::DB_CREATE_OR_OPEN;
    if (options.wait_for_lock) flags |= Xapian::DB_RETRY_LOCK;
    auto impl = std::make_unique<Impl>();
    impl->path = path;
    impl->db = Xapian::WritableDatabase(path, flags);
    if (Status s = check_schema(impl->db, path); !s.ok()) return s;
    if (impl->db.get_metadata(std::string(schema::kMetaSchemaVersion)).empty()) {
      impl->db.set_metadata(std::string(schema::kMetaSchemaVersion),
                            std::to_string(schema::kSchemaVersion));
      impl->db.set_metadata(std::string(schema::kMetaStemmer), std::string(schema::kStemLanguage));
      impl->db.set_metadata(std::string(schema::kMetaFeatures),
                            "positions,simhash,entities,rank_terms");
      impl->db.commit();
    }
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
  Status error;                         // analysis failed: add() reports it
  std::optional<CommittedFacts> facts;  // from IndexLookup::look_up, when it ran
};

void IndexLookup::look_up(PreparedArticle& prepared) {
  PreparedArticle::Impl& p = *prepared.impl_;
  if (!p.error.ok()) return;
  Impl& in = *impl_;
  // Read the count first: the reader then holds at least that commit, and add() checks every
  // batch after it (one seen twice is harmless: a look-up is idempotent).
  for (int attempt = 0; attempt < 2; ++attempt) {
    try {
      const uint64_t commits = in.commits->load(std::memory_order_acquire);
      if (!in.db) {
        in.db.emplace(in.path);
      } else if (commits != in.seen || attempt > 0) {
        in.db->reopen();
      }
      in.seen = commits;
      p.facts = read_committed(*in.db, p.article.id, p.analyzed.fingerprinted, p.analyzed.simhash,
                               commits);
      return;
    } catch (const Xapian::Error&) {
      // Usually DatabaseModifiedError (two commits overtook this reader): reopen, try once more.
      p.facts.reset();
    }
  }
}

PreparedArticle::PreparedArticle(Article article) : impl_(std::make_unique<Impl>()) {
  limit_text(article);  // records from other applications too, not only what byline extracted
  if (article.id.empty()) {
    // No URL: the text itself is the identity, so re-indexing the same file is idempotent.
    article.id = article.url.empty() ? text_article_id(article) : article_id_for(article.url);
  }
  if (article.language.empty()) article.language = "en";
  if (article.id.size() > kMaxIdBytes) {
    impl_->error = Status(ErrorCode::kBadInput,
                          "the article id is longer than " + std::to_string(kMaxIdBytes) + " bytes",
                          "give a shorter id, or none: byline derives one from the url");
    impl_->article = std::move(article);
    return;
  }
  try {
    impl_->analyzed = analyze_article(article);
  } catch (const Xapian::Error& e) {
    impl_->error = xapian_status(e, "(analysis of " + article.id + ")");
  }
  impl_->article = std::move(article);
}
PreparedArticle::~PreparedArticle() = default;
PreparedArticle::PreparedArticle(PreparedArticle&&) noexcept = default;
PreparedArticle& PreparedArticle::operator=(PreparedArticle&&) noexcept = default;
const Article& PreparedArticle::article() const { return impl_->article; }

Result<AddOutcome> IndexWriter::add(Article& article) {
  PreparedArticle prepared(article);
  article.id = prepared.article().id;
  article.language = prepared.article().language;
  return add(prepared);
}

Result<AddOutcome> IndexWriter::add(PreparedArticle& prepared) {
  if (!prepared.impl_->error.ok()) return prepared.impl_->error;
  try {
    const Article& article = prepared.impl_->article;
    AnalyzedArticle& analyzed = prepared.impl_->analyzed;
    Impl& in = *impl_;
    auto& db = in.db;

    // Facts from a commit, then every batch since it: a preparing thread's when the batches
    // after its commit are all still kept, else read here from the last commit.
    std::optional<CommittedFacts> looked_up = std::move(prepared.impl_->facts);
    prepared.impl_->facts.reset();
    const CommittedFacts facts =
        looked_up && looked_up->commits + 1 >= in.batches.front().number
            ? std::move(*looked_up)
            : read_committed(in.committed, article.id, analyzed.fingerprinted, analyzed.simhash,
                             in.commits->load(std::memory_order_relaxed));
    Xapian::docid existing = facts.existing;
    std::string existing_data = facts.existing_data;
    for (auto b = in.batches.rbegin(); b != in.batches.rend() && b->number > facts.commits; ++b)
      if (auto it = b->ids.find(article.id); it != b->ids.end()) {
        existing = it->second;
        existing_data = db.get_document(existing).get_data();  // the latest version
        break;
      }

    // Copy group: the id of an already indexed near-duplicate (a syndicated copy), else our own.
    std::string group = article.id;
    std::vector<std::string> bands;
    if (analyzed.fingerprinted) {
      auto consider = [&](Xapian::docid did, uint64_t other_hash, const std::string& other_group) {
        if (did != existing &&
            hamming_distance(other_hash, analyzed.simhash) <= kNearDuplicateBits &&
            !other_group.empty() && other_group < group)
          group = other_group;
      };
      for (const auto& n : facts.near) consider(n.did, n.simhash, n.group);
      for (auto& band : simhash_band_terms(analyzed.simhash)) bands.push_back(std::move(band));
      for (const Impl::Batch& b : in.batches) {
        if (b.number <= facts.commits) continue;
        for (const auto& band : bands)
          for (auto [it, end] = b.bands.equal_range(band); it != end; ++it) {
            const Impl::BatchDoc& other = b.docs[it->second];
            consider(other.did, other.simhash, other.group);
          }
      }
    }
    analyzed.doc.add_value(schema::kSlotCopyGroup, group);
    if (existing && existing_data == analyzed.doc.get_data()) return AddOutcome::kUnchanged;
    Xapian::docid did = existing;
    if (existing)
      db.replace_document(existing, analyzed.doc);
    else
      did = db.add_document(analyzed.doc);  // the id was looked up above
    in.staged_text += article.text_bytes();
    Impl::Batch& open = in.batches.back();
    open.ids[article.id] = did;
    if (analyzed.fingerprinted) {
      open.docs.push_back({analyzed.simhash, group, did});
      for (auto& band : bands) open.bands.emplace(std::move(band), open.docs.size() - 1);
    }
    return existing ? AddOutcome::kUpdated : AddOutcome::kAdded;
  } catch (const Xapian::Error& e) {
    return xapian_status(e, impl_->path);
  }
}

size_t IndexWriter::staged_text_bytes() const { return impl_->staged_text; }

bool IndexWriter::contains(std::string_view id_or_url) const {
  try {
    const std::string q = "Q" + std::string(id_or_url);
    if (impl_->db.term_exists(q)) return true;
    return impl_->db.term_exists(url_term(id_or_url)) ||
           impl_->db.term_exists("Q" + article_id_for(id_or_url));
  } catch (const Xapian::Error&) {
    return false;
  }
}

Status IndexWriter::set_metadata(const std::string& key, const std::string& value) {
  try {
    impl_->db.set_metadata(key, value);
    return Status::Ok();
  } catch (const Xapian::Error& e) {
    return xapian_status(e, impl_->path);
  }
}

std::string IndexWriter::metadata(const std::string& key) const {
  try {
    return impl_->db.get_metadata(key);
  } catch (const Xapian::Error&) {
    return {};
  }
}

Status IndexWriter::commit() {
  try {
    impl_->db.commit_transaction();
    impl_->db.begin_transaction();
    impl_->new_batch();
    impl_->staged_text = 0;
    return Status::Ok();
  } catch (const Xapian::Error& e) {
    return xapian_status(e, impl_->path);
  }
}

}  // namespace byline
