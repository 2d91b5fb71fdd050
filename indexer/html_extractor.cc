// Main-content extraction from news HTML.
//
// One parse (libxml2, script and style bodies skipped), then three linear passes over the tree:
// annotate every element with its text statistics and whether it is boilerplate by structure,
// visibility or class/id vocabulary (recording flags for what it drops); score paragraph
// containers (Readability's idea: paragraphs vote for their ancestors, scaled by link density);
// emit the best container and its related siblings as paragraphs and headings, cleaning link
// lists, galleries and widgets inside it. When that finds less than an article's worth of text,
// the vocabulary, then the class weights and cleaning are relaxed (Readability's retry); pages
// whose text lives only in JSON-LD or __NEXT_DATA__ fall back to it. Metadata comes from
// indexer/metadata.cc; boilerplate lines and section tagging from indexer/section_tagger.cc,
// shared with the plain-text reader. Every rule is general: tag names, class/id words, text and
// link densities; nothing names a site.
#include <libxml/xpath.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <map>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "byline/extract.h"
#include "common/ascii.h"
#include "common/datetime.h"
#include "common/html_text.h"
#include "common/text.h"
#include "indexer/html_dom.h"
#include "indexer/language.h"
#include "indexer/metadata.h"
#include "indexer/section_tagger.h"

namespace byline {

namespace {

constexpr int kMaxDepth = 400;
// Marks a <br> in the paragraph being built: a control character that page text does not
// carry (where a page does, it only breaks a line).
constexpr char kLineBreak = '\x01';

/// Per-element statistics, reached through xmlNode::_private (an index into a vector).
struct Info {
  int text = 0;   // non-space bytes of kept text below
  int links = 0;  // of which inside <a>
  int commas = 0;
  int paragraphs = 0;  // <p> below, and text blocks written as <div>s or <br> runs
  int brs = 0;         // <br> children: Readability turns <br> runs into paragraphs
  int list_items = 0;
  int images = 0;
  int inputs = 0;
  int embeds = 0;
  int weight = 0;  // class/id vocabulary: + article-like, - boilerplate-like
  double score = 0;
  bool scored = false;
  bool junk = false;  // dropped whole: structure, visibility or vocabulary
  bool has_block = false;
  int code = 0;  // of `text`, the part in code blocks (<pre>s and code tables)
};

/// Calls `f` with each of the space-separated names of a class attribute, lower-cased.
template <typename F>
void for_each_class(std::string_view classes, F f) {
  std::string name;
  for (size_t i = 0; i <= classes.size(); ++i) {
    if (i < classes.size() && !std::isspace(static_cast<unsigned char>(classes[i]))) {
      name += ascii_lower(classes[i]);
    } else if (!name.empty()) {
      f(std::string_view(name));
      name.clear();
    }
  }
}

/// The element right before `n` among its siblings, past white space and comments; none
/// when text stands between them.
const xmlNode* element_before(const xmlNode* n) {
  for (const xmlNode* p = n->prev; p; p = p->prev) {
    if (is_element(p)) return p;
    if (p->type == XML_TEXT_NODE && p->content &&
        !trim(reinterpret_cast<const char*>(p->content)).empty())
      return nullptr;
  }
  return nullptr;
}

bool is_block_tag(std::string_view n) {
  return in_list(n, {"p",          "div",     "section", "article", "main",     "ul",    "ol",
                     "li",         "h1",      "h2",      "h3",      "h4",       "h5",    "h6",
                     "blockquote", "pre",     "table",   "tr",      "dl",       "dt",    "dd",
                     "figure",     "header",  "footer",  "aside",   "nav",      "form",  "hr",
                     "address",    "details", "summary", "center",  "fieldset", "tbody", "thead",
                     "tfoot",      "caption", "menu",    "dialog",  "noscript", "search"});
}

/// The text inside `n` as far as `max_bytes` (walked without recursion), or nullopt when a
/// block (a heading, a paragraph) or more than `max_nodes` nodes are inside it: no line's part.
std::optional<std::string> inline_text_of(const xmlNode* n, size_t max_bytes, size_t max_nodes) {
  std::string text;
  size_t nodes = 0;
  for (const xmlNode* c = n->children; c && text.size() <= max_bytes;) {
    if (++nodes > max_nodes) return std::nullopt;
    if (c->type == XML_TEXT_NODE && c->content) text += reinterpret_cast<const char*>(c->content);
    if (c->type == XML_ELEMENT_NODE && is_block_tag(node_name(c))) return std::nullopt;
    if (c->type == XML_ELEMENT_NODE && c->children) {
      c = c->children;
      continue;
    }
    while (c && !c->next && c->parent != n) c = c->parent;
    c = c ? c->next : nullptr;
  }
  return text;
}

/// A <dt> whose next element is its <dd>, both a line's words: a term (a name, a label, not a
/// question or a sentence) and its value. A <dd> of paragraphs is a section under its term.
bool term_and_definition(const xmlNode* dt) {
  const xmlNode* next = dt->next;
  while (next && next->type != XML_ELEMENT_NODE) next = next->next;
  if (!next || node_name(next) != "dd") return false;
  constexpr size_t kMaxTerm = 120;
  const std::optional<std::string> term = inline_text_of(dt, kMaxTerm, 64);
  // A definition of words: an empty one leaves its term alone ("Weight", not "Weight:").
  const std::optional<std::string> definition = inline_text_of(next, 2000, 256);
  if (!term || term->size() > kMaxTerm || !definition || trim(*definition).empty()) return false;
  // Nor a question (a FAQ's "What changes?" over its answer, "?" anywhere in it, full-width
  // too), a sentence, or a line that trails off.
  const std::string_view t = trim(*term);
  return !t.empty() && t.find('?') == std::string_view::npos &&
         t.find("\xEF\xBC\x9F") == std::string_view::npos && t.back() != '.' && t.back() != '!' &&
         !t.ends_with("\xE2\x80\xA6");
}

/// A line's short value ("Black", "$1,499"): some words, not a sentence.
bool short_value(const xmlNode* dd) {
  const std::optional<std::string> text = inline_text_of(dd, 80, 32);
  if (!text) return false;
  const std::string_view v = trim(*text);
  return !v.empty() && v.size() <= 80 && v.back() != '.' && v.back() != '!' && v.back() != '?';
}

const xmlNode* sibling_element(const xmlNode* n, bool before) {
  do n = before ? n->prev : n->next;
  while (n && n->type != XML_ELEMENT_NODE);
  return n;
}

/// A <dd> after another of one term, both short values: the term's values are one line
/// ("Colours: Black, Sage"), not its first value and the others as paragraphs of a word. Read
/// back over 16 values at most (a longer run's later values stand apart).
bool another_value(const xmlNode* dd, int depth = 0) {
  const xmlNode* p = sibling_element(dd, true);
  if (!p || node_name(p) != "dd" || depth > 16 || !short_value(dd) || !short_value(p)) return false;
  const xmlNode* term = sibling_element(p, true);
  if (term && node_name(term) == "dt") return term_and_definition(term);
  return term && node_name(term) == "dd" && another_value(p, depth + 1);
}

bool is_heading_tag(std::string_view n) {
  return n.size() == 2 && n[0] == 'h' && n[1] >= '1' && n[1] <= '6';
}

/// A link that asks a social network to post the page ("Click to tweet" pull quotes): its
/// text is the story's own sentence, not a pointer to another story.
bool is_share_intent(std::string_view href) {
  static constexpr std::string_view kIntents[] = {
      "twitter.com/share",   "twitter.com/intent/",       "x.com/intent/",
      "facebook.com/sharer", "linkedin.com/shareArticle", "linkedin.com/sharing/"};
  for (std::string_view i : kIntents)
    if (href.find(i) != std::string_view::npos) return true;
  return false;
}

/// Elements never part of article text.
bool is_dropped_tag(std::string_view n) {
  // MathML's text stays ("When a ≠ 0"), but not the TeX source a formula may carry.
  return in_list(n, {"script",         "style",  "noscript", "template", "svg",    "annotation",
                     "annotation-xml", "iframe", "object",   "embed",    "select", "option",
                     "input",          "button", "textarea", "nav",      "aside",  "footer",
                     "figcaption",     "label",  "dialog",   "canvas",   "audio",  "video",
                     "head",           "link",   "meta",     "map",      "area"});
}

/// The first words of text under `n`, in document order (up to `budget` text nodes looked at).
std::string first_text(const xmlNode* n, int& budget, int depth = 0) {
  for (const xmlNode* c = n->children; c && budget > 0 && depth < 12; c = c->next) {
    if (c->type == XML_TEXT_NODE && c->content) {
      --budget;
      const std::string_view t = trim(reinterpret_cast<const char*>(c->content));
      if (!t.empty()) return std::string(t.substr(0, 200));
    } else if (c->type == XML_ELEMENT_NODE && !in_list(node_name(c), {"script", "style", "svg"})) {
      if (std::string t = first_text(c, budget, depth + 1); !t.empty()) return t;
    }
  }
  return {};
}

/// A box (an <aside>, a <div>) that opens with "Key takeaways" (or "At a glance", "TL;DR", ...)
/// summarises the article it sits in: its points are the article's, not a sidebar's.
/// Text that ends as a sentence does ("... a wide field of view."), not a kicker or dateline.
bool reads_as_sentences(std::string_view text) {
  text = trim(text);
  while (!text.empty() && (text.back() == '"' || text.back() == ')' ||
                           static_cast<unsigned char>(text.back()) >= 0x80))
    text.remove_suffix(1);  // closing quotes (a UTF-8 one's last byte too) and brackets
  return !text.empty() && (text.back() == '.' || text.back() == '!' || text.back() == '?');
}

/// A class or id naming the story's description ("video-description", "summary", "intro"), not a
/// promo or a notice beside it.
bool names_a_description(const xmlNode* n) {
  const std::string names =
      to_lower_ascii(std::string(attr(n, "class")) + " " + std::string(attr(n, "id")));
  for (std::string_view w : {"description", "summary", "intro", "standfirst", "dek", "excerpt",
                             "lede", "abstract", "synopsis"})
    if (names.find(w) != std::string::npos) return true;
  return false;
}

/// A box that opens with its one heading (a review's "<div class=verdict><h4>Verdict</h4>
/// <p>...</p></div>", a "Pros" list): its section ends with it.
bool is_headed_box(const xmlNode* n) {
  const xmlNode* first = nullptr;
  int headings = 0, elements = 0;
  for (const xmlNode* c = n->children; c; c = c->next) {
    // A box is small: its heading and a paragraph or a list or two. (A column of the story's
    // text opening with a heading goes on in the next column: the New York Times.)
    if (is_element(c) && ++elements > 3) return false;
    if (!is_element(c)) {
      if (!first && c->type == XML_TEXT_NODE && c->content &&
          !trim(reinterpret_cast<const char*>(c->content)).empty())
        return false;  // text before the heading
      continue;
    }
    if (!first) first = c;
    headings += is_heading_tag(node_name(c));
  }
  if (!first || headings != 1 || !is_heading_tag(node_name(first)) || node_name(first) == "h1")
    return false;
  // Named a box ("verdict", "pros", "callout"); a column of the story's text with a heading is
  // not one, however short.
  const std::string names =
      to_lower_ascii(std::string(attr(n, "class")) + " " + std::string(attr(n, "id")));
  static const std::array<std::string_view, 14> kBoxes{
      "verdict", "pros",    "cons", "box",  "callout", "summary", "card",
      "panel",   "factbox", "note", "spec", "rating",  "score",   "highlight"};
  // Whole words of the class ("pros", "verdict-box"), not parts of others ("prose", "icons").
  bool named = false;
  std::string word;
  for (const char ch : names + " ") {
    if (std::isalnum(static_cast<unsigned char>(ch))) {
      word += ch;
      continue;
    }
    named = named || std::find(kBoxes.begin(), kBoxes.end(), word) != kBoxes.end();
    word.clear();
  }
  if (!named) return false;
  std::string text;
  append_raw_text(n, text, 1200);
  return text.size() < 1000;
}

bool is_takeaway_aside(const xmlNode* n) {
  int budget = 4;
  const std::string label = first_text(n, budget);
  return !label.empty() && classify_heading(label) == SectionKind::kKeyTakeaways;
}

/// An <aside> the page names as a note to the text beside it ("callout", "admonition", "note",
/// "warning"): the author's words, which most <aside>s (rails, related links) are not.
/// Calls f(a) for each link <a> in `n` (`n` itself included), looking at 200 elements at most.
template <class F>
void for_each_link(const xmlNode* n, F f) {
  std::vector<const xmlNode*> stack{n};
  for (int budget = 200; !stack.empty() && budget > 0; --budget) {
    const xmlNode* e = stack.back();
    stack.pop_back();
    if (node_name(e) == "a") {
      f(e);
      continue;
    }
    for (const xmlNode* c = e->children; c; c = c->next)
      if (is_element(c)) stack.push_back(c);
  }
}

bool is_note_box(const xmlNode* n) {
  bool note = false;
  for_each_class(attr(n, "class"), [&](std::string_view c) {
    // Whole words, and a callout's or an admonition's kinds ("callout-note"); not a
    // "tip-jar" or an "adblock-warning".
    note = note ||
           in_list(c, {"callout", "admonition", "note", "tip", "warning", "caution", "important",
                       "notice", "editors-note", "editor-note", "editorsnote", "editornote",
                       "editors-notes", "correction", "corrections", "clarification"}) ||
           c.starts_with("callout") || c.starts_with("admonition");
  });
  if (note) return true;
  // An editor's note, a correction set in a bare box of the story ("<aside><strong>Editor's
  // note:</strong> This story was updated ..."): the story's own words.
  std::string text;
  append_raw_text(n, text, 2000);
  if (text.size() > 2000) return false;
  const std::string low = to_lower_ascii(collapse_whitespace(text));
  bool labelled = false;
  for (std::string_view label :
       {"editor's note", "editor\u2019s note", "editors' note", "editors\u2019 note",
        "correction:", "correction (", "clarification:"})
    labelled = labelled || low.starts_with(label);
  // A note, not a promo pointing away ("Editor's note: read our review of ..." over a
  // thumbnail): no picture, its words mostly not a link's.
  if (!labelled || find_first(n, "img") || find_first(n, "picture")) return false;
  std::string links;
  for_each_link(n, [&](const xmlNode* a) { append_raw_text(a, links, 2000); });
  return collapse_whitespace(links).size() * 2 < low.size();
}

/// A quotation's attribution: a <footer> in a <blockquote> ("— Linus Torvalds"), or the
/// <figcaption> of a <figure> that holds a <blockquote> and no picture (the HTML spec's way).
bool is_quote_attribution(const xmlNode* n) {
  const std::string_view name = node_name(n);
  const xmlNode* p = n->parent;
  if (!p || !is_element(p)) return false;
  // A quoted email's footer (an address, an unsubscribe line) is a box, not a credit.
  if (name == "footer") {
    if (node_name(p) != "blockquote") return false;
    std::string text;
    append_raw_text(n, text, 200);
    return text.size() <= 200 && !find_first(n, "p") && !find_first(n, "div") &&
           !find_first(n, "ul") && !find_first(n, "br");
  }
  if (name != "figcaption" || node_name(p) != "figure") return false;
  bool quote = false;
  int elements = 0;
  for (const xmlNode* c = p->children; c; c = c->next) {
    if (!is_element(c)) continue;
    if (++elements > 8) return false;  // a quote's figure holds it and a caption or two
    for (std::string_view picture : {"img", "picture", "video", "iframe", "svg", "canvas"})
      if (node_name(c) == picture || find_first(c, picture)) return false;
    quote = quote || node_name(c) == "blockquote";
  }
  if (!quote) return false;
  // A line of credit, not a box nor a link away ("Read the full interview").
  std::string text;
  append_raw_text(n, text, 300);
  return text.size() <= 300 && !find_first(n, "a");
}

/// A standfirst reads as a sentence: long, or ending as a sentence does. A heading before the
/// text that asks a short question ("Why does it matter?") is still a heading.
bool reads_as_standfirst(std::string_view text) {
  const size_t words = count_words(text);
  if (words >= 12) return true;
  if (words < 8) return false;
  std::string_view t = trim(text);
  for (std::string_view q : {"\"", "\u201d", "\u2019", "'", ")"})
    while (t.ends_with(q)) t.remove_suffix(q.size());
  return t.ends_with('.') || t.ends_with('!') || t.ends_with("\u2026");
}

/// A heading's text without the marks a wiki or a documentation site adds to it: an "[edit]"
/// link after it, a permalink's "¶", "#", "§" or "🔗" before or after it.
std::string strip_heading_marks(std::string text) {
  static constexpr std::array<std::string_view, 8> kMarks{
      "[edit]",   "[edit source]",    "\xC2\xB6", "#",
      "\xC2\xA7", "\xF0\x9F\x94\x97", "[ edit ]", "\xE2\x80\x8B"};
  for (bool again = true; again;) {
    again = false;
    std::string_view t = trim(text);
    for (std::string_view m : kMarks) {
      // "Learning C#" keeps its '#': a permalink's stands apart ("Loaders #").
      if (t.size() > m.size() && t.ends_with(m) &&
          (m != "#" || a_space(static_cast<unsigned char>(t[t.size() - 2])))) {
        t.remove_suffix(m.size());
        again = true;
      }
      if (t.size() > m.size() && t.starts_with(m)) {
        t.remove_prefix(m.size());
        again = true;
      }
    }
    text = std::string(trim(t));
  }
  return text;
}

/// Class/id words, split on anything not alphanumeric, lower-cased.
template <typename F>
void for_each_token(std::string_view s, F f) {
  size_t i = 0;
  std::string tok;
  while (i <= s.size()) {
    const char c = i < s.size() ? s[i] : ' ';
    if (a_alnum(static_cast<unsigned char>(c))) {  // ASCII only, as isalnum() in "C"; inline
      tok += ascii_lower(c);
    } else if (!tok.empty()) {
      f(tok);
      tok.clear();
    }
    ++i;
  }
}

// Vocabulary of boilerplate containers. Prefixes catch compounds written without separators
// ("relatedstories", "sharebar"); exact words are the short ones that would over-match.
constexpr std::array<std::string_view, 32> kNegativePrefixes{
    "related",    "share",   "sharing",    "social",   "comment", "newsletter", "advert",
    "promo",      "sponsor", "cookie",     "consent",  "gdpr",    "breadcrumb", "sidebar",
    "footer",     "navbar",  "navigation", "outbrain", "taboola", "recirc",     "recommend",
    "popup",      "modal",   "subscribe",  "signup",   "byline",  "caption",    "toolbar",
    "pagination", "disqus",  "trending",   "copyright"};
// "kicker", "eyebrow": the section's label over a headline ("Semiconductors", "Exclusive").
constexpr std::array<std::string_view, 33> kNegativeWords{
    "ad",      "ads",       "adv",      "banner",   "nav",    "menu",    "tags",
    "tag",     "credit",    "credits",  "masthead", "widget", "meta",    "author",
    "date",    "timestamp", "dateline", "skip",     "hidden", "print",   "most",
    "popular", "more",      "dfp",      "pager",    "rail",   "overlay", "teaser",
    "bio",     "bios",      "contrib",  "kicker",   "eyebrow"};
constexpr std::array<std::string_view, 12> kPositiveWords{
    "article", "body", "content", "entry", "main",     "post",
    "story",   "text", "blog",    "prose", "richtext", "articlebody"};

struct ClassVerdict {
  int weight = 0;
  bool strong_negative = false;
  bool comments = false;       // reader comments: never article text, whatever else fails
  bool embed = false;          // an embedded post (tweet, video) the story quotes
  const char* flag = nullptr;  // what dropping it records (Article::flags), if it means anything
  bool weak_negative = false;
  bool weak_not_more = false;  // a weak word other than "more" ("Read more" folds hold text)
  bool positive = false;
  bool caption = false;  // a caption or credit word: never words of the story's sentences
};

/// t.starts_with(p), its first letter compared inline: every class word of a page is held
/// against some 90 words, and a call to memcmp() each was a tenth of the extraction.
inline bool opens_with(std::string_view t, std::string_view p) {
  return t.size() >= p.size() && !p.empty() && t[0] == p[0] && t.compare(0, p.size(), p) == 0;
}

/// The flag a boilerplate class word stands for ("ad-slot" -> "ads"); null for most words.
const char* flag_for_token(std::string_view t) {
  if (t == "ad" || t == "ads" || t == "dfp" || opens_with(t, "advert") || opens_with(t, "sponsor"))
    return "ads";
  if (opens_with(t, "related") || opens_with(t, "recirc") || opens_with(t, "recommend") ||
      opens_with(t, "outbrain") || opens_with(t, "taboola"))
    return "related_box";
  if (opens_with(t, "newsletter") || t.find("signup") != std::string_view::npos ||
      opens_with(t, "subscribe"))
    return "newsletter";
  if (opens_with(t, "share") || opens_with(t, "sharing") || opens_with(t, "social"))
    return "share_bar";
  if (opens_with(t, "cookie") || opens_with(t, "consent") || t == "gdpr") return "cookie_banner";
  if (opens_with(t, "comment") || t == "disqus") return "comments";
  return nullptr;
}

ClassVerdict judge_classes(const xmlNode* n) {
  ClassVerdict v;
  bool after_no = false;  // "no_caption": an item without a caption, not a caption
  auto visit = [&](std::string_view t) {
    if (std::exchange(after_no, t == "no") && opens_with(t, "caption")) return;
    if (t.find("caption") != std::string_view::npos || t == "credit" || t == "credits" ||
        opens_with(t, "copyright"))
      v.caption = true;
    for (std::string_view p : kNegativePrefixes)
      if (opens_with(t, p)) v.strong_negative = true;
    // Compounds that end in the word: "emailSignup", "textresizer"; a call to action ("cta").
    if (t.find("signup") != std::string_view::npos || t.find("resizer") != std::string_view::npos ||
        t == "cta")
      v.strong_negative = true;
    if (opens_with(t, "comment") || t == "disqus" || t == "replies" || t == "respond")
      v.comments = true;
    if (!v.flag) v.flag = flag_for_token(t);
    if (std::find(kNegativeWords.begin(), kNegativeWords.end(), t) != kNegativeWords.end()) {
      v.weak_negative = true;
      if (t != "more") v.weak_not_more = true;
    }
    if (std::find(kPositiveWords.begin(), kPositiveWords.end(), t) != kPositiveWords.end())
      v.positive = true;
    // "social-media-embed": an embedded post quoted by the story, not a share bar.
    if (t == "embed" || t == "embedded" || t == "tweet") v.embed = true;
  };
  for_each_token(attr(n, "class"), visit);
  for_each_token(attr(n, "id"), visit);
  const std::string_view role = attr(n, "role");
  if (in_list(role, {"navigation", "menu", "menubar", "complementary", "banner", "contentinfo",
                     "dialog", "alertdialog", "search"}))
    v.strong_negative = true;
  if (role == "main" || role == "article") v.positive = true;
  if ((v.strong_negative || v.weak_negative) && !v.embed) v.weight -= 25;
  if (v.positive) v.weight += 25;
  return v;
}

/// An inline element with words of the sentence around it (`<a class="meta-loc">Sudan</a>` in
/// a paragraph, `<span class="dateline">CAIRO —</span> Gunmen...`): its class names what the
/// words are, not a box to drop, and removing it leaves a hole mid-sentence.
bool in_running_text(const xmlNode* n) {
  if (!in_list(node_name(n), {"a", "span", "b", "strong", "em", "i", "u", "abbr", "cite", "time",
                              "small", "mark", "q", "sup", "sub", "font"}))
    return false;
  auto words = [](const xmlNode* s) {
    return s->type == XML_TEXT_NODE && s->content &&
           !trim(reinterpret_cast<const char*>(s->content)).empty();
  };
  // Three neighbours each way; white space and elements of its own kind between them not
  // counted (a run of hashtags or terms: "#Nvidia #TSMC #ASML"), up to a bound.
  const std::string_view kind = attr(n, "class");
  auto passes_over = [&](const xmlNode* s) {
    if (s->type == XML_TEXT_NODE)
      return !s->content || trim(reinterpret_cast<const char*>(s->content)).empty();
    return is_element(s) && node_name(s) == node_name(n) && attr(s, "class") == kind;
  };
  for (const bool forward : {false, true}) {
    int look = 3, steps = 64;
    for (const xmlNode* s = forward ? n->next : n->prev; s && look > 0 && steps > 0;
         s = forward ? s->next : s->prev, --steps) {
      if (words(s)) return true;
      look -= !passes_over(s);
    }
  }
  return false;
}

/// Page chrome set inside a sentence: a share button ("Tweet this"), a group of links
/// ("Twitter Facebook"), a label ("Advertisement").
bool is_inline_chrome(const xmlNode* n) {
  int links = 0;
  bool share = false;
  for_each_link(n, [&](const xmlNode* a) {
    ++links;
    share = share || is_share_intent(attr(a, "href"));
  });
  if (links >= 2 || share) return true;
  // A link's words are a title or the sentence's ("mirrors <a>Related Coverage</a>,"); a
  // label is set in no link.
  if (node_name(n) == "a") return false;
  std::string text;
  append_raw_text(n, text, 200);
  const std::string line = collapse_whitespace(text);
  // A label is written as one ("Advertisement", "AD"); "across <span class=ad>ad</span>
  // formats" is a word of the sentence.
  return line.size() <= 200 &&
         std::any_of(line.begin(), line.end(),
                     [](char c) { return std::isupper(static_cast<unsigned char>(c)); }) &&
         classify_boilerplate(line) != Boilerplate::kNone;
}

bool is_hidden(const xmlNode* n) {
  if (has_attr(n, "hidden")) return true;
  // Text for screen readers only ("Image copyright", "Close share panel", "opens in a new
  // window"): what a reader of the page never sees.
  // Searched in place, case-insensitively: this runs on every element that has a class.
  if (const std::string_view cls = attr(n, "class"); !cls.empty()) {
    const auto same = [](char a, char b) { return ascii_lower(a) == b; };
    for (std::string_view k : {"off-screen", "offscreen", "sr-only", "visually-hidden",
                               "visuallyhidden", "screen-reader", "screenreader"})
      if (std::search(cls.begin(), cls.end(), k.begin(), k.end(), same) != cls.end()) return true;
  }
  if (attr(n, "aria-hidden") == "true") return true;
  const std::string_view style = attr(n, "style");
  if (style.empty()) return false;
  std::string s;
  for (char c : style)
    if (c != ' ') s += ascii_lower(c);
  return s.find("display:none") != std::string::npos ||
         s.find("visibility:hidden") != std::string::npos;
}

/// A pull quote: the story's own words again, set large as a design element ("pullquote",
/// "pull-quote", WordPress's "wp-block-pullquote").
bool is_pull_quote(const xmlNode* n) {
  // Whole class names ("c-pullquote", "wp-block-pullquote"), not a wrapper's setting
  // ("entry-content pullquote-enabled").
  bool named = false;
  for_each_class(attr(n, "class"), [&](std::string_view c) {
    // Not a setting's name ("has-pullquote", "with-pullquote", "is-style-pullquote").
    if (c.starts_with("has-") || c.starts_with("with-") || c.starts_with("no-") ||
        c.starts_with("is-"))
      return;
    for (std::string_view w : {"pullquote", "pull-quote", "pull_quote"})
      named =
          named || c == w ||
          (c.ends_with(w) && !std::isalnum(static_cast<unsigned char>(c[c.size() - w.size() - 1])));
  });
  return named;
}

/// Words of `s` for comparing quotes: ASCII letters and digits lower-cased, other letters as
/// they are, one space for any run of punctuation or space (curly quotes, dashes, no-break
/// spaces and guillemets included).
std::string quote_words(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size();) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    size_t len = 1;
    bool letter = std::isalnum(c) != 0;
    if (c >= 0x80) {
      len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
      const std::string_view seq = s.substr(i, len);
      letter = !(seq.starts_with("\xE2\x80") || seq == "\xC2\xA0" || seq == "\xC2\xAB" ||
                 seq == "\xC2\xBB");
    }
    if (letter) {
      for (size_t k = i; k < i + len && k < s.size(); ++k) out += ascii_lower(s[k]);
    } else if (!out.empty() && out.back() != ' ') {
      out += ' ';
    }
    i += len;
  }
  if (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

/// Drops the pull quotes whose words the story's text holds: a reader meets them twice on
/// the page, and kept they would count twice in the index and read twice in the text. A pull
/// quote of words found nowhere else stays (some pages set a real quote so).
void drop_repeated_pull_quotes(std::vector<TextBlock>& blocks) {
  if (std::none_of(blocks.begin(), blocks.end(), [](const TextBlock& b) { return b.pull_quote; }))
    return;
  // Each run of four words of the story, hashed: a quote is the story's when each of its runs
  // is (linear in the text, however many quotes; a search of the story for each was not).
  auto hashes = [](const std::string& words) {
    std::vector<uint64_t> h;
    for (const std::string& w : split(words, ' ')) h.push_back(std::hash<std::string>{}(w));
    return h;
  };
  auto gram = [](const std::vector<uint64_t>& h, size_t i) {
    uint64_t g = 1469598103934665603ULL;
    for (size_t k = i; k < i + 4; ++k) g = (g ^ h[k]) * 1099511628211ULL;
    return g;
  };
  std::unordered_set<uint64_t> story;
  for (const TextBlock& b : blocks) {
    if (b.pull_quote) continue;
    const std::vector<uint64_t> h = hashes(quote_words(b.text));
    for (size_t i = 0; i + 4 <= h.size(); ++i) story.insert(gram(h, i));
  }
  // A quote's blocks go together (its attribution with it) when the repeated ones hold most of
  // its text: one paragraph of a box that repeats the summary leaves the box's others.
  std::map<int, std::pair<size_t, size_t>> bytes;  // per quote: its bytes, those repeated
  for (const TextBlock& b : blocks)
    if (b.pull_quote) bytes[b.pull_quote].first += b.text.size();
  std::vector<int> repeated;
  for (const TextBlock& b : blocks) {
    if (b.pull_quote == 0 || b.heading || b.text.size() > 2000) continue;
    // The quote's words, or those before its attribution ("... today." — Jane Doe).
    const std::string said = b.text.substr(
        0,
        std::min({b.text.find(" \xE2\x80\x94"), b.text.find(" \xE2\x80\x93"), b.text.find(" - ")}));
    for (const std::string& text : {b.text, said}) {
      const std::vector<uint64_t> h = hashes(quote_words(text));
      bool all = h.size() >= 4;
      for (size_t i = 0; all && i + 4 <= h.size(); ++i) all = story.count(gram(h, i)) > 0;
      if (all) {
        bytes[b.pull_quote].second += b.text.size();
        break;
      }
    }
  }
  for (const auto& [quote, size] : bytes)
    if (size.second * 2 > size.first) repeated.push_back(quote);
  std::erase_if(blocks, [&](const TextBlock& b) {
    return b.pull_quote != 0 &&
           std::find(repeated.begin(), repeated.end(), b.pull_quote) != repeated.end();
  });
}

/// A code block's line-number gutter (Chroma's "lnt", Pygments' "linenos", Rouge's
/// "rouge-gutter", highlight.js's "hljs-ln-numbers", a gist's "blob-num"): numbers the reader
/// skips, glued to the code's lines when kept ("1int z = 3;"). Named so, and numbers only: the
/// code beside them, in a cell of the same class, stays.
bool is_code_table(const xmlNode* n);
bool is_editor_code(const xmlNode* n);

bool is_line_number_gutter(const xmlNode* n) {
  // A <pre> or <code> is the code (Prism names its <pre> "line-numbers").
  const std::string_view tag = node_name(n);
  if (tag == "pre" || tag == "code") return false;
  bool named = false;
  // Asked of every element: the class words split only when one of the names could be there.
  const std::string_view cls = attr(n, "class");
  const auto same = [](char a, char b) { return ascii_lower(a) == b; };
  bool maybe = false;
  for (std::string_view k : {"ln", "line", "gutter", "num"})
    maybe = maybe || std::search(cls.begin(), cls.end(), k.begin(), k.end(), same) != cls.end();
  if (maybe)
    for_each_class(cls, [&](std::string_view c) {
      named = named || in_list(c, {"ln",
                                   "lnt",
                                   "lineno",
                                   "linenos",
                                   "linenodiv",
                                   "gutter",
                                   "rouge-gutter",
                                   "line-number",
                                   "line-numbers",
                                   "linenumber",
                                   "linenumbers",
                                   "line-num",
                                   "hljs-ln-numbers",
                                   "hljs-ln-n",
                                   "blob-num",
                                   "code-line-number",
                                   "react-line-number",
                                   "lnlinks",
                                   "codemirror-linenumber",
                                   "codemirror-gutter-wrapper",
                                   "cm-gutters",
                                   "cm-gutter",
                                   "cm-gutterelement",
                                   "ace_gutter",
                                   "ace_gutter-layer",
                                   "ace_gutter-cell"});
    });
  if (!named) return false;
  // An editor's gutters, whatever marks they hold (CodeMirror 6's fold markers "⌄").
  bool editor_gutters = false;
  for_each_class(cls, [&](std::string_view c) {
    editor_gutters = editor_gutters || c == "cm-gutters" || c == "ace_gutter";
  });
  // Beside code: in a <pre> or a <code>, or a cell of a code table or next to a cell of code
  // (a "line-number" of a vote count in a sentence, a bus line's in a timetable, is the
  // story's).
  bool by_code = false;
  if (tag == "td") {
    const xmlNode* table = n->parent;
    while (table && is_element(table) && node_name(table) != "table") table = table->parent;
    by_code = table && is_element(table) && is_code_table(table);
    for (const xmlNode* c = n->next; c && !by_code; c = c->next)
      by_code = is_element(c) && (find_first(c, "pre") || find_first(c, "code"));
  }
  // Or in a code editor, whose gutter sits beside its lines (CodeMirror 6's, Ace's).
  int up = 0;
  for (const xmlNode* p = n->parent; p && is_element(p) && !by_code && up < 8;
       p = p->parent, ++up) {
    by_code = in_list(node_name(p), {"pre", "code"}) || is_editor_code(p);
    for_each_class(attr(p, "class"), [&](std::string_view c) {
      by_code = by_code || c == "cm-editor" || c == "ace_editor" || c == "codemirror";
    });
  }
  if (!by_code) return false;
  constexpr size_t kMax = 1 << 16;  // a gutter of some 10,000 lines
  std::string text;
  append_raw_text(n, text, kMax);
  return text.size() <= kMax &&
         (editor_gutters || std::all_of(text.begin(), text.end(), [](char c) {
            return std::isdigit(static_cast<unsigned char>(c)) ||
                   std::isspace(static_cast<unsigned char>(c));
          }));
}

/// Whether `n` is code or holds some, looking at `budget` elements at most: a <pre>, an
/// editor's text (a <textarea>, CodeMirror's contenteditable lines), and with `inline_code` a
/// <code> (a paragraph's "run <code>make</code>" is no code block).
bool holds_code(const xmlNode* n, int& budget, bool inline_code) {
  if (!is_element(n) || --budget < 0) return false;
  const std::string_view t = node_name(n);
  if (t == "pre" || (inline_code && t == "code") || t == "textarea" ||
      has_attr(n, "contenteditable"))
    return true;
  for (const xmlNode* c = n->children; c; c = c->next)
    if (is_element(c) && holds_code(c, budget, inline_code)) return true;
  return false;
}

/// The chrome of a code widget beside its code: a fake terminal's or window's title bar ("zsh —
/// 80×24" in a "terminal-header"), a sandbox's header and output placeholder ("Try it", "Press
/// Run to see results." in a "try-it-output"). Named so by its class or id, or its box's, short,
/// no code itself, right beside a code block; never a heading, a figure's or a listing's
/// title, and a sandbox's output only while it tells how to run it (a REPL's "42" is its
/// result).
bool is_widget_chrome(const xmlNode* n) {
  if (is_heading_tag(node_name(n))) return false;
  const xmlNode* parent = n->parent;
  if (!parent || !is_element(parent)) return false;
  // What the words of an element's class and id name (asked of every element: each word
  // looked up once, lower-cased in place of up to 11 letters; nothing longer is one of them).
  enum : unsigned {
    kChrome = 1,
    kOutput = 2,
    kWindow = 4,
    kTitlebar = 8,
    kSandbox = 16,
    kTry = 32,
    kIt = 64
  };
  static const std::unordered_map<std::string_view, unsigned> kWords{
      {"header", kChrome},
      {"toolbar", kChrome},
      {"titlebar", kChrome | kTitlebar},
      {"title", kChrome},
      {"bar", kChrome},
      {"controls", kChrome},
      {"actions", kChrome},
      {"buttons", kChrome},
      {"output", kOutput},
      {"result", kOutput},
      {"results", kOutput},
      {"status", kOutput},
      {"hint", kOutput},
      {"placeholder", kOutput},
      {"terminal", kWindow},
      {"console", kWindow},
      {"window", kWindow},
      {"tryit", kSandbox},
      {"playground", kSandbox},
      {"sandbox", kSandbox},
      {"repl", kSandbox},
      {"try", kTry},
      {"it", kIt}};
  struct Names {
    bool chrome = false, output = false, window = false, titlebar = false, sandbox = false,
         try_ = false, it = false;
  };
  const auto names = [](const xmlNode* e) {
    unsigned found = 0;
    for (const std::string_view a : {attr(e, "class"), attr(e, "id")})
      for (size_t i = 0; i < a.size();) {
        size_t j = i;
        while (j < a.size() && std::isalnum(static_cast<unsigned char>(a[j]))) ++j;
        if (j - i >= 2 && j - i <= 11) {
          char lower[11];
          for (size_t k = i; k < j; ++k) lower[k - i] = ascii_lower(a[k]);
          if (const auto w = kWords.find(std::string_view(lower, j - i)); w != kWords.end())
            found |= w->second;
        }
        i = j + 1;
      }
    return Names{(found & kChrome) != 0,   (found & kOutput) != 0,  (found & kWindow) != 0,
                 (found & kTitlebar) != 0, (found & kSandbox) != 0, (found & kTry) != 0,
                 (found & kIt) != 0};
  };
  const Names own = names(n);
  if (!own.chrome && !own.output) return false;
  const Names box = names(parent);
  const bool sandbox = own.sandbox || (own.try_ && own.it) || box.sandbox || (box.try_ && box.it);
  const bool window = own.window || own.titlebar || box.window;
  if (!sandbox && !window) return false;
  // A sandbox's output is its placeholder until run; a terminal's or a console's is the story's.
  if (!own.chrome && !(sandbox && own.output)) return false;
  std::string text;
  append_raw_text(n, text, 128);
  if (text.size() > 100 || count_words(collapse_whitespace(text)) > 10) return false;
  {
    const std::string low = " " + to_lower_ascii(collapse_whitespace(text)) + " ";
    bool instruction = false;
    for (std::string_view w : {" press ", " click ", " tap ", " run ", " will appear",
                               " appears here", " shown here", " output here"})
      instruction = instruction || low.find(w) != std::string::npos;
    // An output's placeholder tells what to do; a header that reads as a sentence (a label or
    // a stop, and words in lower case: "Output: error: linker cc not found") and is no
    // instruction is the story's. A title is not ("zsh — 80×24", "Ubuntu terminal on my
    // laptop", "File Edit View Terminal Tabs Help").
    const std::string line(trim(collapse_whitespace(text)));
    int prose = 0;
    for (const std::string& w : split(line, ' '))
      prose += w.size() >= 2 &&
               std::all_of(w.begin(), w.end(), [](char c) { return c >= 'a' && c <= 'z'; });
    const bool sentence =
        prose >= 4 && (line.find(": ") != std::string::npos || line.ends_with('.') ||
                       line.ends_with('!') || line.ends_with('?'));
    if (!instruction && (!own.chrome || sentence)) return false;
  }
  // A figure's or a listing's title over the code is the story's ("Figure 3: ...", "Listing 1.").
  {
    const std::string low = to_lower_ascii(std::string(trim(text)));
    for (std::string_view w :
         {"figure", "fig.", "listing", "example", "table", "step", "exhibit", "chart"})
      if (low.starts_with(w)) return false;
    // So is the code's file name ("src/main.rs", "Dockerfile.prod").
    const size_t dot = low.rfind('.');
    if (!low.empty() && low.find(' ') == std::string::npos && dot != std::string::npos && dot > 0 &&
        low.size() - dot >= 2 && low.size() - dot <= 6)
      return false;
  }
  int budget = 200;
  if (holds_code(n, budget, true)) return false;
  // The element right before or after it: the code the chrome frames (a header over a table
  // and then code names the table).
  budget = 400;
  for (const bool forward : {false, true})
    for (const xmlNode* s = forward ? n->next : n->prev; s; s = forward ? s->next : s->prev)
      if (is_element(s)) {
        if (holds_code(s, budget, false)) return true;
        break;
      }
  return false;
}

/// A footnote's mark ("B-tree<sup><a href="#fn:1">1</a></sup>") or its way back ("↩"): a
/// number glued to the word it follows ("B-tree1"), an arrow read as text. A link within the
/// page, numbered or an arrow, in a <sup> or named a note's; "Figure <a href=#f2>2</a>" stays,
/// and so does a bracketed mark ("[1]", a wiki's), which reads apart from its word.
bool is_note_mark(const xmlNode* n) {
  if (node_name(n) != "a" || !attr(n, "href").starts_with('#')) return false;
  std::string text;
  append_raw_text(n, text, 32);
  std::string_view t = trim(text);
  if (t.ends_with("\xEF\xB8\x8E")) t.remove_suffix(3);  // text presentation: "↩︎"
  const bool arrow = t == "\xE2\x86\xA9" || t == "\xE2\x86\x91" || t == "^";
  const bool number = !t.empty() && t.size() <= 4 && std::all_of(t.begin(), t.end(), [](char c) {
    return std::isdigit(static_cast<unsigned char>(c));
  });
  if (!arrow && !number) return false;
  // A number raised after a number ("10<sup>12</sup>") or after a one-letter name ("n<sup>2
  // </sup>", "m<sup>2</sup>") is a power, however its link is named.
  const xmlNode* sup = node_name(n->parent) == "sup" ? n->parent : nullptr;
  if (sup && number) {
    const xmlNode* before = sup->prev;
    std::string_view b;
    if (before && before->type == XML_TEXT_NODE && before->content)
      b = reinterpret_cast<const char*>(before->content);
    if (b.empty()) return false;
    const unsigned char last = static_cast<unsigned char>(b.back());
    if (std::isdigit(last)) return false;
    if (std::isalpha(last) &&
        (b.size() == 1 || !std::isalnum(static_cast<unsigned char>(b[b.size() - 2]))))
      return false;
    return true;  // after a word or a mark: "burnout:<sup>24</sup>", "B-tree<sup>1</sup>"
  }
  // Elsewhere, a link named a note's, by whole words of its class, href, id, DPUB role or
  // O'Reilly's data-type ("fn1", "fnref:1", "cite_note-4", "noteref"; not "#preferences").
  bool named = false;
  for (std::string_view a : {"class", "href", "id", "role", "data-type", "rel"}) {
    std::string word;
    const std::string v = to_lower_ascii(attr(n, a)) + " ";
    for (const char c : v) {
      if (std::isalpha(static_cast<unsigned char>(c))) {
        word += c;
        continue;
      }
      named = named || in_list(word, {"fn", "fnref", "footnote", "footnotes", "note", "noteref",
                                      "backref", "backlink", "cite", "endnote", "reversefootnote",
                                      "footnotebackref", "footnoteref"});
      word.clear();
    }
  }
  return named;
}

/// Whether <sup> `n` after the text `before` is an exponent: a number (a sign before it or
/// not) after a number, a one-letter name or a bracket ("10<sup>-6</sup>", "n<sup>2</sup>",
/// "(x+1)<sup>2</sup>"), or a letter after a one-letter name ("e<sup>n</sup>"). Not an
/// ordinal ("1<sup>st</sup>", "2<sup>e</sup>"), a mark ("<sup>TM</sup>") or a note after a word.
bool is_power(const xmlNode* n, std::string_view before) {
  if (before.empty()) return false;
  std::string text;
  append_raw_text(n, text, 16);
  std::string_view t = trim(text);
  if (t.empty() || t.size() > 8) return false;
  if (t.starts_with("\u2212"))
    t.remove_prefix(3);  // the minus sign
  else if (t[0] == '-' || t[0] == '+')
    t.remove_prefix(1);
  const auto digit = [](char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; };
  const auto letter = [](char c) { return std::isalpha(static_cast<unsigned char>(c)) != 0; };
  const bool number = !t.empty() && t.size() <= 4 && std::all_of(t.begin(), t.end(), digit);
  const bool name = t.size() == 1 && letter(t[0]);
  const char last = before.back();
  const bool one_letter =
      letter(last) &&
      (before.size() == 1 || !std::isalnum(static_cast<unsigned char>(before[before.size() - 2])));
  // A base of three digits at most ("10", "256"): "2019<sup>3</sup>" is a year's note.
  size_t base = 0;
  while (base < before.size() && digit(before[before.size() - 1 - base])) ++base;
  if (number) return (base >= 1 && base <= 3) || one_letter || last == ')';
  return name && one_letter;
}

/// An emoji drawn as a picture (WordPress's "wp-smiley", Twemoji's "emoji"): its alt text is
/// the character the author typed.
bool is_emoji_image(const xmlNode* n) {
  // The alt of an emoji: the character itself, a ":shortcode:" or an emoticon (":)"), never
  // words ("Smiling CEO").
  const std::string_view alt = attr(n, "alt");
  if (alt.empty() || alt.size() > 32) return false;
  const bool character = static_cast<unsigned char>(alt[0]) >= 0x80 && alt.size() <= 16;
  const bool shortcode = alt.size() > 2 && alt.front() == ':' && alt.back() == ':' &&
                         alt.find(' ') == std::string_view::npos;
  const bool emoticon = alt.size() <= 4 && std::none_of(alt.begin(), alt.end(), [](char c) {
                          return std::isalpha(static_cast<unsigned char>(c)) && c != 'D' &&
                                 c != 'P' && c != 'p' && c != 'o' && c != 'O';
                        });
  if (!character && !shortcode && !emoticon) return false;
  bool emoji = false;
  for_each_class(attr(n, "class"), [&](std::string_view c) {
    emoji = emoji || c == "emoji" || c == "wp-smiley" || c == "emoticon" || c == "smiley";
  });
  return emoji;
}

/// The document made ready to read: a class or an id longer than kMaxNameBytes (a utility
/// framework's lists run to 3 KB) is cut at a
/// word there (every element's names are read again for each of its descendants, and a
/// hostile page's 600 KB class over 20,000 children took 37 s); emoji drawn as pictures become
/// their characters, wherever they are ("last month 🎉.", a heading's "Launch day 🚀", a
/// list's items): a hole in the text otherwise, and a list of them read as a gallery's
/// pictures.
constexpr size_t kMaxNameBytes = 4096;

void prepare_document(xmlDoc* doc) {
  std::vector<xmlNode*> emoji;
  std::vector<xmlNode*> stack{doc->children};
  while (!stack.empty()) {
    xmlNode* n = stack.back();
    stack.pop_back();
    for (; n; n = n->next) {
      if (n->type != XML_ELEMENT_NODE) continue;
      for (const char* name : {"class", "id"}) {
        const std::string_view v = attr(n, name);
        if (v.size() <= kMaxNameBytes) continue;
        size_t cut = v.rfind(' ', kMaxNameBytes);
        if (cut == std::string_view::npos) cut = kMaxNameBytes;
        const std::string kept(v.substr(0, cut));
        xmlSetProp(n, reinterpret_cast<const xmlChar*>(name),
                   reinterpret_cast<const xmlChar*>(kept.c_str()));
      }
      if (node_name(n) == "img" && is_emoji_image(n)) emoji.push_back(n);
      if (n->children) stack.push_back(n->children);
    }
  }
  for (xmlNode* img : emoji) {
    const std::string alt(attr(img, "alt"));
    xmlNode* text = xmlNewDocText(doc, reinterpret_cast<const xmlChar*>(alt.c_str()));
    if (!text) continue;
    xmlReplaceNode(img, text);
    xmlFreeNode(img);
  }
}

/// Whether `n`'s class or id names it as text the reader does not see ("hidden", "print",
/// "modal", "popup", "overlay", "skip" words).
bool names_unseen(const xmlNode* n) {
  bool unseen = false;
  auto visit = [&](std::string_view t) {
    unseen = unseen || in_list(t, {"hidden", "print", "modal", "popup", "overlay", "skip"});
  };
  for_each_token(attr(n, "class"), visit);
  for_each_token(attr(n, "id"), visit);
  return unseen;
}

/// A code editor's lines (CodeMirror 5's "CodeMirror-code", a <pre> a line; CodeMirror 6's
/// "cm-content", a <div> a line; Ace's "ace_text-layer"): one block of code, as a <pre>, not a
/// paragraph a line with its indentation lost.
bool is_editor_code(const xmlNode* n) {
  if (node_name(n) != "div") return false;
  const std::string_view cls = attr(n, "class");
  if (cls.find("ode") == std::string_view::npos && cls.find("content") == std::string_view::npos &&
      cls.find("text-layer") == std::string_view::npos)
    return false;
  bool editor = false, cm6 = false;
  for_each_class(cls, [&](std::string_view c) {
    editor = editor || c == "codemirror-code" || c == "ace_text-layer";
    cm6 = cm6 || c == "cm-content";
  });
  // "cm-content" alone could name a site's own content box: CodeMirror 6's is editable, in its
  // editor's scroller, or made of its "cm-line"s.
  if (cm6 && !editor) {
    bool in_editor = false, lines = false;
    if (const xmlNode* p = n->parent; p && is_element(p))
      for_each_class(attr(p, "class"),
                     [&](std::string_view c) { in_editor = in_editor || c == "cm-scroller"; });
    const xmlNode* first = n->children;
    while (first && !is_element(first)) first = first->next;
    if (first && node_name(first) == "div")
      for_each_class(attr(first, "class"),
                     [&](std::string_view c) { lines = lines || c == "cm-line"; });
    editor = has_attr(n, "contenteditable") || attr(n, "role") == "textbox" || in_editor || lines;
  }
  return editor;
}

/// A table that lays out a code block's lines (a gist's "js-file-line-container", Pygments'
/// "highlighttable", Rouge's "rouge-table", Chroma's "lntable", highlight.js's "hljs-ln"): one
/// block of lines, as a <pre>, not a cell a paragraph.
bool is_code_table(const xmlNode* n) {
  bool code = false;
  for_each_class(attr(n, "class"), [&](std::string_view c) {
    code = code || in_list(c, {"js-file-line-container", "highlighttable", "rouge-table", "lntable",
                               "hljs-ln"});
  });
  return code;
}

int count_text(std::string_view s, int& commas) {
  int n = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (c == ',') ++commas;
    if (!(c == ' ' || c == '\n' || c == '\t' || c == '\r')) ++n;
  }
  return n;
}

/// What an attempt may use; later attempts relax these when the first finds too little text
/// (a page whose article container is named "content-with-sidebar" or "advertising-post").
struct Passes {
  bool strip_by_vocabulary = true;
  bool strip_comments = true;
  bool weight_classes = true;
  bool clean_conditionally = true;
  // Pictures' captions: a gallery's text is its captions, a story's are beside the point.
  bool keep_captions = false;
};

/// Whether `text` holds the opening words of the first paragraph among `blocks` (true when
/// none is long enough to tell).
bool opens_within(const std::vector<TextBlock>& blocks, std::string_view text) {
  for (const TextBlock& b : blocks) {
    if (b.heading || count_words(b.text) < 12) continue;
    std::string opening = collapse_whitespace(b.text);
    opening = truncate_utf8(opening, 60);
    if (opening.ends_with("\xE2\x80\xA6")) opening.resize(opening.size() - 3);  // the "…" mark
    return collapse_whitespace(looks_like_html(text) ? html_to_text(text) : std::string(text))
               .find(opening) != std::string::npos;
  }
  return true;
}

/// The rank role="heading" (aria-level, 2 when it has none, as ARIA says) or a subhead class
/// word gives an element; 0 for neither.
int pseudo_heading_rank(const xmlNode* n) {
  if (iequals_ascii(trim(attr(n, "role")), "heading")) {
    const std::string_view l = trim(attr(n, "aria-level"));
    return l.size() == 1 && l[0] >= '1' && l[0] <= '6' ? l[0] - '0' : 2;
  }
  const std::string cls = to_lower_ascii(attr(n, "class"));
  if (cls.find("head") == std::string::npos && cls.find("intertitle") == std::string::npos)
    return 0;  // most blocks: no word to look at
  for (const std::string& token : split(cls, ' '))
    for (std::string_view w : {"subheadline", "subhead", "subheading", "crosshead", "intertitle"})
      if (token == w || token.ends_with(std::string("_") + std::string(w)) ||
          token.ends_with(std::string("-") + std::string(w)))
        return 3;
  return 0;
}

/// The rank of a heading written without <hN> (pseudo_heading_rank); 0 for none, or for a block
/// that holds other blocks (a container, not a heading).
int pseudo_heading_level(const xmlNode* n) {
  const int level = pseudo_heading_rank(n);
  if (level == 0) return 0;
  for (const xmlNode* c = n->children; c; c = c->next)
    if (is_element(c) && is_block_tag(node_name(c))) return 0;
  return level;
}

/// A <header> that heads a part of the story: inside a <section> with more after it, holding
/// a heading of rank 2 to 6 and no <h1> (a masthead holds the headline).
bool heads_a_section(const xmlNode* header) {
  if (!is_element(header->parent) || node_name(header->parent) != "section") return false;
  bool more_after = false;
  for (const xmlNode* s = header->next; s && !more_after; s = s->next) more_after = is_element(s);
  if (!more_after) return false;
  bool sub_heading = false;
  // Its heading sits at most two levels down (<header><div><h2>).
  for (const xmlNode* c = header->children; c; c = c->next) {
    if (!is_element(c)) continue;
    const std::string_view n = node_name(c);
    if (n == "h1") return false;
    if (is_heading_tag(n)) sub_heading = true;
    for (const xmlNode* g = c->children; g; g = g->next) {
      if (!is_element(g)) continue;
      if (node_name(g) == "h1") return false;
      if (is_heading_tag(node_name(g))) sub_heading = true;
    }
  }
  return sub_heading;
}

class Extractor {
 public:
  Extractor(xmlDoc* doc, std::string title, Passes passes)
      : doc_(doc), title_(std::move(title)), passes_(passes) {
    title_norm_ = norm(title_);
  }

  /// Flags for the boilerplate containers the vocabulary dropped (valid after run()).
  const std::vector<const char*>& dropped_flags() const { return dropped_flags_; }

  std::vector<TextBlock> run() {
    xmlNode* root = xmlDocGetRootElement(doc_);
    if (!root) return {};
    infos_.reserve(4096);
    annotate(root, 0);
    body_ = root;
    for (xmlNode* c = root->children; c; c = c->next)
      if (node_name(c) == "body") body_ = c;
    score_paragraphs(body_, 0);
    xmlNode* top = pick_top();
    std::vector<TextBlock> blocks;
    if (!top) top = body_;
    top = climb_repeated_wrapper(top);
    // Kickers are dropped only above the headline: an <h1> that is not before the text.
    if (const xmlNode* h1 = find_first(body_, "h1"))
      h1_follows_ = xmlXPathCmpNodes(const_cast<xmlNode*>(h1), top) != 1;
    emit_with_siblings(top, has_info(top) ? info(top).score : 0, blocks);
    return blocks;
  }

 private:
  Info& info(const xmlNode* n) { return infos_[reinterpret_cast<size_t>(n->_private) - 1]; }
  bool has_info(const xmlNode* n) const { return n && n->_private != nullptr; }

  static std::string norm(std::string_view s) {
    std::string out;
    for (unsigned char c : s)
      if (std::isalnum(c) || c >= 0x80) out += ascii_lower(static_cast<char>(c));
    return out;
  }

  void note_flag(const char* flag) {
    if (flag &&
        std::find(dropped_flags_.begin(), dropped_flags_.end(), flag) == dropped_flags_.end())
      dropped_flags_.push_back(flag);
  }

  /// A hover card: right after a link, a box that links the same page again among other links
  /// (a person's picture, name and latest headlines, shown on hover). Its text would land in
  /// the middle of the sentence that holds the link.
  static bool is_hover_card(const xmlNode* n) {
    const std::string_view name = node_name(n);
    if (name != "span" && name != "div") return false;
    const xmlNode* prev = n->prev;
    while (prev && prev->type == XML_TEXT_NODE &&
           (!prev->content || trim(reinterpret_cast<const char*>(prev->content)).empty()))
      prev = prev->prev;
    if (!is_element(prev) || node_name(prev) != "a") return false;
    const std::string_view href = attr(prev, "href");
    if (href.empty() || href.starts_with('#')) return false;
    // A bounded walk: a card is small, and a deep chain of such boxes stays linear.
    int budget = 200, links = 0;
    bool again = false;
    std::vector<const xmlNode*> stack{n->children};
    while (!stack.empty() && budget > 0) {
      const xmlNode* c = stack.back();
      stack.pop_back();
      for (; c && budget > 0; c = c->next, --budget) {
        if (!is_element(c)) continue;
        if (node_name(c) == "a") {
          ++links;
          again = again || attr(c, "href") == href;
        } else if (c->children) {
          stack.push_back(c->children);
        }
      }
    }
    return again && links >= 2;
  }

  // Whether `n` is a <figcaption> or inside one.
  static bool in_figcaption(const xmlNode* n) {
    for (int up = 0; n && up < 8; n = n->parent, ++up)
      if (n->type == XML_ELEMENT_NODE && node_name(n) == "figcaption") return true;
    return false;
  }

  // Pass 1: statistics and junk marks, bottom-up.
  void annotate(xmlNode* n, int depth) {
    infos_.emplace_back();
    n->_private = reinterpret_cast<void*>(infos_.size());
    const size_t self = infos_.size() - 1;
    const std::string_view name = node_name(n);
    Info local;
    bool more_only = false;        // junk only for the word "more"
    bool caption = false;          // junk unless it holds much text
    bool mixed = false;            // a boilerplate word beside an article word: junk when small
    bool vocabulary_junk = false;  // junk for a class word alone (no comments, ads, shares)
    const bool takeaways = name == "aside" && depth <= kMaxDepth && is_takeaway_aside(n);
    const bool kept_caption = passes_.keep_captions && name == "figcaption";
    const bool note_box = name == "aside" && !takeaways && is_note_box(n);
    const bool quote_credit = is_quote_attribution(n);
    if (depth > kMaxDepth ||
        (is_dropped_tag(name) && !takeaways && !kept_caption && !note_box && !quote_credit) ||
        is_hidden(n) || is_hover_card(n) || is_line_number_gutter(n) || is_note_mark(n) ||
        is_widget_chrome(n)) {
      local.junk = true;
      if (depth <= kMaxDepth && has_attr(n, "class")) note_flag(judge_classes(n).flag);
      infos_[self] = local;
      return;
    }
    if (name != "html" && name != "body" && !takeaways) {
      ClassVerdict v = judge_classes(n);
      // A caption kept is its words, not its credit ("caption-text" stays, "credit" goes).
      if (passes_.keep_captions && v.caption && in_figcaption(n)) {
        const std::string classes = to_lower_ascii(attr(n, "class"));
        if (classes.find("credit") == std::string::npos &&
            classes.find("copyright") == std::string::npos) {
          v.caption = false;
          v.strong_negative = false;
        }
      }
      if (passes_.weight_classes) local.weight = v.weight;
      // Vocabulary removes a container unless it also names itself as article text
      // ("content-with-sidebar"); <article> and <main> need an unambiguous word.
      const bool semantic = name == "article" || name == "main";
      if (passes_.strip_comments && v.comments && !v.positive) local.junk = true;
      const bool running = passes_.strip_by_vocabulary && in_running_text(n) &&
                           (v.flag == nullptr || !is_inline_chrome(n));
      // Words of a sentence stay, whatever their class ("sponsored-link" on a product's name,
      // "social-handle" on "@danalee"); not buttons or labels among them (v.flag says which).
      if (passes_.strip_by_vocabulary && !(!v.caption && running)) {
        if (v.strong_negative && !v.positive && !v.embed) local.junk = true;
        if (v.weak_negative && !v.positive && !semantic && !local.junk) {
          local.junk = true;
          more_only = !v.weak_not_more && v.flag == nullptr;
        }
        // Not a box hidden or kept for printing (a copy button's raw duplicate of the code).
        vocabulary_junk = local.junk && !v.comments && v.flag == nullptr && !names_unseen(n);
      }
      // A caption or credit ("story-image-copyright", "newsCaption") is one whatever other
      // word its classes hold; only one holding a story's worth of text is not (below).
      caption = passes_.strip_by_vocabulary && v.caption && !semantic && !local.junk;
      // "article-author", "article__meta", "sharedaddy post-share": the article word names
      // where the box sits. A box that small is the boilerplate word's; a big one is the story.
      mixed = passes_.strip_by_vocabulary && !local.junk && !semantic && v.positive &&
              (v.strong_negative || v.weak_not_more) && !v.embed && !v.comments && name != "p" &&
              !is_heading_tag(name) && !running;
      if (local.junk) note_flag(v.flag);
    }
    if (name == "img" || name == "picture") ++local.images;
    if (name == "p") ++local.paragraphs;
    if (name == "br") ++local.brs;
    if (name == "li") ++local.list_items;
    if (name == "input" || name == "button" || name == "select" || name == "textarea")
      ++local.inputs;
    if (name == "embed" || name == "iframe" || name == "video" || name == "object") ++local.embeds;
    for (xmlNode* c = n->children; c; c = c->next) {
      if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
        if (c->content)
          local.text += count_text(reinterpret_cast<const char*>(c->content), local.commas);
        continue;
      }
      if (c->type != XML_ELEMENT_NODE) continue;
      annotate(c, depth + 1);
      const Info& ci = infos_[reinterpret_cast<size_t>(c->_private) - 1];
      if (is_block_tag(node_name(c))) local.has_block = true;
      if (ci.junk) continue;
      if (node_name(c) == "br") ++local.brs;
      local.text += ci.text;
      local.code += ci.code;
      local.links += ci.links;
      local.commas += ci.commas;
      local.paragraphs += ci.paragraphs;
      local.list_items += ci.list_items;
      local.images += ci.images;
      local.inputs += ci.inputs;
      local.embeds += ci.embeds;
    }
    if (name == "a") local.links = local.text;
    if (name == "pre" || (name == "table" && is_code_table(n)) || is_editor_code(n))
      local.code = local.text;
    // A code block in a box the vocabulary names as furniture (Prism's "code-toolbar", a
    // gist's "ltag_gist-liquid-tag"): the code is the story's; the box's buttons go still.
    if (vocabulary_junk && local.code >= 20 && local.code * 10 >= local.text * 8) {
      local.junk = false;
      local.weight = std::max(local.weight, 0);
      more_only = false;
    }
    // Text written as <div>s of inline content (or <br> runs) counts as paragraphs.
    if (name != "p" && !local.has_block && local.text >= 25 &&
        (name == "div" || name == "section" || name == "td" || name == "article"))
      local.paragraphs += 1 + local.brs / 2;
    if (caption && local.text < 1000 && local.paragraphs <= 2) local.junk = true;
    if (mixed && local.text < 200 && local.paragraphs <= 1) local.junk = true;
    // A short <header> is the page's or the article's masthead (headline, byline, share bar);
    // one that heads a <section> of the story with its <h2>-<h6> is the section's heading.
    if (name == "header" && local.paragraphs < 2 && local.text < 400 && !heads_a_section(n))
      local.junk = true;
    // "More" names "more stories" boxes and "read more" folds alike: a fold holding a wall of
    // prose (the rest of the story behind a "Read more" button) is article text.
    if (more_only && local.paragraphs >= 3 && local.text >= 1000 && link_density(local) < 0.1) {
      local.junk = false;
      local.weight = 0;
    }
    infos_[self] = local;
  }

  double link_density(const Info& i) const {
    return i.text > 0 ? static_cast<double>(i.links) / i.text : 0.0;
  }

  void init_candidate(xmlNode* n) {
    Info& i = info(n);
    if (i.scored) return;
    i.scored = true;
    const std::string_view name = node_name(n);
    double s = 0;
    if (name == "div" || name == "article" || name == "section" || name == "main")
      s = 5;
    else if (name == "pre" || name == "td" || name == "blockquote")
      s = 3;
    else if (in_list(name, {"address", "ol", "ul", "dl", "dd", "dt", "li", "form"}))
      s = -3;
    else if (is_heading_tag(name) || name == "th")
      s = -5;
    i.score = s + i.weight;
    candidates_.push_back(n);
  }

  /// One paragraph's vote: to its container in full, less to the containers above.
  void vote(xmlNode* container, int text, int commas, int brs) {
    if (text < 25) return;
    // A block of <br>-separated lines votes like the paragraphs it stands for.
    const int segments = 1 + brs / 2;
    const double content = segments + commas + std::min(std::floor(text / 100.0), 3.0 * segments);
    xmlNode* a = container;
    for (int level = 0; a && is_element(a) && level < 5; ++level, a = a->parent) {
      if (!has_info(a)) break;
      init_candidate(a);
      const double divider = level == 0 ? 1 : level == 1 ? 2 : level * 3;
      info(a).score += content / divider;
    }
  }

  // Pass 2: paragraphs vote for their ancestors. Text written straight into a container that
  // also holds blocks (`<div>Text<br>more<div>..</div></div>`) votes as a paragraph too.
  void score_paragraphs(xmlNode* n, int depth) {
    if (depth > kMaxDepth) return;
    const bool mixed = has_info(n) && info(n).has_block;
    int run_text = 0, run_commas = 0, run_brs = 0;
    auto end_run = [&] {
      if (mixed) vote(n, run_text, run_commas, run_brs);
      run_text = run_commas = run_brs = 0;
    };
    for (xmlNode* c = n->children; c; c = c->next) {
      if (c->type == XML_TEXT_NODE) {
        if (c->content)
          run_text += count_text(reinterpret_cast<const char*>(c->content), run_commas);
        continue;
      }
      if (!is_element(c) || !has_info(c)) continue;
      const Info& ci = info(c);
      if (ci.junk) continue;
      const std::string_view name = node_name(c);
      if (!is_block_tag(name) && name != "td") {
        if (name == "br") ++run_brs;
        run_text += ci.text;
        run_commas += ci.commas;
        continue;
      }
      end_run();
      const bool paragraph = name == "p" || name == "pre" || name == "td" ||
                             ((name == "div" || name == "section") && !ci.has_block);
      if (paragraph) vote(c->parent, ci.text, ci.commas, ci.brs);
      if (!paragraph || name == "td") score_paragraphs(c, depth + 1);
    }
    end_run();
  }

  xmlNode* pick_top() {
    xmlNode* top = nullptr;
    double best = 0;
    for (xmlNode* n : candidates_) {
      Info& i = info(n);
      i.score *= 1 - link_density(i);
      if (!top || i.score > best) {
        top = n;
        best = i.score;
      }
    }
    if (debug_) debug_candidates();
    if (!top) return nullptr;
    // Strong candidates sharing an ancestor: the article is that ancestor (pages that split the
    // text into several containers). Readability asks for three; two already say it.
    std::vector<xmlNode*> alternatives;
    for (xmlNode* n : candidates_)
      if (n != top && info(n).score >= best * 0.75) alternatives.push_back(n);
    if (alternatives.size() >= 2) {
      for (xmlNode* p = top->parent; p && is_element(p) && node_name(p) != "body"; p = p->parent) {
        int contained = 0;
        for (xmlNode* alt : alternatives) {
          for (xmlNode* q = alt; q; q = q->parent)
            if (q == p) {
              ++contained;
              break;
            }
        }
        if (contained >= 2) {
          top = p;
          break;
        }
      }
    }
    // Climb while the parent scores better (the text continues beside this container).
    double last = has_info(top) ? info(top).score : 0;
    const double threshold = last / 3;
    for (xmlNode* p = top->parent; p && is_element(p) && node_name(p) != "body"; p = p->parent) {
      if (!has_info(p) || !info(p).scored) continue;
      const double ps = info(p).score;
      if (ps < threshold) break;
      if (ps > last) {
        top = p;
        break;
      }
      last = ps;
    }
    // A lone child says nothing its parent would not: climb through wrappers.
    while (top->parent && is_element(top->parent) && node_name(top->parent) != "body") {
      int elements = 0;
      for (xmlNode* c = top->parent->children; c; c = c->next)
        if (is_element(c) && has_info(c) && !info(c).junk) ++elements;
      if (elements != 1) break;
      top = top->parent;
    }
    return top;
  }

  /// Candidate scores on stderr (BYLINE_EXTRACT_DEBUG=1): how the main container was chosen.
  void debug_candidates() {
    std::vector<xmlNode*> c = candidates_;
    std::sort(c.begin(), c.end(),
              [&](xmlNode* a, xmlNode* b) { return info(a).score > info(b).score; });
    std::fprintf(stderr, "passes %d%d%d\n", passes_.strip_by_vocabulary, passes_.weight_classes,
                 passes_.clean_conditionally);
    for (size_t k = 0; k < c.size() && k < 8; ++k) {
      const Info& i = info(c[k]);
      std::string path;
      for (xmlNode* p = c[k]; p && is_element(p); p = p->parent)
        path = std::string(node_name(p)) + "." + std::string(attr(p, "class")).substr(0, 30) + "#" +
               std::string(attr(p, "id")) + " > " + path;
      std::fprintf(stderr, "  %.1f text=%d links=%d p=%d  %s\n", i.score, i.text, i.links,
                   i.paragraphs, path.c_str());
    }
  }

  /// A story split over repeated wrappers (`div.story-body-supplemental` twice, an ad
  /// between) is found in one; its other parts are its wrapper's siblings, not its own. The
  /// wrapper stands for the top when the top is all it holds and a sibling repeats its tag and
  /// class.
  xmlNode* climb_repeated_wrapper(xmlNode* top) {
    xmlNode* wrapper = top->parent;
    if (!is_element(wrapper) || wrapper == body_ || !has_info(wrapper) ||
        attr(wrapper, "class").empty())
      return top;
    for (const xmlNode* c = wrapper->children; c; c = c->next)
      if (c != top && is_element(c) && has_info(c) && !info(c).junk && info(c).text > 0) return top;
    for (const xmlNode* s = wrapper->parent ? wrapper->parent->children : nullptr; s; s = s->next)
      if (s != wrapper && is_element(s) && node_name(s) == node_name(wrapper) &&
          attr(s, "class") == attr(wrapper, "class") && has_info(s) && !info(s).junk &&
          info(s).text > 0)
        return wrapper;
    return top;
  }

  /// Emits `top` with the siblings that belong to the story; `top_score` is that of the best
  /// candidate (`top` or the one it wraps).
  void emit_with_siblings(xmlNode* top, double top_score, std::vector<TextBlock>& out) {
    xmlNode* parent = top->parent;
    if (!parent || !is_element(parent) || !has_info(top)) {
      emit(top, out, 0);
      flush(out);
      return;
    }
    const double threshold = std::max(10.0, top_score * 0.2);
    // The heading right before the container in the same box (a card's "<h3>Origin</h3>" over
    // its "<div class=content>") heads the story's text: its first section.
    const xmlNode* heading = top->prev;
    while (heading && (!is_element(heading) || !has_info(heading) || info(heading).text == 0))
      heading = heading->prev;
    if (heading && !(is_heading_tag(node_name(heading)) && node_name(heading) != "h1" &&
                     info(heading).text <= 120 && info(heading).links == 0))
      heading = nullptr;
    bool past_top = false;  // `top` was met: the siblings now follow the story's text
    const xmlNode* top_first = top->children;
    while (top_first && !is_element(top_first)) top_first = top_first->next;
    const bool top_opens_with_heading = top_first && is_heading_tag(node_name(top_first));
    for (xmlNode* s = parent->children; s; s = s->next) {
      if (!is_element(s) || !has_info(s)) continue;
      const Info& si = info(s);
      if (si.junk) {
        past_top = past_top || s == top;
        continue;
      }
      bool append = s == top || s == heading;
      if (!append && si.scored && si.score >= threshold) append = true;
      // A "Key takeaways" or "TL;DR" box above the story's text sums the story up; one after
      // it ("In brief", "What to know") is as often a round-up of other stories.
      if (!append && !past_top && is_takeaway_aside(s)) append = true;
      // A paragraph beside the article container (a standfirst, a summary), written as a <p>
      // or as a <div> of running text.
      const bool paragraph_like =
          node_name(s) == "p" ||
          ((node_name(s) == "div" || node_name(s) == "section") && !si.has_block);
      // A part of the story in a container of its own: prose, few links.
      if (!append && !paragraph_like && si.text >= 500 && si.paragraphs >= 2 &&
          link_density(si) < 0.15 && !drop_conditionally(s))
        append = true;
      // A box of a paragraph or two over a story whose text opens with a heading (a video's
      // description over its "Transcript"): the words the page opens with, where the story
      // has none before its first section. (Over a story that opens with text, such a box is
      // a standfirst, which annotators leave out.)
      if (!append && !paragraph_like && !past_top && top_opens_with_heading && si.paragraphs >= 1 &&
          si.paragraphs <= 2 && si.text > 80 && link_density(si) < 0.25 && names_a_description(s) &&
          !drop_conditionally(s) && reads_as_sentences(inner_text(s)))
        append = true;
      if (!append && paragraph_like) {
        const double ld = link_density(si);
        const std::string text = inner_text(s);
        if (si.text > 80 && ld < 0.25)
          append = true;
        else if (si.text > 0 && si.text <= 80 && ld == 0 &&
                 (text.ends_with(".") || text.ends_with(". ")))
          append = true;
      }
      if (append) {
        emit(s, out, 0);
        flush(out);
      }
      past_top = past_top || s == top;
    }
  }

  /// Readability's conditional cleaning: containers inside the article that look like
  /// widgets, link lists or forms rather than text.
  bool drop_conditionally(const xmlNode* n) {
    const std::string_view name = node_name(n);
    if (!in_list(name, {"div", "section", "ul", "ol", "table", "form", "figure", "dl"}))
      return false;
    const Info& i = info(n);
    if (i.weight < 0) return true;
    if (i.commas >= 10) return false;
    const double ld = link_density(i);
    if (i.text >= 2000 && ld < 0.25) return false;  // a wall of text is text, whatever wraps it
    const bool list = name == "ul" || name == "ol" || name == "dl";
    // A gallery: more pictures than paragraphs, and no more than a short caption each (unless
    // the captions are what is read: a gallery page's own).
    if (i.images > 1 && i.paragraphs * 2 < i.images && i.text < 40 * i.images && name != "figure" &&
        !passes_.keep_captions)
      return true;
    if (!list && i.list_items > i.paragraphs + 1 && ld > 0.3) return true;
    if (i.inputs > i.paragraphs / 3 + 1) return true;
    // Lists inside a story often cite their sources as links; only a list that is mostly
    // links is a link list.
    // A list with a sentence's worth of words of its own among its links (a release note's
    // "Neil has patches up to improve ...", then the bugs) is the story's.
    const bool prose_list = list && i.text - i.links >= 80 && ld < 0.85;
    if (i.weight < 25 && ld > (list ? 0.6 : 0.33) && i.text < 1000 && !prose_list) return true;
    if (i.weight >= 25 && ld > 0.5) return true;
    if (i.embeds > 1 && i.text < 75) return true;
    return false;
  }

  void flush(std::vector<TextBlock>& out) {
    const size_t raw = para_.size(), link = std::min(para_link_bytes_, raw);
    para_link_bytes_ = 0;
    std::string p;
    for (size_t b = 0; b <= para_.size();) {
      size_t e = para_.find(kLineBreak, b);
      if (e == std::string::npos) e = para_.size();
      std::string line = collapse_whitespace(std::string_view(para_).substr(b, e - b));
      if (!line.empty()) {
        if (!p.empty()) p += '\n';
        p += line;
      }
      b = e + 1;
    }
    para_.clear();
    if (p.empty()) return;
    // A short paragraph that is all link text (a headline, not a bare address) points to
    // another story; it is not this one's text.
    const size_t words = count_words(p);
    if (link * 10 >= raw * 8 && words >= 4 && words <= 25 && table_depth_ == 0 && !in_prose_list_ &&
        !verbatim_) {
      note_flag("related_box");
      return;
    }
    // A kicker or a breadcrumb over the headline ("TECH", "Science / Space"): a link or two
    // above the <h1>. (Under it, a linked name opens a list's first item, "RTX 5090", "NASA",
    // or names the project the story is about.)
    if (link * 10 >= raw * 8 && words <= 3 && table_depth_ == 0 && !in_prose_list_ && !verbatim_ &&
        !seen_h1_ && h1_follows_ && !emitted_text(out))
      return;
    // The headline in a <div> or <p> of its own (not every site uses <h1>) is not the body.
    if (!title_norm_.empty() && words <= 40 && norm(p) == title_norm_) return;
    out.push_back({std::move(p), false});
    out.back().pull_quote = pull_quote_;
    out.back().verbatim = verbatim_;
    // Text that sits in a <p>, or straight in a <div>-like container, reads as a paragraph
    // (Readability turns the latter into <p>s); list items, cells and quotes do not.
    const std::string_view owner = open_blocks_.empty() ? std::string_view() : open_blocks_.back();
    out.back().from_p = in_list(
        owner, {"p", "div", "section", "article", "main", "center", "body", "font", "span"});
    // In an item, whatever holds its text (<li><p>...</p></li>).
    out.back().list_item = owner == "li" || std::find(open_blocks_.begin(), open_blocks_.end(),
                                                      "li") != open_blocks_.end();
  }

  /// Whether `out` (only ever appended to) holds a block of text yet, not only headings:
  /// looks at the blocks added since it was last asked.
  bool emitted_text(const std::vector<TextBlock>& out) {
    if (&out != text_out_) {  // another list (a table cell's parts)
      text_out_ = &out;
      text_scanned_ = 0;
      text_emitted_ = false;
    }
    // A plug or a byline line the sections drop later ("Sign up for our newsletter", "By Jane
    // Doe") is no text of the story: a standfirst after it is still a standfirst.
    for (; !text_emitted_ && text_scanned_ < out.size(); ++text_scanned_) {
      const TextBlock& b = out[text_scanned_];
      text_emitted_ =
          !b.heading && classify_boilerplate(b.text) == Boilerplate::kNone && !is_masthead(b.text);
    }
    return text_emitted_;
  }

  /// A share button's label ("Tweet this"). Its text is read no further than a label's
  /// length: text hidden inside (megabytes of it) was read whole at every level of the link.
  static bool is_share_label(const xmlNode* c) {
    constexpr size_t kLimit = 4096;  // a label is under 400 bytes (classify_boilerplate)
    std::string raw;
    append_raw_text(c, raw, kLimit);
    return raw.size() <= kLimit &&
           classify_boilerplate(collapse_whitespace(raw)) == Boilerplate::kShareBar;
  }

  bool is_title_text(const std::string& text) const {
    const std::string n = norm(text);
    return !n.empty() && !title_norm_.empty() &&
           (n == title_norm_ || (n.size() > 20 && title_norm_.find(n) != std::string::npos));
  }

  /// A paragraph that holds only a bold phrase reads as a heading ("<p><b>Why it matters</b>").
  bool bold_heading(const xmlNode* p, std::string& text) {
    const xmlNode* only = nullptr;
    for (const xmlNode* c = p->children; c; c = c->next) {
      if (c->type == XML_TEXT_NODE) {
        if (c->content && !trim(reinterpret_cast<const char*>(c->content)).empty()) return false;
        continue;
      }
      if (!is_element(c)) continue;
      if (only) return false;
      only = c;
    }
    if (!only || !in_list(node_name(only), {"b", "strong"})) return false;
    // <p><strong><a>HEADLINE</a></strong></p> points to another story; it heads nothing.
    if (has_info(only) && info(only).links * 10 >= info(only).text * 8) return false;
    text = inner_text(only);
    if (text.empty() || count_words(text) > 12) return false;
    // A pull quote, not a heading: it opens or closes with a quotation mark.
    for (std::string_view q : {"\"", "\xE2\x80\x9C", "\xE2\x80\x9D", "\xC2\xAB", "\xC2\xBB"})
      if (text.starts_with(q) || text.ends_with(q)) return false;
    const char last = text.back();
    // "What's Happening:" is a label; another bold phrase ending in a colon leads into a list.
    if (last == ':') return classify_heading(text) != SectionKind::kOther;
    return last != '.' && last != ',' && last != ';';
  }

  /// A paragraph that opens with a bold section label and goes on ("<p><b>Why it matters:</b>
  /// Chips are scarce.</p>", as Axios writes): the label, and its element, else nullptr.
  const xmlNode* lead_in_label(const xmlNode* p, std::string& label) {
    const xmlNode* first = p->children;
    while (first && first->type == XML_TEXT_NODE &&
           (!first->content || trim(reinterpret_cast<const char*>(first->content)).empty()))
      first = first->next;
    if (!first || !is_element(first) || !in_list(node_name(first), {"b", "strong"}) || !first->next)
      return nullptr;
    label = inner_text(first);
    if (label.empty() || count_words(label) > 6 || classify_heading(label) == SectionKind::kOther)
      return nullptr;
    return first;
  }

  /// Text bytes under `n` set in <b> or <strong>.
  int bold_text(const xmlNode* n, int depth = 0) {
    if (depth > 8) return 0;
    int sum = 0;
    for (const xmlNode* c = n->children; c; c = c->next) {
      if (!is_element(c) || !has_info(c) || info(c).junk) continue;
      const std::string_view cn = node_name(c);
      sum += cn == "b" || cn == "strong" ? info(c).text : bold_text(c, depth + 1);
    }
    return sum;
  }

  /// A table of data rather than of layout, by Readability's signs: a summary, a caption,
  /// header cells or column groups, else its size; a table holding tables, or a cell holding
  /// paragraphs of prose, lays out a page. `nesting`: the tables it is in, as this asks of
  /// each table in a cell; past a few, layout (thousands nested overflowed the stack).
  bool is_data_table(const xmlNode* t, int nesting = 0) {
    if (attr(t, "role") == "presentation" || attr(t, "datatable") == "0") return false;
    if (nesting > 8) return false;
    int rows = 0, columns = 0, first_cells = -1;
    bool header = !attr(t, "summary").empty();
    bool layout = false, paragraphs = false, nested = false;
    bool uniform = true;  // every row has the same short cells, two or more
    auto row = [&](const xmlNode* tr) {
      int cells = 0, bold = 0;
      for (const xmlNode* c = tr->children; c; c = c->next) {
        const std::string_view cn = node_name(c);
        if (!is_element(c) || (cn != "td" && cn != "th")) continue;
        if (cn == "th") header = true;
        if (has_info(c) && info(c).text > 0 && bold_text(c) == info(c).text) ++bold;
        const long span = std::strtol(std::string(attr(c, "colspan")).c_str(), nullptr, 10);
        cells += span > 1 && span < 100 ? static_cast<int>(span) : 1;
        // Paragraphs in a cell make a layout; lines (<br>s) too, unless <th>s head it.
        if (has_info(c) && info(c).paragraphs >= 2) {
          if (find_first(c, "p") || find_first(c, "div")) layout = true;
          paragraphs = true;
        }
        if (has_info(c) && info(c).text >= 1000) layout = true;
        if (has_info(c) && (info(c).text > 120 || info(c).paragraphs >= 2)) uniform = false;
        // A table in a cell: data inside data (a result's own table), else a page laid out.
        if (const xmlNode* inner = find_first(c, "table"))
          (is_data_table(inner, nesting + 1) ? nested : layout) = true;
      }
      if (first_cells < 0) first_cells = cells;
      if (cells < 2 || cells != first_cells) uniform = false;
      // A first row of bold cells is a header row written without <th>.
      if (rows++ == 0 && cells >= 2 && bold == cells) header = true;
      columns = std::max(columns, cells);
    };
    for (const xmlNode* c = t->children; c; c = c->next) {
      const std::string_view cn = node_name(c);
      if (!is_element(c)) continue;
      if (cn == "caption" || cn == "colgroup" || cn == "col" || cn == "thead" || cn == "tfoot")
        header = true;
      if (cn == "tr") row(c);
      if (cn == "thead" || cn == "tbody" || cn == "tfoot")
        for (const xmlNode* r = c->children; r; r = r->next)
          if (is_element(r) && node_name(r) == "tr") row(r);
    }
    // Tables inside a table lay out a page, unless it has a head (a table of results, one
    // cell of which holds a table of its own).
    if (layout || rows == 0 || (paragraphs && !header) || (nested && !header)) return false;
    // A spec box of three rows or more ("Display | 6.7-inch OLED") is data too; not a box of
    // links laid out as a table (related stories, a thumbnail and a title a row).
    const bool links = has_info(t) && info(t).links * 2 >= info(t).text;
    return header || rows >= 10 || columns > 4 || rows * columns > 10 ||
           (uniform && rows >= 3 && !links);
  }

  static constexpr size_t kMaxLeadIn = 400;  // bytes of a lead-in's line

  /// A lead-in that labels a box of links ("More from TechLedger:", "Read more:"), not a
  /// sentence of the story that a list of links follows ("The company named its suppliers:").
  static bool labels_links(std::string_view lead) {
    lead = trim(lead);
    return count_words(lead) <= 6 &&
           (classify_boilerplate(lead) != Boilerplate::kNone ||
            starts_with_icase(lead, "see also") || starts_with_icase(lead, "further reading") ||
            (starts_with_icase(lead, "more ") && count_words(lead) <= 4 &&
             !starts_with_icase(lead, "more than")));
  }

  /// Whether no text waits to be flushed (white space only, and little of it: a long run of
  /// it between many lists is read as text, so that no list looks for a lead-in).
  bool nothing_pending() const {
    return para_.size() <= 1024 && para_.find_first_not_of(" \t\r\n") == std::string::npos;
  }

  /// Whether the block last emitted is a lead-in right before `n` in the page: a line of text
  /// that ends in a colon ("The menu now offers these entries:", or a heading "Sources:"),
  /// and no label of the page's.
  bool lead_in_before(const xmlNode* n, const std::vector<TextBlock>& out) {
    // Asked of every list and quote: what it reads is bounded (a lead-in is a line), or a
    // long paragraph over many lists made it quadratic.
    if (out.empty() || out.back().code || out.back().text.size() > kMaxLeadIn || !nothing_pending())
      return false;
    const std::string_view text = trim(out.back().text);
    if (!text.ends_with(':') || text.find('\n') != std::string_view::npos) return false;
    const xmlNode* prev = element_before(n);
    return prev && has_info(prev) && !info(prev).junk && info(prev).text > 0;
  }

  /// A list, table or quote of no links nor pictures that a lead-in of the story's introduces.
  bool introduced(const xmlNode* n, const std::vector<TextBlock>& out) {
    if (!has_info(n) || info(n).links > 0 || info(n).images > 0 || !lead_in_before(n, out))
      return false;
    const TextBlock& lead = out.back();
    return !lead.heading && classify_boilerplate(lead.text) == Boilerplate::kNone &&
           !is_masthead(lead.text);
  }

  /// A list right under a lead-in or heading that names it the story's sources ("Sources for
  /// this story:", "References").
  bool introduces_sources(const xmlNode* n, const std::vector<TextBlock>& out) {
    if (out.empty() || out.back().text.size() > 80 || !nothing_pending() || !has_info(n) ||
        info(n).images > 0 || count_words(out.back().text) > 6)
      return false;
    const xmlNode* prev = element_before(n);
    if (!prev || !has_info(prev) || info(prev).junk || info(prev).text == 0) return false;
    std::string first = to_lower_ascii(out.back().text);
    first = first.substr(0, first.find_first_of(" :"));
    if (!in_list(first,
                 {"source", "sources", "reference", "references", "citations", "bibliography"}))
      return false;
    // Citations link away, by whole addresses, most of them; a site's own stories, tags and
    // menus under such a label ("Sources: our other stories") link within it.
    int away = 0, links = 0;
    for_each_link(n, [&](const xmlNode* a) {
      const std::string_view href = trim(attr(a, "href"));
      if (href.starts_with('#')) return;  // a note's way back to the text
      ++links;
      away += starts_with_icase(href, "http://") || starts_with_icase(href, "https://") ||
              href.starts_with("//");
    });
    return away * 2 > links;
  }

  /// A data table is read row by row, a line each, its cells' text joined by " | ": its
  /// bold cells head no sections, and a column of links or of pictures is its data.
  void emit_table(xmlNode* t, std::vector<TextBlock>& out, int depth) {
    flush(out);
    // A row of one cell is data too where the table links nowhere, or a lead-in introduces it
    // ("Sidebar entries", then "Related", "Share"); a table of links may be a box of them.
    const bool verbatim = verbatim_ || (has_info(t) && info(t).links == 0) || introduced(t, out);
    ++table_depth_;
    std::vector<TextBlock> outer_nested = std::move(nested_rows_);  // another table's, if any
    nested_rows_.clear();
    auto cell_text = [&](xmlNode* cell) {
      std::vector<TextBlock> parts;
      emit(cell, parts, depth + 2);
      flush(parts);
      std::string text;
      for (auto& b : parts) {
        if (!text.empty()) text += ' ';
        text += b.text;
      }
      std::replace(text.begin(), text.end(), '\n', ' ');
      return text;
    };
    auto row = [&](xmlNode* tr) {
      if (has_info(tr) && info(tr).junk) return;
      std::string line;
      for (xmlNode* c = tr->children; c; c = c->next) {
        const std::string_view cn = node_name(c);
        if (!is_element(c) || (cn != "td" && cn != "th") || (has_info(c) && info(c).junk)) continue;
        std::string text = cell_text(c);
        if (text.empty()) continue;
        if (!line.empty()) line += " | ";
        line += text;
      }
      if (!line.empty()) {
        TextBlock b{std::move(line), false};
        b.table_row = true;
        b.verbatim = verbatim;
        out.push_back(std::move(b));
      }
      for (TextBlock& b : nested_rows_) out.push_back(std::move(b));
      nested_rows_.clear();
    };
    for (xmlNode* c = t->children; c; c = c->next) {
      const std::string_view cn = node_name(c);
      if (!is_element(c) || (has_info(c) && info(c).junk)) continue;
      if (cn == "caption") {
        std::string text = cell_text(c);
        if (!text.empty()) out.push_back({std::move(text), false});
      } else if (cn == "tr") {
        row(c);
      } else if (cn == "thead" || cn == "tbody" || cn == "tfoot") {
        for (xmlNode* r = c->children; r; r = r->next)
          if (is_element(r) && node_name(r) == "tr") row(r);
      }
    }
    nested_rows_ = std::move(outer_nested);
    --table_depth_;
  }

  // Pass 3: paragraphs and headings of the chosen container, in document order.
  void emit(xmlNode* n, std::vector<TextBlock>& out, int depth) {
    if (depth > kMaxDepth) return;
    const std::string_view name = node_name(n);
    if (has_info(n) && info(n).junk) return;
    if (name == "table" && table_depth_ < 3 && !is_code_table(n) && is_data_table(n)) {
      if (table_depth_ == 0) {
        emit_table(n, out, depth);
        return;
      }
      // A data table in a data table's cell: its rows follow the row that holds it, rather
      // than its cells' words glued into that cell.
      flush(out);
      std::vector<TextBlock> rows;
      emit_table(n, rows, depth);
      for (TextBlock& b : rows) nested_rows_.push_back(std::move(b));
      return;
    }
    // A list of links under "Sources" is the story's citations, not links away.
    const bool sources = (name == "ul" || name == "ol") && !verbatim_ && table_depth_ == 0 &&
                         introduces_sources(n, out);
    if (depth > 0 && has_info(n) && passes_.clean_conditionally && table_depth_ == 0 && !sources &&
        drop_conditionally(n)) {
      // A lead-in right before a list of links that goes ("More from TechLedger:") leads into
      // nothing: it goes too.
      if ((name == "ul" || name == "ol") && lead_in_before(n, out) &&
          labels_links(out.back().text)) {
        out.pop_back();
        note_flag("related_box");
      }
      if (debug_) {
        const Info& i = info(n);
        std::fprintf(stderr, "  dropped %s.%s text=%d links=%d p=%d li=%d img=%d in=%d w=%d\n",
                     std::string(name).c_str(), std::string(attr(n, "class")).c_str(), i.text,
                     i.links, i.paragraphs, i.list_items, i.images, i.inputs, i.weight);
      }
      return;
    }
    if (is_heading_tag(name) && table_depth_ == 0) {
      flush(out);
      std::string text = strip_heading_marks(inner_text(n));
      if (text.empty()) return;
      if (is_title_text(text)) {
        seen_h1_ = seen_h1_ || name == "h1";  // the headline: a kicker above it is gone by now
        return;
      }
      // An <h1> before the story's text is its headline however it is worded; one inside the
      // text heads a part of it (Readability keeps it, as an <h2>).
      // (Asked of the blocks out so far, it was quadratic on a page of headings.)
      const bool before_text = !emitted_text(out);
      // One <h1> only: a second, or one that names a known part ("What's Happening?"), heads a
      // section even before any text (pages that set every section in <h1>).
      if (name == "h1" && before_text && !seen_h1_ &&
          classify_heading(text) == SectionKind::kOther) {
        seen_h1_ = true;
        return;
      }
      // A sentence in a heading's markup before the story's text is its standfirst, which
      // opens the story rather than heading it (a dek in <h2>, Medium's subtitle in <h4>).
      if (count_words(text) > 25 || (before_text && reads_as_standfirst(text))) {
        out.push_back({std::move(text), false});
        return;
      }
      // A headline linking away right under a "Read also" label is that box's teaser.
      if (has_info(n) && info(n).links * 10 >= info(n).text * 8 && !out.empty() &&
          !out.back().heading && para_.empty() &&
          classify_boilerplate(out.back().text) == Boilerplate::kRelatedBox) {
        note_flag("related_box");
        return;
      }
      out.push_back({std::move(text), true, false, name[1] - '0'});
      return;
    }
    // Subheads set in other markup once the story has begun: role="heading" (ARIA-built
    // pages), a block whose class names it one (PolitiFact's "pf_subheadline"). Before the
    // text, such a block is the standfirst.
    if (table_depth_ == 0 && (name == "div" || name == "p" || name == "span")) {
      if (const int level = emitted_text(out) ? pseudo_heading_level(n) : 0; level > 0) {
        std::string text = strip_heading_marks(inner_text(n));
        if (!text.empty() && count_words(text) <= 20 && !is_title_text(text)) {
          flush(out);
          out.push_back({std::move(text), true, false, level});
          return;
        }
      }
    }
    if (name == "pre" || (name == "table" && is_code_table(n)) || is_editor_code(n)) {
      flush(out);
      std::string raw;
      append_preformatted_text(n, raw, is_line_number_gutter);
      // Blank lines around the code go, not its first line's indentation.
      std::string_view t = trim(raw);
      if (!t.empty()) {
        const size_t line = std::string_view(raw).substr(0, t.data() - raw.data()).rfind('\n');
        const size_t from = line == std::string_view::npos ? 0 : line + 1;
        t = std::string_view(raw).substr(from, t.data() + t.size() - raw.data() - from);
        // Its blank lines as written, two in a row at most (a million of them is no code).
        TextBlock code{std::string(), false};
        code.code = true;
        int blank = 0;
        for (size_t at = 0; at < t.size();) {
          size_t end = t.find('\n', at);
          if (end == std::string_view::npos) end = t.size();
          const std::string_view l = t.substr(at, end - at);
          blank = trim(l).empty() ? blank + 1 : 0;
          if (blank <= 2) {
            code.text.append(l);
            if (end < t.size()) code.text += '\n';
          }
          at = end + 1;
        }
        out.push_back(std::move(code));
      }
      return;
    }
    if (name == "br") {
      // One <br> breaks a line within the paragraph; two in a row end the paragraph.
      size_t k = para_.find_last_not_of(" \t\r\n");
      if (k != std::string::npos && para_[k] == kLineBreak) {
        flush(out);
      } else {
        para_ += kLineBreak;
      }
      return;
    }
    const xmlNode* skip = nullptr;  // a lead-in label, emitted as a heading before the rest
    if (name == "p" && table_depth_ == 0) {
      std::string heading;
      // Not a credit or dateline ("By Jane Doe", "November 20, 2019"), nor a bold line right
      // under a heading (the section's byline: "Caroline Hawley, BBC diplomatic correspondent").
      if (bold_heading(n, heading) && !is_masthead(heading) &&
          (out.empty() || !out.back().heading || !para_.empty())) {
        flush(out);
        out.push_back({std::move(heading), true, false, 7});
        return;
      }
      if ((skip = lead_in_label(n, heading))) {
        flush(out);
        out.push_back({std::move(heading), true, false, 7});
      }
    }
    const bool block = is_block_tag(name);
    // A term and its definition are one line ("Price: $1,499"), as a table's row is: apart,
    // a spec sheet's terms read as headings of a word each.
    const bool term_of_next = name == "dt" && term_and_definition(n);
    const bool definition = name == "dd" && n->prev && [&] {
      const xmlNode* p = n->prev;
      while (p && !is_element(p)) p = p->prev;
      return p && node_name(p) == "dt" && term_and_definition(p);
    }();
    const bool more_value = name == "dd" && !definition && another_value(n);
    if (block) {
      if (!definition && !more_value) flush(out);
      if (more_value) {
        while (!para_.empty() && (para_.back() == ' ' || para_.back() == '\n')) para_.pop_back();
        para_ += ", ";
      }
      open_blocks_.push_back(name);
    }
    // A list or a quote that a lead-in introduces is the story's words, whatever they are
    // ("A post's menu now offers:", then "Related", "Bookmark"; a label quoted as a rule wants
    // it). Not one with links (a related box under "More from us:"), nor one under a label.
    const bool was_verbatim = verbatim_;
    if (block && table_depth_ == 0 && in_list(name, {"ul", "ol", "dl", "blockquote"}) &&
        (sources || introduced(n, out)))
      verbatim_ = true;
    const int outer_pull_quote = pull_quote_;
    // A pull quote is a sentence or two set large, not a box of the story's text.
    if (block && pull_quote_ == 0 && is_pull_quote(n) && has_info(n) && info(n).text <= 2000)
      pull_quote_ = ++pull_quotes_;
    // An item of a list that is mostly not links ("Is this a planned purchase?", then "<a>Where
    // am I going to put it</a>?") is one of its points, not a headline pointing away.
    const bool was_prose_list = in_prose_list_;
    if (name == "li" && n->parent && has_info(n->parent)) {
      const Info& list = info(n->parent);
      in_prose_list_ = list.list_items >= 3 && list.links * 2 < list.text;
    }
    // Inside a "Click to tweet" link, the quote is the story's; the button's label is not.
    const bool share_link = name == "a" && is_share_intent(attr(n, "href"));
    share_link_depth_ += share_link;
    for (xmlNode* c = n->children; c; c = c->next) {
      if (c == skip) continue;
      if (share_link_depth_ > 0 && is_element(c) && has_info(c) && info(c).text < 40 &&
          is_share_label(c))
        continue;
      if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
        if (c->content) para_ += reinterpret_cast<const char*>(c->content);
      } else if (is_element(c)) {
        const std::string_view cn = node_name(c);
        // Cells, and a formula's tokens (<mi>x</mi><mo>+</mo>), are words apart.
        const bool apart = cn == "td" || cn == "th" || is_mathml_token(cn);
        if (apart) para_ += ' ';
        // A power is written as plain text writes it: "10^12", "x^2", not "1012", "x2".
        if (cn == "sup" && is_power(c, para_)) para_ += '^';
        const size_t before = para_.size();
        emit(c, out, depth + 1);
        // Link text of the paragraph being built (a block inside the link resets it).
        if (cn == "a" && para_.size() > before && !is_share_intent(attr(c, "href")))
          para_link_bytes_ += para_.size() - before;
        if (apart) para_ += ' ';
      }
    }
    share_link_depth_ -= share_link;
    if (block && term_of_next) {
      // The term alone is in the paragraph (a <dt> opens one): a line it breaks ("Weight<br>
      // (grams)") is one line with its definition.
      std::replace(para_.begin(), para_.end(), kLineBreak, ' ');
      while (!para_.empty() && (para_.back() == ' ' || para_.back() == '\n')) para_.pop_back();
      // "By: Jane Doe" is no byline; "By Jane Doe" is.
      const size_t space = para_.find_last_of(" \n");
      const std::string last =
          to_lower_ascii(para_.substr(space == std::string::npos ? 0 : space + 1));
      const bool credit =
          in_list(last, {"by", "von", "par", "por", "di", "door", "av", "af", "przez"});
      if (!para_.empty() && para_.back() != ':' && !credit) para_ += ':';
      para_ += ' ';
    }
    // ... and a value the next <dd> adds to.
    const bool value_follows = name == "dd" && [&] {
      const xmlNode* next = sibling_element(n, false);
      return next && node_name(next) == "dd" && another_value(next);
    }();
    if (block) {
      if (!term_of_next && !value_follows) flush(out);
      pull_quote_ = outer_pull_quote;
      in_prose_list_ = was_prose_list;
      verbatim_ = was_verbatim;
      open_blocks_.pop_back();
      // A takeaways box ends with its element (only a takeaways <aside> gets here, and a
      // <div> or <section> may be one too): the text after it is the story's again.
      if (!out.empty() && (name == "aside" || ((name == "div" || name == "section") &&
                                               (is_takeaway_aside(n) || is_headed_box(n)))))
        out.back().ends_box = true;
    }
  }

  xmlDoc* doc_;
  std::string title_;
  Passes passes_;
  std::vector<const char*> dropped_flags_;
  bool debug_ = std::getenv("BYLINE_EXTRACT_DEBUG") != nullptr;
  std::string title_norm_;
  const std::vector<TextBlock>* text_out_ = nullptr;  // emitted_text(): the list asked of
  size_t text_scanned_ = 0;                           // emitted_text(): blocks looked at
  bool text_emitted_ = false;                         // emitted_text(): a block of text among them
  bool seen_h1_ = false;     // an <h1> before the text was taken for the headline
  bool h1_follows_ = false;  // the page's first <h1> comes after the chosen container's start
  xmlNode* body_ = nullptr;
  std::vector<Info> infos_;
  std::vector<xmlNode*> candidates_;
  std::string para_;
  size_t para_link_bytes_ = 0;
  int table_depth_ = 0;                 // inside a data table being read row by row
  std::vector<TextBlock> nested_rows_;  // rows of data tables in the cells of the row being read
  bool in_prose_list_ = false;          // inside an item of a list that is mostly not links
  bool verbatim_ = false;     // inside a list or quote a lead-in introduces: no page labels
  int share_link_depth_ = 0;  // inside a link that shares the page
  int pull_quote_ = 0;        // the pull quote being emitted (0: none)
  int pull_quotes_ = 0;       // pull quotes met so far
  std::vector<std::string_view> open_blocks_;  // block elements being emitted, innermost last
};

void clear_private(xmlNode* n, int depth) {
  if (depth > kMaxDepth + 2) return;
  for (; n; n = n->next) {
    n->_private = nullptr;
    if (n->type == XML_ELEMENT_NODE) clear_private(n->children, depth + 1);
  }
}

size_t blocks_text_size(const std::vector<TextBlock>& blocks) {
  size_t n = 0;
  for (const auto& b : blocks) n += b.text.size();
  return n;
}

}  // namespace

Result<Article> extract_html(std::string_view html, const ExtractOptions& options) {
  // libxml2 makes a "page" of any bytes: an image or a gzip file would be read as mojibake.
  if (is_binary_data(html))
    return {ErrorCode::kBadInput, "the page is binary data, not HTML",
            "give the page's HTML, decompressed"};
  bool parse_cut = false;
  XmlDocPtr doc = parse_html(html, options.content_type, &parse_cut);
  if (!doc || !xmlDocGetRootElement(doc.get()))
    return {ErrorCode::kBadInput, "the page has no HTML content",
            "is it empty, or text in another encoding than it declares?"};
  const int64_t now = options.now > 0 ? options.now : unix_now();
  prepare_document(doc.get());
  PageMetadata meta = read_metadata(doc.get(), options.url, now);

  Article a;
  a.title = sanitize_utf8(meta.title);
  a.url = sanitize_utf8(meta.canonical_url);
  // Read from another URL than its canonical one (a local file, a redirect, a tracking link):
  // the story is known by that URL too, which a feed entry may link to.
  if (std::string read_from = sanitize_utf8(options.url); !read_from.empty() && read_from != a.url)
    a.alias_urls.push_back(std::move(read_from));
  a.author = sanitize_utf8(meta.author);
  a.published = meta.published;
  a.published_source = meta.published_source;
  a.updated = meta.updated;
  a.site_name = sanitize_utf8(meta.site_name);
  a.description = sanitize_utf8(meta.description);
  a.language = sanitize_utf8(meta.language);
  a.image = sanitize_utf8(meta.image);
  a.tags = meta.tags;
  for (auto& t : a.tags) t = sanitize_utf8(t);

  std::vector<TextBlock> blocks;
  std::vector<const char*> flags;  // from the first attempt, the one that applies the vocabulary
  size_t found = 0;
  // Readability's retry: relax the vocabulary, then the class weights and cleaning, until an
  // attempt finds a real article's worth of text; else keep the longest attempt. Comment
  // sections stay out until the last resort, so a short post under a long thread stays short.
  constexpr size_t kEnoughText = 500, kSomeText = 140;
  // A gallery: pictures with captions, three or more, in the <article> when the page has one
  // (a short story's one photo's caption is not its lead, nor teasers' pictures beside it).
  const bool gallery = [&doc] {
    int captions = 0, in_article = 0;
    bool article = false;
    // Each element with whether it is inside an <article>.
    std::vector<std::pair<const xmlNode*, bool>> stack{{doc->children, false}};
    while (!stack.empty()) {
      auto [n, inside] = stack.back();
      stack.pop_back();
      for (; n; n = n->next) {
        if (n->type != XML_ELEMENT_NODE) continue;
        const bool is_article = node_name(n) == "article";
        article = article || is_article;
        if (node_name(n) == "figcaption") {
          ++captions;
          in_article += inside;
        }
        if (n->children) stack.push_back({n->children, inside || is_article});
      }
    }
    return (article ? in_article : captions) >= 3;
  }();
  for (const Passes passes :
       {Passes{true, true, true, true, false}, Passes{true, true, true, true, true},
        Passes{false, true, true, true, false}, Passes{false, true, false, true, false},
        Passes{false, false, false, false, false}}) {
    if (!passes.strip_comments && found >= kSomeText) break;
    if (passes.keep_captions && !gallery) continue;
    for (xmlNode* n = doc->children; n; n = n->next) clear_private(n, 0);
    // The title as stored (capped): each heading is looked for in it, and a hostile page's
    // 20 MB og:title made every one cost a tenth of a second.
    Extractor extractor(doc.get(), truncate_utf8(meta.title, kMaxLineFieldBytes), passes);
    std::vector<TextBlock> attempt = extractor.run();
    if (flags.empty()) flags = extractor.dropped_flags();
    const size_t size = blocks_text_size(attempt);
    if (std::getenv("BYLINE_EXTRACT_DEBUG"))
      std::fprintf(stderr, "attempt size %zu first: %s\n", size,
                   attempt.empty() ? "" : attempt[0].text.substr(0, 80).c_str());
    if (size > found || blocks.empty()) {
      blocks = std::move(attempt);
      found = size;
    }
    if (found >= kEnoughText) break;
  }
  for (auto& b : blocks) b.text = sanitize_utf8(b.text);
  drop_repeated_pull_quotes(blocks);
  // A heading over the story's first text that says what the page's description says is its
  // subtitle (Medium's "storySubtitle" <h2>), the lead's first line: no section heading.
  for (TextBlock& b : blocks) {
    if (!b.heading) {
      // Labels and credits over the story ("Member-only story", "By Jane Doe") pass.
      if (classify_boilerplate(b.text) != Boilerplate::kNone || is_masthead(b.text)) continue;
      break;
    }
    if (b.level > 1 && !a.description.empty() &&
        iequals_ascii(collapse_whitespace(b.text), collapse_whitespace(a.description)))
      b.heading = false;
  }
  // Pages that render their text with JavaScript carry it in JSON-LD or __NEXT_DATA__.
  // The blob is parsed only when it could hold more than the page showed (it can be MBs).
  std::string next_body = found * 2 < meta.next_data.size()
                              ? next_data_body(meta.next_data, meta.title)
                              : std::string();
  // A page that shows a story takes the blob's text only when it is that story: a related
  // story's longer text replaced a sectioned article.
  if (!next_body.empty() && found >= kEnoughText && !opens_within(blocks, next_body))
    next_body.clear();
  const std::string& fallback =
      meta.ld_article_body.size() >= next_body.size() ? meta.ld_article_body : next_body;
  if (fallback.size() >= 80 && found * 2 < fallback.size()) {
    tag_sections(sanitize_utf8(fallback), a);
    add_flag(a, "body_from_metadata");
  } else {
    build_sections(blocks, a, /*detect_headings=*/false);
  }
  for (const char* f : flags) add_flag(a, f);
  // A "By Jane Doe" line over the story (the sections take it) comes after the metadata's
  // author and a byline element.
  std::string masthead_author;
  if (meta.author.empty()) masthead_author = std::exchange(a.author, {});
  // A byline element outside page furniture, when the metadata names no author.
  a.byline = a.author.empty() ? sanitize_utf8(meta.dom_byline_text) : a.author;
  if (a.byline.empty()) a.byline = masthead_author;
  // The outlet declared as the author (a JSON-LD Organization, a meta author that is the site's
  // name, as SEO plugins set on every page) names no one: a byline's person does.
  auto names_the_site = [&](std::string_view who) {
    who = trim(who);
    if (who.empty()) return false;
    if (iequals_ascii(who, trim(a.site_name))) return true;
    const std::string_view title = trim(meta.document_title);  // "Story | Metro Ledger"
    for (std::string_view sep : {" | ", " - ", " \u2013 ", " \u2014 "})
      if (title.size() > who.size() + sep.size() && title.ends_with(who) &&
          title.substr(title.size() - who.size() - sep.size(), sep.size()) == sep)
        return true;
    return false;
  };
  if (!meta.dom_byline.empty() && (meta.author_is_organization || names_the_site(a.author)))
    a.author.clear();
  if (a.author.empty()) a.author = sanitize_utf8(meta.dom_byline);
  if (a.author.empty()) a.author = sanitize_utf8(meta.header_byline);
  if (a.author.empty()) a.author = std::move(masthead_author);
  a.author = name_list(a.author, a.site_name);  // the byline stays as the page writes it
  // No description in the metadata: a standfirst the page names so, else the article's first
  // paragraph (as Readability).
  if (a.description.empty()) a.description = sanitize_utf8(meta.standfirst);
  if (a.description.empty()) {
    for (const TextBlock& b : blocks)
      // Not a label ("WHAT'S THE STORY?", a section's name): the first paragraph of text.
      if (b.from_p && !b.heading && classify_boilerplate(b.text) == Boilerplate::kNone &&
          !is_masthead(b.text) && classify_heading(b.text) == SectionKind::kOther &&
          (count_words(b.text) > 6 || std::any_of(b.text.begin(), b.text.end(),
                                                  [](char c) { return c >= 'a' && c <= 'z'; }))) {
        a.description = collapse_whitespace(b.text);
        break;
      }
  }
  if (a.reading_time_minutes == 0) a.reading_time_minutes = meta.reading_time_minutes;
  if (meta.related_label) add_flag(a, "related_box");
  if (meta.ai_label) {
    a.ai_generated = true;
    add_flag(a, "ai_generated");
  }
  if (parse_cut) add_flag(a, "truncated");  // the page's elements past the cap were not read
  limit_text(a);
  // The page's own tag, else the caller's (a crawl passes its feed's), weighed against the text:
  // templates say lang="en" over German text. A caller's tag is checked as a page's own is
  // (a 1,000-byte one was kept).
  settle_article_language(a, a.language.empty() ? options.default_language : a.language);
  if (a.language.empty()) a.language = "en";
  if (a.sections.empty() && a.title.empty())
    return {ErrorCode::kBadInput, "the page has no readable text",
            "it may need JavaScript to render; try the site's feed instead"};
  return a;
}

}  // namespace byline
