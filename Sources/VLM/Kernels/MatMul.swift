import CKernels
import COpenBLAS

// Matrix products of activations with weights, the entry points the model code uses:
//
//   matmul(x, weight) -> Tensor                 x [T, K] (or [K]), weight [N, K]  ->  [T, N] (or [N])
//   matmul(x, weight, into: &out)               same, into an existing [T, N] tensor
//   matvec(x, weight, out)                      raw pointers: K floats in, N floats out (decode path)
//   matmul(a, b, transposeB:)                   float32 tensors through OpenBLAS sgemm (attention)
//
// Quantized weights always run Loupe's integer products on the packed blocks, as llama.cpp's CPU
// backend does: the activations are quantized once per product to the 8-bit format the weight
// type pairs with, and prompts go through register tiles of weight rows x activation rows
// (CKernels/gemm_*.c), with the same per-output arithmetic as a decoded row. Float weights
// (F32/F16/BF16) use float kernels for a few rows and OpenBLAS sgemm from `blasMinimumRows` on,
// F16/BF16 converted to float32 a tile of rows at a time.
// Every sgemm runs single-threaded on Loupe's pool (see `blasOnPoolThreads`); callers that issue
// many small products (attention heads) call `singleThreadedBLAS()` and spread them over the pool
// with `parallelRows`.

/// Activation rows from which float weights go to OpenBLAS (measured with scripts/bench-kernels.sh).
private let blasMinimumRows = 4
/// Rows of a converted weight per OpenBLAS call.
private let conversionTileRows = 256

/// One thread policy for every product: Loupe's pool owns the cores, OpenBLAS runs single-threaded
/// inside pool chunks. Left to itself OpenBLAS starts its own threads, which busy-wait after each
/// call; beside Loupe's pool (quantized products, elementwise passes) the two sets of threads then
/// take turns on the same two cores instead of working.
private let blasOnPoolThreads: Void = openblas_set_num_threads(1)

public func matmul(_ x: Tensor, _ weight: Weight) throws -> Tensor {
    let k = weight.columns
    guard x.columnCount == k, x.rank >= 1 else {
        throw TensorError.shapeMismatch("activations \(x.shape) times weight '\(weight.name)' \(weight.shape): inner sizes differ")
    }
    var out = Tensor(zeros: x.rank == 1 ? [weight.rows] : x.shape.dropLast() + [weight.rows])
    try matmul(x, weight, into: &out)
    return out
}

public func matmul(_ x: Tensor, _ weight: Weight, into out: inout Tensor) throws {
    let t = x.rowCount, k = weight.columns, n = weight.rows
    guard x.columnCount == k, out.count == t * n else {
        throw TensorError.shapeMismatch("activations \(x.shape) times weight '\(weight.name)' \(weight.shape) into \(out.shape)")
    }
    try x.withUnsafeBufferPointer { input in
        try out.withUnsafeMutableBufferPointer { output in
            try product(input.baseAddress!, rows: t, weight, output.baseAddress!)
        }
    }
}

/// out[N] = weight [N, K] · x[K]. The caller guarantees the buffer sizes.
public func matvec(_ x: UnsafePointer<Float>, _ weight: Weight, _ out: UnsafeMutablePointer<Float>) throws {
    try product(x, rows: 1, weight, out)
}

private func product(_ x: UnsafePointer<Float>, rows t: Int, _ weight: Weight, _ out: UnsafeMutablePointer<Float>) throws {
    let k = weight.columns, n = weight.rows
    if !weight.type.isQuantized && t >= blasMinimumRows {
        try blasProduct(x, rows: t, weight, out)
        return
    }
    let status = loupe_matmul(Int32(weight.type.rawValue), weight.data, Int64(n), Int64(k), x, Int64(t), out)
    guard status == 0 else {
        throw TensorError.unsupported("matrix product with weight '\(weight.name)' of type \(weight.type), shape \(weight.shape)")
    }
}

/// x [t, k] · weightᵀ -> out [t, n] for float weights: output columns split over the pool, each
/// chunk one single-threaded sgemm per tile of rows (a half-precision tile is converted to float32
/// first, by the thread that multiplies it, so it is still in that core's cache).
private func blasProduct(_ x: UnsafePointer<Float>, rows t: Int, _ weight: Weight, _ out: UnsafeMutablePointer<Float>) throws {
    _ = blasOnPoolThreads
    let k = weight.columns, n = weight.rows
    let isFloat = weight.type == .f32
    var failed = false
    parallelRows(n, grain: 64) { range in
        if isFloat {
            cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, Int32(t), Int32(range.count), Int32(k), 1,
                        x, Int32(k), weight.data.assumingMemoryBound(to: Float.self) + range.lowerBound * k, Int32(k),
                        0, out + range.lowerBound, Int32(n))
            return
        }
        let tile = UnsafeMutablePointer<Float>.allocate(capacity: min(conversionTileRows, range.count) * k)
        defer { tile.deallocate() }
        for start in stride(from: range.lowerBound, to: range.upperBound, by: conversionTileRows) {
            let end = min(start + conversionTileRows, range.upperBound)
            guard loupe_convert_rows_to_f32(Int32(weight.type.rawValue), weight.data, Int64(k), Int64(start), Int64(end), tile) == 0 else {
                failed = true
                return
            }
            // out[:, start..<end] = x · tileᵀ, written in place with the output's row stride n.
            cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, Int32(t), Int32(end - start), Int32(k), 1,
                        x, Int32(k), tile, Int32(k), 0, out + start, Int32(n))
        }
    }
    guard !failed else { throw TensorError.unsupported("cannot convert weight '\(weight.name)' of type \(weight.type)") }
}

/// Float32 product a [M, K] · b [K, N] (or bᵀ with b [N, K] when `transposeB`) -> [M, N].
public func matmul(_ a: Tensor, _ b: Tensor, transposeB: Bool = false) throws -> Tensor {
    guard a.rank == 2, b.rank == 2 else {
        throw TensorError.shapeMismatch("matmul needs matrices, got \(a.shape) and \(b.shape)")
    }
    let m = a.shape[0], k = a.shape[1]
    let n = transposeB ? b.shape[0] : b.shape[1]
    guard (transposeB ? b.shape[1] : b.shape[0]) == k else {
        throw TensorError.shapeMismatch("matmul \(a.shape) · \(b.shape)\(transposeB ? "ᵀ" : ""): inner sizes differ")
    }
    var out = Tensor(zeros: [m, n])
    if m == 0 || n == 0 || k == 0 { return out }
    _ = blasOnPoolThreads
    a.withUnsafeBufferPointer { pa in
        b.withUnsafeBufferPointer { pb in
            out.withUnsafeMutableBufferPointer { po in
                cblas_sgemm(CblasRowMajor, CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
                            Int32(m), Int32(n), Int32(k), 1, pa.baseAddress, Int32(k),
                            pb.baseAddress, Int32(transposeB ? k : n), 0, po.baseAddress, Int32(n))
            }
        }
    }
    return out
}

/// Makes sure OpenBLAS is single-threaded before a caller runs sgemm itself (on pool threads).
func singleThreadedBLAS() { _ = blasOnPoolThreads }

/// Which SIMD path the quantized kernels use ("avx512", "avx2" or "scalar").
public var kernelSIMDPath: String { String(cString: loupe_kernels_simd_path()) }
