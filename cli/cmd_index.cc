// byline index FILE|DIR|-: indexes local inputs.
#include <algorithm>
#include <filesystem>
#include <future>
#include <iostream>
#include <optional>

#include "byline/article_json.h"
#include "byline/extract.h"
#include "byline/feed.h"
#include "byline/index.h"
#include "cli/command.h"
#include "cli/input.h"
#include "cli/input_stream.h"
#include "cli/stop_signal.h"
#include "common/parallel.h"
#include "common/text.h"

namespace byline::cli {

namespace fs = std::filesystem;

namespace {

/// Errors and warnings listed at most: a million bad lines are counted, not held.
constexpr size_t kMaxListed = 1000;

struct Tally {
  size_t added = 0, updated = 0, unchanged = 0, failed = 0;
  /// Articles removal records ({"id", "removed"}: `byline export --since`) removed: a record by
  /// URL removes every article the URL names, as `byline remove URL` does.
  size_t removed = 0;
  std::vector<std::string> errors;
  /// Inputs indexed with a part left out (a record's date that is none): not failures.
  std::vector<std::string> warnings;
  size_t errors_not_listed = 0, warnings_not_listed = 0;
  Status first_error;

  void warn(std::string w) {
    if (warnings.size() < kMaxListed)
      warnings.push_back(std::move(w));
    else
      ++warnings_not_listed;
  }
};

/// One input to index: a path named or found below a directory, or what kept it from being read
/// (an unreadable directory, a broken symbolic link), reported in its place.
struct Input {
  std::string path;
  Status error;
};

/// A page read, extracted and analysed off the writer's thread; or its error; or `later`: an
/// input the writer's thread reads itself (records, feeds, OPML, standard input).
struct Slot {
  std::optional<PreparedArticle> prepared;
  Status error;
  bool later = false;
};

std::string base_url_for(const std::string& arg) { return document_url(arg); }

/// A record that fails as an article and has a `removed` key was meant as a removal record:
/// "neither a title nor a body" would not say what is wrong with it.
Status as_removal_failure(std::string_view record, const Status& as_article) {
  if (record.find("\"removed\"") == std::string_view::npos) return as_article;
  return Status(ErrorCode::kBadInput,
                "a removal record takes `removed` (a time, Unix seconds or true) beside a "
                "non-empty `id` or `url`, and no other key; as an article: " +
                    as_article.message(),
                "see schemas/removal.schema.json");
}

Slot prepare_page(const std::string& arg, std::string_view data, InputKind kind) {
  Slot slot;
  ExtractOptions opts;
  const bool html = kind == InputKind::kHtml;
  if (html) opts.url = base_url_for(arg);
  auto a = html ? extract_html(data, opts) : extract_text(data, opts);
  if (a.ok())
    slot.prepared.emplace(std::move(*a));
  else
    slot.error = a.status();
  return slot;
}

/// How much of an input is read to tell what it holds (sniff_input looks at less).
constexpr size_t kHeadBytes = 64u << 10;

Slot prepare_file(const Input& in) {
  Slot slot;
  const std::string& arg = in.path;
  if (!in.error.ok()) {
    slot.error = in.error;
    return slot;
  }
  if (arg == "-") {
    slot.later = true;  // standard input can be read once only, and in its place
    return slot;
  }
  // A FIFO (`byline index <(other-app --export)`) can be opened and read once only: in its
  // place. Opened here and closed, it would have cut its writer off.
  std::error_code ec;
  const fs::file_type type = fs::status(local_path(arg), ec).type();
  if (type == fs::file_type::fifo || type == fs::file_type::character ||
      type == fs::file_type::socket) {
    slot.later = true;
    return slot;
  }
  auto stream = open_input(arg);
  if (!stream.ok()) {
    slot.error = stream.status();
    return slot;
  }
  // Its head says what it is: records and feeds are read in their place, a line at a time
  // when they are JSON Lines, whatever their length.
  std::string data;
  if (Status s = (*stream)->read_up_to(data, kHeadBytes); !s.ok()) {
    // A truncated gzip file, say: read in its place, where the records before the damage
    // are kept.
    slot.later = true;
    return slot;
  }
  const InputKind kind = sniff_input(arg, data);
  if (kind != InputKind::kHtml && kind != InputKind::kText) {
    slot.later = true;
    return slot;
  }
  if (Status s = finish_input(**stream, data); !s.ok()) {
    slot.error = s;
    return slot;
  }
  return prepare_page(arg, data, kind);
}

/// Work is prepared in blocks of at most this many pages or records, holding at most about
/// this much text (some tens of MB once prepared; two blocks are in memory at once).
constexpr size_t kBlockItems = 32;
constexpr size_t kBlockRecords = 512;
constexpr uint64_t kBlockTextBytes = 4u << 20;
/// A commit every this many articles, or past kCommitTextBytes of their text.
constexpr size_t kCommitDocs = kCommitArticles;
/// Records read from a pipe that then stays silent this long are indexed and committed.
constexpr int kIdleMs = 1000;

/// The most text preparing `arg` can give: its size, or the text cap if smaller (0 for
/// standard input, read in its place).
uint64_t text_bound(const std::string& arg) {
  if (arg == "-") return 0;
  // A compressed file's size says little of its text: count it at the cap.
  if (iequals_ascii(fs::path(arg).extension().string(), ".gz")) return kMaxArticleTextBytes;
  std::error_code ec;
  const uintmax_t size = fs::file_size(local_path(arg), ec);
  return ec ? 0 : std::min<uint64_t>(size, kMaxArticleTextBytes);
}

class Indexer {
 public:
  /// `quiet`: no progress line (a million records take minutes: it says how far they are).
  Indexer(IndexWriter& writer, Tally& tally, bool quiet)
      : writer_(writer), tally_(tally), progress_(quiet) {}
  /// Erases the progress line, before the summary.
  void clear_progress() { progress_.clear(); }

  void add(Article& a, const std::string& where) {
    PreparedArticle prepared(std::move(a));
    add(prepared, where);
  }

  /// `even_when_stopping`: added after a stop signal too (records read from a pipe).
  void add(PreparedArticle& prepared, const std::string& where, bool even_when_stopping = false) {
    if (!fatal_.ok() || (!even_when_stopping && stop_requested().load())) return;
    auto r = writer_.add(prepared);
    if (!r.ok()) {
      // Only a bad record is this input's fault; any other writer error (an unreadable index,
      // a full disk) would fail every input after it, so the run stops there.
      if (r.status().code() == ErrorCode::kBadInput) return fail(where, r.status());
      fatal_ = r.status();
      return;
    }
    switch (*r) {
      case AddOutcome::kAdded:
        ++tally_.added;
        break;
      case AddOutcome::kUpdated:
        ++tally_.updated;
        break;
      case AddOutcome::kUnchanged:
        ++tally_.unchanged;
        break;
    }
    // Bounded batches: memory stays flat and a crash loses at most one batch.
    if (++pending_ >= kCommitDocs || writer_.staged_text_bytes() >= kCommitTextBytes)
      if (Status s = commit(); !s.ok()) fatal_ = s;
    progress_.show([this] {
      return "indexing: " + std::to_string(tally_.added) + " added, " +
             std::to_string(tally_.updated) + " updated, " + std::to_string(tally_.unchanged) +
             " unchanged, " + std::to_string(tally_.failed) + " failed";
    });
  }

  /// Carries out a removal record: a mirror following another index by `export --since`. One
  /// that names no stored article changed nothing.
  void remove(const Removal& r, bool even_when_stopping = false) {
    if (!fatal_.ok() || (!even_when_stopping && stop_requested().load())) return;
    // By its id alone when it names one: a removal applied again (overlapping windows) must
    // not go on to an article that has that id as its URL.
    auto n = r.id.empty() ? writer_.remove(r.url) : writer_.remove_id(r.id);
    if (!n.ok()) {
      fatal_ = n.status();
      return;
    }
    if (*n > 0)
      tally_.removed += *n;
    else
      ++tally_.unchanged;
    if (++pending_ >= kCommitDocs)
      if (Status s = commit(); !s.ok()) fatal_ = s;
  }

  /// The writer error that stopped the run (ok while it goes on). What earlier commits stored
  /// stays; the batch under way is dropped.
  const Status& fatal() const { return fatal_; }
  /// A writer error, or a stop signal: no more inputs are read.
  bool stopped() const { return !fatal_.ok() || stop_requested().load(); }

  void fail(const std::string& where, const Status& s) {
    ++tally_.failed;
    if (tally_.first_error.ok()) tally_.first_error = s;
    // Named once: "no such file: X" and "X is a binary file" name their input already.
    const std::string& m = s.message();
    const bool named = m.starts_with(where + " ") || m.ends_with(": " + where);
    if (tally_.errors.size() < kMaxListed)
      tally_.errors.push_back(named ? m : where + ": " + m);
    else
      ++tally_.errors_not_listed;
  }

  Status commit() {
    pending_ = 0;
    return writer_.commit();
  }

  void file(const std::string& arg) {
    if (stopped()) return;
    auto stream = open_input(arg, &stop_requested());
    if (!stream.ok()) return fail(arg, stream.status());
    InputStream& in = **stream;
    std::string data;
    // JSON Lines are read a block of lines at a time, in bounded memory however long the input
    // (an export piped in): the first line, whole, tells them from one document. A pipe's head
    // is read no further than that line, which may be all there is for a while.
    size_t scanned = 0;  // where the search for the first line's end goes on
    auto first_line_read = [&data, &scanned](bool record) {
      const size_t start =
          data.find_first_not_of(" \t\r\n", data.starts_with("\xEF\xBB\xBF") ? 3 : 0);
      if (start == std::string::npos || (record && data[start] != '{')) return false;
      if (data.find('\n', std::max(start, scanned)) != std::string::npos) return true;
      scanned = data.size();
      return false;
    };
    while (data.size() < kHeadBytes && !first_line_read(/*record=*/true)) {
      auto n = in.read(data, kHeadBytes - data.size());
      if (!n.ok()) return read_failed(arg, n.status());
      if (*n == 0) break;
    }
    if (sniff_input(arg, data) == InputKind::kJsonl) {
      while (!first_line_read(false) && data.size() <= kMaxInputBytes) {
        auto n = in.read(data, kHeadBytes);
        if (!n.ok()) return read_failed(arg, n.status());
        if (*n == 0) break;
      }
      // A first line cut short is told from a document's opening by the line after it: that
      // one is read too (a pipe's next line comes at once when a writer cut a record short).
      // Each byte is counted once: a long second line is read in many blocks.
      if (!streams_as_json_lines(data)) {
        auto lines = std::count(data.begin(), data.end(), '\n');
        while (lines < 2 && data.size() <= kMaxInputBytes) {
          const size_t before = data.size();
          auto n = in.read(data, kHeadBytes);
          if (!n.ok()) return read_failed(arg, n.status());
          if (*n == 0) break;
          lines += std::count(data.begin() + static_cast<std::ptrdiff_t>(before), data.end(), '\n');
        }
      }
      // A first line over the cap is a record too long, which fails alone as any other does.
      const bool first_too_long = data.size() > kMaxInputBytes && !first_line_read(false);
      if (first_too_long || streams_as_json_lines(data)) {
        if (Status s = check_not_binary(in, data); !s.ok()) return fail(arg, s);
        LineReader lines(in, kMaxInputBytes, std::move(data));
        return records(arg, in, lines, /*document=*/false, in.is_pipe());
      }
    }
    if (Status s = finish_input(in, data); !s.ok()) return read_failed(arg, s);
    // Nothing on standard input (an export that found nothing) is no records, not a failure.
    if (arg == "-" && trim(data).empty()) return;
    const std::string base = base_url_for(arg);
    const InputKind kind = sniff_input(arg, data);
    switch (kind) {
      case InputKind::kJsonl: {
        // One record pretty-printed, or an array of them: a line each, numbered by record.
        // Else JSON Lines that fit in one line or less.
        std::string joined;
        auto document_records = json_document_records(data);
        if (document_records && document_records->size() == 1) {
          // One record as written, line breaks and all: a parse error says where in it.
          if (auto r = removal_from_json(document_records->front())) return remove(*r);
          std::vector<std::string> warnings;
          auto a = article_from_json(document_records->front(), &warnings);
          const std::string where = arg + " record 1";
          for (const auto& w : warnings) tally_.warn(where + ": " + w);
          if (!a.ok())
            return fail(where, as_removal_failure(document_records->front(), a.status()));
          return add(*a, where);
        }
        const bool document = [&] {
          if (!document_records) return false;
          for (const std::string& r : *document_records) {
            std::string line = r;
            std::replace(line.begin(), line.end(), '\n', ' ');  // JSON allows it between tokens
            joined += line;
            joined += '\n';
          }
          return true;
        }();
        LineReader lines(in, kMaxInputBytes, document ? std::move(joined) : std::move(data));
        records(arg, in, lines, document, /*consumed=*/false);
        break;
      }
      case InputKind::kFeed: {
        FeedParseOptions opts;
        opts.url = base;
        auto feed = parse_feed(data, opts);
        if (!feed.ok()) return fail(arg, feed.status());
        // Entries past the cap dropped, a document read past its errors: said, as a crawl says.
        if (!feed->error.empty()) tally_.warn(arg + ": " + sanitize_utf8(feed->error));
        const std::vector<bool> superseded = superseded_entries(feed->entries);
        for (size_t k = 0; k < feed->entries.size(); ++k) {
          if (stopped()) break;
          if (superseded[k]) continue;
          const FeedEntry& e = feed->entries[k];
          Article a = article_from_entry(e, *feed, base);
          add(a, arg + " entry " + (e.id.empty() ? e.title : e.id));
        }
        break;
      }
      case InputKind::kOpml:
        return fail(arg, Status(ErrorCode::kBadInput, "an OPML subscription list holds no articles",
                                "crawl it: `byline crawl " + arg + "`"));
      case InputKind::kHtml:
      case InputKind::kText: {
        Slot slot = prepare_page(arg, data, kind);
        if (slot.prepared)
          add(*slot.prepared, arg);
        else
          fail(arg, slot.error);
        break;
      }
    }
  }

  /// A read that failed: an input that failed, unless a stop signal ended it.
  void read_failed(const std::string& arg, const Status& s) {
    if (s.code() != ErrorCode::kInterrupted) fail(arg, s);
  }

  /// Records a line each, parsed and analysed in blocks on every core and added in input order
  /// on this thread. `consumed`: lines read cannot be read again (a pipe), so on a stop signal
  /// the block read is added before the run stops, and when the pipe falls silent the block
  /// read so far is added and committed.
  void records(const std::string& arg, InputStream& in, LineReader& lines, bool document,
               bool consumed) {
    struct Line {
      size_t number;
      std::string text;
      bool too_long;
    };
    Status read_error;
    for (bool more = true; more && !stopped();) {
      std::vector<Line> block;
      uint64_t text = 0;  // bounds the block's text, as for files
      bool idle = false;  // the pipe fell silent with records read: index them now
      while (block.size() < kBlockRecords && text < kBlockTextBytes) {
        if (consumed && !block.empty() && !lines.has_line() && !in.wait_readable(kIdleMs)) {
          idle = true;
          break;
        }
        std::string line;
        auto got = lines.next(line);
        if (!got.ok()) read_error = got.status();
        if (!got.ok() || *got == LineReader::Got::kEnd) {
          more = false;
          break;
        }
        if (*got == LineReader::Got::kTooLong) {
          block.push_back({lines.line_number(), {}, true});
          continue;
        }
        if (trim(line).empty()) continue;
        // The whole line counts: parsing holds it (and more) whatever the text cap keeps, so a
        // record of tens of MB is a block of its own.
        text += line.size();
        block.push_back({lines.line_number(), std::move(line), false});
      }
      std::vector<std::optional<PreparedArticle>> prepared(block.size());
      std::vector<std::optional<Removal>> removals(block.size());
      std::vector<Status> errors(block.size());
      std::vector<std::vector<std::string>> warnings(block.size());
      parallel_for(block.size(), [&](size_t i) {
        if (block[i].too_long) {
          errors[i] = Status(ErrorCode::kBadInput, "the record is larger than 64 MiB",
                             "split its text, or index the page it came from");
          return;
        }
        if ((removals[i] = removal_from_json(trim(block[i].text)))) return;
        auto a = article_from_json(trim(block[i].text), &warnings[i]);
        if (a.ok())
          prepared[i].emplace(std::move(*a));
        else
          errors[i] = as_removal_failure(block[i].text, a.status());
      });
      const bool finish = consumed;  // lines taken from a pipe are not left half done
      for (size_t i = 0; i < block.size() && (finish ? fatal_.ok() : !stopped()); ++i) {
        const std::string where =
            arg + (document ? " record " : ":") + std::to_string(block[i].number);
        for (const auto& w : warnings[i]) tally_.warn(where + ": " + w);
        if (removals[i])
          remove(*removals[i], finish);
        else if (prepared[i])
          add(*prepared[i], where, finish);
        else
          fail(where, errors[i]);
      }
      // A producer that writes now and then (`tail -f`-like) has its records searchable, and
      // safe, within a second or so of each burst.
      if (idle && fatal_.ok())
        if (Status s = commit(); !s.ok()) fatal_ = s;
    }
    if (!read_error.ok()) read_failed(arg, read_error);
  }

  /// Indexes `files` in order. Pages (HTML, text) are read, extracted and analysed a block at
  /// a time on every core while this thread adds the block before; record files (parallel
  /// inside), feeds and standard input go through file() here, in their place.
  void files(const std::vector<Input>& files) {
    // A block's text is bounded by its files' sizes (and the text cap): a prepared article
    // holds several times its text, so blocks of big files are short ones.
    std::vector<uint64_t> weights;
    weights.reserve(files.size());
    for (const auto& f : files) weights.push_back(f.error.ok() ? text_bound(f.path) : 0);
    const std::vector<size_t> ends = block_ends(weights, kBlockItems, kBlockTextBytes);
    auto prepare = [&files](size_t begin, size_t end) {
      std::vector<Slot> slots(end - begin);
      parallel_for(slots.size(), [&](size_t i) { slots[i] = prepare_file(files[begin + i]); });
      return slots;
    };
    std::future<std::vector<Slot>> next;
    if (!ends.empty()) next = std::async(std::launch::async, prepare, 0, ends[0]);
    for (size_t b = 0, begin = 0; b < ends.size(); begin = ends[b++]) {
      std::vector<Slot> slots = next.get();
      if (stopped()) break;
      if (b + 1 < ends.size()) next = std::async(std::launch::async, prepare, ends[b], ends[b + 1]);
      for (size_t i = 0; i < slots.size() && !stopped(); ++i) {
        const std::string& arg = files[begin + i].path;
        if (slots[i].later)
          file(arg);
        else if (slots[i].prepared)
          add(*slots[i].prepared, arg);
        else
          fail(arg, slots[i].error);
      }
    }
  }

  /// `arg`, or the files to index below it when it is a directory, appended to `out`. What
  /// cannot be read below it (a directory, a broken link that would be indexed) is an input that
  /// failed, never skipped in silence. A directory named as a file:// URL is read as its path
  /// is (it was "a directory", exit 4); one with nothing to index is a warning in `tally`.
  static void expand(const std::string& arg, std::vector<Input>& out, Tally& tally) {
    std::error_code ec;
    const std::string path = arg == "-" ? arg : local_path(arg);
    if (arg == "-" || !fs::is_directory(path, ec)) {
      out.push_back({arg, Status()});
      return;
    }
    auto indexed = [](fs::path name) {
      if (iequals_ascii(name.extension().string(), ".gz")) name = name.stem();  // read_input
      const std::string ext = to_lower_ascii(name.extension().string());
      static const char* const kExts[] = {".html", ".htm", ".txt",  ".jsonl", ".ndjson",
                                          ".json", ".rss", ".atom", ".rdf",   ".xml"};
      return std::find(std::begin(kExts), std::end(kExts), ext) != std::end(kExts);
    };
    std::vector<Input> found;
    std::vector<fs::path> dirs{fs::path(path)};  // a stack: no recursion however deep the tree
    while (!dirs.empty()) {
      const fs::path dir = std::move(dirs.back());
      dirs.pop_back();
      fs::directory_iterator it(dir, ec);
      for (; !ec && it != fs::directory_iterator(); it.increment(ec)) {
        const fs::directory_entry& e = *it;
        std::error_code fec;
        if (e.is_symlink(fec)) {
          if (!fs::exists(e.path(), fec)) {
            if (indexed(e.path().filename()))
              found.push_back(
                  {e.path().string(), Status(ErrorCode::kNotFound,
                                             "a broken symbolic link (to " +
                                                 fs::read_symlink(e.path(), fec).string() + ")",
                                             "remove the link or restore its target")});
            continue;
          }
          if (fs::is_directory(e.path(), fec)) continue;  // not followed: no loops
        } else if (e.is_directory(fec)) {
          dirs.push_back(e.path());
          continue;
        }
        if (e.is_regular_file(fec) && indexed(e.path().filename()))
          found.push_back({e.path().string(), Status()});
      }
      if (ec)
        found.push_back({dir.string(),
                         Status(ErrorCode::kNotFound, "cannot read the directory: " + ec.message(),
                                "check its permissions")});
      ec.clear();
    }
    if (found.empty())
      tally.warn(arg +
                 ": no file to index in the directory (byline reads .html, .htm, .txt, "
                 ".json, .jsonl, .ndjson, .rss, .atom, .rdf and .xml files, gzipped or not)");
    // A stable order gives stable copy groups; failures are listed in their place.
    std::sort(found.begin(), found.end(),
              [](const Input& a, const Input& b) { return a.path < b.path; });
    out.insert(out.end(), found.begin(), found.end());
  }

 private:
  IndexWriter& writer_;
  Tally& tally_;
  ProgressLine progress_;
  size_t pending_ = 0;
  Status fatal_;
};

}  // namespace

void add_index_command(CLI::App& app, Context& ctx) {
  auto* sub = app.add_subcommand("index",
                                 "Index local files: HTML articles, plain-text articles, feed "
                                 "files, JSON Lines of Article records");
  sub->footer(
      "Examples:\n"
      "  byline index samples/articles/            # every .html .htm .txt .json .jsonl .ndjson\n"
      "                                            # .rss .atom .rdf .xml file below\n"
      "  byline index crawl-dump/                  # page.html.gz and the like: read decompressed\n"
      "  byline index story.txt page.html\n"
      "  other-app --export | byline index -       # JSON Lines of Article records on stdin\n"
      "  byline extract page.html --format json > a.json && byline index a.json\n"
      "                                            # one record, or an array of them, as JSON\n"
      "Records keep their `id`; other inputs get one from their canonical URL, so indexing the\n"
      "same input twice adds nothing.\n\n"
      "Exit codes: 0 every input indexed; 10 some inputs failed (each listed); otherwise the\n"
      "code of the failure when every input failed (3 not found, 4 bad input, 7 locked); 12 no\n"
      "room to write (a full disk, a quota or a file size limit) and 9 a damaged index stop the\n"
      "run there, with what was committed before kept; 11 SIGINT, SIGTERM or SIGHUP stopped it:\n"
      "what was indexed is committed (a second signal quits at once).");
  auto inputs = std::make_shared<std::vector<std::string>>();
  auto wait = std::make_shared<bool>(false);
  sub->add_option("inputs", *inputs, "FILE, DIR or - (standard input)")
      ->required()
      ->check(a_name("a file, a folder or -"));
  sub->add_flag("--wait", *wait, "wait for another writer to release the index instead of failing");
  add_format_option(sub, ctx);
  sub->callback([&ctx, inputs, wait] {
    if (std::count(inputs->begin(), inputs->end(), "-") > 1) {
      ctx.exit_code = ctx.fail(Status(ErrorCode::kUsage, "- (standard input) is named twice",
                                      "standard input can be read once: name - once"));
      return;
    }
    IndexOptions opts;
    opts.wait_for_lock = *wait;
    opts.cancel = &stop_requested();  // a stop signal ends a wait for the lock
    // A stop while waiting for the lock is said by the wait's own error, alone.
    catch_stop_signals("");
    auto path = ctx.db_path();
    if (!path) {
      ctx.exit_code = ctx.fail(path.status());
      return;
    }
    auto writer = IndexWriter::open(*path, opts);
    set_stop_message(
        "byline: stopping: committing what was indexed (signal again to quit at once)\n");
    if (!writer.ok()) {
      ctx.exit_code = ctx.fail(writer.status());
      return;
    }
    Tally tally;
    Indexer indexer(**writer, tally, ctx.quiet);
    std::vector<Input> files;
    for (const auto& in : *inputs) Indexer::expand(in, files, tally);
    indexer.files(files);
    indexer.clear_progress();
    if (!indexer.fatal().ok()) {
      ctx.exit_code = ctx.fail(indexer.fatal());
      return;
    }
    if (Status s = indexer.commit(); !s.ok()) {
      ctx.exit_code = ctx.fail(s);
      return;
    }
    const Format f = parse_format(ctx.format);
    if (f == Format::kText) {
      if (!ctx.quiet)
        std::cerr << "indexed: " << tally.added << " added, " << tally.updated << " updated, "
                  << (tally.removed > 0 ? std::to_string(tally.removed) + " removed, " : "")
                  << tally.unchanged << " unchanged, " << tally.failed << " failed\n";
      for (const auto& e : tally.errors) std::cerr << "byline: " << term(e) << '\n';
      if (tally.errors_not_listed > 0)
        std::cerr << "byline: " << tally.errors_not_listed << " more failures not listed\n";
      for (const auto& w : tally.warnings) print_warning(w, ctx.quiet);
      if (tally.warnings_not_listed > 0)
        print_warning(std::to_string(tally.warnings_not_listed) + " more warnings not listed",
                      ctx.quiet);
    } else {
      nlohmann::ordered_json errors = nlohmann::ordered_json::array(),
                             warnings = nlohmann::ordered_json::array();
      for (const auto& e : tally.errors) errors.push_back(jstr(e));
      for (const auto& w : tally.warnings) warnings.push_back(jstr(w));
      print_json({{"added", tally.added},
                  {"updated", tally.updated},
                  {"removed", tally.removed},
                  {"unchanged", tally.unchanged},
                  {"failed", tally.failed},
                  {"errors", errors},
                  {"errors_not_listed", tally.errors_not_listed},
                  {"warnings", warnings},
                  {"warnings_not_listed", tally.warnings_not_listed}},
                 f);
    }
    if (stop_requested().load()) {
      // Indexing the same inputs again adds only what this run did not reach.
      std::cerr << "byline: stopped by a signal: what was indexed is kept; index the same inputs "
                   "again to go on (those indexed are unchanged)\n";
      ctx.exit_code = exit_code(ErrorCode::kInterrupted);
    } else if (tally.failed == 0) {
      ctx.exit_code = 0;
    } else if (tally.added + tally.updated + tally.removed + tally.unchanged > 0) {
      ctx.exit_code = exit_code(ErrorCode::kPartial);
    } else {
      ctx.exit_code = exit_code(tally.first_error.code());
    }
  });
}

}  // namespace byline::cli
