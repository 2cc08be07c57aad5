import Foundation

/// The dataset formats `loupe eval` and `loupe iclgen` read.
public enum DatasetFormat: String, Sendable, CaseIterable {
    /// Loupe's own JSONL (`loupe shapes` writes it; docs/SHAPES_FORMAT.md).
    case loupe
    /// GQA's question files: the official JSON object keyed by question id, or one object a line.
    case gqa
    /// RefCOCO/RefCOCO+/RefCOCOg flattened to one referring object a line (docs/EVAL_FORMATS.md).
    case refcoco
    /// NExT-QA's multiple-choice CSV (`video,frame_count,width,height,question,answer,qid,type,a0..a4`).
    case nextqa

    public static func named(_ name: String) throws -> DatasetFormat {
        guard let format = DatasetFormat(rawValue: name.lowercased()) else {
            throw EvaluationError("unknown dataset format '\(name)'; expected one of: \(allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return format
    }

    /// Reads a dataset. Unreadable lines become problems (with their line numbers), never a
    /// failure of the whole file; only an unreadable file throws. `mediaRoot` is the folder
    /// image and video paths are relative to (default: the dataset file's folder).
    public func read(_ path: String, mediaRoot: String? = nil) throws -> Dataset {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw EvaluationError("dataset \(path): no such file or not readable")
        }
        let text = String(decoding: data, as: UTF8.self)
        let root = mediaRoot ?? URL(fileURLWithPath: path).deletingLastPathComponent().path
        let reader = DatasetReader(path: path, root: root)
        var dataset = Dataset(path: path, format: self, items: [], problems: [])
        switch self {
        case .loupe: reader.readLoupe(text, into: &dataset)
        case .gqa: reader.readGQA(text, into: &dataset)
        case .refcoco: reader.readRefCOCO(text, into: &dataset)
        case .nextqa: reader.readNExTQA(text, into: &dataset)
        }
        // A repeated id would be answered twice and break resuming: later copies are problems.
        var firstLine: [String: Int] = [:]
        var unique: [EvalItem] = []
        for item in dataset.items {
            if let line = firstLine[item.id] {
                let file = URL(fileURLWithPath: path).lastPathComponent
                dataset.problems.append(DatasetProblem(id: "\(file):\(item.line)#\(item.id)", line: item.line,
                                                       message: "\(path):\(item.line): duplicate question id \(item.id) (first at line \(line))"))
            } else {
                firstLine[item.id] = item.line
                unique.append(item)
            }
        }
        dataset.items = unique
        return dataset
    }
}

public struct EvaluationError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}
