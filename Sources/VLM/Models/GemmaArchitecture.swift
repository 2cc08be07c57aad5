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

extension GemmaArchitecture {
    public static func load(gguf: GGUFFile) throws -> GemmaDecoder {
        try GemmaDecoder(spec: Configuration(gguf: gguf).decoderSpec(), weights: sanitize(gguf, huggingFaceNames: nil))
    }

    public static func load(huggingFaceFolder folder: String, weights: WeightSource, names: [String]) throws -> GemmaDecoder {
        let configuration = try GemmaCheckpoint.decodeConfig(Configuration.self, folder: folder)
        return try GemmaDecoder(spec: configuration.decoderSpec(), weights: sanitize(weights, huggingFaceNames: names))
    }
}
