// Feed parsing: bytes -> charset layer -> entity/recovery layer -> pugixml -> the feed model.
//
// Element handling follows the Universal Feed Parser's approach: known namespaces are mapped to
// fixed prefixes, and one set of handlers reads channel/feed and item/entry children whatever the
// format, so that mixed documents (Atom links in RSS, Dublin Core anywhere) come out right.
#include <algorithm>
#include <cstdio>
#include <cstring>
#include <pugixml.hpp>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "byline/article.h"
#include "byline/feed.h"
#include "common/ascii.h"
#include "common/charset.h"
#include "common/datetime.h"
#include "common/feed_text.h"
#include "common/html_entities.h"
#include "common/html_text.h"
#include "common/text.h"
#include "common/url_resolve.h"
#include "crawler/discovery.h"
#include "crawler/feed_internal.h"
#include "crawler/xml_recover.h"

namespace byline {

namespace {

// Namespace URI -> the prefix handlers use. "" means the element is read as plain RSS/Atom.
struct NsMap {
  std::string_view uri;  // string_view: lengths known at compile time, compared first
  const char* prefix;
};
constexpr NsMap kNamespaces[] = {
    {"http://backend.userland.com/rss", ""},
    {"http://backend.userland.com/rss2", ""},
    {"http://blogs.law.harvard.edu/tech/rss", ""},
    {"http://purl.org/rss/1.0/", ""},
    {"http://my.netscape.com/rdf/simple/0.9/", ""},
    {"http://channel.netscape.com/rdf/simple/0.9/", ""},
    {"http://www.w3.org/2005/Atom", ""},
    {"http://purl.org/atom/ns#", ""},
    {"http://purl.org/dc/elements/1.1/", "dc"},
    {"http://purl.org/dc/elements/1.0/", "dc"},
    {"http://purl.org/dc/terms/", "dcterms"},
    {"http://purl.org/rss/1.0/modules/content/", "content"},
    {"http://www.w3.org/1999/02/22-rdf-syntax-ns#", "rdf"},
    {"http://www.itunes.com/dtds/podcast-1.0.dtd", "itunes"},
    {"http://example.com/DTDs/PodCast-1.0.dtd", "itunes"},
    {"http://search.yahoo.com/mrss/", "media"},
    {"http://search.yahoo.com/mrss", "media"},
    {"http://www.w3.org/1999/xhtml", "xhtml"},
    {"http://purl.org/rss/1.0/modules/slash/", "slash"},
    {"http://wellformedweb.org/CommentAPI/", "wfw"},
    {"http://purl.org/rss/1.0/modules/syndication/", "sy"},
    {"http://webns.net/mvcb/", "admin"},
    {"http://www.georss.org/georss", "georss"},
    {"http://purl.org/syndication/thread/1.0", "thr"},
    {"http://www.w3.org/XML/1998/namespace", "xml"},
    {"http://purl.org/rss/1.0/modules/image/", "image"},
    {"http://backend.userland.com/creativeCommonsRssModule", "creativecommons"},
    {"http://web.resource.org/cc/", "cc"},
    {"http://purl.org/rss/1.0/modules/taxonomy/", "taxo"},
    {"http://rssnamespace.org/feedburner/ext/1.0", "feedburner"},
    {"http://www.google.com/schemas/reader/atom/", "gr"},
    {"http://www.w3.org/2003/01/geo/wgs84_pos#", "geo"},
    {"http://podlove.org/simple-chapters", "psc"},
    {"http://purl.org/rss/1.0/modules/aggregation/", "ag"},
    {"http://purl.org/rss/1.0/modules/annotate/", "annotate"},
    {"http://purl.org/rss/1.0/modules/company", "co"},
    {"http://purl.org/rss/1.0/modules/event/", "ev"},
    {"http://purl.org/rss/1.0/modules/richequiv/", "reqv"},
    {"http://purl.org/rss/1.0/modules/reference/", "ref"},
    {"http://purl.org/rss/1.0/modules/search/", "search"},
    {"http://purl.org/rss/1.0/modules/servicestatus/", "ss"},
    {"http://hacks.benhammersley.com/rss/streaming/", "str"},
    {"http://purl.org/rss/1.0/modules/subscription/", "sub"},
    {"http://madskills.com/public/xml/rss/module/trackback/", "trackback"},
    {"http://purl.org/rss/1.0/modules/threading/", "thr"},
    {"http://purl.org/net/rss1.1#", ""},
};

const char* known_prefix_loose(std::string_view uri);

const char* known_prefix(std::string_view uri) {
  // Every element asks; most documents use one or two namespaces over and over. The cache
  // holds a copy of the URI (buffers are reused between documents, so no pointer keys).
  static thread_local std::string last_uri;
  static thread_local const char* last_prefix = nullptr;
  static thread_local bool have_last = false;
  if (have_last && uri == last_uri) return last_prefix;
  const char* found = nullptr;
  for (const NsMap& m : kNamespaces)
    if (uri == m.uri) {
      found = m.prefix;
      break;
    }
  if (!found) found = known_prefix_loose(uri);
  last_uri.assign(uri);
  last_prefix = found;
  have_last = true;
  return found;
}

const char* known_prefix_loose(std::string_view uri) {
  // Tolerate a missing trailing slash or case differences in well-known URIs.
  for (const NsMap& m : kNamespaces) {
    std::string_view u(m.uri);
    if (u.size() > 1 && (u.back() == '/' || u.back() == '#') && uri == u.substr(0, u.size() - 1))
      return m.prefix;
    if (iequals_ascii(uri, u)) return m.prefix;
  }
  return nullptr;
}

// One element's namespace declarations, linked to its parent's.
struct Scope {
  const Scope* parent = nullptr;
  std::vector<std::pair<std::string_view, std::string_view>> decls;  // prefix, uri
  std::string base;                   // xml:base in force (absolute when resolvable)
  std::string lang;                   // xml:lang in force
  bool* undeclared_prefix = nullptr;  // set when an element uses an undeclared prefix

  std::optional<std::string_view> lookup(std::string_view prefix) const {
    for (const Scope* s = this; s; s = s->parent)
      for (const auto& [p, u] : s->decls)
        if (p == prefix) return u;
    return std::nullopt;
  }
};

// Namespace declarations read per element (real feeds declare under 30 on their root): every
// element's name is looked up through them, and 500,000 on a root made a feed take minutes.
constexpr size_t kMaxNamespaceDecls = 64;

Scope child_scope(const pugi::xml_node& node, const Scope* parent) {
  Scope s;
  s.parent = parent;
  if (parent) {
    s.base = parent->base;
    s.lang = parent->lang;
    s.undeclared_prefix = parent->undeclared_prefix;
  }
  for (const pugi::xml_attribute& a : node.attributes()) {
    const char* name = a.name();
    if (std::strncmp(name, "xmlns", 5) == 0) {
      if (s.decls.size() >= kMaxNamespaceDecls) continue;
      if (name[5] == '\0')
        s.decls.emplace_back("", a.value());
      else if (name[5] == ':')
        s.decls.emplace_back(name + 6, a.value());
    } else if (std::strcmp(name, "xml:base") == 0) {
      // An unsafe (javascript:) or unusable base is ignored: the parent's stays in force.
      std::string b = resolve_url(s.base, a.value());
      if (!b.empty()) s.base = std::move(b);
    } else if (std::strcmp(name, "xml:lang") == 0) {
      s.lang = a.value();
      std::replace(s.lang.begin(), s.lang.end(), '_', '-');
    }
  }
  return s;
}

// "prefix:local" with the canonical prefix, local name lower-cased; "local" for RSS/Atom.
std::string canonical_name(const pugi::xml_node& node, const Scope& scope) {
  std::string_view q = node.name();
  std::string_view prefix, local = q;
  if (const size_t colon = q.find(':'); colon != std::string_view::npos) {
    prefix = q.substr(0, colon);
    local = q.substr(colon + 1);
  }
  std::string out;
  const auto uri = scope.lookup(prefix);
  const char* mapped = uri ? known_prefix(*uri) : nullptr;
  if (mapped) {
    out = mapped;
  } else if (!prefix.empty()) {
    if (!uri && prefix != "xml" && scope.undeclared_prefix) *scope.undeclared_prefix = true;
    out = to_lower_ascii(prefix);
  }
  if (!out.empty()) out += ':';
  for (char ch : local) out += (ch >= 'A' && ch <= 'Z') ? static_cast<char>(ch | 0x20) : ch;
  return out;
}

// Appends the text of `node` and its descendants.
void collect_text(const pugi::xml_node& node, std::string& out, int depth = 0) {
  if (depth > 256) return;
  for (pugi::xml_node c = node.first_child(); c; c = c.next_sibling()) {
    if (c.type() == pugi::node_pcdata || c.type() == pugi::node_cdata)
      out += c.value();
    else if (c.type() == pugi::node_element)
      collect_text(c, out, depth + 1);
  }
}

std::string node_text(const pugi::xml_node& node) {
  std::string out;
  for (pugi::xml_node c = node.first_child(); c; c = c.next_sibling())
    if (c.type() == pugi::node_pcdata || c.type() == pugi::node_cdata) out += c.value();
  return out;
}

bool has_element_child(const pugi::xml_node& node) {
  for (pugi::xml_node c = node.first_child(); c; c = c.next_sibling())
    if (c.type() == pugi::node_element) return true;
  return false;
}

struct StringWriter : pugi::xml_writer {
  std::string* out;
  void write(const void* data, size_t size) override {
    out->append(static_cast<const char*>(data), size);
  }
};

void escape_html_text(std::string& out, std::string_view s) { append_markup_escaped(out, s); }

// Markup of an element's children as HTML: namespace prefixes dropped (xhtml:p -> p).
void inner_markup(const pugi::xml_node& node, std::string& out, int depth = 0) {
  if (depth > 256) return;
  for (pugi::xml_node c = node.first_child(); c; c = c.next_sibling()) {
    switch (c.type()) {
      case pugi::node_pcdata:
      case pugi::node_cdata:
        escape_html_text(out, c.value());
        break;
      case pugi::node_element: {
        std::string_view name = c.name();
        if (const size_t colon = name.find(':'); colon != std::string_view::npos)
          name = name.substr(colon + 1);
        out += '<';
        out += name;
        for (const pugi::xml_attribute& a : c.attributes()) {
          std::string_view an = a.name();
          if (an.substr(0, 5) == "xmlns") continue;
          out += ' ';
          out += an;
          out += "=\"";
          for (const char* v = a.value(); *v; ++v) {
            if (*v == '"')
              out += "&quot;";
            else if (*v == '&')
              out += "&amp;";
            else if (*v == '<')
              out += "&lt;";
            else
              out += *v;
          }
          out += '"';
        }
        static const char* const kVoid[] = {"br",   "img",  "hr",  "input", "meta",   "link",
                                            "area", "base", "col", "embed", "source", "wbr"};
        bool is_void = false;
        for (const char* v : kVoid) is_void |= iequals_ascii(name, v);
        if (is_void && !c.first_child()) {
          out += " />";
          break;
        }
        out += '>';
        inner_markup(c, out, depth + 1);
        out += "</";
        out += name;
        out += '>';
        break;
      }
      default:
        break;
    }
  }
}

std::string base64_decode(std::string_view in) {
  auto val = [](char c) -> int {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+' || c == '-') return 62;
    if (c == '/' || c == '_') return 63;
    return -1;
  };
  std::string out;
  int bits = 0, acc = 0;
  for (char c : in) {
    const int v = val(c);
    if (v < 0) continue;
    acc = (acc << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((acc >> bits) & 0xFF);
    }
  }
  return out;  // bytes: the caller checks them
}

struct TextValue {
  std::string value;  // markup for html/xhtml, text for plain
  std::string type;   // text/plain, text/html, application/xhtml+xml
  std::string text;   // plain text for indexing
  // A plain title as written, when its character references were decoded (read_title).
  std::string as_written;
};

// Reads a text construct. `html_default`: what an untyped element holds (RSS description: html).
// Reads a text construct. `atom10`: the document is Atom 1.0, where an XHTML construct's
// wrapping <div> is not part of the content.
TextValue read_text_impl(const pugi::xml_node& node, bool html_default, bool atom10) {
  TextValue t;
  std::string type = to_lower_ascii(trim(node.attribute("type").value()));
  const bool atom10_xhtml =
      type == "xhtml" || (atom10 && (type == "application/xhtml+xml" || type == "xhtml+xml"));
  const std::string mode = to_lower_ascii(trim(node.attribute("mode").value()));
  if (type.empty()) type = html_default ? "html" : "text";
  if (type == "text" || type == "text/plain")
    t.type = "text/plain";
  else if (type == "html" || type == "text/html")
    t.type = "text/html";
  else if (type == "xhtml" || type == "application/xhtml+xml")
    t.type = "application/xhtml+xml";
  else if (type.find("html") != std::string::npos || type.find("xml") != std::string::npos)
    t.type = type;
  else if (type.rfind("text/", 0) == 0)
    t.type = "text/plain";
  else
    t.type = type;

  if (mode == "base64" || (t.type != "text/plain" && t.type.find("html") == std::string::npos &&
                           t.type.find("xml") == std::string::npos &&
                           t.type.rfind("text/", 0) != 0 && !has_element_child(node))) {
    t.value = base64_decode(node_text(node));
    // Another media type is base64 (RFC 4287 4.1.3.3). A title or summary of a type byline
    // does not know whose text decodes to no UTF-8 ("test") was text, not base64: kept so.
    const std::string_view name(node.name());
    const std::string_view local = name.substr(name.find(':') + 1);  // npos + 1 == 0
    if (local != "content" && mode != "base64" && !is_valid_utf8(t.value))
      t.value = node_text(node);
    else
      t.value = sanitize_utf8(t.value);
  } else if (has_element_child(node)) {
    // Inline markup (Atom xhtml, or unescaped HTML in RSS): keep it as HTML.
    pugi::xml_node inner = node;
    if (atom10_xhtml) {
      pugi::xml_node only;
      int elements = 0;
      bool text_outside = false;
      for (pugi::xml_node c = node.first_child(); c; c = c.next_sibling()) {
        if (c.type() == pugi::node_element)
          ++elements, only = c;
        else if (!trim(c.value()).empty())
          text_outside = true;
      }
      std::string_view n = only ? std::string_view(only.name()) : std::string_view();
      if (elements == 1 && !text_outside &&
          (n == "div" || (n.size() > 4 && n.substr(n.size() - 4) == ":div")))
        inner = only;
    }
    inner_markup(inner, t.value);
    if (t.type == "text/plain") t.type = "text/html";
  } else {
    t.value = node_text(node);
  }
  const std::string_view trimmed = trim(t.value);
  if (trimmed.size() != t.value.size()) t.value = std::string(trimmed);
  if (t.type == "text/plain") {
    t.text = t.value;
  } else {
    t.text = looks_like_html(t.value) ? feed_html_to_text(t.value) : collapse_whitespace(t.value);
  }
  return t;
}

// "Name <email>", "email (Name)", "Name", "email".
Person parse_person_text(std::string_view raw) {
  Person p;
  std::string s = collapse_whitespace(raw);
  const size_t at = s.find('@');
  if (at == std::string::npos) {
    p.name = s;
    return p;
  }
  // Find the e-mail token around '@'.
  size_t b = at, e = at;
  auto email_char = [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || std::strchr("._%+-@", c) != nullptr;
  };
  while (b > 0 && email_char(s[b - 1])) --b;
  while (e + 1 < s.size() && email_char(s[e + 1])) ++e;
  p.email = s.substr(b, e - b + 1);
  if (p.email.rfind("mailto:", 0) == 0) p.email = p.email.substr(7);
  std::string rest = s.substr(0, b) + s.substr(e + 1);
  std::string name;
  for (char c : rest)
    if (c != '(' && c != ')' && c != '<' && c != '>') name += c;
  p.name = collapse_whitespace(name);
  if (p.name.rfind("mailto:", 0) == 0) p.name.clear();
  return p;
}

int64_t to_int(std::string_view s) {
  int64_t v = 0;
  bool any = false;
  for (char c : trim(s)) {
    if (c < '0' || c > '9') break;
    if (v > (int64_t{1} << 50)) break;
    v = v * 10 + (c - '0');
    any = true;
  }
  return any ? v : 0;
}

// atom:id is an IRI: a relative one is resolved, an absolute one is kept byte for byte (ids
// are compared as strings, so no case or dot-segment normalisation).
std::string resolve_id(const std::string& base, const std::string& id) {
  const size_t colon = id.find(':');
  const size_t slash = id.find('/');
  if (colon != std::string::npos && (slash == std::string::npos || colon < slash)) return id;
  // Only a path is a relative reference; "t3_157kyrd" (reddit) is a name, and resolved it made
  // an id, and for an entry without a link a URL, that changed with the feed's address.
  if (!id.starts_with('/') && !id.starts_with("./") && !id.starts_with("../")) return id;
  return resolve_url(base, id);
}

// Appends unless the list is at its cap (hostile documents repeat elements without end).
template <typename T, typename V>
void push_capped(std::vector<T>& v, V&& x) {
  if (v.size() < kMaxEntryListItems) v.push_back(std::forward<V>(x));
}

// itunes:explicit as Apple documents it; anything else is unknown.
std::optional<bool> itunes_flag(std::string_view v) {
  if (v == "yes" || v == "explicit" || v == "true") return true;
  if (v == "clean" || v == "no" || v == "false") return false;
  return std::nullopt;
}

class XmlFeedReader {
 public:
  TextValue read_text(const pugi::xml_node& n, bool html_default) const {
    return read_text_impl(n, html_default, out_.version == "atom10");
  }

  // A title. An untyped one outside Atom that closes a tag ("How &lt;i&gt;The Pitt&lt;/i&gt;'s",
  // TIME) holds HTML, as feedparser reads it; the tag alone, not a "<", tells: "a &lt; b" is
  // text. One escaped twice ("AT&amp;amp;T", "caf&amp;eacute;", WordPress's) holds references
  // that feedparser reads as HTML and a reader shows decoded: they are decoded, and nothing
  // else is read as markup.
  TextValue read_title(const pugi::xml_node& n) const {
    TextValue t = read_text(n, false);
    if (!out_.version.starts_with("atom") && t.type == "text/plain" &&
        n.attribute("type").empty()) {
      if (closes_a_tag(t.value)) {
        t.type = "text/html";
        t.text = feed_html_to_text(t.value);
      } else if (t.value.find('&') != std::string::npos) {
        std::string decoded = decode_html_references(t.value);
        if (decoded != t.value) {
          // Still text; as_written (TextInfo::html) keeps the value that entry ids were made
          // of before, so an entry without guid or link keeps its id (audit, session 49).
          t.as_written = collapse_whitespace(t.value);
          t.value = t.text = collapse_whitespace(decoded);
        }
      }
    }
    return t;
  }

  // "</i>", "</em >", "<br>", "<br/>": markup, not text that happens to hold a "<".
  static bool closes_a_tag(std::string_view v) {
    for (size_t i = v.find('<'); i != std::string_view::npos; i = v.find('<', i + 1)) {
      size_t k = i + 1;
      const bool close = k < v.size() && v[k] == '/';
      if (close) ++k;
      const size_t name = k;
      while (k < v.size() && std::isalpha(static_cast<unsigned char>(v[k]))) ++k;
      if (k == name) continue;
      const std::string_view tag = v.substr(name, k - name);
      while (k < v.size() && (v[k] == ' ' || v[k] == '/')) ++k;
      if (k < v.size() && v[k] == '>' && (close || iequals_ascii(tag, "br"))) return true;
    }
    return false;
  }

  XmlFeedReader(ParsedFeed& out, std::string doc_url, std::string default_lang, std::string doctype)
      : out_(out),
        doc_url_(std::move(doc_url)),
        default_lang_(std::move(default_lang)),
        doctype_(std::move(doctype)) {}

  bool read(const pugi::xml_document& doc) {
    pugi::xml_node root = doc.document_element();
    if (!root) return false;
    Scope base_scope;
    base_scope.lang = default_lang_;
    base_scope.undeclared_prefix = &undeclared_prefix_;
    Scope root_scope = child_scope(root, &base_scope);
    // The document's address is the base the root's own xml:base is resolved against.
    root_scope.base = root.attribute("xml:base")
                          ? resolve_url(doc_url_, root.attribute("xml:base").value())
                          : doc_url_;
    const std::string rname = canonical_name(root, root_scope);
    const std::string_view local = local_name(root.name());
    const auto default_ns = root_scope.lookup(local_prefix(root.name()));
    std::string ns = default_ns ? std::string(*default_ns) : std::string();

    if (rname == "rss" || local == "rss") {
      const std::string v = std::string(trim(root.attribute("version").value()));
      if (v.empty())
        out_.version = "rss";
      else if (v[0] == '2')
        out_.version = "rss20";
      else if (v == "0.91")
        out_.version = doctype_.find("Netscape") != std::string::npos ? "rss091n" : "rss091u";
      else if (v == "0.92")
        out_.version = "rss092";
      else if (v == "0.93")
        out_.version = "rss093";
      else if (v == "0.94")
        out_.version = "rss094";
      else if (v == "0.90")
        out_.version = "rss090";
      else
        out_.version = "rss";
      read_rss_like(root, root_scope);
      return true;
    }
    if (rname == "rdf:rdf" || local == "RDF" || local == "rdf") {
      out_.version = "rss10";
      const auto dflt = root_scope.lookup("");
      if (dflt && (*dflt == "http://my.netscape.com/rdf/simple/0.9/" ||
                   *dflt == "http://channel.netscape.com/rdf/simple/0.9/"))
        out_.version = "rss090";
      for (pugi::xml_node c = root.first_child(); c; c = c.next_sibling()) {
        if (c.type() != pugi::node_element) continue;
        if (local_name(c.name()) == "channel") {
          Scope s = child_scope(c, &root_scope);
          const auto u = s.lookup(local_prefix(c.name()));
          if (u && (*u == "http://my.netscape.com/rdf/simple/0.9/" ||
                    *u == "http://channel.netscape.com/rdf/simple/0.9/"))
            out_.version = "rss090";
          break;
        }
      }
      read_rss_like(root, root_scope);
      return true;
    }
    if (local == "feed") {
      out_.version = ns == "http://purl.org/atom/ns#"      ? "atom03"
                     : ns == "http://www.w3.org/2005/Atom" ? "atom10"
                                                           : "atom";
      if (out_.version == "atom") {
        const std::string v = root.attribute("version").value();
        if (v == "0.3")
          out_.version = "atom03";
        else if (v == "0.2")
          out_.version = "atom02";
        else if (v == "0.1")
          out_.version = "atom01";
      }
      read_channel(root, root_scope);
      return true;
    }
    if (local == "channel") {  // a bare channel (RSS fragment, CDF)
      out_.version = "rss";
      Scope s = root_scope;
      read_channel(root, s);
      return true;
    }
    return false;
  }

 private:
  static std::string_view local_name(std::string_view q) {
    const size_t colon = q.find(':');
    return colon == std::string_view::npos ? q : q.substr(colon + 1);
  }
  static std::string_view local_prefix(std::string_view q) {
    const size_t colon = q.find(':');
    return colon == std::string_view::npos ? std::string_view() : q.substr(0, colon);
  }

  void read_rss_like(const pugi::xml_node& root, const Scope& root_scope) {
    bool have_channel = false;
    for (pugi::xml_node c = root.first_child(); c; c = c.next_sibling()) {
      if (c.type() != pugi::node_element) continue;
      Scope s = child_scope(c, &root_scope);
      const std::string name_buf = canonical_name(c, s);
      const std::string_view name = name_buf;
      if (name == "channel" && !have_channel) {
        have_channel = true;
        read_channel(c, s);
      } else if (name == "item" || name == "entry") {
        read_entry(c, s);  // RSS 0.90 / 1.0 items are siblings of the channel
      } else if (name == "image" && out_.feed.image.empty()) {
        read_image(c, s);
      } else if (name == "redirect") {
        read_redirect(c, s);
      }
    }
    if (!have_channel) {
      // Some feeds put channel fields under the root directly.
      read_channel_fields(root, root_scope, /*items=*/false);
    }
  }

  // <redirect><newLocation>URL</newLocation></redirect>: the feed has moved.
  void read_redirect(const pugi::xml_node& c, const Scope& s) {
    for (pugi::xml_node k = c.first_child(); k; k = k.next_sibling())
      if (k.type() == pugi::node_element && iequals_ascii(local_name(k.name()), "newLocation"))
        out_.feed.new_location = resolve_url(s.base, trim(node_text(k)));
  }

  void read_channel(const pugi::xml_node& channel, const Scope& scope) {
    if (out_.feed.language.empty() && !scope.lang.empty()) out_.feed.language = scope.lang;
    read_channel_fields(channel, scope, /*items=*/true);
  }

  void read_image(const pugi::xml_node& node, const Scope& scope) {
    for (pugi::xml_node f = node.first_child(); f; f = f.next_sibling()) {
      if (f.type() != pugi::node_element) continue;
      Scope s = child_scope(f, &scope);
      if (canonical_name(f, s) == "url") out_.feed.image = resolve_url(s.base, trim(node_text(f)));
    }
    if (out_.feed.image.empty()) {
      const char* res = node.attribute("rdf:resource").value();
      if (*res) out_.feed.image = resolve_url(scope.base, res);
    }
  }

  void read_channel_fields(const pugi::xml_node& channel, const Scope& scope, bool items) {
    read_feed_info(channel, scope, items, out_.feed);
  }

  static TextInfo info_of(const TextValue& t, const Scope& s, bool keep_html) {
    TextInfo i;
    i.type = t.type;
    i.language = s.lang;
    i.base = s.base;
    if (keep_html && t.type != "text/plain") i.html = t.value;
    if (keep_html && !t.as_written.empty()) i.html = t.as_written;
    return i;
  }

  void read_feed_info(const pugi::xml_node& channel, const Scope& scope, bool items, FeedInfo& f) {
    std::string pending_dc_date;
    for (pugi::xml_node c = channel.first_child(); c; c = c.next_sibling()) {
      if (c.type() != pugi::node_element) continue;
      Scope s = child_scope(c, &scope);
      const std::string name_buf = canonical_name(c, s);
      const std::string_view name = name_buf;
      if (name == "item" || name == "entry") {
        if (items) read_entry(c, s);
        continue;
      }
      if (name == "title" || name == "dc:title") {
        if (!f.title.empty() && name == "dc:title") continue;
        TextValue t = read_title(c);
        if (t.type != "text/plain") t.value = detail::resolve_html_urls(std::move(t.value), s.base);
        f.title = t.text;
        f.title_info = info_of(t, s, true);
      } else if (name == "link" || name == "atom:link") {
        read_link(c, s, f.links, f.link, nullptr);
      } else if (name == "description" || name == "subtitle" || name == "tagline" ||
                 name == "dc:description" || name == "itunes:subtitle" ||
                 name == "itunes:summary") {
        if (!f.description.empty() &&
            (name == "itunes:subtitle" || name == "itunes:summary" || name == "dc:description"))
          continue;
        TextValue t = read_text(c, name == "description");
        if (t.type != "text/plain") t.value = detail::resolve_html_urls(std::move(t.value), s.base);
        f.description = t.text;
        f.description_info = info_of(t, s, true);
      } else if (name == "info") {
        TextValue t = read_text(c, false);
        if (t.type != "text/plain") t.value = detail::resolve_html_urls(std::move(t.value), s.base);
        f.info = t.text;
        f.info_info = info_of(t, s, true);
      } else if (name == "redirect") {
        read_redirect(c, s);
      } else if (name == "itunes:new-feed-url") {
        f.new_location = resolve_url(s.base, trim(node_text(c)));
      } else if (name == "docs") {
        f.docs = resolve_url(s.base, trim(node_text(c)));
      } else if (name == "language" || name == "dc:language") {
        if (f.language.empty() || name == "language") f.language = std::string(trim(node_text(c)));
      } else if (name == "updated" || name == "modified" || name == "lastbuilddate" ||
                 name == "dcterms:modified") {
        f.dates.updated = std::string(trim(node_text(c)));
        if (auto t = parse_date(f.dates.updated)) f.updated = t;
      } else if (name == "pubdate" || name == "published" || name == "issued" ||
                 name == "dcterms:issued") {
        f.dates.published = std::string(trim(node_text(c)));
        if (auto t = parse_date(f.dates.published)) f.published = t;
      } else if (name == "created" || name == "dcterms:created") {
        f.dates.created = std::string(trim(node_text(c)));
        if (auto t = parse_date(f.dates.created)) f.created = t;
      } else if (name == "dc:date") {
        pending_dc_date = node_text(c);
      } else if (name == "author" || name == "managingeditor" || name == "dc:creator" ||
                 name == "itunes:author" || name == "dc:author") {
        if (name == "itunes:author" && !f.authors.empty()) continue;
        add_person(c, s, f.authors);
      } else if (name == "webmaster" || name == "dc:publisher" || name == "publisher") {
        std::vector<Person> one;
        add_person(c, s, one);
        if (!one.empty()) f.publisher = one[0];
      } else if (name == "contributor" || name == "dc:contributor") {
        add_person(c, s, f.contributors);
      } else if (name == "id" || name == "guid") {
        f.id = std::string(trim(node_text(c)));
        if (name == "id") f.id = resolve_id(s.base, f.id);
      } else if (name == "image") {
        if (f.image.empty()) read_image(c, s);
        add_extension(c, s, name, f.extensions);  // title, link, width, height as written
      } else if (name == "logo") {
        f.image = resolve_url(s.base, trim(node_text(c)));
      } else if (name == "icon") {
        f.icon = resolve_url(s.base, trim(node_text(c)));
      } else if (name == "itunes:image" ||
                 (name == "itunes:link" &&
                  std::string_view(c.attribute("rel").value()) == "image")) {
        const char* href =
            c.attribute("href") ? c.attribute("href").value() : c.attribute("url").value();
        if (f.image.empty() && *href) f.image = resolve_url(s.base, href);
      } else if (name == "itunes:owner") {
        std::vector<Person> one;
        add_person(c, s, one);
        if (!one.empty()) f.publisher = one[0];
      } else if (name == "itunes:explicit") {
        f.itunes_explicit = itunes_flag(node_text(c));
      } else if (name == "itunes:block") {
        f.itunes_block = node_text(c) == "yes";
      } else if (name == "generator") {
        f.generator = collapse_whitespace(node_text(c));
        const char* uri =
            c.attribute("uri") ? c.attribute("uri").value() : c.attribute("url").value();
        if (*uri) f.generator_uri = resolve_url(s.base, uri);
        f.generator_version = c.attribute("version").value();
      } else if (name == "admin:generatoragent") {
        if (f.generator.empty()) f.generator = c.attribute("rdf:resource").value();
      } else if (name == "ttl") {
        f.ttl_minutes = static_cast<int>(std::min<int64_t>(to_int(node_text(c)), 1 << 30));
      } else if (name == "copyright" || name == "rights" || name == "dc:rights") {
        TextValue t = read_text(c, false);
        if (t.type != "text/plain") t.value = detail::resolve_html_urls(std::move(t.value), s.base);
        f.rights = t.text;
        f.rights_info = info_of(t, s, true);
      } else if (name == "category" || name == "dc:subject" || name == "itunes:category" ||
                 name == "itunes:keywords") {
        add_tags(c, name, f.tags, f.categories);
      } else {
        add_extension(c, s, name, f.extensions);
      }
    }
    if (!pending_dc_date.empty()) {
      f.dates.dc = std::string(trim(pending_dc_date));
      if (f.dates.updated.empty()) f.dates.updated = f.dates.dc;
      if (auto t = parse_date(pending_dc_date)) {
        if (!f.updated) f.updated = t;
        if (!f.published) f.published = t;
      }
    }
    // RSS webMaster / dc:publisher is the only person named: it stands for the authors too.
    if (f.authors.empty() && (!f.publisher.name.empty() || !f.publisher.email.empty()))
      f.authors.push_back(f.publisher);
    if (f.link.empty()) {
      for (const Link& l : f.links)
        if (l.rel == "alternate") {
          f.link = l.href;
          break;
        }
    }
    for (const Link& l : f.links)
      if (l.rel == "self" && f.feed_url.empty()) f.feed_url = l.href;
  }

  // RSS <link>text</link> or Atom <link rel href type/>.
  void read_link(const pugi::xml_node& c, const Scope& s, std::vector<Link>& links,
                 std::string& link, std::vector<Enclosure>* enclosures) {
    pugi::xml_attribute href = c.attribute("href");
    const std::string text_href(trim(node_text(c)));
    if (!href && (c.attribute("rel") || c.attribute("type")) && !text_href.empty()) {
      // Atom 0.3 writers sometimes put the URL in the content.
      Link l;
      l.href = resolve_url(s.base, text_href);
      if (l.href.empty()) return;  // an unsafe scheme (javascript:, data:) is no link
      l.rel = std::string(trim(c.attribute("rel").value()));
      if (l.rel.empty()) l.rel = "alternate";
      l.type = std::string(trim(c.attribute("type").value()));
      if (l.rel == "alternate" && link.empty()) link = l.href;
      if (l.rel == "enclosure" && enclosures) add_enclosure(*enclosures, l.href, l.type, 0);
      push_capped(links, std::move(l));
      return;
    }
    if (!href) {
      const std::string text(trim(node_text(c)));
      if (text.empty()) {
        const char* res = c.attribute("rdf:resource").value();
        if (!*res) return;
        if (link.empty()) link = resolve_url(s.base, res);
        return;
      }
      const std::string url = resolve_url(s.base, text);
      if (url.empty()) return;
      if (link.empty()) link = url;
      push_capped(links, Link{url, "alternate", "text/html", {}, {}, 0});
      return;
    }
    Link l;
    l.href = resolve_url(s.base, href.value());
    if (l.href.empty()) return;
    l.rel = std::string(trim(c.attribute("rel").value()));
    if (l.rel.empty()) l.rel = "alternate";
    l.type = std::string(trim(c.attribute("type").value()));
    l.title = c.attribute("title").value();
    l.hreflang = c.attribute("hreflang").value();
    l.length = to_int(c.attribute("length").value());
    if (l.rel == "alternate" && link.empty() &&
        (l.type.empty() || l.type.find("html") != std::string::npos))
      link = l.href;
    if (l.rel == "enclosure" && enclosures) add_enclosure(*enclosures, l.href, l.type, l.length);
    push_capped(links, std::move(l));
  }

  static void add_enclosure(std::vector<Enclosure>& encs, std::string url, std::string type,
                            int64_t length) {
    if (url.empty() || encs.size() >= kMaxEntryListItems) return;
    for (Enclosure& e : encs) {
      if (e.url == url) {
        if (e.type.empty()) e.type = type;
        if (e.length == 0) e.length = length;
        return;
      }
    }
    encs.push_back(Enclosure{std::move(url), std::move(type), length});
  }

  void add_person(const pugi::xml_node& c, const Scope& s, std::vector<Person>& people) {
    if (people.size() >= kMaxEntryListItems) return;
    Person p;
    if (has_element_child(c)) {
      for (pugi::xml_node f = c.first_child(); f; f = f.next_sibling()) {
        if (f.type() != pugi::node_element) continue;
        Scope fs = child_scope(f, &s);
        const std::string n = canonical_name(f, fs);
        const std::string v = collapse_whitespace(node_text(f));
        if (n == "name" || n == "itunes:name")
          p.name = v;
        else if (n == "email" || n == "itunes:email")
          p.email = v;
        else if (n == "uri" || n == "url" || n == "homepage")
          p.uri = resolve_url(fs.base, v);
      }
      if (p.name.empty() && p.email.empty() && p.uri.empty()) {
        std::string all;
        collect_text(c, all);
        p = parse_person_text(all);
      }
    } else {
      p = parse_person_text(node_text(c));
    }
    if (p.name.empty() && p.email.empty() && p.uri.empty()) return;
    for (const Person& q : people)
      if (q.name == p.name && q.email == p.email && q.uri == p.uri) return;
    people.push_back(std::move(p));
  }

  static void add_tag(std::vector<std::string>& tags, std::string t) {
    if (tags.size() >= kMaxEntryListItems) return;  // also keeps the dedupe scan bounded
    t = collapse_whitespace(t);
    if (t.empty()) return;
    for (const std::string& x : tags)
      if (x == t) return;
    tags.push_back(std::move(t));
  }

  static void add_category(std::vector<Category>& cats, Category c) {
    if (cats.size() >= kMaxEntryListItems) return;
    if (c.term.empty() && c.label.empty()) return;
    for (const Category& x : cats)
      if (x.term == c.term && x.scheme == c.scheme) return;
    cats.push_back(std::move(c));
  }

  void add_tags(const pugi::xml_node& c, std::string_view name, std::vector<std::string>& tags,
                std::vector<Category>& cats) {
    if (name == "itunes:keywords") {
      for (const std::string& k : split(node_text(c), ',')) {
        add_tag(tags, k);
        add_category(cats, {collapse_whitespace(k), "http://www.itunes.com/", {}});
      }
      return;
    }
    if (name == "itunes:category") {
      add_tag(tags, c.attribute("text").value());
      add_category(
          cats, {collapse_whitespace(c.attribute("text").value()), "http://www.itunes.com/", {}});
      for (pugi::xml_node sub = c.child("itunes:category"); sub;
           sub = sub.next_sibling("itunes:category")) {
        add_tag(tags, sub.attribute("text").value());
        add_category(
            cats,
            {collapse_whitespace(sub.attribute("text").value()), "http://www.itunes.com/", {}});
      }
      return;
    }
    Category cat;
    cat.term = collapse_whitespace(node_text(c));
    if (cat.term.empty()) cat.term = collapse_whitespace(c.attribute("term").value());
    cat.scheme =
        c.attribute("domain") ? c.attribute("domain").value() : c.attribute("scheme").value();
    cat.label = collapse_whitespace(c.attribute("label").value());
    add_tag(tags, cat.label.empty() ? cat.term : cat.label);
    add_category(cats, std::move(cat));
  }

  void read_entry(const pugi::xml_node& item, const Scope& scope) {
    if (out_.entries.size() >= kMaxFeedEntries) {
      if (out_.error.empty())
        out_.error = "more than " + std::to_string(kMaxFeedEntries) + " entries; the rest dropped";
      return;
    }
    FeedEntry e;
    e.language = scope.lang;
    std::string guid, dc_date, media_title, rdf_about = item.attribute("rdf:about").value();
    bool guid_is_link = false;
    bool have_description = false;
    for (pugi::xml_node c = item.first_child(); c; c = c.next_sibling()) {
      if (c.type() != pugi::node_element) continue;
      Scope s = child_scope(c, &scope);
      const std::string name_buf = canonical_name(c, s);
      const std::string_view name = name_buf;
      if (name == "title" || name == "dc:title") {
        if (!e.title.empty() && name == "dc:title") continue;
        TextValue t = read_title(c);
        if (t.type != "text/plain") t.value = detail::resolve_html_urls(std::move(t.value), s.base);
        e.title = t.type == "text/plain" ? collapse_whitespace(t.text) : t.text;
        e.title_info = info_of(t, s, true);
      } else if (name == "link") {
        read_link(c, s, e.links, e.link, &e.enclosures);
      } else if (name == "guid" || name == "id") {
        guid = std::string(trim(node_text(c)));
        if (name == "id" && !guid.empty()) guid = resolve_id(s.base, guid);
        if (name == "guid") {
          // A GUID is the item's link when it is one: an absolute URL, or a path its feed
          // states is a permalink. "12345" or a UUID under the default isPermaLink was made a
          // link relative to the feed, which the crawler then fetched (a 404, or a wrong page).
          const std::string perma = to_lower_ascii(trim(c.attribute("isPermaLink").value()));
          const bool absolute = guid.find("://") != std::string::npos;
          guid_is_link = perma != "false" && !guid.empty() &&
                         (absolute || (perma == "true" && guid.front() == '/'));
          if (guid_is_link) guid = resolve_url(s.base, guid);
        }
      } else if (name == "description" || name == "summary" || name == "abstract" ||
                 name == "dc:description" || name == "itunes:summary" ||
                 name == "itunes:subtitle") {
        const bool weak =
            name == "itunes:summary" || name == "itunes:subtitle" || name == "dc:description";
        if (weak && have_description) continue;
        TextValue t = read_text(c, name == "description");
        if (t.value.empty() && have_description) continue;
        if (have_description && !weak && e.content.empty() && e.content_html.empty() &&
            !e.summary_info.type.empty()) {
          // Both <description> and <summary>: the second is the fuller text.
          e.content = std::move(t.text);
          e.content_html = t.type == "text/plain" ? std::string() : std::move(t.value);
          e.content_info = info_of(t, s, false);
          continue;
        }
        have_description = !weak || have_description;
        e.summary = std::move(t.text);
        e.summary_html = t.type == "text/plain" ? std::string() : std::move(t.value);
        e.summary_info = info_of(t, s, false);
        if (!e.summary_html.empty())
          e.summary_html = detail::resolve_html_urls(std::move(e.summary_html), s.base);
      } else if (name == "content:encoded" || name == "content" || name == "xhtml:body" ||
                 name == "body" || name == "fullitem") {
        if (!e.content.empty() || !e.content_html.empty()) continue;
        if (name == "content" && c.attribute("src")) {
          e.content_info.src = resolve_url(s.base, c.attribute("src").value());
          e.content_info.type = c.attribute("type").value();
          e.content_info.language = s.lang;
          e.content_info.base = s.base;
          if (!e.content_info.src.empty())
            push_capped(
                e.links,
                Link{e.content_info.src, "alternate", c.attribute("type").value(), {}, {}, 0});
          continue;
        }
        TextValue t;
        if (name == "xhtml:body" || name == "body") {
          inner_markup(c, t.value);
          t.value = std::string(trim(t.value));
          t.type = "application/xhtml+xml";
          t.text = feed_html_to_text(t.value);
        } else {
          t = read_text(c, name != "content");
        }
        e.content = std::move(t.text);
        e.content_html = t.type == "text/plain" ? std::string() : std::move(t.value);
        e.content_info = info_of(t, s, false);
        if (!e.content_html.empty())
          e.content_html = detail::resolve_html_urls(std::move(e.content_html), s.base);
      } else if (name == "pubdate" || name == "published" || name == "issued" ||
                 name == "dcterms:issued") {
        e.dates.published = std::string(trim(node_text(c)));
        if (auto t = parse_date(e.dates.published)) e.published = t;
      } else if (name == "updated" || name == "modified" || name == "dcterms:modified") {
        e.dates.updated = std::string(trim(node_text(c)));
        if (auto t = parse_date(e.dates.updated)) e.updated = t;
      } else if (name == "created" || name == "dcterms:created") {
        e.dates.created = std::string(trim(node_text(c)));
        if (auto t = parse_date(e.dates.created)) e.created = t;
      } else if (name == "expirationdate") {
        e.dates.expired = std::string(trim(node_text(c)));
        if (auto t = parse_date(e.dates.expired)) e.expired = t;
      } else if (name == "dc:language") {
        e.language = std::string(trim(node_text(c)));
      } else if (name == "cc:license" || name == "creativecommons:license") {
        const char* res = c.attribute("rdf:resource").value();
        const std::string href =
            resolve_url(s.base, *res ? std::string_view(res) : trim(node_text(c)));
        if (!href.empty()) push_capped(e.links, Link{href, "license", {}, {}, {}, 0});
      } else if (name == "dc:date") {
        dc_date = node_text(c);
      } else if (name == "author" || name == "dc:creator" || name == "itunes:author" ||
                 name == "dc:author") {
        if (name == "itunes:author" && !e.authors.empty()) continue;
        add_person(c, s, e.authors);
      } else if (name == "contributor" || name == "dc:contributor") {
        add_person(c, s, e.contributors);
      } else if (name == "category" || name == "dc:subject" || name == "itunes:keywords" ||
                 name == "itunes:category") {
        add_tags(c, name, e.tags, e.categories);
      } else if (name == "source") {
        FeedInfo src;
        if (has_element_child(c)) {
          read_feed_info(c, s, /*items=*/false, src);
        } else {
          src.title = collapse_whitespace(node_text(c));
          src.feed_url = resolve_url(s.base, c.attribute("url").value());
          if (!src.feed_url.empty()) src.links.push_back(Link{src.feed_url, "self", {}, {}, {}, 0});
        }
        e.source = std::make_shared<const FeedInfo>(std::move(src));
      } else if (name == "dc:publisher" || name == "publisher") {
        std::vector<Person> one;
        add_person(c, s, one);
        if (!one.empty()) e.publisher = one[0];
      } else if (name == "enclosure") {
        const std::string url = resolve_url(s.base, c.attribute("url").value());
        const std::string type(trim(c.attribute("type").value()));
        const int64_t length = to_int(c.attribute("length").value());
        if (!url.empty()) push_capped(e.links, Link{url, "enclosure", type, {}, {}, length});
        add_enclosure(e.enclosures, url, type, length);
      } else if (name == "media:content" || name == "media:group") {
        read_media(c, s, e);
      } else if (name == "media:thumbnail") {
        if (e.image.empty()) e.image = resolve_url(s.base, c.attribute("url").value());
      } else if (name == "itunes:image" ||
                 (name == "itunes:link" &&
                  std::string_view(c.attribute("rel").value()) == "image")) {
        const char* href =
            c.attribute("href") ? c.attribute("href").value() : c.attribute("url").value();
        if (e.image.empty() && *href) e.image = resolve_url(s.base, href);
      } else if (name == "itunes:explicit") {
        e.itunes_explicit = itunes_flag(node_text(c));
      } else if (name == "itunes:block") {
        e.itunes_block = node_text(c) == "yes";
      } else if (name == "itunes:duration") {
        e.itunes_duration = std::string(trim(node_text(c)));
      } else if (name == "media:category") {
        Category cat{collapse_whitespace(node_text(c)), c.attribute("scheme").value(),
                     collapse_whitespace(c.attribute("label").value())};
        if (cat.scheme.empty()) cat.scheme = "http://search.yahoo.com/mrss/category_schema";
        add_tag(e.tags, cat.label.empty() ? cat.term : cat.label);
        add_category(e.categories, std::move(cat));
      } else if (name == "georss:point" || name == "gml:point" || name == "georss:polygon" ||
                 name == "georss:line" || name == "georss:box" || name == "georss:where") {
        read_geo(c, e);
      } else if (name == "media:title") {
        if (media_title.empty()) media_title = read_text(c, false).text;
      } else if (name == "comments") {
        e.comments = resolve_url(s.base, trim(node_text(c)));
      } else if (name == "rights" || name == "copyright" || name == "dc:rights") {
        TextValue t = read_text(c, false);
        if (t.type != "text/plain") t.value = detail::resolve_html_urls(std::move(t.value), s.base);
        e.rights = t.text;
        e.rights_info = info_of(t, s, true);
      } else {
        add_extension(c, s, name, e.extensions);
      }
    }
    if (e.title.empty() && !media_title.empty()) {
      e.title = media_title;
      e.title_info.type = "text/plain";
    }
    if (!dc_date.empty()) {
      e.dates.dc = std::string(trim(dc_date));
      if (e.dates.updated.empty()) e.dates.updated = e.dates.dc;
      if (auto t = parse_date(dc_date)) {
        if (!e.updated) e.updated = t;
        if (!e.published) e.published = t;
      }
    }
    if (e.link.empty()) {
      for (const Link& l : e.links)
        if (l.rel == "alternate") {
          e.link = l.href;
          break;
        }
    }
    if (e.link.empty() && guid_is_link && !guid.empty() && guid.find("://") != std::string::npos) {
      e.link = guid;
      e.link_from_guid = true;
    }
    if (e.link.empty() && !rdf_about.empty()) e.link = resolve_url(scope.base, rdf_about);
    e.id = !guid.empty() ? guid : !rdf_about.empty() ? rdf_about : e.link;
    if (e.id.empty()) e.id = detail::entry_hash_id(e);
    // FeedBurner's <link> is its redirector (feedproxy.google.com, rss.slashdot.org, largely
    // gone); origLink names the article itself, as other feeds and the page's canonical link do.
    // The redirector stays in `links`, and the entry's id is what it was.
    for (const Extension& x : e.extensions)
      if (x.name == "feedburner:origlink" &&
          (x.value.starts_with("http://") || x.value.starts_with("https://"))) {
        e.link = x.value;
        e.link_from_guid = false;
        break;
      }
    out_.entries.push_back(std::move(e));
  }

  // GeoRSS simple (georss:point "lat lon") and GML (gml:Point/gml:pos); other shapes are noted
  // as present but not kept.
  static void read_geo(const pugi::xml_node& c, FeedEntry& e) {
    e.has_geo = true;
    std::string text;
    collect_text(c, text);
    const std::string_view local = local_name(c.name());
    const bool point = iequals_ascii(local, "point") || iequals_ascii(local, "where");
    if (!point) return;
    double lat = 0, lon = 0;
    char extra = 0;
    if (std::sscanf(text.c_str(), " %lf %lf %c", &lat, &lon, &extra) == 2 && lat >= -90 &&
        lat <= 90 && lon >= -180 && lon <= 180)
      e.point = GeoPoint{lat, lon};
  }

  // Keeps an element no handler reads. Bounded: at most 64 per channel/item, short values.
  static void add_extension(const pugi::xml_node& c, const Scope& s, std::string_view name,
                            std::vector<Extension>& out) {
    if (out.size() >= 64 || name == "item" || name == "entry") return;
    static constexpr std::string_view kUriValued[] = {
        "wfw:comment",        "wfw:commentrss", "feedburner:origlink",
        "newlocation",        "docs",           "feedburner:origenclosurelink",
        "itunes:new-feed-url"};
    Extension x;
    x.name = std::string(name);
    x.value = std::string(trim(node_text(c)));
    for (std::string_view u : kUriValued)
      if (name == u) x.value = resolve_url(s.base, x.value);
    if (x.value.size() > 4096) x.value = truncate_utf8(x.value, 4096);
    for (const pugi::xml_attribute& a : c.attributes()) {
      std::string_view an = a.name();
      if (an.substr(0, 5) == "xmlns" || an.substr(0, 4) == "xml:") continue;
      x.attributes.emplace_back(to_lower_ascii(an), a.value());
    }
    for (pugi::xml_node k = c.first_child(); k; k = k.next_sibling()) {
      if (k.type() != pugi::node_element || x.children.size() >= 32) continue;
      x.children.emplace_back(to_lower_ascii(local_name(k.name())),
                              std::string(trim(node_text(k))));
    }
    out.push_back(std::move(x));
  }

  void read_media(const pugi::xml_node& c, const Scope& s, FeedEntry& e) {
    if (std::string_view(local_name(c.name())) == "group") {
      for (pugi::xml_node m = c.first_child(); m; m = m.next_sibling()) {
        if (m.type() != pugi::node_element) continue;
        Scope ms = child_scope(m, &s);
        const std::string n = canonical_name(m, ms);
        if (n == "media:content")
          read_media(m, ms, e);
        else if (n == "media:thumbnail" && e.image.empty())
          e.image = resolve_url(ms.base, m.attribute("url").value());
      }
      return;
    }
    const char* url = c.attribute("url").value();
    if (!*url) return;
    // A media type; Media RSS's `medium` alone says only its kind ("image"), read as
    // "image/*" so that every enclosure's type is a media type or nothing.
    std::string type = c.attribute("type").value();
    if (type.empty()) {
      const std::string medium = to_lower_ascii(trim(c.attribute("medium").value()));
      if (medium == "image" || medium == "audio" || medium == "video") type = medium + "/*";
    }
    add_enclosure(e.enclosures, resolve_url(s.base, url), type,
                  to_int(c.attribute("fileSize").value()));
    for (pugi::xml_node t = c.first_child(); t; t = t.next_sibling()) {
      if (t.type() != pugi::node_element) continue;
      if (local_name(t.name()) == "thumbnail" && e.image.empty())
        e.image = resolve_url(s.base, t.attribute("url").value());
    }
  }

  ParsedFeed& out_;
  std::string doc_url_;
  std::string default_lang_;  // HTTP Content-Language
  std::string doctype_;       // the DOCTYPE declaration, if any (RSS 0.91 Netscape)

 public:
  bool undeclared_prefix_ = false;
};

}  // namespace

namespace detail {

std::string entry_hash_id(const FeedEntry& e, bool with_text) {
  // FNV-1a 64 over the entry's identifying text: stable across runs and machines.
  uint64_t h = 1469598103934665603ull;
  auto mix = [&](std::string_view s) {
    for (unsigned char c : s) {
      h ^= c;
      h *= 1099511628211ull;
    }
    h ^= 0xFF;
    h *= 1099511628211ull;
  };
  // A title whose references were decoded is hashed as written, as before they were.
  const bool decoded = e.title_info.type == "text/plain" && !e.title_info.html.empty();
  mix(decoded ? e.title_info.html : e.title);
  if (with_text || trim(e.title).empty()) {
    mix(e.summary_html.empty() ? e.summary : e.summary_html);
    mix(e.content_html.empty() ? e.content : e.content_html);
  } else {
    mix("title");  // never the hash of a title with an empty text
  }
  if (e.published) mix(std::to_string(*e.published));
  char buf[40];
  std::snprintf(buf, sizeof buf, "urn:byline:%016llx", static_cast<unsigned long long>(h));
  return buf;
}

void distinct_hash_ids(std::vector<FeedEntry>& entries) {
  // id -> (the first entry's full hash, whether another entry's differs)
  std::unordered_map<std::string, std::pair<std::string, bool>> first;
  for (const FeedEntry& e : entries) {
    if (!e.id.starts_with("urn:byline:") || e.id != entry_hash_id(e)) continue;
    auto [it, fresh] = first.try_emplace(e.id, entry_hash_id(e, true), false);
    if (!fresh && it->second.first != entry_hash_id(e, true)) it->second.second = true;
  }
  for (FeedEntry& e : entries)
    if (auto it = first.find(e.id); it != first.end() && it->second.second)
      e.id = entry_hash_id(e, true);
}

void mark_anchored_entries(std::vector<FeedEntry>& entries) {
  auto page_and_fragment = [](std::string_view link) {
    const size_t hash = link.find('#');
    if (hash == std::string_view::npos || hash + 1 == link.size())
      return std::pair<std::string_view, std::string_view>{};
    return std::pair{link.substr(0, hash), link.substr(hash + 1)};
  };
  std::unordered_map<std::string_view, std::string_view> first;  // page: a fragment of it
  std::unordered_set<std::string_view> shared;                   // pages linked with two fragments
  for (const FeedEntry& e : entries) {
    const auto [page, fragment] = page_and_fragment(e.link);
    if (page.empty()) continue;
    const auto [it, fresh] = first.emplace(page, fragment);
    if (!fresh && it->second != fragment) shared.insert(page);
  }
  if (shared.empty()) return;
  for (FeedEntry& e : entries)
    if (const auto pf = page_and_fragment(e.link); !pf.first.empty() && shared.count(pf.first))
      e.anchored = true;
}

namespace {

// An HTML page given where a feed was expected: name the feed it links to, which is what the
// user most likely meant (a site's home page pasted for its feed).
Status not_a_feed_but_html(std::string_view utf8, const std::string& url) {
  const std::vector<crawler::DiscoveredFeed> links = crawler::feed_links_in_html(utf8, url);
  if (links.empty())
    return Status(ErrorCode::kBadInput, "not a feed: an HTML page that links to no feed",
                  "`byline feeds add URL` also tries the site's usual feed addresses; "
                  "`byline extract` reads an article page");
  const std::string feed = truncate_utf8(links.front().url, 500);
  // Read from standard input, the page has no address to subscribe by.
  return Status(
      ErrorCode::kBadInput, "not a feed: an HTML page that links to the feed " + feed,
      "`byline feed " + feed + "` reads that feed" +
          (url.empty() ? std::string()
                       : ", `byline feeds add " + truncate_utf8(url, 500) + "` subscribes to it"));
}

bool looks_like_html(std::string_view utf8) {
  size_t k = 0;
  while (k < utf8.size() && (a_space(static_cast<unsigned char>(utf8[k])))) ++k;
  const std::string_view head = utf8.substr(k, 14);
  return starts_with_icase(head, "<!doctype html") || starts_with_icase(head, "<html");
}

}  // namespace

Status parse_xml_feed(std::string_view utf8, const FeedParseOptions& options, ParsedFeed& out) {
  const std::string_view input = utf8;
  // The rest of a document of too many elements is dropped (the cut is then recovered from).
  if (const size_t keep = prefix_within_elements(utf8, kMaxXmlElements); keep < utf8.size()) {
    utf8 = utf8.substr(0, keep);
    out.error = "more than " + std::to_string(kMaxXmlElements) + " XML elements; the rest dropped";
  }
  XmlPrepared prepared = prepare_xml(utf8);
  if (!prepared.well_formed) {
    out.well_formed = false;
    if (out.error.empty()) out.error = prepared.problem;
  }
  constexpr unsigned kOptions = pugi::parse_cdata | pugi::parse_escapes | pugi::parse_eol |
                                pugi::parse_wconv_attribute | pugi::parse_ws_pcdata;
  pugi::xml_document doc;
  pugi::xml_parse_result r = doc.load_buffer_inplace(prepared.text.data(), prepared.text.size(),
                                                     kOptions, pugi::encoding_utf8);
  std::string recovered;
  if (!r || !doc.document_element()) {
    out.well_formed = false;
    if (out.error.empty())
      out.error =
          std::string("XML error: ") + r.description() + " at byte " + std::to_string(r.offset);
    // prepared.text was parsed in place (pugixml may have rewritten it): rebuild from the input.
    XmlPrepared again = prepare_xml(utf8);
    recovered = recover_xml(again.text);
    doc.reset();
    r = doc.load_buffer_inplace(recovered.data(), recovered.size(), kOptions, pugi::encoding_utf8);
    if (!r && !doc.document_element()) {
      if (looks_like_html(input)) return not_a_feed_but_html(input, options.url);
      return Status(ErrorCode::kBadInput, "not a feed: " + out.error,
                    "the document is not XML that can be recovered");
    }
  }
  XmlFeedReader reader(out, options.url, options.content_language, prepared.doctype);
  const bool read_ok = reader.read(doc);
  if (reader.undeclared_prefix_ && out.well_formed) {
    out.well_formed = false;
    out.error = "namespace prefix used without a declaration";
  }
  if (!read_ok) {
    pugi::xml_node root = doc.document_element();
    if (root && std::string_view(root.name()) == "opml")
      return Status(ErrorCode::kBadInput, "not a feed: an OPML list of feeds",
                    "`byline crawl FILE.opml` crawls its feeds, `byline feeds import FILE.opml` "
                    "subscribes to them (a local file; save one from the web first)");
    if (root && iequals_ascii(root.name(), "html")) return not_a_feed_but_html(input, options.url);
    return Status(ErrorCode::kBadInput,
                  std::string("not a feed: root element <") + (root ? root.name() : "") + ">",
                  "expected <rss>, <rdf:RDF>, <feed> or a JSON Feed");
  }
  return Status::Ok();
}

}  // namespace detail

bool valid_ascii(std::string_view s) {
  for (char c : s)
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  return true;
}

std::vector<bool> superseded_entries(const std::vector<FeedEntry>& entries) {
  std::vector<bool> out(entries.size(), false);
  std::unordered_map<std::string_view, size_t> newest;  // link -> entry that names it
  auto date = [](const FeedEntry& e) { return e.published ? e.published : e.updated; };
  for (size_t i = 0; i < entries.size(); ++i) {
    if (entries[i].link.empty()) continue;
    auto [it, fresh] = newest.emplace(entries[i].link, i);
    if (fresh) continue;
    const auto held = date(entries[it->second]);
    const auto mine = date(entries[i]);
    if (mine && (!held || *mine > *held)) {
      out[it->second] = true;
      it->second = i;
    } else {
      out[i] = true;
    }
  }
  return out;
}

namespace {

/// Dates written with slashes or dashes ("05/03/2026 10:00", no RFC's form), read once the
/// feed's language is known (RSS may state it after its items): the entry's xml:lang or
/// dc:language, else the feed's, else the server's Content-Language (its first tag) says which
/// number is the day.
void read_slash_dates(ParsedFeed& out, const FeedParseOptions& options) {
  const auto read = [](const std::string& written, std::optional<int64_t>& t, DayOrder order) {
    if (t || written.find_first_of("/-") == std::string::npos) return;
    if (const std::string spelled = spell_slash_dates(written, order); spelled != written)
      t = parse_date(spelled);
  };
  // dc:date dates the item as it does when it is read at once: published and updated both,
  // where nothing else does. An item's fields are written one way: a weekday in one says how
  // the others read.
  const auto read_all = [&](DateText& written, std::optional<int64_t>& published,
                            std::optional<int64_t>& updated, const std::string& language) {
    const DayOrder order = slash_date_order(
        written.published + " | " + written.updated + " | " + written.dc, day_order(language));
    read(written.published, published, order);
    read(written.updated, updated, order);
    std::optional<int64_t> dc;
    read(written.dc, dc, order);
    if (dc && !updated) updated = dc;
    if (dc && !published) published = dc;
  };
  // A language that is no tag ("English") says nothing: the server's is asked then.
  std::string_view server = options.fallback_language;
  server = server.substr(0, server.find_first_of(",;"));
  const std::string feed_language = !normalize_language_tag(out.feed.language).empty()
                                        ? out.feed.language
                                    : !options.content_language.empty() ? options.content_language
                                                                        : std::string(server);
  read_all(out.feed.dates, out.feed.published, out.feed.updated, feed_language);
  for (FeedEntry& e : out.entries)
    read_all(e.dates, e.published, e.updated, e.language.empty() ? feed_language : e.language);
}

// Bytes declared UTF-8 that are not: no UTF-8 character beyond ASCII, or more than three
// invalid bytes to each of its characters (a windows-1251 «Л» is the valid pair CB BB; EUC-JP
// text makes some 3.7).
bool mostly_not_utf8(std::string_view body) {
  const Utf8Census c = utf8_census(body);
  return c.multibyte == 0 || c.invalid > 3 * c.multibyte;
}

}  // namespace

Result<ParsedFeed> parse_feed(std::string_view bytes, const FeedParseOptions& options) {
  if (bytes.size() > kMaxFeedBytes)
    return Result<ParsedFeed>(ErrorCode::kBadInput,
                              "feed too large: " + std::to_string(bytes.size()) + " bytes",
                              "the limit is " + std::to_string(kMaxFeedBytes >> 20) + " MiB");
  ParsedFeed out;
  const CharsetDecision cs = detect_xml_charset(bytes, options.content_type);
  std::string utf8_storage;
  size_t replaced = 0;
  // Report the decoder actually used where it is a superset of the label.
  out.encoding = cs.encoding == "gb2312" || cs.encoding == "gbk" ? "gb18030" : cs.encoding;
  std::string_view utf8;
  const std::string_view body = bytes.substr(cs.bom_length);
  if (cs.encoding == "utf-8" && is_clean_utf8(body)) {
    utf8 = body;  // the common case: no copy
  } else if (!transcode_to_utf8(body, cs.encoding, utf8_storage, &replaced)) {
    // Unknown charset: read as UTF-8 when it is, else in the legacy charset the bytes are in
    // (not Turkish's from a guess, as below), else windows-1252; and say so.
    out.well_formed = false;
    out.encoding = "utf-8";
    transcode_to_utf8(body, "utf-8", utf8_storage, &replaced);
    if (replaced > 0 && mostly_not_utf8(body)) {
      std::string guess = guess_legacy_charset(body);
      if (guess.empty() || guess == "windows-1254" || guess == "iso-8859-9") guess = "windows-1252";
      std::string alt;
      size_t alt_bad = 0;
      if (transcode_to_utf8(body, guess, alt, &alt_bad)) {
        utf8_storage.swap(alt);
        out.encoding = guess;
        replaced = alt_bad;
      }
    }
    out.error = "unknown character set " + cs.encoding + ", read as " + out.encoding;
  } else if (cs.encoding == "us-ascii" && !valid_ascii(bytes)) {
    // Declared ASCII (a charset=us-ascii parameter) yet 8-bit: UTF-8 when it is, else cp1252.
    std::string alt;
    size_t alt_bad = 0;
    if (transcode_to_utf8(bytes, "utf-8", alt, &alt_bad) && alt_bad == 0) {
      utf8_storage.swap(alt);
      out.encoding = "utf-8";
      replaced = 0;
    }
    out.well_formed = false;
    // Read as UTF-8 or, as transcoding reads the ASCII label, windows-1252.
    out.error = std::string("declared us-ascii but not ASCII; read as ") +
                (out.encoding == "utf-8" ? "utf-8" : "windows-1252");
  } else if (replaced > 0 && !cs.defaulted && cs.encoding == "utf-8" && mostly_not_utf8(body)) {
    // Declared UTF-8 with (next to) no UTF-8 character beyond ASCII: a publisher's cp1252
    // (curly quotes, accents) under a template's declaration. Read as feedparser does, and
    // flagged; in the XML declaration's encoding when the server's label overrode another one,
    // else in another script's legacy charset that the bytes are (a Cyrillic feed was
    // mojibake). Not Turkish's windows-1254 from a guess: Icelandic cp1252 reads as it.
    std::vector<std::string> candidates;
    if (!cs.declared.empty() && !cs.declared.starts_with("utf-") &&
        !is_windows_1252_label(cs.declared))
      candidates.push_back(cs.declared);
    if (std::string legacy = guess_legacy_charset(body);
        !legacy.empty() && legacy != "windows-1254" && legacy != "iso-8859-9")
      candidates.push_back(legacy);
    candidates.push_back("windows-1252");
    for (const std::string& fallback : candidates) {
      std::string alt;
      size_t alt_bad = 0;
      if (!transcode_to_utf8(body, fallback, alt, &alt_bad)) continue;
      utf8_storage.swap(alt);
      out.encoding = fallback;
      out.error = "declared utf-8 but not utf-8; read as " + fallback;
      replaced = alt_bad;
      out.well_formed = false;
      break;
    }
  } else if (replaced > 0 && cs.defaulted) {
    // Undeclared and not UTF-8: ask ICU's detector, else assume windows-1252 (the common case).
    std::string guess = guess_charset(bytes);
    if (guess.empty()) guess = "windows-1252";
    std::string alt;
    size_t alt_bad = 0;
    if (transcode_to_utf8(bytes, guess, alt, &alt_bad) ||
        transcode_to_utf8(bytes, guess = "windows-1252", alt, &alt_bad)) {
      utf8_storage.swap(alt);
      out.encoding = guess;
      replaced = alt_bad;
    }
    out.well_formed = false;
    out.error = "no encoding declared and not utf-8; read as " + out.encoding;
  }
  // The server's label was wrong, not the document: it stays well formed, and the note says so
  // (feed's text output prints it as a note, not as a recovery).
  if (!cs.overridden.empty() && out.error.empty())
    out.error = (cs.overridden_declaration ? "declared as " : "served as ") + cs.overridden +
                " but written in utf-8; read as utf-8";
  if (utf8.data() != body.data()) utf8 = utf8_storage;
  if (replaced > 0 && out.well_formed) {
    out.well_formed = false;
    out.error = std::to_string(replaced) + " bytes invalid in " + out.encoding + " replaced";
  }
  if (cs.conflict && out.well_formed) {
    out.well_formed = false;
    out.error = cs.problem;
  }
  // JSON Feed: the first significant character is '{'.
  size_t first = 0;
  while (first < utf8.size() && std::strchr(" \t\r\n", utf8[first])) ++first;
  if (first < utf8.size() && utf8[first] == '{') {
    Status st = detail::parse_json_feed(utf8, options.url, out);
    if (!st.ok()) return st;
    detail::distinct_hash_ids(out.entries);
    detail::mark_anchored_entries(out.entries);
    return out;
  }
  Status st = detail::parse_xml_feed(utf8, options, out);
  if (!st.ok()) return st;
  detail::distinct_hash_ids(out.entries);
  detail::mark_anchored_entries(out.entries);
  // After the ids: an entry's id stays what byline made of it before it read these dates.
  read_slash_dates(out, options);
  return out;
}

}  // namespace byline
