// AVX-512 (VL, BW, VNNI) products of packed weight rows with one activation row: the matrix-vector
// products of decoding a token, where the weights stream from memory once and nothing is reused.
//
// What makes these faster than the prompt tiles at one activation row is the order of the reads:
// four rows are worked on together (independent accumulators hide the latency of each row's
// chain of fused multiply-adds), but interleaved rows are four short streams the hardware
// prefetcher does not follow, so the kernel prefetches the next four rows itself, a slice per
// block, sweeping them in address order. A thread's rows are then read as one linear stream.
// Measured on the 262144 x 640 Q8_0 output head of Gemma 3 270M, one thread: 28 GB/s (the plain
// streaming-read rate of this machine) against 7.5 GB/s for the 4 x 1 tile.
//
// Every output takes exactly the float operations of the path's dot kernel for the type (the
// 1 x 1 tiles of gemm_avx512.c): the same integer lanes, the same scale products, fused into
// one accumulator in block order, summed across lanes at the end; a decoded row therefore gives
// the same bits as the same row in a prompt.
#if defined(__x86_64__)
#pragma clang attribute push(__attribute__((target("avx512f,avx512bw,avx512vl,avx512vnni,avx512dq,avx2,fma,f16c"))), apply_to = function)
#include <immintrin.h>
#include "CKernels.h"
#include "blocks.h"
#include "kernels_internal.h"
#include "x86_helpers.h"

enum { GEMV_ROWS = 4 };

// float16 to float through a zero-extended load: _cvtsh_ss inserts into a register it leaves
// otherwise untouched, which chains every conversion to whatever last wrote that register.
INLINE float half(const uint16_t *h) {
    uint16_t bits;
    memcpy(&bits, h, 2);
    return _mm_cvtss_f32(_mm_cvtph_ps(_mm_cvtsi32_si128(bits)));
}

// `bytes` from `p` into L1, one prefetch per cache line touched.
INLINE void prefetch_span(const uint8_t *p, int bytes) {
    for (int i = 0; i < bytes; i += 64) _mm_prefetch((const char *)p + i, _MM_HINT_T0);
}

INLINE __m256i q8_0_unsigned(const void *b) {
    return _mm256_xor_si256(_mm256_loadu_si256((const __m256i *)((const block_q8_0 *)b)->qs), _mm256_set1_epi8((char)0x80));
}
// 32 nibbles (elements 0..15 low, 16..31 high): the 16 bytes loaded into both halves, the upper
// half shifted right by 4, then masked: two operations where splitting the halves and joining
// them takes four (8% faster on Q5_0, one thread).
INLINE __m256i nibbles(const uint8_t *qs) {
    const __m256i both = _mm256_broadcastsi128_si256(_mm_loadu_si128((const __m128i *)qs));
    return _mm256_and_si256(_mm256_srlv_epi16(both, _mm256_setr_epi64x(0, 0, 0x0004000400040004, 0x0004000400040004)), _mm256_set1_epi8(0x0F));
}
INLINE __m256i q5_0_unsigned(const void *b) {
    const block_q5_0 *block = b;
    return _mm256_or_si256(nibbles(block->qs), _mm256_maskz_set1_epi8(loupe_load_u32(block->qh), 0x10));
}
INLINE __m256i q4_0_unsigned(const void *b) { return nibbles(((const block_q4_0 *)b)->qs); }

// The 32-blocks as in gemm_avx512.c: unsigned values u = q + bias against the activations, each
// lane started at -bias * (its four activations), scale product of the two float16 scales.
#define Q32_GEMV(NAME, BLOCK, BIAS, UNSIGNED)                                                             \
    static void NAME##_gemv(int64_t k, const uint8_t *w, size_t ws, int64_t rows, const uint8_t *a, float *out) { \
        const int64_t nb = k / QK32;                                                                      \
        const block_q8_0 *ab = (const block_q8_0 *)a;                                                     \
        const __m256i bias = _mm256_set1_epi8((char)(BIAS));                                              \
        int64_t r = 0;                                                                                    \
        for (; r + GEMV_ROWS <= rows; r += GEMV_ROWS) {                                                   \
            const uint8_t *group = w + r * ws;                                                            \
            __m256 acc[GEMV_ROWS];                                                                        \
            for (int i = 0; i < GEMV_ROWS; i++) acc[i] = _mm256_setzero_ps();                             \
            for (int64_t b = 0; b < nb; b++) {                                                            \
                prefetch_span(group + GEMV_ROWS * ws + b * GEMV_ROWS * sizeof(BLOCK), GEMV_ROWS * sizeof(BLOCK)); \
                const __m256i y = _mm256_loadu_si256((const __m256i *)ab[b].qs);                          \
                const __m256i start = _mm256_dpbusd_epi32(_mm256_setzero_si256(), bias, _mm256_sub_epi8(_mm256_setzero_si256(), y)); \
                const float da = half(&ab[b].d);                                                          \
                for (int i = 0; i < GEMV_ROWS; i++) {                                                     \
                    const BLOCK *wb = (const BLOCK *)(group + i * ws) + b;                                \
                    const __m256i lanes = _mm256_dpbusd_epi32(start, UNSIGNED(wb), y);                    \
                    acc[i] = _mm256_fmadd_ps(_mm256_set1_ps(half(&wb->d) * da), _mm256_cvtepi32_ps(lanes), acc[i]); \
                }                                                                                         \
            }                                                                                             \
            for (int i = 0; i < GEMV_ROWS; i++) out[r + i] = hsum8(acc[i]);                               \
        }                                                                                                 \
        for (; r < rows; r++) out[r] = loupe_avx512_dot_##NAME(k, w + r * ws, a);                         \
    }

Q32_GEMV(q8_0, block_q8_0, 128, q8_0_unsigned)
Q32_GEMV(q5_0, block_q5_0, 16, q5_0_unsigned)
Q32_GEMV(q4_0, block_q4_0, 8, q4_0_unsigned)

INLINE __m256i q4_K_values(const block_q4_K *b, int s) {
    const __m256i packed = _mm256_loadu_si256((const __m256i *)(b->qs + 32 * (s / 2)));
    const __m256i nibble = _mm256_set1_epi8(0x0F);
    return s % 2 == 0 ? _mm256_and_si256(packed, nibble) : _mm256_and_si256(_mm256_srli_epi16(packed, 4), nibble);
}

// Q4_K as gemm_avx512.c orders it: scaled sub-block sums in eight int32 lanes into one float
// accumulator, mins against the activation group sums in four lanes into another.
static void q4_K_gemv(int64_t k, const uint8_t *w, size_t ws, int64_t rows, const uint8_t *a, float *out) {
    const int64_t nb = k / QK_K;
    const block_q8_K *ab = (const block_q8_K *)a;
    int64_t r = 0;
    for (; r + GEMV_ROWS <= rows; r += GEMV_ROWS) {
        const uint8_t *group = w + r * ws;
        __m256 acc[GEMV_ROWS];
        __m128 acc_min[GEMV_ROWS];
        for (int i = 0; i < GEMV_ROWS; i++) { acc[i] = _mm256_setzero_ps(); acc_min[i] = _mm_setzero_ps(); }
        for (int64_t b = 0; b < nb; b++) {
            prefetch_span(group + GEMV_ROWS * ws + b * GEMV_ROWS * sizeof(block_q4_K), GEMV_ROWS * sizeof(block_q4_K));
            const __m128i group_sums = _mm_hadd_epi16(_mm_loadu_si128((const __m128i *)ab[b].bsums), _mm_loadu_si128((const __m128i *)ab[b].bsums + 1));
            const float da = ab[b].d;
            __m256i scales[GEMV_ROWS], sums[GEMV_ROWS];
            for (int i = 0; i < GEMV_ROWS; i++) {
                const block_q4_K *wb = (const block_q4_K *)(group + i * ws) + b;
                scales[i] = _mm256_cvtepu8_epi16(k_scales_and_mins(wb->scales));   // words 0..7 scales, 8..15 mins
                const __m128i products = _mm_madd_epi16(_mm256_extracti128_si256(scales[i], 1), group_sums);
                acc_min[i] = _mm_fmadd_ps(_mm_set1_ps(-da * half(&wb->dmin)), _mm_cvtepi32_ps(products), acc_min[i]);
                sums[i] = _mm256_setzero_si256();
            }
            for (int s = 0; s < 8; s++) {
                const __m256i y = _mm256_loadu_si256((const __m256i *)(ab[b].qs + 32 * s));
                for (int i = 0; i < GEMV_ROWS; i++) {
                    const __m256i q = q4_K_values((const block_q4_K *)(group + i * ws) + b, s);
                    const __m256i scale = _mm256_permutexvar_epi16(_mm256_set1_epi16((short)s), scales[i]);
                    sums[i] = _mm256_dpwssd_epi32(sums[i], _mm256_maddubs_epi16(q, y), scale);
                }
            }
            for (int i = 0; i < GEMV_ROWS; i++) {
                const float dw = half(&((const block_q4_K *)(group + i * ws) + b)->d);
                acc[i] = _mm256_fmadd_ps(_mm256_set1_ps(da * dw), _mm256_cvtepi32_ps(sums[i]), acc[i]);
            }
        }
        for (int i = 0; i < GEMV_ROWS; i++) out[r + i] = hsum8(acc[i]) + hsum4(acc_min[i]);
    }
    for (; r < rows; r++) out[r] = loupe_avx512_dot_q4_K(k, w + r * ws, a);
}

// The 32 six-bit values (0..63) of chunk `chunk` (0..3) of half `half_index` of a Q6_K block.
INLINE __m256i q6_K_values(const block_q6_K *b, int half_index, int chunk) {
    const __m256i nibble = _mm256_set1_epi8(0x0F), two_bits = _mm256_set1_epi8(3);
    const __m256i low = _mm256_loadu_si256((const __m256i *)(b->ql + 64 * half_index + 32 * (chunk % 2)));
    const __m256i high = _mm256_loadu_si256((const __m256i *)(b->qh + 32 * half_index));
    const __m256i low4 = chunk < 2 ? _mm256_and_si256(low, nibble) : _mm256_and_si256(_mm256_srli_epi16(low, 4), nibble);
    const __m256i high2 = _mm256_and_si256(_mm256_srli_epi16(high, 2 * chunk), two_bits);
    return _mm256_or_si256(low4, _mm256_slli_epi16(high2, 4));
}

// Q6_K as gemm_avx512.c orders it: (q - 32) * y in 16-bit pairs times the sub-block scale into
// eight int32 lanes per block, one float accumulator.
static void q6_K_gemv(int64_t k, const uint8_t *w, size_t ws, int64_t rows, const uint8_t *a, float *out) {
    const int64_t nb = k / QK_K;
    const block_q8_K *ab = (const block_q8_K *)a;
    const __m256i offset = _mm256_set1_epi8(32);
    int64_t r = 0;
    for (; r + GEMV_ROWS <= rows; r += GEMV_ROWS) {
        const uint8_t *group = w + r * ws;
        __m256 acc[GEMV_ROWS];
        for (int i = 0; i < GEMV_ROWS; i++) acc[i] = _mm256_setzero_ps();
        for (int64_t b = 0; b < nb; b++) {
            prefetch_span(group + GEMV_ROWS * ws + b * GEMV_ROWS * sizeof(block_q6_K), GEMV_ROWS * sizeof(block_q6_K));
            __m256i scales[GEMV_ROWS], sums[GEMV_ROWS];
            for (int i = 0; i < GEMV_ROWS; i++) {
                scales[i] = _mm256_cvtepi8_epi16(_mm_loadu_si128((const __m128i *)((const block_q6_K *)(group + i * ws) + b)->scales));
                sums[i] = _mm256_setzero_si256();
            }
            for (int h = 0; h < 2; h++) {
                for (int chunk = 0; chunk < 4; chunk++) {
                    const __m256i y = _mm256_loadu_si256((const __m256i *)(ab[b].qs + 128 * h + 32 * chunk));
                    const __m256i y32 = _mm256_maddubs_epi16(offset, y);
                    // Elements 0..15 of the chunk use scale 8 * h + 2 * chunk, 16..31 the next one.
                    const __m256i pick = _mm256_set_m128i(_mm_set1_epi16((short)(8 * h + 2 * chunk + 1)), _mm_set1_epi16((short)(8 * h + 2 * chunk)));
                    for (int i = 0; i < GEMV_ROWS; i++) {
                        const __m256i q = q6_K_values((const block_q6_K *)(group + i * ws) + b, h, chunk);
                        const __m256i scale = _mm256_permutexvar_epi16(pick, scales[i]);
                        sums[i] = _mm256_dpwssd_epi32(sums[i], _mm256_sub_epi16(_mm256_maddubs_epi16(q, y), y32), scale);
                    }
                }
            }
            for (int i = 0; i < GEMV_ROWS; i++) {
                const float d = ab[b].d * half(&((const block_q6_K *)(group + i * ws) + b)->d);
                acc[i] = _mm256_fmadd_ps(_mm256_set1_ps(d), _mm256_cvtepi32_ps(sums[i]), acc[i]);
            }
        }
        for (int i = 0; i < GEMV_ROWS; i++) out[r + i] = hsum8(acc[i]);
    }
    for (; r < rows; r++) out[r] = loupe_avx512_dot_q6_K(k, w + r * ws, a);
}

#pragma clang attribute pop

const loupe_gemv_fn loupe_gemv_avx512[LOUPE_TYPE_TABLE] = {
    [LOUPE_TYPE_Q8_0] = q8_0_gemv, [LOUPE_TYPE_Q5_0] = q5_0_gemv, [LOUPE_TYPE_Q4_0] = q4_0_gemv,
    [LOUPE_TYPE_Q4_K] = q4_K_gemv, [LOUPE_TYPE_Q6_K] = q6_K_gemv,
};
#endif
