// byline/status.h: error values carried across the public API.
//
// Exceptions from Xapian and libcurl stop at one boundary per library; above it every fallible
// call returns a Status or a Result<T> holding a one-line message and, where useful, a hint.
#pragma once

#include <string>
#include <utility>
#include <variant>

namespace byline {

/// What went wrong, coarse enough to pick an exit code from (the `byline` command exits with
/// exit_code(); its README lists them, share/doc/byline).
enum class ErrorCode : int {
  kOk = 0,
  kInternal = 1,      ///< a bug or an unexpected library failure
  kUsage = 2,         ///< bad command-line arguments
  kNotFound = 3,      ///< a file, URL or article that does not exist
  kBadInput = 4,      ///< input that cannot be parsed at all (feed, article, JSON)
  kNetwork = 5,       ///< a fetch failed (DNS, TLS, HTTP error, limit hit, refused address)
  kBadQuery = 6,      ///< a search query that does not parse
  kIndexLocked = 7,   ///< another writer holds the index, or commits faster than a read takes
  kIndexVersion = 8,  ///< the index was written by a newer byline, or is not a byline index
  kIndexCorrupt = 9,  ///< the index cannot be read or written (corrupt, permissions)
  kPartial = 10,      ///< the run finished but some inputs failed (listed in the summary)
  kInterrupted = 11,  ///< a signal stopped the run early; what it had done is kept
  kNoSpace = 12,      ///< the index's disk is (nearly) full: nothing was written, nothing lost
};

/// Exit code a command-line tool returns for `code` (equal to the enum's value).
constexpr int exit_code(ErrorCode code) { return static_cast<int>(code); }

/// Outcome of an operation that returns no value: ok, or a code, a message and a hint.
class Status {
 public:
  Status() = default;
  Status(ErrorCode code, std::string message, std::string hint = {})
      : code_(code), message_(std::move(message)), hint_(std::move(hint)) {}

  static Status Ok() { return {}; }
  bool ok() const { return code_ == ErrorCode::kOk; }
  explicit operator bool() const { return ok(); }
  ErrorCode code() const { return code_; }
  const std::string& message() const { return message_; }
  const std::string& hint() const { return hint_; }

 private:
  ErrorCode code_ = ErrorCode::kOk;
  std::string message_;
  std::string hint_;
};

/// A value or the Status that explains why there is none.
template <typename T>
class Result {
 public:
  Result(T value) : v_(std::move(value)) {}  // NOLINT: implicit by design, like std::expected
  /// An ok `status` holds no value: it becomes an internal error, never a Result that is
  /// neither a value nor an error.
  Result(Status status)  // NOLINT
      : v_(status.ok() ? Status(ErrorCode::kInternal, "a Result was made of an ok Status, no value")
                       : std::move(status)) {}
  Result(ErrorCode code, std::string message, std::string hint = {})
      : Result(Status(code, std::move(message), std::move(hint))) {}

  bool ok() const { return std::holds_alternative<T>(v_); }
  explicit operator bool() const { return ok(); }
  /// The value; only when ok() (else std::bad_variant_access is thrown: the one throw of the
  /// API, a caller's bug). operator-> and operator* alike.
  T& value() & { return std::get<T>(v_); }
  const T& value() const& { return std::get<T>(v_); }
  T&& value() && { return std::get<T>(std::move(v_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  /// The error; an ok Status when there is a value.
  Status status() const { return ok() ? Status::Ok() : std::get<Status>(v_); }

 private:
  std::variant<T, Status> v_;
};

}  // namespace byline
