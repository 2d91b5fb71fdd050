#include "indexer/xapian_status.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstring>
#include <filesystem>

#include "common/text.h"
#include "indexer/schema.h"

namespace byline {

namespace {
bool is_access_error(const std::string& msg) {
  for (const char* what : {"Permission denied", "Read-only file system", "Operation not permitted"})
    if (msg.find(what) != std::string::npos) return true;
  return false;
}
}  // namespace

bool is_out_of_space(const Xapian::Error& e) {
  if (!is_write_failure(e)) return false;
  std::string msg = e.get_msg();
  if (const char* why = e.get_error_string()) msg += why;
  for (const char* what : {"No space left on device", "Disk quota exceeded", "File too large"})
    if (msg.find(what) != std::string::npos) return true;
  return false;
}

bool is_write_failure(const Xapian::Error& e) {
  if (std::string_view(e.get_type()) != "DatabaseError") return false;
  std::string msg = e.get_msg();
  if (const char* why = e.get_error_string()) msg += why;
  for (const char* what : {"No space left on device", "Disk quota exceeded", "Error writing",
                           "Couldn't write", "File too large"})
    if (msg.find(what) != std::string::npos) return true;
  return false;
}

Status xapian_status(const Xapian::Error& e, const std::string& path) {
  const std::string type = e.get_type();
  // The system's reason (errno) is kept apart from the message: put it back.
  std::string msg = e.get_msg();
  if (const char* why = e.get_error_string(); why && *why && msg.find(why) == std::string::npos)
    msg += std::string(" (") + why + ")";
  // Xapian reports a lock it could not take for any reason as a lock error, and a directory it
  // may not read as one it could not open: only "already locked" is another writer, and only a
  // missing index wants `byline crawl`.
  if (is_access_error(msg))
    return {ErrorCode::kIndexCorrupt, "cannot use index " + path + ": " + msg,
            "check that you may read and write it (its permissions, a read-only file system)"};
  if (type == "DatabaseLockError") {
    if (msg.find("already locked") != std::string::npos)
      return {ErrorCode::kIndexLocked, "index is locked: " + path,
              "another writer holds it; retry later, or wait for it (--wait)"};
    return {ErrorCode::kIndexCorrupt, "cannot lock index " + path + ": " + msg,
            "check that you may write to it and that its file system supports locks"};
  }
  if (type == "DatabaseOpeningError" || type == "DatabaseNotFoundError") {
    if (Status s = check_not_other_files(path); !s.ok()) return s;
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec) && std::filesystem::is_empty(path, ec) && !ec)
      return {ErrorCode::kNotFound, "no index at " + path + " (an empty directory)",
              "create it with `byline crawl` or `byline index`, or check the path (--db)"};
    return {ErrorCode::kNotFound, "cannot open index " + path + ": " + msg,
            "create it with `byline crawl` or `byline index`, or check the "
            "path (--db)"};
  }
  // A write that failed (a full disk): Xapian writes blocks before a commit, so a big prune
  // meets it before committing; the index holds what its last commit did.
  if (is_write_failure(e))
    return {is_out_of_space(e) ? ErrorCode::kNoSpace : ErrorCode::kIndexCorrupt,
            "cannot write index " + path + ": " + msg,
            "nothing since the last commit was stored (what it held before is intact): free "
            "disk space (or raise a quota or file size limit) or fix the file system, then run "
            "it again"};
  // A plain DatabaseError is a read or write that failed under Xapian ("EOF reading block"
  // from a truncated file, an I/O error): the index cannot be read, whatever the article.
  if (type == "DatabaseCorruptError" || type == "DatabaseVersionError" || type == "DatabaseError")
    return {ErrorCode::kIndexCorrupt, "index " + path + " is unreadable: " + msg,
            "restore it from a backup or rebuild it with `byline index`/`byline crawl`"};
  // The directory could not be made (permissions, a read-only or virtual file system).
  if (type == "DatabaseCreateError")
    return {ErrorCode::kIndexCorrupt, "cannot create index " + path + ": " + msg,
            "check that its directory can be made and written there"};
  // A remote index (xapian-tcpsrv) that cannot be reached, or stopped answering.
  if (type == "NetworkError" || type == "NetworkTimeoutError")
    return {ErrorCode::kNetwork, "cannot reach index " + path + ": " + msg,
            "check that xapian-tcpsrv serves the index at that address"};
  if (type == "QueryParserError")
    return {ErrorCode::kBadQuery, "bad query: " + msg,
            "quote phrases, and check brackets and prefixes (see `byline search --help`)"};
  return {ErrorCode::kInternal, "index error (" + type + "): " + msg};
}

Status check_not_other_files(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::is_directory(path, ec) ||
      std::filesystem::exists(std::filesystem::path(path) / "iamglass", ec) ||
      std::filesystem::is_empty(path, ec) || ec)
    return Status::Ok();
  // Glass tables without their version file: an index that lost a file, not another program's.
  for (const char* table : {"postlist.glass", "docdata.glass", "termlist.glass", "record.glass"})
    if (std::filesystem::exists(std::filesystem::path(path) / table, ec))
      return {ErrorCode::kIndexCorrupt,
              "index " + path + " is damaged: it has Xapian tables but no iamglass file",
              "restore it from a backup, or rebuild it from a copy you still have (`byline "
              "export` it, then `byline index -` the export)"};
  return {ErrorCode::kIndexVersion,
          path + " holds other files and no index, so it is not a byline index",
          "point --db at an index, or at an empty or new directory"};
}

Status check_index_access(const std::string& path, bool write) {
  if (::access(path.c_str(), R_OK | X_OK | (write ? W_OK : 0)) == 0) return Status::Ok();
  const int err = errno;
  if (err != EACCES && err != EROFS && err != EPERM) return Status::Ok();  // Xapian will say
  return {ErrorCode::kIndexCorrupt, "cannot use index " + path + ": " + std::strerror(err),
          "check that you may read and write it (its permissions, a read-only file system)"};
}

Status check_lookup_error(const std::string& path, const std::error_code& ec) {
  if (ec != std::errc::permission_denied) return Status::Ok();
  return {ErrorCode::kIndexCorrupt, "cannot use index " + path + ": " + ec.message(),
          "check that you may enter the directories above it and read and write it"};
}

std::pair<uint64_t, uint64_t> directory_identity(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return {0, 0};
  return {static_cast<uint64_t>(st.st_dev), static_cast<uint64_t>(st.st_ino)};
}

uint64_t directory_bytes(const std::string& path) {
  uint64_t n = 0;
  std::error_code ec;
  for (auto it = std::filesystem::recursive_directory_iterator(path, ec);
       !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec))
    if (it->is_regular_file(ec)) n += it->file_size(ec);
  return n;
}

Status check_schema(const Xapian::Database& db, const std::string& path) {
  const std::string v = db.get_metadata(std::string(schema::kMetaSchemaVersion));
  if (v.empty()) {
    if (db.get_doccount() == 0) return Status::Ok();
    return {ErrorCode::kIndexVersion, path + " is not a byline index (no schema version)",
            "point --db at a byline index or a new directory"};
  }
  // The whole value a number: "1abc" or "1.9" is no version 1.
  int version = 0;
  const auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), version);
  const bool number = ec == std::errc() && end == v.data() + v.size();
  const std::string shown = strip_controls(v.substr(0, 40));
  if (number && version > schema::kSchemaVersion)
    return {ErrorCode::kIndexVersion,
            "index " + path + " has schema version " + shown + "; this byline reads version " +
                std::to_string(schema::kSchemaVersion),
            "a newer byline wrote it: upgrade byline to read it"};
  if (!number || version <= 0)
    return {ErrorCode::kIndexVersion,
            "index " + path + " has an invalid schema version (" + shown + ")",
            "it was not written by byline, or its metadata is damaged: restore it from a backup "
            "(`byline rebuild` and `export` cannot read it either)"};
  // Read at every query and every write: an unknown one failed later, as an internal error
  // from Xapian's stemmer.
  const std::string stemmer = db.get_metadata(std::string(schema::kMetaStemmer));
  if (!stemmer.empty() && stemmer != schema::kStemByLanguage && stemmer != schema::kStemLanguage)
    return {ErrorCode::kIndexVersion,
            "index " + path + " has a stemmer this byline does not know (" +
                strip_controls(stemmer.substr(0, 40)) + ")",
            "a newer byline may have written it: upgrade byline; else its metadata is damaged: "
            "restore it from a backup"};
  return Status::Ok();
}

Status check_features(const Xapian::Database& db, const std::string& path) {
  const std::string features = db.get_metadata(std::string(schema::kMetaFeatures));
  std::string_view rest = features;
  while (!rest.empty()) {
    const size_t comma = rest.find(',');
    const std::string_view f = rest.substr(0, comma);
    rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
    if (f.empty()) continue;
    bool known = false;
    std::string_view all = schema::kFeatures;
    while (!known && !all.empty()) {
      const size_t c = all.find(',');
      known = all.substr(0, c) == f;
      all = c == std::string_view::npos ? std::string_view() : all.substr(c + 1);
    }
    if (!known)
      return {ErrorCode::kIndexVersion,
              "index " + path + " was written with a feature this byline does not know (" +
                  strip_controls(std::string(f.substr(0, 40))) +
                  "): its articles would be written without it",
              "a newer byline wrote it: upgrade byline to write to it (reading it works)"};
  }
  return Status::Ok();
}

}  // namespace byline
