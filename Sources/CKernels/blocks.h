// Block layouts of the weight and activation formats, byte for byte as ggml stores them
// (ggml-common.h), so GGUF tensor data is used in place.
#ifndef LOUPE_BLOCKS_H
#define LOUPE_BLOCKS_H
#include <stdint.h>
#include <string.h>

#define QK32 32
#define QK_K 256
#define K_SCALE_SIZE 12

// x = (q - 8) * d; element j in the low nibble of qs[j], element j + 16 in the high nibble.
typedef struct { uint16_t d; uint8_t qs[QK32 / 2]; } block_q4_0;
// x = q * d + m.
typedef struct { uint16_t d; uint16_t m; uint8_t qs[QK32 / 2]; } block_q4_1;
// Like Q4_0 with a fifth bit: bit j of qh (little-endian u32) belongs to element j; x = (q - 16) * d.
typedef struct { uint16_t d; uint8_t qh[4]; uint8_t qs[QK32 / 2]; } block_q5_0;
// x = q * d + m with the fifth bit as in Q5_0.
typedef struct { uint16_t d; uint16_t m; uint8_t qh[4]; uint8_t qs[QK32 / 2]; } block_q5_1;
// x = q * d.
typedef struct { uint16_t d; int8_t qs[QK32]; } block_q8_0;
// Activation format: s = d * sum(qs), for the formats with an offset.
typedef struct { uint16_t d; uint16_t s; int8_t qs[QK32]; } block_q8_1;
// 8 sub-blocks of 32 with 6-bit scales and mins packed into 12 bytes: x = d*sc*q - dmin*m.
typedef struct { uint16_t d; uint16_t dmin; uint8_t scales[K_SCALE_SIZE]; uint8_t qs[QK_K / 2]; } block_q4_K;
// Q4_K plus a fifth bit per element in qh.
typedef struct { uint16_t d; uint16_t dmin; uint8_t scales[K_SCALE_SIZE]; uint8_t qh[QK_K / 8]; uint8_t qs[QK_K / 2]; } block_q5_K;
// 16 sub-blocks of 16 with int8 scales: x = d * sc * (q - 32), q six bits (4 in ql, 2 in qh).
typedef struct { uint8_t ql[QK_K / 2]; uint8_t qh[QK_K / 4]; int8_t scales[QK_K / 16]; uint16_t d; } block_q6_K;
// Activation format of the K-quants: float scale, sums of each group of 16.
typedef struct { float d; int8_t qs[QK_K]; int16_t bsums[QK_K / 16]; } block_q8_K;

_Static_assert(sizeof(block_q4_0) == 18, "q4_0 layout");
_Static_assert(sizeof(block_q4_1) == 20, "q4_1 layout");
_Static_assert(sizeof(block_q5_0) == 22, "q5_0 layout");
_Static_assert(sizeof(block_q5_1) == 24, "q5_1 layout");
_Static_assert(sizeof(block_q8_0) == 34, "q8_0 layout");
_Static_assert(sizeof(block_q8_1) == 36, "q8_1 layout");
_Static_assert(sizeof(block_q4_K) == 144, "q4_K layout");
_Static_assert(sizeof(block_q5_K) == 176, "q5_K layout");
_Static_assert(sizeof(block_q6_K) == 210, "q6_K layout");
_Static_assert(sizeof(block_q8_K) == 292, "q8_K layout");

// Scale j (0..7) and min j of a Q4_K/Q5_K block's 12-byte packed table: the first four are the
// low 6 bits of bytes 0..3 / 4..7; the last four take 4 bits from bytes 8..11 and the 2 top bits
// of bytes 0..7.
static inline void loupe_k_scale_min(int j, const uint8_t *q, uint8_t *sc, uint8_t *m) {
    if (j < 4) {
        *sc = q[j] & 63;
        *m = q[j + 4] & 63;
    } else {
        *sc = (uint8_t)((q[j + 4] & 0xF) | ((q[j - 4] >> 6) << 4));
        *m = (uint8_t)((q[j + 4] >> 4) | ((q[j] >> 6) << 4));
    }
}

static inline uint32_t loupe_load_u32(const uint8_t *p) { uint32_t v; memcpy(&v, p, 4); return v; }

#endif
