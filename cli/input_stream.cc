#include "cli/input_stream.h"

#include <fcntl.h>
#include <poll.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <vector>

#include "common/gzip.h"

namespace byline::cli {

namespace {

constexpr size_t kRawBuffer = 1u << 16;
/// How long a read of a pipe waits before looking at `cancel` again.
constexpr int kPollMs = 100;

}  // namespace

struct InputStream::Impl {
  int fd = -1;
  bool owns_fd = false;
  /// A pipe, FIFO, socket or terminal: its next bytes may take forever, so reads poll.
  bool waits = false;
  /// A regular file's size (-1 otherwise): one too large is refused before it is read.
  int64_t file_size = -1;
  const std::atomic<bool>* cancel = nullptr;
  std::string name;

  std::vector<char> raw = std::vector<char>(kRawBuffer);
  size_t raw_pos = 0, raw_len = 0;
  bool raw_eof = false;

  bool sniffed = false;  // whether the first bytes have said gzip or not
  bool gzip = false;
  GzipReader gz;
  bool done = false;
  bool output_pending = false;  // inflate filled the buffer it was given: it may hold more
  uint64_t total = 0;

  ~Impl() {
    if (owns_fd && fd >= 0) ::close(fd);
  }

  size_t available() const { return raw_len - raw_pos; }

  /// More raw bytes into the buffer (keeping what is unread); false at the end of the input.
  Result<bool> fill() {
    if (raw_eof) return false;
    if (raw_pos > 0) {
      std::memmove(raw.data(), raw.data() + raw_pos, available());
      raw_len -= raw_pos;
      raw_pos = 0;
    }
    while (true) {
      if (waits) {
        // Polled, never blocked in read(): a stop is seen while the writer is silent, and a
        // FIFO opened before any writer came (non-blocking) reads no false end meanwhile.
        pollfd p{fd, POLLIN, 0};
        const int r = ::poll(&p, 1, kPollMs);
        if (cancel && cancel->load())
          return Status(ErrorCode::kInterrupted, "stopped while waiting for " + name);
        if (r == 0 || (r < 0 && errno == EINTR)) continue;
      }
      const ssize_t n = ::read(fd, raw.data() + raw_len, raw.size() - raw_len);
      if (n < 0 && (errno == EINTR || errno == EAGAIN)) continue;
      if (n < 0)
        return Status(ErrorCode::kBadInput, "cannot read " + name + ": " + std::strerror(errno),
                      "check that it is a readable file");
      if (n == 0) {
        raw_eof = true;
        return false;
      }
      raw_len += static_cast<size_t>(n);
      return true;
    }
  }

  /// Whether the unread raw bytes start a gzip member (reads up to two bytes to know).
  Result<bool> at_gzip_magic() {
    while (available() < 2) {
      auto more = fill();
      if (!more.ok()) return more.status();
      if (!*more) break;
    }
    return is_gzip_magic(std::string_view(raw.data() + raw_pos, available()));
  }

  Result<size_t> read_plain(std::string& out, size_t max) {
    if (available() == 0) {
      auto more = fill();
      if (!more.ok()) return more.status();
      if (!*more) return size_t{0};
    }
    const size_t n = std::min(max, available());
    out.append(raw.data() + raw_pos, n);
    raw_pos += n;
    return n;
  }

  Result<size_t> read_gzip(std::string& out, size_t max) {
    char buf[kRawBuffer];
    while (!done) {
      const size_t room = std::min(max, sizeof buf);
      const GzipReader::Step step =
          gz.inflate(std::string_view(raw.data() + raw_pos, available()), raw_eof, buf, room);
      raw_pos += step.used;
      output_pending = step.made == room;
      out.append(buf, step.made);
      switch (step.state) {
        case GzipReader::State::kBad:
          return Status(ErrorCode::kBadInput,
                        name + " is not valid gzip data" +
                            (gz.message().empty() ? std::string() : ": " + gz.message()),
                        "give the file uncompressed");
        case GzipReader::State::kDone:
          done = true;
          break;
        case GzipReader::State::kTruncated:
          // What came before the cut is returned first; the next read says so.
          if (step.made > 0) return step.made;
          return Status(ErrorCode::kBadInput, name + " is a truncated gzip file",
                        "check that the download completed");
        case GzipReader::State::kMore:
          if (step.made > 0) return step.made;
          if (step.used == 0) {  // it needs more input
            auto more = fill();
            if (!more.ok()) return more.status();
          }
          break;
      }
    }
    return size_t{0};
  }
};

InputStream::InputStream(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
InputStream::~InputStream() = default;

Result<std::unique_ptr<InputStream>> InputStream::open(const std::string& path,
                                                       const std::string& name,
                                                       const std::atomic<bool>* cancel) {
  auto impl = std::make_unique<Impl>();
  impl->name = name;
  impl->cancel = cancel;
  if (path == "-") {
    impl->fd = STDIN_FILENO;
  } else {
    // Non-blocking: a FIFO no writer has opened yet would block open() itself, where no stop
    // signal ends the wait (reads are polled instead).
    impl->fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (impl->fd < 0)
      return Status(ErrorCode::kNotFound, "cannot read " + name + ": " + std::strerror(errno),
                    "check its permissions");
    impl->owns_fd = true;
  }
  struct stat st {};
  if (::fstat(impl->fd, &st) == 0) {
    if (S_ISDIR(st.st_mode))
      return Status(ErrorCode::kBadInput, name + " is a directory", "name a file");
    impl->waits = S_ISFIFO(st.st_mode) || S_ISSOCK(st.st_mode) || S_ISCHR(st.st_mode);
    if (S_ISREG(st.st_mode)) impl->file_size = static_cast<int64_t>(st.st_size);
  }
  if (impl->owns_fd && !impl->waits)  // a regular file reads as it always does
    ::fcntl(impl->fd, F_SETFL, ::fcntl(impl->fd, F_GETFL) & ~O_NONBLOCK);
  return std::unique_ptr<InputStream>(new InputStream(std::move(impl)));
}

Result<size_t> InputStream::read(std::string& out, size_t max) {
  Impl& in = *impl_;
  if (max == 0 || in.done) return size_t{0};
  if (!in.sniffed) {
    auto magic = in.at_gzip_magic();
    if (!magic.ok()) return magic.status();
    in.sniffed = true;
    in.gzip = *magic;
  }
  auto n = in.gzip ? in.read_gzip(out, max) : in.read_plain(out, max);
  if (n.ok()) in.total += *n;
  return n;
}

Status InputStream::read_all(std::string& out, size_t cap) {
  const int64_t size = impl_->file_size;
  if (size >= 0 && !impl_->gzip) {
    if (static_cast<uint64_t>(size) > cap)
      return Status(ErrorCode::kBadInput,
                    impl_->name + " is larger than " + std::to_string(cap >> 20) + " MiB",
                    "split the input");
    out.reserve(out.size() + static_cast<size_t>(size - std::min<int64_t>(size, impl_->total)));
  }
  while (true) {
    // One byte past the cap says the input is larger, without holding more than that.
    const size_t room = cap + 1 - std::min(cap + 1, impl_->total);
    if (room == 0) break;
    auto n = read(out, std::min<size_t>(room, kRawBuffer));
    if (!n.ok()) return n.status();
    if (*n == 0) return Status();
  }
  if (impl_->gzip)
    return Status(ErrorCode::kBadInput,
                  impl_->name + " decompresses to more than " + std::to_string(cap >> 20) + " MiB",
                  "split the input");
  return Status(ErrorCode::kBadInput,
                impl_->name + " is larger than " + std::to_string(cap >> 20) + " MiB",
                "split the input");
}

Status InputStream::read_up_to(std::string& out, size_t n) {
  for (size_t got = 0; got < n;) {
    auto r = read(out, n - got);
    if (!r.ok()) return r.status();
    if (*r == 0) break;
    got += *r;
  }
  return Status();
}

bool InputStream::is_pipe() const { return impl_->waits; }

bool InputStream::wait_readable(int ms) {
  Impl& in = *impl_;
  if (!in.waits || in.done || in.raw_eof || in.available() > 0 || in.output_pending) return true;
  for (int waited = 0; waited < ms; waited += kPollMs) {
    if (in.cancel && in.cancel->load()) return true;  // read() reports the stop
    pollfd p{in.fd, POLLIN, 0};
    const int r = ::poll(&p, 1, std::min(kPollMs, ms - waited));
    if (r != 0) return true;  // bytes, the end, or an error for read() to report
  }
  return false;
}

bool LineReader::has_line() const { return eof_ || buf_.find('\n', pos_) != std::string::npos; }
bool InputStream::gzip() const { return impl_->gzip; }
const std::string& InputStream::name() const { return impl_->name; }

LineReader::LineReader(InputStream& in, size_t max_line, std::string already_read)
    : in_(in), max_line_(max_line), buf_(std::move(already_read)) {}

Result<LineReader::Got> LineReader::next(std::string& line) {
  bool too_long = false;
  size_t scanned = pos_;  // where the search for '\n' goes on
  while (true) {
    const size_t nl = buf_.find('\n', scanned);
    if (nl != std::string::npos) {
      ++line_no_;
      if (too_long || nl - pos_ > max_line_) {
        pos_ = nl + 1;
        return Got::kTooLong;
      }
      if (pos_ == 0 && nl >= kRawBuffer) {
        // A long line is most of the buffer: handed over, not copied (a 60 MB record was
        // held twice while it was read).
        std::string rest = buf_.substr(nl + 1);
        buf_.resize(nl);
        line.swap(buf_);
        buf_ = std::move(rest);
        pos_ = 0;
        return Got::kLine;
      }
      line.assign(buf_, pos_, nl - pos_);
      pos_ = nl + 1;
      return Got::kLine;
    }
    if (!too_long && buf_.size() - pos_ > max_line_) too_long = true;
    if (too_long) {  // what was read of it is dropped: memory stays at one buffer
      buf_.clear();
      pos_ = 0;
    } else if (pos_ > 0) {
      buf_.erase(0, pos_);
      pos_ = 0;
    }
    scanned = buf_.size();
    if (eof_) break;
    auto n = in_.read(buf_, kRawBuffer);
    if (!n.ok()) return n.status();
    if (*n == 0) eof_ = true;
  }
  if (!too_long && pos_ == buf_.size()) return Got::kEnd;
  ++line_no_;  // the last line, with no newline after it
  if (too_long) {
    buf_.clear();
    pos_ = 0;
    return Got::kTooLong;
  }
  const bool over = buf_.size() - pos_ > max_line_;
  if (!over) line.assign(buf_, pos_, std::string::npos);
  buf_.clear();
  pos_ = 0;
  return over ? Got::kTooLong : Got::kLine;
}

}  // namespace byline::cli
