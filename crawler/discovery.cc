// crawler/discovery.cc: feed autodiscovery (libxml2's forgiving HTML parser for the links).
#include "crawler/discovery.h"

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

#include <memory>
#include <optional>
#include <unordered_set>

#include "byline/feed.h"
#include "common/html_parse.h"
#include "common/text.h"
#include "crawler/url.h"

namespace byline::crawler {
namespace {

std::string attr(xmlNode* node, const char* name) {
  xmlChar* v = xmlGetProp(node, reinterpret_cast<const xmlChar*>(name));
  if (!v) return {};
  std::string out(reinterpret_cast<const char*>(v));
  xmlFree(v);
  return out;
}

bool has_token(const std::string& list, std::string_view token) {
  for (const std::string& t : split(to_lower_ascii(collapse_whitespace(list)), ' '))
    if (t == token) return true;
  return false;
}

/// "rss", "atom", "json" for feed MIME types; empty otherwise.
std::string feed_kind(const std::string& mime) {
  std::string m = to_lower_ascii(trim(mime.substr(0, mime.find(';'))));
  if (m == "application/rss+xml" || m == "application/rdf+xml") return "rss";
  if (m == "application/atom+xml") return "atom";
  if (m == "application/feed+json" || m == "application/json") return "json";
  return {};
}

void walk(xmlNode* node, std::string& base, std::vector<xmlNode*>& links, int depth) {
  for (xmlNode* n = node; n && depth < 256; n = n->next) {
    if (n->type == XML_ELEMENT_NODE && n->name) {
      std::string name = to_lower_ascii(reinterpret_cast<const char*>(n->name));
      if (name == "base" && base.empty()) base = attr(n, "href");
      if (name == "link" || name == "a") links.push_back(n);
    }
    if (n->children) walk(n->children, base, links, depth + 1);
  }
}

}  // namespace

std::vector<DiscoveredFeed> feed_links_in_html(std::string_view html, const std::string& page_url) {
  std::vector<DiscoveredFeed> out;
  if (html.empty() || html.size() > (64u << 20)) return out;
  init_libxml();
  htmlDocPtr doc =
      htmlReadMemory(html.data(), static_cast<int>(html.size()), page_url.c_str(), nullptr,
                     HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                         HTML_PARSE_NONET | HTML_PARSE_COMPACT);
  if (!doc) return out;
  std::unique_ptr<xmlDoc, void (*)(xmlDocPtr)> guard(doc, xmlFreeDoc);
  std::string base;
  std::vector<xmlNode*> links;
  walk(xmlDocGetRootElement(doc), base, links, 0);
  std::string resolved_base = page_url;
  if (!base.empty())
    if (auto b = resolve_url(page_url, base)) resolved_base = *b;
  std::unordered_set<std::string> seen;
  std::vector<DiscoveredFeed> anchors;  // <a type=...>: after every <link>, the stronger claim
  for (xmlNode* n : links) {
    // <a> links count only with an explicit feed type; <link> needs rel="alternate" too.
    std::string name = to_lower_ascii(reinterpret_cast<const char*>(n->name));
    std::string kind = feed_kind(attr(n, "type"));
    if (kind.empty()) continue;
    if (name == "link" && !has_token(attr(n, "rel"), "alternate")) continue;
    std::string href = attr(n, "href");
    if (href.empty()) continue;
    auto url = resolve_url(resolved_base, href);
    if (!url) continue;
    if (!starts_with_icase(*url, "http://") && !starts_with_icase(*url, "https://") &&
        !(starts_with_icase(*url, "file:") && starts_with_icase(page_url, "file:")))
      continue;  // a web page may not point us at local files
    if (!seen.insert(*url).second) continue;
    (name == "link" ? out : anchors)
        .push_back({*url, collapse_whitespace(attr(n, "title")), kind, ""});
  }
  for (auto& a : anchors) out.push_back(std::move(a));
  return out;
}

std::vector<std::string> well_known_feed_urls(const std::string& page_url) {
  static const char* kPaths[] = {"/feed",      "/rss",       "/feed.xml",  "/rss.xml",
                                 "/atom.xml",  "/index.xml", "/feed.json", "/feeds/all.atom.xml",
                                 "/index.rss", "/?feed=rss2"};
  std::vector<std::string> out;
  for (const char* p : kPaths)
    if (auto u = resolve_url(page_url, p)) out.push_back(*u);
  return out;
}

namespace {

/// A feed's title when `doc` parses as a feed with at least a title or an entry.
std::optional<std::string> as_feed(const FetchedDocument& doc) {
  FeedParseOptions o;
  o.url = doc.final_url;
  o.content_type = doc.content_type;
  o.fallback_language = doc.content_language;
  auto parsed = parse_feed(doc.body, o);
  if (!parsed.ok()) return std::nullopt;
  if (parsed->entries.empty() && parsed->feed.title.empty()) return std::nullopt;
  return parsed->feed.title;
}

// The bytes decide, not the Content-Type: feeds are often served as text/html or text/plain.
bool looks_like_html(const FetchedDocument& doc) {
  std::string head = to_lower_ascii(std::string_view(doc.body).substr(0, 2048));
  return head.find("<html") != std::string::npos ||
         head.find("<!doctype html") != std::string::npos;
}

/// Fetches every candidate concurrently; keeps those that are feeds, in candidate order.
/// `unreachable`, when given, is set when every candidate failed for a cause that may pass (a
/// network error, a 5xx or a 429): why the first did.
std::vector<DiscoveredFeed> verify(std::vector<DiscoveredFeed> candidates,
                                   const FetchOptions& options, bool allow_file,
                                   std::optional<std::string>* unreachable = nullptr) {
  std::vector<std::optional<std::string>> titles(candidates.size());
  std::vector<std::string> finals(candidates.size());
  std::vector<std::string> passing(candidates.size());  // a failure that may pass: why
  Fetcher fetcher(options);
  for (size_t i = 0; i < candidates.size(); ++i) {
    FetchRequest req;
    req.url = candidates[i].url;
    req.allow_file = allow_file && starts_with_icase(req.url, "file:");
    fetcher.submit(req, [&titles, &finals, &passing, i](const FetchRequest& q, FetchResult r) {
      if (r.ok() && r->success()) {
        titles[i] = as_feed(*r);
        finals[i] = r->final_url;
      } else if (!r.ok() && is_transient_fetch_error(r.status())) {
        passing[i] = r.status().message();
      } else if (r.ok() && (r->http_status >= 500 || r->http_status == 429)) {
        passing[i] = "HTTP " + std::to_string(r->http_status) + " fetching " +
                     truncate_utf8(sanitize_utf8(q.url), 200);
      }
    });
  }
  fetcher.run();
  if (unreachable && !candidates.empty() &&
      std::all_of(passing.begin(), passing.end(), [](const std::string& p) { return !p.empty(); }))
    *unreachable = passing.front();
  std::vector<DiscoveredFeed> out;
  for (size_t i = 0; i < candidates.size(); ++i) {
    if (!titles[i]) continue;
    candidates[i].feed_title = *titles[i];
    if (candidates[i].title.empty()) candidates[i].title = *titles[i];
    out.push_back(std::move(candidates[i]));
  }
  return out;
}

}  // namespace

Result<std::vector<DiscoveredFeed>> discover_feeds(const std::string& url,
                                                   const FetchOptions& options, std::string* note) {
  const bool allow_file = starts_with_icase(url, "file:");
  Result<FetchedDocument> page = fetch_url(url, options, allow_file);
  if (!page.ok()) return page.status();
  if (auto title = as_feed(*page); title && !looks_like_html(*page))
    return std::vector<DiscoveredFeed>{{page->final_url, *title, "", *title}};
  std::vector<DiscoveredFeed> found;
  std::optional<std::string> unreachable;  // every feed the page links failed for now: why
  if (looks_like_html(*page)) {
    std::vector<DiscoveredFeed> links = feed_links_in_html(page->body, page->final_url);
    // Each candidate is a fetch: a page of 3000 feed links made `feeds add` run for 50 minutes
    // and sent a request to every site it named. Real pages declare a handful.
    if (links.size() > kMaxFeedCandidates) {
      if (note)
        *note = "the page links to " + std::to_string(links.size()) + " feeds; only the first " +
                std::to_string(kMaxFeedCandidates) + " were tried";
      links.resize(kMaxFeedCandidates);
    }
    found = verify(std::move(links), options, allow_file, &unreachable);
  }
  if (found.empty() && !allow_file) {
    std::vector<DiscoveredFeed> guesses;
    for (const std::string& u : well_known_feed_urls(page->final_url))
      guesses.push_back({u, "", "", ""});
    found = verify(std::move(guesses), options, false);
    // Several well-known paths often serve one feed: keep the first spelling of each.
    std::unordered_set<std::string> titles_seen;
    std::vector<DiscoveredFeed> unique;
    for (auto& f : found)
      if (titles_seen.insert(f.title).second) unique.push_back(std::move(f));
    found = std::move(unique);
  }
  // The page names its feeds and none answered: a network failure that may pass, not "none".
  if (found.empty() && unreachable)
    return Result<std::vector<DiscoveredFeed>>(
        ErrorCode::kNetwork,
        "the feeds that " + truncate_utf8(sanitize_utf8(url), 200) +
            " links to could not be fetched: " + *unreachable,
        "try again later");
  if (found.empty())
    return Result<std::vector<DiscoveredFeed>>(
        ErrorCode::kNotFound, "no feed found at " + truncate_utf8(sanitize_utf8(url), 200),
        "give the feed's own URL (look for an RSS or Atom link on the site)");
  return found;
}

}  // namespace byline::crawler
