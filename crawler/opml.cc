// OPML 1.0/2.0 subscription lists: import (nested folders become tags) and export.
#include <algorithm>
#include <pugixml.hpp>
#include <string>
#include <vector>

#include "byline/article.h"
#include "byline/feed.h"
#include "common/ascii.h"
#include "common/charset.h"
#include "common/text.h"
#include "crawler/xml_recover.h"

namespace byline {

namespace {

std::string attr(const pugi::xml_node& n, const char* name) {
  // OPML producers disagree on case (xmlUrl, xmlurl, XMLURL).
  for (const pugi::xml_attribute& a : n.attributes())
    if (iequals_ascii(a.name(), name)) return collapse_whitespace(a.value());
  return {};
}

// Tag bytes kept per outline. Every folder's name is a tag of each feed below it, so without a
// cap 64 folders of 250 KB names over 50 feeds took 4 GB; real folder paths are a few words.
constexpr size_t kMaxOutlineTagBytes = 512;

// A tag longer than an article keeps (kMaxTagBytes) is dropped, as an article's is.
void add_tag(std::vector<std::string>& tags, size_t& bytes, std::string_view t) {
  if (tags.size() >= kMaxTags || t.size() > 4 * kMaxTagBytes) return;  // long even collapsed
  std::string s = opml_tag(t);
  if (s.empty() || s.size() > kMaxTagBytes || bytes + s.size() > kMaxOutlineTagBytes) return;
  for (const std::string& x : tags)
    if (x == s) return;
  bytes += s.size();
  tags.push_back(std::move(s));
}

/// The feed an outline names: its xmlUrl, else the url of an outline typed as a feed
/// (type="rss", as some lists write one); empty for a folder, a web page or another list.
std::string feed_url_of(const pugi::xml_node& o) {
  std::string url = attr(o, "xmlUrl");
  if (url.empty()) {
    const std::string type = to_lower_ascii(trim(attr(o, "type")));
    if (type == "rss" || type == "atom" || type == "feed") url = attr(o, "url");
  }
  return url;
}

/// Whether `o` holds outlines: a folder, whatever page it links besides.
bool holds_outlines(const pugi::xml_node& o) {
  for (pugi::xml_node c = o.first_child(); c; c = c.next_sibling())
    if (c.type() == pugi::node_element && iequals_ascii(c.name(), "outline")) return true;
  return false;
}

/// The feed outlines below `top` that walk() would read, counted without recursion (a hostile
/// document nests a million deep).
size_t feed_outlines_below(const pugi::xml_node& top) {
  size_t n = 0;
  pugi::xml_node c = top.first_child();
  while (c) {
    const bool outline = c.type() == pugi::node_element && iequals_ascii(c.name(), "outline");
    if (outline && !feed_url_of(c).empty()) ++n;
    if (outline && c.first_child()) {
      c = c.first_child();
      continue;
    }
    while (c != top && !c.next_sibling()) c = c.parent();
    if (c == top) break;
    c = c.next_sibling();
  }
  return n;
}

/// The feed outlines in text past the element cap: counted by their start tags, not parsed.
size_t feed_outlines_in(std::string_view xml) {
  size_t n = 0;
  for (size_t i = xml.find('<'); i != std::string_view::npos; i = xml.find('<', i + 1)) {
    if (xml.compare(i, 4, "<!--") == 0) {
      i = xml.find("-->", i);
      if (i == std::string_view::npos) break;
      continue;
    }
    if (xml.size() - i < 9 || !iequals_ascii(xml.substr(i + 1, 7), "outline")) continue;
    const unsigned char after = static_cast<unsigned char>(xml[i + 8]);
    if (!a_space(after) && after != '/') continue;
    const size_t end = std::min(xml.find('>', i), xml.size());
    if (to_lower_ascii(xml.substr(i, end - i)).find("xmlurl") != std::string::npos) ++n;
    i = end - 1;
  }
  return n;
}

void walk(const pugi::xml_node& node, std::vector<std::string>& folders,
          std::vector<OpmlOutline>& out, int depth, OpmlDropped& dropped) {
  if (depth > kMaxOpmlDepth) {  // hostile nesting: not read, but said
    dropped.too_deep += feed_outlines_below(node);
    return;
  }
  for (pugi::xml_node o = node.first_child(); o; o = o.next_sibling()) {
    if (o.type() != pugi::node_element || !iequals_ascii(o.name(), "outline")) continue;
    const std::string xml_url = feed_url_of(o);
    if (!xml_url.empty()) {
      OpmlOutline f;
      f.xml_url = xml_url;
      f.html_url = attr(o, "htmlUrl");
      f.title = attr(o, "title");
      if (f.title.empty() && attr(o, "text") != xml_url) f.title = attr(o, "text");
      size_t tag_bytes = 0;
      for (const std::string& t : folders) add_tag(f.tags, tag_bytes, t);
      for (const std::string& c : split(attr(o, "category"), ',')) add_tag(f.tags, tag_bytes, c);
      const std::string full_text = to_lower_ascii(trim(attr(o, "byline:fullText")));
      if (full_text == "always" || full_text == "auto" || full_text == "never")
        f.full_text = full_text;
      // Outlines under a feed outline are unusual: it is their folder too, as it was when
      // only xmlUrl made a feed and a type="rss" outline holding others was a folder.
      std::string folder = attr(o, "text");
      if (folder.empty()) folder = attr(o, "title");
      const bool named = !folder.empty() && holds_outlines(o);
      out.push_back(std::move(f));
      if (named) folders.push_back(std::move(folder));
      walk(o, folders, out, depth + 1, dropped);
      if (named) folders.pop_back();
      continue;
    }
    // Another list's outline (OPML 2.0's type="include"), or a web page's (type="link", or an
    // htmlUrl alone): no feed to read. A folder that links its site's page is a folder.
    if (iequals_ascii(attr(o, "type"), "include"))
      ++dropped.includes;
    else if ((!attr(o, "url").empty() || !attr(o, "htmlUrl").empty()) && !holds_outlines(o))
      ++dropped.links;
    std::string folder = attr(o, "text");
    if (folder.empty()) folder = attr(o, "title");
    const bool named = !folder.empty();
    if (named) folders.push_back(folder);
    walk(o, folders, out, depth + 1, dropped);
    if (named) folders.pop_back();
  }
}

// Control characters are dropped first: XML 1.0 forbids most of them (a parser refuses the
// file), and `feeds export` goes to terminals too, where an escape sequence would act. So are
// U+FFFE and U+FFFF, the other characters XML 1.0 forbids that UTF-8 can carry.
void escape_attr(std::string& out, std::string_view v) {
  std::string clean = strip_controls(v);
  drop_xml_nonchars(clean);
  append_markup_escaped(out, clean, /*quotes=*/true, /*newlines=*/true);
}

}  // namespace

std::string opml_tag(std::string_view tag) {
  std::string s = collapse_whitespace(tag);
  // Leading slashes and the spaces between them go in one cut, so "/ x" is "x", as it is when
  // read back (a cut and a collapse per slash made a category of a million slashes hang).
  return s.substr(std::min(s.find_first_not_of("/ "), s.size()));
}

Result<std::vector<OpmlOutline>> parse_opml(std::string_view bytes, OpmlDropped* dropped_out) {
  OpmlDropped dropped;
  if (bytes.size() > kMaxFeedBytes)
    return Result<std::vector<OpmlOutline>>(ErrorCode::kBadInput, "OPML file too large",
                                            "the limit is 32 MiB");
  const CharsetDecision cs = detect_xml_charset(bytes, {});
  std::string utf8;
  if (!transcode_to_utf8(bytes.substr(cs.bom_length), cs.encoding, utf8))
    transcode_to_utf8(bytes.substr(cs.bom_length), "utf-8", utf8);
  // The rest of a document of too many elements is dropped (the cut is then recovered from).
  const size_t kept = prefix_within_elements(utf8, kMaxXmlElements);
  dropped.past_cap = feed_outlines_in(std::string_view(utf8).substr(kept));
  utf8.resize(kept);
  XmlPrepared prepared = prepare_xml(utf8);
  constexpr unsigned kOptions =
      pugi::parse_cdata | pugi::parse_escapes | pugi::parse_eol | pugi::parse_wconv_attribute;
  pugi::xml_document doc;
  pugi::xml_parse_result r = doc.load_buffer_inplace(prepared.text.data(), prepared.text.size(),
                                                     kOptions, pugi::encoding_utf8);
  std::string recovered;
  if (!r) {
    XmlPrepared again = prepare_xml(utf8);
    recovered = recover_xml(again.text);
    doc.reset();
    doc.load_buffer_inplace(recovered.data(), recovered.size(), kOptions, pugi::encoding_utf8);
  }
  pugi::xml_node root = doc.document_element();
  if (!root)
    return Result<std::vector<OpmlOutline>>(ErrorCode::kBadInput, "not an OPML file: no elements",
                                            "expected <opml><body><outline .../>");
  // Tolerate a missing <opml> or <body>: read outlines wherever they are.
  pugi::xml_node body = root;
  if (iequals_ascii(root.name(), "opml")) {
    for (pugi::xml_node c = root.first_child(); c; c = c.next_sibling())
      if (c.type() == pugi::node_element && iequals_ascii(c.name(), "body")) body = c;
  } else if (!iequals_ascii(root.name(), "body") && !iequals_ascii(root.name(), "outline")) {
    return Result<std::vector<OpmlOutline>>(
        ErrorCode::kBadInput, std::string("not an OPML file: root element <") + root.name() + ">",
        "expected <opml><body><outline .../>");
  }
  std::vector<OpmlOutline> out;
  std::vector<std::string> folders;
  if (iequals_ascii(root.name(), "outline")) {
    walk(doc, folders, out, 0, dropped);  // a bare outline as root: read it as a body of one
  } else {
    walk(body, folders, out, 0, dropped);
  }
  if (dropped_out) *dropped_out = dropped;
  return out;
}

std::vector<std::string> opml_dropped_warnings(const OpmlDropped& dropped) {
  std::vector<std::string> lines;
  if (dropped.too_deep)
    lines.push_back("left out " + std::to_string(dropped.too_deep) +
                    " outline(s) nested more than " + std::to_string(kMaxOpmlDepth) +
                    " levels deep (the OPML nesting read)");
  if (dropped.past_cap)
    lines.push_back("left out " + std::to_string(dropped.past_cap) +
                    " outline(s) after the first " + std::to_string(kMaxXmlElements) +
                    " XML elements (the most read of an OPML document)");
  if (dropped.includes)
    lines.push_back("left out " + std::to_string(dropped.includes) +
                    " outline(s) that include another OPML list (type=\"include\"); import or "
                    "crawl that list itself");
  if (dropped.links)
    lines.push_back("left out " + std::to_string(dropped.links) +
                    " outline(s) that link a web page, not a feed (`byline feeds add URL` finds "
                    "a page's feed)");
  return lines;
}

std::vector<std::string> opml_dropped_warnings(const OpmlDropped& dropped, size_t feeds_read) {
  std::vector<std::string> lines = opml_dropped_warnings(dropped);
  if (feeds_read == 0)
    lines.insert(lines.begin(),
                 "no feed in it: no outline has an xmlUrl (expected <opml><body>"
                 "<outline xmlUrl=\"...\"/>)");
  return lines;
}

std::string write_opml(const std::vector<OpmlOutline>& feeds, std::string_view title) {
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<opml version=\"2.0\"";
  // OPML 2.0 lets a producer add attributes in its own namespace; other readers skip them.
  if (std::any_of(feeds.begin(), feeds.end(),
                  [](const OpmlOutline& f) { return !f.full_text.empty(); }))
    out += " xmlns:byline=\"https://byline.invalid/opml\"";
  out += ">\n  <head>\n    <title>";
  std::string t = sanitize_utf8(title);
  escape_attr(out, t);
  out += "</title>\n  </head>\n  <body>\n";
  // The first tag is a folder (nested outline); the others go to the category attribute.
  std::vector<std::string> folders;
  for (const OpmlOutline& f : feeds) {
    const std::string folder = f.tags.empty() ? std::string() : f.tags[0];
    bool seen = false;
    for (const std::string& x : folders) seen |= x == folder;
    if (!seen) folders.push_back(folder);
  }
  auto outline = [&](const OpmlOutline& f, const char* indent) {
    out += indent;
    out += "<outline type=\"rss\" text=\"";
    // OPML 2.0 asks for a text; an untitled feed's is its URL (read back as no title).
    escape_attr(out, sanitize_utf8(f.title.empty() ? f.xml_url : f.title));
    out += "\" title=\"";
    escape_attr(out, sanitize_utf8(f.title));
    out += "\" xmlUrl=\"";
    escape_attr(out, sanitize_utf8(f.xml_url));
    out += '"';
    if (!f.html_url.empty()) {
      out += " htmlUrl=\"";
      escape_attr(out, sanitize_utf8(f.html_url));
      out += '"';
    }
    if (f.tags.size() > 1) {
      std::string cats;
      for (size_t k = 1; k < f.tags.size(); ++k) {
        if (!cats.empty()) cats += ',';
        cats += f.tags[k];
      }
      out += " category=\"";
      escape_attr(out, sanitize_utf8(cats));
      out += '"';
    }
    if (!f.full_text.empty()) {
      out += " byline:fullText=\"";
      escape_attr(out, sanitize_utf8(f.full_text));
      out += '"';
    }
    out += "/>\n";
  };
  for (const std::string& folder : folders) {
    if (!folder.empty()) {
      out += "    <outline text=\"";
      escape_attr(out, sanitize_utf8(folder));
      out += "\" title=\"";
      escape_attr(out, sanitize_utf8(folder));
      out += "\">\n";
    }
    for (const OpmlOutline& f : feeds) {
      const std::string ff = f.tags.empty() ? std::string() : f.tags[0];
      if (ff == folder) outline(f, folder.empty() ? "    " : "      ");
    }
    if (!folder.empty()) out += "    </outline>\n";
  }
  out += "  </body>\n</opml>\n";
  return out;
}

}  // namespace byline
