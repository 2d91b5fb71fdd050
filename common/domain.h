// common/domain.h: registrable domains by the Public Suffix List (libpsl).
//
// One answer to "which site is this host part of", shared by the crawler (politeness is keyed
// by registrable domain) and the indexer (`site:` terms stop there, never at "co.uk").
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace byline {

/// The registrable domain of a host name: "news.bbc.co.uk" -> "bbc.co.uk",
/// "a.example.police.uk" -> "example.police.uk", "alice.github.io" -> "alice.github.io".
/// Lower-cased, without a trailing dot. IP literals, public suffixes themselves ("co.uk") and
/// single labels ("localhost") are their own registrable domain.
std::string registrable_domain(std::string_view host);

/// The host and each parent domain down to its registrable domain, lower-cased:
/// "a.news.example.co.uk" -> {a.news.example.co.uk, news.example.co.uk, example.co.uk}.
/// An IP literal is only itself; an empty host gives nothing.
std::vector<std::string> host_and_parents(std::string_view host);

/// "libpsl 0.21.2", for `byline --version`.
std::string public_suffix_library();

}  // namespace byline
