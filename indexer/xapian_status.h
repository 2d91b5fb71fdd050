// indexer/xapian_status.h: the one place Xapian exceptions become Status values.
#pragma once

#include <xapian.h>

#include <string>

#include "byline/status.h"

namespace byline {

/// Maps a Xapian exception to a Status with a message naming `path` and a hint.
Status xapian_status(const Xapian::Error& e, const std::string& path);

/// Ok when this process may read (and, for `write`, change) the index directory `path`;
/// else kIndexCorrupt naming the reason. Xapian says only "Couldn't detect type of database"
/// of a directory it may not read, which reads as no index at all.
Status check_index_access(const std::string& path, bool write);

/// Checks the schema metadata of an opened database: ok, or kIndexVersion for a newer schema or
/// a database that is not a byline index.
Status check_schema(const Xapian::Database& db, const std::string& path);

}  // namespace byline
