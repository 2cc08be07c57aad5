// Matrix product on packed weights, as llama.cpp does it: the activations are quantized once
// per product into the 8-bit format the weight type pairs with, then every output is an integer
// dot product per block scaled by the block scales. Where the SIMD path has a register tile for
// the type (gemm_avx512.c, gemm_avx2.c), blocks of weight rows stay in cache while tiles of
// weight rows x activation rows pass over them; other types and the scalar path run the dot
// kernel per output. A single activation row (decoding) has nothing to keep in cache: where the
// path has a one-row kernel for the type (gemv_avx512.c) it runs that, so each thread reads its
// weight rows as one linear stream. Weight rows are split over the thread pool.
// (On AVX2, the dot kernel row by row instead of the 4 x 1 tiles ran the Q8_0 head 1.9x faster
// but Q5_0 1.4x slower, one thread: AVX2 keeps its tiles until it has one-row kernels.)
#include <stdatomic.h>
#include <stdlib.h>
#include "CKernels.h"
#include "kernels_internal.h"

typedef struct {
    loupe_vec_dot_fn dot;
    loupe_gemv_fn gemv;         // one activation row: this kernel (or NULL) instead of tiles
    loupe_gemm_tile tile;       // fn NULL: the dot kernel row by row
    const uint8_t *weights;
    size_t weight_row_bytes;
    const uint8_t *activations;
    size_t activation_row_bytes;
    int64_t n_rows, k, t;
    int64_t unit_rows;          // rows per parallel unit: the tile height (or ROW_TILE)
    int64_t block_rows;         // weight rows kept in cache while every activation row passes
    int unpack;                 // whether to unpack each block of weight rows before its tiles
    float *out;
} matmul_job;

// UNPACK_MIN_ROWS: from this many activation rows, unpacking a block of weight rows once costs
// less than decoding it in every tile (measured with Benchmarks/kernel_bench.c).
enum { ROW_TILE = 16, CACHED_WEIGHT_BYTES = 96 * 1024, UNPACK_MIN_ROWS = 8 };

static inline int64_t min64(int64_t a, int64_t b) { return a < b ? a : b; }

// Weight rows of units [unit_begin, unit_end) against every activation row.
static void matmul_rows(void *context, int64_t unit_begin, int64_t unit_end) {
    const matmul_job *job = context;
    const int64_t begin = unit_begin * job->unit_rows, end = min64(unit_end * job->unit_rows, job->n_rows);
    if (job->gemv) {
        job->gemv(job->k, job->weights + (size_t)begin * job->weight_row_bytes, job->weight_row_bytes, end - begin,
                  job->activations, job->out + begin);
        return;
    }
    const loupe_gemm_tile tile = job->tile;
    const int64_t cols_step = tile.fn ? tile.max_cols : 1;
    uint8_t *unpacked = job->unpack ? malloc((size_t)(job->block_rows * job->k)) : NULL;
    for (int64_t block = begin; block < end; block += job->block_rows) {
        const int64_t block_end = min64(block + job->block_rows, end);
        if (unpacked)
            tile.unpack(job->k, job->weights + (size_t)block * job->weight_row_bytes, job->weight_row_bytes, block_end - block, unpacked);
        for (int64_t t = 0; t < job->t; t += cols_step) {
            const uint8_t *a = job->activations + (size_t)t * job->activation_row_bytes;
            float *out = job->out + t * job->n_rows;
            if (tile.fn) {
                const int cols = (int)min64(tile.max_cols, job->t - t);
                for (int64_t r = block; r < block_end; r += tile.max_rows) {
                    const int rows = (int)min64(tile.max_rows, block_end - r);
                    tile.fn(job->k, job->weights + (size_t)r * job->weight_row_bytes, job->weight_row_bytes,
                            unpacked ? unpacked + (size_t)((r - block) * job->k) : NULL, rows,
                            a, job->activation_row_bytes, cols, out + r, (size_t)job->n_rows);
                }
            } else {
                for (int64_t r = block; r < block_end; r++)
                    out[r] = job->dot(job->k, job->weights + (size_t)r * job->weight_row_bytes, a);
            }
        }
    }
    free(unpacked);
}

// Prompts of the 32-blocks on AVX-512 take the panel route (kernels_internal.h): CACHED_GROUPS
// weight groups of LOUPE_PANEL rows are packed, then taken PANEL_K blocks of k at a time (in L2)
// against CACHED_T activation groups (each part of one in L1), the accumulators of long rows
// carried from one part of k to the next in memory. The blocking keeps a part's weights, the
// carried accumulators and the activations passing through within L2 for PaliGemma's
// [262 x 16384] x [2048 x 16384].
typedef struct {
    loupe_weight_panel_fn weight_panel;
    const uint8_t *weights;
    size_t weight_row_bytes;
    const loupe_activation_panel_block *activations;   // (t / LOUPE_PANEL rounded up) groups of k / 32 blocks
    int64_t n_rows, k, t;
    float *out;
    _Atomic int failed;
} panel_job;

enum { PANEL_K = 64, CACHED_GROUPS = 8, CACHED_T = 16, CARRY = LOUPE_PANEL * LOUPE_PANEL * 8 };

#if defined(__x86_64__)
static void panel_rows(void *context, int64_t group_begin, int64_t group_end) {
    panel_job *job = context;
    const int64_t nb = job->k / 32, t_groups = (job->t + LOUPE_PANEL - 1) / LOUPE_PANEL;
    const int split = nb > PANEL_K;
    loupe_weight_panel_block *panels = malloc(sizeof(*panels) * (size_t)(nb * CACHED_GROUPS));
    float *carry = split ? malloc(sizeof(float) * (size_t)(CACHED_GROUPS * CACHED_T * CARRY)) : NULL;
    if (!panels || (split && !carry)) {
        atomic_store(&job->failed, 1);
        free(panels);
        free(carry);
        return;
    }
    for (int64_t first = group_begin; first < group_end; first += CACHED_GROUPS) {
        const int64_t last = min64(first + CACHED_GROUPS, group_end);
        for (int64_t g = first; g < last; g++) {
            const int64_t r = g * LOUPE_PANEL;
            job->weight_panel(job->k, job->weights + (size_t)r * job->weight_row_bytes, job->weight_row_bytes,
                              (int)min64(LOUPE_PANEL, job->n_rows - r), panels + (g - first) * nb);
        }
        for (int64_t c0 = 0; c0 < t_groups; c0 += CACHED_T) {
            const int64_t c1 = min64(c0 + CACHED_T, t_groups);
            for (int64_t part = 0; part < nb; part += PANEL_K) {
                const int64_t blocks = min64(PANEL_K, nb - part);
                for (int64_t c = c0; c < c1; c++) {
                    const loupe_activation_panel_block *a = job->activations + c * nb + part;
                    for (int64_t g = first; g < last; g++) {
                        const int64_t r = g * LOUPE_PANEL;
                        float *state = split ? carry + ((c - c0) * CACHED_GROUPS + g - first) * CARRY : NULL;
                        loupe_avx512_panel_product(blocks, panels + (g - first) * nb + part, a, part > 0 ? state : NULL,
                                                   part + blocks < nb ? state : NULL, (int)min64(LOUPE_PANEL, job->n_rows - r),
                                                   (int)min64(LOUPE_PANEL, job->t - c * LOUPE_PANEL),
                                                   job->out + c * LOUPE_PANEL * job->n_rows + r, (size_t)job->n_rows);
                    }
                }
            }
        }
    }
    free(panels);
    free(carry);
}

typedef struct {
    const uint8_t *quantized;
    size_t row_bytes;
    int64_t k, t;
    loupe_activation_panel_block *dst;
} activation_panel_job;

static void activation_panels(void *context, int64_t begin, int64_t end) {
    const activation_panel_job *job = context;
    for (int64_t g = begin; g < end; g++)
        loupe_avx512_activation_panel(job->k, job->quantized + (size_t)(g * LOUPE_PANEL) * job->row_bytes, job->row_bytes,
                                      (int)min64(LOUPE_PANEL, job->t - g * LOUPE_PANEL), job->dst + g * (job->k / 32));
}
#endif

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
    const int path = loupe_simd_path_active();
    const loupe_vec_dot_fn dot = loupe_vec_dot_kernel(path, weight_type);
    if (!dot) return -1;

    const loupe_gemv_fn gemv = t == 1 ? loupe_gemv_kernel(path, weight_type) : NULL;
    const loupe_gemm_tile none = { 0 };
    matmul_job job = {
        .dot = dot, .gemv = gemv, .tile = gemv ? none : loupe_gemm_tile_kernel(path, weight_type),
        .weights = weights, .weight_row_bytes = row_bytes(weight_type, k),
        .n_rows = n_rows, .k = k, .t = t, .out = out,
    };
    job.unit_rows = job.tile.fn ? job.tile.max_rows : ROW_TILE;
    job.block_rows = (int64_t)(CACHED_WEIGHT_BYTES / job.weight_row_bytes) / job.unit_rows * job.unit_rows;
    if (job.block_rows < job.unit_rows) job.block_rows = job.unit_rows;
    job.unpack = job.tile.unpack != NULL && t >= UNPACK_MIN_ROWS;
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
    // Enough rows per chunk that the per-chunk overhead stays small against the dot products
    // (a decoded row needs many rows per chunk, a prompt few).
    const int64_t grain_rows = ((k >= 2048 ? ROW_TILE : 4 * ROW_TILE) + t - 1) / t;
#if defined(__x86_64__)
    if (job.tile.weight_panel && t >= UNPACK_MIN_ROWS) {
        const int64_t nb = k / 32, groups = (t + LOUPE_PANEL - 1) / LOUPE_PANEL;
        loupe_activation_panel_block *panels = malloc(sizeof(*panels) * (size_t)(groups * nb));
        if (!panels) {
            free(quantized);
            return -1;
        }
        activation_panel_job pack = { quantized, job.activation_row_bytes, k, t, panels };
        loupe_parallel_for(groups, 1, activation_panels, &pack);
        panel_job p = {
            .weight_panel = job.tile.weight_panel, .weights = weights, .weight_row_bytes = job.weight_row_bytes,
            .activations = panels, .n_rows = n_rows, .k = k, .t = t, .out = out,
        };
        loupe_parallel_for((n_rows + LOUPE_PANEL - 1) / LOUPE_PANEL, (grain_rows + LOUPE_PANEL - 1) / LOUPE_PANEL, panel_rows, &p);
        free(panels);
        free(quantized);
        return atomic_load(&p.failed) ? -1 : 0;
    }
#endif
    const int64_t units = (n_rows + job.unit_rows - 1) / job.unit_rows;
    loupe_parallel_for(units, (grain_rows + job.unit_rows - 1) / job.unit_rows, matmul_rows, &job);
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
