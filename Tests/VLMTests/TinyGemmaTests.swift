import Foundation
import XCTest
@testable import VLM

/// Tiny random Gemma 1/2/3 Hugging Face checkpoints (bf16 safetensors) against transformers'
/// float32 logits (Fixtures/tiny-gemma, written by scripts/fixtures/make_tiny_gemma_reference.py).
/// Loupe rounds attention operands and GELU to half precision where llama.cpp does, so the
/// tolerance is a few thousandths of the logit range, far below what any architectural mistake
/// (a missing norm, soft-cap, window or RoPE base) produces on these weights.
final class TinyGemmaTests: XCTestCase {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/tiny-gemma")

    func check(_ name: String, modelType: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let folder = Self.directory.appendingPathComponent(name).path
        let reference = try XCTUnwrap(JSONSerialization.jsonObject(
            with: Data(contentsOf: URL(fileURLWithPath: folder).appendingPathComponent("reference.json"))) as? [String: Any])
        let ids = try XCTUnwrap(reference["ids"] as? [Int])
        let expected = try XCTUnwrap(reference["logits"] as? [[NSNumber]]).map { $0.map(\.floatValue) }
        let weights = try SafetensorsCollection(directory: folder)
        let loader = try XCTUnwrap(LanguageModelRegistry.huggingFaceLoaders[modelType])
        let model = try loader(folder, weights, weights.tensorNames)
        let vocabulary = model.vocabularySize

        // Batched, then one token at a time through the cache: both against transformers.
        let batched = try model.forward(ids, cache: model.makeCache(), logits: .all)
        let cache = model.makeCache()
        var incremental: [Float] = []
        for id in ids { incremental += try model.forward([id], cache: cache, logits: .last).scalars }

        var largest: Float = 0
        var argmaxAgreement = 0
        for (position, row) in expected.enumerated() {
            XCTAssertEqual(row.count, vocabulary, file: file, line: line)
            let mine = Array(batched.scalars[position * vocabulary ..< (position + 1) * vocabulary])
            let stepwise = Array(incremental[position * vocabulary ..< (position + 1) * vocabulary])
            for v in 0..<vocabulary {
                largest = max(largest, abs(mine[v] - row[v]), abs(stepwise[v] - row[v]))
            }
            if mine.indices.max(by: { mine[$0] < mine[$1] }) == row.indices.max(by: { row[$0] < row[$1] }) { argmaxAgreement += 1 }
        }
        print("tiny \(name): largest |logit - transformers| \(largest) over \(ids.count) positions x \(vocabulary); argmax agrees at \(argmaxAgreement)/\(ids.count)")
        XCTAssertLessThan(largest, 0.05, "\(name): logits differ from transformers by \(largest)", file: file, line: line)
    }

    func testGemma1MatchesTransformers() throws { try check("gemma", modelType: "gemma") }
    func testGemma2MatchesTransformers() throws { try check("gemma2", modelType: "gemma2") }
    func testGemma3MatchesTransformers() throws { try check("gemma3", modelType: "gemma3_text") }

    func testConfigurationsReadBothRopeFormats() throws {
        let v5 = try GemmaCheckpoint.decodeConfig(Gemma3.Configuration.self, folder: Self.directory.appendingPathComponent("gemma3").path)
        XCTAssertEqual(v5.ropeTheta, 1_000_000)
        XCTAssertEqual(v5.ropeLocalBaseFreq, 10_000)
        XCTAssertEqual(v5.ropeScaling?.factor, 8)
        let spec = try v5.decoderSpec()
        XCTAssertEqual(spec.layers.map { $0.slidingWindow == nil }, [false, false, false, false, false, true])
        XCTAssertEqual(spec.layers[5].ropeScale, 8)
        XCTAssertEqual(spec.layers[0].ropeScale, 1)

        let v4 = """
        {"hidden_size": 640, "num_hidden_layers": 18, "num_attention_heads": 4, "num_key_value_heads": 1, "head_dim": 256,
         "intermediate_size": 2048, "vocab_size": 262144, "rms_norm_eps": 1e-06, "rope_theta": 1000000.0,
         "rope_local_base_freq": 10000.0, "rope_scaling": null, "sliding_window": 512, "sliding_window_pattern": 6,
         "query_pre_attn_scalar": 256, "max_position_embeddings": 32768, "model_type": "gemma3_text"}
        """
        let old = try JSONDecoder().decode(Gemma3.Configuration.self, from: Data(v4.utf8))
        XCTAssertEqual(old.ropeScaling, nil)
        XCTAssertEqual(try old.decoderSpec().layers.filter { $0.slidingWindow == nil }.count, 3)
        XCTAssertEqual(try old.decoderSpec().queryScale, 1.0 / 16)
    }
}
