#include "query/results_json.h"

#include "common/datetime.h"
#include "common/text.h"
#include "indexer/article_json_value.h"

namespace byline {

namespace {

nlohmann::json date_json(const std::optional<int64_t>& t) {
  return t ? nlohmann::json(format_iso8601(*t)) : nlohmann::json(nullptr);
}

nlohmann::json hits_json(const std::vector<Hit>& hits, bool with_why) {
  nlohmann::json arr = nlohmann::json::array();
  for (const auto& h : hits) arr.push_back(hit_json(h, with_why));
  return arr;
}

}  // namespace

nlohmann::json hit_json(const Hit& h, bool with_why) {
  nlohmann::json j;
  j["id"] = sanitize_utf8(h.id);
  j["title"] = sanitize_utf8(h.title);
  j["url"] = sanitize_utf8(h.url);
  j["source"] = sanitize_utf8(h.source);
  j["published"] = date_json(h.published);
  j["score"] = h.score;
  if (!h.snippet.empty()) j["snippet"] = sanitize_utf8(h.snippet);
  if (h.copies > 0) j["copies"] = h.copies;
  if (with_why) {
    nlohmann::json why = nlohmann::json::array();
    for (const auto& w : h.why) why.push_back(sanitize_utf8(w));
    j["why"] = std::move(why);
  }
  return j;
}

nlohmann::json search_json(const SearchResults& results, int offset, bool facets) {
  nlohmann::json j = {{"results", hits_json(results.hits, false)},
                      {"total_estimate", results.total_estimate},
                      {"offset", offset},
                      {"warnings", nlohmann::json::array()}};
  for (const auto& w : results.warnings) j["warnings"].push_back(sanitize_utf8(w));
  if (!results.suggestion.empty()) j["suggestion"] = sanitize_utf8(results.suggestion);
  if (facets) {
    nlohmann::json sources = nlohmann::json::array();
    for (const Facet& f : results.sources)
      sources.push_back({{"value", sanitize_utf8(f.value)}, {"count", f.count}});
    j["facets"] = {{"source", std::move(sources)}};
  }
  return j;
}

nlohmann::json related_json(const std::vector<Hit>& hits) {
  return {{"results", hits_json(hits, true)}};
}

nlohmann::json article_json(const Article& article, const std::vector<std::string>& entities) {
  nlohmann::json j = article_json_value(article);  // no serialise-then-parse round trip
  j["entities"] = nlohmann::json::array();
  for (const auto& e : entities) j["entities"].push_back(sanitize_utf8(e));
  return j;
}

nlohmann::json stats_json(const IndexStats& s, size_t subscribed_feeds) {
  nlohmann::json indexes = nlohmann::json::array();
  for (const IndexPart& p : s.indexes)
    indexes.push_back(
        {{"path", sanitize_utf8(p.path)}, {"articles", p.articles}, {"size_bytes", p.size_bytes}});
  return {{"path", sanitize_utf8(s.path)},
          {"indexes", std::move(indexes)},
          {"articles", s.articles},
          {"sources", s.sources},
          {"feeds", s.feeds},  // kept for scripts: the same as article_feeds
          {"article_feeds", s.feeds},
          {"subscribed_feeds", subscribed_feeds},
          {"oldest", date_json(s.oldest)},
          {"newest", date_json(s.newest)},
          {"schema_version", s.schema_version},
          {"size_bytes", s.size_bytes}};
}

}  // namespace byline
