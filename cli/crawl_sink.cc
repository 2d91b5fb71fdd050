// cli/crawl_sink.cc: crawled feeds into the index, one commit per feed.
#include "cli/crawl_sink.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <optional>

#include "byline/extract.h"
#include "cli/input.h"
#include "common/parallel.h"
#include "common/text.h"

namespace byline::cli {

std::string feed_state_key(const std::string& feed_url) {
  if (feed_url.size() <= 200) return "byline.feed:" + feed_url;
  return "byline.feed:#" + article_id_for(feed_url);
}

Result<std::vector<Subscription>> load_subscriptions(const IndexWriter& writer) {
  auto json = writer.metadata(kSubscriptionsKey);
  if (!json) return json.status();  // not "no subscriptions": saving would lose them all
  return parse_subscriptions(*json);
}

Status save_subscriptions(IndexWriter& writer, const std::vector<Subscription>& subs) {
  return writer.set_metadata(kSubscriptionsKey, subscriptions_json(subs));
}

crawler::FeedState IndexCrawlSink::load_feed_state(const std::string& feed_url) {
  // A state that cannot be read starts afresh, as an unparsable one does: the feed is fetched
  // whole, re-indexing is idempotent, and the commit says what is wrong with the index.
  auto json = writer_.metadata(feed_state_key(feed_url));
  return parse_feed_state(feed_url, json ? *json : std::string());
}

crawler::FeedState parse_feed_state(const std::string& feed_url, const std::string& json) {
  if (!json.empty()) {
    auto state = crawler::FeedState::from_json(json);
    if (state.ok()) return std::move(state.value());
  }
  // New, or unreadable state: start afresh (re-indexing is idempotent, nothing is duplicated).
  crawler::FeedState fresh;
  fresh.url = feed_url;
  return fresh;
}

namespace {

bool looks_like_html(const crawler::FetchedDocument& page) {
  std::string type = to_lower_ascii(page.content_type);
  if (type.find("html") != std::string::npos) return true;
  if (!type.empty() && type.find("text/plain") == std::string::npos &&
      type.find("octet-stream") == std::string::npos)
    return false;  // PDF, images, feeds: not article pages
  std::string head = to_lower_ascii(trim(std::string_view(page.body).substr(0, 1024)));
  return head.find("<html") != std::string::npos ||
         head.find("<!doctype html") != std::string::npos ||
         head.find("<body") != std::string::npos || head.find("<article") != std::string::npos;
}

/// The article a crawled entry becomes: the extracted page, completed with what the feed knows.
Result<Article> article_for(const crawler::CrawledArticle& c) {
  ParsedFeed feed;
  feed.feed.title = c.feed_title;
  feed.feed.language = c.feed_language;
  // The entry's text is read (sections, language) only when the page gives none: doing it for
  // every page ran language detection twice per article.
  Article from_feed = article_from_entry(c.entry, feed, c.feed_url, /*with_text=*/false);
  if (c.page && looks_like_html(*c.page)) {
    ExtractOptions opts;
    opts.url = c.page->final_url;
    opts.content_type = c.page->content_type;
    // The entry's own xml:lang before the feed's: a French entry in an English feed.
    opts.default_language = c.entry.language.empty() ? c.feed_language : c.entry.language;
    Result<Article> page = extract_html(c.page->body, opts);
    if (page.ok()) {
      Article a = std::move(page.value());
      if (a.url.empty()) a.url = c.entry.link.empty() ? c.page->final_url : c.entry.link;
      if (a.title.empty()) a.title = from_feed.title;
      if (a.author.empty()) a.author = from_feed.author;
      // The entry's date, unless the page states one (a dateline's words or a permalink's
      // day are guesses the entry's exact time betters).
      if ((!a.published || guessed_published_source(a.published_source)) && from_feed.published) {
        a.published = from_feed.published;
        a.published_source = from_feed.published_source;
      }
      if (a.description.empty()) a.description = collapse_whitespace(c.entry.summary);
      a.feed_url = c.feed_url;
      add_tags(a, from_feed.tags);  // the entry's categories, as `byline index` of the feed adds
      // The entry's link, when a redirect or the canonical link moved away from it: the story
      // is found by it (extract_html added the fetched URL).
      a.alias_urls.push_back(c.entry.link);
      return a;
    }
  }
  from_feed = article_from_entry(c.entry, feed, c.feed_url);
  if (from_feed.title.empty() && from_feed.sections.empty())
    return Result<Article>(ErrorCode::kBadInput,
                           "entry " + truncate_utf8(sanitize_utf8(c.entry.id), 120) +
                               " has no text" +
                               (c.page_error.empty() ? "" : " (" + c.page_error + ")"));
  return from_feed;
}

/// An article made ready for the writer, or why it cannot be (CrawledArticle::prepared).
struct ReadyArticle {
  std::optional<PreparedArticle> article;
  Status failure;
};

ReadyArticle make_ready(crawler::CrawledArticle& c) {
  ReadyArticle r;
  Result<Article> article = article_for(c);
  c.page.reset();  // the page bytes are no longer needed: keep memory flat on big feeds
  if (!article.ok()) {
    r.failure = article.status();
    return r;
  }
  Article& a = article.value();
  add_tags(a, c.feed_tags);  // the subscription's own tags (`byline feeds add --tag`)
  r.article.emplace(std::move(a));
  return r;
}

}  // namespace

void IndexCrawlSink::prepare(std::span<crawler::CrawledArticle> articles) {
  std::unique_ptr<IndexLookup> lookup;
  {
    std::lock_guard<std::mutex> lock(lookups_mu_);
    if (!lookups_.empty()) {
      lookup = std::move(lookups_.back());
      lookups_.pop_back();
    }
  }
  if (!lookup) {
    auto made = writer_.lookup();
    if (made.ok()) lookup = std::move(made.value());
  }
  for (crawler::CrawledArticle& c : articles) {
    if (c.prepared) continue;
    auto ready = std::make_shared<ReadyArticle>(make_ready(c));
    // The writer then checks only its batches since this commit: the look-ups leave its thread.
    if (ready->article && lookup) lookup->look_up(*ready->article);
    c.prepared_bytes = ready->article ? ready->article->memory_bytes() : 0;
    c.prepared = std::move(ready);
  }
  if (lookup) {
    std::lock_guard<std::mutex> lock(lookups_mu_);
    lookups_.push_back(std::move(lookup));
  }
}

Result<crawler::StoreOutcome> IndexCrawlSink::store(
    const crawler::FeedState& state, std::vector<crawler::CrawledArticle>& articles) {
  crawler::StoreOutcome out;
  // Articles the crawler's workers have not prepared (a direct caller): every core here; the
  // writer stays on this thread and adds in feed order.
  std::vector<size_t> unprepared;
  for (size_t i = 0; i < articles.size(); ++i)
    if (!articles[i].prepared) unprepared.push_back(i);
  parallel_for(unprepared.size(), [&](size_t k) {
    crawler::CrawledArticle& c = articles[unprepared[k]];
    c.prepared = std::make_shared<ReadyArticle>(make_ready(c));
  });
  for (crawler::CrawledArticle& c : articles) {
    auto& ready = *static_cast<ReadyArticle*>(c.prepared.get());
    if (!ready.article) {
      ++out.failed;
      out.errors.push_back(ready.failure.message());
      continue;
    }
    Result<AddOutcome> added = writer_.add(*ready.article);
    if (!added.ok()) {
      // A writer failure is not about this article: stop and publish nothing for this feed.
      if (added.status().code() != ErrorCode::kBadInput) return added.status();
      ++out.failed;
      out.errors.push_back(added.status().message());
      continue;
    }
    switch (*added) {
      case AddOutcome::kAdded:
        ++out.added;
        break;
      case AddOutcome::kUpdated:
        ++out.updated;
        break;
      case AddOutcome::kUnchanged:
        ++out.unchanged;
        break;
    }
  }
  if (Status s = writer_.set_metadata(feed_state_key(state.url), state.to_json()); !s.ok())
    return s;
  staged_ = true;
  staged_docs_ += out.added + out.updated;
  const double since =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - last_commit_).count();
  if (staged_docs_ >= kCommitDocs || since >= kCommitSeconds ||
      writer_.staged_text_bytes() >= kCommitTextBytes) {
    if (Status s = flush(); !s.ok()) return s;
    out.committed = true;
  }
  return out;
}

Status IndexCrawlSink::flush() {
  if (!staged_) return Status::Ok();
  Status s = writer_.commit();
  staged_ = false;
  staged_docs_ = 0;
  last_commit_ = std::chrono::steady_clock::now();
  return s;
}

}  // namespace byline::cli
