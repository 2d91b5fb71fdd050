// byline/extract.h: article extraction and section tagging.
//
// Thread-safety: every function here may run on any number of threads at once (they share no
// state; libxml2's global set-up is done once inside, so no xmlInitParser() call is needed).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "byline/article.h"
#include "byline/status.h"

namespace byline {

struct ExtractOptions {
  std::string url;           ///< the page's URL: base for relative links, fallback id and source
  std::string content_type;  ///< HTTP Content-Type header, for its charset
  int64_t now = 0;           ///< Unix seconds; dates after it are rejected (0: the clock)
  /// The language of a page that declares none (a crawl passes its feed's), unless its text is
  /// clearly in another (settle_article_language); "en" when neither says.
  std::string default_language;
};

/// Extracts the main text, sections and metadata of a news page. Never throws; malformed HTML is
/// recovered. Fails (kBadInput) only when the page has no readable text at all, or is binary
/// data (compressed, an image) rather than a page. The text is paragraphs
/// separated by blank lines; a data table gives a line per row, its cells joined by " | ", and
/// a MathML formula its tokens' text ("a x 2 + c = 0").
Result<Article> extract_html(std::string_view html, const ExtractOptions& options = {});

/// Reads a plain-text article such as a news aggregator's reader view renders it: the first
/// real line is the headline, known labels become metadata, boilerplate lines are dropped.
Result<Article> extract_text(std::string_view text, const ExtractOptions& options = {});

/// Splits plain text (paragraphs separated by blank lines or newlines) into a lead and tagged
/// sections, dropping boilerplate lines and recording them in article.flags. Used for text
/// articles and for JSON records that carry only `body`.
void tag_sections(std::string_view text, Article& article);

/// Sets `article.language` from `declared` (the page's or feed's tag; may be empty) weighed
/// against the language of the article's title and text, read by CLD2: the text overrules a
/// declaration only when it is long and clearly in another language (site templates say
/// lang="en" over German text), and then "language_from_text" joins the flags; it stands in for
/// a missing one when CLD2 is sure. Left empty when neither says. extract_html() and
/// extract_text() call it; an application that builds its own Article may.
void settle_article_language(Article& article, std::string_view declared);

/// The kind a heading names ("What's Next?" -> kWhatsNext), kOther when it is not a known one.
SectionKind classify_heading(std::string_view heading);

}  // namespace byline
