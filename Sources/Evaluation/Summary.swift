import Foundation

/// Accuracy per family and overall, as printed after a run and in the report.
public struct Summary: Sendable {
    public struct Row: Sendable {
        public var family: String
        public var metric: String
        public var count: Int
        public var correct: Int
        public var errors: Int
        public var fallbacks: Int
        public var accuracy: Double { count > 0 ? Double(correct) / Double(count) : 0 }
    }

    public var rows: [Row]
    public var total: Row
    public var usesOracle: Bool

    public init(_ records: [ResultRecord]) {
        var byFamily: [String: Row] = [:]
        var order: [String] = []
        var total = Row(family: "all", metric: "", count: 0, correct: 0, errors: 0, fallbacks: 0)
        for r in records {
            if byFamily[r.family] == nil {
                order.append(r.family)
                byFamily[r.family] = Row(family: r.family, metric: r.metric, count: 0, correct: 0, errors: 0, fallbacks: 0)
            }
            byFamily[r.family]!.count += 1
            total.count += 1
            if r.correct { byFamily[r.family]!.correct += 1; total.correct += 1 }
            if r.error != nil && r.answer == nil { byFamily[r.family]!.errors += 1; total.errors += 1 }
            if r.fallback { byFamily[r.family]!.fallbacks += 1; total.fallbacks += 1 }
            if byFamily[r.family]!.metric != r.metric && r.metric != "none" { byFamily[r.family]!.metric = "mixed" }
        }
        rows = order.sorted().map { byFamily[$0]! }
        self.total = total
        usesOracle = records.contains(where: \.oracle)
    }

    /// A fixed-width table; the last line is `accuracy=X n=N`.
    public var text: String {
        let width = max(12, rows.map(\.family.count).max() ?? 0)
        func pad(_ s: String, _ n: Int) -> String { s.count >= n ? s : s + String(repeating: " ", count: n - s.count) }
        func line(_ r: Row) -> String {
            pad(r.family, width) + "  " + pad(r.metric, 16) + String(format: "%6d %8d %9.2f%% %7d %9d", r.count, r.correct, r.accuracy * 100, r.errors, r.fallbacks)
        }
        var out = [pad("family", width) + "  " + pad("metric", 16) + "     n  correct  accuracy  errors fallbacks"]
        out += rows.map(line)
        out.append(line(total))
        if usesOracle { out.append("(perception: oracle, reading the Shapes world's ground truth)") }
        out.append(String(format: "accuracy=%.4f n=%d", total.accuracy, total.count))
        return out.joined(separator: "\n")
    }
}
