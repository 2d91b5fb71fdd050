#include "cli/input.h"

#include <curl/curl.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>

#include "byline/article_json.h"
#include "byline/extract.h"
#include "byline/index.h"
#include "cli/input_stream.h"
#include "common/text.h"
#include "common/url_resolve.h"
#include "crawler/fetch.h"
#include "crawler/url.h"

namespace byline::cli {

namespace fs = std::filesystem;

bool is_remote_url(const std::string& s) {
  return starts_with_icase(s, "http://") || starts_with_icase(s, "https://");
}

/// True when `s` starts like a URL ("javascript:", "mailto:", "ftp:"): a scheme, then ':'.
bool has_url_scheme(const std::string& s) {
  const size_t colon = s.find(':');
  if (colon == std::string::npos || colon < 2 || !std::isalpha(static_cast<unsigned char>(s[0])))
    return false;
  for (size_t i = 1; i < colon; ++i) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (!std::isalnum(c) && c != '+' && c != '-' && c != '.') return false;
  }
  return true;
}

bool is_unread_url(const std::string& s) {
  if (is_remote_url(s) || starts_with_icase(s, "file:")) return false;
  // "x://y" is a URL of any scheme; without "//", only the schemes pages link with: a missing
  // "notes:draft.txt" is a file not found.
  bool url = s.find("://") != std::string::npos;
  for (std::string_view scheme :
       {"javascript:", "data:", "mailto:", "tel:", "sms:", "about:", "blob:", "vbscript:"})
    url = url || starts_with_icase(s, scheme);
  std::error_code ec;
  return url && has_url_scheme(s) && !fs::exists(local_path(s), ec);
}

namespace {
/// The extension that says what a file holds: "page.html.gz" is an HTML page (read_input
/// decompresses it).
std::string content_extension(const std::string& name) {
  fs::path p(name);
  if (to_lower_ascii(p.extension().string()) == ".gz") p = p.stem();
  return to_lower_ascii(p.extension().string());
}
}  // namespace

namespace {

// Strings are cut to this before a parse that only asks what a JSON text is.
constexpr size_t kSniffStringBytes = 4096;

// A JSON Feed (https://jsonfeed.org), or an RSS feed in JSON ({"rss": {"channel": ...}}, as
// Scripting News serves it): one JSON object. Records are JSON Lines, one object a line, and a
// feed is often pretty-printed over many lines, so the whole document is read, but only when it
// names the spec or holds an "rss" member somewhere.
bool is_json_feed(std::string_view data) {
  if (data.find("jsonfeed.org/version/") == std::string_view::npos &&
      data.find("\"rss\"") == std::string_view::npos)
    return false;
  std::string shorter;  // what tells a feed is in its short strings
  if (cut_json_strings(data, kSniffStringBytes, &shorter)) data = shorter;
  nlohmann::json j = nlohmann::json::parse(data, nullptr, /*allow_exceptions=*/false);
  // Not strict JSON (a lone surrogate, a bad byte, a trailing comma): a feed as parse_feed()
  // reads it, repaired; read as records, its items were lost to one record of its title.
  if (j.is_discarded()) j = nlohmann::json::parse(repair_json(sanitize_utf8(data)), nullptr, false);
  if (!j.is_object()) return false;
  if (const auto rss = j.find("rss"); rss != j.end() && rss->is_object())
    return rss->contains("channel") && (*rss)["channel"].is_object();
  const auto v = j.find("version");
  return v != j.end() && v->is_string() &&
         v->get_ref<const std::string&>().find("jsonfeed.org/version/") != std::string::npos;
}

}  // namespace

namespace {

enum class LineShape { kWhole, kBroken, kCutShort };

/// A line as JSON: a whole value, one broken before the line ends, or one cut short by it.
LineShape line_shape(std::string_view line) {
  line = trim(line);
  if (!json_nesting_within(line)) return LineShape::kBroken;  // refused as a record, alone
  // Whether the value is whole does not depend on its strings' length: a 60 MB record's first
  // line was parsed whole just to tell, the lexer holding its body twice over.
  std::string shorter;
  if (cut_json_strings(line, kSniffStringBytes, &shorter)) line = shorter;
  try {
    [[maybe_unused]] const auto value = nlohmann::json::parse(line);
    return LineShape::kWhole;
  } catch (const nlohmann::json::parse_error& e) {
    return std::string_view(e.what()).find("unexpected end of input") == std::string_view::npos
               ? LineShape::kBroken
               : LineShape::kCutShort;
  }
}

/// Whether `line`, an input's first line, is a JSON Lines record: a whole JSON value, or one
/// broken before the line ends (a bad record, which fails alone). One cut short by the line's
/// end is the start of a document over many lines (a record pretty-printed), unless the line
/// after it (`next`, when read) is a whole record: then it is a record a writer cut short (a
/// crash, `head -c`), which fails alone, and the records after it were all refused with it.
bool is_record_line(std::string_view line, std::optional<std::string_view> next = std::nullopt) {
  switch (line_shape(line)) {
    case LineShape::kWhole:
    case LineShape::kBroken:
      return true;
    case LineShape::kCutShort:
      break;
  }
  const std::string_view t = trim(line);
  if (t == "{" || t == "[" || !next) return false;  // how pretty-printers open a document
  const std::string_view n = trim(*next);
  if (!n.starts_with('{') || line_shape(n) != LineShape::kWhole) return false;
  // ... and a record, not an object nested in a document laid out a member a line.
  const nlohmann::json j = nlohmann::json::parse(n, nullptr, /*allow_exceptions=*/false);
  return j.is_object() && (j.contains("title") || j.contains("body") || j.contains("url") ||
                           j.contains("text") || j.contains("removed"));
}

/// The line after the first in `text` (which starts at its first line), when it is there whole:
/// ended by a line break, or by the end of a `whole` input.
std::optional<std::string_view> second_line(std::string_view text, bool whole) {
  const size_t nl = text.find('\n');
  if (nl == std::string_view::npos) return std::nullopt;
  const size_t end = text.find('\n', nl + 1);
  if (end == std::string_view::npos && !whole) return std::nullopt;
  return text.substr(nl + 1, end == std::string_view::npos ? end : end - nl - 1);
}

}  // namespace

namespace {
/// The top-level elements of a JSON array, as written (white space around each trimmed), or
/// nullopt when `t` is not one array with balanced brackets and closed strings. Only brackets
/// and strings are looked at: each element is parsed, and refused, on its own.
std::optional<std::vector<std::string_view>> json_array_elements(std::string_view t) {
  if (t.size() < 2 || t.front() != '[' || t.back() != ']') return std::nullopt;
  std::vector<std::string_view> out;
  int depth = 0;
  size_t start = 1;
  for (size_t i = 0; i < t.size(); ++i) {
    const char c = t[i];
    if (c == '"') {
      for (++i; i < t.size() && t[i] != '"'; ++i)
        if (t[i] == '\\') ++i;
      if (i >= t.size()) return std::nullopt;
    } else if (c == '[' || c == '{') {
      ++depth;
    } else if (c == ']' || c == '}') {
      if (--depth < 0) return std::nullopt;
      if (depth == 0) {
        if (i != t.size() - 1) return std::nullopt;  // something after the array
        if (std::string_view e = trim(t.substr(start, i - start)); !e.empty()) out.push_back(e);
      }
    } else if (c == ',' && depth == 1) {
      out.push_back(trim(t.substr(start, i - start)));
      start = i + 1;
    }
  }
  if (depth != 0) return std::nullopt;
  return out;
}
}  // namespace

std::optional<std::vector<std::string>> json_document_records(std::string_view data) {
  const std::string_view t = trim(data);
  if (t.empty() || (t.front() != '{' && t.front() != '[')) return std::nullopt;
  // JSON Lines: the first line is a whole value on its own.
  const size_t nl = t.find('\n');
  if (nl == std::string_view::npos) {
    if (t.front() == '{') return std::nullopt;
  } else if (is_record_line(t.substr(0, nl), second_line(t, /*whole=*/true))) {
    return std::nullopt;
  }
  // Not JSON Lines, so one document: an array is its records; anything else is one record,
  // read (or repaired, or refused) once rather than a failure per line.
  std::vector<std::string> records;
  if (t.front() == '[') {
    // Its elements cut apart without parsing the whole: the caps on one JSON value (depth,
    // a million values) are each record's, and an array of 150,000 records was refused whole
    // as "record 1".
    if (auto elements = json_array_elements(t)) {
      for (std::string_view e : *elements) records.emplace_back(e);
      return records;
    }
  }
  // Objects one after another, each over many lines (what `jq .` prints): each a record. Only
  // when a line opens with '{' after the first (one record's nested objects are indented), so
  // one large record is not parsed twice. One that does not parse fails alone, with what
  // follows it; those before it are records.
  if (t.front() == '{' && t.find("\n{") != std::string_view::npos && json_nesting_within(t)) {
    std::istringstream in{std::string(t)};
    std::streamoff at = 0;
    try {
      for (nlohmann::json j; (in >> std::ws).peek() != EOF;) {
        at = in.tellg();
        in >> j;  // reads one value, and leaves what follows it
        records.push_back(j.dump());
      }
      if (records.size() > 1) return records;
    } catch (const nlohmann::json::exception&) {
      if (!records.empty()) {
        records.emplace_back(t.substr(static_cast<size_t>(at)));
        return records;
      }
    }
    records.clear();
  }
  records.emplace_back(t);
  return records;
}

bool streams_as_json_lines(std::string_view head) {
  if (head.starts_with("\xEF\xBB\xBF")) head.remove_prefix(3);  // a BOM, as JSON parsers skip it
  const size_t start = head.find_first_not_of(" \t\r\n");
  if (start == std::string_view::npos || head[start] != '{') return false;
  const size_t nl = head.find('\n', start);
  if (nl == std::string_view::npos) return false;
  const std::string_view line = trim(head.substr(start, nl - start));
  return is_record_line(line, second_line(head.substr(start), /*whole=*/false)) &&
         !is_json_feed(line);
}

InputKind sniff_input(const std::string& name, std::string_view head) {
  const std::string ext = content_extension(name);
  if (ext == ".jsonl" || ext == ".ndjson") return InputKind::kJsonl;
  if (ext == ".json") return is_json_feed(head) ? InputKind::kFeed : InputKind::kJsonl;
  if (ext == ".opml") return InputKind::kOpml;
  if (ext == ".rss" || ext == ".atom" || ext == ".rdf") return InputKind::kFeed;
  // A UTF-16 head is read by its characters (the parsers decode the whole).
  std::string wide;
  if (utf16_order(head)) {
    wide = text_to_utf8(head.substr(0, 8192));
    head = wide;
  }
  std::string_view h = trim(head.substr(0, 4096));
  if (h.starts_with("\xEF\xBB\xBF")) h.remove_prefix(3);
  const std::string lower = to_lower_ascii(h.substr(0, 2048));
  if (ext == ".txt" || ext == ".text") {  // "{" may open a text too: records are no .txt
    if (is_json_feed(head)) return InputKind::kFeed;
    // ... but a page saved as .txt is a page.
    return lower.starts_with("<!doctype html") || lower.starts_with("<html") ? InputKind::kHtml
                                                                             : InputKind::kText;
  }
  if (!h.empty() && h.front() == '{')
    return is_json_feed(head) ? InputKind::kFeed : InputKind::kJsonl;
  // An array of records ("[{"): what `byline extract` prints of several pages, on stdin.
  if (h.starts_with("[") && trim(h.substr(1)).starts_with("{")) return InputKind::kJsonl;
  if (lower.find("<opml") != std::string::npos) return InputKind::kOpml;
  if (lower.find("<rss") != std::string::npos || lower.find("<rdf:rdf") != std::string::npos ||
      (lower.find("<feed") != std::string::npos && lower.find("<html") == std::string::npos))
    return InputKind::kFeed;
  if (ext == ".html" || ext == ".htm" || ext == ".xhtml") return InputKind::kHtml;
  if (lower.starts_with("<!doctype") || lower.starts_with("<html") ||
      lower.find("<body") != std::string::npos || lower.find("<p>") != std::string::npos ||
      lower.find("<div") != std::string::npos)
    return InputKind::kHtml;
  if (ext == ".xml" && lower.starts_with("<?xml")) return InputKind::kFeed;
  return InputKind::kText;
}

std::string local_path(const std::string& arg) {
  if (!starts_with_icase(arg, "file://")) return arg;
  // libcurl's URL parser, as a crawl reads file:// URLs: "a%20b.html" names the file "a b.html".
  if (auto path = crawler::path_for_file_url(arg)) return *path;
  // Not a URL libcurl takes (another host, a %00): the bytes after the scheme, as written.
  std::string path = arg.substr(7);
  if (path.starts_with("localhost/")) path = path.substr(9);
  return path;
}

std::string document_url(const std::string& arg) {
  return arg == "-" ? std::string() : crawler::file_url_for_path(local_path(arg));
}

Result<std::unique_ptr<InputStream>> open_input(const std::string& arg,
                                                const std::atomic<bool>* cancel) {
  // "ftp://host/f" and "javascript:x" are no files of those names: say the scheme is not read,
  // not "no such file".
  if (const size_t colon = arg.find("://");
      is_unread_url(arg) ||
      (colon != std::string::npos && colon > 0 && !starts_with_icase(arg, "file://") &&
       std::isalpha(static_cast<unsigned char>(arg[0])) &&
       std::all_of(
           arg.begin(), arg.begin() + static_cast<std::ptrdiff_t>(colon),
           [](unsigned char c) { return std::isalnum(c) || c == '+' || c == '-' || c == '.'; }))) {
    const std::string scheme = sanitize_utf8(arg.substr(0, arg.find(':')));
    // A web address where a local file is read (`feeds import URL`): said so, not as a scheme
    // byline cannot read at all.
    if (iequals_ascii(scheme, "http") || iequals_ascii(scheme, "https"))
      return Status(ErrorCode::kUsage, "a local file is read here, not an " + scheme + " URL",
                    "download it first (curl -o FILE URL); `byline crawl URL` fetches feeds");
    return Status(ErrorCode::kUsage, "unsupported URL scheme '" + scheme + "'",
                  "byline reads http, https and file URLs, and local paths");
  }
  const std::string path = local_path(arg);
  if (path == "-") return InputStream::open(path, "standard input", cancel);
  std::error_code ec;
  if (!fs::exists(path, ec))
    return Status(ErrorCode::kNotFound, "no such file: " + arg, "check the path");
  if (fs::is_directory(path, ec))
    return Status(ErrorCode::kBadInput, arg + " is a directory", "name a file");
  return InputStream::open(path, arg, cancel);
}

Status check_not_binary(const InputStream& in, std::string_view data) {
  // A stray NUL (a broken CMS, a truncated copy) leaves a page or a text a page or a text.
  if (is_binary_data(data))
    return Status(ErrorCode::kBadInput, in.name() + " is a binary file",
                  "byline reads HTML, plain text, JSON Lines, feeds and OPML, gzip-compressed or "
                  "not");
  return Status();
}

Status finish_input(InputStream& in, std::string& data) {
  if (Status s = in.read_all(data, kMaxInputBytes); !s.ok()) return s;
  return check_not_binary(in, data);
}

Result<std::string> read_input(const std::string& arg) {
  auto in = open_input(arg);
  if (!in.ok()) return in.status();
  std::string data;
  if (Status s = finish_input(**in, data); !s.ok()) return s;
  return data;
}

Result<Document> load_document(const std::string& arg, const crawler::FetchOptions& fetch) {
  Document d;
  if (is_remote_url(arg)) {
    auto doc = crawler::fetch_url(arg, fetch, /*allow_file=*/false);
    if (!doc.ok()) return doc.status();
    // A PDF, an image or other bytes are no page, whatever is made of them as text; refused as
    // a local binary file is.
    const std::string type = to_lower_ascii(doc->content_type);
    bool binary_type = type.starts_with("application/pdf") || type.starts_with("application/zip");
    for (const char* major : {"image/", "audio/", "video/", "font/"})
      binary_type |= type.starts_with(major);
    if (binary_type || is_binary_data(doc->body))
      return Status(ErrorCode::kBadInput,
                    arg + " is not text" + (type.empty() ? "" : " (" + doc->content_type + ")"),
                    "byline reads web pages, plain text and feeds");
    d.bytes = std::move(doc->body);
    d.url = doc->final_url.empty() ? arg : doc->final_url;
    d.content_type = doc->content_type;
    d.content_language = doc->content_language;
    return d;
  }
  auto data = read_input(arg);
  if (!data.ok()) return data.status();
  d.bytes = std::move(*data);
  d.url = document_url(arg);
  return d;
}

Result<Article> article_from_document(const std::string& name, const Document& doc,
                                      std::vector<std::string>* warnings) {
  ExtractOptions opts;
  opts.url = doc.url;
  opts.content_type = doc.content_type;
  const std::string type = to_lower_ascii(doc.content_type);
  // The server's word first, then the bytes themselves.
  if (type.starts_with("text/html") || type.starts_with("application/xhtml"))
    return extract_html(doc.bytes, opts);
  // A local text file has no URL of its own: its id comes from its text, as `byline index`
  // gives it (schemas/index.md), so the same text is one article from any path or from stdin.
  ExtractOptions text_opts = opts;
  if (starts_with_icase(doc.url, "file://")) text_opts.url.clear();
  if (type.starts_with("text/plain")) return extract_text(doc.bytes, text_opts);
  switch (sniff_input(name == "-" ? std::string() : name, doc.bytes)) {
    case InputKind::kHtml:
      return extract_html(doc.bytes, opts);
    case InputKind::kJsonl: {
      // One record: a document (pretty-printed, or an array of one), or one line. Of several,
      // the first alone was read, and nothing said the others were not (POST /v1/related
      // refuses them too).
      auto several = [&name](size_t n) {
        return Status(ErrorCode::kBadInput,
                      name + " holds " + (n ? std::to_string(n) : "several") +
                          " records; one article is read here",
                      "pass a file of one record, or index them all with `byline index`");
      };
      if (auto records = json_document_records(doc.bytes); records && !records->empty()) {
        if (records->size() > 1) return several(records->size());
        return article_from_json(records->front(), warnings);
      }
      std::string_view rest = doc.bytes;
      const size_t nl = rest.find('\n');
      const std::string_view first = trim(rest.substr(0, nl));
      if (nl != std::string_view::npos && !trim(rest.substr(nl + 1)).empty()) return several(0);
      return article_from_json(first, warnings);
    }
    case InputKind::kFeed:
      return Status(ErrorCode::kBadInput, name + " is a feed, not an article",
                    "print it with `byline feed`, or index it with `byline index`");
    case InputKind::kOpml:
      return Status(ErrorCode::kBadInput, name + " is an OPML list of feeds, not an article",
                    "crawl its feeds with `byline crawl " + name +
                        "`, or subscribe to them with `byline feeds import`");
    case InputKind::kText:
      break;
  }
  return extract_text(doc.bytes, text_opts);
}

Result<Article> load_article(const std::string& arg, const crawler::FetchOptions& fetch) {
  auto doc = load_document(arg, fetch);
  if (!doc.ok()) return doc.status();
  return article_from_document(arg, *doc);
}

Article article_from_entry(const FeedEntry& e, const ParsedFeed& feed, const std::string& feed_url,
                           bool with_text) {
  Article a;
  // The story's address: a web page's, or a local file's when the feed itself is local. A web
  // feed's link to a local file, to ftp: or dict:, or one that does not parse names no page of
  // the story's: the entry is stored as one with no link (audit: a web feed's GUID-less entry
  // linking file:///.../memo.html took over that indexed file's article, its date and feed).
  // A local feed the user named keeps its links as written (its entries' ids are made from them,
  // so the same file indexed again makes no second copies).
  const bool local_feed = feed_url.empty() || starts_with_icase(feed_url, "file:");
  const auto usable = [local_feed](const std::string& u) {
    return local_feed || (is_remote_url(u) && crawler::parse_url(u).ok());
  };
  // A web link without the parameters that track the click (utm_source=rss), as a page's
  // address is stored.
  if (usable(e.link)) a.url = is_remote_url(e.link) ? drop_tracking_parameters(e.link) : e.link;
  a.title = collapse_whitespace(e.title);
  // An Atom entry without authors has its source's, else its feed's (RFC 4287 4.2.1); a JSON
  // Feed item the feed's (JSON Feed 1.1). RSS has no such rule: a channel's managingEditor is
  // no author of its items.
  const std::vector<Person>* authors = &e.authors;
  const bool inherits = feed.version.starts_with("atom") || feed.version.starts_with("json");
  if (authors->empty() && inherits && e.source && !e.source->authors.empty())
    authors = &e.source->authors;
  if (authors->empty() && inherits) authors = &feed.feed.authors;
  std::vector<std::string> names;
  for (const auto& p : *authors) {
    // A person named by an e-mail address alone (RSS <author> is one) is named so.
    const std::string name = collapse_whitespace(p.name.empty() ? p.email : p.name);
    if (name.empty() || std::any_of(names.begin(), names.end(), [&](const std::string& n) {
          return to_lower_ascii(n) == to_lower_ascii(name);
        }))
      continue;  // <author> and <dc:creator> naming one person
    names.push_back(name);
    if (!a.author.empty()) a.author += ", ";
    a.author += name;
  }
  a.published = e.published ? e.published : e.updated;
  if (a.published) a.published_source = "feed";
  a.updated = e.updated;
  a.site_name = feed.feed.title;
  // An entry's own xml:lang, else the feed's <language>.
  a.language = e.language.empty() ? feed.feed.language : e.language;
  a.tags = e.tags;
  a.feed_url = feed_url;
  const std::string& text = e.content.size() > e.summary.size() ? e.content : e.summary;
  if (e.content.size() > e.summary.size() && !e.summary.empty()) a.description = e.summary;
  if (with_text) {
    tag_sections(text, a);
    // A feed's <language> is often its software's default (WordPress says en-US): the text
    // decides when it clearly says otherwise.
    settle_article_language(a, a.language);
  }
  if (a.url.empty() && !e.id.empty() && e.id.find("://") != std::string::npos && usable(e.id))
    a.url = e.id;
  // One post of a page of many (FeedEntry::anchored): its own story, whatever the page holds.
  if (e.anchored) a.id = anchored_article_id(a.url);
  // An entry with no URL is named by its feed and its id (a GUID that is no URL, or the
  // title-and-date id the parser gives an entry without either): a corrected text is the same
  // story, where an id from the text made it a second one. GUIDs such as "42" are unique
  // within their feed only.
  if (a.url.empty() && !e.id.empty())
    a.id = article_id_for(feed_url.empty() ? e.id : feed_url + "\n" + e.id);
  // The page it links to, indexed before or after, is the richer record of the story.
  add_flag(a, kFeedEntryFlag);
  return a;
}

}  // namespace byline::cli
