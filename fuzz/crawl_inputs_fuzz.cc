// What a crawl reads besides feeds and pages is hostile too: robots.txt, the HTML a feed is
// discovered from, the feed state stored in the index (which another tool may have written),
// and gzip data served as it is. None of it may crash, hang or emit invalid UTF-8.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "common/gzip.h"
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
  // Gzip data, whole and fed in chunks the input's own bytes size: the same bytes out.
  bool too_large = false;
  const auto whole = byline::gunzip(bytes, 1 << 20, too_large);
  if (whole && whole->size() > (1u << 20)) std::abort();
  byline::GzipReader reader;
  std::string chunked;
  std::string_view in = bytes;
  char buf[97];
  size_t stalled = 0;  // steps in a row that moved nothing: the reader wants more bytes
  for (int steps = 0; steps < 1 << 20 && chunked.size() <= (1u << 20); ++steps) {
    const size_t give = in.empty() ? 0 : 1 + static_cast<unsigned char>(in[0]) % 64 + stalled;
    const bool ends = give >= in.size();
    const auto step = reader.inflate(in.substr(0, give), ends, buf, sizeof buf);
    chunked.append(buf, step.made);
    in.remove_prefix(step.used);
    if (step.state != byline::GzipReader::State::kMore) {
      if (whole && (step.state != byline::GzipReader::State::kDone || chunked != *whole))
        std::abort();
      break;
    }
    if (step.used == 0 && step.made == 0 && ends) std::abort();  // no way on
    stalled = step.used == 0 && step.made == 0 ? stalled + 1 : 0;
  }
  (void)product_token(bytes);
  (void)robots_url_for(std::string(bytes.substr(0, 512)));
  return 0;
}
