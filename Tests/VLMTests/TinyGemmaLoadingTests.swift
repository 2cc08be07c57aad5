import Foundation
import XCTest
@testable import VLM

/// Bad Gemma 1/2/3 checkpoints (copies of the tiny Hugging Face fixtures, edited by the test, and
/// small GGUF files) and requests beyond the context: each gives an error naming the file and
/// the key or tensor, never a trap.
final class TinyGemmaLoadingTests: XCTestCase {
    private var scratch: URL!

    override func setUpWithError() throws {
        scratch = FileManager.default.temporaryDirectory.appendingPathComponent("loupe-tinygemma-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: scratch)
    }

    /// A copy of fixture `name` (without its reference outputs), its config edited by `config`
    /// and its tensors by `tensors` (name, dtype, shape, bytes -> nil drops the tensor).
    private func copy(_ name: String, as copyName: String = "model", config: (inout [String: Any]) -> Void = { _ in },
                      tensors: (String, String, [Int], [UInt8]) -> (String, String, [Int], [UInt8])? = { ($0, $1, $2, $3) }) throws -> URL {
        let source = TinyGemmaTests.directory.appendingPathComponent(name)
        let target = scratch.appendingPathComponent(copyName)
        try FileManager.default.createDirectory(at: target, withIntermediateDirectories: true)
        var json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: source.appendingPathComponent("config.json"))) as? [String: Any])
        config(&json)
        try JSONSerialization.data(withJSONObject: json).write(to: target.appendingPathComponent("config.json"))
        let original = try SafetensorsFile(path: source.appendingPathComponent("model.safetensors").path)
        let entries = original.tensors.compactMap { tensors($0.name, $0.dtype.rawValue, $0.shape, Array(original.tensorBytes($0))) }
        try PaliGemmaLoadingTests.writeSafetensors(entries, to: target.appendingPathComponent("model.safetensors"))
        return target
    }

    /// Loads `folder` as the architecture of its name's fixture (the folder's config may be broken).
    private func load(_ folder: URL, as fixture: String) throws -> GemmaDecoder {
        let modelType = ["gemma": "gemma", "gemma2": "gemma2", "gemma3": "gemma3_text"][fixture]!
        let weights = try SafetensorsCollection(directory: folder.path)
        let model = try LanguageModelRegistry.huggingFaceLoaders[modelType]!(folder.path, weights, weights.tensorNames)
        return try XCTUnwrap(model as? GemmaDecoder)
    }

    private func assertLoadError(_ folder: URL, as fixture: String, mentions fragments: [String], _ label: String = "",
                                 file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertThrowsError(try load(folder, as: fixture), label, file: file, line: line) { error in
            for fragment in fragments {
                XCTAssertTrue("\(error)".contains(fragment), "\(label): '\(error)' does not mention '\(fragment)'", file: file, line: line)
            }
        }
    }

    func testTheUneditedCopiesLoad() throws {
        for name in ["gemma", "gemma2", "gemma3"] {
            XCTAssertNoThrow(try load(copy(name, as: name), as: name), name)
        }
    }

    func testWrongConfigurationsNameTheKey() throws {
        func set(_ key: String, _ value: Any) -> (inout [String: Any]) -> Void { { $0[key] = value } }
        let cases: [(String, String, (inout [String: Any]) -> Void, [String])] = [
            ("missing key", "gemma", { $0.removeValue(forKey: "hidden_size") }, ["missing key 'hidden_size'"]),
            ("not a number", "gemma2", set("hidden_size", "wide"), ["hidden_size"]),
            ("negative layer count", "gemma", set("num_hidden_layers", -1), ["num_hidden_layers", "-1"]),
            ("zero heads", "gemma2", set("num_attention_heads", 0), ["num_attention_heads"]),
            ("absurd vocabulary", "gemma3", set("vocab_size", 1 << 40), ["vocab_size"]),
            ("heads not shared evenly", "gemma3", set("num_key_value_heads", 3), ["num_key_value_heads", "3"]),
            ("other activation", "gemma3", set("hidden_activation", "silu"), ["hidden_activation", "silu"]),
            ("other legacy activation", "gemma", { $0["hidden_act"] = "relu"; $0.removeValue(forKey: "hidden_activation") }, ["relu"]),
            ("odd head dimension", "gemma", set("head_dim", 23), ["head_dim", "23 is odd"]),
            ("zero window", "gemma2", set("sliding_window", 0), ["sliding_window"]),
            ("zero query scalar", "gemma3", set("query_pre_attn_scalar", 0), ["query_pre_attn_scalar"]),
            ("negative soft-cap", "gemma2", set("final_logit_softcapping", -30), ["final_logit_softcapping"]),
            ("layer types too few", "gemma2", set("layer_types", ["sliding_attention"]), ["layer_types", "1 layer types for 6 layers"]),
            ("unknown layer type", "gemma3", set("layer_types", Array(repeating: "chunked_attention", count: 6)), ["chunked_attention"]),
            ("negative RoPE base", "gemma", set("rope_parameters", ["rope_type": "default", "rope_theta": -1]), ["rope_theta"]),
            ("zero RoPE scaling", "gemma3", { config in
                var rope = config["rope_parameters"] as! [String: Any]
                rope["full_attention"] = ["rope_type": "linear", "factor": 0, "rope_theta": 1_000_000]
                config["rope_parameters"] = rope
            }, ["full_attention", "factor"]),
        ]
        for (index, (label, name, edit, fragments)) in cases.enumerated() {
            let folder = try copy(name, as: "config\(index)", config: edit)
            assertLoadError(folder, as: name, mentions: [folder.appendingPathComponent("config.json").path] + fragments, label)
        }
        let broken = try copy("gemma")
        try Data("{\"hidden_size\": ".utf8).write(to: broken.appendingPathComponent("config.json"))
        assertLoadError(broken, as: "gemma", mentions: [broken.appendingPathComponent("config.json").path])
        try Data("{\"model_type\": \"llama\"}".utf8).write(to: broken.appendingPathComponent("config.json"))
        XCTAssertThrowsError(try LanguageModelRegistry.load(path: broken.path)) { error in
            XCTAssertTrue("\(error)".contains("model_type 'llama' is not supported"), "\(error)")
        }
    }

    func testMissingShardIsNamed() throws {
        // Split the checkpoint into two shards listed by an index, then remove the second.
        let folder = try copy("gemma3")
        let single = try SafetensorsFile(path: folder.appendingPathComponent("model.safetensors").path)
        let names = single.tensors.map(\.name).sorted()
        var weightMap: [String: String] = [:]
        for (part, shard) in [names.prefix(names.count / 2), names.suffix(from: names.count / 2)]
            .enumerated().map({ ($0.element, "model-0000\($0.offset + 1)-of-00002.safetensors") }) {
            let entries = single.tensors.filter { part.contains($0.name) }
                .map { ($0.name, $0.dtype.rawValue, $0.shape, Array(single.tensorBytes($0))) }
            try PaliGemmaLoadingTests.writeSafetensors(entries, to: folder.appendingPathComponent(shard))
            for name in part { weightMap[name] = shard }
        }
        try FileManager.default.removeItem(at: folder.appendingPathComponent("model.safetensors"))
        try JSONSerialization.data(withJSONObject: ["metadata": [:], "weight_map": weightMap])
            .write(to: folder.appendingPathComponent("model.safetensors.index.json"))
        XCTAssertNoThrow(try load(folder, as: "gemma3"), "both shards present")

        try FileManager.default.removeItem(at: folder.appendingPathComponent("model-00002-of-00002.safetensors"))
        assertLoadError(folder, as: "gemma3", mentions: ["model-00002-of-00002.safetensors"])
    }

    func testMissingTensorIsNamed() throws {
        let folder = try copy("gemma2", tensors: { name, dtype, shape, bytes in
            name == "model.layers.3.mlp.up_proj.weight" ? nil : (name, dtype, shape, bytes)
        })
        assertLoadError(folder, as: "gemma2", mentions: ["model.layers.3.mlp.up_proj.weight"])
        let noNorm = try copy("gemma3", as: "nonorm", tensors: { name, dtype, shape, bytes in
            name == "model.layers.0.self_attn.k_norm.weight" ? nil : (name, dtype, shape, bytes)
        })
        assertLoadError(noNorm, as: "gemma3", mentions: ["model.layers.0.self_attn.k_norm.weight"])
    }

    func testShapeMismatchIsNamed() throws {
        // q_proj [heads * head_dim, hidden] = [48, 32], stored transposed.
        let transposed = try copy("gemma3", tensors: { name, dtype, shape, bytes in
            (name, dtype, name == "model.layers.1.self_attn.q_proj.weight" ? shape.reversed() : shape, bytes)
        })
        assertLoadError(transposed, as: "gemma3", mentions: [transposed.path, "model.layers.1.self_attn.q_proj.weight", "[32, 48]", "[48, 32]"])
        // A norm of 8 values for a width of 32.
        let shortNorm = try copy("gemma2", as: "norm", tensors: { name, dtype, shape, bytes in
            name == "model.layers.2.post_feedforward_layernorm.weight" ? (name, dtype, [8], Array(bytes.prefix(16))) : (name, dtype, shape, bytes)
        })
        assertLoadError(shortNorm, as: "gemma2", mentions: ["model.layers.2.post_feedforward_layernorm.weight", "[8]", "[32]"])
        // A config that disagrees with every tensor: the embedding is checked first.
        let wider = try copy("gemma", as: "wider", config: { $0["hidden_size"] = 64 })
        assertLoadError(wider, as: "gemma", mentions: ["model.embed_tokens.weight", "[96, 32]", "[96, 64]"])
    }

    func testPromptLongerThanTheContextIsAnError() throws {
        let model = try load(copy("gemma2"), as: "gemma2")   // max_position_embeddings 64
        XCTAssertEqual(model.contextLength, 64)
        let tokens = Array(repeating: 5, count: 65)
        XCTAssertThrowsError(try model.forward(tokens, cache: model.makeCache(), logits: .last)) { error in
            XCTAssertTrue("\(error)".contains("65 tokens exceed the context length 64"), "\(error)")
        }
        // Filling the context exactly works; one more token through the cache does not.
        let cache = model.makeCache()
        XCTAssertNoThrow(try model.forward(Array(tokens.prefix(60)), cache: cache, logits: .none))
        XCTAssertNoThrow(try model.forward([5, 5, 5, 5], cache: cache, logits: .last))
        XCTAssertThrowsError(try model.forward([5], cache: cache, logits: .last)) { error in
            XCTAssertTrue("\(error)".contains("context length 64"), "\(error)")
        }
        XCTAssertThrowsError(try model.forward([96], cache: model.makeCache(), logits: .last)) { error in
            XCTAssertTrue("\(error)".contains("token id 96"), "\(error)")
        }
    }

    /// GGUF metadata is checked like config.json: a negative or absurd count names the key.
    func testBadGGUFMetadataNamesTheKey() throws {
        /// A Gemma 3 file with valid sizes and only an embedding, `overrides` replacing metadata (type id + value bytes).
        func file(_ overrides: [String: [UInt8]] = [:]) throws -> GGUFFile {
            var metadata: [String: [UInt8]] = ["gemma3.attention.layer_norm_rms_epsilon": GGUFBuilder.u32(6) + GGUFBuilder.u32(Float(1e-6).bitPattern)]
            for (key, value) in [("embedding_length", 32), ("block_count", 6), ("attention.head_count", 2),
                                 ("feed_forward_length", 64), ("attention.sliding_window", 6)] {
                metadata["gemma3.\(key)"] = GGUFBuilder.u32(4) + GGUFBuilder.u32(UInt32(value))
            }
            metadata.merge(overrides) { $1 }
            var builder = GGUFBuilder()
            builder.add("general.architecture", string: "gemma3")
            for (key, value) in metadata.sorted(by: { $0.key < $1.key }) { builder.add(key, raw: value) }
            builder.addTensor("token_embd.weight", dims: [32, 96], type: .f32, bytes: Array(repeating: 0, count: 32 * 96 * 4))
            let url = scratch.appendingPathComponent("model-\(UUID().uuidString).gguf")
            try Data(builder.build()).write(to: url)
            return try GGUFFile(path: url.path)
        }
        let int32 = { (value: Int32) in GGUFBuilder.u32(5) + GGUFBuilder.u32(UInt32(bitPattern: value)) }
        let float32 = { (value: Float) in GGUFBuilder.u32(6) + GGUFBuilder.u32(value.bitPattern) }
        let cases: [(String, [UInt8])] = [
            ("gemma3.block_count", int32(-1)),
            ("gemma3.attention.head_count", int32(0)),
            ("gemma3.embedding_length", int32(1 << 30)),
            ("gemma3.attention.sliding_window", int32(0)),
            ("gemma3.attention.layer_norm_rms_epsilon", float32(-1)),
            ("gemma3.rope.freq_base", float32(.nan)),
        ]
        for (key, value) in cases {
            let bad = try file([key: value])
            XCTAssertThrowsError(try Gemma3.load(gguf: bad), key) { error in
                XCTAssertTrue("\(error)".contains(key) && "\(error)".contains(bad.path), "\(error)")
            }
        }
        // Valid sizes, but only the embedding: the first tensor missing is named.
        XCTAssertThrowsError(try Gemma3.load(gguf: file())) { XCTAssertTrue("\($0)".contains("output_norm.weight"), "\($0)") }
    }

    func testConfigurationsRoundTripThroughJSON() throws {
        func roundTrip<C: GemmaConfiguration & Equatable>(_ type: C.Type, _ name: String) throws {
            let original = try GemmaCheckpoint.decodeConfig(C.self, folder: TinyGemmaTests.directory.appendingPathComponent(name).path)
            let again = try JSONDecoder().decode(C.self, from: JSONEncoder().encode(original))
            XCTAssertEqual(again, original, name)
            XCTAssertEqual(try again.decoderSpec(), try original.decoderSpec(), name)
        }
        try roundTrip(Gemma1.Configuration.self, "gemma")
        try roundTrip(Gemma2.Configuration.self, "gemma2")
        try roundTrip(Gemma3.Configuration.self, "gemma3")
    }
}
