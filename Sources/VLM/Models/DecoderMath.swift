import CKernels
import Foundation

/// Elementwise pieces of a decoder layer, on raw float32 rows, computed as llama.cpp computes
/// them: float32 with Double sums in norms, and half-precision rounding where llama.cpp's CPU
/// path rounds (its default f16 key/value cache, the f16 operands of its attention products, its
/// f16 GELU table). Gemma 3 270M is sensitive enough that leaving these out moves logits by as
/// much as llama.cpp's own f16 and f32 caches differ from each other (up to ~6 on this model).
enum DecoderMath {
    /// `x * rsqrt(mean(x^2) + eps) * w` for each of `rows` rows of `width`, in place.
    /// `weight` already holds Gemma's `1 + w` (GGUF stores it so; HF weights are shifted on load).
    static func rmsNorm(_ x: UnsafeMutablePointer<Float>, rows: Int, width: Int,
                        weight: UnsafePointer<Float>, epsilon: Float) {
        parallelRows(rows, grain: 16) { range in
            for row in range {
                let base = x + row * width
                var sum: Double = 0
                for i in 0..<width { sum += Double(base[i] * base[i]) }
                let scale = 1 / (Float(sum / Double(width)) + epsilon).squareRoot()
                for i in 0..<width { base[i] = base[i] * scale * weight[i] }
            }
        }
    }

    /// GELU, tanh approximation (`gelu_pytorch_tanh`).
    static func gelu(_ x: Float) -> Float {
        let c: Float = 0.797_884_56  // sqrt(2 / pi)
        return 0.5 * x * (1 + tanhf(c * x * (1 + 0.044715 * x * x)))
    }

    /// GELU (tanh approximation) of `count` floats in place, or times `up` when given, sixteen
    /// at a time: `0.5x(1 + tanh(u))` is computed as the equal `x / (1 + exp(-2u))` with a
    /// vector exp, because libm's scalar tanhf was ~5% of a PaliGemma prefill. Within a few
    /// float ulps of `gelu(_:)` (the parity tests hold it to transformers at 1e-4).
    static func gelu(_ x: UnsafeMutablePointer<Float>, times up: UnsafePointer<Float>? = nil, count: Int) {
        typealias V = SIMD16<Float>
        let raw = UnsafeMutableRawPointer(x)
        let upRaw = up.map(UnsafeRawPointer.init)
        var i = 0
        while i + 16 <= count {
            let v = raw.loadUnaligned(fromByteOffset: i * 4, as: V.self)
            let u = 0.797_884_56 * (v + 0.044715 * v * v * v)   // sqrt(2 / pi) * (x + 0.044715 x^3)
            var g = v / (1 + exp(-2 * u))
            if let upRaw { g *= upRaw.loadUnaligned(fromByteOffset: i * 4, as: V.self) }
            raw.storeBytes(of: g, toByteOffset: i * 4, as: V.self)
            i += 16
        }
        while i < count {
            x[i] = gelu(x[i]) * (up?[i] ?? 1)
            i += 1
        }
    }

    /// e^x for sixteen floats: x = n ln2 + r with |r| <= ln2 / 2, e^r by its degree-6 Taylor
    /// polynomial (error below 2e-7 relative), 2^n by building the exponent bits. Inputs are
    /// clamped to [-87, 88], where the result stays a normal float.
    @inline(__always)
    static func exp(_ x: SIMD16<Float>) -> SIMD16<Float> {
        // Masked replaces compile to vector min/max; pointwiseMin/Max came out one lane at a time.
        var x = x
        x.replace(with: 88, where: x .> 88)
        x.replace(with: -87, where: x .< -87)
        // Adding 1.5 * 2^23 rounds x / ln2 to an integer, left in the low mantissa bits.
        let shifter = SIMD16<Float>(repeating: 12_582_912)
        let shifted = x * 1.442_695_04 + shifter
        let n = shifted - shifter
        let r = x - n * 0.693_145_751_953_125 - n * 1.428_606_765_330_187e-06   // ln2 in two parts
        var p = SIMD16<Float>(repeating: 1.0 / 720)
        p = p * r + 1.0 / 120
        p = p * r + 1.0 / 24
        p = p * r + 1.0 / 6
        p = p * r + 0.5
        p = p * r + 1
        p = p * r + 1
        let integer = unsafeBitCast(shifted, to: SIMD16<Int32>.self) &- unsafeBitCast(shifter, to: SIMD16<Int32>.self)
        let power = unsafeBitCast((integer &+ 127) &<< 23, to: SIMD16<Float>.self)
        return p * power
    }

    /// GELU of every half-precision value, rounded to half precision (llama.cpp's table).
    static let halfGELU: [Float] = (0...UInt16.max).map { bits in
        Float(Float16(gelu(Float(Float16(bitPattern: bits)))))
    }

    /// gate[i] = gelu(gate[i]) * up[i], with GELU looked up for the input rounded to half
    /// precision, as llama.cpp does within (-10, 10).
    /// The AVX-512 path runs CKernels' vector version (VectorGELUTests compares it with the
    /// reference loop below, which the other paths run).
    static func geluGate(_ gate: UnsafeMutablePointer<Float>, up: UnsafePointer<Float>, count: Int) {
        halfGELU.withUnsafeBufferPointer { table in
            if loupe_gelu_gate_half_table(gate, up, Int64(count), table.baseAddress) == 0 { return }
            geluGateReference(gate, up: up, count: count, table: table)
        }
    }

    static func geluGateReference(_ gate: UnsafeMutablePointer<Float>, up: UnsafePointer<Float>, count: Int,
                                  table: UnsafeBufferPointer<Float>) {
        for i in 0..<count {
            let x = gate[i]
            let g: Float = x <= -10 ? 0 : x >= 10 ? x : table[Int(halfBits(x))]
            gate[i] = g * up[i]
        }
    }

    /// Rounds to the nearest half-precision value (ties to even), in place.
    static func roundToHalf(_ x: UnsafeMutablePointer<Float>, count: Int) {
        for i in 0..<count { x[i] = halfRounded(x[i]) }
    }

    /// `Float(Float16(x))` by bit arithmetic: Swift's Float16 conversion is a library call
    /// (~70 ns on this machine), too slow for tens of millions of values per prefill.
    @inline(__always)
    static func halfRounded(_ x: Float) -> Float {
        let magnitude = abs(x)
        if magnitude >= 6.103_515_625e-05 {   // 2^-14, the smallest normal half
            if magnitude >= 65520 { return x.isNaN ? x : Float(signOf: x, magnitudeOf: .infinity) }
            let bits = x.bitPattern
            // Drop 13 mantissa bits, rounding to nearest, ties to even.
            return Float(bitPattern: (bits &+ 0x0FFF &+ ((bits >> 13) & 1)) & ~0x1FFF)
        }
        // Subnormal halves are multiples of 2^-24, the spacing of floats in [0.5, 1).
        let rounded = (magnitude + 0.75) - 0.75
        return x < 0 ? -rounded : rounded
    }

    /// The half-precision bit pattern of `halfRounded(x)`, for |x| < 65504.
    @inline(__always)
    static func halfBits(_ x: Float) -> UInt16 {
        let rounded = halfRounded(x)
        let bits = rounded.bitPattern
        let sign = UInt16(truncatingIfNeeded: bits >> 16) & 0x8000
        let magnitude = abs(rounded)
        if magnitude >= 6.103_515_625e-05 {
            let exponent = UInt16(truncatingIfNeeded: (bits >> 23) & 0xFF) &- 112
            return sign | exponent << 10 | UInt16(truncatingIfNeeded: (bits >> 13) & 0x3FF)
        }
        return sign | UInt16(magnitude * 16_777_216)
    }

    /// `tanh(x / cap) * cap`, in place.
    static func softCap(_ x: UnsafeMutablePointer<Float>, count: Int, cap: Float) {
        let inverse = 1 / cap
        for i in 0..<count { x[i] = tanhf(x[i] * inverse) * cap }
    }

    /// Softmax of one row in place; entries equal to -infinity get probability 0.
    static func softmax(_ x: UnsafeMutablePointer<Float>, count: Int) {
        var maximum = -Float.infinity
        for i in 0..<count where x[i] > maximum { maximum = x[i] }
        if maximum == -.infinity {
            for i in 0..<count { x[i] = 0 }
            return
        }
        var sum: Double = 0
        for i in 0..<count {
            let e = expf(x[i] - maximum)
            x[i] = e
            sum += Double(e)
        }
        let inverse = Float(1 / sum)
        for i in 0..<count { x[i] *= inverse }
    }

    static func add(_ x: UnsafeMutablePointer<Float>, _ y: UnsafePointer<Float>, count: Int) {
        for i in 0..<count { x[i] += y[i] }
    }

    static func scale(_ x: UnsafeMutablePointer<Float>, count: Int, by factor: Float) {
        for i in 0..<count { x[i] *= factor }
    }
}

/// Rotary position embedding in the split-half ("NeoX") layout Gemma uses: dimension i pairs with
/// i + headDim/2. Angles are `position / scale * base^(-2i/headDim)`, in float32 with the
/// frequency built up by repeated multiplication as llama.cpp does; cached per position.
final class RotaryEmbedding: @unchecked Sendable {
    let headDimension: Int
    let base: Double
    /// Linear position scaling (Gemma 3 global layers of 4B and up: 8); 1 elsewhere.
    let linearScale: Double
    private var cosines: [Float] = []   // [positions, headDimension / 2]
    private var sines: [Float] = []
    private var cachedPositions = 0
    private let lock = NSLock()

    init(headDimension: Int, base: Double, linearScale: Double) {
        self.headDimension = headDimension
        self.base = base
        self.linearScale = linearScale
    }

    private func ensure(positions: Int) {
        lock.lock()
        defer { lock.unlock() }
        if positions <= cachedPositions { return }
        let half = headDimension / 2
        let target = max(positions, cachedPositions * 2, 256)
        cosines.reserveCapacity(target * half)
        sines.reserveCapacity(target * half)
        let step = powf(Float(base), -2 / Float(headDimension))
        let scale = Float(1 / linearScale)
        for position in cachedPositions..<target {
            var theta = Float(position)
            for _ in 0..<half {
                let angle = scale * theta
                cosines.append(cosf(angle))
                sines.append(sinf(angle))
                theta *= step
            }
        }
        cachedPositions = target
    }

    /// Rotates `heads` heads of each of `rows` rows (row stride `rowStride` floats); row r sits at
    /// position `firstPosition + r`.
    func apply(_ x: UnsafeMutablePointer<Float>, rows: Int, heads: Int, rowStride: Int, firstPosition: Int) {
        ensure(positions: firstPosition + rows)
        let half = headDimension / 2
        cosines.withUnsafeBufferPointer { cosTable in
            sines.withUnsafeBufferPointer { sinTable in
                for row in 0..<rows {
                    let table = (firstPosition + row) * half
                    for head in 0..<heads {
                        let v = x + row * rowStride + head * headDimension
                        for i in 0..<half {
                            let c = cosTable[table + i], s = sinTable[table + i]
                            let a = v[i], b = v[i + half]
                            v[i] = a * c - b * s
                            v[i + half] = a * s + b * c
                        }
                    }
                }
            }
        }
    }
}
