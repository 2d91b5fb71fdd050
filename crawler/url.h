// crawler/url.h: URL parsing and resolution on libcurl's URL API (curl_url).
//
// One parser for every URL the crawler touches, so that what we check (scheme, host) is exactly
// what libcurl will later connect to.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "byline/status.h"

namespace byline::crawler {

/// The parts of an absolute URL we act on; scheme and host lower-cased.
struct UrlParts {
  std::string scheme;
  std::string host;  ///< without brackets for IPv6; empty for file URLs
  int port = 0;      ///< explicit or default port; 0 for file URLs
  std::string path;  ///< path + query, at least "/" for http(s)
  std::string url;   ///< the normalised whole URL
};

/// Parses an absolute URL (http, https or file; any scheme libcurl knows is accepted here, the
/// fetcher restricts protocols). Fragments are dropped.
Result<UrlParts> parse_url(std::string_view url);

/// Resolves `ref` (absolute or relative) against `base`, as a browser would; the result is
/// normalised and without fragment.
Result<std::string> resolve_url(std::string_view base, std::string_view ref);

/// True for "http://", "https://" or "file://" URLs (case-insensitive), i.e. not a local path.
bool looks_like_url(std::string_view s);

/// A file:// URL for a local path (made absolute, percent-encoded).
std::string file_url_for_path(const std::string& path);

/// The local path a file:// URL names, percent-escapes decoded; nullopt for any other URL.
std::optional<std::string> path_for_file_url(std::string_view url);

/// True when the local file `file_url` names lies in the folder of the file `owner_url` names
/// (a local feed or OPML file), or below it, `..` and symbolic links resolved. Local lists and
/// feeds may read what sits beside them; any other file only when the user says so.
bool file_url_within_folder_of(std::string_view file_url, std::string_view owner_url);

}  // namespace byline::crawler
