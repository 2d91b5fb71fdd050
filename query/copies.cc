#include "query/copies.h"

#include <xapian.h>

#include <algorithm>

#include "common/text.h"
#include "indexer/schema.h"
#include "indexer/simhash.h"
#include "query/hit_data.h"

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

void SourceCountSpy::operator()(const Xapian::Document& doc, double) {
  if (const std::string id = id_term(doc); !id.empty() && !ids_.insert(id).second) return;
  ++counts_[doc.get_value(schema::kSlotSource)];
}

std::vector<std::pair<std::string, Xapian::doccount>> SourceCountSpy::top(size_t n) const {
  std::vector<std::pair<std::string, Xapian::doccount>> out;
  for (const auto& [source, count] : counts_)
    if (!source.empty()) out.emplace_back(source, count);
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
    return a.second != b.second ? a.second > b.second : a.first < b.first;
  });
  if (out.size() > n) out.resize(n);
  return out;
}

bool CrossIndexCopies::seen(const Xapian::Document& doc, std::string* owner) {
  if (!active_) return false;
  const std::string id = id_term(doc);
  const std::string group = by_group_ ? doc.get_value(schema::kSlotCopyGroup) : std::string();
  const auto by_id = id.empty() ? ids_.end() : ids_.find(id);
  const auto by_group = group.empty() ? groups_.end() : groups_.find(group);
  if (by_id != ids_.end() || by_group != groups_.end()) {
    if (owner) *owner = by_id != ids_.end() ? by_id->second : by_group->second;
    return true;
  }
  if (!group.empty()) groups_.emplace(group, id);
  if (id.empty()) return false;
  ids_.emplace(id, id);
  // The same id in the other indexes, and the copies grouped with it there (none to look for
  // when this document is the only one with the id).
  if (!by_group_ || db_->get_termfreq(id) <= 1) return false;
  for (auto p = db_->postlist_begin(id); p != db_->postlist_end(id); ++p)
    if (std::string g = db_->get_document(*p).get_value(schema::kSlotCopyGroup); !g.empty())
      groups_.emplace(std::move(g), id);
  return false;
}

Xapian::doccount CrossIndexCopies::copies_of(const std::string& story_id,
                                             const Xapian::Document& doc, Xapian::docid docid,
                                             Xapian::doccount collapsed) const {
  Xapian::doccount n = collapsed + (id_term(doc) == story_id ? 0 : 1);
  if (!active_ || collapsed == 0 || story_id.empty() || db_->get_termfreq(story_id) <= 1) return n;
  // The story's own article, stored in another index in this document's group, is no copy.
  const std::string group = doc.get_value(schema::kSlotCopyGroup);
  for (auto p = db_->postlist_begin(story_id); p != db_->postlist_end(story_id) && n > 0; ++p)
    if (*p != docid && db_->get_document(*p).get_value(schema::kSlotCopyGroup) == group) --n;
  return n;
}

namespace {
// A headline as written, but for case, spacing, and the site's name or "AMP" after it ("Chip
// rules tighten | TechSite", as a mobile copy's <title> reads: re-audit, session 45).
std::string headline_of(const Xapian::Document& doc) {
  std::string h =
      to_lower_ascii(collapse_whitespace(parse_hit_data(doc.get_data(), false).hit.title));
  const std::string source =
      to_lower_ascii(collapse_whitespace(doc.get_value(schema::kSlotSource)));
  for (std::string_view sep : {" | ", " - ", " \u2013 ", " \u2014 ", " :: "}) {
    const size_t at = h.rfind(sep);
    if (at == std::string::npos || at == 0) continue;
    const std::string_view tail = std::string_view(h).substr(at + sep.size());
    if (tail == "amp" || (!source.empty() && tail == source)) {
      h.resize(at);
      break;
    }
  }
  return h;
}
// Words as SimHash reads them: runs of letters and digits, and each Chinese, Japanese or
// Korean character one ("—" is none, "苹果公司发布" six).
size_t headline_words(std::string_view h) {
  size_t n = 0;
  bool in_word = false;
  std::string one;
  for (Xapian::Utf8Iterator it(h.data(), h.size()); it != Xapian::Utf8Iterator(); ++it) {
    if (!Xapian::Unicode::is_wordchar(*it)) {
      in_word = false;
      continue;
    }
    one.clear();
    Xapian::Unicode::append_utf8(one, *it);
    if (count_cjk_letters(one) > 0) {
      ++n;
      in_word = false;
    } else if (!in_word) {
      ++n;
      in_word = true;
    }
  }
  return n;
}
}  // namespace

bool NearCopies::seen(const Xapian::Document& doc) {
  const std::optional<MinHash> sig = decode_minhash(doc.get_value(schema::kSlotMinHash));
  const std::string source = doc.get_value(schema::kSlotSource);
  if (!sig || source.empty()) return false;
  std::vector<Kept>& same_source = kept_[source];
  std::string headline;  // read only for a text this close: rarely
  for (const Kept& k : same_source)
    if (minhash_similarity(*sig, k.sig) >= kCopyConfirmJaccard) {
      if (headline.empty()) headline = headline_of(doc);
      if (!headline.empty() && headline == headline_of(k.doc)) return true;
    }
  same_source.push_back({doc, *sig});
  return false;
}

bool headline_copy(const Xapian::Document& a, const std::optional<MinHash>& a_sig,
                   const Xapian::Document& b, const std::optional<MinHash>& b_sig) {
  if (!a_sig || !b_sig || minhash_similarity(*a_sig, *b_sig) < kCopyConfirmJaccard) return false;
  const std::string headline = headline_of(a);
  if (headline.empty() || headline != headline_of(b)) return false;
  // Another outlet's: a headline of its own story, not a newsletter's name ("Morning
  // briefing", "Your evening update") over a shared footer (re-audit, session 50).
  const std::string source = a.get_value(schema::kSlotSource);
  if (!source.empty() && source == b.get_value(schema::kSlotSource)) return true;
  return headline_words(headline) >= 4;
}

}  // namespace byline
