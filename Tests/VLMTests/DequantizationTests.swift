import CKernels
import XCTest
@testable import VLM

/// Loupe's scalar dequantization against the gguf Python package (0.19.0) on committed blocks.
/// Compared bit for bit: both compute each value as the same float32 products in the same order
/// (no fused multiply-add: dequantize.c turns contraction off), so any difference is a layout or
/// formula error, not rounding.
final class DequantizationTests: XCTestCase {
    private func check(_ type: ElementType, file: String) throws {
        let blocks = try QuantFixtures.bytes("\(file).blocks")
        let expected = try QuantFixtures.floats("\(file).f32")
        XCTAssertEqual(blocks.count, expected.count / type.blockSize * type.blockBytes, "fixture sizes for \(type)")
        let weight = try Weight(name: file, type: type, shape: [1, expected.count], bytes: blocks)
        let actual = try weight.dequantized().scalars
        XCTAssertEqual(actual.count, expected.count)
        var mismatches = 0
        for (index, (a, e)) in zip(actual, expected).enumerated() where a.bitPattern != e.bitPattern {
            if mismatches < 5 { XCTFail("\(type) element \(index): loupe \(a), gguf \(e)") }
            mismatches += 1
        }
        XCTAssertEqual(mismatches, 0, "\(type): \(mismatches) of \(expected.count) values differ")
    }

    func testQ4_0() throws { try check(.q4_0, file: "q4_0") }
    func testQ4_1() throws { try check(.q4_1, file: "q4_1") }
    func testQ5_0() throws { try check(.q5_0, file: "q5_0") }
    func testQ5_1() throws { try check(.q5_1, file: "q5_1") }
    func testQ8_0() throws { try check(.q8_0, file: "q8_0") }
    func testQ4_K() throws { try check(.q4_K, file: "q4_k") }
    func testQ5_K() throws { try check(.q5_K, file: "q5_k") }
    func testQ6_K() throws { try check(.q6_K, file: "q6_k") }
    func testF16() throws { try check(.f16, file: "f16") }
    func testBF16() throws { try check(.bf16, file: "bf16") }

    func testHalfConversionRoundTripsEveryHalf() {
        // Every finite half converts to float and back unchanged; NaNs stay NaN.
        for bits in 0...UInt16.max {
            let value = loupe_fp16_to_fp32(bits)
            if value.isNaN {
                XCTAssertTrue(loupe_fp16_to_fp32(loupe_fp32_to_fp16(value)).isNaN)
            } else if loupe_fp32_to_fp16(value) != bits {
                XCTFail("half 0x\(String(bits, radix: 16)) -> \(value) -> 0x\(String(loupe_fp32_to_fp16(value), radix: 16))")
                return
            }
        }
    }

    func testHalfRoundingIsNearestEven() {
        // 1 + 2^-11 lies halfway between 1 and the next half (1 + 2^-10): ties go to even (1.0).
        XCTAssertEqual(loupe_fp32_to_fp16(1 + 0x1p-11), 0x3C00)
        XCTAssertEqual(loupe_fp32_to_fp16(1 + 3 * 0x1p-11), 0x3C02)
        XCTAssertEqual(loupe_fp32_to_fp16(65520), 0x7C00)     // rounds to infinity
        XCTAssertEqual(loupe_fp32_to_fp16(65519.99), 0x7BFF)  // largest finite half
        XCTAssertEqual(loupe_fp32_to_fp16(0x1p-25), 0)        // halfway to the smallest subnormal: even (0)
        XCTAssertEqual(loupe_fp32_to_fp16(0x1.8p-25), 1)
    }
}

/// The SIMD float16/bfloat16 conversions give the scalar reference's values for every bit pattern.
final class HalfConversionPathTests: XCTestCase {
    func testEveryPathConvertsEveryHalfExactly() {
        let all = (0...UInt16.max).map { $0 }
        for type in [LOUPE_TYPE_F16, LOUPE_TYPE_BF16] {
            var reference = [Float](repeating: 0, count: all.count)
            XCTAssertEqual(loupe_convert_half_row(Int32(LOUPE_PATH_SCALAR.rawValue), Int32(type.rawValue), all, &reference, Int64(all.count)), 0)
            for path in KernelTestSupport.supportedPaths {
                // An odd length leaves a tail for the scalar remainder.
                var out = [Float](repeating: 0, count: all.count - 3)
                XCTAssertEqual(loupe_convert_half_row(path, Int32(type.rawValue), all, &out, Int64(out.count)), 0)
                for (index, value) in out.enumerated() where !(value.isNaN && reference[index].isNaN) && value.bitPattern != reference[index].bitPattern {
                    XCTFail("type \(type.rawValue) path \(path) pattern 0x\(String(index, radix: 16)): \(value) vs \(reference[index])")
                    break
                }
            }
        }
    }
}
