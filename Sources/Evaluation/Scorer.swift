import Agent
import Foundation

/// Scores a predicted answer against the ground truth with the metric its type calls for.
public enum Scorer {
    public struct Score: Sendable, Equatable {
        public var correct: Bool
        public var metric: Metric
        /// For boxes: the IoU of the predicted box (0 when no box could be read).
        public var iou: Double?
    }

    public static let iouThreshold = 0.5

    public static func score(_ prediction: String?, against truth: GroundTruth) -> Score {
        guard let prediction else {
            return Score(correct: false, metric: truth.metric, iou: truth.metric == .boxIoU ? 0 : nil)
        }
        let predicted = AnswerNormalizer.normalize(prediction)
        switch truth {
        case .text(let t):
            return Score(correct: predicted == AnswerNormalizer.normalize(t), metric: .exactMatch)
        case .number(let n):
            if let value = Double(predicted) { return Score(correct: value == n, metric: .exactMatch) }
            return Score(correct: false, metric: .exactMatch)
        case .bool(let b):
            return Score(correct: predicted == (b ? "yes" : "no"), metric: .exactMatch)
        case .box(let t):
            guard let p = box(in: prediction) else { return Score(correct: false, metric: .boxIoU, iou: 0) }
            let iou = intersectionOverUnion(p, t)
            return Score(correct: iou >= iouThreshold, metric: .boxIoU, iou: iou)
        case .choice(_, let text):
            return Score(correct: predicted == AnswerNormalizer.normalize(text), metric: .multipleChoice)
        }
    }

    /// The first four numbers of a box answer (`[x_min, y_min, x_max, y_max]`); a list of boxes
    /// counts by its first box.
    static func box(in text: String) -> [Double]? {
        var numbers: [Double] = []
        var current = ""
        for c in text + " " {
            if c.isNumber || c == "." || (c == "-" && current.isEmpty) {
                current.append(c)
            } else {
                if let n = Double(current) { numbers.append(n) }
                current = ""
                if numbers.count == 4 { break }
            }
        }
        guard numbers.count == 4, numbers[2] > numbers[0], numbers[3] > numbers[1] else { return nil }
        return numbers
    }

    static func intersectionOverUnion(_ a: [Double], _ b: [Double]) -> Double {
        let w = max(0, min(a[2], b[2]) - max(a[0], b[0]))
        let h = max(0, min(a[3], b[3]) - max(a[1], b[1]))
        let intersection = w * h
        let union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - intersection
        return union > 0 ? intersection / union : 0
    }
}
