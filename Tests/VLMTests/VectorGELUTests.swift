import Foundation
import XCTest
@testable import VLM

/// The sixteen-wide GELU (through a vector exp) against tanh-GELU computed in Double.
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
}
