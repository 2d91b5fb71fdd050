// crawler/xml_recover.h: the layer between UTF-8 feed text and pugixml.
//
// pugixml knows only the five XML entities, rejects ill-formed markup and never loads DTDs.
// prepare_xml() rewrites HTML named entities and internal-subset entities to numeric references
// and escapes bare '&' and '<' (linear, one pass); recover_xml() rebuilds a well-formed document
// from a broken one (unclosed or mismatched tags, bad attributes, truncation) for a second try.
// External entities are never resolved: only the internal subset's literal values are used.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace byline {

/// Most elements pugixml builds from one feed or OPML document: kMaxFeedEntries entries of
/// some fifty elements each. A 32 MiB document of empty elements (`<x/>` repeated) built a
/// tree of 600 MB; past the cap the rest of the document is dropped.
inline constexpr size_t kMaxXmlElements = 1000000;

/// The length of the longest prefix of `utf8` holding at most `max_elements` start tags (CDATA
/// sections, comments and processing instructions skipped): utf8.size() when the whole document
/// holds no more.
size_t prefix_within_elements(std::string_view utf8, size_t max_elements);

struct XmlPrepared {
  std::string text;         ///< the document to give pugixml
  bool well_formed = true;  ///< false when something had to be repaired
  std::string problem;      ///< the first repair, for the error message
  std::string doctype;      ///< the DOCTYPE declaration's head (dropped from `text`)
};

/// Entity and stray-character repair; CDATA sections, comments and PIs are left alone.
XmlPrepared prepare_xml(std::string_view utf8);

/// A well-formed reconstruction of `utf8` (already through prepare_xml): tags balanced, stray end
/// tags dropped, attributes re-quoted and deduplicated, truncated constructs closed.
std::string recover_xml(std::string_view utf8);

}  // namespace byline
