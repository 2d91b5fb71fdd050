// byline/article_json.h: the Article record's JSON form (schemas/article.schema.json).
// In byline::indexer: reading a record that has only a `body` runs the section tagger.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "byline/article.h"
#include "byline/status.h"

namespace byline {

/// Serialises an article as one JSON object (valid UTF-8 whatever the input bytes).
std::string article_to_json(const Article& article, int indent = -1);
/// Parses one JSON Lines record. Accepts `body` or `sections`, `source` or `site_name`, and
/// `published`/`date` as ISO 8601 or Unix seconds. A field that is present but unusable (a date
/// that is none, such as "yesterday", or seconds outside the years 1000-9999) is left out, and
/// with `warnings` a line says so.
Result<Article> article_from_json(std::string_view json,
                                  std::vector<std::string>* warnings = nullptr);

}  // namespace byline
