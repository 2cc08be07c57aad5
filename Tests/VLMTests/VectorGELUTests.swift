import CKernels
import Foundation
import XCTest
@testable import VLM

/// The sixteen-wide GELU (through a vector exp) against tanh-GELU computed in Double; the
/// half-precision-table GELU gate (llama.cpp's) on the AVX-512 path against its scalar loop.
final class VectorGELUTests: XCTestCase {
    private func reference(_ x: Float) -> Double {
        let v = Double(x)
        return 0.5 * v * (1 + tanh((2 / Double.pi).squareRoot() * (v + 0.044715 * v * v * v)))
    }

    func testMatchesTanhGELUInDoubleAcrossTheRange() {
        var inputs: [Float] = stride(from: -30, through: 30, by: 0.001).map { Float($0) }
        inputs += [0, -0, 1e-30, -1e-30, 88, -88, 200, -200, 1e6, -1e6, .greatestFiniteMagnitude, -.greatestFiniteMagnitude]
        var values = inputs
        DecoderMath.gelu(&values, count: values.count)
        var worst = 0.0
        for (x, y) in zip(inputs, values) {
            let expected = reference(x)
            // Relative to the input's size: near the zero of 1 + tanh(u) the result is tiny
            // against x, and either form's rounding is measured against x.
            worst = max(worst, abs(Double(y) - expected) / max(1, abs(Double(x))))
        }
        XCTAssertLessThan(worst, 1e-6, "worst |error| / max(1, |x|)")
        XCTAssertEqual(values[inputs.firstIndex(of: 1e6)!], 1e6)
        XCTAssertEqual(values[inputs.firstIndex(of: -1e6)!], 0)
    }

    func testTimesUpAndTheScalarTailAgreeWithTheVectorBody() {
        // 37 values: two full vectors and a five-value scalar tail.
        let inputs: [Float] = (0..<37).map { Float($0) * 0.37 - 6 }
        let up: [Float] = (0..<37).map { Float($0) * 0.1 - 1.5 }
        var gated = inputs
        DecoderMath.gelu(&gated, times: up, count: gated.count)
        for i in 0..<37 {
            XCTAssertEqual(Double(gated[i]), reference(inputs[i]) * Double(up[i]), accuracy: 2e-6 * max(1, abs(Double(inputs[i]))), "index \(i)")
        }
    }

    /// Bit for bit (but for the sign of zero), over every input the table distinguishes: halves of both signs from the
    /// subnormals up past the +-10 cut-offs, values halfway between neighbouring halves (ties
    /// round to even) and just beside them, and a scalar tail.
    func testHalfTableGateEqualsTheScalarLoop() throws {
        var inputs: [Float] = []
        for bits in stride(from: 0, to: 0x4A00, by: 1) {   // 0x4A00 = 12.0 in half precision
            let value = Float(Float16(bitPattern: UInt16(bits)))
            let next = Float(Float16(bitPattern: UInt16(bits + 1)))
            let tie = (value + next) / 2
            for x in [value, tie, tie.nextDown, tie.nextUp] { inputs += [x, -x] }
        }
        inputs += [10, -10, Float(10).nextDown, Float(-10).nextUp, 1e6, -1e6, 3]
        let up = inputs.indices.map { Float($0 % 7) * 0.25 - 0.75 }
        var reference = inputs, vector = inputs
        DecoderMath.halfGELU.withUnsafeBufferPointer { table in
            DecoderMath.geluGateReference(&reference, up: up, count: inputs.count, table: table)
        }
        try XCTSkipUnless(loupe_simd_path_supported(Int32(LOUPE_PATH_AVX512.rawValue)) != 0, "no AVX-512 here")
        XCTAssertEqual(loupe_simd_path_force(Int32(LOUPE_PATH_AVX512.rawValue)), 0)
        defer { loupe_simd_path_force(-1) }
        DecoderMath.geluGate(&vector, up: up, count: inputs.count)
        // The one allowed difference is the sign of a zero: the scalar loop's rounding sends -0
        // to the table's +0 entry, the conversion instruction to its -0 entry (as llama.cpp's).
        let differing = inputs.indices.filter { vector[$0].bitPattern != reference[$0].bitPattern && !(vector[$0] == 0 && reference[$0] == 0) }
        XCTAssertEqual(differing.count, 0, "first differences: " + differing.prefix(5).map {
            "gelu gate of \(inputs[$0]) (up \(up[$0])): \(vector[$0]), reference \(reference[$0])"
        }.joined(separator: "; "))
    }
}
