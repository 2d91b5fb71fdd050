#include "indexer/entities.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>
#include <string_view>

#include "common/text.h"

namespace byline {

namespace {

// Capitalised words that start sentences or name dates rather than things.
const std::set<std::string, std::less<>>& common_words() {
  static const std::set<std::string, std::less<>> kWords = {
      "A",        "An",     "The",       "This",      "That",      "These",     "Those",
      "It",       "Its",    "In",        "On",        "At",        "For",       "From",
      "By",       "With",   "As",        "But",       "And",       "Or",        "If",
      "When",     "While",  "After",     "Before",    "However",   "Meanwhile", "Still",
      "Yet",      "So",     "Also",      "Some",      "Many",      "Most",      "More",
      "All",      "Both",   "Each",      "Other",     "Such",      "Our",       "Their",
      "His",      "Her",    "We",        "They",      "He",        "She",       "I",
      "You",      "There",  "Here",      "What",      "Why",       "How",       "Who",
      "Where",    "Which",  "Monday",    "Tuesday",   "Wednesday", "Thursday",  "Friday",
      "Saturday", "Sunday", "January",   "February",  "March",     "April",     "May",
      "June",     "July",   "August",    "September", "October",   "November",  "December",
      "Mr",       "Ms",     "Mrs",       "Dr",        "CEO",       "Inc",       "Ltd",
      "Corp",     "Co",     "According", "Earlier",   "Later",     "Last",      "Next",
      "Now",      "Today",  "Yesterday", "Tomorrow",  "One",       "Two",       "Three",
      "New",      "Not",    "No",        "Yes",       "Read",      "More",      "Stories",
      "Why",      "Its",    "Under",     "Over",      "Despite",   "Although",  "Because",
      "Since",    "Until",  "Than",      "Then",      "Those",     "Every",     "Photo",
      "Image",    "Credit", "Getty",     "Images",    "Reuters",   "AP",        "Updated",
      "Published"};
  return kWords;
}

const std::set<std::string, std::less<>>& connectors() {
  static const std::set<std::string, std::less<>> kWords = {"of", "de", "van", "von", "der", "&"};
  return kWords;
}

bool is_name_word(std::string_view w) {
  if (w.empty()) return false;
  const auto c0 = static_cast<unsigned char>(w[0]);
  if (std::isupper(c0)) return true;
  // iPhone, eBay: lower-case start with an upper-case letter inside.
  if (std::islower(c0) && w.size() > 2)
    return std::any_of(w.begin() + 1, w.end(),
                       [](char c) { return std::isupper(static_cast<unsigned char>(c)); });
  return false;
}

struct Token {
  std::string_view text;  // into the text being read: no copy per word
  bool sentence_start;
};

std::vector<Token> tokenize(std::string_view text) {
  std::vector<Token> out;
  bool sentence_start = true;
  size_t i = 0;
  while (i < text.size()) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (std::isalnum(c) || c >= 0x80) {
      size_t j = i;
      while (j < text.size()) {
        const auto d = static_cast<unsigned char>(text[j]);
        // Keep inner hyphens, dots and apostrophes of names like "GPT-5", "Node.js", "O'Neil".
        if (std::isalnum(d) || d >= 0x80) {
          ++j;
        } else if ((d == '-' || d == '.' || d == '\'') && j + 1 < text.size() &&
                   std::isalnum(static_cast<unsigned char>(text[j + 1]))) {
          ++j;
        } else {
          break;
        }
      }
      std::string_view w = text.substr(i, j - i);
      if (w.size() > 2 && w.ends_with("'s")) w.remove_suffix(2);
      out.push_back({w, sentence_start});
      sentence_start = false;
      i = j;
    } else {
      if (c == '.' || c == '!' || c == '?' || c == '\n' || c == ':' || c == '"')
        sentence_start = true;
      if (c == ',' || c == ';' || c == '(' || c == ')')
        out.push_back({std::string_view(), false});  // breaks a name
      ++i;
    }
  }
  return out;
}

void collect(std::string_view text, std::map<std::string, int>& counts) {
  const auto tokens = tokenize(text);
  const auto& common = common_words();
  size_t i = 0;
  while (i < tokens.size()) {
    if (!is_name_word(tokens[i].text)) {
      ++i;
      continue;
    }
    size_t j = i;
    std::vector<std::string_view> parts;
    while (j < tokens.size() && parts.size() < 4) {
      const auto& w = tokens[j].text;
      if (is_name_word(w)) {
        parts.push_back(w);
        ++j;
      } else if (!parts.empty() && connectors().count(w) && j + 1 < tokens.size() &&
                 is_name_word(tokens[j + 1].text)) {
        parts.push_back(w);
        ++j;
      } else {
        break;
      }
    }
    // Drop leading sentence starters and common words ("The Meta team" -> "Meta").
    size_t b = 0;
    while (b < parts.size() && common.count(parts[b])) ++b;
    size_t e = parts.size();
    while (e > b && (common.count(parts[e - 1]) || connectors().count(parts[e - 1]))) --e;
    if (e > b) {
      std::string name;
      for (size_t k = b; k < e; ++k) {
        if (!name.empty()) name += ' ';
        name += parts[k];
      }
      const bool single_sentence_start = e - b == 1 && b == 0 && tokens[i].sentence_start;
      const bool has_digit_or_inner_upper = std::any_of(name.begin() + 1, name.end(), [](char c) {
        return std::isupper(static_cast<unsigned char>(c)) ||
               std::isdigit(static_cast<unsigned char>(c));
      });
      if (!single_sentence_start || has_digit_or_inner_upper) ++counts[name];
    }
    i = std::max(j, i + 1);
  }
}

}  // namespace

std::vector<Entity> extract_entities(const Article& article, size_t limit) {
  std::map<std::string, int> title_counts, body_counts;
  collect(article.title, title_counts);
  for (const auto& s : article.sections) collect(s.text, body_counts);

  std::map<std::string, Entity> by_name;
  auto add = [&](const std::string& name, int n, bool in_title) {
    auto& e = by_name[name];
    e.name = name;
    e.mentions += n;
    e.in_title = e.in_title || in_title;
  };
  for (const auto& [n, c] : title_counts) add(n, c, true);
  for (const auto& [n, c] : body_counts) add(n, c, false);

  // Fold a part into the longer name it abbreviates ("Zuckerberg" into "Mark Zuckerberg").
  std::vector<std::string> names;
  for (const auto& [n, e] : by_name) names.push_back(n);
  for (const auto& shortname : names) {
    if (shortname.find(' ') != std::string::npos) continue;
    std::string best;
    for (const auto& longname : names) {
      if (longname.size() <= shortname.size() || longname.find(' ') == std::string::npos) continue;
      const std::string padded = " " + longname + " ";
      if (padded.find(" " + shortname + " ") == std::string::npos) continue;
      if (best.empty() || by_name[longname].mentions > by_name[best].mentions) best = longname;
    }
    if (best.empty()) continue;
    auto& target = by_name[best];
    target.mentions += by_name[shortname].mentions;
    target.in_title = target.in_title || by_name[shortname].in_title;
    by_name.erase(shortname);
  }

  std::vector<Entity> out;
  for (auto& [n, e] : by_name) {
    if (!e.in_title && e.mentions < 2) continue;
    if (e.name.size() < 2 || e.name.size() > 60) continue;
    e.key = to_lower_ascii(e.name);
    out.push_back(std::move(e));
  }
  std::sort(out.begin(), out.end(), [](const Entity& a, const Entity& b) {
    if (a.mentions + 2 * a.in_title != b.mentions + 2 * b.in_title)
      return a.mentions + 2 * a.in_title > b.mentions + 2 * b.in_title;
    return a.name < b.name;
  });
  if (out.size() > limit) out.resize(limit);
  return out;
}

}  // namespace byline
