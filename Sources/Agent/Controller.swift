/// What the agent asks a controller for: a program for one question, possibly after failed
/// attempts whose programs and errors the controller may use to write a better one.
public struct ProgramRequest: Sendable {
    public var task: AgentTask
    /// 0 for the first program; self-debugging rounds count up.
    public var attempt: Int
    /// Earlier attempts at this question, oldest first.
    public var failures: [AgentAttempt]
    /// Sampling for controllers that sample (ICLGen asks for several programs per question).
    public var temperature: Double
    public var seed: UInt64

    public init(task: AgentTask, attempt: Int = 0, failures: [AgentAttempt] = [], temperature: Double = 0, seed: UInt64 = 0) {
        self.task = task
        self.attempt = attempt
        self.failures = failures
        self.temperature = temperature
        self.seed = seed
    }
}

/// Writes programs. The reply is raw text; the agent extracts the program from it.
public protocol Controller: AnyObject, Sendable {
    /// `truth`, `replay:FILE`, `openai:URL#model`, ...
    var name: String { get }
    /// The language model behind it, if any: it also serves the tools' `llm_query` and
    /// `select_answer`.
    var languageModel: LanguageModel? { get }
    /// Whether `reply` reads `prompt`; controllers that don't save the agent building one.
    var needsPrompt: Bool { get }
    func reply(to request: ProgramRequest, prompt: String) throws -> String
}

/// The dataset's own ground-truth program (the `program` field); for checking the reasoning
/// layer and the tools, never a model.
public final class TruthController: Controller {
    public let name = "truth"
    public var languageModel: LanguageModel? { nil }
    public let needsPrompt = false

    public init() {}

    public func reply(to request: ProgramRequest, prompt: String) throws -> String {
        guard let program = request.task.referenceProgram, !program.isEmpty else {
            throw AgentError("controller truth: question \(request.task.id) has no ground-truth program in the dataset")
        }
        return program
    }
}

/// Asks a language model with the agent's prompt (API text, examples, question, earlier errors).
public final class ModelController: Controller, @unchecked Sendable {
    public let model: LanguageModel
    public let maxTokens: Int
    public var name: String { model.identifier }
    public var languageModel: LanguageModel? { model }
    public let needsPrompt = true

    public init(model: LanguageModel, maxTokens: Int = 512) {
        self.model = model
        self.maxTokens = maxTokens
    }

    public func reply(to request: ProgramRequest, prompt: String) throws -> String {
        let stop = model.isChat ? [] : PromptBuilder.completionStops
        let options = CompletionOptions(maxTokens: maxTokens, temperature: request.temperature, seed: request.seed, stop: stop)
        return try model.complete(prompt, options: options)
    }
}
