// Kernel benchmark: Loupe's quantized matrix products on the shapes of Gemma 3 270M and two of
// PaliGemma-3B's text stack, per SIMD path (one thread; two threads are timed on the wall
// clock), for 1, 16, 64 and 512 rows of activations (a decoded token ... a 512-token prompt),
// beside OpenBLAS on the same weights dequantized to float32 (sgemv for one row; for several
// rows, dequantization plus sgemm, the route of ggml's BLAS backend and Loupe's own before its
// integer GEMM). Prints time per call, weight bytes streamed per second, and OpenBLAS's time over
// Loupe's. Built and run by scripts/bench-kernels.sh.
#include <cblas.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "CKernels.h"

void openblas_set_num_threads(int num_threads);

// Process CPU time, not wall time: the benchmark machine is shared, and CPU time charges a
// measurement only for the cycles it actually ran (with two threads it also counts a worker's
// spinning, so two-thread figures are conservative).
static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static double wall(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static uint64_t rng_state = 0x1234567;
static uint32_t next_random(void) {
    rng_state = rng_state * 6364136223846793005ULL + 1442695040888963407ULL;
    return (uint32_t)(rng_state >> 33);
}

// Random blocks with ordinary float16 scales where ggml puts them.
static void *random_weights(int type, int64_t n, int64_t k, size_t *bytes_out) {
    const int64_t block = loupe_type_block_size(type), block_bytes = loupe_type_block_bytes(type);
    const size_t bytes = (size_t)(n * k / block * block_bytes);
    uint8_t *w = aligned_alloc(64, (bytes + 63) / 64 * 64);
    for (size_t i = 0; i < bytes; i++) w[i] = (uint8_t)next_random();
    int offsets[2] = {0, -1};
    if (type == LOUPE_TYPE_Q4_K || type == LOUPE_TYPE_Q5_K || type == LOUPE_TYPE_Q4_1 || type == LOUPE_TYPE_Q5_1) offsets[1] = 2;
    if (type == LOUPE_TYPE_Q6_K) offsets[0] = 208;
    for (size_t b = 0; b < bytes; b += block_bytes)
        for (int j = 0; j < 2; j++)
            if (offsets[j] >= 0) {
                const uint16_t h = loupe_fp32_to_fp16(0.001f + (next_random() % 1000) * 0.00005f);
                memcpy(w + b + offsets[j], &h, 2);
            }
    *bytes_out = bytes;
    return w;
}

static double (*clock_fn)(void) = now;

static double time_loupe(int type, const void *w, int64_t n, int64_t k, const float *x, int64_t t, float *out, double budget) {
    loupe_matmul(type, w, n, k, x, t, out);   // warm-up (and pool start)
    int calls = 0;
    const double start = clock_fn();
    double elapsed;
    do {
        loupe_matmul(type, w, n, k, x, t, out);
        calls++;
    } while ((elapsed = clock_fn() - start) < budget);
    return elapsed / calls;
}

// With several rows of activations the float32 copy is made inside the timing, as Loupe's
// prompt route (convert a tile, then sgemm) pays for it on every product.
static double time_blas(int type, const void *quantized, float *w, int64_t n, int64_t k, const float *x, int64_t t, float *out, double budget) {
    int calls = 0;
    const double start = clock_fn();
    double elapsed;
    do {
        if (t > 1) loupe_convert_rows_to_f32(type, quantized, k, 0, n, w);
        if (t == 1) cblas_sgemv(CblasRowMajor, CblasNoTrans, (int)n, (int)k, 1, w, (int)k, x, 1, 0, out, 1);
        else cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, (int)t, (int)n, (int)k, 1, x, (int)k, w, (int)k, 0, out, (int)n);
        calls++;
    } while ((elapsed = clock_fn() - start) < budget);
    return elapsed / calls;
}

int main(int argc, char **argv) {
    const double budget = argc > 1 ? atof(argv[1]) : 0.3;
    struct { const char *what; int type; int64_t n, k; } shapes[] = {
        {"attn_q  Q5_0", LOUPE_TYPE_Q5_0, 1024, 640},
        {"ffn_up  Q5_0", LOUPE_TYPE_Q5_0, 2048, 640},
        {"attn_o  Q4_K", LOUPE_TYPE_Q4_K, 640, 1024},
        {"ffn_dn  Q4_K", LOUPE_TYPE_Q4_K, 640, 2048},
        {"ffn_dn  Q6_K", LOUPE_TYPE_Q6_K, 640, 2048},
        {"attn_v  Q8_0", LOUPE_TYPE_Q8_0, 256, 640},
        {"4096sq  Q4_0", LOUPE_TYPE_Q4_0, 4096, 4096},
        {"output  Q8_0", LOUPE_TYPE_Q8_0, 262144, 640},
        // PaliGemma-3B's text stack under `--quantize q8_0` (a 262-row prompt is between 64 and 512).
        {"pg q    Q8_0", LOUPE_TYPE_Q8_0, 2048, 2048},
        {"pg down Q8_0", LOUPE_TYPE_Q8_0, 2048, 16384},
    };
    const char *paths[] = {"scalar", "avx2", "avx512"};
    const int64_t rows_of_activations[] = {1, 16, 64, 512};
    printf("Loupe kernels vs OpenBLAS on float32 copies of the same weights; %.2f s per measurement;\n"
           "th=1: process CPU time, th=2: wall time\n", budget);
    printf("%-13s %12s %3s %-7s %2s %10s %9s %10s %8s\n", "weight", "N x K", "T", "path", "th", "us/call", "GB/s", "blas us", "speedup");
    for (size_t s = 0; s < sizeof shapes / sizeof shapes[0]; s++) {
        const int64_t n = shapes[s].n, k = shapes[s].k;
        size_t bytes;
        void *w = random_weights(shapes[s].type, n, k, &bytes);
        float *dense = malloc(sizeof(float) * n * k);
        loupe_convert_rows_to_f32(shapes[s].type, w, k, 0, n, dense);
        for (size_t r = 0; r < sizeof rows_of_activations / sizeof rows_of_activations[0]; r++) {
            const int64_t t = rows_of_activations[r];
            if (t > 1 && n > 8192) continue;   // the output head only runs for the last token
            float *x = malloc(sizeof(float) * t * k), *out = malloc(sizeof(float) * t * n);
            for (int64_t i = 0; i < t * k; i++) x[i] = (float)(next_random() % 2001) / 1000.0f - 1.0f;
            for (int threads = 1; threads <= 2; threads++) {
                clock_fn = threads == 1 ? now : wall;
                openblas_set_num_threads(threads);
                const double blas = time_blas(shapes[s].type, w, dense, n, k, x, t, out, budget);
                loupe_set_num_threads(threads);
                for (int path = 0; path < 3; path++) {
                    if (!loupe_simd_path_supported(path)) continue;
                    if (path == 0 && (threads == 2 || n > 8192)) continue;   // scalar: reference only
                    loupe_simd_path_force(path);
                    const double seconds = time_loupe(shapes[s].type, w, n, k, x, t, out, budget);
                    printf("%-13s %6lldx%-5lld %3lld %-7s %2d %10.1f %9.2f %10.1f %7.2fx\n", shapes[s].what, (long long)n,
                           (long long)k, (long long)t, paths[path], threads, seconds * 1e6, bytes / seconds / 1e9, blas * 1e6, blas / seconds);
                }
            }
            free(x);
            free(out);
        }
        free(w);
        free(dense);
    }
    return 0;
}
