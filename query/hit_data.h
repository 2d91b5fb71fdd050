// query/hit_data.h: reads the stored document data (the Article JSON) into result fields.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "byline/search.h"

namespace byline {

struct HitData {
  Hit hit;
  std::string body;
  std::string language;  ///< with the body only: how its words are stemmed
  std::vector<std::string> entities;
};

/// `with_body`: also gather the text (for snippets). Without it the sections are skipped while
/// parsing, which is most of the stored data: related() reads ten of these per query.
HitData parse_hit_data(std::string_view data, bool with_body = true);

}  // namespace byline
