// Index of the largest of a decoded token's logits (greedy decoding), the first one on ties;
// NaN never wins, and a row with nothing above -infinity gives 0. The AVX-512 path finds the
// largest value sixteen lanes at a time, then its first index; the scalar loop is the reference
// and the other paths.
#include <math.h>
#include "CKernels.h"
#if defined(__x86_64__)
#include <immintrin.h>

__attribute__((target("avx512f")))
static int64_t argmax_avx512(const float *x, int64_t n) {
    const int64_t vector_end = n / 16 * 16;
    __m512 lanes = _mm512_set1_ps(-INFINITY);
    // max_ps returns its second operand when either is NaN: keep the running maximum second.
    for (int64_t i = 0; i < vector_end; i += 16) lanes = _mm512_max_ps(_mm512_loadu_ps(x + i), lanes);
    float maximum = _mm512_reduce_max_ps(lanes);
    for (int64_t i = vector_end; i < n; i++)
        if (x[i] > maximum) maximum = x[i];
    if (!(maximum > -INFINITY)) return 0;
    const __m512 target = _mm512_set1_ps(maximum);
    for (int64_t i = 0; i < vector_end; i += 16) {
        const __mmask16 hit = _mm512_cmp_ps_mask(_mm512_loadu_ps(x + i), target, _CMP_EQ_OQ);
        if (hit) return i + __builtin_ctz(hit);
    }
    for (int64_t i = vector_end; i < n; i++)
        if (x[i] == maximum) return i;
    return 0;
}
#endif

int64_t loupe_argmax_reference(const float *x, int64_t n) {
    int64_t best = 0;
    float best_value = -INFINITY;
    for (int64_t i = 0; i < n; i++)
        if (x[i] > best_value) { best = i; best_value = x[i]; }
    return best;
}

int64_t loupe_argmax(const float *x, int64_t n) {
#if defined(__x86_64__)
    if (loupe_simd_path_active() == LOUPE_PATH_AVX512) return argmax_avx512(x, n);
#endif
    return loupe_argmax_reference(x, n);
}
