// bench/title_queries.h: the work of the query benchmarks (serve_bench, shard_bench), read off
// the index itself: searches of two words of an article's title, and that article's id for
// related().
#pragma once

#include <xapian.h>

#include <cctype>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "byline/search.h"
#include "common/text.h"

namespace bench {

struct TitleQueries {
  std::vector<std::string> queries;  // search queries
  std::vector<std::string> ids;      // related() articles, one per query
};

/// `n` queries from random articles of the index at `index` (the same for every run), read
/// through `searcher`; an error message when the index has too few titles of two words.
inline byline::Result<TitleQueries> title_queries(const std::string& index,
                                                  byline::Searcher& searcher, size_t n) {
  std::vector<std::string> all;  // every article's id (its Q term, schemas/index.md)
  try {
    Xapian::Database db(index);
    for (auto t = db.allterms_begin("Q"); t != db.allterms_end("Q"); ++t)
      all.push_back((*t).substr(1));
  } catch (const Xapian::Error& e) {
    return byline::Status(byline::ErrorCode::kIndexCorrupt, e.get_description());
  }
  if (all.empty()) return byline::Status(byline::ErrorCode::kNotFound, "no articles in " + index);
  TitleQueries work;
  std::mt19937 rng(42);
  for (size_t i = 0; work.queries.size() < n; ++i) {
    if (i > 100 * n)
      return byline::Status(byline::ErrorCode::kNotFound,
                            "too few titles of two words or more in " + index);
    auto h = searcher.get(all[rng() % all.size()]);
    if (!h.ok()) continue;
    std::vector<std::string> words;
    std::istringstream ws(h->title);
    for (std::string w; ws >> w;) {
      std::erase_if(w, [](unsigned char c) { return !std::isalnum(c); });
      const std::string lw = byline::to_lower_ascii(w);
      if (w.size() > 3 && lw != "near" && lw != "xor") words.push_back(w);  // not operators
    }
    if (words.size() < 2) continue;
    work.queries.push_back(words[rng() % words.size()] + " " + words[rng() % words.size()]);
    work.ids.push_back(h->id);
  }
  return work;
}

}  // namespace bench
