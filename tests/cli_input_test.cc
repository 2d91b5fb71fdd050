// What `byline` makes of the local inputs users hand it: text files, compressed and binary
// files, file:// URLs, directories and JSON Lines records (cli/input.cc, cli/cmd_index.cc).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

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
  EXPECT_EQ(a["title"], "\xEF\xBF\xBDtitle here[31m");
  EXPECT_EQ(a["body"], "The body has a [2J clear and a bell in it.");

  const std::string db = (tmp.path() / "idx").string();
  auto i = run_byline("--db " + q(db) + " index " + q(file.string()));
  ASSERT_EQ(i.exit_code, 0) << i.err;
  auto s = run_byline("--db " + q(db) + " search clear --format json");
  ASSERT_EQ(s.exit_code, 0) << s.err;
  const auto hits = json::parse(s.out)["results"];
  ASSERT_EQ(hits.size(), 1u);
  EXPECT_EQ(hits[0]["title"], "\xEF\xBF\xBDtitle here[31m");
  EXPECT_EQ(hits[0]["snippet"].get<std::string>().find('\x1b'), std::string::npos);
  EXPECT_NE(hits[0]["snippet"].get<std::string>().find("[2J clear and a bell"), std::string::npos);
}

}  // namespace
}  // namespace byline
