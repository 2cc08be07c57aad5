import Agent
import Foundation

/// What a question's right answer is, typed so that each gets the right metric.
public enum GroundTruth: Sendable, Equatable {
    case text(String)
    case number(Double)
    case bool(Bool)
    /// `[x_min, y_min, x_max, y_max]` in pixels (COCO boxes converted from x, y, w, h).
    case box([Double])
    /// Index into the item's options and the option's text.
    case choice(index: Int, text: String)

    /// The metric this answer is scored with.
    public var metric: Metric {
        switch self {
        case .text, .number, .bool: return .exactMatch
        case .box: return .boxIoU
        case .choice: return .multipleChoice
        }
    }

    /// As written into results and reports.
    public var rendered: String {
        switch self {
        case .text(let s): return s
        case .number(let n): return n == n.rounded() && abs(n) < 1e15 ? String(Int64(n)) : String(n)
        case .bool(let b): return b ? "yes" : "no"
        case .box(let b): return "[" + b.map { $0 == $0.rounded() ? String(Int64($0)) : String($0) }.joined(separator: ", ") + "]"
        case .choice(_, let text): return text
        }
    }
}

public enum Metric: String, Sendable, Codable, CaseIterable {
    /// Normalized exact match (AnswerNormalizer on both sides).
    case exactMatch = "exact_match"
    /// IoU of the predicted and true box at least 0.5.
    case boxIoU = "box_iou@0.5"
    /// The chosen option is the right one.
    case multipleChoice = "multiple_choice"
}

/// One question of a dataset, in any of the supported formats.
public struct EvalItem: Sendable {
    public var id: String
    public var family: String
    public var question: String
    public var media: AgentTask.Media
    public var truth: GroundTruth
    public var options: [String]
    /// The dataset's ground-truth program, if it has one (the Shapes world does).
    public var program: String?
    /// 1-based line of the item in the dataset file (0 when the format has no lines).
    public var line: Int

    public var task: AgentTask {
        AgentTask(id: id, question: question, media: media, options: options, referenceProgram: program)
    }
}

/// A line (or entry) of a dataset that could not be read; it becomes an error result.
public struct DatasetProblem: Sendable, Equatable, CustomStringConvertible {
    /// The question id, when it could be read; else `FILE:LINE`.
    public var id: String
    public var line: Int
    public var message: String

    public var description: String { message }
}

public struct Dataset: Sendable {
    public var path: String
    public var format: DatasetFormat
    public var items: [EvalItem]
    public var problems: [DatasetProblem]
}
