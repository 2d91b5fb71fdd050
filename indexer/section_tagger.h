// indexer/section_tagger.h: turns a sequence of text blocks into a lead and tagged sections.
//
// Shared by the plain-text reader (blocks are lines) and the HTML extractor (blocks are the
// paragraphs and headings of the main content), so both drop the same boilerplate labels and
// record the same flags.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "byline/article.h"

namespace byline {

/// One paragraph or heading of article text.
struct TextBlock {
  std::string text;
  bool heading = false;    ///< known to be a heading (an <hN> in HTML)
  bool from_p = false;     ///< an HTML <p> (the excerpt falls back to the first one)
  int level = 0;           ///< a heading's rank: 1-6 for <h1>-<h6>, 7 a bold paragraph; 0 unknown
  bool ends_box = false;   ///< the last block of a box (a takeaways <aside>): its section ends here
  int pull_quote = 0;      ///< a pull quote's blocks share a number (0: none); see the extractor
  bool code = false;       ///< preformatted (<pre>, a code table or editor): kept whole, as written
  bool table_row = false;  ///< a data table's row, its cells joined by " | "
  /// The story's words as they stand, never a page label: a list's item or a quote that a
  /// lead-in ending in a colon introduces ("The menu now offers:", then "Share"), a row of a
  /// one-column table of no links.
  bool verbatim = false;
  bool list_item = false;  ///< an item of a list (an HTML <li>)
};

/// What a short line of boilerplate means, when it is one.
enum class Boilerplate {
  kNone,
  kAd,            ///< "AD", "Advertisement"
  kAiLabel,       ///< "AI Generated Content"
  kRelatedBox,    ///< "More Stories You Might Enjoy", "Related"
  kNewsletter,    ///< "Sign up for our newsletter"
  kShareBar,      ///< "Share this article"
  kCookieBanner,  ///< "We use cookies ..."
  kReadingTime,   ///< "Rapid Read • 7 min read"
  kRelatedLink,   ///< "READ MORE: Another story" (one line, not a box)
  kSocial,        ///< "Follow us on Twitter and Facebook"
  kPromo,         ///< "Click here to get the app"
  kPhotoCredit,   ///< "Image credit: Nvidia", "(Photo by Jane Roe/Getty Images)"
  kInterface,  ///< the page's controls speaking: "Text size", "This slideshow requires JavaScript"
  kComments,   ///< "Comments (5 posted)", "Tell us what you think", "Leave a reply"
  kPlanPrice,  ///< a subscription plan's price: "$7/month", "€70 per year"
  kAffiliate,  ///< "We may earn a commission when you buy through links on our site"
  kPaywall,    ///< "Subscribe to read the full article", "Already a subscriber? Log in"
  kAuthorBio,  ///< "About the author", "Written by Jane Doe": a box of the writer's bio
};

/// Classifies one line (already trimmed) as boilerplate, kNone for article text.
Boilerplate classify_boilerplate(std::string_view line);

/// A credit or time line of a masthead ("By Jane Doe", "Updated: May 2, 2019").
bool is_masthead(std::string_view line);

/// Minutes of a reading-time label ("7 min read" -> 7), 0 when there is none.
int parse_reading_time(std::string_view line);

/// Builds article.sections from `blocks`, dropping boilerplate (flags, reading time and
/// ai_generated are set on `article`). With `detect_headings`, short title-like lines that are
/// followed by a paragraph count as headings too (plain text has no markup to say so).
void build_sections(const std::vector<TextBlock>& blocks, Article& article, bool detect_headings);

/// Plain text's lines as written, with the lines of a text wrapped at a width joined into its
/// paragraphs again, and an ad's label set in the middle of a sentence moved after it.
std::string unwrap_lines(std::string_view text);

/// Whether a line of plain text opens with a list's bullet ("- ", "• ", "1. ").
bool starts_with_bullet(std::string_view line);

/// Plain text's lines with a known label they open with ("Why it matters: Domestic ...") set
/// on a line of its own, so that it heads its section.
std::string split_line_labels(std::string_view text);

/// Whether a label line carries the AI label among its parts ("Rapid Read • 7 min read • AI
/// Generated Content").
bool carries_ai_label(std::string_view line);

/// Whether a short line names a group of sections ("WHAT'S THE STORY?", or a line in capitals
/// right over a section's name, `next`) rather than one.
bool is_group_label(std::string_view line, std::string_view next);

/// Lines of `text` as blocks (blank lines and single newlines both separate).
std::vector<TextBlock> split_blocks(std::string_view text);

}  // namespace byline
