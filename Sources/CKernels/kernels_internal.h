// Dot-product kernel tables shared by the per-path files and the dispatcher.
#ifndef LOUPE_KERNELS_INTERNAL_H
#define LOUPE_KERNELS_INTERNAL_H
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

#endif
