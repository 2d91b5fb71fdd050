#include "indexer/simhash.h"

#include <bit>
#include <cctype>
#include <vector>

namespace byline {

uint64_t fnv1a64(std::string_view s) {
  uint64_t h = 1469598103934665603ULL;
  for (unsigned char c : s) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  return h;
}

namespace {
// splitmix64 finaliser: spreads FNV's weak low bits over all 64.
uint64_t mix(uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}
}  // namespace

uint64_t simhash64(std::string_view text) {
  std::vector<uint64_t> words;
  std::string w;
  auto flush = [&] {
    if (!w.empty()) words.push_back(fnv1a64(w));
    w.clear();
  };
  for (unsigned char c : text) {
    if (std::isalnum(c) || c >= 0x80) {
      w += static_cast<char>(std::tolower(c));
    } else {
      flush();
    }
  }
  flush();
  if (words.empty()) return 0;
  int counts[64] = {};
  const size_t n = words.size() < 3 ? 1 : words.size() - 2;
  for (size_t i = 0; i < n; ++i) {
    uint64_t h = words[i];
    for (size_t k = 1; k < 3 && i + k < words.size(); ++k) h = mix(h ^ (words[i + k] * (k + 1)));
    h = mix(h);
    for (int b = 0; b < 64; ++b) counts[b] += (h >> b) & 1 ? 1 : -1;
  }
  uint64_t out = 0;
  for (int b = 0; b < 64; ++b)
    if (counts[b] > 0) out |= 1ULL << b;
  return out;
}

int hamming_distance(uint64_t a, uint64_t b) { return std::popcount(a ^ b); }

std::array<std::string, 4> simhash_band_terms(uint64_t hash) {
  static const char kHex[] = "0123456789abcdef";
  std::array<std::string, 4> out;
  for (int band = 0; band < 4; ++band) {
    const auto v = static_cast<unsigned>((hash >> (band * 16)) & 0xFFFF);
    std::string t = "XSH";
    t += static_cast<char>('0' + band);
    for (int k = 3; k >= 0; --k) t += kHex[(v >> (k * 4)) & 0xF];
    out[band] = std::move(t);
  }
  return out;
}

std::string encode_u64(uint64_t v) {
  std::string s(8, '\0');
  for (int i = 7; i >= 0; --i, v >>= 8) s[i] = static_cast<char>(v & 0xFF);
  return s;
}

uint64_t decode_u64(std::string_view b) {
  if (b.size() != 8) return 0;
  uint64_t v = 0;
  for (unsigned char c : b) v = (v << 8) | c;
  return v;
}

}  // namespace byline
