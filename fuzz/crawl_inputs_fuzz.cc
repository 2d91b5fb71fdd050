// What a crawl reads besides feeds and pages is hostile too: robots.txt, the HTML a feed is
// discovered from, and the feed state stored in the index (which another tool may have
// written). None of it may crash, hang or emit invalid UTF-8.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "common/text.h"
#include "crawler/discovery.h"
#include "crawler/feed_state.h"
#include "crawler/robots.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  using namespace byline::crawler;

  // robots.txt, asked about paths taken from the input itself (they reach the wildcards).
  const RobotsRules rules = RobotsRules::parse(bytes, "byline");
  (void)rules.allowed("/");
  (void)rules.allowed(std::string("/") + std::string(bytes.substr(0, 256)));

  for (const auto& f : feed_links_in_html(bytes, "https://example.com/news/page.html")) {
    if (!byline::is_valid_utf8(f.url) || !byline::is_valid_utf8(f.title)) std::abort();
  }

  auto state = FeedState::from_json(std::string(bytes));
  if (state.ok()) {
    if (state->seen_ids.size() > FeedState::kMaxSeenIds) std::abort();
    auto again = FeedState::from_json(state->to_json());  // what we write, we read back
    if (!again.ok() || again->to_json() != state->to_json()) std::abort();
  }
  (void)product_token(bytes);
  (void)robots_url_for(std::string(bytes.substr(0, 512)));
  return 0;
}
