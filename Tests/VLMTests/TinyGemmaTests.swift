import Foundation
import XCTest
@testable import VLM

/// Tiny random Gemma 1/2/3 Hugging Face checkpoints (bf16 safetensors) against transformers 5.24.0
/// in float32 with eager attention (Fixtures/tiny-gemma, written by
/// scripts/fixtures/make_tiny_gemma_reference.py): every layer's output, the logits of the prompt
/// (in one pass and one token at a time through the cache), greedy tokens and each decoding step's
/// logits. Then each architectural feature is removed in turn from Loupe's decoder to show that the
/// fixtures depend on it: the outputs must then miss the reference by far more than the tolerance.
final class TinyGemmaTests: XCTestCase {
    struct Manifest: Decodable {
        struct Model: Decodable {
            let name: String
            let model_type: String
            let layers: Int
            let input_ids: [Int]
            let greedy_tokens: [Int]
        }
        let new_tokens: Int
        let models: [Model]
    }

    static let directory = Bundle.module.resourceURL!.appendingPathComponent("Fixtures/tiny-gemma")
    let tolerance: Float = 1e-4
    /// Removing a feature must move some output by ten times the tolerance or more.
    let featureEffect: Float = 1e-3

    func fixture(_ name: String) throws -> (entry: Manifest.Model, model: GemmaDecoder, reference: (String) throws -> Tensor) {
        let manifest = try JSONDecoder().decode(Manifest.self, from: Data(contentsOf: Self.directory.appendingPathComponent("manifest.json")))
        let entry = try XCTUnwrap(manifest.models.first { $0.name == name })
        XCTAssertEqual(entry.greedy_tokens.count, manifest.new_tokens)
        let folder = Self.directory.appendingPathComponent(name).path
        let weights = try SafetensorsCollection(directory: folder)
        let loader = try XCTUnwrap(LanguageModelRegistry.huggingFaceLoaders[entry.model_type])
        let model = try XCTUnwrap(try loader(folder, weights, weights.tensorNames) as? GemmaDecoder)
        let file = try SafetensorsFile(path: folder + "/reference.safetensors")
        return (entry, model, { try file.weight($0).dequantized() })
    }

    /// Largest difference from the reference over every layer's output and the prompt's logits
    /// (one pass), prompt logits token by token, and greedy decoding (tokens and step logits).
    struct Differences {
        var layers: [Float] = []
        var logits: Float = 0
        var incrementalLogits: Float = 0
        var stepLogits: Float = 0
        var greedyTokens: [Int] = []
        var largest: Float { max(layers.max() ?? 0, logits, incrementalLogits, stepLogits) }
    }

    func compare(_ model: GemmaDecoder, with entry: Manifest.Model, reference: (String) throws -> Tensor) throws -> Differences {
        var result = Differences()
        let ids = entry.input_ids
        var layers: [Int: Tensor] = [:]
        let logits = try model.forward(embeddings: model.embed(ids), cache: model.makeCache(), logits: .all,
                                       layerOutput: { layers[$0] = $1 })
        for layer in 0..<entry.layers {
            result.layers.append(maxAbsDifference(try XCTUnwrap(layers[layer]), try reference("layer\(layer)")))
        }
        let expectedLogits = try reference("logits")
        result.logits = maxAbsDifference(logits, expectedLogits)

        let cache = model.makeCache()
        var incremental: [Float] = []
        for id in ids { incremental += try model.forward([id], cache: cache, logits: .last).scalars }
        result.incrementalLogits = maxAbsDifference(try Tensor(shape: expectedLogits.shape, scalars: incremental), expectedLogits)

        // Greedy decoding: the prompt in one pass, then one token at a time past the sliding window.
        let decodeCache = model.makeCache()
        var next = try model.forward(ids, cache: decodeCache, logits: .last)
        var steps: [Float] = []
        for _ in 0..<entry.greedy_tokens.count {
            steps += next.scalars
            let token = next.scalars.indices.max { next.scalars[$0] < next.scalars[$1] }!
            result.greedyTokens.append(token)
            next = try model.forward([token], cache: decodeCache, logits: .last)
        }
        let expectedSteps = try reference("step_logits")
        result.stepLogits = maxAbsDifference(try Tensor(shape: expectedSteps.shape, scalars: steps), expectedSteps)
        return result
    }

    func check(_ name: String, ablations: [(change: String, edit: (inout GemmaDecoderSpec) -> Void)],
               file: StaticString = #filePath, line: UInt = #line) throws {
        let (entry, model, reference) = try fixture(name)
        XCTAssertFalse(model.spec.roundsLikeLlamaCpp, "a Hugging Face checkpoint loads with float32 semantics", file: file, line: line)
        let found = try compare(model, with: entry, reference: reference)
        print("tiny \(name): layers \(found.layers), logits \(found.logits), token by token \(found.incrementalLogits), decoding steps \(found.stepLogits), greedy \(found.greedyTokens)")
        for (layer, difference) in found.layers.enumerated() {
            XCTAssertLessThanOrEqual(difference, tolerance, "\(name) layer \(layer)", file: file, line: line)
        }
        XCTAssertLessThanOrEqual(found.logits, tolerance, "\(name) logits", file: file, line: line)
        XCTAssertLessThanOrEqual(found.incrementalLogits, tolerance, "\(name) logits token by token", file: file, line: line)
        XCTAssertLessThanOrEqual(found.stepLogits, tolerance, "\(name) decoding-step logits", file: file, line: line)
        XCTAssertEqual(found.greedyTokens, entry.greedy_tokens, "\(name) greedy tokens", file: file, line: line)

        // llama.cpp's half-precision rounding (kept for GGUF files) alone misses this reference.
        let all = ablations + [("with llama.cpp's half-precision rounding", { $0.roundsLikeLlamaCpp = true })]
        for (change, edit) in all {
            var spec = model.spec
            edit(&spec)
            XCTAssertNotEqual(spec, model.spec, "\(name): '\(change)' changes nothing in the spec", file: file, line: line)
            let ablated = try compare(GemmaDecoder(spec: spec, weights: model.source), with: entry, reference: reference)
            print("tiny \(name) \(change): largest difference \(ablated.largest)")
            XCTAssertGreaterThan(ablated.largest, featureEffect, "\(name): the outputs hardly change \(change)", file: file, line: line)
        }
    }

    func testGemma1MatchesTransformers() throws {
        try check("gemma", ablations: [])
    }

    func testGemma2MatchesTransformers() throws {
        try check("gemma2", ablations: [
            ("without the attention soft-cap", { $0.attentionSoftCap = nil }),
            ("without the final soft-cap", { $0.finalSoftCap = nil }),
            ("without the sliding window", { spec in for i in spec.layers.indices { spec.layers[i].slidingWindow = nil } }),
            ("with head_dim instead of query_pre_attn_scalar", { $0.queryScale = 1 / Float($0.headDimension).squareRoot() }),
        ])
    }

    func testGemma3MatchesTransformers() throws {
        try check("gemma3", ablations: [
            ("without the sliding window", { spec in for i in spec.layers.indices { spec.layers[i].slidingWindow = nil } }),
            ("without linear RoPE scaling", { spec in for i in spec.layers.indices { spec.layers[i].ropeScale = 1 } }),
            ("with the local RoPE base on global layers", { spec in for i in spec.layers.indices { spec.layers[i].ropeBase = spec.layers[0].ropeBase } }),
            ("with head_dim instead of query_pre_attn_scalar", { $0.queryScale = 1 / Float($0.headDimension).squareRoot() }),
        ])
    }

    /// head_dim differs from hidden_size / heads in every fixture, so a decoder deriving it
    /// would fail to load (shape check) rather than pass.
    func testFixturesHaveHeadDimensionApartFromWidthOverHeads() throws {
        for name in ["gemma", "gemma2", "gemma3"] {
            let spec = try fixture(name).model.spec
            XCTAssertNotEqual(spec.headDimension, spec.hiddenSize / spec.headCount, name)
        }
    }

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
