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

/// Activation rows from which float weights go to OpenBLAS (measured with scripts/bench-kernels.sh).
private let blasMinimumRows = 4
/// Rows of a converted weight per OpenBLAS call.
private let conversionTileRows = 256

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

private func blasProduct(_ x: UnsafePointer<Float>, rows t: Int, _ weight: Weight, _ out: UnsafeMutablePointer<Float>) throws {
    let k = weight.columns, n = weight.rows
    if weight.type == .f32 {
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, Int32(t), Int32(n), Int32(k), 1,
                    x, Int32(k), weight.data.assumingMemoryBound(to: Float.self), Int32(k), 0, out, Int32(n))
        return
    }
    let tile = UnsafeMutablePointer<Float>.allocate(capacity: conversionTileRows * k)
    defer { tile.deallocate() }
    for start in stride(from: 0, to: n, by: conversionTileRows) {
        let end = min(start + conversionTileRows, n)
        guard loupe_convert_rows_to_f32(Int32(weight.type.rawValue), weight.data, Int64(k), Int64(start), Int64(end), tile) == 0 else {
            throw TensorError.unsupported("cannot convert weight '\(weight.name)' of type \(weight.type)")
        }
        // out[:, start..<end] = x · tileᵀ, written in place with the output's row stride n.
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, Int32(t), Int32(end - start), Int32(k), 1,
                    x, Int32(k), tile, Int32(k), 0, out + start, Int32(n))
    }
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

/// Which SIMD path the quantized kernels use ("avx512", "avx2" or "scalar").
public var kernelSIMDPath: String { String(cString: loupe_kernels_simd_path()) }
