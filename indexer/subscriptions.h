// indexer/subscriptions.h: the subscription list (`byline feeds`) as the index stores it, in
// its metadata (schemas/index.md), read by the writer's side and the readers' alike.
#pragma once

#include <string>
#include <vector>

#include "byline/status.h"

namespace byline {

/// Metadata key of the subscription list (a JSON array of {url, title, tags, full_text}).
inline constexpr const char* kSubscriptionsKey = "byline.feeds";

struct Subscription {
  std::string url;
  std::string title;
  std::vector<std::string> tags;
  std::string full_text;  ///< "always", "auto", "never"; empty: the crawl's default
};

/// The list from its metadata value: empty when there is none; kIndexCorrupt when it is not
/// the list byline writes (cut short, another shape, an item without a URL), for a list read
/// as empty and saved would lose every subscription.
Result<std::vector<Subscription>> parse_subscriptions(const std::string& json);
/// The metadata value of `subs` (valid UTF-8 whatever their bytes).
std::string subscriptions_json(const std::vector<Subscription>& subs);

}  // namespace byline
