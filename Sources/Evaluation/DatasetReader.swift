import Agent
import Foundation

/// Shared parts of the format readers: JSON lines with line numbers, paths relative to the
/// media root, and typed field access that reports what is missing where.
struct DatasetReader {
    let path: String
    let root: String

    struct FieldError: Error {
        let message: String
        init(_ message: String) { self.message = message }
    }

    /// Calls `body` for each non-blank line that is a JSON object; other lines become problems.
    func forEachJSONLine(_ text: String, into dataset: inout Dataset, _ body: (Int, [String: Any]) throws -> [EvalItem]) {
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = index + 1
            let trimmed = raw.trimmingCharacters(in: .whitespacesAndNewlines)
            if trimmed.isEmpty { continue }
            guard let object = (try? JSONSerialization.jsonObject(with: Data(trimmed.utf8))) as? [String: Any] else {
                dataset.problems.append(problem(line: line, id: nil, "not a JSON object"))
                continue
            }
            collect(line: line, id: Self.idText(object["id"] ?? object["question_id"] ?? object["questionId"] ?? object["ref_id"]),
                    into: &dataset) { try body(line, object) }
        }
    }

    func collect(line: Int, id: String?, into dataset: inout Dataset, _ body: () throws -> [EvalItem]) {
        do {
            dataset.items.append(contentsOf: try body())
        } catch let e as FieldError {
            dataset.problems.append(problem(line: line, id: id, e.message))
        } catch {
            dataset.problems.append(problem(line: line, id: id, "\(error)"))
        }
    }

    func problem(line: Int, id: String?, _ message: String) -> DatasetProblem {
        let file = URL(fileURLWithPath: path).lastPathComponent
        // Formats without lines (GQA's JSON object) name the entry instead.
        let place = line > 0 ? "\(path):\(line)" : "\(path): question \(id ?? "?")"
        return DatasetProblem(id: id ?? "\(file):\(line)", line: line, message: "\(place): \(message)")
    }

    func media(_ relative: String) -> String {
        relative.hasPrefix("/") ? relative : URL(fileURLWithPath: root).appendingPathComponent(relative).path
    }

    /// JSONSerialization hands back true/false as NSNumbers that also cast to Int (and 1 casts
    /// to Bool), so the stored type code is the one reliable mark of a JSON boolean.
    static func isJSONBool(_ value: Any) -> Bool {
        guard let n = value as? NSNumber else { return false }
        return String(cString: n.objCType) == "c"
    }

    static func jsonBool(_ value: Any?) -> Bool? {
        guard let value, isJSONBool(value) else { return nil }
        return (value as? NSNumber)?.boolValue
    }

    static func idText(_ value: Any?) -> String? {
        switch value {
        case let s as String: return s
        case let n as NSNumber where !isJSONBool(n): return n.stringValue
        default: return nil
        }
    }

    func string(_ object: [String: Any], _ key: String) throws -> String {
        guard let value = object[key] else { throw FieldError("missing field \"\(key)\"") }
        guard let s = value as? String else { throw FieldError("field \"\(key)\" must be a string") }
        return s
    }

    func id(_ object: [String: Any], _ keys: [String]) throws -> String {
        for key in keys { if let id = Self.idText(object[key]) { return id } }
        throw FieldError("missing question id (\(keys.map { "\"\($0)\"" }.joined(separator: " or ")))")
    }

    func numbers(_ value: Any?, count: Int, field: String) throws -> [Double] {
        guard let array = value as? [Any], array.count == count else {
            throw FieldError("field \"\(field)\" must be a list of \(count) numbers")
        }
        return try array.map {
            guard let n = $0 as? NSNumber, !Self.isJSONBool($0) else {
                throw FieldError("field \"\(field)\" must hold numbers only")
            }
            return n.doubleValue
        }
    }
}
