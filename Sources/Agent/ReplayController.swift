import Foundation

/// Programs recorded earlier, read from a JSONL file: one `{"id": ..., "program": ...}` object a
/// line (`"reply"` is accepted for raw controller text). Several lines with the same id are
/// served in order to successive attempts and samples of that question; the last one repeats.
public final class ReplayController: Controller, @unchecked Sendable {
    public let path: String
    public var name: String { "replay:\(path)" }
    public var languageModel: LanguageModel? { nil }
    public let needsPrompt = false
    private let programs: [String: [String]]
    private var served: [String: Int] = [:]
    private let lock = NSLock()

    public init(path: String) throws {
        self.path = path
        guard let data = FileManager.default.contents(atPath: path) else {
            throw AgentError("controller replay: cannot read \(path): no such file or not readable")
        }
        var programs: [String: [String]] = [:]
        for (index, line) in String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let text = line.trimmingCharacters(in: .whitespaces)
            if text.isEmpty { continue }
            guard let object = (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] else {
                throw AgentError("controller replay: \(path):\(index + 1): not a JSON object")
            }
            guard let id = object["id"] as? String ?? (object["id"] as? Int).map(String.init) else {
                throw AgentError("controller replay: \(path):\(index + 1): missing string \"id\"")
            }
            guard let program = object["program"] as? String ?? object["reply"] as? String else {
                throw AgentError("controller replay: \(path):\(index + 1): missing string \"program\" (or \"reply\")")
            }
            programs[id, default: []].append(program)
        }
        self.programs = programs
    }

    public func reply(to request: ProgramRequest, prompt: String) throws -> String {
        guard let list = programs[request.task.id] else {
            throw AgentError("controller replay: \(path) has no program for question \(request.task.id)")
        }
        lock.lock()
        defer { lock.unlock() }
        let index = served[request.task.id, default: 0]
        served[request.task.id] = index + 1
        return list[min(index, list.count - 1)]
    }
}
