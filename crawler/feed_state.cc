// crawler/feed_state.cc: FeedState <-> JSON.
#include "crawler/feed_state.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <unordered_set>

#include "common/text.h"

namespace byline::crawler {

bool FeedState::has_seen(const std::string& id) const {
  for (const std::string& s : seen_ids)
    if (s == id) return true;
  return false;
}

void FeedState::remember(const std::vector<std::string>& ids,
                         const std::unordered_set<std::string>& in_feed) {
  std::vector<std::string> merged;
  merged.reserve(std::min(ids.size() + seen_ids.size(), kMaxSeenIds));
  std::unordered_set<std::string> have;
  auto add = [&](const std::string& id) {
    if (merged.size() < kMaxSeenIds && have.insert(id).second) merged.push_back(id);
  };
  for (const std::string& id : ids) add(id);
  // The ids still in the feed before those it dropped: a feed of up to kMaxFeedEntries entries
  // is remembered whole (a bound of 5,000 made the oldest of a bigger feed new again each run,
  // over and over, and its newest never came). Those it dropped stay while the list is short,
  // so an entry that comes back, or a feed answered in part for a while, is not fetched again.
  if (!in_feed.empty())
    for (const std::string& id : seen_ids)
      if (in_feed.count(id)) add(id);
  for (const std::string& id : seen_ids)
    if ((in_feed.empty() || !in_feed.count(id)) && merged.size() < kKeepDroppedIds) add(id);
  seen_ids = std::move(merged);
}

void FeedState::prune_sigs() {
  if (entry_sigs.empty()) return;
  std::unordered_set<std::string_view> keep(seen_ids.begin(), seen_ids.end());
  std::erase_if(entry_sigs, [&keep](const auto& kv) { return !keep.count(kv.first); });
}

uint32_t entry_signature(const FeedEntry& e) {
  uint32_t h = 2166136261u;  // FNV-1a
  auto mix = [&h](std::string_view s) {
    for (unsigned char c : s) h = (h ^ c) * 16777619u;
    h = (h ^ 0x1f) * 16777619u;
  };
  mix(e.title);
  mix(e.link);
  mix(e.updated ? std::to_string(*e.updated) : std::string());
  // An entry with no link is its own text (no page stands behind it): a corrected text is a
  // change, whatever its date says.
  if (e.link.empty()) {
    mix(e.summary);
    mix(e.content);
  }
  return h;
}

std::string FeedState::to_json() const {
  nlohmann::json j;
  j["v"] = 1;
  j["url"] = sanitize_utf8(url);
  j["title"] = sanitize_utf8(title);
  j["etag"] = sanitize_utf8(etag);
  j["last_modified"] = sanitize_utf8(last_modified);
  j["last_attempt"] = last_attempt;
  j["last_success"] = last_success;
  j["next_due"] = next_due;
  j["error_count"] = error_count;
  j["last_error"] = sanitize_utf8(last_error);
  j["last_status"] = last_status;
  j["disabled"] = disabled;
  j["moved_to"] = sanitize_utf8(moved_to);
  j["moved_count"] = moved_count;
  j["interval"] = interval_seconds;
  nlohmann::json seen = nlohmann::json::array();
  for (const std::string& id : seen_ids) seen.push_back(sanitize_utf8(id));
  j["seen"] = std::move(seen);
  if (!entry_sigs.empty()) {
    nlohmann::json sigs = nlohmann::json::object();
    for (const auto& [key, sig] : entry_sigs) sigs[sanitize_utf8(key)] = sig;
    j["sigs"] = std::move(sigs);
  }
  if (!page_retries.empty()) {
    nlohmann::json retries = nlohmann::json::object();
    for (const auto& [key, r] : page_retries)
      retries[sanitize_utf8(key)] = {{"runs", r.runs}, {"since", r.first_failed}};
    j["page_retries"] = std::move(retries);
  }
  return j.dump();
}

Result<FeedState> FeedState::from_json(const std::string& text) {
  nlohmann::json j = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (!j.is_object())
    return Result<FeedState>(ErrorCode::kIndexCorrupt, "feed state is not a JSON object");
  FeedState s;
  auto str = [&j](const char* k) {
    auto it = j.find(k);
    return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
  };
  auto num = [&j](const char* k) -> int64_t {
    auto it = j.find(k);
    return it != j.end() && it->is_number_integer() ? it->get<int64_t>() : 0;
  };
  s.url = str("url");
  s.title = str("title");
  s.etag = str("etag");
  s.last_modified = str("last_modified");
  s.last_attempt = num("last_attempt");
  s.last_success = num("last_success");
  s.next_due = num("next_due");
  // Counts in range, whatever a damaged state says: the next failure adds one to it.
  auto count = [&num](const char* k) {
    return static_cast<int>(std::clamp<int64_t>(num(k), 0, 1'000'000));
  };
  s.error_count = count("error_count");
  s.last_error = str("last_error");
  s.last_status = static_cast<long>(num("last_status"));
  s.disabled = j.contains("disabled") && j["disabled"].is_boolean() && j["disabled"].get<bool>();
  s.moved_to = str("moved_to");
  s.moved_count = count("moved_count");
  s.interval_seconds = static_cast<int>(std::clamp<int64_t>(num("interval"), 0, 1LL << 30));
  if (auto it = j.find("seen"); it != j.end() && it->is_array())
    for (const auto& id : *it)
      if (id.is_string() && s.seen_ids.size() < kMaxSeenIds)
        s.seen_ids.push_back(id.get<std::string>());
  if (auto it = j.find("sigs"); it != j.end() && it->is_object())
    for (const auto& [key, sig] : it->items())
      if (sig.is_number_unsigned() && s.entry_sigs.size() < kMaxSeenIds)
        s.entry_sigs[key] = sig.get<uint32_t>();
  if (auto it = j.find("page_retries"); it != j.end() && it->is_object())
    for (const auto& [key, r] : it->items()) {
      if (!r.is_object() || s.page_retries.size() >= kMaxFeedEntries) continue;
      PageRetry retry;
      if (auto n = r.find("runs"); n != r.end() && n->is_number_integer())
        retry.runs = n->get<int>();
      if (auto t = r.find("since"); t != r.end() && t->is_number_integer())
        retry.first_failed = t->get<int64_t>();
      s.page_retries[key] = retry;
    }
  return s;
}

}  // namespace byline::crawler
