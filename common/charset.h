// common/charset.h: which character set feed and page bytes are in, and turning them into UTF-8.
//
// Order (RFC 7303): a byte-order mark, then the charset of the HTTP Content-Type, then the XML
// declaration's encoding, then UTF-8; a text/xml document of ASCII bytes is named us-ascii
// (RFC 3023's default, which reads the same). Transcoding uses glibc
// iconv; bytes that are invalid in the source charset become U+FFFD and are never passed on.
#pragma once

#include <string>
#include <string_view>

namespace byline {

struct CharsetDecision {
  std::string encoding;    ///< lower-case name as reported ("utf-8", "windows-1251", ...)
  size_t bom_length = 0;   ///< bytes of byte-order mark to skip
  bool conflict = false;   ///< e.g. a BOM contradicting the declaration, text/plain served
  std::string problem;     ///< why `conflict` is set
  bool defaulted = false;  ///< nothing declared the encoding: utf-8 is a guess
  /// The server's label (else the XML declaration's encoding), when the bytes are UTF-8 all the
  /// same (multibyte text, all of it valid) and are read so: a default Latin label
  /// (is_default_latin_label()).
  std::string overridden;
  /// `overridden` is the XML declaration's encoding, not the server's label.
  bool overridden_declaration = false;
  /// The XML declaration's encoding (canonical, lower-case), whether it decided or not.
  std::string declared;
};

/// One of WHATWG's labels of windows-1252, lower-case: the ISO-8859-1 and ASCII labels among
/// them ("latin1", "iso8859-1", "us-ascii"...), which browsers decode as windows-1252.
bool is_windows_1252_label(std::string_view label);
/// A Western single-byte label that servers give by default (a windows-1252 label or one of
/// ISO-8859-15's): over multibyte text that is valid UTF-8, the label is wrong, not the bytes.
bool is_default_latin_label(std::string_view label);

/// Non-ASCII bytes present, and all of them well-formed UTF-8: text written in UTF-8, whatever
/// a server's default label says.
bool has_multibyte_utf8(std::string_view s);

/// For undeclared bytes that are not UTF-8: the most likely charset (ICU's detector), lower-case,
/// or "" when it is not confident. Only the first 64 KiB are examined.
/// `confidence`, when given, receives ICU's (0-100; 25 and over is taken).
std::string guess_charset(std::string_view bytes, int* confidence = nullptr);
/// guess_charset() when it names a multibyte East Asian charset (Shift_JIS, EUC-JP, GB18030,
/// GB2312, EUC-KR, Big5, ISO-2022-*) or a single-byte one of another script or of Central
/// Europe (Cyrillic windows-1251, KOI8-R, ISO-8859-5, IBM866; windows-1250 and ISO-8859-2;
/// Greek windows-1253 and ISO-8859-7; Turkish windows-1254; Hebrew windows-1255; Arabic
/// windows-1256 and ISO-8859-6), else "": what undeclared bytes that are not UTF-8 are read in
/// before the windows-1252 default, which would make them mojibake (as browsers detect them).
std::string guess_legacy_charset(std::string_view bytes);

/// The charset parameter of a Content-Type header ("" when absent), lower-cased, unquoted.
std::string content_type_charset(std::string_view content_type);
/// The media type of a Content-Type header, lower-cased, without parameters.
std::string content_type_media(std::string_view content_type);

/// Well-formed UTF-8 without NUL bytes (what the reader can use without transcoding).
bool is_clean_utf8(std::string_view bytes);

/// Bytes read as UTF-8: sequences that are not UTF-8 (each becomes one U+FFFD), and characters
/// of more than one byte that are.
struct Utf8Census {
  size_t invalid = 0;
  size_t multibyte = 0;
};
Utf8Census utf8_census(std::string_view bytes);

/// Decides the encoding of an XML document.
CharsetDecision detect_xml_charset(std::string_view bytes, std::string_view content_type);

/// `bytes` (without BOM) converted from `encoding` to UTF-8. Invalid input bytes become U+FFFD;
/// `replaced` counts them. Returns false (and leaves `out` empty) when the charset is unknown.
bool transcode_to_utf8(std::string_view bytes, std::string_view encoding, std::string& out,
                       size_t* replaced = nullptr);

}  // namespace byline
