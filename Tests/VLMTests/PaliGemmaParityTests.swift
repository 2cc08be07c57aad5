import Foundation
import XCTest
@testable import VLM

/// The tiny PaliGemma 1 / 2 checkpoints and transformers 5.24.0 references written by
/// scripts/fixtures/make_paligemma_tiny.py.
struct PaliGemmaFixtures: Decodable {
    struct Run: Decodable {
        let prompt: String
        let input_ids: [Int]
        let greedy_tokens: [Int]
    }
    struct Model: Decodable {
        let name: String
        let folder: String
        let reference: String
        let text_layers: Int
        let runs: [Run]
    }
    struct TokenizerCheck: Decodable {
        let text: String
        let ids: [Int]
    }

    let image: String
    let image_tokens: Int
    let image_token: Int
    let new_tokens: Int
    let tokenizer_checks: [TokenizerCheck]
    let models: [Model]

    static let directory: URL = Bundle.module.resourceURL!.appendingPathComponent("Fixtures/paligemma")

    static func load() throws -> PaliGemmaFixtures {
        let data = try Data(contentsOf: directory.appendingPathComponent("manifest.json"))
        return try JSONDecoder().decode(PaliGemmaFixtures.self, from: data)
    }

    static func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    /// Reference tensors of one model, float32.
    static func references(_ model: Model) throws -> (String) throws -> Tensor {
        let file = try SafetensorsFile(path: path(model.reference))
        return { name in try file.weight(name).dequantized() }
    }
}

/// Largest |a - b| over two tensors of the same element count.
func maxAbsDifference(_ a: Tensor, _ b: Tensor) -> Float {
    guard a.count == b.count else { return .infinity }
    var worst: Float = 0
    a.withUnsafeBufferPointer { x in
        b.withUnsafeBufferPointer { y in
            for i in 0..<x.count { worst = max(worst, abs(x[i] - y[i])) }
        }
    }
    return worst
}

func maxAbsValue(_ a: Tensor) -> Float {
    a.withUnsafeBufferPointer { $0.reduce(0) { max($0, abs($1)) } }
}

final class PaliGemmaParityTests: XCTestCase {
    let tolerance: Float = 1e-4

    func testTokenizerMatchesTokenizersLibrary() throws {
        let fixtures = try PaliGemmaFixtures.load()
        let tokenizer = try SentencePieceTokenizer(huggingFaceFolder: PaliGemmaFixtures.path("tokenizer"))
        for check in fixtures.tokenizer_checks {
            XCTAssertEqual(tokenizer.encode(check.text, addSpecial: false), check.ids, "text \(check.text.debugDescription)")
        }
    }

    func testPaliGemma1MatchesTransformers() throws {
        try checkParity(modelNamed: "pg1")
    }

    func testPaliGemma2MatchesTransformers() throws {
        try checkParity(modelNamed: "pg2")
    }

    private func checkParity(modelNamed name: String) throws {
        let fixtures = try PaliGemmaFixtures.load()
        let entry = try XCTUnwrap(fixtures.models.first { $0.name == name })
        let reference = try PaliGemmaFixtures.references(entry)
        let model = try PaliGemma.load(folder: PaliGemmaFixtures.path(entry.folder))
        XCTAssertEqual(model.configuration.generation, name == "pg1" ? 1 : 2)
        XCTAssertEqual(model.imageTokenCount, fixtures.image_tokens)
        XCTAssertEqual(model.decoder.spec.layers.count, entry.text_layers)

        for (index, run) in entry.runs.enumerated() {
            let key = "run\(index)."
            // The processor layout: N image tokens, then BOS + prompt + "\n".
            XCTAssertEqual(Array(run.input_ids.prefix(fixtures.image_tokens)),
                           Array(repeating: fixtures.image_token, count: fixtures.image_tokens))
            let promptTokens = try model.promptTokens(run.prompt)
            XCTAssertEqual(promptTokens, Array(run.input_ids.dropFirst(fixtures.image_tokens)), run.prompt)

            let referencePixels = try reference(key + "pixel_values")
            let image = try ImageDecoder.decode(contentsOf: PaliGemmaFixtures.path(fixtures.image))
            let pixels = try model.preprocessor.pixelValues(image)
            let pixelDiff = maxAbsDifference(try Tensor(shape: referencePixels.shape, scalars: pixels), referencePixels)
            XCTAssertLessThanOrEqual(pixelDiff, 1e-6, "pixel values")

            let vision = try model.visionEmbeddings(pixels: referencePixels.scalars)
            let visionDiff = maxAbsDifference(vision, try reference(key + "vision_embeddings"))
            XCTAssertLessThanOrEqual(visionDiff, tolerance, "\(name) vision embeddings")
            let projected = try model.project(vision)
            let projectedDiff = maxAbsDifference(projected, try reference(key + "projected"))
            XCTAssertLessThanOrEqual(projectedDiff, tolerance, "\(name) projected features")

            var layers: [Int: Tensor] = [:]
            let (_, logits) = try model.prefill(imageFeatures: projected, promptTokens: promptTokens, logits: .all,
                                                layerOutput: { layers[$0] = $1 })
            var report = "\(name) \(run.prompt.debugDescription): pixels \(pixelDiff), vision \(visionDiff), projected \(projectedDiff)"
            for layer in 0..<entry.text_layers {
                let expected = try reference(key + "layer\(layer)")
                let diff = maxAbsDifference(try XCTUnwrap(layers[layer]), expected)
                report += ", layer\(layer) \(diff) (|x| <= \(maxAbsValue(expected)))"
                XCTAssertLessThanOrEqual(diff, tolerance, "\(name) text layer \(layer)")
            }
            let expectedLogits = try reference(key + "logits")
            let logitDiff = maxAbsDifference(logits, expectedLogits)
            report += ", logits \(logitDiff) (|x| <= \(maxAbsValue(expectedLogits)))"
            XCTAssertLessThanOrEqual(logitDiff, tolerance, "\(name) logits")

            var steps: [Tensor] = []
            let greedy = try model.generateGreedy(imageFeatures: projected, promptTokens: promptTokens,
                                                  maxNewTokens: fixtures.new_tokens, stopAtEndOfSequence: false,
                                                  stepLogits: { steps.append($0) })
            XCTAssertEqual(greedy, run.greedy_tokens, "\(name) greedy tokens for \(run.prompt)")
            // Each decoding step's logits (through the cache; on PaliGemma 2 the sliding window of 8
            // is shorter than the sequence).
            let expectedSteps = try reference(key + "step_logits")
            let stepScalars = steps.flatMap(\.scalars)
            let stepDiff = maxAbsDifference(try Tensor(shape: [steps.count, expectedSteps.columnCount], scalars: stepScalars), expectedSteps)
            report += ", decode steps \(stepDiff)"
            XCTAssertLessThanOrEqual(stepDiff, tolerance, "\(name) decoding-step logits")
            print(report)
        }
    }
}
