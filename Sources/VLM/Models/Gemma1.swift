/// Gemma (1): pre-norm blocks (one norm before attention, one before the MLP), full causal
/// attention on every layer, RoPE base 10k, queries scaled by head_dim^-0.5, tied output head.
public enum Gemma1: GemmaArchitecture {
    /// Mirrors config.json (`model_type` "gemma").
    public struct Configuration: GemmaConfiguration, Codable, Sendable, Equatable {
        public var hiddenSize: Int
        public var numHiddenLayers: Int
        public var numAttentionHeads: Int
        public var numKeyValueHeads: Int
        public var headDim: Int
        public var intermediateSize: Int
        public var vocabSize: Int
        public var rmsNormEps: Float
        public var ropeTheta: Double
        public var maxPositionEmbeddings: Int

        enum CodingKeys: String, CodingKey {
            case hiddenSize = "hidden_size", numHiddenLayers = "num_hidden_layers"
            case numAttentionHeads = "num_attention_heads", numKeyValueHeads = "num_key_value_heads"
            case headDim = "head_dim", intermediateSize = "intermediate_size", vocabSize = "vocab_size"
            case rmsNormEps = "rms_norm_eps", ropeTheta = "rope_theta", maxPositionEmbeddings = "max_position_embeddings"
        }

        /// Read but not written back: folded into the fields above.
        enum AlternativeKeys: String, CodingKey {
            case ropeParameters = "rope_parameters"
        }

        public init(from decoder: Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            hiddenSize = try c.decode(Int.self, forKey: .hiddenSize)
            numHiddenLayers = try c.decode(Int.self, forKey: .numHiddenLayers)
            numAttentionHeads = try c.decode(Int.self, forKey: .numAttentionHeads)
            numKeyValueHeads = try c.decodeIfPresent(Int.self, forKey: .numKeyValueHeads) ?? numAttentionHeads
            headDim = try c.decodeIfPresent(Int.self, forKey: .headDim) ?? 256
            intermediateSize = try c.decode(Int.self, forKey: .intermediateSize)
            vocabSize = try c.decode(Int.self, forKey: .vocabSize)
            rmsNormEps = try c.decodeIfPresent(Float.self, forKey: .rmsNormEps) ?? 1e-6
            let rope = try decoder.container(keyedBy: AlternativeKeys.self)
                .decodeIfPresent(RopeParametersField.self, forKey: .ropeParameters)?.parameters(for: "full_attention")
            ropeTheta = try c.decodeIfPresent(Double.self, forKey: .ropeTheta) ?? rope?.ropeTheta ?? 10_000
            maxPositionEmbeddings = try c.decodeIfPresent(Int.self, forKey: .maxPositionEmbeddings) ?? 8192
        }

        public init(gguf: GGUFFile) throws {
            let keys = GemmaCheckpoint.GGUFKeys(file: gguf, architecture: "gemma")
            hiddenSize = try keys.int("embedding_length")
            numHiddenLayers = try keys.int("block_count")
            numAttentionHeads = try keys.int("attention.head_count")
            numKeyValueHeads = try keys.optionalInt("attention.head_count_kv") ?? numAttentionHeads
            headDim = try keys.optionalInt("attention.key_length") ?? hiddenSize / max(numAttentionHeads, 1)
            intermediateSize = try keys.int("feed_forward_length")
            vocabSize = try keys.vocabularySize()
            rmsNormEps = try keys.float("attention.layer_norm_rms_epsilon")
            ropeTheta = Double(try keys.optionalFloat("rope.freq_base") ?? 10_000)
            maxPositionEmbeddings = try keys.optionalInt("context_length") ?? 8192
        }

        public func decoderSpec() -> GemmaDecoderSpec {
            GemmaDecoderSpec(
                hiddenSize: hiddenSize, headCount: numAttentionHeads, kvHeadCount: numKeyValueHeads,
                headDimension: headDim, intermediateSize: intermediateSize, vocabularySize: vocabSize,
                contextLength: maxPositionEmbeddings, rmsNormEpsilon: rmsNormEps,
                queryScale: Float(1 / Double(headDim).squareRoot()),
                hasPostNorms: false, hasQueryKeyNorms: false, attentionSoftCap: nil, finalSoftCap: nil,
                layers: Array(repeating: .init(slidingWindow: nil, ropeBase: ropeTheta, ropeScale: 1), count: numHiddenLayers))
        }
    }

    /// GGUF norms hold 1 + w; Hugging Face norms hold w, and Gemma 1's `post_attention_layernorm`
    /// is the norm before the MLP (GGUF's ffn_norm), not a norm after attention.
    public static func sanitize(_ source: WeightSource, huggingFaceNames: [String]?) -> WeightSource {
        guard let names = huggingFaceNames else { return source }
        return GemmaHuggingFaceWeights(source, names: names, gemma1PostNormIsFeedForwardNorm: true)
    }
}
