#include "indexer/subscriptions.h"

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
  for (const auto& item : j) {
    if (!item.is_object() || !item.contains("url") || !item["url"].is_string())
      return unreadable("an item without a URL");
    Subscription s;
    s.url = item["url"].get<std::string>();
    if (item.contains("title") && item["title"].is_string())
      s.title = item["title"].get<std::string>();
    if (item.contains("full_text") && item["full_text"].is_string())
      s.full_text = item["full_text"].get<std::string>();
    if (item.contains("tags") && item["tags"].is_array())
      for (const auto& t : item["tags"])
        if (t.is_string()) s.tags.push_back(t.get<std::string>());
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
