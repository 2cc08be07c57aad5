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

// Panels: the AVX-512 prompt route of the 32-blocks (Q8_0, Q5_0, Q4_0). Weight rows and
// activation rows are rewritten once per product in groups of LOUPE_PANEL rows, block by block,
// into what the 4 x 4 tile's inner loop consumes without further work: weights as signed bytes
// beside each lane's correction (-128 x the sum of its four weights, so activations can enter
// dpbusd as unsigned bytes y + 128) and float32 block scales; activations as y + 128 and float32
// scales. Missing rows of a group are zero. The products take exactly the dot kernel's float
// operations.
enum { LOUPE_PANEL = 4 };
typedef struct {
    int8_t values[LOUPE_PANEL][32];
    int32_t corrections[LOUPE_PANEL][8];
    float scales[LOUPE_PANEL];
} loupe_weight_panel_block;
typedef struct {
    uint8_t values[LOUPE_PANEL][32];
    float scales[LOUPE_PANEL];
} loupe_activation_panel_block;
// `rows` (1..LOUPE_PANEL) packed weight rows -> k / 32 panel blocks.
typedef void (*loupe_weight_panel_fn)(int64_t k, const uint8_t *w, size_t w_stride, int rows, loupe_weight_panel_block *dst);

typedef struct {
    loupe_gemm_tile_fn fn;
    int max_rows, max_cols;
    loupe_gemm_unpack_fn unpack;   // NULL: the tiles decode the packed rows themselves
    loupe_weight_panel_fn weight_panel;   // NULL: no panel route for this type
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
// `cols` (1..LOUPE_PANEL) Q8_0 activation rows -> k / 32 panel blocks.
void loupe_avx512_activation_panel(int64_t k, const uint8_t *a, size_t a_stride, int cols, loupe_activation_panel_block *dst);
// out[j * out_stride + r] for r < rows, j < cols of one weight panel group x one activation group,
// over `nb` blocks. A product split along k carries its LOUPE_PANEL^2 x 8 float accumulators from
// one part to the next: carry_in NULL starts from zero, carry_out non-NULL stores them instead of
// writing out (the float operations stay those of one pass).
void loupe_avx512_panel_product(int64_t nb, const loupe_weight_panel_block *w, const loupe_activation_panel_block *a,
                                const float *carry_in, float *carry_out, int rows, int cols, float *out, size_t out_stride);
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
