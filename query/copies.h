// query/copies.h: one story, one hit, across several indexes read as one.
//
// Each index groups near-duplicate copies as it is written (the copy-group value slot), so a
// story stored in two indexes may carry another group key in each, and Xapian's collapse (by
// key) then lists it, or a copy of it, twice. Over several indexes the query side keeps a hit
// only when neither its id nor its group key belongs to a story already kept; a story kept
// brings in the group key its id has in every index.
#pragma once

#include <xapian.h>

#include <set>
#include <string>

namespace byline {

class CrossIndexCopies {
 public:
  explicit CrossIndexCopies(const Xapian::Database& db) : db_(&db), active_(db.size() > 1) {}

  /// Whether the database is several indexes (with one, Xapian's collapse is enough).
  bool active() const { return active_; }
  /// Whether `doc` is a story already kept (or excluded); if not, remembers it and returns
  /// false. Always false when not active().
  bool seen(const Xapian::Document& doc);
  /// Remembers `doc`'s story without asking: the article related stories are found for.
  void exclude(const Xapian::Document& doc) { (void)seen(doc); }

 private:
  const Xapian::Database* db_;
  bool active_;
  std::set<std::string> ids_;     // "Q" terms
  std::set<std::string> groups_;  // copy-group keys, from every index
};

/// The id term ("Q...") of an indexed article's document; "" when it has none.
std::string id_term(const Xapian::Document& doc);

}  // namespace byline
