// Scalar dequantization, the reference every other path is checked against. The products are
// written in ggml's order and contraction is off, so results are bit-exact with ggml and with
// the gguf Python package.
#pragma clang fp contract(off)
#include "CKernels.h"
#include "blocks.h"

#define H2F loupe_fp16_to_fp32

int64_t loupe_type_block_size(int type) {
    switch (type) {
    case LOUPE_TYPE_F32: case LOUPE_TYPE_F16: case LOUPE_TYPE_BF16: return 1;
    case LOUPE_TYPE_Q4_0: case LOUPE_TYPE_Q4_1: case LOUPE_TYPE_Q5_0: case LOUPE_TYPE_Q5_1:
    case LOUPE_TYPE_Q8_0: case LOUPE_TYPE_Q8_1: return QK32;
    case LOUPE_TYPE_Q4_K: case LOUPE_TYPE_Q5_K: case LOUPE_TYPE_Q6_K: case LOUPE_TYPE_Q8_K: return QK_K;
    default: return 0;
    }
}

int64_t loupe_type_block_bytes(int type) {
    switch (type) {
    case LOUPE_TYPE_F32: return 4;
    case LOUPE_TYPE_F16: case LOUPE_TYPE_BF16: return 2;
    case LOUPE_TYPE_Q4_0: return sizeof(block_q4_0);
    case LOUPE_TYPE_Q4_1: return sizeof(block_q4_1);
    case LOUPE_TYPE_Q5_0: return sizeof(block_q5_0);
    case LOUPE_TYPE_Q5_1: return sizeof(block_q5_1);
    case LOUPE_TYPE_Q8_0: return sizeof(block_q8_0);
    case LOUPE_TYPE_Q8_1: return sizeof(block_q8_1);
    case LOUPE_TYPE_Q4_K: return sizeof(block_q4_K);
    case LOUPE_TYPE_Q5_K: return sizeof(block_q5_K);
    case LOUPE_TYPE_Q6_K: return sizeof(block_q6_K);
    case LOUPE_TYPE_Q8_K: return sizeof(block_q8_K);
    default: return 0;
    }
}

static void dequantize_q4_0(const block_q4_0 *x, float *y, int64_t nb) {
    for (int64_t i = 0; i < nb; i++) {
        const float d = H2F(x[i].d);
        for (int j = 0; j < QK32 / 2; j++) {
            y[i * QK32 + j] = (float)((x[i].qs[j] & 0x0F) - 8) * d;
            y[i * QK32 + j + QK32 / 2] = (float)((x[i].qs[j] >> 4) - 8) * d;
        }
    }
}

static void dequantize_q4_1(const block_q4_1 *x, float *y, int64_t nb) {
    for (int64_t i = 0; i < nb; i++) {
        const float d = H2F(x[i].d), m = H2F(x[i].m);
        for (int j = 0; j < QK32 / 2; j++) {
            y[i * QK32 + j] = (float)(x[i].qs[j] & 0x0F) * d + m;
            y[i * QK32 + j + QK32 / 2] = (float)(x[i].qs[j] >> 4) * d + m;
        }
    }
}

static void dequantize_q5_0(const block_q5_0 *x, float *y, int64_t nb) {
    for (int64_t i = 0; i < nb; i++) {
        const float d = H2F(x[i].d);
        const uint32_t qh = loupe_load_u32(x[i].qh);
        for (int j = 0; j < QK32 / 2; j++) {
            const int high0 = ((qh >> j) & 1) << 4, high1 = ((qh >> (j + 16)) & 1) << 4;
            y[i * QK32 + j] = (float)(((x[i].qs[j] & 0x0F) | high0) - 16) * d;
            y[i * QK32 + j + QK32 / 2] = (float)(((x[i].qs[j] >> 4) | high1) - 16) * d;
        }
    }
}

static void dequantize_q5_1(const block_q5_1 *x, float *y, int64_t nb) {
    for (int64_t i = 0; i < nb; i++) {
        const float d = H2F(x[i].d), m = H2F(x[i].m);
        const uint32_t qh = loupe_load_u32(x[i].qh);
        for (int j = 0; j < QK32 / 2; j++) {
            const int high0 = ((qh >> j) & 1) << 4, high1 = ((qh >> (j + 16)) & 1) << 4;
            y[i * QK32 + j] = (float)((x[i].qs[j] & 0x0F) | high0) * d + m;
            y[i * QK32 + j + QK32 / 2] = (float)((x[i].qs[j] >> 4) | high1) * d + m;
        }
    }
}

static void dequantize_q8_0(const block_q8_0 *x, float *y, int64_t nb) {
    for (int64_t i = 0; i < nb; i++) {
        const float d = H2F(x[i].d);
        for (int j = 0; j < QK32; j++) y[i * QK32 + j] = (float)x[i].qs[j] * d;
    }
}

static void dequantize_q4_K(const block_q4_K *x, float *y, int64_t nb) {
    for (int64_t i = 0; i < nb; i++) {
        const float d = H2F(x[i].d), dmin = H2F(x[i].dmin);
        const uint8_t *q = x[i].qs;
        for (int j = 0; j < 4; j++) {   // 64 elements per step: low nibbles then high nibbles
            uint8_t sc, m;
            loupe_k_scale_min(2 * j, x[i].scales, &sc, &m);
            const float d1 = d * sc, m1 = dmin * m;
            loupe_k_scale_min(2 * j + 1, x[i].scales, &sc, &m);
            const float d2 = d * sc, m2 = dmin * m;
            for (int l = 0; l < 32; l++) *y++ = d1 * (float)(q[l] & 0xF) - m1;
            for (int l = 0; l < 32; l++) *y++ = d2 * (float)(q[l] >> 4) - m2;
            q += 32;
        }
    }
}

static void dequantize_q5_K(const block_q5_K *x, float *y, int64_t nb) {
    for (int64_t i = 0; i < nb; i++) {
        const float d = H2F(x[i].d), dmin = H2F(x[i].dmin);
        const uint8_t *ql = x[i].qs, *qh = x[i].qh;
        for (int j = 0; j < 4; j++) {
            uint8_t sc, m;
            loupe_k_scale_min(2 * j, x[i].scales, &sc, &m);
            const float d1 = d * sc, m1 = dmin * m;
            loupe_k_scale_min(2 * j + 1, x[i].scales, &sc, &m);
            const float d2 = d * sc, m2 = dmin * m;
            const uint8_t bit1 = (uint8_t)(1u << (2 * j)), bit2 = (uint8_t)(2u << (2 * j));
            for (int l = 0; l < 32; l++) *y++ = d1 * (float)((ql[l] & 0xF) + (qh[l] & bit1 ? 16 : 0)) - m1;
            for (int l = 0; l < 32; l++) *y++ = d2 * (float)((ql[l] >> 4) + (qh[l] & bit2 ? 16 : 0)) - m2;
            ql += 32;
        }
    }
}

static void dequantize_q6_K(const block_q6_K *x, float *y, int64_t nb) {
    for (int64_t i = 0; i < nb; i++) {
        const float d = H2F(x[i].d);
        const uint8_t *ql = x[i].ql, *qh = x[i].qh;
        const int8_t *sc = x[i].scales;
        for (int half = 0; half < 2; half++) {   // 128 elements each
            for (int l = 0; l < 32; l++) {
                const int is = l / 16;
                const int q1 = (int)((ql[l] & 0xF) | (((qh[l] >> 0) & 3) << 4)) - 32;
                const int q2 = (int)((ql[l + 32] & 0xF) | (((qh[l] >> 2) & 3) << 4)) - 32;
                const int q3 = (int)((ql[l] >> 4) | (((qh[l] >> 4) & 3) << 4)) - 32;
                const int q4 = (int)((ql[l + 32] >> 4) | (((qh[l] >> 6) & 3) << 4)) - 32;
                y[l] = d * (float)sc[is + 0] * (float)q1;
                y[l + 32] = d * (float)sc[is + 2] * (float)q2;
                y[l + 64] = d * (float)sc[is + 4] * (float)q3;
                y[l + 96] = d * (float)sc[is + 6] * (float)q4;
            }
            y += 128;
            ql += 64;
            qh += 32;
            sc += 8;
        }
    }
}

int loupe_dequantize_row(int type, const void *src, float *dst, int64_t n) {
    const int64_t block = loupe_type_block_size(type);
    if (block == 0 || n < 0 || n % block != 0 || type == LOUPE_TYPE_Q8_1 || type == LOUPE_TYPE_Q8_K) return -1;
    const int64_t nb = n / block;
    switch (type) {
    case LOUPE_TYPE_F32: memcpy(dst, src, (size_t)n * 4); return 0;
    case LOUPE_TYPE_F16: {
        const uint16_t *h = src;
        for (int64_t i = 0; i < n; i++) dst[i] = loupe_fp16_to_fp32(h[i]);
        return 0;
    }
    case LOUPE_TYPE_BF16: {
        const uint16_t *h = src;
        for (int64_t i = 0; i < n; i++) dst[i] = loupe_bf16_to_fp32(h[i]);
        return 0;
    }
    case LOUPE_TYPE_Q4_0: dequantize_q4_0(src, dst, nb); return 0;
    case LOUPE_TYPE_Q4_1: dequantize_q4_1(src, dst, nb); return 0;
    case LOUPE_TYPE_Q5_0: dequantize_q5_0(src, dst, nb); return 0;
    case LOUPE_TYPE_Q5_1: dequantize_q5_1(src, dst, nb); return 0;
    case LOUPE_TYPE_Q8_0: dequantize_q8_0(src, dst, nb); return 0;
    case LOUPE_TYPE_Q4_K: dequantize_q4_K(src, dst, nb); return 0;
    case LOUPE_TYPE_Q5_K: dequantize_q5_K(src, dst, nb); return 0;
    case LOUPE_TYPE_Q6_K: dequantize_q6_K(src, dst, nb); return 0;
    default: return -1;
    }
}
