// The libraries as an installed CMake package: `cmake --install` this build into a fresh prefix,
// build examples/embed against it with find_package(byline), run it. What an application that
// embeds byline does, checked end to end (headers, exported targets, their dependencies).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "test_support.h"

namespace byline {
namespace {

using testing::run_command;
using testing::TempDir;

std::string q(const std::string& s) { return "'" + s + "'"; }

TEST(Embed, InstalledPackageBuildsAndRunsTheExample) {
  TempDir tmp;
  const std::string prefix = (tmp.path() / "prefix").string();
  const std::string build = (tmp.path() / "build").string();
  const std::string cmake = BYLINE_CMAKE;

  auto installed =
      run_command(q(cmake) + " --install " + q(BYLINE_BUILD_DIR) + " --prefix " + q(prefix));
  ASSERT_EQ(installed.exit_code, 0) << installed.out << installed.err;
  for (const char* f :
       {"include/byline/search.h", "include/byline/index.h",
        BYLINE_INSTALL_LIBDIR "/cmake/byline/bylineConfig.cmake", "share/byline/schemas/index.md",
        "share/doc/byline/embedding.md", "share/doc/byline/related.md"})  // what headers cite
    EXPECT_TRUE(std::filesystem::exists(std::filesystem::path(prefix) / f)) << f;
  // Regression (embedding audit, session 31): the .pc file's -std=c++20 came after an
  // application's -std=c++23 and won.
  EXPECT_EQ(testing::read_file(std::filesystem::path(prefix) / BYLINE_INSTALL_LIBDIR /
                               "pkgconfig/byline.pc")
                .find("-std="),
            std::string::npos);
  // The source tree's internal headers stay out of the package.
  EXPECT_FALSE(std::filesystem::exists(std::filesystem::path(prefix) / "include/indexer"));
  // Regression: the exported targets named this machine's libxapian.so and /usr/include by
  // their absolute paths. The package names its dependencies and finds them where it is used.
  for (const auto& entry : std::filesystem::directory_iterator(
           std::filesystem::path(prefix) / BYLINE_INSTALL_LIBDIR "/cmake/byline")) {
    const std::string text = testing::read_file(entry.path());
    EXPECT_EQ(text.find("libxapian"), std::string::npos) << entry.path();
    EXPECT_EQ(text.find("\"/usr/"), std::string::npos) << entry.path();
    // Regression (embedding audit, session 31): libraries no installed header uses were usage
    // requirements, their include paths on every application's compile line; they are linked
    // only.
    std::istringstream lines(text);
    for (std::string line; std::getline(lines, line);) {
      if (line.find("INTERFACE_LINK_LIBRARIES") == std::string::npos) continue;
      for (const char* dep :
           {"LibXml2::LibXml2", "nlohmann_json::nlohmann_json", "byline::xapian", "ICU::uc"})
        for (size_t at = line.find(dep); at != std::string::npos; at = line.find(dep, at + 1))
          EXPECT_TRUE(at >= 10 && line.substr(at - 10, 10) == "LINK_ONLY:") << dep << ": " << line;
    }
  }

  auto configured =
      run_command(q(cmake) + " -S " + q((testing::source_dir() / "examples/embed").string()) +
                  " -B " + q(build) + " -G " + q(BYLINE_CMAKE_GENERATOR) +
                  " -DCMAKE_CXX_COMPILER=" + q(BYLINE_CXX_COMPILER) + " -DCMAKE_CXX_FLAGS=" +
                  q(BYLINE_EMBED_FLAGS) + " -DCMAKE_PREFIX_PATH=" + q(prefix));
  ASSERT_EQ(configured.exit_code, 0) << configured.out << configured.err;
  auto built = run_command(q(cmake) + " --build " + q(build));
  ASSERT_EQ(built.exit_code, 0) << built.out << built.err;

  auto ran = run_command(q(build + "/embed") + " " + q((tmp.path() / "index").string()));
  ASSERT_EQ(ran.exit_code, 0) << ran.err;
  EXPECT_EQ(ran.out,
            "search: Corvid lander's drill reaches lunar ice\n"
            "search: Corvid lander touches down\n"
            "related: Corvid lander's drill reaches lunar ice\n"
            "sections of the page: lead whats_next\n");
  auto usage = run_command(q(build + "/embed"));
  EXPECT_EQ(usage.exit_code, 2);

  // Without CMake: the same program through pkg-config (the .pc file finds its own prefix).
  const std::string pc =
      "PKG_CONFIG_PATH=" + q(prefix + "/" BYLINE_INSTALL_LIBDIR "/pkgconfig") + " pkg-config ";
  const std::string app = (tmp.path() / "embed-pc").string();
  auto compiled = run_command(q(BYLINE_CXX_COMPILER) + " " + BYLINE_EMBED_FLAGS + " $(" + pc +
                              "--cflags byline) " +
                              q((testing::source_dir() / "examples/embed/main.cc").string()) +
                              " -o " + q(app) + " $(" + pc + "--libs byline)");
  ASSERT_EQ(compiled.exit_code, 0) << compiled.err;
  auto again = run_command(q(app) + " " + q((tmp.path() / "index-pc").string()));
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_EQ(again.out, ran.out);
}

// docs/embedding.md's table: each target alone links the functions of the headers it lists (an
// application that linked byline::common for article_to_json, as the table said, failed to link:
// the JSON form of records is in byline::indexer).
TEST(Embed, EachTargetLinksWhatTheDocsSayItHolds) {
  TempDir tmp;
  const std::string prefix = (tmp.path() / "prefix").string();
  const std::string cmake = BYLINE_CMAKE;
  auto installed =
      run_command(q(cmake) + " --install " + q(BYLINE_BUILD_DIR) + " --prefix " + q(prefix));
  ASSERT_EQ(installed.exit_code, 0) << installed.out << installed.err;

  const auto src = tmp.path() / "app";
  std::filesystem::create_directories(src);
  auto write = [&](const char* name, const std::string& text) {
    std::ofstream(src / name) << text;
  };
  write("CMakeLists.txt",
        "cmake_minimum_required(VERSION 3.25)\n"
        "project(targets LANGUAGES CXX)\n"
        "set(CMAKE_CXX_STANDARD 20)\n"
        "find_package(byline 0.1 REQUIRED COMPONENTS common crawler indexer query)\n"
        "foreach(t common crawler indexer query)\n"
        "  add_executable(${t}_only ${t}.cc)\n"
        "  target_link_libraries(${t}_only PRIVATE byline::${t})\n"
        "endforeach()\n"
        // Regression (embedding audit, session 48): the static libraries were not position
        // independent, so no shared library (a plugin, a language binding) could hold them.
        "add_library(plugin SHARED plugin.cc)\n"
        "target_link_libraries(plugin PRIVATE byline::query byline::indexer)\n"
        "add_executable(plugin_user plugin_user.cc)\n"
        "target_link_libraries(plugin_user PRIVATE plugin)\n");
  write("common.cc",
        "#include <byline/article.h>\n#include <byline/status.h>\n#include <iostream>\n"
        "int main() {\n"
        "  byline::Article a;\n  a.url = \"https://x.example/a\";\n"
        "  a.sections.push_back({\"\", byline::SectionKind::kLead, \"Text.\"});\n"
        "  byline::limit_text(a);\n"
        "  byline::Status s(byline::ErrorCode::kNotFound, \"m\");\n"
        "  std::cout << a.source() << ' ' << a.body() << ' ' << byline::exit_code(s.code())\n"
        "            << ' ' << byline::to_string(a.sections[0].kind) << '\\n';\n}\n");
  write("crawler.cc",
        "#include <byline/feed.h>\n#include <iostream>\n"
        "int main() {\n"
        "  auto f = byline::parse_feed(\"<rss version='2.0'><channel><title>T</title><item>\"\n"
        "                              "
        "\"<link>https://x.example/a</link></item></channel></rss>\");\n"
        "  auto o = byline::parse_opml(\"<opml><body><outline xmlUrl='https://x.example/f'/>\"\n"
        "                              \"</body></opml>\");\n"
        "  std::cout << f->entries.size() << ' ' << byline::feed_to_json(*f).empty() << ' '\n"
        "            << o->size() << '\\n';\n}\n");
  write("indexer.cc",
        "#include <byline/article_json.h>\n#include <byline/extract.h>\n"
        "#include <byline/index.h>\n#include <iostream>\n"
        "int main(int, char** argv) {\n"
        "  auto a = byline::article_from_json(R\"({\"title\":\"T\",\"body\":\"Some text.\"})\");\n"
        "  auto w = byline::IndexWriter::open(argv[1]);\n"
        "  auto added = (*w)->add(*a);\n"
        "  std::cout << byline::article_to_json(*a).empty() << ' ' << added.ok() << ' '\n"
        "            << (*w)->commit().ok() << '\\n';\n}\n");
  write("plugin.cc",
        "#include <byline/index.h>\n#include <byline/search.h>\n#include <string>\n"
        "int plugin_count(const char* path, const char* query) {\n"
        "  byline::Article a;\n  a.url = \"https://x.example/p\";\n  a.title = \"Plugin\";\n"
        "  a.sections.push_back({\"\", byline::SectionKind::kLead, \"Lunar ice found.\"});\n"
        "  { auto w = byline::IndexWriter::open(path);\n"
        "    if (!w.ok() || !(*w)->add(a).ok() || !(*w)->commit().ok()) return -1; }\n"
        "  auto s = byline::Searcher::open(path);\n"
        "  auto r = (*s)->search(query);\n"
        "  return r.ok() ? static_cast<int>(r->hits.size()) : -1;\n}\n");
  write("plugin_user.cc",
        "#include <iostream>\n"
        "int plugin_count(const char* path, const char* query);\n"
        "int main(int, char** argv) { std::cout << plugin_count(argv[1], \"ice\") << '\\n'; }\n");
  write("query.cc",
        "#include <byline/search.h>\n#include <iostream>\n"
        "int main(int, char** argv) {\n"
        "  auto s = byline::Searcher::open(argv[1]);\n"
        "  std::cout << (*s)->search(\"text\")->hits.size() << '\\n';\n}\n");

  const std::string build = (tmp.path() / "build").string();
  auto configured = run_command(
      q(cmake) + " -S " + q(src.string()) + " -B " + q(build) + " -G " + q(BYLINE_CMAKE_GENERATOR) +
      " -DCMAKE_CXX_COMPILER=" + q(BYLINE_CXX_COMPILER) +
      " -DCMAKE_CXX_FLAGS=" + q(BYLINE_EMBED_FLAGS) + " -DCMAKE_PREFIX_PATH=" + q(prefix));
  ASSERT_EQ(configured.exit_code, 0) << configured.out << configured.err;
  auto built = run_command(q(cmake) + " --build " + q(build));
  ASSERT_EQ(built.exit_code, 0) << built.out << built.err;

  const std::string index = (tmp.path() / "index").string();
  EXPECT_EQ(run_command(q(build + "/common_only")).out, "x.example Text. 3 lead\n");
  EXPECT_EQ(run_command(q(build + "/crawler_only")).out, "1 0 1\n");
  EXPECT_EQ(run_command(q(build + "/indexer_only") + " " + q(index)).out, "0 1 1\n");
  EXPECT_EQ(run_command(q(build + "/query_only") + " " + q(index)).out, "1\n");
  EXPECT_EQ(
      run_command(q(build + "/plugin_user") + " " + q((tmp.path() / "plugin-index").string())).out,
      "1\n");

  // Regression (embedding audit, session 31): COMPONENTS failed as if byline were not
  // installed. Each library is one; another name is said.
  const auto bad = tmp.path() / "bad";
  std::filesystem::create_directories(bad);
  std::ofstream(bad / "CMakeLists.txt") << "cmake_minimum_required(VERSION 3.25)\n"
                                           "project(bad LANGUAGES CXX)\n"
                                           "find_package(byline 0.1 REQUIRED COMPONENTS search)\n";
  auto refused =
      run_command(q(cmake) + " -S " + q(bad.string()) + " -B " +
                  q((tmp.path() / "bad-build").string()) + " -DCMAKE_PREFIX_PATH=" + q(prefix));
  EXPECT_NE(refused.exit_code, 0);
  EXPECT_NE((refused.out + refused.err).find("byline has no component 'search'"), std::string::npos)
      << refused.out << refused.err;
}

}  // namespace
}  // namespace byline
