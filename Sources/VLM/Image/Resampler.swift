/// Resampling filters with Pillow's exact semantics (`Image.resize`, `reducing_gap=None`), so that
/// Loupe's preprocessing equals transformers' (SigLIP / PaliGemma resize with PIL BICUBIC).
///
/// Facts taken from Pillow's `libImaging/Resample.c` (read, not copied):
/// - separable: a horizontal pass into an 8-bit intermediate image (only the rows the vertical pass
///   needs), then a vertical pass; a pass is skipped when that dimension does not change;
/// - output pixel `i` is centred at `(i + 0.5) * scale` in the input, `scale = in / out`; when
///   downscaling the filter is stretched by `scale` (antialiasing), support `2 * max(scale, 1)`
///   for bicubic (a = -0.5), `1 * max(scale, 1)` for bilinear (triangle);
/// - weights are normalized to sum 1 in double precision, then rounded half away from zero to
///   22-bit fixed point; accumulation starts at 2^21 (rounding) and the result is `>> 22`, clamped
///   to 0...255.
public enum ResamplingFilter: Sendable {
    case bicubic
    case bilinear

    var support: Double {
        switch self {
        case .bicubic: return 2.0
        case .bilinear: return 1.0
        }
    }

    func weight(_ distance: Double) -> Double {
        let x = distance < 0 ? -distance : distance
        switch self {
        case .bicubic:
            let a = -0.5
            if x < 1.0 { return (1.5 * x - 2.5) * x * x + 1 }
            if x < 2.0 { return (((x - 5) * x + 8) * x - 4) * a }
            return 0.0
        case .bilinear:
            return x < 1.0 ? 1.0 - x : 0.0
        }
    }
}

/// For each output pixel: the first input pixel it reads, how many, and their weights normalized
/// to sum 1 in double precision (Pillow's `precompute_coeffs`).
struct ResamplingCoefficients {
    let firstInput: [Int]
    let inputCount: [Int]
    let weights: [Double]   // [outSize, taps]
    let taps: Int

    init(inSize: Int, outSize: Int, filter: ResamplingFilter) {
        let scale = Double(inSize) / Double(outSize)
        let filterScale = max(scale, 1.0)
        let support = filter.support * filterScale
        let taps = Int(support.rounded(.up)) * 2 + 1
        let inverseFilterScale = 1.0 / filterScale
        var firstInput = [Int](repeating: 0, count: outSize)
        var inputCount = [Int](repeating: 0, count: outSize)
        var weights = [Double](repeating: 0, count: outSize * taps)
        for output in 0..<outSize {
            let center = (Double(output) + 0.5) * scale
            let low = max(Int(center - support + 0.5), 0)
            let high = min(Int(center + support + 0.5), inSize)
            let count = high - low
            var total = 0.0
            for tap in 0..<count {
                let w = filter.weight((Double(tap + low) - center + 0.5) * inverseFilterScale)
                weights[output * taps + tap] = w
                total += w
            }
            if total != 0 {
                for tap in 0..<count { weights[output * taps + tap] /= total }
            }
            firstInput[output] = low
            inputCount[output] = count
        }
        self.firstInput = firstInput
        self.inputCount = inputCount
        self.weights = weights
        self.taps = taps
    }
}

/// The coefficients in 8-bit images' fixed point.
struct ResamplingKernel {
    static let precisionBits = 22

    let firstInput: [Int]
    let inputCount: [Int]
    let weights: [Int32]   // [outSize, taps]
    let taps: Int

    init(inSize: Int, outSize: Int, filter: ResamplingFilter) {
        let exact = ResamplingCoefficients(inSize: inSize, outSize: outSize, filter: filter)
        let one = Double(1 << ResamplingKernel.precisionBits)
        firstInput = exact.firstInput
        inputCount = exact.inputCount
        weights = exact.weights.map { Int32($0 < 0 ? -0.5 + $0 * one : 0.5 + $0 * one) }
        taps = exact.taps
    }

    @inline(__always)
    static func clamp(_ sum: Int32) -> UInt8 {
        let value = sum >> precisionBits
        return value < 0 ? 0 : value > 255 ? 255 : UInt8(value)
    }
}

extension RGBImage {
    /// The image resampled to `width` x `height` exactly as Pillow's `resize((width, height), filter)`.
    public func resized(width outWidth: Int, height outHeight: Int, filter: ResamplingFilter = .bicubic) throws -> RGBImage {
        guard outWidth > 0, outHeight > 0 else {
            throw ImageError.invalidGeometry("cannot resize \(width)x\(height) to \(outWidth)x\(outHeight)")
        }
        guard outWidth <= 1 << 15, outHeight <= 1 << 15 else {
            throw ImageError.invalidGeometry("resize target \(outWidth)x\(outHeight) exceeds 32768 pixels a side")
        }
        let vertical = ResamplingKernel(inSize: height, outSize: outHeight, filter: filter)
        var source = self
        var verticalFirst = vertical.firstInput
        if outWidth != width {
            // Only rows that the vertical pass reads are resampled horizontally.
            let firstRow = vertical.firstInput[0]
            let endRow = vertical.firstInput[outHeight - 1] + vertical.inputCount[outHeight - 1]
            source = horizontalPass(rows: firstRow..<endRow, outWidth: outWidth, filter: filter)
            verticalFirst = verticalFirst.map { $0 - firstRow }
        }
        if outHeight != height {
            source = source.verticalPass(kernel: vertical, firstInput: verticalFirst, outHeight: outHeight)
        }
        return source
    }

    // Sums stay far inside Int32 (Pillow relies on the same bound: 8-bit inputs times 22-bit
    // weights that sum to one), so wrapping arithmetic skips overflow checks without changing results.
    private func horizontalPass(rows: Range<Int>, outWidth: Int, filter: ResamplingFilter) -> RGBImage {
        let kernel = ResamplingKernel(inSize: width, outSize: outWidth, filter: filter)
        var out = [UInt8](repeating: 0, count: outWidth * rows.count * 3)
        let half = Int32(1 << (ResamplingKernel.precisionBits - 1))
        let taps = kernel.taps
        pixels.withUnsafeBufferPointer { input in
            kernel.weights.withUnsafeBufferPointer { weights in
                kernel.firstInput.withUnsafeBufferPointer { firstInput in
                    kernel.inputCount.withUnsafeBufferPointer { inputCount in
                        out.withUnsafeMutableBufferPointer { output in
                            for (outRow, row) in rows.enumerated() {
                                let rowStart = row * width * 3
                                for x in 0..<outWidth {
                                    let first = firstInput[x], count = inputCount[x]
                                    var r = half, g = half, b = half
                                    for tap in 0..<count {
                                        let w = weights[x * taps + tap]
                                        let at = rowStart + (first + tap) * 3
                                        r = r &+ Int32(input[at]) &* w
                                        g = g &+ Int32(input[at + 1]) &* w
                                        b = b &+ Int32(input[at + 2]) &* w
                                    }
                                    let to = (outRow * outWidth + x) * 3
                                    output[to] = ResamplingKernel.clamp(r)
                                    output[to + 1] = ResamplingKernel.clamp(g)
                                    output[to + 2] = ResamplingKernel.clamp(b)
                                }
                            }
                        }
                    }
                }
            }
        }
        return RGBImage(unchecked: outWidth, rows.count, out)
    }

    /// Row by row: each input row the output row reads is added to a row of sums, so memory is
    /// walked contiguously.
    private func verticalPass(kernel: ResamplingKernel, firstInput: [Int], outHeight: Int) -> RGBImage {
        var out = [UInt8](repeating: 0, count: width * outHeight * 3)
        let half = Int32(1 << (ResamplingKernel.precisionBits - 1))
        let stride = width * 3
        var sums = [Int32](repeating: 0, count: stride)
        pixels.withUnsafeBufferPointer { input in
            kernel.weights.withUnsafeBufferPointer { weights in
                sums.withUnsafeMutableBufferPointer { sums in
                    out.withUnsafeMutableBufferPointer { output in
                        for y in 0..<outHeight {
                            for column in 0..<stride { sums[column] = half }
                            for tap in 0..<kernel.inputCount[y] {
                                let w = weights[y * kernel.taps + tap]
                                let rowStart = (firstInput[y] + tap) * stride
                                for column in 0..<stride {
                                    sums[column] = sums[column] &+ Int32(input[rowStart + column]) &* w
                                }
                            }
                            for column in 0..<stride {
                                output[y * stride + column] = ResamplingKernel.clamp(sums[column])
                            }
                        }
                    }
                }
            }
        }
        return RGBImage(unchecked: width, outHeight, out)
    }
}

/// A float32 plane resampled as Pillow resizes a mode "F" image: the same coefficients in double
/// precision, each pass summed in double and stored as float32 (no rounding to 8 bits).
public struct FloatPlane: Sendable, Equatable {
    public let width: Int
    public let height: Int
    /// [height, width], rows top to bottom.
    public var values: [Float]

    public init(width: Int, height: Int, values: [Float]) throws {
        guard width > 0, height > 0, values.count == width * height else {
            throw ImageError.invalidGeometry("\(values.count) values given for a \(width)x\(height) plane")
        }
        self.width = width
        self.height = height
        self.values = values
    }

    /// Pillow's `Image.fromarray(plane).resize((width, height), filter)`.
    public func resized(width outWidth: Int, height outHeight: Int, filter: ResamplingFilter) throws -> FloatPlane {
        guard outWidth > 0, outHeight > 0, outWidth <= 1 << 15, outHeight <= 1 << 15 else {
            throw ImageError.invalidGeometry("cannot resize a \(width)x\(height) plane to \(outWidth)x\(outHeight)")
        }
        var plane = self
        if outWidth != width {
            let kernel = ResamplingCoefficients(inSize: width, outSize: outWidth, filter: filter)
            var out = [Float](repeating: 0, count: outWidth * height)
            for y in 0..<height {
                for x in 0..<outWidth {
                    var sum = 0.0
                    for tap in 0..<kernel.inputCount[x] {
                        sum += Double(values[y * width + kernel.firstInput[x] + tap]) * kernel.weights[x * kernel.taps + tap]
                    }
                    out[y * outWidth + x] = Float(sum)
                }
            }
            plane = FloatPlane(unchecked: outWidth, height, out)
        }
        if outHeight != height {
            let kernel = ResamplingCoefficients(inSize: height, outSize: outHeight, filter: filter)
            var out = [Float](repeating: 0, count: plane.width * outHeight)
            for y in 0..<outHeight {
                for x in 0..<plane.width {
                    var sum = 0.0
                    for tap in 0..<kernel.inputCount[y] {
                        sum += Double(plane.values[(kernel.firstInput[y] + tap) * plane.width + x]) * kernel.weights[y * kernel.taps + tap]
                    }
                    out[y * plane.width + x] = Float(sum)
                }
            }
            plane = FloatPlane(unchecked: plane.width, outHeight, out)
        }
        return plane
    }

    private init(unchecked width: Int, _ height: Int, _ values: [Float]) {
        self.width = width
        self.height = height
        self.values = values
    }
}
