#include "query/query_text.h"

#include <xapian.h>

#include <algorithm>
#include <cctype>

#include "common/datetime.h"
#include "common/text.h"

namespace byline {

namespace {

bool is_capital(uint32_t cp) {
  const auto c = Xapian::Unicode::get_category(cp);
  return c == Xapian::Unicode::UPPERCASE_LETTER || c == Xapian::Unicode::TITLECASE_LETTER;
}

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
bool is_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// Single letters with dots between, two or more ("u.s.", "U.S", "e.g."), and perhaps closing
// brackets after: an acronym.
bool dotted_acronym(std::string_view w) {
  while (!w.empty() && w.back() == ')') w.remove_suffix(1);
  if (!w.empty() && w.back() == '.') w.remove_suffix(1);
  if (w.size() < 3 || w.size() % 2 != 1) return false;
  for (size_t i = 0; i < w.size(); i += 2)
    if (!std::isalpha(static_cast<unsigned char>(w[i])) || (i + 1 < w.size() && w[i + 1] != '.'))
      return false;
  return true;
}

// `word` with its first letter lower-cased when the letter after it is not a capital.
void fold_word(std::string_view word, std::string& out) {
  size_t i = 0;
  while (i < word.size() && (word[i] == '-' || word[i] == '+' || word[i] == '(')) ++i;
  out.append(word.substr(0, i));
  if (i == word.size()) return;
  // Xapian reads an acronym with dots in capitals only ("U.S." is the word "us"): "u.s." and
  // "u.S." were the phrase "u s", and found nothing.
  if (dotted_acronym(word.substr(i))) {
    for (char c : word.substr(i))
      out += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return;
  }
  size_t j = i;
  const uint32_t first = next_code_point(word, j);
  size_t k = j;
  const uint32_t second = k < word.size() ? next_code_point(word, k) : 0;
  // "U.S.-China": an acronym with more after it, left for Xapian to read as written.
  if (is_capital(first) && !is_capital(second) && second != '.') {
    append_utf8(out, Xapian::Unicode::tolower(first));
    out.append(word.substr(j));
  } else {
    out.append(word.substr(i));
  }
}

}  // namespace

namespace {
// `query` with each token outside quotes (a run of characters to a space or a quote) written
// by `write`; spaces and quoted phrases, to their closing quote, as they are.
std::string rewrite_tokens(std::string_view query,
                           const std::function<void(std::string_view, std::string&)>& write) {
  std::string out;
  out.reserve(query.size() + 16);
  size_t i = 0;
  while (i < query.size()) {
    if (is_space(query[i])) {
      out += query[i++];
      continue;
    }
    if (query[i] == '"') {  // a phrase: as it is, to its closing quote
      const size_t close = query.find('"', i + 1);
      const size_t end = close == std::string_view::npos ? query.size() : close + 1;
      out.append(query.substr(i, end - i));
      i = end;
      continue;
    }
    size_t end = i;
    while (end < query.size() && !is_space(query[end]) && query[end] != '"') ++end;
    write(query.substr(i, end - i), out);
    i = end;
  }
  return out;
}
}  // namespace

std::string fold_capitalised_words(std::string_view query,
                                   const std::vector<std::string>& verbatim_fields,
                                   const std::vector<std::string>& fields) {
  return rewrite_tokens(query, [&](std::string_view token, std::string& out) {
    const size_t colon = token.find(':');
    const size_t name_at = token.find_first_not_of("-+(");
    if (colon != std::string_view::npos && name_at < colon) {
      const std::string field = to_lower_ascii(token.substr(name_at, colon - name_at));
      if (std::find(fields.begin(), fields.end(), field) != fields.end()) {
        out.append(token.substr(0, name_at));  // the operators before it
        out += field;
      } else {
        fold_word(token.substr(0, colon), out);
      }
      out += ':';
      const std::string_view value = token.substr(colon + 1);
      if (std::find(verbatim_fields.begin(), verbatim_fields.end(), field) !=
          verbatim_fields.end()) {
        out.append(value);
        // A quoted value ("url:\"...\"") stays as it is too: the phrase branch above takes it.
      } else {
        fold_word(value, out);
      }
    } else {
      fold_word(token, out);
    }
  });
}

namespace {

// The lower-cased names written as fields ("name:" at a word's start, outside quotes), each
// once, in query order, for which keep(name, position of the colon) says yes.
template <class Keep>
std::vector<std::string> field_names(std::string_view query, Keep keep,
                                     std::vector<size_t>* colons = nullptr) {
  std::vector<std::string> out;
  bool quoted = false;
  for (size_t i = 0; i < query.size(); ++i) {
    if (query[i] == '"') quoted = !quoted;
    const bool starts = i == 0 || is_space(query[i - 1]) || query[i - 1] == '(' ||
                        query[i - 1] == '-' || query[i - 1] == '+';
    if (quoted || !starts || !std::isalpha(static_cast<unsigned char>(query[i]))) continue;
    size_t end = i;
    while (end < query.size() &&
           (std::isalnum(static_cast<unsigned char>(query[end])) || query[end] == '_'))
      ++end;
    if (end >= query.size() || query[end] != ':') continue;
    std::string name = to_lower_ascii(query.substr(i, end - i));
    if (keep(name, end)) {
      if (colons) colons->push_back(end);
      if (std::find(out.begin(), out.end(), name) == out.end()) out.push_back(std::move(name));
    }
    i = end;
  }
  return out;
}

bool among(const std::vector<std::string>& fields, const std::string& name) {
  return std::find(fields.begin(), fields.end(), name) != fields.end();
}

}  // namespace

bool names_field(std::string_view query, std::string_view field) {
  return !field_names(query, [&](const std::string& name, size_t) {
            return name == field;
          }).empty();
}

namespace {
std::vector<std::string> unknown_fields_at(std::string_view query,
                                           const std::vector<std::string>& fields,
                                           std::vector<size_t>* colons) {
  return field_names(
      query,
      [&](const std::string& name, size_t colon) {
        // "name:value": a value right after the colon, and not a URL's "//".
        return colon + 1 < query.size() && !is_space(query[colon + 1]) && query[colon + 1] != '/' &&
               !among(fields, name);
      },
      colons);
}
}  // namespace

std::vector<std::string> unknown_fields(std::string_view query,
                                        const std::vector<std::string>& fields) {
  return unknown_fields_at(query, fields, nullptr);
}

std::string unknown_fields_as_words(std::string_view query,
                                    const std::vector<std::string>& fields) {
  std::vector<size_t> colons;
  unknown_fields_at(query, fields, &colons);
  std::string out(query);
  for (const size_t c : colons) {
    // "-titel:chip" stays one item to exclude ("solid-state:ohio" is a word's hyphen), and
    // "titel:-chip" excludes nothing.
    size_t name = c;
    while (name > 0 &&
           (std::isalnum(static_cast<unsigned char>(out[name - 1])) || out[name - 1] == '_'))
      --name;
    const bool negated = name > 0 && out[name - 1] == '-' &&
                         (name == 1 || is_space(out[name - 2]) || out[name - 2] == '(');
    const unsigned char next = static_cast<unsigned char>(out[c + 1]);
    if (!negated && (std::isalnum(next) || next >= 0x80)) out[c] = ' ';
  }
  return out;
}

std::vector<std::string> spaced_fields(std::string_view query,
                                       const std::vector<std::string>& fields) {
  return field_names(query, [&](const std::string& name, size_t colon) {
    if (colon + 1 >= query.size() || !is_space(query[colon + 1])) return false;
    size_t value = colon + 1;
    while (value < query.size() && is_space(query[value])) ++value;
    // A value after the space; nothing at all is empty_fields' case.
    return value < query.size() && query[value] != ')' && among(fields, name);
  });
}

std::vector<std::pair<std::string, std::string>> starred_fields(
    std::string_view query, const std::vector<std::string>& fields) {
  std::vector<std::pair<std::string, std::string>> out;
  field_names(query, [&](const std::string& name, size_t colon) {
    if (!among(fields, name)) return false;
    size_t end = colon + 1;
    while (end < query.size() && !is_space(query[end]) && query[end] != ')' && query[end] != '"')
      ++end;
    const std::string_view value = query.substr(colon + 1, end - colon - 1);
    if (!value.ends_with('*')) return false;
    if (std::none_of(out.begin(), out.end(), [&](const auto& f) { return f.first == name; }))
      out.emplace_back(name, std::string(value));
    return true;
  });
  return out;
}

std::vector<std::string> wordless_fields(std::string_view query,
                                         const std::vector<std::string>& fields) {
  return field_names(query, [&](const std::string& name, size_t colon) {
    if (colon + 1 >= query.size() || !among(fields, name)) return false;
    const char next = query[colon + 1];
    // Spaces and the query's or a group's end are spaced_fields' and empty_fields' cases; a
    // quote or a bracket opens a phrase or a group.
    if (is_space(next) || next == ')' || next == '"' || next == '(') return false;
    const std::string_view rest = query.substr(colon + 1);
    Xapian::Utf8Iterator it(rest.data(), rest.size());
    return !Xapian::Unicode::is_wordchar(*it);
  });
}

std::vector<std::string> empty_fields(std::string_view query,
                                      const std::vector<std::string>& fields) {
  return field_names(query, [&](const std::string& name, size_t colon) {
    // Nothing at all: the query's end, or a group's. "date: 2026" is left alone (pasted text
    // such as "Release date: March" is words; spaced_fields warns of it).
    if (!among(fields, name)) return false;
    size_t v = colon + 1;
    if (v >= query.size() || query[v] == ')') return true;
    // An empty phrase or group, or one opened and left so ("title:\"", "title:(", "title:\"\""):
    // Xapian read the field's name as a word, and `author:"` found "authority".
    if (query[v] != '"' && query[v] != '(') return false;
    // ... or one of no word at all (`author:"."`, `title:(-)`).
    // A group ends at a bracket outside quotes (`title:(")" OR chip)` is a group of words).
    size_t end = v + 1;
    if (query[v] == '"') {
      end = std::min(query.find('"', v + 1), query.size());
    } else {
      for (bool quoted = false; end < query.size() && (quoted || query[end] != ')'); ++end)
        if (query[end] == '"') quoted = !quoted;
    }
    const std::string_view inside = query.substr(v + 1, end - v - 1);
    for (Xapian::Utf8Iterator it(inside.data(), inside.size()); it != Xapian::Utf8Iterator(); ++it)
      if (Xapian::Unicode::is_wordchar(*it)) return false;
    return true;
  });
}

std::optional<std::string> negated_terms_only(std::string_view query) {
  std::string out;
  bool any = false;
  size_t i = 0;
  while (i < query.size()) {
    if (is_space(query[i])) {
      out += query[i++];
      continue;
    }
    if (query[i] != '-' || i + 1 >= query.size() || is_space(query[i + 1])) return std::nullopt;
    ++i;  // the minus sign
    any = true;
    // The term: to the next space outside quotes.
    bool quoted = false;
    while (i < query.size() && (quoted || !is_space(query[i]))) {
      if (query[i] == '"') quoted = !quoted;
      out += query[i++];
    }
  }
  if (!any) return std::nullopt;
  return out;
}

namespace {

// Where the item starting at `i` ends: a group at its closing bracket, else at a space or a
// closing bracket outside quotes; the query's end when it never closes.
size_t item_end(std::string_view q, size_t i) {
  bool quoted = false;
  int depth = 0;
  for (size_t j = i; j < q.size(); ++j) {
    const char c = q[j];
    if (c == '"') {
      quoted = !quoted;
    } else if (!quoted && q[i] == '(') {
      if (c == '(') ++depth;
      if (c == ')' && --depth == 0) return j + 1;
    } else if (!quoted && (is_space(c) || c == ')')) {
      return j;
    }
  }
  return q.size();
}

void write_negations_as_not(std::string_view q, std::string& out) {
  bool quoted = false;
  for (size_t i = 0; i < q.size();) {
    const char c = q[i];
    // A minus sign that starts an item: at the start, after a space or an opening bracket,
    // and before something ("- a" and "--" are Xapian's to read as they are).
    if (!quoted && c == '-' && (i == 0 || is_space(q[i - 1]) || q[i - 1] == '(') &&
        i + 1 < q.size() && !is_space(q[i + 1]) && q[i + 1] != '-' && q[i + 1] != ')') {
      const size_t start = i + 1, end = item_end(q, start);
      out += "(NOT ";
      if (q[start] == '(') {
        const bool closed = end - start >= 2 && q[end - 1] == ')';
        out += '(';
        write_negations_as_not(q.substr(start + 1, end - start - 1 - (closed ? 1 : 0)), out);
        out += ')';
      } else {
        out.append(q.substr(start, end - start));
      }
      out += ')';
      i = end;
      continue;
    }
    if (c == '"') quoted = !quoted;
    out += c;
    ++i;
  }
}

}  // namespace

std::string fold_outside_fields(std::string_view query, const std::vector<std::string>& verbatim,
                                const std::function<std::string(std::string_view)>& fold,
                                const std::function<std::string(std::string_view)>& keep) {
  std::string out;
  out.reserve(query.size());
  size_t i = 0;
  while (i < query.size()) {
    if (is_space(query[i])) {
      out += query[i++];
      continue;
    }
    // A token, quotes and what they hold included ("tag:\"Große Straße\"").
    size_t end = i;
    while (end < query.size() && !is_space(query[end])) {
      if (query[end] == '"') {
        const size_t close = query.find('"', end + 1);
        end = close == std::string_view::npos ? query.size() : close + 1;
      } else {
        ++end;
      }
    }
    const std::string_view token = query.substr(i, end - i);
    i = end;
    const size_t name_at = token.find_first_not_of("-+(");
    const size_t colon = token.find(':');
    bool exact = false;
    if (name_at != std::string_view::npos && colon != std::string_view::npos && name_at < colon) {
      const std::string name = to_lower_ascii(token.substr(name_at, colon - name_at));
      exact = std::find(verbatim.begin(), verbatim.end(), name) != verbatim.end();
    }
    if (exact) {
      out.append(token.substr(0, colon + 1));
      out += keep(token.substr(colon + 1));
    } else {
      out += fold(token);
    }
  }
  return out;
}

std::string hyphen_alternatives(std::string_view query) {
  if (query.find('-') == std::string_view::npos) return std::string(query);
  const auto word_byte = [](char ch) {
    const auto u = static_cast<unsigned char>(ch);
    return u >= 0x80 || std::isalnum(u) != 0;
  };
  return rewrite_tokens(query, [&word_byte](std::string_view token, std::string& out) {
    // The word inside its operators and brackets: "-e-mail", "(e-mail", "e-mail)".
    size_t b = 0, e = token.size();
    while (b < e && (token[b] == '-' || token[b] == '+' || token[b] == '(')) ++b;
    while (e > b && token[e - 1] == ')') --e;
    const std::string_view core = token.substr(b, e - b);
    bool hyphenated = false,
         plain = !core.empty() && word_byte(core.front()) && word_byte(core.back());
    std::string joined;
    for (size_t k = 0; plain && k < core.size(); ++k) {
      if (core[k] == '-') {
        hyphenated = true;
        plain = word_byte(core[k + 1]);  // no "--": core ends in a word byte
      } else if (word_byte(core[k])) {
        joined += core[k];
      } else {
        plain = false;  // a field, a wildcard, other punctuation: as written
      }
    }
    if (!plain || !hyphenated) {
      out.append(token);
      return;
    }
    out.append(token.substr(0, b));
    out += "(";
    out.append(core);
    out += " OR ";
    out += joined;
    out += ")";
    out.append(token.substr(e));
  });
}

std::string negations_as_not(std::string_view query) {
  std::string out;
  write_negations_as_not(query, out);
  return out;
}

std::optional<std::pair<int64_t, int64_t>> date_period(std::string_view raw) {
  // A comma or semicolon typed after the date ("date:2026-10, chips") is no part of it: read
  // by the lenient parser below, "2026-10," was 1 October alone.
  while (!raw.empty() && (raw.back() == ',' || raw.back() == ';' || raw.back() == ' '))
    raw.remove_suffix(1);
  const std::string s = collapse_whitespace(raw);
  auto num = [&](size_t at, size_t n) { return std::stoi(s.substr(at, n)); };
  int year = 0, month = 0, day = 0;
  // A query's date is what its user typed: 2026-02-30 is a mistake to say, not 2 March (a
  // feed's dates roll over instead, as feed readers do; common/datetime.cc).
  auto valid = [&year](int m, int d) {
    static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m < 1 || m > 12 || d < 1) return false;
    const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return d <= kDays[m - 1] + (m == 2 && leap ? 1 : 0);
  };
  if (s.size() == 4 && is_digits(s)) {
    year = num(0, 4);
    if (year < 1000) return std::nullopt;  // before kFirstDate, as 0999-01-01 is
    return std::pair{make_utc(year, 1, 1, 0, 0, 0), make_utc(year + 1, 1, 1, 0, 0, 0) - 1};
  }
  // YYYY-M[M][-D[D]]: a month, or a day, written without its zeros ("2018-2-5").
  if (s.size() >= 6 && s.size() <= 10 && s[4] == '-' && is_digits(s.substr(0, 4))) {
    const std::string_view rest = std::string_view(s).substr(5);
    const size_t dash = rest.find('-');
    const std::string_view m = rest.substr(0, dash);
    const std::string_view d = dash == std::string_view::npos ? "" : rest.substr(dash + 1);
    if (!m.empty() && m.size() <= 2 && is_digits(m) &&
        (dash == std::string_view::npos || (!d.empty() && d.size() <= 2 && is_digits(d)))) {
      std::string canonical = s.substr(0, 5) + (m.size() == 1 ? "0" : "") + std::string(m);
      if (dash != std::string_view::npos)
        canonical += "-" + std::string(d.size() == 1 ? "0" : "") + std::string(d);
      if (canonical != s) return date_period(canonical);
    }
  }
  if (s.size() == 7 && s[4] == '-' && is_digits(s.substr(0, 4)) && is_digits(s.substr(5))) {
    year = num(0, 4), month = num(5, 2);
    if (!valid(month, 1)) return std::nullopt;
    const int64_t next =
        month == 12 ? make_utc(year + 1, 1, 1, 0, 0, 0) : make_utc(year, month + 1, 1, 0, 0, 0);
    return std::pair{make_utc(year, month, 1, 0, 0, 0), next - 1};
  }
  if (s.size() == 10 && s[4] == '-' && s[7] == '-' && is_digits(s.substr(0, 4)) &&
      is_digits(s.substr(5, 2)) && is_digits(s.substr(8))) {
    year = num(0, 4), month = num(5, 2), day = num(8, 2);
  } else if (s.size() == 8 && is_digits(s)) {
    year = num(0, 4), month = num(4, 2), day = num(6, 2);
  }
  if (year) {
    if (year < 1000 || !valid(month, day)) return std::nullopt;
    const int64_t t = make_utc(year, month, day, 0, 0, 0);
    return std::pair{t, t + 86399};
  }
  // A time or a full date-time: its fields must be in range too ("T25:00" is a typo, not 01:00
  // of the next day).
  if (s.size() > 10 && s[4] == '-' && s[7] == '-' && is_digits(s.substr(0, 4)) &&
      is_digits(s.substr(5, 2)) && is_digits(s.substr(8, 2))) {
    year = num(0, 4);
    if (!valid(num(5, 2), num(8, 2))) return std::nullopt;
  }
  for (size_t c = s.find(':'); c != std::string::npos; c = s.find(':', c + 1)) {
    // HH:MM[:SS]: each part of a clock time, where one starts.
    if (c < 1 || !std::isdigit(static_cast<unsigned char>(s[c - 1])) || c + 2 >= s.size() ||
        !is_digits(s.substr(c + 1, 2)))
      continue;
    size_t h = c;
    while (h > 0 && std::isdigit(static_cast<unsigned char>(s[h - 1]))) --h;
    if (h > 0 && s[h - 1] == ':') continue;  // this is the minutes' colon before seconds
    const int hour = std::stoi(s.substr(h, std::min<size_t>(c - h, 3)));
    const int minute = num(c + 1, 2);
    int second = 0;
    if (c + 5 < s.size() && s[c + 3] == ':' && is_digits(s.substr(c + 4, 2)))
      second = num(c + 4, 2);
    if (c - h > 2 || hour > 23 || minute > 59 || second > 60) return std::nullopt;
  }
  // Another way to write a date: with no time of day ("5 Feb 2018", "180205", "2018-036") it
  // is the whole day from that midnight, as the forms above are; with one, that second.
  if (auto t = parse_date(s)) {
    bool timed = s.find(':') != std::string::npos;
    for (size_t i = 0; i + 1 < s.size() && !timed; ++i)
      timed = (s[i] == 'T' || s[i] == 't') && std::isdigit(static_cast<unsigned char>(s[i + 1]));
    return std::pair{*t, timed ? *t : *t + 86399};
  }
  return std::nullopt;
}

namespace {

bool word_byte(unsigned char c) {
  return c >= 0x80 || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

// The text as alternating runs: non-word (possibly empty), word, non-word, word, ...
std::vector<std::string_view> runs(std::string_view s) {
  std::vector<std::string_view> out;
  size_t i = 0;
  while (true) {
    size_t j = i;
    while (j < s.size() && !word_byte(s[j])) ++j;
    out.push_back(s.substr(i, j - i));
    if (j == s.size()) break;
    size_t k = j;
    while (k < s.size() && word_byte(s[k])) ++k;
    out.push_back(s.substr(j, k - j));
    i = k;
  }
  return out;
}

}  // namespace

std::optional<int64_t> since_time(std::string_view s, int64_t now) {
  s = trim(s);
  if (auto span = parse_span(s)) return std::max<int64_t>(now - *span, kFirstDate);
  if (auto period = date_period(s)) return period->first;
  return std::nullopt;
}

std::string replace_words(std::string_view query,
                          const std::function<std::optional<std::string>(std::string_view)>& fix) {
  std::string out;
  bool changed = false;
  const auto parts = runs(query);
  for (size_t i = 0; i < parts.size(); ++i) {
    if (i % 2 == 1) {
      if (auto r = fix(parts[i])) {
        out += *r;
        changed = true;
        continue;
      }
    }
    out += parts[i];
  }
  return changed ? out : "";
}

}  // namespace byline
