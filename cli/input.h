// cli/input.h: reading what users hand to byline (files, directories, stdin, URLs) into Articles.
#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "byline/article.h"
#include "byline/feed.h"
#include "byline/status.h"
#include "cli/input_stream.h"
#include "crawler/fetch.h"

namespace byline::cli {

/// Largest input file read whole; larger ones are refused with a clear error.
inline constexpr size_t kMaxInputBytes = 64u << 20;

/// What a file holds, from its name ("x.html.gz" as "x.html") and first bytes; a JSON Feed
/// (one object with jsonfeed.org's "version", however many lines) is a feed, other JSON is
/// JSON Lines of records.
enum class InputKind { kHtml, kText, kJsonl, kFeed, kOpml };
InputKind sniff_input(const std::string& name, std::string_view head);

/// Bytes of a path, a file:// URL or "-" (stdin), capped at kMaxInputBytes; gzip data is
/// decompressed (the cap applies to the decompressed bytes too); binary data (NUL bytes) is
/// refused as bad input.
Result<std::string> read_input(const std::string& path_or_file_url);
/// read_input in two steps, for inputs read a piece at a time (JSON Lines of any length): the
/// stream, after the checks read_input makes of the name ...
Result<std::unique_ptr<InputStream>> open_input(const std::string& path_or_file_url,
                                                const std::atomic<bool>* cancel = nullptr);
/// ... and the rest of it read onto `data` (what was read of it already) with read_input's cap
/// and binary check.
Status finish_input(InputStream& in, std::string& data);
/// kBadInput when `data`, what was read of `in`, is binary (looks_binary).
Status check_not_binary(const InputStream& in, std::string_view data);
/// The local path a path or file:// URL names ("-" stays "-"); a URL's percent-escapes are
/// decoded ("file:///tmp/a%20b.html" names "/tmp/a b.html").
std::string local_path(const std::string& path_or_file_url);
/// The URL of a local input, for base URLs and ids: crawler::file_url_for_path() of the path
/// it names (absolute, percent-encoded as a crawl reads it from a feed's link), so a file has
/// one URL (and id) whether named by path or by file:// URL, indexed or crawled; "" for "-".
std::string document_url(const std::string& path_or_file_url);
bool is_remote_url(const std::string& s);
/// True when `s` starts like a URL ("javascript:", "mailto:", "ftp:"): a scheme of two
/// characters or more, then ':'.
bool has_url_scheme(const std::string& s);
/// True for a URL of a scheme byline does not read ("javascript:x", "ftp://h/f") that names no
/// file either: a typo or a hostile list's, said as such rather than "no such file". Without
/// "//", only the schemes pages link with (javascript:, data:, mailto:, tel:, ...).
bool is_unread_url(const std::string& s);

/// Bytes of one input and what is known of them.
struct Document {
  std::string bytes;
  std::string url;               ///< base for relative links and fallback id ("" for stdin)
  std::string content_type;      ///< HTTP Content-Type when fetched: charset, and HTML vs text
  std::string content_language;  ///< HTTP Content-Language when fetched
};

/// Reads a file, a file:// URL or "-", or fetches an http(s) URL with the crawler's limits and
/// address policy (private networks refused unless allowed).
Result<Document> load_document(const std::string& path_or_url,
                               const crawler::FetchOptions& fetch = {});

/// The article a document holds: the server's content type first, then the bytes decide between
/// an HTML page, a plain-text article and one JSON record. `name` is for messages and sniffing.
/// A local (file://) text article gets no URL: `byline index` derives its id from its text.
/// `warnings`: what of a JSON record was left out (article_from_json).
Result<Article> article_from_document(const std::string& name, const Document& doc,
                                      std::vector<std::string>* warnings = nullptr);

/// load_document + article_from_document.
Result<Article> load_article(const std::string& path_or_url,
                             const crawler::FetchOptions& fetch = {});

/// An Article from a feed entry: the entry's own text, when the linked page is not fetched.
/// Records written as one JSON document over many lines rather than as JSON Lines: a record
/// pretty-printed (what `byline extract --format json` prints) or an array of records, each
/// returned as its JSON text (a document that is not JSON is one record, refused once).
/// Nullopt for JSON Lines.
std::optional<std::vector<std::string>> json_document_records(std::string_view data);

/// Whether an input that starts with `head` is JSON Lines to read a line at a time: its first
/// line is there whole, one JSON object on its own, and no JSON Feed. False when it is one
/// JSON document over many lines, and when more must be read to tell.
bool streams_as_json_lines(std::string_view head);

/// The article a feed entry is. Without `with_text`, its metadata only (no sections, and the
/// language as tagged): for a crawl that reads the entry's page and needs the rest only when
/// the page fails (the text's sections and language detection are the costly part).
Article article_from_entry(const FeedEntry& entry, const ParsedFeed& feed,
                           const std::string& feed_url, bool with_text = true);

}  // namespace byline::cli
