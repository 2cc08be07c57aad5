import Foundation

/// `loupe eval merge`: joins the results files of several shards into one, each question once.
public enum ResultsMerge {
    public struct Outcome {
        public var records: [ResultRecord]
        /// Ids found in more than one input with different answers (the first is kept).
        public var conflicts: [String]
    }

    public static func merge(_ paths: [String]) throws -> Outcome {
        var seen: [String: ResultRecord] = [:]
        var records: [ResultRecord] = []
        var conflicts: [String] = []
        for path in paths {
            guard FileManager.default.fileExists(atPath: path) else { throw EvaluationError("results \(path): no such file") }
            for record in try ResultsFile.read(path).records {
                if let earlier = seen[record.id] {
                    if earlier.answer != record.answer || earlier.correct != record.correct { conflicts.append(record.id) }
                    continue
                }
                seen[record.id] = record
                records.append(record)
            }
        }
        return Outcome(records: records, conflicts: conflicts)
    }
}
