// JSON Feed 1.0/1.1 reading (nlohmann-json) and the model's own JSON form (feed.schema.json).
#include <algorithm>
#include <cctype>
#include <nlohmann/json.hpp>
#include <ostream>
#include <sstream>
#include <string>

#include "byline/article.h"
#include "byline/feed.h"
#include "common/ascii.h"
#include "common/datetime.h"
#include "common/feed_text.h"
#include "common/html_text.h"
#include "common/text.h"
#include "common/url_resolve.h"
#include "crawler/feed_internal.h"

namespace byline {

namespace {

using nlohmann::json;
using nlohmann::ordered_json;

std::string str(const json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end() || !it->is_string()) return {};
  return it->get<std::string>();
}

// A URL member resolved against the feed's address; an absent or blank one is none (RFC 3986
// would make it the base itself: every entry without a url became a link to the feed).
std::string url_member(const std::string& base, const json& j, const char* key) {
  const std::string v = str(j, key);
  if (trim(v).empty()) return {};
  return resolve_url(base, v);
}

void read_authors(const json& obj, std::vector<Person>& out, const std::string& base) {
  auto add = [&](const json& a) {
    if (!a.is_object()) return;
    Person p{collapse_whitespace(str(a, "name")), {}, url_member(base, a, "url")};
    if (p.uri.rfind("mailto:", 0) == 0) {
      p.email = p.uri.substr(7);
      p.uri.clear();
    }
    if (!p.name.empty() || !p.uri.empty() || !p.email.empty()) out.push_back(std::move(p));
  };
  if (auto it = obj.find("authors"); it != obj.end() && it->is_array()) {
    for (const json& a : *it) add(a);
  } else if (auto it2 = obj.find("author"); it2 != obj.end()) {
    add(*it2);
  }
}

void xml_escape(std::string& out, std::string_view v, bool attr) {
  append_markup_escaped(out, v, /*quotes=*/attr);
}

bool xml_name_ok(std::string_view n) {
  if (n.empty() || !(std::isalpha(static_cast<unsigned char>(n[0])) || n[0] == '_')) return false;
  for (char c : n)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.' ||
          c == ':'))
      return false;
  return true;
}

std::string scalar_text(const json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_boolean()) return v.get<bool>() ? "true" : "false";
  if (v.is_number()) return v.dump();
  return {};
}

// RSS-in-JSON (rss.json: the RSS 2.0 tree as JSON) written back as RSS text: objects are
// elements, arrays repeat them, "#value" is the text. Scalars are attributes on elements that
// RSS gives attributes (enclosure, cloud, or any element with a "#value"), else child elements.
void rss_json_to_xml(const std::string& name, const json& v, std::string& out) {
  if (!xml_name_ok(name)) return;
  if (v.is_array()) {
    for (const json& item : v) rss_json_to_xml(name, item, out);
    return;
  }
  out += '<';
  out += name;
  if (!v.is_object()) {
    out += '>';
    xml_escape(out, scalar_text(v), false);
    out += "</" + name + ">";
    return;
  }
  const bool attrs = v.contains("#value") || name == "enclosure" || name == "cloud";
  for (const auto& [k, member] : v.items()) {
    const bool as_attr = (attrs && !member.is_structured()) || k.rfind("xmlns", 0) == 0 ||
                         (name == "rss" && k == "version");
    if (!as_attr || !xml_name_ok(k)) continue;
    out += ' ' + k + "=\"";
    xml_escape(out, scalar_text(member), true);
    out += '"';
  }
  out += '>';
  for (const auto& [k, member] : v.items()) {
    if (k == "#value") {
      xml_escape(out, scalar_text(member), false);
      continue;
    }
    const bool as_attr = (attrs && !member.is_structured()) || k.rfind("xmlns", 0) == 0 ||
                         (name == "rss" && k == "version");
    if (!as_attr) rss_json_to_xml(k, member, out);
  }
  out += "</" + name + ">";
}

}  // namespace

namespace detail {

Status parse_json_feed(std::string_view utf8, const std::string& url, ParsedFeed& out) {
  if (!json_nesting_within(utf8, kMaxJsonDepth))
    return Status(ErrorCode::kBadInput,
                  "JSON nested deeper than " + std::to_string(kMaxJsonDepth) +
                      " levels, or of more than " + std::to_string(kMaxJsonValues) + " values",
                  "not a JSON Feed");
  json j = json::parse(utf8.begin(), utf8.end(), nullptr, /*allow_exceptions=*/false);
  std::string repaired_why;
  if (j.is_discarded()) {
    // A lenient writer's habits (a lone surrogate escape, a raw line break in a string, a
    // trailing comma) cost one value, not the whole feed: read repaired, and said. Else why.
    j = json::parse(repair_json(utf8), nullptr, false);
    if (j.is_discarded()) {
      std::string why = "not a feed: invalid JSON";
      try {
        [[maybe_unused]] const json parsed = json::parse(utf8.begin(), utf8.end());  // to say where
      } catch (const json::exception& e) {  // a parse error, or a number out of range (1e400)
        std::string what = e.what();
        if (const size_t at = what.find("] "); at != std::string::npos) what.erase(0, at + 2);
        why += ": " + truncate_utf8(sanitize_utf8(what), 160);
      }
      return Status(ErrorCode::kBadInput, why, "expected a JSON Feed object");
    }
    repaired_why =
        "not strict JSON (a lone surrogate escape, a raw line break in a string or a trailing "
        "comma); read as repaired";
  }
  if (!j.is_object())
    return Status(ErrorCode::kBadInput, "not a feed: invalid JSON", "expected a JSON Feed object");
  if (auto rss = j.find("rss"); rss != j.end() && rss->is_object() && !j.contains("items")) {
    std::string xml;
    xml.reserve(utf8.size());
    rss_json_to_xml("rss", *rss, xml);
    FeedParseOptions opts;
    opts.url = url;
    Status st = parse_xml_feed(xml, opts, out);
    if (st.ok() && out.version.rfind("rss", 0) == 0) out.version = "rss-json";
    return st;
  }
  if (!repaired_why.empty()) {
    out.well_formed = false;
    out.error = repaired_why;
  }
  const std::string version = str(j, "version");
  if (version.find("jsonfeed.org/version/1.1") != std::string::npos)
    out.version = "json11";
  else if (version.find("jsonfeed.org/version/1") != std::string::npos)
    out.version = "json10";
  else
    out.version = "json";
  FeedInfo& f = out.feed;
  const std::string base = url;
  f.title = collapse_whitespace(str(j, "title"));
  f.title_info.type = "text/plain";
  f.link = url_member(base, j, "home_page_url");
  f.feed_url = url_member(base, j, "feed_url");
  if (!f.link.empty()) f.links.push_back(Link{f.link, "alternate", "text/html", {}, {}, 0});
  if (!f.feed_url.empty())
    f.links.push_back(Link{f.feed_url, "self", "application/feed+json", {}, {}, 0});
  f.description = str(j, "description");
  f.description_info.type = "text/plain";
  f.language = str(j, "language");
  f.image = url_member(base, j, "icon");
  f.icon = url_member(base, j, "favicon");
  read_authors(j, f.authors, base);
  auto items = j.find("items");
  if (items == j.end() || !items->is_array()) {
    if (out.version == "json") {
      return Status(ErrorCode::kBadInput, "not a feed: JSON without a version or items",
                    "expected a JSON Feed (https://jsonfeed.org/version/1.1)");
    }
    return Status::Ok();
  }
  for (const json& it : *items) {
    if (!it.is_object()) continue;
    if (out.entries.size() >= kMaxFeedEntries) {
      out.error = (out.error.empty() ? "" : out.error + "; ") + "more than " +
                  std::to_string(kMaxFeedEntries) + " entries; the rest dropped";
      break;
    }
    FeedEntry e;
    e.title = collapse_whitespace(str(it, "title"));
    e.title_info.type = "text/plain";
    e.link = url_member(base, it, "url");
    if (!e.link.empty()) e.links.push_back(Link{e.link, "alternate", "text/html", {}, {}, 0});
    const std::string external = url_member(base, it, "external_url");
    if (!external.empty()) e.links.push_back(Link{external, "related", {}, {}, {}, 0});
    // A link blog's item may name only the page it is about: that page is its link.
    if (e.link.empty()) e.link = external;
    if (auto id = it.find("id"); id != it.end()) {
      if (id->is_string())
        e.id = id->get<std::string>();
      else if (id->is_number_integer())
        e.id = std::to_string(id->get<int64_t>());
    }
    std::string html = str(it, "content_html");
    const std::string text = str(it, "content_text");
    if (!html.empty()) {
      e.content = feed_html_to_text(html);
      e.content_html = detail::resolve_html_urls(std::move(html), base);
      e.content_info.type = "text/html";
    } else if (!text.empty()) {
      e.content = text;
      e.content_info.type = "text/plain";
    }
    e.summary = str(it, "summary");
    if (!e.summary.empty()) e.summary_info.type = "text/plain";
    if (auto t = parse_date(str(it, "date_published"))) e.published = t;
    if (auto t = parse_date(str(it, "date_modified"))) e.updated = t;
    read_authors(it, e.authors, base);
    if (auto tags = it.find("tags"); tags != it.end() && tags->is_array())
      for (const json& t : *tags) {
        if (!t.is_string() || e.tags.size() >= kMaxEntryListItems) continue;
        std::string tag = collapse_whitespace(t.get<std::string>());
        if (!tag.empty() && std::find(e.tags.begin(), e.tags.end(), tag) == e.tags.end())
          e.tags.push_back(std::move(tag));  // once each, as an XML feed's categories
      }
    e.image = url_member(base, it, "image");
    if (e.image.empty()) e.image = url_member(base, it, "banner_image");
    if (auto atts = it.find("attachments"); atts != it.end() && atts->is_array()) {
      for (const json& a : *atts) {
        if (!a.is_object()) continue;
        Enclosure enc{url_member(base, a, "url"), str(a, "mime_type"), 0};
        if (auto sz = a.find("size_in_bytes"); sz != a.end() && sz->is_number())
          enc.length = sz->get<int64_t>();
        if (!enc.url.empty()) e.enclosures.push_back(std::move(enc));
      }
    }
    e.language = str(it, "language");
    if (e.id.empty()) e.id = e.link;
    if (e.id.empty()) e.id = entry_hash_id(e);
    out.entries.push_back(std::move(e));
  }
  // JSON Feed has no feed-level date: the newest item's stands for it.
  for (const FeedEntry& e : out.entries) {
    const auto t = e.updated ? e.updated : e.published;
    if (t && (!f.updated || *t > *f.updated)) f.updated = t;
    if (e.published && (!f.published || *e.published > *f.published)) f.published = e.published;
  }
  return Status::Ok();
}

}  // namespace detail

namespace {
// Every string of the model: valid UTF-8 with no C0 control but line breaks, no DEL or C1. A
// hostile feed's ESC or CSI is no part of its text, and a terminal may be where this goes.
std::string json_text(std::string_view s) { return strip_controls(s, /*keep_newlines=*/true); }

ordered_json person_json(const Person& p) {
  ordered_json j = ordered_json::object();
  if (!p.name.empty()) j["name"] = json_text(p.name);
  if (!p.email.empty()) j["email"] = json_text(p.email);
  if (!p.uri.empty()) j["uri"] = json_text(p.uri);
  return j;
}

ordered_json people_json(const std::vector<Person>& people) {
  ordered_json a = ordered_json::array();
  for (const Person& p : people) a.push_back(person_json(p));
  return a;
}

ordered_json links_json(const std::vector<Link>& links) {
  ordered_json a = ordered_json::array();
  for (const Link& l : links) {
    ordered_json j = {{"href", json_text(l.href)}, {"rel", json_text(l.rel)}};
    if (!l.type.empty()) j["type"] = json_text(l.type);
    if (!l.title.empty()) j["title"] = json_text(l.title);
    if (l.length > 0) j["length"] = l.length;
    a.push_back(std::move(j));
  }
  return a;
}

ordered_json strings_json(const std::vector<std::string>& v) {
  ordered_json a = ordered_json::array();
  for (const std::string& s : v) a.push_back(json_text(s));
  return a;
}

void put_date(ordered_json& j, const char* key, const std::optional<int64_t>& t) {
  if (t) j[key] = format_iso8601(*t);
}

void put_str(ordered_json& j, const char* key, const std::string& s) {
  if (!s.empty()) j[key] = json_text(s);
}

}  // namespace

namespace {

ordered_json feed_info_json(const FeedInfo& f) {
  ordered_json feed = {{"title", json_text(f.title)},
                       {"link", json_text(f.link)},
                       {"description", json_text(f.description)},
                       {"language", normalize_language_tag(f.language)}};
  put_date(feed, "updated", f.updated);
  put_date(feed, "published", f.published);
  feed["authors"] = people_json(f.authors);
  feed["tags"] = strings_json(f.tags);
  put_str(feed, "id", f.id);
  put_str(feed, "image", f.image);
  put_str(feed, "icon", f.icon);
  put_str(feed, "generator", f.generator);
  put_str(feed, "rights", f.rights);
  put_str(feed, "feed_url", f.feed_url);
  if (f.ttl_minutes > 0) feed["ttl"] = f.ttl_minutes;
  if (!f.links.empty()) feed["links"] = links_json(f.links);
  return feed;
}

ordered_json entry_json(const FeedEntry& e) {
  ordered_json j = {
      {"id", json_text(e.id)}, {"title", json_text(e.title)}, {"link", json_text(e.link)}};
  put_date(j, "published", e.published);
  put_date(j, "updated", e.updated);
  j["authors"] = people_json(e.authors);
  j["tags"] = strings_json(e.tags);
  j["summary"] = json_text(e.summary);
  j["content"] = json_text(e.content);
  put_str(j, "summary_html", e.summary_html);
  put_str(j, "content_html", e.content_html);
  ordered_json encs = ordered_json::array();
  for (const Enclosure& en : e.enclosures) {
    ordered_json x = {{"url", json_text(en.url)}};
    if (!en.type.empty()) x["type"] = json_text(en.type);
    if (en.length > 0) x["length"] = en.length;
    encs.push_back(std::move(x));
  }
  j["enclosures"] = std::move(encs);
  put_str(j, "comments", e.comments);
  put_str(j, "image", e.image);
  put_str(j, "language", normalize_language_tag(e.language));
  put_str(j, "rights", e.rights);
  if (!e.links.empty()) j["links"] = links_json(e.links);
  return j;
}

// One value as nlohmann's dump() prints it `depth` levels down: a JSON string never holds a
// raw newline, so indenting every line break is exact.
void write_nested(std::ostream& out, const ordered_json& v, int indent, int depth) {
  const std::string s = v.dump(indent, ' ', false, ordered_json::error_handler_t::replace);
  if (indent <= 0) {
    out << s;
    return;
  }
  const std::string pad(static_cast<size_t>(indent * depth), ' ');
  size_t from = 0;
  for (size_t nl; (nl = s.find('\n', from)) != std::string::npos; from = nl + 1)
    out.write(s.data() + from, static_cast<std::streamsize>(nl + 1 - from)) << pad;
  out.write(s.data() + from, static_cast<std::streamsize>(s.size() - from));
}

}  // namespace

void write_feed_json(std::ostream& out, const ParsedFeed& pf, int indent) {
  // Byte for byte what dump() prints for the whole document, one entry built at a time: a
  // feed of 20,000 entries would otherwise hold its text three more times (tree, string).
  const bool pretty = indent >= 0;
  const std::string nl = pretty ? "\n" : "";
  const std::string pad1(pretty ? static_cast<size_t>(indent) : 0, ' ');
  const std::string pad2 = pad1 + pad1;
  const char* colon = pretty ? ": " : ":";
  out << '{' << nl << pad1 << "\"feed\"" << colon;
  write_nested(out, feed_info_json(pf.feed), indent, 1);
  out << ',' << nl << pad1 << "\"entries\"" << colon;
  if (pf.entries.empty()) {
    out << "[]";
  } else {
    out << '[' << nl;
    for (size_t i = 0; i < pf.entries.size(); ++i) {
      if (i > 0) out << ',' << nl;
      out << pad2;
      write_nested(out, entry_json(pf.entries[i]), indent, 2);
    }
    out << nl << pad1 << ']';
  }
  ordered_json tail = {{"version", json_text(pf.version)},
                       {"encoding", json_text(pf.encoding)},
                       {"well_formed", pf.well_formed}};
  if (!pf.error.empty()) tail["error"] = json_text(pf.error);
  for (const auto& [key, value] : tail.items()) {
    out << ',' << nl << pad1 << ordered_json(key).dump() << colon;
    write_nested(out, value, indent, 1);
  }
  out << nl << '}';
}

std::string feed_to_json(const ParsedFeed& pf, int indent) {
  std::ostringstream out;
  write_feed_json(out, pf, indent);
  return std::move(out).str();
}

}  // namespace byline
