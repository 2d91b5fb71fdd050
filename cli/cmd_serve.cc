// byline serve: the HTTP JSON API (docs/http.md) until SIGTERM or SIGINT.
#include <pthread.h>
#include <signal.h>
#include <sys/stat.h>

#include <iostream>
#include <mutex>
#include <thread>

#include "byline/search.h"
#include "cli/command.h"
#include "common/text.h"
#include "server/credentials.h"
#include "server/http_server.h"

namespace byline::cli {

namespace {

// Options that name files, read once they are all parsed.
struct CredentialFiles {
  std::string token_file;
  std::string cert;
  std::string key;
};

// Reads --token-file, --tls-cert and --tls-key into `opts`; warns of a token file others may
// read, and of tokens that would cross a network in clear text.
Status load_credentials(const CredentialFiles& files, server::ServerOptions& opts, bool quiet) {
  const auto& [token_file, cert, key] = files;
  if (!token_file.empty()) {
    auto tokens = server::read_token_file(token_file);
    if (!tokens.ok()) return tokens.status();
    opts.tokens = std::move(*tokens);
    struct stat st {};
    if (stat(token_file.c_str(), &st) == 0 && (st.st_mode & 077))
      print_warning("the token file " + token_file + " can be read by other users (chmod 600 it)",
                    quiet);
  }
  if (!cert.empty()) {
    auto pem = server::read_pem_file(cert, "TLS certificate");
    if (!pem.ok()) return pem.status();
    opts.tls_cert_pem = std::move(*pem);
    auto k = server::read_pem_file(key, "TLS key");
    if (!k.ok()) return k.status();
    opts.tls_key_pem = std::move(*k);
  }
  if (!opts.tokens.empty() && opts.tls_cert_pem.empty()) {
    auto address = server::parse_listen(opts.listen);
    if (address.ok() && address->host != "127.0.0.1" && address->host != "::1" &&
        address->host != "localhost")
      print_warning("without --tls-cert, tokens cross the network in clear text", quiet);
  }
  return {};
}

// One line on stderr in one write, under one lock: the access log's threads and the signal
// messages never interleave within a line.
void log_line(const std::string& line) {
  static std::mutex mu;
  const std::string whole = line + '\n';
  std::lock_guard lock(mu);
  std::fwrite(whole.data(), 1, whole.size(), stderr);
}

// SIGHUP: the credential files read again and handed to the running server. A failure is a
// warning, not an exit: the server keeps the tokens and certificate it has.
void reload(server::HttpServer& server, const CredentialFiles& files, bool quiet) {
  server::ServerOptions fresh;
  Status s = load_credentials(files, fresh, quiet);
  if (s.ok()) s = server.reload(fresh.tokens, fresh.tls_cert_pem, fresh.tls_key_pem);
  if (!s.ok()) {
    // Said even with --quiet: a renewal that did not take is an error to see in the journal.
    log_line("byline: SIGHUP: " + term(s.message()) +
             "; still serving with the tokens and certificate read before" +
             (s.hint().empty() ? "" : "\nhint: " + term(s.hint())));
    return;
  }
  if (quiet) return;
  std::string what;
  if (!files.token_file.empty())
    what = std::to_string(fresh.tokens.size()) + (fresh.tokens.size() == 1 ? " token" : " tokens");
  if (!files.cert.empty()) what += (what.empty() ? "" : " and ") + std::string("the certificate");
  log_line("byline: SIGHUP: " + (what.empty() ? "nothing to reload (no --token-file or --tls-cert)"
                                              : "reloaded " + what));
}

}  // namespace

void add_serve_command(CLI::App& app, Context& ctx) {
  auto* sub = app.add_subcommand(
      "serve", "Answer search, related, article and stats requests over HTTP as JSON (read-only)");
  sub->footer(
      "Examples:\n"
      "  byline serve                                 # http://127.0.0.1:8080\n"
      "  byline serve --listen :9000\n"
      "  curl 'http://127.0.0.1:8080/v1/search?q=battery+recall&limit=5'\n"
      "  curl 'http://127.0.0.1:8080/v1/related?id=b3f0c2a1d4e5f6071'\n"
      "Endpoints: GET /v1/search, GET|POST /v1/related, GET /v1/article, GET /v1/articles\n"
      "(every article, paged), GET /v1/removed?since=, GET /v1/stats, GET /v1/health; the JSON\n"
      "is the executable's --format json (docs/http.md). The server only reads the index,\n"
      "and sees each commit of a crawl running beside it. It listens on loopback unless told\n"
      "otherwise. To serve a network, give it --token-file (clients send\n"
      "Authorization: Bearer TOKEN) and --tls-cert/--tls-key, or put a proxy in front of it.\n"
      "  openssl rand -hex 32 > tokens && chmod 600 tokens\n"
      "  byline serve --listen 0.0.0.0:8443 --token-file tokens --tls-cert cert.pem --tls-key "
      "key.pem\n"
      "  curl -H \"Authorization: Bearer $(cat tokens)\" "
      "'https://news.lan:8443/v1/search?q=chips'\n"
      "One line per request goes to stderr (-q: none).\n"
      "Stops on SIGTERM or SIGINT, finishing the requests under way; exit 0. SIGHUP reads the\n"
      "token file, certificate and key again (a renewed certificate, a revoked token) without\n"
      "a restart; when they cannot be used, it says why and serves on with the old ones.\n"
      "Exit codes: 2 bad option, 3 no index at --db or a missing token/TLS file, 4 a token\n"
      "file or certificate that cannot be used, 5 the address cannot be bound, 8 or 9 the\n"
      "index cannot be read.");
  auto opts = std::make_shared<server::ServerOptions>();
  sub->add_option("--listen", opts->listen,
                  "HOST:PORT to listen on ([IPv6]:PORT; :PORT is loopback; port 0 picks one)")
      ->capture_default_str();
  sub->add_option("--threads", opts->threads, "requests answered at once")
      ->transform(whole_number_from(1, 256))
      ->capture_default_str();
  sub->add_option("--max-connections", opts->max_connections, "open connections, all clients")
      ->transform(whole_number_from(1, 100000))
      ->capture_default_str();
  sub->add_option("--max-per-ip", opts->max_per_ip, "open connections from one address")
      ->transform(whole_number_from(1, 100000))
      ->capture_default_str();
  sub->add_option("--idle-timeout", opts->idle_timeout_seconds,
                  "seconds a silent connection is kept")
      ->transform(whole_number_from(1, 3600))
      ->capture_default_str();
  sub->add_option("--max-body", opts->max_body_bytes,
                  "largest POST body in bytes (an article for /v1/related)")
      ->transform(whole_number_from(1, uint64_t{1} << 30))
      ->capture_default_str();
  sub->add_option("--cors-origin", opts->cors_origin,
                  "send Access-Control-Allow-Origin: ORIGIN (a web page's origin, or *)");
  auto files = std::make_shared<CredentialFiles>();
  sub->add_option("--token-file", files->token_file,
                  "answer only requests with Authorization: Bearer TOKEN, a token of this file "
                  "(one a line; /v1/health needs none)");
  auto* cert = sub->add_option("--tls-cert", files->cert, "PEM certificate (chain): serve HTTPS");
  auto* key = sub->add_option("--tls-key", files->key, "PEM private key of --tls-cert");
  cert->needs(key);
  key->needs(cert);
  // A callback, not "--no-gzip{false}": CLI11 printed that spelling in --help.
  sub->add_flag_callback(
      "--no-gzip", [opts] { opts->gzip = false; },
      "never gzip answers (gzip: for clients that send Accept-Encoding: gzip)");
  sub->callback([&ctx, opts, files] {
    if (Status s = load_credentials(*files, *opts, ctx.quiet); !s.ok()) {
      ctx.exit_code = ctx.fail(s);
      return;
    }
    server::Api api(ctx.db_paths());
    // No index at --db is a mistake to say now, not a server that answers 503 forever.
    if (Status s = api.check_index(); !s.ok()) {
      ctx.exit_code = ctx.fail(s);
      return;
    }
    if (!ctx.quiet) opts->log = log_line;
    // Block the signals before libmicrohttpd's threads start, so they inherit the mask and
    // only sigwait() below receives them.
    sigset_t wanted;
    sigemptyset(&wanted);
    sigaddset(&wanted, SIGTERM);
    sigaddset(&wanted, SIGINT);
    sigaddset(&wanted, SIGHUP);
    pthread_sigmask(SIG_BLOCK, &wanted, nullptr);
    auto server = server::HttpServer::start(api, *opts);
    if (!server.ok()) {
      ctx.exit_code = ctx.fail(server.status());
      return;
    }
    // The URL on stdout (the port chosen when --listen asked for 0), for scripts that start us.
    std::string names;
    for (const auto& p : ctx.db_paths()) names += (names.empty() ? "" : ", ") + p;
    std::cout << "byline: serving " << names << " on " << (*server)->url() << std::endl;
    int sig = 0;
    while (sigwait(&wanted, &sig) == 0 && sig == SIGHUP) reload(**server, *files, ctx.quiet);
    if (!ctx.quiet)
      log_line(std::string("byline: ") + (sig == SIGINT ? "SIGINT" : "SIGTERM") +
               ": finishing the requests under way (a second signal quits at once)");
    // A second stop signal quits at once, as `crawl` and `index` do: a client stuck in an
    // upload must not make an operator wait. The server writes nothing, so nothing is lost.
    std::thread([wanted] {
      int again = 0;
      while (sigwait(&wanted, &again) == 0 && again == SIGHUP) {
      }
      signal(again, SIG_DFL);
      sigset_t one;
      sigemptyset(&one);
      sigaddset(&one, again);
      pthread_sigmask(SIG_UNBLOCK, &one, nullptr);
      raise(again);
    }).detach();
    server->reset();
  });
}

}  // namespace byline::cli
