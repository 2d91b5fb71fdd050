// crawler/url.cc: URL helpers over curl_url (the same parser libcurl connects with).
#include "crawler/url.h"

#include <curl/curl.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <memory>

#include "common/text.h"
#include "common/url_resolve.h"

namespace byline::crawler {
namespace {

struct UrlDeleter {
  void operator()(CURLU* u) const { curl_url_cleanup(u); }
};
using UrlHandle = std::unique_ptr<CURLU, UrlDeleter>;

struct CurlFree {
  void operator()(char* p) const { curl_free(p); }
};
using CurlString = std::unique_ptr<char, CurlFree>;

std::string get_part(CURLU* u, CURLUPart part, unsigned flags = 0) {
  char* out = nullptr;
  if (curl_url_get(u, part, &out, flags) != CURLUE_OK || out == nullptr) return {};
  CurlString owned(out);
  return std::string(out);
}

// Control characters and spaces inside a URL are never meant literally: feeds carry stray
// newlines and spaces around links, which curl_url would reject.
std::string clean_reference(std::string_view s) {
  std::string_view t = trim(s);
  std::string out;
  out.reserve(t.size());
  for (char c : t) {
    unsigned char uc = static_cast<unsigned char>(c);
    if (uc < 0x20 || uc == 0x7f) continue;
    if (c == ' ') {
      out += "%20";
      continue;
    }
    out += c;
  }
  return out;
}

Result<UrlParts> parts_of(CURLU* u) {
  UrlParts p;
  p.scheme = to_lower_ascii(get_part(u, CURLUPART_SCHEME));
  if (p.scheme.empty()) return Result<UrlParts>(ErrorCode::kUsage, "URL without a scheme");
  curl_url_set(u, CURLUPART_FRAGMENT, nullptr, 0);
  if (p.scheme != "file") {
    p.host = to_lower_ascii(get_part(u, CURLUPART_HOST));
    if (p.host.empty()) return Result<UrlParts>(ErrorCode::kUsage, "URL without a host");
    // Host names are case-insensitive: one spelling, so ids and politeness keys agree.
    curl_url_set(u, CURLUPART_HOST, p.host.c_str(), 0);
    if (p.host.size() > 2 && p.host.front() == '[' && p.host.back() == ']')
      p.host = p.host.substr(1, p.host.size() - 2);
    std::string port = get_part(u, CURLUPART_PORT, CURLU_DEFAULT_PORT);
    p.port = port.empty() ? 0 : std::atoi(port.c_str());
  }
  p.path = get_part(u, CURLUPART_PATH);
  std::string query = get_part(u, CURLUPART_QUERY);
  if (!query.empty()) p.path += "?" + query;
  // https://host:443/ and https://host/ are one address: one spelling, so a feed is not
  // subscribed twice nor a story stored twice.
  p.url = get_part(u, CURLUPART_URL, CURLU_NO_DEFAULT_PORT);
  if (p.url.empty()) return Result<UrlParts>(ErrorCode::kUsage, "URL cannot be normalised");
  return p;
}

}  // namespace

Result<UrlParts> parse_url(std::string_view url) {
  UrlHandle u(curl_url());
  if (!u) return Result<UrlParts>(ErrorCode::kInternal, "out of memory parsing a URL");
  std::string cleaned = clean_reference(url);
  // No default scheme guessing: "example.com/feed" is a path, not a URL.
  CURLUcode rc = curl_url_set(u.get(), CURLUPART_URL, cleaned.c_str(), CURLU_NON_SUPPORT_SCHEME);
  if (rc != CURLUE_OK)
    return Result<UrlParts>(
        ErrorCode::kUsage,
        "invalid URL '" + truncate_utf8(sanitize_utf8(url), 200) + "': " + curl_url_strerror(rc),
        "give an absolute http://, https:// or file:// URL");
  return parts_of(u.get());
}

Result<std::string> resolve_url(std::string_view base, std::string_view ref) {
  UrlHandle u(curl_url());
  if (!u) return Result<std::string>(ErrorCode::kInternal, "out of memory parsing a URL");
  std::string base_clean = clean_reference(base);
  std::string ref_clean = clean_reference(ref);
  if (!base_clean.empty() && curl_url_set(u.get(), CURLUPART_URL, base_clean.c_str(),
                                          CURLU_NON_SUPPORT_SCHEME) != CURLUE_OK)
    return Result<std::string>(ErrorCode::kUsage, "invalid base URL");
  // Setting a relative URL on a handle that holds the base resolves it (RFC 3986 rules).
  CURLUcode rc = curl_url_set(u.get(), CURLUPART_URL, ref_clean.c_str(), CURLU_NON_SUPPORT_SCHEME);
  if (rc != CURLUE_OK) {
    // "javascript:alert(1)" is no URL to fetch: said so, not by libcurl's "Unsupported number
    // of slashes following scheme".
    const size_t colon = ref_clean.find(':');
    const bool schemed =
        colon != std::string::npos && colon > 0 &&
        std::isalpha(static_cast<unsigned char>(ref_clean[0])) &&
        std::all_of(
            ref_clean.begin(), ref_clean.begin() + static_cast<std::ptrdiff_t>(colon),
            [](unsigned char c) { return std::isalnum(c) || c == '+' || c == '-' || c == '.'; });
    if (schemed && !looks_like_url(ref_clean))
      return Result<std::string>(
          ErrorCode::kUsage,
          "unsupported URL scheme: " + truncate_utf8(sanitize_utf8(ref_clean), 200));
    return Result<std::string>(ErrorCode::kUsage,
                               std::string("cannot resolve URL: ") + curl_url_strerror(rc));
  }
  auto parts = parts_of(u.get());
  if (!parts) return parts.status();
  return parts->url;
}

bool looks_like_url(std::string_view s) {
  return starts_with_icase(s, "http://") || starts_with_icase(s, "https://") ||
         starts_with_icase(s, "file://");
}

std::string file_url_for_path(const std::string& path) {
  std::error_code ec;
  std::filesystem::path abs = std::filesystem::absolute(path, ec);
  std::string p = ec ? path : abs.lexically_normal().string();
  std::string out = "file://";
  for (unsigned char c : p) {
    if (std::isalnum(c) || c == '/' || c == '-' || c == '_' || c == '.' || c == '~')
      out += static_cast<char>(c);
    else
      append_percent_encoded(out, c);
  }
  return out;
}

std::optional<std::string> path_for_file_url(std::string_view url) {
  std::unique_ptr<CURLU, void (*)(CURLU*)> u(curl_url(), &curl_url_cleanup);
  unsigned flags = CURLU_NON_SUPPORT_SCHEME;
#ifdef CURLU_ALLOW_SPACE
  flags |= CURLU_ALLOW_SPACE;
#endif
  char* scheme = nullptr;
  char* decoded = nullptr;
  if (!u || curl_url_set(u.get(), CURLUPART_URL, std::string(url).c_str(), flags) != CURLUE_OK ||
      curl_url_get(u.get(), CURLUPART_SCHEME, &scheme, 0) != CURLUE_OK)
    return std::nullopt;
  const bool file = std::string_view(scheme) == "file";
  curl_free(scheme);
  if (!file || curl_url_get(u.get(), CURLUPART_PATH, &decoded, CURLU_URLDECODE) != CURLUE_OK)
    return std::nullopt;
  std::string path(decoded);
  curl_free(decoded);
  return path;
}

bool file_url_within_folder_of(std::string_view file_url, std::string_view owner_url) {
  const auto file = path_for_file_url(file_url);
  const auto owner = path_for_file_url(owner_url);
  if (!file || !owner) return false;
  // `..` and symbolic links resolved: a link in the folder to /etc is not in the folder.
  std::error_code ec;
  const auto f = std::filesystem::weakly_canonical(*file, ec);
  if (ec) return false;
  const auto folder = std::filesystem::weakly_canonical(*owner, ec).parent_path();
  if (ec) return false;
  auto at = f.begin();
  for (const auto& d : folder) {
    if (d.empty()) continue;  // the trailing "" of "/a/b/"
    if (at == f.end() || *at != d) return false;
    ++at;
  }
  return true;
}

}  // namespace byline::crawler
