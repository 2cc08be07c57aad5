/// Gemma 2: four norms per block (before and after attention and the MLP), attention scores and
/// final logits soft-capped with tanh, sliding-window attention on every other layer (starting
/// with the first), queries scaled by query_pre_attn_scalar^-0.5.
public enum Gemma2: GemmaArchitecture {
    /// Mirrors config.json (`model_type` "gemma2").
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
        public var slidingWindow: Int
        public var queryPreAttnScalar: Double
        public var maxPositionEmbeddings: Int
        public var attnLogitSoftcapping: Float?
        public var finalLogitSoftcapping: Float?
        /// "sliding_attention" / "full_attention" per layer; absent in older configs (even layers slide).
        public var layerTypes: [String]?

        enum CodingKeys: String, CodingKey {
            case hiddenSize = "hidden_size", numHiddenLayers = "num_hidden_layers"
            case numAttentionHeads = "num_attention_heads", numKeyValueHeads = "num_key_value_heads"
            case headDim = "head_dim", intermediateSize = "intermediate_size", vocabSize = "vocab_size"
            case rmsNormEps = "rms_norm_eps", ropeTheta = "rope_theta", slidingWindow = "sliding_window"
            case queryPreAttnScalar = "query_pre_attn_scalar", maxPositionEmbeddings = "max_position_embeddings"
            case attnLogitSoftcapping = "attn_logit_softcapping", finalLogitSoftcapping = "final_logit_softcapping"
            case layerTypes = "layer_types"
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
            slidingWindow = try c.decodeIfPresent(Int.self, forKey: .slidingWindow) ?? 4096
            queryPreAttnScalar = try c.decodeIfPresent(Double.self, forKey: .queryPreAttnScalar) ?? 256
            maxPositionEmbeddings = try c.decodeIfPresent(Int.self, forKey: .maxPositionEmbeddings) ?? 8192
            attnLogitSoftcapping = try c.decodeIfPresent(Float.self, forKey: .attnLogitSoftcapping)
            finalLogitSoftcapping = try c.decodeIfPresent(Float.self, forKey: .finalLogitSoftcapping)
            layerTypes = try c.decodeIfPresent([String].self, forKey: .layerTypes)
        }

        public init(gguf: GGUFFile) throws {
            let keys = GemmaCheckpoint.GGUFKeys(file: gguf, architecture: "gemma2")
            hiddenSize = try keys.int("embedding_length")
            numHiddenLayers = try keys.int("block_count")
            numAttentionHeads = try keys.int("attention.head_count")
            numKeyValueHeads = try keys.optionalInt("attention.head_count_kv") ?? numAttentionHeads
            headDim = try keys.optionalInt("attention.key_length") ?? hiddenSize / max(numAttentionHeads, 1)
            intermediateSize = try keys.int("feed_forward_length")
            vocabSize = try keys.vocabularySize()
            rmsNormEps = try keys.float("attention.layer_norm_rms_epsilon")
            ropeTheta = Double(try keys.optionalFloat("rope.freq_base") ?? 10_000)
            slidingWindow = try keys.optionalInt("attention.sliding_window") ?? 4096
            // llama.cpp: the 27B model (46 layers) scales queries by (hidden / heads)^-0.5.
            queryPreAttnScalar = Double(numHiddenLayers == 46 ? hiddenSize / numAttentionHeads : headDim)
            maxPositionEmbeddings = try keys.optionalInt("context_length") ?? 8192
            attnLogitSoftcapping = try keys.optionalFloat("attn_logit_softcapping") ?? 50
            finalLogitSoftcapping = try keys.optionalFloat("final_logit_softcapping") ?? 30
        }

        public func decoderSpec() throws -> GemmaDecoderSpec {
            if let layerTypes, layerTypes.count != numHiddenLayers {
                throw ModelError("gemma2 config: \(layerTypes.count) layer_types for \(numHiddenLayers) layers")
            }
            return GemmaDecoderSpec(
                hiddenSize: hiddenSize, headCount: numAttentionHeads, kvHeadCount: numKeyValueHeads,
                headDimension: headDim, intermediateSize: intermediateSize, vocabularySize: vocabSize,
                contextLength: maxPositionEmbeddings, rmsNormEpsilon: rmsNormEps,
                queryScale: Float(1 / queryPreAttnScalar.squareRoot()),
                hasPostNorms: true, hasQueryKeyNorms: false,
                attentionSoftCap: attnLogitSoftcapping, finalSoftCap: finalLogitSoftcapping,
                layers: (0..<numHiddenLayers).map { index in
                    let sliding = layerTypes.map { index < $0.count && $0[index] == "sliding_attention" } ?? (index % 2 == 0)
                    return .init(slidingWindow: sliding ? slidingWindow : nil, ropeBase: ropeTheta, ropeScale: 1)
                })
        }
    }

    /// Same checkpoint quirks as Gemma 3: GGUF norms hold 1 + w, Hugging Face norms hold w.
    public static func sanitize(_ source: WeightSource, huggingFaceNames: [String]?) -> WeightSource {
        guard let names = huggingFaceNames else { return source }
        return GemmaHuggingFaceWeights(source, names: names, gemma1PostNormIsFeedForwardNorm: false)
    }
}
