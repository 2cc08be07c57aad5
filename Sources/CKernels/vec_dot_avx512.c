// AVX-512 (F, BW, VL, VNNI) dot products (x86-64 only; selected at run time).
#if defined(__x86_64__)
#include "CKernels.h"
#include "blocks.h"
#include "kernels_internal.h"

const loupe_vec_dot_fn loupe_vec_dot_avx512[LOUPE_TYPE_TABLE] = { 0 };
#endif
