#include "indexer/subscriptions.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "common/text.h"

namespace byline {

Result<std::vector<Subscription>> parse_subscriptions(const std::string& json) {
  std::vector<Subscription> subs;
  if (json.empty()) return subs;  // none yet
  const auto unreadable = [](const std::string& why) {
    return Result<std::vector<Subscription>>(
        ErrorCode::kIndexCorrupt,
        std::string("the index's subscription list (") + kSubscriptionsKey +
            ") is unreadable: " + why,
        "`byline feeds import --replace BACKUP.opml` replaces it; each feed's own state "
        "(byline.feed:URL) is kept");
  };
  nlohmann::json j = nlohmann::json::parse(json, nullptr, false);
  if (j.is_discarded()) return unreadable("not JSON (cut short?)");
  if (!j.is_array()) return unreadable("not a list");
  // Every member has its one shape: a list half right (an item with no URL, tags that are not
  // a list of strings) is damaged too, and saving it back would lose what it held.
  const auto string_or_absent = [](const nlohmann::json& item, const char* key) {
    return !item.contains(key) || item[key].is_string();
  };
  for (const auto& item : j) {
    if (!item.is_object() || !item.contains("url") || !item["url"].is_string() ||
        item["url"].get_ref<const std::string&>().empty())
      return unreadable("an item without a URL");
    if (!string_or_absent(item, "title") || !string_or_absent(item, "full_text"))
      return unreadable("an item whose title or full_text is not a string");
    if (item.contains("tags") &&
        (!item["tags"].is_array() ||
         !std::all_of(item["tags"].begin(), item["tags"].end(),
                      [](const nlohmann::json& t) { return t.is_string(); })))
      return unreadable("an item whose tags are not a list of strings");
    Subscription s;
    s.url = item["url"].get<std::string>();
    if (item.contains("title")) s.title = item["title"].get<std::string>();
    if (item.contains("full_text")) s.full_text = item["full_text"].get<std::string>();
    if (item.contains("tags"))
      for (const auto& t : item["tags"]) s.tags.push_back(t.get<std::string>());
    subs.push_back(std::move(s));
  }
  return subs;
}

std::string subscriptions_json(const std::vector<Subscription>& subs) {
  nlohmann::json j = nlohmann::json::array();
  for (const Subscription& s : subs) {
    nlohmann::json tags = nlohmann::json::array();
    for (const auto& t : s.tags) tags.push_back(sanitize_utf8(t));
    nlohmann::json item = {
        {"url", sanitize_utf8(s.url)}, {"title", sanitize_utf8(s.title)}, {"tags", tags}};
    if (!s.full_text.empty()) item["full_text"] = s.full_text;
    j.push_back(std::move(item));
  }
  return j.dump();
}

}  // namespace byline
