import Agent
import Evaluation
import Foundation
import Interpreter
import Tools

/// Self-tuning of the tools' exposed thresholds: a grid search over the detection score and NMS
/// IoU thresholds. At each grid point every distinct program sampled for a labeled question (the
/// store's `candidates`) is run again and scored against the label; the point with the highest
/// accuracy wins (ties go to the default parameters, then to grid order). Perception results are
/// cached before thresholding, so with a persistent cache only the first point calls the model.
public enum ParameterTuner {
    public static let settingKey = "tuning.detection"

    public struct Point: Codable, Sendable, Equatable {
        public var parameters: DetectionParameters
        public var correct: Int
        public var runs: Int
        public var accuracy: Double { runs > 0 ? Double(correct) / Double(runs) : 0 }
    }

    public struct Result: Codable, Sendable, Equatable {
        public var chosen: DetectionParameters
        public var grid: [Point]
        /// Labeled questions and programs the search ran on.
        public var questions: Int
        public var programs: Int
    }

    public static let defaultGrid: [DetectionParameters] = [0.1, 0.2, 0.3, 0.4, 0.5].flatMap { score in
        [0.3, 0.5, 0.7].map { DetectionParameters(scoreThreshold: score, nmsIoUThreshold: $0) }
    }

    public static func tune(store: ICEStore, dataset: Dataset, grid: [DetectionParameters] = defaultGrid, limits: Limits = .default,
                            makeToolkit: (DetectionParameters) throws -> VisionToolkit) throws -> Result {
        let items = Dictionary(dataset.items.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        var runs: [(item: EvalItem, program: String)] = []
        var seen = Set<String>()
        for (id, candidate) in try store.candidates() {
            guard let item = items[id], seen.insert(id + "\u{1F}" + ProgramText.normalized(candidate.program)).inserted else { continue }
            runs.append((item, candidate.program))
        }
        var points: [Point] = []
        for parameters in grid {
            let toolkit = try makeToolkit(parameters)
            let runner = VisualProgramRun(toolkit: toolkit, limits: limits)
            var correct = 0
            for run in runs {
                let media: VisualProgramRun.Media
                switch run.item.media {
                case .image(let path): media = .image(path)
                case .video(let path, let rate):
                    media = .video(path, framesPerSecond: rate, question: run.item.question, options: run.item.options)
                }
                let answer = (try? runner.run(source: run.program, path: "<tuning \(run.item.id)>", media: media))?.answer
                if Scorer.score(answer, against: run.item.truth).correct { correct += 1 }
            }
            points.append(Point(parameters: parameters, correct: correct, runs: runs.count))
        }
        let best = points.map(\.correct).max() ?? 0
        let chosen = points.first { $0.correct == best && $0.parameters == .default }?.parameters
            ?? points.first { $0.correct == best }?.parameters ?? .default
        let result = Result(chosen: chosen, grid: points, questions: Set(runs.map(\.item.id)).count, programs: runs.count)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        try store.setSetting(settingKey, String(decoding: try encoder.encode(result), as: UTF8.self))
        return result
    }
}
