import Agent
import Foundation

/// One line of the results JSONL: everything needed to score, report and resume.
public struct ResultRecord: Codable, Sendable, Equatable {
    public var id: String
    public var family: String
    public var question: String
    /// Image or video path.
    public var media: String
    public var groundTruth: String
    public var options: [String]?
    /// The rendered answer; nil when there is none.
    public var answer: String?
    public var normalizedAnswer: String?
    public var correct: Bool
    public var metric: String
    public var iou: Double?
    public var program: String?
    /// Programs tried (1 = the first one worked).
    public var attempts: Int
    public var attemptErrors: [String]
    /// The answer is a direct query of the vision backend, not a program's.
    public var fallback: Bool
    /// Why there is no (program) answer: a bad dataset line, a missing image, failed programs.
    public var error: String?
    /// Perception read ground truth (the Shapes oracle).
    public var oracle: Bool
    public var controller: String
    public var vision: String
    public var seconds: Double
    /// Trace file (HTML) of the run.
    public var trace: String?

    enum CodingKeys: String, CodingKey {
        case id, family, question, media, options, answer, correct, metric, iou, program, attempts, fallback, error, oracle
        case controller, vision, seconds, trace
        case groundTruth = "ground_truth"
        case normalizedAnswer = "normalized_answer"
        case attemptErrors = "attempt_errors"
    }

    private static let encoder: JSONEncoder = {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return e
    }()

    public var jsonLine: String {
        // Encoding plain strings, numbers and bools cannot fail.
        String(decoding: try! ResultRecord.encoder.encode(self), as: UTF8.self)
    }

    public static func parse(_ line: String) -> ResultRecord? {
        try? JSONDecoder().decode(ResultRecord.self, from: Data(line.utf8))
    }
}
