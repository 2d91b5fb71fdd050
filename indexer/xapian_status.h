// indexer/xapian_status.h: the one place Xapian exceptions become Status values.
#pragma once

#include <xapian.h>

#include <cstdint>
#include <string>
#include <system_error>
#include <utility>

#include "byline/status.h"

namespace byline {

/// Maps a Xapian exception to a Status with a message naming `path` and a hint.
Status xapian_status(const Xapian::Error& e, const std::string& path);

/// Whether `e` is a write that failed (a full disk, a quota, an I/O error while writing), not
/// an index that cannot be read.
bool is_write_failure(const Xapian::Error& e);
/// A write failure for want of room: no space, a quota, a file size limit (kNoSpace, exit 12);
/// another (an I/O error) says the index cannot be written (kIndexCorrupt).
bool is_out_of_space(const Xapian::Error& e);

/// Ok when this process may read (and, for `write`, change) the index directory `path`;
/// else kIndexCorrupt naming the reason. Xapian says only "Couldn't detect type of database"
/// of a directory it may not read, which reads as no index at all.
Status check_index_access(const std::string& path, bool write);
/// kIndexCorrupt ("cannot use index PATH: Permission denied") when `ec`, from looking `path`
/// up, says a directory above it may not be entered: no missing index. Ok otherwise.
Status check_lookup_error(const std::string& path, const std::error_code& ec);

/// kIndexVersion when `path` is a directory of other files and no index (a home directory, a
/// typo): "not a byline index", for readers and writers alike; Ok otherwise.
Status check_not_other_files(const std::string& path);

/// The identity (device, inode) of the directory `path` names now, {0, 0} when there is none:
/// an index replaced under a reader or a writer (a compaction) is another directory.
std::pair<uint64_t, uint64_t> directory_identity(const std::string& path);

/// Bytes of the files under `path` (an index's size on disk).
uint64_t directory_bytes(const std::string& path);

/// Checks the schema metadata of an opened database: ok, or kIndexVersion for a newer schema, a
/// stemmer this byline does not know, or a database that is not a byline index.
Status check_schema(const Xapian::Database& db, const std::string& path);

/// For a writer: kIndexVersion when the index's byline.features name one this byline does not
/// know (a newer byline's), which the articles written now would lack while the index claims it.
Status check_features(const Xapian::Database& db, const std::string& path);

}  // namespace byline
