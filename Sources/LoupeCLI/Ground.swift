import Agent
import ArgumentParser
import Foundation
import Tools

/// `loupe ground --image IMG "phrase"`: the box of the object a referring expression names.
struct Ground: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Find the box of the object a phrase refers to; prints it as JSON [x_min, y_min, x_max, y_max] (pixels, max exclusive).")

    @ArgumentParser.Argument(help: "The referring expression, e.g. \"the red circle left of the large square\".")
    var phrase: String

    @Option(help: "The image (PNG or JPEG).")
    var image: String

    @Option(help: "Write the image with the box drawn in red to this PNG.")
    var out: String?

    @Option(help: "Write a self-contained HTML trace of the run.")
    var trace: String?

    @OptionGroup var pipeline: PipelineOptions

    func run() throws {
        let setup = try pipeline.agentFactory()
        let agent = try setup.make()
        // A grounding question asks for the region, so programs return an ImagePatch.
        let task = AgentTask(id: "ground", question: phrase, media: .image(path: image))
        let result = agent.answer(task, allowFallback: false)
        if let unavailable = result.controllerUnavailable {
            note("error: \(unavailable)")
            throw ExitCode(1)
        }
        guard let outcome = result.outcome, result.answer != nil, let program = result.program else {
            note("error: no box: \(result.error ?? "unknown failure")")
            throw ExitCode(1)
        }
        let report = TraceReport(program: program, path: "<program>", outcome: outcome, backend: agent.toolkit.perception.backend)
        if let trace { try report.write(to: trace) }
        guard let box = outcome.answerBoxes.first?.1 else {
            note("error: the program answered '\(result.answer ?? "")', not a region (ImagePatch)")
            throw ExitCode(1)
        }
        if let out {
            guard let png = try report.answerImage() else { throw ValidationError("could not draw the box") }
            try Data(png).write(to: URL(fileURLWithPath: out))
        }
        if result.perceptionIsOracle { note("note: perception by the oracle (answers read from Shapes scene files)") }
        print("{\"box\": \(box.json), \"image\": \(jsonString(image))}")
    }

    private func jsonString(_ s: String) -> String {
        String(decoding: try! JSONSerialization.data(withJSONObject: [s], options: [.withoutEscapingSlashes]), as: UTF8.self)
            .dropFirst().dropLast().description
    }
}
