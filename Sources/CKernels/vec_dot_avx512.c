// AVX-512 (F, BW, VL, VNNI) dot products (x86-64 only; selected at run time). VNNI's dpbusd does
// the unsigned x signed byte products and their sums of four in one instruction, dpwssd the scaled
// 16-bit sums. Register widths are chosen per format by measurement (scripts/bench-kernels.sh):
// 512-bit for Q4_1/Q5_1 pairs of blocks, 256-bit for Q5_K. Q4_0, Q5_0, Q8_0, Q4_K and Q6_K are
// the 1 x 1 tiles of gemm_avx512.c.
#if defined(__x86_64__)
#pragma clang attribute push(__attribute__((target("avx512f,avx512bw,avx512vl,avx512vnni,avx512dq,avx2,fma,f16c"))), apply_to = function)
#include <immintrin.h>
#include "CKernels.h"
#include "blocks.h"
#include "kernels_internal.h"
#include "x86_helpers.h"

static inline __m512i join(__m256i low, __m256i high) {
    return _mm512_inserti64x4(_mm512_castsi256_si512(low), high, 1);
}

// Lanes 0..7 = a, lanes 8..15 = b.
static inline __m512 pair_scale(float a, float b) {
    return _mm512_insertf32x8(_mm512_set1_ps(a), _mm256_set1_ps(b), 1);
}

static inline __m256i q4_1_values(const block_q4_1 *b) { return unpack_nibbles(b->qs); }
static inline __m256i q5_1_values(const block_q5_1 *b) {
    return _mm256_or_si256(unpack_nibbles(b->qs), _mm256_maskz_set1_epi8(loupe_load_u32(b->qh), 0x10));
}

static inline float hsum(__m512 v) { return _mm512_reduce_add_ps(v); }

#define OFFSET_32_BLOCK_DOT(NAME, BLOCK, VALUES)                                                           \
    static float NAME(int64_t n, const void *wv, const void *av) {                                         \
        const BLOCK *w = wv;                                                                               \
        const block_q8_1 *a = av;                                                                          \
        const int64_t nb = n / QK32;                                                                       \
        __m512 acc = _mm512_setzero_ps();                                                                  \
        float offsets = 0.0f;                                                                              \
        int64_t i = 0;                                                                                     \
        for (; i + 1 < nb; i += 2) {                                                                       \
            const __m512i x = join(VALUES(&w[i]), VALUES(&w[i + 1]));                                      \
            const __m512i y = join(_mm256_loadu_si256((const __m256i *)a[i].qs),                           \
                                   _mm256_loadu_si256((const __m256i *)a[i + 1].qs));                      \
            const __m512 scale = pair_scale(h2f(w[i].d) * h2f(a[i].d), h2f(w[i + 1].d) * h2f(a[i + 1].d)); \
            acc = _mm512_fmadd_ps(scale, _mm512_cvtepi32_ps(_mm512_dpbusd_epi32(_mm512_setzero_si512(), x, y)), acc); \
            offsets += h2f(w[i].m) * h2f(a[i].s) + h2f(w[i + 1].m) * h2f(a[i + 1].s);                      \
        }                                                                                                  \
        float sum = hsum(acc);                                                                             \
        for (; i < nb; i++) {                                                                              \
            const __m256i p = _mm256_dpbusd_epi32(_mm256_setzero_si256(), VALUES(&w[i]),                   \
                                                  _mm256_loadu_si256((const __m256i *)a[i].qs));           \
            sum += h2f(w[i].d) * h2f(a[i].d) * (float)_mm512_reduce_add_epi32(_mm512_zextsi256_si512(p));  \
            offsets += h2f(w[i].m) * h2f(a[i].s);                                                          \
        }                                                                                                  \
        return sum + offsets;                                                                              \
    }

OFFSET_32_BLOCK_DOT(dot_q4_1, block_q4_1, q4_1_values)
OFFSET_32_BLOCK_DOT(dot_q5_1, block_q5_1, q5_1_values)

static inline int k_scales(const uint8_t *packed, const int16_t *bsums, uint8_t scales[8]) {
    int mins = 0;
    for (int j = 0; j < 8; j++) {
        uint8_t m;
        loupe_k_scale_min(j, packed, &scales[j], &m);
        mins += m * (bsums[2 * j] + bsums[2 * j + 1]);
    }
    return mins;
}

// The K-quants with 32-element sub-blocks stay in 256-bit registers (measured faster here than
// 512-bit pairs); VNNI's dpwssd applies the sub-block scale and accumulates in one instruction.
static float dot_q5_K(int64_t n, const void *wv, const void *av) {
    const block_q5_K *w = wv;
    const block_q8_K *a = av;
    const __m256i mask = _mm256_set1_epi8(0x0F), one = _mm256_set1_epi8(1);
    __m256 acc = _mm256_setzero_ps();
    float min_part = 0.0f;
    for (int64_t i = 0; i < n / QK_K; i++) {
        uint8_t sc[8];
        const int mins = k_scales(w[i].scales, a[i].bsums, sc);
        __m256i high = _mm256_loadu_si256((const __m256i *)w[i].qh);   // bit k: sub-block k
        __m256i sum = _mm256_setzero_si256();
        for (int j = 0; j < 4; j++) {
            const __m256i q = _mm256_loadu_si256((const __m256i *)(w[i].qs + 32 * j));
            const __m256i lo = _mm256_or_si256(_mm256_and_si256(q, mask), _mm256_slli_epi16(_mm256_and_si256(high, one), 4));
            high = _mm256_srli_epi16(high, 1);
            const __m256i hi = _mm256_or_si256(_mm256_and_si256(_mm256_srli_epi16(q, 4), mask), _mm256_slli_epi16(_mm256_and_si256(high, one), 4));
            high = _mm256_srli_epi16(high, 1);
            const __m256i ylo = _mm256_loadu_si256((const __m256i *)(a[i].qs + 64 * j));
            const __m256i yhi = _mm256_loadu_si256((const __m256i *)(a[i].qs + 64 * j + 32));
            sum = _mm256_dpwssd_epi32(sum, _mm256_maddubs_epi16(lo, ylo), _mm256_set1_epi16(sc[2 * j]));
            sum = _mm256_dpwssd_epi32(sum, _mm256_maddubs_epi16(hi, yhi), _mm256_set1_epi16(sc[2 * j + 1]));
        }
        acc = _mm256_fmadd_ps(_mm256_set1_ps(a[i].d * h2f(w[i].d)), _mm256_cvtepi32_ps(sum), acc);
        min_part += a[i].d * h2f(w[i].dmin) * (float)mins;
    }
    return hsum8(acc) - min_part;
}

static float dot_f32(int64_t n, const void *wv, const void *av) {
    const float *w = wv, *a = av;
    __m512 acc0 = _mm512_setzero_ps(), acc1 = _mm512_setzero_ps();
    int64_t i = 0;
    for (; i + 32 <= n; i += 32) {
        acc0 = _mm512_fmadd_ps(_mm512_loadu_ps(w + i), _mm512_loadu_ps(a + i), acc0);
        acc1 = _mm512_fmadd_ps(_mm512_loadu_ps(w + i + 16), _mm512_loadu_ps(a + i + 16), acc1);
    }
    float sum = hsum(_mm512_add_ps(acc0, acc1));
    for (; i < n; i++) sum += w[i] * a[i];
    return sum;
}

static float dot_f16(int64_t n, const void *wv, const void *av) {
    const uint16_t *w = wv;
    const float *a = av;
    __m512 acc0 = _mm512_setzero_ps(), acc1 = _mm512_setzero_ps();
    int64_t i = 0;
    for (; i + 32 <= n; i += 32) {
        acc0 = _mm512_fmadd_ps(_mm512_cvtph_ps(_mm256_loadu_si256((const __m256i *)(w + i))), _mm512_loadu_ps(a + i), acc0);
        acc1 = _mm512_fmadd_ps(_mm512_cvtph_ps(_mm256_loadu_si256((const __m256i *)(w + i + 16))), _mm512_loadu_ps(a + i + 16), acc1);
    }
    float sum = hsum(_mm512_add_ps(acc0, acc1));
    for (; i < n; i++) sum += loupe_fp16_to_fp32(w[i]) * a[i];
    return sum;
}

static inline __m512 load_bf16(const uint16_t *p) {
    return _mm512_castsi512_ps(_mm512_slli_epi32(_mm512_cvtepu16_epi32(_mm256_loadu_si256((const __m256i *)p)), 16));
}

static float dot_bf16(int64_t n, const void *wv, const void *av) {
    const uint16_t *w = wv;
    const float *a = av;
    __m512 acc0 = _mm512_setzero_ps(), acc1 = _mm512_setzero_ps();
    int64_t i = 0;
    for (; i + 32 <= n; i += 32) {
        acc0 = _mm512_fmadd_ps(load_bf16(w + i), _mm512_loadu_ps(a + i), acc0);
        acc1 = _mm512_fmadd_ps(load_bf16(w + i + 16), _mm512_loadu_ps(a + i + 16), acc1);
    }
    float sum = hsum(_mm512_add_ps(acc0, acc1));
    for (; i < n; i++) sum += loupe_bf16_to_fp32(w[i]) * a[i];
    return sum;
}

#pragma clang attribute pop

const loupe_vec_dot_fn loupe_vec_dot_avx512[LOUPE_TYPE_TABLE] = {
    [LOUPE_TYPE_F32] = dot_f32,   [LOUPE_TYPE_F16] = dot_f16,   [LOUPE_TYPE_BF16] = dot_bf16,
    [LOUPE_TYPE_Q4_0] = loupe_avx512_dot_q4_0, [LOUPE_TYPE_Q4_1] = dot_q4_1, [LOUPE_TYPE_Q5_0] = loupe_avx512_dot_q5_0,
    [LOUPE_TYPE_Q5_1] = dot_q5_1, [LOUPE_TYPE_Q8_0] = loupe_avx512_dot_q8_0, [LOUPE_TYPE_Q4_K] = loupe_avx512_dot_q4_K,
    [LOUPE_TYPE_Q5_K] = dot_q5_K, [LOUPE_TYPE_Q6_K] = loupe_avx512_dot_q6_K,
};
#endif
