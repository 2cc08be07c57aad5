import XCTest
@testable import VLM

final class GenerationPiecesTests: XCTestCase {
    func testChatTemplateMatchesGemmaTurns() {
        XCTAssertEqual(GemmaChatTemplate.prompt(user: "Hi"), "<start_of_turn>user\nHi<end_of_turn>\n<start_of_turn>model\n")
        XCTAssertEqual(
            GemmaChatTemplate.prompt([.init(.system, "Be brief."), .init(.user, "Hi"), .init(.model, "Hello"), .init(.user, "Bye")]),
            "<start_of_turn>user\nBe brief.\n\nHi<end_of_turn>\n<start_of_turn>model\nHello<end_of_turn>\n"
                + "<start_of_turn>user\nBye<end_of_turn>\n<start_of_turn>model\n")
    }

    func testStopStringsAreHeldBackAcrossPieces() {
        var matcher = StopStringMatcher(["</answer>"])
        XCTAssertEqual(matcher.push("yes <").release, "yes ")
        XCTAssertEqual(matcher.push("/ans").release, "")
        let last = matcher.push("wer> more")
        XCTAssertEqual(last.release, "")
        XCTAssertEqual(last.stop, "</answer>")
        var other = StopStringMatcher(["</answer>"])
        XCTAssertEqual(other.push("a <b").release, "a <b")
        XCTAssertEqual(other.push(" <").release, " ")
        XCTAssertEqual(other.flush(), "<")
    }

    func testSamplerRespectsTopKAndGreedy() {
        let logits: [Float] = [0.1, 3, 2.9, -1, 2.95]
        logits.withUnsafeBufferPointer { row in
            XCTAssertEqual(Sampler.argmax(row), 1)
            var greedy = Sampler(.greedy)
            XCTAssertEqual(greedy.next(from: row), 1)
            var topTwo = Sampler(SamplingOptions(temperature: 1, topK: 2, seed: 3))
            var seen = Set<Int>()
            for _ in 0..<200 { seen.insert(topTwo.next(from: row)) }
            XCTAssertEqual(seen, [1, 4])
            var nucleus = Sampler(SamplingOptions(temperature: 1, topP: 0.3, seed: 3))
            for _ in 0..<50 { XCTAssertEqual(nucleus.next(from: row), 1) }
        }
    }

    func testSlidingWindowCacheServesTheWindowAfterWrapping() {
        let cache = LayerKeyValueCache(width: 1, window: 4, chunk: 2, keepsHistory: false)   // ring of 6 slots
        for position in 0..<9 {
            var value = Float(position)
            cache.store(keys: &value, values: &value, rows: 1, first: position)
        }
        XCTAssertEqual(cache.occupied, 6)
        XCTAssertTrue(cache.canServe(from: 9))     // needs 6, 7, 8
        XCTAssertTrue(cache.canServe(from: 7))     // needs 4, 5, 6
        XCTAssertFalse(cache.canServe(from: 5))    // needs 2, which slot 2 lost to position 8
        XCTAssertEqual(cache.positions.sorted(), [3, 4, 5, 6, 7, 8])
        XCTAssertEqual(cache.attendedSlots(queriesFrom: 9, bidirectionalPrefix: 0), 0..<6)
    }

    func testSlidingWindowCacheKeepingHistoryServesEveryLengthAndAttendsToTheWindow() {
        let cache = LayerKeyValueCache(width: 1, window: 4, chunk: 2, keepsHistory: true)
        for position in 0..<9 {
            var value = Float(position)
            cache.store(keys: &value, values: &value, rows: 1, first: position)
        }
        XCTAssertEqual(cache.positions, Array(0..<9))
        XCTAssertTrue((0...9).allSatisfy { cache.canServe(from: $0) })
        XCTAssertEqual(cache.attendedSlots(queriesFrom: 9, bidirectionalPrefix: 0), 6..<9)    // 6, 7, 8 (and 9 once stored)
        XCTAssertEqual(cache.attendedSlots(queriesFrom: 2, bidirectionalPrefix: 0), 0..<9)
        XCTAssertEqual(cache.attendedSlots(queriesFrom: 8, bidirectionalPrefix: 9), 0..<9)    // a bidirectional prefix sees back to 0
        cache.forget(from: 5)
        XCTAssertEqual(cache.positions, Array(0..<5))
        XCTAssertEqual(cache.attendedSlots(queriesFrom: 5, bidirectionalPrefix: 0), 2..<5)
        XCTAssertEqual(cache.attendedSlots(queriesFrom: 9, bidirectionalPrefix: 0), 5..<5)    // nothing stored in its window yet
    }
}

final class DecoderMathTests: XCTestCase {
    /// The bit-arithmetic half rounding against Swift's Float16 conversion.
    func testHalfRoundingMatchesFloat16() {
        var random = SplitMix64(seed: 11)
        var values: [Float] = [0, -0, 1, -1, 65504, 65519.99, 65520, -65520, 1e-8, -1e-8, 6.1e-5, 2.98e-8, 5.96e-8, .infinity, -.infinity]
        for _ in 0..<200_000 {
            let mantissa = Float(random.nextUnitDouble() * 2 - 1)
            let exponent = Float(Int(random.next() % 48) - 30)
            values.append(mantissa * powf(2, exponent))
        }
        for x in values {
            XCTAssertEqual(DecoderMath.halfRounded(x), Float(Float16(x)), "\(x)")
            if abs(x) < 65504 { XCTAssertEqual(DecoderMath.halfBits(x), Float16(x).bitPattern, "\(x)") }
        }
    }

    func testGELUTableAgreesWithTheFormulaToHalfPrecision() {
        for x: Float in [-9.9, -3, -1, -0.5, 0, 0.001, 0.5, 1, 2.5, 9.99] {
            var gate = x
            var up: Float = 1
            DecoderMath.geluGate(&gate, up: &up, count: 1)
            XCTAssertEqual(gate, DecoderMath.gelu(x), accuracy: max(abs(DecoderMath.gelu(x)) * 2e-3, 1e-4))
        }
        XCTAssertEqual(DecoderMath.gelu(1), 0.841192, accuracy: 1e-5)   // 0.5 * (1 + tanh(sqrt(2/pi) * 1.044715))
    }
}
