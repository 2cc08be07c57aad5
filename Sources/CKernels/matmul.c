// Matrix product on packed weights, as llama.cpp does it: the activations are quantized once
// per product into the 8-bit format the weight type pairs with, then every output is an integer
// dot product per block scaled by the block scales. Output rows are split over the thread pool.
#include <stdatomic.h>
#include <stdlib.h>
#include "CKernels.h"
#include "kernels_internal.h"

typedef struct {
    loupe_vec_dot_fn dot;
    const uint8_t *weights;
    size_t weight_row_bytes;
    const uint8_t *activations;
    size_t activation_row_bytes;
    int64_t n_rows, k, t;
    float *out;
} matmul_job;

// Rows of weights in tiles so a tile stays in cache while every activation row passes over it.
enum { ROW_TILE = 16 };

static void matmul_rows(void *context, int64_t begin, int64_t end) {
    const matmul_job *job = context;
    for (int64_t tile = begin; tile < end; tile += ROW_TILE) {
        const int64_t tile_end = tile + ROW_TILE < end ? tile + ROW_TILE : end;
        for (int64_t t = 0; t < job->t; t++) {
            const uint8_t *a = job->activations + (size_t)t * job->activation_row_bytes;
            float *out = job->out + t * job->n_rows;
            for (int64_t r = tile; r < tile_end; r++)
                out[r] = job->dot(job->k, job->weights + (size_t)r * job->weight_row_bytes, a);
        }
    }
}

typedef struct {
    int act_type;
    const float *x;
    uint8_t *dst;
    int64_t k;
    size_t row_bytes;
} quantize_job;

static void quantize_rows(void *context, int64_t begin, int64_t end) {
    const quantize_job *job = context;
    for (int64_t t = begin; t < end; t++)
        loupe_quantize_activation_row(job->act_type, job->x + t * job->k, job->dst + (size_t)t * job->row_bytes, job->k);
}

static size_t row_bytes(int type, int64_t k) {
    return (size_t)(k / loupe_type_block_size(type)) * (size_t)loupe_type_block_bytes(type);
}

int loupe_matmul(int weight_type, const void *weights, int64_t n_rows, int64_t k,
                 const float *x, int64_t t, float *out) {
    const int act_type = loupe_activation_type(weight_type);
    const int64_t block = loupe_type_block_size(weight_type);
    if (act_type < 0 || block == 0 || k <= 0 || k % block != 0 || n_rows < 0 || t < 0) return -1;
    if (n_rows == 0 || t == 0) return 0;
    const loupe_vec_dot_fn dot = loupe_vec_dot_kernel(loupe_simd_path_active(), weight_type);
    if (!dot) return -1;

    matmul_job job = {
        .dot = dot, .weights = weights, .weight_row_bytes = row_bytes(weight_type, k),
        .n_rows = n_rows, .k = k, .t = t, .out = out,
    };
    uint8_t *quantized = NULL;
    if (act_type == LOUPE_TYPE_F32) {
        job.activations = (const uint8_t *)x;
        job.activation_row_bytes = (size_t)k * sizeof(float);
    } else {
        job.activation_row_bytes = row_bytes(act_type, k);
        quantized = aligned_alloc(64, (job.activation_row_bytes * (size_t)t + 63) / 64 * 64);
        if (!quantized) return -1;
        quantize_job q = { act_type, x, quantized, k, job.activation_row_bytes };
        loupe_parallel_for(t, 8, quantize_rows, &q);
        job.activations = quantized;
    }
    // Enough rows per chunk that the per-chunk overhead stays small against the dot products.
    const int64_t grain = k >= 2048 ? ROW_TILE : 4 * ROW_TILE;
    loupe_parallel_for(n_rows, grain, matmul_rows, &job);
    free(quantized);
    return 0;
}

typedef struct {
    int type;
    const uint8_t *weights;
    size_t row_bytes;
    int64_t k, row_begin;
    float *dst;
    _Atomic int failed;
} convert_job;

static void convert_rows(void *context, int64_t begin, int64_t end) {
    convert_job *job = context;
    const int half = job->type == LOUPE_TYPE_F16 || job->type == LOUPE_TYPE_BF16;
    const int path = loupe_simd_path_active();
    for (int64_t r = begin; r < end; r++) {
        const uint8_t *src = job->weights + (size_t)(job->row_begin + r) * job->row_bytes;
        float *dst = job->dst + r * job->k;
        const int status = half ? loupe_convert_half_row(path, job->type, src, dst, job->k)
                                : loupe_dequantize_row(job->type, src, dst, job->k);
        if (status != 0) atomic_store(&job->failed, 1);
    }
}

int loupe_convert_rows_to_f32(int weight_type, const void *weights, int64_t k,
                              int64_t row_begin, int64_t row_end, float *dst) {
    const int64_t block = loupe_type_block_size(weight_type);
    if (block == 0 || k <= 0 || k % block != 0 || loupe_activation_type(weight_type) < 0 || row_end < row_begin) return -1;
    convert_job job = { weight_type, weights, row_bytes(weight_type, k), k, row_begin, dst, 0 };
    // Large tiles (prompt processing through OpenBLAS) are converted on the pool.
    const int64_t grain = 65536 / k + 1;
    loupe_parallel_for(row_end - row_begin, grain, convert_rows, &job);
    return atomic_load(&job.failed) ? -1 : 0;
}
