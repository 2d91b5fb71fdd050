#include "indexer/xapian_status.h"

#include "indexer/schema.h"

namespace byline {

Status xapian_status(const Xapian::Error& e, const std::string& path) {
  const std::string type = e.get_type();
  if (type == "DatabaseLockError")
    return {ErrorCode::kIndexLocked, "index is locked: " + path,
            "another byline process is writing to it; retry later or pass --wait"};
  if (type == "DatabaseOpeningError" || type == "DatabaseNotFoundError")
    return {ErrorCode::kNotFound, "cannot open index " + path + ": " + e.get_msg(),
            "run `byline crawl` or `byline index` first, or pass --db PATH"};
  if (type == "DatabaseCorruptError" || type == "DatabaseVersionError")
    return {ErrorCode::kIndexCorrupt, "index " + path + " is unreadable: " + e.get_msg(),
            "restore it from a backup or rebuild it with `byline index`/`byline crawl`"};
  if (type == "QueryParserError")
    return {ErrorCode::kBadQuery, "bad query: " + e.get_msg(),
            "quote phrases, and check brackets and prefixes (see `byline search --help`)"};
  return {ErrorCode::kInternal, "index error (" + type + "): " + e.get_msg()};
}

Status check_schema(const Xapian::Database& db, const std::string& path) {
  const std::string v = db.get_metadata(std::string(schema::kMetaSchemaVersion));
  if (v.empty()) {
    if (db.get_doccount() == 0) return Status::Ok();
    return {ErrorCode::kIndexVersion, path + " is not a byline index (no schema version)",
            "point --db at a byline index or a new directory"};
  }
  int version = 0;
  try {
    version = std::stoi(v);
  } catch (...) {
    version = -1;
  }
  if (version > schema::kSchemaVersion || version <= 0)
    return {ErrorCode::kIndexVersion,
            "index " + path + " has schema version " + v + "; this byline reads version " +
                std::to_string(schema::kSchemaVersion),
            "upgrade byline, or rebuild the index with this version"};
  return Status::Ok();
}

}  // namespace byline
