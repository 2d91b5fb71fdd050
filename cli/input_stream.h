// cli/input_stream.h: a local input read a piece at a time (a file, a FIFO, standard input),
// gzip data decompressed as it comes, so JSON Lines of any length index in bounded memory.
#pragma once

#include <atomic>
#include <memory>
#include <string>

#include "byline/status.h"

namespace byline::cli {

class InputStream {
 public:
  /// Opens a path or "-" (standard input; `name` then says "standard input" in messages).
  /// `cancel`, when given, ends a wait for the next bytes of a pipe, a FIFO or a terminal with
  /// kInterrupted once it is set: a stop signal is seen while the producer is silent.
  static Result<std::unique_ptr<InputStream>> open(const std::string& path, const std::string& name,
                                                   const std::atomic<bool>* cancel = nullptr);
  ~InputStream();
  InputStream(const InputStream&) = delete;
  InputStream& operator=(const InputStream&) = delete;

  /// Appends at most `max` bytes (decompressed when the input is gzip data) to `out`; 0 at the
  /// end. Members of a gzip file are read one after the other, as gzip -d does.
  Result<size_t> read(std::string& out, size_t max);
  /// Reads to the end onto `out`, refusing more than `cap` bytes in all ("... is larger than",
  /// or for gzip data "... decompresses to more than").
  Status read_all(std::string& out, size_t cap);
  /// Reads until `out` has grown by `n` bytes, or to the end.
  Status read_up_to(std::string& out, size_t n);
  /// A pipe, FIFO, socket or terminal: what was read of it cannot be read again.
  bool is_pipe() const;
  /// Whether read() has bytes to give without waiting (or the end, or a stop, to report),
  /// waiting up to `ms` milliseconds for them. Always true for a regular file.
  bool wait_readable(int ms);
  bool gzip() const;
  const std::string& name() const;

 private:
  struct Impl;
  explicit InputStream(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

/// The lines of a stream, at most `max_line` bytes each (without the newline). A longer line is
/// skipped to its end without being held, and reported as too long; the lines after it are read.
class LineReader {
 public:
  LineReader(InputStream& in, size_t max_line, std::string already_read = {});
  enum class Got { kLine, kTooLong, kEnd };
  /// The next line into `line`; kEnd after the last one. An error ends the stream.
  Result<Got> next(std::string& line);
  /// The 1-based number of the line `next` returned last.
  size_t line_number() const { return line_no_; }
  /// Whether next() has a whole line without reading (or the input's end).
  bool has_line() const;

 private:
  InputStream& in_;
  size_t max_line_;
  std::string buf_;
  size_t pos_ = 0;
  size_t line_no_ = 0;
  bool eof_ = false;
};

}  // namespace byline::cli
