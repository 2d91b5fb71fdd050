#include "query/results_json.h"

#include <algorithm>

#include "common/datetime.h"
#include "common/text.h"
#include "indexer/article_json_value.h"

namespace byline {

namespace {

nlohmann::ordered_json date_json(const std::optional<int64_t>& t) {
  return t ? nlohmann::ordered_json(format_iso8601(*t)) : nlohmann::ordered_json(nullptr);
}

// The snippet's highlights as [start, end) offsets in code points of the snippet as written out
// (sanitized), as JSON's readers index a string; byte offsets would cut their characters.
nlohmann::ordered_json highlights_json(const Hit& h) {
  nlohmann::ordered_json out = nlohmann::ordered_json::array();
  const auto code_points = [](const std::string& s) {
    return static_cast<size_t>(
        std::count_if(s.begin(), s.end(), [](char c) { return (c & 0xC0) != 0x80; }));
  };
  const std::string_view snippet = h.snippet;
  size_t at = 0, count = 0;
  for (const auto& [first, second] : h.highlights) {
    if (first < at || first >= second || second > snippet.size()) continue;
    count += code_points(sanitize_utf8(snippet.substr(at, first - at)));
    const size_t start = count;
    count += code_points(sanitize_utf8(snippet.substr(first, second - first)));
    out.push_back({start, count});
    at = second;
  }
  return out;
}

nlohmann::ordered_json hits_json(const std::vector<Hit>& hits, bool with_why) {
  nlohmann::ordered_json arr = nlohmann::ordered_json::array();
  for (const auto& h : hits) arr.push_back(hit_json(h, with_why));
  return arr;
}

}  // namespace

nlohmann::ordered_json hit_json(const Hit& h, bool with_why) {
  nlohmann::ordered_json j;
  j["id"] = sanitize_utf8(h.id);
  j["title"] = sanitize_utf8(h.title);
  j["url"] = sanitize_utf8(h.url);
  j["source"] = sanitize_utf8(h.source);
  j["published"] = date_json(h.published);
  j["score"] = h.score;
  if (!h.snippet.empty()) {
    j["snippet"] = sanitize_utf8(h.snippet);
    j["highlights"] = highlights_json(h);
  }
  if (h.copies > 0) j["copies"] = h.copies;
  if (with_why) {
    nlohmann::ordered_json why = nlohmann::ordered_json::array();
    for (const auto& w : h.why) why.push_back(sanitize_utf8(w));
    j["why"] = std::move(why);
  }
  return j;
}

nlohmann::ordered_json search_json(const SearchResults& results, int offset, bool facets) {
  // The counts and notes first, where a reader of the terminal sees them; the hits last.
  nlohmann::ordered_json j = {{"total_estimate", results.total_estimate}, {"offset", offset}};
  if (!results.suggestion.empty()) j["suggestion"] = sanitize_utf8(results.suggestion);
  if (results.some_words) j["some_words"] = true;
  j["warnings"] = nlohmann::ordered_json::array();
  for (const auto& w : results.warnings) j["warnings"].push_back(sanitize_utf8(w));
  if (facets) {
    nlohmann::ordered_json sources = nlohmann::ordered_json::array();
    for (const Facet& f : results.sources)
      sources.push_back({{"value", sanitize_utf8(f.value)}, {"count", f.count}});
    j["facets"] = {{"source", std::move(sources)}};
  }
  j["results"] = hits_json(results.hits, false);
  return j;
}

nlohmann::ordered_json related_json(const std::vector<Hit>& hits) {
  return {{"results", hits_json(hits, true)}};
}

nlohmann::ordered_json article_json(const Article& article,
                                    const std::vector<std::string>& entities) {
  nlohmann::ordered_json j = article_json_value(article);  // no serialise-then-parse round trip
  j["entities"] = nlohmann::ordered_json::array();
  for (const auto& e : entities) j["entities"].push_back(sanitize_utf8(e));
  return j;
}

nlohmann::ordered_json stats_json(const IndexStats& s, size_t subscribed_feeds) {
  nlohmann::ordered_json indexes = nlohmann::ordered_json::array();
  for (const IndexPart& p : s.indexes) {
    nlohmann::ordered_json outdated = nlohmann::ordered_json::array();
    for (const std::string& o : p.outdated) outdated.push_back(sanitize_utf8(o));
    indexes.push_back({{"path", sanitize_utf8(p.path)},
                       {"articles", p.articles},
                       {"size_bytes", p.size_bytes},
                       {"outdated", std::move(outdated)},
                       {"rebuild_advised", p.rebuild_advised}});
  }
  return {{"path", sanitize_utf8(s.path)},
          {"indexes", std::move(indexes)},
          {"articles", s.articles},
          {"sources", s.sources},
          {"feeds", s.feeds},  // kept for scripts: the same as article_feeds
          {"article_feeds", s.feeds},
          {"subscribed_feeds", subscribed_feeds},
          {"oldest", date_json(s.oldest)},
          {"newest", date_json(s.newest)},
          {"last_indexed", date_json(s.last_indexed)},
          {"schema_version", s.schema_version},
          {"size_bytes", s.size_bytes}};
}

}  // namespace byline
