// Dot-product kernel tables shared by the per-path files and the dispatcher.
#ifndef LOUPE_KERNELS_INTERNAL_H
#define LOUPE_KERNELS_INTERNAL_H
#include <stddef.h>
#include <stdint.h>

typedef float (*loupe_vec_dot_fn)(int64_t n, const void *weight_row, const void *activation_row);

// Indexed by loupe_type (0..LOUPE_TYPE_TABLE-1); NULL where a path has no kernel for a type.
#define LOUPE_TYPE_TABLE 31
extern const loupe_vec_dot_fn loupe_vec_dot_scalar[LOUPE_TYPE_TABLE];
#if defined(__x86_64__)
extern const loupe_vec_dot_fn loupe_vec_dot_avx2[LOUPE_TYPE_TABLE];
extern const loupe_vec_dot_fn loupe_vec_dot_avx512[LOUPE_TYPE_TABLE];
#endif

loupe_vec_dot_fn loupe_vec_dot_kernel(int path, int weight_type);

// A register tile of a matrix product on packed weights: out[j * out_stride + r] = dot(weight row
// r, activation row j) for r < rows <= max_rows and j < cols <= max_cols, rows `w_stride` /
// `a_stride` bytes apart, activations already in the type's 8-bit format. Every output takes
// exactly the float operations of the path's dot kernel for the type (those kernels are the 1 x 1
// tile), so results do not depend on how a product is tiled or split over threads.
// `unpacked` (or NULL) is what the kernel's `unpack` wrote for these weight rows: their values as
// one byte each, k bytes per row, so a prompt decodes each weight block once instead of once per
// tile of activation rows.
typedef void (*loupe_gemm_tile_fn)(int64_t k, const uint8_t *w, size_t w_stride, const uint8_t *unpacked,
                                   int rows, const uint8_t *a, size_t a_stride, int cols, float *out, size_t out_stride);
typedef void (*loupe_gemm_unpack_fn)(int64_t k, const uint8_t *w, size_t w_stride, int64_t rows, uint8_t *unpacked);
typedef struct {
    loupe_gemm_tile_fn fn;
    int max_rows, max_cols;
    loupe_gemm_unpack_fn unpack;   // NULL: the tiles decode the packed rows themselves
} loupe_gemm_tile;

// Products of `rows` weight rows (`w_stride` bytes apart) with one activation row in the type's
// 8-bit format: out[r] = dot(weight row r, a), each output bit for bit the path's dot kernel.
// For decoding, where a product streams its weights once (gemv_avx512.c).
typedef void (*loupe_gemv_fn)(int64_t k, const uint8_t *w, size_t w_stride, int64_t rows, const uint8_t *a, float *out);

#if defined(__x86_64__)
extern const loupe_gemv_fn loupe_gemv_avx512[LOUPE_TYPE_TABLE];
extern const loupe_gemm_tile loupe_gemm_avx2[LOUPE_TYPE_TABLE];
extern const loupe_gemm_tile loupe_gemm_avx512[LOUPE_TYPE_TABLE];
float loupe_avx2_dot_q4_0(int64_t n, const void *w, const void *a);
float loupe_avx2_dot_q5_0(int64_t n, const void *w, const void *a);
float loupe_avx2_dot_q8_0(int64_t n, const void *w, const void *a);
float loupe_avx2_dot_q4_K(int64_t n, const void *w, const void *a);
float loupe_avx2_dot_q6_K(int64_t n, const void *w, const void *a);
float loupe_avx512_dot_q4_0(int64_t n, const void *w, const void *a);
float loupe_avx512_dot_q5_0(int64_t n, const void *w, const void *a);
float loupe_avx512_dot_q8_0(int64_t n, const void *w, const void *a);
float loupe_avx512_dot_q4_K(int64_t n, const void *w, const void *a);
float loupe_avx512_dot_q6_K(int64_t n, const void *w, const void *a);
// `nb` blocks of activations, byte for byte what the scalar quantizers write.
void loupe_quantize_q8_0_avx2(const float *x, void *dst, int64_t nb);
void loupe_quantize_q8_K_avx2(const float *x, void *dst, int64_t nb);
#endif

// The tile kernel of `path` for `weight_type`, or a zeroed struct where the path has none
// (products then run the dot kernel row by row).
loupe_gemm_tile loupe_gemm_tile_kernel(int path, int weight_type);
// The one-activation-row kernel of `path` for `weight_type`, or NULL (then the tiles, as for a prompt).
loupe_gemv_fn loupe_gemv_kernel(int path, int weight_type);

#endif
