/// Gemma (1): pre-norm blocks (one norm before attention, one before the MLP), full causal
/// attention on every layer, RoPE base 10k, queries scaled by head_dim^-0.5, tied output head.
public enum Gemma1: GemmaArchitecture {
    /// Mirrors config.json (`model_type` "gemma").
    public struct Configuration: GemmaConfiguration, Sendable, Equatable {
        public var shared: GemmaSharedConfiguration
        public var ropeTheta: Double

        enum CodingKeys: String, CodingKey {
            case ropeTheta = "rope_theta"
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
        }

        public func encode(to encoder: Encoder) throws {
            try shared.encode(to: encoder)
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(ropeTheta, forKey: .ropeTheta)
        }

        public init(gguf: GGUFFile) throws {
            let keys = GemmaCheckpoint.GGUFKeys(file: gguf, architecture: "gemma")
            shared = try GemmaSharedConfiguration(gguf: keys)
            ropeTheta = Double(try keys.optionalFloat("rope.freq_base") ?? 10_000)
        }

        public func decoderSpec() -> GemmaDecoderSpec {
            shared.decoderSpec(
                defaultContextLength: 8192, queryPreAttnScalar: Double(shared.headDim),
                hasPostNorms: false, hasQueryKeyNorms: false, attentionSoftCap: nil, finalSoftCap: nil,
                layers: Array(repeating: .init(slidingWindow: nil, ropeBase: ropeTheta, ropeScale: 1), count: shared.numHiddenLayers))
        }
    }

    /// GGUF norms hold 1 + w; Hugging Face norms hold w, and Gemma 1's `post_attention_layernorm`
    /// is the norm before the MLP (GGUF's ffn_norm), not a norm after attention.
    public static func sanitize(_ source: WeightSource, huggingFaceNames: [String]?) -> WeightSource {
        guard let names = huggingFaceNames else { return source }
        return GemmaHuggingFaceWeights(source, names: names, gemma1PostNormIsFeedForwardNorm: true)
    }
}
