// AVX2 dot products (x86-64 only; selected at run time). Same integer sums per block as the
// scalar reference; only the order of the float accumulation differs. Q4_0, Q5_0, Q8_0, Q4_K and
// Q6_K are the 1 x 1 tiles of gemm_avx2.c.
#if defined(__x86_64__)
#pragma clang attribute push(__attribute__((target("avx2,fma,f16c"))), apply_to = function)
#include <immintrin.h>
#include "CKernels.h"
#include "blocks.h"
#include "kernels_internal.h"
#include "x86_helpers.h"

// Eight int32 sums of four unsigned x signed int8 products each.
static inline __m256i dot_unsigned(__m256i x, __m256i y) {
    return _mm256_madd_epi16(_mm256_maddubs_epi16(x, y), _mm256_set1_epi16(1));
}

static float dot_q4_1(int64_t n, const void *wv, const void *av) {
    const block_q4_1 *w = wv;
    const block_q8_1 *a = av;
    __m256 acc = _mm256_setzero_ps();
    float offsets = 0.0f;
    for (int64_t i = 0; i < n / QK32; i++) {
        const __m256i x = unpack_nibbles(w[i].qs);
        const __m256i y = _mm256_loadu_si256((const __m256i *)a[i].qs);
        acc = _mm256_fmadd_ps(_mm256_set1_ps(h2f(w[i].d) * h2f(a[i].d)), _mm256_cvtepi32_ps(dot_unsigned(x, y)), acc);
        offsets += h2f(w[i].m) * h2f(a[i].s);
    }
    return hsum8(acc) + offsets;
}

static float dot_q5_1(int64_t n, const void *wv, const void *av) {
    const block_q5_1 *w = wv;
    const block_q8_1 *a = av;
    __m256 acc = _mm256_setzero_ps();
    float offsets = 0.0f;
    for (int64_t i = 0; i < n / QK32; i++) {
        const __m256i high = _mm256_and_si256(bits_to_bytes(loupe_load_u32(w[i].qh)), _mm256_set1_epi8(0x10));
        const __m256i x = _mm256_or_si256(unpack_nibbles(w[i].qs), high);
        const __m256i y = _mm256_loadu_si256((const __m256i *)a[i].qs);
        acc = _mm256_fmadd_ps(_mm256_set1_ps(h2f(w[i].d) * h2f(a[i].d)), _mm256_cvtepi32_ps(dot_unsigned(x, y)), acc);
        offsets += h2f(w[i].m) * h2f(a[i].s);
    }
    return hsum8(acc) + offsets;
}

// Scales and mins of the eight sub-blocks, and the sum of mins weighted by the activation sums.
static inline int k_scales(const uint8_t *packed, const int16_t *bsums, uint8_t scales[8]) {
    int mins = 0;
    for (int j = 0; j < 8; j++) {
        uint8_t m;
        loupe_k_scale_min(j, packed, &scales[j], &m);
        mins += m * (bsums[2 * j] + bsums[2 * j + 1]);
    }
    return mins;
}

static float dot_q5_K(int64_t n, const void *wv, const void *av) {
    const block_q5_K *w = wv;
    const block_q8_K *a = av;
    const __m256i mask = _mm256_set1_epi8(0x0F), one = _mm256_set1_epi8(1);
    __m256 acc = _mm256_setzero_ps();
    float min_part = 0.0f;
    for (int64_t i = 0; i < n / QK_K; i++) {
        uint8_t sc[8];
        const int mins = k_scales(w[i].scales, a[i].bsums, sc);
        // Bit k of each qh byte is the fifth bit of sub-block k; shifting right brings it to bit 0
        // (bits shifted in from the neighbouring byte land on top and are masked off).
        __m256i high = _mm256_loadu_si256((const __m256i *)w[i].qh);
        __m256i sum = _mm256_setzero_si256();
        for (int j = 0; j < 4; j++) {
            const __m256i q = _mm256_loadu_si256((const __m256i *)(w[i].qs + 32 * j));
            const __m256i lo = _mm256_or_si256(_mm256_and_si256(q, mask), _mm256_slli_epi16(_mm256_and_si256(high, one), 4));
            high = _mm256_srli_epi16(high, 1);
            const __m256i hi = _mm256_or_si256(_mm256_and_si256(_mm256_srli_epi16(q, 4), mask), _mm256_slli_epi16(_mm256_and_si256(high, one), 4));
            high = _mm256_srli_epi16(high, 1);
            const __m256i ylo = _mm256_loadu_si256((const __m256i *)(a[i].qs + 64 * j));
            const __m256i yhi = _mm256_loadu_si256((const __m256i *)(a[i].qs + 64 * j + 32));
            sum = _mm256_add_epi32(sum, _mm256_madd_epi16(_mm256_maddubs_epi16(lo, ylo), _mm256_set1_epi16(sc[2 * j])));
            sum = _mm256_add_epi32(sum, _mm256_madd_epi16(_mm256_maddubs_epi16(hi, yhi), _mm256_set1_epi16(sc[2 * j + 1])));
        }
        acc = _mm256_fmadd_ps(_mm256_set1_ps(a[i].d * h2f(w[i].d)), _mm256_cvtepi32_ps(sum), acc);
        min_part += a[i].d * h2f(w[i].dmin) * (float)mins;
    }
    return hsum8(acc) - min_part;
}

static float dot_f32(int64_t n, const void *wv, const void *av) {
    const float *w = wv, *a = av;
    __m256 acc0 = _mm256_setzero_ps(), acc1 = _mm256_setzero_ps();
    int64_t i = 0;
    for (; i + 16 <= n; i += 16) {
        acc0 = _mm256_fmadd_ps(_mm256_loadu_ps(w + i), _mm256_loadu_ps(a + i), acc0);
        acc1 = _mm256_fmadd_ps(_mm256_loadu_ps(w + i + 8), _mm256_loadu_ps(a + i + 8), acc1);
    }
    float sum = hsum8(_mm256_add_ps(acc0, acc1));
    for (; i < n; i++) sum += w[i] * a[i];
    return sum;
}

static float dot_f16(int64_t n, const void *wv, const void *av) {
    const uint16_t *w = wv;
    const float *a = av;
    __m256 acc0 = _mm256_setzero_ps(), acc1 = _mm256_setzero_ps();
    int64_t i = 0;
    for (; i + 16 <= n; i += 16) {
        acc0 = _mm256_fmadd_ps(_mm256_cvtph_ps(_mm_loadu_si128((const __m128i *)(w + i))), _mm256_loadu_ps(a + i), acc0);
        acc1 = _mm256_fmadd_ps(_mm256_cvtph_ps(_mm_loadu_si128((const __m128i *)(w + i + 8))), _mm256_loadu_ps(a + i + 8), acc1);
    }
    float sum = hsum8(_mm256_add_ps(acc0, acc1));
    for (; i < n; i++) sum += loupe_fp16_to_fp32(w[i]) * a[i];
    return sum;
}

static inline __m256 load_bf16(const uint16_t *p) {
    return _mm256_castsi256_ps(_mm256_slli_epi32(_mm256_cvtepu16_epi32(_mm_loadu_si128((const __m128i *)p)), 16));
}

static float dot_bf16(int64_t n, const void *wv, const void *av) {
    const uint16_t *w = wv;
    const float *a = av;
    __m256 acc0 = _mm256_setzero_ps(), acc1 = _mm256_setzero_ps();
    int64_t i = 0;
    for (; i + 16 <= n; i += 16) {
        acc0 = _mm256_fmadd_ps(load_bf16(w + i), _mm256_loadu_ps(a + i), acc0);
        acc1 = _mm256_fmadd_ps(load_bf16(w + i + 8), _mm256_loadu_ps(a + i + 8), acc1);
    }
    float sum = hsum8(_mm256_add_ps(acc0, acc1));
    for (; i < n; i++) sum += loupe_bf16_to_fp32(w[i]) * a[i];
    return sum;
}

#pragma clang attribute pop

const loupe_vec_dot_fn loupe_vec_dot_avx2[LOUPE_TYPE_TABLE] = {
    [LOUPE_TYPE_F32] = dot_f32,   [LOUPE_TYPE_F16] = dot_f16,   [LOUPE_TYPE_BF16] = dot_bf16,
    [LOUPE_TYPE_Q4_0] = loupe_avx2_dot_q4_0, [LOUPE_TYPE_Q4_1] = dot_q4_1, [LOUPE_TYPE_Q5_0] = loupe_avx2_dot_q5_0,
    [LOUPE_TYPE_Q5_1] = dot_q5_1, [LOUPE_TYPE_Q8_0] = loupe_avx2_dot_q8_0, [LOUPE_TYPE_Q4_K] = loupe_avx2_dot_q4_K,
    [LOUPE_TYPE_Q5_K] = dot_q5_K, [LOUPE_TYPE_Q6_K] = loupe_avx2_dot_q6_K,
};
#endif
