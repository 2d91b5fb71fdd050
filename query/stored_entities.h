// query/stored_entities.h: the entity names stored with an indexed article, for `byline show`.
#pragma once

#include <string>
#include <vector>

#include "byline/status.h"

namespace byline {

/// The `entities` of the stored record of the article with this id in the index at `db_path`
/// (schemas/index.md, "Document data"), most mentioned first; kNotFound when no article has it.
Result<std::vector<std::string>> stored_entities(const std::string& db_path, const std::string& id);

}  // namespace byline
