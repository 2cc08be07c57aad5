// AVX2 register-tiled integer products (x86-64 CPUs without AVX-512 VNNI): the same tiles and the
// same float order per output as gemm_avx512.c (ggml's x86 dot products: eight int32 lanes per
// block, one fused-multiply-add accumulator), with the products formed by maddubs + madd and
// smaller tiles for the 16 registers. The path's dot kernels for these types are the 1 x 1 tile.
#if defined(__x86_64__)
#pragma clang attribute push(__attribute__((target("avx2,fma,f16c"))), apply_to = function)
#include <immintrin.h>
#include "CKernels.h"
#include "blocks.h"
#include "kernels_internal.h"
#include "x86_helpers.h"

enum { ROWS_32 = 2, COLS_32 = 4, ROWS_K = 2, COLS_K = 2 };

// The 32 weights of a block as signed bytes.
INLINE __m256i q8_0_signed(const void *b) { return _mm256_loadu_si256((const __m256i *)((const block_q8_0 *)b)->qs); }
INLINE __m256i q5_0_signed(const void *b) {
    // q - 16: the nibble where the fifth bit is set, the nibble | 0xF0 (negative) where it is not.
    const block_q5_0 *block = b;
    const __m256i high = _mm256_andnot_si256(bits_to_bytes(loupe_load_u32(block->qh)), _mm256_set1_epi8((char)0xF0));
    return _mm256_or_si256(unpack_nibbles(block->qs), high);
}
INLINE __m256i q4_0_signed(const void *b) {
    return _mm256_sub_epi8(unpack_nibbles(((const block_q4_0 *)b)->qs), _mm256_set1_epi8(8));
}

INLINE float block_scale(const void *b) { uint16_t d; memcpy(&d, b, 2); return h2f(d); }

// maddubs needs an unsigned operand: |x| against y with x's signs moved onto it.
#define Q32_TILE(NAME, BLOCK, SIGNED)                                                                       \
    INLINE void NAME##_body(int rows, int cols, int64_t nb, const uint8_t *w, size_t ws,                    \
                            const uint8_t *a, size_t as, float *out, size_t os) {                          \
        __m256 acc[ROWS_32][COLS_32];                                                                       \
        for (int r = 0; r < rows; r++)                                                                      \
            for (int j = 0; j < cols; j++) acc[r][j] = _mm256_setzero_ps();                                 \
        const __m256i ones = _mm256_set1_epi16(1);                                                          \
        for (int64_t b = 0; b < nb; b++) {                                                                  \
            __m256i y[COLS_32];                                                                             \
            __m256 da[COLS_32];                                                                             \
            for (int j = 0; j < cols; j++) {                                                                \
                const block_q8_0 *ab = (const block_q8_0 *)(a + j * as) + b;                                \
                y[j] = _mm256_loadu_si256((const __m256i *)ab->qs);                                         \
                da[j] = _mm256_set1_ps(h2f(ab->d));                                                         \
            }                                                                                               \
            for (int r = 0; r < rows; r++) {                                                                \
                const BLOCK *wb = (const BLOCK *)(w + r * ws) + b;                                          \
                const __m256i x = SIGNED(wb), magnitude = _mm256_sign_epi8(x, x);                           \
                const __m256 dw = _mm256_set1_ps(block_scale(wb));                                          \
                for (int j = 0; j < cols; j++) {                                                            \
                    const __m256i pairs = _mm256_maddubs_epi16(magnitude, _mm256_sign_epi8(y[j], x));       \
                    const __m256i lanes = _mm256_madd_epi16(pairs, ones);                                   \
                    acc[r][j] = _mm256_fmadd_ps(_mm256_mul_ps(dw, da[j]), _mm256_cvtepi32_ps(lanes), acc[r][j]); \
                }                                                                                           \
            }                                                                                               \
        }                                                                                                   \
        for (int r = 0; r < rows; r++)                                                                      \
            for (int j = 0; j < cols; j++) out[j * os + r] = hsum8(acc[r][j]);                              \
    }

Q32_TILE(q8_0, block_q8_0, q8_0_signed)
Q32_TILE(q5_0, block_q5_0, q5_0_signed)
Q32_TILE(q4_0, block_q4_0, q4_0_signed)

INLINE void q4_K_body(int rows, int cols, int64_t nb, const uint8_t *w, size_t ws,
                      const uint8_t *a, size_t as, float *out, size_t os) {
    __m256 acc[ROWS_K][COLS_K];
    __m128 acc_min[ROWS_K][COLS_K];
    for (int r = 0; r < rows; r++)
        for (int j = 0; j < cols; j++) { acc[r][j] = _mm256_setzero_ps(); acc_min[r][j] = _mm_setzero_ps(); }
    const __m256i nibble = _mm256_set1_epi8(0x0F);
    for (int64_t b = 0; b < nb; b++) {
        __m128i group_sums[COLS_K];
        float da[COLS_K];
        for (int j = 0; j < cols; j++) {
            const block_q8_K *ab = (const block_q8_K *)(a + j * as) + b;
            group_sums[j] = _mm_hadd_epi16(_mm_loadu_si128((const __m128i *)ab->bsums), _mm_loadu_si128((const __m128i *)ab->bsums + 1));
            da[j] = ab->d;
        }
        __m256i scales[ROWS_K];   // the eight scale words in both 128-bit lanes
        __m256i sums[ROWS_K][COLS_K];
        for (int r = 0; r < rows; r++) {
            const block_q4_K *wb = (const block_q4_K *)(w + r * ws) + b;
            const __m256i words = _mm256_cvtepu8_epi16(k_scales_and_mins(wb->scales));
            scales[r] = _mm256_permute2x128_si256(words, words, 0x00);
            const __m128i mins = _mm256_extracti128_si256(words, 1);
            const float dmin = h2f(wb->dmin);
            for (int j = 0; j < cols; j++) {
                sums[r][j] = _mm256_setzero_si256();
                const __m128i products = _mm_madd_epi16(mins, group_sums[j]);
                acc_min[r][j] = _mm_fmadd_ps(_mm_set1_ps(-da[j] * dmin), _mm_cvtepi32_ps(products), acc_min[r][j]);
            }
        }
        for (int s = 0; s < 8; s++) {
            __m256i y[COLS_K];
            for (int j = 0; j < cols; j++)
                y[j] = _mm256_loadu_si256((const __m256i *)(((const block_q8_K *)(a + j * as) + b)->qs + 32 * s));
            const __m256i pick = _mm256_set1_epi16((short)((2 * s + 1) << 8 | 2 * s));
            for (int r = 0; r < rows; r++) {
                const block_q4_K *wb = (const block_q4_K *)(w + r * ws) + b;
                const __m256i packed = _mm256_loadu_si256((const __m256i *)(wb->qs + 32 * (s / 2)));
                const __m256i q = s % 2 == 0 ? _mm256_and_si256(packed, nibble) : _mm256_and_si256(_mm256_srli_epi16(packed, 4), nibble);
                const __m256i scale = _mm256_shuffle_epi8(scales[r], pick);
                for (int j = 0; j < cols; j++)
                    sums[r][j] = _mm256_add_epi32(sums[r][j], _mm256_madd_epi16(_mm256_maddubs_epi16(q, y[j]), scale));
            }
        }
        for (int r = 0; r < rows; r++) {
            const float dw = h2f(((const block_q4_K *)(w + r * ws) + b)->d);
            for (int j = 0; j < cols; j++)
                acc[r][j] = _mm256_fmadd_ps(_mm256_set1_ps(da[j] * dw), _mm256_cvtepi32_ps(sums[r][j]), acc[r][j]);
        }
    }
    for (int r = 0; r < rows; r++)
        for (int j = 0; j < cols; j++) out[j * os + r] = hsum8(acc[r][j]) + hsum4(acc_min[r][j]);
}

INLINE void q6_K_body(int rows, int cols, int64_t nb, const uint8_t *w, size_t ws,
                      const uint8_t *a, size_t as, float *out, size_t os) {
    __m256 acc[ROWS_K][COLS_K];
    for (int r = 0; r < rows; r++)
        for (int j = 0; j < cols; j++) acc[r][j] = _mm256_setzero_ps();
    const __m256i nibble = _mm256_set1_epi8(0x0F), two_bits = _mm256_set1_epi8(3), offset = _mm256_set1_epi8(32);
    for (int64_t b = 0; b < nb; b++) {
        __m256i sums[ROWS_K][COLS_K];
        for (int r = 0; r < rows; r++)
            for (int j = 0; j < cols; j++) sums[r][j] = _mm256_setzero_si256();
        for (int half = 0; half < 2; half++) {
            for (int chunk = 0; chunk < 4; chunk++) {
                __m256i y[COLS_K], y32[COLS_K];
                for (int j = 0; j < cols; j++) {
                    y[j] = _mm256_loadu_si256((const __m256i *)(((const block_q8_K *)(a + j * as) + b)->qs + 128 * half + 32 * chunk));
                    y32[j] = _mm256_maddubs_epi16(offset, y[j]);
                }
                // Elements 0..15 of the chunk use scale 8 * half + 2 * chunk, 16..31 the next one.
                const int first = 8 * half + 2 * chunk;
                const __m128i pick = _mm_setr_epi8((char)first, (char)first, (char)first, (char)first, (char)first, (char)first, (char)first, (char)first,
                                                   (char)(first + 1), (char)(first + 1), (char)(first + 1), (char)(first + 1),
                                                   (char)(first + 1), (char)(first + 1), (char)(first + 1), (char)(first + 1));
                for (int r = 0; r < rows; r++) {
                    const block_q6_K *wb = (const block_q6_K *)(w + r * ws) + b;
                    const __m256i low = _mm256_loadu_si256((const __m256i *)(wb->ql + 64 * half + 32 * (chunk % 2)));
                    const __m256i high = _mm256_loadu_si256((const __m256i *)(wb->qh + 32 * half));
                    const __m256i low4 = chunk < 2 ? _mm256_and_si256(low, nibble) : _mm256_and_si256(_mm256_srli_epi16(low, 4), nibble);
                    const __m256i high2 = _mm256_and_si256(_mm256_srli_epi16(high, 2 * chunk), two_bits);
                    const __m256i q = _mm256_or_si256(low4, _mm256_slli_epi16(high2, 4));
                    const __m256i scale = _mm256_cvtepi8_epi16(_mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)wb->scales), pick));
                    for (int j = 0; j < cols; j++) {
                        const __m256i pairs = _mm256_sub_epi16(_mm256_maddubs_epi16(q, y[j]), y32[j]);
                        sums[r][j] = _mm256_add_epi32(sums[r][j], _mm256_madd_epi16(pairs, scale));
                    }
                }
            }
        }
        for (int r = 0; r < rows; r++) {
            const float dw = h2f(((const block_q6_K *)(w + r * ws) + b)->d);
            for (int j = 0; j < cols; j++) {
                const float d = ((const block_q8_K *)(a + j * as) + b)->d * dw;
                acc[r][j] = _mm256_fmadd_ps(_mm256_set1_ps(d), _mm256_cvtepi32_ps(sums[r][j]), acc[r][j]);
            }
        }
    }
    for (int r = 0; r < rows; r++)
        for (int j = 0; j < cols; j++) out[j * os + r] = hsum8(acc[r][j]);
}

#define SHAPE(NAME, R, C) NAME##_body(R, C, nb, w, ws, a, as, out, os); return
#define DOT(NAME, BLOCK_ELEMENTS)                                                                       \
    float loupe_avx2_dot_##NAME(int64_t n, const void *w, const void *a) {                             \
        float out;                                                                                      \
        NAME##_body(1, 1, n / (BLOCK_ELEMENTS), w, 0, a, 0, &out, 0);                                   \
        return out;                                                                                     \
    }
#define TILE_2x4(NAME, BLOCK_ELEMENTS)                                                                  \
    static void NAME##_tile(int64_t k, const uint8_t *w, size_t ws, const uint8_t *unpacked, int rows,  \
                            const uint8_t *a, size_t as, int cols, float *out, size_t os) {            \
        (void)unpacked;   /* no unpack function: these tiles decode in registers */                  \
        const int64_t nb = k / (BLOCK_ELEMENTS);                                                        \
        switch (rows * 8 + cols) {                                                                      \
        case 9: SHAPE(NAME, 1, 1);  case 10: SHAPE(NAME, 1, 2); case 11: SHAPE(NAME, 1, 3); case 12: SHAPE(NAME, 1, 4); \
        case 17: SHAPE(NAME, 2, 1); case 18: SHAPE(NAME, 2, 2); case 19: SHAPE(NAME, 2, 3); case 20: SHAPE(NAME, 2, 4); \
        }                                                                                               \
    }                                                                                                   \
    DOT(NAME, BLOCK_ELEMENTS)
#define TILE_2x2(NAME, BLOCK_ELEMENTS)                                                                  \
    static void NAME##_tile(int64_t k, const uint8_t *w, size_t ws, const uint8_t *unpacked, int rows,  \
                            const uint8_t *a, size_t as, int cols, float *out, size_t os) {            \
        (void)unpacked;   /* no unpack function: these tiles decode in registers */                  \
        const int64_t nb = k / (BLOCK_ELEMENTS);                                                        \
        switch (rows * 8 + cols) {                                                                      \
        case 9: SHAPE(NAME, 1, 1);  case 10: SHAPE(NAME, 1, 2);                                         \
        case 17: SHAPE(NAME, 2, 1); case 18: SHAPE(NAME, 2, 2);                                         \
        }                                                                                               \
    }                                                                                                   \
    DOT(NAME, BLOCK_ELEMENTS)

TILE_2x4(q8_0, QK32)
TILE_2x4(q5_0, QK32)
TILE_2x4(q4_0, QK32)
TILE_2x2(q4_K, QK_K)
TILE_2x2(q6_K, QK_K)

#pragma clang attribute pop

const loupe_gemm_tile loupe_gemm_avx2[LOUPE_TYPE_TABLE] = {
    [LOUPE_TYPE_Q8_0] = { q8_0_tile, ROWS_32, COLS_32, NULL },
    [LOUPE_TYPE_Q5_0] = { q5_0_tile, ROWS_32, COLS_32, NULL },
    [LOUPE_TYPE_Q4_0] = { q4_0_tile, ROWS_32, COLS_32, NULL },
    [LOUPE_TYPE_Q4_K] = { q4_K_tile, ROWS_K, COLS_K, NULL },
    [LOUPE_TYPE_Q6_K] = { q6_K_tile, ROWS_K, COLS_K, NULL },
};
#endif
