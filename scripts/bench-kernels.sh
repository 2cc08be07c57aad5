#!/usr/bin/env bash
# Builds Benchmarks/kernel_bench.c against Loupe's C kernels (same flags as the package: -O3,
# run-time SIMD dispatch) and OpenBLAS, then prints Loupe's products beside OpenBLAS's.
#   scripts/bench-kernels.sh [seconds per measurement, default 0.3]
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p .build-bench
clang -O3 -std=gnu11 -pthread -I Sources/CKernels/include -I Sources/CKernels \
  Benchmarks/kernel_bench.c Sources/CKernels/*.c -lopenblas -lm -o .build-bench/kernel_bench
.build-bench/kernel_bench "${1:-0.3}"
