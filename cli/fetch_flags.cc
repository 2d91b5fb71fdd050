#include "cli/fetch_flags.h"

#include <cmath>

#include "cli/command.h"

namespace byline::cli {

crawler::FetchOptions FetchFlags::options() const {
  crawler::FetchOptions o;
  o.allow_private_networks = allow_private;
  // The option checks keep these in range (a timeout of 0 ms would mean none to libcurl).
  o.total_timeout_ms = std::lround(timeout * 1000);
  o.connect_timeout_ms = std::lround(connect_timeout * 1000);
  o.max_body_bytes = max_bytes;
  return o;
}

void add_fetch_flags(CLI::App* sub, FetchFlags& flags) {
  sub->add_flag(
      "--allow-private-networks", flags.allow_private,
      "allow loopback, private, link-local and other special-purpose addresses, directly or "
      "through a proxy (refused by default)");
  // Out-of-range values are usage errors (exit 2), never quietly clamped to something else.
  sub->add_option("--timeout", flags.timeout, "seconds allowed for one transfer")
      ->check(number_from(0.1, 86400))
      ->capture_default_str();
  sub->add_option("--connect-timeout", flags.connect_timeout, "seconds allowed to connect")
      ->check(number_from(0.1, 86400))
      ->capture_default_str();
  sub->add_option(
         "--max-bytes", flags.max_bytes,
         "largest response body of a download in bytes, after decompression (of "
         "robots.txt a crawl reads at most 512 KiB; it does not cap a local file: a page is read "
         "up to 64 MiB, a feed up to 32 MiB)")
      ->transform(whole_number_from(1, 1000000000000))
      ->capture_default_str();
}

}  // namespace byline::cli
