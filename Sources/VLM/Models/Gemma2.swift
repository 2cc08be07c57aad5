/// Gemma 2: four norms per block (before and after attention and the MLP), attention scores and
/// final logits soft-capped with tanh, sliding-window attention on every other layer (starting
/// with the first), queries scaled by query_pre_attn_scalar^-0.5.
public enum Gemma2: GemmaArchitecture {
    /// Mirrors config.json (`model_type` "gemma2").
    public struct Configuration: GemmaConfiguration, Sendable, Equatable {
        public var shared: GemmaSharedConfiguration
        public var ropeTheta: Double
        public var slidingWindow: Int
        public var queryPreAttnScalar: Double
        public var attnLogitSoftcapping: Float?
        public var finalLogitSoftcapping: Float?
        /// "sliding_attention" / "full_attention" per layer; absent in older configs (even layers slide).
        public var layerTypes: [String]?

        enum CodingKeys: String, CodingKey {
            case ropeTheta = "rope_theta", slidingWindow = "sliding_window", queryPreAttnScalar = "query_pre_attn_scalar"
            case attnLogitSoftcapping = "attn_logit_softcapping", finalLogitSoftcapping = "final_logit_softcapping"
            case layerTypes = "layer_types"
        }

        /// Read but not written back: folded into the fields above.
        enum AlternativeKeys: String, CodingKey {
            case ropeParameters = "rope_parameters"
        }

        public init(from decoder: Decoder) throws {
            shared = try GemmaSharedConfiguration(from: decoder)
            let c = try decoder.container(keyedBy: CodingKeys.self)
            let rope = try decoder.container(keyedBy: AlternativeKeys.self)
                .decodeIfPresent(RopeParametersField.self, forKey: .ropeParameters)?.parameters(for: "full_attention")
            ropeTheta = try c.decodePositiveIfPresent(Double.self, forKey: .ropeTheta) ?? rope?.ropeTheta ?? 10_000
            slidingWindow = try c.decodeSizeIfPresent(.slidingWindow) ?? 4096
            queryPreAttnScalar = try c.decodePositiveIfPresent(Double.self, forKey: .queryPreAttnScalar) ?? 256
            attnLogitSoftcapping = try c.decodePositiveIfPresent(Float.self, forKey: .attnLogitSoftcapping)
            finalLogitSoftcapping = try c.decodePositiveIfPresent(Float.self, forKey: .finalLogitSoftcapping)
            layerTypes = try c.decodeLayerTypesIfPresent(.layerTypes, layers: shared.numHiddenLayers)
        }

        public func encode(to encoder: Encoder) throws {
            try shared.encode(to: encoder)
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(ropeTheta, forKey: .ropeTheta)
            try c.encode(slidingWindow, forKey: .slidingWindow)
            try c.encode(queryPreAttnScalar, forKey: .queryPreAttnScalar)
            try c.encodeIfPresent(attnLogitSoftcapping, forKey: .attnLogitSoftcapping)
            try c.encodeIfPresent(finalLogitSoftcapping, forKey: .finalLogitSoftcapping)
            try c.encodeIfPresent(layerTypes, forKey: .layerTypes)
        }

        public init(gguf: GGUFFile) throws {
            let keys = GemmaCheckpoint.GGUFKeys(file: gguf, architecture: "gemma2")
            shared = try GemmaSharedConfiguration(gguf: keys)
            ropeTheta = Double(try keys.optionalFloat("rope.freq_base") ?? 10_000)
            slidingWindow = try keys.optionalInt("attention.sliding_window") ?? 4096
            // llama.cpp: the 27B model (46 layers) scales queries by (hidden / heads)^-0.5.
            queryPreAttnScalar = Double(shared.numHiddenLayers == 46 ? shared.hiddenSize / shared.numAttentionHeads : shared.headDim)
            attnLogitSoftcapping = try keys.optionalFloat("attn_logit_softcapping") ?? 50
            finalLogitSoftcapping = try keys.optionalFloat("final_logit_softcapping") ?? 30
        }

        public func decoderSpec() -> GemmaDecoderSpec {
            shared.decoderSpec(
                defaultContextLength: 8192, queryPreAttnScalar: queryPreAttnScalar, hasPostNorms: true, hasQueryKeyNorms: false,
                attentionSoftCap: attnLogitSoftcapping, finalSoftCap: finalLogitSoftcapping,
                layers: (0..<shared.numHiddenLayers).map { index in
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
