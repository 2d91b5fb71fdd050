// Feeds are hostile input: parse_feed must never crash, hang or emit invalid UTF-8.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "byline/feed.h"
#include "common/text.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  byline::FeedParseOptions opts;
  opts.url = "https://example.com/feed/";
  auto feed = byline::parse_feed(bytes, opts);
  if (feed.ok()) {
    for (const auto& e : feed->entries) {
      if (!byline::is_valid_utf8(e.title) || !byline::is_valid_utf8(e.content) ||
          !byline::is_valid_utf8(e.summary))
        std::abort();
    }
    (void)byline::feed_to_json(*feed);
  }
  (void)byline::parse_opml(bytes);
  return 0;
}
