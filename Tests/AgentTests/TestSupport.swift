import Agent
import Evaluation
import Foundation
import Interpreter
import Tools
import XCTest

enum TestSupport {
    static var fixtures: URL {
        Bundle.module.url(forResource: "Fixtures", withExtension: nil)!
    }

    static func temporaryDirectory(_ name: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("loupe-agent-tests-\(name)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// An agent with the Shapes oracle, no cache.
    static func oracleAgent(_ controller: Controller, retries: Int = 2, fallback: Bool = false, limits: Limits? = nil) -> Agent {
        var configuration = AgentConfiguration(maxRetries: retries, fallbackToDirectQuery: fallback)
        if let limits { configuration.limits = limits }
        return Agent(controller: controller, perception: Perception(backend: OracleBackend()), configuration: configuration)
    }

    static func writeLines(_ lines: [String], to url: URL) throws {
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: url)
    }

    static func jsonLine(_ object: [String: Any]) -> String {
        String(decoding: try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self)
    }

    /// The built `loupe` executable next to the test bundle (same build folder).
    static func loupeBinary() throws -> URL {
        var candidates: [URL] = []
        for bundle in [Bundle.main] + Bundle.allBundles {
            candidates.append(bundle.bundleURL.deletingLastPathComponent().appendingPathComponent("loupe"))
            candidates.append(bundle.bundleURL.appendingPathComponent("loupe"))
        }
        candidates.append(URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("loupe"))
        guard let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0.path) }) else {
            throw XCTSkip("the loupe binary is not built next to the tests (looked in \(Set(candidates.map(\.path)).sorted()))")
        }
        return found
    }
}

/// A scripted language model (a test double, for the agent's loop only): returns the queued
/// replies in order and records every prompt. The real HTTP path is tested in
/// OpenAIControllerTests against a local server.
final class ScriptedModel: LanguageModel, @unchecked Sendable {
    let identifier = "scripted-test-double"
    let isChat: Bool
    private var replies: [String]
    private(set) var prompts: [String] = []
    private(set) var options: [CompletionOptions] = []

    init(_ replies: [String], isChat: Bool = false) {
        self.replies = replies
        self.isChat = isChat
    }

    func complete(_ prompt: String, options: CompletionOptions) throws -> String {
        prompts.append(prompt)
        self.options.append(options)
        return replies.isEmpty ? "" : replies.removeFirst()
    }
}
