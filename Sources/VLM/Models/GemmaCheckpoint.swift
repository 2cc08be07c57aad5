import Foundation

/// Reading a Gemma checkpoint's hyperparameters and tensors, whether it is a GGUF file or a
/// Hugging Face folder; each architecture file holds only what is particular to it.
enum GemmaCheckpoint {
    /// `<architecture>.<key>` from GGUF metadata.
    struct GGUFKeys {
        let file: GGUFFile
        let architecture: String

        /// Every integer the architectures read is a count or a length: refused unless in
        /// 1...2^24, as config.json sizes are (see `KeyedDecodingContainer.decodeSize`).
        func int(_ key: String) throws -> Int {
            let value = try file.int("\(architecture).\(key)")
            guard value > 0, value <= 1 << 24 else {
                throw ModelFileError(.wrongValueType, file: file.path, "metadata '\(architecture).\(key)' should be a size between 1 and \(1 << 24), found \(value)")
            }
            return value
        }

        /// Every float the architectures read (epsilon, RoPE base and scale, soft-caps) must be positive.
        func float(_ key: String) throws -> Float {
            let value = try file.float("\(architecture).\(key)")
            guard value > 0, value.isFinite else {
                throw ModelFileError(.wrongValueType, file: file.path, "metadata '\(architecture).\(key)' should be a positive number, found \(value)")
            }
            return value
        }
        func optionalInt(_ key: String) throws -> Int? {
            file.value("\(architecture).\(key)") == nil ? nil : try int(key)
        }
        func optionalFloat(_ key: String) throws -> Float? {
            file.value("\(architecture).\(key)") == nil ? nil : try float(key)
        }
        func optionalString(_ key: String) throws -> String? {
            file.value("\(architecture).\(key)") == nil ? nil : try file.string("\(architecture).\(key)")
        }

        /// Vocabulary size: the embedding's rows (the metadata key is often absent).
        func vocabularySize() throws -> Int {
            guard let info = file.tensorInfo(named: "token_embd.weight"), info.shape.count == 2 else {
                throw ModelFileError(.missingTensor, file: file.path, tensor: "token_embd.weight", "no token embedding matrix")
            }
            return info.shape[0]
        }
    }

    /// Decodes a Hugging Face `config.json`, or its `text_config` for multimodal checkpoints.
    static func decodeConfig<Config: Decodable>(_ type: Config.Type, folder: String) throws -> Config {
        let path = (folder as NSString).appendingPathComponent("config.json")
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ModelError("\(path): cannot read the model configuration")
        }
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: data)
        } catch {
            throw ModelError("\(path): not valid JSON (\(error.localizedDescription))")
        }
        do {
            if let object = object as? [String: Any],
               let text = object["text_config"] as? [String: Any] {
                return try JSONDecoder().decode(Config.self, from: JSONSerialization.data(withJSONObject: text))
            }
            return try JSONDecoder().decode(Config.self, from: data)
        } catch let error as DecodingError {
            throw ModelError("\(path): \(describe(error))")
        }
    }

    static func describe(_ error: DecodingError) -> String {
        switch error {
        case .keyNotFound(let key, _): return "missing key '\(key.stringValue)'"
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            let path = context.codingPath.map(\.stringValue).joined(separator: ".")
            return "bad value at '\(path)': \(context.debugDescription)"
        @unknown default: return "\(error)"
        }
    }

    /// What the Hugging Face layouts put before the text model's tensor names.
    static let huggingFacePrefixes = ["language_model.model.", "model.language_model.", "language_model.", "model."]
    /// Hugging Face -> GGUF names of the tensors outside the layers.
    static let topLevelNames = [
        "embed_tokens.weight": "token_embd.weight", "norm.weight": "output_norm.weight", "lm_head.weight": "output.weight",
    ]
    /// Hugging Face -> GGUF names within a layer (`layers.N.` / `blk.N.`).
    static let layerNames = [
        "input_layernorm.weight": "attn_norm.weight",
        "self_attn.q_proj.weight": "attn_q.weight",
        "self_attn.k_proj.weight": "attn_k.weight",
        "self_attn.v_proj.weight": "attn_v.weight",
        "self_attn.o_proj.weight": "attn_output.weight",
        "self_attn.q_norm.weight": "attn_q_norm.weight",
        "self_attn.k_norm.weight": "attn_k_norm.weight",
        "post_attention_layernorm.weight": "post_attention_norm.weight",
        "pre_feedforward_layernorm.weight": "ffn_norm.weight",
        "post_feedforward_layernorm.weight": "post_ffw_norm.weight",
        "mlp.gate_proj.weight": "ffn_gate.weight",
        "mlp.up_proj.weight": "ffn_up.weight",
        "mlp.down_proj.weight": "ffn_down.weight",
    ]

    /// Hugging Face tensor names -> llama.cpp's GGUF names, as the decoder expects them.
    static func ggufName(forHuggingFace name: String) -> String? {
        var name = name
        for prefix in huggingFacePrefixes where name.hasPrefix(prefix) {
            name.removeFirst(prefix.count)
            break
        }
        if let top = topLevelNames[name] { return top }
        let parts = name.split(separator: ".", maxSplits: 2).map(String.init)
        guard parts.count == 3, parts[0] == "layers", let layer = Int(parts[1]) else { return nil }
        return layerNames[parts[2]].map { "blk.\(layer).\($0)" }
    }

    /// The inverse, under `prefix`: the name a checkpoint lacks when the decoder asks for `name`.
    static func huggingFaceName(forGGUF name: String, prefix: String) -> String? {
        if let top = topLevelNames.first(where: { $0.value == name }) { return prefix + top.key }
        let parts = name.split(separator: ".", maxSplits: 2).map(String.init)
        guard parts.count == 3, parts[0] == "blk", let local = layerNames.first(where: { $0.value == parts[2] }) else { return nil }
        return "\(prefix)layers.\(parts[1]).\(local.key)"
    }
}

/// A Hugging Face checkpoint's tensors seen under GGUF names, with Gemma's norm convention
/// applied: HF stores `w` where the model multiplies by `1 + w`; GGUF stores `1 + w`.
final class GemmaHuggingFaceWeights: WeightSource {
    let path: String
    private let underlying: WeightSource
    private let huggingFaceName: [String: String]   // GGUF name -> HF name
    /// The checkpoint's prefix of text-model names and Gemma 1's renaming, to name absent tensors.
    private let prefix: String
    private let gemma1PostNormIsFeedForwardNorm: Bool

    /// `names`: the HF tensor names in the checkpoint. `gemma1PostNormIsFeedForwardNorm`: Gemma 1
    /// has no post-attention norm; its `post_attention_layernorm` is the norm before the MLP.
    init(_ underlying: WeightSource, names: [String], gemma1PostNormIsFeedForwardNorm: Bool) {
        self.underlying = underlying
        self.gemma1PostNormIsFeedForwardNorm = gemma1PostNormIsFeedForwardNorm
        path = underlying.path
        prefix = names.first { $0.hasSuffix("embed_tokens.weight") }.map { String($0.dropLast("embed_tokens.weight".count)) } ?? "model."
        var map: [String: String] = [:]
        for name in names {
            guard var gguf = GemmaCheckpoint.ggufName(forHuggingFace: name) else { continue }
            if gemma1PostNormIsFeedForwardNorm && gguf.hasSuffix(".post_attention_norm.weight") {
                gguf = gguf.replacingOccurrences(of: ".post_attention_norm.weight", with: ".ffn_norm.weight")
            }
            map[gguf] = name
        }
        huggingFaceName = map
    }

    func contains(_ name: String) -> Bool { huggingFaceName[name] != nil }

    func weight(_ name: String) throws -> Weight {
        guard let original = huggingFaceName[name] else {
            let lookedFor = gemma1PostNormIsFeedForwardNorm && name.hasSuffix(".ffn_norm.weight")
                ? name.replacingOccurrences(of: ".ffn_norm.weight", with: ".post_attention_norm.weight") : name
            let expected = GemmaCheckpoint.huggingFaceName(forGGUF: lookedFor, prefix: prefix) ?? name
            throw ModelFileError(.missingTensor, file: path, tensor: expected, "absent from the checkpoint (the decoder's '\(name)')")
        }
        let weight = try underlying.weight(original)
        guard name.hasSuffix("norm.weight") else { return weight }
        var shifted = try weight.dequantized()
        let count = shifted.count
        shifted.withUnsafeMutableBufferPointer { values in
            for i in 0..<count { values[i] += 1 }
        }
        return Weight(name: original, tensor: shifted)
    }
}

/// RoPE settings in config.json: older files give `rope_theta` (+ `rope_scaling`, and Gemma 3's
/// `rope_local_base_freq`); transformers 5 writes `rope_parameters`, per layer type for Gemma 3.
struct RopeParameters: Decodable, Equatable {
    var ropeTheta: Double?
    var ropeType: String?
    var factor: Double?

    enum CodingKeys: String, CodingKey {
        case ropeTheta = "rope_theta", ropeType = "rope_type", factor
    }

    init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        ropeTheta = try c.decodePositiveIfPresent(Double.self, forKey: .ropeTheta)
        ropeType = try c.decodeIfPresent(String.self, forKey: .ropeType)
        factor = try c.decodePositiveIfPresent(Double.self, forKey: .factor)
    }

    /// Linear scaling factor, 1 when the type is not linear.
    var linearFactor: Double {
        (ropeType == "linear" || ropeType == nil) ? factor ?? 1 : 1
    }
}

/// Either one `RopeParameters` or one per layer type ("full_attention", "sliding_attention").
enum RopeParametersField: Decodable {
    case single(RopeParameters)
    case perLayerType([String: RopeParameters])

    struct LayerTypeKey: CodingKey {
        let stringValue: String
        init(stringValue: String) { self.stringValue = stringValue }
        var intValue: Int? { nil }
        init?(intValue: Int) { nil }
    }

    /// Told apart by their keys, so that a bad value inside either is reported, not taken for the other form.
    init(from decoder: Decoder) throws {
        let keyed = try decoder.container(keyedBy: LayerTypeKey.self)
        if keyed.allKeys.contains(where: { $0.stringValue.hasSuffix("_attention") }) {
            var table: [String: RopeParameters] = [:]
            for key in keyed.allKeys { table[key.stringValue] = try keyed.decode(RopeParameters.self, forKey: key) }
            self = .perLayerType(table)
        } else {
            self = .single(try RopeParameters(from: decoder))
        }
    }

    func parameters(for layerType: String) -> RopeParameters? {
        switch self {
        case .single(let parameters): return parameters
        case .perLayerType(let table): return table[layerType]
        }
    }
}
