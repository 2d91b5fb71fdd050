// indexer/article_json_value.h: the Article record as a JSON value, for code that adds fields
// before serialising (the stored document data) without a text round trip.
#pragma once

#include <nlohmann/json.hpp>

#include "byline/article.h"

namespace byline {

/// The object article_to_json() serialises; every string already valid UTF-8. Without
/// `include_body` the derived `body` (the sections joined) is left out.
nlohmann::ordered_json article_json_value(const Article& article, bool include_body = true);

}  // namespace byline
