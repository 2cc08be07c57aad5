/// What one Gemma generation contributes: its configuration and its checkpoint quirks. Loading
/// from GGUF or a Hugging Face folder is the same for all of them.
public protocol GemmaArchitecture {
    associatedtype Configuration: GemmaConfiguration
    /// Every checkpoint quirk of the architecture, applied to the weights as read from the file;
    /// `huggingFaceNames` is nil for GGUF.
    static func sanitize(_ source: WeightSource, huggingFaceNames: [String]?) -> WeightSource
}

/// A configuration read from GGUF metadata or a Hugging Face `config.json`.
public protocol GemmaConfiguration: Codable {
    init(gguf: GGUFFile) throws
    func decoderSpec() throws -> GemmaDecoderSpec
}

/// Each source computes as the program it is made for and checked against: a GGUF file rounds
/// to half precision where llama.cpp does (a model as sensitive as Gemma 3 270M moves by more
/// between llama.cpp's f16 and f32 paths than the differences its parity test allows); a Hugging
/// Face checkpoint stays in float32, as transformers runs it (the rounding alone would move the
/// tiny parity checkpoints' outputs by 6e-3 to 3e-2, where they match transformers within 3e-5).
extension GemmaArchitecture {
    public static func load(gguf: GGUFFile) throws -> GemmaDecoder {
        var spec = try Configuration(gguf: gguf).decoderSpec()
        spec.roundsLikeLlamaCpp = true
        return try GemmaDecoder(spec: spec, weights: sanitize(gguf, huggingFaceNames: nil), hugePages: true)
    }

    public static func load(huggingFaceFolder folder: String, weights: WeightSource, names: [String]) throws -> GemmaDecoder {
        var spec = try GemmaCheckpoint.decodeConfig(Configuration.self, folder: folder).decoderSpec()
        spec.roundsLikeLlamaCpp = false
        return try GemmaDecoder(spec: spec, weights: sanitize(weights, huggingFaceNames: names))
    }
}

/// The config.json keys every Gemma generation shares, read from (and written to) the same flat
/// object as the generation's own keys, or from the GGUF keys llama.cpp writes for them. Sizes
/// are checked here so that a bad file is an error naming the key, not a trap in the decoder.
public struct GemmaSharedConfiguration: Codable, Sendable, Equatable {
    public var hiddenSize: Int
    public var numHiddenLayers: Int
    public var numAttentionHeads: Int
    public var numKeyValueHeads: Int
    public var headDim: Int
    public var intermediateSize: Int
    public var vocabSize: Int
    public var rmsNormEps: Float
    /// Optional in config.json; each generation has its own default.
    public var maxPositionEmbeddings: Int?
    /// The MLP's activation: the decoder computes tanh-approximated GELU, which Gemma checkpoints
    /// name "gelu_pytorch_tanh" (or "gelu", the name the first releases gave it).
    public var hiddenActivation: String?

    enum CodingKeys: String, CodingKey {
        case hiddenSize = "hidden_size", numHiddenLayers = "num_hidden_layers"
        case numAttentionHeads = "num_attention_heads", numKeyValueHeads = "num_key_value_heads"
        case headDim = "head_dim", intermediateSize = "intermediate_size", vocabSize = "vocab_size"
        case rmsNormEps = "rms_norm_eps", maxPositionEmbeddings = "max_position_embeddings"
        case hiddenActivation = "hidden_activation"
    }

    /// Read but not written back: folded into `hiddenActivation`.
    enum AlternativeKeys: String, CodingKey {
        case hiddenAct = "hidden_act"
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        hiddenSize = try c.decodeSize(.hiddenSize)
        numHiddenLayers = try c.decodeSize(.numHiddenLayers)
        numAttentionHeads = try c.decodeSize(.numAttentionHeads)
        numKeyValueHeads = try c.decodeSizeIfPresent(.numKeyValueHeads) ?? numAttentionHeads
        headDim = try c.decodeSizeIfPresent(.headDim) ?? 256
        intermediateSize = try c.decodeSize(.intermediateSize)
        vocabSize = try c.decodeSize(.vocabSize)
        rmsNormEps = try c.decodePositiveIfPresent(Float.self, forKey: .rmsNormEps) ?? 1e-6
        maxPositionEmbeddings = try c.decodeSizeIfPresent(.maxPositionEmbeddings)
        let legacy = try decoder.container(keyedBy: AlternativeKeys.self)
        hiddenActivation = try c.decodeIfPresent(String.self, forKey: .hiddenActivation)
            ?? legacy.decodeIfPresent(String.self, forKey: .hiddenAct)
        if let activation = hiddenActivation, activation != "gelu_pytorch_tanh", activation != "gelu" {
            throw DecodingError.dataCorruptedError(forKey: .hiddenActivation, in: c, debugDescription:
                "activation '\(activation)' is not supported (Gemma's is gelu_pytorch_tanh)")
        }
        guard headDim % 2 == 0 else {
            throw DecodingError.dataCorruptedError(forKey: .headDim, in: c, debugDescription: "\(headDim) is odd; RoPE rotates pairs of dimensions")
        }
        guard numAttentionHeads % numKeyValueHeads == 0 else {
            throw DecodingError.dataCorruptedError(forKey: .numKeyValueHeads, in: c, debugDescription:
                "\(numAttentionHeads) attention heads cannot be shared by \(numKeyValueHeads) key/value heads")
        }
    }

    /// From GGUF metadata; llama.cpp derives the head dimension when the file leaves it out.
    init(gguf keys: GemmaCheckpoint.GGUFKeys) throws {
        hiddenSize = try keys.int("embedding_length")
        numHiddenLayers = try keys.int("block_count")
        numAttentionHeads = try keys.int("attention.head_count")
        numKeyValueHeads = try keys.optionalInt("attention.head_count_kv") ?? numAttentionHeads
        headDim = try keys.optionalInt("attention.key_length") ?? hiddenSize / numAttentionHeads
        intermediateSize = try keys.int("feed_forward_length")
        vocabSize = try keys.vocabularySize()
        rmsNormEps = try keys.float("attention.layer_norm_rms_epsilon")
        maxPositionEmbeddings = try keys.optionalInt("context_length")
        hiddenActivation = nil
    }

    /// The decoder spec from these sizes and what the generation adds.
    func decoderSpec(defaultContextLength: Int, queryPreAttnScalar: Double, hasPostNorms: Bool, hasQueryKeyNorms: Bool,
                     attentionSoftCap: Float?, finalSoftCap: Float?, layers: [GemmaDecoderSpec.Layer]) -> GemmaDecoderSpec {
        GemmaDecoderSpec(
            hiddenSize: hiddenSize, headCount: numAttentionHeads, kvHeadCount: numKeyValueHeads,
            headDimension: headDim, intermediateSize: intermediateSize, vocabularySize: vocabSize,
            contextLength: maxPositionEmbeddings ?? defaultContextLength, rmsNormEpsilon: rmsNormEps,
            queryScale: Float(1 / queryPreAttnScalar.squareRoot()),
            hasPostNorms: hasPostNorms, hasQueryKeyNorms: hasQueryKeyNorms,
            attentionSoftCap: attentionSoftCap, finalSoftCap: finalSoftCap, layers: layers)
    }
}

/// Sizes and scalars as config.json gives them, refused with the key named when they are out of
/// range: a zero or negative count would trap when layers or buffers are laid out, a huge one
/// would overflow their products, a zero window or scalar gives silent garbage.
extension KeyedDecodingContainer {
    static var largestSize: Int { 1 << 24 }

    func decodeSizeIfPresent(_ key: Key) throws -> Int? {
        guard let value = try decodeIfPresent(Int.self, forKey: key) else { return nil }
        guard value > 0, value <= Self.largestSize else {
            throw DecodingError.dataCorruptedError(forKey: key, in: self, debugDescription:
                "\(value) is not a size between 1 and \(Self.largestSize)")
        }
        return value
    }

    func decodeSize(_ key: Key) throws -> Int {
        guard let value = try decodeSizeIfPresent(key) else {
            throw DecodingError.keyNotFound(key, .init(codingPath: codingPath, debugDescription: "required"))
        }
        return value
    }

    /// `layer_types`: "sliding_attention" or "full_attention" for each of `layers` layers.
    func decodeLayerTypesIfPresent(_ key: Key, layers: Int) throws -> [String]? {
        guard let types = try decodeIfPresent([String].self, forKey: key) else { return nil }
        guard types.count == layers else {
            throw DecodingError.dataCorruptedError(forKey: key, in: self, debugDescription: "\(types.count) layer types for \(layers) layers")
        }
        if let unknown = types.first(where: { $0 != "sliding_attention" && $0 != "full_attention" }) {
            throw DecodingError.dataCorruptedError(forKey: key, in: self, debugDescription: "unknown layer type '\(unknown)'")
        }
        return types
    }

    func decodePositiveIfPresent<T: BinaryFloatingPoint & Decodable>(_ type: T.Type, forKey key: Key) throws -> T? {
        guard let value = try decodeIfPresent(T.self, forKey: key) else { return nil }
        guard value > 0, value.isFinite else {
            throw DecodingError.dataCorruptedError(forKey: key, in: self, debugDescription: "\(value) is not a positive number")
        }
        return value
    }
}
