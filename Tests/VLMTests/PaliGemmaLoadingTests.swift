import Foundation
import XCTest
@testable import VLM

/// Checkpoint layouts, bad checkpoints and bad requests: each gives a clear error, never a crash.
final class PaliGemmaLoadingTests: XCTestCase {
    private var scratch: URL!

    override func setUpWithError() throws {
        scratch = FileManager.default.temporaryDirectory.appendingPathComponent("loupe-paligemma-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: scratch)
    }

    /// A copy of fixture folder `name` whose safetensors tensors went through `edit`
    /// (name, dtype, shape, bytes) -> nil to drop the tensor.
    private func copy(_ name: String, as copyName: String = "model",
                      edit: (String, String, [Int], [UInt8]) -> (String, String, [Int], [UInt8])? = { ($0, $1, $2, $3) }) throws -> URL {
        let source = URL(fileURLWithPath: PaliGemmaFixtures.path(name))
        let target = scratch.appendingPathComponent(copyName)
        try FileManager.default.createDirectory(at: target, withIntermediateDirectories: true)
        for file in try FileManager.default.contentsOfDirectory(atPath: source.path) {
            let from = source.appendingPathComponent(file), to = target.appendingPathComponent(file)
            guard file.hasSuffix(".safetensors") else {
                try FileManager.default.copyItem(at: from, to: to)
                continue
            }
            let original = try SafetensorsFile(path: from.path)
            var entries: [(String, String, [Int], [UInt8])] = []
            for info in original.tensors {
                let bytes = Array(original.tensorBytes(info))
                if let edited = edit(info.name, info.dtype.rawValue, info.shape, bytes) { entries.append(edited) }
            }
            try Self.writeSafetensors(entries, to: to)
        }
        if FileManager.default.fileExists(atPath: target.appendingPathComponent("model.safetensors.index.json").path) {
            // Keep the index in step with renamed tensors.
            var weightMap: [String: String] = [:]
            for file in try FileManager.default.contentsOfDirectory(atPath: target.path) where file.hasSuffix(".safetensors") {
                for info in try SafetensorsFile(path: target.appendingPathComponent(file).path).tensors { weightMap[info.name] = file }
            }
            let index = try JSONSerialization.data(withJSONObject: ["metadata": [:], "weight_map": weightMap])
            try index.write(to: target.appendingPathComponent("model.safetensors.index.json"))
        }
        return target
    }

    static func writeSafetensors(_ entries: [(String, String, [Int], [UInt8])], to url: URL) throws {
        var header: [String: Any] = [:]
        var data: [UInt8] = []
        for (name, dtype, shape, bytes) in entries {
            header[name] = ["dtype": dtype, "shape": shape, "data_offsets": [data.count, data.count + bytes.count]]
            data += bytes
        }
        var json = try JSONSerialization.data(withJSONObject: header, options: [.sortedKeys])
        while json.count % 8 != 0 { json.append(0x20) }
        var file = withUnsafeBytes(of: UInt64(json.count).littleEndian) { Array($0) }
        file += json
        file += data
        try Data(file).write(to: url)
    }

    private func editConfig(_ folder: URL, _ edit: (inout [String: Any]) -> Void) throws {
        let url = folder.appendingPathComponent("config.json")
        var config = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        edit(&config)
        try JSONSerialization.data(withJSONObject: config).write(to: url)
    }

    private func assertLoadError(_ folder: URL, mentions fragments: [String], file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertThrowsError(try PaliGemma.load(folder: folder.path), file: file, line: line) { error in
            let message = "\(error)"
            for fragment in fragments {
                XCTAssertTrue(message.contains(fragment), "'\(message)' does not mention '\(fragment)'", file: file, line: line)
            }
        }
    }

    private func logits(_ model: PaliGemma, prompt: String = "caption en") throws -> Tensor {
        let image = try ImageDecoder.decode(contentsOf: PaliGemmaFixtures.path("image.png"))
        let features = try model.imageFeatures(image: image)
        return try model.prefill(imageFeatures: features, promptTokens: model.promptTokens(prompt), logits: .all).logits
    }

    // MARK: Layouts

    func testTransformers5LayoutGivesIdenticalResults() throws {
        // transformers 5.x save_pretrained: model.vision_tower.* (no vision_model.), model.*.
        let renamed = try copy("pg1") { name, dtype, shape, bytes in
            var name = name
            for (old, new) in [("vision_tower.vision_model.", "model.vision_tower."),
                               ("multi_modal_projector.", "model.multi_modal_projector."),
                               ("language_model.model.", "model.language_model.")] where name.hasPrefix(old) {
                name = new + name.dropFirst(old.count)
                break
            }
            return (name, dtype, shape, bytes)
        }
        let original = try PaliGemma.load(folder: PaliGemmaFixtures.path("pg1"))
        let loaded = try PaliGemma.load(folder: renamed.path)
        XCTAssertEqual(maxAbsDifference(try logits(original), try logits(loaded)), 0)
    }

    func testEndToEndFromThePNGMatchesTheReferenceLogits() throws {
        let fixtures = try PaliGemmaFixtures.load()
        for entry in fixtures.models {
            let model = try PaliGemma.load(folder: PaliGemmaFixtures.path(entry.folder))
            let reference = try PaliGemmaFixtures.references(entry)
            XCTAssertLessThanOrEqual(maxAbsDifference(try logits(model, prompt: entry.runs[0].prompt), try reference("run0.logits")), 1e-4, entry.name)
            let image = try ImageDecoder.decode(contentsOf: PaliGemmaFixtures.path("image.png"))
            let output = try model.generate(image: image, prompt: entry.runs[0].prompt, maxNewTokens: fixtures.new_tokens)
            let expected = entry.runs[0].greedy_tokens
            // Stops after <eos> (id 1) if the model writes it; otherwise the reference tokens.
            XCTAssertEqual(output.tokens, Array(expected.prefix(through: expected.firstIndex(of: 1) ?? expected.count - 1)))
        }
    }

    // MARK: Bad checkpoints

    func testMixedLayoutsAreRefused() throws {
        let folder = try copy("pg1")
        let file = folder.appendingPathComponent("model.safetensors")
        let original = try SafetensorsFile(path: file.path)
        var entries = original.tensors.map { ($0.name, $0.dtype.rawValue, $0.shape, Array(original.tensorBytes($0))) }
        let bias = try XCTUnwrap(entries.first { $0.0 == "vision_tower.vision_model.post_layernorm.bias" })
        entries.append(("model.vision_tower.post_layernorm.bias", bias.1, bias.2, bias.3))
        try Self.writeSafetensors(entries, to: file)
        assertLoadError(folder, mentions: ["model.vision_tower.post_layernorm.bias", "vision_tower.vision_model.post_layernorm.bias"])
    }

    func testMissingShardIsNamed() throws {
        let folder = try copy("pg2")
        try FileManager.default.removeItem(at: folder.appendingPathComponent("model-00002-of-00002.safetensors"))
        assertLoadError(folder, mentions: ["model-00002-of-00002.safetensors"])
    }

    func testMissingTensorIsNamed() throws {
        let folder = try copy("pg1") { name, dtype, shape, bytes in
            name == "vision_tower.vision_model.encoder.layers.1.mlp.fc2.bias" ? nil : (name, dtype, shape, bytes)
        }
        assertLoadError(folder, mentions: ["encoder.layers.1.mlp.fc2.bias"])
    }

    func testShapeMismatchIsNamed() throws {
        let folder = try copy("pg1") { name, dtype, shape, bytes in
            (name, dtype, name.hasSuffix("layers.0.mlp.fc1.weight") ? shape.reversed() : shape, bytes)
        }
        assertLoadError(folder, mentions: ["layers.0.mlp.fc1.weight", "[32, 40]", "[40, 32]"])
        let text = try copy("pg2", as: "text") { name, dtype, shape, bytes in
            (name, dtype, name.hasSuffix("layers.1.self_attn.q_proj.weight") ? shape.reversed() : shape, bytes)
        }
        assertLoadError(text, mentions: ["attn_q.weight"])
    }

    func testBadConfigurationsAreExplained() throws {
        let cases: [(String, (inout [String: Any]) -> Void, [String])] = [
            ("text model type", { c in var t = c["text_config"] as! [String: Any]; t["model_type"] = "llama"; c["text_config"] = t }, ["llama"]),
            ("no vision config", { c in c.removeValue(forKey: "vision_config") }, ["vision_config"]),
            ("heads", { c in var v = c["vision_config"] as! [String: Any]; v["num_attention_heads"] = 5; c["vision_config"] = v }, ["num_attention_heads 5"]),
            ("projection", { c in c["projection_dim"] = 100 }, ["projection_dim 100"]),
            ("not a number", { c in var t = c["text_config"] as! [String: Any]; t["hidden_size"] = "wide"; c["text_config"] = t }, ["hidden_size"]),
            ("zero size", { c in var v = c["vision_config"] as! [String: Any]; v["patch_size"] = 0; c["vision_config"] = v }, ["vision_config"]),
            ("text activation", { c in var t = c["text_config"] as! [String: Any]; t["hidden_activation"] = "silu"; c["text_config"] = t },
             ["text_config", "silu"]),
            ("negative text layers", { c in var t = c["text_config"] as! [String: Any]; t["num_hidden_layers"] = -1; c["text_config"] = t },
             ["text_config", "num_hidden_layers"]),
            ("other model", { c in c["model_type"] = "llava" }, ["llava"]),
        ]
        for (index, (label, edit, fragments)) in cases.enumerated() {
            let folder = try copy("pg1", as: "config\(index)")
            try editConfig(folder, edit)
            XCTAssertThrowsError(try PaliGemma.load(folder: folder.path), label) { error in
                for fragment in fragments { XCTAssertTrue("\(error)".contains(fragment), "\(label): \(error)") }
            }
        }
        let broken = try copy("pg1", as: "broken")
        try Data("{not json".utf8).write(to: broken.appendingPathComponent("config.json"))
        assertLoadError(broken, mentions: ["config.json", "JSON"])
        assertLoadError(scratch.appendingPathComponent("absent"), mentions: ["absent"])
    }

    func testNoTokenizerIsExplained() throws {
        let folder = try copy("pg1")
        try FileManager.default.removeItem(at: folder.appendingPathComponent("tokenizer.json"))
        assertLoadError(folder, mentions: ["tokenizer.json", "tokenizer.model"])
    }

    // MARK: Bad requests

    func testPromptLongerThanTheContextIsAnError() throws {
        let model = try PaliGemma.load(folder: PaliGemmaFixtures.path("pg1"))   // context 64, 16 image tokens
        let image = try ImageDecoder.decode(contentsOf: PaliGemmaFixtures.path("image.png"))
        let long = Array(repeating: "cat", count: 60).joined(separator: " ")
        XCTAssertThrowsError(try model.generate(image: image, prompt: long, maxNewTokens: 4)) { error in
            XCTAssertTrue("\(error)".contains("context length 64"), "\(error)")
        }
        // A prompt that fits but leaves little room: generation stops at the context's end.
        let features = try model.imageFeatures(image: image)
        let tokens = try model.promptTokens(Array(repeating: "cat", count: 44).joined(separator: " "))
        XCTAssertEqual(16 + tokens.count, 62)
        let generated = try model.generateGreedy(imageFeatures: features, promptTokens: tokens, maxNewTokens: 10, stopAtEndOfSequence: false)
        XCTAssertEqual(generated.count, 2)
        XCTAssertThrowsError(try model.prefill(imageFeatures: Tensor(zeros: [3, 64]), promptTokens: tokens, logits: .last))
        XCTAssertThrowsError(try model.prefill(imageFeatures: features, promptTokens: [5000], logits: .last))
        XCTAssertThrowsError(try model.visionEmbeddings(pixels: [0, 1, 2]))
    }

    // MARK: Each feature matters

    /// Switching off what PaliGemma 2 needs changes the outputs by far more than the parity
    /// tolerance, so the parity tests do check the bidirectional prefix, the soft-caps and the
    /// sliding window.
    func testPrefixMaskSoftCapsAndWindowEachMatter() throws {
        let entry = try XCTUnwrap(PaliGemmaFixtures.load().models.first { $0.name == "pg2" })
        let reference = try PaliGemmaFixtures.references(entry)(("run0.logits"))
        let folder = PaliGemmaFixtures.path("pg2")
        let model = try PaliGemma.load(folder: folder)
        let image = try ImageDecoder.decode(contentsOf: PaliGemmaFixtures.path("image.png"))
        let features = try model.imageFeatures(image: image)
        let tokens = try model.promptTokens(entry.runs[0].prompt)

        // Causal over the prefix instead of bidirectional.
        let cache = model.decoder.makeCache(prefillChunk: 64)
        var input = try Tensor(shape: [16 + tokens.count, 64], scalars: features.scalars + model.decoder.embed(tokens).scalars)
        input = try input.reshaped([16 + tokens.count, 64])
        let causal = try model.decoder.forward(embeddings: input, cache: cache, logits: .all, bidirectionalPrefix: 0)
        XCTAssertGreaterThan(maxAbsDifference(causal, reference), 1e-2)

        for (label, adjust) in [("attention soft-cap", { (c: inout PaliGemmaConfiguration) in c.textSpec.attentionSoftCap = nil }),
                                ("final soft-cap", { (c: inout PaliGemmaConfiguration) in c.textSpec.finalSoftCap = nil }),
                                ("sliding window", { (c: inout PaliGemmaConfiguration) in
                                    for i in c.textSpec.layers.indices { c.textSpec.layers[i].slidingWindow = nil } })] {
            let variant = try PaliGemma.load(folder: folder, adjusting: adjust)
            var steps: [Float] = []
            let prefill = try variant.prefill(imageFeatures: features, promptTokens: tokens, logits: .all).logits
            _ = try variant.generateGreedy(imageFeatures: features, promptTokens: tokens, maxNewTokens: 6,
                                           stopAtEndOfSequence: false, stepLogits: { steps += $0.scalars })
            let expectedSteps = try PaliGemmaFixtures.references(entry)("run0.step_logits")
            let difference = max(maxAbsDifference(prefill, reference),
                                 maxAbsDifference(try Tensor(shape: expectedSteps.shape, scalars: steps), expectedSteps))
            XCTAssertGreaterThan(difference, 1e-2, label)
        }
    }
}
