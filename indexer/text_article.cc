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
  std::vector<TextBlock> blocks = split_blocks(clean);
  Article article;
  article.url = options.url;
  // The headline is the first line that is not a label (reading time, ads, group labels).
  size_t first = 0;
  for (; first < blocks.size(); ++first) {
    const Boilerplate b = classify_boilerplate(blocks[first].text);
    if (b == Boilerplate::kReadingTime) {
      if (article.reading_time_minutes == 0)
        article.reading_time_minutes = parse_reading_time(blocks[first].text);
      continue;
    }
    if (b == Boilerplate::kAiLabel) {
      article.ai_generated = true;
      add_flag(article, "ai_generated");
      continue;
    }
    if (b != Boilerplate::kNone) continue;
    // A headline is a line, not a paragraph; a text that opens with a paragraph has none.
    if (count_words(blocks[first].text) <= 30) {
      article.title = blocks[first].text;
      ++first;
    }
    break;
  }
  blocks.erase(blocks.begin(), blocks.begin() + static_cast<std::ptrdiff_t>(first));
  build_sections(blocks, article, /*detect_headings=*/true);
  limit_text(article);
  settle_article_language(article, options.default_language);
  if (article.language.empty()) article.language = "en";
  if (article.title.empty() && article.sections.empty())
    return {ErrorCode::kBadInput, "the text has no readable content",
            "give a file with a headline line and at least one paragraph"};
  return article;
}

}  // namespace byline
