// GELU gate of the Gemma feed-forward block on the AVX-512 path: gate[i] = gelu(gate[i]) * up[i],
// GELU looked up in a table indexed by the input's half-precision bits, as llama.cpp computes it
// (DecoderMath.geluGate in Swift is the reference and the other paths). Sixteen inputs per step:
// one conversion to half precision (round to nearest even, as the reference rounds), one gather.
#include "CKernels.h"
#if defined(__x86_64__)
#include <immintrin.h>

__attribute__((target("avx512f,avx512bw,avx512vl,f16c")))
static void gelu_gate_avx512(float *gate, const float *up, int64_t n, const float *table) {
    const __m512 low = _mm512_set1_ps(-10.0f), high = _mm512_set1_ps(10.0f);
    int64_t i = 0;
    for (; i + 16 <= n; i += 16) {
        const __m512 x = _mm512_loadu_ps(gate + i);
        const __m512i bits = _mm512_cvtepu16_epi32(_mm512_cvtps_ph(x, _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC));
        __m512 g = _mm512_i32gather_ps(bits, table, 4);
        g = _mm512_mask_mov_ps(g, _mm512_cmp_ps_mask(x, high, _CMP_GE_OQ), x);
        g = _mm512_mask_mov_ps(g, _mm512_cmp_ps_mask(x, low, _CMP_LE_OQ), _mm512_setzero_ps());
        _mm512_storeu_ps(gate + i, _mm512_mul_ps(g, _mm512_loadu_ps(up + i)));
    }
    for (; i < n; i++) {
        const float x = gate[i];
        const float g = x <= -10.0f ? 0.0f : x >= 10.0f ? x : table[_cvtss_sh(x, _MM_FROUND_TO_NEAREST_INT)];
        gate[i] = g * up[i];
    }
}
#endif

int loupe_gelu_gate_half_table(float *gate, const float *up, int64_t n, const float *table) {
#if defined(__x86_64__)
    if (loupe_simd_path_active() == LOUPE_PATH_AVX512) {
        gelu_gate_avx512(gate, up, n, table);
        return 0;
    }
#endif
    return -1;
}
