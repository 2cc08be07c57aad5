/// Gemma 3 (text): Gemma 2 blocks without soft-capping, plus RMSNorm on each query and key head
/// before RoPE; five sliding-window layers then one global layer; RoPE base 10k on sliding
/// layers and 1M (optionally linearly scaled) on global ones; output head tied to the embedding.
public enum Gemma3: GemmaArchitecture {
    /// Mirrors config.json (`model_type` "gemma3_text", or the `text_config` of "gemma3").
    public struct Configuration: GemmaConfiguration, Codable, Sendable, Equatable {
        public struct RopeScaling: Codable, Sendable, Equatable {
            public var ropeType: String?
            public var factor: Double?
            enum CodingKeys: String, CodingKey {
                case ropeType = "rope_type", factor
            }
        }

        public var hiddenSize: Int
        public var numHiddenLayers: Int
        public var numAttentionHeads: Int
        public var numKeyValueHeads: Int
        public var headDim: Int
        public var intermediateSize: Int
        public var vocabSize: Int
        public var rmsNormEps: Float
        public var ropeTheta: Double
        public var ropeLocalBaseFreq: Double
        public var ropeScaling: RopeScaling?
        public var slidingWindow: Int
        public var slidingWindowPattern: Int?
        /// Newer configs list each layer's kind ("sliding_attention" / "full_attention").
        public var layerTypes: [String]?
        public var queryPreAttnScalar: Double
        public var maxPositionEmbeddings: Int
        public var attnLogitSoftcapping: Float?
        public var finalLogitSoftcapping: Float?

        enum CodingKeys: String, CodingKey {
            case hiddenSize = "hidden_size", numHiddenLayers = "num_hidden_layers"
            case numAttentionHeads = "num_attention_heads", numKeyValueHeads = "num_key_value_heads"
            case headDim = "head_dim", intermediateSize = "intermediate_size", vocabSize = "vocab_size"
            case rmsNormEps = "rms_norm_eps", ropeTheta = "rope_theta", ropeLocalBaseFreq = "rope_local_base_freq"
            case ropeScaling = "rope_scaling", slidingWindow = "sliding_window"
            case slidingWindowPattern = "sliding_window_pattern", layerTypes = "layer_types"
            case queryPreAttnScalar = "query_pre_attn_scalar", maxPositionEmbeddings = "max_position_embeddings"
            case attnLogitSoftcapping = "attn_logit_softcapping", finalLogitSoftcapping = "final_logit_softcapping"
        }

        /// Read but not written back: folded into the fields above.
        enum AlternativeKeys: String, CodingKey {
            case ropeParameters = "rope_parameters", privateSlidingWindowPattern = "_sliding_window_pattern"
        }

        public init(from decoder: Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            let alternatives = try decoder.container(keyedBy: AlternativeKeys.self)
            hiddenSize = try c.decode(Int.self, forKey: .hiddenSize)
            numHiddenLayers = try c.decode(Int.self, forKey: .numHiddenLayers)
            numAttentionHeads = try c.decode(Int.self, forKey: .numAttentionHeads)
            numKeyValueHeads = try c.decodeIfPresent(Int.self, forKey: .numKeyValueHeads) ?? numAttentionHeads
            headDim = try c.decodeIfPresent(Int.self, forKey: .headDim) ?? 256
            intermediateSize = try c.decode(Int.self, forKey: .intermediateSize)
            vocabSize = try c.decode(Int.self, forKey: .vocabSize)
            rmsNormEps = try c.decodeIfPresent(Float.self, forKey: .rmsNormEps) ?? 1e-6
            let rope = try alternatives.decodeIfPresent(RopeParametersField.self, forKey: .ropeParameters)
            let global = rope?.parameters(for: "full_attention"), local = rope?.parameters(for: "sliding_attention")
            ropeTheta = try c.decodeIfPresent(Double.self, forKey: .ropeTheta) ?? global?.ropeTheta ?? 1_000_000
            ropeLocalBaseFreq = try c.decodeIfPresent(Double.self, forKey: .ropeLocalBaseFreq) ?? local?.ropeTheta ?? 10_000
            ropeScaling = try c.decodeIfPresent(RopeScaling.self, forKey: .ropeScaling)
                ?? global.flatMap { $0.linearFactor != 1 ? RopeScaling(ropeType: "linear", factor: $0.linearFactor) : nil }
            slidingWindow = try c.decodeIfPresent(Int.self, forKey: .slidingWindow) ?? 4096
            slidingWindowPattern = try c.decodeIfPresent(Int.self, forKey: .slidingWindowPattern)
                ?? alternatives.decodeIfPresent(Int.self, forKey: .privateSlidingWindowPattern)
            layerTypes = try c.decodeIfPresent([String].self, forKey: .layerTypes)
            queryPreAttnScalar = try c.decodeIfPresent(Double.self, forKey: .queryPreAttnScalar) ?? 256
            maxPositionEmbeddings = try c.decodeIfPresent(Int.self, forKey: .maxPositionEmbeddings) ?? 131_072
            attnLogitSoftcapping = try c.decodeIfPresent(Float.self, forKey: .attnLogitSoftcapping)
            finalLogitSoftcapping = try c.decodeIfPresent(Float.self, forKey: .finalLogitSoftcapping)
        }

        /// From GGUF metadata, with llama.cpp's defaults for what the file leaves out.
        public init(gguf: GGUFFile) throws {
            let keys = GemmaCheckpoint.GGUFKeys(file: gguf, architecture: "gemma3")
            hiddenSize = try keys.int("embedding_length")
            numHiddenLayers = try keys.int("block_count")
            numAttentionHeads = try keys.int("attention.head_count")
            numKeyValueHeads = try keys.optionalInt("attention.head_count_kv") ?? numAttentionHeads
            headDim = try keys.optionalInt("attention.key_length") ?? hiddenSize / max(numAttentionHeads, 1)
            intermediateSize = try keys.int("feed_forward_length")
            vocabSize = try keys.vocabularySize()
            rmsNormEps = try keys.float("attention.layer_norm_rms_epsilon")
            ropeTheta = Double(try keys.optionalFloat("rope.freq_base") ?? 1_000_000)
            ropeLocalBaseFreq = 10_000
            if try keys.optionalString("rope.scaling.type") == "linear", let factor = try keys.optionalFloat("rope.scaling.factor") {
                ropeScaling = RopeScaling(ropeType: "linear", factor: Double(factor))
            }
            slidingWindow = try keys.int("attention.sliding_window")
            slidingWindowPattern = try keys.optionalInt("attention.sliding_window_pattern") ?? 6
            // llama.cpp: the 27B model scales queries by (hidden / heads)^-0.5, the others by head_dim^-0.5.
            queryPreAttnScalar = Double(numHiddenLayers == 62 ? hiddenSize / numAttentionHeads : headDim)
            maxPositionEmbeddings = try keys.optionalInt("context_length") ?? 131_072
        }

        public func decoderSpec() throws -> GemmaDecoderSpec {
            let sliding: [Bool]
            if let layerTypes {
                guard layerTypes.count == numHiddenLayers else {
                    throw ModelError("gemma3 config: \(layerTypes.count) layer_types for \(numHiddenLayers) layers")
                }
                sliding = layerTypes.map { $0 == "sliding_attention" }
            } else {
                let pattern = slidingWindowPattern ?? 6
                sliding = (0..<numHiddenLayers).map { pattern <= 0 || ($0 + 1) % pattern != 0 }
            }
            let linear = ropeScaling.flatMap { $0.ropeType == "linear" || $0.ropeType == nil ? $0.factor : nil } ?? 1
            return GemmaDecoderSpec(
                hiddenSize: hiddenSize, headCount: numAttentionHeads, kvHeadCount: numKeyValueHeads,
                headDimension: headDim, intermediateSize: intermediateSize, vocabularySize: vocabSize,
                contextLength: maxPositionEmbeddings, rmsNormEpsilon: rmsNormEps,
                queryScale: Float(1 / queryPreAttnScalar.squareRoot()),
                hasPostNorms: true, hasQueryKeyNorms: true,
                attentionSoftCap: attnLogitSoftcapping, finalSoftCap: finalLogitSoftcapping,
                layers: sliding.map { isSliding in
                    isSliding
                        ? .init(slidingWindow: slidingWindow, ropeBase: ropeLocalBaseFreq, ropeScale: 1)
                        : .init(slidingWindow: nil, ropeBase: ropeTheta, ropeScale: linear)
                })
        }
    }

    /// Checkpoint quirks: GGUF tensors are used as they are (norms already hold 1 + w); Hugging
    /// Face tensors are renamed and their norms shifted by one.
    public static func sanitize(_ source: WeightSource, huggingFaceNames: [String]?) -> WeightSource {
        guard let names = huggingFaceNames else { return source }
        return GemmaHuggingFaceWeights(source, names: names, gemma1PostNormIsFeedForwardNorm: false)
    }
}
