#include "common/charset.h"

#include <iconv.h>
#include <unicode/ucsdet.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "common/text.h"

namespace byline {

namespace {

std::string_view ws_trim(std::string_view s) {
  while (!s.empty() &&
         (s.front() == ' ' || s.front() == '\t' || s.front() == '\r' || s.front() == '\n'))
    s.remove_prefix(1);
  while (!s.empty() &&
         (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n'))
    s.remove_suffix(1);
  return s;
}

bool is_utf8_name(std::string_view e) { return e == "utf-8" || e == "utf8"; }

// Well-formed UTF-8 without NUL bytes; ASCII is checked eight bytes at a time since feeds are
// mostly ASCII markup.
bool valid_utf8_no_nul(std::string_view s) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const size_t n = s.size();
  size_t i = 0;
  while (i < n) {
    if (i + 8 <= n) {
      uint64_t w;
      std::memcpy(&w, p + i, 8);
      // No high bit and no zero byte in the word.
      if ((w & 0x8080808080808080ull) == 0 &&
          ((w - 0x0101010101010101ull) & ~w & 0x8080808080808080ull) == 0) {
        i += 8;
        continue;
      }
    }
    const unsigned char b = p[i];
    if (b == 0) return false;
    if (b < 0x80) {
      ++i;
      continue;
    }
    size_t len;
    uint32_t cp;
    if (b >= 0xC2 && b <= 0xDF)
      len = 2, cp = b & 0x1F;
    else if ((b & 0xF0) == 0xE0)
      len = 3, cp = b & 0x0F;
    else if (b >= 0xF0 && b <= 0xF4)
      len = 4, cp = b & 0x07;
    else
      return false;
    if (i + len > n) return false;
    for (size_t k = 1; k < len; ++k) {
      if ((p[i + k] & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (p[i + k] & 0x3F);
    }
    if ((len == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) ||
        (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)))
      return false;
    i += len;
  }
  return true;
}

// The encoding pseudo-attribute of an XML declaration in an ASCII-compatible prefix.
std::string xml_declared_encoding(std::string_view s) {
  size_t start = 0;
  while (start < s.size() && start < 64 && std::strchr(" \t\r\n", s[start])) ++start;
  if (s.substr(start, 5) != "<?xml") return {};
  const size_t end = s.find("?>", start);
  if (end == std::string_view::npos || end > 1024) return {};
  const std::string_view decl = s.substr(start, end - start);
  size_t p = decl.find("encoding");
  if (p == std::string_view::npos) return {};
  p += 8;
  while (p < decl.size() && (decl[p] == ' ' || decl[p] == '=' || decl[p] == '\t')) ++p;
  if (p >= decl.size() || (decl[p] != '"' && decl[p] != '\'')) return {};
  const char q = decl[p++];
  const size_t close = decl.find(q, p);
  if (close == std::string_view::npos) return {};
  return to_lower_ascii(ws_trim(decl.substr(p, close - p)));
}

// Canonical spelling for names that iconv does not know or that feeds misspell.
std::string canonical(std::string e) {
  if (e == "utf8") return "utf-8";
  if (e == "latin1" || e == "latin-1" || e == "l1") return "iso-8859-1";
  if (e == "cp1252") return "windows-1252";
  if (e == "cp1251") return "windows-1251";
  if (e == "x-sjis" || e == "sjis" || e == "shift-jis") return "shift_jis";
  if (e == "x-euc-jp") return "euc-jp";
  if (e == "unicode") return "utf-16";
  if (e == "ascii" || e == "us_ascii" || e == "ansi_x3.4-1968") return "us-ascii";
  return e;
}

// iconv name to decode with: the ASCII and Latin-1 labels decode as windows-1252, as browsers and
// feed readers do, since "smart quotes" in those feeds are always cp1252 bytes.
std::string decoder_name(std::string_view e) {
  if (is_windows_1252_label(e)) return "WINDOWS-1252";
  if (is_default_latin_label(e)) return "ISO-8859-15";  // iconv knows not "l9", "csisolatin9"
  if (e == "gb2312" || e == "gbk") return "GB18030";    // supersets, same bytes for valid input
  if (e == "euc-kr") return "CP949";
  if (e == "shift_jis") return "CP932";
  if (e == "big5") return "BIG5-HKSCS";
  // WHATWG reads these as windows-874, a superset (quotes, dashes, the euro sign).
  if (e == "tis-620" || e == "iso-8859-11" || e == "dos-874") return "WINDOWS-874";
  return std::string(e);
}

struct Sniffed {
  std::string encoding;
  size_t bom = 0;
};

Sniffed sniff_bom(std::string_view b) {
  auto at = [&](size_t i) { return i < b.size() ? static_cast<unsigned char>(b[i]) : 0x100u; };
  if (at(0) == 0x00 && at(1) == 0x00 && at(2) == 0xFE && at(3) == 0xFF) return {"utf-32be", 4};
  if (at(0) == 0xFF && at(1) == 0xFE && at(2) == 0x00 && at(3) == 0x00) return {"utf-32le", 4};
  if (at(0) == 0xEF && at(1) == 0xBB && at(2) == 0xBF) return {"utf-8", 3};
  if (at(0) == 0xFE && at(1) == 0xFF) return {"utf-16be", 2};
  if (at(0) == 0xFF && at(1) == 0xFE) return {"utf-16le", 2};
  return {};
}

// No BOM: XML 1.0 appendix F, "<?xm" in a wide encoding.
std::string sniff_wide(std::string_view b) {
  if (b.size() < 4) return {};
  const std::string_view h = b.substr(0, 4);
  if (h == std::string_view("\0\0\0<", 4)) return "utf-32be";
  if (h == std::string_view("<\0\0\0", 4)) return "utf-32le";
  if (h == std::string_view("\0<\0?", 4)) return "utf-16be";
  if (h == std::string_view("<\0?\0", 4)) return "utf-16le";
  return {};
}

}  // namespace

std::string content_type_media(std::string_view ct) {
  const size_t semi = ct.find(';');
  return to_lower_ascii(ws_trim(ct.substr(0, semi)));
}

std::string content_type_charset(std::string_view ct) {
  size_t pos = ct.find(';');
  while (pos != std::string_view::npos) {
    std::string_view param = ct.substr(pos + 1);
    const size_t next = param.find(';');
    std::string_view one = ws_trim(param.substr(0, next));
    const size_t eq = one.find('=');
    if (eq != std::string_view::npos && iequals_ascii(ws_trim(one.substr(0, eq)), "charset")) {
      std::string_view v = ws_trim(one.substr(eq + 1));
      // Quoted, or opened and never closed (charset="latin9), as browsers read it.
      if (!v.empty() && (v.front() == '"' || v.front() == '\'')) {
        const char quote = v.front();
        v = v.substr(1);
        if (const size_t close = v.find(quote); close != std::string_view::npos)
          v = v.substr(0, close);
      }
      return to_lower_ascii(ws_trim(v));
    }
    pos = next == std::string_view::npos ? next : pos + 1 + next;
  }
  return {};
}

CharsetDecision detect_xml_charset(std::string_view bytes, std::string_view content_type) {
  CharsetDecision d;
  const Sniffed bom = sniff_bom(bytes);
  d.bom_length = bom.bom;
  const std::string media = content_type_media(content_type);
  const std::string http = canonical(content_type_charset(content_type));

  std::string declared;
  std::string wide = bom.encoding.empty() ? sniff_wide(bytes) : std::string();
  if (bom.encoding.empty() && wide.empty()) {
    declared = canonical(xml_declared_encoding(bytes));
  } else {
    // The declaration of a wide document: transcode its head to read it.
    std::string head;
    const std::string enc = bom.encoding.empty() ? wide : bom.encoding;
    transcode_to_utf8(bytes.substr(bom.bom, std::min<size_t>(bytes.size() - bom.bom, 512)), enc,
                      head);
    declared = canonical(xml_declared_encoding(head));
  }
  d.declared = declared;

  if (!media.empty() && media != "application/xml" && media != "text/xml" &&
      media.find("xml") == std::string::npos && media.find("json") == std::string::npos &&
      media != "application/octet-stream") {
    // text/plain, text/html...: not declared as XML, which feed readers flag.
    d.conflict = true;
    d.problem = "served as " + media + ", not an XML media type";
  }

  if (!bom.encoding.empty()) {
    d.encoding = bom.encoding;
    // A BOM wins; a declaration naming another family is a (harmless) conflict.
    if (!declared.empty() && declared.substr(0, 6) != bom.encoding.substr(0, 6) &&
        !(declared == "utf-16" && bom.encoding.rfind("utf-16", 0) == 0) &&
        !(declared == "utf-32" && bom.encoding.rfind("utf-32", 0) == 0)) {
      d.conflict = true;
      d.problem = "byte-order mark says " + bom.encoding + " but the declaration says " + declared;
    }
    return d;
  }
  if (!http.empty()) {
    d.encoding = http;
    // A server's default label (ISO-8859-1 on many) over a feed written in UTF-8, as pages are
    // read (html_dom.cc): multibyte text that is valid UTF-8 is almost never Latin-1, and
    // "MÃ¼nchen" was indexed otherwise.
    if (is_default_latin_label(http) && has_multibyte_utf8(bytes)) {
      d.overridden = http;
      d.encoding = "utf-8";
    }
    return d;
  }
  // RFC 7303 (3.2, 8.5) replaced RFC 3023's "text/xml without a charset is us-ascii": the BOM or
  // the declaration decides, as for application/xml. nginx and Apache serve .xml files as
  // text/xml with no charset, and the old rule garbled every windows-1251 or Shift_JIS feed.
  // Bytes that are all ASCII read the same either way; they keep RFC 3023's name, which
  // feedparser (and its test suite) reports.
  if (media.rfind("text/", 0) == 0 && media.find("xml") != std::string::npos && wide.empty() &&
      std::all_of(bytes.begin(), bytes.end(),
                  [](char c) { return static_cast<unsigned char>(c) < 0x80; })) {
    d.encoding = "us-ascii";
    return d;
  }
  if (!wide.empty()) {
    d.encoding = declared.rfind(wide.substr(0, 6), 0) == 0 && declared.size() > 6 ? declared : wide;
    if (d.encoding == "utf-16" || d.encoding == "utf-32") d.encoding = wide;
    return d;
  }
  if (!declared.empty() && declared != "utf-16" && declared != "utf-32") {
    d.encoding = declared;
    // A template's Latin declaration over a feed its CMS writes in UTF-8, as a page's <meta
    // charset> is read (html_dom.cc).
    if (is_default_latin_label(declared) && has_multibyte_utf8(bytes)) {
      d.overridden = declared;
      d.overridden_declaration = true;
      d.encoding = "utf-8";
    }
    return d;
  }
  d.encoding = "utf-8";
  d.defaulted = true;
  return d;
}

bool is_clean_utf8(std::string_view bytes) { return valid_utf8_no_nul(bytes); }

bool is_windows_1252_label(std::string_view label) {
  // WHATWG Encoding, "windows-1252": every label browsers read as it, and two spellings
  // canonical() has long taken ("latin-1", "us_ascii").
  static constexpr std::string_view kLabels[] = {
      "ansi_x3.4-1968", "ascii",           "cp1252",     "cp819",     "csisolatin1",
      "ibm819",         "iso-8859-1",      "iso-ir-100", "iso8859-1", "iso88591",
      "iso_8859-1",     "iso_8859-1:1987", "l1",         "latin1",    "us-ascii",
      "windows-1252",   "x-cp1252",        "latin-1",    "us_ascii"};
  return std::find(std::begin(kLabels), std::end(kLabels), label) != std::end(kLabels);
}

bool is_default_latin_label(std::string_view label) {
  static constexpr std::string_view kLatin9[] = {
      "csisolatin9", "iso-8859-15", "iso8859-15", "iso885915", "iso_8859-15", "l9", "latin9"};
  return is_windows_1252_label(label) ||
         std::find(std::begin(kLatin9), std::end(kLatin9), label) != std::end(kLatin9);
}

bool has_multibyte_utf8(std::string_view s) {
  for (unsigned char ch : s)
    if (ch >= 0x80) return is_valid_utf8(s);
  return false;
}

Utf8Census utf8_census(std::string_view bytes) {
  Utf8Census c;
  for (size_t i = 0; i < bytes.size();) {
    const auto b = static_cast<unsigned char>(bytes[i]);
    if (b < 0x80) {
      ++i;
      continue;
    }
    const size_t at = i;
    // U+FFFD written in the input as its three bytes is a character, not a replacement.
    if (next_code_point(bytes, i) == 0xFFFD && bytes.substr(at, 3) != "\xEF\xBF\xBD")
      ++c.invalid;
    else
      ++c.multibyte;
  }
  return c;
}

namespace {
bool fits_gb2312(std::string_view b) {
  for (size_t i = 0; i < b.size(); ++i) {
    const auto c = static_cast<unsigned char>(b[i]);
    if (c < 0x80) continue;
    if (c < 0xA1 || c > 0xF7 || i + 1 >= b.size()) return false;
    const auto t = static_cast<unsigned char>(b[++i]);
    if (t < 0xA1 || t > 0xFE) return false;
  }
  return true;
}
}  // namespace

namespace {
// Thai in TIS-620 or windows-874, which ICU's detector does not know (it read such pages as
// GB18030 or EUC-KR: CJK mojibake and no body, audit of session 46). Thai spelling decides:
// every byte above ASCII a character those charsets define; a vowel written above or below
// after a consonant, a tone mark after a consonant or such a vowel, a leading vowel before a
// consonant, a Thai digit beside a digit; and evidence of Thai words: a leading vowel before
// its consonant, and marks on consonants. Chinese, Japanese, Korean, Cyrillic and Latin bytes
// break one of these within a few characters (a short Korean headline passed an earlier,
// looser rule: re-audit of session 46); UTF-8 with a stray byte is UTF-8.
bool looks_thai(std::string_view b) {
  const auto consonant = [](unsigned c) { return c >= 0xA1 && c <= 0xCE; };
  const auto vowel_mark = [](unsigned c) {  // above or below: ั ิ ี ึ ื ุ ู ฺ
    return c == 0xD1 || (c >= 0xD4 && c <= 0xDA);
  };
  const auto tone_mark = [](unsigned c) { return c >= 0xE7 && c <= 0xEE; };
  const auto digit = [](unsigned c) { return (c >= 0xF0 && c <= 0xF9) || (c >= '0' && c <= '9'); };
  size_t letters = 0, marks = 0, leading = 0;
  unsigned prev = 0;
  for (size_t i = 0; i < b.size(); ++i) {
    const auto c = static_cast<unsigned char>(b[i]);
    const unsigned next = i + 1 < b.size() ? static_cast<unsigned char>(b[i + 1]) : 0;
    if (c >= 0x80) {
      // windows-874's additions: euro sign, ellipsis, quotes and dashes, no-break space.
      const bool punct = c == 0x80 || c == 0x85 || (c >= 0x91 && c <= 0x97) || c == 0xA0;
      const bool defined = (c >= 0xA1 && c <= 0xDA) || (c >= 0xDF && c <= 0xFB);
      if (!punct && !defined) return false;
      if (vowel_mark(c) && !consonant(prev)) return false;
      if (tone_mark(c) && !consonant(prev) && !vowel_mark(prev)) return false;
      if (c == 0xD3 && !consonant(prev) && !tone_mark(prev)) return false;  // sara am
      if (c >= 0xE0 && c <= 0xE4) {  // เ แ โ ใ ไ: before a consonant
        if (!consonant(next)) return false;
        ++leading;
      }
      if (c >= 0xF0 && c <= 0xF9 && !digit(prev) && !digit(next)) return false;
      if (c == 0xFA || c == 0xFB) return false;  // phinthu, khomut: Pali, not news
      if (consonant(c)) ++letters;
      if (vowel_mark(c) || tone_mark(c)) ++marks;
    }
    prev = c;
  }
  if (letters < 8 || leading == 0 || marks < 2 || marks * 8 < letters) return false;
  // UTF-8 with a stray byte or two (a cp1252 quote pasted in) is read as UTF-8.
  const Utf8Census census = utf8_census(b);
  return census.invalid * 8 >= census.multibyte;
}
}  // namespace

std::string guess_charset(std::string_view bytes, int* confidence) {
  if (looks_thai(bytes.substr(0, 64 * 1024))) {
    if (confidence) *confidence = 100;
    // Named by the narrowest charset that holds the bytes, as GB2312 below (decoded alike).
    const bool extras = std::any_of(bytes.begin(), bytes.end(), [](char c) {
      return static_cast<unsigned char>(c) >= 0x80 && static_cast<unsigned char>(c) <= 0xA0;
    });
    return extras ? "windows-874" : "tis-620";
  }
  UErrorCode err = U_ZERO_ERROR;
  UCharsetDetector* det = ucsdet_open(&err);
  if (U_FAILURE(err)) return {};
  const int32_t len = static_cast<int32_t>(std::min<size_t>(bytes.size(), 64 * 1024));
  // Markup left out of the statistics: a page's tags are ASCII and dilute its letters (a short
  // Russian page read 32 sure of windows-1251 with them, 42 without).
  ucsdet_enableInputFilter(det, true);
  ucsdet_setText(det, bytes.data(), len, &err);
  std::string name;
  const UCharsetMatch* match = U_SUCCESS(err) ? ucsdet_detect(det, &err) : nullptr;
  const int32_t sure = match && U_SUCCESS(err) ? ucsdet_getConfidence(match, &err) : 0;
  if (confidence) *confidence = sure;
  if (match && U_SUCCESS(err) && sure >= 25) {
    const char* n = ucsdet_getName(match, &err);
    if (U_SUCCESS(err) && n) name = to_lower_ascii(n);
  }
  ucsdet_close(det);
  // UTF-8 is what the caller already ruled out; ISO-8859-1 guesses read better as cp1252.
  if (name == "utf-8") return {};
  // Windows code pages are supersets of the ISO sets ICU names, and what such feeds use.
  if (name == "iso-8859-1") return "windows-1252";
  if (name == "iso-8859-8-i" || name == "iso-8859-8") return "windows-1255";
  if (name == "iso-8859-9") return "windows-1254";
  // ICU names the superset; text whose every pair lies in the EUC-CN rows is GB2312 (what a
  // publisher of such bytes declares, and what chardet reports).
  if (name == "gb18030" && fits_gb2312(bytes.substr(0, static_cast<size_t>(len)))) return "gb2312";
  return name;
}

std::string guess_legacy_charset(std::string_view bytes) {
  // The detector's best match, when it is sure enough (guess_charset()), read by each
  // language's letter statistics: 41-76 on news text in Czech, Polish, Hungarian, Romanian,
  // Greek, Turkish, Hebrew, Arabic, Russian and Bulgarian, 25-33 in Slovak, Croatian and
  // Ukrainian (a sister language's statistics). Western windows-1252 text is never best read
  // as one of these (370 texts and pages in twelve languages, the benchmark pages among them;
  // another set is their second match at 13-32), save Turkish, which differs from it in six
  // letters of Icelandic.
  const std::string name = guess_charset(bytes);
  for (std::string_view legacy :
       {"shift_jis",    "euc-jp",       "iso-2022-jp", "gb18030",      "gb2312",     "euc-kr",
        "iso-2022-kr",  "big5",         "iso-2022-cn", "windows-1251", "koi8-r",     "iso-8859-5",
        "ibm866",       "windows-1250", "iso-8859-2",  "windows-1253", "iso-8859-7", "windows-1254",
        "windows-1255", "windows-1256", "iso-8859-6",  "windows-874",  "tis-620"})
    if (name == legacy) return name;
  return {};
}

bool transcode_to_utf8(std::string_view bytes, std::string_view encoding, std::string& out,
                       size_t* replaced) {
  out.clear();
  size_t bad = 0;
  const std::string enc = to_lower_ascii(encoding);
  if (is_utf8_name(enc)) {
    if (valid_utf8_no_nul(bytes)) {
      out.assign(bytes);
    } else {
      out = sanitize_utf8(bytes);
      bad = utf8_census(bytes).invalid;
    }
    if (replaced) *replaced = bad;
    return true;
  }
  const std::string from = decoder_name(enc);
  iconv_t cd = iconv_open("UTF-8", from.c_str());
  if (cd == reinterpret_cast<iconv_t>(-1)) return false;
  out.resize(bytes.size() * 2 + 16);
  char* in = const_cast<char*>(bytes.data());
  size_t in_left = bytes.size();
  size_t out_pos = 0;
  while (in_left > 0) {
    if (out.size() - out_pos < 64) out.resize(out.size() * 2);
    char* op = out.data() + out_pos;
    size_t out_left = out.size() - out_pos;
    const size_t r = iconv(cd, &in, &in_left, &op, &out_left);
    out_pos = static_cast<size_t>(op - out.data());
    if (r != static_cast<size_t>(-1)) break;
    if (errno == E2BIG) {
      out.resize(out.size() * 2);
      continue;
    }
    // EILSEQ or EINVAL (truncated sequence at the end): one replacement, skip one byte.
    ++bad;
    out.resize(std::max(out.size(), out_pos + 4));
    out.replace(out_pos, 3, "\xEF\xBF\xBD");
    out_pos += 3;
    ++in;
    --in_left;
    iconv(cd, nullptr, nullptr, nullptr, nullptr);
  }
  iconv_close(cd);
  out.resize(out_pos);
  if (out.find('\0') != std::string::npos) {
    std::string clean;
    clean.reserve(out.size());
    for (char c : out)
      if (c != '\0') clean += c;
    out.swap(clean);
  }
  if (replaced) *replaced = bad;
  return true;
}

}  // namespace byline
