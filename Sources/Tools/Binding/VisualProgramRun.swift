import Foundation
import Interpreter

/// Runs a program that defines `execute_command(image)` or
/// `execute_command(video, question, possible_answers)` against the vision API.
public struct VisualProgramRun {
    public enum Media {
        case image(String)
        case video(String, framesPerSecond: Double?, question: String, options: [String])
    }

    public struct Outcome {
        /// The answer as the CLI prints it; nil when the run failed.
        public var answer: String?
        public var value: Value?
        public var error: RunError?
        public var output: String
        /// Host calls of `execute_command` (the interpreter's records).
        public var calls: [TraceEvent]
        /// Perception requests with their crops and boxes.
        public var looks: [ToolTrace.Look]
        /// Pixel boxes of the answer (an ImagePatch answer or patches in a list), for drawing.
        public var answerBoxes: [(SourceImage, BoundingBox)]
    }

    public let toolkit: VisionToolkit
    public let limits: Limits

    public init(toolkit: VisionToolkit, limits: Limits = .default) {
        self.toolkit = toolkit
        self.limits = limits
    }

    public func run(source: String, path: String, media: Media, output: ((String) -> Void)? = nil) throws -> Outcome {
        let interpreter = Interpreter(registry: toolkit.registry(), limits: limits)
        let defined = interpreter.run(source: source, path: path, output: output)
        if let error = defined.error {
            return Outcome(answer: nil, value: nil, error: error, output: defined.output, calls: defined.trace, looks: [], answerBoxes: [])
        }
        let arguments: [Value]
        switch media {
        case .image(let imagePath):
            let image = SourceImage(path: imagePath)
            arguments = [toolkit.value(try ImageView(source: image))]
        case .video(let videoPath, let rate, let question, let options):
            let video = try VideoSource.open(videoPath, framesPerSecond: rate)
            arguments = [toolkit.value(video), .str(question), .makeList(options.map { .str($0) })]
        }
        toolkit.trace.reset()
        let result = interpreter.call("execute_command", arguments, output: output)
        let looks = toolkit.trace.looks
        guard let value = result.value, result.error == nil else {
            return Outcome(answer: nil, value: nil, error: result.error, output: defined.output + result.output, calls: result.trace,
                           looks: looks, answerBoxes: [])
        }
        return Outcome(answer: VisualProgramRun.render(value), value: value, error: nil, output: defined.output + result.output,
                       calls: result.trace, looks: looks, answerBoxes: VisualProgramRun.boxes(in: value))
    }

    /// str as is, bool as yes/no, an ImagePatch as its pixel box `[x_min, y_min, x_max, y_max]`,
    /// anything else as Python's str().
    public static func render(_ value: Value) -> String {
        switch value {
        case .str(let s): return s
        case .bool(let b): return b ? "yes" : "no"
        case .host(let h):
            if let p = h.payload as? Patch { return p.box.json }
            return value.pythonStr
        case .list, .tuple:
            let items = value.sequenceItems ?? []
            if !items.isEmpty, items.allSatisfy({ $0.hostObject?.payload is Patch }) {
                return "[" + items.map { render($0) }.joined(separator: ", ") + "]"
            }
            return value.pythonStr
        default: return value.pythonStr
        }
    }

    static func boxes(in value: Value) -> [(SourceImage, BoundingBox)] {
        if let p = value.hostObject?.payload as? Patch { return [(p.view.source, p.box)] }
        return (value.sequenceItems ?? []).flatMap { boxes(in: $0) }
    }
}
