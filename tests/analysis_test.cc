// Analysis building blocks: UTF-8 sanitising, SimHash, the memoised stemmer, entities and the
// stored record. Values are pinned where an index depends on them staying the same.
#include <gtest/gtest.h>
#include <xapian.h>

#include <map>
#include <nlohmann/json.hpp>
#include <random>
#include <set>
#include <thread>

#include "byline/article_json.h"
#include "byline/extract.h"
#include "common/datetime.h"
#include "common/domain.h"
#include "common/parallel.h"
#include "common/text.h"
#include "indexer/analyzer.h"
#include "indexer/entities.h"
#include "indexer/simhash.h"
#include "test_support.h"

namespace byline {
namespace {

TEST(SanitizeUtf8, KeepsTextDropsNulAndReplacesBrokenSequences) {
  EXPECT_EQ(sanitize_utf8("plain ASCII, all kept"), "plain ASCII, all kept");
  EXPECT_EQ(sanitize_utf8(std::string_view("a\0b", 3)), "ab");
  EXPECT_EQ(sanitize_utf8("caf\xC3\xA9 \xE2\x80\x94 \xF0\x9F\x98\xAD"),
            "caf\xC3\xA9 \xE2\x80\x94 \xF0\x9F\x98\xAD");
  EXPECT_EQ(sanitize_utf8("x\xFFy"), "x\xEF\xBF\xBDy");                // stray byte
  EXPECT_EQ(sanitize_utf8("\xC3"), "\xEF\xBF\xBD");                    // cut short at the end
  EXPECT_EQ(sanitize_utf8("\xC0\xAF!"), "\xEF\xBF\xBD\xEF\xBF\xBD!");  // overlong
  EXPECT_EQ(sanitize_utf8(""), "");
  EXPECT_TRUE(is_valid_utf8(sanitize_utf8("\xED\xA0\x80 mixed \x80 run")));
}

// is_valid_utf8() reads ASCII eight bytes at a time: a bad byte, or a sequence cut or split,
// at every offset around those runs is still found.
TEST(SanitizeUtf8, ValidityIsCheckedAtEveryOffset) {
  for (size_t pad = 0; pad < 20; ++pad) {
    const std::string ascii(pad, 'a');
    EXPECT_TRUE(is_valid_utf8(ascii)) << pad;
    EXPECT_TRUE(is_valid_utf8(ascii + "caf\xC3\xA9" + ascii)) << pad;
    EXPECT_TRUE(is_valid_utf8(ascii + "\xEF\xBF\xBD" + ascii)) << pad;  // a genuine U+FFFD
    EXPECT_FALSE(is_valid_utf8(ascii + "\x80" + ascii)) << pad;
    EXPECT_FALSE(is_valid_utf8(ascii + "\xC3")) << pad;                  // cut at the end
    EXPECT_FALSE(is_valid_utf8(ascii + "\xC3" + ascii)) << pad;          // cut by ASCII
    EXPECT_FALSE(is_valid_utf8(ascii + "\xC0\xAF" + ascii)) << pad;      // overlong
    EXPECT_FALSE(is_valid_utf8(ascii + "\xED\xA0\x80" + ascii)) << pad;  // a surrogate
  }
}

// SimHash values decide copy groups and band terms already in indexes: they must not change.
// `byline index` prepares pages in blocks bounded by count and by text: a heavy item ends the
// block before it and may stand alone, and no item is lost or reordered.
// Regression: JSON-LD blocks, __NEXT_DATA__ and JSON Lines records were parsed at any depth;
// nlohmann::json builds a node per level, so 10 MB of brackets took 320 MB (a 64 MiB input,
// some 2 GB). Only JSON Feeds were checked.
TEST(JsonNesting, DeepDocumentsAreRefusedBeforeParsing) {
  EXPECT_TRUE(json_nesting_within("[[1]]", 2));
  EXPECT_FALSE(json_nesting_within("[[1]]", 1));
  EXPECT_TRUE(json_nesting_within(R"({"a": "[[[[\"[["})", 1));  // brackets in strings are text
  EXPECT_FALSE(json_nesting_within(std::string(kMaxJsonDepth + 1, '[')));
  const std::string deep = std::string(100000, '[') + std::string(100000, ']');
  const auto record = article_from_json(R"({"title": "T", "body": "Text.", "x": )" + deep + "}");
  ASSERT_FALSE(record.ok());
  EXPECT_EQ(record.status().code(), ErrorCode::kBadInput);
  EXPECT_NE(record.status().message().find("nested deeper than 256"), std::string::npos);
  EXPECT_TRUE(article_from_json(R"({"title": "T", "body": "Text.", "x": [[[]]]})").ok());
}

// Regression (audit): only depth was bounded, so 60 MB of "[{},{},...]" (a JSON-LD block, a
// __NEXT_DATA__ blob or a record, each under its input cap) took 1.8 GB to parse.
TEST(JsonNesting, DocumentsOfTooManyValuesAreRefusedBeforeParsing) {
  EXPECT_EQ(json_value_count("[1, 2, {\"a\": [3]}]"), 6u);
  EXPECT_EQ(json_value_count(R"({"a": "x,y,[z]"})"),
            2u);  // commas and brackets in strings are text
  EXPECT_EQ(json_value_count("[[[1]]]", 2), SIZE_MAX);
  EXPECT_TRUE(json_nesting_within("[1,2,3]", 8, 4));
  EXPECT_FALSE(json_nesting_within("[1,2,3,4]", 8, 4));
  std::string many = "[";
  for (size_t i = 0; i <= kMaxJsonValues; ++i) many += "{},";
  many += "{}]";
  const auto record = article_from_json(R"({"title": "T", "body": "Text.", "x": )" + many + "}");
  ASSERT_FALSE(record.ok());
  EXPECT_EQ(record.status().code(), ErrorCode::kBadInput);
  EXPECT_NE(record.status().message().find("more than 1000000 values"), std::string::npos)
      << record.status().message();
  // A page's JSON-LD blocks share the budget: a block past it is skipped, and the next read.
  const auto page = extract_html(
      "<html><head><script type=\"application/ld+json\">" + many +
          "</script><script type=\"application/ld+json\">{\"@type\": \"NewsArticle\", "
          "\"author\": {\"name\": \"Ann Lee\"}}</script></head><body><article><p>This is the "
          "first paragraph of an article about values, which goes on for a while, with commas, "
          "and more words to be a paragraph.</p></article></body></html>",
      ExtractOptions{});
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(page->author, "Ann Lee");
}

TEST(BlockEnds, CountAndWeightEndBlocks) {
  EXPECT_TRUE(block_ends({}, 4, 10).empty());
  EXPECT_EQ(block_ends({1, 1, 1, 1, 1, 1, 1, 1, 1}, 4, 100), (std::vector<size_t>{4, 8, 9}));
  EXPECT_EQ(block_ends({3, 3, 3, 3, 3}, 10, 7), (std::vector<size_t>{2, 4, 5}));
  // 20 is over the limit alone: a block of its own, neighbours unaffected.
  EXPECT_EQ(block_ends({1, 20, 1, 1}, 10, 7), (std::vector<size_t>{1, 2, 4}));
  EXPECT_EQ(block_ends({0, 0, 0}, 2, 0), (std::vector<size_t>{2, 3}));
}

TEST(SimHash, ValuesArePinned) {
  EXPECT_EQ(simhash64(""), 0u);
  EXPECT_EQ(simhash64("Word"), 0xb7b0025fb5825209ULL);
  EXPECT_EQ(simhash64("two words"), 0x544270c9f9367126ULL);
  EXPECT_EQ(simhash64("Norrland Chips will build a semiconductor plant in Lulea, Sweden."),
            0x8c1be69971e09b34ULL);
  EXPECT_EQ(simhash64("\xC3\x89T\xC3\x89 \xC3\xA0 Paris: caf\xC3\xA9-cr\xC3\xA8me, 3 euros!"),
            0x7a15d7d0d0c63a09ULL);
  EXPECT_EQ(simhash64(std::string_view("A\0b c\xFF\xFE d", 10)), 0x0000a0414c440003ULL);
  // Case and punctuation do not matter; words do.
  EXPECT_EQ(simhash64("two words"), simhash64("Two, WORDS."));
  EXPECT_NE(simhash64("two words"), simhash64("two birds"));
}

TEST(MinHash, CopiesAgreeStoriesDoNot) {
  const std::string story =
      "ERIE, Pa. - A Pennsylvania woman says she was stunned when she opened her electric bill "
      "and saw it was more than $284 billion. Mary Horomanski said her eyes \"just about popped "
      "out\" of her head when she saw the amount. She suspected her family had put up their "
      "Christmas lights a little early, and that was why the bill was so high, she said on "
      "Wednesday. The utility said the mistake came from a wrong decimal place in its system.";
  // The same text with a wire service's typography: curly quotes, a dash, a dateline.
  std::string wire = story;
  wire.replace(wire.find("ERIE, Pa. -"), 11, "ERIE, Pa. (AP) \u2014");
  wire.replace(wire.find("\"just"), 1, "\u201c");
  wire.replace(wire.find("out\""), 4, "out\u201d");
  const MinHash a = minhash(story), b = minhash(wire);
  EXPECT_GE(minhash_similarity(a, b), kNearDuplicateJaccard);
  EXPECT_GT(hamming_distance(simhash64(story), simhash64(wire)), 0);
  EXPECT_EQ(minhash(story), a);  // deterministic
  // Punctuation alone never separates two texts.
  EXPECT_EQ(minhash("it\u2019s a \u201cbig\u201d day \u2014 said Ana"),
            minhash("It's a \"big\" day - said Ana"));
  const MinHash other = minhash(
      "Norrland Chips will build a semiconductor plant in Lulea, Sweden, investing eleven "
      "billion euros over six years, its chief executive said on Monday in Stockholm.");
  EXPECT_LT(minhash_similarity(a, other), 0.1);
  EXPECT_EQ(decode_minhash(encode_minhash(a)), a);
  EXPECT_EQ(encode_minhash(a).size(), 144u);
  EXPECT_FALSE(decode_minhash("short").has_value());
}

TEST(IndexStemmer, MemoGivesSnowballsStemsOnEveryThread) {
  std::vector<std::string> words = {"running",    "runs",         "ran", "chips", "semiconductors",
                                    "generously", "caf\xC3\xA9s", "",    "a",     "Zuckerberg's"};
  // Past the memo's bound (it is cleared, not grown, when full).
  for (int i = 0; i < 60000; ++i) words.push_back("w" + std::to_string(i) + "ings");
  auto check = [&](int offset, int* mismatches) {
    Xapian::Stem snowball("english");
    const Xapian::Stem memo = index_stemmer();
    for (int pass = 0; pass < 2; ++pass)  // the second pass is answered from the memo
      for (size_t i = offset; i < words.size(); i += 3)
        if (memo(words[i]) != snowball(words[i])) ++*mismatches;
  };
  int mismatches[3] = {0, 0, 0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 3; ++t) threads.emplace_back(check, t, &mismatches[t]);
  for (auto& t : threads) t.join();
  EXPECT_EQ(mismatches[0] + mismatches[1] + mismatches[2], 0);
  EXPECT_EQ(index_stemmer()("running"), "run");
}

TEST(HostTerms, DomainsGetTheirParentsAddressesDoNot) {
  using V = std::vector<std::string>;
  EXPECT_EQ(host_and_parents("a.news.example.com"),
            (V{"a.news.example.com", "news.example.com", "example.com"}));
  EXPECT_EQ(host_and_parents("example.com"), (V{"example.com"}));
  EXPECT_EQ(host_and_parents("127.0.0.1"), (V{"127.0.0.1"}));  // no "0.0.1", "0.1"
  EXPECT_EQ(host_and_parents("[2001:db8::1]"), (V{"[2001:db8::1]"}));
  EXPECT_EQ(host_and_parents(""), V{});
  // Parents stop at the registrable domain (Public Suffix List), never at a public suffix.
  EXPECT_EQ(host_and_parents("news.bbc.co.uk"), (V{"news.bbc.co.uk", "bbc.co.uk"}));
  EXPECT_EQ(host_and_parents("www.example.police.uk"),
            (V{"www.example.police.uk", "example.police.uk"}));
  EXPECT_EQ(host_and_parents("alice.github.io"), (V{"alice.github.io"}));
  EXPECT_EQ(host_and_parents("co.uk"), (V{"co.uk"}));
  EXPECT_EQ(host_and_parents("News.Example.COM."), (V{"news.example.com", "example.com"}));
  EXPECT_EQ(host_and_parents("localhost"), (V{"localhost"}));
}

TEST(Entities, NamesWithPossessivesAndBreaks) {
  Article a;
  a.title = "Mark Zuckerberg meets Norrland Chips";
  a.sections.push_back({"", SectionKind::kLead,
                        "On Monday Mark Zuckerberg said Meta would buy chips, and Meta's "
                        "lawyers and Zuckerberg's team, Norrland Chips and the Bank of Sweden "
                        "met in Lulea. The plan pleased Norrland Chips."});
  const auto entities = extract_entities(a);
  std::map<std::string, int> mentions;
  for (const auto& e : entities) mentions[e.name] = e.mentions;
  EXPECT_EQ(mentions["Mark Zuckerberg"], 3);  // "Zuckerberg's" folded in
  EXPECT_EQ(mentions["Norrland Chips"], 3);
  EXPECT_EQ(mentions["Meta"], 2);                   // "Meta's" counts as Meta
  EXPECT_EQ(mentions.count("Bank of Sweden"), 0u);  // once, not in the title
  ASSERT_FALSE(entities.empty());
  EXPECT_EQ(entities[0].key, to_lower_ascii(entities[0].name));
}

// Regression: a Title Case headline's capitals made names of its words ("Kestrel Mobile
// Recalls Phones", "Battery Fires"), and a name ran on across a full stop into the next
// sentence's first word ("K9 Pro Regulators").
TEST(Entities, TitleCaseHeadlinesAndSentenceEndsMakeNoNames) {
  Article a;
  a.title = "Kestrel Mobile Recalls K9 Phones Over Battery Fires";
  a.sections.push_back(
      {"", SectionKind::kLead,
       "Kestrel Mobile said it would recall 200,000 of its K9 phones after reports of fires. "
       "Owners can swap them for a new K9 Pro. Regulators in Germany said Dr. Anna Weber had "
       "asked Kestrel Mobile for a report, and Anna Weber will publish it."});
  std::map<std::string, Entity> found;
  for (const auto& e : extract_entities(a)) found[e.name] = e;
  std::vector<std::string> names;
  for (const auto& [n, e] : found) names.push_back(n);
  // "K9" folds into the longer name it starts, as "Zuckerberg" does.
  EXPECT_EQ(names, (std::vector<std::string>{"Anna Weber", "K9 Pro", "Kestrel Mobile"}));
  EXPECT_TRUE(found["Kestrel Mobile"].in_title);
  EXPECT_EQ(found["Kestrel Mobile"].mentions, 3);  // the title once, the text twice
  EXPECT_TRUE(found["K9 Pro"].in_title);           // "K9" is a name by its shape
  EXPECT_FALSE(found["Anna Weber"].in_title);

  // Quotes set a name apart and start no sentence.
  Article q;
  q.title = "Vireo \"Fold\" 3 ships";
  q.sections.push_back({"", SectionKind::kLead, "Vireo Mobile shipped the Fold 3 on Tuesday."});
  const auto quoted = extract_entities(q);
  ASSERT_EQ(quoted.size(), 1u);
  EXPECT_EQ(quoted[0].name, "Fold");

  // A headline in sentence case keeps its own names, as before.
  a.title = "Kestrel Mobile recalls phones after Germany asks for a report";
  found.clear();
  for (const auto& e : extract_entities(a)) found[e.name] = e;
  EXPECT_TRUE(found.count("Germany") && found["Germany"].in_title);
}

// Regression (session 33): another language's article or preposition opening a sentence was
// part of the name after it ("La CNIL", "En Chile", "Die Deutsche Telekom", "V Evropské", from
// the readability pages), and an elided article made a name of its word ("l'Assemblée").
TEST(Entities, OtherLanguagesArticlesAndElisionsAreNoPartOfNames) {
  struct Case {
    const char* language;
    const char* text;
    std::vector<std::string> names;
  };
  for (const Case& c : std::vector<Case>{
           {"fr",
            "La CNIL a publié son avis mardi. Selon la CNIL, le texte inquiète l'Assemblée "
            "nationale. Le Conseil d'Etat doit rendre un avis au Conseil d'Etat, et l'Assemblée "
            "votera. Le Monde "
            "l'a révélé, comme le rapporte Le Monde.",
            {"Assemblée", "CNIL", "Conseil d'Etat", "Le Monde"}},
           {"es",
            "En Chile, la empresa abrió una oficina. La empresa vende en Estados Unidos. En "
            "Estados Unidos y en Chile crece. Viven en Los Angeles. Los Angeles es su sede.",
            {"Chile", "Estados Unidos", "Los Angeles"}},
           {"de-DE",
            "Die Deutsche Telekom baut aus. Das sagte die Deutsche Telekom am Mittwoch. Der "
            "Ausbau beginnt. Der Ausbau kostet viel.",
            {"Deutsche Telekom"}},
           {"cs", "V Praze otevřela firma pobočku. Firma v Praze zaměstná sto lidí.", {"Praze"}},
           // English reads as before: "La" and "Die" are names' words there.
           {"en", "La Liga signed a deal. The deal with La Liga runs to 2030.", {"La Liga"}},
       }) {
    Article a;
    a.title = "x";
    a.language = c.language;
    a.sections.push_back({"", SectionKind::kLead, c.text});
    std::vector<std::string> names;
    for (const auto& e : extract_entities(a)) names.push_back(e.name);
    std::sort(names.begin(), names.end());
    EXPECT_EQ(names, c.names) << c.language;
  }
  // A headline keeps its first words (audit of this session's changes: "Le Monde" was
  // "Monde"); the text's sentence-start "Monde" folds into it.
  Article lm;
  lm.title = "Le Monde publie une enquête sur les puces";
  lm.language = "fr";
  lm.sections.push_back(
      {"", SectionKind::kLead, "Le Monde cite trois sources. L'usine ferme en mars."});
  std::vector<std::string> names;
  for (const auto& e : extract_entities(lm)) names.push_back(e.name);
  EXPECT_EQ(names, std::vector<std::string>{"Le Monde"});
}

// Regression: folding a name into the longer name it abbreviates compared every pair of names,
// so a page of made-up names ("We met Xyz Abc and Def") took 26 s for 1 MiB.
TEST(Entities, ManyDistinctNamesFoldInLinearWork) {
  std::mt19937 rnd(3);
  auto name = [&] {  // a new name each time (26^7 of them): the count of names grows with the text
    std::string w(1, static_cast<char>('A' + rnd() % 26));
    for (int k = 0; k < 6; ++k) w += static_cast<char>('a' + rnd() % 26);
    return w;
  };
  auto article = [&](size_t bytes) {
    Article a;
    a.title = "Ada Lovelace at the Analytical Engine";
    std::string text = "Ada Lovelace wrote the notes. Later, Lovelace and Babbage met.\n\n";
    while (text.size() < bytes)
      text +=
          "We met " + name() + " " + name() + " and " + name() + ", then " + name() + " again.\n\n";
    a.sections.push_back({"", SectionKind::kLead, text});
    return a;
  };
  const Article big = article(1 << 20);
  std::map<std::string, Entity> found;
  for (auto& e : extract_entities(big, 1000)) found[e.name] = e;
  ASSERT_TRUE(found.count("Ada Lovelace"));
  EXPECT_EQ(found["Ada Lovelace"].mentions, 3);  // the title, the text and "Lovelace"
  EXPECT_TRUE(found["Ada Lovelace"].in_title);
  EXPECT_EQ(found.count("Lovelace"), 0u);
  for (const auto& [name, e] : found) EXPECT_GE(e.mentions + 2 * e.in_title, 2) << name;

  // Eight times the text, about eight times the work (the pairwise fold: some 64).
  std::vector<Article> sized{article(128 << 10), article(1 << 20)};
  const double ratio = testing::growth_ratio(
      [&](size_t i) { EXPECT_FALSE(extract_entities(sized[i]).empty()); }, 0, 1);
  EXPECT_LT(ratio, 24.0) << "entity folding grows faster than its input";
}

// Regressions: a possessive ran into the next name ("Meta's Mark Zuckerberg" was one entity);
// typographic apostrophes, quotes and dashes were read as letters ("Meta’s" was an entity of its
// own, "‘Norrland" no name at all) and a dash joined the names on either side.
TEST(Entities, PossessivesQuotesAndDashesEndNames) {
  Article a;
  a.title = "Why Meta\u2019s Mark Zuckerberg meets \u2018Norrland Chips\u2019";
  a.sections.push_back({"", SectionKind::kLead,
                        "On Monday Meta's Mark Zuckerberg spoke. Later Meta\u2019s lawyers met "
                        "Norrland Chips\u2019 board \u2014 Lulea Steel was there \u2013 and "
                        "Norrland Chips' founders - Lulea Steel too."});
  std::map<std::string, int> mentions;
  for (const auto& e : extract_entities(a)) mentions[e.name] = e.mentions;
  EXPECT_EQ(mentions["Meta"], 3);
  EXPECT_EQ(mentions["Mark Zuckerberg"], 2);
  EXPECT_EQ(mentions["Norrland Chips"], 3);
  EXPECT_EQ(mentions["Lulea Steel"], 2);
  for (const auto& [name, n] : mentions) {
    EXPECT_EQ(name.find("\u2019"), std::string::npos) << name;
    EXPECT_EQ(name.find("\u2018"), std::string::npos) << name;
    EXPECT_NE(name, "Meta Mark Zuckerberg");
    EXPECT_EQ(name.find("Chips Lulea"), std::string::npos) << name;
  }
  // A capital outside ASCII starts a name too.
  Article accents;
  accents.sections.push_back(
      {"", SectionKind::kLead,
       "On Monday \u0160koda hired \u00c9ric Besson, and \u0160koda paid \u00c9ric Besson."});
  std::map<std::string, int> accented;
  for (const auto& e : extract_entities(accents)) accented[e.name] = e.mentions;
  EXPECT_EQ(accented["\u0160koda"], 2);
  EXPECT_EQ(accented["\u00c9ric Besson"], 2);
  // Invalid UTF-8 is punctuation: it ends a name and is never part of one.
  Article bad;
  bad.title = "Norrland\xff\xfe Chips and \xc3Lulea Steel\xe2\x80";
  for (const auto& e : extract_entities(bad)) EXPECT_EQ(sanitize_utf8(e.name), e.name);
}

// stored_record writes the record without article_json_value's tree: every field must survive.
TEST(StoredRecord, EveryFieldRoundTrips) {
  Article a;
  a.id = "b00000000000000aa";
  a.url = "https://news.example/full";
  a.title = "Full record";
  a.author = "Ana Sandoiu";
  a.byline = "By Ana Sandoiu";
  a.published = make_utc(2026, 11, 20, 10, 0, 0);
  a.published_source = "json-ld";
  a.updated = make_utc(2026, 11, 21, 9, 30, 0);
  a.site_name = "Example News";
  a.description = "A description.";
  a.language = "en";
  a.tags = {"Chips", "Policy"};
  a.sections.push_back({"", SectionKind::kLead, "Lead text."});
  a.sections.push_back({"Background", SectionKind::kBackground, "Background text."});
  a.reading_time_minutes = 7;
  a.ai_generated = true;
  a.flags = {"newsletter_signup"};
  a.feed_url = "https://news.example/feed.xml";
  a.image = "https://news.example/a.jpg";
  auto back = article_from_json(stored_record(a, {}));
  ASSERT_TRUE(back.ok()) << back.status().message();
  EXPECT_EQ(article_to_json(*back), article_to_json(a));
}

TEST(StoredRecord, ResultFieldsFirstDefaultsLeftOutAndRoundTrips) {
  Article a;
  a.id = "b0123456789abcdef";
  a.url = "https://news.example/a";
  a.title = "Title \xFF broken";
  a.site_name = "Example News";
  a.author = "Ana Sandoiu";
  a.published = make_utc(2026, 11, 20, 10, 0, 0);
  a.published_source = "meta";
  a.language = "en";
  a.tags = {"Chips"};
  a.sections.push_back({"", SectionKind::kLead, "Lead text."});
  a.sections.push_back({"What's Next?", SectionKind::kWhatsNext, "Next text."});
  const std::string record = stored_record(a, {});
  EXPECT_TRUE(is_valid_utf8(record));
  const auto j = nlohmann::ordered_json::parse(record);
  std::vector<std::string> keys;
  for (auto it = j.begin(); it != j.end(); ++it) keys.push_back(it.key());
  const std::vector<std::string> want = {"id",       "title",     "url",
                                         "source",   "published", "entities",
                                         "author",   "language",  "published_source",
                                         "sections", "site_name", "tags"};
  EXPECT_EQ(keys, want);  // no description, flags, byline, updated, ai_generated, body
  EXPECT_EQ(j["entities"], nlohmann::ordered_json::array());

  auto back = article_from_json(record);
  ASSERT_TRUE(back.ok()) << back.status().message();
  EXPECT_EQ(article_to_json(*back), article_to_json([&] {
              Article clean = a;
              clean.title = sanitize_utf8(a.title);
              return clean;
            }()));
}

// Chinese and Japanese n-grams of grammar are no ranking terms; subjects are, though they
// share a character with grammar (the audit of this session's changes: 地震, 能源 and 会社 were
// dropped with 地, 能 and 会).
TEST(RankTerms, SubjectsNotGrammar) {
  for (const char* subject :
       {"Z地震", "Z能源", "Z会社", "Z会议", "Z问题", "ZS新幹線", "Zchip", "ZSchip", "XEnvidia"})
    EXPECT_NE(rank_term_kind(subject), 0) << subject;
  for (const char* grammar :
       {"Zてい", "Zると", "Z的人", "Z可以", "Z这样", "ZS雪で", "ZAjane", "Za"})
    EXPECT_EQ(rank_term_kind(grammar), 0) << grammar;
}

}  // namespace
}  // namespace byline
