// server/http_server.h: the HTTP JSON API over a socket (GNU libmicrohttpd).
//
// libmicrohttpd parses HTTP and enforces the connection limits; each request it completes is
// answered by Api::handle() on its connection's thread, at most ServerOptions::threads at once
// (a health probe aside: it never waits behind them).
// Clients are untrusted: every size, count and idle time is capped (ServerOptions), an over-long
// request line or header is refused by libmicrohttpd itself (414/431), and nothing a client sends
// is ever fetched or written. With tokens set, a request without one is answered 401 before the
// API sees it (and before any body it announces is read); with a certificate, TLS (GnuTLS,
// through libmicrohttpd) carries it all.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "byline/status.h"
#include "server/http_api.h"

namespace byline::server {

struct ServerOptions {
  /// HOST:PORT, [IPv6]:PORT or :PORT (loopback). Port 0 picks a free one (see HttpServer::port).
  std::string listen = "127.0.0.1:8080";
  int threads = 4;                ///< requests answered at once (GET /v1/health aside)
  int max_connections = 256;      ///< open connections, all clients
  int max_per_ip = 64;            ///< open connections from one address
  int idle_timeout_seconds = 30;  ///< a connection silent this long is closed
  size_t max_body_bytes = kDefaultMaxBodyBytes;
  /// POST bodies held at once, all connections: past it a request gets 503 (so many slow
  /// uploads cannot exhaust memory).
  size_t max_bodies_bytes = 64u * 1024 * 1024;
  /// Answers of 64 KiB or more queued for clients that have not yet taken them, all
  /// connections: past it such an answer gets 503 (so clients that never read cannot exhaust
  /// memory before the idle timeout, which counts a send that makes no progress, cuts them).
  size_t max_answers_bytes = 256u * 1024 * 1024;
  /// Access-Control-Allow-Origin for browsers ("" sends none; "*" any origin).
  std::string cors_origin;
  /// Bearer tokens a request must carry ("Authorization: Bearer TOKEN", credentials.h); none:
  /// every client is answered. GET /v1/health and CORS preflights need none.
  std::vector<std::string> tokens;
  /// PEM certificate (chain) and private key: HTTPS instead of HTTP (both or neither).
  std::string tls_cert_pem;
  std::string tls_key_pem;
  /// gzip answers of kGzipMinBytes or more to clients that accept it (compress.h).
  bool gzip = true;
  /// One line per request (client, method, URI, status, milliseconds) and libmicrohttpd's own
  /// errors; none when empty.
  std::function<void(const std::string&)> log;
};

/// The libmicrohttpd version this program runs on ("0.9.75"), for `byline --version`.
std::string microhttpd_version();

/// Parses ServerOptions::listen: kUsage when it is not HOST:PORT.
struct ListenAddress {
  std::string host;
  uint16_t port = 0;
};
Result<ListenAddress> parse_listen(const std::string& listen);

class HttpServer {
 public:
  /// Binds and starts serving `api` (which must outlive the server): kUsage for a bad address
  /// or only one of the TLS certificate and key, kNetwork when the address cannot be bound (in
  /// use, not this machine's), kBadInput when TLS cannot start with the certificate and key
  /// (malformed, or a key that is not the certificate's).
  static Result<std::unique_ptr<HttpServer>> start(Api& api, const ServerOptions& options);
  /// Stops accepting, lets the requests being answered finish, closes every connection.
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  /// Replaces the tokens, and the certificate and key of a server started with TLS (SIGHUP in
  /// `byline serve`): new connections get the new certificate at once, kept-alive ones end on
  /// the old one; every request from now on is checked against the new tokens. When the new
  /// certificate and key cannot serve (kBadInput), nothing changes. kUsage when TLS would be
  /// turned on or off: that takes a restart.
  Status reload(std::vector<std::string> tokens, std::string tls_cert_pem, std::string tls_key_pem);

  /// The port bound (the one chosen when ServerOptions::listen asked for 0).
  uint16_t port() const;
  /// http://HOST:PORT, or https:// when serving TLS
  std::string url() const;

  struct Impl;

 private:
  explicit HttpServer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace byline::server
