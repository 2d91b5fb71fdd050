// common/text.h: UTF-8 and whitespace helpers shared by every stage.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

namespace byline {

/// True when `s` is well-formed UTF-8 (no overlongs, surrogates or code points past U+10FFFF).
bool is_valid_utf8(std::string_view s);
/// `s` with every invalid UTF-8 sequence replaced by U+FFFD and NUL bytes dropped.
std::string sanitize_utf8(std::string_view s);
/// `s` for a terminal or an article's text: valid UTF-8 (invalid bytes become U+FFFD) with C0/C1
/// controls (escape sequences included) removed; tabs, CRs, NELs, newlines, vertical tabs and
/// form feeds become spaces, newlines stay when keep_newlines.
std::string strip_controls(std::string_view s, bool keep_newlines = false);
/// strip_controls(), and without the bidirectional embeddings, overrides and isolates, for a
/// terminal: what a line says (a result, an error naming a file, a log line) reads in order.
std::string for_terminal(std::string_view s, bool keep_newlines = false);
/// Runs of white space (Unicode spaces included) collapsed to one ASCII space, ends trimmed. A
/// zero-width space (U+200B) or a BOM joins what it splits ("https://\u200Bexample.com"),
/// but after a letter of a script written without spaces it is a space (zero_width_splits).
std::string collapse_whitespace(std::string_view s);
/// Whether a zero-width space after `cp` parts words: Thai, Lao, Tibetan, Myanmar and Khmer
/// text marks its word breaks with it, and their words are found by them.
bool zero_width_splits(uint32_t cp);
/// The last code point of `s` (0 when empty).
uint32_t last_code_point(std::string_view s);
/// Removes U+FFFE and U+FFFF, the characters XML 1.0 forbids that UTF-8 can carry beside the
/// controls.
void drop_xml_nonchars(std::string& s);
/// A name from the outside (a feed's title, a tag) as byline keeps it: strip_controls(), without
/// U+FFFE and U+FFFF, then collapse_whitespace(). A feed's DEL or CSI is no part of its name,
/// in JSON output either.
std::string one_line(std::string_view s);
/// Removes the invisible characters that sit inside words: soft hyphens (U+00AD), word joiners
/// (U+2060), zero-width spaces (U+200B; a space after zero_width_splits() letters) and byte
/// order marks left in the text (U+FEFF). Left in, they split "Not\u00ADfall"
/// into two words for the index, and a search for the word found nothing. Control characters
/// go too (C0 but tab and line breaks, DEL, C1; NEL becomes a space): a page's or a record's
/// ESC or CSI is no text. Returns whether anything was removed or replaced.
bool strip_invisible(std::string& s);
/// Edits (insert, delete, substitute) from `a` to `b`, bytewise: how close a mistyped name is.
size_t edit_distance(const std::string& a, const std::string& b);
std::string_view trim(std::string_view s);
std::string to_lower_ascii(std::string_view s);
bool iequals_ascii(std::string_view a, std::string_view b);
bool starts_with_icase(std::string_view s, std::string_view prefix);
std::vector<std::string> split(std::string_view s, char sep);
/// Whether `s` is one of `list`: the word lists of the extraction rules.
bool in_list(std::string_view s, std::initializer_list<std::string_view> list);
/// Appends code point `cp` to `out` as UTF-8 (U+FFFD for invalid ones).
void append_utf8(std::string& out, uint32_t cp);
/// Decodes one UTF-8 code point at s[i], advancing i; U+FFFD and one byte on error.
uint32_t next_code_point(std::string_view s, size_t& i);
/// Words for a rough count (reading time, short-text checks).
size_t count_words(std::string_view s);
/// Deepest JSON nesting byline parses. nlohmann::json builds a node per level, so a document of
/// brackets costs some 60 bytes per byte of input; real data nests a few dozen levels at most.
inline constexpr int kMaxJsonDepth = 256;
/// Most JSON values byline parses in one document. Each costs nlohmann::json 16 bytes and more
/// (an empty object some 64): 60 MB of "[{},{},...]" took 1.8 GB. Real records, feeds, JSON-LD
/// and __NEXT_DATA__ blobs hold thousands to a few hundred thousand.
inline constexpr size_t kMaxJsonValues = 1'000'000;
/// About how many values the JSON text `s` holds (its arrays, objects and commas, outside
/// strings), or SIZE_MAX when an array or object nests deeper than `max_depth`: a scan that
/// allocates nothing (invalid JSON is left for the parser to refuse).
size_t json_value_count(std::string_view s, int max_depth = kMaxJsonDepth);
/// Whether `s` nests no deeper than `max_depth` and holds no more than `max_values` values.
inline bool json_nesting_within(std::string_view s, int max_depth = kMaxJsonDepth,
                                size_t max_values = kMaxJsonValues) {
  return json_value_count(s, max_depth) <= max_values;
}

/// The JSON text `s` with every string longer than `max` bytes cut to at most `max` (between
/// two characters, never inside an escape or a surrogate pair) into `out`, so that a parse never
/// holds such a string: nlohmann's lexer and its DOM each held a 60 MB record's body whole.
/// False (and `out` left alone) when no string is that long. A string with no closing quote is
/// left as it is, for the parser to refuse.
bool cut_json_strings(std::string_view s, size_t max, std::string* out);

/// A string cut to at most `max_bytes` without splitting a UTF-8 sequence, "…" appended when cut.
std::string truncate_utf8(std::string_view s, size_t max_bytes);

/// Whether `b` is no text byline reads: a NUL byte in its first 8 KiB (grep's and git's test),
/// unless it opens as UTF-16 or UTF-32 text does (a byte order mark, or "<" of a wide XML or
/// HTML document), which the charset detection decodes. Gzip data is binary.
bool looks_binary(std::string_view b);
/// 2 when `b` is UTF-16 little-endian, 1 big-endian, 0 neither: by its byte order mark, else by
/// a NUL in every other byte of its first 512 bytes (mostly-ASCII text without a mark).
int utf16_order(std::string_view b);
/// Text of an unknown encoding as UTF-8 (a plain-text file): a byte order mark's UTF-8 or
/// UTF-16, UTF-16 without one (utf16_order()), valid UTF-8 as it is, anything else as
/// windows-1252, the legacy default browsers read such bytes in. Sets `*decoded` when it was
/// not UTF-8 already.
std::string text_to_utf8(std::string_view b, bool* decoded = nullptr);
/// windows-1252 bytes as UTF-8, as WHATWG decodes them (the five bytes it leaves undefined are
/// the C1 controls of their value).
std::string windows1252_to_utf8(std::string_view s);

/// Bytes no page or text is: looks_binary(), and control bytes throughout its first 8 KiB (over
/// 5%), as compressed and image data have (some 11% of random bytes). A page with a stray NUL
/// from a broken CMS is still a page.
bool is_binary_data(std::string_view b);

/// JSON as lenient writers leave it, made strict: raw line breaks and tabs in strings become
/// spaces, a comma before a closing bracket goes, and a lone UTF-16 surrogate escape becomes
/// \uFFFD. Bytes that are not UTF-8 are the caller's to repair.
std::string repair_json(std::string_view s);

}  // namespace byline
