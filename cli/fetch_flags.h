// cli/fetch_flags.h: the transfer options of every command that fetches (crawl, extract, feed,
// related, feeds add), declared once so they have one name, one range and one meaning.
#pragma once

#include <CLI/CLI.hpp>
#include <cstddef>

#include "crawler/fetch.h"

namespace byline::cli {

struct FetchFlags {
  bool allow_private = false;
  double timeout = 60;  ///< seconds for one transfer, redirects included
  double connect_timeout = 10;
  size_t max_bytes = 16u << 20;

  /// The crawler's options with these set (the other fields keep their defaults).
  crawler::FetchOptions options() const;
};

/// Adds --allow-private-networks, --timeout, --connect-timeout and --max-bytes to `sub`, with
/// `flags`' values as the defaults shown in --help.
void add_fetch_flags(CLI::App* sub, FetchFlags& flags);

}  // namespace byline::cli
