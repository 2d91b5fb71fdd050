// indexer/metadata.h: an article's metadata from JSON-LD, OpenGraph, article:* meta, <time>
// and bylines, with the body fallbacks that live in scripts (JSON-LD articleBody, __NEXT_DATA__).
#pragma once

#include <libxml/tree.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "byline/article.h"

namespace byline {

/// What the page says about itself, before choosing between sources.
struct PageMetadata {
  std::string title;                    ///< best headline
  std::string document_title;           ///< <title> as written
  std::string author;                   ///< from structured data and meta tags
  bool author_is_organization = false;  ///< JSON-LD's author is an Organization (the outlet)
  /// The first byline element (rel=author, itemprop=author, class "byline"...) outside page
  /// furniture (site headers, sidebars, comments), by Readability's rule.
  std::string dom_byline;
  std::string dom_byline_text;  ///< that element's text as shown ("By Ana Sandoiu")
  /// A byline inside an article's header (a theme's "entry-header", Blogger's "post-header"),
  /// which Readability passes over: the author's names when nothing else names one.
  std::string header_byline;
  std::optional<int64_t> published;
  std::string published_source;  ///< "json-ld", "meta" or "time" (Article::published_source)
  std::optional<int64_t> updated;
  std::string site_name;
  std::string description;
  /// A standfirst under the headline that its class names so ("dek"), for a page with no
  /// description.
  std::string standfirst;
  std::string language;
  std::string canonical_url;
  std::string image;
  std::vector<std::string> tags;
  std::string ld_article_body;   ///< JSON-LD articleBody / text, if any
  std::string next_data;         ///< a __NEXT_DATA__ blob (JSON), parsed only when needed
  std::string html_dir;          ///< <html dir>
  int reading_time_minutes = 0;  ///< the first "7 min read" label outside links
  bool ai_label = false;         ///< an "AI Generated Content" label outside links
  bool related_label = false;    ///< a heading names a related-stories box
};

/// Reads the metadata of a parsed page. `page_url` resolves relative URLs; dates after `now`
/// (Unix seconds) are rejected.
PageMetadata read_metadata(xmlDoc* doc, const std::string& page_url, int64_t now);

/// The names in a credit, as a comma-separated list: "A, B and C" and "A & B" become
/// "A, B, C"; roles after a name ("Jane Doe, Senior Reporter") and the outlet it wrote for
/// ("Jane Doe for Reuters") leave, as do news agencies and the page's site named beside them
/// ("Jane Doe, Reuters", "JANE DOE Associated Press"). A credit it cannot read as names stays
/// as written.
std::string name_list(std::string_view credit, std::string_view site_name = {});

/// The names in a byline line ("By Jane Doe | March 17, 2025" is "Jane Doe"): its "By" or
/// "Written by", and the date, time or reading time beside them, left out.
std::string names_in_byline(std::string_view line);

/// The story's text in a __NEXT_DATA__ blob (a React page's props): the longest article-like
/// string, or a headless CMS's list of typed blocks (paragraphs, headings, lists) when that holds
/// more, with its headings kept as lines of their own.
std::string next_data_body(const std::string& next_data, std::string_view page_title = {});

}  // namespace byline
