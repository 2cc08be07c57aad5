#ifndef LOUPE_CKERNELS_H
#define LOUPE_CKERNELS_H
// Loupe's C kernels: weight block formats (GGML layouts), scalar dequantization references,
// activation quantization, per-block integer dot products with AVX-512 / AVX2 / scalar paths,
// a persistent thread pool and the quantized matrix product built on them.
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Element types, numbered as GGUF/ggml number them (so a GGUF type id is a `loupe_type`).
enum loupe_type {
    LOUPE_TYPE_F32 = 0,
    LOUPE_TYPE_F16 = 1,
    LOUPE_TYPE_Q4_0 = 2,
    LOUPE_TYPE_Q4_1 = 3,
    LOUPE_TYPE_Q5_0 = 6,
    LOUPE_TYPE_Q5_1 = 7,
    LOUPE_TYPE_Q8_0 = 8,
    LOUPE_TYPE_Q8_1 = 9,   // activation format for Q4_1 / Q5_1 weights
    LOUPE_TYPE_Q4_K = 12,
    LOUPE_TYPE_Q5_K = 13,
    LOUPE_TYPE_Q6_K = 14,
    LOUPE_TYPE_Q8_K = 15,  // activation format for the K-quants
    LOUPE_TYPE_BF16 = 30,
};

/// Elements per block (1 for float types); 0 for a type Loupe does not know.
int64_t loupe_type_block_size(int type);
/// Bytes per block; 0 for a type Loupe does not know.
int64_t loupe_type_block_bytes(int type);

/// Plain scalar dequantization of `n` elements (a multiple of the block size) starting at `src`.
/// Returns 0, or -1 for an unknown type or a bad `n`. Bit-exact with ggml's reference
/// (no fused multiply-add: the file is compiled with contraction off).
int loupe_dequantize_row(int type, const void *src, float *dst, int64_t n);

/// Conversions used by the float weight types.
float loupe_fp16_to_fp32(uint16_t h);
uint16_t loupe_fp32_to_fp16(float f);
float loupe_bf16_to_fp32(uint16_t h);

/// Activation format the dot product of a weight type consumes: Q8_0, Q8_1, Q8_K, or F32 for
/// the float weight types. -1 for unknown types.
int loupe_activation_type(int weight_type);
/// Quantizes `n` floats into activation blocks of `act_type` (Q8_0, Q8_1 or Q8_K; F32 copies).
int loupe_quantize_activation_row(int act_type, const float *x, void *dst, int64_t n);

/// SIMD paths. Each dot kernel exists for every path; the scalar one is the reference.
enum loupe_simd_path { LOUPE_PATH_SCALAR = 0, LOUPE_PATH_AVX2 = 1, LOUPE_PATH_AVX512 = 2 };
/// Whether this CPU (and this build) can run `path`.
int loupe_simd_path_supported(int path);
/// The path the matrix products use now.
int loupe_simd_path_active(void);
/// Forces a path for every later product (tests, benchmarks); -1 restores the automatic choice.
/// Returns 0, or -1 if the path is not supported here.
int loupe_simd_path_force(int path);
/// Name of the active path ("avx512", "avx2" or "scalar").
const char *loupe_kernels_simd_path(void);

/// Whether `path` has its own kernel for `weight_type` (otherwise it falls back to scalar).
int loupe_simd_kernel_available(int path, int weight_type);

/// Dot product of one weight row (`n` elements of `weight_type`) with one activation row already
/// in `loupe_activation_type(weight_type)` format, computed by `path`. NaN for unsupported input.
float loupe_vec_dot(int path, int weight_type, int64_t n, const void *weight_row, const void *activation_row);

/// out[t * n_rows + r] = dot(weight row r, x row t) for a weight [n_rows, k] of `weight_type`
/// (rows contiguous) and float activations x [t, k]. Quantizes x once, splits rows over the
/// thread pool. Returns 0, or -1 for an unknown type / bad k / allocation failure.
int loupe_matmul(int weight_type, const void *weights, int64_t n_rows, int64_t k,
                 const float *x, int64_t t, float *out);

/// Converts rows [row_begin, row_end) of a F16/BF16/F32 weight [*, k] to float32 rows at `dst`.
int loupe_convert_rows_to_f32(int weight_type, const void *weights, int64_t k,
                              int64_t row_begin, int64_t row_end, float *dst);

/// Converts `n` F16 or BF16 values to float32 with `path` (exact; the same values on every path).
/// Returns 0, or -1 for another type or an unsupported path.
int loupe_convert_half_row(int path, int type, const void *src, float *dst, int64_t n);

/// gate[i] = g * up[i] with g = 0 for gate[i] <= -10, gate[i] for gate[i] >= 10, else
/// table[half-precision bits of gate[i]] (65536 entries): the GELU gate as llama.cpp computes it.
/// Returns 0, or -1 where the active SIMD path has no kernel for it (the caller's loop runs).
int loupe_gelu_gate_half_table(float *gate, const float *up, int64_t n, const float *table);

/// Index of the largest of `n` floats, the first on ties; NaN never wins; 0 when none is above
/// -infinity. `loupe_argmax` runs the active SIMD path, `loupe_argmax_reference` the scalar loop.
int64_t loupe_argmax(const float *x, int64_t n);
int64_t loupe_argmax_reference(const float *x, int64_t n);

/// Thread pool: a persistent pool shared by every product. Default: LOUPE_THREADS or the CPU count.
void loupe_set_num_threads(int n);
int loupe_num_threads(void);
typedef void (*loupe_range_fn)(void *context, int64_t begin, int64_t end);
/// Runs fn over [0, n) in chunks of at least `grain`, on the pool plus the calling thread.
/// Falls back to the calling thread alone when the pool is busy with another caller.
void loupe_parallel_for(int64_t n, int64_t grain, loupe_range_fn fn, void *context);

#ifdef __cplusplus
}
#endif
#endif
