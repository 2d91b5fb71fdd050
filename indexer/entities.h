// indexer/entities.h: named entities (companies, products, people) found in an article.
#pragma once

#include <string>
#include <vector>

#include "byline/article.h"

namespace byline {

struct Entity {
  std::string name;  ///< as written, longest form ("Mark Zuckerberg")
  std::string key;   ///< lower-cased, the index term after the XE prefix
  int mentions = 0;  ///< mentions of the name or of a part of it ("Zuckerberg")
  bool in_title = false;
};

/// Capitalised name sequences, CamelCase product names and model numbers that are named in the
/// title or mentioned at least twice, most-mentioned first, at most `limit`. Sentence-initial
/// common words, months and weekdays are not entities.
std::vector<Entity> extract_entities(const Article& article, size_t limit = 24);

}  // namespace byline
