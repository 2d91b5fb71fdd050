// Several indexes searched as one (Searcher::open(paths)): the same answers as one index holding
// every article, copies across indexes kept out, the errors of a bad set, and the CLI's --db.
#include <arpa/inet.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>
#include <xapian.h>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <random>
#include <set>
#include <thread>

#include "byline/index.h"
#include "byline/search.h"
#include "common/datetime.h"
#include "indexer/schema.h"
#include "server/http_api.h"
#include "test_support.h"

namespace byline {
namespace {

using testing::run_byline;
using testing::TempDir;

// Six topics of made-up words, so that searches and related stories have real structure and
// no two articles are near-copies.
std::vector<Article> make_corpus(int n) {
  std::mt19937 rnd(42);
  auto word = [&](int topic) {
    static const char* syll[] = {"ka", "lo", "mi", "ne", "ru", "sa", "ti", "vo", "ze", "pa"};
    // 40 words per topic and 200 shared ones.
    const bool shared = rnd() % 3 == 0;
    const int w =
        shared ? 1000 + static_cast<int>(rnd() % 200) : topic * 100 + static_cast<int>(rnd() % 40);
    std::string s;
    for (int x = w; x > 0 || s.size() < 6; x /= 10) s += syll[x % 10];
    return s;
  };
  const char* sources[] = {"Alpha Tech", "Beta Daily", "Gamma Gadgets", "Delta Wire"};
  std::vector<Article> out;
  for (int i = 0; i < n; ++i) {
    const int topic = i % 6;
    Article a;
    a.url = "https://news" + std::to_string(i % 4) + ".example/story/" + std::to_string(i);
    a.site_name = sources[i % 4];
    a.published = make_utc(2026, 10 + (i % 2), 1 + (i * 7) % 28, 9, 0, 0);
    for (int k = 0; k < 5; ++k) a.title += (k ? " " : "") + word(topic);
    std::string lead, more;
    for (int k = 0; k < 70; ++k) lead += (k ? " " : "") + word(topic);
    for (int k = 0; k < 50; ++k) more += (k ? " " : "") + word(topic);
    a.sections.push_back({"", SectionKind::kLead, lead + "."});
    a.sections.push_back({"What's Next?", SectionKind::kWhatsNext, more + "."});
    out.push_back(std::move(a));
  }
  return out;
}

void write_index(const std::string& path, std::vector<Article> articles) {
  auto w = IndexWriter::open(path);
  ASSERT_TRUE(w.ok()) << w.status().message();
  for (Article& a : articles) ASSERT_TRUE((*w)->add(a).ok());
  ASSERT_TRUE((*w)->commit().ok());
}

std::unique_ptr<Searcher> open_ok(const std::vector<std::string>& paths) {
  auto s = Searcher::open(paths);
  EXPECT_TRUE(s.ok()) << s.status().message();
  return s.ok() ? std::move(*s) : nullptr;
}

void expect_same_hits(const std::vector<Hit>& a, const std::vector<Hit>& b,
                      const std::string& what) {
  ASSERT_EQ(a.size(), b.size()) << what;
  for (size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].id, b[i].id) << what << " #" << i;
    EXPECT_NEAR(a[i].score, b[i].score, 1e-9 * (1 + std::abs(a[i].score))) << what << " #" << i;
    // Not the snippet: Xapian weighs the passages it may pick by each term's weight summed
    // over the indexes, so among passages with the same words of the query it may pick another.
    EXPECT_EQ(a[i].snippet.empty(), b[i].snippet.empty()) << what << " #" << i;
    EXPECT_EQ(a[i].copies, b[i].copies) << what << " #" << i;
  }
}

class ShardedSearchTest : public ::testing::Test {
 protected:
  static constexpr int kArticles = 90;
  static constexpr int kShards = 3;

  void SetUp() override {
    corpus_ = make_corpus(kArticles);
    one_ = (dir_.path() / "one").string();
    write_index(one_, corpus_);
    // Round robin: article i gets the same Xapian docid in the sharded set as in `one_`
    // (docids interleave), so even ties come out in the same order.
    std::vector<std::vector<Article>> parts(kShards);
    for (int i = 0; i < kArticles; ++i) parts[i % kShards].push_back(corpus_[i]);
    for (int s = 0; s < kShards; ++s) {
      shards_.push_back((dir_.path() / ("shard" + std::to_string(s))).string());
      write_index(shards_.back(), parts[s]);
    }
  }

  // A query word: the first word of an article's title.
  std::string title_word(int i) const {
    return corpus_[i].title.substr(0, corpus_[i].title.find(' '));
  }

  TempDir dir_;
  std::vector<Article> corpus_;
  std::string one_;
  std::vector<std::string> shards_;
};

TEST_F(ShardedSearchTest, SearchesAnswerAsOneIndexWould) {
  auto one = open_ok({one_});
  auto sharded = open_ok(shards_);
  ASSERT_TRUE(one && sharded);
  const std::string w0 = title_word(0), w1 = title_word(1), w7 = title_word(7);
  const std::vector<std::string> queries = {
      w0,
      w0 + " " + title_word(6),
      w0 + " OR " + w1,
      "title:" + w7,
      "\"" +
          corpus_[3].title.substr(0, corpus_[3].title.find(' ', corpus_[3].title.find(' ') + 1)) +
          "\"",
      w1 + " source:\"Beta Daily\"",
      w0 + " date:2026-10",
      "section:next " + w7,
      "-" + w0,
  };
  int with_hits = 0;
  for (const std::string& q : queries) {
    for (SearchOrder order : {SearchOrder::kRelevance, SearchOrder::kNewest}) {
      SearchOptions o;
      o.limit = 15;
      o.order = order;
      o.facets = 4;
      auto a = one->search(q, o);
      auto b = sharded->search(q, o);
      ASSERT_TRUE(a.ok() && b.ok()) << q;
      expect_same_hits(a->hits, b->hits, q);
      EXPECT_EQ(a->total_estimate, b->total_estimate) << q;
      ASSERT_EQ(a->sources.size(), b->sources.size()) << q;
      for (size_t i = 0; i < a->sources.size(); ++i) {
        EXPECT_EQ(a->sources[i].value, b->sources[i].value) << q;
        EXPECT_EQ(a->sources[i].count, b->sources[i].count) << q;
      }
      if (!a->hits.empty()) ++with_hits;
    }
  }
  EXPECT_EQ(with_hits, 2 * static_cast<int>(queries.size()));
  // A wildcard matches the same articles, but Xapian 1.4 weighs its expansion per index, so
  // their order may differ.
  const std::string wild = w1.substr(0, 3) + "*";
  SearchOptions all;
  all.limit = kArticles;
  auto wa = one->search(wild, all), wb = sharded->search(wild, all);
  ASSERT_TRUE(wa.ok() && wb.ok());
  std::set<std::string> ida, idb;
  for (const Hit& h : wa->hits) ida.insert(h.id);
  for (const Hit& h : wb->hits) idb.insert(h.id);
  EXPECT_GT(ida.size(), 10u);
  EXPECT_EQ(ida, idb);
  // Paging, and "did you mean" over the vocabulary of every index.
  SearchOptions page;
  page.limit = 5;
  page.offset = 5;
  auto a = one->search(w0, page), b = sharded->search(w0, page);
  ASSERT_TRUE(a.ok() && b.ok());
  expect_same_hits(a->hits, b->hits, "page 2");
  EXPECT_EQ(a->hits.size(), 5u);
  const std::string typo = w7.substr(0, w7.size() - 1) + "x";
  auto s1 = one->search(typo), s2 = sharded->search(typo);
  ASSERT_TRUE(s1.ok() && s2.ok());
  EXPECT_FALSE(s1->suggestion.empty());
  EXPECT_EQ(s1->suggestion, s2->suggestion);
}

TEST_F(ShardedSearchTest, RelatedStoriesRankAsInOneIndex) {
  auto one = open_ok({one_});
  auto sharded = open_ok(shards_);
  ASSERT_TRUE(one && sharded);
  for (int i = 0; i < kArticles; i += 7) {
    auto id = one->get(corpus_[i].url);
    ASSERT_TRUE(id.ok());
    RelatedOptions o;
    o.limit = 8;
    auto a = one->related(id->id, o);
    auto b = sharded->related(corpus_[i].url, o);
    ASSERT_TRUE(a.ok() && b.ok()) << i;
    ASSERT_EQ(a->size(), 8u);
    expect_same_hits(*a, *b, "related to " + std::to_string(i));
    // Stories on the article's own topic come first, from every index.
    std::set<std::string> topic_urls;
    for (int k = i % 6; k < kArticles; k += 6) topic_urls.insert(corpus_[k].url);
    for (size_t k = 0; k < 5; ++k) EXPECT_TRUE(topic_urls.count((*b)[k].url)) << i << " #" << k;
  }
  // An article that is in no index.
  Article fresh = make_corpus(kArticles + 1).back();
  fresh.url = "https://elsewhere.example/new";
  auto a = one->related(fresh), b = sharded->related(fresh);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_FALSE(a->empty());
  expect_same_hits(*a, *b, "a fresh article");
}

TEST_F(ShardedSearchTest, ArticlesEntitiesAndStatsComeFromEveryIndex) {
  auto sharded = open_ok(shards_);
  ASSERT_TRUE(sharded);
  for (int i : {0, 1, 2, 89}) {
    auto a = sharded->get(corpus_[i].url);
    ASSERT_TRUE(a.ok()) << i;
    EXPECT_EQ(a->title, corpus_[i].title);
    EXPECT_TRUE(sharded->entities(a->id).ok());
  }
  EXPECT_EQ(sharded->get("https://nowhere.example/").status().code(), ErrorCode::kNotFound);
  auto s = sharded->stats();
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->articles, 90u);
  EXPECT_EQ(s->sources, 4u);
  EXPECT_EQ(s->path, shards_[0]);
  ASSERT_EQ(s->indexes.size(), 3u);
  uint64_t bytes = 0;
  for (int k = 0; k < kShards; ++k) {
    EXPECT_EQ(s->indexes[k].path, shards_[k]);
    EXPECT_EQ(s->indexes[k].articles, 30u);
    EXPECT_GT(s->indexes[k].size_bytes, 0u);
    bytes += s->indexes[k].size_bytes;
  }
  EXPECT_EQ(s->size_bytes, bytes);
  auto one = open_ok({one_});
  auto s1 = one->stats();
  ASSERT_TRUE(s1.ok());
  EXPECT_EQ(s1->oldest, s->oldest);
  EXPECT_EQ(s1->newest, s->newest);
  ASSERT_EQ(s1->indexes.size(), 1u);
  EXPECT_EQ(s1->indexes[0].articles, 90u);
}

// An archive and the index a crawl now writes to may both hold a story (re-crawled after a
// move): one hit, never its own related story.
// Regression: the story's hit said "1 more copy" of itself, stored in the other index; only
// other copies of it count.
TEST_F(ShardedSearchTest, AStoryInTwoIndexesIsOneHit) {
  const std::string extra = (dir_.path() / "extra").string();
  Article wire_copy = corpus_[1];  // a syndicated copy of story 1, beside it in `extra`
  wire_copy.url = "https://wire.example/story/1";
  wire_copy.site_name = "Wire";
  write_index(extra, {corpus_[0], corpus_[1], wire_copy});  // shard0 holds 0; shard1 holds 1
  std::vector<std::string> paths = shards_;
  paths.push_back(extra);
  auto s = open_ok(paths);
  ASSERT_TRUE(s);
  for (int story : {0, 1}) {
    const Article& a = corpus_[story];
    auto r = s->search("title:" + title_word(story) + " " + a.title.substr(a.title.rfind(' ') + 1));
    ASSERT_TRUE(r.ok());
    int hits = 0;
    for (const Hit& h : r->hits)
      if (h.url == a.url || h.url == wire_copy.url) {
        ++hits;
        EXPECT_EQ(h.copies, story == 0 ? 0u : 1u) << story;
      }
    EXPECT_EQ(hits, 1) << story;
  }
  // Facets count an article stored in two indexes once, as one index holding every article
  // does, with the wire copy (another article) beside it (regression: story 0 and 1 counted
  // twice).
  auto one = open_ok({one_});
  ASSERT_TRUE(one);
  int compared = 0;
  for (const std::string& q : {title_word(0), title_word(1), title_word(0) + " OR " + title_word(1),
                               std::string("source:\"Alpha Tech\"")}) {
    SearchOptions o;
    o.facets = 10;
    auto a = one->search(q, o), b = s->search(q, o);
    ASSERT_TRUE(a.ok() && b.ok()) << q;
    std::map<std::string, uint64_t> want, got;
    for (const Facet& f : a->sources) want[f.value] = f.count;
    for (const Facet& f : b->sources) got[f.value] = f.count;
    ASSERT_FALSE(want.empty()) << q;
    const bool finds_1 = std::any_of(a->hits.begin(), a->hits.end(),
                                     [&](const Hit& h) { return h.url == corpus_[1].url; });
    if (finds_1) want["Wire"] += 1;
    EXPECT_EQ(got, want) << q;
    compared += finds_1;
  }
  EXPECT_GE(compared, 2);
  auto rel = s->related(corpus_[0].url);
  ASSERT_TRUE(rel.ok());
  ASSERT_FALSE(rel->empty());
  for (const Hit& h : *rel) EXPECT_NE(h.url, corpus_[0].url);
  auto st = s->stats();
  ASSERT_TRUE(st.ok());
  // Regression: the story stored in two indexes counted twice (93).
  EXPECT_EQ(st->articles, 91u);  // 90, and the wire copy (another id); story 0 and 1 once
  ASSERT_EQ(st->indexes.size(), 4u);
  EXPECT_EQ(st->indexes[3].articles, 3u);  // each index still counts what it holds
}

// Each index groups copies as it is written, so the same pair indexed in two orders is grouped
// under another key in each (a regression: each story was listed once per index).
TEST_F(ShardedSearchTest, CopiesGroupedDifferentlyInEachIndexAreOneStory) {
  Article copy = corpus_[0];
  copy.url = "https://wire.example/syndicated/0";
  copy.site_name = "Wire Service";
  const std::string p = (dir_.path() / "p").string(), q = (dir_.path() / "q").string();
  write_index(p, {corpus_[0], copy, corpus_[6], corpus_[12]});
  write_index(q, {copy, corpus_[0], corpus_[6], corpus_[12]});
  auto one = open_ok({p});
  auto both = open_ok({p, q});
  ASSERT_TRUE(one && both);
  auto ids = [](const std::vector<Hit>& hits) {
    std::vector<std::string> out;
    for (const Hit& h : hits) out.push_back(h.id);
    return out;
  };
  auto no_repeats = [](std::vector<std::string> v) {
    std::sort(v.begin(), v.end());
    return std::adjacent_find(v.begin(), v.end()) == v.end();
  };
  auto story_of_0 = [&](const std::vector<Hit>& hits) {
    int n = 0;
    for (const Hit& h : hits) n += h.url == corpus_[0].url || h.url == copy.url;
    return n;
  };
  // Topic 0: articles 0 (with its copy), 6 and 12 share its words.
  const std::string topic = title_word(0) + " OR " + title_word(6) + " OR " + title_word(12);
  auto single = one->search(topic);
  auto merged = both->search(topic);
  ASSERT_TRUE(single.ok() && merged.ok());
  ASSERT_EQ(single->hits.size(), 3u);
  EXPECT_EQ(merged->hits.size(), 3u);
  EXPECT_TRUE(no_repeats(ids(merged->hits)));
  EXPECT_EQ(story_of_0(merged->hits), 1);
  EXPECT_EQ(merged->total_estimate, 3u);
  // Its copy is one copy, held under another key in each index.
  for (const Hit& h : merged->hits)
    EXPECT_EQ(h.copies, h.url == corpus_[0].url || h.url == copy.url ? 1u : 0u) << h.url;
  // Pages of the merged list are slices of it.
  SearchOptions page;
  page.offset = 1;
  page.limit = 1;
  auto second = both->search(topic, page);
  ASSERT_TRUE(second.ok());
  ASSERT_EQ(second->hits.size(), 1u);
  EXPECT_EQ(second->hits[0].id, merged->hits[1].id);
  // All copies asked for: every copy once, though each index holds it (a regression: each
  // article was listed, and counted, once per index).
  SearchOptions all;
  all.collapse_copies = false;
  auto every = both->search(topic, all);
  ASSERT_TRUE(every.ok());
  EXPECT_EQ(every->hits.size(), 4u);
  EXPECT_TRUE(no_repeats(ids(every->hits)));
  EXPECT_EQ(story_of_0(every->hits), 2);
  EXPECT_EQ(every->total_estimate, 4u);
  all.offset = 3;
  auto last = both->search(topic, all);
  ASSERT_TRUE(last.ok());
  ASSERT_EQ(last->hits.size(), 1u);
  EXPECT_EQ(last->hits[0].id, every->hits[3].id);
  // The count is the same on every page, and for a count alone (re-audit: it was 8 alone,
  // and fell page by page).
  for (const auto& [offset, limit] : {std::pair{0, 0}, std::pair{0, 1}, std::pair{2, 1}}) {
    all.offset = offset;
    all.limit = limit;
    auto page = both->search(topic, all);
    ASSERT_TRUE(page.ok());
    EXPECT_EQ(page->total_estimate, 4u) << offset << " " << limit;
  }
  // Under a date range too, where Xapian's bounds stay loose (second re-audit: 400 of 334).
  for (const bool every_copy : {false, true})
    for (const int limit : {0, 1}) {
      SearchOptions dated;
      dated.collapse_copies = !every_copy;
      dated.limit = limit;
      auto page = both->search("(" + topic + ") date:2026-10", dated);
      ASSERT_TRUE(page.ok());
      EXPECT_EQ(page->total_estimate, every_copy ? 4u : 3u) << every_copy << " " << limit;
    }

  // Related stories: one item per story, never the article itself from another index.
  for (const std::string& of : {corpus_[6].url, corpus_[0].url, copy.url}) {
    auto rel = both->related(of);
    ASSERT_TRUE(rel.ok()) << of;
    EXPECT_TRUE(no_repeats(ids(*rel))) << of;
    for (const Hit& h : *rel) EXPECT_NE(h.url, of);
    EXPECT_LE(story_of_0(*rel), of == corpus_[6].url ? 1 : 0) << of;
  }
}

TEST_F(ShardedSearchTest, BadSetsOfIndexesAreRefused) {
  EXPECT_EQ(Searcher::open(std::vector<std::string>{}).status().code(), ErrorCode::kUsage);
  // The same index twice, however it is spelt, would count everything twice.
  auto twice = Searcher::open({shards_[0], shards_[1], dir_.path().string() + "/./shard0"});
  EXPECT_EQ(twice.status().code(), ErrorCode::kUsage);
  EXPECT_NE(twice.status().message().find("named twice"), std::string::npos);
  auto missing = Searcher::open({shards_[0], (dir_.path() / "none").string()});
  EXPECT_EQ(missing.status().code(), ErrorCode::kNotFound);
  EXPECT_NE(missing.status().message().find("none"), std::string::npos);
  // Another program's Xapian database among them.
  const std::string foreign = (dir_.path() / "foreign").string();
  {
    Xapian::WritableDatabase db(foreign, Xapian::DB_CREATE);
    db.add_document(Xapian::Document());
    db.commit();
  }
  EXPECT_EQ(Searcher::open({shards_[0], foreign}).status().code(), ErrorCode::kIndexVersion);
  // An index stemmed otherwise (an older byline's, English for every article): queries are
  // stemmed once for all. Said at open, and (audit, session 48) when it changes under an open
  // Searcher, every time until it is put right.
  auto live = open_ok(shards_);
  ASSERT_TRUE(live);
  auto set_stemmer = [&](std::string_view stemmer) {
    Xapian::WritableDatabase db(shards_[2], Xapian::DB_OPEN);
    db.set_metadata(std::string(schema::kMetaStemmer), std::string(stemmer));
    db.commit();
  };
  set_stemmer(schema::kStemLanguage);
  auto stems = Searcher::open(shards_);
  EXPECT_EQ(stems.status().code(), ErrorCode::kIndexVersion);
  EXPECT_NE(stems.status().message().find("cannot be searched together"), std::string::npos)
      << stems.status().message();
  for (int i = 0; i < 2; ++i) {
    auto r = live->search("chip");
    EXPECT_EQ(r.status().code(), ErrorCode::kIndexVersion);
    EXPECT_NE(r.status().message().find("cannot be searched together"), std::string::npos)
        << r.status().message();
  }
  set_stemmer(schema::kStemByLanguage);
  EXPECT_TRUE(live->search("chip").ok());
}

// A writer commits to one of the indexes while they are open: the next search sees it.
TEST_F(ShardedSearchTest, CommitsToAnyIndexAreSeen) {
  auto s = open_ok(shards_);
  ASSERT_TRUE(s);
  Article late = make_corpus(kArticles + 1).back();
  late.url = "https://late.example/story";
  late.title = "Zorblat quarterly results";
  {
    auto w = IndexWriter::open(shards_[1]);
    ASSERT_TRUE(w.ok());
    ASSERT_TRUE((*w)->add(late).ok());
    ASSERT_TRUE((*w)->commit().ok());
  }
  auto r = s->search("zorblat");
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->hits.size(), 1u);
  EXPECT_EQ(r->hits[0].url, late.url);
  auto st = s->stats();
  ASSERT_TRUE(st.ok());
  EXPECT_EQ(st->articles, 91u);
  EXPECT_EQ(st->indexes[1].articles, 31u);
}

// A loopback port nobody listens on (bound, read, released).
int free_port() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
  socklen_t len = sizeof a;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
  ::close(fd);
  return ntohs(a.sin_port);
}

bool accepts(int port) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  a.sin_port = htons(static_cast<uint16_t>(port));
  const bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
  ::close(fd);
  return ok;
}

// xapian-tcpsrv serving `index` on a loopback port, stopped at destruction.
class TcpServer {
 public:
  // On `port` when given (a server restarted where its clients knew it), else a free one.
  explicit TcpServer(const std::string& index, int at = 0) : port_(at ? at : free_port()) {
    const std::string port = std::to_string(port_);
    std::vector<const char*> argv = {"xapian-tcpsrv", "--port",  port.c_str(),  "--interface",
                                     "127.0.0.1",     "--quiet", index.c_str(), nullptr};
    posix_spawn_file_actions_t quiet;  // its messages are not the test's
    posix_spawn_file_actions_init(&quiet);
    posix_spawn_file_actions_addopen(&quiet, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&quiet, 2, "/dev/null", O_WRONLY, 0);
    // A process group of its own: xapian-tcpsrv ends its group (the connections it forked)
    // on SIGTERM, which must not be this test.
    posix_spawnattr_t attr;
    posix_spawnattr_init(&attr);
    posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP);
    posix_spawnattr_setpgroup(&attr, 0);
    const int rc =
        posix_spawnp(&pid_, argv[0], &quiet, &attr, const_cast<char* const*>(argv.data()), environ);
    posix_spawnattr_destroy(&attr);
    posix_spawn_file_actions_destroy(&quiet);
    if (rc != 0) {
      pid_ = 0;
      return;
    }
    for (int i = 0; i < 100 && !accepts(port_); ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ~TcpServer() { stop(); }
  void stop() {
    if (pid_ <= 0) return;
    ::kill(-pid_, SIGTERM);  // the server and the connections it forked
    ::waitpid(pid_, nullptr, 0);
    pid_ = 0;
  }
  bool running() const { return pid_ > 0 && accepts(port_); }
  std::string url() const { return "tcp://127.0.0.1:" + std::to_string(port_); }
  int port() const { return port_; }

 private:
  int port_;
  pid_t pid_ = 0;
};

bool have_tcpsrv() { return std::system("command -v xapian-tcpsrv >/dev/null 2>&1") == 0; }

// An index on another machine, served by Xapian's own server: the same answers again, and a
// server that goes away is a network error, not a crash or a hang.
TEST_F(ShardedSearchTest, AnIndexServedOverTheNetworkJoinsTheOthers) {
  if (!have_tcpsrv()) GTEST_SKIP() << "xapian-tcpsrv is absent (apt-get install xapian-tools)";
  // What an application reading a remote index does (search.h): a server gone away is then
  // an error, not the end of the process.
  std::signal(SIGPIPE, SIG_IGN);
  TcpServer server(shards_[1]);
  ASSERT_TRUE(server.running());
  auto one = open_ok({one_});
  auto mixed = open_ok({shards_[0], server.url(), shards_[2]});
  ASSERT_TRUE(one && mixed);
  for (const std::string& q : {title_word(0), title_word(1) + " OR " + title_word(4)}) {
    auto a = one->search(q), b = mixed->search(q);
    ASSERT_TRUE(a.ok() && b.ok()) << b.status().message();
    ASSERT_FALSE(a->hits.empty());
    expect_same_hits(a->hits, b->hits, q);
  }
  auto ra = one->related(corpus_[4].url), rb = mixed->related(corpus_[4].url);
  ASSERT_TRUE(ra.ok() && rb.ok());
  expect_same_hits(*ra, *rb, "related");
  // Regression (audit): one remote index alone failed with "UnimplementedError" (it has no
  // revision to key the ranker's cache on).
  auto alone = open_ok({server.url()});
  ASSERT_TRUE(alone);
  auto shard_local = open_ok({shards_[1]});
  auto rr = alone->related(corpus_[1].url), rl = shard_local->related(corpus_[1].url);
  ASSERT_TRUE(rr.ok()) << rr.status().message();
  ASSERT_TRUE(rl.ok());
  ASSERT_FALSE(rl->empty());
  expect_same_hits(*rr, *rl, "related over one remote index");
  auto remote_article = mixed->get(corpus_[1].url);  // shard 1 holds it
  ASSERT_TRUE(remote_article.ok());
  EXPECT_EQ(remote_article->title, corpus_[1].title);
  auto s = mixed->stats();
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->articles, 90u);
  EXPECT_EQ(s->indexes[1].path, server.url());
  EXPECT_EQ(s->indexes[1].articles, 30u);
  EXPECT_EQ(s->indexes[1].size_bytes, 0u);  // not known here
  auto cli = run_byline("search " + title_word(0) + " --format json --db " + shards_[0] + " --db " +
                        server.url() + " --db " + shards_[2]);
  auto cli_one = run_byline("search " + title_word(0) + " --format json --db " + one_);
  EXPECT_EQ(cli.exit_code, 0) << cli.err;
  EXPECT_EQ(cli.out, cli_one.out);
  // Regression (audit): `stats` of a remote index alone said "size: 0 KiB".
  auto remote_stats = run_byline("--db " + server.url() + " stats");
  EXPECT_EQ(remote_stats.exit_code, 0) << remote_stats.err;
  EXPECT_NE(remote_stats.out.find("size:     unknown (served over the network)\n"),
            std::string::npos)
      << remote_stats.out;
  auto write = run_byline("--db " + server.url() + " index -");
  EXPECT_EQ(write.exit_code, 2);
  EXPECT_NE(write.err.find("served over the network"), std::string::npos) << write.err;

  // `byline export QUERY` pages through a remote index's matches as through a local one's
  // (the remote one by an offset into them: a PostingSource of ours does not run there).
  auto local = open_ok({shards_[0], shards_[1], shards_[2]});
  ASSERT_TRUE(local);
  for (const std::string& q : {"-" + title_word(0), title_word(1) + " OR " + title_word(31)}) {
    auto pages_of = [&](Searcher& s, int limit) {
      std::vector<std::string> ids;
      uint64_t cursor = 0;
      for (int n = 0; n < 100; ++n) {
        auto page = s.articles(cursor, limit, q);
        EXPECT_TRUE(page.ok()) << page.status().message();
        if (!page.ok()) break;
        for (const Article& a : page->articles) ids.push_back(a.id);
        if ((cursor = page->next) == 0) break;
      }
      return ids;
    };
    const auto want = pages_of(*local, 1000);
    EXPECT_GE(want.size(), q[0] == '-' ? 60u : 2u) << q;
    EXPECT_EQ(pages_of(*mixed, 7), want) << q;
    EXPECT_EQ(pages_of(*mixed, 1), want) << q;
  }

  // Regression (audit, session 29): a remote index's matches were read from an offset into
  // them, so articles removed behind the place reached moved the rest back past it: unchanged
  // articles were left out, exit 0. Removing what was read already loses nothing now.
  {
    auto remote = open_ok({server.url()});
    ASSERT_TRUE(remote);
    const std::string q = "-" + title_word(0);
    std::vector<std::string> want;  // the shard's matches before any is removed
    {
      auto shard = open_ok({shards_[1]});
      ASSERT_TRUE(shard);
      auto all = shard->articles(0, 1000, q);
      ASSERT_TRUE(all.ok());
      for (const Article& a : all->articles) want.push_back(a.id);
      ASSERT_GT(want.size(), 20u);
    }
    std::vector<std::string> got;
    uint64_t cursor = 0;
    for (int n = 0; n < 2; ++n) {
      auto page = remote->articles(cursor, 5, q);
      ASSERT_TRUE(page.ok()) << page.status().message();
      for (const Article& a : page->articles) got.push_back(a.id);
      cursor = page->next;
    }
    ASSERT_EQ(got.size(), 10u);
    ASSERT_NE(cursor, 0u);
    {
      auto w = IndexWriter::open(shards_[1]);
      ASSERT_TRUE(w.ok()) << w.status().message();
      for (size_t i = 0; i < 8; ++i) ASSERT_TRUE((*w)->remove(got[i]).ok());
      ASSERT_TRUE((*w)->commit().ok());
    }
    for (int n = 0; n < 50 && cursor != 0; ++n) {
      auto page = remote->articles(cursor, 5, q);
      ASSERT_TRUE(page.ok()) << page.status().message();
      for (const Article& a : page->articles) got.push_back(a.id);
      cursor = page->next;
    }
    EXPECT_EQ(got, want);
  }

  // `byline serve` over the same indexes: its pooled readers as the Searcher above.
  server::Api api(std::vector<std::string>{shards_[0], server.url(), shards_[2]});
  server::ApiRequest req;
  req.method = "GET";
  req.path = "/v1/search";
  req.params = {{"q", title_word(0)}};
  EXPECT_EQ(api.handle(req).status, 200);

  server.stop();
  {
    // Down: 503 (the service, not a bug), said as "network", with a time to ask again; the
    // health probe too (re-audit).
    server::ApiRequest health;
    health.method = "GET";
    health.path = "/v1/health";
    auto probe = api.handle(health);
    EXPECT_EQ(probe.status, 503) << probe.body;
    EXPECT_NE(std::find(probe.headers.begin(), probe.headers.end(),
                        std::pair<std::string, std::string>{"Retry-After", "5"}),
              probe.headers.end());
    auto down = api.handle(req);
    EXPECT_EQ(down.status, 503) << down.body;
    EXPECT_EQ(nlohmann::json::parse(down.body)["error"]["code"], "network");
    EXPECT_NE(std::find(down.headers.begin(), down.headers.end(),
                        std::pair<std::string, std::string>{"Retry-After", "5"}),
              down.headers.end());
  }
  auto gone = mixed->search(title_word(0));
  EXPECT_EQ(gone.status().code(), ErrorCode::kNetwork) << gone.status().message();
  EXPECT_EQ(mixed->get(corpus_[1].url).status().code(), ErrorCode::kNetwork);
  {
    // Regression (audit, session 49): a reader kept the connection it had found broken, so
    // a server restarted where it was (an upgrade, a reboot) was never asked again: `serve`
    // failed every request until it was restarted itself. The next call connects again.
    TcpServer again(shards_[1], server.port());
    ASSERT_TRUE(again.running());
    auto back = mixed->search(title_word(0));
    ASSERT_TRUE(back.ok()) << back.status().message();
    // (Against the local shards: some articles were removed from shard 1 above.)
    expect_same_hits(local->search(title_word(0))->hits, back->hits, "after the server came back");
    auto stored = local->articles(0, 1, "-" + title_word(0));
    ASSERT_TRUE(stored.ok() && !stored->articles.empty());
    auto article = mixed->get(stored->articles[0].id);
    ASSERT_TRUE(article.ok()) << article.status().message();
    EXPECT_EQ(article->title, stored->articles[0].title);
    auto served = api.handle(req);
    EXPECT_EQ(served.status, 200) << served.body;
    EXPECT_TRUE(Searcher::open("tcp://[127.0.0.1]:" + std::to_string(server.port())).ok());
    // And again after a restart between two calls that both succeed: the broken connection
    // is found by the call, made again and the call answered.
    again.stop();
    TcpServer third(shards_[1], server.port());
    ASSERT_TRUE(third.running());
    auto s3 = mixed->stats();
    ASSERT_TRUE(s3.ok()) << s3.status().message();
    EXPECT_EQ(s3->articles, local->stats()->articles);
    EXPECT_EQ(s3->articles, 82u);  // 90, 8 removed
  }
  auto cli_refused = run_byline("search x --db " + shards_[0] + " --db " + server.url());
  EXPECT_EQ(cli_refused.exit_code, 5) << cli_refused.err;
  EXPECT_NE(cli_refused.err.find("cannot reach index " + server.url()), std::string::npos);
  auto refused = Searcher::open({shards_[0], server.url()});
  EXPECT_EQ(refused.status().code(), ErrorCode::kNetwork);
  EXPECT_NE(refused.status().message().find(server.url()), std::string::npos);
  for (const char* bad : {"tcp://127.0.0.1", "tcp://:80", "tcp://host:0", "tcp://host:99999",
                          "tcp://::1:80", "tcp://[::1:80", "tcp://ho st:80", "tcp://host:8o"})
    EXPECT_EQ(Searcher::open(std::string(bad)).status().code(), ErrorCode::kUsage) << bad;
  // Regression (audit, session 49): an IPv6 address was taken, then failed as a host name
  // "couldn't resolve" (exit 5); Xapian 1.4's client connects over IPv4 only.
  auto v6 = Searcher::open(std::string("tcp://[::1]:" + std::to_string(server.port())));
  EXPECT_EQ(v6.status().code(), ErrorCode::kUsage);
  EXPECT_NE(v6.status().message().find("IPv4 only"), std::string::npos) << v6.status().message();
  // Re-audit: an IPv4 address in brackets is still reached, and a bad port is said as such.
  auto ported = Searcher::open(std::string("tcp://[::1]:99999"));
  EXPECT_NE(ported.status().message().find("is not an index server's address"), std::string::npos)
      << ported.status().message();
}

// A query's matches far into a remote index (past the place its cursor can hold) come page by
// page, each once; a cursor is good for its own query only.
TEST(RemoteIndex, AQuerysMatchesFarIntoARemoteIndexComePageByPage) {
  if (!have_tcpsrv()) GTEST_SKIP() << "xapian-tcpsrv is absent (apt-get install xapian-tools)";
  TempDir dir;
  const std::string path = (dir.path() / "index").string();
  {
    auto w = IndexWriter::open(path);  // the schema's metadata
    ASSERT_TRUE(w.ok()) << w.status().message();
    Article a;
    a.id = "first";
    a.title = "First";
    ASSERT_TRUE((*w)->add(a).ok());
    ASSERT_TRUE((*w)->commit().ok());
  }
  constexpr int kStories = 40000;  // the place a remote cursor holds stops at 32,767
  {
    Xapian::WritableDatabase db(path, Xapian::DB_OPEN);
    for (int i = 0; i < kStories; ++i) {
      const std::string id = "s" + std::to_string(i);
      Xapian::Document doc;
      doc.set_data("{\"id\": \"" + id + "\", \"title\": \"T\"}");
      doc.add_boolean_term("Q" + id);
      const std::string word = i % 4 == 3 ? "quokka" : "kangaroo";
      doc.add_term(word);
      doc.add_term("Z" + word);  // the stemmed form, which a query's word searches
      db.add_document(doc);
    }
    db.commit();
  }
  TcpServer server(path);
  ASSERT_TRUE(server.running());
  auto remote = Searcher::open(server.url());
  ASSERT_TRUE(remote.ok()) << remote.status().message();
  std::vector<std::string> got;
  uint64_t cursor = 0;
  for (int n = 0; n < 10; ++n) {
    auto page = (*remote)->articles(cursor, 5000, "kangaroo");
    ASSERT_TRUE(page.ok()) << page.status().message();
    for (const Article& a : page->articles) got.push_back(a.id);
    if ((cursor = page->next) == 0) break;
    // Another query's cursor, or none's, is refused: it would read from a place not its own.
    for (const char* other : {"quokka", ""}) {
      auto wrong = (*remote)->articles(cursor, 10, other);
      EXPECT_EQ(wrong.status().code(), ErrorCode::kUsage) << "'" << other << "' " << cursor;
    }
  }
  EXPECT_EQ(cursor, 0u);
  ASSERT_EQ(got.size(), static_cast<size_t>(kStories / 4 * 3));
  for (size_t k = 0; k < got.size(); ++k)
    ASSERT_EQ(got[k], "s" + std::to_string(k / 3 * 4 + k % 3)) << k;
}

// A server that takes the connection and never answers: a network error within the timeout.
TEST(RemoteIndex, ASilentServerTimesOut) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a), 0);
  ASSERT_EQ(::listen(fd, 4), 0);
  socklen_t len = sizeof a;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
  const auto t0 = std::chrono::steady_clock::now();
  auto s = Searcher::open("tcp://127.0.0.1:" + std::to_string(ntohs(a.sin_port)));
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  ::close(fd);
  EXPECT_EQ(s.status().code(), ErrorCode::kNetwork) << s.status().message();
  EXPECT_LT(seconds, (kRemoteConnectTimeoutMs + kRemoteTimeoutMs) / 1000.0 + 5);
}

TEST_F(ShardedSearchTest, TheCommandLineReadsSeveralAndWritesOne) {
  const std::string dbs = "--db " + shards_[0] + " --db " + shards_[1] + " --db " + shards_[2];
  const std::string q = title_word(0);
  auto sharded = run_byline("search " + q + " --format json --limit 20 " + dbs);
  auto one = run_byline("search " + q + " --format json --limit 20 --db " + one_);
  ASSERT_EQ(sharded.exit_code, 0) << sharded.err;
  EXPECT_EQ(sharded.out, one.out);
  auto stats = run_byline(dbs + " stats --format json");
  ASSERT_EQ(stats.exit_code, 0) << stats.err;
  EXPECT_NE(stats.out.find("\"indexes\""), std::string::npos);
  EXPECT_NE(stats.out.find("\"articles\": 90"), std::string::npos) << stats.out;
  auto text = run_byline(dbs + " stats");
  EXPECT_NE(text.out.find("indexes:  3, searched as one"), std::string::npos) << text.out;
  auto show = run_byline(dbs + " show " + corpus_[89].url);
  EXPECT_EQ(show.exit_code, 0) << show.err;
  EXPECT_EQ(show.out.rfind(corpus_[89].title, 0), 0u) << show.out;
  // Writers write to one index: no guessing which.
  auto index = run_byline(dbs + " index -", "");
  EXPECT_EQ(index.exit_code, 2);
  EXPECT_NE(index.err.find("--db names 3 indexes"), std::string::npos) << index.err;
  for (const char* cmd : {"crawl https://example.com/feed.xml", "feeds ls"}) {
    auto r = run_byline(dbs + " " + cmd);
    EXPECT_EQ(r.exit_code, 2) << cmd << ": " << r.err;
  }
  auto twice = run_byline("--db " + shards_[0] + " --db " + shards_[0] + " search x");
  EXPECT_EQ(twice.exit_code, 2) << twice.err;
}

}  // namespace
}  // namespace byline
