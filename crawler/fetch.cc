// crawler/fetch.cc: the libcurl boundary. Nothing outside this file sees a CURL handle or code.
#include "crawler/fetch.h"

#include <arpa/inet.h>
#include <curl/curl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <system_error>
#include <thread>
#include <unordered_map>
#include <vector>

#include "byline/feed.h"
#include "byline/version.h"
#include "common/domain.h"
#include "common/gzip.h"
#include "common/text.h"
#include "crawler/url.h"

namespace byline::crawler {
namespace {

/// The server a URL names (scheme, host and port): what a Retry-After speaks for.
std::string origin_of(const UrlParts& parts) {
  return parts.scheme + "://" + to_lower_ascii(parts.host) + ":" + std::to_string(parts.port);
}

/// An IPv4 or IPv6 address written as one, not a name.
bool is_ip_address(const std::string& s) {
  unsigned char buf[sizeof(in6_addr)];
  return inet_pton(AF_INET, s.c_str(), buf) == 1 || inet_pton(AF_INET6, s.c_str(), buf) == 1;
}

using Clock = std::chrono::steady_clock;

/// `t` + `seconds`, at most the clock's last time point (no signed overflow into the past).
Clock::time_point saturating_add(Clock::time_point t, int64_t seconds) {
  const auto room = std::chrono::duration_cast<std::chrono::seconds>(Clock::time_point::max() - t);
  if (seconds >= room.count()) return Clock::time_point::max();
  return t + std::chrono::seconds(std::max<int64_t>(0, seconds));
}

void global_init() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

// The IANA IPv4 and IPv6 special-purpose address registries, every block not globally
// reachable (checked against the registries of 2025). Blocks whose few reachable members are
// anycast services (192.0.0.9-10 PCP/TURN, 2001:1::1-3, AMT, AS112) are refused whole: no feed
// lives there.
bool private_v4(uint32_t a) {  // host byte order
  auto in = [a](uint32_t net, int bits) {
    uint32_t mask = bits == 0 ? 0 : ~uint32_t{0} << (32 - bits);
    return (a & mask) == (net & mask);
  };
  return in(0x00000000, 8) ||   // "this" network
         in(0x0A000000, 8) ||   // 10/8
         in(0x64400000, 10) ||  // 100.64/10 carrier-grade NAT
         in(0x7F000000, 8) ||   // loopback
         in(0xA9FE0000, 16) ||  // link-local (cloud metadata lives here)
         in(0xAC100000, 12) ||  // 172.16/12
         in(0xC0000000, 24) ||  // IETF protocol assignments (DS-Lite, NAT64 discovery)
         in(0xC0000200, 24) ||  // 192.0.2/24 TEST-NET-1
         in(0xC0586300, 24) ||  // 192.88.99/24 6to4 relay anycast (deprecated)
         in(0xC0A80000, 16) ||  // 192.168/16
         in(0xC6120000, 15) ||  // 198.18/15 benchmarking
         in(0xC6336400, 24) ||  // 198.51.100/24 TEST-NET-2
         in(0xCB007100, 24) ||  // 203.0.113/24 TEST-NET-3
         in(0xE0000000, 4) ||   // multicast
         in(0xF0000000, 4);     // 240/4 reserved, 255.255.255.255 broadcast
}

bool private_v6(const unsigned char* b) {
  static const unsigned char kZero[16] = {};
  if (std::memcmp(b, kZero, 15) == 0 && (b[15] == 0 || b[15] == 1)) return true;  // :: and ::1
  static const unsigned char kMapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
  static const unsigned char kNat64[12] = {0x00, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0};
  if (std::memcmp(b, kMapped, 12) == 0 || std::memcmp(b, kNat64, 12) == 0 ||
      std::memcmp(b, kZero, 12) == 0) {  // IPv4-mapped, NAT64, IPv4-compatible: judge the IPv4
    uint32_t v4 =
        (uint32_t{b[12]} << 24) | (uint32_t{b[13]} << 16) | (uint32_t{b[14]} << 8) | b[15];
    return private_v4(v4);
  }
  // Global unicast is 2000::/3 alone: outside it (and the forms above) is special or unassigned:
  // 64:ff9b:1::/48 local NAT64, 100::/64 discard, 100:0:0:1::/64 dummy, 5f00::/16 SRv6 SIDs,
  // fc00::/7 unique local, fe80::/10 link-local, fec0::/10 site-local, ff00::/8 multicast.
  if ((b[0] & 0xe0) != 0x20) return true;
  if (b[0] == 0x20 && b[1] == 0x02) {  // 6to4 embeds an IPv4 address
    uint32_t v4 = (uint32_t{b[2]} << 24) | (uint32_t{b[3]} << 16) | (uint32_t{b[4]} << 8) | b[5];
    return private_v4(v4);
  }
  if (b[0] == 0x20 && b[1] == 0x01 && b[2] < 0x02) return true;  // 2001::/23 IETF (Teredo...)
  if (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0d && b[3] == 0xb8) return true;  // 2001:db8::/32
  if (b[0] == 0x3f && b[1] == 0xff && b[2] < 0x10) return true;  // 3fff::/20 documentation
  return false;
}

std::string address_text(const struct sockaddr* sa) {
  char buf[INET6_ADDRSTRLEN] = {};
  if (sa->sa_family == AF_INET) {
    inet_ntop(AF_INET, &reinterpret_cast<const sockaddr_in*>(sa)->sin_addr, buf, sizeof buf);
  } else if (sa->sa_family == AF_INET6) {
    inet_ntop(AF_INET6, &reinterpret_cast<const sockaddr_in6*>(sa)->sin6_addr, buf, sizeof buf);
  }
  return buf;
}

bool private_sockaddr(const struct sockaddr* sa) {
  if (sa->sa_family == AF_INET)
    return private_v4(ntohl(reinterpret_cast<const sockaddr_in*>(sa)->sin_addr.s_addr));
  if (sa->sa_family == AF_INET6)
    return private_v6(reinterpret_cast<const sockaddr_in6*>(sa)->sin6_addr.s6_addr);
  return true;  // unix sockets and anything else: never for a crawler
}

/// The proxies libcurl may take from the environment, and what was found of hop targets.
///
/// libcurl honours http_proxy and the like (byline sets no CURLOPT_PROXY: users behind a
/// corporate proxy need it). Through a proxy the socket check sees only the proxy, so: the
/// proxy's own address is exempt (the user configured it, and it is often private), and each
/// hop's target is checked instead: an IP literal, or every address its name resolves to here.
/// A name that does not resolve here is left to the proxy. A tunnel (https) is checked before
/// its connection to the proxy opens: libcurl never sends a CONNECT over a reused connection.
///
/// getaddrinfo has no timeout, and a lookup inside libcurl's callbacks stalled every transfer
/// for as long as a hostile name's DNS took. Names are looked up on threads of their own: a
/// transfer to a name not yet judged waits in the queue (start_ready), and only a redirect to
/// a new name waits in the callback.
struct ProxyGuard {
  struct Proxy {
    std::string ip;
    int port = 0;
    std::string name;  // host:port, for messages (never the credentials)
  };
  struct Lookup {  // shared with its thread, which may outlive the Fetcher
    std::atomic<bool> done{false};
    std::string private_ip;  // the first private address found, or ""
  };
  static constexpr size_t kMaxLookups = 8;  // threads looking up at once

  std::vector<Proxy> proxies;
  std::function<std::vector<std::string>(const std::string&)> resolver = resolve;
  std::unordered_map<std::string, std::shared_ptr<Lookup>> lookups;  // by host
  std::vector<std::shared_ptr<Lookup>> in_flight;

  // The variables libcurl 7.88 reads (lib/url.c): http_proxy in lower case only (HTTP_PROXY
  // can come from a CGI request's "Proxy:" header), https_proxy, all_proxy in either case.
  void load_from_environment() {
    for (const char* var : {"http_proxy", "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"}) {
      const char* value = std::getenv(var);
      if (!value || !*value) continue;
      std::unique_ptr<CURLU, void (*)(CURLU*)> u(curl_url(), &curl_url_cleanup);
      if (!u || curl_url_set(u.get(), CURLUPART_URL, value,
                             CURLU_GUESS_SCHEME | CURLU_NON_SUPPORT_SCHEME) != CURLUE_OK)
        continue;
      auto part = [&u](CURLUPart what) {
        char* p = nullptr;
        std::string out;
        if (curl_url_get(u.get(), what, &p, 0) == CURLUE_OK && p) out = p;
        curl_free(p);
        return out;
      };
      std::string host = part(CURLUPART_HOST), port_text = part(CURLUPART_PORT);
      if (host.size() > 2 && host.front() == '[') host = host.substr(1, host.size() - 2);
      // libcurl's default proxy ports: 443 for an https:// proxy, 1080 otherwise.
      int port = !port_text.empty()                                  ? std::atoi(port_text.c_str())
                 : to_lower_ascii(part(CURLUPART_SCHEME)) == "https" ? 443
                                                                     : 1080;
      for (const std::string& ip : resolve(host))
        proxies.push_back({ip, port, host + ":" + std::to_string(port)});
    }
  }

  static std::vector<std::string> resolve(const std::string& host) {
    std::vector<std::string> out;
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    addrinfo* res = nullptr;
    if (getaddrinfo(host.c_str(), nullptr, &hints, &res) != 0) return out;
    for (addrinfo* a = res; a; a = a->ai_next) {
      std::string ip = address_text(a->ai_addr);
      if (!ip.empty()) out.push_back(ip);
    }
    freeaddrinfo(res);
    return out;
  }

  // The private address among `ips`, "" when none. An IPv6 literal this resolver cannot read
  // (a zone id) is not left to the proxy.
  static std::string verdict(const std::string& host, const std::vector<std::string>& ips) {
    if (ips.empty() && host.find(':') != std::string::npos) return host;
    // What a proxy reads as its own loopback however it is written: a name under "localhost"
    // (RFC 6761), and an address with the root's trailing dot ("127.0.0.1.", which no lookup
    // here reads).
    std::string name = to_lower_ascii(host);
    while (!name.empty() && name.back() == '.') name.pop_back();
    if (name == "localhost" || name.ends_with(".localhost")) return host;
    // ... and names only a private network resolves, which a proxy inside one would: one with
    // no dot ("intranet", Debian's "ip6-localhost"; no public name has none), and those under
    // the suffixes set aside for home and local networks (.local, .internal, .home.arpa, and
    // "localhost.localdomain" of many hosts files).
    if (!is_ip_address(name)) {
      if (name.find('.') == std::string::npos) return host;
      for (std::string_view suffix : {".local", ".localdomain", ".internal", ".home.arpa", ".lan"})
        if (name.ends_with(suffix)) return host;
    }
    in_addr v4{};
    if (name.size() < host.size() && inet_aton(name.c_str(), &v4) == 1) {
      char text[INET_ADDRSTRLEN] = {};
      if (inet_ntop(AF_INET, &v4, text, sizeof text) && is_private_address(text)) return text;
    }
    for (const std::string& ip : ips)
      if (is_private_address(ip)) return ip;
    return {};
  }

  const Proxy* find(const std::string& ip, int port) const {
    for (const Proxy& p : proxies)
      if (p.ip == ip && p.port == port) return &p;
    return nullptr;
  }

  /// Whether `host` is judged; if not, its lookup is started (when fewer than kMaxLookups run)
  /// and the caller tries again later. Always true without a proxy.
  bool ready(const std::string& host) {
    if (proxies.empty()) return true;
    auto it = lookups.find(host);
    if (it != lookups.end()) return it->second->done.load(std::memory_order_acquire);
    if (is_ip_address(host)) {  // no lookup to wait for
      judge_here(host);
      return true;
    }
    std::erase_if(in_flight, [](const auto& l) { return l->done.load(std::memory_order_acquire); });
    if (in_flight.size() >= kMaxLookups) return false;
    auto lookup = std::make_shared<Lookup>();
    try {
      std::thread([lookup, host, resolver = resolver] {
        lookup->private_ip = verdict(host, resolver(host));
        lookup->done.store(true, std::memory_order_release);
      }).detach();
    } catch (const std::system_error&) {  // no thread to be had: judged here, blocking
      judge_here(host);
      return true;
    }
    lookups.emplace(host, lookup);
    in_flight.push_back(std::move(lookup));
    return false;
  }

  const Lookup& judge_here(const std::string& host) {
    auto lookup = std::make_shared<Lookup>();
    lookup->private_ip = verdict(host, resolver(host));
    lookup->done.store(true, std::memory_order_release);
    return *lookups.insert_or_assign(host, std::move(lookup)).first->second;
  }

  /// The private address the host of `url` is or resolves to here; "" when none (or unknown).
  std::string private_target(const char* url) {
    auto parts = parse_url(url ? url : "");
    if (!parts) return {};
    auto it = lookups.find(parts->host);
    if (it == lookups.end()) return judge_here(parts->host).private_ip;  // a redirect's new name
    const Lookup& lookup = *it->second;
    while (!lookup.done.load(std::memory_order_acquire))  // a redirect to a name being judged
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    return lookup.private_ip;
  }
};

/// One transfer: its request, its handle and everything the callbacks collect.
struct Transfer {
  FetchRequest request;
  Fetcher::Callback done;
  std::string site;      // politeness key; empty: no per-site limit (file://)
  bool counted = false;  // in its site's in_flight: started, not a request ended before it
  std::string host;      // of the URL asked for
  std::string origin;    // scheme://host:port of the URL asked for: what a Retry-After pauses
  CURL* easy = nullptr;
  curl_slist* headers = nullptr;
  char error[CURL_ERROR_SIZE] = {};
  const FetchOptions* options = nullptr;

  std::string body;
  size_t body_limit = 0;
  size_t header_bytes = 0;     // of the current response
  bool at_block_start = true;  // the next header line opens a response (its status line)
  std::unordered_map<std::string, std::string> response_headers;  // lower-case names
  std::vector<long> statuses;  // status line of every response, redirects included
  bool body_too_large = false;
  bool headers_too_large = false;
  std::string refused_address;
  std::string refused_via;  // the proxy a refused target was to be fetched through
  ProxyGuard* proxy_guard = nullptr;
  std::optional<Status> early_error;  // the request was invalid; nothing to transfer
  bool conditional = false;           // a validator was sent
  Clock::time_point started;

  ~Transfer() {
    if (easy) curl_easy_cleanup(easy);
    if (headers) curl_slist_free_all(headers);
  }
};

size_t on_body(char* data, size_t size, size_t count, void* user) {
  auto* t = static_cast<Transfer*>(user);
  size_t n = size * count;
  // Counted after decoding, so a small compressed body cannot inflate past the cap.
  if (t->body.size() + n > t->body_limit) {
    t->body_too_large = true;
    if (t->request.keep_prefix) t->body.append(data, t->body_limit - t->body.size());
    return 0;
  }
  t->body.append(data, n);
  return n;
}

size_t on_header(char* data, size_t size, size_t count, void* user) {
  auto* t = static_cast<Transfer*>(user);
  size_t n = size * count;
  std::string_view line(data, n);
  // Only a block's first line is a status line (the first, or the one after the blank line that
  // ended a 1xx or redirect): any "HTTP/..." line reset the count and made the 64 KiB cap moot.
  const bool status_line = t->at_block_start && starts_with_icase(line, "HTTP/");
  t->at_block_start = line == "\r\n" || line == "\n";
  if (status_line) {  // a new response (after a redirect or a 100)
    t->header_bytes = 0;
    t->response_headers.clear();
    size_t sp = line.find(' ');
    long code =
        sp == std::string_view::npos ? 0 : std::atol(std::string(line.substr(sp + 1, 3)).c_str());
    t->statuses.push_back(code);
  }
  t->header_bytes += n;
  if (t->header_bytes > t->options->max_header_bytes) {
    t->headers_too_large = true;
    return 0;
  }
  size_t colon = line.find(':');
  if (colon != std::string_view::npos && colon > 0) {
    std::string name = to_lower_ascii(trim(line.substr(0, colon)));
    std::string value(trim(line.substr(colon + 1)));
    // A list-valued field sent twice is one list (RFC 9110 5.3): the first line's first tag
    // stays first, and an empty line adds nothing. Other fields: the last line counts.
    std::string& held = t->response_headers[name];
    if ((name == "content-language" || name == "cache-control") && !held.empty()) {
      if (!value.empty()) held += ", " + value;
    } else {
      held = std::move(value);
    }
  }
  return n;
}

int socket_port(const struct sockaddr* sa) {
  if (sa->sa_family == AF_INET) return ntohs(reinterpret_cast<const sockaddr_in*>(sa)->sin_port);
  if (sa->sa_family == AF_INET6) return ntohs(reinterpret_cast<const sockaddr_in6*>(sa)->sin6_port);
  return 0;
}

// Through a proxy: the target of the current hop (CURLINFO_EFFECTIVE_URL follows redirects) must
// not be private. False, with the refusal noted, when it is.
bool proxied_target_allowed(Transfer& t, const ProxyGuard::Proxy& proxy) {
  char* url = nullptr;
  curl_easy_getinfo(t.easy, CURLINFO_EFFECTIVE_URL, &url);
  std::string refused = t.proxy_guard->private_target(url);
  if (refused.empty()) return true;
  t.refused_address = refused;
  t.refused_via = proxy.name;
  return false;
}

curl_socket_t on_open_socket(void* user, curlsocktype purpose, struct curl_sockaddr* address) {
  auto* t = static_cast<Transfer*>(user);
  (void)purpose;
  // Checked on the address actually connected to, for every hop: DNS rebinding and redirects
  // to internal hosts meet the same test as the first URL.
  if (!t->options->allow_private_networks) {
    const std::string ip = address_text(&address->addr);
    const ProxyGuard::Proxy* proxy =
        ip.empty() ? nullptr : t->proxy_guard->find(ip, socket_port(&address->addr));
    if (proxy) {
      // Before connecting (an https tunnel is opened with the connection); on_prereq checks
      // again for hops that reuse a connection to the proxy.
      if (!proxied_target_allowed(*t, *proxy)) return CURL_SOCKET_BAD;
    } else if (private_sockaddr(&address->addr)) {
      t->refused_address = ip.empty() ? "a non-IP address" : ip;
      return CURL_SOCKET_BAD;
    }
  }
  return socket(address->family, address->socktype, address->protocol);
}

// Before each request is sent, on a new or a reused connection.
int on_prereq(void* user, char* primary_ip, char* local_ip, int primary_port, int local_port) {
  auto* t = static_cast<Transfer*>(user);
  (void)local_ip;
  (void)local_port;
  if (t->options->allow_private_networks || !primary_ip) return CURL_PREREQFUNC_OK;
  const ProxyGuard::Proxy* proxy = t->proxy_guard->find(primary_ip, primary_port);
  if (!proxy) return CURL_PREREQFUNC_OK;  // a direct connection: on_open_socket checked it
  return proxied_target_allowed(*t, *proxy) ? CURL_PREREQFUNC_OK : CURL_PREREQFUNC_ABORT;
}

std::string header_value(const Transfer& t, const std::string& name) {
  auto it = t.response_headers.find(name);
  return it == t.response_headers.end() ? std::string() : it->second;
}

// An ETag or Last-Modified worth storing and sending back: a server's value went out verbatim,
// control characters (a CR splitting the header) and 60 KB included. Real ones are short.
constexpr size_t kMaxValidatorBytes = 1024;
bool usable_validator(std::string_view v) {
  return !v.empty() && v.size() <= kMaxValidatorBytes &&
         std::none_of(v.begin(), v.end(),
                      [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; });
}

// How a refused private address is said (is_private_address_refusal() looks for it).
constexpr const char* kRefusedPrivate = "refused to connect to private ";

// How a request its site's pause held back is said (is_site_pause() looks for it).
constexpr const char* kSitePaused = "not requested: its server asked for a pause of ";

// The error of every transfer FetchOptions::cancel ended (is_cancelled() matches it whole).
constexpr const char* kCancelledMessage = "interrupted: the crawl was stopped";
// ... and of every transfer its FetchRequest::wanted ended (is_unwanted()).
constexpr const char* kUnwantedMessage = "not fetched: no longer wanted";

std::string describe(const std::string& url) { return truncate_utf8(sanitize_utf8(url), 200); }

FetchResult finish(Transfer& t, CURLcode rc) {
  const FetchOptions& o = *t.options;
  const std::string where = describe(t.request.url);
  if (!t.refused_address.empty())
    return FetchResult(
        ErrorCode::kNetwork,
        std::string(kRefusedPrivate) +
            // A name only a private network resolves (through a proxy) is no address.
            (is_ip_address(t.refused_address) ? "address " : "network's name ") +
            t.refused_address +
            (t.refused_via.empty() ? "" : " through the proxy " + describe(t.refused_via)) +
            " for " + where,
        "pass --allow-private-networks to allow loopback and private networks");
  // A body cut at the cap where the request keeps what was read: libcurl stopped the transfer
  // with a write error, and the answer is the prefix.
  const bool cut = t.body_too_large && t.request.keep_prefix;
  if ((t.body_too_large || rc == CURLE_FILESIZE_EXCEEDED) && !cut &&
      starts_with_icase(t.request.url, "file:"))
    return FetchResult(ErrorCode::kBadInput,
                       where + " is larger than " + std::to_string(t.body_limit) + " bytes",
                       "a local feed or page is read up to 32 MiB: split it");
  if ((t.body_too_large || rc == CURLE_FILESIZE_EXCEEDED) && !cut)
    return FetchResult(
        ErrorCode::kNetwork,
        "response from " + where + " is larger than " + std::to_string(t.body_limit) + " bytes",
        "raise --max-bytes if this source is trusted");
  if (t.headers_too_large)
    return FetchResult(ErrorCode::kNetwork, "response headers from " + where + " exceed " +
                                                std::to_string(o.max_header_bytes) + " bytes");
  if (rc != CURLE_OK && !(cut && rc == CURLE_WRITE_ERROR)) {
    std::string detail = t.error[0] ? std::string(t.error) : curl_easy_strerror(rc);
    switch (rc) {
      case CURLE_TOO_MANY_REDIRECTS:
        return FetchResult(ErrorCode::kNetwork, "more than " + std::to_string(o.max_redirects) +
                                                    " redirects fetching " + where);
      case CURLE_UNSUPPORTED_PROTOCOL:
        return FetchResult(ErrorCode::kNetwork,
                           "protocol not allowed fetching " + where + " (" + detail + ")",
                           "only http and https are fetched, redirects included");
      case CURLE_OPERATION_TIMEDOUT:
        return FetchResult(ErrorCode::kNetwork, "timed out fetching " + where + ": " + detail);
      case CURLE_FILE_COULDNT_READ_FILE:
        return FetchResult(ErrorCode::kNotFound, "cannot read " + where);
      case CURLE_OUT_OF_MEMORY:
        // What libcurl answers to one header line over its 100 KB (audit: "Out of memory" read
        // as byline's own failure); the transfer's memory is capped far below any real lack.
        return FetchResult(ErrorCode::kNetwork,
                           "response headers from " + where +
                               " exceed libcurl's limit (a header line of over 100 KB)");
      default:
        // libcurl's word for a chunked body's trailer line over its limit (CURLE_RECV_ERROR;
        // some 4 KB in 7.88).
        if (detail.find("Out of memory in chunked-encoding") != std::string::npos)
          return FetchResult(ErrorCode::kNetwork,
                             "a chunked response's trailer from " + where +
                                 " exceeds libcurl's limit for a trailer line");
        return FetchResult(ErrorCode::kNetwork, "fetching " + where + " failed: " + detail);
    }
  }
  FetchedDocument doc;
  doc.url = t.request.url;
  char* effective = nullptr;
  curl_easy_getinfo(t.easy, CURLINFO_EFFECTIVE_URL, &effective);
  doc.final_url = effective ? effective : t.request.url;
  long code = 0;
  curl_easy_getinfo(t.easy, CURLINFO_RESPONSE_CODE, &code);
  doc.http_status = code == 0 ? 200 : code;  // file:// has no status
  long redirects = 0;
  curl_easy_getinfo(t.easy, CURLINFO_REDIRECT_COUNT, &redirects);
  doc.redirects = static_cast<int>(redirects);
  doc.body = std::move(t.body);
  doc.truncated = cut;
  // A gzip file served as it is, with no Content-Encoding (a feed.xml.gz, a misconfigured
  // server): inflated; bytes that are no whole gzip data are left as they came.
  if (!cut && code < 300 && doc.body.size() >= 18 && is_gzip_magic(doc.body)) {
    bool too_large = false;
    if (auto text = gunzip(doc.body, t.body_limit, too_large))
      doc.body = std::move(*text);
    else if (too_large)
      return FetchResult(ErrorCode::kNetwork,
                         "response from " + where + " is larger than " +
                             std::to_string(t.body_limit) + " bytes (gzip data inflated)",
                         "raise --max-bytes if this source is trusted");
  }
  doc.content_type = header_value(t, "content-type");
  doc.content_language = header_value(t, "content-language");
  doc.etag = header_value(t, "etag");
  if (!usable_validator(doc.etag)) doc.etag.clear();
  doc.last_modified = header_value(t, "last-modified");
  if (!usable_validator(doc.last_modified)) doc.last_modified.clear();
  doc.cache_control = header_value(t, "cache-control");
  std::string retry = header_value(t, "retry-after");
  if (!retry.empty()) doc.retry_after_seconds = parse_retry_after(retry, time(nullptr));
  if (doc.redirects > 0) {
    bool permanent = true;
    int hops = 0;
    for (long s : t.statuses) {
      if (s >= 300 && s < 400 && s != 304) {
        ++hops;
        if (s != 301 && s != 308) permanent = false;
      }
    }
    if (permanent && hops > 0) doc.permanent_url = doc.final_url;
  }
  doc.seconds = std::chrono::duration<double>(Clock::now() - t.started).count();
  doc.conditional = t.conditional;
  return doc;
}

}  // namespace

bool is_transient_fetch_error(const Status& status) {
  if (status.ok() || status.code() != ErrorCode::kNetwork) return false;
  // The permanent ones are the limits and refusals this file itself words.
  for (const char* permanent : {kRefusedPrivate, "larger than", "response headers",
                                "redirects fetching", "protocol not allowed"})
    if (status.message().find(permanent) != std::string::npos) return false;
  return true;
}

bool is_private_address_refusal(std::string_view message) {
  return message.find(kRefusedPrivate) != std::string_view::npos;
}

bool is_site_pause(const Status& status) {
  return status.code() == ErrorCode::kNetwork && status.message().starts_with(kSitePaused);
}

bool is_cancelled(const Status& status) {
  return status.code() == ErrorCode::kNetwork && status.message() == kCancelledMessage;
}

bool is_unwanted(const Status& status) {
  return status.code() == ErrorCode::kNetwork && status.message() == kUnwantedMessage;
}

bool is_private_address(const std::string& ip) {
  in_addr v4{};
  if (inet_pton(AF_INET, ip.c_str(), &v4) == 1) return private_v4(ntohl(v4.s_addr));
  in6_addr v6{};
  if (inet_pton(AF_INET6, ip.c_str(), &v6) == 1) return private_v6(v6.s6_addr);
  return true;
}

std::optional<int64_t> parse_retry_after(const std::string& value, int64_t now) {
  std::string v(trim(value));
  if (v.empty()) return std::nullopt;
  // Both forms are capped alike: a date in year 9999 (2.5e11 s away) overflowed the steady
  // clock once added to it, and the pause ended in the past.
  constexpr int64_t kMaxRetryAfter = 999'999'999;
  if (std::all_of(v.begin(), v.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    if (v.size() > 9) return kMaxRetryAfter;
    return std::stoll(v);
  }
  time_t when = curl_getdate(v.c_str(), nullptr);
  if (when < 0) return std::nullopt;
  return std::clamp<int64_t>(static_cast<int64_t>(when) - now, 0, kMaxRetryAfter);
}

struct Fetcher::Impl {
  const FetchOptions* options = nullptr;
  CURLM* multi = nullptr;
  std::string user_agent;
  std::deque<std::unique_ptr<Transfer>> pending;
  std::unordered_map<CURL*, std::unique_ptr<Transfer>> running;
  struct Site {
    int in_flight = 0;
    Clock::time_point next_start{};
  };
  std::unordered_map<std::string, Site> sites;
  // Pauses asked for (429/503 + Retry-After), by origin: the server that said it, not its whole
  // registrable domain (a status host's week-long pause held back every feed of the domain).
  std::unordered_map<std::string, Clock::time_point> pauses;
  ProxyGuard proxy_guard;

  ~Impl() {
    for (auto& [easy, t] : running) curl_multi_remove_handle(multi, easy);
    running.clear();
    if (multi) curl_multi_cleanup(multi);
  }

  void complete(std::unique_ptr<Transfer> t, FetchResult result) {
    if (t->counted) --sites[t->site].in_flight;
    Fetcher::Callback done = std::move(t->done);
    FetchRequest request = std::move(t->request);
    t.reset();
    if (done) done(request, std::move(result));
  }

  // Returns an error when the handle could not be set up.
  Status setup(Transfer& t) {
    const FetchOptions& o = *options;
    t.options = options;
    t.body_limit = t.request.max_body_bytes > 0
                       ? std::min(t.request.max_body_bytes, o.max_body_bytes)
                       : o.max_body_bytes;
    // A local file is the user's own: read up to the feed parser's cap, as `byline feed` reads
    // it, whatever the cap on a download.
    if (starts_with_icase(t.request.url, "file:") && t.request.max_body_bytes == 0)
      t.body_limit = std::max(t.body_limit, kMaxFeedBytes);
    t.easy = curl_easy_init();
    if (!t.easy) return Status(ErrorCode::kInternal, "cannot create a transfer (out of memory?)");
    CURL* e = t.easy;
    curl_easy_setopt(e, CURLOPT_URL, t.request.url.c_str());
    curl_easy_setopt(e, CURLOPT_PRIVATE, &t);
    curl_easy_setopt(e, CURLOPT_ERRORBUFFER, t.error);
    curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR,
                     t.request.allow_file ? "http,https,file" : "http,https");
    curl_easy_setopt(e, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 1L);
    curl_easy_setopt(e, CURLOPT_MAXREDIRS, o.max_redirects);
    curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, o.connect_timeout_ms);
    curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, o.total_timeout_ms);
    curl_easy_setopt(e, CURLOPT_LOW_SPEED_LIMIT, o.low_speed_bytes);
    curl_easy_setopt(e, CURLOPT_LOW_SPEED_TIME, o.low_speed_seconds);
    // An announced length over the cap fails before the body; a prefix is kept only as it comes.
    if (!t.request.keep_prefix)
      curl_easy_setopt(e, CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(t.body_limit));
    curl_easy_setopt(e, CURLOPT_ACCEPT_ENCODING, "");  // every decoder libcurl has: gzip, br
    curl_easy_setopt(e, CURLOPT_HTTP_VERSION, static_cast<long>(CURL_HTTP_VERSION_2TLS));
    curl_easy_setopt(e, CURLOPT_USERAGENT, user_agent.c_str());
    curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(e, CURLOPT_WRITEDATA, &t);
    curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(e, CURLOPT_HEADERDATA, &t);
    curl_easy_setopt(e, CURLOPT_OPENSOCKETFUNCTION, on_open_socket);
    curl_easy_setopt(e, CURLOPT_OPENSOCKETDATA, &t);
    curl_easy_setopt(e, CURLOPT_PREREQFUNCTION, on_prereq);
    curl_easy_setopt(e, CURLOPT_PREREQDATA, &t);
    t.proxy_guard = &proxy_guard;
    // Checked again here: a state stored by an older version may hold anything.
    if (usable_validator(t.request.etag))
      t.headers = curl_slist_append(t.headers, ("If-None-Match: " + t.request.etag).c_str());
    if (usable_validator(t.request.last_modified) &&
        curl_getdate(t.request.last_modified.c_str(), nullptr) >= 0)  // an HTTP date, else none
      t.headers =
          curl_slist_append(t.headers, ("If-Modified-Since: " + t.request.last_modified).c_str());
    t.conditional = t.headers != nullptr;
    if (!t.request.accept.empty())
      t.headers = curl_slist_append(t.headers, ("Accept: " + t.request.accept).c_str());
    if (t.headers) curl_easy_setopt(e, CURLOPT_HTTPHEADER, t.headers);
    return Status::Ok();
  }

  /// Starts every pending transfer the limits allow; returns when the next delayed one may start.
  std::optional<Clock::time_point> start_ready() {
    const FetchOptions& o = *options;
    std::optional<Clock::time_point> next_wake;
    auto now = Clock::now();
    auto delay = std::chrono::duration_cast<Clock::duration>(
        std::chrono::duration<double>(std::max(0.0, o.host_delay_seconds)));
    for (auto it = pending.begin(); it != pending.end();) {
      if (static_cast<int>(running.size()) >= std::max(1, o.max_concurrency)) break;
      Transfer& t = **it;
      if (t.early_error) {
        std::unique_ptr<Transfer> owned = std::move(*it);
        pending.erase(it);
        Status st = *owned->early_error;
        complete(std::move(owned), FetchResult(st));
        it = pending.begin();
        continue;
      }
      if (!t.site.empty() && !proxy_guard.ready(t.host)) {
        // Its name is being looked up for the proxy check: look again soon.
        auto soon = now + std::chrono::milliseconds(10);
        if (!next_wake || soon < *next_wake) next_wake = soon;
        ++it;
        continue;
      }
      if (!t.site.empty()) {
        Site& site = sites[t.site];
        const auto pause = pauses.find(t.origin);
        if (pause != pauses.end() && pause->second > now) {
          const Clock::time_point until = pause->second;
          auto wait = std::chrono::duration<double>(until - now).count();
          if (wait > o.max_retry_wait_seconds) {
            // Too long to wait within this run: fail fast, the scheduler retries later.
            std::unique_ptr<Transfer> owned = std::move(*it);
            pending.erase(it);
            complete(
                std::move(owned),
                FetchResult(ErrorCode::kNetwork,
                            kSitePaused + std::to_string(static_cast<long long>(std::ceil(wait))) +
                                " s (Retry-After): " + describe(t.request.url)));
            it = pending.begin();
            continue;
          }
          if (!next_wake || until < *next_wake) next_wake = until;
          ++it;
          continue;
        }
        if (site.in_flight >= std::max(1, o.host_concurrency)) {
          ++it;
          continue;
        }
        if (now < site.next_start) {
          if (!next_wake || site.next_start < *next_wake) next_wake = site.next_start;
          ++it;
          continue;
        }
      }
      if (t.request.wanted && !t.request.wanted()) {
        std::unique_ptr<Transfer> owned = std::move(*it);
        pending.erase(it);
        complete(std::move(owned), FetchResult(ErrorCode::kNetwork, kUnwantedMessage));
        it = pending.begin();  // the callback may have changed the queue
        continue;
      }
      if (!t.site.empty()) {
        Site& site = sites[t.site];
        ++site.in_flight;
        t.counted = true;
        site.next_start = now + delay;
      }
      std::unique_ptr<Transfer> owned = std::move(*it);
      it = pending.erase(it);
      owned->started = now;
      Status st = setup(*owned);
      if (st.ok() && curl_multi_add_handle(multi, owned->easy) != CURLM_OK)
        st = Status(ErrorCode::kInternal, "cannot start a transfer");
      if (!st.ok()) {
        complete(std::move(owned), FetchResult(st));
        it = pending.begin();  // the callback may have changed the queue
        continue;
      }
      CURL* easy = owned->easy;
      running.emplace(easy, std::move(owned));
    }
    return next_wake;
  }

  void fail_running(const Status& why) {
    std::vector<CURL*> handles;
    for (auto& [easy, t] : running) handles.push_back(easy);
    for (CURL* easy : handles) {
      std::unique_ptr<Transfer> t = std::move(running[easy]);
      running.erase(easy);
      curl_multi_remove_handle(multi, easy);
      complete(std::move(t), FetchResult(why));
    }
  }

  bool cancelled() const {
    return (options->cancel && options->cancel->load()) ||
           (options->cancel_too && options->cancel_too->load()) ||
           (options->deadline && Clock::now() >= *options->deadline);
  }

  /// Ends every transfer, running or waiting, with the cancellation error; a callback that
  /// submits more sees those ended too before run() returns.
  void cancel_all() {
    fail_running(Status(ErrorCode::kNetwork, kCancelledMessage));
    while (!pending.empty()) {
      std::unique_ptr<Transfer> t = std::move(pending.front());
      pending.pop_front();
      complete(std::move(t), FetchResult(ErrorCode::kNetwork, kCancelledMessage));
    }
  }

  void drain_messages() {
    int left = 0;
    while (CURLMsg* msg = curl_multi_info_read(multi, &left)) {
      if (msg->msg != CURLMSG_DONE) continue;
      CURL* easy = msg->easy_handle;
      CURLcode rc = msg->data.result;
      auto it = running.find(easy);
      if (it == running.end()) continue;
      std::unique_ptr<Transfer> t = std::move(it->second);
      running.erase(it);
      curl_multi_remove_handle(multi, easy);
      FetchResult result = finish(*t, rc);
      if (result.ok() && !t->site.empty() &&
          (result->http_status == 429 || result->http_status == 503) &&
          result->retry_after_seconds) {
        // The server asked for a pause: honour it for every request queued to it. The server
        // that answered, after any redirect (re-audit: the one first asked was paused instead).
        std::string origin = t->origin;
        if (auto answered = parse_url(result->final_url); answered && !result->final_url.empty())
          origin = origin_of(*answered);
        Clock::time_point& until = pauses[origin];
        until = std::max(until, saturating_add(Clock::now(), *result->retry_after_seconds));
      }
      complete(std::move(t), std::move(result));
    }
  }
};

Fetcher::Fetcher(FetchOptions options) : options_(std::move(options)), impl_(new Impl) {
  global_init();
  impl_->options = &options_;
  impl_->user_agent = options_.user_agent.empty() ? BYLINE_USER_AGENT : options_.user_agent;
  if (options_.resolve) impl_->proxy_guard.resolver = options_.resolve;
  if (!options_.allow_private_networks) impl_->proxy_guard.load_from_environment();
  impl_->multi = curl_multi_init();
  if (impl_->multi) {
    curl_multi_setopt(impl_->multi, CURLMOPT_PIPELINING, CURLPIPE_MULTIPLEX);
    curl_multi_setopt(impl_->multi, CURLMOPT_MAX_TOTAL_CONNECTIONS,
                      static_cast<long>(std::max(1, options_.max_concurrency)));
  }
}

Fetcher::~Fetcher() = default;

std::optional<int64_t> Fetcher::site_pause_seconds(const std::string& url) const {
  auto parts = parse_url(url);
  if (!parts) return std::nullopt;
  auto it = impl_->pauses.find(origin_of(*parts));
  if (it == impl_->pauses.end()) return std::nullopt;
  auto left = it->second - Clock::now();
  if (left <= Clock::duration::zero()) return std::nullopt;
  return std::chrono::duration_cast<std::chrono::seconds>(left).count() + 1;
}

namespace {

// The local path of a file:// URL, percent-decoded as libcurl reads it; "" when it has none.
std::string file_url_path(const std::string& url) {
  std::unique_ptr<CURLU, void (*)(CURLU*)> u(curl_url(), &curl_url_cleanup);
  char* path = nullptr;
  if (!u ||
      curl_url_set(u.get(), CURLUPART_URL, url.c_str(), CURLU_NON_SUPPORT_SCHEME) != CURLUE_OK ||
      curl_url_get(u.get(), CURLUPART_PATH, &path, CURLU_URLDECODE) != CURLUE_OK)
    return {};
  std::string out(path);
  curl_free(path);
  return out;
}

}  // namespace

void Fetcher::submit(FetchRequest request, Callback done) {
  auto t = std::make_unique<Transfer>();
  t->done = std::move(done);
  if (!starts_with_icase(request.url, "file:")) {
    auto parts = parse_url(request.url);
    if (!parts) {
      // Reported from run() like any other outcome, so callbacks never nest inside submit().
      t->early_error = parts.status();
      t->request = std::move(request);
      impl_->pending.push_back(std::move(t));
      return;
    }
    t->site = registrable_domain(parts->host);
    t->host = parts->host;
    t->origin = origin_of(*parts);
    request.url = parts->url;
  } else if (std::string path = file_url_path(request.url); !path.empty()) {
    // libcurl reads a file:// URL with blocking calls inside the transfer loop: a FIFO or a
    // device named by a feed's link would hang the crawl (and its lock on the index) past every
    // timeout. Only regular files are read.
    struct stat st {};
    if (stat(path.c_str(), &st) == 0 && !S_ISREG(st.st_mode))
      t->early_error =
          Status(ErrorCode::kBadInput,
                 describe(request.url) + " is not a regular file (" +
                     (S_ISDIR(st.st_mode) ? "a directory" : "a FIFO, socket or device") + ")");
  }
  t->request = std::move(request);
  impl_->pending.push_back(std::move(t));
}

void Fetcher::run() {
  if (!impl_->multi) {
    while (!impl_->pending.empty()) {
      std::unique_ptr<Transfer> t = std::move(impl_->pending.front());
      impl_->pending.pop_front();
      impl_->complete(std::move(t), FetchResult(ErrorCode::kInternal, "libcurl is unavailable"));
    }
    return;
  }
  // Waits are cut to a tenth of a second when the run can be cancelled, to see the flag (or
  // the deadline) soon.
  const int max_wait_ms = options_.cancel || options_.cancel_too || options_.deadline ? 100 : 1000;
  while (!impl_->pending.empty() || !impl_->running.empty()) {
    if (impl_->cancelled()) {
      impl_->cancel_all();
      continue;
    }
    std::optional<Clock::time_point> wake = impl_->start_ready();
    int still_running = 0;
    if (curl_multi_perform(impl_->multi, &still_running) != CURLM_OK) {
      // The multi handle is broken (out of memory): fail what runs rather than spin forever.
      impl_->fail_running(
          Status(ErrorCode::kInternal, "the transfer engine failed (out of memory?)"));
    }
    impl_->drain_messages();
    if (impl_->pending.empty() && impl_->running.empty()) break;
    wake = impl_->start_ready();
    if (impl_->running.empty()) {
      // Only transfers waiting for a site's delay: sleep until the first may start.
      if (wake)
        std::this_thread::sleep_until(
            std::min(*wake, Clock::now() + std::chrono::milliseconds(max_wait_ms)));
      continue;
    }
    int timeout_ms = max_wait_ms;
    if (wake) {
      auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(*wake - Clock::now()).count();
      timeout_ms = static_cast<int>(std::clamp<long long>(ms, 0, max_wait_ms));
    }
    curl_multi_poll(impl_->multi, nullptr, 0, timeout_ms, nullptr);
  }
}

Result<FetchedDocument> fetch_url(const std::string& url, const FetchOptions& options,
                                  bool allow_file) {
  FetchRequest request;
  request.allow_file = allow_file;
  request.url = url;
  if (!looks_like_url(url)) {
    if (!allow_file || url.find("://") != std::string::npos)
      return Result<FetchedDocument>(ErrorCode::kUsage, "not an http(s) URL: " + describe(url));
    request.url = file_url_for_path(url);
  }
  std::optional<FetchResult> out;
  Fetcher fetcher(options);
  fetcher.submit(request, [&out](const FetchRequest&, FetchResult r) { out = std::move(r); });
  fetcher.run();
  if (!out) return Result<FetchedDocument>(ErrorCode::kInternal, "fetch did not complete");
  if (!out->ok()) return *out;
  const FetchedDocument& doc = out->value();
  if (doc.success() || (doc.not_modified() && doc.conditional)) return *out;
  ErrorCode code = (doc.http_status == 404 || doc.http_status == 410) ? ErrorCode::kNotFound
                                                                      : ErrorCode::kNetwork;
  return Result<FetchedDocument>(
      code, "HTTP " + std::to_string(doc.http_status) +
                (doc.not_modified() ? " without a conditional request" : "") + " fetching " +
                describe(url));
}

}  // namespace byline::crawler
