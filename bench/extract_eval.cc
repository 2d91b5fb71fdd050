// extract_eval: byline's article extraction against the scrapinghub benchmark (byline and the
// staged peer outputs scored by the same metric in the same run), and the metadata check on
// Mozilla Readability's test pages.
//
//   extract_eval [--shared DIR] [--worst N] [--page ID] [--fields]
//
// --worst N lists byline's N lowest-F1 pages; --page ID prints byline's body for one page next
// to its scores; --fields lists every readability page whose metadata differs, field by field.
#include <algorithm>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <iomanip>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>

#include "bench/extract_corpus.h"
#include "byline/extract.h"
#include "common/datetime.h"
#include "common/html_text.h"
#include "common/text.h"

namespace fs = std::filesystem;
using namespace byline;

namespace {

struct Row {
  std::string name;
  corpus::Score score;
};

void print_row(const Row& r) {
  std::cout << "  " << std::left << std::setw(18) << r.name << std::right << std::fixed
            << std::setprecision(3) << std::setw(8) << r.score.f1 << std::setw(10)
            << r.score.precision << std::setw(8) << r.score.recall << std::setw(8)
            << r.score.predicted << "/" << r.score.pages << "\n";
}

std::string norm_ws(std::string_view s) { return collapse_whitespace(s); }

struct FieldCheck {
  const char* name;
  int equal = 0;
  int byline_more = 0;  ///< expected nothing; byline found a value (e.g. a <time> date)
  int by_prefix = 0;    ///< differs only by a leading "By" that byline drops from names
};

/// A byline's leading credit word ("By", "by:", "Par", "Por"), which byline's author drops.
std::string drop_by(std::string_view s) {
  const std::string l = to_lower_ascii(s.substr(0, 4));
  for (std::string_view p : {"by: ", "by ", "par ", "por "})
    if (l.starts_with(p)) return std::string(trim(s.substr(p.size())));
  return std::string(s);
}

/// True when the page's visible text writes the UTC day of `t` in a common style ("2015-03-10",
/// "March 10, 2015", "Feb. 21, 2019", "16 November 2017", "04.05.2015", "2017年3月10日"...): an
/// independent check of a date byline reads where Readability reads none.
bool day_shown_in_text(std::string_view text, int64_t t) {
  static const char* const kMonths[] = {"January",   "February", "March",    "April",
                                        "May",       "June",     "July",     "August",
                                        "September", "October",  "November", "December"};
  const std::string iso = format_iso8601(t);  // YYYY-MM-DDTHH:MM:SSZ
  const int y = std::stoi(iso.substr(0, 4)), m = std::stoi(iso.substr(5, 2)),
            d = std::stoi(iso.substr(8, 2));
  const std::string month = kMonths[m - 1], mon = month.substr(0, 3), ys = std::to_string(y),
                    ds = std::to_string(d), mm = iso.substr(5, 2), dd = iso.substr(8, 2);
  const std::string forms[] = {iso.substr(0, 10),
                               month + " " + ds + ", " + ys,
                               mon + " " + ds + ", " + ys,
                               mon + ". " + ds + ", " + ys,
                               "Sept. " + ds + ", " + ys,
                               ds + " " + month + " " + ys,
                               ds + " " + mon + " " + ys,
                               dd + "." + mm + "." + ys,
                               ys + "/" + mm + "/" + dd,
                               std::to_string(m) + "/" + ds + "/" + ys,
                               ys + "年" + std::to_string(m) + "月" + ds + "日"};
  for (const std::string& f : forms) {
    if (f.starts_with("Sept") && m != 9) continue;
    if (text.find(f) != std::string_view::npos) return true;
  }
  return false;
}

int run_readability(const fs::path& shared, bool list_fields) {
  const fs::path dir = shared / "corpora" / "extraction" / "readability" / "test-pages";
  std::vector<fs::path> cases;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec))
    if (e.is_directory()) cases.push_back(e.path());
  std::sort(cases.begin(), cases.end());
  if (cases.empty()) {
    std::cout << "readability test pages: absent (" << dir << ")\n";
    return 0;
  }
  FieldCheck fields[] = {{"title"}, {"byline"}, {"excerpt"}, {"siteName"}, {"publishedTime"}};
  std::map<std::string, int> extra_dates;  // by source: dates where Readability finds none
  int extra_dates_shown = 0;               // ...whose day the page's text also writes
  int dated = 0, dated_equal = 0;          // pages where Readability expects a date
  int all = 0;
  const int64_t now = unix_now();
  std::vector<corpus::PageCounts> text_counts;  // body vs Readability's own expected.html
  for (const fs::path& c : cases) {
    const std::string html = corpus::read_maybe_gzip(c / "source.html");
    const auto exp = nlohmann::json::parse(corpus::read_maybe_gzip(c / "expected-metadata.json"),
                                           nullptr, false);
    ExtractOptions o;
    o.url = "http://fakehost/test/page.html";  // what the upstream harness uses
    o.now = now;
    auto r = extract_html(html, o);
    Article a = r.ok() ? *r : Article();
    text_counts.push_back(
        corpus::match(html_to_text(corpus::read_maybe_gzip(c / "expected.html")), a.body()));
    if (list_fields && text_counts.back().recall() < 0.8)
      std::cout << std::setprecision(3) << "  " << c.filename().string() << " text: precision "
                << text_counts.back().precision() << " recall " << text_counts.back().recall()
                << "\n";
    auto want = [&](const char* k) {
      return exp.is_object() && exp.contains(k) && exp[k].is_string() ? exp[k].get<std::string>()
                                                                      : std::string();
    };
    const std::string got_published = a.published ? format_iso8601(*a.published) : "";
    const std::string want_pub = want("publishedTime");
    const auto want_pub_t = parse_date(want_pub);
    const bool pub_eq = want_pub.empty()
                            ? got_published.empty()
                            : (a.published && want_pub_t && *a.published == *want_pub_t);
    if (!want_pub.empty()) {
      ++dated;
      dated_equal += pub_eq;
    }
    const std::pair<std::string, std::string> pairs[] = {
        {norm_ws(want("title")), norm_ws(a.title)},
        {norm_ws(want("byline")), norm_ws(a.byline)},
        {norm_ws(want("excerpt")), norm_ws(a.description)},
        {norm_ws(want("siteName")), norm_ws(a.site_name)},
        {want_pub, got_published}};
    bool page_ok = true;
    for (int i = 0; i < 5; ++i) {
      const bool eq = i == 4 ? pub_eq : pairs[i].first == pairs[i].second;
      if (eq) {
        ++fields[i].equal;
      } else if (pairs[i].first.empty() && !pairs[i].second.empty()) {
        ++fields[i].byline_more;
        bool shown = false;
        if (i == 4) {
          ++extra_dates[a.published_source];
          shown = day_shown_in_text(html_to_text(html), *a.published);
          extra_dates_shown += shown;
        }
        if (list_fields && i == 4)
          std::cout << "  " << c.filename().string() << " publishedTime: none expected, byline "
                    << pairs[i].second << " from " << a.published_source
                    << (shown ? " (that day is written on the page)" : "") << "\n";
        else if (list_fields)
          std::cout << "  " << c.filename().string() << " " << fields[i].name
                    << ": none expected, byline \"" << truncate_utf8(pairs[i].second, 120)
                    << "\"\n";
        page_ok = false;
      } else if (i == 1 && drop_by(pairs[i].first) == pairs[i].second) {
        ++fields[i].by_prefix;
        page_ok = false;
      } else {
        page_ok = false;
        if (list_fields)
          std::cout << "  " << c.filename().string() << " " << fields[i].name << ": want \""
                    << truncate_utf8(pairs[i].first, 120) << "\" got \""
                    << truncate_utf8(pairs[i].second, 120) << "\"\n";
      }
    }
    all += page_ok;
  }
  std::cout << "\nreadability metadata (" << cases.size()
            << " test pages, equal after whitespace/date normalisation):\n"
            << "  field          equal   other differences: expected none & byline found one /"
               " only a leading \"By\" / different\n";
  for (const auto& f : fields)
    std::cout << "  " << std::left << std::setw(14) << f.name << std::right << std::setw(4)
              << f.equal << "/" << cases.size() << std::setw(8) << f.byline_more << std::setw(6)
              << f.by_prefix << std::setw(6)
              << static_cast<int>(cases.size()) - f.equal - f.byline_more - f.by_prefix << "\n";
  std::cout << "  publishedTime where Readability finds none, by byline's source:";
  int extra_total = 0;
  for (const auto& [source, n] : extra_dates) {
    std::cout << " " << source << " " << n;
    extra_total += n;
  }
  std::cout << "; that day written in the page's text on " << extra_dates_shown << " of "
            << extra_total << "\n";
  // Readability's own test harness asserts publishedTime only where the expected value is set.
  std::cout << "  publishedTime where Readability expects a date (what its own tests check): "
            << dated_equal << "/" << dated << " equal\n";
  std::cout << "  all five      " << std::setw(4) << all << "/" << cases.size() << "\n";
  const corpus::Score ts = corpus::aggregate(text_counts);
  std::cout << std::setprecision(3)
            << "  body text vs Readability's expected.html (same metric): F1 " << ts.f1
            << "  precision " << ts.precision << "  recall " << ts.recall << "\n";
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  fs::path shared = BYLINE_SHARED_DIR;
  int worst = 0;
  std::string page_id;
  bool list_fields = false;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--shared" && i + 1 < argc)
      shared = argv[++i];
    else if (a == "--worst" && i + 1 < argc)
      worst = std::atoi(argv[++i]);
    else if (a == "--page" && i + 1 < argc)
      page_id = argv[++i];
    else if (a == "--fields")
      list_fields = true;
    else {
      std::cerr << "usage: extract_eval [--shared DIR] [--worst N] [--page ID] [--fields]\n";
      return 2;
    }
  }
  auto pages = corpus::load_pages(shared, /*with_html=*/true);
  if (pages.empty()) {
    std::cerr << "extract_eval: no corpus under " << corpus::scrapinghub_dir(shared) << "\n";
    return 3;
  }
  std::vector<corpus::PageCounts> ours;
  std::vector<std::pair<double, std::string>> per_page;
  std::vector<Article> extracted;
  const auto t0 = std::chrono::steady_clock::now();
  for (const auto& p : pages) {
    ExtractOptions o;
    o.url = p.url;
    auto r = extract_html(p.html, o);
    if (r.ok()) extracted.push_back(*r);
    const std::string body = r.ok() ? r->body() : std::string();
    ours.push_back(corpus::match(p.truth, body));
    const auto& c = ours.back();
    const double f = c.precision() + c.recall() > 0
                         ? 2 * c.precision() * c.recall() / (c.precision() + c.recall())
                         : 0;
    per_page.emplace_back(f, p.id);
    if (!page_id.empty() && p.id.starts_with(page_id)) {  // --worst prints 12 characters
      std::cout << "page " << p.id << " " << p.url << "\n  P " << c.precision() << " R "
                << c.recall() << "\n--- byline body ---\n"
                << body << "\n--- truth ---\n"
                << p.truth << "\n";
    }
  }
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();

  std::vector<Row> rows;
  rows.push_back({"byline", corpus::aggregate(ours)});
  for (const auto& e : fs::directory_iterator(corpus::scrapinghub_dir(shared) / "peer-outputs")) {
    const std::string fname = e.path().filename().string();
    if (!fname.ends_with(".json.gz") && !fname.ends_with(".json")) continue;
    const auto peer = corpus::load_peer(e.path());
    std::vector<corpus::PageCounts> counts;
    for (const auto& p : pages) {
      const auto it = peer.find(p.id);
      counts.push_back(corpus::match(p.truth, it == peer.end() ? std::string() : it->second));
    }
    rows.push_back({fname.substr(0, fname.find('.')), corpus::aggregate(counts)});
  }
  {
    std::vector<corpus::PageCounts> whole;  // the whole page's text: the floor
    for (const auto& p : pages) {
      whole.push_back(corpus::match(p.truth, html_to_text(p.html)));
    }
    rows.push_back({"(whole page)", corpus::aggregate(whole)});
  }
  std::sort(rows.begin(), rows.end(),
            [](const Row& a, const Row& b) { return a.score.f1 > b.score.f1; });
  std::cout << "scrapinghub article-extraction benchmark, " << pages.size()
            << " pages (4-gram shingles, Unicode \\w+ tokens)\n"
            << "  extractor              F1  precision  recall  scored\n";
  for (const Row& r : rows) print_row(r);
  std::cout << "  byline extraction time: " << std::setprecision(2) << secs << " s ("
            << std::setprecision(0) << pages.size() / secs << " pages/s, parse included)\n";
  {
    // Its share of that time: the language step again, alone, on what was extracted.
    const auto l0 = std::chrono::steady_clock::now();
    for (Article& a : extracted) settle_article_language(a, a.language);
    const double lang =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - l0).count();
    std::cout << "    of which language detection (CLD2): " << std::setprecision(3) << lang
              << " s, " << std::setprecision(1) << 100 * lang / secs << "%\n";
  }
  if (worst > 0) {
    std::sort(per_page.begin(), per_page.end());
    std::cout << "\nbyline's lowest pages:\n";
    for (int i = 0; i < worst && i < static_cast<int>(per_page.size()); ++i) {
      const auto& [f, id] = per_page[i];
      // A structured binding is captured by name only from C++20's clang 16 on.
      const auto it = std::find_if(pages.begin(), pages.end(),
                                   [&id = id](const auto& p) { return p.id == id; });
      const size_t k = static_cast<size_t>(it - pages.begin());
      std::cout << "  " << std::setprecision(3) << f << "  P " << ours[k].precision() << " R "
                << ours[k].recall() << "  " << id.substr(0, 12) << "  " << it->url << "\n";
    }
  }
  return run_readability(shared, list_fields);
}
