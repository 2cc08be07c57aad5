/// Gemma 3 (text): Gemma 2 blocks without soft-capping, plus RMSNorm on each query and key head
/// before RoPE; five sliding-window layers then one global layer; RoPE base 10k on sliding
/// layers and 1M (optionally linearly scaled) on global ones; output head tied to the embedding.
public enum Gemma3: GemmaArchitecture {
    /// Mirrors config.json (`model_type` "gemma3_text", or the `text_config` of "gemma3").
    public struct Configuration: GemmaConfiguration, Sendable, Equatable {
        public struct RopeScaling: Codable, Sendable, Equatable {
            public var ropeType: String?
            public var factor: Double?
            enum CodingKeys: String, CodingKey {
                case ropeType = "rope_type", factor
            }

            public init(ropeType: String?, factor: Double?) {
                self.ropeType = ropeType
                self.factor = factor
            }

            public init(from decoder: Decoder) throws {
                let c = try decoder.container(keyedBy: CodingKeys.self)
                ropeType = try c.decodeIfPresent(String.self, forKey: .ropeType)
                factor = try c.decodePositiveIfPresent(Double.self, forKey: .factor)
            }
        }

        public var shared: GemmaSharedConfiguration
        public var ropeTheta: Double
        public var ropeLocalBaseFreq: Double
        public var ropeScaling: RopeScaling?
        public var slidingWindow: Int
        public var slidingWindowPattern: Int?
        /// Newer configs list each layer's kind ("sliding_attention" / "full_attention").
        public var layerTypes: [String]?
        public var queryPreAttnScalar: Double
        public var attnLogitSoftcapping: Float?
        public var finalLogitSoftcapping: Float?

        enum CodingKeys: String, CodingKey {
            case ropeTheta = "rope_theta", ropeLocalBaseFreq = "rope_local_base_freq"
            case ropeScaling = "rope_scaling", slidingWindow = "sliding_window"
            case slidingWindowPattern = "sliding_window_pattern", layerTypes = "layer_types"
            case queryPreAttnScalar = "query_pre_attn_scalar"
            case attnLogitSoftcapping = "attn_logit_softcapping", finalLogitSoftcapping = "final_logit_softcapping"
        }

        /// Read but not written back: folded into the fields above.
        enum AlternativeKeys: String, CodingKey {
            case ropeParameters = "rope_parameters", privateSlidingWindowPattern = "_sliding_window_pattern"
        }

        public init(from decoder: Decoder) throws {
            shared = try GemmaSharedConfiguration(from: decoder)
            let c = try decoder.container(keyedBy: CodingKeys.self)
            let alternatives = try decoder.container(keyedBy: AlternativeKeys.self)
            let rope = try alternatives.decodeIfPresent(RopeParametersField.self, forKey: .ropeParameters)
            let global = rope?.parameters(for: "full_attention"), local = rope?.parameters(for: "sliding_attention")
            ropeTheta = try c.decodePositiveIfPresent(Double.self, forKey: .ropeTheta) ?? global?.ropeTheta ?? 1_000_000
            ropeLocalBaseFreq = try c.decodePositiveIfPresent(Double.self, forKey: .ropeLocalBaseFreq) ?? local?.ropeTheta ?? 10_000
            ropeScaling = try c.decodeIfPresent(RopeScaling.self, forKey: .ropeScaling)
                ?? global.flatMap { $0.linearFactor != 1 ? RopeScaling(ropeType: "linear", factor: $0.linearFactor) : nil }
            slidingWindow = try c.decodeSizeIfPresent(.slidingWindow) ?? 4096
            slidingWindowPattern = try c.decodeSizeIfPresent(.slidingWindowPattern)
                ?? alternatives.decodeSizeIfPresent(.privateSlidingWindowPattern)
            layerTypes = try c.decodeLayerTypesIfPresent(.layerTypes, layers: shared.numHiddenLayers)
            queryPreAttnScalar = try c.decodePositiveIfPresent(Double.self, forKey: .queryPreAttnScalar) ?? 256
            attnLogitSoftcapping = try c.decodePositiveIfPresent(Float.self, forKey: .attnLogitSoftcapping)
            finalLogitSoftcapping = try c.decodePositiveIfPresent(Float.self, forKey: .finalLogitSoftcapping)
        }

        public func encode(to encoder: Encoder) throws {
            try shared.encode(to: encoder)
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(ropeTheta, forKey: .ropeTheta)
            try c.encode(ropeLocalBaseFreq, forKey: .ropeLocalBaseFreq)
            try c.encodeIfPresent(ropeScaling, forKey: .ropeScaling)
            try c.encode(slidingWindow, forKey: .slidingWindow)
            try c.encodeIfPresent(slidingWindowPattern, forKey: .slidingWindowPattern)
            try c.encodeIfPresent(layerTypes, forKey: .layerTypes)
            try c.encode(queryPreAttnScalar, forKey: .queryPreAttnScalar)
            try c.encodeIfPresent(attnLogitSoftcapping, forKey: .attnLogitSoftcapping)
            try c.encodeIfPresent(finalLogitSoftcapping, forKey: .finalLogitSoftcapping)
        }

        /// From GGUF metadata, with llama.cpp's defaults for what the file leaves out.
        public init(gguf: GGUFFile) throws {
            let keys = GemmaCheckpoint.GGUFKeys(file: gguf, architecture: "gemma3")
            shared = try GemmaSharedConfiguration(gguf: keys)
            ropeTheta = Double(try keys.optionalFloat("rope.freq_base") ?? 1_000_000)
            ropeLocalBaseFreq = 10_000
            if try keys.optionalString("rope.scaling.type") == "linear", let factor = try keys.optionalFloat("rope.scaling.factor") {
                ropeScaling = RopeScaling(ropeType: "linear", factor: Double(factor))
            }
            slidingWindow = try keys.int("attention.sliding_window")
            slidingWindowPattern = try keys.optionalInt("attention.sliding_window_pattern") ?? 6
            // llama.cpp: the 27B model scales queries by (hidden / heads)^-0.5, the others by head_dim^-0.5.
            queryPreAttnScalar = Double(shared.numHiddenLayers == 62 ? shared.hiddenSize / shared.numAttentionHeads : shared.headDim)
        }

        public func decoderSpec() -> GemmaDecoderSpec {
            let pattern = slidingWindowPattern ?? 6
            let sliding = layerTypes.map { $0.map { $0 == "sliding_attention" } }
                ?? (0..<shared.numHiddenLayers).map { ($0 + 1) % pattern != 0 }
            let linear = ropeScaling.flatMap { $0.ropeType == "linear" || $0.ropeType == nil ? $0.factor : nil } ?? 1
            return shared.decoderSpec(
                defaultContextLength: 131_072, queryPreAttnScalar: queryPreAttnScalar, hasPostNorms: true, hasQueryKeyNorms: true,
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
