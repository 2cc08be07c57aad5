// Quantizes float activations into the 8-bit formats the integer dot products consume, once per
// matrix product. Rounding follows what llama.cpp does on x86 (its SIMD quantizers: inverse scale
// 127 / amax, round half to even), so products match the reference engine as closely as possible.
// The SIMD paths use quantize_avx2.c, which writes the same bytes.
#include <math.h>
#include "CKernels.h"
#include "blocks.h"
#include "kernels_internal.h"

static void quantize_q8_0(const float *x, block_q8_0 *y, int64_t nb) {
    for (int64_t i = 0; i < nb; i++) {
        float amax = 0.0f;
        for (int j = 0; j < QK32; j++) amax = fmaxf(amax, fabsf(x[i * QK32 + j]));
        const float d = amax / 127.0f, id = amax != 0.0f ? 127.0f / amax : 0.0f;
        y[i].d = loupe_fp32_to_fp16(d);
        for (int j = 0; j < QK32; j++) y[i].qs[j] = (int8_t)nearbyintf(x[i * QK32 + j] * id);
    }
}

static void quantize_q8_1(const float *x, block_q8_1 *y, int64_t nb) {
    for (int64_t i = 0; i < nb; i++) {
        float amax = 0.0f;
        for (int j = 0; j < QK32; j++) amax = fmaxf(amax, fabsf(x[i * QK32 + j]));
        const float d = amax / 127.0f, id = amax != 0.0f ? 127.0f / amax : 0.0f;
        int sum = 0;
        for (int j = 0; j < QK32; j++) {
            y[i].qs[j] = (int8_t)nearbyintf(x[i * QK32 + j] * id);
            sum += y[i].qs[j];
        }
        y[i].d = loupe_fp32_to_fp16(d);
        y[i].s = loupe_fp32_to_fp16((float)sum * d);
    }
}

static void quantize_q8_K(const float *x, block_q8_K *y, int64_t nb) {
    for (int64_t i = 0; i < nb; i++) {
        const float *xb = x + i * QK_K;
        float amax = 0.0f, max = 0.0f;   // max keeps the sign of the largest magnitude
        for (int j = 0; j < QK_K; j++) {
            if (fabsf(xb[j]) > amax) { amax = fabsf(xb[j]); max = xb[j]; }
        }
        if (amax == 0.0f) {
            memset(&y[i], 0, sizeof(y[i]));
            continue;
        }
        const float iscale = -127.0f / max;
        for (int j = 0; j < QK_K; j++) {
            const int v = (int)nearbyintf(iscale * xb[j]);
            y[i].qs[j] = (int8_t)(v > 127 ? 127 : v);
        }
        for (int g = 0; g < QK_K / 16; g++) {
            int sum = 0;
            for (int j = 0; j < 16; j++) sum += y[i].qs[g * 16 + j];
            y[i].bsums[g] = (int16_t)sum;
        }
        y[i].d = 1.0f / iscale;
    }
}

int loupe_quantize_activation_row(int act_type, const float *x, void *dst, int64_t n) {
    const int64_t block = loupe_type_block_size(act_type);
    if (block == 0 || n % block != 0) return -1;
    switch (act_type) {
    case LOUPE_TYPE_F32: memcpy(dst, x, (size_t)n * sizeof(float)); return 0;
#if defined(__x86_64__)
    case LOUPE_TYPE_Q8_0:
        if (loupe_simd_path_active() != LOUPE_PATH_SCALAR) loupe_quantize_q8_0_avx2(x, dst, n / block);
        else quantize_q8_0(x, dst, n / block);
        return 0;
    case LOUPE_TYPE_Q8_K:
        if (loupe_simd_path_active() != LOUPE_PATH_SCALAR) loupe_quantize_q8_K_avx2(x, dst, n / block);
        else quantize_q8_K(x, dst, n / block);
        return 0;
#else
    case LOUPE_TYPE_Q8_0: quantize_q8_0(x, dst, n / block); return 0;
    case LOUPE_TYPE_Q8_K: quantize_q8_K(x, dst, n / block); return 0;
#endif
    case LOUPE_TYPE_Q8_1: quantize_q8_1(x, dst, n / block); return 0;
    default: return -1;
    }
}

int loupe_activation_type(int weight_type) {
    switch (weight_type) {
    case LOUPE_TYPE_F32: case LOUPE_TYPE_F16: case LOUPE_TYPE_BF16: return LOUPE_TYPE_F32;
    case LOUPE_TYPE_Q4_0: case LOUPE_TYPE_Q5_0: case LOUPE_TYPE_Q8_0: return LOUPE_TYPE_Q8_0;
    case LOUPE_TYPE_Q4_1: case LOUPE_TYPE_Q5_1: return LOUPE_TYPE_Q8_1;
    case LOUPE_TYPE_Q4_K: case LOUPE_TYPE_Q5_K: case LOUPE_TYPE_Q6_K: return LOUPE_TYPE_Q8_K;
    default: return -1;
    }
}
