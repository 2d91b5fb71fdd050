// common/gzip.h: gzip data inflated as `gzip -d` reads it: members one after another, and bytes
// after the last member that open no other ignored. One reader for the fetcher (a feed.xml.gz
// served as it is) and the command line (a records.jsonl.gz streamed in bounded memory).
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace byline {

/// Whether `s` opens as gzip data does (the magic bytes 1f 8b).
bool is_gzip_magic(std::string_view s);

class GzipReader {
 public:
  enum class State {
    kMore,       ///< call again: with the input after `used`, and more of it if nothing moved
    kDone,       ///< the last member ended
    kTruncated,  ///< the input ended inside a member
    kBad,        ///< no gzip data (message() says why)
  };
  struct Step {
    size_t used = 0;  ///< bytes of the input read
    size_t made = 0;  ///< bytes written to the output
    State state = State::kMore;
  };

  GzipReader();
  ~GzipReader();
  GzipReader(const GzipReader&) = delete;
  GzipReader& operator=(const GzipReader&) = delete;

  /// Inflates from `in` into `out` (at most `room` bytes); `input_ends` says no byte follows
  /// `in`. Between members it needs two bytes to know whether another opens: with fewer, and
  /// more to come, it reads nothing (used and made 0) and asks for more.
  Step inflate(std::string_view in, bool input_ends, char* out, size_t room);
  /// zlib's reason for a kBad step ("incorrect header check"), or "".
  std::string message() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// All of `in` inflated; nullopt when it is no whole gzip data (damaged or cut short), with
/// `too_large` set when it inflates past `max` bytes (a gzip bomb), read no further than that.
std::optional<std::string> gunzip(std::string_view in, size_t max, bool& too_large);

}  // namespace byline
