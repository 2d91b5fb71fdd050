// tests/http_test_server.h: a loopback HTTP/1.1 server for crawler tests and benchmarks.
//
// Binds 127.0.0.1 only (no traffic leaves the machine), one thread per connection, one request
// per connection (Connection: close). Handlers can answer normally or behave like hostile
// servers (drip, hang, endless bodies, huge headers). It stops at destruction, and by itself
// after `lifetime` so a stuck test cannot leave it running. Header-only: the test CMake compiles
// each *_test.cc with test_support.cc only.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <functional>
#include <list>
#include <map>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace byline::testing {

struct HttpRequest {
  std::string method;
  std::string path;                            ///< path and query as sent
  std::map<std::string, std::string> headers;  ///< lower-case names

  std::string header(const std::string& name) const {
    auto it = headers.find(name);
    return it == headers.end() ? std::string() : it->second;
  }
};

/// A socket the handler may write to; write() fails once the client has gone or the server stops.
class HttpStream {
 public:
  HttpStream(int fd, const std::atomic<bool>& stop) : fd_(fd), stop_(stop) {}
  bool write(std::string_view data) {
    while (!data.empty()) {
      if (stop_) return false;
      pollfd p{fd_, POLLOUT, 0};
      if (::poll(&p, 1, 50) <= 0) continue;
      ssize_t n = ::send(fd_, data.data(), data.size(), MSG_NOSIGNAL);
      if (n <= 0) return false;
      data.remove_prefix(static_cast<size_t>(n));
    }
    return true;
  }
  /// Sleeps up to `ms`, returning false early when the server stops or the client hangs up.
  bool sleep_ms(int ms) {
    auto end = std::chrono::steady_clock::now() + std::chrono::milliseconds(ms);
    while (std::chrono::steady_clock::now() < end) {
      if (stop_) return false;
      pollfd p{fd_, POLLIN, 0};
      if (::poll(&p, 1, 20) > 0) {
        char c;
        if (::recv(fd_, &c, 1, MSG_PEEK | MSG_DONTWAIT) == 0) return false;  // closed
      }
    }
    return !stop_;
  }

 private:
  int fd_;
  const std::atomic<bool>& stop_;
};

struct HttpResponse {
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  int delay_ms = 0;  ///< wait before answering
  /// When set, writes the whole response itself (status line included): hostile behaviours.
  std::function<void(HttpStream&)> raw;

  static HttpResponse text(int status, std::string body, std::string type = "text/plain") {
    HttpResponse r;
    r.status = status;
    r.body = std::move(body);
    r.headers.emplace_back("Content-Type", std::move(type));
    return r;
  }
  static HttpResponse redirect(int status, const std::string& location) {
    HttpResponse r;
    r.status = status;
    r.headers.emplace_back("Location", location);
    return r;
  }
};

class HttpTestServer {
 public:
  using Handler = std::function<HttpResponse(const HttpRequest&)>;

  explicit HttpTestServer(Handler handler,
                          std::chrono::seconds lifetime = std::chrono::seconds(120))
      : handler_(std::move(handler)), deadline_(std::chrono::steady_clock::now() + lifetime) {
    listen_fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (listen_fd_ < 0) throw std::runtime_error("socket() failed");
    int one = 1;
    ::setsockopt(listen_fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);  // loopback only, never 0.0.0.0
    addr.sin_port = 0;
    if (::bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
        ::listen(listen_fd_, 512) != 0) {
      ::close(listen_fd_);
      throw std::runtime_error("cannot listen on 127.0.0.1");
    }
    socklen_t len = sizeof addr;
    ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
    accept_thread_ = std::thread([this] { accept_loop(); });
  }

  ~HttpTestServer() { stop(); }
  HttpTestServer(const HttpTestServer&) = delete;
  HttpTestServer& operator=(const HttpTestServer&) = delete;

  void stop() {
    stop_ = true;
    if (accept_thread_.joinable()) accept_thread_.join();
    std::list<Worker> workers;
    {
      std::lock_guard<std::mutex> lock(mu_);
      workers.swap(workers_);
    }
    for (auto& w : workers) w.thread.join();
    if (listen_fd_ >= 0) ::close(listen_fd_);
    listen_fd_ = -1;
  }

  int port() const { return port_; }
  /// "http://127.0.0.1:PORT" + path.
  std::string url(const std::string& path = "/") const {
    return "http://127.0.0.1:" + std::to_string(port_) + path;
  }
  /// Requests received so far (paths, in arrival order).
  std::vector<std::string> requests() const {
    std::lock_guard<std::mutex> lock(mu_);
    return paths_;
  }
  int request_count(const std::string& path) const {
    std::lock_guard<std::mutex> lock(mu_);
    return static_cast<int>(std::count(paths_.begin(), paths_.end(), path));
  }
  int total_requests() const {
    std::lock_guard<std::mutex> lock(mu_);
    return static_cast<int>(paths_.size());
  }
  /// Largest number of requests being answered at the same time.
  int max_in_flight() const { return max_in_flight_; }

 private:
  void accept_loop() {
    while (!stop_) {
      if (std::chrono::steady_clock::now() > deadline_) {
        stop_ = true;  // stop by itself: a hung test must not keep a server alive
        break;
      }
      pollfd p{listen_fd_, POLLIN, 0};
      if (::poll(&p, 1, 50) <= 0) continue;
      int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
      if (fd < 0) continue;
      int one = 1;
      ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
      std::lock_guard<std::mutex> lock(mu_);
      reap_finished_workers();
      auto done = std::make_shared<std::atomic<bool>>(false);
      workers_.push_back({std::thread([this, fd, done] {
                            serve(fd);
                            ::close(fd);
                            *done = true;
                          }),
                          done});
    }
  }

  // Joins connection threads that have finished, so a long benchmark does not pile them up.
  void reap_finished_workers() {
    for (auto it = workers_.begin(); it != workers_.end();) {
      if (*it->done) {
        it->thread.join();
        it = workers_.erase(it);
      } else {
        ++it;
      }
    }
  }

  bool read_request(int fd, HttpRequest& req) {
    std::string buf;
    auto end = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (buf.find("\r\n\r\n") == std::string::npos) {
      if (stop_ || std::chrono::steady_clock::now() > end || buf.size() > (1u << 20)) return false;
      pollfd p{fd, POLLIN, 0};
      if (::poll(&p, 1, 50) <= 0) continue;
      char tmp[4096];
      ssize_t n = ::recv(fd, tmp, sizeof tmp, 0);
      if (n <= 0) return false;
      buf.append(tmp, static_cast<size_t>(n));
    }
    size_t line_end = buf.find("\r\n");
    std::string first = buf.substr(0, line_end);
    size_t sp1 = first.find(' ');
    size_t sp2 = first.find(' ', sp1 + 1);
    if (sp1 == std::string::npos || sp2 == std::string::npos) return false;
    req.method = first.substr(0, sp1);
    req.path = first.substr(sp1 + 1, sp2 - sp1 - 1);
    size_t pos = line_end + 2;
    size_t head_end = buf.find("\r\n\r\n");
    while (pos < head_end) {
      size_t e = buf.find("\r\n", pos);
      std::string line = buf.substr(pos, e - pos);
      pos = e + 2;
      size_t colon = line.find(':');
      if (colon == std::string::npos) continue;
      std::string name = line.substr(0, colon);
      for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      size_t v = line.find_first_not_of(' ', colon + 1);
      req.headers[name] = v == std::string::npos ? "" : line.substr(v);
    }
    return true;
  }

  void serve(int fd) {
    HttpRequest req;
    if (!read_request(fd, req)) return;
    {
      std::lock_guard<std::mutex> lock(mu_);
      paths_.push_back(req.path);
    }
    int now_in_flight = ++in_flight_;
    int prev = max_in_flight_.load();
    while (now_in_flight > prev && !max_in_flight_.compare_exchange_weak(prev, now_in_flight)) {
    }
    HttpResponse resp = handler_(req);
    HttpStream out(fd, stop_);
    if (resp.delay_ms > 0 && !out.sleep_ms(resp.delay_ms)) {
      --in_flight_;
      return;
    }
    if (resp.raw) {
      resp.raw(out);
      --in_flight_;
    } else {
      // Counted out before the response goes: the client may finish and start its next request
      // before this thread runs again, and must not be seen as one transfer too many.
      --in_flight_;
      std::string head = "HTTP/1.1 " + std::to_string(resp.status) + " " + reason(resp.status) +
                         "\r\nConnection: close\r\n";
      bool has_length = false;
      for (auto& [k, v] : resp.headers) {
        head += k + ": " + v + "\r\n";
        if (strcasecmp(k.c_str(), "content-length") == 0) has_length = true;
      }
      if (!has_length) head += "Content-Length: " + std::to_string(resp.body.size()) + "\r\n";
      head += "\r\n";
      if (out.write(head) && req.method != "HEAD") out.write(resp.body);
    }
    ::shutdown(fd, SHUT_WR);
  }

  static const char* reason(int status) {
    switch (status) {
      case 200:
        return "OK";
      case 301:
        return "Moved Permanently";
      case 302:
        return "Found";
      case 304:
        return "Not Modified";
      case 308:
        return "Permanent Redirect";
      case 404:
        return "Not Found";
      case 410:
        return "Gone";
      case 429:
        return "Too Many Requests";
      case 500:
        return "Internal Server Error";
      case 503:
        return "Service Unavailable";
      default:
        return "Status";
    }
  }

  Handler handler_;
  std::chrono::steady_clock::time_point deadline_;
  int listen_fd_ = -1;
  int port_ = 0;
  std::atomic<bool> stop_{false};
  std::atomic<int> in_flight_{0};
  std::atomic<int> max_in_flight_{0};
  mutable std::mutex mu_;
  std::vector<std::string> paths_;
  struct Worker {
    std::thread thread;
    std::shared_ptr<std::atomic<bool>> done;
  };
  std::list<Worker> workers_;
  std::thread accept_thread_;
};

// ---- hostile behaviours -------------------------------------------------------------------

/// `data` as a gzip file of stored (uncompressed) deflate blocks, with its CRC-32, as a
/// server sends a .gz file: built by hand, so the tests need no zlib.
inline std::string gzip_stored(std::string_view data) {
  std::string out = {'\x1f', '\x8b', 8, 0, 0, 0, 0, 0, 0, '\xff'};
  uint32_t crc = 0xFFFFFFFFu;
  for (unsigned char c : data) {
    crc ^= c;
    for (int k = 0; k < 8; ++k) crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1u)));
  }
  crc ^= 0xFFFFFFFFu;
  auto le = [&out](uint32_t v, int n) {
    for (int i = 0; i < n; ++i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xFF));
  };
  size_t at = 0;
  do {
    const size_t n = std::min<size_t>(data.size() - at, 65535);
    out.push_back(at + n == data.size() ? 1 : 0);  // BFINAL, BTYPE=00
    le(static_cast<uint32_t>(n), 2);
    le(static_cast<uint32_t>(~n & 0xFFFF), 2);
    out.append(data.substr(at, n));
    at += n;
  } while (at < data.size());
  le(crc, 4);
  le(static_cast<uint32_t>(data.size()), 4);
  return out;
}

/// A gzip body of about `inflated` zero bytes, 1/1032 of that size (1 MiB inflates to 1 GiB):
/// one dynamic-Huffman deflate block whose codes make every (length 258, distance 1) match two
/// bits long. Built by hand, so the tests need no zlib; shows that the cap counts decoded bytes.
inline std::string gzip_bomb(size_t inflated) {
  std::string out = {'\x1f', '\x8b', 8, 0, 0, 0, 0, 0, 0, '\xff'};
  uint64_t bitbuf = 0;
  int bits = 0;
  auto put = [&](uint32_t value, int n) {  // LSB-first, as deflate packs header fields
    bitbuf |= uint64_t{value} << bits;
    bits += n;
    while (bits >= 8) {
      out.push_back(static_cast<char>(bitbuf & 0xff));
      bitbuf >>= 8;
      bits -= 8;
    }
  };
  auto put_code = [&](uint32_t code, int n) {  // Huffman codes go most significant bit first
    uint32_t rev = 0;
    for (int i = 0; i < n; ++i) rev |= ((code >> i) & 1u) << (n - 1 - i);
    put(rev, n);
  };
  put(1, 1);   // BFINAL
  put(2, 2);   // BTYPE=10: dynamic Huffman
  put(29, 5);  // HLIT: 286 literal/length codes
  put(0, 5);   // HDIST: 1 distance code
  put(14, 4);  // HCLEN: 18 code-length codes
  // Code-length code lengths in RFC 1951 order 16,17,18,0,8,7,9,6,10,5,11,4,12,3,13,2,14,1:
  // symbol 18 (zero run) gets 1 bit, symbols 1 and 2 get 2 bits.
  const int kClen[18] = {0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 2};
  for (int l : kClen) put(static_cast<uint32_t>(l), 3);
  // Canonical codes: 18 -> 0, 1 -> 10, 2 -> 11.
  auto len2 = [&] { put_code(3, 2); };
  auto len1 = [&] { put_code(2, 2); };
  auto zeros = [&](int n) {
    put_code(0, 1);
    put(static_cast<uint32_t>(n - 11), 7);
  };
  len2();  // literal 0: 2 bits
  zeros(138);
  zeros(117);  // literals 1..255 unused
  len2();      // 256 end of block: 2 bits
  zeros(28);   // 257..284 unused
  len1();      // 285 (length 258): 1 bit
  len1();      // distance 0 (distance 1): 1 bit
  // Literal/length codes: 285 -> 0, literal 0 -> 10, end of block -> 11; distance 0 -> 0.
  put_code(2, 2);  // the first zero byte
  size_t matches = inflated > 1 ? (inflated - 1) / 258 : 0;
  while (matches > 0 && bits != 0) {  // align to a byte, then whole zero bytes = 4 matches each
    put(0, 2);
    --matches;
  }
  out.append(matches / 4, '\0');
  for (size_t i = 0; i < matches % 4; ++i) put(0, 2);
  put_code(3, 2);  // end of block
  if (bits > 0) put(0, 8 - bits);
  out.append(8, '\0');  // CRC32 and size: never reached by a capped client
  return out;
}

/// Sends the status line and headers, then the body one byte every `interval_ms`.
inline std::function<void(HttpStream&)> drip(std::string body, int interval_ms) {
  return [body = std::move(body), interval_ms](HttpStream& s) {
    if (!s.write("HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\nContent-Length: " +
                 std::to_string(body.size()) + "\r\n\r\n"))
      return;
    for (char c : body)
      if (!s.write(std::string(1, c)) || !s.sleep_ms(interval_ms)) return;
  };
}

/// Reads the request and never answers.
inline std::function<void(HttpStream&)> hang() {
  return [](HttpStream& s) { s.sleep_ms(60'000); };
}

/// A chunked body that never ends.
inline std::function<void(HttpStream&)> endless_chunked() {
  return [](HttpStream& s) {
    if (!s.write(
            "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\n\r\n"))
      return;
    std::string chunk(64 * 1024, 'a');
    char size_line[32];
    std::snprintf(size_line, sizeof size_line, "%zx\r\n", chunk.size());
    std::string frame = std::string(size_line) + chunk + "\r\n";
    while (s.write(frame)) {
    }
  };
}

/// A response whose headers total `bytes`.
inline std::function<void(HttpStream&)> huge_headers(size_t bytes) {
  return [bytes](HttpStream& s) {
    if (!s.write("HTTP/1.1 200 OK\r\n")) return;
    std::string line = "X-Filler: " + std::string(990, 'x') + "\r\n";
    for (size_t sent = 0; sent < bytes; sent += line.size())
      if (!s.write(line)) return;
    s.write("Content-Length: 2\r\n\r\nok");
  };
}

}  // namespace byline::testing
