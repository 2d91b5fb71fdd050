#include "byline/article_json.h"

#include <climits>
#include <nlohmann/json.hpp>

#include "byline/extract.h"
#include "common/datetime.h"
#include "common/text.h"
#include "indexer/article_json_value.h"
#include "indexer/metadata.h"

namespace byline {

using nlohmann::json;

namespace {

// Output keeps the order fields are written in; input is read with json, whose lookups stay
// logarithmic on hostile objects of many keys.
using ojson = nlohmann::ordered_json;

ojson str(std::string_view s) { return sanitize_utf8(s); }

void put_date(ojson& j, const char* key, const std::optional<int64_t>& t) {
  j[key] = t ? ojson(format_iso8601(*t)) : ojson(nullptr);
}

std::string get_string(const json& j, const char* key) {
  const auto it = j.find(key);
  if (it == j.end() || it->is_null()) return {};
  if (it->is_string()) return it->get<std::string>();
  if (it->is_number() || it->is_boolean()) return it->dump();
  if (it->is_array()) {  // e.g. several authors
    std::string out;
    for (const auto& v : *it) {
      std::string s = v.is_string() ? v.get<std::string>()
                      : v.is_object() && v.contains("name") && v["name"].is_string()
                          ? v["name"].get<std::string>()
                          : std::string();
      if (s.empty()) continue;
      if (!out.empty()) out += ", ";
      out += s;
    }
    return out;
  }
  if (it->is_object() && it->contains("name") && (*it)["name"].is_string())
    return (*it)["name"].get<std::string>();
  return {};
}

/// More text than an article keeps (limit_text() cuts at kMaxArticleTextBytes, at a paragraph)
/// is never copied or tagged: a 60 MB body held six times over was half a gigabyte. The margin
/// leaves what limit_text() keeps, and that it cut, as they were.
constexpr size_t kTextReadBytes = 4 * kMaxArticleTextBytes;

/// A long string member read no further than kTextReadBytes (at a character's start).
std::string get_text(const json& j, const char* key) {
  const auto it = j.find(key);
  if (it == j.end() || !it->is_string()) return get_string(j, key);
  const std::string& whole = it->get_ref<const std::string&>();
  if (whole.size() <= kTextReadBytes) return whole;
  size_t end = kTextReadBytes;  // back to a character's first byte
  while (end > 0 && (static_cast<unsigned char>(whole[end]) & 0xC0) == 0x80) --end;
  return whole.substr(0, end);
}

/// The date at `key`; a value that is present but no date adds a warning (the record is
/// indexed without it, and its author should know).
std::optional<int64_t> get_date(const json& j, const char* key,
                                std::vector<std::string>* warnings) {
  const auto it = j.find(key);
  if (it == j.end() || it->is_null()) return std::nullopt;
  std::optional<int64_t> t;
  if (it->is_number()) {
    // Unix seconds in the years parse_date() reads (1000-9999). Past int64_t, converting the
    // double was undefined (1e300 gave a 12-digit year) and 2^64-1 wrapped to 1969.
    const double seconds = it->get<double>();
    if (seconds >= static_cast<double>(kFirstDate) && seconds <= static_cast<double>(kLastDate))
      return it->is_number_integer() ? it->get<int64_t>() : static_cast<int64_t>(seconds);
  } else if (it->is_string()) {
    if (trim(it->get_ref<const std::string&>()).empty()) return std::nullopt;  // "": none given
    t = parse_date_strict(it->get<std::string>());  // "2026-02-30" is no 2 March
  }
  if (!t && warnings)
    warnings->push_back(
        "`" + std::string(key) + "` is not a date (ISO 8601 or Unix seconds): " +
        truncate_utf8(it->dump(-1, ' ', false, json::error_handler_t::replace), 80) + "; left out");
  return t;
}

void warn(std::vector<std::string>* warnings, const json& j, const char* key, const char* want) {
  if (!warnings) return;
  const auto it = j.find(key);
  warnings->push_back("`" + std::string(key) + "` is not " + want + ": " +
                      truncate_utf8(it->dump(-1, ' ', false, json::error_handler_t::replace), 80) +
                      "; left out");
}

/// The strings of the array at `key`; an element that is no string, or a value that is no
/// array, is left out with a warning.
std::vector<std::string> get_strings(const json& j, const char* key,
                                     std::vector<std::string>* warnings) {
  std::vector<std::string> out;
  const auto it = j.find(key);
  if (it == j.end() || it->is_null()) return out;
  if (!it->is_array()) {
    warn(warnings, j, key, "an array of strings");
    return out;
  }
  bool bad = false;
  for (const auto& v : *it) {
    if (v.is_string())
      out.push_back(sanitize_utf8(v.get_ref<const std::string&>()));
    else
      bad = true;
  }
  if (bad && warnings)
    warnings->push_back("`" + std::string(key) +
                        "` holds values that are not strings; they are left out");
  return out;
}

}  // namespace

// A field added here goes into stored_record() (indexer/analyzer.cc) too.
ojson article_json_value(const Article& a, bool include_body) {
  ojson j;
  j["id"] = str(a.id);
  j["url"] = str(a.url);
  j["title"] = str(a.title);
  j["author"] = str(a.author);
  if (!a.byline.empty()) j["byline"] = str(a.byline);
  put_date(j, "published", a.published);
  // Only the names the schema knows: an application's own Article may hold any string.
  if (a.published && known_published_source(a.published_source))
    j["published_source"] = str(a.published_source);
  put_date(j, "updated", a.updated);
  j["site_name"] = str(a.site_name);
  j["source"] = str(a.source());
  j["description"] = str(a.description);
  j["language"] = str(a.language);
  ojson tags = ojson::array();
  for (const auto& t : a.tags) tags.push_back(str(t));
  j["tags"] = std::move(tags);
  if (include_body) j["body"] = str(a.body());
  ojson sections = ojson::array();
  for (const auto& s : a.sections)
    sections.push_back({{"heading", str(s.heading)},
                        {"kind", std::string(to_string(s.kind))},
                        {"text", str(s.text)}});
  j["sections"] = std::move(sections);
  j["reading_time_minutes"] = std::max(a.reading_time_minutes, 0);
  j["ai_generated"] = a.ai_generated;
  ojson flags = ojson::array();
  for (const auto& f : a.flags) flags.push_back(str(f));
  j["flags"] = std::move(flags);
  if (!a.feed_url.empty()) j["feed_url"] = str(a.feed_url);
  if (!a.other_feed_urls.empty()) {
    ojson feeds = ojson::array();
    for (const auto& u : a.other_feed_urls) feeds.push_back(str(u));
    j["other_feed_urls"] = std::move(feeds);
  }
  if (!a.alias_urls.empty()) {
    ojson aliases = ojson::array();
    for (const auto& u : a.alias_urls) aliases.push_back(str(u));
    j["alias_urls"] = std::move(aliases);
  }
  if (!a.image.empty()) j["image"] = str(a.image);
  return j;
}

std::string article_to_json(const Article& a, int indent) {
  return article_json_value(a).dump(indent, ' ', false, ojson::error_handler_t::replace);
}

Result<Article> article_from_json(std::string_view text, std::vector<std::string>* warnings) {
  // A line of brackets would cost some 60 bytes of memory per byte.
  if (!json_nesting_within(text))
    return {ErrorCode::kBadInput, "JSON nested deeper than " + std::to_string(kMaxJsonDepth) +
                                      " levels, or of more than " + std::to_string(kMaxJsonValues) +
                                      " values"};
  std::string shorter;
  if (cut_json_strings(text, kTextReadBytes, &shorter)) text = shorter;
  json j = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) {
    // Other applications' records: bytes that are not UTF-8, a lone surrogate escape, a raw
    // line break in a string, a trailing comma. Read repaired, and said; else say where.
    j = json::parse(repair_json(sanitize_utf8(text)), nullptr, false);
    if (j.is_discarded()) {
      std::string why = "not valid JSON";
      try {
        [[maybe_unused]] const json parsed = json::parse(text);  // throws: to say where
      } catch (const json::exception& e) {  // a parse error, or a number out of range (1e999)
        std::string what = e.what();
        if (const size_t at = what.find("] "); at != std::string::npos) what.erase(0, at + 2);
        why += ": " + truncate_utf8(sanitize_utf8(what), 160);
      }
      return {ErrorCode::kBadInput, why, "check the record with a JSON validator (jq .)"};
    }
    if (warnings)
      warnings->push_back(
          "the record is not strict JSON (bytes that are not UTF-8, a lone surrogate escape, a "
          "raw line break in a string or a trailing comma); read as repaired");
  }
  if (!j.is_object()) return {ErrorCode::kBadInput, "an Article record must be a JSON object"};
  Article a;
  a.id = sanitize_utf8(get_string(j, "id"));
  // Refused here as the writer refuses it, so `byline extract` of the record says so too.
  if (a.id.size() > kMaxIdBytes)
    return {ErrorCode::kBadInput,
            "the article id is longer than " + std::to_string(kMaxIdBytes) + " bytes",
            "give a shorter id, or none: byline derives one from the url"};
  a.url = sanitize_utf8(get_string(j, "url"));
  a.title = collapse_whitespace(sanitize_utf8(get_string(j, "title")));
  a.author = sanitize_utf8(get_string(j, "author"));
  if (a.author.empty()) a.author = sanitize_utf8(get_string(j, "authors"));
  a.byline = collapse_whitespace(sanitize_utf8(get_string(j, "byline")));
  a.published = get_date(j, "published", warnings);
  if (!a.published) a.published = get_date(j, "date", warnings);
  a.updated = get_date(j, "updated", warnings);
  // Said here; prepare_for_index() drops them whatever the input.
  const int64_t now = unix_now();
  for (auto [date, key] : {std::pair{&a.published, "published"}, {&a.updated, "updated"}})
    if (*date && !within_reach(*date, now)) {
      if (warnings)
        warnings->push_back("`" + std::string(key) + "` is more than a day in the future (" +
                            format_iso8601(**date) + "); left out");
      date->reset();
    }
  // Only the schema's names: any other would be printed back (`byline show`) out of its enum.
  if (a.published)
    if (std::string src = get_string(j, "published_source"); known_published_source(src))
      a.published_source = std::move(src);
  a.site_name = sanitize_utf8(get_string(j, "site_name"));
  if (a.site_name.empty()) {
    // `source` names a publication, unless it is what byline writes for a record without one,
    // the URL's host (a record read back keeps no site_name it did not have).
    Article derived;
    derived.url = a.url;
    if (std::string src = sanitize_utf8(get_string(j, "source")); src != derived.source())
      a.site_name = std::move(src);
  }
  a.description = sanitize_utf8(get_string(j, "description"));
  a.language = sanitize_utf8(get_string(j, "language"));
  a.feed_url = sanitize_utf8(get_string(j, "feed_url"));
  a.image = sanitize_utf8(get_string(j, "image"));
  a.tags = get_strings(j, "tags", warnings);
  a.alias_urls = get_strings(j, "alias_urls", warnings);
  a.other_feed_urls = get_strings(j, "other_feed_urls", warnings);
  a.flags = get_strings(j, "flags", warnings);
  // A count the schema allows (an integer >= 0) that fits an int: a negative one would be
  // printed back out of the schema, and a longer one wrapped.
  if (auto it = j.find("reading_time_minutes"); it != j.end() && !it->is_null()) {
    if (it->is_number_integer() && it->get<int64_t>() >= 0 && it->get<int64_t>() <= INT_MAX)
      a.reading_time_minutes = it->get<int>();
    else
      warn(warnings, j, "reading_time_minutes", "a count of minutes");
  }
  if (auto it = j.find("ai_generated"); it != j.end() && !it->is_null()) {
    if (it->is_boolean())
      a.ai_generated = it->get<bool>();
    else
      warn(warnings, j, "ai_generated", "true or false");
  }
  auto sections_it = j.find("sections");
  if (sections_it != j.end() && !sections_it->is_null() && !sections_it->is_array())
    warn(warnings, j, "sections", "an array of sections");
  if (auto it = sections_it; it != j.end() && it->is_array() && !it->empty()) {
    size_t skipped = 0, unknown = 0;
    std::string first_unknown;
    for (const auto& s : *it) {
      if (!s.is_object()) {
        ++skipped;
        continue;
      }
      Section sec;
      sec.heading = sanitize_utf8(get_string(s, "heading"));
      sec.text = sanitize_utf8(get_text(s, "text"));
      const std::string given = get_string(s, "kind");
      const auto kind = section_kind_from_string(to_lower_ascii(trim(given)));  // "WHY_IMPORTANT"
      if (!kind && !trim(given).empty() && unknown++ == 0) first_unknown = given;
      // No kind, or none byline knows: its heading's, as the tagger reads headings.
      sec.kind = kind                  ? *kind
                 : sec.heading.empty() ? SectionKind::kLead
                                       : classify_heading(sec.heading);
      a.sections.push_back(std::move(sec));
    }
    if (skipped && warnings)
      warnings->push_back("`sections` holds " + std::to_string(skipped) +
                          " value(s) that are not objects; they are left out");
    if (unknown && warnings)
      warnings->push_back(
          "`kind` \"" + truncate_utf8(sanitize_utf8(first_unknown), 40) + "\"" +
          (unknown > 1 ? " and " + std::to_string(unknown - 1) + " more" : std::string()) +
          " is no section kind (schemas/article.schema.json lists them); read from the heading");
  } else {
    std::string body = get_text(j, "body");
    if (body.empty()) body = get_text(j, "text");
    // A bare body may still carry headings such as "What's Next?": the tagger finds them.
    if (!body.empty()) tag_sections(sanitize_utf8(body), a);
  }
  if (a.title.empty() && a.sections.empty())
    return {ErrorCode::kBadInput, "record has neither a title nor a body",
            "give at least `title` and `body` (see schemas/article.schema.json)"};
  return a;
}

std::string removal_to_json(const Removal& removal) {
  ojson j;
  // One that names its article by URL alone says so, and is read back as it was.
  if (removal.id.empty() && !removal.url.empty())
    j["url"] = removal.url;
  else
    j["id"] = removal.id;
  j["removed"] = format_iso8601(removal.removed);
  return j.dump(-1, ' ', false, ojson::error_handler_t::replace);
}

std::optional<Removal> removal_from_json(std::string_view text) {
  // Most lines are articles: those without the key are not parsed twice.
  if (text.size() > 4 * kMaxIdBytes + kMaxAliasUrlBytes || text.find("\"removed\"") == text.npos)
    return std::nullopt;
  json j = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (!j.is_object() || !j.contains("removed")) return std::nullopt;
  Removal r;
  for (const auto& [key, value] : j.items()) {
    if (key == "removed") {
      if (value.is_boolean() && value.get<bool>()) continue;
      if (value.is_number_integer()) {
        r.removed = value.get<int64_t>();
        continue;
      }
      if (!value.is_string()) return std::nullopt;
      auto when = parse_date(value.get<std::string>());  // when, as the writer saw it
      if (!when) return std::nullopt;
      r.removed = *when;
    } else if ((key == "id" || key == "url") && value.is_string() &&
               !value.get<std::string>().empty()) {
      (key == "id" ? r.id : r.url) = value.get<std::string>();
    } else {
      return std::nullopt;
    }
  }
  if (r.id.empty() && r.url.empty()) return std::nullopt;
  return r;
}

}  // namespace byline
