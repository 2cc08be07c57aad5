// AVX-512 (VL, BW, VNNI) register-tiled integer products: a tile of weight rows x activation rows
// per inner loop, so every weight block decoded into a register serves several activation rows
// and every activation block several weight rows. The path's dot kernels for these types are the
// 1 x 1 tile, so a prompt row and a decoded row give the same bits.
//
// Float order per output follows ggml's x86 dot products (and llamafile's tinyBLAS, which
// llama.cpp uses for prompts on the 32-blocks): eight int32 lanes per block (lane i sums elements
// 4i..4i+3), converted and fused-multiply-added with the scale product into one 8-lane
// accumulator in block order, summed across lanes at the end. 256-bit registers: on this CPU
// (Zen 4) 512-bit operations are issued as two 256-bit halves, and AVX-512VL gives 32 of them.
#if defined(__x86_64__)
#pragma clang attribute push(__attribute__((target("avx512f,avx512bw,avx512vl,avx512vnni,avx512dq,avx2,fma,f16c"))), apply_to = function)
#include <immintrin.h>
#include "CKernels.h"
#include "blocks.h"
#include "kernels_internal.h"
#include "x86_helpers.h"

// Tile shapes (measured with Benchmarks/kernel_bench.c against 4 x 6, 6 x 4 and 4 x 2): the
// accumulators, activation vectors and their corrections fill the 32 registers; the K-quants keep
// their float accumulators in memory, touched once per 256 elements.
enum { ROWS_32 = 4, COLS_32 = 4, ROWS_K = 4, COLS_K = 4 };

// The 32-blocks as unsigned bytes u = q + bias, so dpbusd (unsigned x signed) multiplies them
// with the activations; the bias times each lane's activation sum is taken off by starting the
// lane at -bias * sum, which one dpbusd per activation block computes for all weight rows.
INLINE __m256i q8_0_unsigned(const void *b) {
    return _mm256_xor_si256(_mm256_loadu_si256((const __m256i *)((const block_q8_0 *)b)->qs), _mm256_set1_epi8((char)0x80));
}
INLINE __m256i q5_0_unsigned(const void *b) {
    const block_q5_0 *block = b;
    return _mm256_or_si256(unpack_nibbles(block->qs), _mm256_maskz_set1_epi8(loupe_load_u32(block->qh), 0x10));
}
INLINE __m256i q4_0_unsigned(const void *b) { return unpack_nibbles(((const block_q4_0 *)b)->qs); }

// Up to four float16 scales, `stride` bytes apart, as floats.
INLINE __m128 four_scales(const uint8_t *first, size_t stride, int count) {
    uint64_t packed = 0;
    for (int i = 0; i < count; i++) {
        uint16_t h;
        memcpy(&h, first + i * stride, 2);
        packed |= (uint64_t)h << (16 * i);
    }
    return _mm_cvtph_ps(_mm_cvtsi64_si128((long long)packed));
}

// The 16 products weight scale r x activation scale j at [4 r + j] in one multiply (each the same
// float product ggml forms per block); the accumulation reads them as broadcast memory operands.
INLINE void scale_products(float products[16], __m128 weight_scales, __m128 activation_scales) {
    const __m512 by_row = _mm512_permutexvar_ps(_mm512_setr_epi32(0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3), _mm512_castps128_ps512(weight_scales));
    const __m512 by_col = _mm512_permutexvar_ps(_mm512_setr_epi32(0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3), _mm512_castps128_ps512(activation_scales));
    _mm512_store_ps(products, _mm512_mul_ps(by_row, by_col));
    // Through memory on purpose: kept in a register, each product would cost two shuffles.
    __asm__ volatile("" : : "r"(products) : "memory");
}

_Static_assert(ROWS_32 <= 4 && COLS_32 <= 4, "scale_products holds 4 x 4 products");

#define Q32_TILE(NAME, BLOCK, BIAS, UNSIGNED)                                                               \
    /* `unpacked` is always NULL: from UNPACK_MIN_ROWS rows on, the 32-blocks go through panels */         \
    INLINE void NAME##_body(int rows, int cols, int64_t nb, const uint8_t *w, size_t ws, const uint8_t *unpacked, \
                            const uint8_t *a, size_t as, float *out, size_t os) {                          \
        (void)unpacked;                                                                                     \
        __m256 acc[ROWS_32][COLS_32];                                                                       \
        for (int r = 0; r < rows; r++)                                                                      \
            for (int j = 0; j < cols; j++) acc[r][j] = _mm256_setzero_ps();                                 \
        const __m256i bias = _mm256_set1_epi8((char)(BIAS));                                                \
        _Alignas(64) float d[16];                                                                           \
        for (int64_t b = 0; b < nb; b++) {                                                                  \
            __m256i y[COLS_32], start[COLS_32];                                                             \
            for (int j = 0; j < cols; j++) {                                                                \
                const block_q8_0 *ab = (const block_q8_0 *)(a + j * as) + b;                                \
                y[j] = _mm256_loadu_si256((const __m256i *)ab->qs);                                         \
                /* activations are within [-127, 127], so negating them cannot overflow */                 \
                start[j] = _mm256_dpbusd_epi32(_mm256_setzero_si256(), bias, _mm256_sub_epi8(_mm256_setzero_si256(), y[j])); \
            }                                                                                               \
            scale_products(d, four_scales((const uint8_t *)((const BLOCK *)w + b), ws, rows),               \
                           four_scales((const uint8_t *)((const block_q8_0 *)a + b), as, cols));            \
            for (int r = 0; r < rows; r++) {                                                                \
                const __m256i u = UNSIGNED((const BLOCK *)(w + r * ws) + b);                                \
                for (int j = 0; j < cols; j++) {                                                            \
                    const __m256i lanes = _mm256_dpbusd_epi32(start[j], u, y[j]);                           \
                    acc[r][j] = _mm256_fmadd_ps(_mm256_set1_ps(d[4 * r + j]), _mm256_cvtepi32_ps(lanes), acc[r][j]); \
                }                                                                                           \
            }                                                                                               \
        }                                                                                                   \
        for (int r = 0; r < rows; r++)                                                                      \
            for (int j = 0; j < cols; j++) out[j * os + r] = hsum8(acc[r][j]);                              \
    }

Q32_TILE(q8_0, block_q8_0, 128, q8_0_unsigned)
Q32_TILE(q5_0, block_q5_0, 16, q5_0_unsigned)
Q32_TILE(q4_0, block_q4_0, 8, q4_0_unsigned)

// Panels (kernels_internal.h): the same integer lanes and float operations as the tiles above,
// with the work that does not depend on the activation row done once per product instead of once
// per tile: the weights' lane corrections and float scales when their rows are packed, the
// activations' scales when theirs are. What remains per block is one dpbusd, one conversion and one
// fused multiply-add per output, fed by broadcasts from a table of scale products that each tile
// fills SCALE_CHUNK blocks at a time (a table written in the same iteration that reads it stalls
// on store forwarding; this route measured 1.5x the tiles' GMAC/s on PaliGemma's shapes).
enum { SCALE_CHUNK = 64 };

#define WEIGHT_PANEL(NAME, BLOCK, BIAS, UNSIGNED)                                                           \
    static void NAME##_weight_panel(int64_t k, const uint8_t *w, size_t ws, int rows, loupe_weight_panel_block *dst) { \
        const int64_t nb = k / QK32;                                                                        \
        const __m256i zero = _mm256_setzero_si256();                                                        \
        for (int64_t b = 0; b < nb; b++) {                                                                  \
            for (int r = 0; r < LOUPE_PANEL; r++) {                                                         \
                __m256i values = zero;                                                                      \
                float scale = 0.0f;                                                                         \
                if (r < rows) {                                                                             \
                    const BLOCK *block = (const BLOCK *)(w + r * ws) + b;                                   \
                    values = _mm256_sub_epi8(UNSIGNED(block), _mm256_set1_epi8((char)(BIAS)));              \
                    scale = h2f(block->d);                                                                  \
                }                                                                                           \
                const __m256i sums = _mm256_dpbusd_epi32(zero, _mm256_set1_epi8(1), values);                \
                _mm256_storeu_si256((__m256i *)dst[b].values[r], values);                                   \
                _mm256_storeu_si256((__m256i *)dst[b].corrections[r], _mm256_slli_epi32(_mm256_sub_epi32(zero, sums), 7)); \
                dst[b].scales[r] = scale;                                                                   \
            }                                                                                               \
        }                                                                                                   \
    }

WEIGHT_PANEL(q8_0, block_q8_0, 128, q8_0_unsigned)
WEIGHT_PANEL(q5_0, block_q5_0, 16, q5_0_unsigned)
WEIGHT_PANEL(q4_0, block_q4_0, 8, q4_0_unsigned)

void loupe_avx512_activation_panel(int64_t k, const uint8_t *a, size_t as, int cols, loupe_activation_panel_block *dst) {
    const int64_t nb = k / QK32;
    for (int64_t b = 0; b < nb; b++) {
        for (int j = 0; j < LOUPE_PANEL; j++) {
            __m256i values = _mm256_setzero_si256();
            float scale = 0.0f;
            if (j < cols) {
                const block_q8_0 *block = (const block_q8_0 *)(a + j * as) + b;
                values = _mm256_xor_si256(_mm256_loadu_si256((const __m256i *)block->qs), _mm256_set1_epi8((char)0x80));
                scale = h2f(block->d);
            }
            _mm256_storeu_si256((__m256i *)dst[b].values[j], values);
            dst[b].scales[j] = scale;
        }
    }
}

void loupe_avx512_panel_product(int64_t nb, const loupe_weight_panel_block *w, const loupe_activation_panel_block *a,
                                const float *carry_in, float *carry_out, int rows, int cols, float *out, size_t os) {
    enum { P = LOUPE_PANEL };
    __m256 acc[P][P];
    for (int r = 0; r < P; r++)
        for (int j = 0; j < P; j++) acc[r][j] = carry_in ? _mm256_loadu_ps(carry_in + 8 * (P * r + j)) : _mm256_setzero_ps();
    // d[i][P r + j] = weight scale r x activation scale j of block chunk + i.
    _Alignas(64) float d[SCALE_CHUNK][P * P];
    const __m512i by_row = _mm512_setr_epi32(0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3);
    const __m512i by_col = _mm512_setr_epi32(0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3);
    for (int64_t chunk = 0; chunk < nb; chunk += SCALE_CHUNK) {
        const int64_t count = nb - chunk < SCALE_CHUNK ? nb - chunk : SCALE_CHUNK;
        for (int64_t i = 0; i < count; i++) {
            const __m512 ws = _mm512_permutexvar_ps(by_row, _mm512_castps128_ps512(_mm_loadu_ps(w[chunk + i].scales)));
            const __m512 as = _mm512_permutexvar_ps(by_col, _mm512_castps128_ps512(_mm_loadu_ps(a[chunk + i].scales)));
            _mm512_store_ps(d[i], _mm512_mul_ps(ws, as));
        }
        for (int64_t i = 0; i < count; i++) {
            const loupe_weight_panel_block *wb = w + chunk + i;
            const loupe_activation_panel_block *ab = a + chunk + i;
            __m256i y[P];
            for (int j = 0; j < P; j++) y[j] = _mm256_loadu_si256((const __m256i *)ab->values[j]);
            for (int r = 0; r < P; r++) {
                const __m256i x = _mm256_loadu_si256((const __m256i *)wb->values[r]);
                const __m256i correction = _mm256_loadu_si256((const __m256i *)wb->corrections[r]);
                for (int j = 0; j < P; j++) {
                    const __m256i lanes = _mm256_dpbusd_epi32(correction, y[j], x);
                    acc[r][j] = _mm256_fmadd_ps(_mm256_set1_ps(d[i][P * r + j]), _mm256_cvtepi32_ps(lanes), acc[r][j]);
                }
            }
        }
    }
    if (carry_out) {
        for (int r = 0; r < P; r++)
            for (int j = 0; j < P; j++) _mm256_storeu_ps(carry_out + 8 * (P * r + j), acc[r][j]);
        return;
    }
    if (rows == P && cols == P) {
        for (int r = 0; r < P; r++)
            for (int j = 0; j < P; j++) out[j * os + r] = hsum8(acc[r][j]);
        return;
    }
    for (int r = 0; r < rows; r++)
        for (int j = 0; j < cols; j++) out[j * os + r] = hsum8(acc[r][j]);
}

// Q4_K as ggml's x86 dot product orders it: the scaled sub-block sums in eight int32 lanes with
// one float accumulator, the mins against the activation group sums in four lanes with another.
// (llama.cpp itself runs Q4_K matrices with a multiple of 8 rows through its repacked 8x8 GEMM,
// which converts whole-block sums instead; that order, tried here, ran 17% slower and moved the
// Gemma 3 parity results only within their rounding noise.)
INLINE __m256i q4_K_values(const block_q4_K *b, int s) {
    const __m256i packed = _mm256_loadu_si256((const __m256i *)(b->qs + 32 * (s / 2)));
    const __m256i nibble = _mm256_set1_epi8(0x0F);
    return s % 2 == 0 ? _mm256_and_si256(packed, nibble) : _mm256_and_si256(_mm256_srli_epi16(packed, 4), nibble);
}

INLINE void q4_K_body(int rows, int cols, int64_t nb, const uint8_t *w, size_t ws, const uint8_t *unpacked,
                      const uint8_t *a, size_t as, float *out, size_t os) {
    __m256 acc[ROWS_K][COLS_K];
    __m128 acc_min[ROWS_K][COLS_K];
    for (int r = 0; r < rows; r++)
        for (int j = 0; j < cols; j++) { acc[r][j] = _mm256_setzero_ps(); acc_min[r][j] = _mm_setzero_ps(); }
    for (int64_t b = 0; b < nb; b++) {
        __m128i group_sums[COLS_K];   // sums of each 32 activations (pairs of the 16-element sums)
        float da[COLS_K];
        for (int j = 0; j < cols; j++) {
            const block_q8_K *ab = (const block_q8_K *)(a + j * as) + b;
            group_sums[j] = _mm_hadd_epi16(_mm_loadu_si128((const __m128i *)ab->bsums), _mm_loadu_si128((const __m128i *)ab->bsums + 1));
            da[j] = ab->d;
        }
        __m256i scales[ROWS_K];
        __m256i sums[ROWS_K][COLS_K];
        for (int r = 0; r < rows; r++) {
            const block_q4_K *wb = (const block_q4_K *)(w + r * ws) + b;
            const __m128i scales_mins = k_scales_and_mins(wb->scales);
            scales[r] = _mm256_cvtepu8_epi16(scales_mins);   // words 0..7 scales, 8..15 mins
            const __m128i mins = _mm256_extracti128_si256(scales[r], 1);
            const float dmin = h2f(wb->dmin);
            for (int j = 0; j < cols; j++) {
                sums[r][j] = _mm256_setzero_si256();
                const __m128i products = _mm_madd_epi16(mins, group_sums[j]);
                acc_min[r][j] = _mm_fmadd_ps(_mm_set1_ps(-da[j] * dmin), _mm_cvtepi32_ps(products), acc_min[r][j]);
            }
        }
        for (int s = 0; s < 8; s++) {
            __m256i y[COLS_K];
            for (int j = 0; j < cols; j++)
                y[j] = _mm256_loadu_si256((const __m256i *)(((const block_q8_K *)(a + j * as) + b)->qs + 32 * s));
            for (int r = 0; r < rows; r++) {
                const __m256i q = unpacked ? _mm256_loadu_si256((const __m256i *)(unpacked + (r * nb + b) * QK_K + 32 * s))
                                           : q4_K_values((const block_q4_K *)(w + r * ws) + b, s);
                const __m256i scale = _mm256_permutexvar_epi16(_mm256_set1_epi16((short)s), scales[r]);
                for (int j = 0; j < cols; j++)
                    sums[r][j] = _mm256_dpwssd_epi32(sums[r][j], _mm256_maddubs_epi16(q, y[j]), scale);
            }
        }
        for (int r = 0; r < rows; r++) {
            const float dw = h2f(((const block_q4_K *)(w + r * ws) + b)->d);
            for (int j = 0; j < cols; j++)
                acc[r][j] = _mm256_fmadd_ps(_mm256_set1_ps(da[j] * dw), _mm256_cvtepi32_ps(sums[r][j]), acc[r][j]);
        }
    }
    for (int r = 0; r < rows; r++)
        for (int j = 0; j < cols; j++) out[j * os + r] = hsum8(acc[r][j]) + hsum4(acc_min[r][j]);
}

// Q6_K as ggml's x86 dot product orders it: per 32 elements, (q - 32) * y summed in pairs as
// 16-bit words (q * y minus 32 * y), then multiplied by the sub-block scale into eight int32
// lanes; one float accumulator.
// The 32 six-bit values (0..63) of chunk `chunk` (0..3) of half `half` of a Q6_K block.
INLINE __m256i q6_K_values(const block_q6_K *b, int half, int chunk) {
    const __m256i nibble = _mm256_set1_epi8(0x0F), two_bits = _mm256_set1_epi8(3);
    const __m256i low = _mm256_loadu_si256((const __m256i *)(b->ql + 64 * half + 32 * (chunk % 2)));
    const __m256i high = _mm256_loadu_si256((const __m256i *)(b->qh + 32 * half));
    const __m256i low4 = chunk < 2 ? _mm256_and_si256(low, nibble) : _mm256_and_si256(_mm256_srli_epi16(low, 4), nibble);
    const __m256i high2 = _mm256_and_si256(_mm256_srli_epi16(high, 2 * chunk), two_bits);
    return _mm256_or_si256(low4, _mm256_slli_epi16(high2, 4));
}

INLINE void q6_K_body(int rows, int cols, int64_t nb, const uint8_t *w, size_t ws, const uint8_t *unpacked,
                      const uint8_t *a, size_t as, float *out, size_t os) {
    __m256 acc[ROWS_K][COLS_K];
    for (int r = 0; r < rows; r++)
        for (int j = 0; j < cols; j++) acc[r][j] = _mm256_setzero_ps();
    const __m256i offset = _mm256_set1_epi8(32);
    for (int64_t b = 0; b < nb; b++) {
        __m256i sums[ROWS_K][COLS_K];
        __m256i scales[ROWS_K];
        for (int r = 0; r < rows; r++) {
            const block_q6_K *wb = (const block_q6_K *)(w + r * ws) + b;
            scales[r] = _mm256_cvtepi8_epi16(_mm_loadu_si128((const __m128i *)wb->scales));
            for (int j = 0; j < cols; j++) sums[r][j] = _mm256_setzero_si256();
        }
        for (int half = 0; half < 2; half++) {
            for (int chunk = 0; chunk < 4; chunk++) {
                __m256i y[COLS_K], y32[COLS_K];
                for (int j = 0; j < cols; j++) {
                    y[j] = _mm256_loadu_si256((const __m256i *)(((const block_q8_K *)(a + j * as) + b)->qs + 128 * half + 32 * chunk));
                    y32[j] = _mm256_maddubs_epi16(offset, y[j]);
                }
                // Elements 0..15 of the chunk use scale 8 * half + 2 * chunk, 16..31 the next one.
                const __m256i pick = _mm256_set_m128i(_mm_set1_epi16((short)(8 * half + 2 * chunk + 1)), _mm_set1_epi16((short)(8 * half + 2 * chunk)));
                for (int r = 0; r < rows; r++) {
                    const __m256i q = unpacked ? _mm256_loadu_si256((const __m256i *)(unpacked + (r * nb + b) * QK_K + 128 * half + 32 * chunk))
                                               : q6_K_values((const block_q6_K *)(w + r * ws) + b, half, chunk);
                    const __m256i scale = _mm256_permutexvar_epi16(pick, scales[r]);
                    for (int j = 0; j < cols; j++)
                        sums[r][j] = _mm256_dpwssd_epi32(sums[r][j], _mm256_sub_epi16(_mm256_maddubs_epi16(q, y[j]), y32[j]), scale);
                }
            }
        }
        for (int r = 0; r < rows; r++) {
            const float dw = h2f(((const block_q6_K *)(w + r * ws) + b)->d);
            for (int j = 0; j < cols; j++) {
                const float d = ((const block_q8_K *)(a + j * as) + b)->d * dw;
                acc[r][j] = _mm256_fmadd_ps(_mm256_set1_ps(d), _mm256_cvtepi32_ps(sums[r][j]), acc[r][j]);
            }
        }
    }
    for (int r = 0; r < rows; r++)
        for (int j = 0; j < cols; j++) out[j * os + r] = hsum8(acc[r][j]);
}

static void q4_K_unpack(int64_t k, const uint8_t *w, size_t ws, int64_t rows, uint8_t *unpacked) {
    const int64_t nb = k / QK_K;
    for (int64_t r = 0; r < rows; r++)
        for (int64_t b = 0; b < nb; b++)
            for (int s = 0; s < 8; s++)
                _mm256_storeu_si256((__m256i *)(unpacked + (r * nb + b) * QK_K + 32 * s), q4_K_values((const block_q4_K *)(w + r * ws) + b, s));
}

static void q6_K_unpack(int64_t k, const uint8_t *w, size_t ws, int64_t rows, uint8_t *unpacked) {
    const int64_t nb = k / QK_K;
    for (int64_t r = 0; r < rows; r++)
        for (int64_t b = 0; b < nb; b++)
            for (int half = 0; half < 2; half++)
                for (int chunk = 0; chunk < 4; chunk++)
                    _mm256_storeu_si256((__m256i *)(unpacked + (r * nb + b) * QK_K + 128 * half + 32 * chunk),
                                        q6_K_values((const block_q6_K *)(w + r * ws) + b, half, chunk));
}

// Full-height tiles get a fully unrolled body for every width up to 4 (a decoded row is width 1);
// the rows left at the end of a block run one at a time.
#define SHAPE(NAME, R, C, U) NAME##_body(R, C, nb, w, ws, U, a, as, out, os)
#define BY_WIDTH(NAME, R, U)                                                                            \
    switch (cols) {                                                                                     \
    case 1: SHAPE(NAME, R, 1, U); break;                                                                \
    case 2: SHAPE(NAME, R, 2, U); break;                                                                \
    case 3: SHAPE(NAME, R, 3, U); break;                                                                \
    case 4: SHAPE(NAME, R, 4, U); break;                                                                \
    }
// Separate copies with and without unpacked rows, so neither tests for them in its loops.
#define TILE(NAME, BLOCK_ELEMENTS, MAX_ROWS)                                                            \
    static void NAME##_tile(int64_t k, const uint8_t *w, size_t ws, const uint8_t *unpacked, int rows,  \
                            const uint8_t *a, size_t as, int cols, float *out, size_t os) {            \
        const int64_t nb = k / (BLOCK_ELEMENTS);                                                        \
        if (rows == (MAX_ROWS)) {                                                                       \
            if (unpacked) BY_WIDTH(NAME, MAX_ROWS, unpacked) else BY_WIDTH(NAME, MAX_ROWS, NULL)        \
            return;                                                                                     \
        }                                                                                               \
        for (; rows > 0; rows--, w += ws, out++) {                                                      \
            if (unpacked) {                                                                             \
                BY_WIDTH(NAME, 1, unpacked)                                                             \
                unpacked += k;                                                                          \
            } else {                                                                                    \
                BY_WIDTH(NAME, 1, NULL)                                                                 \
            }                                                                                           \
        }                                                                                               \
    }                                                                                                   \
    float loupe_avx512_dot_##NAME(int64_t n, const void *w, const void *a) {                           \
        float out;                                                                                      \
        NAME##_body(1, 1, n / (BLOCK_ELEMENTS), w, 0, NULL, a, 0, &out, 0);                             \
        return out;                                                                                     \
    }

TILE(q8_0, QK32, ROWS_32)
TILE(q5_0, QK32, ROWS_32)
TILE(q4_0, QK32, ROWS_32)
TILE(q4_K, QK_K, ROWS_K)
TILE(q6_K, QK_K, ROWS_K)

#pragma clang attribute pop

const loupe_gemm_tile loupe_gemm_avx512[LOUPE_TYPE_TABLE] = {
    [LOUPE_TYPE_Q8_0] = { q8_0_tile, ROWS_32, COLS_32, NULL, q8_0_weight_panel },
    [LOUPE_TYPE_Q5_0] = { q5_0_tile, ROWS_32, COLS_32, NULL, q5_0_weight_panel },
    [LOUPE_TYPE_Q4_0] = { q4_0_tile, ROWS_32, COLS_32, NULL, q4_0_weight_panel },
    [LOUPE_TYPE_Q4_K] = { q4_K_tile, ROWS_K, COLS_K, q4_K_unpack, NULL },
    [LOUPE_TYPE_Q6_K] = { q6_K_tile, ROWS_K, COLS_K, q6_K_unpack, NULL },
};
#endif
