#include "indexer/section_tagger.h"

#include <unicode/normalizer2.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <utility>

#include "byline/extract.h"
#include "common/datetime.h"
#include "common/text.h"
#include "indexer/metadata.h"

namespace byline {

namespace {

/// The small letter of a capital in Latin-1, Latin Extended-A, Greek and Cyrillic: labels in
/// capitals ("ÉTAT DES LIEUX", "ПРЕДЫСТОРИЯ") compare with their lists.
uint32_t fold_case(uint32_t cp) {
  if ((cp >= 0xC0 && cp <= 0xDE && cp != 0xD7) || (cp >= 0x391 && cp <= 0x3A9 && cp != 0x3A2) ||
      (cp >= 0x410 && cp <= 0x42F))
    return cp + 0x20;
  if (cp >= 0x400 && cp <= 0x40F) return cp + 0x50;
  if (cp == 0x178) return 0xFF;
  if (((cp >= 0x100 && cp <= 0x137) || (cp >= 0x14A && cp <= 0x177)) && cp % 2 == 0) return cp + 1;
  if (((cp >= 0x139 && cp <= 0x148) || (cp >= 0x179 && cp <= 0x17E)) && cp % 2 == 1) return cp + 1;
  return cp;
}

/// Lower-cased ASCII, typographic quotes folded to ASCII, white space collapsed, and leading
/// bullets and trailing punctuation removed: the form labels and headings are compared in.
std::string normalize_label(std::string_view s) {
  // Accents written as combining marks ("Que\u0301 sigue") composed first, as lists spell them.
  std::string composed;
  for (size_t i = 0; i + 1 < s.size(); ++i)
    if (s[i] == '\xCC' || (s[i] == '\xCD' && static_cast<unsigned char>(s[i + 1]) < 0xB0)) {
      UErrorCode err = U_ZERO_ERROR;
      const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(err);
      if (U_SUCCESS(err)) {
        const icu::UnicodeString u = nfc->normalize(icu::UnicodeString::fromUTF8(icu::StringPiece(
                                                        s.data(), static_cast<int32_t>(s.size()))),
                                                    err);
        if (U_SUCCESS(err)) {
          u.toUTF8String(composed);
          s = composed;
        }
      }
      break;
    }
  std::string out;
  out.reserve(s.size());
  size_t i = 0;
  bool space = false;
  while (i < s.size()) {
    // ASCII other than spaces and the backquote, most of a line, lower-cased inline.
    if (const auto b0 = static_cast<unsigned char>(s[i]);
        b0 < 0x80 && b0 != ' ' && b0 != '\t' && b0 != '\n' && b0 != '\r' && b0 != '`') {
      if (space && !out.empty()) out += ' ';
      space = false;
      out += static_cast<char>(b0 >= 'A' && b0 <= 'Z' ? b0 | 0x20 : b0);
      ++i;
      continue;
    }
    const uint32_t cp = next_code_point(s, i);
    if (cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == 0xA0 || cp == 0x2009 ||
        cp == 0x200B || cp == 0x202F || cp == 0x2002 || cp == 0x2003) {
      space = true;
      continue;
    }
    if (space && !out.empty()) out += ' ';
    space = false;
    // Emoji and pictographs around a label ("🔑 Key takeaways", "What's happening 🔎") and
    // the pilcrow or section sign of a permalink are decoration.
    if (cp == 0xFE0F || cp == 0x200D || cp == 0x20E3 || cp == 0xB6 || cp == 0xA7 ||
        (cp >= 0x2190 && cp <= 0x2BFF) || (cp >= 0x1F000 && cp <= 0x1FAFF)) {
      space = space || !out.empty();
      continue;
    }
    if (cp == 0x2018 || cp == 0x2019 || cp == 0x02BC || cp == 0x0060 || cp == 0x00B4 ||
        cp == 0x2032 || cp == 0x02B9) {
      out += '\'';
    } else if (cp == 0x201C || cp == 0x201D) {
      out += '"';
    } else if (cp == 0x2013 || cp == 0x2014) {
      out += '-';
    } else if (cp < 0x80) {
      out += static_cast<char>(std::tolower(static_cast<int>(cp)));
    } else if (cp == 0xBF || cp == 0xA1) {
      space = space || !out.empty();  // Spanish opening marks: "¿Qué sigue?"
    } else {
      append_utf8(out, fold_case(cp));
    }
  }
  // Trim decoration at both ends: bullets, arrows, colons, question marks.
  auto is_deco = [](unsigned char c) {
    return c == '?' || c == ':' || c == '.' || c == '!' || c == '-' || c == '*' || c == '#' ||
           c == '|' || c == '>' || c == ' ' || c == '"' || c == '\'';
  };
  size_t b = 0, e = out.size();
  while (b < e && is_deco(static_cast<unsigned char>(out[b])) && out[b] != '\'') ++b;
  while (e > b && is_deco(static_cast<unsigned char>(out[e - 1]))) --e;
  // Common multi-byte decorations: "»", "›", "•", "→".
  static const std::array<std::string_view, 5> kDeco{"\xC2\xBB", "\xE2\x80\xBA", "\xE2\x80\xA2",
                                                     "\xE2\x86\x92", "\xE2\x96\xB8"};
  bool again = true;
  while (again) {
    again = false;
    for (std::string_view d : kDeco) {
      if (e - b >= d.size() && std::string_view(out).substr(e - d.size(), d.size()) == d) {
        e -= d.size();
        again = true;
      }
      if (e - b >= d.size() && std::string_view(out).substr(b, d.size()) == d) {
        b += d.size();
        again = true;
      }
    }
    while (b < e && out[b] == ' ') ++b;
    while (e > b && (out[e - 1] == ' ' || out[e - 1] == '?' || out[e - 1] == ':')) --e;
  }
  std::string label = out.substr(b, e - b);
  // A number before a label ("1. What's happening", "2) Background").
  size_t digits = 0;
  while (digits < label.size() && digits < 3 &&
         std::isdigit(static_cast<unsigned char>(label[digits])))
    ++digits;
  if (digits > 0 && digits + 1 < label.size() && (label[digits] == '.' || label[digits] == ')'))
    label = std::string(trim(std::string_view(label).substr(digits + 1)));
  return label;
}

template <size_t N>
bool in(const std::string& s, const std::array<std::string_view, N>& list) {
  return std::find(list.begin(), list.end(), s) != list.end();
}

bool starts_with(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }

// `word` in the normalised line `l` as a whole word.
bool has_word(std::string_view l, std::string_view word) {
  auto letter = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '\''; };
  for (size_t at = l.find(word); at != std::string_view::npos; at = l.find(word, at + 1)) {
    const size_t end = at + word.size();
    if ((at == 0 || !letter(l[at - 1])) && (end == l.size() || !letter(l[end]))) return true;
  }
  return false;
}

// A call to action speaks to the reader ("sign up for our newsletter", "follow us"); a line
// that reports what someone said or did ("readers who follow him on Twitter", "... the company
// said") is the story's own text, whatever words it shares with one.
bool addresses_reader(std::string_view l) {
  for (std::string_view w : {"you", "your", "our", "us", "me", "free", "inbox", "here"})
    if (has_word(l, w)) return true;
  return false;
}

bool reports(std::string_view l) {
  for (std::string_view w : {"said", "says", "told", "according", "reported", "announced"})
    if (has_word(l, w)) return true;
  return false;
}

bool has_lowercase(std::string_view s) {
  for (char c : s)
    if (c >= 'a' && c <= 'z') return true;
  return false;
}

/// The capital of a small letter in the ranges fold_case() covers; `cp` itself otherwise.
uint32_t capital_of(uint32_t cp) {
  if ((cp >= 'a' && cp <= 'z') || (cp >= 0xE0 && cp <= 0xFE && cp != 0xF7) ||
      (cp >= 0x3B1 && cp <= 0x3C9 && cp != 0x3C2) || (cp >= 0x430 && cp <= 0x44F))
    return cp - 0x20;
  if (cp >= 0x450 && cp <= 0x45F) return cp - 0x50;
  if (cp == 0xFF) return 0x178;
  if (((cp >= 0x101 && cp <= 0x137) || (cp >= 0x14B && cp <= 0x177)) && cp % 2 == 1) return cp - 1;
  if (((cp >= 0x13A && cp <= 0x148) || (cp >= 0x17A && cp <= 0x17E)) && cp % 2 == 0) return cp - 1;
  return cp;
}

/// A line set in capitals ("UP NEXT", "ПРЕДЫСТОРИЯ"): three capital letters or more and no
/// small one, in Latin, Greek or Cyrillic.
bool is_capitals(std::string_view s) {
  int capitals = 0;
  for (size_t i = 0; i < s.size();) {
    const uint32_t cp = next_code_point(s, i);
    if (cp >= 'A' && cp <= 'Z') {
      ++capitals;
    } else if (cp < 0x80) {
      if (cp >= 'a' && cp <= 'z') return false;
    } else if (capital_of(cp) != cp || cp == 0xDF || cp == 0x3C2) {
      return false;  // a small letter (ß and final sigma have no capital here)
    } else if (fold_case(cp) != cp) {
      ++capitals;
    }
  }
  return capitals >= 3;
}

/// A subhead set in capitals: a phrase ("UP NEXT", "TIP-INS", "WHO IS THE FRONT-RUNNER?"), not
/// a sentence, a cry ("GAME OVER!"), a quote, an aside in brackets, a label with a value
/// ("NASDAQ: NVDA"), a score ("HALFTIME SCORE 55-50") or a lone acronym ("NASA").
bool is_capitals_subhead(std::string_view s) {
  s = trim(s);
  if (!is_capitals(s) || count_words(s) > 10) return false;
  for (std::string_view open : {"(", "[", "\"", "'", "\xE2\x80\x9C", "\xE2\x80\x98", "\xC2\xAB"})
    if (s.starts_with(open)) return false;
  const char last = s.back();
  if (last == '.' || last == ',' || last == ';' || last == ':' || last == '!' || last == '"' ||
      last == '\'' || s.ends_with("\xE2\x80\x9D") || s.ends_with("\xE2\x80\x99") ||
      s.ends_with("\xC2\xBB"))
    return false;
  if (s.find(':') != std::string_view::npos) return false;
  int digits = 0;
  size_t longest = 0, run = 0;
  for (char c : s) {
    digits += c >= '0' && c <= '9';
    run = c == ' ' ? 0 : run + 1;
    longest = std::max(longest, run);
  }
  return digits < 3 && (count_words(s) >= 2 || longest >= 6);
}

/// A place, as a dateline gives it: "BAAR, SWITZERLAND", "WASHINGTON (AP) —": a town and its
/// region, a few names each side of one comma. A subhead with a comma asks something ("WHAT SAY
/// YOU, IMPEACHMENT JURY?"), lists ("BIGGER, FASTER, CHEAPER") or says with small words what a
/// place's name never does ("SPEED, NOT SIZE").
bool is_dateline(std::string_view s) {
  s = trim(s);
  if (s.find('(') != std::string_view::npos || s.ends_with("\xE2\x80\x94") ||
      s.ends_with("\xE2\x80\x93") || s.ends_with("-"))
    return true;
  const size_t comma = s.find(',');
  if (comma == std::string_view::npos || s.find(',', comma + 1) != std::string_view::npos ||
      s.ends_with("?") || s.ends_with("!"))
    return false;
  // Words no place name holds, and a subhead's openers ("FIRST, THE GOOD NEWS"): with one, the
  // line is a subhead, not "CITY, STATE".
  static const std::array<std::string_view, 59> kSmallWords{
      "a",      "an",    "not",     "no",        "nor",     "but",   "or",      "is",      "are",
      "was",    "were",  "be",      "than",      "then",    "so",    "yet",     "if",      "when",
      "why",    "how",   "what",    "who",       "we",      "you",   "i",       "it",      "its",
      "they",   "our",   "my",      "your",      "this",    "that",  "these",   "for",     "to",
      "with",   "from",  "into",    "about",     "without", "more",  "less",    "all",     "first",
      "second", "third", "finally", "meanwhile", "now",     "still", "however", "instead", "also",
      "again",  "yes",   "well",    "good",      "bad"};
  for (std::string_view part : {s.substr(0, comma), s.substr(comma + 1)}) {
    const size_t words = count_words(part);
    if (words == 0 || words > 4) return false;
    for (size_t i = 0; i < part.size();) {
      while (i < part.size() && part[i] == ' ') ++i;
      size_t end = part.find(' ', i);
      if (end == std::string_view::npos) end = part.size();
      std::string word = to_lower_ascii(std::string(part.substr(i, end - i)));
      while (!word.empty() && (word.back() == '.' || word.back() == ';')) word.pop_back();
      if (in(word, kSmallWords)) return false;
      i = end;
    }
  }
  return true;
}

bool has_letter(std::string_view s) {
  for (unsigned char c : s)
    if (std::isalpha(c) || c >= 0x80) return true;
  return false;
}

/// A paragraph rather than a label: long, or ends like a sentence.
bool looks_like_sentence(std::string_view s) {
  s = trim(s);
  if (s.empty()) return false;
  if (count_words(s) >= 20) return true;
  const char last = s.back();
  return last == '.' || last == '!' || last == '"' || last == ';' || last == ')' ||
         s.ends_with("\xE2\x80\x9D") || s.ends_with("\xE2\x80\xA6");
}

/// Running text: a sentence of some length that is no boilerplate line itself.
bool reads_as_prose(std::string_view s) {
  return count_words(s) >= 15 && looks_like_sentence(s) &&
         classify_boilerplate(s) == Boilerplate::kNone;
}

/// Boilerplate labels that are also words a story's own heading may be: its subject, not a
/// slot ("Advertising" in an earnings story; "Advertisement" and "Sponsored" are slots).
bool is_topic_label(std::string_view line) {
  static const std::array<std::string_view, 9> kTopics{
      "advertising",          "trending",     "newsletter",   "newsletters", "ai-generated content",
      "ai generated content", "ai-generated", "ai generated", "comments"};
  return in(normalize_label(line), kTopics);
}

/// The label of a reader-comment thread: "Comments", "12 comments", "Comments (5 posted)",
/// "Tell us what you think", "Leave a reply". The thread itself is dropped by its markup.
bool is_comments_label(const std::string& l) {
  static const std::array<std::string_view, 20> kLabels{"comments",
                                                        "comment",
                                                        "reader comments",
                                                        "leave a comment",
                                                        "leave a reply",
                                                        "post a comment",
                                                        "add a comment",
                                                        "add your comment",
                                                        "write a comment",
                                                        "show comments",
                                                        "view comments",
                                                        "load comments",
                                                        "comments are closed",
                                                        "join the conversation",
                                                        "join the discussion",
                                                        "have your say",
                                                        "tell us what you think",
                                                        "tell us what you think...",
                                                        "what do you think",
                                                        "discuss this article"};
  if (in(l, kLabels)) return true;
  std::string_view r = l;
  size_t digits = 0;
  while (digits < r.size() && std::isdigit(static_cast<unsigned char>(r[digits]))) ++digits;
  if (digits > 0 && digits <= 6) {  // "12 comments"
    const std::string_view rest = trim(r.substr(digits));
    return rest == "comments" || rest == "comment" || rest == "reader comments";
  }
  // "comments (5 posted)", "comments (12)"
  if (!r.starts_with("comments (") || !r.ends_with(")")) return false;
  r = r.substr(10, r.size() - 11);
  digits = 0;
  while (digits < r.size() && std::isdigit(static_cast<unsigned char>(r[digits]))) ++digits;
  return digits > 0 && (digits == r.size() || r.substr(digits) == " posted");
}

/// A subscription plan's price line: "$7/month", "€9.99 per month", "$60/person/year". A
/// paywall's plan box lists these, each under the plan's name and over a line of its perks.
bool is_plan_price(const std::string& l) {
  if (count_words(l) > 5) return false;
  size_t i = 0;
  for (std::string_view cur : {"$", "\xE2\x82\xAC", "\xC2\xA3", "usd ", "eur "})
    if (std::string_view(l).substr(i).starts_with(cur)) {
      i += cur.size();
      break;
    }
  const size_t num = i;
  while (i < l.size() &&
         (std::isdigit(static_cast<unsigned char>(l[i])) || l[i] == '.' || l[i] == ','))
    ++i;
  if (i == num) return false;
  std::string_view rest = trim(std::string_view(l).substr(i));
  const bool currency = num > 0 || rest.starts_with("\xE2\x82\xAC") || rest.starts_with("eur") ||
                        rest.starts_with("usd");
  if (!currency) return false;
  for (std::string_view cur : {"\xE2\x82\xAC", "eur", "usd"})
    if (rest.starts_with(cur)) rest = trim(rest.substr(cur.size()));
  // The period right after the amount: "$7 billion a year" is a figure of the story.
  for (std::string_view per : {"/", "per month", "per year", "per week", "a month", "a year",
                               "a week", "monthly", "annually", "yearly"})
    if (rest.starts_with(per)) return true;
  return false;
}

/// A headline as teaser boxes list them: a short line whose longer words are capitalised
/// ("OpenAI Says GPT-5 Will Launch This Summer, Sources Say."), a closing full stop or not.
bool looks_like_headline(std::string_view s) {
  int words = 0, long_words = 0, capitalised = 0;
  for (const std::string& w : split(trim(s), ' ')) {
    if (w.empty()) continue;
    ++words;
    if (w.size() < 4) continue;
    ++long_words;
    const unsigned char c = static_cast<unsigned char>(w.front());
    if (std::isupper(c) || std::isdigit(c)) ++capitalised;
  }
  return words >= 3 && words <= 20 && long_words >= 2 && capitalised * 10 >= long_words * 8;
}

/// A short line that could be a heading in plain text.
bool heading_like(std::string_view s) {
  s = trim(s);
  if (s.empty() || s.size() > 100 || count_words(s) > 12) return false;
  const unsigned char first = static_cast<unsigned char>(s.front());
  if (!(std::isupper(first) || std::isdigit(first) || first >= 0x80)) return false;
  const char last = s.back();
  if (last == '.' || last == ',' || last == ';' || last == '"' || last == '\'' || last == ')')
    return false;
  if (s.ends_with("\xE2\x80\x9D") || s.ends_with("\xE2\x80\xA6")) return false;
  if (starts_with_icase(s, "by ") || starts_with_icase(s, "photo") || starts_with_icase(s, "image"))
    return false;
  return has_letter(s);
}

/// Whether what follows a line's "By" reads as people's names ("Jane Doe", "Jane Doe and Sam
/// van Roe", "JANE DOE"), not a sentence's phrase ("By midnight the line was running", "By far
/// the largest", "BY THE NUMBERS"): words that open with a capital, but for a few particles, and
/// none that opens a phrase.
bool reads_as_names(std::string_view s) {
  static constexpr std::string_view kParticles[] = {
      "and", "&", "van", "von", "de",  "der", "den", "da",   "di",  "du", "la", "le", "bin",
      "al",  "y", "ter", "ten", "del", "dos", "ibn", "bint", "st.", "el", "da", "do", "das"};
  static constexpr std::string_view kPhrases[] = {
      "the",     "a",      "an",       "this",      "that",  "these",   "those",    "far",
      "now",     "then",   "way",      "all",       "some",  "most",    "many",     "our",
      "their",   "its",    "his",      "her",       "my",    "your",    "contrast", "comparison",
      "default", "design", "midnight", "noon",      "night", "day",     "law",      "hand",
      "nature",  "chance", "accident", "mistake",   "then",  "numbers", "year",     "week",
      "month",   "today",  "tomorrow", "yesterday", "late",  "early",   "mid",      "end",
      "car",     "train",  "plane",    "boat"};
  const std::vector<std::string> words = split(collapse_whitespace(s), ' ');
  if (words.empty() || words.size() > 12) return false;
  int names = 0;
  for (const std::string& w : words) {
    const std::string lower = to_lower_ascii(w);
    if (std::find(std::begin(kPhrases), std::end(kPhrases), lower) != std::end(kPhrases))
      return false;
    if (std::find(std::begin(kParticles), std::end(kParticles), lower) != std::end(kParticles))
      continue;
    const auto first = static_cast<unsigned char>(w[0]);
    // "d'Ancona", "al-Saud", "bin": a name's particle joined to it.
    const bool joined = lower.starts_with("d'") || lower.starts_with("al-") ||
                        lower.starts_with("el-") || lower.starts_with("d\xE2\x80\x99");
    if (first < 0x80 && !std::isupper(first) && !joined) return false;
    ++names;
  }
  return names > 0;
}

/// Where a byline's names end before the outlet or agency they wrote for ("Jane Doe for
/// Reuters", "via AFP", "with AFP", "at TechCrunch"); npos when nowhere.
size_t first_affiliation(std::string_view names) {
  size_t first = std::string_view::npos;
  for (std::string_view w : {" for ", " via ", " with ", " at "})
    first = std::min(first, names.find(w));
  return first;
}

bool is_masthead_line(std::string_view s) {
  s = trim(s);
  if (count_words(s) > 20 || looks_like_sentence(s)) return false;
  const std::string l = to_lower_ascii(s.substr(0, 16));
  for (std::string_view p : {"by ", "updated", "published", "posted on", "posted by ",
                             "last updated", "por ", "par ", "von ", "door "})
    if (l.starts_with(p)) return true;
  // A bare dateline: "Nov. 20, 2019 6:02 AM EST", "November 20, 2019 / 1:07 AM / CBS News".
  const std::string_view first = s.substr(0, s.find(" / "));
  if (count_words(first) <= 8 && first.find_first_of("0123456789") != std::string_view::npos &&
      parse_date(first).has_value())
    return true;
  // A name and a date set apart by a dot or a bar: "Jonas Weber · December 7, 2026", "Jane Doe
  // | 7 Dec 2026 | 5 min read" (it opened the body, and was the description: audit of session
  // 46). Each part a few words, one of them the date.
  if (count_words(s) > 14) return false;
  std::vector<std::string_view> parts;
  for (size_t at = 0; at <= s.size();) {
    size_t next = std::string_view::npos, width = 0;
    for (std::string_view sep : {" \xC2\xB7 ", " | ", " \xE2\x80\xA2 ", " / ", " \xE2\x80\x94 "}) {
      const size_t f = s.find(sep, at);
      if (f < next) {
        next = f;
        width = sep.size();
      }
    }
    parts.push_back(trim(s.substr(at, next == std::string_view::npos ? next : next - at)));
    if (next == std::string_view::npos) break;
    at = next + width;
  }
  if (parts.size() < 2) return false;
  bool dated = false;
  for (std::string_view p : parts) {
    if (p.empty() || count_words(p) > 6) return false;
    if (p.find_first_of("0123456789") != std::string_view::npos && parse_date(p)) dated = true;
  }
  return dated;
}

/// A closing credit or contact line: "Jane Doe contributed to this report.", "Write to ...".
bool is_credit_line(std::string_view s) {
  s = trim(s);
  if (count_words(s) > 30) return false;
  const std::string l = to_lower_ascii(s);
  for (std::string_view p :
       {"write to ", "reach the reporter", "contact the author", "email the author",
        "reporting by ", "editing by ", "additional reporting by"})
    if (l.starts_with(p)) return true;
  // "© 2019 ...", "Copyright 2019 ...": a notice, not a sentence about copyright.
  if ((l.starts_with("copyright ") || l.starts_with("\xC2\xA9")) &&
      (l.find_first_of("0123456789") != std::string::npos ||
       l.find("rights reserved") != std::string::npos))
    return true;
  if (l == "all rights reserved") return true;
  for (std::string_view p : {"contributed to this report", "contributed reporting",
                             "contributed to this story", "contributed to this article"})
    if (l.find(p) != std::string::npos) return true;
  return false;
}

/// The kind of a known label in German, French, Spanish, Italian, Portuguese or Dutch (`h`
/// normalised), as those newsrooms write them; kOther for none.
SectionKind classify_foreign_label(const std::string& h) {
  using K = SectionKind;
  struct Label {
    std::string_view text;
    SectionKind kind;
  };
  static constexpr Label kLabels[] = {
      // German
      {"was ist passiert", K::kWhatsHappening},
      {"was passiert ist", K::kWhatsHappening},
      {"was passiert", K::kWhatsHappening},
      {"worum geht es", K::kWhatsHappening},
      {"worum es geht", K::kWhatsHappening},
      {"was wir wissen", K::kWhatsHappening},
      {"was bisher bekannt ist", K::kWhatsHappening},
      {"worum geht's", K::kWhatsHappening},
      {"darum geht's", K::kWhatsHappening},
      {"darum geht es", K::kWhatsHappening},
      {"was kommt als nächstes", K::kWhatsNext},
      {"was bedeutet das", K::kAnalysis},
      {"warum das wichtig ist", K::kWhyImportant},
      {"warum ist das wichtig", K::kWhyImportant},
      {"warum es wichtig ist", K::kWhyImportant},
      {"darum ist das wichtig", K::kWhyImportant},
      {"wie geht es weiter", K::kWhatsNext},
      {"wie es weitergeht", K::kWhatsNext},
      {"was als nächstes kommt", K::kWhatsNext},
      {"die nächsten schritte", K::kWhatsNext},
      {"ausblick", K::kWhatsNext},
      {"das wichtigste in kürze", K::kKeyTakeaways},
      {"das wichtigste im überblick", K::kKeyTakeaways},
      {"das wichtigste", K::kKeyTakeaways},
      {"auf einen blick", K::kKeyTakeaways},
      {"kurz und knapp", K::kKeyTakeaways},
      {"in kürze", K::kKeyTakeaways},
      {"hintergrund", K::kBackground},
      {"der hintergrund", K::kBackground},
      {"zum hintergrund", K::kBackground},
      {"vorgeschichte", K::kBackground},
      {"analyse", K::kAnalysis},
      {"einordnung", K::kAnalysis},
      {"fazit", K::kAnalysis},
      {"unser fazit", K::kAnalysis},
      {"reaktionen", K::kQuotes},
      // French
      {"ce qui se passe", K::kWhatsHappening},
      {"que se passe-t-il", K::kWhatsHappening},
      {"ce qui s'est passé", K::kWhatsHappening},
      {"ce que l'on sait", K::kWhatsHappening},
      {"ce qu'on sait", K::kWhatsHappening},
      {"ce que nous savons", K::kWhatsHappening},
      {"que s'est-il passé", K::kWhatsHappening},
      {"ce qu'il s'est passé", K::kWhatsHappening},
      {"état des lieux", K::kBackground},
      {"notre verdict", K::kAnalysis},
      {"ce que ça change", K::kWhyImportant},
      {"les faits", K::kWhatsHappening},
      {"pourquoi c'est important", K::kWhyImportant},
      {"pourquoi est-ce important", K::kWhyImportant},
      {"pourquoi ça compte", K::kWhyImportant},
      {"les enjeux", K::kWhyImportant},
      {"l'enjeu", K::kWhyImportant},
      {"et maintenant", K::kWhatsNext},
      {"et après", K::kWhatsNext},
      {"et ensuite", K::kWhatsNext},
      {"les prochaines étapes", K::kWhatsNext},
      {"prochaines étapes", K::kWhatsNext},
      {"l'essentiel", K::kKeyTakeaways},
      {"à retenir", K::kKeyTakeaways},
      {"ce qu'il faut retenir", K::kKeyTakeaways},
      {"ce qu'il faut savoir", K::kKeyTakeaways},
      {"en bref", K::kKeyTakeaways},
      {"les points clés", K::kKeyTakeaways},
      {"en résumé", K::kKeyTakeaways},
      {"contexte", K::kBackground},
      {"le contexte", K::kBackground},
      {"rappel des faits", K::kBackground},
      {"historique", K::kBackground},
      {"décryptage", K::kAnalysis},
      {"notre avis", K::kAnalysis},
      {"en conclusion", K::kAnalysis},
      // Spanish
      {"qué está pasando", K::kWhatsHappening},
      {"qué pasó", K::kWhatsHappening},
      {"qué ha pasado", K::kWhatsHappening},
      {"lo que sabemos", K::kWhatsHappening},
      {"qué sabemos", K::kWhatsHappening},
      {"los hechos", K::kWhatsHappening},
      {"por qué es importante", K::kWhyImportant},
      {"por qué importa", K::kWhyImportant},
      {"qué sigue", K::kWhatsNext},
      {"qué viene ahora", K::kWhatsNext},
      {"qué pasará ahora", K::kWhatsNext},
      {"y ahora qué", K::kWhatsNext},
      {"próximos pasos", K::kWhatsNext},
      {"las claves", K::kKeyTakeaways},
      {"claves", K::kKeyTakeaways},
      {"lo que hay que saber", K::kKeyTakeaways},
      {"lo que debes saber", K::kKeyTakeaways},
      {"en resumen", K::kKeyTakeaways},
      {"en breve", K::kKeyTakeaways},
      {"puntos clave", K::kKeyTakeaways},
      {"lo esencial", K::kKeyTakeaways},
      {"contexto", K::kBackground},
      {"el contexto", K::kBackground},
      {"antecedentes", K::kBackground},
      {"análisis", K::kAnalysis},
      {"conclusión", K::kAnalysis},
      {"conclusiones", K::kAnalysis},
      {"qué significa", K::kAnalysis},
      {"qué significa esto", K::kAnalysis},
      {"veredicto", K::kAnalysis},
      {"nuestra opinión", K::kAnalysis},
      {"reacciones", K::kQuotes},
      {"lo que dicen", K::kQuotes},
      // Italian
      {"cosa sta succedendo", K::kWhatsHappening},
      {"cosa è successo", K::kWhatsHappening},
      {"cos'è successo", K::kWhatsHappening},
      {"cosa sappiamo", K::kWhatsHappening},
      {"perché è importante", K::kWhyImportant},
      {"perché conta", K::kWhyImportant},
      {"cosa succede ora", K::kWhatsNext},
      {"e adesso", K::kWhatsNext},
      {"i prossimi passi", K::kWhatsNext},
      {"prossimi passi", K::kWhatsNext},
      {"in breve", K::kKeyTakeaways},
      {"punti chiave", K::kKeyTakeaways},
      {"in sintesi", K::kKeyTakeaways},
      {"cosa sapere", K::kKeyTakeaways},
      {"il contesto", K::kBackground},
      {"contesto", K::kBackground},
      {"analisi", K::kAnalysis},
      {"conclusioni", K::kAnalysis},
      {"il verdetto", K::kAnalysis},
      {"verdetto", K::kAnalysis},
      {"reazioni", K::kQuotes},
      // Portuguese
      {"o que está acontecendo", K::kWhatsHappening},
      {"o que aconteceu", K::kWhatsHappening},
      {"o que se sabe", K::kWhatsHappening},
      {"o que sabemos", K::kWhatsHappening},
      {"por que é importante", K::kWhyImportant},
      {"porque é importante", K::kWhyImportant},
      {"por que isso importa", K::kWhyImportant},
      {"o que vem a seguir", K::kWhatsNext},
      {"próximos passos", K::kWhatsNext},
      {"em resumo", K::kKeyTakeaways},
      {"pontos-chave", K::kKeyTakeaways},
      {"pontos principais", K::kKeyTakeaways},
      {"o que saber", K::kKeyTakeaways},
      {"entenda o caso", K::kBackground},
      {"histórico", K::kBackground},
      {"análise", K::kAnalysis},
      {"conclusão", K::kAnalysis},
      {"veredito", K::kAnalysis},
      {"reações", K::kQuotes},
      {"repercussão", K::kQuotes},
      // Dutch
      {"wat er gebeurde", K::kWhatsHappening},
      {"wat is er gebeurd", K::kWhatsHappening},
      {"wat we weten", K::kWhatsHappening},
      {"waarom dit belangrijk is", K::kWhyImportant},
      {"waarom is dit belangrijk", K::kWhyImportant},
      {"hoe nu verder", K::kWhatsNext},
      {"wat nu", K::kWhatsNext},
      {"volgende stappen", K::kWhatsNext},
      {"in het kort", K::kKeyTakeaways},
      {"kort samengevat", K::kKeyTakeaways},
      {"belangrijkste punten", K::kKeyTakeaways},
      {"achtergrond", K::kBackground},
      {"conclusie", K::kAnalysis},
      {"ons oordeel", K::kAnalysis},
  };
  for (const Label& l : kLabels)
    if (h == l.text) return l.kind;
  return SectionKind::kOther;
}

}  // namespace

SectionKind classify_heading(std::string_view heading) {
  const std::string h = normalize_label(heading);
  if (h.empty() || h.size() > 80) return SectionKind::kOther;
  // Axios' labels too ("Driving the news", "Between the lines"). Not "What's new": reviews head
  // feature lists so ("What's new in iOS 18").
  static const std::array<std::string_view, 11> kHappening{
      "what's happening", "whats happening",    "what is happening", "what happened",
      "what's going on",  "what is going on",   "the news",          "what we know",
      "driving the news", "everything we know", "state of play"};
  static const std::array<std::string_view, 17> kImportant{"why it's important",
                                                           "why now",
                                                           "why its important",
                                                           "why it is important",
                                                           "why is it important",
                                                           "why it matters",
                                                           "why this matters",
                                                           "why is this important",
                                                           "why this is significant",
                                                           "the impact",
                                                           "impact",
                                                           "why does it matter",
                                                           "why does this matter",
                                                           "why it's significant",
                                                           "why this is important",
                                                           "the significance",
                                                           "why you should care"};
  static const std::array<std::string_view, 12> kNext{
      "what's next",       "whats next",        "what is next",     "what comes next",
      "what happens next", "next steps",        "looking ahead",    "the road ahead",
      "what to watch",     "what to watch for", "what happens now", "what comes now"};
  static const std::array<std::string_view, 13> kTakeaways{
      "key takeaways", "key takeaway", "takeaways",    "the takeaway", "key points",
      "tl;dr",         "tldr",         "at a glance",  "in brief",     "by the numbers",
      "what to know",  "key facts",    "the key facts"};
  // "The big picture" and "Zoom out" are Axios' context, not a summary.
  static const std::array<std::string_view, 14> kBackground{
      "background",      "the background",  "context",        "some context", "backstory",
      "the backstory",   "how we got here", "catch up quick", "history",      "the history",
      "the big picture", "big picture",     "zoom out",       "flashback"};
  static const std::array<std::string_view, 14> kAnalysis{
      "analysis",          "our analysis",    "our take",    "the bottom line", "bottom line",
      "what it means",     "what this means", "the verdict", "our verdict",     "verdict",
      "between the lines", "yes, but",        "yes but",     "conclusion"};
  static const std::array<std::string_view, 8> kQuotes{"quotes",
                                                       "key quotes",
                                                       "what they're saying",
                                                       "what theyre saying",
                                                       "what people are saying",
                                                       "in their own words",
                                                       "reactions",
                                                       "reaction"};
  if (const SectionKind k = classify_foreign_label(h); k != SectionKind::kOther) return k;
  // An explainer's questions: "Frequently asked questions", "FAQ", "Q&A", "Your questions
  // answered" (not an interview's "Q: ..." lines, which are its questions one by one).
  static const std::array<std::string_view, 25> kFaq{"faq",
                                                     "faqs",
                                                     "frequently asked questions",
                                                     "frequently asked questions (faq)",
                                                     "frequently asked questions (faqs)",
                                                     "q&a",
                                                     "q & a",
                                                     "questions and answers",
                                                     "your questions answered",
                                                     "common questions",
                                                     "questions & answers",
                                                     "häufige fragen",
                                                     "häufig gestellte fragen",
                                                     "questions fréquentes",
                                                     "foire aux questions",
                                                     "preguntas frecuentes",
                                                     "f.a.q",
                                                     "fragen und antworten",
                                                     "die wichtigsten fragen und antworten",
                                                     "preguntas y respuestas",
                                                     "domande frequenti",
                                                     "perguntas frequentes",
                                                     "perguntas e respostas",
                                                     "veelgestelde vragen",
                                                     "vragen en antwoorden"};
  if (in(h, kFaq)) return SectionKind::kFaq;
  for (std::string_view q : {" about ", " on ", " for "})  // "FAQs about the new rules"
    if (const size_t at = h.find(q);
        at != std::string::npos && in(h.substr(0, at), kFaq) && count_words(h.substr(at)) <= 7)
      return SectionKind::kFaq;
  // "What's next for Nvidia", "Key takeaways from the keynote", "What's happening now": a
  // known label and a short qualifier.
  if (h.size() > 0 && !in(h, kHappening) && !in(h, kImportant) && !in(h, kNext) &&
      !in(h, kTakeaways) && !in(h, kBackground) && !in(h, kAnalysis) && !in(h, kQuotes)) {
    for (std::string_view q :
         {" for ", " from ", " in ", " on ", " of ", " now", " so far", " here"}) {
      const size_t at = h.find(q);
      if (at == std::string::npos || at == 0 || count_words(h.substr(at)) > 6) continue;
      const std::string head = h.substr(0, at);
      if (in(head, kHappening) || in(head, kImportant) || in(head, kNext) || in(head, kTakeaways) ||
          in(head, kAnalysis) || in(head, kBackground) || in(head, kQuotes))
        return classify_heading(head);
    }
  }
  if (in(h, kHappening)) return SectionKind::kWhatsHappening;
  if (in(h, kImportant)) return SectionKind::kWhyImportant;
  if (in(h, kNext)) return SectionKind::kWhatsNext;
  if (in(h, kTakeaways)) return SectionKind::kKeyTakeaways;
  if (in(h, kBackground)) return SectionKind::kBackground;
  if (in(h, kAnalysis)) return SectionKind::kAnalysis;
  if (in(h, kQuotes)) return SectionKind::kQuotes;
  return SectionKind::kOther;
}

namespace {

/// Minutes of a reading time's part of a label (`p` normalised, a part between bullets or bars:
/// "7 min read", "7-minute read", "reading time: 4 minutes", "3 min" beside "Rapid Read"), 0
/// for none. `labelled`: the line names a reading time elsewhere ("Rapid Read").
int reading_time_part(std::string_view p, bool labelled) {
  std::vector<std::string_view> w;
  for (size_t at = 0; at < p.size();) {
    const size_t end = std::min(p.find_first_of(" -", at), p.size());
    if (end > at) w.push_back(p.substr(at, end - at));
    at = end + 1;
  }
  // A label is a few words; a sentence ("A 10-minute guide to reading your router's logs",
  // "The 30-minute drive is worth it, readers say") is not one.
  if (w.empty() || w.size() > 8) return 0;
  for (std::string_view name :
       {"reading time", "read time", "time to read", "rapid read", "leitura", "lectura", "lecture",
        "lesezeit", "lesedauer", "lettura", "leestijd", "leesduur", "czas czytania"})
    labelled = labelled || p.find(name) != std::string_view::npos;
  // "Read: 5 min", "Reading: 5 min", "Read in 5 minutes": the whole part, not a headline that
  // opens so ("Read: 5 minutes that changed Apple").
  if (w.size() <= 4)
    for (std::string_view name : {"read: ", "reading: ", "read in "})
      labelled = labelled || (p.starts_with(name) && p.size() > name.size() &&
                              std::isdigit(static_cast<unsigned char>(p[name.size()])));
  for (size_t i = 0; i < w.size(); ++i) {
    std::string_view word = w[i];  // "~5", "(5", "[5"
    while (!word.empty() && (word[0] == '~' || word[0] == '(' || word[0] == '['))
      word.remove_prefix(1);
    size_t digits = 0;
    while (digits < word.size() && std::isdigit(static_cast<unsigned char>(word[digits]))) ++digits;
    if (digits == 0 || digits > 3) continue;
    size_t next = i + 1;
    std::string_view unit = word.substr(digits);
    if (unit.empty() && next < w.size()) unit = w[next++];
    while (!unit.empty() &&
           (unit.back() == '.' || unit.back() == ',' || unit.back() == ')' || unit.back() == ']'))
      unit.remove_suffix(1);
    if (!in_list(unit, {"min", "mins", "minute", "minutes", "minuto", "minutos", "minuti",
                        "minuten", "minut", "minuty"}))
      continue;
    // "read" right after the minutes ("7 min read", "(5 min read)"; not "Take 5 minutes to read
    // this"), or a name of the label anywhere.
    const bool read_after =
        next < w.size() && (w[next] == "read" || w[next] == "read)" || w[next] == "read]");
    if (!labelled && !read_after) return 0;
    // The label's words, and at most a couple after the minutes ("5 min de lecture"); not a
    // sentence a label's word opens ("Lesedauer: 5 Minuten Fahrt vom Bahnhof").
    if (!read_after && w.size() - next > 2) return 0;
    return std::stoi(std::string(word.substr(0, digits)));
  }
  return 0;
}

}  // namespace

int parse_reading_time(std::string_view line) {
  // Every form states its minutes in ASCII digits and a unit that opens "min"
  // (reading_time_part()), which normalising keeps: a line without both, nearly every line of
  // a page, is none.
  if (line.find_first_of("0123456789") == std::string_view::npos) return 0;
  bool min = false;
  for (size_t at = line.find_first_of("mM"); at != std::string_view::npos && !min;
       at = line.find_first_of("mM", at + 1))
    min = starts_with_icase(line.substr(at), "min");
  if (!min) return 0;
  // "5‑min read" with a hyphen that does not break (U+2011), or Unicode's plain one (U+2010).
  const std::string n = normalize_label(line);
  std::string l;
  l.reserve(n.size());
  for (size_t i = 0; i < n.size();) {
    const bool dash = n.compare(i, 3, "\xE2\x80\x90") == 0 || n.compare(i, 3, "\xE2\x80\x91") == 0;
    l += dash ? '-' : n[i];
    i += dash ? 3 : 1;
  }
  if (count_words(l) > 20) return 0;
  // Its parts at bullets, middle dots and bars: "Rapid Read • 7 min read • AI Generated
  // Content", "By Jane Doe | March 5, 2026 | 4 min read".
  std::vector<std::string_view> parts;
  for (size_t at = 0; at <= l.size();) {
    size_t end = l.size(), width = 0;
    for (std::string_view sep : {"\xE2\x80\xA2", "\xC2\xB7", "|"})
      if (const size_t f = l.find(sep, at); f < end) end = f, width = sep.size();
    parts.push_back(trim(std::string_view(l).substr(at, end - at)));
    if (end == l.size()) break;
    at = end + width;
  }
  // "Rapid Read" or "Reading time" names the minutes beside it ("Reading time · 5 minutes"),
  // and so does a stopwatch before minutes alone ("⏱️ 5 min", not "⏱️ 90 min match";
  // normalize_label() drops pictographs).
  bool labelled = false;
  if (line.find("\xE2\x8F\xB1") != std::string_view::npos)
    for (std::string_view p : parts)
      if (const size_t words = count_words(p);
          words >= 1 && words <= 2 && std::isdigit(static_cast<unsigned char>(p[0])) &&
          (p.ends_with("min") || p.ends_with("mins") || p.ends_with("minutes")))
        labelled = true;
  for (std::string_view p : parts)
    labelled = labelled || p == "rapid read" || p == "reading time" || p == "read time";
  // Minutes alone as one of a byline's parts ("By Jane Doe | March 5, 2026 | 5 mins"); not on
  // other lines of parts ("Goal | 45 min", "Prep | 5 mins", a comment's "Jane Doe · 12 min").
  const bool byline = std::any_of(parts.begin(), parts.end(), [](std::string_view p) {
    return p.starts_with("by ") && count_words(p) <= 6;
  });
  if (byline)
    for (std::string_view p : parts)
      if (count_words(p) <= 2 && p.size() <= 12 && !p.empty() &&
          std::isdigit(static_cast<unsigned char>(p[0])) && p.find("min") != std::string_view::npos)
        labelled = true;
  for (std::string_view p : parts)
    if (const int minutes = reading_time_part(p, labelled); minutes > 0) return minutes;
  return 0;
}

/// Whether `w`, the words after "follow", names one to three words and then "on" a network at
/// the line's end, or more networks: "...on X and Threads.", not "Follow Musk on X and you
/// quickly learn that..." or "...on YouTube if you get stuck".
bool follows_on(const std::vector<std::string>& w) {
  for (size_t i = 1; i < w.size() && i <= 4; ++i) {
    if (w[i] != "on") continue;
    if (i + 1 >= w.size()) break;
    std::string next = w[i + 1];
    while (!next.empty() && std::ispunct(static_cast<unsigned char>(next.back()))) next.pop_back();
    const bool google_news = next == "google" && i + 2 < w.size() && w[i + 2].starts_with("news");
    if (!google_news &&
        !in_list(next, {"x", "threads", "bluesky", "mastodon", "youtube", "tiktok", "telegram",
                        "whatsapp", "flipboard", "twitter", "facebook", "instagram", "linkedin"}))
      break;
    const size_t rest = w.size() - (i + (google_news ? 3 : 2));
    return rest <= 4 && w.size() <= 12;
  }
  return false;
}

/// Whether `at` in `l` (`raw` normalised: every quotation mark '"', those at its ends taken off)
/// is inside a quotation the line reports: one opened after a colon, a comma or a word ("wrote:
/// "... Join us on Mastodon."", "reads "Follow us ..."") and closed after `at`, or one opening
/// the line and closed inside it ("“Follow us on X,” the mayor posted"). A line wrapped whole in
/// quotes, a quote opening a sentence of its own ("Share it. "Follow us on X"") or left open is
/// decoration, as is a headline quoted before the call ("“Chips” - Follow us on Facebook").
bool quoted_at(std::string_view raw, std::string_view l, size_t at) {
  at = std::min(at, l.size());
  raw = trim(raw);
  const auto is_quote = [](std::string_view s, bool front) {
    for (std::string_view q :
         {"\"", "\xE2\x80\x9C", "\xE2\x80\x9D", "\xE2\x80\x9E", "\xC2\xAB", "\xC2\xBB"})
      if (front ? s.starts_with(q) : s.ends_with(q)) return true;
    return false;
  };
  // The line's first quotation mark, taken off by normalising.
  const bool opens_line = is_quote(raw, true) && !l.starts_with('"');
  const size_t before =
      static_cast<size_t>(std::count(l.begin(), l.begin() + static_cast<std::ptrdiff_t>(at), '"'));
  if ((before + (opens_line ? 1 : 0)) % 2 == 0) return false;
  const size_t close = l.find('"', at);
  if (before == 0)  // the line's own opening quote: closed inside it, and words after
    return close != std::string_view::npos &&
           std::any_of(l.begin() + static_cast<std::ptrdiff_t>(close), l.end(),
                       [](char c) { return std::isalpha(static_cast<unsigned char>(c)); });
  if (close == std::string_view::npos && !is_quote(raw, false)) return false;  // left open
  size_t open = l.rfind('"', at);
  while (open > 0 && l[open - 1] == ' ') --open;
  return open > 0 && (l[open - 1] == ':' || l[open - 1] == ',' ||
                      std::isalpha(static_cast<unsigned char>(l[open - 1])));
}

/// "follow <one to three words> on <network>" at the start of `l` (`raw` normalised) or of one
/// of its sentences or clauses, outside a quotation; "find us on", "join us on", "catch us on" a
/// network too.
bool follows_on_a_network(std::string_view raw, std::string_view l) {
  for (std::string_view verb : {"follow ", "find ", "join ", "catch "})
    for (size_t at = 0; at < l.size(); ++at) {
      at = l.find(verb, at);
      if (at == std::string_view::npos) break;
      if (at > 0 && !(at >= 2 && l[at - 1] == ' ' &&
                      (l[at - 2] == '.' || l[at - 2] == ':' || l[at - 2] == '!')))
        continue;
      if (quoted_at(raw, l, at)) continue;
      const std::vector<std::string> w =
          split(collapse_whitespace(l.substr(at + verb.size(), 80)), ' ');
      // "Find us on Bluesky", "Join us on Mastodon"; not "Find the setting on X".
      if (verb != "follow " && (w.empty() || w[0] != "us")) continue;
      if (follows_on(w)) return true;
    }
  return false;
}

Boilerplate classify_boilerplate(std::string_view line) {
  line = trim(line);
  if (line.empty() || line.size() > 400) return Boilerplate::kNone;
  const std::string l = normalize_label(line);
  if (l.empty()) return Boilerplate::kNone;
  // Labels of ad slots, in the languages of the pages byline reads most.
  static const std::array<std::string_view, 35> kAds{
      "ad", "advert", "adverts", "anzeige", "werbung", "publicidad", "publicidade",
      "publicit\xC3\xA9", "pubblicit\xC3\xA0", "reklama", "reklame", "advertentie", "annons",
      "mainos", "iklan", "ads", "advertisement", "advertisements", "advertising", "sponsored",
      "sponsored content", "paid content", "promoted", "promoted content", "skip advertisement",
      "story continues below advertisement", "article continues below advertisement",
      "article continues below", "story continues below", "continue reading below",
      "advertisement - scroll to continue", "scroll to continue with content",
      // The NYT's slot as its text reads out.
      "continue reading the main story", "advertisement continue reading the main story"};
  if (in(l, kAds)) return Boilerplate::kAd;
  static const std::array<std::string_view, 8> kAi{"ai generated content",
                                                   "ai-generated content",
                                                   "ai generated",
                                                   "ai-generated",
                                                   "generated by ai",
                                                   "this content was generated by ai",
                                                   "this article was generated by ai",
                                                   "ai generated summary"};
  if (in(l, kAi)) return Boilerplate::kAiLabel;
  static const std::array<std::string_view, 37> kRelated{"more stories you might enjoy",
                                                         "go deeper",
                                                         "more stories you may enjoy",
                                                         "more stories",
                                                         "more",
                                                         "related",
                                                         "related stories",
                                                         "related articles",
                                                         "related content",
                                                         "related posts",
                                                         "related news",
                                                         "related coverage",
                                                         "read more",
                                                         "read next",
                                                         "you may also like",
                                                         "you might also like",
                                                         "recommended",
                                                         "recommended for you",
                                                         "recommended stories",
                                                         "most popular",
                                                         "most read",
                                                         "trending now",
                                                         "more from this author",
                                                         "more like this",
                                                         "don't miss",
                                                         "must read",
                                                         "also read",
                                                         "trending news",
                                                         "trending",
                                                         "trending stories",
                                                         "popular now",
                                                         "latest news",
                                                         "more news",
                                                         "top stories",
                                                         "editor's picks",
                                                         "in case you missed it",
                                                         "related searches"};
  if (in(l, kRelated)) return Boilerplate::kRelatedBox;
  // The writer's bio under the story, the same under each of their stories.
  static const std::array<std::string_view, 16> kBio{
      "about the author",      "about the authors", "about the writer",     "about the reporter",
      "about the contributor", "author bio",        "author biography",     "meet the author",
      "über den autor",        "über die autorin",  "à propos de l'auteur", "a propos de l'auteur",
      "sobre el autor",        "sobre o autor",     "sull'autore",          "over de auteur"};
  if (in(l, kBio) ||
      (starts_with(l, "written by ") && count_words(l) <= 6 && !looks_like_sentence(line)))
    return Boilerplate::kAuthorBio;
  // The same boxes in German, French, Spanish, Italian, Portuguese and Dutch.
  static const std::array<std::string_view, 31> kRelatedForeign{"a lire aussi",
                                                                "lea también",
                                                                "leia mais",
                                                                "lees meer",
                                                                "lire également",
                                                                "mehr zum thema",
                                                                "das könnte sie auch interessieren",
                                                                "lesen sie auch",
                                                                "auch interessant",
                                                                "weitere artikel",
                                                                "à lire aussi",
                                                                "lire aussi",
                                                                "à lire également",
                                                                "sur le même sujet",
                                                                "vous aimerez aussi",
                                                                "te puede interesar",
                                                                "leer también",
                                                                "lee también",
                                                                "noticias relacionadas",
                                                                "también te puede interesar",
                                                                "leggi anche",
                                                                "potrebbe interessarti",
                                                                "potrebbe interessarti anche",
                                                                "articoli correlati",
                                                                "leia também",
                                                                "veja também",
                                                                "notícias relacionadas",
                                                                "lees ook",
                                                                "meer over dit onderwerp",
                                                                "gerelateerde artikelen",
                                                                "meistgelesen"};
  if (in(l, kRelatedForeign)) return Boilerplate::kRelatedBox;
  const size_t words = count_words(l);
  if (is_comments_label(l)) return Boilerplate::kComments;
  // A label marking the story as members' (Medium's "Member-only story" over its headline).
  // (Not "Members only" alone: a story's section can be called so.)
  static const std::array<std::string_view, 5> kMembersLabels{
      "member-only story", "members-only story", "member only story", "subscriber exclusive",
      "subscriber-only story"};
  if (in(l, kMembersLabels)) return Boilerplate::kPaywall;
  // A paywall's call, where the teaser ends: the text is cut there ("Subscribe to read the
  // full article", "Already a subscriber? Log in"); not a report of subscriptions.
  if (words <= 25 && !reports(l))
    for (std::string_view p : {"subscribe to read",
                               "subscribe to continue",
                               "subscribe to unlock",
                               "subscribe for full access",
                               "subscribe for unlimited access",
                               "already a subscriber",
                               "already subscribed? log in",
                               "to continue reading, subscribe",
                               "to keep reading, subscribe",
                               "log in to continue reading",
                               "sign in to continue reading",
                               "log in to read",
                               "this article is for subscribers",
                               "this story is for subscribers",
                               "this content is for subscribers",
                               "for subscribers only",
                               "become a subscriber to read",
                               "get unlimited access",
                               "unlock this article",
                               "unlock this story"})
      if (starts_with(l, p) || (words <= 12 && l.find(p) != std::string::npos))
        return Boilerplate::kPaywall;
  // An affiliate disclosure, the site's word to its reader ("ChipWire is reader-supported. We
  // may earn a commission when you buy through links on our site."); not a report of such
  // deals ("Amazon cut affiliate commissions, the company said"), nor a quote of one, nor an
  // explanation to the reader ("When you click an affiliate link, the retailer pays ...").
  const bool site_speaks = has_word(l, "we") || has_word(l, "our") || has_word(l, "us") ||
                           starts_with(l, "this article") || starts_with(l, "this post") ||
                           starts_with(l, "this page") || starts_with(l, "this story") ||
                           l.find("reader-supported") != std::string::npos ||
                           l.find("reader supported") != std::string::npos;
  const bool quoted = line.find('"') != std::string_view::npos ||
                      line.find("\xE2\x80\x9C") != std::string_view::npos ||
                      line.find("\xE2\x80\x9D") != std::string_view::npos;
  if (words <= 60 && site_speaks && !quoted && !reports(l) && !has_word(l, "wrote") &&
      !has_word(l, "alleges") && !has_word(l, "alleged"))
    for (std::string_view p : {"earn a commission",
                               "earn an affiliate commission",
                               "earn a small commission",
                               "earn commission",
                               "earn commissions",
                               "earn an affiliate",
                               "receive a commission",
                               "receive compensation",
                               "get a commission",
                               "affiliate links",
                               "affiliate link",
                               "affiliate commission",
                               "reader-supported",
                               "reader supported",
                               "when you buy through links",
                               "when you buy through our links",
                               "when you buy something through",
                               "when you purchase through links",
                               "when you purchase something through",
                               "if you buy through links",
                               "if you buy something through",
                               "if you click on a link and make a purchase"})
      if (l.find(p) != std::string::npos) return Boilerplate::kAffiliate;
  if (is_plan_price(l)) return Boilerplate::kPlanPrice;
  // A call to sign up closing a longer plug ("Start your day with the Opening Bell... Sign up
  // for the free daily newsletter."): a sentence that opens with the imperative.
  if (words <= 40 && !reports(l)) {
    for (size_t at = 0; at < l.size();) {
      const std::string_view sentence = trim(std::string_view(l).substr(at));
      if (starts_with(sentence, "sign up for ") || starts_with(sentence, "sign up to ") ||
          starts_with(sentence, "sign up now") || starts_with(sentence, "subscribe to our") ||
          starts_with(sentence, "subscribe now") || starts_with(sentence, "subscribe today"))
        return Boilerplate::kNewsletter;
      const size_t end = l.find_first_of(".!?", at);
      if (end == std::string::npos) break;
      at = end + 1;
    }
  }
  if (in(l, std::array<std::string_view, 13>{
                "text size", "font size", "this slideshow requires javascript",
                "please enable javascript", "javascript is disabled", "loading...", "loading",
                "print this page", "scroll down for video", "scroll down for videos",
                "enlarge this image", "toggle caption", "hide caption"}))
    return Boilerplate::kInterface;
  // An embed's stand-in ("See the Pen Toggle by Jane Roe (@jane) on CodePen."): the embed's.
  if (words <= 30 && starts_with(l, "see the pen ") && l.find(" on codepen") != std::string::npos)
    return Boilerplate::kInterface;
  // Mastodon's embed code stands in for the post it loads: "Post by @maint@hachyderm.io",
  // "View on Mastodon".
  if (l == "view on mastodon" ||
      (words <= 4 && starts_with(l, "post by @") && l.find('@', 9) != std::string::npos &&
       l.find(' ', 8) == std::string::npos))
    return Boilerplate::kInterface;
  if (words <= 20 && !reports(l) &&
      (starts_with(l, "sign up for") || starts_with(l, "sign up to") ||
       starts_with(l, "subscribe to our") || starts_with(l, "get our newsletter") ||
       starts_with(l, "join our newsletter") || l == "newsletter" || l == "subscribe" ||
       (l.find("newsletter") != std::string::npos && addresses_reader(l) &&
        (l.find("sign up") != std::string::npos || l.find("subscribe") != std::string::npos))))
    return Boilerplate::kNewsletter;
  static const std::array<std::string_view, 25> kShare{"share",
                                                       "share this",
                                                       "share this article",
                                                       "share this story",
                                                       "share this post",
                                                       "share on facebook",
                                                       "share on twitter",
                                                       "share on linkedin",
                                                       "tweet",
                                                       "copy link",
                                                       "share via",
                                                       "share article",
                                                       "share via email",
                                                       "email this",
                                                       "click to tweet",
                                                       "tweet this",
                                                       "click to share",
                                                       "teilen",
                                                       "artikel teilen",
                                                       "partager",
                                                       "partager cet article",
                                                       "compartir",
                                                       "condividi",
                                                       "compartilhar",
                                                       "delen"};
  if (in(l, kShare)) return Boilerplate::kShareBar;
  if (words <= 60 &&
      (starts_with(l, "we use cookies") || starts_with(l, "this site uses cookies") ||
       starts_with(l, "this website uses cookies")))
    return Boilerplate::kCookieBanner;
  if (parse_reading_time(line) > 0) return Boilerplate::kReadingTime;
  // The aggregator's label without its minutes.
  if (l == "rapid read") return Boilerplate::kReadingTime;
  if (words <= 25) {
    // "Related: ...", "READ MORE: ...", "[Related: ...]": a pointer to another story.
    std::string_view r = l;
    if (r.starts_with("[") || r.starts_with("(")) r.remove_prefix(1);
    for (std::string_view p :
         {"related:", "related stories:", "read more:", "read next:", "see also:", "more:",
          "also read:", "read also:", "watch:", "recommended:", "don't miss:", "related post:",
          "related article:", "related story:", "more on this:", "go deeper:"})
      if (r.starts_with(p)) return Boilerplate::kRelatedLink;
    // The same in other languages, and with other marks after the label: "À lire aussi : ...",
    // "Lire aussi | ...", "TE PUEDE INTERESAR: ...", "LEIA MAIS » ...".
    for (std::string_view p : {"lesen sie auch", "mehr zum thema",   "auch interessant",
                               "lire aussi",     "à lire aussi",     "a lire aussi",
                               "lire également", "à lire également", "te puede interesar",
                               "leer también",   "lee también",      "lea también",
                               "leggi anche",    "leia também",      "leia mais",
                               "veja também",    "lees ook",         "lees meer",
                               "read more",      "related",          "see also"}) {
      if (!r.starts_with(p)) continue;
      const std::string_view rest = trim(r.substr(p.size()));
      if (rest.starts_with(":") || rest.starts_with("|") || rest.starts_with("\xC2\xBB") ||
          rest.starts_with("- ") || rest.starts_with("\xE2\x80\x93") ||
          rest.starts_with("\xE2\x80\x94"))
        return Boilerplate::kRelatedLink;
    }
    // "Follow AP's full coverage of Brexit at https://...", "More AP NBA: https://...": a
    // pointer to the publisher's other pages.
    if (l.find("http") != std::string::npos &&
        (starts_with(l, "follow ") || starts_with(l, "more ") || starts_with(l, "for more ")))
      return Boilerplate::kPromo;
    // "Promoted by Zergnet": a recommendation widget's credit.
    if (words <= 4 && starts_with(l, "promoted by ")) return Boilerplate::kPromo;
    if (starts_with(l, "next page:") || starts_with(l, "previous page:"))
      return Boilerplate::kInterface;
    // NPR's picture widget as text: "Enlarge this image toggle caption Jane Roe/NPR".
    if (starts_with(l, "enlarge this image toggle caption ") ||
        starts_with(l, "enlarge this image hide caption ") ||
        (words <= 12 && (starts_with(l, "toggle caption ") || starts_with(l, "hide caption ")) &&
         !looks_like_sentence(line)))
      return Boilerplate::kInterface;
    // "GET FOX BUSINESS ON THE GO BY CLICKING HERE". Not a quotation in a sentence reporting
    // it ("\"Click here to claim your prize\" emails are a common tactic, researchers said";
    // the normalised line has lost its opening quotation mark): audit, session 45. A quoted
    // button ("\"Get the app\" for alerts") and "Click here to see what analysts said" stay
    // promos.
    const bool quoted = quoted_at(line, l, 0) && (reports(l) || words >= 10);
    if (words <= 15 && (l.ends_with(" by clicking here") || l.ends_with(" click here")) && !quoted)
      return Boilerplate::kPromo;
    if ((starts_with(l, "click here to") || starts_with(l, "get the app") ||
         starts_with(l, "download the app") || starts_with(l, "subscribe to the")) &&
        !quoted)
      return Boilerplate::kPromo;
  }
  if (words <= 25) {
    // A picture's credit, or a caption that ends in one: the picture's, not the story's text.
    for (std::string_view p :
         {"image credit", "photo credit", "image courtesy", "photo courtesy",
          "credit:", "image:", "photo:", "picture:", "photograph:", "(photo", "(image", "(credit",
          "photo by ", "image by ", "illustration:", "illustration by ", "image source:"})
      if (starts_with(l, p)) return Boilerplate::kPhotoCredit;
    std::string_view end = l;
    while (!end.empty() && (end.back() == ')' || end.back() == '.' || end.back() == ' '))
      end.remove_suffix(1);
    for (std::string_view p : {"/getty images", "via getty images", "/ap photo", "(ap photo",
                               "/reuters", "/afp", "/bloomberg", "/shutterstock", "/epa", "/ap",
                               "via shutterstock", "via getty", "/dpa", "/xinhua"})
      if (end.ends_with(p)) return Boilerplate::kPhotoCredit;
  }
  if (words <= 50) {
    const bool network =
        l.find("twitter") != std::string::npos || l.find("facebook") != std::string::npos ||
        l.find("instagram") != std::string::npos || l.find("linkedin") != std::string::npos;
    // "Follow us on Twitter", "Jane covers chips. Follow her on X": the imperative, at the
    // start of a sentence, or "follow us/me" anywhere ("please follow us").
    const bool follow = starts_with(l, "follow ") || l.find(". follow ") != std::string::npos ||
                        has_word(l, "follow us") || has_word(l, "follow me");
    if (network && follow && !reports(l) && !quoted_at(line, l, l.find("follow ")))
      return Boilerplate::kSocial;
    // Networks whose names are words too ("X", "Threads", "Google News"): only "follow <who>
    // on <network>" ("Follow TechSite on Google News", "...: follow us on X and Threads"), not
    // "Follow the steps to raise the limit on worker threads".
    if (follows_on_a_network(line, l) && !reports(l)) return Boilerplate::kSocial;
  }
  // The newsroom's tip line under a story: "Got a tip? Email us at tips@...", "Have a news tip?
  // Contact our reporters", "Got a confidential news tip? We want to hear from you."
  // A how-to's "Got a minute? Here are our tips" stays: the tip is asked for, or sent somewhere.
  if (words <= 30 && (has_word(l, "tip") || has_word(l, "tips")) &&
      (has_word(l, "us") || has_word(l, "our") || has_word(l, "we")) && !reports(l) &&
      (l.find("tip?") != std::string::npos || l.find("tips?") != std::string::npos ||
       l.find('@') != std::string::npos || has_word(l, "email"))) {
    for (std::string_view p : {"got a ", "have a ", "do you have ", "send us ", "send tips",
                               "know something", "if you have a "})
      if (starts_with(l, p)) return Boilerplate::kPromo;
  }
  // Asked for without "us": "Tips? Send them to tips@...", "News tips? Email tips@...".
  if (words <= 20 && !reports(l) &&
      (starts_with(l, "tips? ") || starts_with(l, "news tips? ") || starts_with(l, "got tips? ") ||
       starts_with(l, "have tips? ")) &&
      (l.find('@') != std::string::npos || has_word(l, "send them") || has_word(l, "send us") ||
       has_word(l, "signal")) &&
      !has_word(l, "police") && !has_word(l, "detectives") && !has_word(l, "authorities"))
    return Boilerplate::kPromo;
  return Boilerplate::kNone;
}

bool is_masthead(std::string_view line) { return is_masthead_line(line); }

bool starts_with_bullet(std::string_view line) {
  line = trim(line);
  if (line.size() < 2) return false;
  const char c = line[0];
  if ((c == '-' || c == '*' || c == '+') && line[1] == ' ') return true;
  if (line.starts_with("\xE2\x80\xA2") || line.starts_with("\xC2\xB7")) return true;  // • ·
  size_t digits = 0;
  while (digits < line.size() && digits < 3 &&
         std::isdigit(static_cast<unsigned char>(line[digits])))
    ++digits;
  return digits > 0 && digits + 1 < line.size() && (line[digits] == '.' || line[digits] == ')') &&
         line[digits + 1] == ' ';
}

namespace {

/// Code points of `s` (a line's width as a wrapping program counts it).
size_t width_of(std::string_view s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

/// A line that no other goes on with, nor it with another: a label, a section's heading, a
/// quoted line or a table's.
bool label_or_heading(std::string_view line) {
  return line.empty() || line[0] == '>' || line[0] == '|' || line[0] == '#' ||
         classify_boilerplate(line) != Boilerplate::kNone ||
         (count_words(line) <= 10 && classify_heading(line) != SectionKind::kOther);
}

/// A line that stands on its own whatever the line before: those, and a list's item (which
/// may go on with its wrapped lines).
bool stands_alone(std::string_view line) {
  return label_or_heading(line) || starts_with_bullet(line);
}

/// Whether a line ends a sentence or a clause that another line may not go on with.
bool ends_sentence(std::string_view line) {
  const std::string_view t = trim(line);
  if (t.empty()) return true;
  const char c = t.back();
  return c == '.' || c == '!' || c == '?' || c == ':' || c == ';' || c == '"' || c == ')' ||
         t.ends_with("\xE2\x80\x9D") || t.ends_with("\xE2\x80\x99") ||  // ” ’
         t.ends_with("\xE2\x80\xA6");                                   // …
}

}  // namespace

bool carries_ai_label(std::string_view line) {
  if (line.size() > 400) return false;
  // The label's parts ("Rapid Read • 7 min read • AI Generated Content"), at a bullet, a
  // middle dot or a bar.
  for (size_t at = 0; at <= line.size();) {
    size_t end = line.size();
    for (std::string_view sep : {"\xE2\x80\xA2", "\xC2\xB7", "|"})
      end = std::min(end, line.find(sep, at));
    if (classify_boilerplate(line.substr(at, end - at)) == Boilerplate::kAiLabel) return true;
    if (end == line.size()) break;
    at = end + (line[end] == '|' ? 1 : 2 + (line[end] == '\xE2'));
  }
  return false;
}

bool is_group_label(std::string_view line, std::string_view next) {
  if (count_words(line) > 6 || has_lowercase(line)) return false;
  const std::string l = normalize_label(line);
  // A question in capitals over a section's name; not a headline in capitals ("NVIDIA BEATS
  // ESTIMATES AGAIN" over "Why It Matters").
  return l == "what's the story" || l == "whats the story" ||
         (trim(line).ends_with('?') && count_words(line) <= 4 && count_words(next) <= 10 &&
          classify_heading(next) != SectionKind::kOther);
}

std::string unwrap_lines(std::string_view text) {
  std::vector<std::string_view> lines;
  for (size_t at = 0; at <= text.size();) {
    size_t nl = text.find('\n', at);
    if (nl == std::string_view::npos) nl = text.size();
    std::string_view l = text.substr(at, nl - at);
    if (l.ends_with('\r')) l.remove_suffix(1);
    lines.push_back(l);
    at = nl + 1;
  }
  // Wrapped at a width: most lines of prose come close to one width, none goes much past it.
  // (An aggregator's text has a paragraph a line, hundreds of characters long.)
  constexpr size_t kMaxWrap = 100;
  size_t long_lines = 0, over = 0, width = 0;
  for (std::string_view l : lines) {
    const size_t w = width_of(trim(l));
    if (w < 40) continue;
    ++long_lines;
    if (w > kMaxWrap)
      ++over;
    else
      width = std::max(width, w);
  }
  // Most such lines end in the middle of a sentence (a text of a sentence a line has lines
  // of a similar length too).
  size_t near = 0, cut = 0;
  for (std::string_view l : lines) {
    const size_t w = width_of(trim(l));
    if (w < 40 || w > width || w + 15 < width) continue;
    ++near;
    cut += !ends_sentence(l);
  }
  const bool wrapped = long_lines >= 3 && over * 10 <= long_lines && near >= 3 &&
                       near * 5 >= long_lines * 2 && cut * 2 >= near;
  // A line goes on with the next when the next one's first word would not have fitted on it
  // (within a few columns: programs that wrap for looks, as fmt does, fill lines less).
  const size_t slack = std::max<size_t>(8, width / 10);
  // Runs of spaces inside a line align the columns of a table.
  auto columns = [](std::string_view l) { return trim(l).find("   ") != std::string_view::npos; };
  auto indented = [](std::string_view l) {
    return !l.empty() && (l[0] == ' ' || l[0] == '\t') && !trim(l).empty();
  };
  // An ad's label set in the middle of a sentence ("...its new plant in Arizona", "AD",
  // "will begin producing ..."): the sentence goes on past it, and the label goes to the end of
  // its paragraph. Not after a heading ("Apple's Record Quarter", "AD", "iPhone sales ...").
  std::vector<std::string_view> moved;
  moved.reserve(lines.size());
  std::vector<std::string_view> held;  // labels for the end of the paragraph being read
  std::vector<bool> glued;             // of `moved`: the line goes on with the next
  for (size_t i = 0; i < lines.size(); ++i) {
    const std::string_view l = trim(lines[i]);
    if (l.empty()) {
      moved.insert(moved.end(), held.begin(), held.end());
      glued.resize(moved.size(), false);
      held.clear();
    }
    if (i > 0 && i + 1 < lines.size() && classify_boilerplate(l) == Boilerplate::kAd) {
      const std::string_view a = trim(lines[i - 1]), c = trim(lines[i + 1]);
      if (!a.empty() && !ends_sentence(a) && count_words(a) >= 8 && !label_or_heading(a) &&
          !c.empty() && std::islower(static_cast<unsigned char>(c[0])) && !stands_alone(c)) {
        held.push_back(lines[i]);
        glued.back() = true;
        continue;
      }
    }
    moved.push_back(lines[i]);
    glued.push_back(false);
  }
  moved.insert(moved.end(), held.begin(), held.end());
  glued.resize(moved.size(), false);
  // A paragraph whose lines all open with capitals, none of them ending on a word that goes on
  // ("for", "the", "its"), is a list or addresses, a line each; wrapped prose goes on in small
  // letters, or from a word that leads on, somewhere.
  std::vector<bool> as_lines(moved.size(), false);
  auto leads_on = [](std::string_view l) {
    l = trim(l);
    const size_t sp = l.rfind(' ');
    const std::string last = to_lower_ascii(sp == std::string_view::npos ? l : l.substr(sp + 1));
    return in_list(last,
                   {"the", "a",  "an",   "of",   "to",   "for",  "and",   "or",  "in",   "on",
                    "at",  "by", "with", "from", "that", "its",  "their", "his", "her",  "another",
                    "as",  "is", "are",  "was",  "were", "will", "would", "be",  "than", "into"});
  };
  for (size_t b = 0; b < moved.size();) {
    size_t e = b;
    while (e < moved.size() && !trim(moved[e]).empty()) ++e;
    bool listed = e - b >= 3;
    for (size_t k = b + 1; listed && k < e; ++k) {
      const unsigned char c = static_cast<unsigned char>(trim(moved[k])[0]);
      listed = (std::isupper(c) || std::isdigit(c)) && !leads_on(moved[k - 1]);
    }
    if (listed) std::fill(as_lines.begin() + b, as_lines.begin() + e, true);
    b = e + 1;
  }
  std::string out;
  out.reserve(text.size());
  bool item = !moved.empty() && starts_with_bullet(moved[0]);  // the line being built is a point
  for (size_t i = 0; i < moved.size(); ++i) {
    std::string_view line = moved[i];
    out.append(line);
    if (i + 1 == moved.size()) break;
    const std::string_view a = trim(line), b = trim(moved[i + 1]);
    // Not a new paragraph its indent marks (but a point's hanging indent), a table's row, a
    // point, a label or a heading; nor a short line without a full stop after a sentence's
    // end ("...in the state today.", "Market Outlook").
    const bool joins =
        glued[i] ||
        (wrapped && !as_lines[i] && !a.empty() && !b.empty() && !label_or_heading(a) &&
         !stands_alone(b) && (item || !indented(moved[i + 1])) && !columns(line) &&
         !columns(moved[i + 1]) &&
         !(ends_sentence(a) && !ends_sentence(b) && width_of(b) * 2 < width) &&
         width_of(a) + 1 + width_of(b.substr(0, std::min(b.find(' '), b.size()))) + slack > width);
    if (joins) {
      out += ' ';
      continue;
    }
    out += '\n';
    item = starts_with_bullet(moved[i + 1]);
  }
  return out;
}

std::vector<TextBlock> split_blocks(std::string_view text) {
  std::vector<TextBlock> blocks;
  size_t start = 0;
  while (start <= text.size()) {
    size_t nl = text.find('\n', start);
    if (nl == std::string_view::npos) nl = text.size();
    std::string line = collapse_whitespace(text.substr(start, nl - start));
    if (!line.empty()) blocks.push_back({std::move(line), false});
    start = nl + 1;
  }
  return blocks;
}

void build_sections(const std::vector<TextBlock>& blocks, Article& article, bool detect_headings) {
  // First pass: drop boilerplate, remember what it meant. A block's lines (from <br>s) are
  // judged one by one: a "Don't miss" label and its links can share one <p>.
  std::vector<TextBlock> kept_blocks;
  kept_blocks.reserve(blocks.size());
  bool in_related_box = false;
  int box_level = 0;           // the rank of the heading that opened the box (0: not a heading)
  bool box_teasers = false;    // the box has shown a headline of its own under its label
  bool box_headline = false;   // plain text: the line before was a teaser's headline
  bool after_teaser = false;   // a teaser's heading was dropped; its summary may follow
  bool story_started = false;  // a paragraph of running text was kept
  bool in_plan_box = false;    // under a subscription plan's price: its perks follow
  int bio_blocks = 0;          // blocks of a writer's bio still to drop under its label
  // True when the line stays. `next`: the block after b, if any.
  auto judge = [&](std::string_view line, const TextBlock& b, const TextBlock* next) {
    const bool heading = b.heading;
    // The blocks of a bio its label measured (below).
    if (bio_blocks > 0) {
      --bio_blocks;
      return false;
    }
    const Boilerplate kind = classify_boilerplate(line);
    // A heading in the story that is a word of its subject ("Advertising" in an earnings
    // story, "AI-generated content", "Trending") heads the running text under it; the same
    // words as a label stand alone, before the story, after it or over a box of links.
    if (kind != Boilerplate::kNone && heading && b.level >= 1 && b.level <= 6 && story_started &&
        is_topic_label(line) && next && !next->heading && reads_as_prose(next->text))
      return true;
    switch (kind) {
      case Boilerplate::kNone:
        break;
      case Boilerplate::kAd:
        add_flag(article, "ads");
        return false;
      case Boilerplate::kAiLabel:
        article.ai_generated = true;
        add_flag(article, "ai_generated");
        return false;
      case Boilerplate::kRelatedBox:
        add_flag(article, "related_box");
        in_related_box = true;
        box_level = heading ? b.level : 0;
        box_teasers = false;
        box_headline = false;
        return false;
      case Boilerplate::kNewsletter:
        add_flag(article, "newsletter");
        return false;
      case Boilerplate::kShareBar:
        add_flag(article, "share_bar");
        return false;
      case Boilerplate::kCookieBanner:
        add_flag(article, "cookie_banner");
        return false;
      case Boilerplate::kReadingTime:
        if (article.reading_time_minutes == 0)
          article.reading_time_minutes = parse_reading_time(line);
        if (carries_ai_label(line)) {
          article.ai_generated = true;
          add_flag(article, "ai_generated");
        }
        return false;
      case Boilerplate::kRelatedLink:
        add_flag(article, "related_box");
        return false;
      case Boilerplate::kSocial:
        add_flag(article, "share_bar");
        return false;
      case Boilerplate::kPromo:
        add_flag(article, "promo");
        return false;
      case Boilerplate::kComments:
        add_flag(article, "comments");
        return false;
      case Boilerplate::kAffiliate:
        add_flag(article, "affiliate_links");
        return false;
      case Boilerplate::kAuthorBio: {
        // "Written by Jane Doe" as a line is a credit (a byline, a film's writer), the story's
        // to keep; as a heading, and any "About the author", it opens a bio: two short
        // paragraphs at most up to the next heading of its rank (or any heading, or a known
        // section's label) or the end. More than that is the story going on under a heading of
        // its own (a book review's "About the author"), which stays.
        if (!heading && starts_with_icase(trim(line), "written by ")) return true;
        const size_t at = static_cast<size_t>(&b - blocks.data());
        size_t n = 0, words = 0, end = at + 1;
        for (; end < blocks.size(); ++end) {
          const TextBlock& c = blocks[end];
          if (c.heading && (!heading || c.level <= b.level || c.level == 0)) break;
          if (classify_heading(c.text) != SectionKind::kOther) break;
          n += 1 + static_cast<size_t>(std::count(c.text.begin(), c.text.end(), '\n'));  // lines
          words += count_words(c.text);
          if (n > 2 || words > 100) return true;
        }
        // And at the story's end: nothing follows but the page's boxes ("More from the
        // author", "Related"), a few of them; a section of the story after it makes it one too
        // ("Written by ChatGPT", a study's "About the authors").
        if (blocks.size() - end > 40) return true;
        for (size_t k = end; k < blocks.size(); ++k)
          if (classify_boilerplate(blocks[k].text) == Boilerplate::kNone) return true;
        bio_blocks = static_cast<int>(n);
        return false;
      }
      case Boilerplate::kPaywall:
        // The text stops at the paywall; its offer's perks follow, as a plan's do.
        add_flag(article, "paywall");
        in_plan_box = true;
        return false;
      case Boilerplate::kPlanPrice:
        // A paywall's plans: the plan's name above the price goes too, and its perks below.
        add_flag(article, "promo");
        if (!kept_blocks.empty() && kept_blocks.back().text.find('\n') == std::string::npos &&
            count_words(kept_blocks.back().text) <= 4 &&
            !looks_like_sentence(kept_blocks.back().text))
          kept_blocks.pop_back();
        in_plan_box = true;
        return false;
      case Boilerplate::kPhotoCredit:
      case Boilerplate::kInterface:
        return false;
    }
    if (in_plan_box) {
      if (!heading && !reads_as_prose(line)) return false;
      in_plan_box = false;
    }
    // Before the story starts, a credit or time line ("By A and B", "Updated: May 2, 2019")
    // belongs to the masthead.
    // A bare date set as a heading over it (Blogger's "date-header") is one of those too.
    if (kept_blocks.size() < 2 && is_masthead_line(line) &&
        (!heading || (count_words(line) <= 8 && parse_date(trim(line)).has_value()))) {
      // Its "By Jane Doe" names the author when nothing else did: the line left the text and
      // named no one (audit, session 45).
      // Its names only, before any outlet they wrote for ("Jane Doe for Reuters").
      if (article.author.empty() && starts_with_icase(trim(line), "by ")) {
        std::string names = names_in_byline(trim(line));
        if (const size_t at = first_affiliation(names); at != std::string::npos) {
          names.resize(at);
          while (!names.empty() && (names.back() == ',' || names.back() == ' ')) names.pop_back();
        }
        if (reads_as_names(names)) article.author = name_list(names, article.site_name);
      }
      return false;
    }
    // A related box lists headlines; it ends where running text resumes. Under a heading
    // label, headings of a lower rank are its teasers' (each with its summary); one of the
    // label's rank or higher ends it. In a page, the box's linked headlines never get here: a
    // paragraph of plain text is the story going on ("Related" set inside an article).
    // A section's name ends the box (plain text's "What's Next?" is no teaser's headline).
    if (in_related_box && count_words(line) <= 10 &&
        classify_heading(line) != SectionKind::kOther) {
      in_related_box = box_teasers = box_headline = after_teaser = false;
    }
    if (in_related_box) {
      // Plain text: a teaser is a headline line, and maybe a sentence or two of summary under
      // it; the story resumes with a paragraph that follows no headline, or a long one.
      if (detect_headings && !b.from_p && !heading) {
        if (looks_like_headline(line)) {
          box_headline = true;
          return false;
        }
        if (std::exchange(box_headline, false) && count_words(line) <= 50) return false;
      }
      if (heading) {
        if (b.level > 0 && box_level > 0 && b.level > box_level) {
          box_teasers = true;
          after_teaser = true;
          return false;
        }
      } else if (box_teasers) {
        // A teaser's summary follows its heading; a paragraph of prose that follows none is
        // the story going on (the box ended with its container, which blocks do not show).
        if (after_teaser || !reads_as_prose(line)) {
          if (looks_like_sentence(line)) after_teaser = false;
          return false;
        }
      } else if (!(looks_like_sentence(line) || (b.from_p && !detect_headings))) {
        return false;
      }
      in_related_box = false;
      box_teasers = false;
    }
    return true;
  };
  for (size_t bi = 0; bi < blocks.size(); ++bi) {
    const TextBlock& b = blocks[bi];
    const TextBlock* next = bi + 1 < blocks.size() ? &blocks[bi + 1] : nullptr;
    // A box's end outlives its last line being dropped (a credit under its points).
    const size_t kept_before = kept_blocks.size();
    auto keep_box_end = [&] {
      if (b.ends_box && kept_blocks.size() == kept_before && !kept_blocks.empty())
        kept_blocks.back().ends_box = true;
    };
    // Code is the story's, line by line as written: its lines are no labels ("Related", "By
    // Jane Doe" in a program's output) and its blank lines stay. So is a data table's row of
    // cells ("Related | Share" in a table of a menu's entries, "Updated | May 14, 2024" in an
    // app's facts), and a list's items that a lead-in introduces. Each ends a box of links.
    if (b.code || b.verbatim || (b.table_row && b.text.find(" | ") != std::string::npos)) {
      if (bio_blocks > 0) {
        --bio_blocks;
      } else {
        kept_blocks.push_back(b);
        in_related_box = box_teasers = box_headline = after_teaser = in_plan_box = false;
      }
      keep_box_end();
      continue;
    }
    if (b.text.find('\n') == std::string::npos) {
      if (judge(b.text, b, next)) {
        kept_blocks.push_back(b);
        story_started |= !b.heading && reads_as_prose(b.text);
      }
      keep_box_end();
      continue;
    }
    TextBlock rest = b;
    rest.text.clear();
    for (const std::string& line : split(b.text, '\n')) {
      if (line.empty() || !judge(line, b, next)) continue;
      story_started |= !b.heading && reads_as_prose(line);
      if (!rest.text.empty()) rest.text += '\n';
      rest.text += line;
    }
    if (!rest.text.empty()) kept_blocks.push_back(std::move(rest));
    keep_box_end();
  }
  // A live blog's clock over an update's heading ("10:32 AM", then "The iPhone 18 is here") is
  // that update's time: it goes under the heading, not to the end of the update before. Only
  // where the blog writes its clocks so, over its first heading (a blog that stamps each entry
  // after it has its clocks where they belong).
  const auto first_heading = std::find_if(kept_blocks.begin(), kept_blocks.end(),
                                          [](const TextBlock& b) { return b.heading; });
  const bool clocks_over_headings = first_heading != kept_blocks.end() &&
                                    first_heading != kept_blocks.begin() &&
                                    !std::prev(first_heading)->heading &&
                                    is_clock(to_lower_ascii(std::prev(first_heading)->text));
  for (size_t i = 0; clocks_over_headings && i + 1 < kept_blocks.size(); ++i) {
    TextBlock& clock = kept_blocks[i];
    TextBlock& heading = kept_blocks[i + 1];
    if (clock.heading || clock.code || !heading.heading || !is_clock(to_lower_ascii(clock.text)))
      continue;
    std::swap(clock, heading);
    std::swap(clock.ends_box, heading.ends_box);  // a box still ends where it did
    ++i;
  }
  std::vector<const TextBlock*> kept;
  kept.reserve(kept_blocks.size());
  for (const TextBlock& b : kept_blocks) kept.push_back(&b);

  // Closing credits and contact lines belong to the page, not the story.
  while (!kept.empty() && !kept.back()->heading && !kept.back()->code &&
         is_credit_line(kept.back()->text))
    kept.pop_back();

  // Second pass: headings open sections.
  std::vector<bool> is_heading(kept.size(), false);
  // Paragraphs in capitals; when they are many, the page shouts and none of them is a subhead.
  size_t paragraphs = 0, capitals = 0;
  for (const TextBlock* b : kept) {
    paragraphs += b->from_p;
    capitals += b->from_p && is_capitals(b->text);
  }
  const bool shouting = capitals * 2 > paragraphs;
  bool story_prose = false;  // a paragraph of running text came before block i
  for (size_t i = 0; i < kept.size(); ++i) {
    const TextBlock& b = *kept[i];
    if (b.heading) {
      is_heading[i] = true;
      continue;
    }
    if (b.code || b.verbatim) continue;
    // A known section label is a heading in whatever element it sits (a page's
    // <div class="section-title">What's Happening?</div>), when text follows it.
    if (count_words(b.text) <= 10 && classify_heading(b.text) != SectionKind::kOther &&
        (detect_headings || (i + 1 < kept.size() && !kept[i + 1]->heading))) {
      is_heading[i] = true;
      continue;
    }
    // An agency's subhead, a paragraph in capitals between paragraphs of the story ("WHO IS
    // THE FRONT-RUNNER?", "TIP-INS", "UP NEXT"): pages mark it up as no heading. Not a
    // dateline or a label before the story, nor one of a run of capitals (a chart's legend).
    if (!detect_headings && b.from_p && story_prose && !shouting && is_capitals_subhead(b.text) &&
        !is_capitals(kept[i - 1]->text) && i + 1 < kept.size() && !kept[i + 1]->heading &&
        has_letter(kept[i + 1]->text) && !is_capitals(kept[i + 1]->text) &&
        (count_words(kept[i + 1]->text) >= 8 || looks_like_sentence(kept[i + 1]->text)) &&
        !is_dateline(b.text) && !is_masthead_line(b.text) && !is_credit_line(b.text)) {
      is_heading[i] = true;
      continue;
    }
    story_prose |= reads_as_prose(b.text);
    if (!detect_headings) continue;
    // An unknown title-like line between paragraphs: a heading when a paragraph follows. Not
    // one that ends in a colon: it leads into what follows ("She writes:", "Here are the
    // latest developments:", a transcript's "AILSA CHANG, HOST:").
    if (i + 1 < kept.size() && i > 0 && heading_like(b.text) && !b.text.ends_with(':') &&
        !heading_like(kept[i + 1]->text) && looks_like_sentence(kept[i + 1]->text))
      is_heading[i] = true;
  }
  // A group label ("WHAT'S THE STORY?") is a short all-caps line right before a known heading.
  std::vector<bool> drop(kept.size(), false);
  for (size_t i = 0; i + 1 < kept.size(); ++i) {
    const std::string& t = kept[i]->text;
    if (!is_heading[i] && !heading_like(t)) continue;
    if (has_lowercase(t) || count_words(t) > 6) continue;
    const bool next_known = classify_heading(kept[i + 1]->text) != SectionKind::kOther;
    if (next_known) drop[i] = true;
  }

  std::vector<Section> sections;
  Section current;
  current.kind = SectionKind::kLead;
  auto flush = [&] {
    if (!current.heading.empty() || !current.text.empty()) sections.push_back(std::move(current));
    current = Section();
  };
  int faq_level = 0;       // the rank of the heading over a FAQ, while its questions follow
  bool all_points = true;  // the section's text so far is a list's points
  auto story_resumes = [&] {
    // The story resumes after a takeaways box: its lead when none came before, else an
    // untitled part.
    const bool had_lead = std::any_of(sections.begin(), sections.end(), [](const Section& s) {
      return s.kind == SectionKind::kLead;
    });
    flush();
    current.kind = had_lead ? SectionKind::kOther : SectionKind::kLead;
    all_points = true;
  };
  for (size_t i = 0; i < kept.size(); ++i) {
    if (drop[i]) continue;
    const std::string& t = kept[i]->text;
    if (is_heading[i]) {
      all_points = true;
      flush();
      current.heading = t;
      current.kind = classify_heading(t);
      // A FAQ's questions are headings of a lower rank under its own: its sections too.
      const int level = kept[i]->level;
      if (current.kind == SectionKind::kFaq) {
        faq_level = level >= 1 && level <= 6 ? level : 0;
      } else if (faq_level > 0 && level > faq_level && current.kind == SectionKind::kOther) {
        current.kind = SectionKind::kFaq;
      } else {
        faq_level = 0;
      }
      continue;
    }
    // Takeaways are a list's points: a paragraph of prose after them is the story's again.
    const bool point = kept[i]->list_item || starts_with_bullet(t);
    if (current.kind == SectionKind::kKeyTakeaways && !current.text.empty() && all_points &&
        !point && !kept[i]->code &&
        (reads_as_prose(t) || (kept[i]->from_p && count_words(t) >= 8 && looks_like_sentence(t))))
      story_resumes();
    all_points = all_points && point;
    if (!current.text.empty()) current.text += "\n\n";
    current.text += t;
    if (kept[i]->ends_box && !current.heading.empty()) story_resumes();
  }
  flush();
  // A heading left with no text at the very end is a dangling label, not a section.
  while (!sections.empty() && sections.back().text.empty() && !sections.back().heading.empty())
    sections.pop_back();
  article.sections = std::move(sections);
}

namespace {

// A text of one line (a JSON-LD articleBody, a feed's summary) with its section labels run in:
// "... the close. What's Happening? The company ... Why It's Important? It ...". Each known
// label that opens a sentence, ends in "?" or ":" and is followed by a capitalised sentence
// gets lines of its own, so that it heads its section.
// With `at_start`, only a label the text opens with (a line of plain text: "Why it matters:
// Domestic capacity ..."; in a paragraph, "What's next? Nobody knows." is a sentence).
std::string split_run_in_labels(std::string_view text, bool at_start = false) {
  std::string out;
  size_t copied = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    const bool opens = i == 0 || (!at_start && i >= 2 && text[i - 1] == ' ' &&
                                  (text[i - 2] == '.' || text[i - 2] == '!' || text[i - 2] == '?'));
    if (!opens) continue;
    // A capital, or "¿" ("¿Qué sigue?"), "À" ("À retenir :").
    size_t at = i;
    const uint32_t first = next_code_point(text, at);
    if (!(first < 0x80 ? std::isupper(static_cast<int>(first)) != 0
                       : first == 0xBF || first == 0xA1 || fold_case(first) != first))
      continue;
    const size_t end = text.find_first_of("?:", i);
    if (end == std::string_view::npos || end + 2 >= text.size() || text[end + 1] != ' ') continue;
    const std::string_view label = text.substr(i, end + 1 - i);
    if (count_words(label) > 6 || label.find_first_of(".!") != std::string_view::npos) continue;
    const unsigned char next = static_cast<unsigned char>(text[end + 2]);
    if (!(std::isupper(next) || std::isdigit(next) || next == '"' || next >= 0x80)) continue;
    if (classify_heading(label) == SectionKind::kOther) continue;
    out.append(text.substr(copied, i - copied));
    while (!out.empty() && out.back() == ' ') out.pop_back();
    if (!out.empty()) out += '\n';
    out.append(label);
    out += '\n';
    copied = end + 2;
    i = end + 1;
  }
  if (copied == 0) return std::string(text);
  out.append(text.substr(copied));
  return out;
}

}  // namespace

std::string split_line_labels(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t at = 0; at <= text.size();) {
    size_t nl = text.find('\n', at);
    if (nl == std::string_view::npos) nl = text.size();
    const std::string_view line = text.substr(at, nl - at);
    const std::string_view t = trim(line);
    if (t.size() >= 40)
      out += split_run_in_labels(t, /*at_start=*/true);
    else
      out.append(line);
    if (nl < text.size()) out += '\n';
    at = nl + 1;
  }
  return out;
}

void tag_sections(std::string_view text, Article& article) {
  if (text.find('\n') == std::string_view::npos && text.size() >= 200) {
    build_sections(split_blocks(split_run_in_labels(text)), article, /*detect_headings=*/true);
    return;
  }
  build_sections(split_blocks(split_line_labels(unwrap_lines(text))), article,
                 /*detect_headings=*/true);
}

}  // namespace byline
