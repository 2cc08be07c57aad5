// Chooses the SIMD path at run time from the CPU's features; tests and benchmarks can force one.
#include <math.h>
#include <stdatomic.h>
#include "CKernels.h"
#include "kernels_internal.h"

static _Atomic int forced_path = -1;

int loupe_simd_path_supported(int path) {
    switch (path) {
    case LOUPE_PATH_SCALAR: return 1;
#if defined(__x86_64__)
    case LOUPE_PATH_AVX2:
        __builtin_cpu_init();
        return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma") && __builtin_cpu_supports("f16c");
    case LOUPE_PATH_AVX512:
        __builtin_cpu_init();
        return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
               __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("avx512vnni") &&
               loupe_simd_path_supported(LOUPE_PATH_AVX2);
#endif
    default: return 0;
    }
}

static int detected_path(void) {
    static _Atomic int cached = -1;
    int path = atomic_load_explicit(&cached, memory_order_relaxed);
    if (path < 0) {
        path = loupe_simd_path_supported(LOUPE_PATH_AVX512) ? LOUPE_PATH_AVX512
             : loupe_simd_path_supported(LOUPE_PATH_AVX2)   ? LOUPE_PATH_AVX2
                                                            : LOUPE_PATH_SCALAR;
        atomic_store_explicit(&cached, path, memory_order_relaxed);
    }
    return path;
}

int loupe_simd_path_active(void) {
    const int forced = atomic_load_explicit(&forced_path, memory_order_relaxed);
    return forced >= 0 ? forced : detected_path();
}

int loupe_simd_path_force(int path) {
    if (path < 0) {
        atomic_store(&forced_path, -1);
        return 0;
    }
    if (!loupe_simd_path_supported(path)) return -1;
    atomic_store(&forced_path, path);
    return 0;
}

const char *loupe_kernels_simd_path(void) {
    switch (loupe_simd_path_active()) {
    case LOUPE_PATH_AVX512: return "avx512";
    case LOUPE_PATH_AVX2: return "avx2";
    default: return "scalar";
    }
}

loupe_vec_dot_fn loupe_vec_dot_kernel(int path, int weight_type) {
    if (weight_type < 0 || weight_type >= LOUPE_TYPE_TABLE || !loupe_simd_path_supported(path)) return NULL;
    loupe_vec_dot_fn kernel = NULL;
    switch (path) {
#if defined(__x86_64__)
    case LOUPE_PATH_AVX512: kernel = loupe_vec_dot_avx512[weight_type]; break;
    case LOUPE_PATH_AVX2: kernel = loupe_vec_dot_avx2[weight_type]; break;
#endif
    default: break;
    }
    return kernel ? kernel : loupe_vec_dot_scalar[weight_type];
}

loupe_gemm_tile loupe_gemm_tile_kernel(int path, int weight_type) {
    const loupe_gemm_tile none = { 0 };
    if (weight_type < 0 || weight_type >= LOUPE_TYPE_TABLE || !loupe_simd_path_supported(path)) return none;
    switch (path) {
#if defined(__x86_64__)
    case LOUPE_PATH_AVX512: return loupe_gemm_avx512[weight_type];
    case LOUPE_PATH_AVX2: return loupe_gemm_avx2[weight_type];
#endif
    default: return none;
    }
}

loupe_gemv_fn loupe_gemv_kernel(int path, int weight_type) {
    if (weight_type < 0 || weight_type >= LOUPE_TYPE_TABLE || !loupe_simd_path_supported(path)) return NULL;
#if defined(__x86_64__)
    if (path == LOUPE_PATH_AVX512) return loupe_gemv_avx512[weight_type];
#endif
    return NULL;
}

int loupe_simd_kernel_available(int path, int weight_type) {
    if (weight_type < 0 || weight_type >= LOUPE_TYPE_TABLE || !loupe_simd_path_supported(path)) return 0;
    switch (path) {
#if defined(__x86_64__)
    case LOUPE_PATH_AVX512: return loupe_vec_dot_avx512[weight_type] != NULL;
    case LOUPE_PATH_AVX2: return loupe_vec_dot_avx2[weight_type] != NULL;
#endif
    default: return loupe_vec_dot_scalar[weight_type] != NULL;
    }
}

float loupe_vec_dot(int path, int weight_type, int64_t n, const void *weight_row, const void *activation_row) {
    const loupe_vec_dot_fn kernel = loupe_vec_dot_kernel(path, weight_type);
    const int64_t block = loupe_type_block_size(weight_type);
    if (!kernel || block == 0 || n % block != 0) return NAN;
    return kernel(n, weight_row, activation_row);
}
