// indexer/simhash.h: 64-bit SimHash fingerprints for near-duplicate (syndicated copy) detection.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace byline {

/// SimHash over word 3-shingles of `text` (case-folded ASCII, other bytes kept): copies of one
/// wire story differ in a few bits, unrelated texts in about 32.
uint64_t simhash64(std::string_view text);
/// The words simhash64() reads, hashed: runs of letters and digits (and of other characters
/// but Chinese, Japanese and Korean ones, each a word of its own). How many a text has is how
/// long it is for copy detection (analyzer.cc).
std::vector<uint64_t> simhash_words(std::string_view text);
/// How many Chinese, Japanese and Korean characters `text` has (each a word to SimHash).
size_t count_cjk_letters(std::string_view text);
int hamming_distance(uint64_t a, uint64_t b);
/// Two fingerprints this close (in bits) mark copies of one text.
inline constexpr int kNearDuplicateBits = 3;
/// The four 16-bit bands of a fingerprint: two fingerprints within 3 bits share at least one band
/// exactly (pigeonhole), so band terms find near-duplicate candidates with one OR query.
std::array<std::string, 4> simhash_band_terms(uint64_t hash);

/// MinHash over word 3-shingles, for copies that differ in more than a few SimHash bits (a
/// dateline, "(AP)", a closing line, curly or straight quotes): words are letters and digits
/// only, any punctuation (ASCII or Unicode) between them. 36 rows (kept as 12 bands of 3, so
/// band terms can find candidates later).
inline constexpr int kMinHashRows = 3;
inline constexpr int kMinHashBands = 12;
using MinHash = std::array<uint32_t, kMinHashRows * kMinHashBands>;
MinHash minhash(std::string_view text);
/// The estimated Jaccard of two signatures: the share of rows that agree.
double minhash_similarity(const MinHash& a, const MinHash& b);
/// Two signatures this similar mark copies of one text. The story set's labelled wire copies
/// overlap by 0.54-0.98 and other coverage of one story by up to 0.58: 0.7 leaves the latter
/// alone whatever the estimate's error (36 rows: about 0.08).
inline constexpr double kNearDuplicateJaccard = 0.7;
/// Whether fingerprints within kNearDuplicateBits mark copies: only when the signatures agree
/// too, on kCopyConfirmJaccard of the rows, if both texts have one (30+ words). Template-written
/// stories ("X announced the Y plans on Monday, linking A to B ...") come within 3 SimHash bits
/// with a Jaccard of 0.25-0.4, and one of them was hidden from search as the other's copy.
/// Copies within 3 bits agree on 0.9 and more, but a short one's closing line ("The Associated
/// Press contributed to this report.") costs a 32-word story a fifth of its shingles, and the
/// estimate's error (about 0.08) took such a copy below kNearDuplicateJaccard.
inline constexpr double kCopyConfirmJaccard = 0.5;
bool confirmed_copy(const std::optional<MinHash>& a, const std::optional<MinHash>& b);
std::string encode_minhash(const MinHash& sig);  ///< 4 bytes a row, big-endian
/// nullopt when `bytes` is no encoded signature (a document indexed before MinHash).
std::optional<MinHash> decode_minhash(std::string_view bytes);

std::string encode_u64(uint64_t v);           ///< 8 bytes, big-endian
uint64_t decode_u64(std::string_view bytes);  ///< 0 when not 8 bytes
/// FNV-1a, 64-bit: stable across platforms and releases (ids depend on it).
uint64_t fnv1a64(std::string_view s);

}  // namespace byline
