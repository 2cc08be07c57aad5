import CKernels
import XCTest
@testable import VLM

/// Every SIMD dot kernel against the scalar reference, and both against a float64 dot of the
/// dequantized weights with the values the quantized activations stand for. Within a block the
/// kernels compute exact integer sums, so the only allowed difference is float32 rounding of the
/// block-scale accumulation (1e-5 of the sum of |products|).
final class KernelPathTests: XCTestCase {
    override func tearDown() {
        loupe_simd_path_force(-1)
        loupe_set_num_threads(0)
    }

    func testThisMachineHasBothSIMDPaths() throws {
        #if arch(x86_64)
        // The CI machine and this one have AVX-512 with VNNI; on others the SIMD paths are skipped.
        try XCTSkipUnless(loupe_simd_path_supported(Int32(LOUPE_PATH_AVX512.rawValue)) != 0, "no AVX-512 VNNI on this CPU")
        XCTAssertEqual(kernelSIMDPath, "avx512")
        #endif
    }

    func testEveryPathHasAKernelForEveryType() {
        for path in KernelTestSupport.supportedPaths {
            for type in KernelTestSupport.quantizedTypes + KernelTestSupport.floatTypes {
                XCTAssertEqual(loupe_simd_kernel_available(path, Int32(type.rawValue)), 1, "path \(path) lacks a \(type) kernel")
            }
        }
    }

    func testDotKernelsMatchScalarAndFloat64Reference() throws {
        var random = TestRandom(seed: 7)
        for type in KernelTestSupport.quantizedTypes + KernelTestSupport.floatTypes {
            // An odd number of blocks exercises the tails of the two-blocks-at-a-time loops.
            for columns in type.blockSize == 256 ? [256, 1280] : [32, 1056, 2048 + 32] {
                let weightBytes = KernelTestSupport.randomWeightBytes(type, rows: 1, columns: columns, random: &random)
                let weight = try Weight(name: "w", type: type, shape: [1, columns], bytes: weightBytes)
                let x = random.floats(columns, scale: 3)
                let activations = KernelTestSupport.quantizedActivations(x, for: type)
                let (expected, magnitude) = KernelTestSupport.reference(try weight.dequantized().scalars,
                                                                        KernelTestSupport.activationValues(activations, count: columns, for: type))
                let slack = KernelTestSupport.tolerance(type, magnitude: magnitude, weightBytes: weightBytes, activationBytes: activations)
                for path in KernelTestSupport.supportedPaths {
                    let got = weightBytes.withUnsafeBytes { w in
                        activations.withUnsafeBytes { a in loupe_vec_dot(path, Int32(type.rawValue), Int64(columns), w.baseAddress, a.baseAddress) }
                    }
                    XCTAssertEqual(Double(got), expected, accuracy: slack, "\(type) x \(columns), path \(path)")
                }
            }
        }
    }

    func testMatmulOverPathsAndThreadCounts() throws {
        var random = TestRandom(seed: 11)
        let t = 3, n = 37
        for type in KernelTestSupport.quantizedTypes + KernelTestSupport.floatTypes {
            let k = type.blockSize == 256 ? 512 : 96
            let weightBytes = KernelTestSupport.randomWeightBytes(type, rows: n, columns: k, random: &random)
            let weight = try Weight(name: "w", type: type, shape: [n, k], bytes: weightBytes)
            let dense = try weight.dequantized().scalars
            let x = random.floats(t * k, scale: 2)
            var expected: [Double] = []
            var slack: [Double] = []
            for row in 0..<t {
                let activations = KernelTestSupport.quantizedActivations(Array(x[row * k..<(row + 1) * k]), for: type)
                let values = KernelTestSupport.activationValues(activations, count: k, for: type)
                for r in 0..<n {
                    let rowBytes = Array(weightBytes[r * weight.rowBytes..<(r + 1) * weight.rowBytes])
                    let (dot, magnitude) = KernelTestSupport.reference(Array(dense[r * k..<(r + 1) * k]), values)
                    expected.append(dot)
                    slack.append(KernelTestSupport.tolerance(type, magnitude: magnitude, weightBytes: rowBytes, activationBytes: activations))
                }
            }
            for path in KernelTestSupport.supportedPaths {
                XCTAssertEqual(loupe_simd_path_force(path), 0)
                for threads in [1, 2] {
                    loupe_set_num_threads(Int32(threads))
                    let out = try matmul(try Tensor(shape: [t, k], scalars: x), weight)
                    XCTAssertEqual(out.shape, [t, n])
                    for (index, value) in out.scalars.enumerated() {
                        XCTAssertEqual(Double(value), expected[index], accuracy: slack[index],
                                       "\(type) path \(path) threads \(threads) output \(index)")
                    }
                }
            }
        }
    }

    func testFloatWeightsThroughBLASMatchFloat64() throws {
        var random = TestRandom(seed: 13)
        let t = 9, n = 300, k = 64   // t >= 4 takes the OpenBLAS route; n > one conversion tile
        for type in KernelTestSupport.floatTypes {
            let weight = try Weight(name: "w", type: type, shape: [n, k],
                                    bytes: KernelTestSupport.randomWeightBytes(type, rows: n, columns: k, random: &random))
            let dense = try weight.dequantized().scalars
            let x = random.floats(t * k)
            let out = try matmul(try Tensor(shape: [t, k], scalars: x), weight).scalars
            for row in 0..<t {
                for r in 0..<n {
                    let (dot, magnitude) = KernelTestSupport.reference(Array(dense[r * k..<(r + 1) * k]), x[row * k..<(row + 1) * k].map(Double.init))
                    XCTAssertEqual(Double(out[row * n + r]), dot, accuracy: 1e-5 * magnitude + 1e-6, "\(type) [\(row), \(r)]")
                }
            }
        }
    }

    /// Prompt products run register tiles of weight rows x activation rows (AVX-512 and AVX2) or the
    /// dot kernel per output (scalar, and the types without tiles); from 8 activation rows the
    /// AVX-512 tiles read weight rows unpacked once per block of rows, and the 32-blocks go through
    /// panels (packed weight and activation groups, long rows split along k with the accumulators
    /// carried over). Either way every output must be, bit for bit, the path's dot kernel on that
    /// weight row and that quantized activation row: for row counts that leave partial tiles, every
    /// activation row count up to 9 and larger odd ones, weights spanning several cached blocks of
    /// rows (the 101 x 2048 case), rows split along k into three parts, the last a partial one (the
    /// 45 x 4160 case), one and two threads.
    func testPromptProductsEqualTheDotKernelRowByRow() throws {
        var random = TestRandom(seed: 17)
        for type in KernelTestSupport.quantizedTypes {
            for (n, k, counts) in [(37, type.blockSize == 256 ? 768 : 224, Array(1...9) + [13, 31, 47, 70]), (101, 2048, [9, 17]),
                                   (45, type.blockSize == 256 ? 4352 : 4160, [10])] {
                let weightBytes = KernelTestSupport.randomWeightBytes(type, rows: n, columns: k, random: &random)
                let weight = try Weight(name: "w", type: type, shape: [n, k], bytes: weightBytes)
                let rowBytes = weight.rowBytes
                for t in counts {
                    let x = random.floats(t * k, scale: 2)
                    let activations = (0..<t).map { KernelTestSupport.quantizedActivations(Array(x[$0 * k..<($0 + 1) * k]), for: type) }
                    for path in KernelTestSupport.supportedPaths {
                        XCTAssertEqual(loupe_simd_path_force(path), 0)
                        var expected = [Float](repeating: 0, count: t * n)
                        weightBytes.withUnsafeBytes { w in
                            for row in 0..<t {
                                activations[row].withUnsafeBytes { a in
                                    for r in 0..<n {
                                        expected[row * n + r] = loupe_vec_dot(path, Int32(type.rawValue), Int64(k), w.baseAddress! + r * rowBytes, a.baseAddress)
                                    }
                                }
                            }
                        }
                        for threads in [1, 2] {
                            loupe_set_num_threads(Int32(threads))
                            let out = try matmul(try Tensor(shape: [t, k], scalars: x), weight).scalars
                            XCTAssertEqual(out.map(\.bitPattern), expected.map(\.bitPattern), "\(type) \(n)x\(k) t \(t) path \(path) threads \(threads)")
                        }
                    }
                }
            }
        }
    }

    /// Activations are quantized with SIMD on the AVX paths; the bytes must be the scalar
    /// quantizer's, for ordinary rows, rows of exact halves (rounding ties), all-zero blocks and
    /// blocks whose largest magnitude appears with both signs.
    func testActivationQuantizationIsTheSameOnEveryPath() throws {
        var random = TestRandom(seed: 29)
        let k = 1024
        var rows: [[Float]] = (0..<20).map { _ in random.floats(k, scale: 5) }
        rows.append((0..<k).map { Float($0 % 255 - 127) / 2 })
        rows.append([Float](repeating: 0, count: 256) + random.floats(k - 256))
        var tie = random.floats(k)
        tie[3] = 9; tie[40] = -9; tie[300] = -9; tie[301] = 9
        rows.append(tie)
        for type in [ElementType.q8_0, .q4_K] {
            for row in rows {
                var outputs: [[UInt8]] = []
                for path in KernelTestSupport.supportedPaths {
                    XCTAssertEqual(loupe_simd_path_force(path), 0)
                    outputs.append(KernelTestSupport.quantizedActivations(row, for: type))
                }
                for output in outputs.dropFirst() { XCTAssertEqual(output, outputs[0], "\(type)") }
            }
        }
    }

    /// The tiled types follow ggml's x86 dot-product float order on both SIMD paths (the integer
    /// sums are exact), so AVX2 and AVX-512 give the same bits.
    func testTiledTypesGiveTheSameBitsOnBothSIMDPaths() throws {
        let paths = KernelTestSupport.supportedPaths.filter { $0 != Int32(LOUPE_PATH_SCALAR.rawValue) }
        try XCTSkipUnless(paths.count == 2, "needs both AVX2 and AVX-512")
        var random = TestRandom(seed: 23)
        for type in [ElementType.q4_0, .q5_0, .q8_0, .q4_K, .q6_K] {
            let k = 2048
            for _ in 0..<50 {
                let weightBytes = KernelTestSupport.randomWeightBytes(type, rows: 1, columns: k, random: &random)
                let activations = KernelTestSupport.quantizedActivations(random.floats(k, scale: 4), for: type)
                let results = paths.map { path in
                    weightBytes.withUnsafeBytes { w in
                        activations.withUnsafeBytes { a in loupe_vec_dot(path, Int32(type.rawValue), Int64(k), w.baseAddress, a.baseAddress) }
                    }
                }
                XCTAssertEqual(results[0].bitPattern, results[1].bitPattern, "\(type): AVX2 \(results[0]), AVX-512 \(results[1])")
            }
        }
    }

    func testFloatMatmulTransposes() throws {
        let a = try Tensor(shape: [2, 3], scalars: [1, 2, 3, 4, 5, 6])
        let b = try Tensor(shape: [3, 2], scalars: [7, 8, 9, 10, 11, 12])
        XCTAssertEqual(try matmul(a, b).scalars, [58, 64, 139, 154])
        let bt = try Tensor(shape: [2, 3], scalars: [7, 9, 11, 8, 10, 12])
        XCTAssertEqual(try matmul(a, bt, transposeB: true).scalars, [58, 64, 139, 154])
        XCTAssertThrowsError(try matmul(a, a))
    }

    func testShapeMismatchThrowsNamingTheWeight() throws {
        let weight = Weight(name: "blk.0.attn_q.weight", tensor: Tensor(zeros: [4, 8]))
        XCTAssertThrowsError(try matmul(Tensor(zeros: [2, 7]), weight)) { error in
            XCTAssertTrue("\(error)".contains("blk.0.attn_q.weight"), "\(error)")
        }
    }
}
