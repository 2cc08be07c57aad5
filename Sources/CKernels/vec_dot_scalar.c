// Scalar dot products: the reference for the SIMD paths and the portable path on other CPUs.
// Within a block everything is integer arithmetic; block scales are applied in float.
#include "CKernels.h"
#include "blocks.h"
#include "kernels_internal.h"

#define H2F loupe_fp16_to_fp32

static float dot_q4_0(int64_t n, const void *wv, const void *av) {
    const block_q4_0 *w = wv;
    const block_q8_0 *a = av;
    float sum = 0.0f;
    for (int64_t i = 0; i < n / QK32; i++) {
        int isum = 0;
        for (int j = 0; j < QK32 / 2; j++) {
            isum += ((w[i].qs[j] & 0x0F) - 8) * a[i].qs[j];
            isum += ((w[i].qs[j] >> 4) - 8) * a[i].qs[j + QK32 / 2];
        }
        sum += (float)isum * (H2F(w[i].d) * H2F(a[i].d));
    }
    return sum;
}

static float dot_q4_1(int64_t n, const void *wv, const void *av) {
    const block_q4_1 *w = wv;
    const block_q8_1 *a = av;
    float sum = 0.0f;
    for (int64_t i = 0; i < n / QK32; i++) {
        int isum = 0;
        for (int j = 0; j < QK32 / 2; j++) {
            isum += (w[i].qs[j] & 0x0F) * a[i].qs[j];
            isum += (w[i].qs[j] >> 4) * a[i].qs[j + QK32 / 2];
        }
        sum += (float)isum * (H2F(w[i].d) * H2F(a[i].d)) + H2F(w[i].m) * H2F(a[i].s);
    }
    return sum;
}

static float dot_q5_0(int64_t n, const void *wv, const void *av) {
    const block_q5_0 *w = wv;
    const block_q8_0 *a = av;
    float sum = 0.0f;
    for (int64_t i = 0; i < n / QK32; i++) {
        const uint32_t qh = loupe_load_u32(w[i].qh);
        int isum = 0;
        for (int j = 0; j < QK32 / 2; j++) {
            const int q0 = ((w[i].qs[j] & 0x0F) | (((qh >> j) & 1) << 4)) - 16;
            const int q1 = ((w[i].qs[j] >> 4) | (((qh >> (j + 16)) & 1) << 4)) - 16;
            isum += q0 * a[i].qs[j] + q1 * a[i].qs[j + QK32 / 2];
        }
        sum += (float)isum * (H2F(w[i].d) * H2F(a[i].d));
    }
    return sum;
}

static float dot_q5_1(int64_t n, const void *wv, const void *av) {
    const block_q5_1 *w = wv;
    const block_q8_1 *a = av;
    float sum = 0.0f;
    for (int64_t i = 0; i < n / QK32; i++) {
        const uint32_t qh = loupe_load_u32(w[i].qh);
        int isum = 0;
        for (int j = 0; j < QK32 / 2; j++) {
            const int q0 = (w[i].qs[j] & 0x0F) | (((qh >> j) & 1) << 4);
            const int q1 = (w[i].qs[j] >> 4) | (((qh >> (j + 16)) & 1) << 4);
            isum += q0 * a[i].qs[j] + q1 * a[i].qs[j + QK32 / 2];
        }
        sum += (float)isum * (H2F(w[i].d) * H2F(a[i].d)) + H2F(w[i].m) * H2F(a[i].s);
    }
    return sum;
}

static float dot_q8_0(int64_t n, const void *wv, const void *av) {
    const block_q8_0 *w = wv;
    const block_q8_0 *a = av;
    float sum = 0.0f;
    for (int64_t i = 0; i < n / QK32; i++) {
        int isum = 0;
        for (int j = 0; j < QK32; j++) isum += w[i].qs[j] * a[i].qs[j];
        sum += (float)isum * (H2F(w[i].d) * H2F(a[i].d));
    }
    return sum;
}

static float dot_q4_K(int64_t n, const void *wv, const void *av) {
    const block_q4_K *w = wv;
    const block_q8_K *a = av;
    float sum = 0.0f;
    for (int64_t i = 0; i < n / QK_K; i++) {
        int scaled = 0, mins = 0;
        const uint8_t *q = w[i].qs;
        const int8_t *y = a[i].qs;
        for (int j = 0; j < 4; j++) {
            uint8_t sc1, m1, sc2, m2;
            loupe_k_scale_min(2 * j, w[i].scales, &sc1, &m1);
            loupe_k_scale_min(2 * j + 1, w[i].scales, &sc2, &m2);
            int lo = 0, hi = 0;
            for (int l = 0; l < 32; l++) {
                lo += (q[l] & 0xF) * y[l];
                hi += (q[l] >> 4) * y[l + 32];
            }
            scaled += sc1 * lo + sc2 * hi;
            mins += m1 * (a[i].bsums[4 * j] + a[i].bsums[4 * j + 1]) + m2 * (a[i].bsums[4 * j + 2] + a[i].bsums[4 * j + 3]);
            q += 32;
            y += 64;
        }
        sum += a[i].d * (H2F(w[i].d) * (float)scaled - H2F(w[i].dmin) * (float)mins);
    }
    return sum;
}

static float dot_q5_K(int64_t n, const void *wv, const void *av) {
    const block_q5_K *w = wv;
    const block_q8_K *a = av;
    float sum = 0.0f;
    for (int64_t i = 0; i < n / QK_K; i++) {
        int scaled = 0, mins = 0;
        const uint8_t *q = w[i].qs, *qh = w[i].qh;
        const int8_t *y = a[i].qs;
        for (int j = 0; j < 4; j++) {
            uint8_t sc1, m1, sc2, m2;
            loupe_k_scale_min(2 * j, w[i].scales, &sc1, &m1);
            loupe_k_scale_min(2 * j + 1, w[i].scales, &sc2, &m2);
            int lo = 0, hi = 0;
            for (int l = 0; l < 32; l++) {
                lo += ((q[l] & 0xF) | (((qh[l] >> (2 * j)) & 1) << 4)) * y[l];
                hi += ((q[l] >> 4) | (((qh[l] >> (2 * j + 1)) & 1) << 4)) * y[l + 32];
            }
            scaled += sc1 * lo + sc2 * hi;
            mins += m1 * (a[i].bsums[4 * j] + a[i].bsums[4 * j + 1]) + m2 * (a[i].bsums[4 * j + 2] + a[i].bsums[4 * j + 3]);
            q += 32;
            y += 64;
        }
        sum += a[i].d * (H2F(w[i].d) * (float)scaled - H2F(w[i].dmin) * (float)mins);
    }
    return sum;
}

static float dot_q6_K(int64_t n, const void *wv, const void *av) {
    const block_q6_K *w = wv;
    const block_q8_K *a = av;
    float sum = 0.0f;
    for (int64_t i = 0; i < n / QK_K; i++) {
        int isum = 0;
        const uint8_t *ql = w[i].ql, *qh = w[i].qh;
        const int8_t *y = a[i].qs, *sc = w[i].scales;
        for (int half = 0; half < 2; half++) {
            int part[8] = {0};   // per sub-block of 16: index = l / 16 + 2 * quarter
            for (int l = 0; l < 32; l++) {
                const int is = l / 16;
                part[is + 0] += ((int)((ql[l] & 0xF) | (((qh[l] >> 0) & 3) << 4)) - 32) * y[l];
                part[is + 2] += ((int)((ql[l + 32] & 0xF) | (((qh[l] >> 2) & 3) << 4)) - 32) * y[l + 32];
                part[is + 4] += ((int)((ql[l] >> 4) | (((qh[l] >> 4) & 3) << 4)) - 32) * y[l + 64];
                part[is + 6] += ((int)((ql[l + 32] >> 4) | (((qh[l] >> 6) & 3) << 4)) - 32) * y[l + 96];
            }
            for (int s = 0; s < 8; s++) isum += sc[s] * part[s];
            ql += 64;
            qh += 32;
            y += 128;
            sc += 8;
        }
        sum += a[i].d * H2F(w[i].d) * (float)isum;
    }
    return sum;
}

static float dot_f32(int64_t n, const void *wv, const void *av) {
    const float *w = wv, *a = av;
    float sum = 0.0f;
    for (int64_t i = 0; i < n; i++) sum += w[i] * a[i];
    return sum;
}

static float dot_f16(int64_t n, const void *wv, const void *av) {
    const uint16_t *w = wv;
    const float *a = av;
    float sum = 0.0f;
    for (int64_t i = 0; i < n; i++) sum += H2F(w[i]) * a[i];
    return sum;
}

static float dot_bf16(int64_t n, const void *wv, const void *av) {
    const uint16_t *w = wv;
    const float *a = av;
    float sum = 0.0f;
    for (int64_t i = 0; i < n; i++) sum += loupe_bf16_to_fp32(w[i]) * a[i];
    return sum;
}

const loupe_vec_dot_fn loupe_vec_dot_scalar[LOUPE_TYPE_TABLE] = {
    [LOUPE_TYPE_F32] = dot_f32,   [LOUPE_TYPE_F16] = dot_f16,   [LOUPE_TYPE_BF16] = dot_bf16,
    [LOUPE_TYPE_Q4_0] = dot_q4_0, [LOUPE_TYPE_Q4_1] = dot_q4_1, [LOUPE_TYPE_Q5_0] = dot_q5_0,
    [LOUPE_TYPE_Q5_1] = dot_q5_1, [LOUPE_TYPE_Q8_0] = dot_q8_0, [LOUPE_TYPE_Q4_K] = dot_q4_K,
    [LOUPE_TYPE_Q5_K] = dot_q5_K, [LOUPE_TYPE_Q6_K] = dot_q6_K,
};
