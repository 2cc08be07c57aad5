// AVX2 activation quantizers: the same bytes as quantize_activations.c's scalar ones (the same
// float products, rounded half to even by roundps instead of nearbyintf), eight floats at a time.
// A prompt quantizes every layer input once per product, which the scalar loops made a sizeable
// part of prefill.
#if defined(__x86_64__)
#pragma clang attribute push(__attribute__((target("avx2,fma,f16c"))), apply_to = function)
#include <immintrin.h>
#include "CKernels.h"
#include "blocks.h"
#include "kernels_internal.h"

static inline float horizontal_max(__m256 v) {
    __m128 x = _mm_max_ps(_mm256_extractf128_ps(v, 1), _mm256_castps256_ps128(v));
    x = _mm_max_ps(x, _mm_movehl_ps(x, x));
    x = _mm_max_ss(x, _mm_movehdup_ps(x));
    return _mm_cvtss_f32(x);
}

static inline __m256 absolute(__m256 v) { return _mm256_andnot_ps(_mm256_set1_ps(-0.0f), v); }

// 32 int32 values (four vectors, in order) packed into 32 int8 in order.
static inline __m256i pack_32(__m256i a, __m256i b, __m256i c, __m256i d) {
    const __m256i packed = _mm256_packs_epi16(_mm256_packs_epi32(a, b), _mm256_packs_epi32(c, d));
    // packs interleaves the two 128-bit lanes: dwords come out in order 0 4 1 5 2 6 3 7.
    return _mm256_permutevar8x32_epi32(packed, _mm256_setr_epi32(0, 4, 1, 5, 2, 6, 3, 7));
}

static inline __m256i rounded(__m256 v, __m256 scale) {
    return _mm256_cvtps_epi32(_mm256_round_ps(_mm256_mul_ps(v, scale), _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC));
}

void loupe_quantize_q8_0_avx2(const float *x, void *dst, int64_t nb) {
    block_q8_0 *y = dst;
    for (int64_t i = 0; i < nb; i++) {
        const float *xb = x + i * QK32;
        const __m256 v0 = _mm256_loadu_ps(xb), v1 = _mm256_loadu_ps(xb + 8), v2 = _mm256_loadu_ps(xb + 16), v3 = _mm256_loadu_ps(xb + 24);
        const float amax = horizontal_max(_mm256_max_ps(_mm256_max_ps(absolute(v0), absolute(v1)), _mm256_max_ps(absolute(v2), absolute(v3))));
        const float d = amax / 127.0f, id = amax != 0.0f ? 127.0f / amax : 0.0f;
        y[i].d = loupe_fp32_to_fp16(d);
        const __m256 scale = _mm256_set1_ps(id);
        _mm256_storeu_si256((__m256i *)y[i].qs, pack_32(rounded(v0, scale), rounded(v1, scale), rounded(v2, scale), rounded(v3, scale)));
    }
}

void loupe_quantize_q8_K_avx2(const float *x, void *dst, int64_t nb) {
    block_q8_K *y = dst;
    for (int64_t i = 0; i < nb; i++) {
        const float *xb = x + i * QK_K;
        __m256 largest = _mm256_setzero_ps();
        for (int j = 0; j < QK_K; j += 8) largest = _mm256_max_ps(largest, absolute(_mm256_loadu_ps(xb + j)));
        const float amax = horizontal_max(largest);
        if (amax == 0.0f) {
            memset(&y[i], 0, sizeof(y[i]));
            continue;
        }
        // The scale takes the sign of the first element of largest magnitude, as the scalar loop.
        float max = 0.0f;
        for (int j = 0; j < QK_K; j += 8) {
            const int hits = _mm256_movemask_ps(_mm256_cmp_ps(absolute(_mm256_loadu_ps(xb + j)), _mm256_set1_ps(amax), _CMP_EQ_OQ));
            if (hits) { max = xb[j + __builtin_ctz((unsigned)hits)]; break; }
        }
        const float iscale = -127.0f / max;
        const __m256 scale = _mm256_set1_ps(iscale);
        const __m256i limit = _mm256_set1_epi32(127);
        for (int c = 0; c < QK_K / 32; c++) {
            const float *xc = xb + 32 * c;
            const __m256i q0 = _mm256_min_epi32(rounded(_mm256_loadu_ps(xc), scale), limit);
            const __m256i q1 = _mm256_min_epi32(rounded(_mm256_loadu_ps(xc + 8), scale), limit);
            const __m256i q2 = _mm256_min_epi32(rounded(_mm256_loadu_ps(xc + 16), scale), limit);
            const __m256i q3 = _mm256_min_epi32(rounded(_mm256_loadu_ps(xc + 24), scale), limit);
            _mm256_storeu_si256((__m256i *)(y[i].qs + 32 * c), pack_32(q0, q1, q2, q3));
            // Sums of elements 0..15 and 16..31 of the chunk.
            const __m256i h = _mm256_hadd_epi32(_mm256_add_epi32(q0, q1), _mm256_add_epi32(q2, q3));
            const __m256i h2 = _mm256_hadd_epi32(h, h);
            const __m128i sums = _mm_add_epi32(_mm256_castsi256_si128(h2), _mm256_extracti128_si256(h2, 1));
            y[i].bsums[2 * c] = (int16_t)_mm_cvtsi128_si32(sums);
            y[i].bsums[2 * c + 1] = (int16_t)_mm_extract_epi32(sums, 1);
        }
        y[i].d = 1.0f / iscale;
    }
}

#pragma clang attribute pop
#endif
