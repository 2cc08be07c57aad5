// Float16 / bfloat16 rows to float32 with F16C / AVX-512, for the prompt route (whole weight
// tiles are converted for OpenBLAS on every product, so the scalar conversion would be a large
// share of a PaliGemma prompt) and for embedding lookups. Every path gives the scalar reference's
// values (the conversions are exact); NaN payloads may differ.
#include "CKernels.h"

static void scalar_rows(int type, const uint16_t *src, float *dst, int64_t n) {
    for (int64_t i = 0; i < n; i++) dst[i] = type == LOUPE_TYPE_F16 ? loupe_fp16_to_fp32(src[i]) : loupe_bf16_to_fp32(src[i]);
}

#if defined(__x86_64__)
#include <immintrin.h>

__attribute__((target("avx2,f16c"))) static void avx2_rows(int type, const uint16_t *src, float *dst, int64_t n) {
    int64_t i = 0;
    if (type == LOUPE_TYPE_F16) {
        for (; i + 8 <= n; i += 8) _mm256_storeu_ps(dst + i, _mm256_cvtph_ps(_mm_loadu_si128((const __m128i *)(src + i))));
    } else {
        for (; i + 8 <= n; i += 8)
            _mm256_storeu_ps(dst + i, _mm256_castsi256_ps(_mm256_slli_epi32(_mm256_cvtepu16_epi32(_mm_loadu_si128((const __m128i *)(src + i))), 16)));
    }
    scalar_rows(type, src + i, dst + i, n - i);
}

__attribute__((target("avx512f,avx2,f16c"))) static void avx512_rows(int type, const uint16_t *src, float *dst, int64_t n) {
    int64_t i = 0;
    if (type == LOUPE_TYPE_F16) {
        for (; i + 16 <= n; i += 16) _mm512_storeu_ps(dst + i, _mm512_cvtph_ps(_mm256_loadu_si256((const __m256i *)(src + i))));
    } else {
        for (; i + 16 <= n; i += 16)
            _mm512_storeu_ps(dst + i, _mm512_castsi512_ps(_mm512_slli_epi32(_mm512_cvtepu16_epi32(_mm256_loadu_si256((const __m256i *)(src + i))), 16)));
    }
    scalar_rows(type, src + i, dst + i, n - i);
}
#endif

int loupe_convert_half_row(int path, int type, const void *src, float *dst, int64_t n) {
    if ((type != LOUPE_TYPE_F16 && type != LOUPE_TYPE_BF16) || n < 0 || !loupe_simd_path_supported(path)) return -1;
    switch (path) {
#if defined(__x86_64__)
    case LOUPE_PATH_AVX512: avx512_rows(type, src, dst, n); return 0;
    case LOUPE_PATH_AVX2: avx2_rows(type, src, dst, n); return 0;
#endif
    default: scalar_rows(type, src, dst, n); return 0;
    }
}
