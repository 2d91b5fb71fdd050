#include "indexer/metadata.h"

#include <algorithm>
#include <array>
#include <map>
#include <nlohmann/json.hpp>

#include "common/datetime.h"
#include "common/html_text.h"
#include "common/text.h"
#include "indexer/html_dom.h"
#include "indexer/section_tagger.h"

namespace byline {

using nlohmann::json;

namespace {

constexpr int kMaxDepth = 400;
// 1990-01-01: older "publication dates" are placeholders or epoch noise.
constexpr int64_t kEarliestDate = 631152000;

/// Everything the single walk over the tree collects.
struct Collected {
  std::map<std::string, std::string> meta;  // lower-cased name/property -> first content
  std::vector<std::string> meta_tags;       // article:tag values, in order
  std::string title_tag;
  std::string canonical;
  std::string html_lang;
  std::string html_dir;
  std::string first_h1;
  std::vector<std::string> ld_blocks;
  std::string next_data;
  std::string time_published;  // <time itemprop=datePublished|pubdate datetime>
  std::string time_first;      // first <time datetime>
  std::string rel_author;
  std::string itemprop_author;
  std::string byline_text;
  int reading_time = 0;
  bool ai_label = false;
  bool related_label = false;
  int in_link = 0;  // labels inside links belong to teasers of other stories
};

bool has_class_token(std::string_view cls, std::string_view token) {
  size_t i = 0;
  while (i < cls.size()) {
    while (i < cls.size() && (cls[i] == ' ' || cls[i] == '\t' || cls[i] == '\n')) ++i;
    size_t b = i;
    while (i < cls.size() && !(cls[i] == ' ' || cls[i] == '\t' || cls[i] == '\n')) ++i;
    if (iequals_ascii(cls.substr(b, i - b), token)) return true;
  }
  return false;
}

/// Reading-time and AI labels are short text of their own element.
void check_label(const xmlNode* text, Collected& c) {
  if (c.in_link || !text->content || !text->parent) return;
  const std::string_view t = reinterpret_cast<const char*>(text->content);
  if (t.size() > 80) return;
  if (c.reading_time == 0 && t.find("min") != std::string_view::npos) {
    const std::string own = inner_text(text->parent);
    if (own.size() < 80) c.reading_time = parse_reading_time(own);
  }
  if (!c.ai_label && (t.find("AI") != std::string_view::npos || t.find("ai") != std::string_view::npos) &&
      classify_boilerplate(t) == Boilerplate::kAiLabel)
    c.ai_label = true;
  // "More Stories You Might Enjoy" as a heading: the page has a related-stories box.
  const std::string_view parent = node_name(text->parent);
  if (!c.related_label && parent.size() == 2 && parent[0] == 'h' &&
      classify_boilerplate(t) == Boilerplate::kRelatedBox)
    c.related_label = true;
}

void collect(const xmlNode* n, Collected& c, int depth) {
  if (depth > kMaxDepth) return;
  for (const xmlNode* e = n; e; e = e->next) {
    if (e->type == XML_TEXT_NODE) {
      check_label(e, c);
      continue;
    }
    if (!is_element(e)) continue;
    const std::string_view name = node_name(e);
    if (name == "meta") {
      std::string_view key = attr(e, "property");
      if (key.empty()) key = attr(e, "name");
      if (key.empty()) key = attr(e, "itemprop");
      if (key.empty()) key = attr(e, "http-equiv");
      std::string_view content = attr(e, "content");
      if (content.empty()) content = attr(e, "value");
      if (!key.empty() && !content.empty()) {
        // A property attribute may list several space-separated names.
        for (const std::string& k : split(to_lower_ascii(key), ' ')) {
          if (k.empty()) continue;
          if (k == "article:tag") c.meta_tags.emplace_back(content);
          c.meta.emplace(k, std::string(content));
        }
      }
      continue;
    }
    if (name == "title") {
      if (c.title_tag.empty()) c.title_tag = inner_text(e);
      continue;
    }
    if (name == "link") {
      const std::string rel = to_lower_ascii(attr(e, "rel"));
      if (rel == "canonical" && c.canonical.empty()) c.canonical = std::string(attr(e, "href"));
      continue;
    }
    if (name == "script") {
      const std::string type = to_lower_ascii(attr(e, "type"));
      if (type == "application/ld+json") {
        std::string raw;
        for (const xmlNode* t = e->children; t; t = t->next)
          if (t->content) raw += reinterpret_cast<const char*>(t->content);
        c.ld_blocks.push_back(std::move(raw));
      } else if (attr(e, "id") == "__NEXT_DATA__") {
        for (const xmlNode* t = e->children; t; t = t->next)
          if (t->content) c.next_data += reinterpret_cast<const char*>(t->content);
      }
      continue;  // dates and names inside other scripts are never read
    }
    if (name == "style" || name == "noscript" || name == "template") continue;
    if (name == "html") {
      c.html_lang = std::string(attr(e, "lang"));
      if (c.html_lang.empty()) c.html_lang = std::string(attr(e, "xml:lang"));
      c.html_dir = std::string(attr(e, "dir"));
    }
    if (name == "h1" && c.first_h1.empty()) c.first_h1 = inner_text(e);
    if (name == "time") {
      const std::string_view dt = attr(e, "datetime");
      if (!dt.empty()) {
        if (c.time_first.empty()) c.time_first = std::string(dt);
        if (c.time_published.empty() &&
            (attr(e, "itemprop") == "datePublished" || has_attr(e, "pubdate")))
          c.time_published = std::string(dt);
      }
    }
    const std::string_view rel = attr(e, "rel");
    if (name == "a" && rel == "author" && c.rel_author.empty()) c.rel_author = inner_text(e);
    if (c.itemprop_author.empty() && attr(e, "itemprop") == "author") {
      // <span itemprop=author><span itemprop=name>X</span></span> or the text itself.
      c.itemprop_author = inner_text(e);
    }
    if (c.byline_text.empty()) {
      const std::string_view cls = attr(e, "class");
      if (has_class_token(cls, "byline") || has_class_token(cls, "author") ||
          attr(e, "rel") == "author") {
        std::string t = inner_text(e);
        if (!t.empty() && t.size() < 100) c.byline_text = std::move(t);
      }
    }
    if (name == "a") ++c.in_link;
    collect(e->children, c, depth + 1);
    if (name == "a") --c.in_link;
  }
}

std::string get(const Collected& c, std::initializer_list<const char*> keys) {
  for (const char* k : keys) {
    const auto it = c.meta.find(k);
    if (it != c.meta.end()) {
      std::string v = collapse_whitespace(it->second);
      if (!v.empty()) return v;
    }
  }
  return {};
}

bool is_article_type(const json& t) {
  static const std::array<std::string_view, 14> kTypes{
      "Article",           "NewsArticle",       "BlogPosting",         "ReportageNews",
      "AnalysisNewsArticle", "OpinionNewsArticle", "ReviewNewsArticle", "BackgroundNewsArticle",
      "TechArticle",       "LiveBlogPosting",   "ScholarlyArticle",    "SocialMediaPosting",
      "Report",            "Blog"};
  auto one = [](const json& v) {
    if (!v.is_string()) return false;
    std::string s = v.get<std::string>();
    if (const size_t slash = s.rfind('/'); slash != std::string::npos) s = s.substr(slash + 1);
    return std::find(kTypes.begin(), kTypes.end(), s) != kTypes.end();
  };
  if (t.is_array()) return std::any_of(t.begin(), t.end(), one);
  return one(t);
}

/// Every JSON object in a JSON-LD value: arrays and @graph flattened.
void flatten_ld(const json& v, std::vector<const json*>& out, int depth) {
  if (depth > 8) return;
  if (v.is_array()) {
    for (const auto& x : v) flatten_ld(x, out, depth + 1);
  } else if (v.is_object()) {
    out.push_back(&v);
    if (auto g = v.find("@graph"); g != v.end()) flatten_ld(*g, out, depth + 1);
  }
}

std::string ld_string(const json& v) {
  if (v.is_string()) return collapse_whitespace(v.get<std::string>());
  if (v.is_object()) {
    if (auto n = v.find("name"); n != v.end() && n->is_string())
      return collapse_whitespace(n->get<std::string>());
    if (auto n = v.find("@value"); n != v.end() && n->is_string())
      return collapse_whitespace(n->get<std::string>());
  }
  if (v.is_array()) {
    std::string out;
    for (const auto& x : v) {
      std::string s = ld_string(x);
      if (s.empty()) continue;
      if (!out.empty()) out += ", ";
      out += s;
    }
    return out;
  }
  return {};
}

std::string ld_field(const json& o, const char* key) {
  const auto it = o.find(key);
  return it == o.end() ? std::string() : ld_string(*it);
}

/// Relaxed JSON-LD parse: pages wrap blocks in comments/CDATA and leave raw control characters.
json parse_ld(std::string_view raw) {
  std::string s(trim(raw));
  auto strip = [&](std::string_view open, std::string_view close) {
    if (s.starts_with(open)) s.erase(0, open.size());
    if (s.ends_with(close)) s.erase(s.size() - close.size());
    s = std::string(trim(s));
  };
  strip("<!--", "-->");
  strip("//<![CDATA[", "//]]>");
  strip("<![CDATA[", "]]>");
  json j = json::parse(s, nullptr, false);
  if (!j.is_discarded()) return j;
  for (char& ch : s)
    if (ch == '\n' || ch == '\r' || ch == '\t') ch = ' ';
  return json::parse(s, nullptr, false);
}

std::optional<int64_t> bounded_date(std::string_view s, int64_t now) {
  if (s.empty()) return std::nullopt;
  auto t = parse_date(trim(s));
  if (!t || *t > now || *t < kEarliestDate) return std::nullopt;
  return t;
}

/// The longest article-like text in a __NEXT_DATA__ blob (JSON of a React page's props).
void find_next_body(const json& v, std::string& best, int depth) {
  if (depth > 40) return;
  if (v.is_object()) {
    for (auto it = v.begin(); it != v.end(); ++it) {
      const std::string& k = it.key();
      if (it->is_string() && (k == "articleBody" || k == "body" || k == "content" ||
                              k == "text" || k == "html" || k == "bodyHtml" || k == "content_html")) {
        const std::string& s = it->get_ref<const std::string&>();
        if (s.size() > best.size()) best = s;
      } else {
        find_next_body(*it, best, depth + 1);
      }
    }
  } else if (v.is_array()) {
    for (const auto& x : v) find_next_body(x, best, depth + 1);
  }
}

std::string clean_author(std::string a) {
  a = collapse_whitespace(a);
  if (starts_with_icase(a, "by ")) a = std::string(trim(std::string_view(a).substr(3)));
  if (a.starts_with("http://") || a.starts_with("https://")) return {};
  return a;
}

}  // namespace

std::string resolve_url(const std::string& base, const std::string& href_in) {
  const std::string href(trim(href_in));
  if (href.empty()) return {};
  if (href.find("://") != std::string::npos && href.find("://") < href.find_first_of("/?#"))
    return href;
  const size_t scheme_end = base.find("://");
  if (scheme_end == std::string::npos) return href;
  if (href.starts_with("//")) return base.substr(0, scheme_end + 1) + href;
  const size_t host_end = base.find_first_of("/?#", scheme_end + 3);
  const std::string origin = base.substr(0, host_end);
  if (href.starts_with("/")) return origin + href;
  if (href.starts_with("?") || href.starts_with("#")) {
    return base.substr(0, base.find(href[0] == '?' ? "?" : "#")) + href;
  }
  std::string path = host_end == std::string::npos ? "/" : base.substr(host_end);
  path = path.substr(0, path.find_first_of("?#"));
  path = path.substr(0, path.rfind('/') + 1);
  return origin + path + href;
}

PageMetadata read_metadata(xmlDoc* doc, const std::string& page_url, int64_t now) {
  PageMetadata m;
  if (!doc) return m;
  Collected c;
  collect(doc->children, c, 0);

  // JSON-LD: the first article-typed object wins; a WebPage only fills what is still missing.
  const json* article = nullptr;
  const json* webpage = nullptr;
  std::vector<json> parsed;
  parsed.reserve(c.ld_blocks.size());
  for (const std::string& raw : c.ld_blocks) {
    json j = parse_ld(raw);
    if (!j.is_discarded()) parsed.push_back(std::move(j));
  }
  std::vector<const json*> objects;
  for (const json& j : parsed) flatten_ld(j, objects, 0);
  for (const json* o : objects) {
    const auto t = o->find("@type");
    if (t == o->end()) continue;
    if (!article && is_article_type(*t)) article = o;
    if (!webpage && t->is_string() && t->get<std::string>() == "WebPage") webpage = o;
  }

  std::string ld_title, ld_author, ld_published, ld_modified, ld_publisher, ld_desc, ld_lang,
      ld_url, ld_image;
  if (article) {
    const json& a = *article;
    ld_title = ld_field(a, "headline");
    if (ld_title.empty()) ld_title = ld_field(a, "name");
    ld_author = ld_field(a, "author");
    if (ld_author.empty()) ld_author = ld_field(a, "creator");
    ld_published = ld_field(a, "datePublished");
    if (ld_published.empty()) ld_published = ld_field(a, "dateCreated");
    ld_modified = ld_field(a, "dateModified");
    if (auto p = a.find("publisher"); p != a.end()) ld_publisher = ld_string(*p);
    ld_desc = ld_field(a, "description");
    ld_lang = ld_field(a, "inLanguage");
    ld_url = ld_field(a, "url");
    if (auto im = a.find("image"); im != a.end()) {
      if (im->is_string()) ld_image = im->get<std::string>();
      else if (im->is_object() && im->contains("url") && (*im)["url"].is_string())
        ld_image = (*im)["url"].get<std::string>();
    }
    std::string body = ld_field(a, "articleBody");
    if (body.empty()) body = ld_field(a, "text");
    if (auto b = a.find("articleBody"); b != a.end() && b->is_string())
      body = b->get<std::string>();  // keep its line breaks for paragraphs
    m.ld_article_body = looks_like_html(body) ? html_to_text(body) : body;
  }
  if (webpage && ld_publisher.empty()) {
    if (auto p = webpage->find("publisher"); p != webpage->end()) ld_publisher = ld_string(*p);
  }
  for (const json* o : objects) {  // a lone Organization / WebSite names the site
    if (!ld_publisher.empty()) break;
    const auto t = o->find("@type");
    if (t != o->end() && t->is_string() && t->get<std::string>() == "WebSite")
      ld_publisher = ld_field(*o, "name");
  }

  m.document_title = collapse_whitespace(c.title_tag);
  m.title = !ld_title.empty() ? ld_title
                              : get(c, {"og:title", "twitter:title", "dc.title", "parsely-title",
                                        "sailthru.title", "title"});
  if (m.title.empty()) m.title = c.first_h1;
  if (m.title.empty()) m.title = m.document_title;

  m.author = clean_author(ld_author);
  if (m.author.empty())
    m.author = clean_author(get(c, {"author", "article:author", "parsely-author", "dc.creator",
                                    "sailthru.author", "byl"}));
  if (m.author.empty()) m.author = clean_author(c.itemprop_author);
  if (m.author.empty()) m.author = clean_author(c.rel_author);
  if (m.author.empty()) m.author = clean_author(c.byline_text);

  for (const std::string& s :
       {ld_published, get(c, {"article:published_time", "og:published_time", "datepublished",
                              "pubdate", "publishdate", "publish-date", "publish_date",
                              "article.published", "parsely-pub-date", "sailthru.date",
                              "dc.date.issued", "dc.date", "dcterms.created", "date"}),
        c.time_published, c.time_first}) {
    if ((m.published = bounded_date(s, now))) break;
  }
  for (const std::string& s :
       {ld_modified, get(c, {"article:modified_time", "og:updated_time", "datemodified",
                             "dcterms.modified"})}) {
    if ((m.updated = bounded_date(s, now))) break;
  }

  m.site_name = get(c, {"og:site_name", "application-name", "apple-mobile-web-app-title"});
  if (m.site_name.empty()) m.site_name = ld_publisher;
  m.description = get(c, {"og:description", "description", "twitter:description", "dc.description"});
  if (m.description.empty()) m.description = ld_desc;

  std::string lang = c.html_lang;
  if (lang.empty()) lang = ld_lang;
  if (lang.empty()) lang = get(c, {"content-language", "og:locale", "dc.language", "language"});
  for (char& ch : lang)
    if (ch == '_') ch = '-';
  m.language = collapse_whitespace(lang);

  std::string canon = c.canonical;
  if (canon.empty()) canon = get(c, {"og:url"});
  if (canon.empty()) canon = ld_url;
  m.canonical_url = canon.empty() ? page_url : resolve_url(page_url, canon);
  m.image = get(c, {"og:image", "twitter:image"});
  if (m.image.empty()) m.image = ld_image;
  if (!m.image.empty()) m.image = resolve_url(page_url, m.image);

  for (const std::string& t : c.meta_tags) {
    std::string v = collapse_whitespace(t);
    if (!v.empty() && std::find(m.tags.begin(), m.tags.end(), v) == m.tags.end())
      m.tags.push_back(std::move(v));
  }
  if (m.tags.empty()) {
    for (const std::string& t : split(get(c, {"news_keywords", "keywords"}), ',')) {
      std::string v = collapse_whitespace(t);
      if (!v.empty() && m.tags.size() < 20 &&
          std::find(m.tags.begin(), m.tags.end(), v) == m.tags.end())
        m.tags.push_back(std::move(v));
    }
  }
  m.html_dir = c.html_dir;
  m.reading_time_minutes = c.reading_time;
  m.ai_label = c.ai_label;
  m.related_label = c.related_label;

  if (!c.next_data.empty() && c.next_data.size() < (64u << 20)) {
    const json nd = json::parse(c.next_data, nullptr, false);
    std::string best;
    if (!nd.is_discarded()) find_next_body(nd, best, 0);
    m.next_data_body = looks_like_html(best) ? html_to_text(best) : best;
  }
  return m;
}

}  // namespace byline
