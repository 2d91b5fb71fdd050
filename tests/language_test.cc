// An article's language: the page's or feed's tag, weighed against its text (CLD2).
#include "indexer/language.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "byline/extract.h"
#include "indexer/word_break.h"
#include "test_support.h"

namespace byline {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

// Original text written for these tests.
constexpr const char* kGerman =
    "Der Stadtrat hat am Dienstag beschlossen, die alte Markthalle bis zum Herbst zu sanieren. "
    "Die Arbeiten sollen im Mai beginnen und werden nach Angaben der Verwaltung rund vier "
    "Millionen Euro kosten. Händler, die bisher in der Halle verkauft haben, ziehen für die "
    "Dauer des Umbaus auf den Parkplatz neben dem Bahnhof. Viele von ihnen sind mit der Lösung "
    "zufrieden, weil sie dort mehr Laufkundschaft erwarten als in der Innenstadt.";
constexpr const char* kGerman2 =
    "Nach einem Jahr Bauzeit ist die neue Radbrücke über den Fluss eröffnet worden. Sie verbindet "
    "zwei Stadtteile, zwischen denen Radfahrer bisher einen Umweg von drei Kilometern fahren "
    "mussten, und soll täglich mehrere tausend Menschen tragen.";
constexpr const char* kSpanish =
    "El ayuntamiento aprobó el martes la reforma del antiguo mercado, que estará cerrado hasta "
    "el otoño. Las obras comenzarán en mayo y costarán unos cuatro millones de euros, según la "
    "administración. Los comerciantes se trasladarán a la plaza junto a la estación durante los "
    "trabajos, y muchos de ellos esperan vender más allí que en el centro de la ciudad.";
constexpr const char* kEnglish =
    "The city council voted on Tuesday to renovate the old market hall before the autumn. Work "
    "is due to start in May and will cost about four million euros, the administration said. "
    "Traders who sold in the hall will move to the car park next to the station while the "
    "building is closed, and many of them expect more passing trade there than in the centre.";

bool has_flag(const Article& a, std::string_view f) {
  return std::find(a.flags.begin(), a.flags.end(), f) != a.flags.end();
}

TEST(Language, DetectsTheTextsLanguageOrSaysItIsNotSure) {
  const LanguageGuess de = detect_language(kGerman);
  EXPECT_EQ(de.tag, "de");
  EXPECT_GE(de.percent, 90);
  EXPECT_GE(de.text_bytes, 300u);
  EXPECT_EQ(detect_language(kSpanish).tag, "es");
  EXPECT_EQ(detect_language(kEnglish).tag, "en");
  // Hebrew as BCP 47 names it, not CLD2's old "iw".
  EXPECT_EQ(detect_language("מועצת העיר החליטה ביום שלישי לשפץ את השוק הישן לפני הסתיו, "
                            "והעבודות יתחילו בחודש מאי ויעלו כארבעה מיליון אירו.")
                .tag,
            "he");
  // Product names and numbers are no language; nor is nothing.
  EXPECT_EQ(detect_language("Nvidia RTX 5090 review").tag, "");
  EXPECT_EQ(detect_language("").tag, "");
}

TEST(Language, OneLanguageUnderOldCodesRegionsAndNearTwins) {
  EXPECT_TRUE(same_language("en-US", "en-GB"));
  EXPECT_TRUE(same_language("iw", "he-IL"));
  EXPECT_TRUE(same_language("nb", "no"));
  EXPECT_TRUE(same_language("sr-Latn", "hr"));
  EXPECT_TRUE(same_language("id", "ms"));
  EXPECT_TRUE(same_language("zh-TW", "zh-Hant"));
  EXPECT_FALSE(same_language("de", "en"));
  EXPECT_FALSE(same_language("", "en"));
}

TEST(Language, TheDeclarationStandsUnlessTheTextClearlySaysOtherwise) {
  bool from_text = true;
  // Agreeing: the declaration, region and all.
  EXPECT_EQ(settle_language("en-US", kEnglish, &from_text), "en-US");
  EXPECT_FALSE(from_text);
  // A template's lang="en" over German text.
  EXPECT_EQ(settle_language("en", kGerman, &from_text), "de");
  EXPECT_TRUE(from_text);
  // Too little text to overrule a declaration: a sentence of English on a German page.
  EXPECT_EQ(settle_language("de", "The city council voted on Tuesday.", &from_text), "de");
  EXPECT_FALSE(from_text);
  // No declaration: the text's language when CLD2 is sure, else none.
  EXPECT_EQ(settle_language("", kSpanish, &from_text), "es");
  EXPECT_TRUE(from_text);
  EXPECT_EQ(settle_language("", "Nvidia RTX 5090 review", &from_text), "");
  EXPECT_FALSE(from_text);
  // A declaration that is no tag counts as none.
  EXPECT_EQ(settle_language("not a tag!", kGerman), "de");
}

std::string page(const std::string& html_attrs, const std::string& head, const std::string& text) {
  return "<!DOCTYPE html><html" + html_attrs + "><head><title>Markthalle</title>" + head +
         "</head><body><article><h1>Markthalle</h1><p>" + text + "</p><p>" + text +
         "</p></article></body></html>";
}

// Regression: a page's language was its tag alone, "en" when it had none, so German text under
// a site template's lang="en" and Chinese or Spanish pages without a tag were all English.
TEST(Language, ExtractionWeighsThePagesTagAgainstItsText) {
  auto a = extract_html(page(" lang=\"en\"", "", kGerman));
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->language, "de");
  EXPECT_TRUE(has_flag(*a, "language_from_text"));

  a = extract_html(page("", "", kSpanish));
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->language, "es");

  a = extract_html(page(" lang=\"en-US\"", "", kEnglish));
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->language, "en-US");
  EXPECT_FALSE(has_flag(*a, "language_from_text"));

  // A feed's language stands for a page without one, when the text agrees.
  ExtractOptions o;
  o.default_language = "de-AT";
  a = extract_html(page("", "", kGerman), o);
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->language, "de-AT");

  // Yoast and Rank Math give it on the @graph's WebPage, not on the Article.
  const std::string ld =
      R"(<script type="application/ld+json">{"@context":"https://schema.org","@graph":[)"
      R"({"@type":"NewsArticle","headline":"Markthalle"},)"
      R"({"@type":"WebPage","url":"https://x.example/","inLanguage":"de-CH"}]}</script>)";
  a = extract_html(page("", ld, kGerman));
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->language, "de-CH");

  a = extract_text(std::string("Markthalle\n\n") + kSpanish);
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->language, "es");
}

// Regression: a feed with no <language> (heise, golem) made every entry English, and a record
// without "language" was stored as English whatever its text.
TEST(Language, FeedEntriesAndRecordsWithoutALanguageGetTheirTexts) {
  testing::TempDir tmp;
  const fs::path feed = tmp.path() / "feed.xml";
  std::ofstream(feed) << "<?xml version=\"1.0\" encoding=\"utf-8\"?><rss version=\"2.0\"><channel>"
                         "<title>Lokales</title><link>https://lokal.example/</link>"
                         "<item><title>Markthalle wird saniert</title>"
                         "<link>https://lokal.example/markthalle</link><description>"
                      << kGerman
                      << "</description></item>"
                         // WordPress's default <language> does not make Spanish text English.
                         "</channel></rss>";
  const fs::path wp = tmp.path() / "wp.xml";
  std::ofstream(wp) << "<?xml version=\"1.0\" encoding=\"utf-8\"?><rss version=\"2.0\"><channel>"
                       "<title>Blog</title><link>https://blog.example/</link>"
                       "<language>en-US</language><item><title>El mercado</title>"
                       "<link>https://blog.example/mercado</link><description>"
                    << kSpanish << " " << kSpanish << "</description></item></channel></rss>";
  const fs::path rec = tmp.path() / "r.jsonl";
  std::ofstream(rec)
      << json{{"url", "https://r.example/1"}, {"title", "Markthalle"}, {"body", kGerman2}}.dump()
      << '\n';
  const std::string db = "--db '" + (tmp.path() / "idx").string() + "' ";
  for (const fs::path& p : {feed, wp, rec}) {
    auto r = testing::run_byline(db + "index '" + p.string() + "'");
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  auto r = testing::run_byline(db + "search 'lang:de' --format json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json de = json::parse(r.out);
  std::vector<std::string> urls;
  for (const auto& hit : de["results"]) urls.push_back(hit["url"].get<std::string>());
  std::sort(urls.begin(), urls.end());
  EXPECT_EQ(urls,
            (std::vector<std::string>{"https://lokal.example/markthalle", "https://r.example/1"}))
      << r.out;
  r = testing::run_byline(db + "search 'lang:es' --format json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  ASSERT_EQ(json::parse(r.out)["results"].size(), 1u) << r.out;
  EXPECT_EQ(json::parse(r.out)["results"][0]["url"], "https://blog.example/mercado");
}

TEST(WordBreak, ThaiLaoKhmerAndMyanmarWordsAreSetApart) {
  EXPECT_EQ(break_unspaced_words("ศูนย์ข้อมูลแห่งใหม่"), "ศูนย์ ข้อมูล แห่ง ใหม่");
  // Spaces, digits and Latin words around them are kept as written.
  EXPECT_EQ(break_unspaced_words("Apple ประกาศ 2025"), "Apple ประกาศ 2025");
  const std::string plain = "Der Stadtrat hat beschlossen, 中文 ok";
  EXPECT_FALSE(has_unspaced_script(plain));
  EXPECT_EQ(break_unspaced_words(plain), plain);
  EXPECT_TRUE(has_unspaced_script("ກະຊວງ"));  // Lao
  EXPECT_TRUE(has_unspaced_script("ព័ត៌មាន"));  // Khmer
}

// Regression (audit): only the first 4 KB were read, so an English analysis opening with a long
// German quote was stored as German; and with no tag, CLD2's guess on a price line was taken
// ("iPhone 16 Pro: 1.299 Euro" became Czech).
TEST(Language, AQuoteAtTheTopOrAFewWordsDecideNothing) {
  std::string quoted, text;
  while (quoted.size() < 4200) quoted += std::string(kGerman) + " ";
  text = quoted;
  while (text.size() < quoted.size() * 3) text += std::string(kEnglish) + " ";
  bool from_text = true;
  EXPECT_EQ(settle_language("en", text, &from_text), "en");
  EXPECT_FALSE(from_text);
  // German throughout still overrules the template's tag.
  std::string german;
  while (german.size() < 12000) german += std::string(kGerman) + " " + kGerman2 + " ";
  EXPECT_EQ(settle_language("en", german, &from_text), "de");
  EXPECT_TRUE(from_text);
  // The same through an article's sections.
  Article a;
  a.title = "Market hall";
  a.sections.push_back({"", SectionKind::kLead, quoted});
  a.sections.push_back({"", SectionKind::kOther, text.substr(quoted.size())});
  settle_article_language(a, "en");
  EXPECT_EQ(a.language, "en");
  EXPECT_FALSE(has_flag(a, "language_from_text"));
  EXPECT_EQ(settle_language("", "iPhone 16 Pro: 1.299 Euro, ab 20.09.2024.", &from_text), "");
  EXPECT_FALSE(from_text);
}

// Regression (audit): a template's unfilled lang="{{lang}}" hid the page's og:locale, and "und",
// "english" and "deutsch" were kept as tags (lang:en missed the article, related() found none).
TEST(Language, OnlyWellFormedTagsNameALanguage) {
  auto a =
      extract_html(page(" lang=\"{{lang}}\"", "<meta property=\"og:locale\" content=\"de_DE\">",
                        "Die Regierung plant neue H\u00e4user."));
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->language, "de-DE");
  for (const char* none : {"und", "mul", "zxx", "english", "deutsch", "default", "unknown"})
    EXPECT_EQ(normalize_language_tag(none), "") << none;
  EXPECT_EQ(normalize_language_tag("iw"), "he");
  EXPECT_EQ(normalize_language_tag("in-ID"), "id-ID");
  EXPECT_EQ(normalize_language_tag("ji"), "yi");
}

}  // namespace
}  // namespace byline
