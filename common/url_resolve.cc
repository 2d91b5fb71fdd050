#include "common/url_resolve.h"

#include <cctype>

#include "common/ascii.h"
#include "common/text.h"

namespace byline {

namespace {

struct Parts {
  std::string scheme, authority, path, query, fragment;
  bool has_authority = false, has_query = false, has_fragment = false;
};

Parts split_url(std::string_view s) {
  Parts p;
  size_t i = 0;
  size_t colon = s.find(':');
  if (colon != std::string_view::npos && colon > 0 && a_alpha(static_cast<unsigned char>(s[0]))) {
    bool ok = true;
    for (size_t k = 0; k < colon; ++k) {
      const char c = s[k];
      if (!(a_alnum(static_cast<unsigned char>(c)) || c == '+' || c == '-' || c == '.')) ok = false;
    }
    if (ok) {
      p.scheme = to_lower_ascii(s.substr(0, colon));
      i = colon + 1;
    }
  }
  if (s.compare(i, 2, "//") == 0) {
    p.has_authority = true;
    const size_t e = s.find_first_of("/?#", i + 2);
    const size_t stop = e == std::string_view::npos ? s.size() : e;
    p.authority = std::string(s.substr(i + 2, stop - i - 2));
    i = stop;
  }
  const size_t e = s.find_first_of("?#", i);
  const size_t stop = e == std::string_view::npos ? s.size() : e;
  p.path = std::string(s.substr(i, stop - i));
  i = stop;
  if (i < s.size() && s[i] == '?') {
    p.has_query = true;
    const size_t h = s.find('#', i);
    const size_t qs = h == std::string_view::npos ? s.size() : h;
    p.query = std::string(s.substr(i + 1, qs - i - 1));
    i = qs;
  }
  if (i < s.size() && s[i] == '#') {
    p.has_fragment = true;
    p.fragment = std::string(s.substr(i + 1));
  }
  return p;
}

std::string remove_dot_segments(std::string_view in) {
  std::string out;
  std::string_view s = in;
  while (!s.empty()) {
    if (s.substr(0, 3) == "../")
      s.remove_prefix(3);
    else if (s.substr(0, 2) == "./")
      s.remove_prefix(2);
    else if (s.substr(0, 3) == "/./")
      s.remove_prefix(2);
    else if (s == "/.")
      s = "/";
    else if (s.substr(0, 4) == "/../" || s == "/..") {
      s = s.size() == 3 ? std::string_view("/") : s.substr(3);
      const size_t slash = out.rfind('/');
      out.resize(slash == std::string::npos ? 0 : slash);
    } else if (s == "." || s == "..") {
      s = {};
    } else {
      const size_t next = s.find('/', 1);
      const size_t take = next == std::string_view::npos ? s.size() : next;
      out.append(s.substr(0, take));
      s.remove_prefix(take);
    }
  }
  return out;
}

std::string join(const Parts& p) {
  std::string out;
  if (!p.scheme.empty()) out += p.scheme + ":";
  if (p.has_authority) out += "//" + p.authority;
  out += p.path;
  if (p.has_query) out += "?" + p.query;
  if (p.has_fragment) out += "#" + p.fragment;
  return out;
}

bool unsafe_scheme(const std::string& scheme) {
  return scheme == "javascript" || scheme == "vbscript" || scheme == "data";
}

}  // namespace

std::string percent_encode_url(std::string_view url) {
  // The authority ends at the first '/', '?' or '#' after "scheme://"; a URL without one is
  // encoded from its start (a relative reference, a mailto:).
  size_t from = 0;
  if (const size_t sep = url.find("://"); sep != std::string_view::npos) {
    const size_t end = url.find_first_of("/?#", sep + 3);
    from = end == std::string_view::npos ? url.size() : end;
  }
  auto needs = [](unsigned char c) {
    return c <= 0x20 || c >= 0x7F || c == '"' || c == '<' || c == '>' || c == '`' || c == '{' ||
           c == '}';
  };
  size_t k = from;
  while (k < url.size() && !needs(static_cast<unsigned char>(url[k]))) ++k;
  if (k == url.size()) return std::string(url);
  std::string out(url.substr(0, k));
  for (; k < url.size(); ++k) {
    const auto c = static_cast<unsigned char>(url[k]);
    if (c == '\t' || c == '\n' || c == '\r') continue;
    if (!needs(c)) {
      out += static_cast<char>(c);
      continue;
    }
    append_percent_encoded(out, c);
  }
  return out;
}

void append_percent_encoded(std::string& out, unsigned char c) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  out += '%';
  out += kHex[c >> 4];
  out += kHex[c & 15];
}

std::string resolve_url(std::string_view base, std::string_view ref) {
  std::string url = resolve_reference(base, ref);
  // A reference left relative (no base) is no URL yet: an Atom id "Correct Value" stays.
  return url.find(':') == std::string::npos ? url : percent_encode_url(url);
}

std::string resolve_reference(std::string_view base_in, std::string_view ref_in) {
  const std::string_view ref = trim(ref_in);
  const std::string_view base = trim(base_in);
  Parts r = split_url(ref);
  if (unsafe_scheme(r.scheme)) return {};
  if (!r.scheme.empty()) {
    r.path = remove_dot_segments(r.path);
    return join(r);
  }
  if (base.empty()) return std::string(ref);
  const Parts b = split_url(base);
  if (b.scheme.empty() && !b.has_authority) return std::string(ref);
  Parts t;
  t.scheme = b.scheme;
  if (r.has_authority) {
    t.has_authority = true;
    t.authority = r.authority;
    t.path = remove_dot_segments(r.path);
    t.has_query = r.has_query;
    t.query = r.query;
  } else {
    t.has_authority = b.has_authority;
    t.authority = b.authority;
    if (r.path.empty()) {
      t.path = b.path;
      t.has_query = r.has_query || b.has_query;
      t.query = r.has_query ? r.query : b.query;
    } else {
      if (r.path[0] == '/') {
        t.path = remove_dot_segments(r.path);
      } else {
        std::string merged;
        if (b.has_authority && b.path.empty()) {
          merged = "/" + r.path;
        } else {
          const size_t slash = b.path.rfind('/');
          merged =
              (slash == std::string::npos ? std::string() : b.path.substr(0, slash + 1)) + r.path;
        }
        t.path = remove_dot_segments(merged);
      }
      t.has_query = r.has_query;
      t.query = r.query;
    }
  }
  t.has_fragment = r.has_fragment;
  t.fragment = r.fragment;
  return join(t);
}

std::string drop_tracking_parameters(std::string_view url, bool keep_semicolon_lists) {
  const size_t hash = url.find('#');
  const size_t q = url.substr(0, hash).find('?');
  if (q == std::string_view::npos) return std::string(url);
  const std::string_view query =
      url.substr(q + 1, hash == std::string_view::npos ? std::string_view::npos : hash - q - 1);
  std::string out(url.substr(0, q));
  bool first = true;
  for (const auto& param : split(query, '&')) {
    const bool tracking = param.rfind("utm_", 0) == 0 || param.rfind("fbclid", 0) == 0 ||
                          param.rfind("gclid", 0) == 0;
    // "utm_source=x;a=1": a server that splits on ';' too reads a=1 there.
    const bool list = keep_semicolon_lists && param.find(';') != std::string::npos;
    if (param.empty() || (tracking && !list)) continue;
    out += first ? '?' : '&';
    out += param;
    first = false;
  }
  if (hash != std::string_view::npos) out += url.substr(hash);
  return out;
}

}  // namespace byline
