// query/copies.h: one story, one hit, across several indexes read as one.
//
// Each index groups near-duplicate copies as it is written (the copy-group value slot), so a
// story stored in two indexes may carry another group key in each, and Xapian's collapse (by
// key) then lists it, or a copy of it, twice. Over several indexes the query side keeps a hit
// only when neither its id nor its group key belongs to a story already kept; a story kept
// brings in the group key its id has in every index.
#pragma once

#include <xapian.h>

#include <map>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "indexer/simhash.h"

namespace byline {

class CrossIndexCopies {
 public:
  /// `by_group`: false keeps every copy of a story, dropping only the same article stored in
  /// another index (search's --all-copies).
  explicit CrossIndexCopies(const Xapian::Database& db, bool by_group = true)
      : db_(&db), active_(db.size() > 1), by_group_(by_group) {}

  /// Whether the database is several indexes (with one, Xapian's collapse is enough).
  bool active() const { return active_; }
  /// Whether `doc` is a story already kept (or excluded); if not, remembers it and returns
  /// false. Always false when not active(). `owner`, when given and `doc` was seen, receives
  /// the id term of the kept story it belongs to.
  bool seen(const Xapian::Document& doc, std::string* owner = nullptr);
  /// Remembers `doc`'s story without asking: the article related stories are found for.
  void exclude(const Xapian::Document& doc) { (void)seen(doc); }
  /// How many copies of the story `story_id` (an id term) a document of it brings, given the
  /// `collapsed` copies Xapian's collapse counted with it: itself when it is another article
  /// (a copy dropped from the hits), and those collapsed, but never the story's own article
  /// stored in another index. A copy stored in two indexes under one group key still counts
  /// twice: ids of group members are not indexed, so telling them apart would cost a scan.
  /// `docid`: the document's in the database searched (a Document from several indexes knows
  /// only its docid in its own).
  Xapian::doccount copies_of(const std::string& story_id, const Xapian::Document& doc,
                             Xapian::docid docid, Xapian::doccount collapsed) const;

 private:
  const Xapian::Database* db_;
  bool active_;
  bool by_group_;
  std::map<std::string, std::string> ids_;     // "Q" term -> its story's id term
  std::map<std::string, std::string> groups_;  // copy-group key, from every index -> story
};

/// Copies of one story that the index did not group: from one source (slot 2, not empty), under
/// one headline, with MinHash signatures (slot 6) agreeing on half their rows, as an AMP page
/// or a teaser cut short does with its page. Other sources' wire copies are each relevant to a
/// reader in issue 5's protocol; one source's releases that share a long boilerplate have
/// headlines of their own.
class NearCopies {
 public:
  /// Whether `doc` is one source's copy of a document already kept (its headline, half the rows);
  /// if not, keeps it and returns false.
  bool seen(const Xapian::Document& doc);

 private:
  struct Kept {
    Xapian::Document doc;
    MinHash sig;
  };
  std::unordered_map<std::string, std::vector<Kept>> kept_;  // source -> documents
};

/// Whether `b` is a copy of the article `a` that the index did not group: under its headline,
/// with MinHash signatures agreeing on half their rows, from its source (its AMP page, a
/// teaser) or, under a headline of four words or more, from another (a copy cut short; a
/// newsletter's "Morning briefing" is no story's headline). related() drops such copies of the
/// article itself.
bool headline_copy(const Xapian::Document& a, const std::optional<MinHash>& a_sig,
                   const Xapian::Document& b, const std::optional<MinHash>& b_sig);

/// Counts the sources (slot 2) of a search's matches over several indexes, an article stored in
/// more than one of them once (Xapian's ValueCountMatchSpy counts each stored copy). Local
/// indexes only: a remote one (xapian-tcpsrv) runs no match spy of ours.
class SourceCountSpy : public Xapian::MatchSpy {
 public:
  void operator()(const Xapian::Document& doc, double wt) override;
  /// Up to `n` sources, the most matches first, ties by name; empty sources left out.
  std::vector<std::pair<std::string, Xapian::doccount>> top(size_t n) const;

 private:
  std::unordered_set<std::string> ids_;  // id terms counted
  std::unordered_map<std::string, Xapian::doccount> counts_;
};

/// The id term ("Q...") of an indexed article's document; "" when it has none.
std::string id_term(const Xapian::Document& doc);

}  // namespace byline
