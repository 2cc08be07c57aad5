import Agent
import ArgumentParser
import Foundation
import Tools

/// `loupe ask --image IMG "question"`: one question, answered by a program the controller writes.
struct Ask: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Answer a question about an image or a video with a program written by the controller.")

    @ArgumentParser.Argument(help: "The question (for a referring expression, the phrase; the answer is then a box).")
    var question: String

    @Option(help: "The image (PNG or JPEG).")
    var image: String?

    @Option(help: "The video: a folder of frames or a video file (decoded by ffmpeg).")
    var video: String?

    @Option(help: "Possible answers for a multiple-choice video question, separated by '|'.")
    var options: String = ""

    @Option(help: "Frame rate at which a video file is decoded.")
    var fps: Double = 4

    @Option(help: "Write a self-contained HTML trace of the answering run.")
    var trace: String?

    @Flag(help: "Also print the program and every attempt's error to stderr.")
    var verbose = false

    @Flag(help: "Print the controller's first prompt to stdout and stop (nothing is asked or run).")
    var printPrompt = false

    @OptionGroup var pipeline: PipelineOptions

    func run() throws {
        guard (image == nil) != (video == nil) else { throw ValidationError("give exactly one of --image or --video") }
        let media: AgentTask.Media = image.map { .image(path: $0) } ?? .video(path: video!, framesPerSecond: fps)
        let task = AgentTask(id: "ask", question: question, media: media,
                             options: options.isEmpty ? [] : options.components(separatedBy: "|"))
        let setup = try pipeline.agentFactory()
        let agent = try setup.make()
        if printPrompt {
            print(agent.promptBuilder.prompt(for: ProgramRequest(task: task), chat: setup.controller.languageModel?.isChat ?? false),
                  terminator: "")
            return
        }
        let result = agent.answer(task)
        if verbose {
            for (i, attempt) in result.attempts.enumerated() {
                note("attempt \(i + 1): \(attempt.stage.rawValue)\n\(attempt.program)" + (attempt.error.map { "error: \($0)" } ?? ""))
            }
        }
        if let trace, let program = result.program, let outcome = result.outcome {
            try TraceReport(program: program, path: "<program>", outcome: outcome, backend: agent.toolkit.perception.backend).write(to: trace)
        }
        if let unavailable = result.controllerUnavailable {
            note("error: \(unavailable)")
            throw ExitCode(1)
        }
        if result.perceptionIsOracle { note("note: perception by the oracle (answers read from Shapes scene files)") }
        guard let answer = result.answer else {
            note("error: no answer: \(result.error ?? "unknown failure")")
            throw ExitCode(1)
        }
        if result.usedFallback {
            note("note: FALLBACK answer (direct query of the vision backend); the programs failed: \(result.error ?? "")")
            print("\(answer) (fallback)")
        } else {
            print(answer)
        }
    }
}
