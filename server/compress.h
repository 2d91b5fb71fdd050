// server/compress.h: gzip for answers (Content-Encoding), with zlib.
#pragma once

#include <string>
#include <string_view>

namespace byline::server {

/// Answers shorter than this go uncompressed: gzip's 18-byte frame and the work outweigh what
/// a few hundred bytes of JSON would save.
inline constexpr size_t kGzipMinBytes = 1024;

/// Whether an Accept-Encoding header value takes gzip (RFC 9110 12.5.3): "gzip" or "x-gzip"
/// with a q-value above 0, or "*" with one when gzip is not named.
bool accepts_gzip(std::string_view accept_encoding);

/// `data` as a gzip member (RFC 1952); empty when zlib fails (never, short of memory).
std::string gzip(std::string_view data);

}  // namespace byline::server
