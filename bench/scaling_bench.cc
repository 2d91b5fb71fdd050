// scaling_bench: how extraction and analysis time grow with the size of hostile pages.
//
//   scaling_bench [--max-mib N (8)] [--shape NAME] [--write DIR]
//
// Each shape is a page an attacker (or a broken CMS) could serve: prose, made-up names,
// thousands of headings, links, lists, tables, unclosed formatting tags, a single endless
// word, CJK text, a head full of metadata. Each is built at 1, 2, 4 ... N MiB and run through
// extract_html and PreparedArticle (the analysis; its text is cut at 1 MiB first) in this
// process. Two figures per shape, side by side with the prose peer: the time at the biggest
// size over the time at half of it (about 2 is linear, 4 quadratic; the analysis, on text cut
// at 1 MiB, stays flat), and the time at the biggest size over prose's. A shape well above
// prose in either has work that grows faster than its input or its text, which a hostile feed
// turns into a crawl that never ends. --write keeps the pages, to profile one with `byline
// extract`.
#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <iomanip>
#include <iostream>
#include <random>
#include <string>
#include <vector>

#include "byline/extract.h"
#include "byline/index.h"

using namespace byline;
using Clock = std::chrono::steady_clock;

namespace {

struct Shape {
  const char* name;
  const char* what;
  std::function<std::string(std::mt19937&)> piece;  // a few hundred bytes of body, repeated
  std::string head = {};
};

std::string word(std::mt19937& rnd, bool capital = false) {
  // A vocabulary of 20,000 made-up words, the same for every run.
  static const std::vector<std::string> vocab = [] {
    std::mt19937 r(7);
    std::vector<std::string> v;
    for (int i = 0; i < 20000; ++i) {
      std::string w;
      for (int k = 0, n = 3 + static_cast<int>(r() % 7); k < n; ++k)
        w += static_cast<char>('a' + r() % 26);
      v.push_back(w);
    }
    return v;
  }();
  std::string w = vocab[rnd() % vocab.size()];
  if (capital) w[0] = static_cast<char>(w[0] - 'a' + 'A');
  return w;
}

std::string words(std::mt19937& rnd, int n, bool capitals = false) {
  std::string s;
  for (int i = 0; i < n; ++i) s += (i ? " " : "") + word(rnd, capitals);
  return s;
}

std::vector<Shape> shapes() {
  std::vector<Shape> out;
  out.push_back({"prose", "paragraphs of ordinary words (the peer)",
                 [](std::mt19937& r) { return "<p>" + words(r, 60) + ".</p>\n"; }});
  out.push_back(
      {"names", "made-up capitalised names, each in pairs and alone", [](std::mt19937& r) {
         return "<p>We met " + words(r, 2, true) + " and " + words(r, 1, true) + ", then " +
                words(r, 1, true) + " again.</p>\n";
       }});
  out.push_back({"headings", "a heading before every short paragraph", [](std::mt19937& r) {
                   return "<h2>" + words(r, 3) + "</h2><p>" + words(r, 12) + ".</p>\n";
                 }});
  out.push_back({"links", "paragraphs that are mostly links", [](std::mt19937& r) {
                   std::string s = "<p>";
                   for (int i = 0; i < 8; ++i)
                     s += "<a href=\"/" + word(r) + "\">" + words(r, 2) + "</a> " + word(r) + " ";
                   return s + "</p>\n";
                 }});
  out.push_back({"lists", "one endless list",
                 [](std::mt19937& r) { return "<li>" + words(r, 10) + "</li>\n"; }});
  out.push_back({"table", "one endless table", [](std::mt19937& r) {
                   return "<tr><td>" + words(r, 4) + "</td><td>" + words(r, 4) + "</td></tr>\n";
                 }});
  out.push_back({"unclosed", "formatting tags that are never closed", [](std::mt19937& r) {
                   return "<p><b><i><em><font>" + words(r, 8) + "<span><div>" + words(r, 8);
                 }});
  out.push_back({"divs", "nested divs 50 deep, again and again", [](std::mt19937& r) {
                   std::string s;
                   for (int i = 0; i < 50; ++i) s += "<div class=\"c" + std::to_string(i) + "\">";
                   s += words(r, 20);
                   for (int i = 0; i < 50; ++i) s += "</div>";
                   return s + "\n";
                 }});
  out.push_back(
      {"attributes", "paragraphs with class, id and style lists of 2 KB each", [](std::mt19937& r) {
         return "<p class=\"" + words(r, 300) + "\" id=\"" + words(r, 300) + "\" style=\"" +
                words(r, 300) + "\">" + words(r, 10) + ".</p>\n";
       }});
  out.push_back(
      {"brs", "text broken only by <br>", [](std::mt19937& r) { return words(r, 12) + "<br>\n"; }});
  out.push_back({"labels", "short lines that look like \"5 min read\" labels, in one element",
                 [](std::mt19937& r) { return words(r, 4) + " admin minutes<br>\n"; }});
  out.push_back({"oneword", "one word without end", [](std::mt19937& r) {
                   std::string s;
                   for (int i = 0; i < 40; ++i) s += word(r);
                   return s;
                 }});
  out.push_back({"cjk", "Chinese text without spaces", [](std::mt19937& r) {
                   std::string s = "<p>";
                   for (int i = 0; i < 60; ++i) {
                     const char32_t c = 0x4E00 + r() % 0x5000;  // CJK unified ideographs
                     s += static_cast<char>(0xE0 | (c >> 12));
                     s += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
                     s += static_cast<char>(0x80 | (c & 0x3F));
                   }
                   return s + "。</p>\n";
                 }});
  out.push_back(
      {"metadata", "a body of <time> and <meta> tags and JSON-LD blocks", [](std::mt19937& r) {
         return "<meta property=\"article:tag\" content=\"" + word(r) +
                "\"><time datetime=\"2024-01-0" + std::to_string(1 + r() % 9) +
                "\">x</time><script type=\"application/ld+json\">{\"@type\":"
                "\"NewsArticle\",\"author\":{\"name\":\"" +
                words(r, 2, true) + "\"}}</script><p>" + words(r, 10) + ".</p>\n";
       }});
  return out;
}

std::string page(const Shape& shape, size_t bytes) {
  std::mt19937 rnd(1);
  std::string html = "<!doctype html><html><head><title>Scaling</title>" + shape.head +
                     "</head><body><article><h1>Scaling</h1>";
  while (html.size() < bytes) html += shape.piece(rnd);
  return html + "</article></body></html>";
}

struct Times {
  double extract = 0, analyze = 0;
  size_t text = 0;
};

Times run(const std::string& html) {
  Times t;
  const auto t0 = Clock::now();
  ExtractOptions options;
  options.url = "https://example.com/scaling";
  auto article = extract_html(html, options);
  const auto t1 = Clock::now();
  t.extract = std::chrono::duration<double>(t1 - t0).count();
  if (!article.ok()) return t;
  PreparedArticle prepared(std::move(*article));
  t.analyze = std::chrono::duration<double>(Clock::now() - t1).count();
  t.text = prepared.article().text_bytes();
  return t;
}

}  // namespace

int main(int argc, char** argv) {
  size_t max_mib = 8;
  std::string only, write_dir;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--max-mib" && i + 1 < argc)
      max_mib = std::max(2, std::atoi(argv[++i]));
    else if (a == "--shape" && i + 1 < argc)
      only = argv[++i];
    else if (a == "--write" && i + 1 < argc)
      write_dir = argv[++i];
    else {
      std::cerr << "usage: scaling_bench [--max-mib N] [--shape NAME] [--write DIR]\n";
      return 2;
    }
  }
  std::cout << std::fixed << std::setprecision(2);
  std::cout << "shape      MiB  extract s  analyze s  text KiB\n";
  double prose_ratio = 0, prose_total = 0;
  for (const Shape& shape : shapes()) {
    if (!only.empty() && only != shape.name && std::string("prose") != shape.name) continue;
    std::vector<Times> times;
    for (size_t mib = 1; mib <= max_mib; mib *= 2) {
      const std::string html = page(shape, mib << 20);
      if (!write_dir.empty())
        std::ofstream(write_dir + "/" + shape.name + "-" + std::to_string(mib) + ".html") << html;
      const Times t = run(html);
      times.push_back(t);
      std::cout << std::left << std::setw(10) << shape.name << std::right << std::setw(4) << mib
                << std::setw(11) << t.extract << std::setw(11) << t.analyze << std::setw(10)
                << t.text / 1024 << "\n";
    }
    const Times& big = times.back();
    const Times& half = times[times.size() - 2];
    const double total = big.extract + big.analyze;
    const double ratio = total / std::max(1e-6, half.extract + half.analyze);
    if (std::string("prose") == shape.name) {
      prose_ratio = ratio;
      prose_total = total;
    }
    std::cout << "  " << shape.name << ": x" << ratio << " for twice the size (prose x"
              << prose_ratio << "), x" << total / std::max(1e-6, prose_total) << " prose's time at "
              << max_mib << " MiB: " << shape.what << "\n";
  }
  return 0;
}
