#include "server/http_server.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <microhttpd.h>
#include <netdb.h>
#include <netinet/in.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <charconv>
#include <chrono>
#include <condition_variable>
#include <cstdarg>
#include <cstdio>
#include <cstring>
#include <functional>
#include <mutex>
#include <optional>
#include <semaphore>
#include <thread>
#include <unordered_map>

#include "common/text.h"
#include "server/compress.h"
#include "server/credentials.h"
#include "server/http_api.h"

namespace byline::server {

struct Generation;

namespace {

// What one request has gathered between libmicrohttpd's calls (its req_cls).
struct RequestState {
  std::string uri;  // as sent, for the access log
  std::string method;
  std::chrono::steady_clock::time_point start = std::chrono::steady_clock::now();
  bool started = false;
  bool too_large = false;   // the body passed max_body_bytes: 413
  bool busy = false;        // the bodies of all requests passed max_bodies_bytes: 503
  int unauthorized = 0;     // 1 no token, 2 a token not accepted: 401
  size_t reserved = 0;      // bytes of the global body budget this request holds
  bool announced = false;   // reserved is its Content-Length, held from the start
  size_t answer_bytes = 0;  // of the answer queued, counted in answers_bytes until it is sent
  std::string body;
  int status = 0;
  Generation* gen = nullptr;  // the daemon answering it, once the request is under way
};

// The path of an absolute-form request target ("GET http://host/v1/health", as a proxy sends,
// RFC 9112 3.2.2): what follows the authority; the target itself otherwise.
const char* origin_path(const char* url) {
  std::string_view u(url);
  for (std::string_view scheme : {"http://", "https://"}) {
    if (u.size() < scheme.size() || !starts_with_icase(u, scheme)) continue;
    const size_t slash = u.find('/', scheme.size());
    return slash == std::string_view::npos ? "/" : url + slash;
  }
  return url;
}

// A request whose framing is doubtful is refused before its body is read, and the connection
// closed: two Content-Lengths, or one beside a Transfer-Encoding, are what a proxy and this
// server could read apart (request smuggling, RFC 9112 6.3); a coding other than chunked is
// one libmicrohttpd would wait on until the deadline. An HTTP/1.1 request without Host, and a
// path with a NUL (libmicrohttpd cuts it there: "/v1/health%00x" was /v1/health), are bad too.
std::optional<ApiResponse> framing_error(MHD_Connection* c, const char* version,
                                         std::string_view raw_uri) {
  struct Seen {
    int lengths = 0, codings = 0, hosts = 0;
    bool digits = true;
    // "Content-Length : 5", which libmicrohttpd keeps as another name; "Content Length: 5"; a
    // folded line (" X: y")
    bool spaced_name = false;
  } seen;
  MHD_get_connection_values(
      c, MHD_HEADER_KIND,
      [](void* cls, MHD_ValueKind, const char* key, const char* value) -> MHD_Result {
        auto* seen = static_cast<Seen*>(cls);
        if (key && std::strpbrk(key, " \t")) seen->spaced_name = true;
        if (key && strcasecmp(key, "Transfer-Encoding") == 0) ++seen->codings;
        if (key && strcasecmp(key, "Host") == 0) ++seen->hosts;
        if (key && strcasecmp(key, "Content-Length") == 0) {
          ++seen->lengths;
          const std::string_view v = trim(value ? value : "");
          seen->digits = seen->digits && !v.empty() && std::all_of(v.begin(), v.end(), [](char ch) {
                           return ch >= '0' && ch <= '9';
                         });
        }
        return MHD_YES;
      },
      &seen);
  const char* coding = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Transfer-Encoding");
  auto bad = [](std::string message,
                std::string hint = "send one Content-Length, or a chunked body without one") {
    ApiResponse r = error_response(400, "bad_request", std::move(message), std::move(hint));
    r.headers.emplace_back("Connection", "close");
    return r;
  };
  // RFC 9112 5.1: white space between a field name and its colon MUST be refused; a proxy that
  // reads past it frames the request otherwise (a smuggled second request).
  if (seen.spaced_name)
    return bad("a header line has white space in its name, or starts with it",
               "write each header as Name: value on one line");
  if (seen.lengths > 1) return bad("the request has more than one Content-Length");
  if (seen.codings > 1) return bad("the request has more than one Transfer-Encoding");
  if (seen.hosts > 1) return bad("the request has more than one Host", "send one Host header");
  if (seen.lengths == 1 && !seen.digits) return bad("the request's Content-Length is no number");
  if (coding && seen.lengths > 0)
    return bad("the request has a Content-Length and a Transfer-Encoding");
  // As libmicrohttpd reads it: spaces before the value, none after ("chunked " hung).
  std::string_view coding_value = coding ? coding : "";
  while (!coding_value.empty() && (coding_value[0] == ' ' || coding_value[0] == '\t'))
    coding_value.remove_prefix(1);
  if (coding && !iequals_ascii(coding_value, "chunked")) {
    ApiResponse r =
        error_response(501, "not_implemented",
                       "a body in Transfer-Encoding '" + truncate_utf8(sanitize_utf8(coding), 64) +
                           "' cannot be read",
                       "send it chunked alone, or with a Content-Length");
    r.headers.emplace_back("Connection", "close");
    return r;
  }
  if (version && std::strcmp(version, MHD_HTTP_VERSION_1_1) == 0 &&
      !MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Host")) {
    ApiResponse r = error_response(400, "bad_request", "an HTTP/1.1 request needs a Host header",
                                   "send the server's name and port as Host");
    r.headers.emplace_back("Connection", "close");
    return r;
  }
  const std::string_view path = raw_uri.substr(0, raw_uri.find('?'));
  for (size_t at = path.find('%'); at != std::string_view::npos; at = path.find('%', at + 1))
    if (path.substr(at, 3) == "%00") {
      ApiResponse r = error_response(400, "bad_request", "the path has a NUL byte (%00)",
                                     "see docs/http.md for the endpoints");
      return r;
    }
  return std::nullopt;
}

std::string client_address(MHD_Connection* c) {
  const MHD_ConnectionInfo* info = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
  if (!info || !info->client_addr) return "-";
  char buf[INET6_ADDRSTRLEN] = "-";
  const sockaddr* sa = info->client_addr;
  if (sa->sa_family == AF_INET)
    inet_ntop(AF_INET, &reinterpret_cast<const sockaddr_in*>(sa)->sin_addr, buf, sizeof buf);
  else if (sa->sa_family == AF_INET6)
    inet_ntop(AF_INET6, &reinterpret_cast<const sockaddr_in6*>(sa)->sin6_addr, buf, sizeof buf);
  return buf;
}

}  // namespace

// One libmicrohttpd daemon on the listening socket: the first, or the one a reload started with
// a new certificate. A replaced one stops accepting and is stopped once its connections end.
struct Generation {
  HttpServer::Impl* server = nullptr;
  MHD_Daemon* daemon = nullptr;
  int fd = -1;  // its own descriptor of the listening socket
  std::string cert_pem, key_pem;
  std::mutex first_error_mu;
  std::string first_error;  // libmicrohttpd's first complaint: why the daemon did not start
  std::thread retiring;
  std::atomic<bool> stopped{false};  // retiring has stopped the daemon
  // Complaints before the daemon runs are its start's error, said once in it, not logged.
  std::atomic<bool> running{false};
  // Requests under way (the access handler has seen them, the answer is not yet sent).
  std::atomic<int> in_flight{0};
  // Replaced or stopping: each answer closes its connection, so a busy kept-alive client moves
  // on (to the new daemon) between requests instead of being cut in the middle of one.
  std::atomic<bool> draining{false};
};

struct HttpServer::Impl {
  Api* api = nullptr;
  ServerOptions options;  // tokens and TLS as started; the live ones are below
  bool tls = false;
  ListenAddress address;
  std::atomic<size_t> bodies_bytes{0};
  std::atomic<size_t> answers_bytes{0};  // answers queued and not yet sent, all connections
  std::counting_semaphore<> working;     // requests the API answers at once
  std::mutex tokens_mu;
  std::shared_ptr<const std::vector<std::string>> tokens;  // swapped whole by a reload
  std::mutex generations_mu;  // one reload at a time; guards the two below
  std::unique_ptr<Generation> current;
  std::vector<std::unique_ptr<Generation>> retired;
  std::mutex stop_mu;
  std::condition_variable stop_cv;
  bool stopping = false;
  // Connections whose request is still arriving. The idle timeout counts silence only: a client
  // that sends a header line every few seconds reset it for ever, and 256 of them held every
  // connection slot. A request must arrive whole within the idle timeout; the watchdog cuts a
  // connection whose request takes longer.
  struct Arrival {
    std::chrono::steady_clock::time_point since;
    int fd = -1;
    bool receiving = true;
  };
  std::mutex arrivals_mu;
  std::unordered_map<MHD_Connection*, Arrival> arrivals;
  std::thread watchdog;

  explicit Impl(int threads) : working(std::max(1, threads)) {}

  static void on_connection(void* cls, MHD_Connection* c, void**,
                            MHD_ConnectionNotificationCode code) {
    auto* self = static_cast<Impl*>(cls);
    std::lock_guard lock(self->arrivals_mu);
    if (code == MHD_CONNECTION_NOTIFY_CLOSED) {
      self->arrivals.erase(c);
      return;
    }
    const MHD_ConnectionInfo* info = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CONNECTION_FD);
    if (info) self->arrivals[c] = {std::chrono::steady_clock::now(), info->connect_fd, true};
  }

  // The request on `c` has arrived (it is being answered), or, with `next`, its answer has gone
  // and the connection waits for the next one.
  void arrived(MHD_Connection* c, bool next) {
    std::lock_guard lock(arrivals_mu);
    auto it = arrivals.find(c);
    if (it == arrivals.end()) return;
    it->second.receiving = next;
    if (next) it->second.since = std::chrono::steady_clock::now();
  }

  // Cuts the connections whose request has taken longer than the idle timeout to arrive. The
  // socket is shut down, not closed: libmicrohttpd's thread reads its end and closes it, and
  // the descriptor is not reused before on_connection() has forgotten it (both under the lock).
  void watch() {
    const auto limit = std::chrono::seconds(std::max(1, options.idle_timeout_seconds));
    std::unique_lock stop_lock(stop_mu);
    for (unsigned tick = 1; !stopping; ++tick) {
      stop_cv.wait_for(stop_lock, std::chrono::milliseconds(250));
      // An idle server let go of an index that compact or rebuild replaced only at its next
      // request, holding the old files' disk space until then.
      if (tick % 4 == 0) api->close_replaced_readers();
      const auto now = std::chrono::steady_clock::now();
      std::lock_guard lock(arrivals_mu);
      for (auto& [c, a] : arrivals) {
        if (!a.receiving || a.fd < 0 || now - a.since <= limit) continue;
        ::shutdown(a.fd, SHUT_RDWR);
        a.fd = -1;  // once
        if (options.log)
          options.log(client_address(c) + " connection cut: no whole request within " +
                      std::to_string(limit.count()) + " s");
      }
    }
  }

  std::shared_ptr<const std::vector<std::string>> live_tokens() {
    std::lock_guard lock(tokens_mu);
    return tokens;
  }

  static void* on_uri(void* cls, const char* uri, MHD_Connection*) {
    (void)cls;
    auto* state = new RequestState;
    state->uri = uri ? uri : "";
    return state;
  }

  static void on_completed(void* cls, MHD_Connection* c, void** req_cls,
                           MHD_RequestTerminationCode toe) {
    auto* self = static_cast<Generation*>(cls)->server;
    self->arrived(c, /*next=*/true);
    auto* state = static_cast<RequestState*>(*req_cls);
    if (!state) return;
    self->bodies_bytes -= state->reserved;
    self->answers_bytes -= state->answer_bytes;
    if (state->gen) --state->gen->in_flight;
    if (self->options.log) {
      const double ms =
          std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - state->start)
              .count();
      char took[32];
      std::snprintf(took, sizeof took, "%.1f ms", ms);
      std::string line = client_address(c) + " \"" + for_terminal(state->method) + ' ' +
                         for_terminal(std::string_view(state->uri).substr(0, 300)) + "\" " +
                         (state->status ? std::to_string(state->status) : std::string("-")) + " " +
                         took;
      if (toe != MHD_REQUEST_TERMINATED_COMPLETED_OK) line += " (connection ended early)";
      self->options.log(line);
    }
    delete state;
    *req_cls = nullptr;
  }

  static void on_error(void* cls, const char* fmt, va_list ap) {
    auto* gen = static_cast<Generation*>(cls);
    char buf[512];
    std::vsnprintf(buf, sizeof buf, fmt, ap);
    std::string line = strip_controls(buf);
    while (!line.empty() && (line.back() == ' ' || line.back() == '.')) line.pop_back();
    {
      std::lock_guard lock(gen->first_error_mu);
      if (gen->first_error.empty()) gen->first_error = line;
    }
    if (gen->running && gen->server->options.log)
      gen->server->options.log("libmicrohttpd: " + line);
  }

  MHD_Result respond(MHD_Connection* c, RequestState& state, const ApiResponse& answer) {
    arrived(c, /*next=*/false);
    std::string compressed;
    if (options.gzip && answer.body.size() >= kGzipMinBytes) {
      const char* ae = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Accept-Encoding");
      if (ae && accepts_gzip(ae)) compressed = gzip(answer.body);
    }
    // Answers waiting for slow clients are held in memory: past the budget a large one is
    // refused (small ones, errors among them, always go).
    std::optional<ApiResponse> refused;
    const size_t size = compressed.empty() ? answer.body.size() : compressed.size();
    if (size >= kSmallAnswerBytes &&
        answers_bytes.fetch_add(size) + size > options.max_answers_bytes) {
      answers_bytes -= size;
      refused = busy_answers();
      compressed.clear();
    } else if (size >= kSmallAnswerBytes) {
      state.answer_bytes = size;
    }
    const ApiResponse& r = refused ? *refused : answer;
    const std::string& body = compressed.empty() ? r.body : compressed;
    MHD_Response* resp = MHD_create_response_from_buffer(
        body.size(), const_cast<char*>(body.data()), MHD_RESPMEM_MUST_COPY);
    if (!resp) return MHD_NO;
    if (!body.empty())  // a 204 (a CORS preflight) has no body to type
      MHD_add_response_header(resp, "Content-Type", "application/json; charset=utf-8");
    if (!compressed.empty()) MHD_add_response_header(resp, "Content-Encoding", "gzip");
    if (options.gzip) MHD_add_response_header(resp, "Vary", "Accept-Encoding");
    MHD_add_response_header(resp, "Cache-Control", "no-store");
    MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
    if (!options.cors_origin.empty())
      MHD_add_response_header(resp, "Access-Control-Allow-Origin", options.cors_origin.c_str());
    for (const auto& [k, v] : r.headers) MHD_add_response_header(resp, k.c_str(), v.c_str());
    if (state.gen && state.gen->draining) MHD_add_response_header(resp, "Connection", "close");
    state.status = r.status;
    MHD_Result ret = MHD_queue_response(c, static_cast<unsigned>(r.status), resp);
    MHD_destroy_response(resp);
    return ret;
  }

  static MHD_Result on_request(void* cls, MHD_Connection* c, const char* url, const char* method,
                               const char* version, const char* upload_data,
                               size_t* upload_data_size, void** req_cls) {
    url = origin_path(url);
    auto* gen = static_cast<Generation*>(cls);
    auto* self = gen->server;
    auto* state = static_cast<RequestState*>(*req_cls);
    if (!state) return MHD_NO;  // on_uri always makes one
    if (!state->started) {
      state->started = true;
      state->gen = gen;  // counted out by on_completed, which follows every call of this
      ++gen->in_flight;
      state->method = method;  // for the access log, whatever the answer
      if (auto bad = framing_error(c, version, state->uri)) return self->respond(c, *state, *bad);
      if (std::strcmp(method, "OPTIONS") == 0 && !self->options.cors_origin.empty()) {
        // A browser's preflight for a cross-origin request: the endpoint's own methods, and
        // for no endpoint a 404, which the browser takes for a refusal.
        const std::string methods = allowed_methods(url);
        if (methods.empty()) return self->respond(c, *state, no_such_endpoint(url));
        ApiResponse r{204, "", {}};
        r.headers = {{"Access-Control-Allow-Methods", methods},
                     {"Access-Control-Allow-Headers", "Authorization, Content-Type"},
                     {"Access-Control-Max-Age", "600"}};
        return self->respond(c, *state, r);
      }
      state->unauthorized = self->authorize(c, url, method);
      if (state->unauthorized && announces_body(c))
        return self->respond(c, *state, unauthorized(state->unauthorized));
      // Refuse a body announced too large before it is sent (no "100 Continue"). Anything else
      // is answered on the next call, once the request is whole: answering now would make
      // libmicrohttpd close the connection instead of keeping it alive.
      if (const char* len = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Length")) {
        unsigned long long n = 0;
        auto [end, ec] = std::from_chars(len, len + std::strlen(len), n);
        if (ec == std::errc() && n > self->options.max_body_bytes)
          return self->respond(c, *state, too_large(self->options.max_body_bytes));
        // The announced length is held from the start: bodies sent all but their last byte
        // held memory past the budget, each counted only as it came, and refused only whole.
        if (ec == std::errc() && n > 0 && !state->unauthorized) {
          if (self->bodies_bytes.fetch_add(n) + n > self->options.max_bodies_bytes) {
            self->bodies_bytes -= n;
            return self->respond(c, *state, busy_bodies());
          }
          state->reserved = n;
          state->announced = true;
          state->body.reserve(n);
        }
      }
      return MHD_YES;
    }
    if (*upload_data_size > 0) {
      const size_t n = *upload_data_size;
      *upload_data_size = 0;
      if (state->too_large || state->busy || state->unauthorized) return MHD_YES;  // dropped
      if (state->body.size() + n > self->options.max_body_bytes) {
        state->too_large = true;
      } else if (state->announced) {  // held already
        state->body.append(upload_data, n);
        return MHD_YES;
      } else if (self->bodies_bytes.fetch_add(n) + n > self->options.max_bodies_bytes) {
        self->bodies_bytes -= n;
        state->busy = true;
      } else {
        state->reserved += n;
        state->body.append(upload_data, n);
        return MHD_YES;
      }
      // Free what is held now rather than at the end of the upload.
      self->bodies_bytes -= state->reserved;
      state->reserved = 0;
      std::string().swap(state->body);
      return MHD_YES;
    }
    // The request is whole: what follows is the answer's time, which no deadline cuts (a
    // search that waits out a writer's commits).
    self->arrived(c, /*next=*/false);
    if (state->unauthorized) return self->respond(c, *state, unauthorized(state->unauthorized));
    if (state->too_large) return self->respond(c, *state, too_large(self->options.max_body_bytes));
    if (state->busy) return self->respond(c, *state, busy_bodies());
    return self->answer(c, url, method, *state);
  }

  // 0 when the request may be answered; 1 when it carries no token, 2 when its token is not
  // one of ServerOptions::tokens.
  int authorize(MHD_Connection* c, const char* url, const char* method) {
    const auto tokens_now = live_tokens();
    if (tokens_now->empty()) return 0;
    // A health probe (a load balancer, systemd) learns only "ok", and carries no secret.
    if (url && std::strcmp(url, "/v1/health") == 0 &&
        (std::strcmp(method, "GET") == 0 || std::strcmp(method, "HEAD") == 0))
      return 0;
    const char* auth = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Authorization");
    // Credentials of another scheme (Basic) carry no bearer token: RFC 6750 3.1 gives those
    // no error code.
    if (!auth || !names_bearer_scheme(auth)) return 1;
    auto token = bearer_token(auth);
    return token && token_matches(*token, *tokens_now) ? 0 : 2;
  }

  static bool announces_body(MHD_Connection* c) {
    const char* len = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Length");
    return MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Transfer-Encoding") ||
           (len && std::strcmp(len, "0") != 0);
  }

  static ApiResponse unauthorized(int why) {
    ApiResponse r = error_response(
        401, "unauthorized",
        why == 1 ? "this server answers only requests that carry a token"
                 : "the token sent is not one this server accepts",
        "send the header Authorization: Bearer TOKEN, with a token from the server's --token-file");
    // RFC 6750 section 3: the scheme always; error="invalid_token" when one was sent.
    r.headers.emplace_back("WWW-Authenticate", why == 1 ? "Bearer realm=\"byline\""
                                                        : "Bearer realm=\"byline\", "
                                                          "error=\"invalid_token\"");
    return r;
  }

  static constexpr size_t kSmallAnswerBytes = 64 * 1024;

  static ApiResponse busy_answers() {
    ApiResponse r = error_response(503, "busy", "too many answers wait for slow clients",
                                   "retry in a moment, or ask for fewer hits");
    r.headers.emplace_back("Retry-After", "1");
    return r;
  }

  static ApiResponse busy_bodies() {
    ApiResponse r =
        error_response(503, "busy", "too many request bodies held at once", "retry in a moment");
    r.headers.emplace_back("Retry-After", "1");
    return r;
  }

  static ApiResponse too_large(size_t cap) {
    return error_response(413, "body_too_large",
                          "the request body is larger than " + std::to_string(cap) + " bytes",
                          "byline serve --max-body sets the cap");
  }

  MHD_Result answer(MHD_Connection* c, const char* url, const char* method, RequestState& state) {
    ApiRequest req;
    req.method = method;
    req.path = url ? url : "";
    if (const size_t q = state.uri.find('?'); q != std::string::npos)
      req.raw_query = state.uri.substr(q + 1);
    MHD_get_connection_values_n(
        c, MHD_GET_ARGUMENT_KIND,
        [](void* cls, MHD_ValueKind, const char* key, size_t key_size, const char* value,
           size_t value_size) -> MHD_Result {
          static_cast<ApiRequest*>(cls)->params.emplace_back(
              std::string(key, key_size), value ? std::string(value, value_size) : std::string());
          return MHD_YES;
        },
        &req);
    if (const char* ct = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Type"))
      req.content_type = ct;
    if (const char* ce = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Encoding"))
      req.content_encoding = ce;
    req.body = std::move(state.body);
    ApiResponse r;
    try {
      // A health probe only opens the index: it takes no slot, or slow searches holding every
      // slot would fail it and a load balancer would drop a server that is merely busy.
      const bool slot = req.path != "/v1/health";
      if (slot) working.acquire();
      struct Release {
        std::counting_semaphore<>* s;
        ~Release() {
          if (s) s->release();
        }
      } release{slot ? &working : nullptr};
      r = api->handle(req);
    } catch (const std::exception& e) {
      // Api answers errors as values; anything thrown is a bug, answered, not a dead thread.
      r = error_response(500, "internal", std::string("internal error: ") + e.what());
    }
    return respond(c, state, r);
  }
};

std::string microhttpd_version() { return MHD_get_version(); }

Result<ListenAddress> parse_listen(const std::string& listen) {
  auto bad = [&](const std::string& why) {
    return Result<ListenAddress>(ErrorCode::kUsage,
                                 "--listen '" + sanitize_utf8(listen) + "': " + why,
                                 "give HOST:PORT, [IPv6]:PORT or :PORT, e.g. 127.0.0.1:8080");
  };
  const size_t colon = listen.rfind(':');
  if (colon == std::string::npos) return bad("no port");
  ListenAddress a;
  a.host = listen.substr(0, colon);
  if (a.host.size() >= 2 && a.host.front() == '[' && a.host.back() == ']')
    a.host = a.host.substr(1, a.host.size() - 2);
  else if (a.host.find(':') != std::string::npos)
    return bad("an IPv6 address goes in brackets");
  if (a.host.empty()) a.host = "127.0.0.1";
  const std::string port = listen.substr(colon + 1);
  unsigned n = 0;
  auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), n);
  if (port.empty() || ec != std::errc() || end != port.data() + port.size() || n > 65535)
    return bad("the port is not a number from 0 to 65535");
  a.port = static_cast<uint16_t>(n);
  return a;
}

namespace {

// Starts gen's daemon on gen.fd with the server's options and gen's certificate.
Status start_daemon(HttpServer::Impl& impl, Generation& gen, bool ipv6) {
  gen.server = &impl;
  // A thread per connection, and a semaphore of ServerOptions::threads around the API: a pool
  // thread of libmicrohttpd's serves its connections one request at a time, and two busy
  // clients on one pool thread left the other core idle (bench/serve_bench.cc). ITC lets a
  // reload quiesce the daemon it replaces.
  unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_THREAD_PER_CONNECTION | MHD_USE_AUTO |
                   MHD_USE_ERROR_LOG | MHD_USE_ITC;
  if (ipv6) flags |= MHD_USE_IPv6;
  if (impl.tls) flags |= MHD_USE_TLS;
  const ServerOptions& o = impl.options;
  gen.daemon = MHD_start_daemon(
      flags, 0, nullptr, nullptr, &HttpServer::Impl::on_request, &gen,  //
      MHD_OPTION_EXTERNAL_LOGGER, &HttpServer::Impl::on_error, &gen,    //
      MHD_OPTION_LISTEN_SOCKET, gen.fd,                                 //
      MHD_OPTION_CONNECTION_LIMIT, static_cast<unsigned>(std::max(1, o.max_connections)),
      MHD_OPTION_PER_IP_CONNECTION_LIMIT, static_cast<unsigned>(std::max(1, o.max_per_ip)),
      MHD_OPTION_CONNECTION_TIMEOUT, static_cast<unsigned>(std::max(1, o.idle_timeout_seconds)),
      // The request line and headers of one request: a query is at most 16 KiB, percent-encoded
      // three times that; a longer request is refused (414/431) without reaching the API.
      MHD_OPTION_CONNECTION_MEMORY_LIMIT, static_cast<size_t>(128 * 1024),
      MHD_OPTION_URI_LOG_CALLBACK, &HttpServer::Impl::on_uri, &impl,          //
      MHD_OPTION_NOTIFY_COMPLETED, &HttpServer::Impl::on_completed, &gen,     //
      MHD_OPTION_NOTIFY_CONNECTION, &HttpServer::Impl::on_connection, &impl,  //
      // Without TLS the list ends here, before the TLS options (libmicrohttpd takes them only
      // with MHD_USE_TLS).
      impl.tls ? MHD_OPTION_HTTPS_MEM_CERT : MHD_OPTION_END, gen.cert_pem.c_str(),
      MHD_OPTION_HTTPS_MEM_KEY, gen.key_pem.c_str(),
      // TLS 1.2 and 1.3 only, GnuTLS's "NORMAL" suites otherwise.
      MHD_OPTION_HTTPS_PRIORITIES, "NORMAL:-VERS-ALL:+VERS-TLS1.3:+VERS-TLS1.2", MHD_OPTION_END);
  if (gen.daemon) {
    gen.running = true;
    return {};
  }
  std::string why;
  {
    std::lock_guard lock(gen.first_error_mu);
    why = gen.first_error;
  }
  if (impl.tls)
    return Status(ErrorCode::kBadInput,
                  "cannot serve TLS with that certificate and key" +
                      (why.empty() ? std::string() : ": " + why),
                  "give a PEM certificate and the private key it was made for");
  return Status(ErrorCode::kInternal, "libmicrohttpd could not start a server on " +
                                          sanitize_utf8(o.listen) +
                                          (why.empty() ? std::string() : ": " + why));
}

// Waits until `gen` answered the requests it has under way, and, with `connections`, until
// its connections have ended too (each answer closes its connection once it drains, and a
// kept-alive one lasts at most its idle timeout): at most the idle timeout and 5 s, unless
// `give_up` turns true first.
void drain(HttpServer::Impl& impl, Generation& gen, bool connections,
           const std::function<bool()>& give_up) {
  const auto deadline = std::chrono::steady_clock::now() +
                        std::chrono::seconds(std::max(1, impl.options.idle_timeout_seconds) + 5);
  std::unique_lock lock(impl.stop_mu);
  while (!give_up() && std::chrono::steady_clock::now() < deadline) {
    const MHD_DaemonInfo* info =
        connections ? MHD_get_daemon_info(gen.daemon, MHD_DAEMON_INFO_CURRENT_CONNECTIONS)
                    : nullptr;
    if (gen.in_flight == 0 && (!info || info->num_connections == 0)) break;
    impl.stop_cv.wait_for(lock, std::chrono::milliseconds(20));
  }
}

// Stops a replaced daemon once its connections have ended, or once it has answered what it has
// under way when the server stops.
void retire(HttpServer::Impl& impl, Generation& gen) {
  gen.draining = true;
  const MHD_socket quiesced = MHD_quiesce_daemon(gen.daemon);
  gen.retiring = std::thread([&impl, &gen, quiesced] {
    drain(impl, gen, /*connections=*/true, [&impl] { return impl.stopping; });
    if (impl.stopping) drain(impl, gen, /*connections=*/false, [] { return false; });
    MHD_stop_daemon(gen.daemon);
    gen.stopped = true;
    // Ours to close, and only after the stop (libmicrohttpd's threads may still read it).
    if (quiesced != MHD_INVALID_SOCKET) close(quiesced);
  });
}

}  // namespace

Result<std::unique_ptr<HttpServer>> HttpServer::start(Api& api, const ServerOptions& options) {
  auto address = parse_listen(options.listen);
  if (!address.ok()) return address.status();
  const bool tls = !options.tls_cert_pem.empty() || !options.tls_key_pem.empty();
  if (tls && (options.tls_cert_pem.empty() || options.tls_key_pem.empty()))
    return Status(ErrorCode::kUsage, "TLS needs both a certificate and its private key",
                  "give --tls-cert and --tls-key together");
  auto impl = std::make_unique<Impl>(options.threads);
  impl->api = &api;
  impl->options = options;
  impl->address = *address;

  // Our own listening socket: bind errors are then named exactly (in use, not this machine's).
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_NUMERICSERV | AI_PASSIVE;
  addrinfo* found = nullptr;
  const std::string port = std::to_string(address->port);
  if (int rc = getaddrinfo(address->host.c_str(), port.c_str(), &hints, &found); rc != 0)
    return Status(ErrorCode::kNetwork,
                  "cannot listen on " + sanitize_utf8(options.listen) + ": " + gai_strerror(rc));
  int fd = -1;
  int err = 0;
  for (addrinfo* ai = found; ai && fd < 0; ai = ai->ai_next) {
    fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC | SOCK_NONBLOCK, ai->ai_protocol);
    if (fd < 0) {
      err = errno;
      continue;
    }
    int one = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (bind(fd, ai->ai_addr, ai->ai_addrlen) != 0 || listen(fd, 128) != 0) {
      err = errno;
      close(fd);
      fd = -1;
    }
  }
  freeaddrinfo(found);
  if (fd < 0)
    return Status(
        ErrorCode::kNetwork,
        "cannot listen on " + sanitize_utf8(options.listen) + ": " + std::strerror(err),
        err == EADDRINUSE ? "another program serves that port; pick another with --listen" : "");
  sockaddr_storage bound{};
  socklen_t len = sizeof bound;
  getsockname(fd, reinterpret_cast<sockaddr*>(&bound), &len);
  impl->address.port =
      ntohs(bound.ss_family == AF_INET6 ? reinterpret_cast<sockaddr_in6*>(&bound)->sin6_port
                                        : reinterpret_cast<sockaddr_in*>(&bound)->sin_port);

  impl->tls = tls;
  impl->tokens = std::make_shared<const std::vector<std::string>>(options.tokens);
  auto gen = std::make_unique<Generation>();
  gen->fd = fd;
  gen->cert_pem = options.tls_cert_pem;
  gen->key_pem = options.tls_key_pem;
  if (Status s = start_daemon(*impl, *gen, bound.ss_family == AF_INET6); !s.ok()) {
    close(fd);
    return s;
  }
  impl->current = std::move(gen);
  impl->watchdog = std::thread([p = impl.get()] { p->watch(); });
  return std::unique_ptr<HttpServer>(new HttpServer(std::move(impl)));
}

HttpServer::HttpServer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

HttpServer::~HttpServer() {
  if (!impl_) return;
  std::lock_guard lock(impl_->generations_mu);
  Generation* current = impl_->current && impl_->current->daemon ? impl_->current.get() : nullptr;
  MHD_socket quiesced = MHD_INVALID_SOCKET;
  if (current) {
    // No new connection; the requests under way are answered (each closing its connection),
    // then every connection is closed.
    current->draining = true;
    quiesced = MHD_quiesce_daemon(current->daemon);
    // New clients are refused at once rather than left in the backlog unanswered while the
    // requests under way finish (the descriptor itself is closed after the stop, below).
    if (quiesced != MHD_INVALID_SOCKET) ::shutdown(quiesced, SHUT_RDWR);
    drain(*impl_, *current, /*connections=*/false, [] { return false; });
  }
  {
    std::lock_guard stop_lock(impl_->stop_mu);
    impl_->stopping = true;
  }
  impl_->stop_cv.notify_all();
  for (auto& g : impl_->retired)
    if (g->retiring.joinable()) g->retiring.join();
  if (current) {
    MHD_stop_daemon(current->daemon);
    if (quiesced != MHD_INVALID_SOCKET) close(quiesced);
  }
  if (impl_->watchdog.joinable()) impl_->watchdog.join();
}

Status HttpServer::reload(std::vector<std::string> tokens, std::string tls_cert_pem,
                          std::string tls_key_pem) {
  Impl& impl = *impl_;
  const bool tls = !tls_cert_pem.empty() || !tls_key_pem.empty();
  if (tls != impl.tls)
    return Status(ErrorCode::kUsage,
                  impl.tls ? "a server started with TLS needs a certificate and key to reload"
                           : "TLS cannot be turned on by a reload",
                  "restart byline serve to change between HTTP and HTTPS");
  if (tls && (tls_cert_pem.empty() || tls_key_pem.empty()))
    return Status(ErrorCode::kUsage, "TLS needs both a certificate and its private key",
                  "give --tls-cert and --tls-key together");
  std::lock_guard lock(impl.generations_mu);
  // Drop the daemons replaced earlier that have stopped by now.
  std::erase_if(impl.retired, [](std::unique_ptr<Generation>& g) {
    if (!g->stopped || !g->retiring.joinable()) return false;
    g->retiring.join();
    return true;
  });
  if (tls) {
    // The new daemon accepts on the same socket before the old one stops accepting: no
    // connection is refused, and a certificate that does not start leaves the old one serving.
    auto gen = std::make_unique<Generation>();
    gen->fd = fcntl(impl.current->fd, F_DUPFD_CLOEXEC, 0);
    if (gen->fd < 0)
      return Status(ErrorCode::kInternal,
                    std::string("cannot share the listening socket: ") + std::strerror(errno));
    gen->cert_pem = std::move(tls_cert_pem);
    gen->key_pem = std::move(tls_key_pem);
    sockaddr_storage bound{};
    socklen_t len = sizeof bound;
    getsockname(gen->fd, reinterpret_cast<sockaddr*>(&bound), &len);
    if (Status s = start_daemon(impl, *gen, bound.ss_family == AF_INET6); !s.ok()) {
      close(gen->fd);
      return s;
    }
    retire(impl, *impl.current);
    impl.retired.push_back(std::move(impl.current));
    impl.current = std::move(gen);
  }
  std::lock_guard tokens_lock(impl.tokens_mu);
  impl.tokens = std::make_shared<const std::vector<std::string>>(std::move(tokens));
  return {};
}

uint16_t HttpServer::port() const { return impl_->address.port; }

std::string HttpServer::url() const {
  const std::string& h = impl_->address.host;
  return (impl_->tls ? "https://" : "http://") +
         (h.find(':') != std::string::npos ? "[" + h + "]" : h) + ":" + std::to_string(port());
}

}  // namespace byline::server
