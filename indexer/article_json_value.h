// indexer/article_json_value.h: the Article record as a JSON value, for code that adds fields
// before serialising (the stored document data) without a text round trip.
#pragma once

#include <nlohmann/json.hpp>

#include "byline/article.h"

namespace byline {

/// The object article_to_json() serialises; every string already valid UTF-8.
nlohmann::json article_json_value(const Article& article);

}  // namespace byline
