import Foundation

/// A PaliGemma `config.json`: `vision_config` (SigLIP), `text_config` (Gemma or Gemma 2) and the
/// projector. Hub configs leave many keys out; missing keys take transformers' defaults
/// (SiglipVisionConfig, GemmaConfig, Gemma2Config), and the image size, when absent, follows from
/// `num_image_tokens`.
public struct PaliGemmaConfiguration: Sendable, Equatable {
    public enum TextArchitecture: String, Sendable {
        case gemma, gemma2
    }

    public var vision: SigLIPVisionConfiguration
    public var textArchitecture: TextArchitecture
    public var textSpec: GemmaDecoderSpec
    public var imageTokenID: Int?

    /// PaliGemma 1 or 2.
    public var generation: Int { textArchitecture == .gemma ? 1 : 2 }

    public init(json config: JSONValue, path: String) throws {
        guard config.objectValue != nil else { throw ModelError("\(path): not a JSON object") }
        if let type = config["model_type"]?.stringValue, type != "paligemma" {
            throw ModelError("\(path): model_type is '\(type)', not 'paligemma'")
        }
        guard let visionConfig = config["vision_config"], visionConfig.objectValue != nil else {
            throw ModelError("\(path): no vision_config object")
        }
        guard let textConfig = config["text_config"], textConfig.objectValue != nil else {
            throw ModelError("\(path): no text_config object")
        }
        func number(_ object: JSONValue, _ key: String, _ section: String) throws -> Double? {
            guard let value = object[key], value != .null else { return nil }
            guard let number = value.doubleValue, number.isFinite else {
                throw ModelError("\(path): \(section).\(key) is not a number: \(value)")
            }
            return number
        }
        func integer(_ object: JSONValue, _ key: String, _ section: String, default fallback: Int?) throws -> Int {
            guard let value = try number(object, key, section) else {
                guard let fallback else { throw ModelError("\(path): \(section).\(key) is missing") }
                return fallback
            }
            guard value.rounded() == value, abs(value) < 1e9 else {
                throw ModelError("\(path): \(section).\(key) is not an integer: \(value)")
            }
            return Int(value)
        }

        // Vision tower.
        let v = visionConfig
        if let activation = v["hidden_act"]?.stringValue, activation != "gelu_pytorch_tanh" {
            throw ModelError("\(path): vision_config.hidden_act '\(activation)' is not supported (gelu_pytorch_tanh is)")
        }
        if v["vision_use_head"]?.boolValue == true {
            throw ModelError("\(path): vision_config.vision_use_head is true; PaliGemma's tower has no pooling head")
        }
        let patch = try integer(v, "patch_size", "vision_config", default: 16)
        var imageSize = try integer(v, "image_size", "vision_config", default: 224)
        if v["image_size"] == nil, let tokens = try number(v, "num_image_tokens", "vision_config") ?? number(textConfig, "num_image_tokens", "text_config") {
            let side = Int(Double(tokens).squareRoot().rounded())
            imageSize = side * patch
        }
        vision = SigLIPVisionConfiguration(
            hiddenSize: try integer(v, "hidden_size", "vision_config", default: 768),
            intermediateSize: try integer(v, "intermediate_size", "vision_config", default: 3072),
            layerCount: try integer(v, "num_hidden_layers", "vision_config", default: 12),
            headCount: try integer(v, "num_attention_heads", "vision_config", default: 12),
            imageSize: imageSize, patchSize: patch,
            channelCount: try integer(v, "num_channels", "vision_config", default: 3),
            layerNormEpsilon: Float(try number(v, "layer_norm_eps", "vision_config") ?? 1e-6))
        try vision.validate(source: path)

        // Text stack: their JSON with transformers' defaults filled in, decoded by Gemma1/Gemma2.
        let t = textConfig
        let typeName = t["model_type"]?.stringValue ?? "gemma"
        guard let architecture = TextArchitecture(rawValue: typeName) else {
            throw ModelError("\(path): text_config.model_type '\(typeName)' is not supported (gemma, gemma2 are)")
        }
        textArchitecture = architecture
        let topVocabulary = try number(config, "vocab_size", "config")
        var filled = t.objectValue!
        let defaults: [String: Double] = architecture == .gemma
            ? ["hidden_size": 2048, "num_hidden_layers": 18, "intermediate_size": 16384, "num_attention_heads": 8,
               "num_key_value_heads": 1, "head_dim": 256, "vocab_size": topVocabulary ?? 257152,
               "rms_norm_eps": 1e-6, "rope_theta": 10000, "max_position_embeddings": 8192]
            : ["hidden_size": 2304, "num_hidden_layers": 26, "intermediate_size": 9216, "num_attention_heads": 8,
               "num_key_value_heads": 4, "head_dim": 256, "vocab_size": topVocabulary ?? 257152,
               "rms_norm_eps": 1e-6, "rope_theta": 10000, "max_position_embeddings": 8192,
               "sliding_window": 4096, "query_pre_attn_scalar": 256,
               "attn_logit_softcapping": 50, "final_logit_softcapping": 30]
        for (key, value) in defaults where filled[key] == nil || filled[key] == .null {
            filled[key] = .number(value)
        }
        if architecture == .gemma2 {
            // null soft-caps mean "none" in transformers; Gemma2.Configuration reads absent as nil.
            for key in ["attn_logit_softcapping", "final_logit_softcapping"] where t[key] == .null {
                filled.removeValue(forKey: key)
            }
        }
        let data = try JSONSerialization.data(withJSONObject: Self.foundationObject(.object(filled)))
        do {
            switch architecture {
            case .gemma: textSpec = try JSONDecoder().decode(Gemma1.Configuration.self, from: data).decoderSpec()
            case .gemma2: textSpec = try JSONDecoder().decode(Gemma2.Configuration.self, from: data).decoderSpec()
            }
        } catch let error as DecodingError {
            throw ModelError("\(path): text_config: \(GemmaCheckpoint.describe(error))")
        }
        // A Hugging Face checkpoint: float32 throughout, as transformers runs it (see GemmaArchitecture.load).
        textSpec.roundsLikeLlamaCpp = false
        let s = textSpec
        guard [s.hiddenSize, s.headCount, s.kvHeadCount, s.headDimension, s.intermediateSize, s.vocabularySize,
               s.contextLength, s.layers.count].allSatisfy({ $0 > 0 && $0 < 1 << 24 }) else {
            throw ModelError("\(path): text_config has a size that is zero, negative or absurd")
        }
        if let projection = try number(config, "projection_dim", "config") ?? number(v, "projection_dim", "vision_config"),
           Int(projection) != s.hiddenSize {
            throw ModelError("\(path): projection_dim \(Int(projection)) differs from text_config.hidden_size \(s.hiddenSize)")
        }
        let imageToken = try number(config, "image_token_index", "config") ?? number(config, "image_token_id", "config")
        imageTokenID = imageToken.map { Int($0) }
    }

    /// JSONValue -> the Foundation objects JSONSerialization writes.
    static func foundationObject(_ value: JSONValue) -> Any {
        switch value {
        case .null: return NSNull()
        case .bool(let b): return b
        case .number(let d): return d
        case .string(let s): return s
        case .array(let items): return items.map(foundationObject)
        case .object(let members): return members.mapValues(foundationObject)
        }
    }
}
