import Tools

/// How a language model should continue a prompt.
public struct CompletionOptions: Sendable, Equatable {
    public var maxTokens: Int
    /// 0 = greedy (the most likely continuation).
    public var temperature: Double
    /// Seeds sampling, so the same seed, prompt and temperature give the same text where the
    /// model supports it.
    public var seed: UInt64
    /// Generation ends before the first of these; the stop text is not returned.
    public var stop: [String]

    public init(maxTokens: Int = 512, temperature: Double = 0, seed: UInt64 = 0, stop: [String] = []) {
        self.maxTokens = maxTokens
        self.temperature = temperature
        self.seed = seed
        self.stop = stop
    }
}

/// A text-in, text-out model: the local Gemma engine, an OpenAI-compatible endpoint, ...
/// Implementations must be safe to call from several threads at once.
public protocol LanguageModel: AnyObject, Sendable {
    /// Names the model in outputs (`openai:http://host/v1#gpt-4o`).
    var identifier: String { get }
    /// True when the model is a chat model that answers an instruction rather than continuing
    /// text; the prompt then asks for a fenced program and no stop sequences are sent.
    var isChat: Bool { get }
    func complete(_ prompt: String, options: CompletionOptions) throws -> String
}

/// Serves the tools' `llm_query`, `process_guesses` and `select_answer` with a language model.
public final class ToolControllerAdapter: ControllerModel, @unchecked Sendable {
    public let model: LanguageModel
    public let options: CompletionOptions

    public init(model: LanguageModel, options: CompletionOptions = CompletionOptions(maxTokens: 64)) {
        self.model = model
        self.options = options
    }

    public func complete(_ prompt: String) throws -> String {
        try model.complete(prompt, options: options)
    }
}
