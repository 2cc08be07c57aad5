#ifndef LOUPE_CKERNELS_H
#define LOUPE_CKERNELS_H
#include <stddef.h>
#include <stdint.h>

/// Reports which SIMD path the kernels dispatch to at run time ("avx512", "avx2" or "scalar").
const char *loupe_kernels_simd_path(void);

#endif
