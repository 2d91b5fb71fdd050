// query/results_json.h: the JSON form of what a Searcher answers (schemas/results.schema.json),
// one code path for every front end: the `byline` executable's --format json and the HTTP API.
// Objects keep the order their keys are written in (ordered_json): the important ones first.
// Every string is valid UTF-8 whatever the index holds.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "byline/search.h"

namespace byline {

/// One hit; `why` (the shared terms and entities) only for related().
nlohmann::ordered_json hit_json(const Hit& hit, bool with_why);
/// search(): {"total_estimate", "offset", "suggestion" (when there is one), "warnings",
/// "facets" (with `facets`: {"source": [{value, count}]}), "results"}, in that order.
nlohmann::ordered_json search_json(const SearchResults& results, int offset, bool facets);
/// related(): {"results": [...]}.
nlohmann::ordered_json related_json(const std::vector<Hit>& hits);
/// get(): the Article record (schemas/article.schema.json) with its stored entity names.
nlohmann::ordered_json article_json(const Article& article,
                                    const std::vector<std::string>& entities);
/// stats(), with the number of subscribed feeds (`byline feeds`).
nlohmann::ordered_json stats_json(const IndexStats& stats, size_t subscribed_feeds);

}  // namespace byline
