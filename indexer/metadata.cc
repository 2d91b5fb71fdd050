#include "indexer/metadata.h"

#include <algorithm>
#include <array>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <unordered_map>

#include "common/ascii.h"
#include "common/datetime.h"
#include "common/domain.h"
#include "common/html_entities.h"
#include "common/html_text.h"
#include "common/text.h"
#include "common/url_resolve.h"
#include "indexer/html_dom.h"
#include "indexer/section_tagger.h"

namespace byline {

using nlohmann::json;

namespace {

constexpr int kMaxDepth = 400;
// 1990-01-01: older "publication dates" are placeholders or epoch noise.
constexpr int64_t kEarliestDate = 631152000;

/// Everything the single walk over the tree collects.
/// The words of Readability's and our own lists an element's lower-cased class and id hold.
struct ClassWords {
  bool unlikely = false;   // a word of Readability's unlikely candidates ("sidebar", "-ad-")
  bool maybe = false;      // ... and of its maybe candidates, which overrule them ("article")
  bool header = false;     // "header"
  bool furniture = false;  // comments, a sidebar or related stories
};

ClassWords read_class_words(std::string_view m) {
  static const std::array<std::string_view, 31> kUnlikely{
      "-ad-",       "ai2html", "banner",    "breadcrumbs",  "combx",    "comment",  "community",
      "cover-wrap", "disqus",  "extra",     "footer",       "gdpr",     "header",   "legends",
      "menu",       "related", "remark",    "replies",      "rss",      "shoutbox", "sidebar",
      "skyscraper", "social",  "sponsor",   "supplemental", "ad-break", "agegate",  "pagination",
      "pager",      "popup",   "yom-remote"};
  static const std::array<std::string_view, 8> kMaybe{"and",     "article", "body",    "column",
                                                      "content", "main",    "mathjax", "shadow"};
  ClassWords w;
  for (std::string_view u : kUnlikely) w.unlikely = w.unlikely || m.find(u) != m.npos;
  for (std::string_view k : kMaybe) w.maybe = w.maybe || m.find(k) != m.npos;
  w.header = m.find("header") != m.npos;
  for (std::string_view f : {"comment", "sidebar", "related", "disqus", "replies", "responses"})
    w.furniture = w.furniture || m.find(f) != m.npos;
  return w;
}

struct Collected;
ClassWords class_words(Collected& c, const std::string& m);

struct Collected {
  std::map<std::string, std::string> meta;  // lower-cased name/property -> first content
  std::vector<std::string> meta_tags;       // article:tag values, in order
  std::string title_tag;
  std::string page_url;   // where the page was read from
  std::string canonical;  // the first <link rel=canonical>'s href, as written
  std::string base_href;  // the first <base href>
  std::string html_lang;
  std::string html_dir;
  std::string first_h1;
  const xmlNode* h1_node = nullptr;  // the first <h1>
  std::vector<std::string> ld_blocks;
  std::string next_data;
  std::string time_published;  // <time itemprop=datePublished|pubdate datetime>
  std::string time_first;      // first other <time datetime>
  std::string text_published;  // a dateline written as text above the story
  std::string text_updated;    // the same, labelled as an update
  // The page's order of day and month, and its permalink's day, for a dateline's slash dates.
  std::optional<std::pair<DayOrder, std::string>> slash_dates;
  // What each class-and-id string names (class_words()), read once per distinct string: a page
  // repeats a few dozen over hundreds of elements, and each was searched for some 45 words.
  std::unordered_map<std::string, ClassWords> class_words;
  std::string time_modified;  // <time itemprop=dateModified datetime>, or class "updated"
  int reading_time = 0;
  bool ai_label = false;
  // Mozilla Readability's view of the meta tags (last value wins, names normalised its way):
  // where a page offers several titles or descriptions, we choose as Readability does.
  std::map<std::string, std::string> rvalues;
  std::vector<std::string> h1_h2;  // texts, to recognise a "Site: Title" <title>
  int h1_count = 0;
  std::string standfirst;       // the first element its class names a standfirst ("dek")
  std::string dom_byline;       // first byline-like element outside page furniture
  int unlikely = 0;             // inside a container Readability drops before looking for bylines
  int unlikely_not_header = 0;  // ... other than an article's header ("entry-header")
  int comments_or_sidebar = 0;  // inside comments, a sidebar or a related box (by class)
  bool story_begun = false;     // a paragraph of the story's length was seen
  std::string header_byline;    // the first byline-like element inside headers only
  const xmlNode* dom_byline_at = nullptr;  // their elements
  const xmlNode* header_byline_at = nullptr;
  bool dom_byline_elsewhere = false, header_byline_elsewhere = false;  // another story's
  std::string dom_author, header_author;  // the names they (or one beside them) give
  int table_or_code = 0;
  bool related_label = false;
  int in_link = 0;             // labels inside links belong to teasers of other stories
  bool in_other_item = false;  // inside a microdata item that is not the article (is_other_item)
  // has_headline_link() per element: the labels of a box of N teasers ask it of their common
  // ancestors N times, and each answer walks the whole box (quadratic: minutes on 2 MB).
  std::unordered_map<const xmlNode*, bool> headline_link;
};

const xmlNode* find_itemprop_name(const xmlNode* n, int depth) {
  if (depth > 50) return nullptr;
  for (const xmlNode* ch = n->children; ch; ch = ch->next) {
    if (!is_element(ch)) continue;
    if (attr(ch, "itemprop").find("name") != std::string_view::npos) return ch;
    if (const xmlNode* f = find_itemprop_name(ch, depth + 1)) return f;
  }
  return nullptr;
}

// The elements naming a byline's people: rel=author links, hCard's "fn", and classes naming a
// name ("byline__author", "author-name"), not nested in one another. A byline element's text
// can hold a role and a desk beside them ("Mark Di Stefano BuzzFeed News Reporter").
void append_author_names(const xmlNode* n, int depth, std::string& out) {
  if (depth > 8 || out.size() > 400) return;
  for (const xmlNode* ch = n->children; ch; ch = ch->next) {
    if (!is_element(ch)) continue;
    const std::string cls = to_lower_ascii(attr(ch, "class"));
    bool fn = attr(ch, "rel") == "author";
    for (size_t i = 0; !fn && i < cls.size();) {
      const size_t end = std::min(cls.find(' ', i), cls.size());
      const std::string_view w = std::string_view(cls).substr(i, end - i);
      i = end + 1;
      fn = w == "fn" || w.ends_with("author-name") || w.ends_with("author_name") ||
           w.ends_with("author__name") || w.ends_with("byline__author") ||
           w.ends_with("byline__name") || w.ends_with("byline-name");
    }
    if (!fn) {
      append_author_names(ch, depth + 1, out);
      continue;
    }
    std::string raw;
    append_raw_text(ch, raw, 200);
    const std::string name = collapse_whitespace(raw);
    if (name.empty()) continue;
    const std::vector<std::string> seen = split(out, ',');
    if (std::any_of(seen.begin(), seen.end(),
                    [&](const std::string& n) { return trim(n) == name; }))
      continue;
    if (!out.empty()) out += ", ";
    out += name;
  }
}

// A link of four words or more (a headline) in `n`, within a few levels.
bool has_headline_link(const xmlNode* n, int depth) {
  if (depth > 4) return false;
  for (const xmlNode* ch = n->children; ch; ch = ch->next) {
    if (!is_element(ch)) continue;
    if (node_name(ch) == "a") {
      std::string text;
      append_raw_text(ch, text, 400);
      if (count_words(text) >= 4) return true;
      continue;
    }
    if (has_headline_link(ch, depth + 1)) return true;
  }
  return false;
}

// A label beside another story's headline link is that teaser's ("AI Generated", "3 min
// read" on a card of a "Top stories" box), not the article's.
bool on_a_teaser(const xmlNode* text, Collected& c) {
  const xmlNode* p = text->parent;
  for (int up = 0; p && is_element(p) && up < 3; ++up, p = p->parent) {
    const std::string_view name = node_name(p);
    if (name == "article" || name == "main" || name == "body") return false;
    auto [at, fresh] = c.headline_link.try_emplace(p, false);
    if (fresh) at->second = has_headline_link(p, 0);
    if (at->second) return true;
  }
  return false;
}

// Inside <aside> or <nav>, or a <footer> of the page (an <article>'s own footer, "Posted by
// ... on <time>", is the article's): the page's, not the article's.
bool in_page_furniture(const xmlNode* e) {
  int up = 0;
  bool footer = false;
  for (const xmlNode* p = e->parent; p && is_element(p) && up < 40; p = p->parent, ++up) {
    const std::string_view n = node_name(p);
    if (n == "aside" || n == "nav") return true;
    if (n == "footer") footer = true;
    if (n == "article" || n == "main") return false;
  }
  return footer;
}

/// The day in a URL's path as "YYYY-MM-DD": three segments ("/2019/11/20/"), or a segment
/// that opens with the date ("/2019-11-20-slug", "/20191120/"); empty when there is none (a
/// month's archive "/2019/11/" names no day).
std::string url_date(std::string_view url) {
  const size_t scheme = url.find("://");
  if (scheme == std::string_view::npos) return {};
  url = url.substr(scheme + 3);
  const size_t path = url.find('/');
  if (path == std::string_view::npos) return {};
  url = url.substr(path);
  url = url.substr(0, url.find_first_of("?#"));
  auto digits = [](std::string_view s, size_t n) {
    return s.size() >= n && std::all_of(s.begin(), s.begin() + static_cast<std::ptrdiff_t>(n),
                                        [](char ch) { return ch >= '0' && ch <= '9'; });
  };
  auto valid = [](std::string_view y, std::string_view mo, std::string_view d) -> std::string {
    if (!(y.starts_with("19") || y.starts_with("20"))) return {};
    const int year = std::stoi(std::string(y)), month = std::stoi(std::string(mo)),
              day = std::stoi(std::string(d));
    static constexpr int kDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (month < 1 || month > 12 || day < 1 || day > kDays[month - 1]) return {};
    if (month == 2 && day == 29 && !(year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)))
      return {};
    std::string date = std::string(y) + "-" + std::string(mo) + "-" + std::string(d);
    return parse_date(date) ? date : std::string();
  };
  const std::vector<std::string> parts = split(url, '/');
  for (size_t i = 0; i < parts.size(); ++i) {
    const std::string& p = parts[i];
    // Glued to the slug ("2019-11-20-slug", "20191120_slug"): alone, such a segment is as often
    // an id ("/story/20230415") or an API's version ("/api/2020-08-01/").
    auto ends = [&p](size_t n) {
      return p.size() > n + 1 && (p[n] == '-' || p[n] == '_') &&
             std::isalpha(static_cast<unsigned char>(p[n + 1]));
    };
    if (p.size() == 4 && digits(p, 4) && i + 2 < parts.size() && parts[i + 1].size() == 2 &&
        digits(parts[i + 1], 2) && parts[i + 2].size() >= 2 && digits(parts[i + 2], 2) &&
        (parts[i + 2].size() == 2 || !std::isdigit(static_cast<unsigned char>(parts[i + 2][2])))) {
      if (std::string d = valid(p, parts[i + 1], parts[i + 2].substr(0, 2)); !d.empty()) return d;
    }
    // Days or months of one digit, then a story's slug of three words or more, or an id and
    // the slug ("/2019/1/5/18169887/chip-ships-early"): a product's or an API's path of small
    // numbers ("/products/2024/7/8/widget-pro", "/api/2020/1/5/users") is no day.
    auto short_number = [&digits](const std::string& s) {
      return !s.empty() && s.size() <= 2 && digits(s, s.size());
    };
    auto slug = [](const std::string& s) {
      return std::count(s.begin(), s.end(), '-') >= 2 &&
             std::any_of(s.begin(), s.end(),
                         [](char c) { return std::isalpha(static_cast<unsigned char>(c)); });
    };
    auto slug_after = [&](size_t k) {
      if (k >= parts.size()) return false;
      if (slug(parts[k])) return true;
      return parts[k].size() >= 5 && digits(parts[k], parts[k].size()) && k + 1 < parts.size() &&
             slug(parts[k + 1]);
    };
    if (p.size() == 4 && digits(p, 4) && i + 3 < parts.size() && short_number(parts[i + 1]) &&
        short_number(parts[i + 2]) && (parts[i + 1].size() == 1 || parts[i + 2].size() == 1) &&
        slug_after(i + 3)) {
      auto two = [](const std::string& s) { return s.size() == 1 ? "0" + s : s; };
      if (std::string d = valid(p, two(parts[i + 1]), two(parts[i + 2])); !d.empty()) return d;
    }
    if (p.size() >= 10 && digits(p, 4) && p[4] == '-' && digits(p.substr(5), 2) && p[7] == '-' &&
        digits(p.substr(8), 2) && ends(10)) {
      if (std::string d = valid(p.substr(0, 4), p.substr(5, 2), p.substr(8, 2)); !d.empty())
        return d;
    }
    if (p.size() >= 8 && digits(p, 8) && ends(8)) {
      if (std::string d = valid(p.substr(0, 4), p.substr(4, 2), p.substr(6, 2)); !d.empty())
        return d;
    }
  }
  return {};
}

/// Whether `part` starts as a date does: a number, a month's or a weekday's name ("Released
/// March 5, 2026" does not: a release's date).
bool opens_like_a_date(std::string_view part) {
  if (part.empty()) return false;
  if (std::isdigit(static_cast<unsigned char>(part[0]))) return true;
  std::string w = to_lower_ascii(part.substr(0, part.find(' ')));
  while (!w.empty() && (w.back() == ',' || w.back() == '.')) w.pop_back();
  if (w.size() < 3) return false;
  for (std::string_view name :
       {"january",   "february",  "march",   "april",    "may",      "june",   "july",
        "august",    "september", "october", "november", "december", "monday", "tuesday",
        "wednesday", "thursday",  "friday",  "saturday", "sunday",   "sept"})
    if (name.starts_with(w)) return true;
  if (w == "weds") return true;  // as British papers cut Wednesday
  // Other languages' names: what parse_date() reads as a month or a weekday.
  return static_cast<unsigned char>(part[0]) >= 0x80 && parse_date(std::string(part)).has_value();
}

/// Whether `e` is, or is in, a list's item or a table's cell (two levels up at most) that no
/// class or id on the way names a date's or a byline's ("date-and-time", "post-meta",
/// "h3.byline"): a spec's, a timeline's or a version's date may sit there.
bool in_unnamed_item(const xmlNode* e) {
  int up = 0;
  for (const xmlNode* p = e; p && is_element(p) && up < 3; p = p->parent, ++up) {
    const std::string names =
        to_lower_ascii(std::string(attr(p, "class")) + " " + std::string(attr(p, "id")));
    for (std::string_view w : {"date", "time", "publish", "posted", "byline", "meta", "author"})
      if (names.find(w) != std::string::npos) return false;  // on the way up, or the item
    if (in_list(node_name(p), {"li", "dd", "td", "th"})) return true;
  }
  return false;
}

/// `s` cut at each `sep`.
std::vector<std::string> split_on(const std::string& s, std::string_view sep) {
  std::vector<std::string> out;
  size_t b = 0;
  for (size_t at = s.find(sep); at != std::string::npos; at = s.find(sep, b)) {
    out.push_back(s.substr(b, at - b));
    b = at + sep.size();
  }
  out.push_back(s.substr(b));
  return out;
}

/// What parts a byline's line: "By Jane Doe on <date>", "Jane Doe | <date> | 3 comments".
constexpr std::string_view kSeparators[] = {" on ", " | ",      " \u00b7 ", " \u2022 ",
                                            " / ",  " \u2014 ", " - "};

/// A dateline written as text, without markup that dates it: "Published 11:34 PM EST Nov 19,
/// 2019", "Posted on March 5, 2026 | 3 comments", "By Jane Doe on November 14, 2019",
/// "기사입력 :[ 2018-08-25 15:24 ]", a date alone. The dates as parse_date() reads them (a time
/// written first moved after it): the publication's, and an update's when a label says so
/// ("Updated March 6, 2026 | Published March 5, 2026" gives both); none when the line is no
/// dateline (a sentence, a date without a year, another label's date, one beside what no credit
/// is, or, when `needs_label`, one without "Published" or the like).
struct DatelineDates {
  std::string published, updated;
};

DatelineDates dateline_date(std::string_view line, bool needs_label, DayOrder order,
                            std::string_view permalink_day) {
  bool updated = false;  // the line's label is an update's
  std::string l = collapse_whitespace(line);
  if (l.empty() || l.size() > 160 || count_words(l) > 16) return {};
  // "Published 05/03/2026": the page's language says which number is the day, or the day its
  // permalink states when that is one of the two (WordPress says en-US on many a British site).
  l = spell_slash_dates(l, order, permalink_day);
  const std::string lower = to_lower_ascii(l);
  static const std::pair<std::string_view, bool> kLabels[] = {
      {"last updated", true},
      {"updated on", true},
      {"updated", true},
      {"aktualisiert am", true},
      {"aktualisiert", true},
      {"mis \u00e0 jour le", true},
      {"actualizado el", true},
      {"actualizado", true},
      {"aggiornato il", true},
      {"aggiornato", true},
      {"bijgewerkt op", true},
      {"bijgewerkt", true},
      {"originally published", false},
      {"first published", false},
      {"published on", false},
      {"published", false},
      {"posted on", false},
      {"posted", false},
      {"ver\u00f6ffentlicht am", false},
      {"ver\u00f6ffentlicht", false},
      {"publi\u00e9 le", false},
      {"publicado el", false},
      {"publicado", false},
      {"pubblicato il", false},
      {"pubblicato", false},
      {"gepubliceerd op", false},
      {"gepubliceerd", false},
      {"\ucd5c\uc885\uc218\uc815", true},   // 최종수정
      {"\uc218\uc815", true},               // 수정
      {"\uae30\uc0ac\uc785\ub825", false},  // 기사입력
      {"\uc785\ub825", false}};             // 입력
  // A label that opens `s` ("Updated", "Published on") is taken off: whether it is an update's.
  auto take_label = [](std::string& s, bool& is_update) {
    const std::string low = to_lower_ascii(s);
    for (const auto& [label, update] : kLabels)
      if (low.starts_with(label) &&
          (low.size() == label.size() ||
           !std::isalpha(static_cast<unsigned char>(low[label.size()])))) {
        s = s.substr(label.size());
        is_update = update;
        return true;
      }
    return false;
  };
  const bool labelled = take_label(l, updated);
  // A list's item or a table's cell is a dateline only when it opens with a label: else it is
  // a spec's ("Release date | September 19, 2024"), a timeline's, a version's date, or a
  // teaser's ("Headline | Published March 1, 2026").
  if (needs_label && !labelled) return {};
  // WordPress's "Posted in News on <date>", and a credit's line, file the post under
  // categories ("By Jane Doe on <date> in Business, Tech"); elsewhere " in " names a place ("Steve
  // Jobs on January 9, 2007 in San Francisco") or a journal ("Published in Nature on <date>").
  const bool filed = lower.starts_with("posted") || lower.starts_with("by ") ||
                     lower.find(" by ") != std::string::npos;
  // Another label names another date ("Claim: Posted on Facebook on October 13, 2019",
  // "Event date: ...", "Deadline: ..."): a colon after a word or two that are no date.
  if (!labelled) {
    const size_t colon = l.find(':');
    if (colon != std::string::npos && colon > 0 &&
        std::isalpha(static_cast<unsigned char>(l[colon - 1])) &&
        count_words(l.substr(0, colon)) <= 3)
      return {};
  }
  // A sentence is no dateline ("The council approved the plan on March 5, 2026."): a line
  // of a few words of prose at most ("| 3 comments") beside the names and the date.
  int prose = 0;
  for (const std::string& w : split(l, ' '))
    prose += w.size() > 1 &&
             std::all_of(w.begin(), w.end(), [](char ch) { return ch >= 'a' && ch <= 'z'; }) &&
             !in_list(w, {"by", "on", "and", "at", "um", "om", "alle", "las", "de", "del", "le",
                          "am", "kl", "von", "par", "por", "door"});
  if (prose > 2) return {};
  // The parts a byline line holds: "By Jane Doe on <date>", "Jane Doe | <date> | 3 comments".
  std::vector<std::string> parts{l};
  std::vector<size_t> cuts;  // where a separator starts, and where the text after it does
  for (std::string_view sep : kSeparators)
    for (size_t at = l.find(sep); at != std::string::npos; at = l.find(sep, at + 1)) {
      parts.push_back(l.substr(at + sep.size()));
      parts.push_back(l.substr(0, at));
      cuts.push_back(at);
      cuts.push_back(at + sep.size());
    }
  // A date between two separators: "By Jane Doe | March 5, 2026 | 4 min read".
  std::sort(cuts.begin(), cuts.end());
  for (size_t i = 1; i + 1 < cuts.size(); i += 2)
    if (cuts[i] < cuts[i + 1]) parts.push_back(l.substr(cuts[i], cuts[i + 1] - cuts[i]));
  // A time of day alone, with its meridiem or zone, or on a 24-hour clock ("10:15 AM PT",
  // "14:30"): not a time ago, nor a film's running time ("2:46", "2h16").
  auto clock = [](const std::string& s) {
    const std::string low = to_lower_ascii(s);
    if (!is_clock(low) || low.ends_with(" ago")) return false;
    if (low.find(' ') != std::string::npos) return true;  // a meridiem or a zone
    return low.size() == 5 && low[2] == ':' && (low[0] == '0' || low[0] == '1' || low[0] == '2');
  };
  // The parts of `s` between separators, whichever they are.
  auto segments = [](std::string s) {
    for (std::string_view sep : kSeparators)
      for (size_t k = s.find(sep); k != std::string::npos; k = s.find(sep, k + 1))
        s.replace(k, sep.size(), " | ");
    return split_on(s, " | ");
  };
  // A count a credit gives (`low` lower-case): "4 min read", "3 comments".
  auto count_credit = [](const std::string& low) {
    return !low.empty() && std::isdigit(static_cast<unsigned char>(low[0])) &&
           (low.find("min") != std::string::npos || low.find("comment") != std::string::npos);
  };
  // What stands beside the date on its line is a credit's: "By Jane Doe", a name, "4 min
  // read", "3 comments", a time, another labelled date ("Updated March 6, 2026"); not a book's
  // "352 pages", a film's "2h 10m", its "Directed by ...".
  auto beside_credits = [&](const std::string& part) {
    const size_t at = l.find(part);
    if (at == std::string::npos) return false;
    for (std::string seg : segments(l.substr(0, at) + " | " + l.substr(at + part.size()))) {
      const size_t b = seg.find_first_not_of(" :[]()"), e = seg.find_last_not_of(" :[]().,");
      if (b == std::string::npos) continue;
      seg = seg.substr(b, e - b + 1);
      const std::string low = to_lower_ascii(seg);
      if (low.starts_with("by ") || low == "by" || clock(seg)) continue;
      // The categories filed under: "Posted in News, Tech on March 5, 2026".
      if (filed && low.starts_with("in ") && low.size() > 3 &&
          std::isupper(static_cast<unsigned char>(seg[3])))
        seg = seg.substr(3);
      // Another date, labelled or not: "Updated March 6, 2026 | Published March 5, 2026".
      bool is_update = false;
      std::string date = seg;
      take_label(date, is_update);
      if (const size_t d = date.find_first_not_of(" :");
          d != std::string::npos && opens_like_a_date(date.substr(d)) && parse_date(date.substr(d)))
        continue;
      if (count_credit(low)) continue;
      const std::vector<std::string> words = split(seg, ' ');
      const bool name =
          words.size() <= 4 && std::all_of(words.begin(), words.end(), [](const std::string& w) {
            const unsigned char c = w.empty() ? 'a' : static_cast<unsigned char>(w[0]);
            return (std::isupper(c) || c >= 0x80) && std::none_of(w.begin(), w.end(), [](char d) {
                     return std::isdigit(static_cast<unsigned char>(d));
                   });
          });
      if (!name) return false;
    }
    return true;
  };
  // The time written before the date across a separator ("10:15 AM PT · March 5, 2026"), or
  // empty.
  auto clock_before = [&](const std::string& part) -> std::string {
    const size_t at = l.find(part);
    if (at == std::string::npos || at == 0) return {};
    std::string before = l.substr(0, at);
    const auto sep = std::find_if(std::begin(kSeparators), std::end(kSeparators),
                                  [&](std::string_view s) { return before.ends_with(s); });
    if (sep == std::end(kSeparators) || *sep == " on ") return {};
    before.resize(before.size() - sep->size());
    size_t from = 0;
    for (std::string_view s : kSeparators)
      if (const size_t k = before.rfind(s); k != std::string::npos)
        from = std::max(from, k + s.size());
    const std::string time(trim(before.substr(from)));
    return clock(time) ? time : std::string();
  };
  DatelineDates dates;
  for (std::string part : parts) {
    const std::string as_written = part;
    // Marks around the date: "기사입력 :[ 2018-08-25 15:24 ]", "Published: <date>".
    const std::string_view marks = " :[]()";
    size_t b = part.find_first_not_of(marks), e = part.find_last_not_of(marks);
    if (b == std::string::npos) continue;
    part = part.substr(b, e - b + 1);
    // A label of its own after a separator: "By Jane Doe | Updated March 6, 2026".
    bool part_updated = updated;
    take_label(part, part_updated);
    b = part.find_first_not_of(marks);
    if (b == std::string::npos) continue;
    part = part.substr(b);
    // A year and a day say it is a date of its own, not a sentence's "Monday" or "March 5",
    // nor a copyright's "2019" or an archive's "November 2019".
    size_t year = std::string::npos, numbers = 0;
    for (size_t i = 0; i < part.size();) {
      if (!std::isdigit(static_cast<unsigned char>(part[i]))) {
        ++i;
        continue;
      }
      size_t j = i;
      while (j < part.size() && std::isdigit(static_cast<unsigned char>(part[j]))) ++j;
      ++numbers;
      if (j - i == 4 && (part.compare(i, 2, "19") == 0 || part.compare(i, 2, "20") == 0)) year = i;
      i = j;
    }
    if (year == std::string::npos || numbers < 2 || !opens_like_a_date(part)) continue;
    // The categories filed under after it: "By Jane Doe on March 5, 2026 in Business, Tech".
    if (const size_t in = filed ? part.find(" in ", year + 4) : std::string::npos;
        in != std::string::npos) {
      const std::vector<std::string> after = split(part.substr(in + 4), ' ');
      if (!after.empty() && after.size() <= 6 &&
          std::all_of(after.begin(), after.end(), [](const std::string& w) {
            const unsigned char c = w.empty() ? 'a' : static_cast<unsigned char>(w[0]);
            return std::isupper(c) || c >= 0x80 || w == "and" || w == "&";
          }))
        part.resize(in);
    }
    // The credit after it: WordPress's "Posted on March 5, 2026 by admin".
    if (const size_t by = part.find(" by ", year + 4);
        by != std::string::npos && count_words(part.substr(by)) <= 5)
      part.resize(by);
    // After the year, a time at most ("March 13, 2015 9:00PM", "... 2019 at 11:04 a.m."), not a
    // place's or a thing's name ("Tuesday, June 10, 2025 Moscone West, San Francisco").
    bool after_year = true;
    for (const std::string& w : split(part.substr(year + 4), ' ')) {
      std::string t = to_lower_ascii(w);
      while (!t.empty() && std::ispunct(static_cast<unsigned char>(t.back()))) t.pop_back();
      while (!t.empty() && std::ispunct(static_cast<unsigned char>(t.front()))) t.erase(0, 1);
      if (t.empty() || std::isdigit(static_cast<unsigned char>(t[0])) ||
          in_list(t, {"at", "@",   "um",  "om",  "alle", "a",   "las", "kl",  "uhr", "h",   "am",
                      "pm", "a.m", "p.m", "utc", "gmt",  "et",  "est", "edt", "pt",  "pst", "pdt",
                      "ct", "cst", "cdt", "cet", "cest", "bst", "ist", "jst", "z"}) ||
          static_cast<unsigned char>(t[0]) >= 0x80)
        continue;
      after_year = false;
      break;
    }
    if (!after_year) continue;
    // The words of a sentence after the date ("on Sunday, October 13th, 2019 in an article
    // in a local newspaper"): a claim's date, not the page's. Months written in lower case
    // ("5 mars 2026", "5 de marzo de 2026") are the date's.
    std::vector<std::string> words = split(part, ' ');
    if (std::any_of(words.begin(), words.end(), [](const std::string& w) {
          return w.size() > 1 &&
                 std::all_of(w.begin(), w.end(), [](char ch) { return ch >= 'a' && ch <= 'z'; }) &&
                 !in_list(w, {"at", "um", "om", "alle", "las", "de", "del", "le", "am", "kl"}) &&
                 !parse_date("5 " + w + " 2026");
        }))
      continue;
    for (std::string& w : words)
      if (w == "@") w = "at";  // "February 29, 2016 @ 11:10 PM UTC"
    std::string date;
    for (const std::string& w : words) date += (date.empty() ? "" : " ") + w;
    // The line's date, or an update's to fall back on when no other is there.
    auto found = [&](std::string d) -> std::string {
      if (!beside_credits(as_written)) return {};
      if (d.find(':') == std::string::npos)
        if (const std::string time = clock_before(as_written); !time.empty()) {
          // A time, a date and a place after them are an event's ("7:30 PM ET · March 5,
          // 2026 · Madison Square Garden"): after a dateline's, a credit's count at most.
          for (const std::string& seg :
               segments(l.substr(l.find(as_written) + as_written.size()))) {
            const std::string low = to_lower_ascii(std::string(trim(seg)));
            if (!low.empty() && !count_credit(low)) return {};
          }
          if (parse_date(d + " " + time)) d += " " + time;
        }
      return d;
    };
    if (!parse_date(date)) {
      // A time written before the date: "11:34 PM EST Nov 19, 2019", its meridiem and zone
      // with it.
      if (words.size() < 3 || words[0].empty() ||
          !std::isdigit(static_cast<unsigned char>(words[0][0])) ||
          words[0].find(':') == std::string::npos)
        continue;
      size_t k = 1;
      if (in_list(to_lower_ascii(words[k]), {"am", "pm", "a.m.", "p.m."})) ++k;
      // The zone, a comma after it or not (CNN's "Updated 10:32 AM EST, Thu March 5, 2026").
      if (k < words.size() && words[k].ends_with(',')) words[k].pop_back();
      if (k < words.size() && words[k].size() >= 2 && words[k].size() <= 5 &&
          std::all_of(words[k].begin(), words[k].end(),
                      [](char ch) { return ch >= 'A' && ch <= 'Z'; }))
        ++k;
      std::string moved;
      for (size_t i = k; i < words.size(); ++i) moved += words[i] + ' ';
      for (size_t i = 0; i < k; ++i) moved += words[i] + (i + 1 < k ? " " : "");
      if (!parse_date(moved)) continue;
      date = std::move(moved);
    }
    date = found(date);
    // A part that is no credit's says the line is no dateline, unless its publication's date
    // came first (the parts after it were not read before).
    if (date.empty()) return dates.published.empty() ? DatelineDates{} : dates;
    std::string& slot = part_updated ? dates.updated : dates.published;
    if (slot.empty()) slot = std::move(date);
    if (!dates.published.empty() && !dates.updated.empty()) break;
  }
  // An update is after the publication: the same day twice, or an earlier one, is none.
  if (!dates.published.empty() && !dates.updated.empty()) {
    const auto p = parse_date(dates.published), u = parse_date(dates.updated);
    if (p && u && *u <= *p) dates.updated.clear();
  }
  return dates;
}

/// The words of an element's class and id, lower-cased, in order ("article-tags img_caption"
/// is article, tags, img, caption): names matched whole, so "stage" is no tag and "trail" no
/// rail.
std::vector<std::string> name_words(const xmlNode* e) {
  std::vector<std::string> words;
  std::string word;
  for (const char ch :
       to_lower_ascii(std::string(attr(e, "class")) + " " + std::string(attr(e, "id")) + " ")) {
    if (std::isalnum(static_cast<unsigned char>(ch))) {
      word += ch;
    } else if (!word.empty()) {
      words.push_back(std::move(word));
      word.clear();
    }
  }
  return words;
}

/// Whether a date written in `e` is another thing's: a picture's (in a <figure>, a caption or a
/// credit: "Justin Sullivan | Getty Images | June 5, 2023"), an event's in a kicker ("CES 2026 ·
/// January 6, 2026"), or today's in the page's top bar or a <header> of the site's that holds
/// no headline ("Friday, December 5, 2025").
bool dates_something_else(const xmlNode* e) {
  int up = 0;
  for (const xmlNode* p = e; p && is_element(p) && up < 40; p = p->parent, ++up) {
    const std::string_view n = node_name(p);
    if (n == "article" || n == "main" || n == "body") return false;
    if (n == "figure" || n == "figcaption") return true;
    // Words of the class and id ("top-bar", "event-date"), whole: a site's "has-stock-ticker"
    // wrapper or "creditcards-news" blog is no ticker's or credit's.
    std::string_view previous;
    for (const std::string& word : name_words(p)) {
      if (in_list(word, {"caption", "captions", "credit", "credits", "today", "topbar", "ticker",
                         "weather", "kicker", "eyebrow", "event", "events", "timeline", "specs",
                         "spec"}) ||
          (previous == "top" && word == "bar") || (previous == "current" && word == "date"))
        return true;
      previous = word;
    }
    // A site's <header> (outside <article> and <main>, as the walk stops there) without the
    // story's headline: a bounded look, a header is small.
    if (n == "header") {
      int budget = 400;
      bool headline = false;
      std::vector<const xmlNode*> stack{p->children};
      while (!stack.empty() && budget > 0 && !headline) {
        const xmlNode* c = stack.back();
        stack.pop_back();
        for (; c && budget > 0; c = c->next, --budget) {
          if (!is_element(c)) continue;
          if (node_name(c) == "h1") headline = true;
          if (c->children) stack.push_back(c->children);
        }
      }
      if (!headline) return true;
    }
  }
  return false;
}

/// An element a dateline sits in: a block or a span of text with inline markup inside only.
bool is_dateline_element(const xmlNode* e) {
  static constexpr std::array<std::string_view, 16> kLines{
      "p", "div",  "span", "li", "small", "em", "strong", "b",
      "i", "font", "dd",   "td", "h4",    "h5", "h6",     "address"};
  const std::string_view name = node_name(e);
  if (std::find(kLines.begin(), kLines.end(), name) == kLines.end()) return false;
  static constexpr std::array<std::string_view, 14> kInline{"a",   "span", "b",    "strong", "em",
                                                            "i",   "time", "abbr", "small",  "br",
                                                            "sup", "sub",  "font", "u"};
  for (const xmlNode* c = e->children; c; c = c->next)
    if (is_element(c) && std::find(kInline.begin(), kInline.end(), node_name(c)) == kInline.end())
      return false;
  return true;
}

/// "updated" or "published" when the text right before `e` (a <time>) ends with such a label
/// ("Updated", "Last updated:", "Published", "Veröffentlicht am"), else empty.
std::string preceding_label(const xmlNode* e) {
  const xmlNode* p = e->prev;
  if (!p || p->type != XML_TEXT_NODE || !p->content) return {};
  std::string_view t = trim(reinterpret_cast<const char*>(p->content));
  if (t.size() > 200) t = t.substr(t.size() - 200);
  std::string l = to_lower_ascii(t);
  while (!l.empty() && (l.back() == ':' || l.back() == ' ')) l.pop_back();
  // The label ends the text, as a word of its own.
  auto ends_with_label = [&l](std::initializer_list<std::string_view> labels) {
    for (std::string_view w : labels)
      if (l.ends_with(w) && (l.size() == w.size() ||
                             !std::isalpha(static_cast<unsigned char>(l[l.size() - w.size() - 1]))))
        return true;
    return false;
  };
  if (ends_with_label({"updated", "updated on", "last updated", "modified", "last modified",
                       "aktualisiert", "aktualisiert am", "mis \u00e0 jour", "mis \u00e0 jour le",
                       "actualizado", "aggiornato", "bijgewerkt"}))
    return "updated";
  if (ends_with_label({"published", "published on", "posted", "posted on", "ver\u00f6ffentlicht",
                       "ver\u00f6ffentlicht am", "publi\u00e9", "publi\u00e9 le", "publicado",
                       "pubblicato", "gepubliceerd"}))
    return "published";
  return {};
}

/// Whether an ancestor of `e` is `furniture` (`is(p)`) and `e` stands outside the page's
/// <article> and <main>: the page's, not the story's.
template <class Is>
bool furniture_outside_the_story(const xmlNode* e, Is is) {
  int up = 0;
  bool furniture = false;
  for (const xmlNode* p = e->parent; p && is_element(p) && up < 60; p = p->parent, ++up) {
    const std::string_view n = node_name(p);
    if (n == "article" || n == "main") return false;
    furniture = furniture || is(p, n);
  }
  return furniture;
}

/// In an <aside> or <nav> outside the story, or a box named as a rail of other stories
/// ("trending-rail", "most-popular", "sidebar"): a rail's or a menu's credit is another
/// story's. (An article's own aside can hold its author.)
bool outside_the_story(const xmlNode* e, const xmlNode* headline) {
  return furniture_outside_the_story(e, [headline](const xmlNode* p, std::string_view n) {
    if (n == "aside" || n == "nav") return true;
    if (n == "body" || n == "html") return false;  // layout words ("has-sidebar") of the page
    // Words of the class and id ("trending-rail", "mostPopular" as "mostpopular"): a rail's
    // name, not part of another word ("trail", "guardrail").
    bool rail = false;
    for (const std::string& word : name_words(p)) {
      // A layout's wrapper names its parts ("content-sidebar-wrap", "main-col
      // recommended-layout", "popular-science-page"): the story is inside it.
      if (in_list(word, {"wrap", "wrapper", "layout", "page", "with", "has", "no", "left", "right",
                         "main", "content", "col", "column", "full", "primary"}))
        return false;
      if (word == "rail" || word == "teaser" || word == "teasers") rail = true;
      for (std::string_view w : {"trending", "sidebar", "related", "recirc", "mostpopular",
                                 "popular", "recommend", "outbrain", "taboola"})
        rail = rail || word.starts_with(w);
    }
    if (!rail) return false;
    // A box that holds the story's headline is the story's ("sidebar-left-content").
    for (const xmlNode* h = headline; h; h = h->parent)
      if (h == p) return false;
    return true;
  });
}

/// One of a run of like elements (three or more of one tag and class side by side, at most
/// three levels up: close, not a layout's wrappers; not paragraphs): a comment among comments,
/// a teaser among teasers. Below the story, a credit there is a commenter's or another story's.
bool in_repeated_item(const xmlNode* e) {
  int up = 0;
  for (const xmlNode* p = e->parent; p && is_element(p) && up < 3; p = p->parent, ++up) {
    const std::string_view n = node_name(p);
    if (n == "article" || n == "main" || n == "body") return false;
    const std::string_view cls = attr(p, "class");
    if (cls.empty() || n == "p") continue;  // the story's own paragraphs share a class
    // Like elements next to it, past text and comments, on either side: a run of three is a
    // list's (two are columns of a grid, or a pair).
    int like = 0;
    for (const bool back : {true, false}) {
      const xmlNode* s = back ? p->prev : p->next;
      for (int k = 0; s && k < 2;) {
        if (!is_element(s)) {
          s = back ? s->prev : s->next;
          continue;
        }
        if (node_name(s) != n || attr(s, "class") != cls) break;
        ++like;
        ++k;
        s = back ? s->prev : s->next;
      }
    }
    if (like < 2) continue;
    // Small, as comments and teasers are, and without a paragraph of the story's: a story's
    // own blocks of text ("section.block") are not its comments.
    std::string text;
    append_raw_text(p, text, 600);
    if (text.size() > 600) continue;
    bool story_paragraph = false;
    for (const xmlNode* c = p->children; c && !story_paragraph; c = c->next)
      if (is_element(c) && node_name(c) == "p") {
        std::string para;
        append_raw_text(c, para, 150);
        story_paragraph = collapse_whitespace(para).size() >= 150;
      }
    if (!story_paragraph) return true;
  }
  return false;
}

/// Outside the story: a date in the site's own header (a masthead's "Sunday, December 6"), or
/// beside a link in a list item (a ticker's "08:00 Rates unchanged"): today's, or another
/// story's. (An article's own <header> holds its date.)
bool in_masthead_or_list_of_links(const xmlNode* e) {
  return furniture_outside_the_story(e, [](const xmlNode* p, std::string_view n) {
    // The site's header, not a post's own <header> (blog themes without <article> or <main>).
    const std::string cls =
        to_lower_ascii(std::string(attr(p, "class")) + " " + std::string(attr(p, "id")));
    if (attr(p, "role") == "banner" || cls.find("masthead") != std::string::npos ||
        cls.find("site-header") != std::string::npos)
      return true;
    if (n == "header")
      return cls.find("site") != std::string::npos || cls.find("global") != std::string::npos ||
             cls.find("page-header") != std::string::npos || find_first(p, "nav") != nullptr;
    if (n == "li")
      for (const xmlNode* d = p->children; d; d = d->next)
        if (is_element(d) && node_name(d) == "a" && has_attr(d, "href")) return true;
    return false;
  });
}

/// Reading-time and AI labels are short text of their own element.
constexpr size_t kMaxLabelBytes = 80;
/// Where "AI-generated" says nothing of the article's text: an image's caption or credit, a
/// topic chip or tag list, the page's navigation or masthead, or a heading of the story's own
/// (the section tagger keeps one that heads running text; a label there it still reads).
bool ai_label_elsewhere(const xmlNode* text) {
  int up = 0;
  for (const xmlNode* p = text->parent; p && is_element(p) && up < 40; p = p->parent, ++up) {
    const std::string_view n = node_name(p);
    if (n == "figure" || n == "figcaption" || n == "picture" || n == "nav" || n == "aside")
      return true;
    if (up == 0 && n.size() == 2 && n[0] == 'h' && n[1] >= '1' && n[1] <= '6') return true;
    static const std::array<std::string_view, 14> kWords{
        "caption", "credit", "credits",  "chip",       "chips",      "tag",  "tags",
        "topic",   "topics", "category", "categories", "breadcrumb", "menu", "masthead"};
    for (const std::string& word : name_words(p))
      if (std::find(kWords.begin(), kWords.end(), word) != kWords.end()) return true;
    if (n == "article" || n == "main") return false;  // the story's own, from here up
    if (n == "header") return true;                   // a header outside the story: the page's
  }
  return false;
}

void check_label(const xmlNode* text, Collected& c) {
  if (c.in_link || !text->content || !text->parent) return;
  const std::string_view t = reinterpret_cast<const char*>(text->content);
  if (t.size() > kMaxLabelBytes) return;
  if (c.reading_time == 0 && t.find("min") != std::string_view::npos) {
    std::string own;
    append_raw_text(text->parent, own, 4 * kMaxLabelBytes);
    own = collapse_whitespace(own);
    if (own.size() < kMaxLabelBytes)
      if (const int minutes = parse_reading_time(own); minutes > 0 && !on_a_teaser(text, c))
        c.reading_time = minutes;
  }
  if (!c.ai_label &&
      (t.find("AI") != std::string_view::npos || t.find("ai") != std::string_view::npos) &&
      classify_boilerplate(t) == Boilerplate::kAiLabel && !on_a_teaser(text, c) &&
      !ai_label_elsewhere(text))
    c.ai_label = true;
  // "More Stories You Might Enjoy" as a heading, or as the whole text of a box's title
  // element (<div class="box-title">): the page has a related-stories box.
  const std::string_view parent = node_name(text->parent);
  if (!c.related_label &&
      ((parent.size() == 2 && parent[0] == 'h') ||
       (t.size() <= 48 && text->prev == nullptr && text->next == nullptr && count_words(t) >= 3)) &&
      classify_boilerplate(t) == Boilerplate::kRelatedBox)
    c.related_label = true;
}

/// Readability's meta patterns: `property` "og:title"-like words, `name` "dc.creator"-like.
void note_readability_meta(std::string_view property, std::string_view name,
                           std::string_view content, Collected& c) {
  if (content.empty()) return;
  static const std::array<std::string_view, 5> kPrefixes{"article", "dc", "dcterm", "og",
                                                         "twitter"};
  static const std::array<std::string_view, 6> kFields{"author",         "creator", "description",
                                                       "published_time", "title",   "site_name"};
  // Readability's property regex is unanchored: "og:article:author" yields "article:author".
  bool matched = false;
  for (const std::string& word : split(to_lower_ascii(property), ' ')) {
    for (size_t colon = word.find(':'); colon != std::string::npos && !matched;
         colon = word.find(':', colon + 1)) {
      for (std::string_view pre : kPrefixes) {
        if (colon < pre.size() ||
            std::string_view(word).substr(colon - pre.size(), pre.size()) != pre)
          continue;
        for (std::string_view field : kFields) {
          if (std::string_view(word).substr(colon + 1).starts_with(field)) {
            c.rvalues[std::string(pre) + ":" + std::string(field)] = std::string(trim(content));
            matched = true;
            break;
          }
        }
        if (matched) break;
      }
    }
    if (matched) break;
  }
  if (matched || name.empty()) return;
  std::string n;
  for (char ch : to_lower_ascii(trim(name)))
    if (ch != ' ') n += ch == '.' ? ':' : ch;
  static const std::array<std::string_view, 6> kNameFields{"author",      "creator", "pub-date",
                                                           "description", "title",   "site_name"};
  static const std::array<std::string_view, 8> kNamePrefixes{
      "dc", "dcterm", "og", "twitter", "parsely", "weibo:article", "weibo:webpage", ""};
  for (std::string_view pre : kNamePrefixes) {
    for (std::string_view f : kNameFields) {
      if (pre.empty() ? n == f
                      : (n.size() == pre.size() + 1 + f.size() && n.starts_with(pre) &&
                         (n[pre.size()] == ':' || n[pre.size()] == '-') && n.ends_with(f))) {
        c.rvalues[n] = std::string(trim(content));
        return;
      }
    }
  }
}

ClassWords class_words(Collected& c, const std::string& m) {
  if (auto it = c.class_words.find(m); it != c.class_words.end()) return it->second;
  const ClassWords w = read_class_words(m);
  // Bounded: a hostile page's million distinct classes are read each time instead.
  if (c.class_words.size() < 4096) c.class_words.emplace(m, w);
  return w;
}

/// Readability's "unlikely candidate": a class/id naming page furniture, or a landmark role.
bool readability_unlikely(const xmlNode* e, std::string_view name, const std::string& m,
                          Collected& c) {
  if (name == "body" || name == "a" || name == "html") return false;
  const std::string_view role = attr(e, "role");
  if (role == "menu" || role == "menubar" || role == "complementary" || role == "navigation" ||
      role == "alert" || role == "alertdialog" || role == "dialog")
    return true;
  if (c.table_or_code || m.size() < 3) return false;
  const ClassWords w = class_words(c, m);
  return w.unlikely && !w.maybe;
}

bool is_probably_hidden(const xmlNode* e) {
  if (has_attr(e, "hidden")) return true;
  if (attr(e, "aria-hidden") == "true" &&
      attr(e, "class").find("fallback-image") == std::string_view::npos)
    return true;
  const std::string style = to_lower_ascii(attr(e, "style"));
  std::string compact;
  for (char ch : style)
    if (ch != ' ') compact += ch;
  return compact.find("display:none") != std::string::npos ||
         compact.find("visibility:hidden") != std::string::npos;
}

// The text of a title or heading: past the longest title kept, the rest cannot matter.
std::string bounded_text(const xmlNode* e) {
  std::string raw;
  append_raw_text(e, raw, 2 * kMaxLineFieldBytes);
  return collapse_whitespace(raw);
}

std::string byline_names(std::string a);

/// Whether `e` stands beside `first` (inside its parent's parent): a byline's other element.
bool near(const xmlNode* first, const xmlNode* e) {
  const xmlNode* box = first && first->parent ? first->parent->parent : nullptr;
  if (!box) return false;
  for (const xmlNode* p = e->parent; p; p = p->parent)
    if (p == box) return true;
  return false;
}

/// Inside the story's container: an <article> or <main>, or an element whose class or id names
/// the story ("article-content", "post", "entry").
bool in_story_container(const xmlNode* e) {
  int up = 0;
  for (const xmlNode* p = e->parent; p && is_element(p) && up < 60; p = p->parent, ++up) {
    const std::string_view n = node_name(p);
    if (n == "article" || n == "main") return true;
    if (n == "body") return false;  // (WordPress names the post in <body>'s class)
    const std::string names =
        to_lower_ascii(std::string(attr(p, "class")) + " " + std::string(attr(p, "id")));
    for (std::string_view w : {"article", "post", "entry", "story"})
      if (names.find(w) != std::string::npos) return true;
  }
  return false;
}

/// In a list item (a "read next" list's entry), below the story's container.
bool in_list_item(const xmlNode* e) {
  int up = 0;
  for (const xmlNode* p = e->parent; p && is_element(p) && up < 30; p = p->parent, ++up) {
    const std::string_view n = node_name(p);
    if (n == "li") return true;
    if (n == "article" || n == "main" || n == "body") return false;
  }
  return false;
}

/// Inside a quotation or an embed (a pull quote's "quote-author", an embedded tweet's): its
/// credit is the quoted person's.
bool quoted(const xmlNode* e) {
  int up = 0;
  for (const xmlNode* p = e; p && is_element(p) && up < 30; p = p->parent, ++up) {
    const std::string_view n = node_name(p);
    if (n == "blockquote" || n == "q" || n == "figure" || n == "iframe") return true;
    const std::string cls = to_lower_ascii(attr(p, "class"));
    for (std::string_view w : {"quote", "tweet", "embed", "testimonial"})
      if (cls.find(w) != std::string::npos) return true;
  }
  return false;
}

/// Readability's byline rule: rel=author, itemprop~author, or a class/id naming a byline,
/// with some but not much text; an itemprop=name inside it names the author more exactly.
/// The text is read only so far (containers that merely carry an "author" class can hold a
/// whole article).
/// An element's text with kJoin where two elements' texts meet with no space between them
/// (a minified byline's "<span>Jane Doe</span><span>BBC News</span>"): the names are read apart,
/// where the text as shown runs them together ("Jane DoeBBC News").
constexpr char kJoin = '\x1f';
void append_joined_text(const xmlNode* n, std::string& out, bool& boundary, int depth) {
  if (depth > 20 || out.size() > 400) return;
  for (const xmlNode* c = n->children; c; c = c->next) {
    if (c->type == XML_TEXT_NODE && c->content) {
      const std::string_view t = reinterpret_cast<const char*>(c->content);
      if (t.empty()) continue;
      // Not inside a word or a name: after a hyphen, an initial's dot, an apostrophe or a
      // no-break space ("García-<span>López</span>", "Jane&nbsp;<b>Doe</b>").
      const bool joined_word =
          !out.empty() &&
          (out.back() == '-' || out.back() == '.' || out.back() == '\'' ||
           out.ends_with("\u00a0") || out.ends_with("\u2019") || t.starts_with("\u00a0") ||
           t.front() == '-' || t.front() == ',' || t.front() == '.' || t.front() == ')');
      if (boundary && !joined_word && !out.empty() &&
          !std::isspace(static_cast<unsigned char>(out.back())) &&
          !std::isspace(static_cast<unsigned char>(t.front())))
        out += kJoin;
      boundary = false;
      out += t;
    } else if (is_element(c)) {
      const std::string_view name = node_name(c);
      if (name == "script" || name == "style" || name == "template") continue;
      if (name == "br") {
        out += ' ';
        continue;
      }
      // Inline formatting inside a name ("Jane <b>Doe</b>") is no boundary between names.
      const bool formatting = name == "b" || name == "i" || name == "em" || name == "strong" ||
                              name == "u" || name == "small" || name == "abbr";
      boundary = boundary || !formatting;
      append_joined_text(c, out, boundary, depth + 1);
      boundary = !formatting;
    }
  }
}

std::string dom_byline_text(const xmlNode* e, const std::string& match, std::string& names,
                            std::string& joined) {
  const bool candidate =
      attr(e, "rel") == "author" || attr(e, "itemprop").find("author") != std::string_view::npos ||
      match.find("byline") != std::string::npos || match.find("author") != std::string::npos ||
      match.find("dateline") != std::string::npos || match.find("writtenby") != std::string::npos ||
      match.find("p-author") != std::string::npos;
  if (!candidate) return {};
  std::string raw;
  append_raw_text(e, raw, 4096);
  const std::string_view t = trim(raw);
  if (t.empty() || t.size() >= 100) return {};
  append_author_names(e, 0, names);
  bool boundary = false;
  append_joined_text(e, joined, boundary, 0);
  if (const xmlNode* named = find_itemprop_name(e, 0)) {
    std::string nm = inner_text(named);
    if (!nm.empty()) return nm;
  }
  return collapse_whitespace(t);
}

/// A schema.org type name (or URL) of an article, matched as Readability matches JSON-LD types:
/// as parts of the name ("ReportageNewsArticle" counts), "Article..." as a prefix.
bool is_article_type_name(std::string_view s) {
  static const std::array<std::string_view, 15> kTypes{"AdvertiserContentArticle",
                                                       "NewsArticle",
                                                       "ReportageNews",
                                                       "Report",
                                                       "SatiricalArticle",
                                                       "ScholarlyArticle",
                                                       "SocialMediaPosting",
                                                       "BlogPosting",
                                                       "LiveBlogPosting",
                                                       "DiscussionForumPosting",
                                                       "TechArticle",
                                                       "APIReference",
                                                       "OpinionNewsArticle",
                                                       "ReviewNewsArticle",
                                                       "BackgroundNewsArticle"};
  if (const size_t slash = s.rfind('/'); slash != std::string_view::npos) s = s.substr(slash + 1);
  if (s.starts_with("Article")) return true;
  return std::any_of(kTypes.begin(), kTypes.end(),
                     [&](std::string_view k) { return s.find(k) != std::string_view::npos; });
}

/// Microdata: whether an itemscope element is an item other than the article or its page (a
/// video, a comment, an author, a list of other stories), whose dates are not the article's.
bool is_other_item(const xmlNode* e) {
  const std::string_view types = trim(attr(e, "itemtype"));
  if (types.empty()) return false;  // untyped: assume the page's own
  for (const std::string& t : split(std::string(types), ' ')) {
    if (t.empty()) continue;
    std::string_view n = t;
    if (const size_t slash = n.rfind('/'); slash != std::string_view::npos) n = n.substr(slash + 1);
    // Containers a whole page may sit in count as the page's own.
    if (is_article_type_name(n) || n.ends_with("Page") || n == "Blog" || n == "WebSite")
      return false;
  }
  return true;
}

/// A class or id (lower-cased `match`) that names a standfirst: a word of it, at its hyphens
/// and underscores too ("article__dek", "c-standfirst").
bool is_standfirst_class(std::string_view match) {
  std::string word;
  for (size_t i = 0; i <= match.size(); ++i) {
    const char ch = i < match.size() ? match[i] : ' ';
    if (ch == ' ' || ch == '-' || ch == '_') {
      if (in_list(word, {"dek", "standfirst", "subtitle", "subheadline", "strapline"})) return true;
      word.clear();
    } else {
      word += ch;
    }
  }
  return false;
}

std::string choose_canonical(const std::string& base, const std::string& page_url,
                             std::initializer_list<std::string> names);

/// The day the page's permalink states ("/2026/03/05/slug"): the canonical address the page
/// keeps (its <link rel=canonical> or og:url, read against <base href>, of its own site), else
/// the address it was read from; empty when neither states one.
std::string permalink_day(const Collected& c) {
  // A page read from a file reads a relative canonical link as a path of the web.
  const std::string page = c.page_url.find("://") == std::string::npos ? "" : c.page_url;
  std::string base = page.empty() ? "http://localhost/" : page;
  if (!c.base_href.empty()) base = resolve_url(base, c.base_href);
  const auto og = c.meta.find("og:url");
  const std::string canonical =
      choose_canonical(base, page, {c.canonical, og == c.meta.end() ? "" : og->second});
  std::string day = url_date(canonical);
  return day.empty() ? url_date(c.page_url) : day;
}

/// The order the page's language writes a date's day and month in: its <html lang>, else the
/// head's Content-Language or og:locale (JSON-LD's inLanguage is read after the walk). A region
/// named by a later tag of the same language counts ("en" and og:locale "en_GB").
DayOrder page_day_order(const Collected& c) {
  std::vector<std::string_view> written{c.html_lang};
  for (const char* key : {"content-language", "og:locale", "dc.language", "language"})
    if (const auto it = c.meta.find(key); it != c.meta.end()) written.push_back(it->second);
  std::string language;  // the first well-formed tag's language
  for (const std::string_view w : written) {
    const std::string tag = normalize_language_tag(w);
    if (tag.empty()) continue;
    const std::string primary = to_lower_ascii(tag.substr(0, tag.find('-')));
    if (language.empty()) language = primary;
    if (primary != language) continue;
    if (const DayOrder order = day_order(tag); order != DayOrder::kUnknown) return order;
  }
  return DayOrder::kUnknown;
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
      std::string_view content = attr(e, "content");
      if (content.empty()) content = attr(e, "value");
      note_readability_meta(attr(e, "property"), attr(e, "name"), attr(e, "content"), c);
      if (content.empty()) continue;
      // One tag may carry RDFa, a meta name and microdata at once (<meta property=
      // "article:published" itemprop="datePublished" content=...>): each names the value.
      std::string keys;
      for (const char* a : {"property", "name", "itemprop", "http-equiv"}) {
        // A microdata property of another item (a video's datePublished) is not the article's.
        if (c.in_other_item && a == std::string_view("itemprop")) continue;
        const std::string_view k = attr(e, a);
        if (!k.empty()) keys.append(k).push_back(' ');
      }
      // A property attribute may list several space-separated names.
      for (const std::string& k : split(to_lower_ascii(keys), ' ')) {
        if (k.empty()) continue;
        if (k == "article:tag") c.meta_tags.emplace_back(content);
        c.meta.emplace(k, std::string(content));
      }
      continue;
    }
    if (name == "title") {
      if (c.title_tag.empty()) c.title_tag = bounded_text(e);
      continue;
    }
    if (name == "link") {
      const std::string rel = to_lower_ascii(attr(e, "rel"));
      if (rel == "canonical" && c.canonical.empty()) c.canonical = std::string(attr(e, "href"));
      continue;
    }
    if (name == "base") {
      if (c.base_href.empty()) c.base_href = std::string(attr(e, "href"));
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
    if (name == "h1" || name == "h2") {
      std::string t = bounded_text(e);  // every h1 and h2, nested ones too: never a whole page
      if (name == "h1") {
        ++c.h1_count;
        if (c.first_h1.empty()) c.first_h1 = t;
        if (!c.h1_node) c.h1_node = e;
      }
      c.h1_h2.push_back(std::move(t));
    }
    if (is_probably_hidden(e)) continue;  // neither its byline nor anything below it counts
    const std::string_view cls = attr(e, "class"), id = attr(e, "id");
    std::string match;
    if (!cls.empty() || !id.empty()) {
      match.reserve(cls.size() + id.size() + 1);
      match.append(cls).append(" ").append(id);
      for (char& ch : match) ch = ascii_lower(ch);
    }
    // A standfirst under the headline, named so by its class ("dek", "standfirst"), before
    // the story's text and beside the headline: the page's own summary, where no meta tag
    // gives one.
    if (c.standfirst.empty() && c.h1_node && !c.story_begun && !match.empty() &&
        in_list(name, {"p", "div", "h2", "span"}) && near(c.h1_node, e) &&
        is_standfirst_class(match)) {
      std::string t = bounded_text(e);
      const size_t words = count_words(t);
      // A line of words: not a byline or a label, nor a box of several blocks.
      bool blocks = false;
      for (const xmlNode* k = e->children; k && !blocks; k = k->next)
        blocks = is_element(k) && in_list(node_name(k), {"p", "div", "ul", "ol", "li", "h2", "h3",
                                                         "h4", "section", "article", "figure"});
      if (words >= 4 && words <= 80 && !blocks && !find_first(e, "a") && !is_masthead(t) &&
          classify_boilerplate(t) == Boilerplate::kNone && !starts_with_icase(t, "share "))
        c.standfirst = std::move(t);
    }
    const bool unlikely = readability_unlikely(e, name, match, c);
    // The byline shown is the first candidate's (Readability's rule); the author is the
    // names of the first candidate that gives some: when the first names nobody (a
    // "dateline" holding only a date) or is another story's (in an <aside> or <nav>, in
    // another microdata item), the next one's, beside it unless the first was elsewhere.
    const bool in_headers = c.unlikely && !c.unlikely_not_header;
    if (!c.unlikely || in_headers) {
      std::string& shown = c.unlikely ? c.header_byline : c.dom_byline;
      std::string& author = c.unlikely ? c.header_author : c.dom_author;
      const xmlNode*& first = c.unlikely ? c.header_byline_at : c.dom_byline_at;
      bool& first_elsewhere = c.unlikely ? c.header_byline_elsewhere : c.dom_byline_elsewhere;
      if (shown.empty() || (author.empty() && !c.story_begun && !c.in_other_item && !quoted(e) &&
                            (first_elsewhere || near(first, e)))) {
        std::string names, joined;
        std::string text = dom_byline_text(e, match, names, joined);
        if (!text.empty()) {
          const bool elsewhere =
              outside_the_story(e, c.h1_node) || (c.story_begun && in_repeated_item(e));
          if (shown.empty()) {
            first = e;
            first_elsewhere = elsewhere;
            // An itemprop=name inside it is the name it shows.
            std::string as_shown = joined;
            std::erase(as_shown, kJoin);
            if (names.empty() && text != collapse_whitespace(as_shown)) names = text;
            shown = std::move(text);
          }
          // A header's byline names the author only in the story's own header, not in a
          // site's or a page's ("Logged in: Pat Admin", "Columnist of the week").
          if (!elsewhere && (!c.unlikely || in_story_container(e)))
            author = byline_names(names.empty() ? joined : names);
        }
      }
    }
    c.unlikely += unlikely;
    const ClassWords words = match.empty() ? ClassWords{} : class_words(c, match);
    const bool not_header = unlikely && !words.header;
    c.unlikely_not_header += not_header;
    c.comments_or_sidebar += words.furniture;
    if (name == "p" && !c.story_begun && !c.unlikely) {
      std::string text;
      append_raw_text(e, text, 200);
      c.story_begun = collapse_whitespace(text).size() >= 150;
    }
    const bool table_or_code = name == "table" || name == "code";
    c.table_or_code += table_or_code;
    // Only microdata properties belong to items: a bare <time> in an author's item still counts.
    // Microdata dates on other elements than <meta> and <time>: the value is the element's
    // content attribute, else its text (<span itemprop=datePublished>March 5, 2026</span>).
    if (name != "time" && !c.in_other_item && has_attr(e, "itemprop")) {
      const std::string_view prop = attr(e, "itemprop");
      if (prop == "datePublished" || prop == "dateModified") {
        std::string value(attr(e, "content"));
        if (value.empty()) append_raw_text(e, value, 120);
        value = collapse_whitespace(value);
        // With a <time>'s standing, not a meta tag's: a teaser's or a comment's stray
        // itemprop must not outrank the article's own date.
        std::string& slot = prop == "datePublished" ? c.time_published : c.time_modified;
        if (!value.empty() && value.size() <= 80 && slot.empty() && !c.in_link && !c.story_begun &&
            !c.comments_or_sidebar && !in_list_item(e) && !in_page_furniture(e) &&
            !on_a_teaser(e, c))
          slot = value;
      }
    }
    if (name == "time" && !(c.in_other_item && has_attr(e, "itemprop"))) {
      std::string text;  // HTML's rule: without a datetime, a <time>'s value is its text
      std::string_view dt = attr(e, "datetime");
      if (dt.empty() && has_attr(e, "itemprop")) dt = attr(e, "content");  // microdata's value
      // Read by its text only above the story (a date in the story is an event's, a
      // deadline's) and only as a day: "2009" and "2026-03" say no day.
      if (dt.empty() && !c.story_begun) {
        append_raw_text(e, text, 120);
        text = collapse_whitespace(text);
        const bool digits_only = text.find_first_not_of("0123456789") == std::string::npos;
        const bool year_month = text.size() == 7 && text[4] == '-';
        // A dateline's ("Published <time>"), not a sentence's ("The conference takes place
        // on <time>...").
        std::string line;
        if (e->parent) append_raw_text(e->parent, line, 400);
        if (text.size() <= 80 && !digits_only && !year_month &&
            collapse_whitespace(line).size() <= text.size() + 30 && parse_date(text))
          dt = text;
      }
      if (!dt.empty()) {
        const std::string_view prop = attr(e, "itemprop");
        const std::string cls = to_lower_ascii(attr(e, "class"));
        // A modification date is not the publication date: it is the article's `updated`.
        // (hAtom's class names too: "published", "updated".)
        // A label written before it says which it is too ("Updated <time>", "Published
        // <time>"), as bylines show both.
        const std::string label = preceding_label(e);
        const bool modified = prop == "dateModified" || cls.find("updated") != std::string::npos ||
                              cls.find("modified") != std::string::npos || label == "updated";
        if (prop == "datePublished" || has_attr(e, "pubdate") ||
            (!modified && (cls.find("published") != std::string::npos || label == "published"))) {
          if (c.time_published.empty()) c.time_published = std::string(dt);
        } else if (modified) {
          if (c.time_modified.empty()) c.time_modified = std::string(dt);
        } else if (c.time_first.empty() && !c.in_link && !c.comments_or_sidebar &&
                   !in_page_furniture(e) && !in_masthead_or_list_of_links(e) &&
                   !on_a_teaser(e, c)) {
          // A bare <time> is the article's only outside the page's furniture and other
          // stories' teasers (an aside's "Latest news" dates its own items).
          c.time_first = std::string(dt);
        }
      }
    }
    // A dateline written as text above the story, for a page that marks no date up: the
    // line's own element (inline markup inside it only), outside the page's furniture.
    if ((c.text_published.empty() || c.text_updated.empty()) && !c.story_begun && !c.in_link &&
        !c.comments_or_sidebar && !c.in_other_item && is_dateline_element(e)) {
      std::string raw;
      append_raw_text(e, raw, 200);
      // What orders a slash date's day and month, asked once a line holds a slash or a dash:
      // the head is read by then, and the canonical's site is a public-suffix lookup.
      if (!c.slash_dates && raw.find_first_of("/-") != std::string::npos)
        c.slash_dates = std::pair{page_day_order(c), permalink_day(c)};
      DatelineDates d =
          raw.size() <= 200
              ? dateline_date(raw, in_unnamed_item(e),
                              c.slash_dates ? c.slash_dates->first : DayOrder::kUnknown,
                              c.slash_dates ? c.slash_dates->second : std::string())
              : DatelineDates{};
      if ((!d.published.empty() || !d.updated.empty()) && !in_page_furniture(e) &&
          !in_masthead_or_list_of_links(e) && !on_a_teaser(e, c) && !dates_something_else(e)) {
        if (c.text_published.empty()) c.text_published = std::move(d.published);
        if (c.text_updated.empty()) c.text_updated = std::move(d.updated);
      }
    }
    if (name == "a") ++c.in_link;
    const bool was_in_other_item = c.in_other_item;
    // Once inside another item, nested items stay foreign (a related story's Article in a list).
    if (has_attr(e, "itemscope")) c.in_other_item = was_in_other_item || is_other_item(e);
    collect(e->children, c, depth + 1);
    c.in_other_item = was_in_other_item;
    if (name == "a") --c.in_link;
    c.unlikely -= unlikely;
    c.unlikely_not_header -= not_header;
    c.comments_or_sidebar -= words.furniture;
    c.table_or_code -= table_or_code;
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
  auto one = [](const json& v) {
    return v.is_string() && is_article_type_name(v.get<std::string>());
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
    // A WebPage whose mainEntity is the article.
    if (auto m = v.find("mainEntity"); m != v.end()) flatten_ld(*m, out, depth + 1);
  }
}

/// The described nodes of a page's JSON-LD by their @id: Yoast and others name an article's
/// author and publisher as {"@id": ...} references to nodes elsewhere in the @graph.
using LdNodes = std::map<std::string, const json*, std::less<>>;

LdNodes ld_nodes(const std::vector<const json*>& objects) {
  LdNodes nodes;
  for (const json* o : objects)
    if (auto id = o->find("@id"); id != o->end() && id->is_string() && o->size() > 1)
      nodes.emplace(id->get<std::string>(), o);
  return nodes;
}

// `v`, or the node it refers to when it is only a reference.
const json& deref(const json& v, const LdNodes* nodes) {
  if (!nodes || !v.is_object() || v.size() > 2) return v;
  const auto id = v.find("@id");
  if (id == v.end() || !id->is_string() || (v.size() == 2 && !v.contains("@type"))) return v;
  const auto it = nodes->find(id->get<std::string>());
  return it == nodes->end() ? v : *it->second;
}

std::string ld_string(const json& ref, const LdNodes* nodes = nullptr) {
  const json& v = deref(ref, nodes);
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
      std::string s = ld_string(x, nodes);
      // A list of names may hold a profile's address among them; that is no name.
      if (s.empty() || starts_with_icase(s, "http://") || starts_with_icase(s, "https://"))
        continue;
      if (!out.empty()) out += ", ";
      out += s;
    }
    return out;
  }
  return {};
}

std::string ld_field(const json& o, const char* key, const LdNodes* nodes = nullptr) {
  const auto it = o.find(key);
  return it == o.end() ? std::string() : ld_string(*it, nodes);
}

}  // namespace

namespace {

/// Relaxed JSON-LD parse: pages wrap blocks in comments/CDATA and leave raw control characters.
json parse_ld(std::string_view raw) {
  std::string s(trim(raw));
  auto strip = [&](std::string_view open, std::string_view close) {
    if (s.starts_with(open)) s.erase(0, open.size());
    if (s.ends_with(close)) s.erase(s.size() - close.size());
    s = std::string(trim(s));
  };
  strip("<!--", "-->");
  // A CDATA section around the block, however commented out: "//<![CDATA[", "// <![CDATA[",
  // "/* <![CDATA[ */", and their ends. JSON opens and closes with neither "/" nor "<".
  for (bool again = true; again && !s.empty();) {
    again = false;
    if (s.starts_with("/*")) {
      const size_t end = s.find("*/");
      s.erase(0, end == std::string::npos ? s.size() : end + 2);
      again = true;
    } else if (s.starts_with("//")) {
      size_t k = 2;
      while (k < s.size() && (s[k] == ' ' || s[k] == '\t')) ++k;
      if (s.compare(k, 9, "<![CDATA[") == 0)
        s.erase(0, k + 9);  // "//<![CDATA[{...}//]]>" may be one line
      else
        s.erase(0, std::min(s.find('\n'), s.size()));
      again = true;
    } else if (s.starts_with("<![CDATA[")) {
      s.erase(0, 9);
      again = true;
    }
    if (s.ends_with("*/")) {
      const size_t open = s.rfind("/*");
      s.erase(open == std::string::npos ? 0 : open);
      again = true;
    } else if (s.ends_with("]]>")) {
      s.erase(s.size() - 3);
      again = true;
    } else if (const size_t line = s.rfind('\n');
               line != std::string::npos && trim(s.substr(line)).starts_with("//")) {
      s.erase(line);
      again = true;
    } else if (s.ends_with("//")) {
      s.erase(s.size() - 2);
      again = true;
    }
    s = std::string(trim(s));
  }
  if (!json_nesting_within(s)) return json(json::value_t::discarded);  // memory, not data
  json j = json::parse(s, nullptr, false);
  if (!j.is_discarded()) return j;
  // What browsers' lenient readers and hand-written templates let through: raw line breaks
  // in strings, a comma before a closing bracket, a lone UTF-16 surrogate escape.
  return json::parse(repair_json(s), nullptr, false);
}

std::optional<int64_t> bounded_date(std::string_view s, int64_t now) {
  if (s.empty()) return std::nullopt;
  // A little ahead is a zone-less local time east of UTC or a fast clock, not a made-up date:
  // fresh articles would lose theirs (and take a related box's). Past the slack it is one.
  auto t = parse_date(trim(s));
  if (!t || *t < kEarliestDate) return std::nullopt;
  return within_reach(t, now);
}

double text_similarity(std::string_view a, std::string_view b);

/// The longest article-like text in a __NEXT_DATA__ blob (JSON of a React page's props), and
/// the longest of those whose object's title is the page's (`titled`): a page's props hold
/// other stories too (a related list), and the longest text may be one of theirs.
void find_next_body(const json& v, std::string_view page_title, std::string& best,
                    std::string& titled, int depth) {
  if (depth > 40) return;
  if (v.is_object()) {
    bool own = false;  // the object is titled as the page is
    if (!page_title.empty())
      for (const char* key : {"title", "headline", "name"})
        if (auto t = v.find(key);
            t != v.end() && t->is_string() &&
            text_similarity(t->get_ref<const std::string&>(), page_title) > 0.75)
          own = true;
    for (auto it = v.begin(); it != v.end(); ++it) {
      const std::string& k = it.key();
      if (it->is_string() &&
          (k == "articleBody" || k == "body" || k == "content" || k == "text" || k == "html" ||
           k == "bodyHtml" || k == "content_html" || k == "rendered")) {
        const std::string& s = it->get_ref<const std::string&>();
        if (s.size() > best.size()) best = s;
        if (own && s.size() > titled.size()) titled = s;
      } else {
        find_next_body(*it, page_title, best, titled, depth + 1);
      }
    }
  } else if (v.is_array()) {
    for (const auto& x : v) find_next_body(x, page_title, best, titled, depth + 1);
  }
}

// The object in a __NEXT_DATA__ blob that is the page's story: titled as the page is.
const json* find_next_article(const json& v, std::string_view page_title, int depth) {
  if (depth > 40) return nullptr;
  if (v.is_object()) {
    // Titled as the page, which may add its site's name ("A story | Site").
    for (const char* key : {"title", "headline"})
      if (auto t = v.find(key);
          t != v.end() && t->is_string() && !t->get_ref<const std::string&>().empty() &&
          std::max(text_similarity(t->get_ref<const std::string&>(), page_title),
                   text_similarity(page_title, t->get_ref<const std::string&>())) > 0.75)
        return &v;
    for (auto it = v.begin(); it != v.end(); ++it)
      if (const json* f = find_next_article(*it, page_title, depth + 1)) return f;
  } else if (v.is_array()) {
    for (const auto& x : v)
      if (const json* f = find_next_article(x, page_title, depth + 1)) return f;
  }
  return nullptr;
}

// Headless CMSs hand a story to the page as a list of typed blocks rather than one string:
// Arc XP's content_elements, Sanity's Portable Text, Contentful's rich text, ProseMirror/TipTap
// documents, Prismic's slices. They share a shape: an array of objects with a type, whose text is
// a string or a tree of spans. What follows reads that shape, not any one vendor's schema.

std::string escape_html_text(std::string_view s) {
  std::string out;
  append_markup_escaped(out, s);
  return out;
}

const std::string* string_member(const json& o, const char* key) {
  auto it = o.find(key);
  return it != o.end() && it->is_string() ? &it->get_ref<const std::string&>() : nullptr;
}

/// A block's type, lower-cased: `type`, `_type`, `nodeType` or `__typename`.
std::string block_type(const json& o) {
  for (const char* k : {"type", "_type", "nodeType", "__typename"})
    if (const std::string* t = string_member(o, k)) return to_lower_ascii(*t);
  return {};
}

/// A block's inline text as HTML: a string member, or its spans' text joined.
std::string inline_html(const json& v, int depth) {
  if (depth > 12) return {};
  if (v.is_string()) return escape_html_text(v.get_ref<const std::string&>());
  if (v.is_array()) {
    std::string out;
    for (const auto& x : v) out += inline_html(x, depth + 1);
    return out;
  }
  if (!v.is_object()) return {};
  // Arc's "content" and Prismic's "html" are inline markup; plain "text"/"value" are text.
  for (const char* k : {"content", "html"})
    if (const std::string* s = string_member(v, k)) return *s;
  for (const char* k : {"text", "value"})
    if (const std::string* s = string_member(v, k)) return escape_html_text(*s);
  for (const char* k : {"children", "content", "spans"})
    if (auto it = v.find(k); it != v.end() && it->is_array()) return inline_html(*it, depth + 1);
  return {};
}

enum class BlockRole { kNone, kParagraph, kHeading, kList, kQuote };

BlockRole block_role(const json& o, const std::string& type) {
  // Sanity marks headings by style ("h2"), its paragraphs are "block" with style "normal".
  if (const std::string* style = string_member(o, "style")) {
    const std::string st = to_lower_ascii(*style);
    if (st.size() == 2 && st[0] == 'h' && st[1] >= '1' && st[1] <= '6') return BlockRole::kHeading;
    if (st == "blockquote") return BlockRole::kQuote;
    if (o.contains("listItem")) return BlockRole::kList;
  }
  if (type.starts_with("head") || type == "subheading" || type == "subhead" || type == "title")
    return BlockRole::kHeading;
  if (type == "text" || type == "paragraph" || type == "block" || type == "p" ||
      type == "textblock" || type == "text_block" || type == "richtext" || type == "rich_text")
    return BlockRole::kParagraph;
  if (type == "list" || type == "bullet_list" || type == "ordered_list" || type == "bulletlist" ||
      type == "orderedlist" || type == "unordered-list" || type == "ordered-list" ||
      type == "list-item" || type == "listitem" || type == "list_item")
    return BlockRole::kList;
  if (type == "blockquote" || type == "quote") return BlockRole::kQuote;
  return BlockRole::kNone;
}

/// An array of typed text blocks as HTML, or empty when it is not one (fewer than two text blocks,
/// or mostly something else). Images, embeds, ads and links to other stories are left out.
std::string block_list_html(const json& arr) {
  size_t text_blocks = 0, typed = 0;
  std::string html;
  for (const auto& o : arr) {
    if (!o.is_object()) continue;
    const std::string type = block_type(o);
    if (type.empty()) continue;
    ++typed;
    const BlockRole role = block_role(o, type);
    if (role == BlockRole::kNone) continue;
    if (role == BlockRole::kList) {
      // Arc: items[]; ProseMirror/Contentful: content[] of list items; Sanity: one item a block.
      const json* items = nullptr;
      for (const char* k : {"items", "content", "children"})
        if (auto it = o.find(k); it != o.end() && it->is_array()) {
          items = &*it;
          break;
        }
      std::string lis;
      if (items && !o.contains("listItem"))
        for (const auto& item : *items)
          if (std::string t = inline_html(item, 0); !trim(t).empty()) lis += "<li>" + t + "</li>";
      if (lis.empty()) {
        if (std::string t = inline_html(o, 0); !trim(t).empty()) lis = "<li>" + t + "</li>";
      }
      if (!lis.empty()) html += "<ul>" + lis + "</ul>";
      continue;
    }
    std::string t = inline_html(o, 0);
    if (trim(t).empty()) continue;
    ++text_blocks;
    if (role == BlockRole::kHeading) {
      int level = 2;
      if (auto it = o.find("level"); it != o.end() && it->is_number_integer())
        level = std::clamp(it->get<int>(), 1, 6);
      else if (const char d = type.empty() ? '\0' : type.back(); d >= '1' && d <= '6')
        level = d - '0';  // "heading-3", "heading3"
      else if (const std::string* st = string_member(o, "style"); st && st->size() == 2)
        level = std::clamp((*st)[1] - '0', 1, 6);  // Sanity's "h3"
      html += "<h" + std::to_string(level) + ">" + t + "</h" + std::to_string(level) + ">";
    } else if (role == BlockRole::kQuote) {
      html += "<blockquote><p>" + t + "</p></blockquote>";
    } else {
      html += "<p>" + t + "</p>";
    }
  }
  // Mostly text: a gallery or a list of teasers with one caption is not a story.
  if (text_blocks < 2 || text_blocks * 3 < typed) return {};
  return html;
}

/// The block list with the most text anywhere in the blob.
void find_next_blocks(const json& v, std::string& best, size_t& best_size, int depth) {
  if (depth > 40) return;
  if (v.is_array()) {
    if (!v.empty() && v.front().is_object()) {
      std::string html = block_list_html(v);
      if (!html.empty()) {
        const std::string text = html_to_text(html);
        if (text.size() > best_size) {
          best_size = text.size();
          best = text;
        }
      }
    }
    for (const auto& x : v) find_next_blocks(x, best, best_size, depth + 1);
  } else if (v.is_object()) {
    for (const auto& x : v) find_next_blocks(x, best, best_size, depth + 1);
  }
}

std::string clean_author(std::string a) {
  a = collapse_whitespace(a);
  if (starts_with_icase(a, "by ")) a = std::string(trim(std::string_view(a).substr(3)));
  if (a.starts_with("http://") || a.starts_with("https://")) return {};
  return a;
}

bool is_url(std::string_view s) {
  return starts_with_icase(s, "http://") || starts_with_icase(s, "https://");
}

/// The names in a page's byline element: its "By"/"Written by", and the date or "Updated ..."
/// that often shares the element, left out ("By Jane Doe | March 17, 2025" is Jane Doe). The
/// element's text as it reads stays the article's `byline`; `author` is a search field.
std::string byline_names(std::string a) {
  // Where two elements' texts met: a space after a "By" of its own, else a list's comma; a
  // part that is a date, a time ago, a reading time or a number (a comment count) leaves.
  if (a.find(kJoin) != std::string::npos) {
    std::string out;
    for (const std::string& part : split(a, kJoin)) {
      const std::string_view t = trim(part);
      if (t.empty()) continue;
      const std::string l = to_lower_ascii(t);
      const bool has_letter = std::any_of(t.begin(), t.end(), [](char ch) {
        return std::isalpha(static_cast<unsigned char>(ch)) || (ch & 0x80);
      });
      if (!has_letter || l.ends_with(" ago") || parse_reading_time(t) > 0 ||
          (std::isdigit(static_cast<unsigned char>(t[0])) && parse_date(t)))
        continue;
      static const std::array<std::string_view, 10> kCredit{
          "", "by", "by:", "written by", "posted by", "words by", "par", "por", "von", "door"};
      const size_t last = out.rfind(", ");
      const std::string before =
          to_lower_ascii(trim(last == std::string::npos ? out : out.substr(last + 2)));
      // Two one-word parts are a first and a last name ("<span>Jane</span><span>Doe</span>").
      std::string_view given = before;  // the part before, without its "By"
      for (std::string_view w : {"by ", "par ", "por ", "von ", "door "})
        if (given.starts_with(w)) given.remove_prefix(w.size());
      const bool one_name = !given.empty() && given.find(' ') == std::string_view::npos &&
                            t.find(' ') == std::string_view::npos;
      if (!out.empty())
        out += one_name || std::find(kCredit.begin(), kCredit.end(), before) != kCredit.end()
                   ? " "
                   : ", ";
      out += t;
    }
    a = std::move(out);
  }
  a = collapse_whitespace(a);
  // A label with no name ("About the author", "Author") names nobody.
  {
    const std::string l = to_lower_ascii(trim(a));
    for (std::string_view label : {"about the author", "about the authors", "author", "authors",
                                   "written by", "by", "contributors", "staff"})
      if (l == label) return {};
  }
  // Tails after the names: a handle ("(@janedoe)"), a reading time ("5 min read"), the desk's
  // other credits ("; additional reporting by ...", ", edited by ...").
  for (std::string_view tail :
       {"; additional reporting", ", additional reporting", " additional reporting by",
        "; reporting by", ", edited by", "; edited by", " edited by ", "; with reporting by"})
    if (const size_t at = to_lower_ascii(a).find(tail); at != std::string::npos && at > 0)
      a.resize(at);
  for (size_t at = a.find('@'); at != std::string::npos; at = a.find('@')) {
    size_t from = at, to = at + 1;
    while (to < a.size() && (std::isalnum(static_cast<unsigned char>(a[to])) || a[to] == '_')) ++to;
    if (from > 0 && a[from - 1] == '(' && to < a.size() && a[to] == ')') --from, ++to;
    if (from > 0 && a[from - 1] != ' ' && a[from - 1] != '(') break;  // an address: no handle
    a.erase(from, to - from);
  }
  for (size_t at = a.find(' '); at != std::string::npos; at = a.find(' ', at + 1))
    if (std::isdigit(static_cast<unsigned char>(a[at + 1])) &&
        parse_reading_time(std::string_view(a).substr(at + 1)) > 0) {
      a.resize(at);
      break;
    }
  a = collapse_whitespace(a);
  bool stripped = false;
  for (std::string_view prefix : {"by ", "written by ", "words by ", "posted by ", "story by ",
                                  "reporting by ", "author: ", "authors: ", "author ", "by: "}) {
    if (starts_with_icase(a, prefix)) {
      a = std::string(trim(std::string_view(a).substr(prefix.size())));
      stripped = true;
      break;
    }
  }
  // Other languages' "By" (French, Spanish and Portuguese, Dutch, Scandinavian, Russian,
  // German, Italian), before a name of two words or more that opens with no particle: "Von
  // der Leyen", "Af Klint", "Par Lagerkvist" and "Di Maio" are names.
  for (std::string_view prefix :
       {"par ", "por ", "door ", "av ", "af ", "von ", "di ",
        "\u0430\u0432\u0442\u043e\u0440: ", "\u0410\u0432\u0442\u043e\u0440: "}) {
    if (stripped || !starts_with_icase(a, prefix)) continue;
    // German and Italian write theirs capitalised and lower-case ("Von X", "di X") only.
    if ((prefix == "von " && a[0] != 'V') || (prefix == "di " && a[0] != 'd')) continue;
    const std::string_view rest = trim(std::string_view(a).substr(prefix.size()));
    const size_t space = rest.find(' ');
    if (space == std::string_view::npos) continue;  // one word: a name ("Von Miller")
    static const std::set<std::string, std::less<>> kParticles{
        "der", "den", "dem", "zu", "van", "von", "de", "la", "le", "del", "da", "du", "af", "av"};
    if (kParticles.count(to_lower_ascii(rest.substr(0, space)))) continue;
    a = std::string(rest);
    break;
  }
  for (std::string_view sep : {" | ", " \u2022 ", " \u00b7 ", " \u2014 ", " \u2013 ", " / "})
    if (const size_t at = a.find(sep); at != std::string::npos) a.resize(at);
  auto dated = [](std::string_view rest) {
    rest = trim(rest);
    for (std::string_view w : {"updated", "published", "posted", "last updated", "on "})
      if (starts_with_icase(rest, w)) return true;
    // A date starts with a number, a month or a weekday ("17 March", "March 17", "Mon, 17").
    const std::string first = to_lower_ascii(rest.substr(0, rest.find_first_of(" ,")));
    static const std::array<std::string_view, 19> kStarts{
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct",
        "nov", "dec", "mon", "tue", "wed", "thu", "fri", "sat", "sun"};
    const bool starts =
        (!first.empty() && std::isdigit(static_cast<unsigned char>(first[0]))) ||
        (first.size() >= 3 && std::find(kStarts.begin(), kStarts.end(),
                                        std::string_view(first).substr(0, 3)) != kStarts.end());
    return starts && parse_date(rest).has_value();
  };
  if (dated(a)) return {};  // the element holds only a date
  // ... or a day without its year ("March 5", "5 Mar").
  if (a.size() <= 16 && std::count(a.begin(), a.end(), ' ') == 1 &&
      std::any_of(a.begin(), a.end(),
                  [](char ch) { return std::isdigit(static_cast<unsigned char>(ch)); }) &&
      parse_date(a + " 2000"))
    return {};
  // A date after the names, after a comma or not ("Jane Doe, March 17, 2025").
  for (size_t at = a.find(' '); at != std::string::npos; at = a.find(' ', at + 1)) {
    if (dated(std::string_view(a).substr(at + 1))) {
      a.resize(at);
      break;
    }
  }
  while (!a.empty() && (a.back() == ',' || a.back() == ' ' || a.back() == '-')) a.pop_back();
  return clean_author(a);
}

/// Character references left in a metadata value decoded ("&amp;" in JSON-LD, "&#8217;"), as
/// Readability does. Only references: the value is text, so "<video>" in it stays ("The
/// &lt;video&gt; element"), where reading it as HTML dropped it.
std::string unescape(const std::string& s) {
  if (s.find('&') == std::string::npos || s.find(';') == std::string::npos) return s;
  return collapse_whitespace(decode_html_references(s));
}

size_t word_count(std::string_view s) { return std::max<size_t>(1, count_words(s)); }

/// Readability's text similarity: the share of B's ASCII word tokens (lower-cased) also in A.
double text_similarity(std::string_view a, std::string_view b) {
  auto tokens = [](std::string_view s) {
    std::vector<std::string> out;
    std::string cur;
    for (char ch : s) {
      if (std::isalnum(static_cast<unsigned char>(ch)) || ch == '_') {
        cur += ascii_lower(ch);
      } else if (!cur.empty()) {
        out.push_back(std::move(cur));
        cur.clear();
      }
    }
    if (!cur.empty()) out.push_back(std::move(cur));
    return out;
  };
  const auto ta = tokens(a), tb = tokens(b);
  if (ta.empty() || tb.empty()) return 0;
  size_t uniq_len = 0, total_len = 0, uniq_n = 0;
  for (const auto& t : tb) {
    total_len += t.size();
    if (std::find(ta.begin(), ta.end(), t) == ta.end()) {
      uniq_len += t.size();
      ++uniq_n;
    }
  }
  total_len += tb.size() - 1;
  if (uniq_n > 0) uniq_len += uniq_n - 1;
  return 1.0 - static_cast<double>(uniq_len) / static_cast<double>(total_len);
}

bool is_title_separator(uint32_t cp) {
  return cp == '|' || cp == '-' || cp == 0x2013 || cp == 0x2014 || cp == '\\' || cp == '/' ||
         cp == '>' || cp == 0xBB;
}

bool is_space_cp(uint32_t cp) {
  return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == 0xA0 || cp == 0x200B;
}

/// Byte offsets of " | "-like separators (white space, separator, white space) in `s`.
std::vector<std::pair<size_t, uint32_t>> title_separators(std::string_view s) {
  std::vector<std::pair<size_t, uint32_t>> out;
  std::vector<std::pair<size_t, uint32_t>> cps;
  for (size_t i = 0; i < s.size();) {
    const size_t at = i;
    cps.emplace_back(at, next_code_point(s, i));
  }
  for (size_t k = 1; k + 1 < cps.size(); ++k)
    if (is_title_separator(cps[k].second) && is_space_cp(cps[k - 1].second) &&
        is_space_cp(cps[k + 1].second))
      out.emplace_back(cps[k - 1].first, cps[k].second);
  return out;
}

/// The article title Readability derives from <title>: a site name after the last separator
/// cut, a "Site: Title" prefix removed unless a heading repeats the whole, a lone <h1> when
/// the <title> is implausibly short or long, and the original when the cut leaves too little.
std::string readability_title(const std::string& orig, const Collected& c) {
  std::string cur = orig;
  bool hierarchical = false;
  const auto seps = title_separators(orig);
  if (!seps.empty()) {
    for (const auto& [pos, cp] : seps)
      if (cp == '\\' || cp == '/' || cp == '>' || cp == 0xBB) hierarchical = true;
    cur = orig.substr(0, seps.back().first);
    if (word_count(cur) < 3) {
      // Drop everything up to the first separator character instead.
      size_t i = 0, cut = std::string::npos;
      while (i < orig.size()) {
        if (is_title_separator(next_code_point(orig, i))) {
          cut = i;
          break;
        }
      }
      cur = cut == std::string::npos ? orig : orig.substr(cut);
    }
  } else if (orig.find(": ") != std::string::npos) {
    const bool heading_has_it =
        std::find(c.h1_h2.begin(), c.h1_h2.end(), std::string(trim(orig))) != c.h1_h2.end();
    if (!heading_has_it) {
      cur = orig.substr(orig.rfind(':') + 1);
      if (word_count(cur) < 3) {
        cur = orig.substr(orig.find(':') + 1);
      } else if (word_count(orig.substr(0, orig.find(':'))) > 5) {
        cur = orig;
      }
    }
  } else {
    size_t len = 0;
    for (size_t i = 0; i < orig.size(); ++i)
      if ((static_cast<unsigned char>(orig[i]) & 0xC0) != 0x80) ++len;
    if ((len > 150 || len < 15) && c.h1_count == 1) cur = c.first_h1;
  }
  cur = collapse_whitespace(cur);
  const size_t wc = word_count(cur);
  if (wc <= 4) {
    // Words of the original with its separators taken out.
    std::string without = orig;
    for (auto it = seps.rbegin(); it != seps.rend(); ++it) {
      size_t end = it->first;
      size_t i = end;
      next_code_point(orig, i);  // the space
      next_code_point(orig, i);  // the separator
      next_code_point(orig, i);  // the space
      without.erase(end, i - end);
    }
    if (!hierarchical || wc != word_count(without) - 1) cur = orig;
  }
  // The part of the title between its separators that the page's headline repeats, longer
  // than every other part, is the story's title wherever the site put its name ("Site |
  // Title", "Title | Section | Site"); a headline that is the site's name is not.
  if (!seps.empty() && !c.first_h1.empty()) {
    std::vector<std::string> parts;
    size_t from = 0;
    for (size_t k = 0; k <= seps.size(); ++k) {
      const size_t to = k < seps.size() ? seps[k].first : orig.size();
      parts.push_back(collapse_whitespace(orig.substr(from, to - from)));
      if (k < seps.size()) {
        size_t i = to;
        next_code_point(orig, i);  // the space
        next_code_point(orig, i);  // the separator
        next_code_point(orig, i);  // the space
        from = i;
      }
    }
    const std::string h1 = collapse_whitespace(c.first_h1);
    for (const std::string& part : parts) {
      if (part != h1 || word_count(part) < 2) continue;
      if (std::all_of(parts.begin(), parts.end(), [&](const std::string& other) {
            return &other == &part || word_count(other) < word_count(part);
          }))
        return part;
    }
  }
  return cur;
}

/// A <title> read as the page's headline where no structured data names one: the site's name
/// at either end goes ("Voltaris Opens Arizona Fab | Circuit Wire", which Readability keeps
/// whole when the rest is four words or fewer), and the page's one <h1> stands in for a title
/// it begins ("Voltaris Opens Arizona Fab", the <h1> going on "For Advanced Wafers") or for
/// one left with no headline's words ("Home | Circuit Wire").
std::string headline_of(const std::string& title, const std::string& site, const Collected& c) {
  std::string out = title;
  const std::string name = collapse_whitespace(site);
  const auto seps = title_separators(out);
  if (!name.empty() && !seps.empty()) {
    // The separator's space, mark and space.
    auto after = [&](size_t at) {
      size_t i = at;
      for (int k = 0; k < 3; ++k) next_code_point(out, i);
      return i;
    };
    const std::string last = collapse_whitespace(out.substr(after(seps.back().first)));
    const std::string first = collapse_whitespace(out.substr(0, seps.front().first));
    if (iequals_ascii(last, name))
      out = collapse_whitespace(out.substr(0, seps.back().first));
    else if (iequals_ascii(first, name))
      out = collapse_whitespace(out.substr(after(seps.front().first)));
  }
  // What is left says nothing of a story ("Home", "News", the site's name again), or little.
  const bool one_word = word_count(out) <= 1;
  const bool generic =
      iequals_ascii(out, name) ||
      in_list(to_lower_ascii(out), {"home", "home page", "homepage", "news", "article", "index",
                                    "untitled", "blog", "story"});
  // The story's headline, not a site's header, menu or footer (its logo, tagline or prompt).
  // A story's own header (WordPress' "entry-header" in its <article>) is the story's.
  bool in_story = c.h1_count == 1 && c.h1_node, furniture = false;
  for (const xmlNode* p = in_story ? c.h1_node->parent : nullptr; p && is_element(p);
       p = p->parent) {
    const std::string_view n = node_name(p);
    if (n == "article" || n == "main") {
      furniture = false;
      break;
    }
    furniture = furniture || n == "header" || n == "nav" || n == "footer" || n == "aside";
  }
  in_story = in_story && !furniture;

  const std::string h1 = in_story ? collapse_whitespace(c.first_h1) : std::string();
  const bool usable = word_count(h1) >= 4 && word_count(h1) <= 40 && !iequals_ascii(h1, name);
  const bool begins = usable && h1.size() > out.size() + 1 && starts_with_icase(h1, out) &&
                      h1[out.size()] == ' ' && word_count(out) >= 2;
  if (usable && (generic || one_word || begins)) return h1;
  return generic ? title : out;  // "Home | Circuit Wire" says more than "Home"
}

}  // namespace

namespace {

// "/" (or nothing) after the host, and no query: a site's front page.
bool is_site_root(std::string_view u) {
  const size_t scheme = u.find("://");
  if (scheme == std::string_view::npos) return false;
  const size_t path = u.find_first_of("/?#", scheme + 3);
  if (path == std::string_view::npos) return true;
  const std::string_view rest = u.substr(path);
  return rest == "/" || rest.starts_with("/#") || rest.starts_with("#");
}

// The page's URL among what it names itself (canonical link, og:url, JSON-LD url, in that
// order), else the URL it was read from. A name is skipped when it is no web URL (a relative
// one on a page read from a file has nothing to resolve against) or when it is the site's
// front page while the page is not: a template's canonical left at "/" would make every
// article of the site one story.
/// "https://user:pass@host/": no page's own address. A hostile page would put credentials (or
/// look-alike ones) into the stored URL, its id and its source.
bool has_userinfo(std::string_view url) {
  const size_t scheme = url.find("://");
  if (scheme == std::string_view::npos) return false;
  const std::string_view rest = url.substr(scheme + 3);
  return rest.substr(0, rest.find_first_of("/?#")).find('@') != std::string_view::npos;
}

std::string choose_canonical(const std::string& base, const std::string& page_url,
                             std::initializer_list<std::string> names) {
  std::vector<std::string> found;
  // A page read from the web speaks for its own site only: one that named another site's
  // story as its canonical URL replaced that story in the index (a hostile page, or a
  // syndicated copy, which is grouped with the original as a copy instead). A local page is
  // the user's own and names any.
  const std::string site = is_url(page_url) ? registrable_domain(url_host(page_url)) : "";
  auto same_site = [&site](const std::string& u) {
    return site.empty() || registrable_domain(url_host(u)) == site;
  };
  for (const std::string& n : names) {
    std::string_view t = trim(n);
    if (t.empty()) continue;
    // "//host/path" from a page read from a file: the web's scheme, not file://host.
    std::string u = t.starts_with("//") && !is_url(base) ? "https:" + std::string(t)
                                                         : resolve_url(base, std::string(t));
    if (is_url(u) && !has_userinfo(u) && same_site(u)) found.push_back(std::move(u));
  }
  const bool deeper = std::any_of(found.begin(), found.end(),
                                  [](const std::string& u) { return !is_site_root(u); }) ||
                      (!page_url.empty() && !is_site_root(page_url));
  for (const std::string& u : found)
    if (!deeper || !is_site_root(u)) return u;
  // The address read from, without the parameters that tracked the click there (the feed's
  // utm_source): the same story from two feeds was stored under whichever came last.
  return is_url(page_url) ? drop_tracking_parameters(page_url) : page_url;
}

}  // namespace

PageMetadata read_metadata(xmlDoc* doc, const std::string& page_url, int64_t now) {
  PageMetadata m;
  if (!doc) return m;
  Collected c;
  c.page_url = page_url;
  collect(doc->children, c, 0);

  // JSON-LD: the first article-typed object wins; a WebPage only fills what is still missing.
  const json* article = nullptr;
  const json* webpage = nullptr;
  std::vector<json> parsed;
  parsed.reserve(c.ld_blocks.size());
  // Every block is held at once: their values together stay within one document's budget, so
  // a page of many big blocks costs no more than one (the first ones, where articles are).
  size_t budget = kMaxJsonValues;
  for (const std::string& raw : c.ld_blocks) {
    const size_t values = json_value_count(raw);
    if (values > budget) continue;
    budget -= values;
    json j = parse_ld(raw);
    if (!j.is_discarded()) parsed.push_back(std::move(j));
  }
  std::vector<const json*> objects;
  for (const json& j : parsed) flatten_ld(j, objects, 0);
  std::vector<const json*> articles;
  const json* review = nullptr;
  for (const json* o : objects) {
    const auto t = o->find("@type");
    if (t == o->end()) continue;
    if (is_article_type(*t)) articles.push_back(o);
    // A review page's one item: the review, its dates the page's (an article type wins).
    if (!review && t->is_string() && t->get<std::string>() == "Review") review = o;
    if (!webpage && ((t->is_string() && t->get<std::string>() == "WebPage") ||
                     (t->is_array() && std::find(t->begin(), t->end(), "WebPage") != t->end())))
      webpage = o;
  }
  // Of several articles (a teaser card's own markup before the story's), the one the page
  // names by its canonical URL or its title; else the first.
  if (!articles.empty()) article = articles.front();
  if (articles.size() > 1) {
    const auto same_url = [](std::string_view a, std::string_view b) {
      const auto bare = [](std::string_view u) {
        if (const size_t s = u.find("://"); s != std::string_view::npos) u.remove_prefix(s + 3);
        if (const size_t f = u.find('#'); f != std::string_view::npos) u = u.substr(0, f);
        while (u.ends_with('/')) u.remove_suffix(1);
        return u;
      };
      return !a.empty() && !b.empty() && bare(a) == bare(b);
    };
    const std::string og_url = c.meta.count("og:url") ? c.meta.at("og:url") : std::string();
    const std::string og_title = c.meta.count("og:title") ? c.meta.at("og:title") : std::string();
    int best = 0;
    for (const json* o : articles) {
      int score = 0;
      for (const char* key : {"url", "@id", "mainEntityOfPage"}) {
        const std::string u = ld_field(*o, key);
        if (same_url(u, c.canonical) || same_url(u, og_url) || same_url(u, page_url)) score = 2;
      }
      if (score == 0) {
        const std::string headline = ld_field(*o, "headline");
        for (const std::string* t :
             std::array<const std::string*, 3>{&c.first_h1, &og_title, &c.title_tag})
          if (!headline.empty() && text_similarity(headline, *t) > 0.75) score = 1;
      }
      if (score > best) {
        best = score;
        article = o;
      }
    }
  }
  if (!article) article = review;

  const LdNodes nodes = ld_nodes(objects);
  std::string ld_title, ld_author, ld_published, ld_created, ld_modified, ld_publisher, ld_desc,
      ld_lang, ld_url, ld_image;
  if (article) {
    const json& a = *article;
    ld_title = ld_field(a, "headline");
    if (ld_title.empty()) ld_title = ld_field(a, "name");
    ld_author = ld_field(a, "author", &nodes);
    if (auto au = a.find("author"); au != a.end()) {
      const json& who = deref(au->is_array() && au->size() == 1 ? (*au)[0] : *au, &nodes);
      if (who.is_object())
        if (auto t = who.find("@type"); t != who.end() && t->is_string())
          m.author_is_organization =
              t->get_ref<const std::string&>().find("Organization") != std::string::npos;
    }
    ld_published = ld_field(a, "datePublished");
    ld_created = ld_field(a, "dateCreated");
    ld_modified = ld_field(a, "dateModified");
    if (auto p = a.find("publisher"); p != a.end() && deref(*p, &nodes).is_object())
      ld_publisher = ld_field(deref(*p, &nodes), "name");
    ld_desc = ld_field(a, "description");
    ld_lang = ld_field(a, "inLanguage");
    ld_url = ld_field(a, "url");
    if (auto im = a.find("image"); im != a.end()) {
      // A URL, an ImageObject, a reference to one, or a list of those (the first).
      const json& first = im->is_array() && !im->empty() ? im->front() : *im;
      const json& image = deref(first, &nodes);
      if (image.is_string())
        ld_image = image.get<std::string>();
      else if (image.is_object() && image.contains("url") && image["url"].is_string())
        ld_image = image["url"].get<std::string>();
    }
    std::string body = ld_field(a, "articleBody");
    if (body.empty()) body = ld_field(a, "text");
    if (auto b = a.find("articleBody"); b != a.end() && b->is_string())
      body = b->get<std::string>();  // keep its line breaks for paragraphs
    m.ld_article_body = looks_like_html(body) ? html_to_text(body) : body;
  }
  // A page marked up as a WebPage only (an SEO plugin with its Article piece off, a CMS's
  // "page" type) states its dates and author there.
  // Below the page's meta tags: a WebPage's dates can be the page's, not the story's.
  std::string wp_published, wp_modified, wp_author;
  if (webpage && webpage != article) {
    wp_published = ld_field(*webpage, "datePublished");
    wp_modified = ld_field(*webpage, "dateModified");
    wp_author = ld_field(*webpage, "author", &nodes);
  }

  m.document_title = collapse_whitespace(c.title_tag);
  const std::string page_title = readability_title(m.document_title, c);
  // JSON-LD `name` and `headline` may differ; the one that matches the page's title wins.
  if (article) {
    const auto nm = article->find("name"), hl = article->find("headline");
    const bool has_name = nm != article->end() && nm->is_string();
    const bool has_headline = hl != article->end() && hl->is_string();
    if (has_name && has_headline && nm->get<std::string>() != hl->get<std::string>()) {
      const bool name_matches = text_similarity(nm->get<std::string>(), page_title) > 0.75;
      const bool headline_matches = text_similarity(hl->get<std::string>(), page_title) > 0.75;
      ld_title = collapse_whitespace(headline_matches && !name_matches ? hl->get<std::string>()
                                                                       : nm->get<std::string>());
    } else if (has_name) {
      ld_title = collapse_whitespace(nm->get<std::string>());
    } else if (has_headline) {
      ld_title = collapse_whitespace(hl->get<std::string>());
    }
  }
  auto rv = [&](std::initializer_list<const char*> keys) -> std::string {
    for (const char* k : keys) {
      const auto it = c.rvalues.find(k);
      if (it != c.rvalues.end() && !it->second.empty()) return unescape(it->second);
    }
    return {};
  };
  // Source order follows Mozilla Readability (structured data, then Dublin Core, OpenGraph,
  // Twitter, Parse.ly), so both read a page alike; our own fallbacks come after.
  m.title = unescape(ld_title);
  if (m.title.empty())
    m.title = rv({"dc:title", "dcterm:title", "og:title", "weibo:article:title",
                  "weibo:webpage:title", "title", "twitter:title", "parsely-title"});
  const bool title_from_tag = m.title.empty() && !page_title.empty();
  if (m.title.empty()) m.title = page_title;
  if (m.title.empty()) m.title = c.first_h1;

  const std::string article_author = rv({"article:author"});
  m.author = clean_author(unescape(ld_author));
  if (m.author.empty())
    m.author = clean_author(rv({"dc:creator", "dcterm:creator", "author", "parsely-author"}));
  if (m.author.empty() && !is_url(article_author)) m.author = clean_author(article_author);
  if (m.author.empty()) m.author = clean_author(get(c, {"sailthru.author", "byl"}));
  if (m.author.empty()) m.author = clean_author(unescape(wp_author));
  m.dom_byline = c.dom_author;
  m.dom_byline_text = collapse_whitespace(c.dom_byline);
  m.header_byline = c.header_author;

  m.description = unescape(ld_desc);
  if (m.description.empty())
    m.description =
        rv({"dc:description", "dcterm:description", "og:description", "weibo:article:description",
            "weibo:webpage:description", "description", "twitter:description"});
  m.standfirst = collapse_whitespace(c.standfirst);
  m.site_name = unescape(ld_publisher);
  if (m.site_name.empty()) m.site_name = rv({"og:site_name"});
  if (title_from_tag) m.title = headline_of(m.title, m.site_name, c);
  // A title that is the site's name (a CMS that fills og:title and <title> with it on every
  // page) names no article: the page's <h1>, when it reads as a headline (audit, session 45):
  // three words or more, not the site's name again ("TechSite News", a logo's alt text) nor a
  // section's or a button's label ("Technology", "Latest stories", "Subscribe").
  const std::string_view site = trim(m.site_name);
  auto banner = [&site](std::string_view h1) {
    const std::string h = to_lower_ascii(trim(h1)), name = to_lower_ascii(site);
    if (h.ends_with(name)) return true;  // "Welcome to TechSite"
    if (!h.starts_with(name)) return false;
    // "TechSite.com", "TechSite News", "TechSite - news that matters"; not "TechSite unveils a
    // processor", a headline about the site's own company.
    const std::string_view rest = std::string_view(h).substr(name.size());
    return rest.empty() || rest[0] != ' ' || count_words(rest) <= 1 ||
           std::string_view(" -|:\xE2").find(trim(rest)[0]) != std::string_view::npos;
  };
  if (!site.empty() && iequals_ascii(trim(m.title), site) && count_words(c.first_h1) >= 3 &&
      !banner(c.first_h1))
    m.title = c.first_h1;

  // Declared publication dates first (JSON-LD, then meta and microdata, then <time> marked as
  // the publication's); a creation date only after them (a CMS's dateCreated can postdate the
  // publication it records); a bare <time> last.
  const std::pair<std::string, const char*> dates[] = {
      {ld_published, "json-ld"},
      {rv({"article:published_time", "parsely-pub-date"}), "meta"},
      {get(c, {"article:published_time", "og:published_time", "article:published", "datepublished",
               "pubdate", "publishdate", "publish-date", "publish_date", "article.published",
               "parsely-pub-date", "sailthru.date", "dc.date.issued", "dcterms.issued", "dc.date",
               "dcterms.created", "date"}),
       "meta"},
      {c.time_published, "time"},
      {wp_published, "json-ld"},
      {ld_created, "json-ld"},
      {c.time_first, "time"},
      {c.text_published, "text"}};
  for (const auto& [s, source] : dates) {
    if ((m.published = bounded_date(s, now))) {
      m.published_source = source;
      break;
    }
  }
  for (const std::string& s :
       {ld_modified,
        get(c, {"article:modified_time", "og:updated_time", "datemodified", "dcterms.modified"}),
        c.time_modified, wp_modified, c.text_updated}) {
    if ((m.updated = bounded_date(s, now))) break;
  }

  // The first well-formed tag, in this order: a template's unfilled `lang="{{lang}}"` hides
  // no og:locale behind it.
  std::string lang;
  const auto take = [&lang](const std::string& v) {
    if (lang.empty() && !normalize_language_tag(v).empty()) lang = v;
  };
  take(c.html_lang);
  take(ld_lang);
  // Yoast and Rank Math state it on the @graph's WebPage (or WebSite), not on the Article.
  for (const json* o : objects) {
    if (!lang.empty()) break;
    const auto t = o->find("@type");
    if (t != o->end() && t->is_string() &&
        (t->get<std::string>() == "WebPage" || t->get<std::string>() == "WebSite"))
      take(ld_field(*o, "inLanguage"));
  }
  for (const char* key : {"content-language", "og:locale", "dc.language", "language"})
    take(get(c, {key}));
  for (char& ch : lang)
    if (ch == '_') ch = '-';
  m.language = collapse_whitespace(lang);

  // Relative links resolve against <base href> when the page has one (as in a browser).
  std::string base = page_url;
  if (!c.base_href.empty()) {
    std::string b = resolve_url(page_url, c.base_href);
    if (is_url(b)) base = std::move(b);
  }
  m.canonical_url = choose_canonical(base, page_url, {c.canonical, get(c, {"og:url"}), ld_url});
  m.image = get(c, {"og:image", "twitter:image"});
  if (m.image.empty()) m.image = ld_image;
  if (!m.image.empty()) m.image = resolve_url(base, m.image);

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

  // A React page without structured data states its story's authors and dates only in
  // __NEXT_DATA__ ("publishedAt", "authors": [{"name": ...}]): read them there, from the story
  // titled as the page (a related story's are not its).
  if ((m.author.empty() || !m.published) && !c.next_data.empty() &&
      c.next_data.size() <= (8u << 20) && !m.title.empty() && json_nesting_within(c.next_data)) {
    const json nd = json::parse(c.next_data, nullptr, false);
    if (const json* story = nd.is_discarded() ? nullptr : find_next_article(nd, m.title, 0)) {
      if (m.author.empty())
        for (const char* key : {"authors", "author", "byline", "authorName", "creator"})
          if (m.author.empty()) m.author = clean_author(unescape(ld_field(*story, key)));
      for (const char* key :
           {"publishedAt", "datePublished", "published_at", "publishDate", "publishedDate",
            "firstPublishedAt", "first_publish_date", "publicationDate", "pubDate", "date"})
        if (!m.published && story->contains(key))
          if ((m.published = bounded_date(ld_field(*story, key), now)))
            m.published_source = "next-data";
      for (const char* key : {"updatedAt", "dateModified", "updated_at", "modifiedAt",
                              "lastModified", "lastPublishedAt", "modified"})
        if (!m.updated && story->contains(key))
          m.updated = bounded_date(ld_field(*story, key), now);
    }
  }
  // Last, the day a permalink states ("/2019/11/20/slug", "/news/2019-11-20-slug"): the
  // page's own address, else the one it was read from.
  for (const std::string& url : {m.canonical_url, page_url}) {
    if (m.published) break;
    if ((m.published = bounded_date(url_date(url), now))) m.published_source = "url";
  }
  m.next_data = std::move(c.next_data);
  return m;
}

std::string next_data_body(const std::string& next_data, std::string_view page_title) {
  if (next_data.empty() || next_data.size() > (64u << 20) || !json_nesting_within(next_data))
    return {};
  const json nd = json::parse(next_data, nullptr, false);
  if (nd.is_discarded()) return {};
  std::string best, titled;
  find_next_body(nd, page_title, best, titled, 0);
  if (!titled.empty()) best = std::move(titled);
  if (looks_like_html(best)) best = html_to_text(best);
  std::string blocks;
  size_t blocks_size = 0;
  find_next_blocks(nd, blocks, blocks_size, 0);
  return blocks.size() > best.size() ? blocks : best;
}

std::string names_in_byline(std::string_view line) { return byline_names(std::string(line)); }

std::string name_list(std::string_view credit, std::string_view site_name) {
  // A credit past 4 KB (a hostile page's 100,000 names) is read so far: the field is cut at
  // 2 KB anyway.
  const std::string s = collapse_whitespace(truncate_utf8(credit, 4096));
  // News agencies and outlets credited beside the names ("By Jane Doe, Reuters", "JANE DOE
  // Associated Press"), and the page's own site.
  static const std::array<std::string_view, 24> kOutlets{"associated press",
                                                         "the associated press",
                                                         "ap",
                                                         "reuters",
                                                         "afp",
                                                         "agence france-presse",
                                                         "bloomberg",
                                                         "bloomberg news",
                                                         "dpa",
                                                         "pa media",
                                                         "press association",
                                                         "upi",
                                                         "efe",
                                                         "ansa",
                                                         "kyodo",
                                                         "kyodo news",
                                                         "xinhua",
                                                         "pti",
                                                         "ians",
                                                         "ani",
                                                         "cnn",
                                                         "bbc news",
                                                         "npr",
                                                         "cnbc"};
  auto is_outlet = [&](std::string_view p) {
    const std::string l = to_lower_ascii(trim(p));
    return std::find(kOutlets.begin(), kOutlets.end(), l) != kOutlets.end() ||
           (!site_name.empty() && iequals_ascii(l, trim(site_name)));
  };
  // Words of a name: capitalised (or a particle: "de", "van", "bin"), no article, no
  // punctuation of a longer credit ("Jane Doe | Media Group", "(avec ...)").
  auto looks_like_name = [](std::string_view p) {
    if (p.find_first_of("|()[]:/@\"") != std::string_view::npos) return false;
    static const std::set<std::string, std::less<>> kParticles{
        "de",  "da",  "do",  "dos", "das", "del", "della", "di",  "du", "des", "la", "le", "van",
        "von", "der", "den", "ter", "ten", "bin", "bint",  "ibn", "al", "el",  "af", "zu", "st."};
    for (size_t i = 0; i < p.size();) {
      const size_t end = std::min(p.find(' ', i), p.size());
      const std::string_view w = p.substr(i, end - i);
      i = end + 1;
      const unsigned char first = static_cast<unsigned char>(w[0]);
      if (w == "The" || (std::islower(first) && !kParticles.count(w)) ||
          (first < 0x80 && !std::isalpha(first)))
        return false;
    }
    return true;
  };
  // Conjunctions in the languages byline reads bylines in; "y" and "e" join Spanish and
  // Portuguese surnames too ("Ortega y Gasset"), which the one-word rule below keeps whole.
  static const std::array<std::string_view, 11> kSeps{", and ", ", & ", " and ", " & ", ", ",  "; ",
                                                      " und ",  " et ", " y ",   " e ", " en "};
  struct Part {
    std::string text;
    bool after_conjunction;  // "and Ana Lima": a new name, where ", BBC News" may be a desk's
    bool after_semicolon = false;
  };
  std::vector<Part> parts;
  size_t from = 0;
  bool conjunction = false, semicolon = false;
  for (size_t i = 0; i < s.size();) {
    std::string_view found;
    for (std::string_view sep : kSeps)
      if (std::string_view(s).substr(i).starts_with(sep)) {
        found = sep;
        break;
      }
    if (found.empty()) {
      ++i;
      continue;
    }
    parts.push_back(
        {std::string(trim(std::string_view(s).substr(from, i - from))), conjunction, semicolon});
    conjunction = found != ", " && found != "; ";
    semicolon = found == "; ";
    i += found.size();
    from = i;
  }
  parts.push_back({std::string(trim(std::string_view(s).substr(from))), conjunction, semicolon});

  // A job title or desk: every word a role's ("Senior Reporter", "Editor-at-Large"), one of
  // them naming the job.
  auto is_role = [](std::string_view p) {
    static const std::set<std::string, std::less<>> kJobs{
        "reporter",  "reporters", "correspondent", "correspondents",  "editor",          "editors",
        "writer",    "writers",   "contributor",   "contributors",    "columnist",       "producer",
        "staff",     "analyst",   "journalist",    "photographer",    "intern",          "fellow",
        "critic",    "reviewer",  "researcher",    "editor-in-chief", "editor-at-large", "anchor",
        "host",      "vp",        "president",     "director",        "manager",         "head",
        "developer", "engineer",  "officer",       "founder",         "co-founder",      "ceo",
        "cto",       "advocate",  "scientist",     "professor"};
    // clang-format off
    static const std::set<std::string, std::less<>> kQualifiers{
        "senior", "chief", "deputy", "associate", "assistant", "managing", "executive",
        "contributing", "freelance", "special", "political", "politics", "science", "technology",
        "tech", "business", "news", "data", "investigative", "national", "foreign",
        "international", "global", "video", "features", "feature", "health", "climate", "energy",
        "economics", "economy", "markets", "finance", "sports", "culture", "security", "legal",
        "consumer", "digital", "social", "media", "world", "opinion", "lead", "principal",
        "general", "copy", "audio", "photo", "graphics", "bureau", "in", "at", "large", "of",
        "the", "for", "and", "guest", "desk", "weekend", "night", "breaking", "staff", "vice",
        "product", "management", "engineering", "marketing", "relations", "program", "software",
        "team", "research", "developer", "communications", "public", "group"};
    // clang-format on
    bool job = false;
    size_t words = 0;
    for (size_t i = 0; i < p.size();) {
      const size_t end = std::min(p.find(' ', i), p.size());
      std::string_view w = std::string_view(p).substr(i, end - i);
      i = end + 1;
      while (!w.empty() && std::ispunct(static_cast<unsigned char>(w.back()))) w.remove_suffix(1);
      if (w.empty()) continue;
      ++words;
      const std::string l = to_lower_ascii(w);
      if (kJobs.count(l))
        job = true;
      else if (!kQualifiers.count(l))
        return false;
    }
    return job && words > 0;
  };
  // An agency's name after the last name with no comma, as wire copy runs it ("JANE DOE
  // Associated Press", "ERIC TUCKERAssociated Press").
  if (!parts.empty()) {
    std::string& last = parts.back().text;
    for (std::string_view agency : {"Associated Press", "The Associated Press", "Reuters", "AFP"})
      if (last.size() > agency.size() + 3 && last.ends_with(agency) &&
          !is_outlet(last.substr(0, last.size() - agency.size()))) {
        last = std::string(trim(std::string_view(last).substr(0, last.size() - agency.size())));
        break;
      }
  }
  std::vector<std::string> names;
  bool in_role = false;  // after "Jane Doe, Science Correspondent": ", BBC News" is her desk
  for (size_t i = 0; i < parts.size(); ++i) {
    std::string& p = parts[i].text;
    const bool after_conjunction = parts[i].after_conjunction;
    if (after_conjunction) in_role = false;
    if (p.empty()) continue;
    if (!names.empty() && is_outlet(p)) continue;
    // One word after a name and a comma, last: the outlet ("By Jane Doe, CNN").
    if (!names.empty() && !after_conjunction && i + 1 == parts.size() && count_words(p) == 1 &&
        looks_like_name(p))
      continue;
    if (is_role(p)) {
      in_role = true;
      continue;
    }
    // After a role, a desk or an outlet ("..., Science Correspondent, BBC News"); a name that a
    // role of its own follows, or one after a semicolon, is a co-author's ("Jane Doe, Senior
    // Reporter; John Smith, Editor").
    if (in_role && !(i > 0 && parts[i].after_semicolon) &&
        !(i + 1 < parts.size() && is_role(parts[i + 1].text)))
      continue;
    in_role = false;
    // "Jane Doe for Reuters", "Jane Doe in Kyiv": the name is before.
    for (std::string_view w : {" for ", " in "}) {
      const size_t at = p.find(w);
      if (at == std::string::npos || at + w.size() >= p.size()) continue;
      const unsigned char next = static_cast<unsigned char>(p[at + w.size()]);
      if ((std::isupper(next) || next >= 0x80) && count_words(p.substr(0, at)) >= 2) p.resize(at);
    }
    // One word alone is a surname of a list written "Doe, Jane" or a compound's part
    // ("Ortega y Gasset"), and a name is capitalised ("The Russian and Syrian defense
    // ministries" is one credit): else the credit is not a list of names.
    if (count_words(p) < 2 || !looks_like_name(p)) return s;
    if (std::find(names.begin(), names.end(), p) == names.end()) names.push_back(p);
  }
  if (names.empty()) return s;  // "Staff Writer" alone, as the page credits it
  std::string out;
  for (const std::string& n : names) {
    if (!out.empty()) out += ", ";
    out += n;
  }
  return out;
}

}  // namespace byline
