#include "byline/article.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <utility>

#include "common/text.h"

namespace byline {

namespace {
constexpr std::array<std::pair<SectionKind, std::string_view>, 10> kKindNames{{
    {SectionKind::kLead, "lead"},
    {SectionKind::kWhatsHappening, "whats_happening"},
    {SectionKind::kWhyImportant, "why_important"},
    {SectionKind::kWhatsNext, "whats_next"},
    {SectionKind::kKeyTakeaways, "key_takeaways"},
    {SectionKind::kBackground, "background"},
    {SectionKind::kAnalysis, "analysis"},
    {SectionKind::kQuotes, "quotes"},
    {SectionKind::kFaq, "faq"},
    {SectionKind::kOther, "other"},
}};
}  // namespace

std::string_view to_string(SectionKind kind) {
  for (const auto& [k, name] : kKindNames)
    if (k == kind) return name;
  return "other";
}

std::optional<SectionKind> section_kind_from_string(std::string_view name) {
  for (const auto& [k, n] : kKindNames)
    if (n == name) return k;
  return std::nullopt;
}

std::string url_host(std::string_view url) {
  const size_t scheme = url.find("://");
  if (scheme == std::string_view::npos) return {};
  std::string_view rest = url.substr(scheme + 3);
  rest = rest.substr(0, rest.find_first_of("/?#"));
  if (const size_t at = rest.rfind('@'); at != std::string_view::npos) rest = rest.substr(at + 1);
  if (!rest.empty() && rest.front() == '[') {
    rest = rest.substr(0, rest.find(']') + 1);
  } else if (const size_t colon = rest.find(':'); colon != std::string_view::npos) {
    rest = rest.substr(0, colon);
  }
  std::string host = to_lower_ascii(rest);
  if (host.rfind("www.", 0) == 0) host.erase(0, 4);
  return host;
}

namespace {
/// Where to cut `s` to at most `max` bytes: after the last paragraph break that fits, else the
/// last space, else a UTF-8 character boundary.
size_t cut_point(std::string_view s, size_t max) {
  if (s.size() <= max) return s.size();
  const std::string_view head = s.substr(0, max);
  if (const size_t p = head.rfind("\n\n"); p != std::string_view::npos && p > 0) return p;
  if (const size_t p = head.find_last_of(" \n"); p != std::string_view::npos && p > 0) return p;
  size_t cut = max;
  while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
  return cut;
}
}  // namespace

void add_flag(Article& article, std::string_view flag) {
  if (std::find(article.flags.begin(), article.flags.end(), flag) == article.flags.end())
    article.flags.emplace_back(flag);
}

bool add_tags(Article& article, const std::vector<std::string>& tags) {
  // Compared as their K terms are made: "AI" and "ai" are one tag.
  auto key = [](std::string_view t) { return collapse_whitespace(to_lower_ascii(t)); };
  bool added = false;
  for (const auto& tag : tags) {
    const std::string k = key(tag);
    if (k.empty() || std::any_of(article.tags.begin(), article.tags.end(),
                                 [&](const std::string& t) { return key(t) == k; }))
      continue;
    article.tags.push_back(tag);
    added = true;
  }
  return added;
}

namespace {
// Cuts a display field at a space within `max` bytes, "…" after it.
bool cut_field(std::string& s, size_t max) {
  if (s.size() <= max) return false;
  constexpr std::string_view kEllipsis = "\xE2\x80\xA6";
  s.resize(cut_point(s, max - kEllipsis.size()));
  while (!s.empty() && (s.back() == ' ' || s.back() == '\n')) s.pop_back();
  s += kEllipsis;
  s.shrink_to_fit();
  return true;
}

// No empty section, and at most kMaxSections: the text of the others joins the last one kept,
// its headings as paragraphs. True when sections were joined.
bool limit_section_count(Article& article) {
  std::erase_if(article.sections,
                [](const Section& s) { return s.heading.empty() && s.text.empty(); });
  if (article.sections.size() <= kMaxSections) return false;
  Section& last = article.sections[kMaxSections - 1];
  for (size_t i = kMaxSections; i < article.sections.size(); ++i)
    for (const std::string* part : {&article.sections[i].heading, &article.sections[i].text}) {
      if (part->empty()) continue;
      if (!last.text.empty()) last.text += "\n\n";
      last.text += *part;
    }
  article.sections.resize(kMaxSections);
  return true;
}

bool limit_sections(Article& article, size_t max_bytes) {
  size_t used = 0;
  for (size_t i = 0; i < article.sections.size(); ++i) {
    Section& s = article.sections[i];
    if (used + s.heading.size() + s.text.size() <= max_bytes) {
      used += s.heading.size() + s.text.size();
      continue;
    }
    const size_t room = max_bytes - used;
    s.heading.resize(cut_point(s.heading, room));
    s.text.resize(cut_point(s.text, room - s.heading.size()));
    while (!s.text.empty() && (s.text.back() == ' ' || s.text.back() == '\n')) s.text.pop_back();
    // resize() keeps the capacity: a 15 MiB page's text cut to 1 MiB still held some 28 MiB,
    // for as long as the article was (a crawl holds prepared articles until their feed is in).
    s.text.shrink_to_fit();
    // A heading whose text did not fit at all says nothing: it goes too.
    article.sections.resize(s.text.empty() ? i : i + 1);
    return true;
  }
  return false;
}

// Each alias becomes a term the writer looks up: no empty, repeated or canonical one, and few.
bool limit_alias_urls(Article& a) {
  std::vector<std::string> kept;
  bool cut = false;
  for (std::string& u : a.alias_urls) {
    if (u.empty() || u == a.url || std::find(kept.begin(), kept.end(), u) != kept.end()) continue;
    if (u.size() > kMaxAliasUrlBytes || kept.size() == kMaxAliasUrls) {
      cut = true;  // a cut URL names nothing: dropped whole
      continue;
    }
    kept.push_back(std::move(u));
  }
  a.alias_urls = std::move(kept);
  return cut;
}

// Likewise the other feeds: each a term.
bool limit_other_feeds(Article& a) {
  std::vector<std::string> kept;
  bool cut = false;
  for (std::string& u : a.other_feed_urls) {
    if (u.empty() || u == a.feed_url || std::find(kept.begin(), kept.end(), u) != kept.end())
      continue;
    if (u.size() > kMaxAliasUrlBytes || kept.size() == kMaxOtherFeeds) {
      cut = true;
      continue;
    }
    kept.push_back(std::move(u));
  }
  a.other_feed_urls = std::move(kept);
  return cut;
}

bool limit_fields(Article& a) {
  bool cut = false;
  for (std::string* field : {&a.title, &a.author, &a.byline, &a.site_name})
    cut |= cut_field(*field, kMaxLineFieldBytes);
  cut |= cut_field(a.description, kMaxDescriptionBytes);
  if (a.image.size() > kMaxImageUrlBytes) {
    a.image.clear();
    a.image.shrink_to_fit();
    cut = true;
  }
  // A language tag goes into a term: anything but a well-formed BCP 47 tag is dropped (a
  // hostile one made the article fail to index), and one is written as RFC 5646 writes it.
  if (!a.language.empty()) {
    a.language = normalize_language_tag(a.language);  // not a cut when dropped: nothing to keep
    a.language.shrink_to_fit();
  }
  for (auto* list : {&a.tags, &a.flags}) {  // flags too: records from other applications
    const size_t n = list->size();
    std::erase_if(*list, [](const std::string& t) { return t.size() > kMaxTagBytes; });
    if (list->size() > kMaxTags) list->resize(kMaxTags);
    if (list->size() != n) {
      list->shrink_to_fit();
      cut = true;
    }
  }
  // Printed back in an enum (`byline show`, JSON output): an unknown name, or one without a
  // date, is no fact to keep; not a cut either.
  if (!a.published || !known_published_source(a.published_source)) {
    a.published_source.clear();
    a.published_source.shrink_to_fit();
  }
  cut |= limit_alias_urls(a);
  cut |= limit_other_feeds(a);
  return cut;
}
}  // namespace

std::string normalize_language_tag(std::string_view raw) {
  std::string s(trim(raw));
  if (s.empty() || s.size() > kMaxLanguageBytes) return {};
  std::replace(s.begin(), s.end(), '_', '-');  // "en_US", a locale's way
  std::string out;
  size_t index = 0;
  for (size_t start = 0; start <= s.size(); ++index) {
    size_t end = s.find('-', start);
    if (end == std::string::npos) end = s.size();
    std::string sub = s.substr(start, end - start);
    const bool alpha = std::all_of(
        sub.begin(), sub.end(), [](char c) { return std::isalpha(static_cast<unsigned char>(c)); });
    const bool alnum = std::all_of(
        sub.begin(), sub.end(), [](char c) { return std::isalnum(static_cast<unsigned char>(c)); });
    // The language: 2-3 letters (no longer one is registered: "english", "deutsch" and
    // "default" are words); then subtags of 1-8 letters and digits.
    if (index == 0 ? !(alpha && (sub.size() == 2 || sub.size() == 3))
                   : !(alnum && !sub.empty() && sub.size() <= 8))
      return {};
    for (char& c : sub) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (index == 0) {
      // "Undetermined", "multiple", "no linguistic content", "uncoded": no language named.
      if (sub == "und" || sub == "mul" || sub == "zxx" || sub == "mis") return {};
      // Withdrawn codes that pages still write: one language, one tag.
      static constexpr std::pair<std::string_view, std::string_view> kModern[] = {
          {"iw", "he"}, {"in", "id"}, {"ji", "yi"}, {"jw", "jv"}, {"mo", "ro"}};
      for (const auto& [from, to] : kModern)
        if (sub == from) sub = to;
    }
    if (index > 0 && alpha && sub.size() == 2) {  // a region: "US"
      for (char& c : sub) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    } else if (index == 1 && alpha && sub.size() == 4) {  // a script: "Hant"
      sub[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(sub[0])));
    }
    if (!out.empty()) out += '-';
    out += sub;
    start = end + 1;
    if (end == s.size()) break;
  }
  return out;
}

bool guessed_published_source(std::string_view source) {
  return source == "text" || source == "url";
}

bool known_published_source(std::string_view source) {
  return source == "json-ld" || source == "meta" || source == "time" || source == "next-data" ||
         source == "text" || source == "url" || source == "feed";
}

bool limit_text(Article& article, size_t max_bytes) {
  for (std::string* f :
       {&article.title, &article.author, &article.byline, &article.site_name, &article.description})
    if (strip_invisible(*f)) *f = collapse_whitespace(*f);  // " \u200B " left two spaces
  for (Section& s : article.sections) {
    strip_invisible(s.heading);
    strip_invisible(s.text);
  }
  for (auto* list : {&article.tags, &article.flags}) {
    for (std::string& t : *list) strip_invisible(t);
    std::erase_if(*list, [](const std::string& t) { return trim(t).empty(); });
  }
  const bool joined = limit_section_count(article);
  const bool sections = limit_sections(article, max_bytes) || joined;
  const bool fields = limit_fields(article);
  if (sections || fields) add_flag(article, "truncated");
  return sections || fields;
}

size_t Article::text_bytes() const {
  size_t n = title.size() + description.size();
  for (const Section& s : sections) n += s.heading.size() + s.text.size();
  return n;
}

std::string Article::source() const { return site_name.empty() ? url_host(url) : site_name; }

std::string Article::body() const {
  std::string out;
  for (const auto& s : sections) {
    if (!out.empty()) out += "\n\n";
    if (!s.heading.empty()) {
      out += s.heading;
      if (!s.text.empty()) out += "\n\n";
    }
    out += s.text;
  }
  return out;
}

}  // namespace byline
