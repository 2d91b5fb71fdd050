// common/url_resolve.h: RFC 3986 reference resolution, for links in feeds and pages.
#pragma once

#include <string>
#include <string_view>

namespace byline {

/// `ref` resolved against `base` (RFC 3986 section 5.2), as it is written. An empty base leaves
/// a relative ref unresolved (trimmed). Unsafe schemes (javascript:, data:) give "".
std::string resolve_reference(std::string_view base, std::string_view ref);

/// resolve_reference(), then percent_encode_url() when the result is a URL: the form of a link
/// that is fetched or names a story.
std::string resolve_url(std::string_view base, std::string_view ref);

/// `url` as a browser sends it (the WHATWG URL standard's percent-encoding): after the
/// authority, bytes that are not ASCII, controls, space and `"`, `<`, `>`, `` ` ``, `{`, `}` become
/// %XX, and tabs and line breaks are removed. "https://x/caf\u00e9 1.html" and
/// "https://x/caf%C3%A9%201.html" are then one URL. Existing %XX stay; the host is left alone.
std::string percent_encode_url(std::string_view url);

/// `url` without the parameters that only track a click (utm_*, fbclid, gclid) and empty ones
/// ("a?x=1&&y=2"); a '?' left with none goes too. The fragment stays. The address stored for
/// a page that states none; with `keep_semicolon_lists` false, as ids have always read a link
/// (canonical_for_id()), "utm_source=x;a=1" goes whole, else it stays (a=1 may matter).
std::string drop_tracking_parameters(std::string_view url, bool keep_semicolon_lists = true);

/// Appends byte `c` as %XX (upper-case hex, as RFC 3986 recommends). Each caller decides which
/// bytes need it: a URL's (percent_encode_url) are fewer than a file path's.
void append_percent_encoded(std::string& out, unsigned char c);

}  // namespace byline
