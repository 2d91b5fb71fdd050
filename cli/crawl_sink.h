// cli/crawl_sink.h: where the crawler's output meets the index.
//
// IndexCrawlSink implements crawler::CrawlSink over IndexWriter: extract_html on each fetched
// page (the feed entry's own text when there is none), IndexWriter::add, the feed's state as
// metadata. A feed's articles and state always land in the same commit; commits group feeds
// (every kCommitDocs documents, kCommitSeconds or kCommitTextBytes of text) because each
// commit syncs to disk.
// The subscription list (`byline feeds`) lives in the index metadata too.
#pragma once

#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "byline/index.h"
#include "crawler/crawl.h"
#include "indexer/subscriptions.h"

namespace byline::cli {

/// Metadata key of a feed's crawl state: "byline.feed:" + URL (a hash of it past 200 bytes,
/// which keeps keys under Xapian's term length limit).
std::string feed_state_key(const std::string& feed_url);
/// The subscription list stored in the index (empty when there is none); an error when the
/// index cannot be read, never an empty list that saving would write over the real one.
Result<std::vector<Subscription>> load_subscriptions(const IndexWriter& writer);
/// A feed's crawl state from its metadata value; only `url` set when new or unreadable.
crawler::FeedState parse_feed_state(const std::string& feed_url, const std::string& json);
/// Replaces the subscription list (committed with the writer's next commit()).
Status save_subscriptions(IndexWriter& writer, const std::vector<Subscription>& subs);

class IndexCrawlSink : public crawler::CrawlSink {
 public:
  explicit IndexCrawlSink(IndexWriter& writer) : writer_(writer) {}

  static constexpr int kCommitDocs = static_cast<int>(kCommitArticles);
  static constexpr double kCommitSeconds = 2.0;

  crawler::FeedState load_feed_state(const std::string& feed_url) override;
  /// Extracts and analyses the articles and looks them up in the last commit (read-only):
  /// runs on the crawler's workers, several at once.
  void prepare(std::span<crawler::CrawledArticle> articles) override;
  Result<crawler::StoreOutcome> store(const crawler::FeedState& state,
                                      std::vector<crawler::CrawledArticle>& articles) override;
  Status flush() override;

 private:
  IndexWriter& writer_;
  // Look-up readers for the workers, one per thread in use (each reader is single-threaded).
  std::mutex lookups_mu_;
  std::vector<std::unique_ptr<IndexLookup>> lookups_;
  int staged_docs_ = 0;
  bool staged_ = false;
  std::chrono::steady_clock::time_point last_commit_ = std::chrono::steady_clock::now();
};

}  // namespace byline::cli
