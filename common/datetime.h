// common/datetime.h: dates as feeds and pages write them, normalised to Unix seconds UTC.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace byline {

/// Parses RFC 822/1123/2822, RFC 3339 / W3CDTF / ISO 8601 (date-only, no zone = UTC) and the
/// common broken forms. nullopt when nothing sensible can be read, for a zone offset beyond
/// 18 hours, and for a time outside the years 1000-9999 once in UTC.
std::optional<int64_t> parse_date(std::string_view s);
/// parse_date(), but an ISO 8601 date naming a day or a time that does not exist
/// ("2026-02-30", "T25:61") is none, where parse_date() rolls it over as feed readers do
/// (feedparser: "31 Jun" is 1 July). For byline's own records, whose dates are RFC 3339.
std::optional<int64_t> parse_date_strict(std::string_view s);
/// Which number a date written with slashes or dashes opens with ("05/03/2026").
enum class DayOrder { kUnknown, kMonthFirst, kDayFirst };
/// The order readers of a language tag ("en-US", "en_GB", "fr") write: the month first for US
/// and Philippine English, the day first for the other regions of English and the languages
/// that write day, month, year; kUnknown for "en" alone, Canada's mix, the languages that write
/// the year first, and tags it cannot read.
DayOrder day_order(std::string_view language_tag);
/// `s` with each date written "05/03/2026" or "5-3-2026" (a four-digit year last, not inside a
/// longer run of digits and slashes) spelled out, "5 Mar 2026", as parse_date() and a
/// dateline's reading take a date in any shape ("Posted 5 Mar 2026 at 10:32 am"). Read in
/// `order`, unless the text itself says which way it writes them: a date of it that `prefer`
/// ("YYYY-MM-DD", a permalink's day) is one reading of, else, when `order` is kUnknown, one that
/// only one reading makes a day ("25/12/2026"); that way for each of its dates. An English
/// weekday just before a date that only one reading falls on, opening the text or after a
/// separator, a time or a dateline's word, reads the text's dates that way ("Published Thu,
/// 05/03/2026" is 5 March in any order), unless the permalink's day says otherwise or a date of
/// the text that reads one way contradicts it. A date that reads two ways when nothing says
/// which stays as written. parse_date() alone reads no such date: which number is the day is
/// the page's or the feed's to say.
std::string spell_slash_dates(std::string_view s, DayOrder order, std::string_view prefer = {});
/// The order spell_slash_dates() reads `s`'s dates in: what the text itself says (the
/// permalink's day, a weekday, or where `order` is kUnknown a date that reads one way), else
/// `order`. For a text whose parts are read apart, as an entry's date fields.
DayOrder slash_date_order(std::string_view s, DayOrder order, std::string_view prefer = {});
/// The first and last second of the years dates are read in (1000-9999).
inline constexpr int64_t kFirstDate = -30610224000;  // 1000-01-01T00:00:00Z
inline constexpr int64_t kLastDate = 253402300799;   // 9999-12-31T23:59:59Z
/// "2026-11-27T12:00:00Z"; a time outside kFirstDate..kLastDate is printed as the nearer end.
std::string format_iso8601(int64_t unix_seconds);
/// Days-from-civil: seconds since the epoch for a UTC calendar time (no range checks).
int64_t make_utc(int year, int month, int day, int hour, int minute, int second);
/// Current time, Unix seconds.
int64_t unix_now();

/// A time of day alone, or a time ago (`l` lower-case): "10:32 am", "9.58 pm", "14h30 cet",
/// "5 minutes ago" (a live blog's stamp on an update, a dateline's time). A dot's time needs
/// a meridiem or a zone ("9.58" alone is as much a sprint's record or a version).
bool is_clock(std::string_view l);

/// "90d", "12w", "36h", "15min": a span of minutes, hours, days or weeks, in seconds; nullopt
/// for anything else ("6m" too: minutes or months).
std::optional<int64_t> parse_span(std::string_view s);

/// How far past `now` a date may be and still be taken as written: a time-zone slip (a local
/// time labelled UTC is at most 14 hours ahead) or a clock a little fast.
inline constexpr int64_t kFutureDateSlack = 24 * 3600;
/// `t`, unless it is more than kFutureDateSlack after `now` (a feed stamping its entries 2099
/// would sort first under --sort newest, and outlive every prune) or outside the years
/// 1000-9999: then nullopt.
std::optional<int64_t> within_reach(std::optional<int64_t> t, int64_t now);

}  // namespace byline
