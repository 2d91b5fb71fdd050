#include "query/hit_data.h"

#include <nlohmann/json.hpp>

#include "common/datetime.h"

namespace byline {

HitData parse_hit_data(std::string_view data) {
  HitData out;
  const auto j = nlohmann::json::parse(data, nullptr, false);
  if (!j.is_object()) return out;
  auto s = [&](const char* k) {
    auto it = j.find(k);
    return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
  };
  out.hit.id = s("id");
  out.hit.title = s("title");
  out.hit.url = s("url");
  out.hit.source = s("source");
  if (const std::string p = s("published"); !p.empty()) out.hit.published = parse_date(p);
  out.body = s("body");
  if (out.body.empty()) {  // stored documents keep only the sections
    if (auto it = j.find("sections"); it != j.end() && it->is_array())
      for (const auto& sec : *it) {
        if (!sec.is_object()) continue;
        for (const char* k : {"heading", "text"}) {
          auto f = sec.find(k);
          if (f == sec.end() || !f->is_string() || f->get_ref<const std::string&>().empty())
            continue;
          if (!out.body.empty()) out.body += "\n\n";
          out.body += f->get<std::string>();
        }
      }
  }
  if (auto it = j.find("entities"); it != j.end() && it->is_array())
    for (const auto& e : *it)
      if (e.is_string()) out.entities.push_back(e.get<std::string>());
  return out;
}

}  // namespace byline
