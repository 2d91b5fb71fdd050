#include "query/stored_entities.h"

#include <xapian.h>

#include "indexer/xapian_status.h"
#include "query/hit_data.h"

namespace byline {

Result<std::vector<std::string>> stored_entities(const std::string& db_path,
                                                 const std::string& id) {
  try {
    Xapian::Database db(db_path);
    const std::string term = "Q" + id;
    for (int attempt = 0;; ++attempt) {
      try {
        Xapian::PostingIterator p = db.postlist_begin(term);
        if (p == db.postlist_end(term))
          return Status(ErrorCode::kNotFound, "no article with id '" + id + "' in the index");
        return parse_hit_data(db.get_document(*p).get_data(), false).entities;
      } catch (const Xapian::DatabaseModifiedError&) {
        if (attempt > 0) throw;
        db.reopen();  // a writer moved the revision on under us: once more on the newest
      }
    }
  } catch (const Xapian::Error& e) {
    return xapian_status(e, db_path);
  }
}

}  // namespace byline
