import Foundation
import XCTest
@testable import VLM

/// Prompt-prefix reuse through sliding-window layers: a prompt that shares a prefix with the
/// previous call (shorter or longer than the window, the previous sequence ending well past the
/// window after it) must give the same logits and tokens as the same prompt run from an empty
/// cache. Tiny Hugging Face Gemma 2/3 fixtures (window 6; the reference is also transformers'
/// logits for the fixture prompt) and the real Gemma 3 270M GGUF (window 512).
final class PrefixReuseTests: XCTestCase {
    // MARK: Tiny fixtures

    struct TinyFixture {
        let model: GemmaDecoder
        let inputIDs: [Int]
        let greedyTokens: [Int]
        let referenceLogits: Tensor   // [inputIDs, vocabulary], transformers
    }

    func tiny(_ name: String) throws -> TinyFixture {
        let manifest = try JSONDecoder().decode(TinyGemmaTests.Manifest.self, from: Data(contentsOf: TinyGemmaTests.directory.appendingPathComponent("manifest.json")))
        let entry = try XCTUnwrap(manifest.models.first { $0.name == name })
        let folder = TinyGemmaTests.directory.appendingPathComponent(name).path
        let weights = try SafetensorsCollection(directory: folder)
        let loader = try XCTUnwrap(LanguageModelRegistry.huggingFaceLoaders[entry.model_type])
        let model = try XCTUnwrap(try loader(folder, weights, weights.tensorNames) as? GemmaDecoder)
        let reference = try SafetensorsFile(path: folder + "/reference.safetensors").weight("logits").dequantized()
        return TinyFixture(model: model, inputIDs: entry.input_ids, greedyTokens: entry.greedy_tokens, referenceLogits: reference)
    }

    /// A tokenizer for the tiny vocabulary: the generator only needs its size and token bytes.
    func tinyTokenizer(size: Int) throws -> SentencePieceTokenizer {
        try SentencePieceTokenizer(pieces: (0..<size).map { Array("<\($0)>".utf8) }, scores: .init(repeating: 0, count: size),
                                   kinds: .init(repeating: .normal, count: size), bosID: nil, eosID: nil, unknownID: nil,
                                   addBOS: false, addSpacePrefix: false, source: "tiny")
    }

    /// The fixture prompt after `shared` of its tokens, preceded by a different continuation of
    /// `tail` tokens: the previous call's sequence runs `tail` tokens past the divergence point.
    func earlierPrompt(_ ids: [Int], shared: Int, tail: Int, vocabulary: Int) -> [Int] {
        Array(ids[..<shared]) + (0..<tail).map { (ids[(shared + $0) % ids.count] + 7 * $0 + 11) % vocabulary }
    }

    func rows(_ logits: Tensor, _ range: Range<Int>) throws -> [Float] {
        let width = logits.columnCount
        return Array(logits.scalars[range.lowerBound * width ..< range.upperBound * width])
    }

    /// The logits of `later` after its first `shared` tokens, run after `earlier` (which shares
    /// them) in a cache that keeps its history and is then truncated to them.
    func reuse(_ model: GemmaDecoder, earlier: [Int], later: [Int], shared: Int, logits: LogitRows) throws -> Tensor {
        let cache = model.makeCache(keepingHistory: true)
        _ = try model.forward(Array(earlier[..<shared]), cache: cache, logits: .none)
        _ = try model.forward(Array(earlier[shared...]), cache: cache, logits: .none)
        XCTAssertTrue(cache.truncate(to: shared))
        XCTAssertEqual(cache.count, shared)
        return try model.forward(Array(later[shared...]), cache: cache, logits: logits)
    }

    /// The same logits from an empty cache without reuse, in the same passes (so every product
    /// has the same rows: matrix products of a different row count may round differently).
    func split(_ model: GemmaDecoder, _ tokens: [Int], at shared: Int, logits: LogitRows) throws -> Tensor {
        let cache = model.makeCache(keepingHistory: true)
        _ = try model.forward(Array(tokens[..<shared]), cache: cache, logits: .none)
        return try model.forward(Array(tokens[shared...]), cache: cache, logits: logits)
    }

    func checkTinyReuse(_ name: String) throws {
        let fixture = try tiny(name)
        let model = fixture.model, ids = fixture.inputIDs, vocabulary = model.vocabularySize
        let window = try XCTUnwrap(model.spec.layers.compactMap(\.slidingWindow).first)
        XCTAssertEqual(window, 6)
        let fresh = try model.forward(ids, cache: model.makeCache(), logits: .all)   // [ids, vocabulary]
        XCTAssertLessThanOrEqual(maxAbsDifference(fresh, fixture.referenceLogits), 1e-4)

        var largest: Float = 0
        for shared in [1, 3, window, window + 1, 13, ids.count - 1] {
            for tail in [2, 3 * window, 40] {
                let earlier = earlierPrompt(ids, shared: shared, tail: tail, vocabulary: vocabulary)
                let context = "\(name), shared prefix \(shared), earlier sequence \(earlier.count)"
                if tail >= window {
                    // A ring cache (window + 1 slots, one token per pass) has lost what reuse needs
                    // once the earlier sequence has run a window past the divergence point.
                    let ring = model.makeCache(prefillChunk: 1)
                    for id in earlier { _ = try model.forward([id], cache: ring, logits: .none) }
                    XCTAssertFalse(ring.truncate(to: shared), context)
                }

                let reused = try reuse(model, earlier: earlier, later: ids, shared: shared, logits: .all)   // [ids - shared, vocabulary]
                XCTAssertEqual(reused.scalars, try split(model, ids, at: shared, logits: .all).scalars, context)
                let difference = maxAbsDifference(reused, try Tensor(shape: reused.shape, scalars: rows(fresh, shared..<ids.count)))
                largest = max(largest, difference)
                XCTAssertLessThanOrEqual(difference, 1e-5, context)
                XCTAssertLessThanOrEqual(maxAbsDifference(reused, try Tensor(shape: reused.shape, scalars: rows(fixture.referenceLogits, shared..<ids.count))), 1e-4, context)
            }
        }

        print("tiny \(name) prefix reuse: bit for bit as an empty cache run in the same passes; largest difference from one pass \(largest)")

        // Through the generator: greedy tokens as transformers', reusing the shared prefix.
        let generator = TextGenerator(model: model, tokenizer: try tinyTokenizer(size: vocabulary))
        let options = GenerationOptions(maxTokens: fixture.greedyTokens.count, stopTokens: [])
        for shared in [3, 14] {
            _ = try generator.generate(promptTokens: earlierPrompt(ids, shared: shared, tail: 30, vocabulary: vocabulary), options: options)
            let result = try generator.generate(promptTokens: ids, options: options)
            XCTAssertEqual(result.reusedPromptTokenCount, shared, "\(name), shared prefix \(shared)")
            XCTAssertEqual(result.tokens, fixture.greedyTokens, "\(name), shared prefix \(shared)")
        }
    }

    func testTinyGemma2ReusesPrefixesAcrossTheWindow() throws {
        try checkTinyReuse("gemma2")
    }

    func testTinyGemma3ReusesPrefixesAcrossTheWindow() throws {
        try checkTinyReuse("gemma3")
    }

    // MARK: Gemma 3 270M

    /// A controller-like prompt: ~650 tokens of API stubs, then examples that differ between
    /// calls, then the question.
    static let api = (0..<24).map { i in
        "def tool_\(i)(image, threshold=0.\(i + 1)):\n    \"\"\"Returns the objects of kind \(i) in the image whose score is above threshold, left to right.\"\"\"\n"
    }.joined()

    static func examples(_ seed: Int) -> String {
        (0..<14).map { i in
            "# Question: how many objects of kind \((i * seed) % 24) are there?\ndef execute_command(image):\n    return len(tool_\((i * seed) % 24)(image))\n\n"
        }.joined()
    }

    func testGemma3ReusedPrefixesGiveTheSameLogitsAndTokens() throws {
        _ = try Gemma3Fixtures.requireModel()
        let loaded = try LanguageModelRegistry.load(path: Gemma3Fixtures.modelPath)
        let model = try XCTUnwrap(loaded.model as? GemmaDecoder)
        let tokenizer = loaded.tokenizer
        let window = try XCTUnwrap(model.spec.layers.compactMap(\.slidingWindow).first)
        let question = "# Question: how many objects of kind 5 are there?\ndef execute_command(image):\n"
        let cases: [(earlier: String, later: String)] = [
            // Shared prefix shorter than the window.
            ("def tool(image):\n    return image\n\n" + Self.examples(3) + question, "def tool(image):\n    return image\n\n" + Self.examples(5) + question),
            // The API (longer than the window) is shared, the examples differ.
            (Self.api + Self.examples(5) + question, Self.api + Self.examples(7) + question),
            // Only the question differs.
            (Self.api + Self.examples(7) + "# Question: is there an object of kind 3?\n", Self.api + Self.examples(7) + question),
        ]
        let options = GenerationOptions(maxTokens: 24)
        var sharedLengths: [Int] = [], differences: [Float] = []
        for (index, (earlier, later)) in cases.enumerated() {
            let earlierIDs = tokenizer.encode(earlier), laterIDs = tokenizer.encode(later)
            let shared = zip(earlierIDs, laterIDs).prefix { $0 == $1 }.count
            sharedLengths.append(shared)
            XCTAssertEqual(shared < window, index == 0, "case \(index): shared prefix of \(shared) tokens")
            if index == 1 {
                // The ring cache (window + 256 slots) has overwritten the window before the divergence point.
                let ring = model.makeCache()
                _ = try model.forward(earlierIDs, cache: ring, logits: .none)
                XCTAssertFalse(ring.truncate(to: shared), "case 1: a ring cache should not serve \(shared) of \(earlierIDs.count) tokens")
            }

            let reused = try reuse(model, earlier: earlierIDs, later: laterIDs, shared: shared, logits: .last)
            let split = try split(model, laterIDs, at: shared, logits: .last)
            XCTAssertEqual(reused.scalars, split.scalars, "case \(index): last-position logits")
            differences.append(maxAbsDifference(split, try model.forward(laterIDs, cache: model.makeCache(), logits: .last)))

            let generator = TextGenerator(loaded)
            _ = try generator.generate(promptTokens: earlierIDs, options: options)
            let second = try generator.generate(promptTokens: laterIDs, options: options)
            XCTAssertEqual(second.reusedPromptTokenCount, shared, "case \(index)")
            XCTAssertEqual(second.tokens, try TextGenerator(loaded).generate(promptTokens: laterIDs, options: options).tokens, "case \(index)")
        }
        print("gemma3 prefix reuse: shared prefixes \(sharedLengths) tokens (window \(window)) give the same tokens and logits bit for bit as without reuse in the same passes; largest logit difference between those passes and one pass (rows rounded by products of other sizes): \(differences)")
    }
}
