// Small AVX2-level helpers shared by the x86 kernel files. Include it after the file's
// `#pragma clang attribute push(target(...))`, so the helpers compile for that file's path.
#ifndef LOUPE_X86_HELPERS_H
#define LOUPE_X86_HELPERS_H
#include <immintrin.h>
#include <stdint.h>
#include "blocks.h"

#define INLINE static inline __attribute__((always_inline))

INLINE float h2f(uint16_t h) { return _cvtsh_ss(h); }

INLINE float hsum4(__m128 x) {
    x = _mm_add_ps(x, _mm_movehl_ps(x, x));
    x = _mm_add_ss(x, _mm_movehdup_ps(x));
    return _mm_cvtss_f32(x);
}

INLINE float hsum8(__m256 v) {
    return hsum4(_mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1)));
}

// 32 nibbles of a 32-block: elements 0..15 from the low nibbles, 16..31 from the high ones.
INLINE __m256i unpack_nibbles(const uint8_t *qs) {
    const __m128i packed = _mm_loadu_si128((const __m128i *)qs);
    const __m128i mask = _mm_set1_epi8(0x0F);
    return _mm256_set_m128i(_mm_and_si128(_mm_srli_epi16(packed, 4), mask), _mm_and_si128(packed, mask));
}

// 0xFF in byte i where bit i of the 32-bit word is set, else 0.
INLINE __m256i bits_to_bytes(uint32_t bits) {
    const __m256i spread = _mm256_shuffle_epi8(_mm256_set1_epi32((int)bits),
        _mm256_setr_epi64x(0x0000000000000000, 0x0101010101010101, 0x0202020202020202, 0x0303030303030303));
    const __m256i others = _mm256_or_si256(spread, _mm256_set1_epi64x(0x7fbfdfeff7fbfdfe));
    return _mm256_cmpeq_epi8(others, _mm256_set1_epi64x(-1));
}

// Six-bit scales (bytes 0..7 of the result) and mins (8..15) of a Q4_K/Q5_K block, from the
// 12-byte table loupe_k_scale_min reads one at a time.
INLINE __m128i k_scales_and_mins(const uint8_t *packed) {
    const uint32_t w0 = loupe_load_u32(packed), w1 = loupe_load_u32(packed + 4), w2 = loupe_load_u32(packed + 8);
    const uint32_t scales_lo = w0 & 0x3f3f3f3f, mins_lo = w1 & 0x3f3f3f3f;
    const uint32_t scales_hi = (w2 & 0x0f0f0f0f) | ((w0 >> 2) & 0x30303030);
    const uint32_t mins_hi = ((w2 >> 4) & 0x0f0f0f0f) | ((w1 >> 2) & 0x30303030);
    return _mm_setr_epi32((int)scales_lo, (int)scales_hi, (int)mins_lo, (int)mins_hi);
}

#endif
