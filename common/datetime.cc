#include "common/datetime.h"

#include <unicode/uchar.h>

#include <algorithm>
#include <bitset>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "byline/article.h"
#include "common/text.h"

namespace byline {

int64_t make_utc(int y, int m, int d, int hh, int mm, int ss) {
  // Howard Hinnant's days_from_civil.
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  const int64_t days = era * 146097 + static_cast<int64_t>(doe) - 719468;
  return days * 86400 + hh * 3600 + mm * 60 + ss;
}

std::optional<int64_t> within_reach(std::optional<int64_t> t, int64_t now) {
  if (t && *t > now && *t - now > kFutureDateSlack) return std::nullopt;
  if (t && (*t < kFirstDate || *t > kLastDate)) return std::nullopt;
  return t;
}

int64_t unix_now() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string format_iso8601(int64_t t) {
  // Within the years dates are read in: past them the arithmetic below overflowed (INT64_MIN
  // printed hour 39), and no such date is one.
  t = std::clamp(t, kFirstDate, kLastDate);
  int64_t days = t >= 0 ? t / 86400 : (t - 86399) / 86400;
  int64_t secs = t - days * 86400;
  // civil_from_days
  days += 719468;
  const int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(days - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int64_t y = static_cast<int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  y += m <= 2;
  char buf[40];
  std::snprintf(buf, sizeof buf, "%04lld-%02u-%02uT%02d:%02d:%02dZ", static_cast<long long>(y), m,
                d, static_cast<int>(secs / 3600), static_cast<int>(secs / 60 % 60),
                static_cast<int>(secs % 60));
  return buf;
}

namespace {

/// English month abbreviations, as the parsers read them and dates are spelled out.
constexpr const char* kMonthNames[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                       "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

/// Whether `d` is a day of month `m` (1-12) in year `y`: no 31 April, no 29 February of a
/// common year.
bool is_day(int y, int m, int d) {
  static constexpr int kDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (m < 1 || m > 12 || d < 1 || d > kDays[m - 1]) return false;
  return !(m == 2 && d == 29 && !(y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)));
}

struct Cursor {
  std::string_view s;
  size_t i = 0;
  bool us_zone = false;  // the zone read was "ET", "CT", "MT" or "PT": standard or daylight
  bool done() const { return i >= s.size(); }
  char peek() const { return done() ? '\0' : s[i]; }
  void skip_space() {
    while (!done() && (std::isspace(static_cast<unsigned char>(s[i])) || s[i] == ',')) ++i;
  }
  bool number(int& out, int min_digits, int max_digits) {
    int n = 0, v = 0;
    while (!done() && n < max_digits && std::isdigit(static_cast<unsigned char>(s[i]))) {
      v = v * 10 + (s[i] - '0');
      ++i, ++n;
    }
    if (n < min_digits) return false;
    out = v;
    return true;
  }
  std::string word() {
    std::string w;
    while (!done() && std::isalpha(static_cast<unsigned char>(s[i]))) w += s[i++];
    return w;
  }
};

int month_from_name(std::string_view w) {
  static const char* const kMonths[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                        "jul", "aug", "sep", "oct", "nov", "dec"};
  if (w.size() < 3) return 0;
  const std::string l = to_lower_ascii(w.substr(0, 3));
  for (int k = 0; k < 12; ++k)
    if (l == kMonths[k]) return k + 1;
  return 0;
}

// Offset in seconds east of UTC for an RFC 822 zone name; nullopt if unknown.
std::optional<int> zone_offset(std::string_view z) {
  const std::string l = to_lower_ascii(z);
  if (l == "gmt" || l == "ut" || l == "utc" || l == "z") return 0;
  if (l == "est") return -5 * 3600;
  if (l == "edt") return -4 * 3600;
  if (l == "cst") return -6 * 3600;
  if (l == "cdt") return -5 * 3600;
  if (l == "mst") return -7 * 3600;
  if (l == "mdt") return -6 * 3600;
  if (l == "pst") return -8 * 3600;
  if (l == "pdt") return -7 * 3600;
  if (l == "cet") return 3600;
  if (l == "cest") return 2 * 3600;
  if (l == "bst") return 3600;
  if (l == "jst") return 9 * 3600;
  // Zone names seen in feeds beyond RFC 822's list.
  if (l == "et") return -5 * 3600;
  if (l == "ct") return -6 * 3600;
  if (l == "mt") return -7 * 3600;
  if (l == "pt") return -8 * 3600;
  if (l == "akst") return -9 * 3600;
  if (l == "akdt") return -8 * 3600;
  if (l == "hst") return -10 * 3600;
  if (l == "ast") return -4 * 3600;
  if (l == "adt") return -3 * 3600;
  if (l == "nzst") return 12 * 3600;
  if (l == "nzdt") return 13 * 3600;
  if (l == "aest") return 10 * 3600;
  if (l == "aedt") return 11 * 3600;
  if (l == "ist") return 5 * 3600 + 1800;
  if (l == "kst") return 9 * 3600;
  if (l == "eet") return 2 * 3600;
  if (l == "eest") return 3 * 3600;
  if (l == "wet") return 0;
  if (l == "west") return 3600;
  if (l == "msk") return 3 * 3600;
  if (l.size() == 1 && l[0] >= 'a' && l[0] <= 'z') return 0;  // military zones: treat as UTC
  return std::nullopt;
}

// Out-of-range days, hours, minutes and seconds (31 June, 25:14, 10:61) are accepted and roll
// over, as feed readers do; make_utc's arithmetic carries them.
bool valid(int y, int mo, int d, int h, int mi, int s) {
  return y >= 1000 && y <= 9999 && mo >= 1 && mo <= 12 && d >= 1 && d <= 31 && h >= 0 && h <= 47 &&
         mi >= 0 && mi <= 99 && s >= 0 && s <= 99;
}

// "+05:30", "-0800", "Z", "GMT", "+05"; returns seconds east of UTC.
std::optional<int> parse_offset(Cursor& c) {
  c.skip_space();
  if (c.done()) return 0;
  const char sign = c.peek();
  if (sign == '+' || sign == '-') {
    ++c.i;
    int hh = 0, mm = 0;
    const size_t start = c.i;
    if (!c.number(hh, 1, 2)) return std::nullopt;
    if (c.i - start == 2 || c.peek() == ':') {
      if (c.peek() == ':') ++c.i;
      c.number(mm, 2, 2);
    } else {
      return std::nullopt;
    }
    // Real zones lie within 14 hours of UTC; ISO 8601 readers allow 18. "+99:00" is no zone.
    if (hh > 18 || mm > 59 || (hh == 18 && mm > 0)) return std::nullopt;
    const int off = hh * 3600 + mm * 60;
    return sign == '-' ? -off : off;
  }
  const std::string w = c.word();
  c.us_zone = in_list(to_lower_ascii(w), {"et", "ct", "mt", "pt"});
  return zone_offset(w);
}

// 0 for Sunday .. 6 for Saturday.
int weekday_of(int y, int m, int d) {
  const int64_t days = make_utc(y, m, d, 0, 0, 0) / 86400;
  return static_cast<int>(((days % 7) + 7 + 4) % 7);  // 1970-01-01: Thursday
}

// The hour to add to a US zone's standard offset when "ET", "PT" and the like name a time of
// the year the zone keeps daylight time: from the second Sunday of March, 2:00, to the first of
// November (from 2007; the first Sunday of April to the last of October from 1987).
int us_daylight_shift(const Cursor& c, int y, int mo, int d, int h, int mi) {
  if (!c.us_zone || y < 1987) return 0;
  const auto sunday = [y](int month, int nth) {  // the nth Sunday of the month, a day
    return 1 + (7 - weekday_of(y, month, 1)) % 7 + 7 * (nth - 1);
  };
  const int64_t local = make_utc(y, mo, d, h, mi, 0);
  const int64_t start =
      y >= 2007 ? make_utc(y, 3, sunday(3, 2), 2, 0, 0) : make_utc(y, 4, sunday(4, 1), 2, 0, 0);
  const int64_t end = y >= 2007 ? make_utc(y, 11, sunday(11, 1), 1, 0, 0)
                                : make_utc(y, 11, sunday(11, 1), 1, 0, 0) - 7 * 86400;
  return local >= start && local < end ? 3600 : 0;
}

std::optional<int64_t> parse_iso(std::string_view s) {
  Cursor c{s};
  int y, mo = 1, d = 1, h = 0, mi = 0, sec = 0;
  if (!c.number(y, 4, 4)) return std::nullopt;
  if (c.peek() == '-') {
    ++c.i;
    if (!c.number(mo, 1, 2)) return std::nullopt;
    if (c.peek() == '-') {
      ++c.i;
      if (!c.number(d, 1, 2)) return std::nullopt;
    }
  } else if (std::isdigit(static_cast<unsigned char>(c.peek()))) {  // 20031231 basic format
    if (!c.number(mo, 2, 2) || !c.number(d, 2, 2)) return std::nullopt;
  }
  int offset = 0;
  if (c.peek() == 'T' || c.peek() == 't' || c.peek() == ' ') {
    ++c.i;
    if (c.number(h, 2, 2)) {
      if (c.peek() == ':') ++c.i;
      if (!c.number(mi, 2, 2)) return std::nullopt;
      if (c.peek() == ':') ++c.i;
      c.number(sec, 2, 2);
      if (c.peek() == '.' || c.peek() == ',') {  // fractions are dropped
        ++c.i;
        int ignored;
        c.number(ignored, 1, 9);
        while (std::isdigit(static_cast<unsigned char>(c.peek()))) ++c.i;
      }
      // "2026-03-05 02:15 PM": a CMS's 12-hour clock.
      const size_t before = c.i;
      c.skip_space();
      const std::string meridiem = to_lower_ascii(c.s.substr(c.i, 2));
      if ((meridiem == "am" || meridiem == "pm") &&
          (c.i + 2 == c.s.size() || !std::isalpha(static_cast<unsigned char>(c.s[c.i + 2])))) {
        if (h >= 1 && h <= 12) h = meridiem == "pm" ? (h % 12) + 12 : h % 12;
        c.i += 2;  // "13:15 PM" stays 13:15
      } else {
        c.i = before;
      }
      const auto off = parse_offset(c);
      if (!off) return std::nullopt;
      offset = *off;
    }
  }
  c.skip_space();
  if (!c.done()) return std::nullopt;
  if (!valid(y, mo, d, h, mi, sec)) return std::nullopt;
  return make_utc(y, mo, d, h, mi, sec) - offset - us_daylight_shift(c, y, mo, d, h, mi);
}

std::optional<int64_t> parse_rfc822(std::string_view s) {
  Cursor c{s};
  c.skip_space();
  // Optional day name.
  if (std::isalpha(static_cast<unsigned char>(c.peek()))) {
    const size_t save = c.i;
    const std::string w = c.word();
    if (month_from_name(w) != 0 && w.size() <= 9 && !c.done()) {
      c.i = save;  // "Jan 02 2006" style: the word is the month
    } else {
      if (c.peek() == '.') ++c.i;
    }
  }
  c.skip_space();
  int d = 0, mo = 0, y = 0;
  // An ordinal's suffix after the day ("5th March", "March 5th"): English writes them.
  auto skip_ordinal = [&c] {
    const std::string_view rest = c.s.substr(c.i);
    for (std::string_view suffix : {"st", "nd", "rd", "th"})
      if (rest.size() >= 2 && (rest.substr(0, 2) == suffix) &&
          (rest.size() == 2 || !std::isalpha(static_cast<unsigned char>(rest[2]))))
        c.i += 2;
  };
  if (std::isdigit(static_cast<unsigned char>(c.peek()))) {
    if (!c.number(d, 1, 2)) return std::nullopt;
    skip_ordinal();
    if (c.peek() == '.') ++c.i;  // "4. Dezember 2026"
    c.skip_space();
    if (c.peek() == '-') ++c.i;
    mo = month_from_name(c.word());
    if (c.peek() == '.') ++c.i;
    if (c.peek() == '-') ++c.i;
  } else {
    mo = month_from_name(c.word());
    if (c.peek() == '.') ++c.i;
    c.skip_space();
    if (!c.number(d, 1, 2)) return std::nullopt;
    skip_ordinal();
  }
  // A day is one or two digits: "Jan 2025" is no 20th of January in 2025.
  if (mo == 0 || std::isdigit(static_cast<unsigned char>(c.peek()))) return std::nullopt;
  c.skip_space();
  const size_t ystart = c.i;
  if (!c.number(y, 2, 4)) return std::nullopt;
  if (c.i - ystart == 2) y += y < 50 ? 2000 : 1900;
  c.skip_space();
  // A time, after a word the languages byline reads dates in put before it: "at 2:00 PM",
  // "um 14:30 Uhr", "à 14h30", "a las 14:30", "alle 14:30", "om 14:30", "kl. 14:30"; a dash or
  // a bar too. Anything else after the date ("| 3 comments", "at 10 Downing Street") is no
  // time and is left, as before.
  int h = 0, mi = 0, sec = 0;
  auto read_time = [&](Cursor& t) {
    for (bool skipped = true; skipped;) {
      skipped = false;
      const std::string_view rest = t.s.substr(t.i);
      for (std::string_view w : {"at ", "um ", "\u00e0 ", "a las ", "a la ", "alle ", "om ", "kl. ",
                                 "kl ", "- ", "| ", "\u2013 ", "\u00b7 "})
        if (rest.size() > w.size() && rest.substr(0, w.size()) == w &&
            std::isdigit(static_cast<unsigned char>(rest[w.size()]))) {
          t.i += w.size();
          skipped = true;
          break;
        }
    }
    if (!std::isdigit(static_cast<unsigned char>(t.peek()))) return false;
    if (!t.number(h, 1, 2)) return false;
    bool minutes = false;
    if (t.peek() == ':' || t.peek() == 'h') {  // "14h30" (French)
      ++t.i;
      minutes = t.number(mi, 1, 2);
      if (minutes && t.peek() == ':') {
        ++t.i;
        t.number(sec, 1, 2);
      }
    }
    // A 12-hour clock: "2:00 PM", "9:30 a.m.", "12:05am", "2 PM"; then German's "Uhr".
    t.skip_space();
    const std::string_view rest = t.s.substr(t.i);
    auto take = [&](std::string_view w) {
      if (rest.size() < w.size() || to_lower_ascii(rest.substr(0, w.size())) != w) return false;
      if (rest.size() > w.size() && std::isalpha(static_cast<unsigned char>(rest[w.size()])))
        return false;
      t.i += w.size();
      if (t.peek() == '.') ++t.i;  // "p.m" or "p.m."
      return true;
    };
    if (take("a.m") || take("am")) {
      if (h >= 1 && h <= 12) h = h % 12;
      return true;
    }
    if (take("p.m") || take("pm")) {
      if (h >= 1 && h < 12) h += 12;  // "13:00 PM" stays 13:00
      return true;
    }
    if (take("uhr")) return true;
    return minutes;  // "14h" and "14:" alone are no time
  };
  Cursor t = c;
  if (read_time(t)) {
    c = t;
  } else {
    h = mi = sec = 0;
    // A number straight after the year that is no time: no date (as before).
    if (std::isdigit(static_cast<unsigned char>(c.peek()))) return std::nullopt;
  }
  int offset = 0;
  c.skip_space();
  if (!c.done()) {
    const auto off = parse_offset(c);
    if (off) offset = *off;  // an unknown zone name is read as UTC, as feedparser does
  }
  if (!valid(y, mo, d, h, mi, sec)) return std::nullopt;
  return make_utc(y, mo, d, h, mi, sec) - offset - us_daylight_shift(c, y, mo, d, h, mi);
}

// ISO 8601 truncated and ordinal forms: -yy-mm, -yymm, -yy-mm-dd, yymmdd, yyyy-ddd, yyddd.
std::optional<int64_t> parse_iso_truncated(std::string_view s) {
  std::string digits;
  bool leading_dash = !s.empty() && s[0] == '-';
  size_t dashes = 0;
  for (char c : s) {
    if (c == '-')
      ++dashes;
    else if (std::isdigit(static_cast<unsigned char>(c)))
      digits += c;
    else
      return std::nullopt;
  }
  auto year2 = [](int yy) { return yy < 50 ? 2000 + yy : 1900 + yy; };
  auto ordinal = [](int y, int doy) -> std::optional<int64_t> {
    if (doy < 1 || doy > 366) return std::nullopt;
    return make_utc(y, 1, 1, 0, 0, 0) + int64_t{doy - 1} * 86400;
  };
  const int n = static_cast<int>(digits.size());
  if (leading_dash) {  // -YYMM, -YYMMDD: checked as yymmdd is ("-2017" is no month 17)
    if (n != 4 && n != 6) return std::nullopt;
    const int mo = std::stoi(digits.substr(2, 2)), d = n == 6 ? std::stoi(digits.substr(4, 2)) : 1;
    if (mo < 1 || mo > 12 || d < 1 || d > 31) return std::nullopt;
    return make_utc(year2(std::stoi(digits.substr(0, 2))), mo, d, 0, 0, 0);
  }
  if (dashes == 0 && n == 6) {  // yymmdd
    const int mo = std::stoi(digits.substr(2, 2)), d = std::stoi(digits.substr(4, 2));
    if (mo < 1 || mo > 12 || d < 1 || d > 31) return std::nullopt;
    return make_utc(year2(std::stoi(digits.substr(0, 2))), mo, d, 0, 0, 0);
  }
  if (dashes == 0 && n == 5)
    return ordinal(year2(std::stoi(digits.substr(0, 2))), std::stoi(digits.substr(2)));
  if (dashes == 1 && n == 7 && s.size() == 8 && s[4] == '-')  // yyyy-ddd
    return ordinal(std::stoi(digits.substr(0, 4)), std::stoi(digits.substr(4)));
  return std::nullopt;
}

// asctime: "Sun Jan  4 16:29:06 PST 2004" (zone optional).
std::optional<int64_t> parse_asctime(std::string_view s) {
  Cursor c{s};
  c.skip_space();
  if (c.word().size() < 3) return std::nullopt;
  c.skip_space();
  const int mo = month_from_name(c.word());
  if (mo == 0) return std::nullopt;
  c.skip_space();
  int d, h, mi, sec = 0, y;
  if (!c.number(d, 1, 2)) return std::nullopt;
  c.skip_space();
  if (!c.number(h, 1, 2) || c.peek() != ':') return std::nullopt;
  ++c.i;
  if (!c.number(mi, 2, 2)) return std::nullopt;
  if (c.peek() == ':') {
    ++c.i;
    c.number(sec, 2, 2);
  }
  c.skip_space();
  int offset = 0;
  if (std::isalpha(static_cast<unsigned char>(c.peek())) || c.peek() == '+' || c.peek() == '-') {
    const auto off = parse_offset(c);
    if (off) offset = *off;
    c.skip_space();
  }
  if (!c.number(y, 4, 4)) return std::nullopt;
  if (!valid(y, mo, d, h, mi, sec)) return std::nullopt;
  return make_utc(y, mo, d, h, mi, sec) - offset - us_daylight_shift(c, y, mo, d, h, mi);
}

// A word lower-cased: ASCII, Latin-1 letters, Greek and Cyrillic capitals (month names).
std::string lower_word(std::string_view w) {
  std::string out;
  for (size_t i = 0; i < w.size();) {
    const uint32_t cp = next_code_point(w, i);
    // ICU's simple case mapping: Turkish, Polish and Czech capitals too ("Şubat", "Září").
    append_utf8(out, cp < 0x80 ? static_cast<uint32_t>(cp >= 'A' && cp <= 'Z' ? cp + 0x20 : cp)
                               : static_cast<uint32_t>(u_tolower(static_cast<UChar32>(cp))));
  }
  return out;
}

// `w` (lower-case) with its Greek vowels unaccented: "δεκέμβριος" is "δεκεμβριος".
std::string without_greek_accents(std::string_view w) {
  std::string out;
  for (size_t i = 0; i < w.size();) {
    uint32_t cp = next_code_point(w, i);
    switch (cp) {
      case 0x3AC:
        cp = 0x3B1;
        break;  // ά
      case 0x3AD:
        cp = 0x3B5;
        break;  // έ
      case 0x3AE:
        cp = 0x3B7;
        break;  // ή
      case 0x3AF:
      case 0x3CA:
      case 0x390:
        cp = 0x3B9;
        break;  // ί ϊ ΐ
      case 0x3CC:
        cp = 0x3BF;
        break;  // ό
      case 0x3CD:
      case 0x3CB:
      case 0x3B0:
        cp = 0x3C5;
        break;  // ύ ϋ ΰ
      case 0x3CE:
        cp = 0x3C9;
        break;  // ώ
      default:
        break;
    }
    append_utf8(out, cp);
  }
  return out;
}

// Month names and abbreviations of the languages feeds and pages write dates in (German,
// French, Spanish, Portuguese, Italian, Dutch, Russian, Greek; whole names in Turkish, Polish,
// Czech and Ukrainian too), lower-case, as the prefix a
// word starts with: the English month it is (1-12). The longest prefix wins ("juin", "juil").
int localized_month(const std::string& word) {
  static const std::pair<const char*, int> kNames[] = {
      {"jän", 1},  {"janv", 1}, {"ene", 1},  {"gen", 1},  {"янв", 1},  {"ιαν", 1},  {"fév", 2},
      {"fev", 2},  {"фев", 2},  {"φεβ", 2},  {"mär", 3},  {"mrz", 3},  {"maa", 3},  {"mrt", 3},
      {"мар", 3},  {"μάρ", 3},  {"μαρ", 3},  {"avr", 4},  {"abr", 4},  {"апр", 4},  {"απρ", 4},
      {"mai", 5},  {"mag", 5},  {"mei", 5},  {"май", 5},  {"мая", 5},  {"μάι", 5},  {"μαΐ", 5},
      {"μαϊ", 5},  {"μαι", 5},  {"juin", 6}, {"giu", 6},  {"июн", 6},  {"ιούν", 6}, {"ιουν", 6},
      {"ιον", 6},  {"juil", 7}, {"lug", 7},  {"июл", 7},  {"ιούλ", 7}, {"ιουλ", 7}, {"ιολ", 7},
      {"aoû", 8},  {"aou", 8},  {"ago", 8},  {"авг", 8},  {"αύγ", 8},  {"αυγ", 8},  {"set", 9},
      {"сен", 9},  {"σεπ", 9},  {"okt", 10}, {"ott", 10}, {"out", 10}, {"окт", 10}, {"οκτ", 10},
      {"ноя", 11}, {"νοέ", 11}, {"νοε", 11}, {"dez", 12}, {"déc", 12}, {"dic", 12}, {"дек", 12},
      {"δεκ", 12}};
  // The whole names (genitive and nominative in Russian); any other word is a month only as an
  // abbreviation of five letters or fewer ("Outage" is no October, "General" no January).
  static const std::set<std::string_view> kWhole{
      "januar",   "jänner",    "februar",    "märz",      "april",     "juni",      "juli",
      "august",   "september", "oktober",    "november",  "dezember",  "janvier",   "février",
      "mars",     "avril",     "juillet",    "août",      "septembre", "octobre",   "novembre",
      "décembre", "enero",     "febrero",    "marzo",     "abril",     "mayo",      "junio",
      "julio",    "agosto",    "septiembre", "setiembre", "octubre",   "noviembre", "diciembre",
      "janeiro",  "fevereiro", "março",      "maio",      "junho",     "julho",     "setembro",
      "outubro",  "novembro",  "dezembro",   "gennaio",   "febbraio",  "aprile",    "maggio",
      "giugno",   "luglio",    "settembre",  "ottobre",   "dicembre",  "januari",   "februari",
      "maart",    "mei",       "augustus",   "oktober",   "december",  "января",    "январь",
      "февраля",  "февраль",   "марта",      "март",      "апреля",    "апрель",    "мая",
      "май",      "июня",      "июнь",       "июля",      "июль",      "августа",   "август",
      "сентября", "сентябрь",  "октября",    "октябрь",   "ноября",    "ноябрь",    "декабря",
      "декабрь"};
  // Whole names only (no abbreviation of these is read): Greek genitive and nominative,
  // Turkish, Polish, Czech and Ukrainian (a Greek site's "7 Δεκεμβρίου 2026" was no date:
  // audit of session 46).
  static const std::unordered_map<std::string_view, int> kWholeOnly{
      {"ιανουαρίου", 1},    {"φεβρουαρίου", 2}, {"μαρτίου", 3},     {"απριλίου", 4},
      {"μαΐου", 5},         {"μαίου", 5},       {"ιουνίου", 6},     {"ιουλίου", 7},
      {"αυγούστου", 8},     {"σεπτεμβρίου", 9}, {"οκτωβρίου", 10},  {"νοεμβρίου", 11},
      {"δεκεμβρίου", 12},   {"ιανουάριος", 1},  {"φεβρουάριος", 2}, {"μάρτιος", 3},
      {"απρίλιος", 4},      {"μάιος", 5},       {"ιούνιος", 6},     {"ιούλιος", 7},
      {"αύγουστος", 8},     {"σεπτέμβριος", 9}, {"οκτώβριος", 10},  {"νοέμβριος", 11},
      {"δεκέμβριος", 12},   {"ocak", 1},        {"şubat", 2},       {"mart", 3},
      {"nisan", 4},         {"mayıs", 5},       {"haziran", 6},     {"temmuz", 7},
      {"ağustos", 8},       {"eylül", 9},       {"ekim", 10},       {"kasım", 11},
      {"aralık", 12},       {"kasim", 11},      {"mayis", 5},       {"aralik", 12},
      {"subat", 2},         {"agustos", 8},     {"eylul", 9},       {"stycznia", 1},
      {"lutego", 2},        {"marca", 3},       {"kwietnia", 4},    {"maja", 5},
      {"czerwca", 6},       {"lipca", 7},       {"sierpnia", 8},    {"września", 9},
      {"października", 10}, {"listopada", 11},  {"grudnia", 12},    {"ledna", 1},
      {"února", 2},         {"března", 3},      {"dubna", 4},       {"května", 5},
      {"června", 6},        {"července", 7},    {"srpna", 8},       {"září", 9},
      {"října", 10},        {"listopadu", 11},  {"prosince", 12},   {"січня", 1},
      {"лютого", 2},        {"березня", 3},     {"квітня", 4},      {"травня", 5},
      {"червня", 6},        {"липня", 7},       {"серпня", 8},      {"вересня", 9},
      {"жовтня", 10},       {"листопада", 11},  {"грудня", 12}};
  // Greek capitals carry no accents ("7 ΔΕΚΕΜΒΡΙΟΥ 2026"), and pages drop them: the names
  // are looked up without theirs.
  static const std::unordered_map<std::string, int> kWholeBare = [] {
    std::unordered_map<std::string, int> bare;
    for (const auto& [name, m] : kWholeOnly) bare.emplace(without_greek_accents(name), m);
    return bare;
  }();
  if (const auto it = kWholeOnly.find(word); it != kWholeOnly.end()) return it->second;
  if (const auto it = kWholeBare.find(without_greek_accents(word)); it != kWholeBare.end())
    return it->second;
  // Asked of every word of every line a page's text is scanned for dates: most words open with
  // a byte no name does.
  static const std::bitset<256> kFirst = [] {
    std::bitset<256> first;
    for (const auto& [name, m] : kNames) first.set(static_cast<unsigned char>(name[0]));
    return first;
  }();
  if (word.empty() || !kFirst.test(static_cast<unsigned char>(word[0]))) return 0;
  size_t letters = 0;
  for (size_t i = 0; i < word.size();) {
    next_code_point(word, i);
    ++letters;
  }
  if (letters > 5 && !kWhole.count(word)) return 0;
  int month = 0;
  size_t longest = 0;
  for (const auto& [name, m] : kNames) {
    const size_t n = std::strlen(name);
    if (n > longest && word.compare(0, n, name) == 0) {
      month = m;
      longest = n;
    }
  }
  return month;
}

// How many bytes of `word` are ASCII letters (all of it for an English month name).
size_t lower_ascii_letters(std::string_view word) {
  return static_cast<size_t>(std::count_if(word.begin(), word.end(), [](char c) {
    return std::isalpha(static_cast<unsigned char>(c)) != 0;
  }));
}

// A date as other languages write it, in the English the parsers read: month names and
// abbreviations translated ("4. Dezember 2026", "Fr, 04 Dez 2026", "5 de dezembro de 2026",
// "Δευ, 11 Ιούλ 2004"); a weekday before a comma, in any language, and "de"/"del" dropped.
std::string translate_names(const std::string& s) {
  const auto letter = [](unsigned char c) { return std::isalpha(c) || c >= 0x80; };
  std::string out;
  bool first = true;
  for (size_t i = 0; i < s.size();) {
    if (!letter(static_cast<unsigned char>(s[i]))) {
      out += s[i++];
      continue;
    }
    size_t end = i;
    while (end < s.size() && letter(static_cast<unsigned char>(s[end]))) ++end;
    const std::string word = s.substr(i, end - i);
    const std::string lower = lower_word(word);
    size_t after = end;
    if (after < s.size() && s[after] == '.') ++after;
    // A weekday: the first word, a comma, then a day of one or two digits ("Mié., 02 Dic",
    // "Mar, 05 May": martes, not March). "Dec, 2026" and "Berlin, 2025" are no dates.
    size_t day = after + 1;
    while (day < s.size() && s[day] == ' ') ++day;
    size_t digits = day;
    while (digits < s.size() && std::isdigit(static_cast<unsigned char>(s[digits]))) ++digits;
    const bool weekday = first && after < s.size() && s[after] == ',' && digits > day &&
                         digits - day <= 2 && (digits == s.size() || s[digits] == ' ');
    first = out.find_first_not_of(' ') == std::string::npos;  // nothing before this word
    const int english = month_from_name(word);
    const int local = english == 0 ? localized_month(lower) : 0;
    if (weekday) {
      i = after + 1;
    } else if (!first && (lower == "de" || lower == "del")) {
      i = end;  // "5 de dezembro de 2026"
    } else if ((lower == "r" || lower == "roku") && out.size() >= 5 && out.back() == ' ' &&
               std::all_of(out.end() - 5, out.end() - 1,
                           [](char c) { return std::isdigit(static_cast<unsigned char>(c)); })) {
      i = after;  // Polish: "7 grudnia 2026 r." (roku, "of the year")
    } else if (local != 0 || (english != 0 && word.size() != lower_ascii_letters(word))) {
      out += kMonthNames[(local ? local : english) - 1];  // "março" read whole, not "mar"
      i = end;
    } else {
      out += word;
      i = end;
    }
    first = false;
  }
  return collapse_whitespace(out);
}

// "04.12.2026" (the day first, as German, Russian and Czech write it), "2026.12.04" and
// "2026. 12. 4." (the year first, as Korean and Chinese pages write it), "2026/12/04", and
// "2026年12月4日" or "2026년 12월 4일", each with an optional "10:00[:00]" after: as ISO 8601 in
// UTC.
std::optional<std::string> numeric_local_date(const std::string& s) {
  int y = 0, mo = 0, d = 0, used = 0;
  const bool year_first = s.size() >= 8 && std::all_of(s.begin(), s.begin() + 4, [](char c) {
                            return std::isdigit(static_cast<unsigned char>(c));
                          });
  if (std::sscanf(s.c_str(), "%2d.%2d.%4d%n", &d, &mo, &y, &used) == 3 && used >= 8 &&
      s[used - 5] == '.') {
    // accepted below
  } else if (year_first &&
             // With dots, written in full or spaced ("2026.03.05", "2026. 3. 5."): a release's
             // calendar version is "2024.3.1".
             ((s[4] == '.' && (s[5] == ' ' || (s.size() >= 10 && s[7] == '.')) &&
               std::sscanf(s.c_str(), "%4d.%2d.%2d%n", &y, &mo, &d, &used) == 3) ||
              (s[4] == '/' && std::sscanf(s.c_str(), "%4d/%2d/%2d%n", &y, &mo, &d, &used) == 3))) {
    if (static_cast<size_t>(used) < s.size() && s[used] == '.') ++used;  // "2026. 3. 5."
  } else if (std::sscanf(s.c_str(), "%4d\xE5\xB9\xB4%2d\xE6\x9C\x88%2d\xE6\x97\xA5%n", &y, &mo, &d,
                         &used) == 3 ||
             std::sscanf(s.c_str(), "%4d\xEB\x85\x84 %2d\xEC\x9B\x94 %2d\xEC\x9D\xBC%n", &y, &mo,
                         &d, &used) == 3) {
    // 年 月 日, 년 월 일
  } else {
    return std::nullopt;
  }
  if (y < 1000 || !is_day(y, mo, d)) return std::nullopt;
  std::string tail = collapse_whitespace(s.substr(static_cast<size_t>(used)));
  if (!tail.empty() && (tail[0] == ',' || tail[0] == '-'))
    tail = collapse_whitespace(tail.substr(1));
  int h = 0, mi = 0, sec = 0;
  if (!tail.empty()) {
    int n = 0;
    if (std::sscanf(tail.c_str(), "%2d:%2d%n", &h, &mi, &n) != 2) return std::nullopt;
    if (tail.size() > static_cast<size_t>(n) && tail[n] == ':') {
      int m = 0;
      if (std::sscanf(tail.c_str() + n, ":%2d%n", &sec, &m) != 1) return std::nullopt;
      n += m;
    }
    if (static_cast<size_t>(n) != tail.size()) return std::nullopt;
  }
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02dZ", y, mo, d, h, mi, sec);
  return std::string(buf);
}

}  // namespace

namespace {

std::optional<int64_t> parse_any(std::string_view raw) {
  std::string s = collapse_whitespace(raw);
  if (s.empty()) return std::nullopt;
  if (auto local = numeric_local_date(s))
    s = *local;
  else
    s = translate_names(s);
  if (s.empty()) return std::nullopt;
  if (s[0] == '-' || (s.size() <= 8 && std::isdigit(static_cast<unsigned char>(s[0])))) {
    if (auto t = parse_iso_truncated(s)) return t;
  }
  if (s.size() >= 4 && std::isalpha(static_cast<unsigned char>(s[0]))) {
    if (auto t = parse_asctime(s)) return t;
  }
  if (s.size() >= 4 && std::isdigit(static_cast<unsigned char>(s[0])) &&
      std::isdigit(static_cast<unsigned char>(s[3]))) {
    if (auto t = parse_iso(s)) return t;
  }
  return parse_rfc822(s);
}

}  // namespace

std::optional<int64_t> parse_date(std::string_view raw) {
  // The years 1000-9999 once in UTC too: "9999-12-31T23:59:59-10:00" is in year 10000, which
  // format_iso8601() cannot write, and would sort past every date that can be printed.
  const auto t = parse_any(raw);
  if (t && (*t < kFirstDate || *t > kLastDate)) return std::nullopt;
  return t;
}

std::optional<int64_t> parse_date_strict(std::string_view raw) {
  const auto t = parse_date(raw);
  if (!t) return t;
  // The ISO 8601 fields as written, extended ("2026-02-30T25:00") or basic ("20260230T2500"),
  // before any zone offset is applied: a day the month has, an hour of 0-23, a minute of
  // 0-59, a second of 0-59 (60 at 23:59, a leap second).
  const std::string s = collapse_whitespace(raw);
  const auto digits = [&](size_t at, size_t n) {
    if (at + n > s.size()) return -1;
    int v = 0;
    for (size_t k = at; k < at + n; ++k) {
      if (!std::isdigit(static_cast<unsigned char>(s[k]))) return -1;
      v = v * 10 + (s[k] - '0');
    }
    return v;
  };
  const bool extended = s.size() >= 10 && s[4] == '-' && s[7] == '-';
  const int y = digits(0, 4), mo = digits(extended ? 5 : 4, 2), d = digits(extended ? 8 : 6, 2);
  size_t at = extended ? 10 : 8;
  if (y < 0 || mo < 0 || d < 0 ||
      (at < s.size() && std::isdigit(static_cast<unsigned char>(s[at]))))
    return t;  // another form ("2026-035", "2026-1-5", RFC 822): read as parse_date() reads it
  if (!is_day(y, mo, d)) return std::nullopt;
  if (at == s.size() || (s[at] != 'T' && s[at] != 't' && s[at] != ' ')) return t;
  ++at;
  const int h = digits(at, 2);
  if (h < 0) return t;
  at += 2;
  if (at < s.size() && s[at] == ':') ++at;
  const int mi = digits(at, 2);
  if (mi < 0) return t;
  at += 2;
  if (at < s.size() && s[at] == ':') ++at;
  const int sec = std::max(digits(at, 2), 0);
  if (h > 23 || mi > 59 || sec > 60 || (sec == 60 && (h != 23 || mi != 59))) return std::nullopt;
  return t;
}

DayOrder day_order(std::string_view tag) {
  // "en_GB" (og:locale) as "en-gb", "iw" as "he"; what is no tag gives "".
  const std::string t = to_lower_ascii(normalize_language_tag(tag));
  const size_t dash = t.find('-');
  const std::string language = t.substr(0, dash);
  // The region: a later subtag of two letters ("en-Latn-GB" has a script before it).
  std::string region;
  for (size_t at = dash; at != std::string::npos;) {
    const size_t next = t.find('-', at + 1);
    const std::string sub = t.substr(at + 1, next == std::string::npos ? next : next - at - 1);
    if (sub.size() == 2 && std::isalpha(static_cast<unsigned char>(sub[0]))) {
      region = sub;
      break;
    }
    at = next;
  }
  if (language == "en") {
    if (region.empty() || region == "ca") return DayOrder::kUnknown;
    return region == "us" || region == "ph" ? DayOrder::kMonthFirst : DayOrder::kDayFirst;
  }
  if (language == "fil") return DayOrder::kMonthFirst;
  // Languages whose readers write the day first (Chinese, Japanese, Korean, Hungarian,
  // Lithuanian and Persian write the year first; Swedish mostly does too).
  static const std::set<std::string_view> kDayFirst{
      "ar", "bg", "bn", "ca", "cs", "cy", "da", "de", "el", "es", "et", "eu", "fi", "fr",
      "ga", "gl", "he", "hi", "hr", "id", "is", "it", "ms", "nb", "nl", "nn", "no", "pl",
      "pt", "ro", "ru", "sk", "sl", "sq", "sr", "th", "tr", "uk", "ur", "vi"};
  return kDayFirst.count(language) ? DayOrder::kDayFirst : DayOrder::kUnknown;
}

namespace {

// The code point that ends just before s[at] (at > 0).
uint32_t code_point_before(std::string_view s, size_t at) {
  size_t from = at - 1;
  while (from > 0 && at - from < 4 && (static_cast<unsigned char>(s[from]) & 0xC0) == 0x80) --from;
  return next_code_point(s, from);
}

// The English weekday (0 for Sunday) written just before s[at], past spaces, a comma or a
// period ("Thursday, ", "Thu. "); -1 when there is none, or when the word is a name's.
int weekday_before(std::string_view s, size_t at) {
  size_t end = at;
  while (end > 0 && (s[end - 1] == ' ' || s[end - 1] == ',' || s[end - 1] == '.')) --end;
  size_t begin = end;
  while (begin > 0 && std::isalpha(static_cast<unsigned char>(s[begin - 1]))) --begin;
  // A weekday is a word of its own: "Sunday" in "Sundays", "XSun" or "ÉSun" is none.
  if (begin == end || end - begin > 9 || end == at ||
      (begin > 0 && u_isalnum(static_cast<UChar32>(code_point_before(s, begin)))))
    return -1;
  const std::string word = to_lower_ascii(s.substr(begin, end - begin));
  // It opens the text, follows a separator ("| Thu 05/03/2026"), a time ("10:32 am Thu") or a
  // dateline's word ("Published Thu, 05/03/2026", "Posted by Jo on Thursday"): after another
  // word it is a name's ("The Sun, 05/03/2026", "By Zoë Sun", "Mail on Sunday").
  const auto word_before = [&s](size_t at, size_t& from) -> std::optional<std::string> {
    while (at > 0 && s[at - 1] == ' ') --at;
    if (at == 0) return std::nullopt;  // nothing before
    const uint32_t cp = code_point_before(s, at);
    if (!u_isalnum(static_cast<UChar32>(cp))) return std::nullopt;  // a separator
    from = at;
    while (from > 0 &&
           (std::isalnum(static_cast<unsigned char>(s[from - 1])) || s[from - 1] == ':' ||
            s[from - 1] == '.' || static_cast<unsigned char>(s[from - 1]) >= 0x80))
      --from;
    return to_lower_ascii(s.substr(from, at - from));
  };
  static constexpr std::string_view kLeads[] = {"published", "posted", "updated", "modified",
                                                "date",      "dated",  "created", "edited",
                                                "released",  "issued"};
  static constexpr std::string_view kTimes[] = {"am", "pm", "a.m.", "p.m."};
  const auto in = [](const auto& list, std::string_view w) {
    return std::find(std::begin(list), std::end(list), w) != std::end(list);
  };
  // Whether the capitalised word at s[at] is one of up to three after "by" that name a writer
  // ("by Jo Sun"), not a paper ("By The Mail", "by Scotland": the papers called "... on
  // Sunday" are these, audit of session 43).
  const auto written_by = [&](size_t at, const std::string& last) {
    static constexpr std::string_view kPapers[] = {"mail", "scotland", "wales", "independent"};
    if (std::find(std::begin(kPapers), std::end(kPapers), last) != std::end(kPapers)) return false;
    for (int words = 0; words < 3; ++words) {
      size_t from = 0;
      const auto w = word_before(at, from);
      if (!w || *w == "the") return false;
      if (*w == "by") return true;
      if (!std::isupper(static_cast<unsigned char>(s[from]))) return false;
      at = from;
    }
    return false;
  };
  size_t from = 0;
  if (const auto lead = word_before(begin, from)) {
    size_t before_on = 0;
    std::optional<std::string> first;
    const bool ok =
        in(kLeads, *lead) || in(kTimes, *lead) || (lead->size() >= 2 && zone_offset(*lead)) ||
        std::isdigit(static_cast<unsigned char>(lead->back())) ||
        // "10:32am", "10:32PM" (lower-cased above)
        (std::isdigit(static_cast<unsigned char>(lead->front())) &&
         (lead->ends_with("am") || lead->ends_with("pm") || lead->ends_with("a.m.") ||
          lead->ends_with("p.m."))) ||
        // "on", but not in a paper's name ("Mail on Sunday", "Scotland on Sunday"), unless
        // the capitalised words are a writer's ("Posted by Jo Sun on Sunday").
        (*lead == "on" && !(word == "sunday" && (first = word_before(from, before_on)) &&
                            std::isupper(static_cast<unsigned char>(s[before_on])) &&
                            !written_by(before_on, *first)));
    if (!ok) return -1;
  }
  static constexpr const char* kDays[] = {"sunday",   "monday", "tuesday", "wednesday",
                                          "thursday", "friday", "saturday"};
  for (int k = 0; k < 7; ++k) {
    const std::string_view full = kDays[k];
    // The name in full, or cut to three letters or more ("Thu", "Thurs", "Tues").
    if (word.size() >= 3 && full.substr(0, word.size()) == word) return k;
  }
  if (word == "weds") return 3;  // as British papers cut it
  return -1;
}

// A date written with slashes or dashes, as scan_slash_dates() finds it.
struct SlashDate {
  size_t start, end;
  int a, b, y;  // the numbers as written: a/b/y
  bool month_first, day_first;
  DayOrder weekday;  // the reading a weekday before it falls on, if only one
};

std::vector<SlashDate> scan_slash_dates(std::string_view s) {
  const auto digit = [&](size_t i) {
    return i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]));
  };
  // A run of one or two digits at `i`: its value, and `i` moved past it; -1 when none.
  const auto number = [&](size_t& i) {
    if (!digit(i)) return -1;
    int v = s[i++] - '0';
    if (digit(i)) v = v * 10 + (s[i++] - '0');
    return digit(i) ? -1 : v;
  };
  std::vector<SlashDate> dates;
  for (size_t start = 0; start < s.size(); ++start) {
    // Not inside a longer token: "v1/2/2026", "10.5/3/2026", "2/5/3/2026".
    if (!digit(start) ||
        (start > 0 && (std::isalnum(static_cast<unsigned char>(s[start - 1])) ||
                       s[start - 1] == '/' || s[start - 1] == '-' || s[start - 1] == '.')))
      continue;
    size_t i = start;
    const int a = number(i);
    if (a < 0 || i >= s.size() || (s[i] != '/' && s[i] != '-')) continue;
    const char sep = s[i++];
    const int b = number(i);
    if (b < 0 || i >= s.size() || s[i] != sep) continue;
    ++i;
    if (!digit(i) || s[i] == '0' || !digit(i + 1) || !digit(i + 2) || !digit(i + 3) || digit(i + 4))
      continue;
    const int y = std::stoi(std::string(s.substr(i, 4)));
    i += 4;
    if (i < s.size() && (std::isalpha(static_cast<unsigned char>(s[i])) || s[i] == sep)) continue;
    const bool month_first = is_day(y, a, b), day_first = is_day(y, b, a);
    // A weekday before it that only one reading falls on ("Thu, 05/03/2026" is 5 March): the
    // text gave the day twice.
    DayOrder weekday = DayOrder::kUnknown;
    if (month_first && day_first && a != b)
      if (const int said = weekday_before(s, start); said >= 0) {
        const bool as_month_first = weekday_of(y, a, b) == said,
                   as_day_first = weekday_of(y, b, a) == said;
        if (as_month_first != as_day_first)
          weekday = as_month_first ? DayOrder::kMonthFirst : DayOrder::kDayFirst;
      }
    if (month_first || day_first)
      dates.push_back({start, i, a, b, y, month_first, day_first, weekday});
    start = i - 1;
  }
  return dates;
}

std::string iso_day(int y, int m, int d) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
  return buf;
}

// Whether `prefer` (a permalink's day) is one of the two readings of `w`.
bool is_permalink_day(const SlashDate& w, std::string_view prefer) {
  return w.month_first && w.day_first && w.a != w.b && !prefer.empty() &&
         (prefer == iso_day(w.y, w.a, w.b) || prefer == iso_day(w.y, w.b, w.a));
}

// One text writes its dates one way. The permalink's day as one reading of a date says which,
// then a weekday, both over the language; a date that reads only one way ("25/12/2026") says
// so only where the language says nothing (its word stands against a stray date of another
// order: "Offer ends 12/31/2026"). A weekday that such a date or another weekday contradicts
// says nothing: one of them is wrong, and a weekday is the likelier slip.
DayOrder settle_order(const std::vector<SlashDate>& dates, DayOrder order,
                      std::string_view prefer) {
  for (const SlashDate& w : dates)
    if (is_permalink_day(w, prefer))
      return prefer == iso_day(w.y, w.a, w.b) ? DayOrder::kMonthFirst : DayOrder::kDayFirst;
  DayOrder weekday = DayOrder::kUnknown;
  for (const SlashDate& w : dates)
    if (weekday == DayOrder::kUnknown) weekday = w.weekday;
  // Weekdays that disagree, or a date that reads one way against them, say nothing.
  for (const SlashDate& w : dates)
    if ((w.weekday != DayOrder::kUnknown && w.weekday != weekday) ||
        (w.month_first != w.day_first &&
         (w.month_first ? DayOrder::kMonthFirst : DayOrder::kDayFirst) != weekday))
      weekday = DayOrder::kUnknown;
  if (weekday != DayOrder::kUnknown) return weekday;
  if (order != DayOrder::kUnknown) return order;
  for (const SlashDate& w : dates)
    if (w.month_first != w.day_first)
      order = w.month_first ? DayOrder::kMonthFirst : DayOrder::kDayFirst;
  return order;
}

}  // namespace

DayOrder slash_date_order(std::string_view s, DayOrder order, std::string_view prefer) {
  return settle_order(scan_slash_dates(s), order, prefer);
}

std::string spell_slash_dates(std::string_view s, DayOrder order, std::string_view prefer) {
  const std::vector<SlashDate> dates = scan_slash_dates(s);
  order = settle_order(dates, order, prefer);
  std::string out;
  size_t copied = 0;  // s[0, copied) is in `out`
  for (const SlashDate& w : dates) {
    int month = 0, day = 0;
    if (w.month_first && (!w.day_first || w.a == w.b || order == DayOrder::kMonthFirst)) {
      month = w.a;
      day = w.b;
    } else if (w.day_first && (!w.month_first || order == DayOrder::kDayFirst)) {
      month = w.b;
      day = w.a;
    } else {
      continue;  // it reads two ways, and nothing says which
    }
    char spelled[24];
    std::snprintf(spelled, sizeof spelled, "%d %s %04d", day, kMonthNames[month - 1], w.y);
    out.append(s.substr(copied, w.start - copied)).append(spelled);
    copied = w.end;
  }
  return out.append(s.substr(copied));
}

std::optional<int64_t> parse_span(std::string_view s) {
  // Minutes as "min": "m" alone would be months to some ("prune --older-than 6m").
  if (s.ends_with("min")) {
    const auto hours = parse_span(std::string(s.substr(0, s.size() - 3)) + "h");
    return hours ? std::optional<int64_t>(*hours / 60) : std::nullopt;
  }
  // Up to 12 digits: a span back past the year 1000 is one (callers clamp it), and
  // 999999999999w in seconds is still far inside int64_t.
  if (s.size() < 2 || s.size() > 13) return std::nullopt;
  const std::string_view digits = s.substr(0, s.size() - 1);
  if (digits.find_first_not_of("0123456789") != std::string_view::npos) return std::nullopt;
  const int64_t n = std::stoll(std::string(digits));
  switch (s.back()) {
    case 'h':
      return n * 3600;
    case 'd':
      return n * 86400;
    case 'w':
      return n * 7 * 86400;
    default:
      return std::nullopt;
  }
}

bool is_clock(std::string_view l) {
  std::vector<std::string> w = split(collapse_whitespace(l), ' ');
  if (w.empty() || w.size() > 4) return false;
  if (w.size() >= 2 && w.back() == "ago") {
    return w.size() == 3 &&
           std::all_of(w[0].begin(), w[0].end(), [](char c) { return c >= '0' && c <= '9'; }) &&
           !w[0].empty() &&
           in_list(w[1], {"min", "mins", "minute", "minutes", "hour", "hours", "hr", "hrs", "h",
                          "m", "sec", "secs", "seconds"});
  }
  // The clock: one or two digits, a ':', '.' or 'h', two digits; a meridiem and a zone after.
  const std::string& t = w[0];
  size_t i = 0;
  while (i < t.size() && i < 2 && std::isdigit(static_cast<unsigned char>(t[i]))) ++i;
  if (i == 0 || i + 3 > t.size() || (t[i] != ':' && t[i] != '.' && t[i] != 'h') ||
      !std::isdigit(static_cast<unsigned char>(t[i + 1])) ||
      !std::isdigit(static_cast<unsigned char>(t[i + 2])))
    return false;
  std::string rest = t.substr(i + 3);
  for (size_t k = 1; k < w.size(); ++k) rest += ' ' + w[k];
  rest = std::string(trim(rest));
  bool marked = false;  // a meridiem or a zone after it
  for (std::string_view m : {"am", "pm", "a.m.", "p.m.", "a.m", "p.m"})
    if (rest.starts_with(m) && (rest.size() == m.size() || rest[m.size()] == ' ')) {
      rest = std::string(trim(rest.substr(m.size())));
      marked = true;
      break;
    }
  if (!rest.empty()) {
    if (!in_list(rest, {"utc", "gmt", "et", "est", "edt", "pt", "pst", "pdt", "ct", "cst", "cdt",
                        "cet", "cest", "bst", "ist", "jst"}))
      return false;
    marked = true;
  }
  // "9.58" alone is as much a sprint's record or a version ("3.12"): a dot's time says so.
  return t[i] != '.' || marked;
}

}  // namespace byline
