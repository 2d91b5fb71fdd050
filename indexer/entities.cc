#include "indexer/entities.h"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

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

// Other languages' words that open sentences or names' phrases and are no part of a name:
// articles, prepositions, pronouns and conjunctions, capitalised ("La CNIL", "En Chile", "Die
// Deutsche Telekom", "V Evropské"), by the article's primary language subtag. A name that holds
// one ("Le Monde", "Los Angeles") keeps it inside a sentence; at a sentence's start it is the
// rest, folded into the whole name where the text writes it elsewhere.
const std::set<std::string, std::less<>>* function_words(std::string_view language) {
  static const std::map<std::string, std::set<std::string, std::less<>>, std::less<>> kWords = {
      {"de",
       {"Der",    "Die",     "Das",     "Den",     "Dem",     "Des",   "Ein",   "Eine",  "Einer",
        "Eines",  "Einem",   "Einen",   "Im",      "Am",      "Zum",   "Zur",   "Vom",   "Beim",
        "Ins",    "Auf",     "Aus",     "Bei",     "Mit",     "Nach",  "Seit",  "Von",   "Vor",
        "Zu",     "Für",     "Über",    "Unter",   "Durch",   "Gegen", "Ohne",  "Um",    "Und",
        "Oder",   "Aber",    "Auch",    "Doch",    "Denn",    "Wenn",  "Als",   "Wie",   "Was",
        "Wer",    "Wo",      "Warum",   "Dass",    "Da",      "Dann",  "Noch",  "Nur",   "Schon",
        "Es",     "Er",      "Sie",     "Wir",     "Ich",     "Ihr",   "Man",   "Diese", "Dieser",
        "Dieses", "Diesen",  "Jede",    "Jeder",   "Alle",    "Viele", "Kein",  "Keine", "Nicht",
        "Bis",    "Laut",    "Nachdem", "Während", "Obwohl",  "Damit", "Seine", "Ihre",  "Unsere",
        "Zudem",  "Bereits", "Jetzt",   "Heute",   "Gestern", "Morgen"}},
      {"fr",
       {"Le",    "La",    "Les",    "Un",      "Une",    "Des",      "Du",    "De",    "Au",
        "Aux",   "En",    "Dans",   "Sur",     "Pour",   "Par",      "Avec",  "Sans",  "Selon",
        "Chez",  "Entre", "Et",     "Ou",      "Mais",   "Donc",     "Car",   "Si",    "Quand",
        "Comme", "Ce",    "Cette",  "Ces",     "Cet",    "Il",       "Elle",  "Ils",   "Elles",
        "On",    "Nous",  "Vous",   "Je",      "Son",    "Sa",       "Ses",   "Leur",  "Leurs",
        "Après", "Avant", "Depuis", "Pendant", "Lors",   "Pourtant", "Ainsi", "Alors", "Aussi",
        "Pas",   "Plus",  "Tout",   "Tous",    "Toutes", "Cela",     "Ici"}},
      {"es", {"El",    "La",    "Los",   "Las",   "Un",  "Una",     "Unos",   "Unas",   "Al",
              "Del",   "De",    "En",    "Con",   "Por", "Para",    "Sin",    "Sobre",  "Según",
              "Desde", "Entre", "Tras",  "Y",     "O",   "Pero",    "Si",     "Cuando", "Como",
              "Este",  "Esta",  "Estos", "Estas", "Ese", "Esa",     "Su",     "Sus",    "Lo",
              "Se",    "Él",    "Ella",  "Ellos", "Ya",  "También", "Además", "Aunque", "Hoy",
              "No",    "Más",   "Todo",  "Todos"}},
      {"pt", {"O",    "A",       "Os",    "As",    "Um",  "Uma", "Do",  "Da",  "Dos",    "Das",
              "No",   "Na",      "Nos",   "Nas",   "Ao",  "Em",  "Com", "Por", "Para",   "Pelo",
              "Pela", "Segundo", "Desde", "Entre", "E",   "Ou",  "Mas", "Se",  "Quando", "Como",
              "Este", "Esta",    "Esse",  "Essa",  "Seu", "Sua", "Ele", "Ela", "Eles",   "Elas",
              "Já",   "Também",  "Além",  "Hoje",  "Não", "Mais"}},
      {"it", {"Il",  "Lo",    "La",    "I",      "Gli",  "Le",     "Un",     "Uno",     "Una",
              "Del", "Della", "Dei",   "Delle",  "Nel",  "Nella",  "Al",     "Alla",    "Di",
              "Da",  "In",    "Con",   "Su",     "Per",  "Tra",    "Fra",    "Secondo", "E",
              "O",   "Ma",    "Se",    "Quando", "Come", "Questo", "Questa", "Suo",     "Sua",
              "Lui", "Lei",   "Anche", "Già",    "Dopo", "Prima",  "Oggi",   "Non",     "Più"}},
      {"nl", {"De",  "Het",  "Een",  "In",   "Op",      "Met",  "Voor",  "Van",  "Bij",
              "Uit", "Naar", "Door", "Over", "Tot",     "En",   "Of",    "Maar", "Als",
              "Dat", "Die",  "Dit",  "Deze", "Zijn",    "Haar", "Hij",   "Zij",  "Ze",
              "We",  "Wij",  "Er",   "Ook",  "Volgens", "Na",   "Sinds", "Niet", "Nog"}},
      {"cs", {"V",  "Ve",   "Na",    "Z",     "Ze", "Do",   "Od",    "Po",   "Pro", "Při", "S",
              "Se", "K",    "Ke",    "O",     "A",  "I",    "Ale",   "Když", "Jak", "To",  "Ten",
              "Ta", "Tato", "Tento", "Podle", "Už", "Také", "Ještě", "Ani",  "Nebo"}},
  };
  const std::string_view primary = language.substr(0, language.find_first_of("-_"));
  for (const auto& [lang, words] : kWords)
    if (primary.size() == lang.size() &&
        std::equal(primary.begin(), primary.end(), lang.begin(),
                   [](char a, char b) { return std::tolower(static_cast<unsigned char>(a)) == b; }))
      return &words;
  return nullptr;
}

const std::set<std::string, std::less<>>& connectors() {
  static const std::set<std::string, std::less<>> kWords = {"of", "de", "van", "von", "der", "&"};
  return kWords;
}

bool is_name_word(std::string_view w) {
  if (w.empty()) return false;
  const auto c0 = static_cast<unsigned char>(w[0]);
  if (std::isupper(c0)) return true;
  if (c0 >= 0x80) {  // "Škoda", "Éric": a capital outside ASCII
    int32_t k = 0;
    UChar32 first;
    U8_NEXT(w.data(), k, static_cast<int32_t>(std::min<size_t>(w.size(), 8)), first);
    return first >= 0 && (u_isupper(first) || u_istitle(first));
  }
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

// Letters, digits and combining marks make words; everything else (typographic quotes and dashes
// included) is punctuation. Invalid UTF-8 is punctuation too.
bool is_word_char(UChar32 c) {
  return c >= 0 && (u_isalnum(c) || (U_GET_GC_MASK(c) & U_GC_M_MASK) != 0);
}

UChar32 code_point_at(std::string_view text, size_t i, size_t* next) {
  int32_t k = static_cast<int32_t>(i);
  UChar32 c;
  U8_NEXT(text.data(), k, static_cast<int32_t>(text.size()), c);
  *next = static_cast<size_t>(k);
  return c;
}

constexpr UChar32 kRightSingleQuote = 0x2019;  // the typographic apostrophe

bool abbreviation(std::string_view w) {
  static const std::set<std::string_view> kAbbreviations{
      "Mr",  "Mrs", "Ms",   "Dr",  "St",  "Jr",   "Sr",  "Prof", "Gen",  "Sen", "Rep", "Gov",
      "Lt",  "Col", "Capt", "Inc", "Co",  "Corp", "Ltd", "Bros", "No",   "vs",  "U.S", "U.K",
      "U.N", "E.U", "Mt",   "Ft",  "Ave", "Jan",  "Feb", "Aug",  "Sept", "Oct", "Nov", "Dec"};
  return kAbbreviations.count(w) > 0;
}

std::vector<Token> tokenize(std::string_view text) {
  std::vector<Token> out;
  if (text.size() > static_cast<size_t>(INT32_MAX)) text = text.substr(0, INT32_MAX);
  bool sentence_start = true;
  size_t i = 0;
  while (i < text.size()) {
    size_t next;
    const UChar32 c = code_point_at(text, i, &next);
    if (is_word_char(c)) {
      size_t j = next;
      while (j < text.size()) {
        size_t after;
        const UChar32 d = code_point_at(text, j, &after);
        if (is_word_char(d)) {
          j = after;
          continue;
        }
        // Keep inner hyphens, dots and apostrophes of names like "GPT-5", "Node.js", "O'Neil".
        size_t after2;
        if ((d == '-' || d == '.' || d == '\'' || d == kRightSingleQuote) && after < text.size() &&
            is_word_char(code_point_at(text, after, &after2))) {
          j = after;
          continue;
        }
        break;
      }
      std::string_view w = text.substr(i, j - i);
      // A possessive names its owner, then ends the name: "Meta's Mark Zuckerberg" is two.
      bool possessive = false;
      for (std::string_view suffix : {std::string_view("'s"), std::string_view("\u2019s")})
        if (w.size() > suffix.size() && w.ends_with(suffix)) {
          w.remove_suffix(suffix.size());
          possessive = true;
        }
      out.push_back({w, sentence_start});
      if (possessive) out.push_back({std::string_view(), false});
      sentence_start = false;
      i = j;
      continue;
    }
    switch (c) {
      case '.':
        // A title or a company's suffix ("Dr. Chen", "Acme Inc. shares") goes on; any other
        // full stop ends the sentence, and the name: "a new K9 Pro. Regulators said" is not
        // one name.
        if (!out.empty() && abbreviation(out.back().text)) break;
        [[fallthrough]];
      case '!':
      case '?':
      case '\n':
      case ':':
      case 0x2026:  // ellipsis
        sentence_start = true;
        if (!out.empty() && !out.back().text.empty()) out.push_back({std::string_view(), false});
        break;
      case '"':
      case 0x201C:
      case 0x201D:  // quotes set a name apart (Vireo "Fold" 3), and start no sentence
        if (!out.empty() && !out.back().text.empty()) out.push_back({std::string_view(), false});
        break;
      case ',':
      case ';':
      case '(':
      case ')':
      case '[':
      case ']':
      case '-':
      case '/':
      case '|':
      case '\'':
      case kRightSingleQuote:
      case 0x2018:
      case 0x2013:
      case 0x2014:                                   // quotes, en and em dash
        out.push_back({std::string_view(), false});  // breaks a name
        break;
      default:
        break;
    }
    i = next;
  }
  return out;
}

// Language facts collect() reads names with.
struct NameRules {
  const std::set<std::string, std::less<>>* function_words = nullptr;  // function_words()
  bool nouns_capitalised = false;  // German: "Der Ausbau" opens a sentence with a noun
};

// "l'Assemblée", "d'Apple", "dell'Unione": an elided article or preposition before a name is
// no part of it (a capital "L'Oréal" may be one, and stays).
std::string_view without_elision(std::string_view w) {
  for (std::string_view p :
       {"l'", "d'", "qu'", "dell'", "all'", "nell'", "sull'", "dall'", "l\u2019", "d\u2019",
        "qu\u2019", "dell\u2019", "all\u2019", "nell\u2019", "sull\u2019", "dall\u2019"})
    if (w.size() > p.size() && w.starts_with(p) && is_name_word(w.substr(p.size()))) {
      const auto c = static_cast<unsigned char>(w[p.size()]);
      if (std::isupper(c) || c >= 0x80) return w.substr(p.size());
    }
  return w;
}

void collect(std::string_view text, std::map<std::string, int>& counts,
             const NameRules& rules = {}) {
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
    // Another language's article or preposition opening the sentence ("La CNIL a ...").
    bool after_function_word = false;
    if (b == 0 && !parts.empty() && tokens[i].sentence_start && rules.function_words &&
        rules.function_words->count(parts[0])) {
      b = 1;
      after_function_word = true;
    }
    if (b < parts.size()) parts[b] = without_elision(parts[b]);
    size_t e = parts.size();
    while (e > b && (common.count(parts[e - 1]) || connectors().count(parts[e - 1]))) --e;
    if (e > b) {
      std::string name;
      for (size_t k = b; k < e; ++k) {
        if (!name.empty()) name += ' ';
        name += parts[k];
      }
      // In German a noun after the sentence's article ("Der Ausbau") is no more a name than
      // a capitalised first word is.
      const bool single_sentence_start =
          e - b == 1 && ((b == 0 && tokens[i].sentence_start) ||
                         (after_function_word && rules.nouns_capitalised));
      const bool has_digit_or_inner_upper = std::any_of(name.begin() + 1, name.end(), [](char c) {
        return std::isupper(static_cast<unsigned char>(c)) ||
               std::isdigit(static_cast<unsigned char>(c));
      });
      if (!single_sentence_start || has_digit_or_inner_upper) ++counts[name];
    }
    i = std::max(j, i + 1);
  }
}

/// True for a headline in Title Case ("Kestrel Mobile Recalls Phones Over Battery Fires"):
/// most of its longer words capitalised, so capitals there say nothing of names.
bool title_case(std::string_view title) {
  static const std::set<std::string_view> kSmallWords{"Over", "For",  "With", "And",  "Of",
                                                      "To",   "In",   "On",   "As",   "At",
                                                      "By",   "From", "Into", "After"};
  int words = 0;
  bool first = true;
  for (const auto& t : tokenize(title)) {
    if (t.text.empty()) continue;
    // A capitalised small word inside the headline ("... Recalls Phones Over Fires").
    if (!first && kSmallWords.count(t.text)) return true;
    first = false;
    if (t.text.size() < 4 || !std::isalpha(static_cast<unsigned char>(t.text[0]))) continue;
    if (!std::isupper(static_cast<unsigned char>(t.text[0]))) return false;  // "meets"
    ++words;
  }
  return words >= 3;
}

/// Whether `name` occurs in `text` as whole words.
bool has_words(std::string_view text, std::string_view name) {
  for (size_t at = text.find(name); at != std::string_view::npos; at = text.find(name, at + 1)) {
    const auto word = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; };
    const bool starts = at == 0 || !word(text[at - 1]);
    const bool ends = at + name.size() == text.size() || !word(text[at + name.size()]);
    if (starts && ends) return true;
  }
  return false;
}

}  // namespace

std::vector<Entity> extract_entities(const Article& article, size_t limit) {
  std::map<std::string, int> title_counts, body_counts;
  NameRules rules;
  rules.function_words = function_words(article.language);
  rules.nouns_capitalised = rules.function_words == function_words("de");
  for (const auto& s : article.sections) collect(s.text, body_counts, rules);
  // A headline opens with a name more often than with an article before one ("Le Monde
  // révèle ...", "Van Gogh Museum ..."): its words are kept, and the text's shorter names
  // fold into them below.
  const NameRules title_rules;
  if (!title_case(article.title)) {
    collect(article.title, title_counts, title_rules);
  } else {
    // A Title Case headline's runs of capitals are not names ("Kestrel Mobile Recalls
    // Phones"): it names what the text names, and what is a name by its own shape (iPhone, X2).
    std::map<std::string, int> runs;
    collect(article.title, runs, title_rules);
    for (const auto& [n, c] : runs)
      if (std::any_of(n.begin() + 1, n.end(),
                      [](char ch) {
                        return std::isupper(static_cast<unsigned char>(ch)) ||
                               std::isdigit(static_cast<unsigned char>(ch));
                      }) &&
          n.find(' ') == std::string::npos)
        title_counts[n] += c;
    // The longest of the text's names the headline holds: "Mark Zuckerberg", not also
    // "Zuckerberg" (folded into it below, it would count twice).
    std::vector<const std::string*> named;
    for (const auto& [n, c] : body_counts)
      if (has_words(article.title, n)) named.push_back(&n);
    for (const std::string* n : named)
      if (std::none_of(named.begin(), named.end(), [&](const std::string* longer) {
            return longer->size() > n->size() && has_words(*longer, *n);
          }))
        ++title_counts[*n];
  }

  std::map<std::string, Entity> by_name;
  auto add = [&](const std::string& name, int n, bool in_title) {
    auto& e = by_name[name];
    e.name = name;
    e.mentions += n;
    e.in_title = e.in_title || in_title;
  };
  for (const auto& [n, c] : title_counts) add(n, c, true);
  for (const auto& [n, c] : body_counts) add(n, c, false);

  // Fold a part into the longer name it abbreviates ("Zuckerberg" into "Mark Zuckerberg"). The
  // longer names are found through their words: comparing every pair is quadratic, and a page
  // of made-up names then costs minutes.
  std::vector<std::string> names;
  std::map<std::string_view, std::vector<const std::string*>> longnames_by_word;
  for (const auto& [n, e] : by_name) names.push_back(n);
  for (const auto& n : names) {
    if (n.find(' ') == std::string::npos) continue;
    for (size_t b = 0; b < n.size();) {
      const size_t e = std::min(n.find(' ', b), n.size());
      auto& list = longnames_by_word[std::string_view(n).substr(b, e - b)];
      if (list.empty() || list.back() != &n) list.push_back(&n);  // in name order, once each
      b = e + 1;
    }
  }
  for (const auto& shortname : names) {
    if (shortname.find(' ') != std::string::npos) continue;
    const auto found = longnames_by_word.find(shortname);
    if (found == longnames_by_word.end()) continue;
    const std::string* best = nullptr;
    for (const std::string* longname : found->second)
      if (!best || by_name[*longname].mentions > by_name[*best].mentions) best = longname;
    auto& target = by_name[*best];
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
