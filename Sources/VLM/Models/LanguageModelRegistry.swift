import Foundation

/// A loaded language model with its tokenizer.
public struct LoadedLanguageModel: Sendable {
    public let model: any CausalLanguageModel
    public let tokenizer: SentencePieceTokenizer
    /// `general.architecture` or `model_type`.
    public let architecture: String
}

/// From an architecture name (GGUF `general.architecture`, HF `model_type`) to its loader.
public enum LanguageModelRegistry {
    static let ggufLoaders: [String: @Sendable (GGUFFile) throws -> any CausalLanguageModel] = [
        "gemma": { try Gemma1.load(gguf: $0) },
        "gemma2": { try Gemma2.load(gguf: $0) },
        "gemma3": { try Gemma3.load(gguf: $0) },
    ]

    public static var architectures: [String] { ggufLoaders.keys.sorted() }

    /// Loads a `.gguf` file or a Hugging Face folder (config.json, tokenizer.json, safetensors).
    public static func load(path: String) throws -> LoadedLanguageModel {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw ModelError("\(path): no such file or folder")
        }
        if isDirectory.boolValue { return try loadHuggingFace(folder: path) }
        let file = try GGUFFile(path: path)
        let architecture = try file.string("general.architecture")
        guard let loader = ggufLoaders[architecture] else {
            throw ModelError("\(path): architecture '\(architecture)' is not supported (supported: \(architectures.joined(separator: ", ")))")
        }
        let tokenizer = try SentencePieceTokenizer(gguf: file)
        let model = try loader(file)
        guard tokenizer.vocabularySize <= model.vocabularySize else {
            throw ModelError("\(path): the tokenizer has \(tokenizer.vocabularySize) tokens but the model only \(model.vocabularySize)")
        }
        return LoadedLanguageModel(model: model, tokenizer: tokenizer, architecture: architecture)
    }

    /// Only the tokenizer of a `.gguf` file or a Hugging Face folder (tokenizer.json).
    public static func loadTokenizer(path: String) throws -> SentencePieceTokenizer {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw ModelError("\(path): no such file or folder")
        }
        if isDirectory.boolValue { return try SentencePieceTokenizer(huggingFaceFolder: path) }
        return try SentencePieceTokenizer(gguf: GGUFFile(path: path))
    }

    static let huggingFaceLoaders: [String: @Sendable (String, WeightSource, [String]) throws -> any CausalLanguageModel] = [
        "gemma": { try Gemma1.load(huggingFaceFolder: $0, weights: $1, names: $2) },
        "gemma2": { try Gemma2.load(huggingFaceFolder: $0, weights: $1, names: $2) },
        "gemma3_text": { try Gemma3.load(huggingFaceFolder: $0, weights: $1, names: $2) },
        "gemma3": { try Gemma3.load(huggingFaceFolder: $0, weights: $1, names: $2) },
    ]

    static func loadHuggingFace(folder: String) throws -> LoadedLanguageModel {
        let configPath = (folder as NSString).appendingPathComponent("config.json")
        guard let data = FileManager.default.contents(atPath: configPath),
              let config = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let modelType = config["model_type"] as? String else {
            throw ModelError("\(configPath): cannot read model_type")
        }
        guard let loader = huggingFaceLoaders[modelType] else {
            throw ModelError("\(configPath): model_type '\(modelType)' is not supported (supported: \(huggingFaceLoaders.keys.sorted().joined(separator: ", ")))")
        }
        let weights = try SafetensorsCollection(directory: folder)
        let tokenizer = try SentencePieceTokenizer(huggingFaceFolder: folder)
        let model = try loader(folder, weights, weights.tensorNames)
        guard tokenizer.vocabularySize <= model.vocabularySize else {
            throw ModelError("\(folder): the tokenizer has \(tokenizer.vocabularySize) tokens but the model only \(model.vocabularySize)")
        }
        return LoadedLanguageModel(model: model, tokenizer: tokenizer, architecture: modelType)
    }
}

extension SafetensorsCollection: WeightSource {
    public var path: String { directory }
    public func contains(_ name: String) -> Bool { tensorInfo(named: name) != nil }
}
