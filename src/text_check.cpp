#include "text_check.hpp"

#include <chibo/unicode.hpp>

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#define CHIBO_AVX2_KERNEL 1
#endif

#include <cstdint>
#include <cstring>

namespace chibo::detail {

TextCheck check_text_scalar(std::string_view text) noexcept {
  TextCheck out;
  out.utf8 = is_valid_utf8_scalar(text, nullptr);
  out.plainly_nfc = out.utf8 && is_plainly_nfc(text);
  return out;
}

#if defined(CHIBO_AVX2_KERNEL)
namespace {

#define CHIBO_AVX2 __attribute__((target("avx2")))

// Error bits of the lookup method: each names a way a pair of bytes (the one before, this one)
// breaks table 3-7. A pair is bad when the three lookups (high nibble of the byte before, its
// low nibble, high nibble of this byte) share a bit.
constexpr std::uint8_t too_short = 1 << 0;   // a lead or ASCII where a continuation must come
constexpr std::uint8_t too_long = 1 << 1;    // a continuation after ASCII
constexpr std::uint8_t overlong_3 = 1 << 2;  // E0 80..9F
constexpr std::uint8_t too_large = 1 << 3;   // past U+10FFFF
constexpr std::uint8_t surrogate = 1 << 4;   // ED A0..BF
constexpr std::uint8_t overlong_2 = 1 << 5;  // C0, C1
constexpr std::uint8_t too_large_1000 = 1 << 6;
constexpr std::uint8_t overlong_4 = 1 << 6;  // F0 80..8F
constexpr std::uint8_t two_conts = 1 << 7;   // a continuation after a continuation (unless 3rd/4th)
constexpr std::uint8_t carry = too_short | too_long | two_conts;

constexpr std::uint8_t byte_1_high[16] = {
    too_long,
    too_long,
    too_long,
    too_long,
    too_long,
    too_long,
    too_long,
    too_long,  // ASCII
    two_conts,
    two_conts,
    two_conts,
    two_conts,                                            // continuation
    too_short | overlong_2,                               // C0..CF
    too_short,                                            // D0..DF
    too_short | overlong_3 | surrogate,                   // E0..EF
    too_short | too_large | too_large_1000 | overlong_4,  // F0..FF
};
constexpr std::uint8_t byte_1_low[16] = {
    carry | overlong_3 | overlong_2 | overlong_4,
    carry | overlong_2,
    carry,
    carry,
    carry | too_large,
    carry | too_large | too_large_1000,
    carry | too_large | too_large_1000,
    carry | too_large | too_large_1000,
    carry | too_large | too_large_1000,
    carry | too_large | too_large_1000,
    carry | too_large | too_large_1000,
    carry | too_large | too_large_1000,
    carry | too_large | too_large_1000,
    carry | too_large | too_large_1000 | surrogate,  // ED
    carry | too_large | too_large_1000,
    carry | too_large | too_large_1000,
};
constexpr std::uint8_t byte_2_high[16] = {
    too_short,
    too_short,
    too_short,
    too_short,
    too_short,
    too_short,
    too_short,
    too_short,
    too_long | overlong_2 | two_conts | overlong_3 | too_large_1000 | overlong_4,  // 80..8F
    too_long | overlong_2 | two_conts | overlong_3 | too_large,                    // 90..9F
    too_long | overlong_2 | two_conts | surrogate | too_large,                     // A0..AF
    too_long | overlong_2 | two_conts | surrogate | too_large,                     // B0..BF
    too_short,
    too_short,
    too_short,
    too_short,
};
// A block ending in the first bytes of a sequence continues in the next one.
constexpr std::uint8_t incomplete_above[32] = {
    255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255,  255,  255,
    255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 0xEF, 0xDF, 0xBF,
};

CHIBO_AVX2 inline __m256i table(const std::uint8_t (&t)[16]) {
  return _mm256_broadcastsi128_si256(_mm_loadu_si128(reinterpret_cast<const __m128i*>(t)));
}

/// The bytes of `input` moved up by N, the first N being the last of `prev`.
template <int N>
CHIBO_AVX2 inline __m256i before(__m256i input, __m256i prev) {
  return _mm256_alignr_epi8(input, _mm256_permute2x128_si256(prev, input, 0x21), 16 - N);
}

CHIBO_AVX2 TextCheck check_text_avx2(std::string_view text) noexcept {
  const __m256i t1 = table(byte_1_high), t2 = table(byte_1_low), t3 = table(byte_2_high);
  const __m256i nibble = _mm256_set1_epi8(0x0F);
  const __m256i incomplete = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(incomplete_above));
  const __m256i lead_cc = _mm256_set1_epi8(static_cast<char>(0xCC)),
                e1 = _mm256_set1_epi8(static_cast<char>(0xE1));
  const __m256i b8 = _mm256_set1_epi8(static_cast<char>(0xB8)), three = _mm256_set1_epi8(3);
  __m256i error = _mm256_setzero_si256(), not_plain = _mm256_setzero_si256();
  __m256i prev_input = _mm256_setzero_si256(), prev_incomplete = _mm256_setzero_si256();

  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  const std::size_t n = text.size();
  unsigned char tail[32];
  for (std::size_t at = 0; at < n; at += 32) {
    const unsigned char* block = p + at;
    if (n - at < 32) {  // zeros are ASCII: a sequence cut by the end is too short
      std::memset(tail, 0, sizeof tail);
      std::memcpy(tail, block, n - at);
      block = tail;
    }
    const __m256i input = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(block));
    if (_mm256_movemask_epi8(input) == 0) {  // ASCII: only an unfinished sequence before is wrong
      error = _mm256_or_si256(error, prev_incomplete);
      prev_incomplete = _mm256_setzero_si256();
      prev_input = input;
      continue;
    }
    const __m256i prev1 = before<1>(input, prev_input);
    const __m256i high1 = _mm256_and_si256(_mm256_srli_epi16(prev1, 4), nibble);
    const __m256i low1 = _mm256_and_si256(prev1, nibble);
    const __m256i high2 = _mm256_and_si256(_mm256_srli_epi16(input, 4), nibble);
    const __m256i special =
        _mm256_and_si256(_mm256_and_si256(_mm256_shuffle_epi8(t1, high1), _mm256_shuffle_epi8(t2, low1)),
                         _mm256_shuffle_epi8(t3, high2));
    // Third and fourth bytes of a sequence are continuations that the pair test calls two_conts.
    const __m256i third = _mm256_subs_epu8(before<2>(input, prev_input), _mm256_set1_epi8(0xE0 - 0x80));
    const __m256i fourth = _mm256_subs_epu8(before<3>(input, prev_input), _mm256_set1_epi8(0xF0 - 0x80));
    const __m256i must_continue =
        _mm256_and_si256(_mm256_or_si256(third, fourth), _mm256_set1_epi8(static_cast<char>(0x80)));
    error = _mm256_or_si256(error, _mm256_xor_si256(must_continue, special));
    prev_incomplete = _mm256_subs_epu8(input, incomplete);
    // Plainly NFC: no lead byte from CC up but E1, and E1 only before B8..BB (U+1E00–U+1EFF).
    const __m256i at_least_cc = _mm256_cmpeq_epi8(_mm256_max_epu8(input, lead_cc), input);
    const __m256i is_e1 = _mm256_cmpeq_epi8(input, e1);
    const __m256i offset = _mm256_sub_epi8(input, b8);
    const __m256i in_b8_bb = _mm256_cmpeq_epi8(_mm256_min_epu8(offset, three), offset);
    const __m256i after_e1 = _mm256_cmpeq_epi8(prev1, e1);
    not_plain = _mm256_or_si256(not_plain, _mm256_andnot_si256(is_e1, at_least_cc));
    not_plain = _mm256_or_si256(not_plain, _mm256_andnot_si256(in_b8_bb, after_e1));
    prev_input = input;
  }
  error = _mm256_or_si256(error, prev_incomplete);
  TextCheck out;
  out.utf8 = _mm256_testz_si256(error, error);
  out.plainly_nfc = out.utf8 && _mm256_testz_si256(not_plain, not_plain);
  return out;
}

#undef CHIBO_AVX2

}  // namespace
#endif

TextCheck check_text(std::string_view text) noexcept {
#if defined(CHIBO_AVX2_KERNEL)
  static const bool avx2 = __builtin_cpu_supports("avx2");
  if (avx2) return check_text_avx2(text);
#endif
  return check_text_scalar(text);
}

}  // namespace chibo::detail
