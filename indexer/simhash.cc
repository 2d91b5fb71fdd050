#include "indexer/simhash.h"

#include <bit>
#include <vector>

namespace byline {

namespace {
constexpr uint64_t kFnvOffset = 1469598103934665603ULL;
constexpr uint64_t kFnvPrime = 1099511628211ULL;
}  // namespace

uint64_t fnv1a64(std::string_view s) {
  uint64_t h = kFnvOffset;
  for (unsigned char c : s) {
    h ^= c;
    h *= kFnvPrime;
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
// A byte of a word: an ASCII letter or digit, or any byte of a multi-byte UTF-8 character.
constexpr bool is_word_byte(unsigned char c) {
  return c >= 0x80 || (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
}
constexpr unsigned char ascii_lower(unsigned char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<unsigned char>(c | 0x20) : c;
}

// The code point of the multi-byte UTF-8 character at text[i], and its length in `len`.
uint32_t code_point_at(std::string_view text, size_t i, size_t& len) {
  const auto c = static_cast<unsigned char>(text[i]);
  len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
  uint32_t cp = len == 1 ? c : c & (0x7Fu >> len);
  for (size_t k = 1; k < len && i + k < text.size(); ++k)
    cp = (cp << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3F);
  return cp;
}

// Chinese, Japanese and Korean characters, each a word of its own: those scripts put no space
// between words, and a sentence read as one word gave a story too few words to fingerprint.
bool is_cjk_letter(uint32_t cp) {
  return (cp >= 0x3040 && cp <= 0x9FFF) || (cp >= 0xAC00 && cp <= 0xD7AF) ||
         (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0xFF66 && cp <= 0xFF9F) ||
         (cp >= 0x20000 && cp <= 0x2FA1F);
}

// Their punctuation (、。「」 and the full-width forms ，！？：), which separates words.
bool is_cjk_punctuation(uint32_t cp) {
  return (cp >= 0x3000 && cp <= 0x303F) || (cp >= 0xFF00 && cp <= 0xFF0F) ||
         (cp >= 0xFF1A && cp <= 0xFF20) || (cp >= 0xFF3B && cp <= 0xFF40) ||
         (cp >= 0xFF5B && cp <= 0xFF65);
}
// Words hashed as they are read (FNV-1a of the lower-cased word, as fnv1a64 would give): ASCII
// letters and digits, and every other character but those `separates` names, joined; a Chinese,
// Japanese or Korean character is a word of its own.
template <typename Separates>
std::vector<uint64_t> hash_words(std::string_view text, Separates separates) {
  std::vector<uint64_t> words;
  words.reserve(text.size() / 6);
  uint64_t h = kFnvOffset;
  bool in_word = false;
  auto end_word = [&] {
    if (in_word) words.push_back(h);
    h = kFnvOffset;
    in_word = false;
  };
  for (size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      if (is_word_byte(c)) {
        h = (h ^ ascii_lower(c)) * kFnvPrime;
        in_word = true;
      } else {
        end_word();
      }
      ++i;
      continue;
    }
    size_t len = 1;
    uint32_t cp = code_point_at(text, i, len);
    len = std::min(len, text.size() - i);
    // A stray byte is a character of its own (a byte that begins none, or a sequence cut short).
    for (size_t k = 1; k < len; ++k)
      if ((static_cast<unsigned char>(text[i + k]) & 0xC0) != 0x80) {
        len = 1;
        cp = c;
        break;
      }
    const bool cjk = is_cjk_letter(cp);
    if (separates(cp) || cjk) end_word();
    if (!separates(cp)) {
      for (size_t k = 0; k < len; ++k)
        h = (h ^ static_cast<unsigned char>(text[i + k])) * kFnvPrime;
      in_word = true;
      if (cjk) end_word();
    }
    i += len;
  }
  end_word();
  return words;
}
}  // namespace

std::vector<uint64_t> simhash_words(std::string_view text) {
  return hash_words(text, is_cjk_punctuation);
}

size_t count_cjk_letters(std::string_view text) {
  size_t n = 0;
  for (size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c < 0xE3 || c > 0xF0) {
      ++i;
      continue;
    }
    size_t len = 1;
    n += is_cjk_letter(code_point_at(text, i, len));
    i += len;
  }
  return n;
}

namespace {
uint64_t simhash_of_words(const std::vector<uint64_t>& words) {
  if (words.empty()) return 0;
  // Per bit, how many shingles set it; a bit of the result is set where most shingles set it.
  // (Counting ones, not +1/-1, lets the compiler vectorise the loop; the result is the same.)
  uint32_t ones[64] = {};
  const size_t n = words.size() < 3 ? 1 : words.size() - 2;
  for (size_t i = 0; i < n; ++i) {
    uint64_t x = words[i];
    for (size_t k = 1; k < 3 && i + k < words.size(); ++k) x = mix(x ^ (words[i + k] * (k + 1)));
    x = mix(x);
    for (int b = 0; b < 64; ++b) ones[b] += static_cast<uint32_t>((x >> b) & 1);
  }
  uint64_t out = 0;
  for (int b = 0; b < 64; ++b)
    if (2 * static_cast<uint64_t>(ones[b]) > n) out |= 1ULL << b;
  return out;
}
}  // namespace

uint64_t simhash64(std::string_view text) { return simhash_of_words(simhash_words(text)); }

int hamming_distance(uint64_t a, uint64_t b) { return std::popcount(a ^ b); }

namespace {

// Code points that separate words for MinHash: Latin-1 punctuation and symbols, the General
// Punctuation block (curly quotes, dashes, ellipsis), and CJK punctuation.
bool is_separator(uint32_t cp) {
  return (cp >= 0xA0 && cp <= 0xBF && cp != 0xAA && cp != 0xB5 && cp != 0xBA) || cp == 0xD7 ||
         cp == 0xF7 || (cp >= 0x2000 && cp <= 0x206F) || (cp >= 0x3000 && cp <= 0x303F) ||
         cp == 0xFEFF;
}

// FNV-1a of each word, letters and digits only, ASCII case-folded.
std::vector<uint64_t> minhash_words(std::string_view text) {
  return hash_words(text, [](uint32_t cp) { return is_separator(cp) || is_cjk_punctuation(cp); });
}

}  // namespace

MinHash minhash(std::string_view text) {
  MinHash sig;
  sig.fill(UINT32_MAX);
  const std::vector<uint64_t> words = minhash_words(text);
  if (words.empty()) return sig;
  // Row r's hash of a shingle: the high half of (a_r * x + b_r) with odd a_r, from one mixed
  // 64-bit value per shingle (a multiply-shift family: fast, and enough for estimates).
  static const auto kCoefficients = [] {
    std::array<std::pair<uint64_t, uint64_t>, kMinHashRows * kMinHashBands> c{};
    uint64_t seed = 0x6279746c696e65ULL;  // "byline"
    for (auto& [a, b] : c) {
      a = mix(seed += 0x9e3779b97f4a7c15ULL) | 1;
      b = mix(seed += 0x9e3779b97f4a7c15ULL);
    }
    return c;
  }();
  const size_t n = words.size() < 3 ? 1 : words.size() - 2;
  for (size_t i = 0; i < n; ++i) {
    uint64_t x = words[i];
    for (size_t k = 1; k < 3 && i + k < words.size(); ++k) x = mix(x ^ (words[i + k] * (k + 1)));
    x = mix(x);
    for (size_t r = 0; r < sig.size(); ++r) {
      const auto v =
          static_cast<uint32_t>((kCoefficients[r].first * x + kCoefficients[r].second) >> 32);
      if (v < sig[r]) sig[r] = v;
    }
  }
  return sig;
}

double minhash_similarity(const MinHash& a, const MinHash& b) {
  size_t same = 0;
  for (size_t r = 0; r < a.size(); ++r) same += a[r] == b[r];
  return static_cast<double>(same) / static_cast<double>(a.size());
}

bool confirmed_copy(const std::optional<MinHash>& a, const std::optional<MinHash>& b) {
  return !a || !b || minhash_similarity(*a, *b) >= kCopyConfirmJaccard;
}

std::string encode_minhash(const MinHash& sig) {
  std::string out;
  out.reserve(sig.size() * 4);
  for (uint32_t v : sig)
    for (int shift = 24; shift >= 0; shift -= 8) out += static_cast<char>((v >> shift) & 0xFF);
  return out;
}

std::optional<MinHash> decode_minhash(std::string_view bytes) {
  MinHash sig;
  if (bytes.size() != sig.size() * 4) return std::nullopt;
  for (size_t r = 0; r < sig.size(); ++r) {
    uint32_t v = 0;
    for (size_t k = 0; k < 4; ++k) v = (v << 8) | static_cast<unsigned char>(bytes[r * 4 + k]);
    sig[r] = v;
  }
  return sig;
}

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
