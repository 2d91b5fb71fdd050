// query/query_text.h: what byline makes of a query's text around Xapian's parser.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace byline {

/// Lower-cases the first letter of each capitalised word outside quotes ("Apples", "Title:"),
/// so Xapian's parser stems it as it stems "apples": its rule leaves capitalised words
/// unstemmed (proper nouns), and "Apples" then found no article that says "apple". Words in
/// capitals ("AI", "US") stay as they are, and so do the values of `verbatim_fields`
/// (`url:`, `feed:`), whose case is part of the value.
/// A field name in any case ("TITLE:", "Date:") is written as the field in `fields`.
std::string fold_capitalised_words(std::string_view query,
                                   const std::vector<std::string>& verbatim_fields,
                                   const std::vector<std::string>& fields = {});

/// Fields among `fields` whose value, as written right after the colon (to a space or a
/// bracket, outside quotes), ends in '*': each name once, with the first such value
/// ("lang:e*" gives {"lang", "e*"}). The caller says which fields take no wildcard.
std::vector<std::pair<std::string, std::string>> starred_fields(
    std::string_view query, const std::vector<std::string>& fields);

/// Free-text fields among `fields` written with something right after the colon that starts
/// no word ("title:\u00A0chip", "title:\uFFFD"): Xapian then searches the field's name as a
/// word, so the caller warns.
std::vector<std::string> wordless_fields(std::string_view query,
                                         const std::vector<std::string>& fields);

/// The names of `fields` written with nothing after the colon, at the query's or a group's end
/// ("chips date:", "(title:)"), each once, in query order. Xapian reads "date:" as the word
/// "date"; the caller refuses it.
/// Whether `query` names `field` (lower-case) as a field, in any case, outside quotes.
bool names_field(std::string_view query, std::string_view field);

std::vector<std::string> empty_fields(std::string_view query,
                                      const std::vector<std::string>& fields);
/// The names of `fields` written with a space after the colon and a value after it ("title:
/// kestrel"), each once. Xapian reads them as words (and pasted text such as "Release date:
/// March" is words), so the caller searches them so and warns.
std::vector<std::string> spaced_fields(std::string_view query,
                                       const std::vector<std::string>& fields);
/// The names written as fields in `query` ("titel:chip") that are none of `fields`, lower-cased,
/// each once, in query order. Xapian reads "titel:chip" as the phrase "titel chip" and finds
/// nothing, silently; the caller warns, and searches the words (unknown_fields_as_words). A URL
/// ("https://...") and a time ("10:30") are not fields, nor is anything in quotes.
std::vector<std::string> unknown_fields(std::string_view query,
                                        const std::vector<std::string>& fields);
/// `query` with the colon after each such name a space: "titel:chip" searched as the words
/// "titel chip", as the warning says, not as a phrase.
std::string unknown_fields_as_words(std::string_view query, const std::vector<std::string>& fields);

/// When every term of `query` is negated ("-apple -pear"), the query without the minus signs;
/// otherwise nothing. The search asks it only whether a query has a word to suggest a spelling
/// for; negations_as_not() is what makes "-apple" exclude.
std::optional<std::string> negated_terms_only(std::string_view query);

/// `query` with each negated item ("-apple", "-\"big deal\"", "-site:x", "-(a OR b)") written
/// "(NOT item)", groups rewritten inside too. Xapian 1.4 reads "-" only before a term or a
/// phrase beside positive ones: "-(a OR b)", "(-a)", "b OR -a" and "-a -site:x" found the
/// articles the user excluded (or only those matching every filter). Each "(NOT x)" is every
/// article without x, weighs nothing, and combines with the rest as any group does.
std::string negations_as_not(std::string_view query);

/// `query` with `fold` applied to it but for the values of the fields named in `verbatim`
/// (exact filters whose terms the index keeps as written: `tag:Straße`), quoted or not, which
/// `keep` is applied to instead.
std::string fold_outside_fields(std::string_view query, const std::vector<std::string>& verbatim,
                                const std::function<std::string(std::string_view)>& fold,
                                const std::function<std::string(std::string_view)>& keep);

/// `query` with each hyphenated word outside quotes and fields ("e-mail", "Wi-Fi") written
/// "(e-mail OR email)": the index holds such words joined too, so either spelling finds both.
std::string hyphen_alternatives(std::string_view query);

/// A date as the period it names, both ends in Unix seconds, inclusive: "2026" is the year,
/// "2026-10" (or "2026-1") the month, "2026-10-06" (or "20261006", "2026-1-6") the day; anything
/// else parse_date() reads is that day when it has no time of day ("6 Oct 2026"), else that
/// second. Nothing when it is not a date, or is before the year 1000.
std::optional<std::pair<int64_t, int64_t>> date_period(std::string_view s);

/// The time a "since" value names (`export --since`, GET /v1/removed): the start of the period
/// date_period() reads, or a span back from `now` ("36h", "2d", "1w": parse_span()), no earlier
/// than the first date read. Nothing for anything else.
std::optional<int64_t> since_time(std::string_view s, int64_t now);

/// `query` with each word for which `fix` gives a replacement replaced; "" when none is. Words
/// are runs of ASCII letters and digits and of non-ASCII bytes; the text between them is kept
/// as it is (quotes, operators, field names).
std::string replace_words(std::string_view query,
                          const std::function<std::optional<std::string>(std::string_view)>& fix);

}  // namespace byline
