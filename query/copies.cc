#include "query/copies.h"

#include "indexer/schema.h"

namespace byline {

std::string id_term(const Xapian::Document& doc) {
  // The stored record starts {"id":"..." (schemas/index.md): read there, the id costs no
  // termlist. Records written before that order: the "Q" term, the only prefix that starts
  // with Q (schema.h; words are lower-case).
  constexpr std::string_view kHead = "{\"id\":\"";
  const std::string data = doc.get_data();
  if (data.starts_with(kHead)) {
    const size_t end = data.find('"', kHead.size());
    const std::string_view id = std::string_view(data).substr(kHead.size(), end - kHead.size());
    if (end != std::string::npos && !id.empty() && id.find('\\') == std::string_view::npos)
      return "Q" + std::string(id);  // no escapes: the id as written
  }
  auto it = doc.termlist_begin();
  it.skip_to("Q");
  if (it == doc.termlist_end()) return {};
  const std::string term = *it;
  return term.size() > 1 && term[0] == 'Q' ? term : std::string();
}

bool CrossIndexCopies::seen(const Xapian::Document& doc) {
  if (!active_) return false;
  const std::string id = id_term(doc);
  const std::string group = doc.get_value(schema::kSlotCopyGroup);
  if ((!id.empty() && ids_.count(id)) || (!group.empty() && groups_.count(group))) return true;
  if (!group.empty()) groups_.insert(group);
  if (id.empty()) return false;
  ids_.insert(id);
  // The same id in the other indexes, and the copies grouped with it there (none to look for
  // when this document is the only one with the id).
  if (db_->get_termfreq(id) <= 1) return false;
  for (auto p = db_->postlist_begin(id); p != db_->postlist_end(id); ++p)
    if (std::string g = db_->get_document(*p).get_value(schema::kSlotCopyGroup); !g.empty())
      groups_.insert(std::move(g));
  return false;
}

}  // namespace byline
