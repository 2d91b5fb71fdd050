// Relative URLs inside feed HTML (href, src, poster...) resolved against the entry's base, so
// that stored markup keeps working once it leaves the feed. A linear scan, no HTML parse.
#include <cctype>
#include <string>

#include "common/ascii.h"
#include "common/text.h"
#include "common/url_resolve.h"
#include "crawler/feed_internal.h"

namespace byline::detail {

namespace {

bool url_attribute(std::string_view name) {
  static const char* const kNames[] = {"href",       "src",      "poster", "cite",
                                       "background", "longdesc", "action", "usemap",
                                       "codebase",   "data",     "profile"};
  for (const char* n : kNames)
    if (iequals_ascii(name, n)) return true;
  return false;
}

}  // namespace

// True when `v` starts with a URI scheme ("https:", "mailto:").
bool has_scheme(std::string_view v) {
  size_t k = 0;
  while (k < v.size() && a_space(static_cast<unsigned char>(v[k]))) ++k;
  const size_t start = k;
  while (k < v.size() &&
         (a_alnum(static_cast<unsigned char>(v[k])) || v[k] == '+' || v[k] == '-' || v[k] == '.'))
    ++k;
  return k > start && k < v.size() && v[k] == ':' && a_alpha(static_cast<unsigned char>(v[start]));
}

// Whether any URL attribute holds a relative reference: most feed HTML has none, and then the
// markup is kept as it is, without a rewriting pass.
bool needs_resolution(std::string_view html) {
  const size_t n = html.size();
  size_t i = 0;
  while ((i = html.find('<', i)) != std::string_view::npos) {
    size_t p = i + 1;
    if (p >= n || !a_alpha(static_cast<unsigned char>(html[p]))) {
      i = p;
      continue;
    }
    while (p < n && !a_space(static_cast<unsigned char>(html[p])) && html[p] != '>') ++p;
    while (p < n && html[p] != '>') {
      if (a_space(static_cast<unsigned char>(html[p])) || html[p] == '/') {
        ++p;
        continue;
      }
      const size_t ns = p;
      while (p < n && html[p] != '=' && html[p] != '>' &&
             !a_space(static_cast<unsigned char>(html[p])))
        ++p;
      const std::string_view name = html.substr(ns, p - ns);
      size_t q = p;
      while (q < n && a_space(static_cast<unsigned char>(html[q]))) ++q;
      if (q >= n || html[q] != '=') continue;
      p = q + 1;
      while (p < n && a_space(static_cast<unsigned char>(html[p]))) ++p;
      if (p >= n) break;
      std::string_view value;
      if (html[p] == '"' || html[p] == '\'') {
        const size_t e = html.find(html[p], p + 1);
        const size_t stop = e == std::string_view::npos ? n : e;
        value = html.substr(p + 1, stop - p - 1);
        p = stop == n ? n : stop + 1;
      } else {
        const size_t vs = p;
        while (p < n && !a_space(static_cast<unsigned char>(html[p])) && html[p] != '>') ++p;
        value = html.substr(vs, p - vs);
      }
      if (url_attribute(name) && value.find('&') == std::string_view::npos && !has_scheme(value))
        return true;
    }
    i = p;
  }
  return false;
}

std::string resolve_html_urls(std::string html_in, std::string_view base) {
  if (base.empty() || html_in.find('=') == std::string::npos || !needs_resolution(html_in))
    return html_in;
  const std::string_view html = html_in;
  std::string out;
  out.reserve(html.size() + 64);
  size_t i = 0;
  const size_t n = html.size();
  while (i < n) {
    const size_t lt = html.find('<', i);
    if (lt == std::string_view::npos) {
      out.append(html.substr(i));
      break;
    }
    out.append(html.substr(i, lt - i));
    i = lt;
    if (lt + 1 >= n || !a_alpha(static_cast<unsigned char>(html[lt + 1]))) {
      out += '<';
      ++i;
      continue;
    }
    // Inside a start tag: copy the name, then attributes one by one.
    size_t p = lt + 1;
    while (p < n && !a_space(static_cast<unsigned char>(html[p])) && html[p] != '>' &&
           html[p] != '/')
      ++p;
    out.append(html.substr(lt, p - lt));
    while (p < n && html[p] != '>') {
      const char c = html[p];
      if (a_space(static_cast<unsigned char>(c)) || c == '/') {
        out += c;
        ++p;
        continue;
      }
      const size_t ns = p;
      while (p < n && html[p] != '=' && html[p] != '>' &&
             !a_space(static_cast<unsigned char>(html[p])))
        ++p;
      const std::string_view name = html.substr(ns, p - ns);
      out.append(name);
      size_t q = p;
      while (q < n && a_space(static_cast<unsigned char>(html[q]))) ++q;
      if (q >= n || html[q] != '=') continue;
      out.append(html.substr(p, q + 1 - p));
      p = q + 1;
      while (p < n && a_space(static_cast<unsigned char>(html[p]))) out += html[p++];
      if (p >= n) break;
      std::string_view value;
      char quote = 0;
      if (html[p] == '"' || html[p] == '\'') {
        quote = html[p];
        const size_t e = html.find(quote, p + 1);
        const size_t stop = e == std::string_view::npos ? n : e;
        value = html.substr(p + 1, stop - p - 1);
        p = stop == n ? n : stop + 1;
      } else {
        const size_t vs = p;
        while (p < n && !a_space(static_cast<unsigned char>(html[p])) && html[p] != '>') ++p;
        value = html.substr(vs, p - vs);
      }
      const bool resolve = url_attribute(name) && value.find('&') == std::string_view::npos;
      // Markup kept for the reader: its links stay as written (feedparser's output).
      const std::string v = resolve ? resolve_reference(base, value) : std::string(value);
      out += quote ? quote : '"';
      out += v;
      out += quote ? quote : '"';
    }
    if (p < n) {
      out += '>';
      ++p;
    }
    i = p;
  }
  return out;
}

}  // namespace byline::detail
