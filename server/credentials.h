// server/credentials.h: what `byline serve` trusts a client with: bearer tokens, and the TLS
// certificate and key it serves HTTPS with.
//
// Tokens and keys come from files (never the command line, where `ps` shows them to every
// user), each read whole under a small cap.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "byline/status.h"

namespace byline::server {

/// Shortest token accepted: 16 characters. `openssl rand -hex 32` makes a good one.
inline constexpr size_t kMinTokenChars = 16;
/// Largest token, certificate or key file read.
inline constexpr size_t kMaxCredentialFileBytes = 1u << 20;

/// The tokens of a token file: one a line; blank lines and lines starting with '#' are skipped,
/// spaces around a token ignored. A token is RFC 6750's b64token (A-Z a-z 0-9 - . _ ~ + /, then
/// '=' padding) of at least kMinTokenChars. kNotFound for a missing file, kBadInput for a file
/// with no token or a malformed or short one (named by line, never echoed).
Result<std::vector<std::string>> parse_tokens(std::string_view text);
Result<std::vector<std::string>> read_token_file(const std::string& path);

/// A PEM file's bytes: kNotFound when missing, kBadInput when it holds no PEM block. `what`
/// names it in the message ("TLS certificate").
Result<std::string> read_pem_file(const std::string& path, std::string_view what);

/// Whether an Authorization header names the Bearer scheme at all (any case), with or without
/// a well-formed token: other schemes (Basic) carry no bearer credentials (RFC 6750 3.1).
bool names_bearer_scheme(std::string_view authorization);

/// The token of an Authorization header value "Bearer TOKEN" (scheme case-insensitive); nullopt
/// for another scheme or a malformed value.
std::optional<std::string_view> bearer_token(std::string_view authorization);

/// Whether `given` is one of `tokens`, in time that does not depend on where they differ.
bool token_matches(std::string_view given, const std::vector<std::string>& tokens);

}  // namespace byline::server
