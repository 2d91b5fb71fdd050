// The public API's edge cases as an application meets them: what each call returns for a path,
// key or object it cannot use (a Status that says why, never a crash or an "internal error").
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <nlohmann/json.hpp>
#include <thread>
#include <utility>

#include "byline/article_json.h"
#include "byline/extract.h"
#include "byline/index.h"
#include "byline/search.h"
#include "common/datetime.h"
#include "common/text.h"
#include "test_support.h"

namespace byline {
namespace {

using testing::TempDir;

Article story(const std::string& url, const std::string& title, const std::string& text) {
  Article a;
  a.url = url;
  a.title = title;
  tag_sections(text, a);
  return a;
}

std::string make_index(const TempDir& tmp) {
  const std::string path = (tmp.path() / "index").string();
  auto w = IndexWriter::open(path);
  EXPECT_TRUE(w.ok()) << w.status().message();
  Article a = story("https://orbit.example/a", "Corvid lander touches down",
                    "The Corvid lander settled near the lunar south pole.");
  EXPECT_TRUE((*w)->add(a).ok());
  EXPECT_TRUE((*w)->commit().ok());
  return path;
}

// A plain file at the index path failed the directory access check first, which blamed its
// permissions ("Permission denied ... check that you may read and write it").
TEST(ApiContract, SearcherOnAPlainFileSaysItIsNotADirectory) {
  TempDir tmp;
  const auto file = tmp.path() / "notes.txt";
  std::ofstream(file) << "not an index\n";
  auto s = Searcher::open(file.string());
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().code(), ErrorCode::kIndexCorrupt);
  EXPECT_EQ(s.status().message(), file.string() + " is not a directory");
  // As the writer says it.
  auto w = IndexWriter::open(file.string());
  ASSERT_FALSE(w.ok());
  EXPECT_EQ(w.status().code(), ErrorCode::kIndexCorrupt);
  EXPECT_EQ(w.status().message(), file.string() + " is not a directory");
}

// Xapian throws for an empty metadata key: metadata("") was an "internal error" (kInternal).
TEST(ApiContract, SearcherMetadataOfAnEmptyKeyIsUnset) {
  TempDir tmp;
  auto s = Searcher::open(make_index(tmp));
  ASSERT_TRUE(s.ok()) << s.status().message();
  auto empty = (*s)->metadata("");
  ASSERT_TRUE(empty.ok()) << empty.status().message();
  EXPECT_EQ(*empty, "");
  auto unset = (*s)->metadata("no-such-key");
  ASSERT_TRUE(unset.ok());
  EXPECT_EQ(*unset, "");
}

// A key Xapian refuses is the caller's mistake, not a bug to report (kInternal).
TEST(ApiContract, SetMetadataWithABadKeyIsAUsageError) {
  TempDir tmp;
  auto w = IndexWriter::open((tmp.path() / "index").string());
  ASSERT_TRUE(w.ok()) << w.status().message();
  for (const std::string& key : {std::string(), std::string(300, 'k')}) {
    Status s = (*w)->set_metadata(key, "v");
    EXPECT_EQ(s.code(), ErrorCode::kUsage) << key.size() << ": " << s.message();
    EXPECT_EQ(s.message().rfind("bad metadata key: ", 0), 0u) << s.message();
  }
  EXPECT_TRUE((*w)->set_metadata("app.key", "v").ok());
  EXPECT_TRUE((*w)->commit().ok());
  EXPECT_EQ(*(*w)->metadata("app.key"), "v");
}

// An index under a plain file cannot be created: Xapian's "Couldn't stat ... (Not a
// directory)" came out as kNotFound with "run `byline crawl` first", and an empty path as an
// internal error.
// Regression: --db naming a directory of other files made an index among them.
TEST(ApiContract, WriterRefusesADirectoryOfOtherFiles) {
  TempDir tmp;
  const auto dir = tmp.path() / "documents";
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "notes.txt") << "x\n";
  auto w = IndexWriter::open(dir.string());
  ASSERT_FALSE(w.ok());
  EXPECT_EQ(w.status().code(), ErrorCode::kIndexVersion);
  EXPECT_NE(w.status().message().find("holds other files and no index"), std::string::npos)
      << w.status().message();
  size_t entries = 0;
  for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator(dir)) ++entries;
  EXPECT_EQ(entries, 1u);  // nothing written beside the file
  // Readers say the same, not "no index: run byline crawl" (which then failed with this).
  auto s = Searcher::open(dir.string());
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().code(), ErrorCode::kIndexVersion);
  EXPECT_NE(s.status().message().find("not a byline index"), std::string::npos);
  EXPECT_EQ(Searcher::open((tmp.path() / "missing").string()).status().code(),
            ErrorCode::kNotFound);
  // An empty directory, or an index already there, opens.
  const auto empty = tmp.path() / "empty";
  std::filesystem::create_directories(empty);
  {
    auto made = IndexWriter::open(empty.string());
    ASSERT_TRUE(made.ok()) << made.status().message();
  }
  EXPECT_TRUE(IndexWriter::open(empty.string()).ok());
}

TEST(ApiContract, WriterThatCannotCreateItsIndexSaysWhy) {
  TempDir tmp;
  const auto file = tmp.path() / "notes.txt";
  std::ofstream(file) << "x\n";
  const std::string under = (file / "sub" / "index").string();
  auto w = IndexWriter::open(under);
  ASSERT_FALSE(w.ok());
  EXPECT_EQ(w.status().code(), ErrorCode::kIndexCorrupt);
  EXPECT_EQ(w.status().message().rfind("cannot create index " + under + ": ", 0), 0u)
      << w.status().message();
  EXPECT_FALSE(std::filesystem::exists(file.string() + "/sub"));

  auto none = IndexWriter::open("");
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.status().code(), ErrorCode::kUsage);
  EXPECT_EQ(none.status().message(), "no index path given");

  // Missing parents are still made.
  const std::string deep = (tmp.path() / "a" / "b" / "index").string();
  auto made = IndexWriter::open(deep);
  ASSERT_TRUE(made.ok()) << made.status().message();
  EXPECT_TRUE(std::filesystem::is_directory(deep));
}

// What a prepared article holds grows with its text, terms and positions, well past the text
// alone: the crawl's memory budget counts it (it counted the text, a sixth of it or less).
TEST(ApiContract, APreparedArticlesMemoryCountsItsTermsAndPositions) {
  std::string body;
  for (int i = 0; i < 4000; ++i) body += "word" + std::to_string(i % 1500) + " alpha beta. ";
  PreparedArticle small(story("https://orbit.example/s", "Short", "A short text."));
  PreparedArticle big(story("https://orbit.example/l", "Long", body));
  EXPECT_GT(small.memory_bytes(), small.article().text_bytes());
  EXPECT_GT(big.memory_bytes(), 4 * big.article().text_bytes());
  EXPECT_LT(big.memory_bytes(), 40 * big.article().text_bytes());
  EXPECT_GT(big.memory_bytes(), 20 * small.memory_bytes());
  PreparedArticle moved(std::move(big));
  EXPECT_EQ(big.memory_bytes(), 0u);  // NOLINT(bugprone-use-after-move): the point
  EXPECT_GT(moved.memory_bytes(), 0u);
}

// A moved-from PreparedArticle dereferenced its null implementation: add() and look_up()
// crashed.
TEST(ApiContract, MovedFromPreparedArticleIsRefusedNotACrash) {
  TempDir tmp;
  const std::string path = (tmp.path() / "index").string();
  auto w = IndexWriter::open(path);
  ASSERT_TRUE(w.ok()) << w.status().message();
  PreparedArticle from(story("https://orbit.example/b", "Corvid drill reaches ice",
                             "The drill on the Corvid lander reached lunar ice."));
  PreparedArticle to(std::move(from));
  EXPECT_TRUE(from.article().id.empty());  // NOLINT(bugprone-use-after-move): the point
  auto lookup = (*w)->lookup();
  ASSERT_TRUE(lookup.ok());
  (*lookup)->look_up(from);        // NOLINT(bugprone-use-after-move)
  auto refused = (*w)->add(from);  // NOLINT(bugprone-use-after-move)
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), ErrorCode::kUsage);
  EXPECT_EQ(refused.status().message(), "the PreparedArticle was moved from: it holds no article");

  (*lookup)->look_up(to);
  auto added = (*w)->add(to);
  ASSERT_TRUE(added.ok()) << added.status().message();
  EXPECT_EQ(*added, AddOutcome::kAdded);
  ASSERT_TRUE((*w)->commit().ok());
  auto s = Searcher::open(path);
  ASSERT_TRUE(s.ok());
  auto got = (*s)->get(to.article().id);
  ASSERT_TRUE(got.ok()) << got.status().message();
  EXPECT_EQ(got->title, "Corvid drill reaches ice");
}

// A Searcher read while a writer commits over and over (Xapian's DatabaseModifiedError when two
// commits overtake a read): every call returns a value or a Status, never an exception. The retry
// reopened the database inside its catch handler, where a failure escaped the API.
TEST(ApiContract, SearcherWhileAWriterCommitsNeverThrows) {
  TempDir tmp;
  const std::string path = make_index(tmp);
  auto s = Searcher::open(path);
  ASSERT_TRUE(s.ok()) << s.status().message();
  std::atomic<bool> done{false};
  std::thread writer([&] {
    auto w = IndexWriter::open(path);
    ASSERT_TRUE(w.ok()) << w.status().message();
    for (int i = 0; i < 150; ++i) {
      Article a =
          story("https://orbit.example/s" + std::to_string(i), "Corvid update " + std::to_string(i),
                "The Corvid lander sent update number " + std::to_string(i) + ".");
      EXPECT_TRUE((*w)->add(a).ok());
      EXPECT_TRUE((*w)->commit().ok());
    }
    done = true;
  });
  int reads = 0;
  while (!done) {
    ++reads;
    try {
      auto found = (*s)->search("corvid");
      auto stats = (*s)->stats();
      auto related = (*s)->related("https://orbit.example/a");
      for (const Status& st : {found.status(), stats.status(), related.status()})
        EXPECT_TRUE(st.ok() || st.code() == ErrorCode::kIndexCorrupt) << st.message();
    } catch (const std::exception& e) {
      ADD_FAILURE() << "threw: " << e.what();
      break;
    }
  }
  writer.join();
  EXPECT_GT(reads, 0);
  auto last = (*s)->stats();
  ASSERT_TRUE(last.ok());
  EXPECT_EQ(last->articles, 151u);
}

// Unix seconds past int64_t were converted from double with undefined behaviour (1e300 printed
// as a 12-digit year), and 2^64-1 wrapped to 1969: out of the years dates are read in, a
// number is no date, left out with a warning like "yesterday".
TEST(ApiContract, RecordDateInSecondsOutOfRangeIsLeftOutWithAWarning) {
  for (const std::string seconds : {"1e300", "-1e300", "18446744073709551615",
                                    "-9223372036854775808", "1e18", "253402300800"}) {
    std::vector<std::string> warnings;
    auto a = article_from_json(R"({"title":"x","published":)" + seconds + "}", &warnings);
    ASSERT_TRUE(a.ok()) << seconds;
    EXPECT_FALSE(a->published.has_value()) << seconds << ": " << *a->published;
    ASSERT_EQ(warnings.size(), 1u) << seconds;
    EXPECT_EQ(warnings[0].rfind("`published` is not a date", 0), 0u) << warnings[0];
  }
  for (const auto& [seconds, iso] :
       std::vector<std::pair<std::string, std::string>>{{"1763632800", "2025-11-20T10:00:00Z"},
                                                        {"1763632800.7", "2025-11-20T10:00:00Z"},
                                                        {"-30610224000", "1000-01-01T00:00:00Z"}}) {
    std::vector<std::string> warnings;
    auto a = article_from_json(R"({"title":"x","updated":)" + seconds + "}", &warnings);
    ASSERT_TRUE(a.ok()) << seconds;
    EXPECT_TRUE(warnings.empty()) << seconds;
    EXPECT_NE(article_to_json(*a).find(R"("updated":")" + iso + "\""), std::string::npos)
        << seconds << ": " << article_to_json(*a);
  }
  // The last second read is a date, one from the future: left out as such.
  std::vector<std::string> warnings;
  auto a = article_from_json(R"({"title":"x","updated":253402300799})", &warnings);
  ASSERT_TRUE(a.ok());
  EXPECT_FALSE(a->updated);
  EXPECT_EQ(warnings, std::vector<std::string>{"`updated` is more than a day in the future "
                                               "(9999-12-31T23:59:59Z); left out"});
}

// Regression (audit): a record's "2026-02-30T10:00:00Z" was stored as 2 March, and "T25:61" as
// the next day, with no word: a day or a time that does not exist is no date (the record's
// dates are RFC 3339), left out with a warning. Feeds roll such dates over, as feedparser does.
TEST(ApiContract, RecordDatesThatDoNotExistAreLeftOutWithAWarning) {
  for (const std::string date :
       {"2026-02-30T10:00:00Z", "2026-04-31", "2026-06-30T25:00:00Z", "2026-06-30T24:00:00Z",
        "2026-06-30T10:61:00Z", "2026-06-30T10:00:61Z", "2025-02-29", "2026-00-10", "2026-13-01",
        // the basic format (re-audit), and a leap second but at 23:59
        "20260230", "20260230T100000Z", "2026-06-30T2500", "2026-06-30T1061", "2026-06-30T100061Z",
        "2026-06-30T10:00:60Z"}) {
    std::vector<std::string> warnings;
    auto a = article_from_json(R"({"title":"x","published":")" + date + "\"}", &warnings);
    ASSERT_TRUE(a.ok()) << date;
    EXPECT_FALSE(a->published.has_value()) << date << ": " << format_iso8601(*a->published);
    ASSERT_EQ(warnings.size(), 1u) << date;
    EXPECT_EQ(warnings[0].rfind("`published` is not a date", 0), 0u) << warnings[0];
  }
  for (const auto& [date, iso] : std::vector<std::pair<std::string, std::string>>{
           {"2024-02-29T23:59:60Z", "2024-03-01T00:00:00Z"},  // a leap second
           {"20251231T101500Z", "2025-12-31T10:15:00Z"},
           {"2025-12-31t10:15:30.5+01:00", "2025-12-31T09:15:30Z"},
           {"2026-06-30T23:30:00-02:00", "2026-07-01T01:30:00Z"},
           {"2025-12-31", "2025-12-31T00:00:00Z"},
           {"Tue, 01 Dec 2026 10:00:00 GMT", "2026-12-01T10:00:00Z"}}) {
    std::vector<std::string> warnings;
    auto a = article_from_json(R"({"title":"x","published":")" + date + "\"}", &warnings);
    ASSERT_TRUE(a.ok()) << date;
    EXPECT_TRUE(warnings.empty()) << date << ": " << warnings[0];
    ASSERT_TRUE(a->published.has_value()) << date;
    EXPECT_EQ(format_iso8601(*a->published), iso) << date;
  }
}

// A record's published_source outside the schema's names and a negative reading time were kept,
// so `byline show` printed the record back out of schemas/article.schema.json.
TEST(ApiContract, RecordFieldsOutsideTheSchemaAreNotKept) {
  auto odd =
      article_from_json(R"({"title":"x","published":"2026-11-01","published_source":"bogus",)"
                        R"("reading_time_minutes":-5})");
  ASSERT_TRUE(odd.ok());
  EXPECT_EQ(odd->published_source, "");
  EXPECT_EQ(odd->reading_time_minutes, 0);
  auto huge = article_from_json(R"({"title":"x","reading_time_minutes":4294967301})");
  ASSERT_TRUE(huge.ok());
  EXPECT_EQ(huge->reading_time_minutes, 0);
  auto fine =
      article_from_json(R"({"title":"x","published":"2026-11-01","published_source":"json-ld",)"
                        R"("reading_time_minutes":7})");
  ASSERT_TRUE(fine.ok());
  EXPECT_EQ(fine->published_source, "json-ld");
  EXPECT_EQ(fine->reading_time_minutes, 7);
  // A round trip keeps them.
  auto back = article_from_json(article_to_json(*fine));
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->published_source, "json-ld");
  EXPECT_EQ(back->reading_time_minutes, 7);
}

// Regression (session 38's audit of section tagging): a section's kind that is none of the
// schema's became "other" without a word, whatever its heading said.
TEST(ApiContract, ASectionsUnknownKindIsReadFromItsHeadingWithAWarning) {
  std::vector<std::string> warnings;
  auto a = article_from_json(
      R"({"title":"x","sections":[{"heading":"What's Next?","kind":"bogus","text":"Pricing."},)"
      R"({"heading":"Weird","kind":"odd","text":"More."},{"heading":"Why it matters",)"
      R"("text":"Demand."},{"heading":"","kind":"whats_next","text":"Kept as given."},)"
      R"({"heading":"Key takeaways","kind":" WHY_IMPORTANT","text":"Its case aside."}]})",
      &warnings);
  ASSERT_TRUE(a.ok());
  ASSERT_EQ(a->sections.size(), 5u);
  EXPECT_EQ(a->sections[4].kind, SectionKind::kWhyImportant);
  EXPECT_EQ(a->sections[0].kind, SectionKind::kWhatsNext);
  EXPECT_EQ(a->sections[1].kind, SectionKind::kOther);
  EXPECT_EQ(a->sections[2].kind, SectionKind::kWhyImportant);
  EXPECT_EQ(a->sections[3].kind, SectionKind::kWhatsNext);
  EXPECT_EQ(warnings, std::vector<std::string>{
                          "`kind` \"bogus\" and 1 more is no section kind "
                          "(schemas/article.schema.json lists them); read from the heading"});
}

// Regression: fields present but unusable were dropped without a word (only dates warned).
TEST(ApiContract, UnusableRecordFieldsAreLeftOutWithAWarning) {
  std::vector<std::string> warnings;
  auto a = article_from_json(
      R"({"title":"x","body":"Text.","reading_time_minutes":"7","ai_generated":"yes",)"
      R"("tags":"ai","flags":["ads",3],"alias_urls":{"u":1},"sections":"text"})",
      &warnings);
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->reading_time_minutes, 0);
  EXPECT_FALSE(a->ai_generated);
  EXPECT_TRUE(a->tags.empty());
  EXPECT_EQ(a->flags, std::vector<std::string>{"ads"});
  EXPECT_EQ(a->body(), "Text.");
  const std::vector<std::string> keys{
      "`reading_time_minutes`", "`ai_generated`", "`tags`", "`flags`",
      "`alias_urls`",           "`sections`"};
  ASSERT_EQ(warnings.size(), keys.size());
  for (const auto& key : keys)
    EXPECT_TRUE(std::any_of(warnings.begin(), warnings.end(), [&](const std::string& w) {
      return w.starts_with(key);
    })) << key;
  warnings.clear();
  ASSERT_TRUE(
      article_from_json(R"({"title":"x","tags":["a"],"reading_time_minutes":null})", &warnings)
          .ok());
  EXPECT_TRUE(warnings.empty());
}

// Regression: one byte that is not UTF-8, or a lone surrogate escape, lost the whole record
// ("not valid JSON", no hint, no place).
TEST(ApiContract, RecordsWithBrokenEncodingAreReadRepairedAndBadJsonSaysWhere) {
  std::vector<std::string> warnings;
  auto a = article_from_json("{\"title\":\"Caf\xe9 \\ud800 news\",\"body\":\"Text.\"}", &warnings);
  ASSERT_TRUE(a.ok()) << a.status().message();
  EXPECT_EQ(a->title, "Caf\xef\xbf\xbd \xef\xbf\xbd news");
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_NE(warnings[0].find("read as repaired"), std::string::npos);
  auto bad = article_from_json("{\"title\": tru}");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), ErrorCode::kBadInput);
  EXPECT_TRUE(bad.status().message().starts_with("not valid JSON: parse error at line 1, column"))
      << bad.status().message();
  EXPECT_FALSE(bad.status().hint().empty());
  // Regression (found by extract_fuzz): a number out of range threw past the error path, and
  // `byline index` of the line "777777777777e777" ended in std::terminate.
  for (const char* huge : {"777777777777e777", "{\"title\": 1e999, \"body\": \"x\"}"}) {
    auto out_of_range = article_from_json(huge);
    ASSERT_FALSE(out_of_range.ok()) << huge;
    EXPECT_EQ(out_of_range.status().code(), ErrorCode::kBadInput) << huge;
    EXPECT_TRUE(out_of_range.status().message().starts_with("not valid JSON")) << huge;
  }
}

// A string longer than a record's text is read (4 x kMaxArticleTextBytes) is cut before the
// parse, so the parse never holds it whole: the cut falls between two characters, never
// inside an escape, a surrogate pair or a UTF-8 sequence, and what follows the string is read.
TEST(ApiContract, ARecordsOverlongStringIsCutBetweenCharacters) {
  const size_t read = 4 * kMaxArticleTextBytes;
  auto filler = [](size_t n) {
    std::string out;
    while (out.size() < n) out += "lorem ipsum \\\"quoted\\\" ";
    out.resize(n);
    while (!out.empty() && (out.back() == '\\' || out.back() == ' ')) out.back() = 'x';
    return out;
  };
  struct Case {
    std::string around_the_cut;  // starts 2 bytes before it
    const char* left_out;        // a character that must not be read
  };
  for (const Case& c :
       {Case{"\\ud83d\\ude00 tail", "\xF0\x9F\x98\x80"}, Case{"x\xE2\x82\xAC tail", "\xE2\x82\xAC"},
        Case{"\\u20ac tail", "\xE2\x82\xAC"}}) {
    const std::string record = "{\"body\":\"" + filler(read - 2) + c.around_the_cut +
                               std::string(1000, 'z') + "\",\"title\":\"After the body\"}";
    std::vector<std::string> warnings;
    auto a = article_from_json(record, &warnings);
    ASSERT_TRUE(a.ok()) << a.status().message();
    EXPECT_TRUE(warnings.empty()) << warnings[0];
    EXPECT_EQ(a->title, "After the body");
    std::string text;
    for (const Section& s : a->sections) text += s.text;
    EXPECT_TRUE(is_valid_utf8(text));
    EXPECT_LE(text.size(), read);
    EXPECT_GT(text.size(), read * 8 / 10);  // less the escapes read as one character
    EXPECT_EQ(text.find(c.left_out), std::string::npos);
    EXPECT_EQ(text.find("\xEF\xBF\xBD"), std::string::npos);  // no character was broken
    EXPECT_NE(text.find("\"quoted\""), std::string::npos);    // escapes read as such
  }
  // A string with no end is not made whole by the cut: the record is still refused.
  auto open = article_from_json("{\"title\":\"x\",\"body\":\"" + filler(read + 10));
  EXPECT_FALSE(open.ok());
}

// Regression: a record without a site_name came back with the URL's host as one (the
// `source` written beside it), from article_from_json and Searcher::get alike.
// A removal record is a line of `id` (or `url`) and `removed` alone; any other key makes it an
// article record, read as one.
TEST(ApiContract, ARemovalRecordIsItsTwoKeysAlone) {
  const Removal r{"story-1", "", 1764950400};
  const std::string line = removal_to_json(r);
  EXPECT_EQ(line, R"({"id":"story-1","removed":"2025-12-05T16:00:00Z"})");
  auto back = removal_from_json(line);
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(back->id, "story-1");
  EXPECT_EQ(back->removed, r.removed);
  auto id_of = [](const char* json) {
    auto got = removal_from_json(json);
    return got ? got->id + "|" + got->url : std::string("(none)");
  };
  EXPECT_EQ(id_of(R"({"removed": true, "url": "https://a.example/1"})"), "|https://a.example/1");
  EXPECT_EQ(id_of(R"({"url": "https://a.example/1", "id": "x", "removed": 1764950400})"),
            "x|https://a.example/1");
  EXPECT_EQ(id_of(R"( {"id": "x", "removed": "5 Dec 2025"} )"), "x|");
  // A removal's time is as the writer saw it: one that does not exist still names a removal
  // (re-audit: the record was refused whole, as an article with neither title nor body).
  EXPECT_EQ(id_of(R"({"id": "x", "removed": "2026-02-30T10:00:00Z"})"), "x|");
  for (const char* not_one :
       {R"({"id": "x", "title": "T", "removed": true})", R"({"id": "x", "removed": false})",
        R"({"id": "x", "removed": "soon"})", R"({"id": "", "removed": true})",
        R"({"removed": true})", R"({"id": 7, "removed": true})", R"({"id": "x"})", R"(["removed"])",
        R"({"id": "x", "removed": true)", R"({"title": "\"removed\""})"})
    EXPECT_EQ(id_of(not_one), "(none)") << not_one;
  // Regression (embedding audit, session 31): one naming its article by URL alone was written
  // {"id":"", ...}, which names nothing and is read back as no removal.
  const std::string by_url = removal_to_json(Removal{"", "https://a.example/1", 1764950400});
  EXPECT_EQ(by_url, R"({"url":"https://a.example/1","removed":"2025-12-05T16:00:00Z"})");
  EXPECT_EQ(id_of(by_url.c_str()), "|https://a.example/1");
}

// Regression (embedding audit, session 31): an Article an application filled in itself was
// written as it stood, past its schema: a published_source of its own, a negative reading time.
TEST(ApiContract, AnApplicationsOwnArticleIsWrittenWithinItsSchema) {
  Article a;
  a.url = "https://news.example/story";
  a.title = "A story";
  a.published = 1764950400;
  a.published_source = "rss";
  a.reading_time_minutes = -3;
  auto j = nlohmann::json::parse(article_to_json(a));
  EXPECT_FALSE(j.contains("published_source")) << j;
  EXPECT_EQ(j["reading_time_minutes"], 0);
  a.published_source = "feed";
  EXPECT_EQ(nlohmann::json::parse(article_to_json(a))["published_source"], "feed");
}

TEST(ApiContract, ARoundTripMakesUpNoSiteName) {
  Article a;
  a.url = "https://news.example/story";
  a.title = "A story";
  auto back = article_from_json(article_to_json(a));
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->site_name, "");
  EXPECT_EQ(back->source(), "news.example");
  auto named = article_from_json(R"({"title":"x","url":"https://news.example/a","source":"Wire"})");
  ASSERT_TRUE(named.ok());
  EXPECT_EQ(named->site_name, "Wire");  // another application's name for it
}

// Regression: "-", "123" and "a--b" passed as language tags, and "en_US" became "en-US" from a
// page but was dropped (to "en") from a record.
TEST(ApiContract, LanguageTagsAreBcp47InRfc5646Case) {
  EXPECT_EQ(normalize_language_tag("en_US"), "en-US");
  EXPECT_EQ(normalize_language_tag(" EN-us "), "en-US");
  EXPECT_EQ(normalize_language_tag("zh-hant-tw"), "zh-Hant-TW");
  EXPECT_EQ(normalize_language_tag("es-419"), "es-419");
  EXPECT_EQ(normalize_language_tag("de"), "de");
  for (const char* bad : {"-", "123", "a--b", "en-", "e", "english language", "en-toolongsubtag"})
    EXPECT_EQ(normalize_language_tag(bad), "") << bad;
  auto rec = article_from_json(R"({"title":"x","body":"Text.","language":"en_US"})");
  ASSERT_TRUE(rec.ok());
  Article a = *rec;
  limit_text(a);
  EXPECT_EQ(a.language, "en-US");
}

// An Article an application builds in code went to the index with any published_source, and
// `byline show` printed it back out of the schema's enum; one without a date kept its source.
TEST(ApiContract, ArticleBuiltInCodeKeepsOnlyAKnownPublishedSource) {
  TempDir tmp;
  const std::string path = (tmp.path() / "index").string();
  auto w = IndexWriter::open(path);
  ASSERT_TRUE(w.ok()) << w.status().message();
  Article odd = story("https://orbit.example/odd", "Corvid lander", "The lander settled.");
  odd.published = 1763632800;
  odd.published_source = "rss-pubDate";
  Article undated = story("https://orbit.example/undated", "Corvid rover", "The rover rolled.");
  undated.published_source = "meta";
  Article fine = story("https://orbit.example/fine", "Corvid orbiter", "The orbiter fired.");
  fine.published = 1763632800;
  fine.published_source = "time";
  for (Article* a : {&odd, &undated, &fine}) ASSERT_TRUE((*w)->add(*a).ok());
  ASSERT_TRUE((*w)->commit().ok());
  w->reset();
  auto s = Searcher::open(path);
  ASSERT_TRUE(s.ok()) << s.status().message();
  auto got = [&](const std::string& url) {
    auto a = (*s)->get(url);
    EXPECT_TRUE(a.ok()) << url;
    return a.ok() ? *a : Article{};
  };
  const Article odd_back = got(odd.url);
  EXPECT_EQ(odd_back.published, odd.published);  // the date itself is kept
  EXPECT_EQ(odd_back.published_source, "");
  EXPECT_EQ(article_to_json(odd_back).find("published_source"), std::string::npos);
  EXPECT_EQ(got(undated.url).published_source, "");
  EXPECT_EQ(got(fine.url).published_source, "time");
  EXPECT_TRUE(known_published_source("json-ld"));
  EXPECT_FALSE(known_published_source("JSON-LD"));
}

// A Result made of an ok Status has no value to give: it is an error (internal), so a caller
// that checks ok() and then reads status() never sees "not ok" with an ok Status.
TEST(ApiContract, ResultOfAnOkStatusIsAnInternalError) {
  Result<int> r = Status::Ok();
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), ErrorCode::kInternal);
  EXPECT_FALSE(r.status().message().empty());
  Result<std::string> by_code(ErrorCode::kOk, "fine");
  EXPECT_FALSE(by_code.ok());
  EXPECT_EQ(by_code.status().code(), ErrorCode::kInternal);
  Result<int> value = 3;
  EXPECT_TRUE(value.ok());
  EXPECT_TRUE(value.status().ok());
  Result<int> error = Status(ErrorCode::kNotFound, "no such id");
  EXPECT_EQ(error.status().code(), ErrorCode::kNotFound);
  EXPECT_EQ(error.status().message(), "no such id");
}

}  // namespace
}  // namespace byline

namespace byline {
namespace {

// Regression: RelatedOptions took any value: NaN ranked nothing, inf gave every score inf
// (null in JSON), a negative weight acted as 0, and each said OK.
TEST(ApiContract, RelatedOptionsOutOfRangeAreUsageErrors) {
  TempDir tmp;
  const std::string path = make_index(tmp);
  auto s = Searcher::open(path);
  ASSERT_TRUE(s.ok());
  const Article probe = story("https://orbit.example/b", "Another lander",
                              "A second lander settled near the lunar south pole.");
  ASSERT_TRUE((*s)->related(probe, RelatedOptions{}).ok());
  const double nan = std::nan(""), inf = std::numeric_limits<double>::infinity();
  std::vector<std::pair<std::string, RelatedOptions>> bad;
  auto with = [&](const char* name, auto set) {
    RelatedOptions o;
    set(o);
    bad.emplace_back(name, o);
  };
  with("time_prior", [&](RelatedOptions& o) { o.time_prior = nan; });
  with("time_prior", [&](RelatedOptions& o) { o.time_prior = inf; });
  with("time_prior", [&](RelatedOptions& o) { o.time_prior = -1; });
  with("mmr_lambda", [&](RelatedOptions& o) { o.mmr_lambda = nan; });
  with("mmr_lambda", [&](RelatedOptions& o) { o.mmr_lambda = 1.5; });
  with("entity_weight", [&](RelatedOptions& o) { o.entity_weight = nan; });
  with("max_df", [&](RelatedOptions& o) { o.max_df = 0; });
  with("time_scale_days", [&](RelatedOptions& o) { o.time_scale_days = 0; });
  with("candidates", [&](RelatedOptions& o) { o.candidates = -3; });
  // Regression (embedding audit, session 44): a negative limit was an empty list, said OK.
  with("limit", [&](RelatedOptions& o) { o.limit = -5; });
  for (const auto& [name, o] : bad) {
    auto by_article = (*s)->related(probe, o);
    ASSERT_FALSE(by_article.ok()) << name;
    EXPECT_EQ(by_article.status().code(), ErrorCode::kUsage) << name;
    EXPECT_NE(by_article.status().message().find("RelatedOptions::" + name), std::string::npos)
        << by_article.status().message();
    EXPECT_EQ((*s)->related("https://orbit.example/a", o).status().code(), ErrorCode::kUsage)
        << name;
  }
  RelatedOptions edges;  // the ends of each range are values
  edges.time_prior = 0;
  edges.mmr_lambda = 1;
  edges.max_df = 1;
  edges.entity_weight = 0;
  EXPECT_TRUE((*s)->related(probe, edges).ok());
  // A range open above is said so (it said "from 0 to 1.79769e+308").
  RelatedOptions nan_prior;
  nan_prior.time_prior = nan;
  EXPECT_EQ((*s)->related(probe, nan_prior).status().message(),
            "RelatedOptions::time_prior is nan; give a number from 0 up");
  // Regression (audit, session 45): an article of neither title nor text was an empty list,
  // OK, where `byline index` refuses such a record.
  Article blank;
  blank.title = "  ";
  blank.sections.push_back({"", SectionKind::kLead, "\n"});
  for (const Article& a : {Article{}, blank}) {
    auto refused = (*s)->related(a, RelatedOptions{});
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.status().code(), ErrorCode::kBadInput);
  }
  RelatedOptions none;
  none.limit = 0;
  auto empty = (*s)->related(probe, none);
  ASSERT_TRUE(empty.ok());
  EXPECT_TRUE(empty->empty());
}

// Regression: add() stored an id with a NUL (printed "ab", found by no id) and an article with
// nothing in it (a blank hit counted in every total); the JSON reader refuses both.
TEST(ApiContract, AddRefusesIdsWithControlCharactersAndEmptyArticles) {
  TempDir tmp;
  auto w = IndexWriter::open((tmp.path() / "index").string());
  ASSERT_TRUE(w.ok());
  Article nul = story("", "NUL id", "A story whose id has a NUL byte in it.");
  nul.id = std::string("a\0b", 3);
  Article tab = story("", "Tab id", "A story whose id has a tab in it.");
  tab.id = "a\tb";
  Article empty;
  for (Article* a : {&nul, &tab, &empty}) {
    auto r = (*w)->add(*a);
    ASSERT_FALSE(r.ok()) << a->title;
    EXPECT_EQ(r.status().code(), ErrorCode::kBadInput) << a->title;
  }
  Article title_only;
  title_only.title = "Only a headline";
  Article text_only = story("", "", "Only the text of a story, with no headline.");
  EXPECT_TRUE((*w)->add(title_only).ok());
  EXPECT_TRUE((*w)->add(text_only).ok());
  ASSERT_TRUE((*w)->commit().ok());
  auto s = Searcher::open((tmp.path() / "index").string());
  ASSERT_TRUE(s.ok());
  EXPECT_EQ((*s)->stats()->articles, 2u);
}

}  // namespace
}  // namespace byline
