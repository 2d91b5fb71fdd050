// The rank_terms value slot (schemas/index.md): related() scores candidates from it instead of
// their termlists, so it must hold exactly the ranked terms of the termlist with their wdf.
#include <gtest/gtest.h>

#include <map>
#include <string>

#include "byline/article.h"
#include "indexer/analyzer.h"
#include "indexer/schema.h"
#include "indexer/simhash.h"

namespace byline {
namespace {

// Decodes the slot as documented: 8-byte little-endian FNV-1a hash, kind byte, LEB128 wdf.
std::map<uint64_t, std::pair<char, Xapian::termcount>> decode(const std::string& v) {
  std::map<uint64_t, std::pair<char, Xapian::termcount>> out;
  size_t i = 0;
  while (i < v.size()) {
    EXPECT_GE(v.size() - i, 10u);
    if (v.size() - i < 10) break;
    uint64_t h = 0;
    for (int b = 7; b >= 0; --b) h = h << 8 | static_cast<unsigned char>(v[i + b]);
    const char kind = v[i + 8];
    i += 9;
    Xapian::termcount wdf = 0;
    for (int shift = 0; i < v.size(); shift += 7) {
      const auto b = static_cast<unsigned char>(v[i++]);
      wdf |= static_cast<Xapian::termcount>(b & 0x7F) << shift;
      if (!(b & 0x80)) break;
    }
    out[h] = {kind, wdf};
  }
  return out;
}

TEST(RelatedRankTerms, SlotHoldsEveryRankedTermWithItsWdf) {
  Article a;
  a.id = "t1";
  a.title = "Meta releases Llama 3 to developers";
  a.author = "Jane Writer";
  a.sections.push_back(
      {"", SectionKind::kLead, "Meta said on Thursday that Llama 3 is open to developers."});
  std::string body;
  // A word repeated 200 times needs two varint bytes for its wdf.
  for (int i = 0; i < 200; ++i) body += "benchmark ";
  a.sections.push_back(
      {"Results", SectionKind::kOther, body + "\n\nMark Zuckerberg praised Meta's models."});
  const AnalyzedArticle an = analyze_article(a);
  const auto packed = decode(an.doc.get_value(schema::kSlotRankTerms));

  std::map<uint64_t, std::pair<char, Xapian::termcount>> expected;
  std::map<uint64_t, std::string> names;
  for (auto t = an.doc.termlist_begin(); t != an.doc.termlist_end(); ++t) {
    const std::string term = *t;
    char kind = 0;
    if (term.size() > 2 && term[0] == 'Z' && term[1] == 'S')
      kind = 't';
    else if (term.size() > 2 && term[0] == 'Z' &&
             !std::isupper(static_cast<unsigned char>(term[1])))
      kind = 'w';
    else if (term.size() > 2 && term.rfind("XE", 0) == 0)
      kind = 'e';
    if (!kind) continue;
    uint64_t h = fnv1a64(term);
    expected[h] = {kind, t.get_wdf()};
    names[h] = term;
  }
  EXPECT_EQ(packed, expected);
  // What the assertion above covers: words, title words, an entity and a two-byte wdf, but no
  // author term (ZA...) and no unstemmed word.
  EXPECT_TRUE(expected.count(fnv1a64("Zbenchmark")));
  EXPECT_GE(expected[fnv1a64("Zbenchmark")].second, 200u);
  EXPECT_TRUE(expected.count(fnv1a64("ZSllama")));
  bool entity = false;
  for (const auto& [h, kw] : expected) entity |= kw.first == 'e';
  EXPECT_TRUE(entity);
  EXPECT_FALSE(packed.count(fnv1a64("ZAjane")));
  EXPECT_FALSE(packed.count(fnv1a64("benchmark")));
}

TEST(RelatedRankTerms, NoRankedTermsNoSlot) {
  Article a;
  a.id = "t2";
  a.title = "a";  // a stop word and nothing else
  const AnalyzedArticle an = analyze_article(a);
  EXPECT_TRUE(an.doc.get_value(schema::kSlotRankTerms).empty());
}

}  // namespace
}  // namespace byline
