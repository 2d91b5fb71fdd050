#include "common/gzip.h"

#include <zlib.h>

#include <algorithm>
#include <climits>

namespace byline {

bool is_gzip_magic(std::string_view s) { return s.size() >= 2 && s[0] == '\x1f' && s[1] == '\x8b'; }

struct GzipReader::Impl {
  z_stream zs{};
  bool ready = false;
  bool member_ended = false;  // one member done: another may follow
  bool done = false;
  std::string message;

  ~Impl() {
    if (ready) inflateEnd(&zs);
  }
};

GzipReader::GzipReader() : impl_(std::make_unique<Impl>()) {}
GzipReader::~GzipReader() = default;

std::string GzipReader::message() const { return impl_->message; }

GzipReader::Step GzipReader::inflate(std::string_view in, bool input_ends, char* out, size_t room) {
  Impl& z = *impl_;
  Step step;
  if (z.done) {
    step.state = State::kDone;
    return step;
  }
  if (!z.ready) {
    // 16 + MAX_WBITS: a gzip header and trailer, not zlib's own.
    if (inflateInit2(&z.zs, 16 + MAX_WBITS) != Z_OK) {
      z.message = "cannot start zlib";
      step.state = State::kBad;
      return step;
    }
    z.ready = true;
  } else if (z.member_ended) {
    // Concatenated members (`cat a.gz b.gz`) are read on; other trailing bytes are ignored,
    // as gzip -d ignores them.
    if (in.size() < 2 && !input_ends) return step;
    if (!is_gzip_magic(in)) {
      z.done = true;
      step.state = State::kDone;
      return step;
    }
    inflateReset(&z.zs);
    z.member_ended = false;
  }
  if (in.empty()) {
    if (input_ends) step.state = State::kTruncated;
    return step;
  }
  // Past 4 GiB a call reads in part, as zlib's counters are 32 bits; the caller comes back.
  const size_t take = std::min<size_t>(in.size(), UINT_MAX);
  const size_t give = std::min<size_t>(room, UINT_MAX);
  z.zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  z.zs.avail_in = static_cast<uInt>(take);
  z.zs.next_out = reinterpret_cast<Bytef*>(out);
  z.zs.avail_out = static_cast<uInt>(give);
  const int rc = ::inflate(&z.zs, Z_NO_FLUSH);
  step.used = take - z.zs.avail_in;
  step.made = give - z.zs.avail_out;
  if (rc == Z_STREAM_END) {
    z.member_ended = true;
  } else if (rc != Z_OK && rc != Z_BUF_ERROR) {  // Z_BUF_ERROR: it wants more input
    z.message = z.zs.msg ? z.zs.msg : "damaged data";
    step.state = State::kBad;
  } else if (input_ends && step.used == in.size() && z.zs.avail_out > 0) {
    step.state = State::kTruncated;  // it read all there is, and wants more
  }
  return step;
}

std::optional<std::string> gunzip(std::string_view in, size_t max, bool& too_large) {
  GzipReader reader;
  std::string out;
  char buf[1 << 16];
  for (;;) {
    const GzipReader::Step step = reader.inflate(in, true, buf, sizeof buf);
    if (out.size() + step.made > max) {
      too_large = true;
      return std::nullopt;
    }
    out.append(buf, step.made);
    in.remove_prefix(step.used);
    if (step.state == GzipReader::State::kDone) return out;
    if (step.state != GzipReader::State::kMore) return std::nullopt;
    if (step.used == 0 && step.made == 0) return std::nullopt;  // no way on (cannot happen)
  }
}

}  // namespace byline
