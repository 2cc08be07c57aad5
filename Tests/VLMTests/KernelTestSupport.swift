import CKernels
@testable import VLM

/// Random but valid weight rows and exact float64 references for the kernel tests.
enum KernelTestSupport {
    static let quantizedTypes: [ElementType] = [.q4_0, .q4_1, .q5_0, .q5_1, .q8_0, .q4_K, .q5_K, .q6_K]
    static let floatTypes: [ElementType] = [.f32, .f16, .bf16]

    /// `rows` rows of `columns` elements: random quant bytes with ordinary float16 scale fields.
    static func randomWeightBytes(_ type: ElementType, rows: Int, columns: Int, random: inout TestRandom) -> [UInt8] {
        let count = rows * columns
        switch type {
        case .f32:
            return random.floats(count).flatMap { withUnsafeBytes(of: $0.bitPattern.littleEndian, Array.init) }
        case .f16:
            return random.floats(count).flatMap { withUnsafeBytes(of: loupe_fp32_to_fp16($0).littleEndian, Array.init) }
        case .bf16:
            return random.floats(count).flatMap { withUnsafeBytes(of: UInt16($0.bitPattern >> 16).littleEndian, Array.init) }
        default:
            var bytes = random.bytes(count / type.blockSize * type.blockBytes)
            let scaleOffsets: [Int] = switch type {
            case .q4_1, .q5_1, .q4_K, .q5_K: [0, 2]   // d and m / dmin
            case .q6_K: [208]
            default: [0]
            }
            for block in stride(from: 0, to: bytes.count, by: type.blockBytes) {
                for offset in scaleOffsets {
                    let half = loupe_fp32_to_fp16(0.001 + abs(random.nextFloat()) * 0.05)
                    bytes[block + offset] = UInt8(half & 0xFF)
                    bytes[block + offset + 1] = UInt8(half >> 8)
                }
            }
            return bytes
        }
    }

    /// Activations quantized the way the products quantize them.
    static func quantizedActivations(_ x: [Float], for type: ElementType) -> [UInt8] {
        let activationType = loupe_activation_type(Int32(type.rawValue))
        let bytes = x.count / Int(loupe_type_block_size(activationType)) * Int(loupe_type_block_bytes(activationType))
        var out = [UInt8](repeating: 0, count: bytes)
        out.withUnsafeMutableBytes { _ = loupe_quantize_activation_row(activationType, x, $0.baseAddress, Int64(x.count)) }
        return out
    }

    /// The values the quantized activations stand for, read from their blocks.
    static func activationValues(_ bytes: [UInt8], count: Int, for type: ElementType) -> [Double] {
        let activationType = loupe_activation_type(Int32(type.rawValue))
        func half(_ offset: Int) -> Double { Double(loupe_fp16_to_fp32(UInt16(bytes[offset]) | UInt16(bytes[offset + 1]) << 8)) }
        func int8(_ offset: Int) -> Double { Double(Int8(bitPattern: bytes[offset])) }
        switch activationType {
        case Int32(LOUPE_TYPE_F32.rawValue):
            return (0..<count).map { i in Double(Float(bitPattern: UInt32(bytes[4 * i]) | UInt32(bytes[4 * i + 1]) << 8 | UInt32(bytes[4 * i + 2]) << 16 | UInt32(bytes[4 * i + 3]) << 24)) }
        case Int32(LOUPE_TYPE_Q8_0.rawValue):
            return (0..<count).map { i in half(i / 32 * 34) * int8(i / 32 * 34 + 2 + i % 32) }
        case Int32(LOUPE_TYPE_Q8_1.rawValue):
            return (0..<count).map { i in half(i / 32 * 36) * int8(i / 32 * 36 + 4 + i % 32) }
        default:   // Q8_K: float d, then 256 int8
            return (0..<count).map { i in
                let base = i / 256 * 292
                let d = Float(bitPattern: UInt32(bytes[base]) | UInt32(bytes[base + 1]) << 8 | UInt32(bytes[base + 2]) << 16 | UInt32(bytes[base + 3]) << 24)
                return Double(d) * int8(base + 4 + i % 256)
            }
        }
    }

    /// Float64 dot of dequantized weight values with activation values, and the sum of |products|
    /// (the scale of float32 rounding differences).
    static func reference(_ weights: [Float], _ activations: [Double]) -> (dot: Double, magnitude: Double) {
        var dot = 0.0, magnitude = 0.0
        for (w, a) in zip(weights, activations) {
            dot += Double(w) * a
            magnitude += abs(Double(w) * a)
        }
        return (dot, magnitude)
    }

    /// Rounding slack: float32 accumulation, plus for Q4_1/Q5_1 the float16 activation sums
    /// `s` that carry the offset term (relative error 2^-11 of |m * s| per block).
    static func tolerance(_ type: ElementType, magnitude: Double, weightBytes: [UInt8], activationBytes: [UInt8]) -> Double {
        var slack = 1e-5 * magnitude + 1e-6
        if type == .q4_1 || type == .q5_1 {
            let blocks = activationBytes.count / 36
            for b in 0..<blocks {
                let m = Double(loupe_fp16_to_fp32(UInt16(weightBytes[b * type.blockBytes + 2]) | UInt16(weightBytes[b * type.blockBytes + 3]) << 8))
                let s = Double(loupe_fp16_to_fp32(UInt16(activationBytes[b * 36 + 2]) | UInt16(activationBytes[b * 36 + 3]) << 8))
                slack += abs(m * s) * 0x1p-10
            }
        }
        return slack
    }

    static var supportedPaths: [Int32] {
        [LOUPE_PATH_SCALAR, LOUPE_PATH_AVX2, LOUPE_PATH_AVX512].map { Int32($0.rawValue) }.filter { loupe_simd_path_supported($0) != 0 }
    }
}
