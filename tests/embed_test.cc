// The libraries as an installed CMake package: `cmake --install` this build into a fresh prefix,
// build examples/embed against it with find_package(byline), run it. What an application that
// embeds byline does, checked end to end (headers, exported targets, their dependencies).
#include <gtest/gtest.h>

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
        BYLINE_INSTALL_LIBDIR "/cmake/byline/bylineConfig.cmake", "share/byline/schemas/index.md"})
    EXPECT_TRUE(std::filesystem::exists(std::filesystem::path(prefix) / f)) << f;
  // The source tree's internal headers stay out of the package.
  EXPECT_FALSE(std::filesystem::exists(std::filesystem::path(prefix) / "include/indexer"));

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

}  // namespace
}  // namespace byline
