import CKernels
import XCTest
@testable import VLM

/// A decoded token's products (one activation row) run their own kernels on AVX-512
/// (gemv_avx512.c: four rows at a time, prefetching, tails one row at a time). Every output must
/// be, bit for bit, the path's dot kernel on that row, and within float32 rounding of the float64
/// reference, for row counts that leave tails and span many pool chunks, on one and two threads.
final class DecodeProductTests: XCTestCase {
    override func tearDown() {
        loupe_simd_path_force(-1)
        loupe_set_num_threads(0)
    }

    func testOneActivationRowEqualsTheDotKernelAndTheReference() throws {
        var random = TestRandom(seed: 41)
        for type in KernelTestSupport.quantizedTypes {
            for (n, k) in [(1027, type.blockSize == 256 ? 512 : 640), (6, 2048)] {
                let weightBytes = KernelTestSupport.randomWeightBytes(type, rows: n, columns: k, random: &random)
                let weight = try Weight(name: "w", type: type, shape: [n, k], bytes: weightBytes)
                let dense = try weight.dequantized().scalars
                let x = random.floats(k, scale: 2)
                let activations = KernelTestSupport.quantizedActivations(x, for: type)
                let values = KernelTestSupport.activationValues(activations, count: k, for: type)
                for path in KernelTestSupport.supportedPaths {
                    XCTAssertEqual(loupe_simd_path_force(path), 0)
                    let expected = weightBytes.withUnsafeBytes { w in
                        activations.withUnsafeBytes { a in
                            (0..<n).map { loupe_vec_dot(path, Int32(type.rawValue), Int64(k), w.baseAddress! + $0 * weight.rowBytes, a.baseAddress) }
                        }
                    }
                    for threads in [1, 2] {
                        loupe_set_num_threads(Int32(threads))
                        let out = try matmul(try Tensor(shape: [k], scalars: x), weight).scalars
                        XCTAssertEqual(out.map(\.bitPattern), expected.map(\.bitPattern), "\(type) \(n)x\(k) path \(path) threads \(threads)")
                        for r in stride(from: 0, to: n, by: 97) {
                            let rowBytes = Array(weightBytes[r * weight.rowBytes ..< (r + 1) * weight.rowBytes])
                            let (dot, magnitude) = KernelTestSupport.reference(Array(dense[r * k ..< (r + 1) * k]), values)
                            let slack = KernelTestSupport.tolerance(type, magnitude: magnitude, weightBytes: rowBytes, activationBytes: activations)
                            XCTAssertEqual(Double(out[r]), dot, accuracy: slack, "\(type) row \(r) path \(path)")
                        }
                    }
                }
            }
        }
    }
}
