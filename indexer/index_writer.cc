#include <unistd.h>

#include <cstdlib>
#include <filesystem>
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

std::string article_id_for(std::string_view url_or_guid) {
  static const char kHex[] = "0123456789abcdef";
  uint64_t h = fnv1a64(canonical_for_id(url_or_guid));
  std::string id = "b";
  for (int i = 15; i >= 0; --i) id += kHex[(h >> (i * 4)) & 0xF];
  return id;
}

std::string default_index_path() {
  if (const char* db = std::getenv("BYLINE_DB"); db && *db) return db;
  if (const char* xdg = std::getenv("XDG_DATA_HOME"); xdg && *xdg)
    return std::string(xdg) + "/byline/index";
  if (const char* home = std::getenv("HOME"); home && *home)
    return std::string(home) + "/.local/share/byline/index";
  return ".byline-index";
}

struct IndexWriter::Impl {
  std::string path;
  Xapian::WritableDatabase db;
  // Look-ups (an article's id, its SimHash bands) read the last commit through a reader and the
  // batch since then from the tables below, never the writer: a postlist opened on the writer
  // first flushes that term's pending postings into the tables, once per article.
  Xapian::Database committed;
  std::unordered_map<std::string, Xapian::docid> batch_ids;  // id -> docid, since the last commit
  struct BatchDoc {
    uint64_t simhash;
    std::string group;
    Xapian::docid did;
  };
  std::vector<BatchDoc> batch_docs;
  std::unordered_multimap<std::string, size_t> batch_bands;  // band term -> batch_docs index

  void new_batch() {
    committed.reopen();
    batch_ids.clear();
    batch_docs.clear();
    batch_bands.clear();
  }
};

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
  Status error;  // analysis failed: add() reports it
};

PreparedArticle::PreparedArticle(Article article) : impl_(std::make_unique<Impl>()) {
  if (article.id.empty()) {
    // No URL: the text itself is the identity, so re-indexing the same file is idempotent.
    article.id = article.url.empty()
                     ? article_id_for("text:" + article.title + "\n" + article.body())
                     : article_id_for(article.url);
  }
  if (article.language.empty()) article.language = "en";
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
    auto& db = impl_->db;
    const std::string idterm = "Q" + article.id;

    Impl& in = *impl_;
    std::string existing_data;
    Xapian::docid existing = 0;
    if (auto b = in.batch_ids.find(article.id); b != in.batch_ids.end()) {
      existing = b->second;
      existing_data = db.get_document(existing).get_data();
    } else if (auto it = in.committed.postlist_begin(idterm);
               it != in.committed.postlist_end(idterm)) {
      existing = *it;
      existing_data = in.committed.get_document(existing).get_data();
    }

    // Copy group: the id of an already indexed near-duplicate (a syndicated copy), else our own.
    std::string group = article.id;
    std::vector<std::string> bands;
    if (analyzed.fingerprinted) {
      for (auto& band : simhash_band_terms(analyzed.simhash)) bands.push_back(std::move(band));
      auto consider = [&](uint64_t other_hash, const std::string& other_group) {
        if (hamming_distance(other_hash, analyzed.simhash) <= kNearDuplicateBits &&
            !other_group.empty() && other_group < group)
          group = other_group;
      };
      for (const auto& band : bands) {
        for (auto p = in.committed.postlist_begin(band); p != in.committed.postlist_end(band);
             ++p) {
          if (*p == existing) continue;
          const Xapian::Document other = in.committed.get_document(*p);
          consider(decode_u64(other.get_value(schema::kSlotSimHash)),
                   other.get_value(schema::kSlotCopyGroup));
        }
        for (auto [b, e] = in.batch_bands.equal_range(band); b != e; ++b) {
          const Impl::BatchDoc& other = in.batch_docs[b->second];
          if (other.did != existing) consider(other.simhash, other.group);
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
    in.batch_ids[article.id] = did;
    if (analyzed.fingerprinted) {
      in.batch_docs.push_back({analyzed.simhash, group, did});
      for (auto& band : bands) in.batch_bands.emplace(std::move(band), in.batch_docs.size() - 1);
    }
    return existing ? AddOutcome::kUpdated : AddOutcome::kAdded;
  } catch (const Xapian::Error& e) {
    return xapian_status(e, impl_->path);
  }
}

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
    return Status::Ok();
  } catch (const Xapian::Error& e) {
    return xapian_status(e, impl_->path);
  }
}

}  // namespace byline
