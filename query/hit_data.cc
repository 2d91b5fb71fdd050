#include "query/hit_data.h"

#include <nlohmann/json.hpp>

#include "common/datetime.h"

namespace byline {

namespace {

using json = nlohmann::json;

/// Reads the result fields and entities with no DOM, stopping where they end in data written
/// result fields first (schemas/index.md).
class HitFieldsReader : public nlohmann::json_sax<json> {
 public:
  explicit HitFieldsReader(HitData& out) : out_(out) {}

  bool null() override { return true; }
  bool boolean(bool) override { return true; }
  bool number_integer(number_integer_t) override { return true; }
  bool number_unsigned(number_unsigned_t) override { return true; }
  bool number_float(number_float_t, const string_t&) override { return true; }
  bool binary(binary_t&) override { return true; }
  bool string(string_t& v) override {
    if (depth_ == 2 && in_entities_) {
      out_.entities.push_back(std::move(v));
    } else if (depth_ == 1) {
      if (key_ == "id")
        out_.hit.id = std::move(v);
      else if (key_ == "title")
        out_.hit.title = std::move(v);
      else if (key_ == "url")
        out_.hit.url = std::move(v);
      else if (key_ == "source")
        out_.hit.source = std::move(v);
      else if (key_ == "published")
        out_.hit.published = parse_date(v);
    }
    return true;
  }
  bool start_object(std::size_t) override {
    ++depth_;
    return true;
  }
  bool end_object() override {
    --depth_;
    return true;
  }
  bool start_array(std::size_t) override {
    ++depth_;
    in_entities_ = depth_ == 2 && key_ == "entities";
    return true;
  }
  bool end_array() override {
    --depth_;
    in_entities_ = false;
    return true;
  }
  bool key(string_t& k) override {
    if (depth_ != 1) return true;
    if (first_key_) hit_fields_first_ = k == "id";
    first_key_ = false;
    key_ = std::move(k);
    // Past the result fields and entities: nothing more to read.
    return !(hit_fields_first_ && key_ != "id" && key_ != "title" && key_ != "url" &&
             key_ != "source" && key_ != "published" && key_ != "entities");
  }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) override {
    return false;
  }

 private:
  HitData& out_;
  int depth_ = 0;
  std::string key_;
  bool first_key_ = true, hit_fields_first_ = false, in_entities_ = false;
};

}  // namespace

HitData parse_hit_data(std::string_view data, bool with_body) {
  HitData out;
  if (!with_body) {
    HitFieldsReader reader(out);
    json::sax_parse(data, &reader);
    return out;
  }
  const auto j = json::parse(data, nullptr, false);
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
  out.body = with_body ? s("body") : std::string();
  out.language = s("language");
  if (with_body && out.body.empty()) {  // stored documents keep only the sections
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
