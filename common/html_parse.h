// common/html_parse.h: libxml2's HTML parse with a budget, for pages and feed bodies alike.
#pragma once

#include <libxml/HTMLparser.h>

#include <cstddef>
#include <string_view>

namespace byline {

/// Most elements parsed from one page or feed body (the largest of 251 real news pages has
/// about 10,000); the rest of the input is skipped. A page of millions of tiny elements
/// (`x<br>` repeated) had built a tree and statistics of over 1 GB.
inline constexpr size_t kMaxHtmlElements = 200000;

/// Sets up libxml2's global state (encoding handlers, dictionaries) once per process, before
/// its first use: done lazily from several threads at once, it raced. Every libxml2 entry point
/// of byline calls it, so an application need not call xmlInitParser() itself.
void init_libxml();

/// htmlReadMemory() with `encoding` and `options`, but comments are left out (never text, and
/// a page of them filled the tree) and the parse stops after kMaxHtmlElements elements;
/// `cut`, when given, says whether it did. Null when libxml2 built no tree. Thread-safe.
htmlDocPtr read_html(std::string_view html, const char* encoding, int options, bool* cut = nullptr);

}  // namespace byline
