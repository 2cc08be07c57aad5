import Foundation

/// Reading a Gemma checkpoint's hyperparameters and tensors, whether it is a GGUF file or a
/// Hugging Face folder; each architecture file holds only what is particular to it.
enum GemmaCheckpoint {
    /// `<architecture>.<key>` from GGUF metadata.
    struct GGUFKeys {
        let file: GGUFFile
        let architecture: String

        func int(_ key: String) throws -> Int { try file.int("\(architecture).\(key)") }
        func float(_ key: String) throws -> Float { try file.float("\(architecture).\(key)") }
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
        do {
            if let object = try JSONSerialization.jsonObject(with: data) as? [String: Any],
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

    /// Hugging Face tensor names -> llama.cpp's GGUF names, as the decoder expects them.
    static func ggufName(forHuggingFace name: String) -> String? {
        var name = name
        for prefix in ["language_model.model.", "model.language_model.", "language_model.", "model."] where name.hasPrefix(prefix) {
            name.removeFirst(prefix.count)
            break
        }
        switch name {
        case "embed_tokens.weight": return "token_embd.weight"
        case "norm.weight": return "output_norm.weight"
        case "lm_head.weight": return "output.weight"
        default: break
        }
        let parts = name.split(separator: ".", maxSplits: 2).map(String.init)
        guard parts.count == 3, parts[0] == "layers", let layer = Int(parts[1]) else { return nil }
        let local: [String: String] = [
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
        return local[parts[2]].map { "blk.\(layer).\($0)" }
    }
}

/// A Hugging Face checkpoint's tensors seen under GGUF names, with Gemma's norm convention
/// applied: HF stores `w` where the model multiplies by `1 + w`; GGUF stores `1 + w`.
final class GemmaHuggingFaceWeights: WeightSource {
    let path: String
    private let underlying: WeightSource
    private let huggingFaceName: [String: String]   // GGUF name -> HF name

    /// `names`: the HF tensor names in the checkpoint. `gemma1PostNormIsFeedForwardNorm`: Gemma 1
    /// has no post-attention norm; its `post_attention_layernorm` is the norm before the MLP.
    init(_ underlying: WeightSource, names: [String], gemma1PostNormIsFeedForwardNorm: Bool) {
        self.underlying = underlying
        path = underlying.path
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
            throw ModelFileError(.missingTensor, file: path, tensor: name, "no Hugging Face tensor maps to this name")
        }
        let weight = try underlying.weight(original)
        guard name.hasSuffix("norm.weight") else { return weight }
        var shifted = try weight.dequantized()
        let count = shifted.count
        shifted.withUnsafeMutableBufferPointer { values in
            for i in 0..<count { values[i] += 1 }
        }
        return Weight(name: name, tensor: shifted)
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

    /// Linear scaling factor, 1 when the type is not linear.
    var linearFactor: Double {
        (ropeType == "linear" || ropeType == nil) ? factor ?? 1 : 1
    }
}

/// Either one `RopeParameters` or one per layer type ("full_attention", "sliding_attention").
enum RopeParametersField: Decodable {
    case single(RopeParameters)
    case perLayerType([String: RopeParameters])

    init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let perType = try? container.decode([String: RopeParameters].self), perType.keys.contains(where: { $0.hasSuffix("_attention") }) {
            self = .perLayerType(perType)
        } else {
            self = .single(try container.decode(RopeParameters.self))
        }
    }

    func parameters(for layerType: String) -> RopeParameters? {
        switch self {
        case .single(let parameters): return parameters
        case .perLayerType(let table): return table[layerType]
        }
    }
}
