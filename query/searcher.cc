#include <algorithm>
#include <charconv>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <functional>
#include <limits>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <thread>
#include <tuple>

#include "byline/article_json.h"
#include "byline/extract.h"
#include "byline/index.h"
#include "byline/search.h"
#include "common/datetime.h"
#include "common/text.h"
#include "indexer/analyzer.h"
#include "indexer/schema.h"
#include "indexer/simhash.h"
#include "indexer/word_break.h"
#include "indexer/xapian_status.h"
#include "query/copies.h"
#include "query/hit_data.h"
#include "query/query_text.h"
#include "query/related_ranker.h"
#include "query/snippet.h"
#include "query/spelling.h"

namespace byline {

namespace {

// "tag:ai*": the field's values that begin so (the kMaxWildcardTerms most frequent), as a
// word's wildcard reads; it looked for the tag "ai*" and found nothing. Nothing when `value`
// is no such pattern (a lone "*", a '*' inside).
std::optional<Xapian::Query> value_wildcard(const std::string& prefix, const std::string& value) {
  if (value.size() < 2 || value.back() != '*' || value.find('*') != value.size() - 1 ||
      prefix.size() + value.size() > schema::kMaxTermBytes)
    return std::nullopt;
  return Xapian::Query(Xapian::Query::OP_WILDCARD, prefix + value.substr(0, value.size() - 1),
                       kMaxWildcardTerms, Xapian::Query::WILDCARD_LIMIT_MOST_FREQUENT);
}

// Boolean fields are stored lower-cased; users type any case ("tag:AI", "source:TechNow").
// A boolean filter's term, made as the indexer makes it: lower-cased for names, and hashed
// when too long (a long URL or tag was indexed hashed and could not be found).
class FilterField : public Xapian::FieldProcessor {
 public:
  FilterField(std::string prefix, bool lowercase) : prefix_(std::move(prefix)), lower_(lowercase) {}
  Xapian::Query operator()(const std::string& str) override {
    const std::string value = lower_ ? to_lower_ascii(collapse_whitespace(str)) : str;
    if (auto any = value_wildcard(prefix_, value)) return *any;
    return Xapian::Query(bounded_term(prefix_, value));
  }

 private:
  std::string prefix_;
  bool lower_;
};

// "url:" finds an article as `show` does: by the URL as stored, by another URL it is known by
// (the page it was fetched from, its feed entry's link), and by the normalised form its id is
// made from (a host's case, a default port, a fragment).
class UrlField : public Xapian::FieldProcessor {
 public:
  Xapian::Query operator()(const std::string& str) override {
    // The lookup's terms but the id: `url:` of an id names nothing.
    const std::vector<std::string> terms = lookup_terms(str);
    return Xapian::Query(Xapian::Query::OP_OR, terms.begin() + 1, terms.end());
  }
};

// "section:next", "section:whats_next" or "section:\"What's Next?\"". A value that names no
// kind is noted in `error` (as DateField does): searching it as `other` answered a typo with
// every article that has an untitled section.
class SectionField : public Xapian::FieldProcessor {
 public:
  std::string error;

  Xapian::Query operator()(const std::string& str) override {
    const std::string s = to_lower_ascii(collapse_whitespace(str));
    if (auto kind = section_kind_from_string(s))
      return Xapian::Query("XSEC" + std::string(to_string(*kind)));
    SectionKind k = classify_heading(str);
    if (k != SectionKind::kOther) return Xapian::Query("XSEC" + std::string(to_string(k)));
    // A word of a kind's name ("next", "important", "takeaways"); three letters at least, so
    // "a" is not whats_happening.
    if (s.size() >= 3)
      for (const char* name : {"whats_happening", "why_important", "whats_next", "key_takeaways",
                               "background", "analysis", "quotes", "faq", "lead"})
        if (std::string(name).find(s) != std::string::npos)
          return Xapian::Query("XSEC" + std::string(name));
    if (error.empty())
      error = s.empty() ? "section: needs a kind, e.g. section:whats_next"
                        : "no section kind '" + s + "'";
    return Xapian::Query::MatchNothing;
  }
};

// What a field's value looks like, for a hint: a date, a URL, a code or words.
std::string field_example(const std::string& field) {
  if (field == "date") return "date:2026-10";
  if (field == "indexed") return "indexed:2026-12-01..";
  if (field == "url") return "url:https://example.com/story";
  if (field == "site") return "site:example.com";
  if (field == "feed") return "feed:https://example.com/feed.xml";
  if (field == "lang") return "lang:de";
  if (field == "id") return "id:b1088bb795af37b96";
  if (field == "tag") return "tag:ai";
  if (field == "section") return "section:whats_next";
  return field + ":\"two words\"";
}

// A date it cannot read is noted in `error`, for the caller to report after the parse: a
// FieldProcessor's exception leaks the query Xapian's parser was building.
// "date:2026-10-06", "date:2026-10", "date:2026" (the day, month or year), or a range of
// them, "date:2026-10-01..2026-11-30" with either end left open, on the publication time; the
// same as "indexed:" on the time the stored record was written.
class DateField : public Xapian::FieldProcessor {
 public:
  DateField(std::string name, Xapian::valueno slot) : name_(std::move(name)), slot_(slot) {}
  std::string error;

  Xapian::Query operator()(const std::string& str) override {
    const size_t dots = str.find("..");
    const std::string begin = dots == std::string::npos ? str : str.substr(0, dots);
    const std::string end = dots == std::string::npos ? str : str.substr(dots + 2);
    if (collapse_whitespace(begin).empty() && collapse_whitespace(end).empty())
      return fail(name_ + ": needs a date, e.g. " + name_ + ":2026-10 or " + name_ +
                  ":2026-10-01..");
    std::string lo, hi;
    for (const auto& [text, out, first] :
         {std::tuple{begin, &lo, true}, std::tuple{end, &hi, false}}) {
      if (collapse_whitespace(text).empty()) continue;
      const auto period = date_period(text);
      if (!period) return fail("cannot read date '" + text + "'");
      *out =
          Xapian::sortable_serialise(static_cast<double>(first ? period->first : period->second));
    }
    if (lo.empty()) return Xapian::Query(Xapian::Query::OP_VALUE_LE, slot_, hi);
    if (hi.empty()) return Xapian::Query(Xapian::Query::OP_VALUE_GE, slot_, lo);
    // sortable_serialise keeps the order of the numbers in the order of the strings.
    if (lo > hi)
      return fail("the range " + begin + ".." + end +
                  " ends before it starts; write the earlier "
                  "date first");
    return Xapian::Query(Xapian::Query::OP_VALUE_RANGE, slot_, lo, hi);
  }

 private:
  Xapian::Query fail(std::string why) {
    if (error.empty()) error = std::move(why);
    return Xapian::Query::MatchNothing;
  }
  std::string name_;
  Xapian::valueno slot_;
};

// "lang:en" is English in every region: "en", "en-us", "en-gb" (pages write them all).
class LangField : public Xapian::FieldProcessor {
 public:
  Xapian::Query operator()(const std::string& str) override {
    return language_query(to_lower_ascii(collapse_whitespace(str)));
  }
};

// "source:\"Circuit Ledger\"" finds The Circuit Ledger too: names are stored as published.
class SourceField : public Xapian::FieldProcessor {
 public:
  Xapian::Query operator()(const std::string& str) override {
    const std::string name = to_lower_ascii(collapse_whitespace(str));
    if (auto any = value_wildcard("XSRC", name)) {
      if (name.rfind("the ", 0) == 0) return *any;
      return Xapian::Query(Xapian::Query::OP_OR, *any, *value_wildcard("XSRC", "the " + name));
    }
    if (name.rfind("the ", 0) == 0) return Xapian::Query(bounded_term("XSRC", name));
    return Xapian::Query(Xapian::Query::OP_OR, Xapian::Query(bounded_term("XSRC", name)),
                         Xapian::Query(bounded_term("XSRC", "the " + name)));
  }
};

// "site:www.example.com" and "site:https://example.com/a" are site:example.com: sites are
// indexed by host without "www." (and its parent domains).
class SiteField : public Xapian::FieldProcessor {
 public:
  Xapian::Query operator()(const std::string& str) override {
    std::string host = collapse_whitespace(str);
    if (host.find("://") != std::string::npos) host = url_host(host);
    host = to_lower_ascii(host);
    while (!host.empty() && host.back() == '.') host.pop_back();
    if (host.rfind("www.", 0) == 0) host.erase(0, 4);
    if (auto any = value_wildcard("H", host)) return *any;
    return Xapian::Query(bounded_term("H", host));
  }
};

}  // namespace

namespace {
// A block read claimed a revision newer than any the index has (a writer's commits leave one
// behind them): damage, not a writer (audit, session 44: reads were retried for 5 s, then said
// "the index changed under each of 25 reads", exit 7).
Status damaged_block(const std::string& path) {
  return xapian_status(
      Xapian::DatabaseCorruptError("a block claims a revision the index has not reached"), path);
}

// Queries are stemmed once for all the indexes: one stemmed otherwise would match nothing its
// own way. Checked at open and again at each new revision (a `rebuild` of one of them).
Status check_stemmers(const std::vector<Xapian::Database>& parts,
                      const std::vector<std::string>& paths) {
  std::string stemmer, stemmer_of;  // the first index's that has one, and its path
  for (size_t i = 0; i < parts.size(); ++i) {
    const std::string st = parts[i].get_metadata(std::string(schema::kMetaStemmer));
    if (st.empty()) continue;
    if (stemmer.empty()) {
      stemmer = st;
      stemmer_of = paths[i];
    } else if (st != stemmer) {
      return Status(ErrorCode::kIndexVersion,
                    "the indexes " + stemmer_of + " (stemmer " + stemmer + ") and " + paths[i] +
                        " (stemmer " + st + ") cannot be searched together",
                    "search them one at a time, or rebuild the one an older byline made "
                    "(stemmer english): byline --db OLD rebuild");
    }
  }
  return Status::Ok();
}

}  // namespace

struct Searcher::Impl {
  std::string path;  // how messages name the index: its path, or the paths joined by ", "
  std::vector<std::string> paths;
  std::vector<Xapian::Database> parts;  // each index alone, for its own counts
  Xapian::Database db;                  // all of them as one
  // Why the revision read now may not be read (a newer schema, stemmers that differ), kept
  // until a newer revision is checked: said once, the next call read it all the same.
  Status revision_status;
  // Each local index directory's identity (device, inode) when opened; {0, 0} for a remote.
  std::vector<std::pair<uint64_t, uint64_t>> dirs;
  // Each index by the absolute path it had when opened, to look for a replacement under: "."
  // (`serve` run inside the index) would name the replaced directory ever after.
  std::vector<std::string> names;

  // How the indexes read their words. Indexes that differ (one made by an older byline, not
  // yet rebuilt) are read as the oldest was written, and a search says so.
  Folding folding() const {
    Folding oldest = kNewestFolding;
    for (const Xapian::Database& part : parts) oldest = std::min(oldest, index_folding(part));
    return oldest;
  }
  bool foldings_differ() const {
    for (const Xapian::Database& part : parts)
      if (index_folding(part) != folding()) return true;
    return false;
  }

  // Opens the indexes again when one was replaced (a rebuilt index renamed into place):
  // Xapian's reopen() sees only new revisions of the files it holds open. And the remote
  // ones when `reconnect` says a connection was lost.
  Status follow_replaced_indexes();
  // Opens every index again, or only the remote ones: Xapian's client keeps a connection it
  // found broken, so a restarted xapian-tcpsrv was never asked again (a `serve` kept failing
  // until it was restarted itself).
  Status reopen_indexes(bool remote_only);
  bool reconnect = false;  // a remote index's connection failed: open it again first
  bool has_remote() const { return std::any_of(paths.begin(), paths.end(), is_remote_index); }

  // After db.reopen() moved on: each index's schema, and their stemmers together.
  Status check_revision() {
    for (size_t i = 0; i < parts.size(); ++i) {
      parts[i].reopen();
      if (Status s = check_schema(parts[i], paths[i]); !s.ok()) return s;
    }
    return check_stemmers(parts, paths);
  }

  // Runs `fn`, again on the newest revision when a writer has moved the index on under us.
  // Xapian keeps a revision readable until the second commit after it, so a read slower than
  // the writer's commits fails; three attempts back to back often all did beside a writer that
  // commits every second (a 10,000-hit page), and said the index was corrupt. Attempts are
  // spread over kRetrySeconds, the pauses growing, and running out is "busy", not corrupt.
  template <typename F>
  auto guarded(F&& fn) -> decltype(fn()) {
    if (Status s = follow_replaced_indexes(); !s.ok()) return s;
    constexpr double kRetrySeconds = 5.0;
    const auto started = std::chrono::steady_clock::now();
    auto pause = std::chrono::milliseconds(5);
    bool same_revision_failed = false;  // a read failed with no newer revision there
    for (int attempt = 1;; ++attempt) {
      try {
        // Cheap when nothing changed; otherwise see the latest commit, and check its schema
        // version again: a newer byline may have upgraded the index under a running server.
        if (db.reopen()) revision_status = check_revision();
        if (!revision_status.ok()) return revision_status;
        return fn();
      } catch (const Xapian::DatabaseModifiedError&) {
        bool moved_on = true;
        try {
          moved_on = db.reopen();
          if (moved_on) revision_status = check_revision();
          if (!revision_status.ok()) return revision_status;
        } catch (const Xapian::DatabaseModifiedError&) {
          // Overtaken again meanwhile: tried again below.
        } catch (const Xapian::Error& again) {
          return xapian_status(again, path);
        }
        if (!moved_on) {
          // Once more at once: a block read before may serve the read (a damaged revision
          // number on intact contents read back whole), then it is damage.
          if (same_revision_failed) return damaged_block(path);
          same_revision_failed = true;
          continue;
        }
        const std::chrono::duration<double> spent = std::chrono::steady_clock::now() - started;
        if (spent.count() + pause.count() / 1000.0 > kRetrySeconds)
          return Status(ErrorCode::kIndexLocked,
                        "the index changed under each of " + std::to_string(attempt) +
                            " reads in " + std::to_string(static_cast<int>(kRetrySeconds)) +
                            " s (a writer commits faster than this read takes): " + path,
                        "try again, or ask for fewer hits");
        std::this_thread::sleep_for(pause);
        pause = std::min(pause * 2, std::chrono::milliseconds(250));
      } catch (const Xapian::NetworkTimeoutError& e) {
        // A slow server costs one timeout, not two: connected again at the next call.
        reconnect = has_remote();
        return xapian_status(e, path);
      } catch (const Xapian::NetworkError& e) {
        if (!has_remote()) return xapian_status(e, path);
        // A connection that broke (the server restarted) is made again and the read tried
        // once more at once; if that fails too, again at the next call.
        reconnect = true;
        if (attempt > 1) return xapian_status(e, path);
        if (Status s = reopen_indexes(true); !s.ok()) return s;
      } catch (const Xapian::Error& e) {
        return xapian_status(e, path);
      }
    }
  }

  Xapian::docid find(const std::string& id_or_url) {
    auto first = [this](const std::vector<std::string>& terms) -> Xapian::docid {
      for (const std::string& term : terms)
        if (auto it = db.postlist_begin(term); it != db.postlist_end(term)) return *it;
      return 0;
    };
    if (const Xapian::docid did = first(lookup_terms(id_or_url))) return did;
    // The forms a reader means by it (http for https, a trailing slash, a share parameter).
    return first(near_lookup_terms(id_or_url));
  }
};

Searcher::Searcher(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Searcher::~Searcher() = default;

namespace {

// "tcp://HOST:PORT" (HOST a name or an IPv4 address, bracketed or not): an index served by
// xapian-tcpsrv; nullopt for a directory's path. kUsage for a tcp:// that is no address, or an
// IPv6 one, which Xapian 1.4's client cannot reach (it failed as a name it "couldn't resolve").
Result<std::optional<std::pair<std::string, unsigned>>> remote_address(const std::string& path) {
  constexpr std::string_view kScheme = "tcp://";
  if (!is_remote_index(path)) return std::optional<std::pair<std::string, unsigned>>();
  const Status bad(ErrorCode::kUsage, "'" + path + "' is not an index server's address",
                   "write tcp://HOST:PORT, as xapian-tcpsrv --port PORT listens");
  std::string rest = path.substr(kScheme.size());
  while (!rest.empty() && rest.back() == '/') rest.pop_back();
  const size_t colon = rest.rfind(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 == rest.size()) return bad;
  std::string host = rest.substr(0, colon);
  const std::string port = rest.substr(colon + 1);
  if (host.front() == '[') {
    if (host.back() != ']' || host.size() < 3) return bad;
    host = host.substr(1, host.size() - 2);
  } else if (host.find(':') != std::string::npos) {
    return bad;  // an IPv6 address without brackets: where does it end?
  }
  if (port.size() > 5 || port.find_first_not_of("0123456789") != std::string::npos) return bad;
  const unsigned n = static_cast<unsigned>(std::stoul(port));
  if (n == 0 || n > 65535) return bad;
  for (unsigned char c : host)
    if (c <= ' ' || c == '/' || c == '@' || c >= 0x7f) return bad;
  // "[127.0.0.1]" and "[::ffff:127.0.0.1]" are IPv4 and are reached.
  if (host.find(':') != std::string::npos && !host.starts_with("::ffff:"))
    return Status(ErrorCode::kUsage,
                  "'" + path + "': Xapian " + Xapian::version_string() +
                      " reaches index servers over IPv4 only",
                  "give an IPv4 address or a host name that has one (xapian-tcpsrv listens on "
                  "IPv4 too)");
  return std::optional<std::pair<std::string, unsigned>>(std::pair{host, n});
}

// One index, checked as Searcher::open promises.
Result<Xapian::Database> open_index(const std::string& path) {
  auto remote = remote_address(path);
  if (!remote) return remote.status();
  if (*remote) {
    try {
      Xapian::Database db = Xapian::Remote::open((*remote)->first, (*remote)->second,
                                                 kRemoteTimeoutMs, kRemoteConnectTimeoutMs);
      if (Status s = check_schema(db, path); !s.ok()) return s;
      return db;
    } catch (const Xapian::Error& e) {
      return xapian_status(e, path);
    }
  }
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) {
    if (Status s = check_lookup_error(path, ec); !s.ok()) return s;
    return Status(ErrorCode::kNotFound, "no index at " + path,
                  "create it with `byline crawl` or `byline index`, or check "
                  "the path (--db)");
  }
  // An index is a directory. Said first: a plain file fails the access check below (it is not
  // searchable), which would blame its permissions.
  if (!std::filesystem::is_directory(path, ec))
    return Status(ErrorCode::kIndexCorrupt, path + " is not a directory",
                  "point --db at an index directory");
  if (Status s = check_index_access(path, false); !s.ok()) return s;
  for (int attempt = 1;; ++attempt) {
    try {
      Xapian::Database db(path);
      if (Status s = check_schema(db, path); !s.ok()) return s;
      return db;
    } catch (const Xapian::DatabaseModifiedError&) {
      // An open reads the newest revision: two commits may overtake it now and then, but not
      // five opens in a row.
      if (attempt == 5) return damaged_block(path);
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    } catch (const Xapian::Error& e) {
      return xapian_status(e, path);
    }
  }
}

}  // namespace

Status Searcher::Impl::follow_replaced_indexes() {
  bool replaced = false;
  for (size_t i = 0; i < paths.size() && !replaced; ++i)
    replaced =
        dirs[i] != std::pair<uint64_t, uint64_t>{0, 0} && directory_identity(names[i]) != dirs[i];
  if (replaced) return reopen_indexes(false);
  if (reconnect) return reopen_indexes(true);
  return Status::Ok();
}

Status Searcher::Impl::reopen_indexes(bool remote_only) {
  std::vector<Xapian::Database> fresh;
  Xapian::Database all;
  try {
    for (size_t i = 0; i < names.size(); ++i) {
      if (remote_only && !is_remote_index(names[i])) {
        fresh.push_back(parts[i]);
      } else {
        auto part = open_index(names[i]);
        if (!part) return part.status();
        fresh.push_back(std::move(*part));
      }
      all.add_database(fresh.back());
    }
  } catch (const Xapian::Error& e) {
    return xapian_status(e, path);
  }
  // The directories are followed either way: the next call checks them again only when one
  // is replaced again or moves on.
  if (!remote_only)
    for (size_t i = 0; i < paths.size(); ++i) dirs[i] = directory_identity(names[i]);
  reconnect = false;
  revision_status = check_stemmers(fresh, paths);
  parts = std::move(fresh);
  db = std::move(all);
  return revision_status;
}

Result<std::unique_ptr<Searcher>> Searcher::open(const std::string& path) {
  return open(std::vector<std::string>{path});
}

Result<std::unique_ptr<Searcher>> Searcher::open(const std::vector<std::string>& paths) {
  if (paths.empty())
    return Status(ErrorCode::kUsage, "no index to open", "name an index directory");
  auto impl = std::make_unique<Impl>();
  try {
    for (size_t i = 0; i < paths.size(); ++i) {
      const std::string& path = paths[i];
      auto part = open_index(path);
      if (!part) return part.status();
      // Twice the same index would count every article twice and double every term's weight.
      for (size_t j = 0; j < i; ++j) {
        std::error_code ec;
        if (paths[j] == path || std::filesystem::equivalent(paths[j], path, ec))
          return Status(ErrorCode::kUsage, "the index " + path + " is named twice",
                        "name each index once");
      }
      impl->db.add_database(*part);
      impl->parts.push_back(std::move(*part));
      impl->paths.push_back(path);
      impl->dirs.push_back(is_remote_index(path) ? std::pair<uint64_t, uint64_t>{0, 0}
                                                 : directory_identity(path));
      std::error_code ec;
      std::string name =
          is_remote_index(path) ? path : std::filesystem::absolute(path, ec).string();
      impl->names.push_back(ec || name.empty() ? path : std::move(name));
      impl->path += (i ? ", " : "") + path;
    }
    if (Status s = check_stemmers(impl->parts, impl->paths); !s.ok()) return s;
    return std::unique_ptr<Searcher>(new Searcher(std::move(impl)));
  } catch (const Xapian::Error& e) {
    return xapian_status(e, impl->path);
  }
}

namespace {
// The terms a parsed query will look up, a wildcard counted at its expansion limit.
size_t query_terms(const Xapian::Query& q, int depth = 0) {
  if (q.get_type() == Xapian::Query::LEAF_TERM) return 1;
  if (q.get_type() == Xapian::Query::OP_WILDCARD) return kMaxWildcardTerms;
  if (depth > 1000) return kMaxQueryTerms + 1;  // the parser nests no deeper than its input
  size_t n = 0;
  for (size_t i = 0; i < q.get_num_subqueries(); ++i)
    n += query_terms(q.get_subquery(i), depth + 1);
  return n;
}
}  // namespace

namespace {
std::string unknown_field_warning(const std::string& name, const std::vector<std::string>& fields) {
  std::string closest;
  size_t best = 3;  // at most two edits away, and fewer than half its letters ("re:" is no "id:")
  for (const auto& f : fields)
    if (size_t d = edit_distance(name, f); d < best && 2 * d < name.size()) best = d, closest = f;
  std::string w = "`" + name + ":` is not a field, so it was searched as words";
  if (!closest.empty()) w += "; did you mean `" + closest + ":`?";
  return w + " (fields: schemas/index.md, `byline search --help`)";
}

bool stop_words_stemmed(const Xapian::QueryParser& qp, const Xapian::Query& q,
                        const Xapian::Stopper& stopper) {
  for (auto t = q.get_terms_begin(); t != q.get_terms_end(); ++t) {
    if ((*t).empty() || (*t)[0] != 'Z') continue;
    for (auto u = qp.unstem_begin(*t); u != qp.unstem_end(*t); ++u)
      if (stopper(*u)) return true;
  }
  return false;
}

// "Did you mean": the query with each word that no article has (as the parser read it: a
// word, or the words a stem came from; never a field's value, a stop word or an operator)
// replaced by the nearest indexed word; "" when there is none to replace.
// The words a term was parsed from (as typed, lower-case, with a field's prefix when it has one).
std::vector<std::string> words_of_term(Xapian::QueryParser& qp, const std::string& term) {
  std::vector<std::string> words;
  if (term[0] == 'Z') {
    for (auto u = qp.unstem_begin(term); u != qp.unstem_end(term); ++u) words.push_back(*u);
  } else {
    words.push_back(term);
  }
  return words;
}

// A query's word with no field prefix: "Aweiß" is author:weiß.
std::string_view bare_word(std::string_view w) {
  while (!w.empty() && w[0] >= 'A' && w[0] <= 'Z') w.remove_prefix(1);
  return w;
}

/// `fix` (lower-case, as indexed) in the case `typed` was written in: "Batery" is "Battery",
/// "NASDQ" "NASDAQ"; a word typed in lower case or in mixed case ("iPhnoe") as indexed.
std::string as_typed(std::string_view typed, const std::string& fix) {
  int letters = 0, upper = 0;
  bool first_upper = false;
  for (Xapian::Utf8Iterator c(typed.data(), typed.size()); c != Xapian::Utf8Iterator(); ++c) {
    if (!Xapian::Unicode::is_wordchar(*c) ||
        Xapian::Unicode::get_category(*c) == Xapian::Unicode::DECIMAL_DIGIT_NUMBER)
      continue;
    const bool up = Xapian::Unicode::toupper(*c) == *c && Xapian::Unicode::tolower(*c) != *c;
    if (letters == 0) first_upper = up;
    ++letters;
    upper += up;
  }
  if (letters == 0 || upper == 0) return fix;
  std::string out;
  bool first = true;
  for (Xapian::Utf8Iterator c(fix); c != Xapian::Utf8Iterator(); ++c) {
    const bool up = upper == letters ? letters >= 2 || first : first && first_upper && upper == 1;
    Xapian::Unicode::append_utf8(out, up ? Xapian::Unicode::toupper(*c) : *c);
    first = false;
  }
  return out;
}

/// "Did you mean" for the words of the query in no article. `readings`: the query as each
/// stemmer of the index read it (a word some reading finds, "energía" in a Spanish article, is
/// no misspelling, though the English reading finds nothing). `typed`: the query as the user
/// wrote it, whose words the suggestion keeps the case of (`query` is it as parsed, `folding`
/// how the index reads a typed word).
struct Reading {
  Xapian::QueryParser* qp;
  Xapian::Query query;
  Xapian::Stem stem;  // the parser's
};
std::string suggest(const Xapian::Database& db, const std::vector<Reading>& readings,
                    const std::string& query, const std::string& typed_query, Folding folding) {
  std::set<std::string, std::less<>> found;  // bare words some reading finds
  for (const auto& [qp, reading, stem] : readings)
    for (auto t = reading.get_unique_terms_begin(); t != reading.get_unique_terms_end(); ++t) {
      const std::string term = *t;
      if (term.empty() || db.get_termfreq(term) == 0) continue;
      for (const std::string& w : words_of_term(*qp, term)) found.emplace(bare_word(w));
      // Its stem too: a word capitalised in the query is not stemmed, nor unstemmed.
      if (term[0] == 'Z') found.emplace(bare_word(std::string_view(term).substr(1)));
    }
  Xapian::QueryParser& qp = *readings.front().qp;
  const Xapian::Query& parsed = readings.front().query;
  // The query's words in order, lower-case: a typo's neighbours choose among its nearest words.
  std::vector<std::string> typed;
  replace_words(query, [&typed](std::string_view w) -> std::optional<std::string> {
    typed.push_back(Xapian::Unicode::tolower(std::string(w)));
    return std::nullopt;
  });
  // Of the words nearest `w`, the one written most often beside the query's words around it
  // ("electric bil": "bill", of "electric bill", not "big", in more articles); the one in most
  // articles when none is.
  const auto choose = [&](const std::string& w) -> std::string {
    std::vector<std::string> near = nearest_indexed_words(db, w, 12);
    if (near.size() < 2 || without_accents(near.front()) == without_accents(w))
      return near.empty() ? std::string() : near.front();
    // A capitalised word is searched unstemmed: "Recal" is in no article, but articles' "recall"
    // is stemmed so. A near word of which it is the stem is it written whole ("Recall", not
    // "Real", as near).
    if (db.get_termfreq("Z" + w) > 0)
      for (const std::string& candidate : near)
        for (const auto& r : readings)
          if (r.stem(candidate) == w) return candidate;
    // Each neighbour once, and a few at most: a query repeating a typo must not cost a
    // look-up per repeat (600 "of thw" took a minute).
    std::set<std::pair<std::string, bool>> beside;  // a neighbour, and whether before w
    constexpr size_t kMaxNeighbours = 4;
    for (size_t i = 0; i < typed.size() && beside.size() < kMaxNeighbours; ++i) {
      if (typed[i] != w) continue;
      if (i > 0 && db.get_termfreq(typed[i - 1]) > 0) beside.emplace(typed[i - 1], true);
      if (i + 1 < typed.size() && db.get_termfreq(typed[i + 1]) > 0)
        beside.emplace(typed[i + 1], false);
    }
    // Beside them, else in one article with them.
    for (const Xapian::Query::op op : {Xapian::Query::OP_PHRASE, Xapian::Query::OP_AND}) {
      std::string best = near.front();
      Xapian::doccount best_count = 0;
      for (const std::string& candidate : near) {
        Xapian::doccount count = 0;
        for (const auto& [word, before] : beside) {
          const std::vector<std::string> pair = before ? std::vector<std::string>{word, candidate}
                                                       : std::vector<std::string>{candidate, word};
          Xapian::Enquire together(db);
          together.set_query(op == Xapian::Query::OP_PHRASE
                                 ? Xapian::Query(op, pair.begin(), pair.end(), 2)
                                 : Xapian::Query(op, pair.begin(), pair.end()));
          count += together.get_mset(0, 0, 100).get_matches_lower_bound();
        }
        if (count > best_count) {
          best = candidate;
          best_count = count;
        }
      }
      if (best_count > 0) return best;
    }
    return near.front();
  };
  std::map<std::string, std::string> fixes;  // typed word (lower-case) -> suggestion
  constexpr int kMaxLookups = 8;
  int looked_up = 0;
  for (auto t = parsed.get_unique_terms_begin(); t != parsed.get_unique_terms_end(); ++t) {
    const std::string term = *t;
    if (term.empty() || db.get_termfreq(term) > 0) continue;
    std::vector<std::string> words;
    if (term[0] == 'Z' || (term[0] >= 'a' && term[0] <= 'z') ||
        static_cast<unsigned char>(term[0]) >= 0x80)
      words = words_of_term(qp, term);
    for (const auto& w : words) {
      // In an article as typed (Arabic, which no stemmer reads; a field's value), or found by
      // another language's reading.
      if (db.get_termfreq(w) > 0 || found.count(bare_word(w))) continue;
      // Each look-up scans part of the vocabulary: a query of hundreds of unknown words
      // must not cost hundreds of scans.
      if (fixes.count(w) || ++looked_up > kMaxLookups) continue;
      std::string near = choose(w);
      // A possessive's "'s" is part of the word, which no article may write so ("Norrlnd's"):
      // the word without it, then it again, with either apostrophe (the parser reads ’ as ').
      if (near.empty() && w.size() > 3 && w.compare(w.size() - 2, 2, "'s") == 0) {
        const std::string bare = w.substr(0, w.size() - 2);
        if (std::string fix = choose(bare); !fix.empty()) near = fix + "'s";
      }
      // Typed words are split at "'": "Norrlnd" of "Norrlnd's" is looked up alone, whichever
      // way its fix was found ("norrland's" indexed, or "norrland").
      if (!near.empty() && w.size() > 3 && w.ends_with("'s") && near.ends_with("'s")) {
        const std::string bare = w.substr(0, w.size() - 2), fix = near.substr(0, near.size() - 2);
        fixes[bare] = fix;
        fixes[bare + "\u2019s"] = fix + "\u2019s";
      }
      if (!near.empty()) fixes[w] = near;
    }
  }
  if (fixes.empty()) return "";
  // In the words as typed where each is found there; else as parsed (Thai and the like are
  // words apart only so, and a Greek accent, a full-width letter are read otherwise).
  size_t fixed = 0;
  const auto lookup = [&](std::string_view w) -> std::optional<std::string> {
    auto it = fixes.find(Xapian::Unicode::tolower(std::string(w)));
    // A word typed otherwise than the index reads it (full-width letters, a Greek accent):
    // found as read, so that a query mixing it with plain words keeps their capitals.
    if (it == fixes.end()) it = fixes.find(Xapian::Unicode::tolower(to_index_form(w, folding)));
    if (it == fixes.end()) return std::nullopt;
    ++fixed;
    return as_typed(w, it->second);
  };
  const auto fix = [&](std::string_view w) -> std::optional<std::string> {
    if (auto whole = lookup(w)) return whole;
    // A run of words and symbols ("Batery™", "Batery–recal"): its words fixed one by one, the
    // symbols kept as typed ("Battery™"; the words as read gave "battery TM").
    std::string out;
    bool changed = false;
    for (Xapian::Utf8Iterator c(w.data(), w.size()); c != Xapian::Utf8Iterator();) {
      const char* from = c.raw();
      const bool word = Xapian::Unicode::is_wordchar(*c);
      while (c != Xapian::Utf8Iterator() && Xapian::Unicode::is_wordchar(*c) == word) ++c;
      const std::string_view part(from, c.raw() - from);  // raw(): the end once past it
      if (part.size() == w.size()) return std::nullopt;   // one word, not found above
      std::optional<std::string> fixed_part;
      if (word) fixed_part = lookup(part);
      out += fixed_part ? *fixed_part : std::string(part);
      changed = changed || fixed_part.has_value();
    }
    if (!changed) return std::nullopt;
    return out;
  };
  // Invalid bytes as U+FFFD first, so that they are symbols beside a word, not part of it.
  std::string typed_fixed = replace_words(sanitize_utf8(typed_query), fix);
  const size_t typed_count = fixed;
  fixed = 0;
  std::string parsed_fixed = replace_words(query, fix);
  return sanitize_utf8(typed_count >= fixed ? typed_fixed : parsed_fixed);
}

}  // namespace

namespace {

// A query parser set up as search() reads queries, stemming as `stem_lang` does.
struct Parser {
  Xapian::QueryParser qp;
  SectionField* sections = nullptr;  // owned by qp
  DateField* dates = nullptr;        // owned by qp
  DateField* indexed = nullptr;      // owned by qp
  const Xapian::Stopper* stopper = nullptr;
  Xapian::Stem stem;  // the one qp stems with
};

Parser make_parser(const Xapian::Database& db, const std::string& stem_lang,
                   Xapian::Query::op default_op) {
  Parser p;
  Xapian::QueryParser& qp = p.qp;
  qp.set_database(db);
  p.stem = stemmer_for(stem_lang);
  qp.set_stemmer(p.stem);
  p.stopper = stopper_for(stem_lang);
  if (p.stopper) qp.set_stopper(p.stopper);
  qp.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
  qp.set_default_op(default_op);
  p.sections = new SectionField();  // owned by qp once added
  for (const auto& f : schema::kTermFields) {
    const std::string name(f.name), prefix(f.prefix);
    if (name == "section") {
      qp.add_boolean_prefix(name, p.sections->release());
    } else if (name == "lang") {
      qp.add_boolean_prefix(name, (new LangField())->release());
    } else if (name == "site") {
      qp.add_boolean_prefix(name, (new SiteField())->release());
    } else if (name == "source") {
      qp.add_boolean_prefix(name, (new SourceField())->release());
    } else if (name == "url") {
      qp.add_boolean_prefix(name, (new UrlField())->release());
    } else if (f.boolean) {
      const bool lowercase =
          name == "tag" || name == "site" || name == "lang" || name == "source" || name == "entity";
      qp.add_boolean_prefix(name, (new FilterField(prefix, lowercase))->release());
    } else {
      qp.add_prefix(name, prefix);
    }
  }
  p.dates = new DateField("date", schema::kSlotPublished);  // owned by qp from here
  qp.add_boolean_prefix("date", p.dates->release());
  p.indexed = new DateField("indexed", schema::kSlotIndexed);
  qp.add_boolean_prefix("indexed", p.indexed->release());
  // Wildcards expand when the match runs: "a*" over a big index is every term starting with
  // a, and a query of many of them ran for minutes in gigabytes.
  qp.set_max_expansion(kMaxWildcardTerms, Xapian::Query::WILDCARD_LIMIT_MOST_FREQUENT);
  return p;
}

// The stemmers an index's articles were stemmed with, each with the language terms of its
// articles. The first is English, the stemmer of every article in a language Snowball has
// none for, and of articles without a language term; it is left out when no article is its.
struct StemGroup {
  std::string stem;
  std::vector<std::string> terms;
};
std::vector<StemGroup> stem_groups(const Xapian::Database& db, const std::string& mode) {
  if (mode != schema::kStemByLanguage) return {{mode, {}}};
  std::vector<StemGroup> groups{{std::string(schema::kStemLanguage), {}}};
  const std::string prefix(schema::kPrefixLanguage);
  Xapian::doccount tagged = 0, english = 0;
  for (auto t = db.allterms_begin(prefix); t != db.allterms_end(prefix); ++t) {
    const std::string stem = stem_language(std::string_view(*t).substr(prefix.size()), mode);
    auto g = std::find_if(groups.begin(), groups.end(),
                          [&](const StemGroup& x) { return x.stem == stem; });
    if (g == groups.end()) g = groups.insert(groups.end(), {stem, {}});
    g->terms.push_back(*t);
    tagged += t.get_termfreq();
    if (g == groups.begin()) english += t.get_termfreq();
  }
  if (groups.size() > 1 && english == 0 && tagged >= db.get_doccount())
    groups.erase(groups.begin());
  return groups;
}

// A query as search() and articles() read it: one reading per stemmer of the index's articles,
// each kept to its articles (the parsers stay with it, for suggestions).
struct QueryReading {
  std::vector<Parser> parsers;
  Xapian::Query parsed;                 // what is matched
  Xapian::Query first;                  // the first stemmer's reading
  std::string folded;                   // the query's text as parsed
  Folding folding = kNewestFolding;     // how the indexes read their words
  std::vector<Xapian::Query> readings;  // the query as each parser read it (first: `first`)
  std::string mode;                     // the index's stemmer metadata (kStemByLanguage when unset)
  std::vector<std::string> warnings;
};

/// `folding`: the oldest way of the indexes searched (queries are read as their words are).
/// `default_op`: how words side by side combine (every one required, or some).
Result<QueryReading> read_query(const Xapian::Database& db, const std::string& query,
                                Folding folding,
                                Xapian::Query::op default_op = Xapian::Query::OP_AND) {
  QueryReading r;
  // Each article is matched as its own language stems: the query is read once per stemmer
  // of the index's articles, each reading kept to those articles.
  std::string& mode = r.mode;
  mode = db.get_metadata(std::string(schema::kMetaStemmer));
  if (mode.empty()) mode = std::string(schema::kStemByLanguage);
  const std::vector<StemGroup> groups = stem_groups(db, mode);
  std::vector<Parser>& parsers = r.parsers;
  for (const StemGroup& g : groups) parsers.push_back(make_parser(db, g.stem, default_op));
  SectionField* sections = parsers.front().sections;
  DateField* dates = parsers.front().dates;
  DateField* indexed = parsers.front().indexed;
  // Control characters go, as the index drops them from text: `date:\x01` was the word "date".
  // Words as the index wrote them: full-width letters, Greek accents (to_index_form()).
  r.folding = folding;
  // The exact filters' values as written (NFC): their terms are (`tag:Straße`).
  std::vector<std::string> exact;
  for (const auto& f : schema::kTermFields)
    if (f.boolean) exact.emplace_back(f.name);
  const std::string q = fold_outside_fields(
      strip_controls(query), exact,
      [folding](std::string_view t) { return to_index_form(t, folding); },
      [](std::string_view t) { return to_nfc(t); });
  // Nothing to search for: blank, or only controls, bidi marks and punctuation (invisible
  // in the heading, and answered "no results" where a blank query was refused).
  // Combining marks count as word characters only after a letter: alone they index nothing.
  bool any_word = false;
  for (Xapian::Utf8Iterator it(q); it != Xapian::Utf8Iterator() && !any_word; ++it) {
    const auto kind = Xapian::Unicode::get_category(*it);
    any_word = Xapian::Unicode::is_wordchar(*it) && kind != Xapian::Unicode::NON_SPACING_MARK &&
               kind != Xapian::Unicode::ENCLOSING_MARK &&
               kind != Xapian::Unicode::COMBINING_SPACING_MARK;
  }
  if (!any_word)
    return Status(ErrorCode::kBadQuery,
                  collapse_whitespace(q).empty()
                      ? "empty query"
                      : "the query has no word to search for (symbols, emoji and marks alone "
                        "are not indexed)",
                  "give at least one word, e.g. `byline search chips`");
  if (q.size() > kMaxQueryBytes)
    return Status(ErrorCode::kBadQuery,
                  "the query is longer than " + std::to_string(kMaxQueryBytes) + " bytes",
                  "search for fewer words");
  // Operators in capitals only (AND, OR, NOT, NEAR), as Xapian, Lucene and web search engines
  // read them: in any case, "not guilty" was every article without "guilty", "fire near
  // airport" a proximity search without "near", and "and then there were none" a syntax error.
  const unsigned flags = Xapian::QueryParser::FLAG_DEFAULT | Xapian::QueryParser::FLAG_PURE_NOT |
                         Xapian::QueryParser::FLAG_WILDCARD |
                         Xapian::QueryParser::FLAG_CJK_NGRAM;  // as the index writes CJK text
  std::vector<std::string> fields{"date", "indexed"};
  for (const auto& f : schema::kTermFields) fields.emplace_back(f.name);
  // Exact filters' values keep their case: a URL's path is case-sensitive, and the others
  // lower-case their ASCII letters alone, as the index does (`tag:Économie`).
  // Thai and the like are split into words as the index splits them.
  const std::string folded = fold_capitalised_words(break_unspaced_words(q), exact, fields);
  if (auto empty = empty_fields(folded, fields); !empty.empty())
    return Status(ErrorCode::kBadQuery,
                  "bad query: `" + empty[0] + ":` is followed by nothing to search for",
                  "write its value right after the colon, e.g. " + field_example(empty[0]));
  for (const std::string& name : unknown_fields(folded, fields))
    r.warnings.push_back(unknown_field_warning(name, fields));
  std::vector<std::string> free_text;  // fields whose values are words, not exact terms
  for (const auto& f : schema::kTermFields)
    if (!f.boolean) free_text.emplace_back(f.name);
  for (const std::string& name : wordless_fields(folded, free_text))
    r.warnings.push_back("`" + name + ":` is followed by no word, so it searches the word \"" +
                         name + "\"; write " + name + ":WORD");
  // A wildcard where none is read, or one that names no value, matched nothing in silence.
  for (const auto& [name, value] : starred_fields(folded, fields)) {
    const std::string shown = "`" + name + ":" + truncate_utf8(value, 40) + "`";
    // (`date:` and `section:` refuse a star as a bad query.)
    if (name == "url" || name == "lang")
      r.warnings.push_back("`" + name + ":` takes no wildcard, so " + shown +
                           " looks for the value as written (schemas/index.md)");
    else if (value == "*" && std::find(exact.begin(), exact.end(), name) != exact.end())
      r.warnings.push_back(shown + " names no value, so it matches nothing; give the first " +
                           "letters of one, e.g. " + name + ":a*");
  }
  for (const std::string& name : spaced_fields(folded, fields))
    r.warnings.push_back("`" + name + ": ` with a space searches the word \"" + name +
                         "\" and what follows as words; for the field, write " + name +
                         ":VALUE with no space");
  // "-apple", "-(a OR b)", "-site:x": every article without them, however they are
  // grouped (Xapian alone searched for some of them).
  // Hyphenated words either way ("e-mail" finds "email", whose articles the index joins too).
  const std::string text =
      hyphen_alternatives(negations_as_not(unknown_fields_as_words(folded, fields)));
  auto parse = [&](Parser& p) {
    Xapian::Query reading = p.qp.parse_query(text, flags);
    // Xapian keeps the stop words of a query made of nothing else ("the who"), stemmed; the
    // index has no stemmed stop words (STOP_STEMMED), so search for them as written.
    if (p.stopper && stop_words_stemmed(p.qp, reading, *p.stopper)) {
      p.qp.set_stemming_strategy(Xapian::QueryParser::STEM_NONE);
      reading = p.qp.parse_query(text, flags);
    }
    return reading;
  };
  const Xapian::Query first = parse(parsers.front());
  Xapian::Query parsed = first;
  r.readings.push_back(first);
  if (parsers.size() > 1) {
    std::vector<Xapian::Query> readings;
    for (size_t i = 0; i < parsers.size(); ++i) {
      const Xapian::Query reading = i == 0 ? first : parse(parsers[i]);
      if (i > 0) r.readings.push_back(reading);
      const auto& terms = groups[i].terms;
      if (i == 0 && groups[0].stem == schema::kStemLanguage) {
        // English: every article not in another group's language, untagged ones too.
        std::vector<Xapian::Query> others;
        for (size_t j = 1; j < groups.size(); ++j)
          for (const std::string& t : groups[j].terms) others.emplace_back(t);
        readings.emplace_back(Xapian::Query::OP_AND_NOT, reading,
                              Xapian::Query(Xapian::Query::OP_OR, others.begin(), others.end()));
      } else {
        std::vector<Xapian::Query> mine(terms.begin(), terms.end());
        readings.emplace_back(Xapian::Query::OP_FILTER, reading,
                              Xapian::Query(Xapian::Query::OP_OR, mine.begin(), mine.end()));
      }
    }
    parsed = Xapian::Query(Xapian::Query::OP_OR, readings.begin(), readings.end());
  }
  if (!dates->error.empty() || !indexed->error.empty())
    return Status(ErrorCode::kBadQuery,
                  "bad query: " + (dates->error.empty() ? indexed->error : dates->error),
                  "a date is a day, a month or a year (2026-10-06, 2026-10, 2026), or a range "
                  "FROM..TO of them with either end open");
  if (!sections->error.empty())
    return Status(ErrorCode::kBadQuery, "bad query: " + sections->error,
                  "a section kind is lead, whats_happening, why_important, whats_next, "
                  "key_takeaways, background, analysis, quotes, faq or other, or a heading such "
                  "as "
                  "section:\"What's Next?\"");
  if (const size_t terms = query_terms(first); terms > kMaxQueryTerms)
    return Status(ErrorCode::kBadQuery,
                  "the query searches for " + std::to_string(terms) + " terms, more than " +
                      std::to_string(kMaxQueryTerms),
                  "use fewer words or wildcards (each wildcard counts as " +
                      std::to_string(kMaxWildcardTerms) + ")");
  r.parsed = std::move(parsed);
  r.first = first;
  r.folded = folded;
  return r;
}

}  // namespace

Result<SearchResults> Searcher::search(const std::string& query, const SearchOptions& options) {
  // An order cast from a number out of the enum's range was read as relevance, silently.
  if (options.order != SearchOrder::kRelevance && options.order != SearchOrder::kNewest &&
      options.order != SearchOrder::kOldest)
    return Status(ErrorCode::kUsage,
                  "SearchOptions::order is " + std::to_string(static_cast<int>(options.order)),
                  "give SearchOrder::kRelevance, kNewest or kOldest");
  return impl_->guarded([&]() -> Result<SearchResults> {
    auto& db = impl_->db;
    auto reading = read_query(db, query, impl_->folding());
    if (!reading) return reading.status();
    SearchResults results;
    results.warnings = reading->warnings;
    if (impl_->foldings_differ())
      results.warnings.push_back(
          "an index searched was made by an older byline, which read words otherwise (full-width "
          "letters, Greek accents, Turkish ı, German ß, Russian ё, Hebrew points): `byline --db "
          "OLD rebuild` makes the "
          "indexes agree");
    const std::string& folded = reading->folded;
    // Only for a query that is run, and never for one of negated words alone.
    if (!negated_terms_only(folded)) {
      std::vector<Reading> readings;
      for (size_t i = 0; i < reading->parsers.size(); ++i)
        readings.push_back(
            {&reading->parsers[i].qp, reading->readings[i], reading->parsers[i].stem});
      results.suggestion = suggest(db, readings, folded, query, reading->folding);
      // A suggestion that finds nothing itself, all its words or some, leads nowhere ("GPT-4"
      // offered "get-4").
      if (!results.suggestion.empty()) {
        bool finds = false;
        for (const auto op : {Xapian::Query::OP_AND, Xapian::Query::OP_OR}) {
          auto suggested = read_query(db, results.suggestion, impl_->folding(), op);
          if (!suggested) break;
          Xapian::Enquire probe(db);
          probe.set_query(suggested->parsed);
          if (!probe.get_mset(0, 1).empty()) {
            finds = true;
            break;
          }
        }
        if (!finds) results.suggestion.clear();
      }
    }
    // The matches of `rd`: their count, the page's hits and the facets.
    auto run = [&](const QueryReading& rd, SearchResults& results) {
      const Xapian::Query& parsed = rd.parsed;
      const std::string& mode = rd.mode;
      Xapian::Enquire enquire(db);
      enquire.set_query(parsed);
      // Copies share the copy-group value; an article with none (empty) is never collapsed.
      if (options.collapse_copies) enquire.set_collapse_key(schema::kSlotCopyGroup);
      // By date: undated articles last either way (an empty value sorts first, so ascending
      // gives them the largest key sortable_serialise makes, that of +infinity).
      Xapian::MultiValueKeyMaker by_date;
      if (options.order != SearchOrder::kRelevance) {
        const bool newest = options.order == SearchOrder::kNewest;
        by_date.add_value(schema::kSlotPublished, newest,
                          newest ? std::string() : Xapian::sortable_serialise(HUGE_VAL));
        enquire.set_sort_by_key_then_relevance(&by_date, false);
      }
      const int limit = std::clamp(options.limit, 0, 10000);
      const int offset = std::max(0, options.offset);
      // Facets count every match: the spy sees only the documents the match examines.
      Xapian::ValueCountMatchSpy source_spy(schema::kSlotSource);
      // Over several local indexes, an article stored in two counts once (it counted twice).
      SourceCountSpy unique_sources;
      const bool across_local =
          impl_->paths.size() > 1 &&
          std::none_of(impl_->paths.begin(), impl_->paths.end(), is_remote_index);
      if (options.facets > 0) {
        if (across_local)
          enquire.add_matchspy(&unique_sources);
        else
          enquire.add_matchspy(&source_spy);
      }
      // Xapian stops early and estimates the rest: from term frequencies well enough, but for a
      // date range from the slot's bounds, twice the truth on a small index and changing with
      // the page asked for. Such a count, when it is unsure, is made exact by ranking the first
      // kCounted hits and cutting the page from them (collapsing counts right only over the hits
      // it ranks). Not for every query: it costs a search a quarter more; facets count every
      // match anyway.
      constexpr Xapian::doccount kCounted = 1000;
      const Xapian::doccount ranked =
          std::max<Xapian::doccount>(kCounted, static_cast<Xapian::doccount>(offset) + limit);
      const bool value_range = parsed.get_description().find("VALUE_") != std::string::npos;
      // A date range's count is checked up to kCheckedRange matches: its estimate came from the
      // date slot's bounds (date:2020 said "about 1000" of 8,000, date:..2014 "about 6000" of
      // 4,000).
      constexpr Xapian::doccount kCheckedRange = 50000;
      const Xapian::doccount check_at_least = options.facets > 0 ? db.get_doccount()
                                              : value_range
                                                  ? std::min(db.get_doccount(), kCheckedRange)
                                                  : 100;
      // Every document checked: the lower bound is the count (the estimate stays halfway to an
      // upper bound that collapsing never narrows).
      const bool counted_all = value_range && check_at_least >= db.get_doccount();
      auto unsure = [&](const Xapian::MSet& m) {
        return value_range && !counted_all && options.facets == 0 &&
               m.get_matches_lower_bound() != m.get_matches_upper_bound() &&
               m.get_matches_estimated() <= kCounted;
      };
      Xapian::MSet mset;
      // The hits to show, in order: every one of the MSet, or over several indexes the ones left
      // once a story another index holds under another copy group is dropped (copies.h); with
      // every copy asked for, once the same article held in another index is.
      std::vector<Xapian::MSetIterator> shown;
      std::vector<Xapian::Document> shown_docs;  // their documents, read once
      std::vector<Xapian::doccount> copies;      // over several indexes: each one's copies
      CrossIndexCopies across(db, options.collapse_copies);
      if (!across.active()) {
        Xapian::doccount from = 0;  // the page's first hit in the MSet
        bool checked_all = false;   // every match was checked: the lower bound is the count
        if (options.facets > 0) {
          mset = enquire.get_mset(0, ranked, check_at_least);
          from = offset;
        } else {
          // A count alone (--limit 0) still matches a hit: asked for none, Xapian matches nothing
          // and a date range's estimate is the slot's bounds, which deletions never narrow
          // ("about 4000" of none, after a prune).
          // (A word's count alone stays Xapian's from the term frequencies: matched for one
          // hit, its estimate was the worst, 300 for 1,500: re-audit.)
          mset = enquire.get_mset(offset, std::max(limit, value_range ? 1 : 0), check_at_least);
          if (unsure(mset)) {
            mset = enquire.get_mset(0, ranked, ranked);
            from = offset;
          } else if (!value_range &&
                     mset.get_matches_lower_bound() != mset.get_matches_upper_bound() &&
                     mset.get_uncollapsed_matches_upper_bound() <= kCounted) {
            // Xapian's count of a few hundred matches was a rough guess that changed with the
            // page, copies collapsed or not ("about 300" of 379, "200" of 282, "400" of 416):
            // when they are this few, every one is checked, and the lower bound is the count.
            mset = enquire.get_mset(offset, std::max(limit, 1), kCounted);
            checked_all = mset.get_uncollapsed_matches_upper_bound() <= kCounted;
          }
        }
        for (Xapian::doccount i = from; i < mset.size() && i < from + limit; ++i) {
          shown.push_back(mset[i]);
          shown_docs.push_back(shown.back().get_document());
        }
        // Fewer matches than were to be checked: every one was, and the lower bound is the
        // count (a date range's at 100,000 articles said 40,000 stories of 33,909 articles, its
        // estimate halfway to the upper bound of copies collapsed: scale audit).
        checked_all |= mset.get_uncollapsed_matches_upper_bound() <= check_at_least;
        // Copies collapsed, a date range's bounds stay loose even so (the slot's bounds): its
        // matches counted whole, uncollapsed, say whether there were fewer.
        if (!checked_all && !counted_all && value_range && options.collapse_copies &&
            mset.get_matches_lower_bound() != mset.get_matches_upper_bound()) {
          Xapian::Enquire plain(db);
          plain.set_query(parsed);
          plain.set_weighting_scheme(Xapian::BoolWeight());
          const Xapian::MSet all = plain.get_mset(0, 1, check_at_least);
          checked_all = all.get_matches_lower_bound() == all.get_matches_upper_bound() &&
                        all.get_matches_upper_bound() <= check_at_least;
        }
        results.total_estimate = counted_all || checked_all ? mset.get_matches_lower_bound()
                                                            : mset.get_matches_estimated();
      } else {
        // Ranked from the first hit, as a story's first copy decides which later ones drop; a
        // few more than the page, and more again while drops leave it short.
        const Xapian::doccount want = static_cast<Xapian::doccount>(offset) + limit;
        Xapian::doccount asked =
            options.facets > 0 ? std::max(want + want / 4 + 8, ranked) : want + want / 4 + 8;
        while (true) {
          mset = enquire.get_mset(0, asked, check_at_least);
          // A few hundred matches are ranked whole, so that the story held in two indexes is
          // counted once whatever the page (the count went 45, 43 ... 32 page by page, and 48
          // for a count alone: re-audit, session 45).
          // (Xapian's bounds stay loose under a date range: its estimate says how many.)
          if (mset.size() == asked && asked < kCounted &&
              (mset.get_uncollapsed_matches_upper_bound() <= kCounted ||
               mset.get_matches_estimated() <= kCounted)) {
            asked = kCounted;
            continue;
          }
          across = CrossIndexCopies(db, options.collapse_copies);
          shown.clear();
          shown_docs.clear();
          Xapian::doccount kept = 0, dropped = 0;
          // The copies of each story shown, from every index: the most its own hit or a hit
          // dropped as its copy counts (each index groups the same copies, under its own key;
          // summed, a copy stored in two indexes would count twice).
          copies.clear();
          std::map<std::string, size_t> shown_at;  // a shown story's id term -> its place
          for (auto m = mset.begin(); m != mset.end(); ++m) {
            Xapian::Document doc = m.get_document();
            std::string owner;
            if (across.seen(doc, &owner)) {
              ++dropped;
              if (auto at = shown_at.find(owner); at != shown_at.end())
                copies[at->second] = std::max(
                    copies[at->second], across.copies_of(owner, doc, *m, m.get_collapse_count()));
              continue;
            }
            if (kept++ >= static_cast<Xapian::doccount>(offset) &&
                shown.size() < static_cast<size_t>(limit)) {
              const std::string id = id_term(doc);
              if (!id.empty()) shown_at.emplace(id, shown.size());
              copies.push_back(across.copies_of(id, doc, *m, m.get_collapse_count()));
              shown.push_back(m);
              shown_docs.push_back(std::move(doc));
            }
          }
          if (asked < ranked && unsure(mset)) {
            asked = ranked;
            continue;
          }
          if (kept >= want || mset.size() < asked) {
            // Every match ranked: the stories left are the count.
            results.total_estimate =
                mset.size() < asked
                    ? kept
                    : std::max<Xapian::doccount>(kept, mset.get_matches_estimated() > dropped
                                                           ? mset.get_matches_estimated() - dropped
                                                           : 0);
            break;
          }
          asked *= 2;
        }
      }
      if (options.facets > 0) {
        const auto n = static_cast<size_t>(std::min(options.facets, 10000));
        if (across_local) {
          for (auto& [source, count] : unique_sources.top(n))
            results.sources.push_back({sanitize_utf8(source), count});
        } else {
          for (auto v = source_spy.top_values_begin(n); v != source_spy.top_values_end(n); ++v)
            if (!(*v).empty()) results.sources.push_back({sanitize_utf8(*v), v.get_termfreq()});
        }
      }
      for (size_t i = 0; i < shown.size(); ++i) {
        const Xapian::MSetIterator& m = shown[i];
        HitData d = parse_hit_data(shown_docs[i].get_data());
        const Xapian::Stem stem = stemmer_for(stem_language(d.language, mode));
        d.hit.score = m.get_weight();
        if (options.collapse_copies)
          d.hit.copies =
              static_cast<uint32_t>(i < copies.size() ? copies[i] : m.get_collapse_count());
        const std::string& text = d.body.empty() ? d.hit.title : d.body;
        Snippet snippet = make_snippet(mset, parsed, text, stem, rd.folding);
        d.hit.snippet = std::move(snippet.text);
        d.hit.highlights = std::move(snippet.highlights);
        results.hits.push_back(std::move(d.hit));
      }
    };
    run(*reading, results);
    // No article has every word: those with some of them, when that reads the query otherwise
    // (words side by side; not a phrase, a single word or a filter alone). Never beside a
    // negation: "(NOT x)" is every article without x, and among words that need not all match
    // it would let in all of those.
    const auto negates = [&folded] {
      if (negations_as_not(folded) != folded) return true;
      for (size_t at = folded.find("NOT"); at != std::string::npos;
           at = folded.find("NOT", at + 1)) {
        const bool starts =
            at == 0 || std::string_view(" (\"").find(folded[at - 1]) != std::string_view::npos;
        const bool ends = at + 3 == folded.size() ||
                          std::string_view(" (\"").find(folded[at + 3]) != std::string_view::npos;
        if (starts && ends) return true;
      }
      return false;
    };
    if (!options.all_words && results.total_estimate == 0 && results.hits.empty() &&
        !negated_terms_only(folded) && !negates()) {
      auto some = read_query(db, query, impl_->folding(), Xapian::Query::OP_OR);
      if (some && some->parsed.get_description() != reading->parsed.get_description()) {
        SearchResults found;
        run(*some, found);
        if (found.total_estimate > 0 || !found.hits.empty()) {
          results.total_estimate = found.total_estimate;
          results.hits = std::move(found.hits);
          results.sources = std::move(found.sources);
          results.some_words = true;
          results.warnings.push_back(
              "no article has every word of the query: these have some of them, the most and "
              "rarest first (`--all-words`, or all_words over HTTP, lists none instead)");
        }
      }
    }
    return results;
  });
}

namespace {

// The knobs an app sets in RelatedOptions, checked as the CLI and the HTTP API check theirs: a
// NaN, an infinity or a value out of range ranked nothing, or everything at inf, and said OK.
Status check_related_options(const RelatedOptions& o) {
  auto number = [](const char* name, double v, double lo, double hi, bool lo_open) {
    if (std::isfinite(v) && (lo_open ? v > lo : v >= lo) && v <= hi) return Status::Ok();
    std::ostringstream said;
    said << "RelatedOptions::" << name << " is " << v << "; give a number "
         << (lo_open ? "above " : "from ") << lo;
    if (std::isfinite(hi))
      said << " to " << hi;
    else
      said << " up";
    return Status(ErrorCode::kUsage, said.str());
  };
  const double inf = std::numeric_limits<double>::infinity();  // said "from 0 up"
  for (Status s :
       {number("time_prior", o.time_prior, 0, inf, false), number("max_df", o.max_df, 0, 1, true),
        number("first_pass_max_df", o.first_pass_max_df, 0, 1, true),
        number("entity_weight", o.entity_weight, 0, inf, false),
        number("title_weight", o.title_weight, 0, inf, false),
        number("feedback", o.feedback, 0, inf, false),
        number("mmr_lambda", o.mmr_lambda, 0, 1, false),
        number("time_scale_days", o.time_scale_days, 0, inf, true)})
    if (!s.ok()) return s;
  for (auto [name, v] : {std::pair{"limit", o.limit},
                         {"candidates", o.candidates},
                         {"rescore", o.rescore},
                         {"query_terms", o.query_terms},
                         {"feedback_docs", o.feedback_docs}})
    if (v < 0)
      return Status(ErrorCode::kUsage, std::string("RelatedOptions::") + name + " is " +
                                           std::to_string(v) + "; give a count from 0");
  return Status::Ok();
}

}  // namespace

Result<std::vector<Hit>> Searcher::related(const std::string& id_or_url,
                                           const RelatedOptions& options) {
  if (Status s = check_related_options(options); !s.ok()) return s;
  return impl_->guarded([&]() -> Result<std::vector<Hit>> {
    const Xapian::docid did = impl_->find(id_or_url);
    if (!did)
      return Status(ErrorCode::kNotFound,
                    "no article with id or URL '" + truncate_utf8(sanitize_utf8(id_or_url), 200) +
                        "' in the index",
                    "pass a FILE or URL to analyse an article that is not indexed");
    RelatedRanker ranker(impl_->db);
    RelatedParams p = options;
    p.limit = std::max(0, options.limit);
    return ranker.rank(impl_->db.get_document(did), did, p);
  });
}

Result<std::vector<Hit>> Searcher::related(const Article& article, const RelatedOptions& options) {
  if (Status s = check_related_options(options); !s.ok()) return s;
  // As `byline index` refuses such a record: nothing to find stories like (it was an empty
  // list, OK).
  if (trim(article.title).empty() &&
      std::all_of(article.sections.begin(), article.sections.end(),
                  [](const Section& s) { return trim(s.text).empty() && trim(s.heading).empty(); }))
    return Status(ErrorCode::kBadInput, "the article has neither a title nor a body",
                  "give related() an article's title or text, or an indexed article's id");
  return impl_->guarded([&]() -> Result<std::vector<Hit>> {
    Article a = article;
    limit_text(a);  // as indexing does: the same text gets the same id and terms
    if (a.id.empty()) a.id = a.url.empty() ? text_article_id(a) : article_id_for(a.url);
    // Its terms as the index makes them: stemmed as the index stems its language.
    std::string mode = impl_->db.get_metadata(std::string(schema::kMetaStemmer));
    if (mode.empty()) mode = std::string(schema::kStemByLanguage);
    AnalyzedArticle analyzed = analyze_article(a, mode, impl_->folding());
    // The same article may already be indexed: it is never its own related story.
    Xapian::docid self = impl_->find(a.id);
    // Stored under another id, merged with its page or feed entry: found by one of its URLs.
    if (!self && !a.url.empty()) self = impl_->find(a.url);
    for (const auto& u : a.alias_urls)
      if (!self) self = impl_->find(u);
    if (self)
      analyzed.doc.add_value(schema::kSlotCopyGroup,
                             impl_->db.get_document(self).get_value(schema::kSlotCopyGroup));
    RelatedRanker ranker(impl_->db);
    RelatedParams p = options;
    p.limit = std::max(0, options.limit);
    return ranker.rank(analyzed.doc, self, p);
  });
}

Result<Article> Searcher::get(const std::string& id_or_url) {
  return impl_->guarded([&]() -> Result<Article> {
    const Xapian::docid did = impl_->find(id_or_url);
    if (!did)
      return Status(ErrorCode::kNotFound,
                    "no article with id or URL '" + truncate_utf8(sanitize_utf8(id_or_url), 200) +
                        "' in the index",
                    "`byline search` lists ids");
    return article_from_json(impl_->db.get_document(did).get_data());
  });
}

Result<std::vector<std::string>> Searcher::entities(const std::string& id_or_url) {
  return impl_->guarded([&]() -> Result<std::vector<std::string>> {
    const Xapian::docid did = impl_->find(id_or_url);
    if (!did)
      return Status(ErrorCode::kNotFound,
                    "no article with id or URL '" + truncate_utf8(sanitize_utf8(id_or_url), 200) +
                        "' in the index",
                    "`byline search` lists ids");
    return parse_hit_data(impl_->db.get_document(did).get_data(), false).entities;
  });
}

namespace {

// An index's documents from one docid on. A query filtered by it reads its matches a page at a
// time in docid order, each page from where the last ended (Xapian 1.4 has no docid range, and
// an offset into the matches is O(offset) a page and shifts when a writer deletes).
class DocidsFrom : public Xapian::PostingSource {
 public:
  explicit DocidsFrom(Xapian::docid from) : from_(std::max<Xapian::docid>(from, 1)) {}
  void init(const Xapian::Database& db) override {
    db_ = db;
    it_ = db.postlist_begin("");
    started_ = false;
  }
  Xapian::doccount get_termfreq_min() const override { return 0; }
  Xapian::doccount get_termfreq_est() const override { return db_.get_doccount(); }
  Xapian::doccount get_termfreq_max() const override { return db_.get_doccount(); }
  Xapian::docid get_docid() const override { return *it_; }
  bool at_end() const override { return it_ == db_.postlist_end(""); }
  void next(double) override {
    if (started_) {
      ++it_;
      return;
    }
    started_ = true;
    it_.skip_to(from_);
  }
  void skip_to(Xapian::docid did, double) override {
    started_ = true;
    it_.skip_to(std::max(did, from_));
  }
  PostingSource* clone() const override { return new DocidsFrom(from_); }

 private:
  Xapian::docid from_;
  Xapian::Database db_;
  Xapian::PostingIterator it_;
  bool started_ = false;
};

}  // namespace

namespace {

// A page size an app passes is checked, as related()'s counts are: 0 or a negative one gave a
// page of one, and INT_MAX one of 10,000, and said OK.
Status check_page_limit(const char* call, int limit) {
  if (limit >= 1 && limit <= 10000) return Status::Ok();
  return Status(ErrorCode::kUsage, std::string(call) + "'s limit is " + std::to_string(limit),
                "give a page size from 1 to 10,000");
}

}  // namespace

Result<ArticlePage> Searcher::articles(uint64_t cursor, int limit, const std::string& query) {
  if (Status s = check_page_limit("articles()", limit); !s.ok()) return s;
  // The text a page holds: a page of long articles stops early, so memory stays flat.
  constexpr size_t kPageBytes = 16u << 20;
  return impl_->guarded([&]() -> Result<ArticlePage> {
    ArticlePage page;
    auto& parts = impl_->parts;
    std::optional<QueryReading> reading;
    if (!query.empty()) {
      auto r = read_query(impl_->db, query, impl_->folding());
      if (!r) return r.status();
      reading = std::move(*r);
      if (cursor == 0) page.warnings = reading->warnings;
    }
    // A query's matches in one index, in docid order: from a docid on in a local index; in a
    // remote one (which runs no PostingSource of ours), from a place in their list.
    auto matches = [&](size_t part, uint32_t from, Xapian::doccount count) {
      Xapian::Enquire e(parts[part]);
      const bool remote = is_remote_index(impl_->paths[part]);
      if (remote)
        e.set_query(reading->parsed);
      else
        e.set_query(Xapian::Query(Xapian::Query::OP_FILTER, reading->parsed,
                                  Xapian::Query((new DocidsFrom(from))->release())));
      e.set_weighting_scheme(Xapian::BoolWeight());
      e.set_docid_order(Xapian::Enquire::ASCENDING);
      return e.get_mset(remote ? from : 0, count);
    };
    // A story an earlier index holds under the same id (and, with a query, matched there)
    // comes from there.
    auto held_earlier = [&](size_t part, const std::string& id) {
      for (size_t k = 0; k < part && !id.empty(); ++k) {
        if (!parts[k].term_exists("Q" + id)) continue;
        if (!reading) return true;
        Xapian::Enquire e(parts[k]);
        e.set_query(
            Xapian::Query(Xapian::Query::OP_FILTER, reading->parsed, Xapian::Query("Q" + id)));
        e.set_weighting_scheme(Xapian::BoolWeight());
        if (!e.get_mset(0, 1).empty()) return true;
      }
      return false;
    };
    size_t bytes = 0;
    auto full = [&] {
      return page.articles.size() >= static_cast<size_t>(limit) || bytes >= kPageBytes;
    };
    // Adds the stored record, unless unreadable or held earlier. A record the index cannot
    // give back (its compressed data damaged) is one unreadable record: the export that saves
    // the others before a restore stopped there (audit, session 44).
    auto take = [&](size_t part, const Xapian::Document& doc) {
      std::string data;
      try {
        data = doc.get_data();
      } catch (const Xapian::DatabaseModifiedError&) {
        throw;  // a writer's commit: the read is retried
      } catch (const Xapian::DatabaseClosedError&) {
        throw;
      } catch (const Xapian::DatabaseError&) {
        ++page.unreadable;
        return;
      }
      auto a = article_from_json(data);
      if (!a.ok()) {
        ++page.unreadable;
        return;
      }
      if (held_earlier(part, a->id)) return;
      bytes += a->text_bytes();
      page.articles.push_back(std::move(*a));
    };
    // The cursor: the index (in the order opened) in bits 32-47 and the docid the next page
    // starts at in the low 32, under a tag of the query in bits 48-62, so a cursor is good for
    // its own query only. For a query on a remote index, where matches are read
    // from a place in their list: the top bit set, the index in the next 4 bits, the query's
    // tag in 12, that place (a hint: matches removed meanwhile move the rest back; past its 15
    // bits, the matches are found by reading on) in 15, and the last docid read in the low 32.
    constexpr uint64_t kRemoteCursor = uint64_t{1} << 63;
    constexpr Xapian::doccount kMaxPlace = (1u << 15) - 1;
    const uint64_t tag = fnv1a64(query);  // a stable hash: ties a cursor to its query
    // Every article's list has its tag too (the hash of ""): a bare docid (cursor=42) read
    // from there, and past the last said that was all (embedding audit, session 44).
    const uint64_t local_tag = tag % 0x7FFF + 1;
    const uint64_t remote_tag = query.empty() ? 0 : tag % 0xFFF + 1;
    size_t part = static_cast<size_t>((cursor >> 32) & 0xFFFF);
    Xapian::docid from = static_cast<Xapian::docid>(cursor & 0xFFFFFFFFu);
    Xapian::doccount place = 0;  // a remote index's: where its next match is, as last seen
    bool tag_matches = ((cursor >> 48) & 0x7FFF) == local_tag;
    if (cursor & kRemoteCursor) {
      part = static_cast<size_t>((cursor >> 59) & 0xF);
      tag_matches = ((cursor >> 47) & 0xFFF) == remote_tag;
      place = static_cast<Xapian::doccount>((cursor >> 32) & kMaxPlace);
    }
    // One these indexes gave for this query: a tampered one, a stale one (of other --db) or
    // one of another query would read from a place that is not its own and say that was all.
    if (parts.size() > 0x10000)
      return Status(ErrorCode::kUsage, "articles are read from at most 65,536 indexes at once",
                    "read them in fewer at a time");
    if (cursor != 0 &&
        (!tag_matches || part >= parts.size() ||
         ((cursor & kRemoteCursor) != 0) != (reading && is_remote_index(impl_->paths[part]))))
      return Status(ErrorCode::kUsage,
                    "the cursor " + std::to_string(cursor) + " is none these indexes gave" +
                        (query.empty() ? "" : " for this query"),
                    "pass the `next` of the page before, with the same indexes and query");
    auto at = [&](size_t p, Xapian::docid where) {
      return (local_tag << 48) | (static_cast<uint64_t>(p) << 32) | where;
    };
    auto at_remote = [&](size_t p, Xapian::doccount where, Xapian::docid last) {
      return kRemoteCursor | (static_cast<uint64_t>(p) << 59) | (remote_tag << 47) |
             (static_cast<uint64_t>(std::min(where, kMaxPlace)) << 32) | last;
    };
    for (; part < parts.size(); ++part, from = 0, place = 0) {
      const Xapian::Database& db = parts[part];
      if (!reading) {
        auto it = db.postlist_begin("");
        const auto end = db.postlist_end("");
        if (from > 0) it.skip_to(from);
        for (; it != end; ++it) {
          if (full()) {
            page.next = at(part, *it);
            return page;
          }
          take(part, db.get_document(*it, Xapian::DOC_ASSUME_VALID));
        }
        continue;
      }
      if (is_remote_index(impl_->paths[part])) {
        if (part > 0xF)
          return Status(ErrorCode::kUsage,
                        "a query's articles are read from at most 16 indexes when one is remote",
                        "read them in fewer at a time");
        // `from` is the last docid read. The matches after it are found from `place` on, or
        // further back when some before it were removed meanwhile (the first one there is
        // then already past `from`); those up to `from` are skipped.
        Xapian::doccount back = 16, ahead = 0;
        while (true) {
          const Xapian::doccount want =
              full() ? 1 : static_cast<Xapian::doccount>(limit - page.articles.size()) + 1;
          const Xapian::doccount start = from == 0 ? place : place - std::min(place, back);
          const Xapian::doccount count = want + (place - start) + ahead;
          const Xapian::MSet m = matches(part, start, count);
          if (start > 0 && !m.empty() && *m.begin() > from) {
            back *= 8;
            continue;
          }
          Xapian::doccount i = 0;
          bool behind = true;
          for (auto hit = m.begin(); hit != m.end(); ++hit, ++i) {
            if (*hit <= from) continue;  // read on an earlier page
            behind = false;
            if (full()) {
              page.next = at_remote(part, start + i, from);
              return page;
            }
            take(part, hit.get_document());
            from = *hit;
          }
          if (m.size() < count) break;
          place = start + m.size();
          back = 16;
          // All read before: the place is further on than the hint said (one past the hint's
          // bits), so each read goes further.
          ahead = behind ? std::clamp<Xapian::doccount>(ahead * 8, 1024, 1u << 16) : 0;
        }
        continue;
      }
      while (true) {
        // One more than the page wants, to know where the next starts; again while records
        // left out (unreadable, held earlier) leave it short.
        const Xapian::doccount want =
            full() ? 1 : static_cast<Xapian::doccount>(limit - page.articles.size()) + 1;
        const Xapian::MSet m = matches(part, from, want);
        for (auto hit = m.begin(); hit != m.end(); ++hit) {
          if (full()) {
            page.next = at(part, *hit);
            return page;
          }
          take(part, hit.get_document());
        }
        if (m.size() < want || *m.back() == std::numeric_limits<Xapian::docid>::max()) break;
        from = *m.back() + 1;
      }
    }
    return page;
  });
}

namespace {
// What `byline rebuild` would change in an index an older byline made (schemas/index.md), and
// whether any of it changes what searches find. An empty one too: the articles it is given are
// written its way until then (a rebuild of it takes no time).
std::vector<std::string> outdated_ways(const Xapian::Database& db, bool& advised) {
  std::vector<std::string> out;
  advised = false;
  if (db.get_metadata(std::string(schema::kMetaStemmer)) == "english")
    out.emplace_back("stems every article in English, whatever its language");
  switch (index_folding(db)) {
    case Folding::kNfc:
      out.emplace_back("reads words without Unicode folding (full-width letters, Greek accents)");
      break;
    case Folding::kNfkc:
      out.emplace_back(
          "reads Turkish \u0131, German \u00df, Russian \u0451 and pointed Hebrew apart from i, "
          "ss, \u0435 and plain Hebrew");
      break;
    case Folding::kLetters:
      out.emplace_back(
          "reads Russian \u0451 and pointed Hebrew apart from \u0435 and plain Hebrew");
      break;
    case Folding::kMarks:
      break;
  }
  advised = !out.empty();
  if (db.get_doccount() > 0 && !index_has_feature(db, schema::kFeatureCopiesConfirmed))
    out.emplace_back(
        "may hold copy groups that SimHash alone made (stories written to one "
        "template shown as one)");
  return out;
}
}  // namespace

Result<size_t> Searcher::published_before(int64_t before) {
  return impl_->guarded([&]() -> Result<size_t> {
    // The publication slot's value stream, as the writer's prune reads it.
    size_t n = 0;
    auto& db = impl_->db;
    for (auto it = db.valuestream_begin(schema::kSlotPublished);
         it != db.valuestream_end(schema::kSlotPublished); ++it)
      if (Xapian::sortable_unserialise(*it) < static_cast<double>(before)) ++n;
    return n;
  });
}

Result<IndexStats> Searcher::stats() {
  return impl_->guarded([&]() -> Result<IndexStats> {
    auto& db = impl_->db;
    IndexStats s;
    s.articles = db.get_doccount();
    if (impl_->parts.size() > 1) {
      // An article stored in two indexes (an archive and the index a crawl writes to) is one
      // article: count the distinct ids, each stored once per index ("Q" is unique in one).
      s.articles = 0;
      for (auto t = db.allterms_begin("Q"); t != db.allterms_end("Q"); ++t) ++s.articles;
    }
    s.schema_version = db.get_metadata(std::string(schema::kMetaSchemaVersion));
    for (auto t = db.allterms_begin("XSRC"); t != db.allterms_end("XSRC"); ++t) ++s.sources;
    for (auto t = db.allterms_begin("XFEED"); t != db.allterms_end("XFEED"); ++t) ++s.feeds;
    // Xapian's value bounds stay where they were when documents are deleted (a pruned
    // index): the first and last dated documents in date order are exact.
    const std::string lo = db.get_value_lower_bound(schema::kSlotPublished);
    if (!lo.empty()) {
      auto extreme = [&](bool newest) -> std::optional<int64_t> {
        Xapian::Enquire e(db);
        e.set_query(Xapian::Query(Xapian::Query::OP_VALUE_GE, schema::kSlotPublished, lo));
        e.set_sort_by_value(schema::kSlotPublished, newest);
        e.set_weighting_scheme(Xapian::BoolWeight());
        const Xapian::MSet m = e.get_mset(0, 1);
        if (m.empty()) return std::nullopt;
        return static_cast<int64_t>(Xapian::sortable_unserialise(
            m.begin().get_document().get_value(schema::kSlotPublished)));
      };
      s.oldest = extreme(false);
      s.newest = extreme(true);
    }
    if (const std::string hi = db.get_value_upper_bound(schema::kSlotIndexed); !hi.empty())
      s.last_indexed = static_cast<int64_t>(Xapian::sortable_unserialise(hi));
    for (size_t i = 0; i < impl_->parts.size(); ++i) {
      Xapian::Database& part = impl_->parts[i];
      part.reopen();
      const std::string& path = impl_->paths[i];
      IndexPart p;
      p.path = path;
      p.articles = part.get_doccount();
      p.size_bytes = is_remote_index(path) ? 0 : directory_bytes(path);
      p.outdated = outdated_ways(part, p.rebuild_advised);
      s.size_bytes += p.size_bytes;
      s.indexes.push_back(std::move(p));
    }
    s.path = impl_->paths.front();
    return s;
  });
}

Result<RemovalPage> Searcher::removed(int64_t since, const std::string& after, int limit) {
  if (Status s = check_page_limit("removed()", limit); !s.ok()) return s;
  return impl_->guarded([&]() -> Result<RemovalPage> {
    RemovalPage page;
    const std::string prefix(schema::kMetaRemovedPrefix);
    auto& parts = impl_->parts;
    // Each index's removal keys, in key order, from the first after `after`, merged.
    std::vector<Xapian::TermIterator> at;
    for (const auto& db : parts) {
      auto k = db.metadata_keys_begin(prefix);
      if (!after.empty()) {
        k.skip_to(prefix + after);
        if (k != db.metadata_keys_end(prefix) && *k == prefix + after) ++k;
      }
      at.push_back(k);
    }
    auto done = [&](size_t i) { return at[i] == parts[i].metadata_keys_end(prefix); };
    while (true) {
      std::optional<std::string> key;  // the smallest key still to read
      for (size_t i = 0; i < parts.size(); ++i)
        if (!done(i) && (!key || *at[i] < *key)) key = *at[i];
      if (!key) break;
      Removal r;
      r.id = key->substr(prefix.size());
      bool dated = false;
      for (size_t i = 0; i < parts.size(); ++i) {
        if (done(i) || *at[i] != *key) continue;
        const std::string value = parts[i].get_metadata(*key);
        int64_t when = 0;
        auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), when);
        if (ec == std::errc() && end == value.data() + value.size()) {
          r.removed = dated ? std::max(r.removed, when) : when;
          dated = true;
        }
        ++at[i];
      }
      if (!dated || r.removed < since || r.id.empty()) continue;
      // Added again since: its record is the news.
      if (std::any_of(parts.begin(), parts.end(),
                      [&r](const Xapian::Database& db) { return db.term_exists("Q" + r.id); }))
        continue;
      if (page.removals.size() == static_cast<size_t>(limit)) {
        page.next = page.removals.back().id;
        break;
      }
      page.removals.push_back(std::move(r));
    }
    return page;
  });
}

Result<std::string> Searcher::metadata(const std::string& key) {
  // No key can be set empty (Xapian refuses it, and would throw here too): it is unset.
  if (key.empty()) return std::string();
  return impl_->guarded([&]() -> Result<std::string> { return impl_->db.get_metadata(key); });
}

}  // namespace byline
