@testable import Agent
import Evaluation
import Foundation
import ShapesWorld
import Tools
import XCTest

/// The OpenAI-compatible controller against a local test double (Fixtures/test_double_openai.py,
/// Python's http.server returning canned replies) on 127.0.0.1: requests, replies, API key,
/// retries, and clear errors when the server is down or hangs.
final class OpenAIControllerTests: XCTestCase {
    var server: Process?
    var port = 0
    var log: URL!
    var folder: URL!

    func startServer(replies: [String], key: String? = nil) throws {
        folder = try TestSupport.temporaryDirectory("openai")
        let repliesFile = folder.appendingPathComponent("replies.json")
        try JSONSerialization.data(withJSONObject: replies).write(to: repliesFile)
        log = folder.appendingPathComponent("requests.jsonl")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", TestSupport.fixtures.appendingPathComponent("test_double_openai.py").path, repliesFile.path, log.path]
            + (key.map { ["--key", $0] } ?? [])
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        server = process
        // The first line is "PORT <n>".
        var line = Data()
        while !line.contains(UInt8(ascii: "\n")) {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            line.append(chunk)
        }
        let text = String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard text.hasPrefix("PORT "), let p = Int(text.dropFirst(5)) else { throw XCTSkip("the test double did not start: \(text)") }
        port = p
    }

    override func tearDown() {
        if let server, server.isRunning {
            server.terminate()
            server.waitUntilExit()
        }
        if let folder { try? FileManager.default.removeItem(at: folder) }
        super.tearDown()
    }

    func requests() throws -> [[String: Any]] {
        String(decoding: try Data(contentsOf: log), as: UTF8.self).split(separator: "\n").map {
            try! JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any]
        }
    }

    func testChatEndpointAnswersAShapesQuestion() throws {
        let shapes = try TestSupport.temporaryDirectory("openai-shapes")
        defer { try? FileManager.default.removeItem(at: shapes) }
        let question = try ShapesDataset.write(seed: 9, count: 2, includeVideo: false, to: shapes.path)[1]
        let item = try DatasetFormat.loupe.read(shapes.appendingPathComponent("questions.jsonl").path).items[1]
        XCTAssertEqual(item.family, "count")
        try startServer(replies: ["Here you go:\n```python\n\(question.program)\n```\n"], key: "sk-test")
        let model = try OpenAICompatibleModel(baseURL: "http://127.0.0.1:\(port)/v1", model: "test-double", timeoutSeconds: 5,
                                              environment: ["OPENAI_API_KEY": "sk-test"])
        XCTAssertTrue(model.isChat)
        let agent = TestSupport.oracleAgent(ModelController(model: model, maxTokens: 300))
        let result = agent.answer(item.task)
        XCTAssertTrue(Scorer.score(result.answer, against: item.truth).correct, "\(result.answer ?? "nil"): \(result.error ?? "")")
        let sent = try requests()
        XCTAssertEqual(sent.count, 1)
        XCTAssertEqual(sent[0]["_authorization"] as? String, "Bearer sk-test")
        XCTAssertEqual(sent[0]["model"] as? String, "test-double")
        XCTAssertEqual(sent[0]["max_tokens"] as? Int, 300)
        XCTAssertNil(sent[0]["stop"], "chat models get no stop sequences")
        let content = ((sent[0]["messages"] as? [[String: Any]])?.first?["content"] as? String) ?? ""
        XCTAssertTrue(content.contains("# Question: \(item.question)"))
        XCTAssertTrue(content.contains("```python` code block") || content.contains("code block"))
    }

    func testCompletionsEndpointGetsStopSequencesAndSeed() throws {
        try startServer(replies: ["    return 42\n"])
        let model = try OpenAICompatibleModel(baseURL: "http://127.0.0.1:\(port)/v1/completions", model: "m", timeoutSeconds: 5, environment: [:])
        XCTAssertFalse(model.isChat)
        let text = try model.complete("def f():\n", options: CompletionOptions(maxTokens: 10, temperature: 0.7, seed: 11, stop: ["\n#", "a", "b", "c", "d"]))
        XCTAssertEqual(text, "    return 42\n")
        let sent = try requests()[0]
        XCTAssertEqual(sent["prompt"] as? String, "def f():\n")
        XCTAssertEqual(sent["stop"] as? [String], ["\n#", "a", "b", "c"], "at most four stop sequences")
        XCTAssertEqual(sent["seed"] as? Int, 11)
        XCTAssertEqual(sent["temperature"] as? Double, 0.7)
        XCTAssertNil(sent["_authorization"] as? String)
    }

    func testWrongKeyIsAClearErrorWithoutRetries() throws {
        try startServer(replies: ["x"], key: "right")
        let model = try OpenAICompatibleModel(baseURL: "http://127.0.0.1:\(port)/v1", model: "m", timeoutSeconds: 5, retries: 3,
                                              environment: ["LOUPE_OPENAI_API_KEY": "wrong"])
        XCTAssertThrowsError(try model.complete("q", options: CompletionOptions())) { error in
            XCTAssertTrue("\(error)".contains("HTTP 401: Incorrect API key provided"), "\(error)")
        }
        XCTAssertEqual(try requests().count, 1, "a 401 is not retried")
    }

    func testServiceUnavailableIsRetried() throws {
        try startServer(replies: ["fine"])
        let model = try OpenAICompatibleModel(baseURL: "http://127.0.0.1:\(port)/flaky/v1", model: "m", timeoutSeconds: 5, retries: 1, environment: [:])
        XCTAssertEqual(try model.complete("q", options: CompletionOptions()), "fine")
        XCTAssertEqual(try requests().count, 2)
    }

    func testDownServerIsAClearErrorWithinTheTimeout() throws {
        // Take a free port and close it again, so nothing listens there.
        try startServer(replies: ["x"])
        let deadPort = port
        server?.terminate()
        server?.waitUntilExit()
        let model = try OpenAICompatibleModel(baseURL: "http://127.0.0.1:\(deadPort)/v1", model: "m", timeoutSeconds: 2, retries: 1, environment: [:])
        let start = Date()
        XCTAssertThrowsError(try model.complete("q", options: CompletionOptions())) { error in
            XCTAssertTrue(error is ControllerUnavailable, "\(type(of: error))")
            let text = "\(error)"
            XCTAssertTrue(text.contains("127.0.0.1:\(deadPort)"), text)
            XCTAssertTrue(text.contains("failed after 2 attempts"), text)
        }
        XCTAssertLessThan(Date().timeIntervalSince(start), 2 * 2 + 2)
    }

    func testHangingServerIsAClearErrorAfterTheTimeout() throws {
        try startServer(replies: ["x"])
        let model = try OpenAICompatibleModel(baseURL: "http://127.0.0.1:\(port)/hang/v1", model: "m", timeoutSeconds: 1, retries: 0, environment: [:])
        let start = Date()
        XCTAssertThrowsError(try model.complete("q", options: CompletionOptions())) { error in
            XCTAssertTrue("\(error)".contains("no reply within 1 s"), "\(error)")
        }
        let elapsed = Date().timeIntervalSince(start)
        XCTAssertGreaterThanOrEqual(elapsed, 0.9)
        XCTAssertLessThan(elapsed, 4)
    }

    /// FoundationNetworking ignores a timeout given to URLRequest's initializer and cuts every
    /// request at the session's 60 s default: a reply after 62 s must still arrive with --timeout 90.
    func testAReplySlowerThanSixtySecondsArrivesWithinALongerTimeout() throws {
        try startServer(replies: ["late but fine"])
        let model = try OpenAICompatibleModel(baseURL: "http://127.0.0.1:\(port)/slow/62/v1", model: "m", timeoutSeconds: 90, retries: 0,
                                              environment: [:])
        let start = Date()
        XCTAssertEqual(try model.complete("q", options: CompletionOptions()), "late but fine")
        XCTAssertGreaterThanOrEqual(Date().timeIntervalSince(start), 62)
    }

    func testAgentStopsOnAnUnreachableControllerInsteadOfFallingBack() throws {
        try startServer(replies: ["x"])
        let deadPort = port
        server?.terminate()
        server?.waitUntilExit()
        let model = try OpenAICompatibleModel(baseURL: "http://127.0.0.1:\(deadPort)/v1", model: "m", timeoutSeconds: 1, retries: 0, environment: [:])
        let agent = TestSupport.oracleAgent(ModelController(model: model), retries: 2, fallback: true)
        let image = TestSupport.fixtures.appendingPathComponent("gqa/images/n0000.jpg").path
        let result = agent.answer(AgentTask(id: "x", question: "Is there a star?", media: .image(path: image)))
        XCTAssertNotNil(result.controllerUnavailable)
        XCTAssertNil(result.answer)
        XCTAssertFalse(result.usedFallback)
        XCTAssertEqual(result.attempts.count, 1)
    }
}
