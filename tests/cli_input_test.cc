// What `byline` makes of the local inputs users hand it: text files, compressed and binary
// files, file:// URLs, directories and JSON Lines records (cli/input.cc, cli/cmd_index.cc).
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <thread>
#include <tuple>

#include "test_support.h"

namespace byline {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using testing::run_byline;
using testing::TempDir;

std::string q(const std::string& s) { return "'" + s + "'"; }

void write(const fs::path& p, const std::string& bytes) {
  std::ofstream(p, std::ios::binary) << bytes;
}

/// A shell command line with pipes or redirections of its own (run_command's, stdin from
/// /dev/null included, then apply to the whole of it).
testing::RunResult shell(const std::string& command) {
  return testing::run_command("(" + command + ")");
}
int sh(const std::string& command) { return shell(command).exit_code; }
std::string bin() { return q(testing::byline_binary().string()); }

// Regression (maintenance audit, session 50): an index this user may not read was "no index"
// (exit 3, with a hint to create one) to `remove`, `prune`, `compact` and `rebuild`, where the
// readers said "Permission denied" (exit 9).
TEST(CliInput, WritersSayAnIndexTheyMayNotUseIsOne) {
  TempDir tmp;
  const std::string db = (tmp.path() / "idx").string();
  write(tmp.path() / "a.jsonl",
        R"({"id":"r1","title":"Avocet harbour","body":"The avocet harbour was dredged.",)"
        R"("published":"2026-01-02T00:00:00Z"})"
        "\n");
  ASSERT_EQ(
      run_byline("--db " + q(db) + " -q index " + q((tmp.path() / "a.jsonl").string())).exit_code,
      0);
  std::string as_user;
  if (geteuid() == 0) {  // root uses any directory: the runs are made as nobody
    if (sh("command -v setpriv >/dev/null") != 0) GTEST_SKIP() << "root without setpriv";
    as_user = "setpriv --reuid=65534 --regid=65534 --clear-groups ";
    fs::permissions(tmp.path(), fs::perms::all);
    fs::permissions(db, fs::perms::owner_all, fs::perm_options::replace);
  } else {
    fs::permissions(db, fs::perms::none, fs::perm_options::replace);
  }
  for (const char* command : {"remove x", "prune --before 2020-01-01", "compact", "rebuild",
                              "prune --before 2020-01-01 --dry-run", "stats"}) {
    auto r = shell(as_user + bin() + " --db " + q(db) + " " + command);
    EXPECT_EQ(r.exit_code, 9) << command << ": " << r.err;
    EXPECT_EQ(r.err.rfind("byline: cannot use index " + db + ": Permission denied\n", 0), 0u)
        << command << ": " << r.err;
  }
  // Readable, not writable: `prune --dry-run` counts as `stats` reads (it needed the write
  // lock), and `prune` itself is refused.
  fs::permissions(db,
                  fs::perms::owner_read | fs::perms::owner_exec | fs::perms::group_read |
                      fs::perms::group_exec | fs::perms::others_read | fs::perms::others_exec,
                  fs::perm_options::replace);
  auto dry = shell(as_user + bin() + " --db " + q(db) +
                   " prune --before 2999-01-01 --dry-run --format json");
  EXPECT_EQ(dry.exit_code, 0) << dry.err;
  EXPECT_EQ(dry.out,
            "{\n  \"removed\": 0,\n  \"matched\": 1,\n  \"before\": "
            "\"2999-01-01T00:00:00Z\",\n  \"dry_run\": true\n}\n");
  EXPECT_EQ(shell(as_user + bin() + " --db " + q(db) + " prune --before 2999-01-01").exit_code, 9);
  fs::permissions(db, fs::perms::owner_all, fs::perm_options::replace);
  // A directory above it that may not be entered: no missing index either, for readers and
  // writers (re-audit, session 50).
  const fs::path sub = tmp.path() / "sub";
  const std::string inner = (sub / "idx").string();
  ASSERT_EQ(run_byline("--db " + q(inner) + " -q index " + q((tmp.path() / "a.jsonl").string()))
                .exit_code,
            0);
  fs::permissions(sub, geteuid() == 0 ? fs::perms::owner_all : fs::perms::none,
                  fs::perm_options::replace);
  for (const char* command : {"stats", "compact", "search avocet"}) {
    auto r = shell(as_user + bin() + " --db " + q(inner) + " " + command);
    EXPECT_EQ(r.exit_code, 9) << command << ": " << r.err;
    EXPECT_EQ(r.err.rfind("byline: cannot use index " + inner + ": Permission denied\n", 0), 0u)
        << command << ": " << r.err;
  }
  fs::permissions(sub, fs::perms::owner_all, fs::perm_options::replace);
}

// A text file's controls (escape sequences, backspaces, an invalid byte) never reach the title,
// the stored text or search snippets, as with HTML input.
TEST(CliInput, TextFileControlsAreDroppedInExtractAndSearch) {
  TempDir tmp;
  const auto file = tmp.path() / "cc.txt";
  write(file,
        "\x1f\xff\x08\x08title here\x1b[31m\n\nThe body has a \x1b[2J clear and a \x07 bell "
        "in it.\n");
  auto x = run_byline("extract " + q(file.string()) + " --format json");
  ASSERT_EQ(x.exit_code, 0) << x.err;
  const auto a = json::parse(x.out);
  EXPECT_EQ(a["title"], "\u00fftitle here[31m");
  EXPECT_EQ(a["body"], "The body has a [2J clear and a bell in it.");

  const std::string db = (tmp.path() / "idx").string();
  auto i = run_byline("--db " + q(db) + " index " + q(file.string()));
  ASSERT_EQ(i.exit_code, 0) << i.err;
  auto s = run_byline("--db " + q(db) + " search clear --format json");
  ASSERT_EQ(s.exit_code, 0) << s.err;
  const auto hits = json::parse(s.out)["results"];
  ASSERT_EQ(hits.size(), 1u);
  EXPECT_EQ(hits[0]["title"], "\u00fftitle here[31m");
  EXPECT_EQ(hits[0]["snippet"].get<std::string>().find('\x1b'), std::string::npos);
  EXPECT_NE(hits[0]["snippet"].get<std::string>().find("[2J clear and a bell"), std::string::npos);
  // Regression (audit): bidirectional overrides reached the terminal, where they reorder the
  // rest of the line (a title could make the id or URL after it read backwards).
  write(file, "Title \u202Ereversed\u202C and \u2066isolated\u2069\n\nThe body text.\n");
  auto t = run_byline("extract " + q(file.string()));
  ASSERT_EQ(t.exit_code, 0) << t.err;
  EXPECT_NE(t.out.find("Title reversed and isolated"), std::string::npos) << t.out;
  EXPECT_EQ(t.out.find("\u202E"), std::string::npos);
  // Regression (audit): the text of sections kept them, in extract and show alike.
  write(file, "A title\n\nThe body \u202Ereversed\u202C text, and \u2067more\u2069 of it.\n");
  auto body = run_byline("extract " + q(file.string()));
  ASSERT_EQ(body.exit_code, 0) << body.err;
  EXPECT_NE(body.out.find("The body reversed text, and more of it."), std::string::npos)
      << body.out;
  EXPECT_EQ(body.out.find("\u202E"), std::string::npos);
  EXPECT_EQ(body.out.find("\u2067"), std::string::npos);
  // Regression (audit, session 44): errors echoing a name or a query kept them: a file name
  // could reverse the rest of the line.
  for (const std::string& args :
       {"extract " + q((tmp.path() / "nm\u202E.html").string()),
        "--db " + q((tmp.path() / "idx").string()) + " show 'x\u202Eabc'",
        "--db " + q((tmp.path() / "idx").string()) + " search 'date:\u20662026x'"}) {
    auto e = run_byline(args);
    EXPECT_NE(e.exit_code, 0) << args;
    EXPECT_FALSE(e.err.empty()) << args;
    EXPECT_EQ(e.err.find("\u202E"), std::string::npos) << args << ": " << e.err;
    EXPECT_EQ(e.err.find("\u2066"), std::string::npos) << args << ": " << e.err;
  }
}

// Regression (lifecycle audit, session 44): one page indexed from two paths in turn was
// "updated" each time (its aliases swapped places), so `export --since` sent it again and again.
TEST(CliInput, APageReadFromTwoPathsInTurnIsUnchanged) {
  TempDir tmp;
  const auto page =
      testing::source_dir() / "samples/articles/circuitledger/kestrel-nine-fold-launch.html";
  for (const char* dir : {"a", "b"}) {
    std::filesystem::create_directories(tmp.path() / dir);
    std::filesystem::copy_file(page, tmp.path() / dir / "page.html");
  }
  const std::string db = q((tmp.path() / "idx").string());
  const auto index = [&](const char* dir) {
    auto r = run_byline("--db " + db + " index --format json " + q((tmp.path() / dir).string()));
    EXPECT_EQ(r.exit_code, 0) << r.err;
    const json j = json::parse(r.out);
    return std::to_string(j["added"].get<int>()) + std::to_string(j["updated"].get<int>()) +
           std::to_string(j["unchanged"].get<int>());
  };
  EXPECT_EQ(index("a"), "100");
  EXPECT_EQ(index("b"), "010");  // another path: an alias more
  EXPECT_EQ(index("a"), "001");
  EXPECT_EQ(index("b"), "001");
  EXPECT_EQ(index("a"), "001");
  // Past the 16 aliases kept, the oldest go, not the path just read (re-audit: a record of 16
  // aliases took no new one, which `show` then did not find).
  std::string aliases;
  for (int i = 0; i < 16; ++i)
    aliases += (i ? ",\"" : "\"") + std::string("https://k.example/a") + std::to_string(i) + "\"";
  write(
      tmp.path() / "al1.jsonl",
      R"({"id":"k1","url":"https://k.example/story","title":"Kite","body":"A kite story.","alias_urls":[)" +
          aliases + "]}\n");
  write(
      tmp.path() / "al2.jsonl",
      R"({"id":"k1","url":"https://k.example/story","title":"Kite","body":"A kite story.","alias_urls":["https://k.example/b1"]})"
      "\n");
  for (const char* f : {"al1.jsonl", "al2.jsonl"})
    ASSERT_EQ(run_byline("--db " + db + " index " + q((tmp.path() / f).string())).exit_code, 0);
  auto shown = run_byline("--db " + db + " show https://k.example/b1 --format json");
  ASSERT_EQ(shown.exit_code, 0) << shown.err;
  const json aliases_now = json::parse(shown.out)["alias_urls"];
  EXPECT_EQ(aliases_now.size(), 16u) << aliases_now;
  EXPECT_EQ(aliases_now.back(), "https://k.example/b1") << aliases_now;
  EXPECT_EQ(aliases_now.front(), "https://k.example/a1") << aliases_now;
}

// Gzip-compressed inputs are read decompressed (by content, whatever their name); the 64 MiB
// input cap holds for the decompressed bytes, so a gzip bomb is bad input. Binary files are
// bad input too, never indexed as text; UTF-16 text with a byte order mark is no binary file.
// Regression: a JSON Feed file was read as JSON Lines of records (each line "not valid JSON",
// or, on one line, one article titled with the feed's name).
// Regression (docs audit, session 29): `byline extract LIST.opml` said to use `byline feed` or
// `byline index`, which both refuse an OPML file.
TEST(CliInput, AnOpmlFileIsNoArticleAndTheHintSaysWhatReadsIt) {
  TempDir tmp;
  write(tmp.path() / "subs.opml",
        "<?xml version=\"1.0\"?><opml version=\"2.0\"><head><title>Subs</title></head><body>"
        "<outline type=\"rss\" text=\"Quokka\" xmlUrl=\"https://quokka.example/feed.xml\"/>"
        "</body></opml>");
  auto r = run_byline("extract '" + (tmp.path() / "subs.opml").string() + "'");
  EXPECT_EQ(r.exit_code, 4) << r.err;
  EXPECT_NE(r.err.find("is an OPML list of feeds, not an article"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("hint: crawl its feeds with `byline crawl "), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("`byline feeds import`"), std::string::npos) << r.err;
}

// Regression (scale audit, session 32): `byline index` of a feed past the entry cap added the
// first 20,000 and said nothing of the rest (`byline feed` and a crawl said so), exit 0.
TEST(CliInput, AFeedsEntriesPastTheCapAndItsRepairsAreSaid) {
  TempDir tmp;
  std::string big = "<rss version=\"2.0\"><channel><title>T</title>";
  for (int i = 0; i < 20003; ++i)
    big += "<item><title>Story " + std::to_string(i) + "</title><link>https://e.example/" +
           std::to_string(i) + "</link></item>";
  write(tmp.path() / "big.xml", big + "</channel></rss>");
  write(tmp.path() / "cut.xml",
        "<rss version=\"2.0\"><channel><title>T</title><item><title>Alpha</title>"
        "<link>https://e.example/a</link><description>Alpha & beta");
  const std::string db = "--db " + q((tmp.path() / "idx").string());
  for (const auto& [name, added, warning] : std::vector<std::tuple<std::string, int, std::string>>{
           {"big.xml", 20000, "big.xml: more than 20000 entries; the rest dropped"},
           {"cut.xml", 1, "cut.xml: bare '&' in text"}}) {
    auto r = run_byline(db + " index --format json " + q((tmp.path() / name).string()));
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const json doc = json::parse(r.out);
    EXPECT_EQ(doc["added"], added) << name;
    ASSERT_EQ(doc["warnings"].size(), 1u) << doc;
    EXPECT_NE(doc["warnings"][0].get<std::string>().find(warning), std::string::npos) << doc;
  }
  // Regression (session 38's crawler audit): `byline feed` said nothing of the entries past the
  // cap in a well-formed feed (its JSON says so in "error").
  auto shown = run_byline("feed " + q((tmp.path() / "big.xml").string()));
  ASSERT_EQ(shown.exit_code, 0) << shown.err;
  EXPECT_NE(shown.out.find(" 20000 entries\nnote: more than 20000 entries; the rest dropped\n"),
            std::string::npos)
      << shown.out.substr(0, 300);
}

// Regression (scale audit, session 32): an array of records with more than a million values in
// all was refused whole ("record 1: ... more than 1000000 values"): the cap is each record's.
TEST(CliInput, AnArrayOfRecordsIsCappedRecordByRecord) {
  TempDir tmp;
  std::string tags = "[";
  for (int t = 0; t < 1000; ++t) tags += (t ? ",\"t" : "\"t") + std::to_string(t) + "\"";
  tags += "]";
  std::string doc = "[\n";
  for (int i = 0; i < 1100; ++i)
    doc += std::string(i ? ",\n" : "") + R"({"title": "Story )" + std::to_string(i) +
           R"(", "body": "Words of story )" + std::to_string(i) +
           R"(, with \"quotes\", [brackets] and {braces}.", "tags": )" + tags + "}";
  write(tmp.path() / "many.json", doc + "\n]\n");
  auto r = run_byline("--db " + q((tmp.path() / "idx").string()) + " index --format json " +
                      q((tmp.path() / "many.json").string()));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(json::parse(r.out)["added"], 1100) << r.out;
  r = run_byline("--db " + q((tmp.path() / "idx").string()) +
                 " search 'braces story' --format json");
  EXPECT_EQ(json::parse(r.out)["total_estimate"], 1100) << r.out;
}

TEST(CliInput, JsonFeedFilesAreFeeds) {
  TempDir tmp;
  const json feed = {
      {"version", "https://jsonfeed.org/version/1.1"},
      {"title", "Quokka Weekly"},
      {"home_page_url", "https://quokka.example/"},
      {"items",
       {{{"id", "1"},
         {"url", "https://quokka.example/lander"},
         {"title", "Quokka lander touches down"},
         {"content_text", "The quokka lander touched down on Tuesday after a long cruise."}},
        {{"id", "2"},
         {"url", "https://quokka.example/rover"},
         {"title", "Quokka rover drives off"},
         {"content_text", "The rover drove off the lander on Wednesday, its makers said."}}}}};
  write(tmp.path() / "pretty.json", feed.dump(2));
  write(tmp.path() / "oneline.txt", feed.dump());
  // Regression: an RSS feed in JSON (Scripting News's form), which `byline feed` reads, was
  // read by `byline index` as records, one failure a line.
  const json item1 = {{"title", "Quokka lander touches down"},
                      {"link", "https://quokka.example/lander"},
                      {"description", "The quokka lander touched down on Tuesday."}};
  const json item2 = {{"title", "Quokka rover drives off"},
                      {"link", "https://quokka.example/rover"},
                      {"description", "The rover drove off the lander on Wednesday."}};
  const json rss = {{"rss",
                     {{"version", "2.0"},
                      {"channel",
                       {{"title", "Quokka Weekly"},
                        {"link", "https://quokka.example/"},
                        {"item", {item1, item2}}}}}}};
  write(tmp.path() / "rss-in.json", rss.dump(4));
  // Records whose text names the spec are still records.
  write(tmp.path() / "records.json",
        "{\"id\":\"r1\",\"title\":\"On https://jsonfeed.org/version/1.1\",\"body\":\"a b c\"}\n");
  // Regression (audit, session 44): a feed that is not strict JSON (a lone surrogate, a bad
  // byte, a trailing comma), which `byline feed` reads repaired, was read by `byline index` as
  // one record of the feed's title: its items were lost, and it said "1 added".
  std::string loose = feed.dump();
  for (const auto& [from, to] : std::vector<std::pair<std::string, std::string>>{
           {"makers said.", "makers\xff said \\ud800."}, {"}],\"title\"", "},],\"title\""}}) {
    ASSERT_NE(loose.find(from), std::string::npos) << from;
    loose.replace(loose.find(from), from.size(), to);
  }
  write(tmp.path() / "loose.json", loose);
  for (const char* name : {"pretty.json", "oneline.txt", "rss-in.json", "loose.json"}) {
    const std::string db = (tmp.path() / (std::string(name) + ".idx")).string();
    auto r = run_byline("--db " + q(db) + " index " + q((tmp.path() / name).string()));
    EXPECT_EQ(r.exit_code, 0) << name << ": " << r.err;
    auto hits = run_byline("--db " + q(db) + " search quokka --format json");
    const json j = json::parse(hits.out);
    ASSERT_EQ(j["results"].size(), 2u) << name << ": " << hits.out;
    std::set<std::string> titles;
    for (const auto& h : j["results"]) titles.insert(h["title"].get<std::string>());
    EXPECT_EQ(titles,
              (std::set<std::string>{"Quokka lander touches down", "Quokka rover drives off"}));
  }
  const std::string db = (tmp.path() / "records.idx").string();
  auto r = run_byline("--db " + q(db) + " index " + q((tmp.path() / "records.json").string()));
  EXPECT_EQ(r.exit_code, 0) << r.err;
  auto shown = run_byline("--db " + q(db) + " show r1 --format json");
  EXPECT_EQ(json::parse(shown.out)["id"], "r1") << shown.out << shown.err;
}

// Regression: what `byline extract --format json` prints (a record over many lines) failed
// once a line when handed to `byline index`. A record document, an array of records, and a
// broken document (said once) are read as such; JSON Lines stay a record a line.
// Regression (audit): `byline extract` of a record printed what `byline index` would not
// store: an id over 200 bytes (which the index refuses) and "language": "" (stored as "en").
TEST(CliInput, ExtractOfARecordPrintsWhatIndexStores) {
  testing::TempDir tmp;
  const std::string rec = (tmp.path() / "r.jsonl").string();
  std::ofstream(rec)
      << json{{"id", std::string(500, 'x')}, {"title", "T"}, {"body", "Text."}}.dump() << '\n';
  auto r = run_byline("extract " + rec);
  EXPECT_EQ(r.exit_code, 4) << r.err;
  EXPECT_NE(r.err.find("the article id is longer than 200 bytes"), std::string::npos) << r.err;
  auto idx = run_byline("--db " + (tmp.path() / "idx").string() + " index " + rec);
  EXPECT_EQ(idx.exit_code, 4) << idx.err;
  EXPECT_NE(idx.err.find("the article id is longer than 200 bytes"), std::string::npos) << idx.err;

  std::ofstream(rec) << json{{"title", "T"}, {"body", "Text."}, {"language", "!!"}}.dump() << '\n';
  r = run_byline("extract " + rec + " --format json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(json::parse(r.out)["language"], "en");
}

// Regression (local-inputs audit, session 31): a text file's bytes were read as UTF-8 whatever
// they were: Latin-1 and cp1252 accents became U+FFFD for good, UTF-16 was garbage (or "a
// binary file" without a byte order mark), and a UTF-16 page named without ".html" was indexed
// as text, its markup and all; a page saved as ".txt" too.
TEST(CliInput, TextFilesAndPagesInOtherEncodingsAreReadAsBrowsersReadThem) {
  TempDir tmp;
  const std::string text =
      "Caf\xc3\xa9 Z\xc3\xbcrich chips\n\nQuantum chip exports face new rules.";
  auto utf16 = [](const std::string& ascii_or_latin1, bool bom, bool big_endian) {
    std::string out = bom ? (big_endian ? "\xFE\xFF" : "\xFF\xFE") : "";
    for (unsigned char c : ascii_or_latin1) {
      out += big_endian ? std::string(1, '\0') + char(c) : std::string(1, char(c)) + '\0';
    }
    return out;
  };
  const std::string latin1 = "Caf\xe9 Z\xfcrich chips\n\nQuantum chip exports face new rules.";
  write(tmp.path() / "latin1.txt", latin1);
  write(tmp.path() / "cp1252.txt", "\x93Smart\x94 quotes \x96 caf\xe9\n\nQuantum chip exports.");
  write(tmp.path() / "u16le.txt", utf16(latin1, true, false));
  write(tmp.path() / "u16be.txt", utf16(latin1, true, true));
  write(tmp.path() / "u16nobom.txt", utf16(latin1, false, false));
  write(tmp.path() / "mostly-utf8.txt", text + " A stray \xff byte.");
  // As many stray bytes as accents (cp1252 quotes pasted in): still UTF-8 (audit of the above).
  write(tmp.path() / "pasted.txt",
        "Caf\xc3\xa9 \x93"
        "chips\x94\n\nQuantum chip exports face new rules.");
  const std::string page =
      "<!DOCTYPE html><html><head><title>Caf\xe9 page</title></head><body><article><h1>Caf\xe9 "
      "page</h1><p>Quantum chip exports face new rules in Z\xfcrich caf\xe9s, said the "
      "regulator on Tuesday, and the makers of the chips said they would comply.</p>"
      "</article></body></html>";
  write(tmp.path() / "page", utf16(page, true, false));
  write(tmp.path() / "saved.txt", page);
  // Japanese and Chinese in their legacy charsets, nothing declared: ICU's detector reads them
  // (they were windows-1252 mojibake, and a Shift_JIS page had no body).
  const std::string ja_title = "\x97\xca\x8e\x71\x83\x60\x83\x62\x83\x76\x8b\x4b\x90\xa7";
  const std::string ja =
      "\x97\xca\x8e\x71\x83\x60\x83\x62\x83\x76\x82\xcc\x97\x41\x8f\x6f\x8b\x4b\x90\xa7\x82\xaa\x8b"
      "\xad\x89\xbb\x82\xb3\x82\xea\x82\xe9\x81\x42\x93\x8c\x8b\x9e\x82\xcc\x8b\x5a\x8f\x70\x8e\xd2"
      "\x82\xbd\x82\xbf\x82\xcd\x90\x56\x82\xb5\x82\xa2\x8b\x4b\x91\xa5\x82\xf0\x8a\xbd\x8c\x7d\x82"
      "\xb5\x82\xbd\x81\x42";
  write(tmp.path() / "ja.txt", ja_title + "\n\n" + ja + ja + "\n\n" + ja + "\n");
  write(tmp.path() / "ja.html",
        "<html><head><title>" + ja_title + "</title></head><body><article><h1>" + ja_title +
            "</h1><p>" + ja + ja + ja + "</p><p>" + ja + ja + "</p></article></body></html>");
  const std::string zh_title = "\xc1\xbf\xd7\xd3\xd0\xbe\xc6\xac\xb9\xe6\xd4\xf2";
  const std::string zh =
      "\xc1\xbf\xd7\xd3\xd0\xbe\xc6\xac\xb3\xf6\xbf\xda\xb9\xe6\xd4\xf2\xca\xd5\xbd\xf4\xa1\xa3\xb1"
      "\xb1\xbe\xa9\xb5\xc4\xb9\xa4\xb3\xcc\xca\xa6\xc3\xc7\xbb\xb6\xd3\xad\xd0\xc2\xb9\xe6\xb6\xa8"
      "\xa3\xac\xb2\xa2\xb1\xed\xca\xbe\xbd\xab\xd7\xf1\xca\xd8\xa1\xa3";
  write(tmp.path() / "zh.txt", zh_title + "\n\n" + zh + zh + "\n\n" + zh + "\n");
  // Russian in windows-1251 and KOI8-R, nothing declared (session 32's audit: "Ðîññèéñêàÿ"
  // and language "en", as windows-1252).
  const std::string ru_1251_title =
      "\xcd\xee\xe2\xfb\xe9 \xef\xf0\xee\xf6\xe5\xf1\xf1\xee\xf0 \xe8\xe7 "
      "\xc7\xe5\xeb\xe5\xed\xee\xe3\xf0\xe0\xe4\xe0";
  const std::string ru_1251 =
      "\xd0\xee\xf1\xf1\xe8\xe9\xf1\xea\xe0\xff \xea\xee\xec\xef\xe0\xed\xe8\xff "
      "\xef\xf0\xe5\xe4\xf1\xf2\xe0\xe2\xe8\xeb\xe0 \xed\xee\xe2\xfb\xe9 "
      "\xef\xf0\xee\xf6\xe5\xf1\xf1\xee\xf0 \xe4\xeb\xff \xf1\xe5\xf0\xe2\xe5\xf0\xee\xe2. "
      "\xce\xed \xe1\xf3\xe4\xe5\xf2 \xe2\xfb\xef\xf3\xf1\xea\xe0\xf2\xfc\xf1\xff \xf1 2027 "
      "\xe3\xee\xe4\xe0 \xe8 \xe7\xe0\xec\xe5\xed\xe8\xf2 \xe8\xec\xef\xee\xf0\xf2\xed\xfb\xe5 "
      "\xf7\xe8\xef\xfb \xe2 \xe3\xee\xf1\xf3\xe4\xe0\xf0\xf1\xf2\xe2\xe5\xed\xed\xfb\xf5 "
      "\xf6\xe5\xed\xf2\xf0\xe0\xf5 \xee\xe1\xf0\xe0\xe1\xee\xf2\xea\xe8 \xe4\xe0\xed\xed\xfb\xf5.";
  const std::string ru_koi8_title =
      "\xee\xcf\xd7\xd9\xca \xd0\xd2\xcf\xc3\xc5\xd3\xd3\xcf\xd2 \xc9\xda "
      "\xfa\xc5\xcc\xc5\xce\xcf\xc7\xd2\xc1\xc4\xc1";
  const std::string ru_koi8 =
      "\xf2\xcf\xd3\xd3\xc9\xca\xd3\xcb\xc1\xd1 \xcb\xcf\xcd\xd0\xc1\xce\xc9\xd1 "
      "\xd0\xd2\xc5\xc4\xd3\xd4\xc1\xd7\xc9\xcc\xc1 \xce\xcf\xd7\xd9\xca "
      "\xd0\xd2\xcf\xc3\xc5\xd3\xd3\xcf\xd2 \xc4\xcc\xd1 \xd3\xc5\xd2\xd7\xc5\xd2\xcf\xd7. "
      "\xef\xce \xc2\xd5\xc4\xc5\xd4 \xd7\xd9\xd0\xd5\xd3\xcb\xc1\xd4\xd8\xd3\xd1 \xd3 2027 "
      "\xc7\xcf\xc4\xc1 \xc9 \xda\xc1\xcd\xc5\xce\xc9\xd4 \xc9\xcd\xd0\xcf\xd2\xd4\xce\xd9\xc5 "
      "\xde\xc9\xd0\xd9 \xd7 \xc7\xcf\xd3\xd5\xc4\xc1\xd2\xd3\xd4\xd7\xc5\xce\xce\xd9\xc8 "
      "\xc3\xc5\xce\xd4\xd2\xc1\xc8 \xcf\xc2\xd2\xc1\xc2\xcf\xd4\xcb\xc9 \xc4\xc1\xce\xce\xd9\xc8.";
  write(tmp.path() / "ru-1251.txt", ru_1251_title + "\n\n" + ru_1251 + "\n");
  write(tmp.path() / "ru-koi8.txt", ru_koi8_title + "\n\n" + ru_koi8 + "\n");
  write(tmp.path() / "ru-1251.html", "<html><head><title>" + ru_1251_title +
                                         "</title></head><body><article><h1>" + ru_1251_title +
                                         "</h1><p>" + ru_1251 + "</p></article></body></html>");
  // Central European, Greek, Turkish, Ukrainian and Arabic in their legacy charsets, nothing
  // declared (session 32's audit: windows-1252 mojibake, "Íîâà ñòðàòåã³ÿ" tagged English).
  const std::vector<std::tuple<std::string, std::string, std::string>> legacy = {
      {"pl-1250.txt",
       "Rz\xb9"
       "d zapowiada now\xb9 ustaw\xea o sztucznej inteligencji",
       "Rz\xb9"
       "d zapowiedzia\xb3 w \x9crod\xea nowe przepisy dotycz\xb9"
       "ce sztucznej inteligencji. Ministerstwo Cyfryzacji chce, aby firmy technologiczne "
       "informowa\xb3y u\xbfytkownik\xf3w, kiedy rozmawiaj\xb9 z chatbotem, a nie z "
       "cz\xb3owiekiem. Projekt ustawy trafi do konsultacji spo\xb3"
       "ecznych jeszcze w tym miesi\xb9"
       "cu. Przedsi\xea"
       "biorcy obawiaj\xb9 si\xea jednak, \xbf"
       "e nowe obowi\xb9zki zwi\xeaksz\xb9 koszty i spowolni\xb9 wdra\xbf"
       "anie innowacji w ma\xb3ych i \x9crednich firmach. Eksperci zw"},
      {"cs-8859-2.html",
       "Vl\xe1"
       "da schv\xe1lila z\xe1kon o kybernetick\xe9 bezpe\xe8nosti",
       "Vl\xe1"
       "da ve st\xf8"
       "edu schv\xe1lila nov\xfd z\xe1kon o kybernetick\xe9 bezpe\xe8nosti, kter\xfd "
       "roz\xb9i\xf8uje povinnosti firem v oblasti ochrany dat. Podle ministra vnitra se nov\xe1 "
       "pravidla dotknou tis\xed"
       "c\xf9 podnik\xf9, od nemocnic po dodavatele energie. \xda\xf8"
       "ad pro kybernetickou bezpe\xe8nost bude moci na\xf8\xed"
       "dit okam\xbeit\xe9 odstran\xecn\xed zranitelnost\xed a ulo\xbeit pokuty a\xbe do v\xfd\xb9"
       "e deseti milion\xf9 korun. Podnikatel\xe9 kritizuj\xed kr\xe1tkou lh\xf9tu na "
       "p\xf8\xedpravu a upozor\xf2uj\xed na ne"},
      {"el-1253.txt",
       "\xcd\xdd\xef \xf0\xf1\xfc\xe3\xf1\xe1\xec\xec\xe1 \xe3\xe9\xe1 \xf4\xe9\xf2 "
       "\xf8\xe7\xf6\xe9\xe1\xea\xdd\xf2 \xe5\xf0\xe9\xf7\xe5\xe9\xf1\xde\xf3\xe5\xe9\xf2",
       "\xc7 \xea\xf5\xe2\xdd\xf1\xed\xe7\xf3\xe7 \xe1\xed\xe1\xea\xef\xdf\xed\xf9\xf3\xe5 "
       "\xf4\xe7\xed \xd4\xe5\xf4\xdc\xf1\xf4\xe7 \xed\xdd\xef "
       "\xf0\xf1\xfc\xe3\xf1\xe1\xec\xec\xe1 \xe3\xe9\xe1 \xf4\xef\xed "
       "\xf8\xe7\xf6\xe9\xe1\xea\xfc \xec\xe5\xf4\xe1\xf3\xf7\xe7\xec\xe1\xf4\xe9\xf3\xec\xfc "
       "\xf4\xf9\xed \xec\xe9\xea\xf1\xef\xec\xe5\xf3\xe1\xdf\xf9\xed "
       "\xe5\xf0\xe9\xf7\xe5\xe9\xf1\xde\xf3\xe5\xf9\xed. \xd3\xfd\xec\xf6\xf9\xed\xe1 \xec\xe5 "
       "\xf4\xef\xed \xf5\xf0\xef\xf5\xf1\xe3\xfc \xd8\xe7\xf6\xe9\xe1\xea\xde\xf2 "
       "\xc4\xe9\xe1\xea\xf5\xe2\xdd\xf1\xed\xe7\xf3\xe7\xf2, \xef\xe9 "
       "\xe5\xf0\xe9\xf7\xe5\xe9\xf1\xde\xf3\xe5\xe9\xf2 \xe8\xe1 \xec\xf0\xef\xf1\xef\xfd\xed "
       "\xed\xe1 \xeb\xdc\xe2\xef\xf5\xed \xe5\xf0\xe9\xe4\xfc\xf4\xe7\xf3\xe7 \xdd\xf9\xf2 "
       "\xea\xe1\xe9 \xe5\xee\xde\xed\xf4\xe1 \xf4\xef\xe9\xf2 \xe5\xea\xe1\xf4\xfc \xe3\xe9\xe1 "
       "\xf4\xe7\xed \xe1\xe3\xef\xf1\xdc \xe5\xee\xef\xf0\xeb\xe9\xf3\xec\xef\xfd \xea\xe1\xe9 "
       "\xeb\xef\xe3\xe9\xf3\xec\xe9\xea\xef\xfd. \xcf\xe9 "
       "\xe5\xea\xf0\xf1\xfc\xf3\xf9\xf0\xef\xe9 \xf4\xef\xf5 \xe5\xec\xf0\xef\xf1\xdf\xef\xf5 "
       "\xf7\xe1\xe9\xf1\xdd\xf4\xe9\xf3\xe1\xed \xf4\xe7\xed "
       "\xf0\xf1\xf9\xf4\xef\xe2\xef\xf5\xeb\xdf\xe1, \xe1\xeb\xeb\xdc "
       "\xe6\xde\xf4\xe7\xf3\xe1\xed \xe1\xf0\xeb\xef\xfd\xf3\xf4\xe5\xf1\xe5\xf2 "
       "\xe4\xe9\xe1\xe4\xe9\xea\xe1\xf3\xdf\xe5\xf2 \xea\xe1\xe9 "
       "\xf4\xe1\xf7\xfd\xf4\xe5\xf1\xe5\xf2 \xf0\xeb\xe7\xf1\xf9\xec\xdd\xf2. \xcf\xe9 "
       "\xe5\xe9\xe4\xe9\xea\xef\xdf \xe5"},
      {"tr-1254.html", "Yapay zek\xe2 i\xe7in yeni eylem plan\xfd",
       "H\xfck\xfcmet \xe7"
       "ar\xfe"
       "amba g\xfcn\xfc yapay zek\xe2 alan\xfdnda yeni bir eylem plan\xfd a\xe7\xfdklad\xfd. "
       "Sanayi ve Teknoloji Bakan\xfd, plan\xfdn yerli giri\xfeimleri desteklemeyi ve "
       "\xfcniversitelerle \xfeirketler aras\xfdndaki i\xfe"
       "birli\xf0ini g\xfc\xe7lendirmeyi ama\xe7lad\xfd\xf0\xfdn\xfd s\xf6yledi. Plana g\xf6re "
       "\xf6n\xfcm\xfczdeki \xfc\xe7 y\xfdl i\xe7inde binlerce yaz\xfdl\xfdm uzman\xfd "
       "yeti\xfetirilecek ve veri merkezlerine yat\xfdr\xfdm yapan \xfeirketlere vergi indirimi "
       "sa\xf0lanacak. Sekt\xf6r temsilcileri ad\xfdm\xfd"},
      {"uk-1251.txt",
       "\xcd\xee\xe2\xe0 \xf1\xf2\xf0\xe0\xf2\xe5\xe3\xb3\xff \xf6\xe8\xf4\xf0\xee\xe2\xee\xbf "
       "\xf2\xf0\xe0\xed\xf1\xf4\xee\xf0\xec\xe0\xf6\xb3\xbf",
       "\xd3\xf0\xff\xe4 \xf3 \xf1\xe5\xf0\xe5\xe4\xf3 \xf1\xf5\xe2\xe0\xeb\xe8\xe2 "
       "\xed\xee\xe2\xf3 \xf1\xf2\xf0\xe0\xf2\xe5\xe3\xb3\xfe \xf6\xe8\xf4\xf0\xee\xe2\xee\xbf "
       "\xf2\xf0\xe0\xed\xf1\xf4\xee\xf0\xec\xe0\xf6\xb3\xbf \xea\xf0\xe0\xbf\xed\xe8 \xe4\xee "
       "2030 \xf0\xee\xea\xf3. \xc7\xe0 \xf1\xeb\xee\xe2\xe0\xec\xe8 "
       "\xec\xb3\xed\xb3\xf1\xf2\xf0\xe0 \xf6\xe8\xf4\xf0\xee\xe2\xee\xbf "
       "\xf2\xf0\xe0\xed\xf1\xf4\xee\xf0\xec\xe0\xf6\xb3\xbf, \xe1\xb3\xeb\xfc\xf8\xb3\xf1\xf2\xfc "
       "\xe4\xe5\xf0\xe6\xe0\xe2\xed\xe8\xf5 \xef\xee\xf1\xeb\xf3\xe3 \xe1\xf3\xe4\xe5 "
       "\xe4\xee\xf1\xf2\xf3\xef\xed\xe0 \xf3 \xe7\xe0\xf1\xf2\xee\xf1\xf3\xed\xea\xf3, \xe0 "
       "\xef\xe0\xef\xe5\xf0\xee\xe2\xb3 \xe4\xee\xe2\xb3\xe4\xea\xe8 "
       "\xef\xee\xf1\xf2\xf3\xef\xee\xe2\xee \xe7\xed\xe8\xea\xed\xf3\xf2\xfc. "
       "\xcf\xf0\xe5\xe4\xf1\xf2\xe0\xe2\xed\xe8\xea\xe8 \xe1\xb3\xe7\xed\xe5\xf1\xf3 "
       "\xef\xb3\xe4\xf2\xf0\xe8\xec\xe0\xeb\xe8 \xb3\xed\xb3\xf6\xb3\xe0\xf2\xe8\xe2\xf3, "
       "\xe0\xeb\xe5 \xef\xee\xef\xe5\xf0\xe5\xe4\xe8\xeb\xe8 \xef\xf0\xee "
       "\xf0\xe8\xe7\xe8\xea\xe8 \xea\xb3\xe1\xe5\xf0\xe0\xf2\xe0\xea \xb3 "
       "\xed\xe5\xf1\xf2\xe0\xf7\xf3 \xf4\xe0\xf5\xb3\xe2\xf6\xb3\xe2. "
       "\xc5\xea\xf1\xef\xe5\xf0\xf2\xe8 \xed\xe0\xe3\xee\xeb\xee\xf8\xf3\xfe\xf2\xfc, \xf9\xee "
       "\xf3\xf1\xef\xb3\xf5 \xe7\xe0\xeb\xe5\xe6\xe0\xf2\xe8\xec\xe5 \xe2\xb3\xe4 "
       "\xe7\xe0\xf5\xe8\xf1\xf2\xf3 \xef\xe5\xf0\xf1\xee\xed\xe0\xeb\xfc\xed\xe8\xf5 "
       "\xe4\xe0\xed\xe8\xf5 \xb3 \xf1\xf2\xe0\xe1\xb3\xeb"},
      {"ar-1256.txt",
       "\xce\xd8\xc9 \xe6\xd8\xe4\xed\xc9 \xe1\xe1\xd0\xdf\xc7\xc1 "
       "\xc7\xe1\xc7\xd5\xd8\xe4\xc7\xda\xed",
       "\xc3\xda\xe1\xe4\xca \xc7\xe1\xcd\xdf\xe6\xe3\xc9 \xed\xe6\xe3 "
       "\xc7\xe1\xc3\xd1\xc8\xda\xc7\xc1 \xda\xe4 \xce\xd8\xc9 \xe6\xd8\xe4\xed\xc9 "
       "\xcc\xcf\xed\xcf\xc9 \xe1\xca\xd8\xe6\xed\xd1 \xc7\xe1\xd0\xdf\xc7\xc1 "
       "\xc7\xe1\xc7\xd5\xd8\xe4\xc7\xda\xed \xc8\xc7\xd3\xca\xcb\xe3\xc7\xd1\xc7\xca \xca\xd5\xe1 "
       "\xc5\xe1\xec \xe3\xe1\xed\xc7\xd1\xc7\xca \xc7\xe1\xcf\xe6\xe1\xc7\xd1\xc7\xca. "
       "\xe6\xde\xc7\xe1 \xe6\xd2\xed\xd1 \xc7\xe1\xc7\xca\xd5\xc7\xe1\xc7\xca "
       "\xe6\xca\xde\xe4\xed\xc9 \xc7\xe1\xe3\xda\xe1\xe6\xe3\xc7\xca \xc5\xe4 "
       "\xc7\xe1\xce\xd8\xc9 \xca\xe5\xcf\xdd \xc5\xe1\xec \xca\xcf\xd1\xed\xc8 \xc2\xe1\xc7\xdd "
       "\xc7\xe1\xe3\xe5\xe4\xcf\xd3\xed\xe4 \xe6\xcf\xda\xe3 \xc7\xe1\xd4\xd1\xdf\xc7\xca "
       "\xc7\xe1\xe4\xc7\xd4\xc6\xc9 \xe6\xc8\xe4\xc7\xc1 \xe3\xd1\xc7\xdf\xd2 "
       "\xc8\xed\xc7\xe4\xc7\xca \xcd\xcf\xed\xcb\xc9. \xe6\xd1\xcd\xc8 \xe3\xe3\xcb\xe1\xe6 "
       "\xc7\xe1\xde\xd8\xc7\xda \xc7\xe1\xce\xc7\xd5 \xc8\xc7\xe1\xde\xd1\xc7\xd1\xa1 "
       "\xe1\xdf\xe4\xe5\xe3 \xcd\xd0\xd1\xe6\xc7 \xe3\xe4 \xc3\xe4 \xe4\xde\xd5 "
       "\xc7\xe1\xdf\xdd\xc7\xc1\xc7\xca \xde\xcf \xed\xc4"},
  };
  for (const auto& [file, title, body] : legacy)
    write(tmp.path() / file, file.ends_with(".html")
                                 ? "<html><head><title>" + title +
                                       "</title></head><body><article><h1>" + title + "</h1><p>" +
                                       body + "</p></article></body></html>"
                                 : title + "\n\n" + body + "\n");
  struct Case {
    const char* file;
    std::string title;
  };
  const std::string ru_title = "Новый процессор из Зеленограда";
  for (const Case& c : {Case{"ru-1251.txt", ru_title},
                        Case{"ru-koi8.txt", ru_title},
                        Case{"ru-1251.html", ru_title},
                        Case{"latin1.txt", "Caf\u00e9 Z\u00fcrich chips"},
                        Case{"cp1252.txt", "\u201cSmart\u201d quotes \u2013 caf\u00e9"},
                        Case{"u16le.txt", "Caf\u00e9 Z\u00fcrich chips"},
                        Case{"u16be.txt", "Caf\u00e9 Z\u00fcrich chips"},
                        Case{"u16nobom.txt", "Caf\u00e9 Z\u00fcrich chips"},
                        Case{"mostly-utf8.txt", "Caf\u00e9 Z\u00fcrich chips"},
                        Case{"pasted.txt", "Caf\u00e9 \ufffdchips\ufffd"},
                        Case{"page", "Caf\u00e9 page"},
                        Case{"saved.txt", "Caf\u00e9 page"},
                        Case{"ja.txt", "\u91cf\u5b50\u30c1\u30c3\u30d7\u898f\u5236"},
                        Case{"ja.html", "\u91cf\u5b50\u30c1\u30c3\u30d7\u898f\u5236"},
                        Case{"zh.txt", "\u91cf\u5b50\u82af\u7247\u89c4\u5219"},
                        Case{"pl-1250.txt", "Rząd zapowiada nową ustawę o sztucznej inteligencji"},
                        Case{"cs-8859-2.html", "Vláda schválila zákon o kybernetické bezpečnosti"},
                        Case{"el-1253.txt", "Νέο πρόγραμμα για τις ψηφιακές επιχειρήσεις"},
                        Case{"tr-1254.html", "Yapay zekâ için yeni eylem planı"},
                        Case{"uk-1251.txt", "Нова стратегія цифрової трансформації"},
                        Case{"ar-1256.txt", "خطة وطنية للذكاء الاصطناعي"}}) {
    auto r = run_byline("extract " + q((tmp.path() / c.file).string()) + " --format json");
    ASSERT_EQ(r.exit_code, 0) << c.file << ": " << r.err;
    const json j = json::parse(r.out);
    EXPECT_EQ(j["title"], c.title) << c.file;
    EXPECT_EQ(j["body"].get<std::string>().find('<'), std::string::npos) << c.file << j["body"];
  }
}

// Regression (review, session 31): after a first line cut short, the line after it was looked
// for by counting every byte read so far at each 64 KiB block: a long second line took
// quadratic time (50 MB, 13.8 s). Linear now.
TEST(CliInput, ALongLineAfterACutFirstLineIsReadInLinearTime) {
  TempDir tmp;
  std::vector<std::string> files;
  for (size_t mb : {2, 32}) {
    const std::string body(mb << 20, 'w');
    std::string text = "{\"id\":\"t0\",\n{\"id\":\"big\",\"title\":\"Big\",\"body\":\"";
    for (size_t i = 0; i < body.size(); i += 6) text += "chips ";
    text += "\"}\n";
    files.push_back((tmp.path() / ("long" + std::to_string(mb) + ".jsonl")).string());
    write(files.back(), text);
  }
  int run = 0;
  const double ratio = testing::growth_ratio(
      [&](size_t i) {
        const std::string db = (tmp.path() / ("idx" + std::to_string(run++))).string();
        auto r = run_byline("--db " + q(db) + " index " + q(files[i]));
        EXPECT_EQ(r.exit_code, 10) << r.err;  // the cut line fails alone; the long record is in
      },
      0, 1);
  EXPECT_LT(ratio, 16.0) << "sixteen times the line, " << ratio << " times the time";
}

TEST(CliInput, PrettyPrintedRecordsAndArraysAreRecords) {
  TempDir tmp;
  const std::string page = (testing::source_dir() /
                            "samples/articles/circuitledger/aster-labs-lumen-3-open-weights.html")
                               .string();
  auto extracted = run_byline("extract " + q(page) + " --format json");
  ASSERT_EQ(extracted.exit_code, 0) << extracted.err;
  ASSERT_NE(extracted.out.find("\n  \""), std::string::npos);  // pretty-printed
  write(tmp.path() / "record.json", extracted.out);
  write(tmp.path() / "array.json",
        "[{\"title\": \"Quokka one\", \"body\": \"The first quokka story.\"},\n"
        " {\"title\": \"Quokka two\", \"body\": \"The second quokka story.\"}]\n");
  write(tmp.path() / "broken.json", "{\n  \"title\": \"Quokka\",\n  \"body\": \"x y z\"\n");
  // Regression (local-inputs audit, session 31): a first line cut short (a writer that
  // crashed) took every record after it for one document, refused whole; so did objects one
  // after another over many lines, as `jq .` prints them.
  std::string good;
  for (int i = 1; i <= 3; ++i)
    good += "{\"id\": \"ok" + std::to_string(i) + "\", \"title\": \"Quokka " + std::to_string(i) +
            "\", \"body\": \"A quokka story.\"}\n";
  write(tmp.path() / "cut.jsonl", "{\"id\":\"t0\",\"title\":\"cut after a comma\",\n" + good);
  std::string jq;
  for (int i = 1; i <= 3; ++i)
    jq += "{\n  \"id\": \"p" + std::to_string(i) + "\",\n  \"title\": \"Pretty " +
          std::to_string(i) + "\",\n  \"body\": \"Laser words.\"\n}\n";
  write(tmp.path() / "jq.json", jq);
  // Regression (audit of the above): a record laid out a member a line, a nested object alone
  // on its second line, was read as JSON Lines; one broken object among others lost them all.
  write(tmp.path() / "nested.json",
        "{\"url\": \"https://ex.com/n2\", \"title\": \"Nested two\", \"extra\":\n{\"a\": 1}\n}\n");
  write(
      tmp.path() / "jq-broken.json",
      jq.substr(0, jq.find("}\n") + 2) + "{\n  \"id\": \"cut\",\n" + jq.substr(jq.find("}\n") + 2));
  struct Case {
    const char* file;
    int added, failed, exit_code;
  };
  for (const Case& c :
       {Case{"record.json", 1, 0, 0}, Case{"array.json", 2, 0, 0}, Case{"broken.json", 0, 1, 4},
        Case{"cut.jsonl", 3, 1, 10}, Case{"jq.json", 3, 0, 0}, Case{"nested.json", 1, 0, 0},
        Case{"jq-broken.json", 1, 1, 10}}) {
    const std::string db = (tmp.path() / (std::string(c.file) + ".idx")).string();
    auto r = run_byline("--db " + q(db) + " index " + q((tmp.path() / c.file).string()) +
                        " --format json");
    EXPECT_EQ(r.exit_code, c.exit_code) << c.file << ": " << r.err;
    const json j = json::parse(r.out, nullptr, false);
    ASSERT_TRUE(j.is_object()) << c.file << ": " << r.out;
    EXPECT_EQ(j["added"], c.added) << c.file << ": " << r.out;
    EXPECT_EQ(j["failed"], c.failed) << c.file << ": " << r.out << r.err;
  }
  // From standard input too.
  const std::string db = (tmp.path() / "stdin.idx").string();
  auto piped =
      shell(bin() + " --db " + q(db) + " index - < " + q((tmp.path() / "record.json").string()));
  EXPECT_EQ(piped.exit_code, 0) << piped.err;
  EXPECT_NE(piped.err.find("1 added"), std::string::npos) << piped.err << piped.out;
  auto cut = shell(bin() + " --db " + q((tmp.path() / "cut-stdin.idx").string()) + " index - < " +
                   q((tmp.path() / "cut.jsonl").string()));
  EXPECT_EQ(cut.exit_code, 10) << cut.err;
  EXPECT_NE(cut.err.find("3 added"), std::string::npos) << cut.err;
  EXPECT_NE(cut.err.find("-:1: not valid JSON"), std::string::npos) << cut.err;
}

// Regression: a hit with no source began its line with a dangling separator ("    · b2...").
TEST(CliInput, AHitWithoutSourceHasNoDanglingSeparator) {
  TempDir tmp;
  write(tmp.path() / "bare.html",
        "<html><body><p>Plain cafe text with nothing around it at all, a story of "
        "sorts.</p></body></html>");
  const std::string db = "--db " + q((tmp.path() / "idx").string());
  ASSERT_EQ(run_byline(db + " index " + q((tmp.path() / "bare.html").string())).exit_code, 0);
  auto r = run_byline(db + " search cafe");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const size_t line = r.out.find("\n   ");
  ASSERT_NE(line, std::string::npos) << r.out;
  EXPECT_EQ(r.out.substr(line, 5), "\n   b") << r.out;  // the id, straight after the indent
  EXPECT_EQ(r.out.find(" · "), std::string::npos) << r.out;
}

// Regression: "ftp://x/y" was looked up as a local file: "no such file", exit 3.
TEST(CliInput, OtherUrlSchemesAreUsageErrors) {
  // "javascript:x" and "data:" too (session 31's audit): "no such file", exit 3. A file of
  // that name is read (below), and one-letter names before a colon are paths.
  for (const char* cmd : {"feed ftp://x/y", "extract gopher://x/y", "extract 'Ftp://x/y'",
                          "extract 'javascript:alert(1)'", "feed 'data:text/xml,<rss/>'",
                          "index --db /nonexistent/x 'javascript:alert(1)'"}) {
    auto r = run_byline(cmd);
    EXPECT_EQ(r.exit_code, 2) << cmd << ": " << r.err;
    EXPECT_NE(r.err.find("unsupported URL scheme"), std::string::npos) << r.err;
  }
  TempDir tmp;
  std::ofstream(tmp.path() / "news:today.txt") << "A plain text story.\n";
  const std::string in_tmp = "cd " + q(tmp.path().string()) + " &&";
  auto r = run_byline("extract news:today.txt --format json", in_tmp);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(json::parse(r.out)["title"], "A plain text story.");
  EXPECT_EQ(run_byline("extract c:missing.txt", in_tmp).exit_code, 3);
  EXPECT_EQ(run_byline("extract notes:missing.txt", in_tmp).exit_code, 3);

  // Regression (session 38's crawler audit): a web address where a local file is read was "an
  // unsupported URL scheme 'http'", hinted at as one byline reads; an OPML list read as a
  // feed was "root element <opml>", hinted at as feeds only.
  auto web = run_byline("--db " + q((tmp.path() / "idx").string()) +
                        " feeds import https://example.com/list.opml");
  EXPECT_EQ(web.exit_code, 2) << web.err;
  EXPECT_EQ(web.err,
            "byline: a local file is read here, not an https URL\nhint: download it first (curl "
            "-o FILE URL); `byline crawl URL` fetches feeds\n");
  auto opml = run_byline("feed " + q((testing::source_dir() / "samples" / "feeds.opml").string()));
  EXPECT_EQ(opml.exit_code, 4) << opml.err;
  EXPECT_NE(opml.err.find("not a feed: an OPML list of feeds\nhint: `byline crawl FILE.opml` "
                          "crawls its feeds"),
            std::string::npos)
      << opml.err;
}

TEST(CliInput, GzipInputsAreDecompressedBinaryOnesRefused) {
  TempDir tmp;
  const fs::path dir = tmp.path() / "in";
  fs::create_directories(dir);
  const std::string page =
      "<html><head><title>Quokka lander touches down</title></head><body><article>"
      "<h1>Quokka lander touches down</h1><p>The quokka lander touched down on Tuesday after a "
      "six month cruise, its makers said.</p></article></body></html>";
  write(tmp.path() / "page.html", page);
  ASSERT_EQ(sh("gzip -c " + q((tmp.path() / "page.html").string()) + " > " +
               q((dir / "page.html.gz").string())),
            0);
  ASSERT_EQ(sh("gzip -c " + q((tmp.path() / "page.html").string()) + " > " +
               q((tmp.path() / "no-suffix").string())),
            0);
  for (const fs::path& p : {dir / "page.html.gz", tmp.path() / "no-suffix"}) {
    auto x = run_byline("extract " + q(p.string()) + " --format json");
    ASSERT_EQ(x.exit_code, 0) << p << x.err;
    EXPECT_EQ(json::parse(x.out)["title"], "Quokka lander touches down") << p;
  }

  // Binary: NUL bytes. Refused by extract (exit 4) and counted as a failed input by index.
  static const char kBlob[] = "PK\x03\x04\0\0\x08\0words and \0 more words here\n";
  write(dir / "blob.txt", std::string(kBlob, sizeof kBlob - 1));
  auto bin = run_byline("extract " + q((dir / "blob.txt").string()));
  EXPECT_EQ(bin.exit_code, 4);
  EXPECT_NE(bin.err.find("blob.txt is a binary file"), std::string::npos) << bin.err;
  const std::string db = (tmp.path() / "idx").string();
  auto idx = run_byline("--db " + q(db) + " index " + q(dir.string()) + " --format json");
  EXPECT_EQ(idx.exit_code, 10) << idx.err;
  const auto sum = json::parse(idx.out);
  EXPECT_EQ(sum["added"], 1);  // page.html.gz
  EXPECT_EQ(sum["failed"], 1);
  ASSERT_EQ(sum["errors"].size(), 1u);
  // Regression (local-inputs audit, session 31): "X: X is a binary file", named twice.
  EXPECT_EQ(sum["errors"][0], (dir / "blob.txt").string() + " is a binary file");
  auto found = run_byline("--db " + q(db) + " search quokka --format json");
  ASSERT_EQ(json::parse(found.out)["results"].size(), 1u);

  // Regression (audit): one stray NUL in a page (a broken CMS) made it "a binary file"; the
  // extractor's own test, which lets such a page through, was never reached.
  std::string stray = page;
  stray.insert(stray.find("</p>"), std::string(1, '\0'));
  write(tmp.path() / "stray.html", stray);
  auto nul = run_byline("extract " + q((tmp.path() / "stray.html").string()) + " --format json");
  ASSERT_EQ(nul.exit_code, 0) << nul.err;
  EXPECT_EQ(json::parse(nul.out)["title"], "Quokka lander touches down");

  // 65 MiB of text in a 65 KiB gzip file: past the cap once decompressed.
  const fs::path bomb = tmp.path() / "bomb.txt.gz";
  ASSERT_EQ(sh("head -c 68157440 /dev/zero | tr '\\0' a | gzip -c > " + q(bomb.string())), 0);
  ASSERT_LT(fs::file_size(bomb), 1u << 20);
  auto b = run_byline("extract " + q(bomb.string()));
  EXPECT_EQ(b.exit_code, 4);
  EXPECT_NE(b.err.find("decompresses to more than 64 MiB"), std::string::npos) << b.err;

  // A truncated download is said to be one.
  const std::string gz = testing::read_file(dir / "page.html.gz");
  write(tmp.path() / "cut.html.gz", gz.substr(0, gz.size() / 2));
  auto cut = run_byline("extract " + q((tmp.path() / "cut.html.gz").string()));
  EXPECT_EQ(cut.exit_code, 4);
  EXPECT_NE(cut.err.find("truncated gzip file"), std::string::npos) << cut.err;

  // UTF-16 with a byte order mark holds NUL bytes and is text.
  std::string utf16 = "\xFF\xFE";
  for (char c : page) utf16 += std::string{c, '\0'};
  write(tmp.path() / "wide.html", utf16);
  auto w = run_byline("extract " + q((tmp.path() / "wide.html").string()) + " --format json");
  ASSERT_EQ(w.exit_code, 0) << w.err;
  EXPECT_NE(json::parse(w.out)["body"].get<std::string>().find("six month cruise"),
            std::string::npos);
}

// `extract` prints the id and URL `index` stores: a text file has no URL and a text id, so
// piping extract's record into index adds nothing new, and a page keeps its file:// URL.
TEST(CliInput, ExtractAndIndexAgreeOnIdsAndUrls) {
  TempDir tmp;
  const std::string db = (tmp.path() / "idx").string();
  const fs::path txt = tmp.path() / "story.txt", html = tmp.path() / "page.html";
  write(txt, "Heron bridge reopens\n\nThe heron bridge reopened to traffic on Monday.\n");
  write(html,
        "<html><head><title>Plover plant expands</title></head><body><article><p>The plover "
        "plant doubled its output this year, its owners said on Friday.</p></article></body>"
        "</html>");
  for (const fs::path& p : {txt, html}) {
    auto x = run_byline("extract " + q(p.string()) + " --format json");
    ASSERT_EQ(x.exit_code, 0) << x.err;
    const auto a = json::parse(x.out);
    auto i = run_byline("--db " + q(db) + " index " + q(p.string()) + " --format json");
    ASSERT_EQ(i.exit_code, 0) << i.err;
    EXPECT_EQ(json::parse(i.out)["added"], 1);
    auto piped = shell(bin() + " extract " + q(p.string()) + " --format jsonl | " + bin() +
                       " --db " + q(db) + " index - --format json");
    ASSERT_EQ(piped.exit_code, 0) << piped.err;
    EXPECT_EQ(json::parse(piped.out)["added"], 0) << p;
    EXPECT_EQ(json::parse(piped.out)["unchanged"], 1) << p;
    auto shown =
        run_byline("--db " + q(db) + " show " + a["id"].get<std::string>() + " --format json");
    ASSERT_EQ(shown.exit_code, 0) << p << shown.err;
    EXPECT_EQ(json::parse(shown.out)["url"], a["url"]) << p;
    if (p == txt) {
      EXPECT_EQ(a["url"], "");
      // The same text on standard input is the same article.
      auto in = shell(bin() + " extract - --format json < " + q(p.string()));
      EXPECT_EQ(json::parse(in.out)["id"], a["id"]);
    } else {
      EXPECT_EQ(a["url"], "file://" + html.string());
    }
  }
  EXPECT_EQ(json::parse(run_byline("--db " + q(db) + " stats --format json").out)["articles"], 2);
}

// A record's date that is no date is left out with a warning naming the input and line (the
// record is indexed: not a failure); below a directory, a broken link named like an input and
// a subdirectory that cannot be read are failed inputs, listed in their place (exit 10).
TEST(CliInput, IndexReportsBadDatesBrokenLinksAndUnreadableDirectories) {
  TempDir tmp;
  const fs::path dir = tmp.path() / "in";
  fs::create_directories(dir / "sub");
  fs::create_directories(dir / "locked");
  write(
      dir / "recs.jsonl",
      R"({"id":"r1","title":"Heron bridge","body":"The heron bridge reopened.","published":"yesterday"})"
      "\n"
      R"({"id":"r2","title":"Plover plant","body":"The plover plant grew.","published":"2026-11-02T10:00:00Z"})"
      "\n"
      R"({"id":"r3","title":"Egret dam","body":"The egret dam opened.","published":""})"
      "\n");
  write(dir / "sub" / "story.txt", "Avocet harbour\n\nThe avocet harbour was dredged.\n");
  write(dir / "locked" / "page.txt", "Stilt tower\n\nThe stilt tower was finished.\n");
  fs::create_symlink(tmp.path() / "gone.html", dir / "broken.html");
  fs::create_symlink(tmp.path() / "gone.png", dir / "broken.png");  // no input by its name
  fs::permissions(dir / "locked", fs::perms::none);
  // root reads any directory: the run is then made as nobody, when setpriv can.
  std::string as_user;
  if (geteuid() == 0) {
    if (sh("command -v setpriv >/dev/null") != 0) GTEST_SKIP() << "root without setpriv";
    as_user = "setpriv --reuid=65534 --regid=65534 --clear-groups ";
    fs::permissions(tmp.path(), fs::perms::all);
  }
  const std::string db = (tmp.path() / "idx").string();
  auto r =
      shell(as_user + bin() + " --db " + q(db) + " index " + q(dir.string()) + " --format json");
  fs::permissions(dir / "locked", fs::perms::owner_all);
  EXPECT_EQ(r.exit_code, 10) << r.err;
  const auto j = json::parse(r.out);
  EXPECT_EQ(j["added"], 4);  // three records, sub/story.txt
  EXPECT_EQ(j["failed"], 2);
  ASSERT_EQ(j["errors"].size(), 2u) << r.out;
  EXPECT_EQ(j["errors"][0], (dir / "broken.html").string() + ": a broken symbolic link (to " +
                                (tmp.path() / "gone.html").string() + ")");
  EXPECT_EQ(j["errors"][1],
            (dir / "locked").string() + ": cannot read the directory: Permission denied");
  ASSERT_EQ(j["warnings"].size(), 1u) << r.out;
  EXPECT_EQ(j["warnings"][0], (dir / "recs.jsonl").string() +
                                  ":1: `published` is not a date (ISO 8601 or Unix seconds): "
                                  "\"yesterday\"; left out");
  auto shown = run_byline("--db " + q(db) + " show r1 --format json");
  ASSERT_EQ(shown.exit_code, 0) << shown.err;
  EXPECT_TRUE(json::parse(shown.out)["published"].is_null());

  // In text: one stderr line each, the warning marked as one.
  auto t = run_byline("--db " + q((tmp.path() / "idx2").string()) + " index " +
                      q((dir / "recs.jsonl").string()));
  EXPECT_EQ(t.exit_code, 0) << t.err;
  EXPECT_NE(t.err.find("byline: warning: " + (dir / "recs.jsonl").string() +
                       ":1: `published` is not a date"),
            std::string::npos)
      << t.err;
}

// Regression (audit, session 45): a directory named as a file:// URL was "a directory" (exit
// 4), though its path was read file by file, and a directory with nothing byline reads was
// "0 added" with no word.
TEST(CliInput, ADirectoryIsReadAsItsFileUrlAndAnEmptyOneIsSaidToBe) {
  TempDir tmp;
  const fs::path dir = tmp.path() / "in dir";
  fs::create_directories(dir / "sub");
  write(dir / "sub" / "story.txt", "Avocet harbour\n\nThe avocet harbour was dredged.\n");
  write(dir / "notes.md", "# not read\n");
  const std::string db = (tmp.path() / "idx").string();
  auto by_url = run_byline("--db " + q(db) + " index 'file://" + tmp.path().string() +
                           "/in%20dir' " + "--format json");
  ASSERT_EQ(by_url.exit_code, 0) << by_url.err;
  EXPECT_EQ(json::parse(by_url.out)["added"], 1) << by_url.out;
  auto by_path = run_byline("--db " + q(db) + " index " + q(dir.string()) + " --format json");
  ASSERT_EQ(by_path.exit_code, 0) << by_path.err;
  EXPECT_EQ(json::parse(by_path.out)["unchanged"], 1) << by_path.out;  // the same article

  fs::remove_all(dir / "sub");
  auto none = run_byline("--db " + q(db) + " index " + q(dir.string()));
  EXPECT_EQ(none.exit_code, 0) << none.err;
  EXPECT_NE(
      none.err.find("byline: warning: " + dir.string() + ": no file to index in the directory"),
      std::string::npos)
      << none.err;
  EXPECT_EQ(run_byline("--db " + q(db) + " -q index " + q(dir.string())).err, "");
}

// A feed entry or a record dated 2099 was stored so: first under --sort newest for good, never
// pruned. Such a date is left out, and of a record the warning says so.
TEST(CliInput, DatesMoreThanADayAheadAreLeftOut) {
  TempDir tmp;
  write(tmp.path() / "recs.jsonl",
        "{\"id\":\"r1\",\"title\":\"Lander\",\"published\":\"2099-01-01\",\"sections\":[{"
        "\"text\":\"The lander touched down.\"}]}\n");
  write(tmp.path() / "feed.xml",
        "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>T</title><item><title>"
        "Rover</title><guid>g1</guid><pubDate>Thu, 01 Jan 2099 00:00:00 GMT</pubDate>"
        "<description>The rover drove.</description></item><item><title>Orbiter</title><guid>g2"
        "</guid><pubDate>Fri, 01 Jan 2021 00:00:00 GMT</pubDate><description>The orbiter "
        "flew.</description></item></channel></rss>");
  const std::string db = "--db " + q((tmp.path() / "idx").string());
  auto r = run_byline(db + " index --format json " + q((tmp.path() / "recs.jsonl").string()) + " " +
                      q((tmp.path() / "feed.xml").string()));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto j = json::parse(r.out);
  EXPECT_EQ(j["added"], 3);
  ASSERT_EQ(j["warnings"].size(), 1u) << r.out;
  EXPECT_EQ(j["warnings"][0], (tmp.path() / "recs.jsonl").string() +
                                  ":1: `published` is more than a day in the future "
                                  "(2099-01-01T00:00:00Z); left out");
  auto hits = run_byline(db + " search 'lander OR rover OR orbiter' --sort newest --format json");
  ASSERT_EQ(hits.exit_code, 0) << hits.err;
  const auto h = json::parse(hits.out)["results"];
  ASSERT_EQ(h.size(), 3u) << hits.out;
  EXPECT_EQ(h[0]["title"], "Orbiter");  // the dated one first, the others undated
  EXPECT_EQ(h[0]["published"], "2021-01-01T00:00:00Z");
  EXPECT_TRUE(h[1]["published"].is_null());
  EXPECT_TRUE(h[2]["published"].is_null());
}

// file:// URLs are percent-decoded as a crawl decodes them ("%20" names a space, "%C3%A9" an
// é), in every command that reads a local input; a file has one URL and id however it is named.
TEST(CliInput, FileUrlsArePercentDecoded) {
  TempDir tmp;
  const fs::path dir = tmp.path() / "my files";
  fs::create_directories(dir);
  write(dir / "caf\xC3\xA9 story.html",
        "<html><head><title>Quokka lander touches down</title></head><body><article><p>The "
        "quokka lander touched down on Tuesday after a six month cruise.</p></article></body>"
        "</html>");
  write(dir / "news feed.rss",
        "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Quokka News</title>"
        "<link>https://quokka.example/</link><item><title>Lander down</title>"
        "<link>https://quokka.example/lander</link></item></channel></rss>");
  const std::string base = "file://" + tmp.path().string() + "/my%20files/";
  const std::string page_url = base + "caf%C3%A9%20story.html";

  auto by_url = run_byline("extract " + q(page_url) + " --format json");
  ASSERT_EQ(by_url.exit_code, 0) << by_url.err;
  auto by_path =
      run_byline("extract " + q((dir / "caf\xC3\xA9 story.html").string()) + " --format json");
  ASSERT_EQ(by_path.exit_code, 0) << by_path.err;
  const auto a = json::parse(by_url.out), b = json::parse(by_path.out);
  EXPECT_EQ(a["title"], "Quokka lander touches down");
  EXPECT_EQ(a["url"], b["url"]);
  EXPECT_EQ(a["id"], b["id"]);
  // Regression: a path was written into its URL as it is ("file:///…/my files/café story.html",
  // no URL at all with a '#' in the name), so a crawl, which reads the feed's encoded link,
  // stored the same page again under another id.
  EXPECT_EQ(a["url"], page_url);

  auto feed = run_byline("feed " + q(base + "news%20feed.rss") + " --format json");
  ASSERT_EQ(feed.exit_code, 0) << feed.err;
  EXPECT_EQ(json::parse(feed.out)["feed"]["title"], "Quokka News");

  const std::string db = (tmp.path() / "idx").string();
  auto idx = run_byline("--db " + q(db) + " index " + q(page_url) + " --format json");
  ASSERT_EQ(idx.exit_code, 0) << idx.err;
  EXPECT_EQ(json::parse(idx.out)["added"], 1);
  auto again = run_byline("--db " + q(db) + " index " +
                          q((dir / "caf\xC3\xA9 story.html").string()) + " --format json");
  EXPECT_EQ(json::parse(again.out)["unchanged"], 1) << again.out;
  // related: by the URL of an indexed page, and of a page that is not (read and analysed).
  write(dir / "other one.html",
        "<html><head><title>Second quokka lander</title></head><body><article><p>A second "
        "quokka lander touched down after a six month cruise of its own.</p></article></body>"
        "</html>");
  auto rel =
      run_byline("--db " + q(db) + " related " + q(base + "other%20one.html") + " --format json");
  ASSERT_EQ(rel.exit_code, 0) << rel.err;
  const auto hits = json::parse(rel.out)["results"];
  ASSERT_EQ(hits.size(), 1u);
  EXPECT_EQ(hits[0]["id"], a["id"]);

  auto missing = run_byline("extract " + q(base + "no%20such.html"));
  EXPECT_EQ(missing.exit_code, 3);

  // A crawl of a feed that links to the page, by its encoded relative link, stores it under
  // the URL and id that indexing the file gave it: one article, not two.
  write(dir / "pages.rss",
        "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Local</title>"
        "<link>https://local.example/</link><item><title>Quokka</title>"
        "<link>caf%C3%A9%20story.html</link><guid>q1</guid></item></channel></rss>");
  auto crawl = run_byline("--db " + q(db) + " crawl " + q((dir / "pages.rss").string()));
  ASSERT_EQ(crawl.exit_code, 0) << crawl.err;
  auto found = run_byline("--db " + q(db) + " search quokka --format json");
  ASSERT_EQ(found.exit_code, 0) << found.err;
  std::set<std::string> urls;
  const json results = json::parse(found.out)["results"];
  for (const auto& h : results) urls.insert(h["url"]);
  EXPECT_EQ(urls, (std::set<std::string>{page_url})) << found.out;
}

}  // namespace
}  // namespace byline

namespace byline {
namespace {

// Regression: JSON Lines were read whole, so an export of more than 64 MiB on standard input
// (`other-app --export | byline index -`), or in a file, was refused outright. They are read
// a block of lines at a time now, plain or gzip, and only a record over the cap fails.
TEST(CliInput, JsonLinesStreamPastTheInputCap) {
  TempDir tmp;
  const fs::path big = tmp.path() / "export.jsonl";
  {
    std::ofstream out(big, std::ios::binary);
    out << R"({"id":"s1","title":"Quokka census","body":"The first quokka story."})" << '\n';
    // 65 MiB of one record: more than any record may hold, and more than a file read whole.
    out << R"({"id":"s2","title":"Too long","body":")" << std::string(65u << 20, 'a') << "\"}\n";
    out << R"({"id":"s3","title":"Quokka recount","body":"The second quokka story."})" << '\n'
        << '\n'
        << R"({"id":"s4","title":"Quokka finale","body":"The third quokka story."})";  // no \n
  }
  ASSERT_GT(fs::file_size(big), 64u << 20);
  ASSERT_EQ(sh("gzip -1 -c " + q(big.string()) + " > " + q(big.string() + ".gz")), 0);
  struct Case {
    std::string what, command, where;
  };
  const std::vector<Case> cases = {
      {"stdin", " index - < " + q(big.string()), "-:2"},
      {"gzip stdin", " index - < " + q(big.string() + ".gz"), "-:2"},
      {"file", " index " + q(big.string()), big.string() + ":2"},
      // A FIFO named as a file (what `<(other-app --export)` hands over) is read once, in place.
      {"fifo", " index " + q((tmp.path() / "fifo").string()),
       (tmp.path() / "fifo").string() + ":2"},
  };
  for (const auto& c : cases) {
    const std::string db = (tmp.path() / ("idx-" + std::to_string(&c - cases.data()))).string();
    const std::string fifo = (tmp.path() / "fifo").string();
    const std::string feed_fifo = "rm -f " + q(fifo) + " && mkfifo " + q(fifo) +
                                  " && (timeout 60 cat " + q(big.string()) + " > " + q(fifo) +
                                  " &) && ";
    auto r = shell((c.what == "fifo" ? feed_fifo : "") + bin() + " --db " + q(db) + c.command +
                   " --format json");
    EXPECT_EQ(r.exit_code, 10) << c.what << ": " << r.err;  // some inputs failed
    const json j = json::parse(r.out, nullptr, false);
    ASSERT_TRUE(j.is_object()) << c.what << ": " << r.out << r.err;
    EXPECT_EQ(j["added"], 3) << c.what;
    EXPECT_EQ(j["failed"], 1) << c.what;
    ASSERT_EQ(j["errors"].size(), 1u) << c.what;
    EXPECT_EQ(j["errors"][0], c.where + ": the record is larger than 64 MiB") << c.what;
    auto found = run_byline("--db " + q(db) + " search quokka --format jsonl");
    EXPECT_EQ(std::count(found.out.begin(), found.out.end(), '\n'), 3) << c.what << found.out;
  }
  // A first line over the cap failed the whole file ("larger than 64 MiB"); it fails alone.
  const fs::path first = tmp.path() / "first.jsonl";
  {
    std::ofstream out(first, std::ios::binary);
    out << R"({"id":"t1","title":"Too long","body":")" << std::string(65u << 20, 'a') << "\"}\n"
        << R"({"id":"t2","title":"Quokka after","body":"The quokka story after it."})" << '\n';
  }
  auto r1 = run_byline("--db " + q((tmp.path() / "f").string()) + " index " + q(first.string()) +
                       " --format json");
  EXPECT_EQ(r1.exit_code, 10) << r1.err;
  const json j1 = json::parse(r1.out, nullptr, false);
  ASSERT_TRUE(j1.is_object()) << r1.out << r1.err;
  EXPECT_EQ(j1["added"], 1);
  EXPECT_EQ(j1["errors"], json::array({first.string() + ":1: the record is larger than 64 MiB"}));
  fs::remove(first);

  // Read whole, a page over the cap is still refused, with the same words.
  const fs::path page = tmp.path() / "big.html";
  write(page, "<html><body><p>" + std::string(65u << 20, 'b') + "</p></body></html>");
  auto r = run_byline("--db " + q((tmp.path() / "p").string()) + " index " + q(page.string()));
  EXPECT_EQ(r.exit_code, 4) << r.err;
  EXPECT_NE(r.err.find("big.html is larger than 64 MiB"), std::string::npos) << r.err;
}

// Records from a producer that writes now and then are committed after a second of silence,
// and a stop signal while it is silent ends the run at once; the records already read from
// the pipe, which cannot be read again, are indexed and committed.
TEST(CliInput, AStopWhileStandardInputIsSilentKeepsTheRecordsRead) {
  TempDir tmp;
  const std::string db = (tmp.path() / "idx").string();
  const std::string err = (tmp.path() / "err.txt").string();
  int fds[2];
  ASSERT_EQ(pipe2(fds, O_CLOEXEC), 0);  // the child holds only the read end
  const int pid = testing::start_byline({"--db", db, "index", "-"}, "", err, fds[0]);
  ASSERT_GT(pid, 0);
  close(fds[0]);
  const std::string lines = R"({"id":"p1","title":"Quokka one","body":"A quokka story."})"
                            "\n"
                            R"({"id":"p2","title":"Quokka two","body":"Another quokka story."})"
                            "\n";
  ASSERT_EQ(::write(fds[1], lines.data(), lines.size()), static_cast<ssize_t>(lines.size()));
  // A second of silence, and what came is indexed and committed: searchable while the run
  // waits for more.
  bool searchable = false;
  for (int i = 0; i < 40 && !searchable; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    searchable = run_byline("--db " + q(db) + " show p2 --format json").exit_code == 0;
  }
  EXPECT_TRUE(searchable) << "records read from a silent pipe were not committed";
  int status = 0;
  EXPECT_EQ(waitpid(pid, &status, WNOHANG), 0) << "byline index - ended before its input did";
  kill(pid, SIGTERM);  // the write end stays open: no end of input comes
  const bool reaped = testing::reap_within(pid, &status, 3.0);
  close(fds[1]);
  ASSERT_TRUE(reaped) << "SIGTERM did not stop byline index - while its input was silent";
  const std::string said = testing::read_file(err);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 11) << status << said;
  EXPECT_NE(said.find("indexed: 2 added, 0 updated, 0 unchanged, 0 failed"), std::string::npos)
      << said;
  auto shown = run_byline("--db " + q(db) + " show p2 --format json");
  EXPECT_EQ(shown.exit_code, 0) << shown.err;
}

}  // namespace
}  // namespace byline

namespace byline {
namespace {

// Regressions from an audit of how `byline index` reads records (each case once broken).
TEST(CliInput, RecordInputsAsTheyComeAreReadAsRecords) {
  TempDir tmp;
  const std::string good1 = R"({"id":"g1","title":"Quokka one","body":"A quokka story."})";
  const std::string good2 = R"({"id":"g2","title":"Quokka two","body":"Another quokka story."})";
  auto put = [&](const std::string& name, const std::string& bytes) {
    write(tmp.path() / name, bytes);
    return q((tmp.path() / name).string());
  };
  struct Case {
    std::string what, input;  // input: shell redirection or arguments
    int exit_code, added, failed;
  };
  const std::vector<Case> cases = {
      // A broken first record failed the whole input as one bad document.
      {"broken first line", "- < " + put("broken.jsonl", "{\"id\": oops}\n" + good1 + "\n" + good2),
       10, 2, 1},
      // A UTF-8 BOM turned streaming off.
      {"bom", "- < " + put("bom.jsonl", "\xEF\xBB\xBF" + good1 + "\n" + good2 + "\n"), 0, 2, 0},
      // An array of records on standard input was one text article titled "[".
      {"array on stdin", "- < " + put("array.json", "[\n  " + good1 + ",\n  " + good2 + "\n]\n"), 0,
       2, 0},
      // A text file that starts with "{" was refused as a bad record.
      {"text with a brace", put("note.txt", "{draft} Quokka notes\n\nThe quokka count rose.\n"), 0,
       1, 0},
      // An export that found nothing failed with "no readable content".
      {"empty stdin", "- < /dev/null", 0, 0, 0},
  };
  for (const auto& c : cases) {
    const std::string db = (tmp.path() / ("idx-" + std::to_string(&c - cases.data()))).string();
    auto r = shell(bin() + " --db " + q(db) + " index " + c.input + " --format json");
    EXPECT_EQ(r.exit_code, c.exit_code) << c.what << ": " << r.out << r.err;
    const json j = json::parse(r.out, nullptr, false);
    ASSERT_TRUE(j.is_object()) << c.what << ": " << r.out << r.err;
    EXPECT_EQ(j["added"], c.added) << c.what << ": " << r.out;
    EXPECT_EQ(j["failed"], c.failed) << c.what << ": " << r.out;
  }
  // Standard input named twice was read twice, the second time empty.
  auto twice = shell(bin() + " --db " + q((tmp.path() / "t").string()) + " index - - < /dev/null");
  EXPECT_EQ(twice.exit_code, 2) << twice.err;
  EXPECT_NE(twice.err.find("named twice"), std::string::npos) << twice.err;

  // A truncated gzip file lost every record as a file, and kept them on standard input.
  std::string records;
  for (int i = 0; i < 200; ++i)
    records += R"({"id":"z)" + std::to_string(i) + R"(","title":"Quokka )" + std::to_string(i) +
               R"(","body":"Story )" + std::to_string(i) + " of the quokka count.\"}\n";
  write(tmp.path() / "all.jsonl", records);
  const std::string gz = q((tmp.path() / "all.jsonl.gz").string());
  ASSERT_EQ(sh("gzip -c " + q((tmp.path() / "all.jsonl").string()) + " > " + gz +
               " && head -c $(($(stat -c %s " + gz + ") / 2)) " + gz + " > " +
               q((tmp.path() / "cut.jsonl.gz").string())),
            0);
  int added_from[2] = {-1, -1};
  for (int stdin_too : {0, 1}) {
    const std::string cut = q((tmp.path() / "cut.jsonl.gz").string());
    auto r =
        shell(bin() + " --db " + q((tmp.path() / ("cut" + std::to_string(stdin_too))).string()) +
              " index " + (stdin_too ? "- < " + cut : cut) + " --format json");
    EXPECT_EQ(r.exit_code, 10) << r.out << r.err;
    const json j = json::parse(r.out, nullptr, false);
    ASSERT_TRUE(j.is_object()) << r.out << r.err;
    added_from[stdin_too] = j["added"].get<int>();
    EXPECT_GT(added_from[stdin_too], 10);
    EXPECT_EQ(j["failed"], 1);
    EXPECT_NE(j["errors"][0].get<std::string>().find("truncated gzip"), std::string::npos) << r.out;
  }
  EXPECT_EQ(added_from[0], added_from[1]);

  // A million bad lines were a million error lines held to the end: 1000 are listed.
  std::string bad;
  for (int i = 0; i < 1500; ++i) bad += "{\"id\": nope}\n";
  auto many = shell(bin() + " --db " + q((tmp.path() / "bad").string()) + " index " +
                    put("bad.jsonl", bad) + " --format json");
  EXPECT_EQ(many.exit_code, 4) << many.err;
  const json m = json::parse(many.out, nullptr, false);
  ASSERT_TRUE(m.is_object()) << many.out;
  EXPECT_EQ(m["failed"], 1500);
  EXPECT_EQ(m["errors"].size(), 1000u);
  EXPECT_EQ(m["errors_not_listed"], 500);
  auto many_text = shell(bin() + " --db " + q((tmp.path() / "bad2").string()) + " index " +
                         q((tmp.path() / "bad.jsonl").string()));
  EXPECT_NE(many_text.err.find("byline: 500 more failures not listed"), std::string::npos);

  // A pretty-printed record's parse error said "line 1": its line breaks had been dropped.
  auto where = run_byline("--db " + q((tmp.path() / "w").string()) + " index " +
                          put("bad.json",
                              "{\n  \"id\": \"x\",\n  \"title\": \"T\",\n"
                              "  \"body\": oops\n}\n"));
  EXPECT_EQ(where.exit_code, 4) << where.err;
  EXPECT_NE(where.err.find("bad.json record 1: not valid JSON: parse error at line 4, column 11"),
            std::string::npos)
      << where.err;

  // `byline extract` read only the first line of a pretty-printed record, its own output.
  auto pretty = run_byline("extract " +
                           put("one.json",
                               "{\n  \"id\": \"p1\",\n  \"title\": \"Quokka pretty\",\n"
                               "  \"body\": \"A quokka story.\"\n}\n") +
                           " --format json");
  EXPECT_EQ(pretty.exit_code, 0) << pretty.err;
  EXPECT_EQ(json::parse(pretty.out, nullptr, false).value("title", ""), "Quokka pretty");
}

// Regression: a FIFO no writer had opened blocked `byline index` in open(), where a stop
// signal did nothing; a second one killed it with what earlier inputs had added uncommitted.
TEST(CliInput, AStopWhileAFifoHasNoWriterKeepsWhatCameBefore) {
  TempDir tmp;
  const std::string before = (tmp.path() / "before.jsonl").string();
  write(before, R"({"id":"f1","title":"Quokka","body":"A quokka story."})"
                "\n");
  const std::string fifo = (tmp.path() / "fifo").string();
  ASSERT_EQ(mkfifo(fifo.c_str(), 0600), 0);
  const std::string db = (tmp.path() / "idx").string();
  const std::string err = (tmp.path() / "err.txt").string();
  const int pid = testing::start_byline({"--db", db, "index", before, fifo}, "", err);
  ASSERT_GT(pid, 0);
  std::this_thread::sleep_for(std::chrono::milliseconds(800));
  int status = 0;
  ASSERT_EQ(waitpid(pid, &status, WNOHANG), 0) << "byline index did not wait for the FIFO";
  kill(pid, SIGINT);
  ASSERT_TRUE(testing::reap_within(pid, &status, 2.0))
      << "SIGINT did not stop byline index waiting for a FIFO's writer";
  const std::string said = testing::read_file(err);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 11) << status << said;
  EXPECT_NE(said.find("indexed: 1 added, 0 updated, 0 unchanged, 0 failed"), std::string::npos)
      << said;
  EXPECT_EQ(run_byline("--db " + q(db) + " show f1").exit_code, 0);
}

}  // namespace
}  // namespace byline
