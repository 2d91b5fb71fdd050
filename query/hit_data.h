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
  std::vector<std::string> entities;
};

HitData parse_hit_data(std::string_view data);

}  // namespace byline
