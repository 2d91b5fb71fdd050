// tests/index_lifecycle_test.cc: the index's life beyond the happy path: a commit that
// fails on a write error (a full disk), ids and paths an embedding application gets wrong, an
// index replaced under a long-lived Searcher, articles removed (one by one, or by age).
#include <gtest/gtest.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>

#include "byline/extract.h"
#include "byline/index.h"
#include "byline/search.h"
#include "common/datetime.h"
#include "test_support.h"

namespace byline {
namespace {

Article story(int i) {
  Article a;
  a.url = "https://full.example/" + std::to_string(i);
  a.title = "Story " + std::to_string(i);
  std::string text;
  for (int j = 0; j < 400; ++j) text += "w" + std::to_string((i * 31 + j * 17) % 50000) + " ";
  tag_sections(text, a);
  return a;
}

size_t articles(const std::string& path) {
  auto s = Searcher::open(path);
  if (!s.ok()) return 0;
  auto st = (*s)->stats();
  return st.ok() ? st->articles : 0;
}

// The size of the index's largest file: a file size limit a little above it stops a batch.
uintmax_t largest_file(const std::string& path) {
  uintmax_t largest = 0;
  for (const auto& f : std::filesystem::directory_iterator(path))
    largest = std::max(largest, std::filesystem::file_size(f.path()));
  return largest;
}

// Files may not grow past the size they have now plus `slack` bytes, until destroyed.
class FileSizeLimit {
 public:
  explicit FileSizeLimit(rlim_t limit) {
    getrlimit(RLIMIT_FSIZE, &old_);
    old_handler_ = std::signal(SIGXFSZ, SIG_IGN);  // EFBIG instead of being killed
    rlimit rl{limit, old_.rlim_max};
    setrlimit(RLIMIT_FSIZE, &rl);
  }
  ~FileSizeLimit() {
    setrlimit(RLIMIT_FSIZE, &old_);
    std::signal(SIGXFSZ, old_handler_);
  }

 private:
  rlimit old_{};
  void (*old_handler_)(int) = nullptr;
};

// Regression: after a failed commit the writer added outside any transaction (every later
// commit failed with "no transaction currently in progress"), and closing it published those
// changes; the failure itself was reported as an unreadable index.
TEST(IndexWriterFailure, AFailedCommitLosesItsBatchOnlyAndTheWriterGoesOn) {
  testing::TempDir dir;
  const std::string path = (dir.path() / "index").string();
  {
    auto w = IndexWriter::open(path);
    ASSERT_TRUE(w.ok()) << w.status().message();
    for (int i = 0; i < 50; ++i) {
      Article a = story(i);
      ASSERT_TRUE((*w)->add(a).ok());
    }
    ASSERT_TRUE((*w)->commit().ok());
    const uintmax_t largest = largest_file(path);
    Status failed;
    {
      FileSizeLimit full(static_cast<rlim_t>(largest + 8192));
      for (int i = 50; i < 450; ++i) {
        Article a = story(i);
        ASSERT_TRUE((*w)->add(a).ok());
      }
      failed = (*w)->commit();
    }
    ASSERT_FALSE(failed.ok()) << "the file size limit did not stop the commit";
    EXPECT_EQ(failed.code(), ErrorCode::kNoSpace);
    EXPECT_NE(failed.message().find("cannot write index"), std::string::npos) << failed.message();
    EXPECT_NE(failed.hint().find("not stored"), std::string::npos) << failed.hint();
    EXPECT_EQ(articles(path), 50u);  // what was committed stands

    // Space again: the writer goes on, each commit all or nothing.
    for (int i = 1000; i < 1020; ++i) {
      Article a = story(i);
      auto added = (*w)->add(a);
      ASSERT_TRUE(added.ok()) << added.status().message();
      EXPECT_EQ(*added, AddOutcome::kAdded);
    }
    EXPECT_EQ(articles(path), 50u);
    Status ok = (*w)->commit();
    ASSERT_TRUE(ok.ok()) << ok.message();
    EXPECT_EQ(articles(path), 70u);
    // Uncommitted changes are not published when the writer goes.
    for (int i = 2000; i < 2010; ++i) {
      Article a = story(i);
      ASSERT_TRUE((*w)->add(a).ok());
    }
  }
  EXPECT_EQ(articles(path), 70u);
  auto s = Searcher::open(path);
  ASSERT_TRUE(s.ok());
  EXPECT_TRUE((*s)->get("https://full.example/0").ok());
  EXPECT_TRUE((*s)->get("https://full.example/1019").ok());
  EXPECT_FALSE((*s)->get("https://full.example/100").ok());
  EXPECT_FALSE((*s)->get("https://full.example/2000").ok());
}

// Regression (audit): an add() that failed on a write error left the batch half applied: the
// adds after it returned OK, commit() returned OK, and the articles added before the failure
// were gone. Now a failed write drops the whole batch, every change until the next commit()
// is refused, and that commit() says so: an OK commit means the whole batch is stored.
TEST(IndexWriterFailure, AFailedAddDropsTheBatchAndTheNextCommitSaysSo) {
  testing::TempDir dir;
  const std::string path = (dir.path() / "index").string();
  auto w = IndexWriter::open(path);
  ASSERT_TRUE(w.ok()) << w.status().message();
  for (int i = 0; i < 10; ++i) {
    Article a = story(i);
    ASSERT_TRUE((*w)->add(a).ok());
  }
  ASSERT_TRUE((*w)->commit().ok());
  const uintmax_t largest = largest_file(path);
  int ok_before = 0, refused_after = 0;
  Status first_failure, committed;
  {
    FileSizeLimit full(static_cast<rlim_t>(largest + 8192));
    for (int i = 10; i < 400; ++i) {
      Article a = story(i);
      auto added = (*w)->add(a);
      if (added.ok()) {
        EXPECT_TRUE(first_failure.ok()) << "story " << i << " was taken after a failed write";
        ++ok_before;
      } else if (first_failure.ok()) {
        first_failure = added.status();
      } else {
        EXPECT_EQ(added.status().code(), ErrorCode::kNoSpace);
        EXPECT_EQ(
            added.status().message().rfind("the changes since the last commit were dropped", 0), 0u)
            << added.status().message();
        ++refused_after;
      }
    }
    if (first_failure.ok()) GTEST_SKIP() << "no add met the file size limit (the commit did)";
    EXPECT_EQ((*w)->set_metadata("k", "v").code(), ErrorCode::kNoSpace);
    EXPECT_EQ((*w)->remove("https://full.example/1").status().code(), ErrorCode::kNoSpace);
    committed = (*w)->commit();
  }
  EXPECT_GT(ok_before, 0);
  EXPECT_GT(refused_after, 0);
  EXPECT_EQ(first_failure.code(), ErrorCode::kNoSpace);
  EXPECT_NE(first_failure.message().find("cannot write index"), std::string::npos)
      << first_failure.message();
  ASSERT_FALSE(committed.ok()) << "commit() said OK of a dropped batch";
  EXPECT_EQ(committed.code(), ErrorCode::kNoSpace);
  EXPECT_NE(committed.message().find("dropped"), std::string::npos) << committed.message();
  EXPECT_EQ(articles(path), 10u);

  // Space again: the writer goes on.
  Article late = story(1000);
  ASSERT_TRUE((*w)->add(late).ok());
  ASSERT_TRUE((*w)->commit().ok());
  EXPECT_EQ(articles(path), 11u);
  auto s = Searcher::open(path);
  ASSERT_TRUE(s.ok());
  EXPECT_TRUE((*s)->get("https://full.example/1").ok());  // the refused remove did nothing
  EXPECT_FALSE((*s)->get("https://full.example/10").ok());
}

// Regression (audit): a disk that filled during a commit ended the process (std::terminate in
// Xapian 1.4, past any catch). A commit now starts only with room for it, else says why and
// keeps the changes for another commit. Regression (lifecycle audit, session 44): a full disk
// was kIndexCorrupt (exit 9, "corrupt"), which a script may answer by restoring a backup.
TEST(IndexWriterFailure, ACommitWithoutRoomIsRefusedBeforeXapianStarts) {
  testing::TempDir dir;
  const std::string path = (dir.path() / "index").string();
  {
    IndexOptions roomy;
    roomy.commit_reserve_bytes = uint64_t{1} << 60;  // more than any disk has free
    auto w = IndexWriter::open(path, roomy);
    ASSERT_TRUE(w.ok()) << w.status().message();
    Article a = story(1);
    ASSERT_TRUE((*w)->add(a).ok());
    for (int attempt = 0; attempt < 2; ++attempt) {
      Status s = (*w)->commit();
      ASSERT_FALSE(s.ok());
      EXPECT_EQ(s.code(), ErrorCode::kNoSpace);
      EXPECT_EQ(
          s.message().rfind("cannot commit to index " + path + ": the disk is nearly full (", 0),
          0u)
          << s.message();
      EXPECT_EQ(s.hint(),
                "free disk space and run it again (what the index held before is intact)");
    }
    EXPECT_GT((*w)->staged_text_bytes(), 0u);  // the batch is still there
  }
  EXPECT_EQ(articles(path), 0u);  // nothing published; a writer with room goes on
  auto w = IndexWriter::open(path);
  ASSERT_TRUE(w.ok());
  Article a = story(2);
  ASSERT_TRUE((*w)->add(a).ok());
  ASSERT_TRUE((*w)->commit().ok());
  EXPECT_EQ(articles(path), 1u);
}

// Regression (maintenance audit, session 50): compact made its copy without asking for room,
// filling the disk (for every writer on it) before it failed; short of room it said "cannot
// commit", and asked for a commit's reserve, not for the copy.
TEST(IndexWriterFailure, ACompactionWithoutRoomForItsCopyIsRefusedBeforeItStarts) {
  testing::TempDir dir;
  const std::string path = (dir.path() / "index").string();
  {
    auto w = IndexWriter::open(path);
    ASSERT_TRUE(w.ok());
    Article a = story(1);
    ASSERT_TRUE((*w)->add(a).ok());
    ASSERT_TRUE((*w)->commit().ok());
  }
  IndexOptions roomy;
  roomy.commit_reserve_bytes = uint64_t{1} << 60;  // more than any disk has free
  auto w = IndexWriter::open(path, roomy);
  ASSERT_TRUE(w.ok()) << w.status().message();
  auto compacted = (*w)->compact();
  ASSERT_FALSE(compacted.ok());
  EXPECT_EQ(compacted.status().code(), ErrorCode::kNoSpace);
  EXPECT_EQ(
      compacted.status().message().rfind("cannot compact index " + path + ": it needs about ", 0),
      0u)
      << compacted.status().message();
  EXPECT_NE(compacted.status().message().find(" MiB free beside it, and "), std::string::npos);
  EXPECT_EQ(compacted.status().hint(),
            "the index is as it was: free disk space, then run it again");
  w->reset();
  EXPECT_EQ(articles(path), 1u);
  for (const auto& e : std::filesystem::directory_iterator(dir.path()))
    EXPECT_EQ(e.path().filename(), "index");  // no copy left beside it
}

// Regression (audit): ids with C1 controls (U+009B is a terminal's CSI) were taken; a date of
// INT64_MIN was stored, sorted first and printed as hour 39; a writer on "tcp://host:port"
// made a local directory "tcp:".
TEST(IndexWriterOpen, WhatAnApplicationGetsWrongIsRefusedOrLeftOut) {
  testing::TempDir dir;
  const std::string path = (dir.path() / "index").string();
  auto w = IndexWriter::open(path);
  ASSERT_TRUE(w.ok());
  Article csi = story(1);
  csi.id =
      "id\xC2\x9B"
      "31m";
  auto refused = (*w)->add(csi);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), ErrorCode::kBadInput);
  EXPECT_EQ(refused.status().message(), "the article id holds control characters");
  EXPECT_EQ(csi.id,
            "id\xC2\x9B"
            "31m");             // a failed add leaves the caller's article as it was
  EXPECT_EQ(csi.language, "");  // (it set the id and "en")
  Article accented = story(2);
  accented.id = "caf\xC3\xA9";  // C3 A9 is no control
  EXPECT_TRUE((*w)->add(accented).ok());
  Article ancient = story(3);
  ancient.published = INT64_MIN;
  ancient.updated = INT64_MAX;
  ASSERT_TRUE((*w)->add(ancient).ok());
  ASSERT_TRUE((*w)->commit().ok());
  auto s = Searcher::open(path);
  ASSERT_TRUE(s.ok());
  auto got = (*s)->get(ancient.url);
  ASSERT_TRUE(got.ok());
  EXPECT_FALSE(got->published);
  EXPECT_FALSE(got->updated);
  auto st = (*s)->stats();
  ASSERT_TRUE(st.ok());
  EXPECT_FALSE(st->oldest) << *st->oldest;
  EXPECT_EQ(format_iso8601(INT64_MIN), "1000-01-01T00:00:00Z");
  EXPECT_EQ(format_iso8601(INT64_MAX), "9999-12-31T23:59:59Z");

  const std::filesystem::path cwd = std::filesystem::current_path();
  std::filesystem::current_path(dir.path());
  auto remote = IndexWriter::open("tcp://127.0.0.1:7");
  const bool made = std::filesystem::exists(dir.path() / "tcp:");
  std::filesystem::current_path(cwd);
  ASSERT_FALSE(remote.ok());
  EXPECT_EQ(remote.status().code(), ErrorCode::kUsage);
  EXPECT_FALSE(made);
}

// Regression (audit): a file, or a directory of other files, opened without create was "no
// index ... create it with `byline crawl`", where a crawl then failed; readers said otherwise.
TEST(IndexWriterOpen, WithoutCreateAFileOrADirectoryOfOtherFilesIsSaidAsReadersSayIt) {
  testing::TempDir dir;
  IndexOptions options;
  options.create = false;
  const std::string file = (dir.path() / "afile").string();
  std::ofstream(file) << "x\n";
  auto w = IndexWriter::open(file, options);
  ASSERT_FALSE(w.ok());
  EXPECT_EQ(w.status().code(), ErrorCode::kIndexCorrupt);
  EXPECT_EQ(w.status().message(), file + " is not a directory");
  const std::filesystem::path other = dir.path() / "other";
  std::filesystem::create_directory(other);
  std::ofstream(other / "notes.txt") << "x\n";
  w = IndexWriter::open(other.string(), options);
  ASSERT_FALSE(w.ok());
  EXPECT_EQ(w.status().code(), ErrorCode::kIndexVersion);
  EXPECT_EQ(Searcher::open(other.string()).status().code(), ErrorCode::kIndexVersion);
}

// Regression: create=false still made an index in an existing empty directory.
TEST(IndexWriterOpen, WithoutCreateAnEmptyDirectoryIsNoIndex) {
  testing::TempDir dir;
  IndexOptions options;
  options.create = false;
  for (const std::string& path : {(dir.path() / "missing").string(), dir.path().string()}) {
    auto w = IndexWriter::open(path, options);
    ASSERT_FALSE(w.ok()) << path;
    EXPECT_EQ(w.status().code(), ErrorCode::kNotFound);
    EXPECT_EQ(w.status().message(), "no index at " + path);
  }
  EXPECT_TRUE(std::filesystem::is_empty(dir.path()));
  ASSERT_TRUE(IndexWriter::open(dir.path().string()).ok());  // created
  EXPECT_TRUE(IndexWriter::open(dir.path().string(), options).ok());
}

// Regression: an id of invalid UTF-8 was indexed under its bytes but stored repaired, so the
// id a hit gave found nothing (get, related).
TEST(IndexWriterOpen, AnIdThatIsNotUtf8IsRefused) {
  testing::TempDir dir;
  auto w = IndexWriter::open((dir.path() / "index").string());
  ASSERT_TRUE(w.ok());
  Article a = story(1);
  a.id = "caf\xe9-42";
  auto added = (*w)->add(a);
  ASSERT_FALSE(added.ok());
  EXPECT_EQ(added.status().code(), ErrorCode::kBadInput);
  EXPECT_EQ(added.status().message(), "the article id is not valid UTF-8");
  a.id = "caf\xc3\xa9-42";
  EXPECT_TRUE((*w)->add(a).ok());
}

// Regression: a long-lived Searcher went on answering from an index that had been replaced
// (rebuilt elsewhere and renamed into place), without an error.
TEST(SearcherReopen, FollowsAnIndexRenamedIntoPlace) {
  testing::TempDir dir;
  const std::string path = (dir.path() / "index").string();
  const std::string rebuilt = (dir.path() / "index.rebuilt").string();
  auto make = [](const std::string& p, const std::string& word) {
    auto w = IndexWriter::open(p);
    ASSERT_TRUE(w.ok());
    Article a;
    a.url = "https://swap.example/" + word;
    a.title = "A story about a " + word;
    tag_sections("The " + word + " was seen on the lake this morning by many people.", a);
    ASSERT_TRUE((*w)->add(a).ok());
    ASSERT_TRUE((*w)->commit().ok());
  };
  make(path, "pelican");
  auto s = Searcher::open(path);
  ASSERT_TRUE(s.ok());
  auto count = [&](const std::string& q) {
    auto r = (*s)->search(q);
    return r.ok() ? r->hits.size() : size_t(99);
  };
  EXPECT_EQ(count("pelican"), 1u);
  make(rebuilt, "heron");
  std::filesystem::rename(path, path + ".old");
  std::filesystem::rename(rebuilt, path);
  EXPECT_EQ(count("heron"), 1u);
  EXPECT_EQ(count("pelican"), 0u);
  // Gone altogether: an error, not the old answers.
  std::filesystem::rename(path, rebuilt);
  auto gone = (*s)->search("heron");
  ASSERT_FALSE(gone.ok());
  EXPECT_EQ(gone.status().code(), ErrorCode::kNotFound);
  std::filesystem::rename(rebuilt, path);
  EXPECT_EQ(count("heron"), 1u);
}

TEST(IndexRemove, ByIdOrAnyUrlAndByAgeAtTheNextCommit) {
  testing::TempDir dir;
  const std::string path = (dir.path() / "index").string();
  auto w = IndexWriter::open(path);
  ASSERT_TRUE(w.ok());
  std::vector<std::string> ids;
  for (int i = 0; i < 10; ++i) {
    Article a = story(i);
    a.published = 1700000000 + i * 86400;  // a day apart
    if (i == 3) a.alias_urls = {"https://full.example/amp/3"};
    if (i == 9) a.published.reset();  // undated: never pruned
    ASSERT_TRUE((*w)->add(a).ok());
    ids.push_back(a.id);
  }
  ASSERT_TRUE((*w)->commit().ok());
  EXPECT_EQ(*(*w)->remove(ids[0]), 1u);
  EXPECT_EQ(*(*w)->remove("https://full.example/amp/3"), 1u);  // an alias
  EXPECT_EQ(*(*w)->remove("HTTPS://FULL.example/1#top"), 1u);  // the normalised URL
  EXPECT_EQ(*(*w)->remove("https://full.example/1"), 0u);      // gone already
  EXPECT_EQ(*(*w)->remove("nothing-by-this-name"), 0u);
  EXPECT_EQ(articles(path), 10u);  // not before the commit
  ASSERT_TRUE((*w)->commit().ok());
  EXPECT_EQ(articles(path), 7u);
  // Published before day 6: 2, 4, 5 are left of days 0-5.
  EXPECT_EQ(*(*w)->remove_published_before(1700000000 + 6 * 86400, /*dry_run=*/true), 3u);
  EXPECT_EQ(articles(path), 7u);
  EXPECT_EQ(*(*w)->remove_published_before(1700000000 + 6 * 86400), 3u);
  // Added again in the same batch after its removal: stored anew.
  Article again = story(2);
  again.published = 1700000000 + 2 * 86400;
  auto added = (*w)->add(again);
  ASSERT_TRUE(added.ok());
  EXPECT_EQ(*added, AddOutcome::kAdded);
  ASSERT_TRUE((*w)->commit().ok());
  EXPECT_EQ(articles(path), 5u);  // 2, 6, 7, 8 and the undated 9
  auto s = Searcher::open(path);
  ASSERT_TRUE(s.ok());
  auto st = (*s)->stats();
  ASSERT_TRUE(st.ok());
  // Exact after deletions (Xapian's own bounds stay loose).
  EXPECT_EQ(st->oldest, std::optional<int64_t>(1700000000 + 2 * 86400));
  EXPECT_EQ(st->newest, std::optional<int64_t>(1700000000 + 8 * 86400));
  EXPECT_TRUE((*s)->get("https://full.example/9").ok());
  EXPECT_FALSE((*s)->get("https://full.example/5").ok());
}

TEST(IndexCompact, ShrinksKeepsEveryArticleAndEveryoneFollows) {
  testing::TempDir dir;
  const std::string path = (dir.path() / "index").string();
  auto w = IndexWriter::open(path);
  ASSERT_TRUE(w.ok());
  for (int i = 0; i < 200; ++i) {
    Article a = story(i);
    ASSERT_TRUE((*w)->add(a).ok());
  }
  ASSERT_TRUE((*w)->commit().ok());
  for (int i = 0; i < 200; i += 2)
    ASSERT_EQ(*(*w)->remove("https://full.example/" + std::to_string(i)), 1u);
  ASSERT_TRUE((*w)->commit().ok());
  auto s = Searcher::open(path);  // open across the compaction
  ASSERT_TRUE(s.ok());
  auto lookup = (*w)->lookup();  // a preparing thread's view, across it too
  ASSERT_TRUE(lookup.ok());
  const auto hits_before = (*s)->search("w17");
  ASSERT_TRUE(hits_before.ok());

  // A second writer waiting for the lock meanwhile ends up in the compacted index.
  std::atomic<bool> second_done{false};
  std::thread second([&] {
    IndexOptions wait;
    wait.wait_for_lock = true;
    auto w2 = IndexWriter::open(path, wait);
    ASSERT_TRUE(w2.ok()) << w2.status().message();
    Article late = story(5000);
    ASSERT_TRUE((*w2)->add(late).ok());
    ASSERT_TRUE((*w2)->commit().ok());
    second_done = true;
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(300));

  auto stats = (*w)->compact();
  ASSERT_TRUE(stats.ok()) << stats.status().message();
  EXPECT_EQ(stats->articles, 100u);
  EXPECT_LT(stats->bytes_after, stats->bytes_before);
  EXPECT_FALSE(std::filesystem::exists(path + ".byline-compact-" + std::to_string(::getpid())));
  EXPECT_EQ(articles(path), 100u);
  auto hits_after = (*s)->search("w17");
  ASSERT_TRUE(hits_after.ok());
  EXPECT_EQ(hits_after->hits.size(), hits_before->hits.size());

  // The writer goes on in the compacted index; a look-up sees what it holds.
  Article again = story(1);
  PreparedArticle prepared(again);
  (*lookup)->look_up(prepared);
  auto same = (*w)->add(prepared);
  ASSERT_TRUE(same.ok());
  EXPECT_EQ(*same, AddOutcome::kUnchanged);
  Article next = story(1001);
  ASSERT_TRUE((*w)->add(next).ok());
  const Status committed = (*w)->commit();
  ASSERT_TRUE(committed.ok()) << committed.message();
  EXPECT_EQ(articles(path), 101u);
  EXPECT_FALSE(second_done);
  w = Status(ErrorCode::kInternal, "closed");  // lets the second writer in
  second.join();
  EXPECT_TRUE(second_done);
  EXPECT_EQ(articles(path), 102u);
  auto fresh = Searcher::open(path);
  ASSERT_TRUE(fresh.ok());
  EXPECT_TRUE((*fresh)->get("https://full.example/5000").ok());
  EXPECT_TRUE((*s)->get("https://full.example/5000").ok());
}

// Regression (audit): a compaction removed only a leftover copy named with its own pid, so the
// copies of compactions killed before (each up to the index's size) piled up until the disk
// was full. Those of processes that are gone go now, as do half-made new indexes.
TEST(IndexCompact, RemovesTheCopiesKilledRunsLeft) {
  testing::TempDir dir;
  const std::filesystem::path idx = dir.path() / "idx";
  {
    auto w = IndexWriter::open(idx.string());
    ASSERT_TRUE(w.ok());
    for (int i = 0; i < 5; ++i) {
      Article a = story(i);
      ASSERT_TRUE((*w)->add(a).ok());
    }
    ASSERT_TRUE((*w)->commit().ok());
  }
  // A pid no process has now: a child's that has ended.
  const pid_t child = ::fork();
  if (child == 0) ::_exit(0);
  ASSERT_GT(child, 0);
  ::waitpid(child, nullptr, 0);
  const std::string dead = std::to_string(child);
  const std::string alive = std::to_string(::getppid());
  const std::vector<std::string> gone{"idx.byline-compact-" + dead, "idx.byline-new-" + dead,
                                      "idx.byline-rebuild-" + dead};
  // Regression (audit): an operator's backups named like staging copies were removed.
  const std::vector<std::string> kept{"idx.byline-compact-" + alive,
                                      "idx.byline-new-" + alive,
                                      "idx.byline-compact-x1",
                                      "idx2.byline-compact-" + dead,
                                      "idx.backup",
                                      "idx.compact-" + dead,
                                      "idx.rebuild-20261205",
                                      "idx.byline-compact-99999999"};
  for (const auto& name : gone) std::filesystem::create_directories(dir.path() / name / "sub");
  for (const auto& name : kept) std::filesystem::create_directories(dir.path() / name);
  auto w = IndexWriter::open(idx.string());
  ASSERT_TRUE(w.ok());
  // Regression (scheduling audit, session 31): only the next compaction cleared them, so a
  // setup that only crawls kept a stopped compaction's copy for good. A writer's open does.
  for (const auto& name : gone) EXPECT_FALSE(std::filesystem::exists(dir.path() / name)) << name;
  for (const auto& name : kept) EXPECT_TRUE(std::filesystem::exists(dir.path() / name)) << name;
  auto stats = (*w)->compact();
  ASSERT_TRUE(stats.ok()) << stats.status().message();
  EXPECT_EQ(stats->articles, 5u);
  for (const auto& name : gone) EXPECT_FALSE(std::filesystem::exists(dir.path() / name)) << name;
  for (const auto& name : kept) EXPECT_TRUE(std::filesystem::exists(dir.path() / name)) << name;
}

// Regression (audit, session 44): a compaction could not be stopped (`byline compact` died of
// SIGTERM, its copy left). A stop asked for ends it before the swap: the index as it was, no
// copy beside it, and the writer goes on.
TEST(IndexCompact, AStopAskedForLeavesTheIndexAsItWas) {
  testing::TempDir dir;
  const std::filesystem::path idx = dir.path() / "idx";
  auto w = IndexWriter::open(idx.string());
  ASSERT_TRUE(w.ok());
  for (int i = 0; i < 5; ++i) {
    Article a = story(i);
    ASSERT_TRUE((*w)->add(a).ok());
  }
  ASSERT_TRUE((*w)->commit().ok());
  const std::atomic<bool> stop{true};
  auto stats = (*w)->compact(&stop);
  ASSERT_FALSE(stats.ok());
  EXPECT_EQ(stats.status().code(), ErrorCode::kInterrupted);
  EXPECT_EQ(stats.status().message(), "stopped compacting index " + idx.string());
  std::vector<std::string> beside;
  for (const auto& e : std::filesystem::directory_iterator(dir.path()))
    beside.push_back(e.path().filename().string());
  EXPECT_EQ(beside, std::vector<std::string>{"idx"});
  Article more = story(5);
  ASSERT_TRUE((*w)->add(more).ok());
  ASSERT_TRUE((*w)->commit().ok());
  auto s = Searcher::open(idx.string());
  ASSERT_TRUE(s.ok());
  EXPECT_EQ((*s)->stats()->articles, 6u);
}

// Regression: through a symlink, compaction swapped the link for the compacted copy and left
// the real index stale; through "idx/" it made the copy inside the index and failed (exit 9).
TEST(IndexCompact, CompactsTheDirectoryALinkOrASlashNames) {
  testing::TempDir dir;
  const std::filesystem::path real = dir.path() / "real";
  const std::filesystem::path link = dir.path() / "link";
  {
    auto w = IndexWriter::open(real.string());
    ASSERT_TRUE(w.ok());
    for (int i = 0; i < 20; ++i) {
      Article a = story(i);
      ASSERT_TRUE((*w)->add(a).ok());
    }
    ASSERT_TRUE((*w)->commit().ok());
  }
  std::filesystem::create_directory_symlink("real", link);
  int round = 0;
  for (const std::string& path : {link.string(), real.string() + "/"}) {
    auto w = IndexWriter::open(path);
    ASSERT_TRUE(w.ok()) << path;
    ASSERT_EQ(*(*w)->remove("https://full.example/" + std::to_string(round)), 1u);
    auto stats = (*w)->compact();
    ASSERT_TRUE(stats.ok()) << path << ": " << stats.status().message();
    Article next = story(100 + round++);
    ASSERT_TRUE((*w)->add(next).ok());
    ASSERT_TRUE((*w)->commit().ok());
    EXPECT_TRUE(std::filesystem::is_symlink(link)) << path;
    EXPECT_EQ(articles(real.string()), 20u) << path;  // one gone, one added, in the real one
  }
  for (const auto& e : std::filesystem::directory_iterator(dir.path()))
    EXPECT_TRUE(e.path() == real || e.path() == link) << e.path();
  for (const auto& e : std::filesystem::directory_iterator(real))
    EXPECT_EQ(e.path().filename().string().find("compact-"), std::string::npos) << e.path();
}

}  // namespace
}  // namespace byline
