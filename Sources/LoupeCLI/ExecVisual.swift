import ArgumentParser
import Foundation
import Interpreter
import Tools

/// The options of `loupe exec` that run a visual program: `execute_command(image)` with
/// `--image`, or `execute_command(video, question, possible_answers)` with `--video`.
struct VisualExecOptions: ParsableArguments {
    @Option(help: "Run execute_command(image) on this PNG/JPEG and print the answer.")
    var image: String?

    @Option(help: "Run execute_command(video, question, possible_answers) on this folder of frames or video file.")
    var video: String?

    @Option(help: "The question passed to execute_command for --video.")
    var question: String = ""

    @Option(help: "The possible answers for --video, separated by '|'.")
    var options: String = ""

    @Option(help: "Frame rate at which a video file is decoded (ffmpeg).")
    var fps: Double = 4

    @Option(help: "Perception backend: \(BackendSpec.help).")
    var vision: String = "oracle"

    @Option(help: "Seconds a remote backend may take per request.")
    var visionTimeout: Double = 60

    @Option(help: "Append one JSON line per model request of a paligemma backend: prompt, prompt token ids, output tokens, their probabilities, text, crop.")
    var visionLog: String?

    @Option(help: "Write a self-contained HTML trace (program, per-line results, images with boxes) and a PNG of the answer's boxes beside it.")
    var trace: String?

    @Option(help: "Perception cache file (SQLite); default $LOUPE_CACHE or ~/.cache/loupe/perception.sqlite.")
    var cache: String?

    @Flag(help: "Do not use the perception cache.")
    var noCache = false

    @Option(help: "Detections scoring below this are dropped.")
    var detectThreshold: Double = DetectionParameters.default.scoreThreshold

    @Option(help: "Non-maximum suppression: a detection overlapping a better one by more than this IoU is dropped.")
    var nmsIou: Double = DetectionParameters.default.nmsIoUThreshold

    var isRequested: Bool { image != nil || video != nil }

    /// A writer of one JSON object per line, appended to `path` (created if missing).
    static func appendingJSONLines(to path: String) throws -> (PaliGemmaExchange) -> Void {
        if !FileManager.default.fileExists(atPath: path) {
            guard FileManager.default.createFile(atPath: path, contents: nil) else {
                throw ToolError.badInput("--vision-log: cannot create \(path)")
            }
        }
        guard let handle = FileHandle(forWritingAtPath: path) else { throw ToolError.badInput("--vision-log: cannot write \(path)") }
        handle.seekToEndOfFile()
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return { exchange in
            // A record that cannot be encoded is left out rather than failing the run it describes.
            guard let line = try? encoder.encode(exchange) else { return }
            handle.write(line + Data("\n".utf8))
        }
    }

    /// Runs the program and prints the answer; throws ExitCode(1) after printing an error.
    func run(file: String, source: String, limits: Limits) throws {
        if image != nil && video != nil { throw ValidationError("give either --image or --video, not both") }
        do {
            let backend = try BackendSpec.make(vision, timeoutSeconds: visionTimeout)
            if let visionLog {
                guard let local = backend as? PaliGemmaBackend else {
                    throw ToolError.badInput("--vision-log records the requests of a paligemma:DIR backend, not of \(vision)")
                }
                local.transcript = try Self.appendingJSONLines(to: visionLog)
            }
            if backend.isOracle {
                FileHandle.standardError.write(Data("note: perception by the oracle (answers read from Shapes scene files, not seen by a model)\n".utf8))
            }
            let store = noCache ? nil : try PerceptionCache(path: cache ?? PerceptionCache.defaultPath)
            let perception = Perception(backend: backend, cache: store,
                                        detection: DetectionParameters(scoreThreshold: detectThreshold, nmsIoUThreshold: nmsIou))
            let runner = VisualProgramRun(toolkit: VisionToolkit(perception: perception), limits: limits)
            let media: VisualProgramRun.Media
            if let image {
                media = .image(image)
            } else {
                let choices = options.isEmpty ? [] : options.components(separatedBy: "|")
                media = .video(video!, framesPerSecond: fps, question: question, options: choices)
            }
            let outcome = try runner.run(source: source, path: file, media: media) { text in
                FileHandle.standardOutput.write(Data(text.utf8))
            }
            if let trace {
                try TraceReport(program: source, path: file, outcome: outcome, backend: backend).write(to: trace)
            }
            if ProcessInfo.processInfo.environment["LOUPE_REPORT_BACKEND_CALLS"] == "1" {
                FileHandle.standardError.write(Data("backend calls: \(perception.backendCalls)\n".utf8))
            }
            if let error = outcome.error {
                FileHandle.standardError.write(Data((error.traceback + "\n").utf8))
                // The checker's findings against this backend's API often say more (close names).
                let findings = Checker.check(source, registry: runner.toolkit.registry())
                for finding in findings { FileHandle.standardError.write(Data("check: \(finding)\n".utf8)) }
                throw ExitCode(1)
            }
            print(outcome.answer ?? "None")
        } catch let error as CustomStringConvertible {
            // Tool, image and cache errors name what failed and where; ExitCode passes through.
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            throw ExitCode(1)
        }
    }
}
