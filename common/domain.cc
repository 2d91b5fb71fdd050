#include "common/domain.h"

#include <arpa/inet.h>
#include <libpsl.h>

#include "common/text.h"

namespace byline {

namespace {

// The newer of libpsl's built-in list and Debian's publicsuffix package; loaded once, then only
// read (libpsl look-ups on one context are safe from any thread).
const psl_ctx_t* suffix_list() {
  static const psl_ctx_t* const ctx = []() -> const psl_ctx_t* {
    if (const psl_ctx_t* latest = psl_latest(nullptr)) return latest;
    return psl_builtin();
  }();
  return ctx;
}

std::string normalised(std::string_view host) {
  std::string h = to_lower_ascii(host);
  while (!h.empty() && h.back() == '.') h.pop_back();
  return h;
}

bool is_ip_literal(const std::string& h) {
  if (h.find(':') != std::string::npos || (!h.empty() && h.front() == '[')) return true;
  in_addr v4;
  return ::inet_pton(AF_INET, h.c_str(), &v4) == 1;
}

}  // namespace

std::string registrable_domain(std::string_view host) {
  std::string h = normalised(host);
  if (h.empty() || is_ip_literal(h) || h.find('.') == std::string::npos) return h;
  if (const psl_ctx_t* psl = suffix_list()) {
    const char* reg = psl_registrable_domain(psl, h.c_str());
    return reg ? std::string(reg) : h;  // none: the host is a public suffix itself
  }
  // No list at all (libpsl built without one and no data file): the last two labels.
  const size_t last = h.rfind('.');
  const size_t second = h.rfind('.', last - 1);
  return second == std::string::npos ? h : h.substr(second + 1);
}

std::vector<std::string> host_and_parents(std::string_view host) {
  std::vector<std::string> out;
  std::string h = normalised(host);
  if (h.empty()) return out;
  if (is_ip_literal(h)) return {h};  // an address has no parent domains
  const std::string stop = registrable_domain(h);
  while (true) {
    out.push_back(h);
    const size_t dot = h.find('.');
    if (h.size() <= stop.size() || dot == std::string::npos) break;
    h.erase(0, dot + 1);
  }
  return out;
}

std::string public_suffix_library() { return std::string("libpsl ") + psl_get_version(); }

}  // namespace byline
