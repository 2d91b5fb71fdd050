#include "server/credentials.h"

#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <fstream>

#include "common/text.h"

namespace byline::server {

namespace {

bool is_token_char(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '.' || c == '_' || c == '~' || c == '+' || c == '/';
}

bool is_b64token(std::string_view t) {
  size_t i = 0;
  while (i < t.size() && is_token_char(t[i])) ++i;
  if (i == 0) return false;
  while (i < t.size() && t[i] == '=') ++i;
  return i == t.size();
}

Result<std::string> read_small_file(const std::string& path, std::string_view what) {
  const std::string name = sanitize_utf8(path);
  struct stat st {};
  if (stat(path.c_str(), &st) != 0) {
    const int err = errno;
    return Status(err == ENOENT ? ErrorCode::kNotFound : ErrorCode::kBadInput,
                  std::string(what) + " " + name + ": " + std::strerror(err));
  }
  if (!S_ISREG(st.st_mode))
    return Status(ErrorCode::kBadInput, std::string(what) + " " + name + ": not a regular file");
  if (static_cast<size_t>(st.st_size) > kMaxCredentialFileBytes)
    return Status(ErrorCode::kBadInput, std::string(what) + " " + name + ": larger than " +
                                            std::to_string(kMaxCredentialFileBytes) + " bytes");
  std::ifstream in(path, std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (!in && !in.eof())
    return Status(ErrorCode::kBadInput, std::string(what) + " " + name + ": cannot be read");
  return bytes.substr(0, kMaxCredentialFileBytes);
}

}  // namespace

Result<std::vector<std::string>> parse_tokens(std::string_view text) {
  const std::string hint =
      "one token a line, at least " + std::to_string(kMinTokenChars) +
      " characters of A-Z a-z 0-9 - . _ ~ + / (e.g. from `openssl rand -hex 32`)";
  std::vector<std::string> tokens;
  size_t line_no = 0;
  while (!text.empty()) {
    ++line_no;
    const size_t nl = text.find('\n');
    std::string_view line = trim(text.substr(0, nl));
    text = nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
    if (line.empty() || line.front() == '#') continue;
    // The line is never echoed: it is a secret, however malformed.
    if (!is_b64token(line))
      return Status(ErrorCode::kBadInput,
                    "line " + std::to_string(line_no) + " is not a token (a character outside " +
                        "A-Z a-z 0-9 - . _ ~ + /, or a space inside)",
                    hint);
    if (line.size() < kMinTokenChars)
      return Status(ErrorCode::kBadInput,
                    "line " + std::to_string(line_no) + " holds a token of " +
                        std::to_string(line.size()) + " characters, too short to be secret",
                    hint);
    tokens.emplace_back(line);
  }
  if (tokens.empty()) return Status(ErrorCode::kBadInput, "no token in it", hint);
  return tokens;
}

Result<std::vector<std::string>> read_token_file(const std::string& path) {
  auto bytes = read_small_file(path, "token file");
  if (!bytes.ok()) return bytes.status();
  auto tokens = parse_tokens(*bytes);
  if (!tokens.ok())
    return Status(tokens.status().code(),
                  "token file " + sanitize_utf8(path) + ": " + tokens.status().message(),
                  tokens.status().hint());
  return tokens;
}

Result<std::string> read_pem_file(const std::string& path, std::string_view what) {
  auto bytes = read_small_file(path, what);
  if (!bytes.ok()) return bytes.status();
  if (bytes->find("-----BEGIN ") == std::string::npos || bytes->find('\0') != std::string::npos)
    return Status(ErrorCode::kBadInput,
                  std::string(what) + " " + sanitize_utf8(path) + ": not a PEM file",
                  "give the PEM text (-----BEGIN ...), as `openssl req -x509 ...` writes it");
  return bytes;
}

namespace {
constexpr std::string_view kScheme = "bearer";
}  // namespace

bool names_bearer_scheme(std::string_view authorization) {
  authorization = trim(authorization);
  return starts_with_icase(authorization, kScheme) &&
         (authorization.size() == kScheme.size() || authorization[kScheme.size()] == ' ' ||
          authorization[kScheme.size()] == '\t');
}

std::optional<std::string_view> bearer_token(std::string_view authorization) {
  authorization = trim(authorization);
  if (authorization.size() <= kScheme.size() || !starts_with_icase(authorization, kScheme))
    return std::nullopt;
  std::string_view rest = authorization.substr(kScheme.size());
  if (rest.front() != ' ' && rest.front() != '\t') return std::nullopt;  // as names_bearer_scheme()
  rest = trim(rest);
  if (!is_b64token(rest)) return std::nullopt;
  return rest;
}

bool token_matches(std::string_view given, const std::vector<std::string>& tokens) {
  // Every token is compared over its whole length, whatever matched before: the time taken
  // tells a client nothing of how much of a guess was right.
  unsigned found = 0;
  for (const std::string& t : tokens) {
    unsigned diff = given.size() != t.size() ? 1u : 0u;
    for (size_t i = 0; i < t.size(); ++i) {
      const unsigned char g = i < given.size() ? static_cast<unsigned char>(given[i]) : 0;
      diff |= g ^ static_cast<unsigned char>(t[i]);
    }
    found |= diff == 0 ? 1u : 0u;
  }
  return found != 0;
}

}  // namespace byline::server
