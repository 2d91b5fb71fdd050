#include "indexer/analyzer.h"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <cctype>
#include <nlohmann/json.hpp>
#include <set>
#include <thread>
#include <unordered_map>

#include "byline/index.h"
#include "common/datetime.h"
#include "common/domain.h"
#include "common/text.h"
#include "common/url_resolve.h"
#include "indexer/schema.h"
#include "indexer/simhash.h"
#include "indexer/word_break.h"

namespace byline {

namespace {
// Snowball's English stop word list.
constexpr const char* kStopWords[] = {
    "a",          "about",   "above",     "after",   "again",    "against",    "all",    "am",
    "an",         "and",     "any",       "are",     "aren't",   "as",         "at",     "be",
    "because",    "been",    "before",    "being",   "below",    "between",    "both",   "but",
    "by",         "can't",   "cannot",    "could",   "couldn't", "did",        "didn't", "do",
    "does",       "doesn't", "doing",     "don't",   "down",     "during",     "each",   "few",
    "for",        "from",    "further",   "had",     "hadn't",   "has",        "hasn't", "have",
    "haven't",    "having",  "he",        "he'd",    "he'll",    "he's",       "her",    "here",
    "here's",     "hers",    "herself",   "him",     "himself",  "his",        "how",    "how's",
    "i",          "i'd",     "i'll",      "i'm",     "i've",     "if",         "in",     "into",
    "is",         "isn't",   "it",        "it's",    "its",      "itself",     "let's",  "me",
    "more",       "most",    "mustn't",   "my",      "myself",   "no",         "nor",    "not",
    "of",         "off",     "on",        "once",    "only",     "or",         "other",  "ought",
    "our",        "ours",    "ourselves", "out",     "over",     "own",        "same",   "shan't",
    "she",        "she'd",   "she'll",    "she's",   "should",   "shouldn't",  "so",     "some",
    "such",       "than",    "that",      "that's",  "the",      "their",      "theirs", "them",
    "themselves", "then",    "there",     "there's", "these",    "they",       "they'd", "they'll",
    "they're",    "they've", "this",      "those",   "through",  "to",         "too",    "under",
    "until",      "up",      "very",      "was",     "wasn't",   "we",         "we'd",   "we'll",
    "we're",      "we've",   "were",      "weren't", "what",     "what's",     "when",   "when's",
    "where",      "where's", "which",     "while",   "who",      "who's",      "whom",   "why",
    "why's",      "with",    "won't",     "would",   "wouldn't", "you",        "you'd",  "you'll",
    "you're",     "you've",  "your",      "yours",   "yourself", "yourselves", "said",   "says",
    "also",       "will",    "just",      "one",     "two",      "new"};

// The commonest function words of the other languages byline meets most: articles, pronouns,
// prepositions, conjunctions and auxiliaries, as they are written in running text (lower
// case). A word left out is only a term more; a word wrongly in would be unsearchable by stem.
constexpr const char* kGermanStop[] = {
    "aber", "als",   "am",    "an",     "auch",   "auf",    "aus",    "bei",     "bin",    "bis",
    "bist", "da",    "damit", "dann",   "das",    "dass",   "dem",    "den",     "denn",   "der",
    "des",  "die",   "dies",  "diese",  "diesem", "diesen", "dieser", "dieses",  "doch",   "dort",
    "du",   "durch", "ein",   "eine",   "einem",  "einen",  "einer",  "eines",   "er",     "es",
    "euch", "für",   "hat",   "hatte",  "hatten", "hier",   "ich",    "ihm",     "ihn",    "ihnen",
    "ihr",  "ihre",  "ihrem", "ihren",  "ihrer",  "im",     "in",     "ist",     "ja",     "jetzt",
    "kann", "kein",  "keine", "man",    "mit",    "nach",   "nicht",  "noch",    "nun",    "nur",
    "ob",   "oder",  "ohne",  "sehr",   "sein",   "seine",  "seinem", "seinen",  "seiner", "sich",
    "sie",  "sind",  "so",    "soll",   "sowie",  "über",   "um",     "und",     "uns",    "unter",
    "vom",  "von",   "vor",   "war",    "waren",  "was",    "weil",   "wenn",    "werden", "wie",
    "wir",  "wird",  "wurde", "wurden", "zu",     "zum",    "zur",    "zwischen"};
constexpr const char* kFrenchStop[] = {
    "à",    "au",    "aux",   "avec",  "ce",    "ces", "cet",  "cette", "dans",  "de",   "des",
    "du",   "elle",  "elles", "en",    "est",   "et",  "été",  "être",  "il",    "ils",  "je",
    "la",   "le",    "les",   "leur",  "leurs", "lui", "mais", "me",    "même",  "mes",  "moi",
    "mon",  "ne",    "nos",   "notre", "nous",  "on",  "ont",  "ou",    "où",    "par",  "pas",
    "pour", "qu",    "que",   "qui",   "sa",    "se",  "ses",  "son",   "sont",  "sur",  "ta",
    "te",   "tes",   "toi",   "ton",   "tu",    "un",  "une",  "vos",   "votre", "vous", "y",
    "c",    "d",     "j",     "l",     "m",     "n",   "s",    "t",     "était", "a",    "avait",
    "sera", "aussi", "plus",  "comme"};
constexpr const char* kSpanishStop[] = {
    "a",    "al",    "algo",  "como",  "con",   "de",  "del", "desde",   "donde", "el",
    "ella", "ellas", "ellos", "en",    "entre", "era", "es",  "esa",     "ese",   "eso",
    "esta", "está",  "este",  "esto",  "fue",   "ha",  "han", "hay",     "la",    "las",
    "le",   "les",   "lo",    "los",   "más",   "me",  "mi",  "muy",     "ni",    "no",
    "nos",  "o",     "para",  "pero",  "por",   "que", "qué", "se",      "sea",   "ser",
    "si",   "sí",    "sin",   "sobre", "son",   "su",  "sus", "también", "te",    "tu",
    "un",   "una",   "uno",   "unos",  "y",     "ya",  "yo",  "fueron",  "sido",  "según"};
constexpr const char* kItalianStop[] = {
    "a",      "ad",     "al",     "alla",  "alle",  "anche", "che",  "chi", "con",  "da",
    "dal",    "dalla",  "dei",    "del",   "della", "delle", "di",   "e",   "è",    "gli",
    "ha",     "hanno",  "i",      "il",    "in",    "la",    "le",   "lo",  "ma",   "ne",
    "nel",    "nella",  "non",    "o",     "per",   "più",   "se",   "si",  "sono", "su",
    "sua",    "sue",    "suo",    "sul",   "sulla", "tra",   "un",   "una", "uno",  "come",
    "questo", "questa", "essere", "stato", "era",   "fra",   "loro", "lui", "lei",  "noi",
    "voi",    "io",     "tu",     "l",     "un'",   "dell"};
constexpr const char* kPortugueseStop[] = {
    "a",    "ao",   "aos",   "as",   "à",     "com",  "como", "da",    "das",  "de",     "do",
    "dos",  "e",    "é",     "ela",  "ele",   "eles", "em",   "entre", "era",  "essa",   "esse",
    "esta", "este", "eu",    "foi",  "há",    "isso", "já",   "lhe",   "mais", "mas",    "na",
    "nas",  "no",   "nos",   "não",  "o",     "os",   "ou",   "para",  "pela", "pelo",   "por",
    "que",  "se",   "sem",   "ser",  "seu",   "seus", "sua",  "suas",  "são",  "também", "um",
    "uma",  "nós",  "foram", "está", "estão", "ter",  "tem",  "têm"};
constexpr const char* kDutchStop[] = {
    "aan",  "al",   "als",  "bij",  "dan", "dat",  "de",     "der",   "deze",  "die",    "dit",
    "door", "een",  "en",   "er",   "had", "heb",  "hebben", "heeft", "het",   "hij",    "hun",
    "ik",   "in",   "is",   "je",   "kan", "maar", "me",     "met",   "mijn",  "na",     "naar",
    "niet", "nog",  "nu",   "of",   "om",  "ons",  "ook",    "op",    "over",  "te",     "tot",
    "uit",  "van",  "voor", "was",  "wat", "we",   "werd",   "wij",   "wordt", "worden", "zal",
    "ze",   "zich", "zij",  "zijn", "zo",  "zou"};
constexpr const char* kSwedishStop[] = {
    "alla", "att",  "av",   "de",   "dem",    "den",  "denna", "det",  "detta", "du",    "efter",
    "en",   "ett",  "från", "för",  "har",    "hade", "han",   "hans", "har",   "henne", "hon",
    "i",    "inte", "jag",  "kan",  "man",    "med",  "men",   "mot",  "och",   "om",    "på",
    "sig",  "sin",  "sina", "sitt", "skulle", "som",  "så",    "till", "under", "upp",   "ut",
    "var",  "vi",   "vid",  "är",   "åt",     "över", "blir",  "blev"};
constexpr const char* kDanishNorwegianStop[] = {
    "af",  "at",    "av",   "blev",  "ble",   "de",    "dem",  "den",  "denne", "der",
    "det", "dette", "du",   "efter", "etter", "en",    "et",   "ett",  "fra",   "for",
    "før", "han",   "hans", "har",   "hun",   "i",     "ikke", "jeg",  "kan",   "med",
    "men", "mod",   "mot",  "nå",    "når",   "og",    "om",   "op",   "opp",   "på",
    "seg", "sig",   "sin",  "sine",  "sitt",  "skal",  "som",  "så",   "til",   "ud",
    "ut",  "var",   "vi",   "vil",   "være",  "været", "er",   "eller"};
constexpr const char* kRussianStop[] = {
    "а",     "без",     "бы",      "был",     "была",   "были", "было", "быть",  "в",     "вы",
    "да",    "для",     "до",      "его",     "её",     "ее",   "если", "есть",  "же",    "за",
    "и",     "из",      "или",     "им",      "их",     "к",    "как",  "когда", "ли",    "мы",
    "на",    "над",     "не",      "нет",     "но",     "о",    "об",   "он",    "она",   "они",
    "оно",   "от",      "по",      "под",     "при",    "с",    "со",   "так",   "также", "то",
    "того",  "только",  "у",       "уже",     "что",    "это",  "этот", "я",     "этой",  "этих",
    "чтобы", "который", "которые", "которая", "которых"};
constexpr const char* kFinnishStop[] = {
    "ei", "että",  "he",   "hän",   "ja",   "jo",  "joka", "jos",    "kanssa", "kuin",  "kun",
    "me", "mutta", "myös", "ne",    "niin", "nyt", "oli",  "olivat", "olla",   "on",    "ovat",
    "se", "sekä",  "sen",  "siitä", "sitä", "tai", "tämä", "te",     "vain",   "vielä", "voi"};

// Snowball's languages by ISO 639-1 code, as Xapian::Stem names them.
constexpr std::pair<std::string_view, std::string_view> kSnowball[] = {
    {"ar", "arabic"},    {"hy", "armenian"},  {"eu", "basque"},     {"ca", "catalan"},
    {"da", "danish"},    {"nl", "dutch"},     {"en", "english"},    {"fi", "finnish"},
    {"fr", "french"},    {"de", "german"},    {"hu", "hungarian"},  {"id", "indonesian"},
    {"ga", "irish"},     {"it", "italian"},   {"lt", "lithuanian"}, {"ne", "nepali"},
    {"no", "norwegian"}, {"nb", "norwegian"}, {"nn", "norwegian"},  {"pt", "portuguese"},
    {"ro", "romanian"},  {"ru", "russian"},   {"es", "spanish"},    {"sv", "swedish"},
    {"ta", "tamil"},     {"tr", "turkish"}};

}  // namespace

std::string stem_language(std::string_view language, std::string_view mode) {
  if (mode != schema::kStemByLanguage) return std::string(mode);
  const std::string primary = to_lower_ascii(language.substr(0, language.find('-')));
  for (const auto& [code, name] : kSnowball)
    if (primary == code) return std::string(name);
  return std::string(schema::kStemLanguage);
}

const Xapian::Stopper* stopper_for(std::string_view stem_language) {
  // Made once, on first use, and destroyed at exit (a pointer to each is handed out).
  static const Xapian::SimpleStopper german(std::begin(kGermanStop), std::end(kGermanStop));
  static const Xapian::SimpleStopper french(std::begin(kFrenchStop), std::end(kFrenchStop));
  static const Xapian::SimpleStopper spanish(std::begin(kSpanishStop), std::end(kSpanishStop));
  static const Xapian::SimpleStopper italian(std::begin(kItalianStop), std::end(kItalianStop));
  static const Xapian::SimpleStopper portuguese(std::begin(kPortugueseStop),
                                                std::end(kPortugueseStop));
  static const Xapian::SimpleStopper dutch(std::begin(kDutchStop), std::end(kDutchStop));
  static const Xapian::SimpleStopper swedish(std::begin(kSwedishStop), std::end(kSwedishStop));
  static const Xapian::SimpleStopper nordic(std::begin(kDanishNorwegianStop),
                                            std::end(kDanishNorwegianStop));
  static const Xapian::SimpleStopper russian(std::begin(kRussianStop), std::end(kRussianStop));
  static const Xapian::SimpleStopper finnish(std::begin(kFinnishStop), std::end(kFinnishStop));
  static const std::unordered_map<std::string_view, const Xapian::Stopper*> kStoppers{
      {"english", &english_stopper()},
      {"german", &german},
      {"french", &french},
      {"spanish", &spanish},
      {"italian", &italian},
      {"portuguese", &portuguese},
      {"dutch", &dutch},
      {"swedish", &swedish},
      {"danish", &nordic},
      {"norwegian", &nordic},
      {"russian", &russian},
      {"finnish", &finnish}};
  auto it = kStoppers.find(stem_language);
  return it == kStoppers.end() ? nullptr : it->second;
}

std::string bounded_term(std::string_view prefix, std::string_view value) {
  if (prefix.size() + value.size() <= schema::kMaxTermBytes)
    return std::string(prefix) + std::string(value);
  // Keep a readable head and make the tail unique.
  static const char kHex[] = "0123456789abcdef";
  uint64_t h = fnv1a64(value);
  std::string tail;
  for (int i = 0; i < 16; ++i, h >>= 4) tail += kHex[h & 0xF];
  return std::string(prefix) + std::string(value.substr(0, 200)) + "#" + tail;
}

Xapian::Query language_query(std::string_view language) {
  const std::string tag(language);
  const size_t dash = tag.find('-');
  const std::string primary = tag.substr(0, dash);
  const std::string rest = dash == std::string::npos ? "" : tag.substr(dash);
  // Codes that name one language: a withdrawn code and its current one (stories indexed before
  // tags were brought up to date keep it), and Norwegian's and Filipino's codes.
  static const std::vector<std::vector<std::string_view>> kSame{
      {"he", "iw"}, {"id", "in"},       {"yi", "ji"}, {"jv", "jw"},
      {"ro", "mo"}, {"no", "nb", "nn"}, {"tl", "fil"}};
  std::vector<std::string_view> primaries{primary};
  for (const auto& group : kSame)
    if (std::find(group.begin(), group.end(), primary) != group.end()) primaries = group;
  // Chinese is tagged by script or by region, each meaning the other: Simplified is written in
  // mainland China, Singapore and Malaysia, Traditional in Taiwan, Hong Kong and Macau.
  std::vector<std::string> rests{rest};
  static const std::vector<std::pair<std::string_view, std::vector<std::string_view>>> kScripts{
      {"-hans", {"-cn", "-sg", "-my"}}, {"-hant", {"-tw", "-hk", "-mo"}}};
  if (primary == "zh")
    for (const auto& [script, regions] : kScripts) {
      if (rest == script)
        for (std::string_view region : regions) rests.emplace_back(region);
      if (std::find(regions.begin(), regions.end(), rest) != regions.end())
        rests.push_back(std::string(script) + rest);
    }
  std::vector<Xapian::Query> subs;
  for (std::string_view p : primaries)
    for (const std::string& r : rests) {
      // The tag itself and every tag under it: "zh-hant" covers "zh-hant-tw", "en" "en-gb".
      const std::string base = std::string(p) + r;
      subs.emplace_back(bounded_term(schema::kPrefixLanguage, base));
      subs.emplace_back(Xapian::Query::OP_WILDCARD,
                        std::string(schema::kPrefixLanguage) + base + "-", 100,
                        Xapian::Query::WILDCARD_LIMIT_MOST_FREQUENT);
    }
  return Xapian::Query(Xapian::Query::OP_OR, subs.begin(), subs.end());
}

const Xapian::SimpleStopper& english_stopper() {
  static const Xapian::SimpleStopper stopper(std::begin(kStopWords), std::end(kStopWords));
  return stopper;
}

namespace {
// Snowball stemming is a pure function of the word, and news text repeats its words: a memo
// per thread and language (a Snowball stemmer must not be shared between threads) saves most
// of the stemmer's work, a fifth of analysing an article.
class MemoStem : public Xapian::StemImplementation {
 public:
  explicit MemoStem(std::string language) : language_(std::move(language)) {}
  std::string operator()(const std::string& word) override {
    // Found once per thread that uses it (the map's entries stay where they are).
    if (!memo_ || owner_ != std::this_thread::get_id()) {
      owner_ = std::this_thread::get_id();
      thread_local std::unordered_map<std::string, Memo> memos;
      auto m = memos.find(language_);
      if (m == memos.end()) m = memos.emplace(language_, Memo{Xapian::Stem(language_), {}}).first;
      memo_ = &m->second;
    }
    Memo& memo = *memo_;
    if (auto it = memo.stems.find(word); it != memo.stems.end()) return it->second;
    std::string stemmed = memo.stem(word);
    if (memo.stems.size() >= kMemoWords) memo.stems.clear();  // bounded: hostile text is endless
    memo.stems.emplace(word, stemmed);
    return stemmed;
  }
  std::string get_description() const override { return language_ + " (memoised)"; }
  static constexpr size_t kMemoWords = 50000;

 private:
  struct Memo {
    Xapian::Stem stem;
    std::unordered_map<std::string, std::string> stems;
  };
  std::string language_;
  Memo* memo_ = nullptr;  // this thread's memo of language_
  std::thread::id owner_;
};
}  // namespace

Xapian::Stem stemmer_for(std::string_view stem_language) {
  return Xapian::Stem(new MemoStem(std::string(stem_language)));
}

Xapian::Stem index_stemmer() { return stemmer_for(schema::kStemLanguage); }

std::string url_term(std::string_view url) { return bounded_term("U", url); }

std::string alias_term(std::string_view url) { return bounded_term(schema::kPrefixAliasUrl, url); }

std::string url_lookup_form(std::string_view url) {
  std::string canonical = canonical_for_id(url);
  const size_t scheme = canonical.find("://");
  if (scheme == std::string::npos) return canonical;
  const size_t host = scheme + 3;
  const size_t path = canonical.find_first_of("/?", host);
  const std::string_view authority = std::string_view(canonical).substr(host, path - host);
  for (std::string_view port : {":80", ":443"})
    if (authority.ends_with(port) && canonical.starts_with(port == ":80" ? "http:" : "https:"))
      return canonical.substr(0, path - port.size()) + canonical.substr(path);
  return canonical;
}

std::string lookup_url_term(std::string_view url) {
  return bounded_term(schema::kPrefixLookupUrl, url_lookup_form(url));
}

std::vector<std::string> lookup_terms(std::string_view id_or_url) {
  std::vector<std::string> terms{"Q" + std::string(id_or_url), url_term(id_or_url),
                                 alias_term(id_or_url)};
  // A post of a page of many (FeedEntry::anchored) before the page itself.
  if (id_or_url.find('#') != std::string_view::npos)
    terms.push_back("Q" + anchored_article_id(id_or_url));
  terms.push_back("Q" + article_id_for(id_or_url));
  // The URL as stored, however it was written here: a record keeps its own id, so its page is
  // known by its URL alone, and a host's case, a fragment, tracking parameters or the default
  // port missed it (and `related` fetched the page from the web instead).
  if (id_or_url.find("://") != std::string_view::npos) {
    const std::string canonical = canonical_for_id(id_or_url);
    const std::string lookup = url_lookup_form(id_or_url);
    std::vector<std::string> urls{canonical};
    if (lookup != canonical) urls.push_back(lookup);
    for (const std::string& u : urls) {
      if (u == id_or_url) continue;
      terms.push_back(url_term(u));
      terms.push_back(alias_term(u));
      if (u != canonical) terms.push_back("Q" + article_id_for(u));
    }
    // A record's URL written in another form (HTTPS://Host/p#x) is known by its lookup form.
    terms.push_back(lookup_url_term(id_or_url));
  }
  return terms;
}

std::vector<std::string> near_lookup_terms(std::string_view url) {
  if (url.find("://") == std::string_view::npos) return {};
  const std::string exact = url_lookup_form(url);
  std::string base = exact;
  // "/news/./slug", "/a/../b": as a browser requests them.
  if (std::string resolved = resolve_reference(base, base); !resolved.empty()) base = resolved;
  // Parameters that share buttons and newsletters add; canonical_for_id keeps them, as ids
  // depend on it, but no page is another for them.
  if (const size_t q = base.find('?'); q != std::string::npos) {
    static constexpr std::string_view kShare[] = {
        "ref",  "ref_src", "ref_url", "mc_cid", "mc_eid", "igshid", "cmpid", "ocid",
        "smid", "s_cid",   "mkt_tok", "_hsenc", "_hsmi",  "icid",   "ncid",  "sr_share"};
    std::string kept;
    for (const auto& param : split(std::string_view(base).substr(q + 1), '&')) {
      const std::string_view name = std::string_view(param).substr(0, param.find('='));
      if (std::find(std::begin(kShare), std::end(kShare), name) != std::end(kShare)) continue;
      kept += (kept.empty() ? "?" : "&") + param;
    }
    base = base.substr(0, q) + kept;
  }
  std::vector<std::string> forms;
  const size_t host = base.find("://") + 3;
  for (const bool swap_scheme : {false, true}) {
    std::string f = base;
    if (swap_scheme) {
      if (f.starts_with("http://"))
        f.insert(4, "s");
      else if (f.starts_with("https://"))
        f.erase(4, 1);
      else
        continue;
    }
    forms.push_back(f);
    // The trailing slash of a path (not of the root), added or taken off.
    const size_t path = f.find('/', host);
    const size_t query = f.find('?');
    const size_t end = query == std::string::npos ? f.size() : query;
    if (path == std::string::npos || end <= path + 1) continue;
    forms.push_back(f[end - 1] == '/' ? f.substr(0, end - 1) + f.substr(end)
                                      : f.substr(0, end) + "/" + f.substr(end));
  }
  std::vector<std::string> terms;
  for (const std::string& f : forms) {
    if (f == exact) continue;  // lookup_terms() tried it
    terms.push_back(url_term(f));
    terms.push_back(alias_term(f));
    terms.push_back(lookup_url_term(f));
    terms.push_back("Q" + article_id_for(f));
  }
  return terms;
}

std::vector<std::string> story_url_terms(const Article& article) {
  std::vector<std::string> terms;
  auto add = [&terms](std::string_view url) {
    if (url.empty()) return;
    terms.push_back(url_term(url));
    terms.push_back(alias_term(url));
  };
  add(article.url);
  for (const auto& u : article.alias_urls) add(u);
  return terms;
}

std::string stored_record(const Article& a, const std::vector<Entity>& entities) {
  using nlohmann::ordered_json;
  auto str = [](std::string_view v) { return ordered_json(sanitize_utf8(v)); };
  auto date = [](const std::optional<int64_t>& t) {
    return t ? ordered_json(format_iso8601(*t)) : ordered_json(nullptr);
  };
  auto strings = [&](const std::vector<std::string>& v) {
    ordered_json arr = ordered_json::array();
    for (const auto& x : v) arr.push_back(str(x));
    return arr;
  };
  // Result fields first (schemas/index.md): a reader of hits stops before the sections.
  ordered_json j = ordered_json::object();
  j["id"] = str(a.id);
  j["title"] = str(a.title);
  j["url"] = str(a.url);
  j["source"] = str(a.source());
  j["published"] = date(a.published);
  ordered_json names = ordered_json::array();
  for (const auto& e : entities) names.push_back(str(e.name));
  j["entities"] = std::move(names);
  // The rest of the Article record in name order, leaving out empty and default fields (the
  // record is compressed on the writer's thread; readers default them, article_from_json). Not
  // `body`, which is the sections joined and would double every document's text.
  auto put = [&](const char* key, std::string_view v) {
    if (std::string clean = sanitize_utf8(v); !clean.empty()) j[key] = std::move(clean);
  };
  if (a.ai_generated) j["ai_generated"] = true;
  if (!a.alias_urls.empty()) j["alias_urls"] = strings(a.alias_urls);
  put("author", a.author);
  put("byline", a.byline);
  put("description", a.description);
  put("feed_url", a.feed_url);
  if (!a.other_feed_urls.empty()) j["other_feed_urls"] = strings(a.other_feed_urls);
  if (!a.flags.empty()) j["flags"] = strings(a.flags);
  put("image", a.image);
  put("language", a.language);
  if (a.published) put("published_source", a.published_source);
  if (a.reading_time_minutes != 0) j["reading_time_minutes"] = a.reading_time_minutes;
  if (!a.sections.empty()) {
    ordered_json sections = ordered_json::array();
    for (const auto& s : a.sections) {
      ordered_json o = ordered_json::object();
      o["heading"] = str(s.heading);
      o["kind"] = std::string(to_string(s.kind));
      o["text"] = str(s.text);
      sections.push_back(std::move(o));
    }
    j["sections"] = std::move(sections);
  }
  put("site_name", a.site_name);
  if (!a.tags.empty()) j["tags"] = strings(a.tags);
  if (a.updated) j["updated"] = date(a.updated);
  return j.dump(-1, ' ', false, ordered_json::error_handler_t::replace);
}

std::string to_nfc(std::string_view text) {
  if (std::all_of(text.begin(), text.end(),
                  [](char c) { return static_cast<unsigned char>(c) < 0x80; }))
    return std::string(text);  // ASCII is NFC
  UErrorCode err = U_ZERO_ERROR;
  const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(err);
  if (U_FAILURE(err)) return std::string(text);
  const icu::UnicodeString u = icu::UnicodeString::fromUTF8(
      icu::StringPiece(text.data(), static_cast<int32_t>(text.size())));
  if (nfc->quickCheck(u, err) == UNORM_YES && U_SUCCESS(err)) return std::string(text);
  err = U_ZERO_ERROR;
  const icu::UnicodeString out = nfc->normalize(u, err);
  if (U_FAILURE(err)) return std::string(text);
  std::string s;
  out.toUTF8String(s);
  return s;
}

namespace {
// Greek letters with tonos or dialytika, U+0386..U+03CE, as their plain letters (0: none), and
// final sigma as σ: Greek capitals carry no accents and no final form.
// Hebrew cantillation marks and vowel points (niqqud), which everyday Hebrew does without: not
// the letters, maqaf (U+05BE), paseq (U+05C0), sof pasuq (U+05C3) or nun hafukha (U+05C6).
bool is_hebrew_mark(uint32_t cp) {
  return (cp >= 0x591 && cp <= 0x5BD) || cp == 0x5BF || cp == 0x5C1 || cp == 0x5C2 || cp == 0x5C4 ||
         cp == 0x5C5 || cp == 0x5C7;
}

uint32_t plain_greek(uint32_t cp) {
  static constexpr uint16_t kPlain[] = {
      0x391, 0,     0x395, 0x397, 0x399, 0, 0x39F, 0,     0x3A5, 0x3A9,  // 386-38F
      0x3B9, 0,     0,     0,     0,     0, 0,     0,     0,     0,      // 390-399
      0,     0,     0,     0,     0,     0, 0,     0,     0,     0,      // 39A-3A3
      0,     0,     0,     0,     0,     0, 0x399, 0x3A5, 0x3B1, 0x3B5,  // 3A4-3AD
      0x3B7, 0x3B9, 0x3C5, 0,     0,     0, 0,     0,     0,     0,      // 3AE-3B7
      0,     0,     0,     0,     0,     0, 0,     0,     0,     0,      // 3B8-3C1
      0x3C3, 0,     0,     0,     0,     0, 0,     0,     0x3B9, 0x3C5,  // 3C2-3CB
      0x3BF, 0x3C5, 0x3C9};                                              // 3CC-3CE
  if (cp < 0x386 || cp > 0x3CE) return 0;
  return kPlain[cp - 0x386];
}
}  // namespace

std::string to_index_form(std::string_view text, Folding folding) {
  if (folding == Folding::kNfc) return to_nfc(text);
  if (std::all_of(text.begin(), text.end(),
                  [](char c) { return static_cast<unsigned char>(c) < 0x80; }))
    return std::string(text);
  UErrorCode err = U_ZERO_ERROR;
  const icu::Normalizer2* nfkc = icu::Normalizer2::getNFKCInstance(err);
  std::string s;
  if (U_SUCCESS(err)) {
    const icu::UnicodeString u = icu::UnicodeString::fromUTF8(
        icu::StringPiece(text.data(), static_cast<int32_t>(text.size())));
    if (nfkc->quickCheck(u, err) == UNORM_YES && U_SUCCESS(err)) {
      s = std::string(text);
    } else {
      // A symbol or number NFKC spells out in letters or digits ("™" is "TM", "²" is "2", "½"
      // is "1⁄2", "㈱" is "(株)") is a word of its own: "Widget™" was "widgettm", found by no
      // "widget", and "1½" was "11⁄2".
      icu::UnicodeString spaced;
      for (int32_t i = 0; i < u.length();) {
        const UChar32 cp = u.char32At(i);
        i += U16_LENGTH(cp);
        const int8_t type = u_charType(cp);
        const bool apart = cp >= 0x80 &&
                           (type == U_OTHER_SYMBOL || type == U_MATH_SYMBOL ||
                            type == U_MODIFIER_SYMBOL || type == U_OTHER_NUMBER) &&
                           u_getIntPropertyValue(cp, UCHAR_NFKC_QUICK_CHECK) != UNORM_YES;
        if (apart) spaced.append(static_cast<UChar>(' '));
        spaced.append(cp);
        if (apart) spaced.append(static_cast<UChar>(' '));
      }
      err = U_ZERO_ERROR;
      const icu::UnicodeString out = nfkc->normalize(spaced, err);
      if (U_SUCCESS(err))
        out.toUTF8String(s);
      else
        s = std::string(text);
    }
  } else {
    s = std::string(text);
  }
  // Greek is written 0xCE/0xCF then a continuation byte, ı (U+0131) 0xC4 0xB1, ß (U+00DF)
  // 0xC3 0x9F and ẞ (U+1E9E) 0xE1 0xBA 0x9E.
  const bool letters = folding >= Folding::kLetters;
  // ё (U+0451) 0xD1 0x91, Ё (U+0401) 0xD0 0x81; Hebrew marks (U+0591-U+05C7) 0xD6 or 0xD7 first.
  const bool marks = folding >= Folding::kMarks;
  if (s.find('\xCE') == std::string::npos && s.find('\xCF') == std::string::npos &&
      (!letters ||
       (s.find("\xC4\xB1") == std::string::npos && s.find("\xC3\x9F") == std::string::npos &&
        s.find("\xE1\xBA\x9E") == std::string::npos)) &&
      (!marks ||
       (s.find("\xD1\x91") == std::string::npos && s.find("\xD0\x81") == std::string::npos &&
        s.find('\xD6') == std::string::npos && s.find('\xD7') == std::string::npos)))
    return s;
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    const size_t at = i;
    const uint32_t cp = next_code_point(s, i);
    if (const uint32_t plain = plain_greek(cp))
      append_utf8(out, plain);
    else if (cp == 0x131 && letters)
      out += 'i';
    else if (cp == 0xDF && letters)
      out += "ss";
    else if (cp == 0x1E9E && letters)
      out += "SS";
    else if (cp == 0x451 && marks)
      append_utf8(out, 0x435);  // е
    else if (cp == 0x401 && marks)
      append_utf8(out, 0x415);  // Е
    else if (marks && is_hebrew_mark(cp))
      continue;
    else
      out.append(s, at, i - at);
  }
  return out;
}

bool index_has_feature(const Xapian::Database& db, std::string_view feature) {
  for (const std::string& f : split(db.get_metadata(std::string(schema::kMetaFeatures)), ','))
    if (trim(f) == feature) return true;
  return false;
}

Folding index_folding(const Xapian::Database& db) {
  if (!index_has_feature(db, schema::kFeatureFolded)) return Folding::kNfc;
  if (!index_has_feature(db, schema::kFeatureLetters)) return Folding::kNfkc;
  if (!index_has_feature(db, schema::kFeatureMarks)) return Folding::kLetters;
  return Folding::kMarks;
}

namespace {
// Words of a body below which a SimHash calls unrelated texts copies, and below which not even
// the same words make one (a title and "Read more at Example News" are many stories).
constexpr size_t kMinSimHashWords = 30;
constexpr size_t kMinExactCopyWords = 8;

// A hash of a title and a text as words: case, punctuation and spacing aside.
uint64_t exact_copy_hash(std::string_view title, std::string_view body) {
  std::string words = "exact\n";
  auto add = [&words](std::string_view text) {
    bool gap = false;
    for (char c : text) {
      const auto u = static_cast<unsigned char>(c);
      if (u >= 0x80 || std::isalnum(u)) {
        if (gap && words.back() != '\n') words += ' ';
        words += static_cast<char>(std::tolower(u));
        gap = false;
      } else {
        gap = true;
      }
    }
    words += '\n';
  };
  add(title);
  add(body);
  return fnv1a64(words);
}
}  // namespace

namespace {
// A Chinese or Japanese n-gram that is grammar rather than a subject: one with kana of the
// grammar (hiragana: "てい", "ると", "を見") or a Chinese function character ("的人", "可以",
// "样的"). As ranking terms they made every article of the language related to every other.
bool grammatical_ngram(std::string_view word) {
  // Characters that are grammar alone (particles, pronouns, "this", "very"), and common pairs of
  // others that are ("可以" can, "已经" already): not 地, 能, 会 or 可, which open 地震
  // (earthquake), 能源 (energy) and 会社 (company).
  static const std::u32string kFunction =
      U"的了着过吗呢吧啊么之其这那是在和与及或也就都而被把让从向给很又还但并如所则该此每各些样什怎"
      U"我你他"
      U"她它们个";
  static const std::set<std::u32string> kPairs{U"可以", U"因为", U"但是", U"如果", U"已经",
                                               U"没有", U"自己", U"一个", U"不是", U"可能"};
  std::u32string cps;
  for (size_t i = 0; i < word.size();) {
    const uint32_t cp = next_code_point(word, i);
    if (cp >= 0x3040 && cp <= 0x309F) return true;  // hiragana
    if (kFunction.find(static_cast<char32_t>(cp)) != std::u32string::npos) return true;
    if (cp < 0x2E80) return false;  // a word of another script
    cps += static_cast<char32_t>(cp);
  }
  return kPairs.count(cps) > 0;
}
}  // namespace

char rank_term_kind(std::string_view term) {
  if (term.size() < 3) return 0;
  const auto c = static_cast<unsigned char>(term[1]);
  if (term[0] == 'Z') {
    if (std::islower(c) || std::isdigit(c) || (c >= 0x80 && !grammatical_ngram(term.substr(1))))
      return 'w';
    if (term[1] == 'S') return term.size() > 2 && grammatical_ngram(term.substr(2)) ? 0 : 't';
    return 0;  // other prefixed fields (author) say nothing about the story
  }
  if (term[0] == 'X' && term[1] == 'E') return 'e';
  return 0;
}

namespace {
// The words `text` writes with hyphens inside, each joined ("e-mail" is "email", "Wi-Fi"
// "WiFi", "COVID-19" "COVID19"), space-separated: the same word is written both ways, and a
// query of one spelling found only its own.
std::string hyphen_joins(std::string_view text) {
  std::string out;
  if (text.find('-') == std::string_view::npos &&
      text.find("\xE2\x80\x90") == std::string_view::npos &&
      text.find("\xE2\x80\x91") == std::string_view::npos)
    return out;
  std::string joined;
  bool hyphenated = false;
  const Xapian::Utf8Iterator end;
  for (Xapian::Utf8Iterator it(text.data(), text.size());; ++it) {
    if (it != end && Xapian::Unicode::is_wordchar(*it)) {
      Xapian::Unicode::append_utf8(joined, *it);
      continue;
    }
    if (it != end && !joined.empty() && (*it == '-' || *it == 0x2010 || *it == 0x2011)) {
      Xapian::Utf8Iterator next = it;
      if (++next != end && Xapian::Unicode::is_wordchar(*next)) {
        hyphenated = true;
        continue;
      }
    }
    if (hyphenated) {
      out += joined;
      out += ' ';
    }
    joined.clear();
    hyphenated = false;
    if (it == end) break;
  }
  return out;
}
}  // namespace

std::string_view apostrophe_main_word(std::string_view word, std::string_view language) {
  const bool elides = language == "french" || language == "italian" || language == "catalan";
  const bool name_and_suffix = language == "turkish";
  if (!elides && !name_and_suffix) return {};
  // The articles and pronouns French, Italian and Catalan elide before a vowel ("l'usine",
  // "dell'economia", "qu'il").
  static constexpr std::string_view kElided[] = {
      "l",    "d",     "j",      "m",      "n",      "s",      "t",      "c",
      "qu",   "jusqu", "lorsqu", "puisqu", "quoiqu", "presqu", "quelqu", "un",
      "dell", "all",   "dall",   "nell",   "sull",   "coll",   "pell",   "quell",
      "bell", "sant",  "nessun", "buon",   "quest",  "tutt",   "anch",   "gl"};
  const size_t apostrophe = word.find('\'');
  if (apostrophe == std::string_view::npos || apostrophe == 0 || apostrophe + 1 == word.size() ||
      word.find('\'', apostrophe + 1) != std::string_view::npos)  // "rock'n'roll"
    return {};
  const std::string_view head = word.substr(0, apostrophe), tail = word.substr(apostrophe + 1);
  if (elides)
    return std::find(std::begin(kElided), std::end(kElided), head) != std::end(kElided)
               ? tail
               : std::string_view();
  return head;
}

std::string stem_language_of(const Xapian::Stem& stem) {
  // "Xapian::Stem(french (memoised))", "Xapian::Stem(french)", "Xapian::Stem(none)".
  const std::string d = stem.get_description();
  const size_t open = d.find('(');
  if (open == std::string::npos) return {};
  size_t end = open + 1;
  while (end < d.size() && std::islower(static_cast<unsigned char>(d[end]))) ++end;
  const std::string name = d.substr(open + 1, end - open - 1);
  return name == "none" ? std::string() : name;
}

AnalyzedArticle analyze_article(const Article& a, std::string_view stem_mode, Folding folding) {
  AnalyzedArticle out;
  Xapian::Document& doc = out.doc;
  Xapian::TermGenerator tg;
  // Words in their own language's stems, and its stop words without one ("der", "mit" were
  // terms that related() matched German stories by).
  const std::string stem_lang = stem_language(a.language, stem_mode);
  tg.set_stemmer(stemmer_for(stem_lang));
  tg.set_stopper(stopper_for(stem_lang));
  tg.set_stopper_strategy(Xapian::TermGenerator::STOP_STEMMED);
  // Chinese and Japanese write no spaces: without n-grams a sentence was one term, found by no
  // word of it and shared by no other article (schemas/index.md).
  tg.set_flags(Xapian::TermGenerator::FLAG_CJK_NGRAM);
  tg.set_document(doc);

  doc.add_boolean_term("Q" + a.id);
  if (!a.url.empty()) doc.add_boolean_term(url_term(a.url));
  // A record that keeps its own id is found by URL only through terms of its URL: its URL in
  // the form every look-up makes too, when it was written in another one.
  // (Most URLs are written in that form already: that test first, so one canonical form is
  // made for them per article, not two.)
  if (a.url.find("://") != std::string::npos && url_lookup_form(a.url) != a.url &&
      a.id != article_id_for(a.url))
    doc.add_boolean_term(lookup_url_term(a.url));
  for (const auto& u : a.alias_urls) doc.add_boolean_term(alias_term(u));
  for (const auto& h : host_and_parents(url_host(a.url)))
    doc.add_boolean_term(bounded_term("H", h));
  if (!a.language.empty())
    doc.add_boolean_term(std::string(schema::kPrefixLanguage) + to_lower_ascii(a.language));
  const std::string source = a.source();
  if (!source.empty()) doc.add_boolean_term(bounded_term("XSRC", to_lower_ascii(source)));
  if (!a.feed_url.empty()) doc.add_boolean_term(bounded_term("XFEED", a.feed_url));
  for (const auto& f : a.other_feed_urls) doc.add_boolean_term(bounded_term("XFEED", f));
  for (const auto& t : a.tags) {
    const std::string tag = collapse_whitespace(to_lower_ascii(t));
    if (!tag.empty()) doc.add_boolean_term(bounded_term("K", tag));
  }

  // Fields: the prefixed copy for field queries, the unprefixed one for free text. Weight rises
  // through wdf_inc; increase_termpos keeps phrases from spanning two fields.
  // Text as the term generator reads it: to_index_form() (as an older index was made), and
  // words of Thai and the like set apart.
  const auto words_of = [folding](std::string_view t) {
    return break_unspaced_words(to_index_form(t, folding));
  };
  const std::string title = words_of(a.title);
  tg.index_text(title, schema::kWeightTitle, "S");
  tg.index_text(title, schema::kWeightTitle);
  // Hyphenated words joined too, without positions (no phrase reads them).
  const std::string title_joins = hyphen_joins(title);
  tg.index_text_without_positions(title_joins, schema::kWeightTitle, "S");
  tg.index_text_without_positions(title_joins, schema::kWeightTitle);
  tg.increase_termpos();
  if (!a.author.empty()) {
    tg.index_text(words_of(a.author), 1, "A");
    tg.increase_termpos();
  }
  if (!a.description.empty()) {
    const std::string description = words_of(a.description);
    tg.index_text(description, schema::kWeightLead);
    tg.index_text_without_positions(hyphen_joins(description), schema::kWeightLead);
    tg.increase_termpos();
  }
  std::string body;
  for (const auto& s : a.sections) {
    doc.add_boolean_term("XSEC" + std::string(to_string(s.kind)));
    const auto weight = s.kind == SectionKind::kLead ? schema::kWeightLead : schema::kWeightBody;
    if (!s.heading.empty()) {
      const std::string heading = words_of(s.heading);
      tg.index_text(heading, weight);
      tg.index_text_without_positions(hyphen_joins(heading), weight);
    }
    const std::string text = words_of(s.text);
    tg.index_text(text, weight);
    tg.index_text_without_positions(hyphen_joins(text), weight);
    tg.increase_termpos();
    body += text;
    body += '\n';
  }
  // A word written with an apostrophe is its main word too (without a position, as no phrase
  // reads it): a possessive's owner ("NASA's": "nasa"; a query's acronym is matched as written,
  // not stemmed), the word after an elided article or pronoun in French, Italian and Catalan
  // ("l'usine": "usine"; the stemmer keeps "l'"), and in Turkish a name before its suffix
  // ("Türkiye'de": "türkiye"). Those words were found by no search for them alone.
  {
    const Xapian::Stem stem = stemmer_for(stem_lang);
    const Xapian::Stopper* stopper = stopper_for(stem_lang);
    // By the article's language, whatever the index stems with (an older index's "english").
    const std::string elision_lang = stem_language(a.language, schema::kStemByLanguage);
    std::vector<std::pair<std::string, Xapian::termcount>> more;
    for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) {
      const std::string term = *t;
      const bool word = !term.empty() && !std::isupper(static_cast<unsigned char>(term[0]));
      const bool title_word =
          term.size() > 1 && term[0] == 'S' && !std::isupper(static_cast<unsigned char>(term[1]));
      if (!word && !title_word) continue;
      const std::string prefix = title_word ? "S" : "";
      const std::string_view w = std::string_view(term).substr(prefix.size());
      const size_t apostrophe = w.find('\'');
      if (apostrophe == std::string_view::npos) continue;
      if (w.size() > 2 && w.ends_with("'s")) {
        more.emplace_back(prefix + std::string(w.substr(0, w.size() - 2)), t.get_wdf());
        continue;
      }
      const std::string main_word(apostrophe_main_word(w, elision_lang));
      if (main_word.empty()) continue;
      more.emplace_back(prefix + main_word, t.get_wdf());
      if (!stopper || !(*stopper)(main_word))
        more.emplace_back("Z" + prefix + stem(main_word), t.get_wdf());
    }
    for (const auto& [term, wdf] : more) doc.add_term(term, wdf);
  }

  out.entities = extract_entities(a);
  for (const auto& e : out.entities)
    doc.add_term(bounded_term("XE", e.key), static_cast<Xapian::termcount>(e.mentions));

  // related()'s ranking terms with their wdf, so its candidates need no termlist read (a
  // termlist also holds every unstemmed word and boolean term, and is far slower to decode).
  {
    std::string packed;
    for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) {
      const std::string term = *t;
      if (term.size() < 3) continue;
      const char kind = rank_term_kind(term);
      if (!kind) continue;
      uint64_t h = fnv1a64(term);
      for (int i = 0; i < 8; ++i, h >>= 8) packed += static_cast<char>(h & 0xFF);
      packed += kind;
      for (Xapian::termcount w = t.get_wdf();; w >>= 7) {
        if (w < 0x80) {
          packed += static_cast<char>(w);
          break;
        }
        packed += static_cast<char>((w & 0x7F) | 0x80);
      }
    }
    if (!packed.empty()) doc.add_value(schema::kSlotRankTerms, packed);
  }

  // Short texts (briefs, captions) collide too easily to call copies by SimHash. A brief of a
  // few words is a copy only when its title and its text are the same words: its "SimHash" is
  // then a hash of them, which no other text comes within 3 bits of. Three outlets printing one
  // 20-word wire brief were three stories, and `related` listed an article's own copies first.
  // A Chinese, Japanese or Korean character is a word (as SimHash reads them): a story in
  // those scripts had a handful of "words", one a sentence, and was never fingerprinted.
  const size_t words = count_words(body) + count_cjk_letters(body);
  out.fingerprinted = words >= kMinExactCopyWords;
  out.simhash = words >= kMinSimHashWords ? simhash64(body)
                : out.fingerprinted       ? exact_copy_hash(a.title, body)
                                          : simhash64(body.empty() ? a.title : body);
  if (out.fingerprinted)
    for (const auto& band : simhash_band_terms(out.simhash)) doc.add_boolean_term(band);
  // related() drops a candidate that is a copy of the article by it, however the copy's
  // punctuation and dateline differ.
  if (words >= kMinSimHashWords) {
    out.minhash = minhash(body);
    doc.add_value(schema::kSlotMinHash, encode_minhash(*out.minhash));
  }

  if (a.published)
    doc.add_value(schema::kSlotPublished,
                  Xapian::sortable_serialise(static_cast<double>(*a.published)));
  doc.add_value(schema::kSlotSimHash, encode_u64(out.simhash));
  if (!source.empty()) doc.add_value(schema::kSlotSource, source);
  if (a.reading_time_minutes > 0)
    doc.add_value(schema::kSlotReadingTime, Xapian::sortable_serialise(a.reading_time_minutes));
  doc.set_data(stored_record(a, out.entities));
  return out;
}

}  // namespace byline
