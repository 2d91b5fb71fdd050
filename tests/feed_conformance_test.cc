// Conformance of the feed reader against the Universal Feed Parser's test suite and gofeed's
// expected outputs (../shared/corpora/feeds). Skips when ../shared is absent.
//
// feedparser cases carry a Python `Expect:` expression; a small evaluator (names, subscripts,
// attribute access, ==, !=, in, not, and, or, len(), .get(), literals) runs it against our model
// mapped onto feedparser's field names. gofeed cases are compared field by field. Pass counts
// are printed per folder; the assertions hold the levels reached (see kThresholds).
#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <filesystem>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>
#include <string>
#include <variant>
#include <vector>

#include "byline/feed.h"
#include "common/charset.h"
#include "common/datetime.h"
#include "common/feed_text.h"
#include "common/html_text.h"
#include "common/text.h"
#include "common/url_resolve.h"
#include "test_support.h"

namespace byline {
namespace {

// Parse options with only the document URL set.
byline::FeedParseOptions with_url(std::string url) {
  byline::FeedParseOptions o;
  o.url = std::move(url);
  return o;
}

namespace fs = std::filesystem;

// ---------------------------------------------------------------------------------------------
// Python values.

struct Value;
using List = std::vector<Value>;
using Dict = std::map<std::string, Value>;

struct Value {
  enum Kind { kNone, kBool, kInt, kFloat, kStr, kList, kTuple, kDict, kFunc } kind = kNone;
  bool b = false;
  int64_t i = 0;
  double f = 0;
  std::string s;  // string value, or function name for kFunc
  std::shared_ptr<List> list;
  std::shared_ptr<Dict> dict;
  std::shared_ptr<Value> self;  // bound method receiver
  bool fpd = false;             // a FeedParserDict: key aliases apply
  bool nocase = false;          // compares case-insensitively (charset names)

  static Value none() { return {}; }
  static Value boolean(bool v) {
    Value x;
    x.kind = kBool;
    x.b = v;
    return x;
  }
  static Value integer(int64_t v) {
    Value x;
    x.kind = kInt;
    x.i = v;
    return x;
  }
  static Value real(double v) {
    Value x;
    x.kind = kFloat;
    x.f = v;
    return x;
  }
  static Value str(std::string v) {
    Value x;
    x.kind = kStr;
    x.s = std::move(v);
    return x;
  }
  static Value list_of(List v, bool tuple = false) {
    Value x;
    x.kind = tuple ? kTuple : kList;
    x.list = std::make_shared<List>(std::move(v));
    return x;
  }
  static Value dict_of(Dict v, bool fpd = true) {
    Value x;
    x.kind = kDict;
    x.dict = std::make_shared<Dict>(std::move(v));
    x.fpd = fpd;
    return x;
  }
  static Value func(std::string name, std::shared_ptr<Value> self = nullptr) {
    Value x;
    x.kind = kFunc;
    x.s = std::move(name);
    x.self = std::move(self);
    return x;
  }
};

struct PyError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

bool truthy(const Value& v) {
  switch (v.kind) {
    case Value::kNone:
      return false;
    case Value::kBool:
      return v.b;
    case Value::kInt:
      return v.i != 0;
    case Value::kFloat:
      return v.f != 0;
    case Value::kStr:
      return !v.s.empty();
    case Value::kList:
    case Value::kTuple:
      return !v.list->empty();
    case Value::kDict:
      return !v.dict->empty();
    case Value::kFunc:
      return true;
  }
  return false;
}

// How string equality is judged: exactly, or as text (markup reduced to its text).
bool g_text_mode = false;

std::string as_text(const std::string& s) {
  return looks_like_html(s) ? collapse_whitespace(html_to_text(s)) : collapse_whitespace(s);
}

bool equal(const Value& a, const Value& b) {
  const bool an = a.kind == Value::kInt || a.kind == Value::kFloat || a.kind == Value::kBool;
  const bool bn = b.kind == Value::kInt || b.kind == Value::kFloat || b.kind == Value::kBool;
  if (an && bn) {
    auto num = [](const Value& v) {
      return v.kind == Value::kFloat  ? v.f
             : v.kind == Value::kBool ? (v.b ? 1.0 : 0.0)
                                      : static_cast<double>(v.i);
    };
    return std::fabs(num(a) - num(b)) < 1e-9;
  }
  if (a.kind != b.kind) {
    const bool al = a.kind == Value::kList || a.kind == Value::kTuple;
    const bool bl = b.kind == Value::kList || b.kind == Value::kTuple;
    if (!(al && bl)) return false;
  }
  switch (a.kind) {
    case Value::kNone:
      return true;
    case Value::kStr:
      if (a.nocase || b.nocase) return iequals_ascii(a.s, b.s);
      return g_text_mode ? as_text(a.s) == as_text(b.s) : a.s == b.s;
    case Value::kList:
    case Value::kTuple:
      if (a.kind != b.kind) return false;
      if (a.list->size() != b.list->size()) return false;
      for (size_t k = 0; k < a.list->size(); ++k)
        if (!equal((*a.list)[k], (*b.list)[k])) return false;
      return true;
    case Value::kDict:
      if (a.dict->size() != b.dict->size()) return false;
      for (const auto& [k, v] : *a.dict) {
        auto it = b.dict->find(k);
        if (it == b.dict->end() || !equal(v, it->second)) return false;
      }
      return true;
    default:
      return false;
  }
}

// feedparser's FeedParserDict key aliases.
const Value* dict_find(const Value& d, const std::string& key) {
  auto it = d.dict->find(key);
  if (it != d.dict->end()) return &it->second;
  if (!d.fpd) return nullptr;
  static const std::multimap<std::string, std::string> kAliases = {
      {"channel", "feed"},
      {"items", "entries"},
      {"guid", "id"},
      {"date", "updated"},
      {"date_parsed", "updated_parsed"},
      {"description", "summary"},
      {"description", "subtitle"},
      {"description_detail", "summary_detail"},
      {"description_detail", "subtitle_detail"},
      {"url", "href"},
      {"modified", "updated"},
      {"modified_parsed", "updated_parsed"},
      {"issued", "published"},
      {"issued_parsed", "published_parsed"},
      {"copyright", "rights"},
      {"copyright_detail", "rights_detail"},
      {"tagline", "subtitle"},
      {"tagline_detail", "subtitle_detail"},
      {"updated", "published"},
      {"updated_parsed", "published_parsed"},
  };
  auto [b, e] = kAliases.equal_range(key);
  for (auto a = b; a != e; ++a) {
    auto it2 = d.dict->find(a->second);
    if (it2 != d.dict->end()) return &it2->second;
  }
  if (key == "category") {
    auto tags = d.dict->find("tags");
    if (tags != d.dict->end() && tags->second.kind == Value::kList && !tags->second.list->empty()) {
      const Value& t = (*tags->second.list)[0];
      static thread_local Value term;
      term = Value::none();
      if (const Value* v = dict_find(t, "term")) term = *v;
      return &term;
    }
  }
  return nullptr;
}

// ---------------------------------------------------------------------------------------------
// The expression evaluator: a recursive-descent parser evaluating as it goes.

class Evaluator {
 public:
  Evaluator(std::string_view src, const Dict& names) : src_(src), names_(names) {}

  Value run() {
    next();
    Value v = or_expr();
    if (tok_.kind != Tok::kEnd) throw PyError("trailing input: " + tok_.text);
    return v;
  }

 private:
  struct Tok {
    enum Kind { kEnd, kName, kNum, kStr, kOp } kind = kEnd;
    std::string text;
    bool is_float = false;
  };

  void next() {
    const size_t n = src_.size();
    while (pos_ < n && std::isspace(static_cast<unsigned char>(src_[pos_]))) ++pos_;
    tok_ = Tok{};
    if (pos_ >= n) return;
    const char c = src_[pos_];
    // String literal, with optional u/r/b prefixes.
    size_t p = pos_;
    bool raw = false;
    while (p < n && std::strchr("uUrRbB", src_[p]) && p - pos_ < 2) {
      if (src_[p] == 'r' || src_[p] == 'R') raw = true;
      ++p;
    }
    if (p < n && (src_[p] == '\'' || src_[p] == '"')) {
      pos_ = p;
      tok_.kind = Tok::kStr;
      tok_.text = string_literal(raw);
      return;
    }
    if (std::isalpha(static_cast<unsigned char>(c)) || c == '_') {
      size_t e = pos_;
      while (e < n && (std::isalnum(static_cast<unsigned char>(src_[e])) || src_[e] == '_')) ++e;
      tok_.kind = Tok::kName;
      tok_.text = std::string(src_.substr(pos_, e - pos_));
      pos_ = e;
      return;
    }
    if (std::isdigit(static_cast<unsigned char>(c))) {
      size_t e = pos_;
      while (e < n && (std::isdigit(static_cast<unsigned char>(src_[e])) || src_[e] == '.')) {
        if (src_[e] == '.') tok_.is_float = true;
        ++e;
      }
      if (e < n && (src_[e] == 'L' || src_[e] == 'l')) ++e;  // Python 2 long
      tok_.kind = Tok::kNum;
      tok_.text = std::string(src_.substr(pos_, e - pos_));
      pos_ = e;
      return;
    }
    static const char* const kOps[] = {"==", "!=", "<=", ">=", "(", ")", "[", "]", "{",
                                       "}",  ",",  ".",  ":",  "<", ">", "-", "+", "%"};
    for (const char* op : kOps) {
      const size_t len = std::strlen(op);
      if (src_.compare(pos_, len, op) == 0) {
        tok_.kind = Tok::kOp;
        tok_.text = op;
        pos_ += len;
        return;
      }
    }
    throw PyError(std::string("unexpected character ") + c);
  }

  std::string string_literal(bool raw) {
    const char q = src_[pos_++];
    std::string out;
    const size_t n = src_.size();
    while (pos_ < n && src_[pos_] != q) {
      char c = src_[pos_++];
      if (c != '\\' || raw) {
        out += c;
        continue;
      }
      if (pos_ >= n) break;
      c = src_[pos_++];
      auto hex = [&](int digits) {
        uint32_t v = 0;
        for (int k = 0; k < digits && pos_ < n; ++k)
          v = v * 16 + static_cast<uint32_t>(std::isdigit(static_cast<unsigned char>(src_[pos_]))
                                                 ? src_[pos_++] - '0'
                                                 : (src_[pos_++] | 0x20) - 'a' + 10);
        return v;
      };
      switch (c) {
        case 'n':
          out += '\n';
          break;
        case 't':
          out += '\t';
          break;
        case 'r':
          out += '\r';
          break;
        case '\\':
          out += '\\';
          break;
        case '\'':
          out += '\'';
          break;
        case '"':
          out += '"';
          break;
        case 'x':
          append_utf8(out, hex(2));
          break;
        case 'u':
          append_utf8(out, hex(4));
          break;
        case 'U':
          append_utf8(out, hex(8));
          break;
        case '\n':
          break;
        default:
          out += '\\';
          out += c;
      }
    }
    if (pos_ < n) ++pos_;
    return out;
  }

  bool is_op(const char* op) const { return tok_.kind == Tok::kOp && tok_.text == op; }
  bool is_name(const char* name) const { return tok_.kind == Tok::kName && tok_.text == name; }
  void expect(const char* op) {
    if (!is_op(op)) throw PyError(std::string("expected ") + op);
    next();
  }

  Value or_expr() {
    Value v = and_expr();
    while (is_name("or")) {
      next();
      Value r = and_expr();
      if (!truthy(v)) v = r;
    }
    return v;
  }
  Value and_expr() {
    Value v = not_expr();
    while (is_name("and")) {
      next();
      // Python short-circuits: a failing left side must not evaluate (and raise on) the right.
      if (!truthy(v)) {
        skip_and_operand();
        continue;
      }
      v = not_expr();
    }
    return v;
  }
  // Parses an operand without letting its errors count (short-circuited).
  void skip_and_operand() {
    try {
      not_expr();
    } catch (const PyError&) {
      // Resynchronise: skip to the next top-level 'and'/'or' or the end.
      int depth = 0;
      while (tok_.kind != Tok::kEnd) {
        if (is_op("(") || is_op("[") || is_op("{")) ++depth;
        if (is_op(")") || is_op("]") || is_op("}")) --depth;
        if (depth <= 0 && (is_name("and") || is_name("or"))) break;
        next();
      }
    }
  }
  Value not_expr() {
    if (is_name("not")) {
      next();
      return Value::boolean(!truthy(not_expr()));
    }
    return comparison();
  }
  // Python chains comparisons: a == b == c means a == b and b == c.
  Value comparison() {
    Value left = arith();
    bool all = true;
    bool any_op = false;
    while (true) {
      std::string op;
      if (is_op("==") || is_op("!=") || is_op("<") || is_op(">") || is_op("<=") || is_op(">=")) {
        op = tok_.text;
        next();
      } else if (is_name("in")) {
        op = "in";
        next();
      } else if (is_name("not")) {
        next();
        if (!is_name("in")) throw PyError("expected in");
        next();
        op = "not in";
      } else if (is_name("is")) {
        next();
        op = "is";
        if (is_name("not")) {
          next();
          op = "is not";
        }
      } else {
        return any_op ? Value::boolean(all) : left;
      }
      any_op = true;
      Value right = arith();
      bool r = false;
      if (op == "==" || op == "is")
        r = equal(left, right);
      else if (op == "!=" || op == "is not")
        r = !equal(left, right);
      else if (op == "in" || op == "not in")
        r = contains(right, left) == (op == "in");
      else {
        const double a = left.kind == Value::kFloat ? left.f : static_cast<double>(left.i);
        const double b = right.kind == Value::kFloat ? right.f : static_cast<double>(right.i);
        r = op == "<" ? a < b : op == ">" ? a > b : op == "<=" ? a <= b : a >= b;
      }
      all = all && r;
      left = right;
    }
  }
  static bool contains(const Value& hay, const Value& needle) {
    if (hay.kind == Value::kStr && needle.kind == Value::kStr)
      return hay.s.find(needle.s) != std::string::npos;
    if (hay.kind == Value::kList || hay.kind == Value::kTuple) {
      for (const Value& v : *hay.list)
        if (equal(v, needle)) return true;
      return false;
    }
    if (hay.kind == Value::kDict && needle.kind == Value::kStr)
      return dict_find(hay, needle.s) != nullptr;
    throw PyError("bad operand for in");
  }
  Value arith() {
    Value v = unary();
    while (is_op("+") || is_op("-")) {
      const bool plus = is_op("+");
      next();
      Value r = unary();
      if (v.kind == Value::kStr && r.kind == Value::kStr && plus)
        v = Value::str(v.s + r.s);
      else if (v.kind == Value::kInt && r.kind == Value::kInt)
        v = Value::integer(plus ? v.i + r.i : v.i - r.i);
      else
        throw PyError("unsupported arithmetic");
    }
    return v;
  }
  Value unary() {
    if (is_op("-")) {
      next();
      Value v = unary();
      if (v.kind == Value::kInt) return Value::integer(-v.i);
      if (v.kind == Value::kFloat) return Value::real(-v.f);
      throw PyError("bad unary minus");
    }
    return postfix();
  }
  Value postfix() {
    Value v = atom();
    while (true) {
      if (is_op("[")) {
        next();
        Value key = or_expr();
        expect("]");
        v = subscript(v, key);
      } else if (is_op(".")) {
        next();
        if (tok_.kind != Tok::kName) throw PyError("expected attribute name");
        const std::string attr = tok_.text;
        next();
        if (is_op("(")) {
          v = Value::func(attr, std::make_shared<Value>(v));
        } else {
          v = attribute(v, attr);
        }
      } else if (is_op("(")) {
        next();
        List args;
        while (!is_op(")")) {
          args.push_back(or_expr());
          if (is_op(","))
            next();
          else
            break;
        }
        expect(")");
        v = call(v, args);
      } else {
        return v;
      }
    }
  }
  static Value subscript(const Value& v, const Value& key) {
    if (v.kind == Value::kDict) {
      if (key.kind != Value::kStr) throw PyError("dict key must be a string");
      const Value* r = dict_find(v, key.s);
      if (!r) throw PyError("KeyError: " + key.s);
      return *r;
    }
    if ((v.kind == Value::kList || v.kind == Value::kTuple) && key.kind == Value::kInt) {
      int64_t k = key.i;
      if (k < 0) k += static_cast<int64_t>(v.list->size());
      if (k < 0 || k >= static_cast<int64_t>(v.list->size())) throw PyError("IndexError");
      return (*v.list)[static_cast<size_t>(k)];
    }
    if (v.kind == Value::kStr && key.kind == Value::kInt) {
      if (key.i < 0 || static_cast<size_t>(key.i) >= v.s.size()) throw PyError("IndexError");
      return Value::str(v.s.substr(static_cast<size_t>(key.i), 1));
    }
    throw PyError("not subscriptable");
  }
  static Value attribute(const Value& v, const std::string& name) {
    if (v.kind == Value::kDict) {
      const Value* r = dict_find(v, name);
      if (!r) throw PyError("AttributeError: " + name);
      return *r;
    }
    if (v.kind == Value::kFunc && v.s == "module:feedparser") return Value::str(name);
    throw PyError("AttributeError: " + name);
  }
  Value call(const Value& f, const List& args) {
    if (f.kind != Value::kFunc) throw PyError("not callable");
    if (f.self) {
      const Value& self = *f.self;
      if ((f.s == "get") && self.kind == Value::kDict && !args.empty() &&
          args[0].kind == Value::kStr) {
        const Value* r = dict_find(self, args[0].s);
        return r ? *r : (args.size() > 1 ? args[1] : Value::none());
      }
      if (f.s == "has_key" && self.kind == Value::kDict && args.size() == 1 &&
          args[0].kind == Value::kStr)
        return Value::boolean(dict_find(self, args[0].s) != nullptr);
      if (f.s == "keys" && self.kind == Value::kDict) {
        List keys;
        for (const auto& [k, v] : *self.dict) keys.push_back(Value::str(k));
        return Value::list_of(std::move(keys));
      }
      throw PyError("unknown method " + f.s);
    }
    if (f.s == "len" && args.size() == 1) {
      const Value& a = args[0];
      if (a.kind == Value::kStr) {
        size_t count = 0, i = 0;
        while (i < a.s.size()) next_code_point(a.s, i), ++count;
        return Value::integer(static_cast<int64_t>(count));
      }
      if (a.kind == Value::kList || a.kind == Value::kTuple)
        return Value::integer(static_cast<int64_t>(a.list->size()));
      if (a.kind == Value::kDict) return Value::integer(static_cast<int64_t>(a.dict->size()));
      throw PyError("len() of unsized value");
    }
    if (f.s == "ord" && args.size() == 1 && args[0].kind == Value::kStr && !args[0].s.empty()) {
      size_t i = 0;
      return Value::integer(next_code_point(args[0].s, i));
    }
    if (f.s == "isinstance" && args.size() == 2)
      return Value::boolean(args[0].kind == Value::kStr && args[1].kind == Value::kStr &&
                            args[0].s == args[1].s);
    throw PyError("unsupported call " + f.s);
  }
  Value atom() {
    if (tok_.kind == Tok::kStr) {
      std::string s = tok_.text;
      next();
      while (tok_.kind == Tok::kStr) {  // adjacent literals concatenate
        s += tok_.text;
        next();
      }
      return Value::str(std::move(s));
    }
    if (tok_.kind == Tok::kNum) {
      Value v =
          tok_.is_float ? Value::real(std::stod(tok_.text)) : Value::integer(std::stoll(tok_.text));
      next();
      return v;
    }
    if (tok_.kind == Tok::kName) {
      const std::string name = tok_.text;
      next();
      if (name == "None") return Value::none();
      if (name == "True") return Value::boolean(true);
      if (name == "False") return Value::boolean(false);
      if (name == "len" || name == "ord" || name == "isinstance") return Value::func(name);
      if (name == "feedparser") return Value::func("module:feedparser");
      auto it = names_.find(name);
      if (it == names_.end()) throw PyError("NameError: " + name);
      return it->second;
    }
    if (is_op("(")) {
      next();
      List items;
      bool tuple = false;
      while (!is_op(")")) {
        items.push_back(or_expr());
        if (is_op(",")) {
          tuple = true;
          next();
        } else {
          break;
        }
      }
      expect(")");
      if (!tuple && items.size() == 1) return items[0];
      return Value::list_of(std::move(items), true);
    }
    if (is_op("[")) {
      next();
      List items;
      while (!is_op("]")) {
        items.push_back(or_expr());
        if (is_op(","))
          next();
        else
          break;
      }
      expect("]");
      return Value::list_of(std::move(items));
    }
    if (is_op("{")) {
      next();
      Dict d;
      while (!is_op("}")) {
        Value k = or_expr();
        expect(":");
        Value v = or_expr();
        if (k.kind != Value::kStr) throw PyError("dict literal key");
        d[k.s] = v;
        if (is_op(","))
          next();
        else
          break;
      }
      expect("}");
      return Value::dict_of(std::move(d), false);
    }
    throw PyError("unexpected token " + tok_.text);
  }

  std::string_view src_;
  size_t pos_ = 0;
  Tok tok_;
  const Dict& names_;
};

// ---------------------------------------------------------------------------------------------
// Our model as feedparser's dictionaries.

Value str_or_none(const std::string& s) { return s.empty() ? Value::none() : Value::str(s); }

Value time_tuple(int64_t t) {
  const std::string iso = format_iso8601(t);  // YYYY-MM-DDTHH:MM:SSZ
  const int y = std::stoi(iso.substr(0, 4)), mo = std::stoi(iso.substr(5, 2)),
            d = std::stoi(iso.substr(8, 2));
  const int64_t days = (t >= 0 ? t : t - 86399) / 86400;
  const int wday = static_cast<int>(((days % 7) + 7 + 3) % 7);  // 1970-01-01 was a Thursday
  const int yday =
      static_cast<int>((make_utc(y, mo, d, 0, 0, 0) - make_utc(y, 1, 1, 0, 0, 0)) / 86400) + 1;
  List v = {Value::integer(y),
            Value::integer(mo),
            Value::integer(d),
            Value::integer(std::stoi(iso.substr(11, 2))),
            Value::integer(std::stoi(iso.substr(14, 2))),
            Value::integer(std::stoi(iso.substr(17, 2))),
            Value::integer(wday),
            Value::integer(yday),
            Value::integer(0)};
  return Value::list_of(std::move(v), true);
}

void put_date(Dict& d, const char* key, const std::optional<int64_t>& t, const std::string& raw) {
  if (!raw.empty()) d[key] = Value::str(raw);
  if (!t) return;
  if (raw.empty()) d[key] = Value::str(format_iso8601(*t));
  d[std::string(key) + "_parsed"] = time_tuple(*t);
}

Value person_value(const Person& p) {
  Dict d;
  if (!p.name.empty()) d["name"] = Value::str(p.name);
  if (!p.email.empty()) d["email"] = Value::str(p.email);
  if (!p.uri.empty()) d["href"] = Value::str(p.uri);
  return Value::dict_of(std::move(d));
}

std::string person_string(const Person& p) {
  if (!p.name.empty() && !p.email.empty()) return p.name + " (" + p.email + ")";
  return p.name.empty() ? p.email : p.name;
}

void put_people(Dict& d, const char* single, const char* plural, const std::vector<Person>& ps) {
  if (ps.empty()) return;
  List all;
  for (const Person& p : ps) all.push_back(person_value(p));
  if (single) {
    d[single] = Value::str(person_string(ps[0]));
    d[std::string(single) + "_detail"] = person_value(ps[0]);
  }
  d[plural] = Value::list_of(std::move(all));
}

// The value feedparser reports for a text construct: markup for HTML, else the text.
std::string construct_value(const std::string& text, const std::string& html, const TextInfo& i) {
  if (g_text_mode) return text;
  return i.type == "text/plain" || i.type.empty() ? text : html;
}

Value detail(const std::string& value, const TextInfo& i) {
  Dict d;
  d["type"] = Value::str(i.type.empty() ? "text/plain" : i.type);
  d["language"] = str_or_none(i.language);
  d["base"] = Value::str(i.base);
  d["value"] = Value::str(value);
  if (!i.src.empty()) d["src"] = Value::str(i.src);
  return Value::dict_of(std::move(d));
}

void put_construct(Dict& d, const char* key, const std::string& text, const std::string& html,
                   const TextInfo& i) {
  if (i.type.empty() && text.empty() && html.empty()) return;
  const std::string v = construct_value(text, html, i);
  d[key] = Value::str(v);
  d[std::string(key) + "_detail"] = detail(v, i);
}

Value links_value(const std::vector<Link>& links) {
  List out;
  for (const Link& l : links) {
    Dict d;
    d["href"] = Value::str(l.href);
    d["rel"] = Value::str(l.rel);
    // feedparser's defaults for an untyped link.
    d["type"] = Value::str(!l.type.empty()   ? l.type
                           : l.rel == "self" ? "application/atom+xml"
                                             : "text/html");
    if (!l.hreflang.empty()) d["hreflang"] = Value::str(l.hreflang);
    if (!l.title.empty()) d["title"] = Value::str(l.title);
    if (l.length) d["length"] = Value::str(std::to_string(l.length));
    out.push_back(Value::dict_of(std::move(d)));
  }
  return Value::list_of(std::move(out));
}

Value tags_value(const std::vector<Category>& cats) {
  List out;
  for (const Category& c : cats) {
    Dict d;
    d["term"] = Value::str(c.term);
    d["scheme"] = str_or_none(c.scheme);
    d["label"] = str_or_none(c.label);
    out.push_back(Value::dict_of(std::move(d)));
  }
  return Value::list_of(std::move(out));
}

void put_itunes(Dict& d, const std::optional<bool>& explicit_flag, bool block) {
  d["itunes_explicit"] = explicit_flag ? Value::boolean(*explicit_flag) : Value::none();
  d["itunes_block"] = Value::integer(block ? 1 : 0);
}

// Extension elements under feedparser's names: prefix_local; attributes or children as a dict.
void put_extensions(Dict& d, const std::vector<Extension>& exts) {
  for (const Extension& x : exts) {
    std::string key = x.name;
    std::replace(key.begin(), key.end(), ':', '_');
    if (key == "image") {
      Dict img;
      if (auto it = d.find("image"); it != d.end() && it->second.kind == Value::kDict)
        img = *it->second.dict;
      for (const auto& [k, v] : x.children) {
        if (k == "width" || k == "height")
          img[k] = Value::integer(std::atoll(v.c_str()));
        else
          img[k] = Value::str(v);
      }
      d["image"] = Value::dict_of(std::move(img));
      continue;
    }
    if (key == "dcterms_valid") {  // "start=...; end=...; scheme=W3C-DTF"
      for (const std::string& part : split(x.value, ';')) {
        const size_t eq = part.find('=');
        if (eq == std::string::npos) continue;
        const std::string k(trim(std::string_view(part).substr(0, eq)));
        const std::string v(trim(std::string_view(part).substr(eq + 1)));
        if (k == "start" || k == "end") {
          d["validity_" + k] = Value::str(v);
          if (auto t = parse_date(v)) d["validity_" + k + "_parsed"] = time_tuple(*t);
        }
      }
      continue;
    }
    if (d.count(key)) continue;
    if (!x.children.empty() || (!x.attributes.empty() && x.value.empty())) {
      Dict m;
      for (const auto& [k, v] : x.attributes) m[k] = Value::str(v);
      for (const auto& [k, v] : x.children) m[k] = Value::str(v);
      d[key] = Value::dict_of(std::move(m));
    } else {
      d[key] = Value::str(x.value);
    }
  }
}

Value feed_value(const FeedInfo& f) {
  Dict d;
  put_construct(d, "title", f.title, f.title_info.html, f.title_info);
  put_construct(d, "subtitle", f.description, f.description_info.html, f.description_info);
  put_construct(d, "rights", f.rights, f.rights_info.html, f.rights_info);
  if (!f.link.empty()) d["link"] = Value::str(f.link);
  if (!f.links.empty()) d["links"] = links_value(f.links);
  if (!f.id.empty()) d["id"] = Value::str(f.id);
  if (!f.language.empty()) d["language"] = Value::str(f.language);
  put_construct(d, "info", f.info, f.info_info.html, f.info_info);
  put_date(d, "updated", f.updated, f.dates.updated);
  put_date(d, "published", f.published, f.dates.published);
  put_date(d, "created", f.created, f.dates.created);
  if (!f.docs.empty()) d["docs"] = Value::str(f.docs);
  if (!f.new_location.empty()) d["newlocation"] = Value::str(f.new_location);
  put_itunes(d, f.itunes_explicit, f.itunes_block);
  if (!f.feed_url.empty() && f.links.size() == 1 && f.title_info.type.empty())
    d["href"] = Value::str(f.feed_url);  // RSS <source url="">
  put_people(d, "author", "authors", f.authors);
  put_people(d, nullptr, "contributors", f.contributors);
  if (!f.publisher.name.empty() || !f.publisher.email.empty()) {
    d["publisher"] = Value::str(person_string(f.publisher));
    d["publisher_detail"] = person_value(f.publisher);
  }
  if (!f.categories.empty()) d["tags"] = tags_value(f.categories);
  if (!f.image.empty()) {
    d["image"] = Value::dict_of({{"href", Value::str(f.image)}});
    d["logo"] = Value::str(f.image);
  }
  if (!f.icon.empty()) d["icon"] = Value::str(f.icon);
  if (!f.generator.empty()) {
    d["generator"] = Value::str(f.generator);
  }
  if (!f.generator.empty() || !f.generator_uri.empty()) {
    Dict g;
    g["name"] = Value::str(f.generator);
    if (!f.generator_uri.empty()) g["href"] = Value::str(f.generator_uri);
    if (!f.generator_version.empty()) g["version"] = Value::str(f.generator_version);
    d["generator_detail"] = Value::dict_of(std::move(g));
  }
  if (f.ttl_minutes) d["ttl"] = Value::str(std::to_string(f.ttl_minutes));
  put_extensions(d, f.extensions);
  return Value::dict_of(std::move(d));
}

Value entry_value(const FeedEntry& e) {
  Dict d;
  put_construct(d, "title", e.title, e.title_info.html, e.title_info);
  put_construct(d, "summary", e.summary, e.summary_html, e.summary_info);
  put_construct(d, "rights", e.rights, e.rights_info.html, e.rights_info);
  if (!e.content_info.type.empty() || !e.content.empty() || !e.content_info.src.empty()) {
    Value c = detail(construct_value(e.content, e.content_html, e.content_info), e.content_info);
    // feedparser: "if there is no summary but there is content, summary is the content".
    if (!d.count("summary")) {
      d["summary"] = (*c.dict)["value"];
      d["summary_detail"] = c;
    }
    d["content"] = Value::list_of({c});
  }
  if (!e.link.empty()) d["link"] = Value::str(e.link);
  if (!e.links.empty()) d["links"] = links_value(e.links);
  if (!e.id.empty() && e.id.rfind("urn:byline:", 0) != 0) d["id"] = Value::str(e.id);
  put_date(d, "published", e.published, e.dates.published);
  put_date(d, "updated", e.updated, e.dates.updated);
  put_date(d, "created", e.created, e.dates.created);
  put_date(d, "expired", e.expired, e.dates.expired);
  d["guidislink"] = Value::boolean(e.link_from_guid);
  put_itunes(d, e.itunes_explicit, e.itunes_block);
  if (!e.itunes_duration.empty()) d["itunes_duration"] = Value::str(e.itunes_duration);
  if (e.has_geo) {
    Dict where;
    if (e.point) {
      where["type"] = Value::str("Point");
      where["coordinates"] =
          Value::list_of({Value::real(e.point->lon), Value::real(e.point->lat)}, true);
    }
    d["where"] = Value::dict_of(std::move(where));
  }
  if (!e.image.empty()) {
    d["image"] = Value::dict_of({{"href", Value::str(e.image)}});
    d["media_thumbnail"] = Value::list_of({Value::dict_of({{"url", Value::str(e.image)}})});
  }
  for (const Link& l : e.links)
    if (l.rel == "license" && !d.count("license")) d["license"] = Value::str(l.href);
  put_people(d, "author", "authors", e.authors);
  put_people(d, nullptr, "contributors", e.contributors);
  if (!e.publisher.name.empty() || !e.publisher.email.empty()) {
    d["publisher"] = Value::str(person_string(e.publisher));
    d["publisher_detail"] = person_value(e.publisher);
  }
  if (!e.categories.empty()) d["tags"] = tags_value(e.categories);
  if (!e.enclosures.empty()) {
    List encs;
    for (const Enclosure& en : e.enclosures) {
      Dict x;
      x["href"] = Value::str(en.url);
      x["type"] = Value::str(en.type);
      x["length"] = Value::str(en.length ? std::to_string(en.length) : std::string());
      encs.push_back(Value::dict_of(std::move(x)));
    }
    d["enclosures"] = Value::list_of(std::move(encs));
  }
  if (!e.comments.empty()) d["comments"] = Value::str(e.comments);
  put_extensions(d, e.extensions);
  if (e.source) d["source"] = feed_value(*e.source);
  if (!e.language.empty()) d["language"] = Value::str(e.language);
  return Value::dict_of(std::move(d));
}

// feedparser's exception classes for our kinds of problem.
std::string exception_class(const ParsedFeed& pf) {
  if (pf.well_formed) return "";
  if (pf.error.find("declared") != std::string::npos &&
      pf.error.find("read as") != std::string::npos)
    return "CharacterEncodingOverride";
  if (pf.error.find("not an XML media type") != std::string::npos) return "NonXMLContentType";
  return "SAXParseException";
}

Dict names_for(const ParsedFeed& pf, const std::string& href) {
  Dict n;
  n["bozo"] = Value::boolean(!pf.well_formed);
  n["bozo_exception"] = Value::str(exception_class(pf));
  n["encoding"] = Value::str(pf.encoding);
  n["encoding"].nocase = true;  // charset names are case-insensitive (RFC 2978)
  n["version"] = Value::str(pf.version);
  n["href"] = Value::str(href);
  n["feed"] = feed_value(pf.feed);
  List entries;
  for (const FeedEntry& e : pf.entries) entries.push_back(entry_value(e));
  n["entries"] = Value::list_of(std::move(entries));
  n["namespaces"] = Value::dict_of({}, false);
  return n;
}

// ---------------------------------------------------------------------------------------------
// The feedparser suite.

struct Case {
  std::string expect;
  std::string content_type;
  std::string content_location;
  std::string content_language;
};

Case read_case(const std::string& raw) {
  Case c;
  // UTF-16/32 cases: read the header in UTF-8.
  std::string text = raw;
  const CharsetDecision cs = detect_xml_charset(raw, {});
  if (cs.encoding.rfind("utf-16", 0) == 0 || cs.encoding.rfind("utf-32", 0) == 0)
    transcode_to_utf8(std::string_view(raw).substr(cs.bom_length), cs.encoding, text);
  // JSON cases keep the header under "__TEST__"; XML ones in the first comment.
  const size_t start = text.find("<!--");
  const size_t end = start == std::string::npos ? std::string::npos : text.find("-->", start);
  std::string_view head = start == std::string::npos
                              ? std::string_view(text).substr(0, 4096)
                              : std::string_view(text).substr(start, end - start);
  if (const size_t tt = head.find("\"__TEST__\""); tt != std::string_view::npos) {
    const size_t e = head.find("Expect:", tt);
    if (e != std::string_view::npos) {
      const size_t stop = head.find("-->", e);
      c.expect = std::string(trim(head.substr(e + 7, stop - e - 7)));
    }
    return c;
  }
  for (const std::string& line : split(head, '\n')) {
    std::string_view l = trim(line);
    if (l.substr(0, 7) == "Expect:") c.expect = std::string(trim(l.substr(7)));
    if (l.substr(0, 7) == "Header:") {
      std::string_view h = trim(l.substr(7));
      const size_t colon = h.find(':');
      if (colon == std::string_view::npos) continue;
      const std::string name = to_lower_ascii(trim(h.substr(0, colon)));
      const std::string value(trim(h.substr(colon + 1)));
      if (name == "content-type") c.content_type = value;
      if (name == "content-location") c.content_location = value;
      if (name == "content-language") c.content_language = value;
    }
  }
  return c;
}

struct Tally {
  int pass = 0, total = 0, crashes = 0;
  std::vector<std::string> failures;
  double pct() const { return total ? 100.0 * pass / total : 100.0; }
};

// The folder a case is reported under: the first level below wellformed/illformed.
std::string folder_of(const fs::path& rel) {
  auto it = rel.begin();
  std::string top = it->string();
  if (top == "wellformed" || top == "illformed") {
    ++it;
    if (it != rel.end() && std::next(it) != rel.end()) return top + "/" + it->string();
  }
  return top;
}

// Cases whose Expect: follows a rule a later standard replaced, judged by that standard instead
// (printed with the tallies). Each keeps the case's point: the same bytes, a stated reading.
struct Superseded {
  std::string_view path;
  std::string_view expect;
  std::string_view why;
};
constexpr Superseded kSuperseded[] = {
    {"encoding/bozo_http_i18n.xml",
     "not bozo and feed['title'] == u'I\\xf1t\\xebrn\\xe2ti\\xf4n\\xe0liz\\xe6ti\\xf8n'",
     "RFC 7303 (2014) replaced RFC 3023's us-ascii default for text/xml: the declaration's "
     "utf-8 decides"},
};

std::map<std::string, Tally> run_feedparser_suite(const fs::path& root) {
  std::map<std::string, Tally> by_folder;
  std::vector<fs::path> files;
  for (const auto& entry : fs::recursive_directory_iterator(root / "tests"))
    if (entry.is_regular_file()) files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  for (const fs::path& file : files) {
    const fs::path rel = fs::relative(file, root / "tests");
    const std::string bytes = testing::read_file(file);
    Case c = read_case(bytes);
    if (c.expect.empty()) continue;
    for (const Superseded& sup : kSuperseded)
      if (rel.generic_string() == sup.path) {
        std::printf("judged by a later rule: %s (%s)\n", std::string(sup.path).c_str(),
                    std::string(sup.why).c_str());
        c.expect = sup.expect;
      }
    const std::string folder = folder_of(rel);
    Tally& t = by_folder[folder];
    ++t.total;
    // feedparser's harness serves the cases whose path names "http" from this address (with
    // their Header: lines as the response); the others are read from files, with no base URL.
    const bool served = rel.generic_string().find("http") != std::string::npos;
    const std::string href = served ? "http://127.0.0.1:8097/tests/" + rel.generic_string() : "";
    FeedParseOptions opts;
    opts.url = c.content_location.empty() ? href : resolve_url(href, c.content_location);
    if (opts.url.empty()) opts.url = href;  // an unsafe Content-Location is ignored
    opts.content_type = c.content_type;
    opts.content_language = c.content_language;
    auto r = parse_feed(bytes, opts);
    ParsedFeed pf;
    if (r.ok()) {
      pf = std::move(r).value();
    } else {
      pf.well_formed = false;  // feedparser reports bozo with an empty result
      pf.error = r.status().message();
    }
    g_text_mode = folder == "wellformed/sanitize";
    bool ok = false;
    std::string why;
    try {
      const Dict names = names_for(pf, href);
      ok = truthy(Evaluator(c.expect, names).run());
    } catch (const PyError& e) {
      why = e.what();
    }
    g_text_mode = false;
    if (ok)
      ++t.pass;
    else
      t.failures.push_back(rel.generic_string() + (why.empty() ? "" : "  [" + why + "]"));
  }
  return by_folder;
}

// ---------------------------------------------------------------------------------------------
// gofeed pairs: universal-model expected JSON, compared field by field.

struct FieldTally {
  int equal = 0, total = 0;
  std::map<std::string, std::pair<int, int>> by_field;  // name -> equal, total
  std::vector<std::string> diffs;
};

std::string norm_text(const std::string& s) { return as_text(s); }

std::string gofeed_date(const nlohmann::json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end() || !it->is_string()) return {};
  auto t = parse_date(it->get<std::string>());
  return t ? format_iso8601(*t) : it->get<std::string>();
}

void compare(FieldTally& t, const std::string& where, const std::string& field,
             const std::string& expected, const std::string& actual) {
  ++t.total;
  auto& [eq, tot] = t.by_field[field];
  ++tot;
  if (expected == actual) {
    ++t.equal;
    ++eq;
  } else if (t.diffs.size() < 400) {
    t.diffs.push_back(where + " " + field + ": expected [" + expected + "] got [" + actual + "]");
  }
}

std::string people_string(const nlohmann::json& j) {
  std::string out;
  auto it = j.find("authors");
  if (it == j.end() || !it->is_array()) {
    auto a = j.find("author");
    if (a == j.end() || !a->is_object()) return {};
    return a->value("name", "") + "<" + a->value("email", "") + ">";
  }
  for (const auto& a : *it) out += a.value("name", "") + "<" + a.value("email", "") + ">;";
  return out;
}

std::string people_string(const std::vector<Person>& ps) {
  std::string out;
  for (const Person& p : ps) out += p.name + "<" + p.email + ">;";
  return out;
}

std::string strings_joined(const nlohmann::json& j, const char* key) {
  std::string out;
  auto it = j.find(key);
  if (it == j.end() || !it->is_array()) return {};
  for (const auto& s : *it)
    if (s.is_string()) out += collapse_whitespace(s.get<std::string>()) + "|";
  return out;
}

std::string strings_joined(const std::vector<std::string>& v) {
  std::string out;
  for (const std::string& s : v) out += s + "|";
  return out;
}

void compare_gofeed(FieldTally& t, const std::string& name, const nlohmann::json& exp,
                    const ParsedFeed& pf) {
  const FeedInfo& f = pf.feed;
  auto str = [](const nlohmann::json& j, const char* k) {
    auto it = j.find(k);
    return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
  };
  if (exp.contains("title"))
    compare(t, name, "feed.title", norm_text(str(exp, "title")), norm_text(f.title));
  if (exp.contains("link")) compare(t, name, "feed.link", str(exp, "link"), f.link);
  if (exp.contains("description"))
    compare(t, name, "feed.description", norm_text(str(exp, "description")),
            norm_text(f.description));
  if (exp.contains("updatedParsed"))
    compare(t, name, "feed.updated", gofeed_date(exp, "updatedParsed"),
            f.updated ? format_iso8601(*f.updated) : "");
  if (exp.contains("publishedParsed"))
    compare(t, name, "feed.published", gofeed_date(exp, "publishedParsed"),
            f.published ? format_iso8601(*f.published) : "");
  if (exp.contains("authors") || exp.contains("author"))
    compare(t, name, "feed.authors", people_string(exp), people_string(f.authors));
  if (exp.contains("categories"))
    compare(t, name, "feed.categories", strings_joined(exp, "categories"), strings_joined(f.tags));
  auto items = exp.find("items");
  if (items == exp.end() || !items->is_array()) return;
  for (size_t k = 0; k < items->size(); ++k) {
    const nlohmann::json& it = (*items)[k];
    const std::string where = name + "#" + std::to_string(k);
    if (k >= pf.entries.size()) {
      compare(t, where, "item", "present", "missing");
      continue;
    }
    const FeedEntry& e = pf.entries[k];
    if (it.contains("title"))
      compare(t, where, "item.title", norm_text(str(it, "title")), norm_text(e.title));
    if (it.contains("link")) compare(t, where, "item.link", str(it, "link"), e.link);
    if (it.contains("guid")) compare(t, where, "item.id", str(it, "guid"), e.id);
    if (it.contains("publishedParsed"))
      compare(t, where, "item.published", gofeed_date(it, "publishedParsed"),
              e.published ? format_iso8601(*e.published) : "");
    if (it.contains("updatedParsed"))
      compare(t, where, "item.updated", gofeed_date(it, "updatedParsed"),
              e.updated ? format_iso8601(*e.updated) : "");
    if (it.contains("authors") || it.contains("author"))
      compare(t, where, "item.authors", people_string(it), people_string(e.authors));
    if (it.contains("categories"))
      compare(t, where, "item.categories", strings_joined(it, "categories"),
              strings_joined(e.tags));
    if (it.contains("content"))
      compare(t, where, "item.content", norm_text(str(it, "content")), norm_text(e.content));
    if (it.contains("description"))
      compare(t, where, "item.description", norm_text(str(it, "description")),
              norm_text(e.summary));
  }
}

FieldTally run_gofeed_pairs(const fs::path& root) {
  FieldTally t;
  std::vector<std::pair<fs::path, fs::path>> pairs;
  for (const char* sub : {"translator/rss", "translator/atom", "translator/json"}) {
    const fs::path dir = root / "testdata" / sub;
    if (!fs::is_directory(dir)) continue;
    for (const auto& entry : fs::directory_iterator(dir)) {
      const fs::path p = entry.path();
      const std::string n = p.filename().string();
      if (p.extension() == ".xml") {
        fs::path j = p;
        j.replace_extension(".json");
        if (fs::exists(j)) pairs.emplace_back(p, j);
      } else if (n.size() > 5 && n.find("_expected.json") == std::string::npos &&
                 p.extension() == ".json") {
        fs::path j = p.parent_path() / (p.stem().string() + "_expected.json");
        if (fs::exists(j)) pairs.emplace_back(p, j);
      }
    }
  }
  std::sort(pairs.begin(), pairs.end());
  for (const auto& [in, out] : pairs) {
    const std::string name = fs::relative(in, root / "testdata").generic_string();
    auto r = parse_feed(testing::read_file(in));
    nlohmann::json exp = nlohmann::json::parse(testing::read_file(out), nullptr, false);
    if (exp.is_discarded()) continue;
    if (!r.ok()) {
      compare(t, name, "parse", "ok", r.status().message());
      continue;
    }
    compare_gofeed(t, name, exp, *r);
  }
  return t;
}

// ---------------------------------------------------------------------------------------------

// Levels reached and held (percent), so that a regression fails. The issue's targets: wellformed
// 97, encoding 95, entities 95, illformed 90, sanitize (as text) 90, gofeed fields 95.
constexpr double kWellformedMin = 97.0;
constexpr double kEncodingMin = 95.0;
constexpr double kEntitiesMin = 99;
constexpr double kIllformedMin = 90;  // the issue's bar (18 of 19 reached)
constexpr double kSanitizeMin = 97;
constexpr double kGofeedMin = 96.5;
// Real entry bodies whose text the streaming converter and html_to_text agree on (percent).
constexpr int kFeedTextAgreementMin = 97;

TEST(FeedConformance, EvaluatorBasics) {
  Dict names;
  names["feed"] =
      Value::dict_of({{"title", Value::str("caf\xC3\xA9")}, {"subtitle", Value::str("x")}});
  names["entries"] = Value::list_of({Value::dict_of({{"tags", Value::list_of({})}})});
  names["bozo"] = Value::boolean(false);
  auto eval = [&](const char* e) { return truthy(Evaluator(e, names).run()); };
  EXPECT_TRUE(eval("not bozo and feed['title'] == u'caf\\xe9'"));
  EXPECT_TRUE(eval("feed.title == 'caf\\u00e9' and feed['tagline'] == 'x'"));
  EXPECT_TRUE(eval("len(entries) == 1 and len(entries[0]['tags']) == 0"));
  EXPECT_TRUE(eval("entries[0].get('where') == None and entries[0].get('x', {}) == {}"));
  EXPECT_TRUE(eval("(1, 2, -3) == (1, 2, -3) and 'a' in 'cat' and not 'z' in ['a']"));
  EXPECT_TRUE(eval("1 == 1 == 1 and not 1 == 1 == 2"));
  EXPECT_FALSE(eval("bozo and feed['missing'] == 1"));  // short-circuit, no KeyError
  EXPECT_THROW(Evaluator("feed['missing'] == 1", names).run(), PyError);
}

TEST(FeedConformance, FeedparserSuite) {
  BYLINE_REQUIRE_SHARED();
  const fs::path root = testing::shared_dir() / "corpora/feeds/feedparser";
  const auto start = std::chrono::steady_clock::now();
  const auto tallies = run_feedparser_suite(root);
  const double secs =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  int pass = 0, total = 0;
  std::printf("%-28s %6s %6s %7s\n", "folder", "pass", "total", "pct");
  for (const auto& [folder, t] : tallies) {
    std::printf("%-28s %6d %6d %6.1f%%\n", folder.c_str(), t.pass, t.total, t.pct());
    pass += t.pass;
    total += t.total;
  }
  std::printf("%-28s %6d %6d %6.1f%%  (%.1f s)\n", "all", pass, total, 100.0 * pass / total, secs);
  if (const char* v = std::getenv("BYLINE_CONFORMANCE_VERBOSE")) {
    for (const auto& [folder, t] : tallies)
      if (std::string(v) == "1" || folder.find(v) != std::string::npos)
        for (const std::string& f : t.failures) std::printf("FAIL %s\n", f.c_str());
  }
  EXPECT_GT(total, 2000);
  // The issue's wellformed group, as one figure.
  int wf_pass = 0, wf_total = 0;
  for (const char* f : {"rss", "atom", "atom10", "rdf", "base", "lang", "namespace", "amp",
                        "itunes", "media-rss", "xml", "http"}) {
    auto it = tallies.find(std::string("wellformed/") + f);
    if (it == tallies.end()) continue;
    wf_pass += it->second.pass;
    wf_total += it->second.total;
  }
  const double wf = wf_total ? 100.0 * wf_pass / wf_total : 0;
  std::printf("%-28s %6d %6d %6.1f%%\n", "wellformed (issue group)", wf_pass, wf_total, wf);
  auto pct = [&](const std::string& folder) {
    auto it = tallies.find(folder);
    return it == tallies.end() ? 0.0 : it->second.pct();
  };
  const double illformed_pass = [&] {
    int p = 0, n = 0;
    for (const auto& [folder, t] : tallies)
      if (folder.rfind("illformed", 0) == 0) p += t.pass, n += t.total;
    return n ? 100.0 * p / n : 0.0;
  }();
  std::printf("%-28s %6.1f%%\n", "illformed (all)", illformed_pass);
  // Held levels (regressions fail the test).
  EXPECT_GE(wf, kWellformedMin);
  EXPECT_GE(pct("encoding"), kEncodingMin);
  EXPECT_GE(pct("entities"), kEntitiesMin);
  EXPECT_GE(illformed_pass, kIllformedMin);
  EXPECT_GE(pct("wellformed/sanitize"), kSanitizeMin);
  EXPECT_LT(secs, 60.0);
}

TEST(FeedConformance, GofeedPairs) {
  BYLINE_REQUIRE_SHARED();
  const FieldTally t = run_gofeed_pairs(testing::shared_dir() / "corpora/feeds/gofeed");
  std::printf("%-22s %6s %6s\n", "field", "equal", "total");
  for (const auto& [field, c] : t.by_field)
    std::printf("%-22s %6d %6d\n", field.c_str(), c.first, c.second);
  const double pct = t.total ? 100.0 * t.equal / t.total : 0;
  std::printf("%-22s %6d %6d %6.1f%%\n", "all fields", t.equal, t.total, pct);
  if (std::getenv("BYLINE_CONFORMANCE_VERBOSE"))
    for (const std::string& d : t.diffs) std::printf("DIFF %s\n", d.c_str());
  EXPECT_GT(t.total, 100);
  EXPECT_GE(pct, kGofeedMin);
}

TEST(FeedConformance, NoCrashOrHangOnAnyInput) {
  BYLINE_REQUIRE_SHARED();
  const fs::path root = testing::shared_dir() / "corpora/feeds";
  int files = 0, parsed = 0;
  double worst = 0;
  std::string worst_name;
  for (const auto& entry : fs::recursive_directory_iterator(root)) {
    if (!entry.is_regular_file()) continue;
    const std::string ext = entry.path().extension().string();
    if (ext != ".xml" && ext != ".json" && ext != ".opml" && ext != ".rss" && ext != ".atom")
      continue;
    const std::string bytes = testing::read_file(entry.path());
    const auto start = std::chrono::steady_clock::now();
    auto r = parse_feed(bytes, with_url("http://example.com/feed"));
    const double s =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (s > worst) worst = s, worst_name = entry.path().filename().string();
    ++files;
    if (r.ok()) {
      ++parsed;
      EXPECT_TRUE(is_valid_utf8(feed_to_json(*r))) << entry.path();
    }
  }
  std::printf("%d files, %d parsed as feeds, slowest %.3f s (%s)\n", files, parsed, worst,
              worst_name.c_str());
  EXPECT_GT(files, 2500);
  EXPECT_LT(worst, 2.0);
}

TEST(FeedConformance, RealWorldFeeds) {
  BYLINE_REQUIRE_SHARED();
  const fs::path dir = testing::shared_dir() / "corpora/feeds/realworld";
  int n = 0;
  for (const auto& entry : fs::directory_iterator(dir)) {
    const std::string ext = entry.path().extension().string();
    if (ext != ".xml" && ext != ".json") continue;
    ++n;
    auto r = parse_feed(testing::read_file(entry.path()), with_url("https://example.com/feed"));
    ASSERT_TRUE(r.ok()) << entry.path() << ": " << r.status().message();
    EXPECT_FALSE(r->feed.title.empty()) << entry.path();
    EXPECT_GE(r->entries.size(), 1u) << entry.path();
    for (const FeedEntry& e : r->entries) {
      EXPECT_FALSE(e.id.empty()) << entry.path();
      EXPECT_TRUE(is_valid_utf8(e.title) && is_valid_utf8(e.content) && is_valid_utf8(e.summary))
          << entry.path();
    }
  }
  EXPECT_EQ(n, 37);
}

// The streaming HTML-to-text used for feed bodies against the libxml2-based html_to_text, on
// every real feed's entry markup: same words in the same order (white space aside).
TEST(FeedConformance, FeedTextAgreesWithHtmlToText) {
  BYLINE_REQUIRE_SHARED();
  const fs::path dir = testing::shared_dir() / "corpora/feeds/realworld";
  int same = 0, total = 0;
  std::string first_diff;
  for (const auto& entry : fs::directory_iterator(dir)) {
    auto r = parse_feed(testing::read_file(entry.path()), with_url("https://example.com/feed"));
    if (!r.ok()) continue;
    for (const FeedEntry& e : r->entries) {
      for (const std::string* html : {&e.summary_html, &e.content_html}) {
        if (html->empty()) continue;
        ++total;
        const std::string a = collapse_whitespace(feed_html_to_text(*html));
        const std::string b = collapse_whitespace(html_to_text(*html));
        if (a == b)
          ++same;
        else if (first_diff.empty())
          first_diff = entry.path().filename().string() + ": [" + a.substr(0, 200) + "] vs [" +
                       b.substr(0, 200) + "]";
      }
    }
  }
  std::printf("feed_html_to_text == html_to_text on %d of %d real entry bodies (%.1f%%)\n", same,
              total, total ? 100.0 * same / total : 0.0);
  if (!first_diff.empty()) std::printf("first difference: %s\n", first_diff.c_str());
  EXPECT_GT(total, 500);
  EXPECT_GE(same * 100, total * kFeedTextAgreementMin);
}

}  // namespace
}  // namespace byline
