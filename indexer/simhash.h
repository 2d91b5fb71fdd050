// indexer/simhash.h: 64-bit SimHash fingerprints for near-duplicate (syndicated copy) detection.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace byline {

/// SimHash over word 3-shingles of `text` (case-folded ASCII, other bytes kept): copies of one
/// wire story differ in a few bits, unrelated texts in about 32.
uint64_t simhash64(std::string_view text);
int hamming_distance(uint64_t a, uint64_t b);
/// Two fingerprints this close (in bits) mark copies of one text.
inline constexpr int kNearDuplicateBits = 3;
/// The four 16-bit bands of a fingerprint: two fingerprints within 3 bits share at least one band
/// exactly (pigeonhole), so band terms find near-duplicate candidates with one OR query.
std::array<std::string, 4> simhash_band_terms(uint64_t hash);
std::string encode_u64(uint64_t v);           ///< 8 bytes, big-endian
uint64_t decode_u64(std::string_view bytes);  ///< 0 when not 8 bytes
/// FNV-1a, 64-bit: stable across platforms and releases (ids depend on it).
uint64_t fnv1a64(std::string_view s);

}  // namespace byline
