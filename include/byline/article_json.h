// byline/article_json.h: the Article record's JSON form (schemas/article.schema.json).
// In byline::indexer: reading a record that has only a `body` runs the section tagger.
// Thread-safety: these functions may run on any number of threads at once.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "byline/article.h"
#include "byline/status.h"

namespace byline {

/// Serialises an article as one JSON object (valid UTF-8 whatever the input bytes).
std::string article_to_json(const Article& article, int indent = -1);
/// Parses one JSON Lines record. Accepts `body` or `sections`, `source` or `site_name` (a
/// `source` that is only the URL's host, as article_to_json writes it, names no site), and
/// `published`/`date` as ISO 8601 or Unix seconds. A field that is present but unusable (a date
/// that is none, such as "yesterday", seconds outside the years 1000-9999, a count that is no
/// count, a list that is no list of strings) is left out, and with `warnings` a line says so.
/// A record that is not strict JSON only in its encoding or by a lenient writer's habits
/// (bytes that are not UTF-8, a lone surrogate escape, a raw line break in a string, a comma
/// before a closing bracket) is read repaired, with a warning; other bad JSON is kBadInput
/// with the parser's line and column.
Result<Article> article_from_json(std::string_view json,
                                  std::vector<std::string>* warnings = nullptr);

/// A removal record, {"id": ID, "removed": TIME} (ISO 8601 UTC), as `byline export --since`
/// writes one for an article removed since (schemas/removal.schema.json); {"url": URL, ...}
/// for one that names its article by URL alone.
std::string removal_to_json(const Removal& removal);
/// The removal a JSON Lines record asks for, when it is one: an object of `removed` (a time,
/// ISO 8601 or Unix seconds, or true) and `id` or `url` (or both), and nothing else. Nothing for
/// any other record (an article is read by article_from_json()).
std::optional<Removal> removal_from_json(std::string_view json);

}  // namespace byline
