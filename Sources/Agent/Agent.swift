import Foundation
import Interpreter
import Tools

public struct AgentConfiguration: Sendable {
    /// Further programs asked for after a failed one (self-debugging rounds).
    public var maxRetries: Int
    /// When every program fails, answer with the vision backend directly (`simple_query` of the
    /// question on the whole image); such answers are marked as fallbacks.
    public var fallbackToDirectQuery: Bool
    public var limits: Limits
    public var exampleCount: Int
    /// Sampling temperature of the self-debugging rounds when the first program was decoded more
    /// coldly: greedy decoding of a prompt that differs only by the failure shown gives the failed
    /// program again. Each round has its own seed, so the rounds are reproducible.
    public var retryTemperature: Double

    public init(maxRetries: Int = 2, fallbackToDirectQuery: Bool = true, limits: Limits = .default, exampleCount: Int = 6,
                retryTemperature: Double = 0.7) {
        self.maxRetries = maxRetries
        self.fallbackToDirectQuery = fallbackToDirectQuery
        self.limits = limits
        self.exampleCount = exampleCount
        self.retryTemperature = retryTemperature
    }
}

public struct AgentResult {
    /// The answer as rendered from the program's value (yes/no, a pixel box, ...); nil = no answer.
    public var answer: String?
    /// `AnswerNormalizer.normalize(answer)`.
    public var normalizedAnswer: String? { answer.map(AnswerNormalizer.normalize) }
    /// The program that gave the answer, or the last one tried.
    public var program: String?
    public var attempts: [AgentAttempt]
    /// The answer came from the direct query of the vision backend, not from a program.
    public var usedFallback: Bool
    /// Why there is no answer (or, with a fallback answer, why the programs failed).
    public var error: String?
    /// The run of `program` (host calls, perception looks, answer boxes), when it ran.
    public var outcome: VisualProgramRun.Outcome?
    /// Perception read ground truth (the oracle): every output must say so.
    public var perceptionIsOracle: Bool
    public var seconds: Double
    /// Set when the controller could not be reached; the question was not really tried, and
    /// batch runs stop rather than record it.
    public var controllerUnavailable: ControllerUnavailable?
}

/// Answers one question at a time: asks the controller for a program, checks it statically,
/// runs it against the tools, feeds errors back for up to `maxRetries` more programs, and falls
/// back to a direct query when all fail. Not thread-safe (the toolkit's trace is per run): use
/// one agent per worker thread; controllers may be shared.
public final class Agent {
    public let controller: Controller
    public let toolkit: VisionToolkit
    public let configuration: AgentConfiguration
    public let promptBuilder: PromptBuilder
    private let registry: HostRegistry

    public init(controller: Controller, perception: Perception, examples: ExampleSource = FixedExamples.standard,
                configuration: AgentConfiguration = AgentConfiguration()) {
        self.controller = controller
        self.configuration = configuration
        toolkit = VisionToolkit(perception: perception, controller: controller.languageModel.map { ToolControllerAdapter(model: $0) })
        registry = toolkit.registry()
        // Image questions are shown the API without the video types.
        let imageRegistry = HostRegistry()
        let videoTypes = [toolkit.videoType.name, toolkit.segmentType.name]
        for type in registry.types where !videoTypes.contains(type.name) { imageRegistry.register(type) }
        for function in registry.functions { imageRegistry.register(function) }
        promptBuilder = PromptBuilder(imageAPIText: imageRegistry.renderAPIText(), videoAPIText: registry.renderAPIText(),
                                      examples: examples, exampleCount: configuration.exampleCount)
    }

    public func answer(_ task: AgentTask, temperature: Double = 0, seed: UInt64 = 0, allowFallback: Bool? = nil) -> AgentResult {
        let start = Date()
        var result = AgentResult(answer: nil, program: nil, attempts: [], usedFallback: false, error: nil, outcome: nil,
                                 perceptionIsOracle: toolkit.perception.backend.isOracle, seconds: 0,
                                 controllerUnavailable: nil)
        if let problem = mediaProblem(task.media) {
            result.error = problem
            result.seconds = Date().timeIntervalSince(start)
            return result
        }
        for attempt in 0...max(0, configuration.maxRetries) {
            let request = ProgramRequest(task: task, attempt: attempt, failures: result.attempts,
                                         temperature: attempt == 0 ? temperature : max(temperature, configuration.retryTemperature),
                                         seed: seed &+ UInt64(attempt))
            let step = runOnce(request)
            result.attempts.append(step.attempt)
            if !step.attempt.program.isEmpty { result.program = step.attempt.program }
            if step.outcome != nil { result.outcome = step.outcome }
            if step.attempt.stage == .succeeded {
                result.answer = step.outcome?.answer
                result.error = nil
                result.seconds = Date().timeIntervalSince(start)
                return result
            }
            result.error = "attempt \(attempt + 1) (\(step.attempt.stage.rawValue)): \(step.attempt.error ?? "failed")"
            if let unavailable = step.unavailable {
                result.controllerUnavailable = unavailable
                result.seconds = Date().timeIntervalSince(start)
                return result
            }
            if step.fatal { break }
        }
        if allowFallback ?? configuration.fallbackToDirectQuery {
            do {
                result.answer = try directQuery(task)
                result.usedFallback = true
            } catch {
                result.error = (result.error.map { $0 + "; " } ?? "") + "fallback query failed: \(error)"
            }
        }
        result.seconds = Date().timeIntervalSince(start)
        return result
    }

    private struct Step {
        var attempt: AgentAttempt
        var outcome: VisualProgramRun.Outcome?
        /// Retrying cannot help (the media cannot be opened).
        var fatal = false
        var unavailable: ControllerUnavailable?
    }

    private func runOnce(_ request: ProgramRequest) -> Step {
        let task = request.task
        let reply: String
        let chat = controller.languageModel?.isChat ?? false
        do {
            let prompt = controller.needsPrompt ? promptBuilder.prompt(for: request, chat: chat) : ""
            reply = try controller.reply(to: request, prompt: prompt)
        } catch let error as ControllerUnavailable {
            return Step(attempt: AgentAttempt(program: "", stage: .controller, error: "\(error)"), fatal: true, unavailable: error)
        } catch {
            // A controller with no program for this question will not have one on the next round.
            return Step(attempt: AgentAttempt(program: "", stage: .controller, error: "\(error)"), fatal: true)
        }
        let program: String
        do {
            program = try CodeExtractor.program(from: reply, signature: task.signature,
                                                bodyStart: controller.needsPrompt ? promptBuilder.bodyStart(for: task, chat: chat) : "")
        } catch {
            let shown = reply.count > 300 ? String(reply.prefix(300)) + "…" : reply
            return Step(attempt: AgentAttempt(program: "", stage: .controller, error: "\(error); the reply was: \(shown)"))
        }
        let findings = Checker.check(program, registry: registry)
        if !findings.isEmpty {
            return Step(attempt: AgentAttempt(program: program, stage: .check,
                                              error: findings.map { "\($0.kind) at line \($0.location): \($0.message)" }.joined(separator: "\n")))
        }
        if !program.contains("def execute_command") {
            return Step(attempt: AgentAttempt(program: program, stage: .check, error: "the program does not define execute_command"))
        }
        let media: VisualProgramRun.Media
        switch task.media {
        case .image(let path): media = .image(path)
        case .video(let path, let rate): media = .video(path, framesPerSecond: rate, question: task.question, options: task.options)
        }
        let outcome: VisualProgramRun.Outcome
        do {
            outcome = try VisualProgramRun(toolkit: toolkit, limits: configuration.limits)
                .run(source: program, path: "<program \(task.id)>", media: media)
        } catch {
            return Step(attempt: AgentAttempt(program: program, stage: .run, error: "cannot open \(task.media.path): \(error)"), fatal: true)
        }
        if let error = outcome.error {
            return Step(attempt: AgentAttempt(program: program, stage: .run, error: Agent.feedback(error, calls: outcome.calls)),
                        outcome: outcome)
        }
        var returnedNone = false
        if case .none? = outcome.value { returnedNone = true }
        guard let answer = outcome.answer, !answer.isEmpty, !returnedNone else {
            let returned = outcome.value.map { $0.pythonRepr } ?? "nothing"
            return Step(attempt: AgentAttempt(program: program, stage: .run, error: "execute_command returned \(returned), not an answer"),
                        outcome: outcome)
        }
        return Step(attempt: AgentAttempt(program: program, stage: .succeeded), outcome: outcome)
    }

    /// The error and the host calls just before it, as the controller is shown them.
    static func feedback(_ error: RunError, calls: [TraceEvent]) -> String {
        var text = error.traceback
        let recent = calls.suffix(8)
        if !recent.isEmpty {
            text += "\nHost calls before the error (most recent last):"
            for call in recent {
                let result = call.error.map { "raised \($0)" } ?? String(call.result.prefix(120))
                text += "\n  line \(call.line): \(call.callee)(\(call.arguments.joined(separator: ", "))) -> \(result)"
            }
        }
        return text
    }

    private func mediaProblem(_ media: AgentTask.Media) -> String? {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: media.path, isDirectory: &isDirectory) else {
            return "\(media.isVideo ? "video" : "image") \(media.path): no such file"
        }
        if !media.isVideo && isDirectory.boolValue { return "image \(media.path) is a folder, not an image file" }
        return nil
    }

    /// `simple_query(question)` on the whole image; for a video, the oracle's multiple-choice
    /// pick when there are options, else a query of the middle frame.
    private func directQuery(_ task: AgentTask) throws -> String {
        let perception = toolkit.perception
        switch task.media {
        case .image(let path):
            let view = try ImageView(source: SourceImage(path: path))
            return try perception.answer(PerceptionInput(image: view.source, region: view.region), question: task.question)
        case .video(let path, let rate):
            let video = try VideoSource.open(path, framesPerSecond: rate)
            if !task.options.isEmpty, perception.capabilities.contains(.videoChoice) {
                return try perception.chooseForVideo(frames: video.frames, question: task.question, options: task.options)
            }
            let frame = video.frames[video.frames.count / 2]
            let view = try ImageView(source: frame)
            return try perception.answer(PerceptionInput(image: view.source, region: view.region), question: task.question)
        }
    }
}
