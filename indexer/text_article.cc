// Plain-text articles as aggregators render them: labels, a headline line, then the story.
#include <vector>

#include "byline/extract.h"
#include "common/text.h"
#include "indexer/language.h"
#include "indexer/section_tagger.h"

namespace byline {

Result<Article> extract_text(std::string_view text, const ExtractOptions& options) {
  // As the HTML path: escape sequences and other controls are no text (a title of "\x1b[31m..."
  // would reach every terminal and JSON reader); paragraph breaks stay.
  // A text file's bytes may be UTF-16 or a legacy charset: read as browsers read such pages.
  const std::string clean = strip_controls(text_to_utf8(text), /*keep_newlines=*/true);
  std::vector<TextBlock> blocks = split_blocks(split_line_labels(unwrap_lines(clean)));
  Article article;
  article.url = options.url;
  // The headline is the first line that is not a label (reading time, ads, group labels).
  size_t first = 0;
  for (; first < blocks.size(); ++first) {
    const Boilerplate b = classify_boilerplate(blocks[first].text);
    if (b == Boilerplate::kReadingTime) {
      if (article.reading_time_minutes == 0)
        article.reading_time_minutes = parse_reading_time(blocks[first].text);
      if (carries_ai_label(blocks[first].text)) {
        article.ai_generated = true;
        add_flag(article, "ai_generated");
      }
      continue;
    }
    if (b == Boilerplate::kAiLabel) {
      article.ai_generated = true;
      add_flag(article, "ai_generated");
      continue;
    }
    if (b != Boilerplate::kNone) continue;
    const std::string& line = blocks[first].text;
    // A group's label over the headline or the first section ("WHAT'S THE STORY?") is none.
    if (is_group_label(line, first + 1 < blocks.size() ? blocks[first + 1].text : "")) continue;
    // A text that opens with its first section's name ("What's Happening?", "Why it
    // matters:") has no headline; "What's Next for Apple" is one.
    const std::string_view bare = trim(line);
    if (classify_heading(line) != SectionKind::kOther &&
        (count_words(line) <= 3 || bare.ends_with('?') || bare.ends_with(':')))
      break;
    // A headline is a line, not a paragraph; a text that opens with a paragraph has none.
    if (count_words(line) <= 30) {
      article.title = blocks[first].text;
      ++first;
    }
    break;
  }
  blocks.erase(blocks.begin(), blocks.begin() + static_cast<std::ptrdiff_t>(first));
  build_sections(blocks, article, /*detect_headings=*/true);
  // No description in a text file: its first paragraph stands in, as a page's does.
  for (const Section& s : article.sections) {
    for (size_t at = 0; article.description.empty() && at < s.text.size();) {
      size_t end = s.text.find("\n\n", at);
      if (end == std::string::npos) end = s.text.size();
      const std::string_view p = std::string_view(s.text).substr(at, end - at);
      if (!starts_with_bullet(p)) article.description = p;  // a paragraph, not a list's point
      at = end + 2;
    }
    if (!article.description.empty()) break;
  }
  limit_text(article);
  settle_article_language(article, options.default_language);
  if (article.language.empty()) article.language = "en";
  if (article.title.empty() && article.sections.empty())
    return {ErrorCode::kBadInput, "the text has no readable content",
            "give a file with a headline line and at least one paragraph"};
  return article;
}

}  // namespace byline
