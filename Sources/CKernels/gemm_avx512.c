// AVX-512 (VL, BW, VNNI) register-tiled integer products: a tile of weight rows x activation rows
// per inner loop, so every weight block decoded into a register serves several activation rows
// and every activation block several weight rows. The path's dot kernels for these types are the
// 1 x 1 tile, so a prompt row and a decoded row give the same bits.
//
// Float order per output follows ggml's x86 dot products (and llamafile's tinyBLAS, which
// llama.cpp uses for prompts on the 32-blocks): eight int32 lanes per block (lane i sums elements
// 4i..4i+3), converted and fused-multiply-added with the scale product into one 8-lane
// accumulator in block order, summed across lanes at the end. 256-bit registers: on this CPU
// (Zen 4) 512-bit operations are issued as two 256-bit halves, and AVX-512VL gives 32 of them.
#if defined(__x86_64__)
#pragma clang attribute push(__attribute__((target("avx512f,avx512bw,avx512vl,avx512vnni,avx512dq,avx2,fma,f16c"))), apply_to = function)
#include <immintrin.h>
#include "CKernels.h"
#include "blocks.h"
#include "kernels_internal.h"

#define INLINE static inline __attribute__((always_inline))

// Tile shapes: accumulators, activation vectors and their corrections fill the 32 registers.
enum { ROWS_32 = 4, COLS_32 = 4, ROWS_K = 4, COLS_K = 2 };

INLINE float h2f(uint16_t h) { return _cvtsh_ss(h); }

INLINE float hsum8(__m256 v) {
    __m128 x = _mm_add_ps(_mm256_extractf128_ps(v, 1), _mm256_castps256_ps128(v));
    x = _mm_add_ps(x, _mm_movehl_ps(x, x));
    x = _mm_add_ss(x, _mm_movehdup_ps(x));
    return _mm_cvtss_f32(x);
}

INLINE float hsum4(__m128 x) {
    x = _mm_add_ps(x, _mm_movehl_ps(x, x));
    x = _mm_add_ss(x, _mm_movehdup_ps(x));
    return _mm_cvtss_f32(x);
}

INLINE __m256i unpack_nibbles(const uint8_t *qs) {
    const __m128i packed = _mm_loadu_si128((const __m128i *)qs);
    const __m128i mask = _mm_set1_epi8(0x0F);
    return _mm256_set_m128i(_mm_and_si128(_mm_srli_epi16(packed, 4), mask), _mm_and_si128(packed, mask));
}

// The 32-blocks as unsigned bytes u = q + bias, so dpbusd (unsigned x signed) multiplies them
// with the activations; the bias times each lane's activation sum is taken off by starting the
// lane at -bias * sum, which one dpbusd per activation block computes for all weight rows.
INLINE __m256i q8_0_unsigned(const void *b) {
    return _mm256_xor_si256(_mm256_loadu_si256((const __m256i *)((const block_q8_0 *)b)->qs), _mm256_set1_epi8((char)0x80));
}
INLINE __m256i q5_0_unsigned(const void *b) {
    const block_q5_0 *block = b;
    return _mm256_or_si256(unpack_nibbles(block->qs), _mm256_maskz_set1_epi8(loupe_load_u32(block->qh), 0x10));
}
INLINE __m256i q4_0_unsigned(const void *b) { return unpack_nibbles(((const block_q4_0 *)b)->qs); }

// Block scales of the 32-blocks are the first two bytes of every layout.
INLINE float block_scale(const void *b) { uint16_t d; memcpy(&d, b, 2); return h2f(d); }

#define Q32_TILE(NAME, BLOCK, BIAS, UNSIGNED)                                                               \
    INLINE void NAME##_body(int rows, int cols, int64_t nb, const uint8_t *w, size_t ws,                    \
                            const uint8_t *a, size_t as, float *out, size_t os) {                          \
        __m256 acc[ROWS_32][COLS_32];                                                                       \
        for (int r = 0; r < rows; r++)                                                                      \
            for (int j = 0; j < cols; j++) acc[r][j] = _mm256_setzero_ps();                                 \
        const __m256i bias = _mm256_set1_epi8((char)(BIAS));                                                \
        for (int64_t b = 0; b < nb; b++) {                                                                  \
            __m256i y[COLS_32], start[COLS_32];                                                             \
            __m256 da[COLS_32];                                                                             \
            for (int j = 0; j < cols; j++) {                                                                \
                const block_q8_0 *ab = (const block_q8_0 *)(a + j * as) + b;                                \
                y[j] = _mm256_loadu_si256((const __m256i *)ab->qs);                                         \
                /* activations are within [-127, 127], so negating them cannot overflow */                 \
                start[j] = _mm256_dpbusd_epi32(_mm256_setzero_si256(), bias, _mm256_sub_epi8(_mm256_setzero_si256(), y[j])); \
                da[j] = _mm256_set1_ps(h2f(ab->d));                                                         \
            }                                                                                               \
            for (int r = 0; r < rows; r++) {                                                                \
                const BLOCK *wb = (const BLOCK *)(w + r * ws) + b;                                          \
                const __m256i u = UNSIGNED(wb);                                                             \
                const __m256 dw = _mm256_set1_ps(block_scale(wb));                                          \
                for (int j = 0; j < cols; j++) {                                                            \
                    const __m256i lanes = _mm256_dpbusd_epi32(start[j], u, y[j]);                           \
                    acc[r][j] = _mm256_fmadd_ps(_mm256_mul_ps(dw, da[j]), _mm256_cvtepi32_ps(lanes), acc[r][j]); \
                }                                                                                           \
            }                                                                                               \
        }                                                                                                   \
        for (int r = 0; r < rows; r++)                                                                      \
            for (int j = 0; j < cols; j++) out[j * os + r] = hsum8(acc[r][j]);                              \
    }

Q32_TILE(q8_0, block_q8_0, 128, q8_0_unsigned)
Q32_TILE(q5_0, block_q5_0, 16, q5_0_unsigned)
Q32_TILE(q4_0, block_q4_0, 8, q4_0_unsigned)

// Six-bit scales (bytes 0..7 of the result) and mins (8..15) of a Q4_K/Q5_K block, from the
// 12-byte table loupe_k_scale_min reads one at a time.
INLINE __m128i k_scales_and_mins(const uint8_t *packed) {
    const uint32_t w0 = loupe_load_u32(packed), w1 = loupe_load_u32(packed + 4), w2 = loupe_load_u32(packed + 8);
    const uint32_t scales_lo = w0 & 0x3f3f3f3f, mins_lo = w1 & 0x3f3f3f3f;
    const uint32_t scales_hi = (w2 & 0x0f0f0f0f) | ((w0 >> 2) & 0x30303030);
    const uint32_t mins_hi = ((w2 >> 4) & 0x0f0f0f0f) | ((w1 >> 2) & 0x30303030);
    return _mm_setr_epi32((int)scales_lo, (int)scales_hi, (int)mins_lo, (int)mins_hi);
}

// Q4_K as ggml's x86 dot product orders it: the scaled sub-block sums in eight int32 lanes with
// one float accumulator, the mins against the activation group sums in four lanes with another.
INLINE void q4_K_body(int rows, int cols, int64_t nb, const uint8_t *w, size_t ws,
                      const uint8_t *a, size_t as, float *out, size_t os) {
    __m256 acc[ROWS_K][COLS_K];
    __m128 acc_min[ROWS_K][COLS_K];
    for (int r = 0; r < rows; r++)
        for (int j = 0; j < cols; j++) { acc[r][j] = _mm256_setzero_ps(); acc_min[r][j] = _mm_setzero_ps(); }
    const __m256i nibble = _mm256_set1_epi8(0x0F);
    for (int64_t b = 0; b < nb; b++) {
        __m128i group_sums[COLS_K];   // sums of each 32 activations (pairs of the 16-element sums)
        float da[COLS_K];
        for (int j = 0; j < cols; j++) {
            const block_q8_K *ab = (const block_q8_K *)(a + j * as) + b;
            group_sums[j] = _mm_hadd_epi16(_mm_loadu_si128((const __m128i *)ab->bsums), _mm_loadu_si128((const __m128i *)ab->bsums + 1));
            da[j] = ab->d;
        }
        __m256i scales[ROWS_K];
        __m256i sums[ROWS_K][COLS_K];
        for (int r = 0; r < rows; r++) {
            const block_q4_K *wb = (const block_q4_K *)(w + r * ws) + b;
            const __m128i scales_mins = k_scales_and_mins(wb->scales);
            scales[r] = _mm256_cvtepu8_epi16(scales_mins);   // words 0..7 scales, 8..15 mins
            const __m128i mins = _mm256_extracti128_si256(scales[r], 1);
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
            for (int r = 0; r < rows; r++) {
                const block_q4_K *wb = (const block_q4_K *)(w + r * ws) + b;
                const __m256i packed = _mm256_loadu_si256((const __m256i *)(wb->qs + 32 * (s / 2)));
                const __m256i q = s % 2 == 0 ? _mm256_and_si256(packed, nibble) : _mm256_and_si256(_mm256_srli_epi16(packed, 4), nibble);
                const __m256i scale = _mm256_permutexvar_epi16(_mm256_set1_epi16((short)s), scales[r]);
                for (int j = 0; j < cols; j++)
                    sums[r][j] = _mm256_dpwssd_epi32(sums[r][j], _mm256_maddubs_epi16(q, y[j]), scale);
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

// Q6_K as ggml's x86 dot product orders it: per 32 elements, (q - 32) * y summed in pairs as
// 16-bit words (q * y minus 32 * y), then multiplied by the sub-block scale into eight int32
// lanes; one float accumulator.
INLINE void q6_K_body(int rows, int cols, int64_t nb, const uint8_t *w, size_t ws,
                      const uint8_t *a, size_t as, float *out, size_t os) {
    __m256 acc[ROWS_K][COLS_K];
    for (int r = 0; r < rows; r++)
        for (int j = 0; j < cols; j++) acc[r][j] = _mm256_setzero_ps();
    const __m256i nibble = _mm256_set1_epi8(0x0F), two_bits = _mm256_set1_epi8(3), offset = _mm256_set1_epi8(32);
    for (int64_t b = 0; b < nb; b++) {
        __m256i sums[ROWS_K][COLS_K];
        __m256i scales[ROWS_K];
        for (int r = 0; r < rows; r++) {
            const block_q6_K *wb = (const block_q6_K *)(w + r * ws) + b;
            scales[r] = _mm256_cvtepi8_epi16(_mm_loadu_si128((const __m128i *)wb->scales));
            for (int j = 0; j < cols; j++) sums[r][j] = _mm256_setzero_si256();
        }
        for (int half = 0; half < 2; half++) {
            for (int chunk = 0; chunk < 4; chunk++) {
                __m256i y[COLS_K], y32[COLS_K];
                for (int j = 0; j < cols; j++) {
                    y[j] = _mm256_loadu_si256((const __m256i *)(((const block_q8_K *)(a + j * as) + b)->qs + 128 * half + 32 * chunk));
                    y32[j] = _mm256_maddubs_epi16(offset, y[j]);
                }
                // Elements 0..15 of the chunk use scale 8 * half + 2 * chunk, 16..31 the next one.
                const __m256i pick = _mm256_set_m128i(_mm_set1_epi16((short)(8 * half + 2 * chunk + 1)), _mm_set1_epi16((short)(8 * half + 2 * chunk)));
                for (int r = 0; r < rows; r++) {
                    const block_q6_K *wb = (const block_q6_K *)(w + r * ws) + b;
                    const __m256i low = _mm256_loadu_si256((const __m256i *)(wb->ql + 64 * half + 32 * (chunk % 2)));
                    const __m256i high = _mm256_loadu_si256((const __m256i *)(wb->qh + 32 * half));
                    const __m256i low4 = chunk < 2 ? _mm256_and_si256(low, nibble) : _mm256_and_si256(_mm256_srli_epi16(low, 4), nibble);
                    const __m256i high2 = _mm256_and_si256(_mm256_srli_epi16(high, 2 * chunk), two_bits);
                    const __m256i q = _mm256_or_si256(low4, _mm256_slli_epi16(high2, 4));
                    const __m256i scale = _mm256_permutexvar_epi16(pick, scales[r]);
                    for (int j = 0; j < cols; j++)
                        sums[r][j] = _mm256_dpwssd_epi32(sums[r][j], _mm256_sub_epi16(_mm256_maddubs_epi16(q, y[j]), y32[j]), scale);
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

// Every (rows, cols) edge shape gets its own fully unrolled copy of the body.
#define SHAPE(NAME, R, C) NAME##_body(R, C, nb, w, ws, a, as, out, os); return
#define TILE_4x4(NAME, BLOCK_ELEMENTS)                                                                  \
    static void NAME##_tile(int64_t k, const uint8_t *w, size_t ws, int rows, const uint8_t *a,        \
                            size_t as, int cols, float *out, size_t os) {                              \
        const int64_t nb = k / (BLOCK_ELEMENTS);                                                        \
        switch (rows * 8 + cols) {                                                                      \
        case 9: SHAPE(NAME, 1, 1);  case 10: SHAPE(NAME, 1, 2); case 11: SHAPE(NAME, 1, 3); case 12: SHAPE(NAME, 1, 4); \
        case 17: SHAPE(NAME, 2, 1); case 18: SHAPE(NAME, 2, 2); case 19: SHAPE(NAME, 2, 3); case 20: SHAPE(NAME, 2, 4); \
        case 25: SHAPE(NAME, 3, 1); case 26: SHAPE(NAME, 3, 2); case 27: SHAPE(NAME, 3, 3); case 28: SHAPE(NAME, 3, 4); \
        case 33: SHAPE(NAME, 4, 1); case 34: SHAPE(NAME, 4, 2); case 35: SHAPE(NAME, 4, 3); case 36: SHAPE(NAME, 4, 4); \
        }                                                                                               \
    }                                                                                                   \
    float loupe_avx512_dot_##NAME(int64_t n, const void *w, const void *a) {                           \
        float out;                                                                                      \
        NAME##_body(1, 1, n / (BLOCK_ELEMENTS), w, 0, a, 0, &out, 0);                                   \
        return out;                                                                                     \
    }
#define TILE_4x2(NAME, BLOCK_ELEMENTS)                                                                  \
    static void NAME##_tile(int64_t k, const uint8_t *w, size_t ws, int rows, const uint8_t *a,        \
                            size_t as, int cols, float *out, size_t os) {                              \
        const int64_t nb = k / (BLOCK_ELEMENTS);                                                        \
        switch (rows * 8 + cols) {                                                                      \
        case 9: SHAPE(NAME, 1, 1);  case 10: SHAPE(NAME, 1, 2);                                         \
        case 17: SHAPE(NAME, 2, 1); case 18: SHAPE(NAME, 2, 2);                                         \
        case 25: SHAPE(NAME, 3, 1); case 26: SHAPE(NAME, 3, 2);                                         \
        case 33: SHAPE(NAME, 4, 1); case 34: SHAPE(NAME, 4, 2);                                         \
        }                                                                                               \
    }                                                                                                   \
    float loupe_avx512_dot_##NAME(int64_t n, const void *w, const void *a) {                           \
        float out;                                                                                      \
        NAME##_body(1, 1, n / (BLOCK_ELEMENTS), w, 0, a, 0, &out, 0);                                   \
        return out;                                                                                     \
    }

TILE_4x4(q8_0, QK32)
TILE_4x4(q5_0, QK32)
TILE_4x4(q4_0, QK32)
TILE_4x2(q4_K, QK_K)
TILE_4x2(q6_K, QK_K)

#pragma clang attribute pop

const loupe_gemm_tile loupe_gemm_avx512[LOUPE_TYPE_TABLE] = {
    [LOUPE_TYPE_Q8_0] = { q8_0_tile, ROWS_32, COLS_32 },
    [LOUPE_TYPE_Q5_0] = { q5_0_tile, ROWS_32, COLS_32 },
    [LOUPE_TYPE_Q4_0] = { q4_0_tile, ROWS_32, COLS_32 },
    [LOUPE_TYPE_Q4_K] = { q4_K_tile, ROWS_K, COLS_K },
    [LOUPE_TYPE_Q6_K] = { q6_K_tile, ROWS_K, COLS_K },
};
#endif
