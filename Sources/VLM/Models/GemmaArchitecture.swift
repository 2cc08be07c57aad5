/// What one Gemma generation contributes: its configuration and its checkpoint quirks. Loading
/// from GGUF or a Hugging Face folder is the same for all of them.
public protocol GemmaArchitecture {
    associatedtype Configuration: GemmaConfiguration
    /// Every checkpoint quirk of the architecture, applied to the weights as read from the file;
    /// `huggingFaceNames` is nil for GGUF.
    static func sanitize(_ source: WeightSource, huggingFaceNames: [String]?) -> WeightSource
}

/// A configuration read from GGUF metadata or a Hugging Face `config.json`.
public protocol GemmaConfiguration: Decodable {
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
        return try GemmaDecoder(spec: spec, weights: sanitize(gguf, huggingFaceNames: nil))
    }

    public static func load(huggingFaceFolder folder: String, weights: WeightSource, names: [String]) throws -> GemmaDecoder {
        var spec = try GemmaCheckpoint.decodeConfig(Configuration.self, folder: folder).decoderSpec()
        spec.roundsLikeLlamaCpp = false
        return try GemmaDecoder(spec: spec, weights: sanitize(weights, huggingFaceNames: names))
    }
}
