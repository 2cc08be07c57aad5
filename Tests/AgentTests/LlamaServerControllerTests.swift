import Evaluation
import Foundation
import ShapesWorld
import XCTest

/// The `openai:` controller end to end: the built `loupe` binary against llama-cpp-python's
/// OpenAI-compatible server on 127.0.0.1, serving the same Gemma 3 270M GGUF as the local
/// controller, through both the chat and the completions endpoint. The 270M model writes poor
/// programs, so the tests assert the plumbing, not accuracy: every request reached the server,
/// its reply was extracted, checked and run (or its failure recorded with the stage that failed),
/// and nothing was silently dropped. One server serves the whole class and is always stopped.
final class LlamaServerControllerTests: XCTestCase {
    nonisolated(unsafe) static var server: LlamaServer?
    nonisolated(unsafe) static var startError: Error?
    nonisolated(unsafe) static var folder: URL!

    override class func setUp() {
        super.setUp()
        do {
            folder = try TestSupport.temporaryDirectory("llama-server")
            // The prompt (API text + 2 examples + question) is about 2.5k tokens; programs up to 512.
            server = try LlamaServer(contextLength: 8192, logFolder: folder)
        } catch {
            startError = error
        }
    }

    override class func tearDown() {
        server?.stop()
        server = nil
        if let folder { try? FileManager.default.removeItem(at: folder) }
        super.tearDown()
    }

    var server: LlamaServer!

    override func setUpWithError() throws {
        if let error = Self.startError { throw error }
        server = try XCTUnwrap(Self.server)
    }

    /// The first question of each family from a fresh Shapes set, as a dataset file.
    func shapesQuestions(_ families: [QuestionFamily], name: String) throws -> (path: String, items: [EvalItem]) {
        let shapes = Self.folder.appendingPathComponent("shapes-\(name)")
        try ShapesDataset.write(seed: 31, count: QuestionFamily.imageFamilies.count, includeVideo: false, to: shapes.path)
        let all = shapes.appendingPathComponent("questions.jsonl")
        let lines = String(decoding: try Data(contentsOf: all), as: UTF8.self).split(separator: "\n").map(String.init)
        var chosen: [String] = []
        let familyOf = try lines.map { (try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])?["family"] as? String }
        for family in families {
            chosen.append(lines[try XCTUnwrap(familyOf.firstIndex(of: family.rawValue), family.rawValue)])
        }
        let subset = shapes.appendingPathComponent("subset.jsonl")
        try TestSupport.writeLines(chosen, to: subset)
        let dataset = try DatasetFormat.loupe.read(subset.path)
        XCTAssertEqual(dataset.items.map(\.family), families.map(\.rawValue))
        XCTAssertTrue(dataset.problems.isEmpty)
        return (subset.path, dataset.items)
    }

    /// What every record of a run through a real controller must show, whatever the model wrote.
    func assertHonest(_ records: [ResultRecord], controller: String, traces: URL, file: StaticString = #filePath, line: UInt = #line) {
        for record in records {
            XCTAssertEqual(record.controller, controller, record.id, file: file, line: line)
            XCTAssertGreaterThanOrEqual(record.attempts, 1, record.id, file: file, line: line)
            XCTAssertTrue(record.oracle, "the oracle is declared", file: file, line: line)
            if let error = record.error {
                // A failure names its attempt and the stage that failed; a fallback answer is marked.
                XCTAssertNotNil(error.range(of: #"^attempt [0-9]+ \((controller|check|run)\): "#, options: .regularExpression),
                                "\(record.id): \(error)", file: file, line: line)
                XCTAssertEqual(record.attemptErrors.count, record.attempts, record.id, file: file, line: line)
                XCTAssertEqual(record.fallback, record.answer != nil, "\(record.id): only a fallback answers after failures",
                               file: file, line: line)
            } else {
                // The program came from the server and ran: the trace is written only for a run.
                XCTAssertNotNil(record.answer, record.id, file: file, line: line)
                XCTAssertFalse(record.fallback, record.id, file: file, line: line)
                XCTAssertEqual(record.attemptErrors.count, record.attempts - 1, record.id, file: file, line: line)
                XCTAssertTrue(record.program?.contains("def execute_command(image):") ?? false, record.id, file: file, line: line)
                let trace = record.trace.map { URL(fileURLWithPath: $0) }
                XCTAssertEqual(trace?.deletingLastPathComponent().standardizedFileURL.path, traces.standardizedFileURL.path,
                               file: file, line: line)
                XCTAssertTrue(trace.map { FileManager.default.fileExists(atPath: $0.path) } ?? false, record.id, file: file, line: line)
            }
        }
    }

    func eval(endpoint: String, families: [QuestionFamily], retries: Int, name: String) throws -> (records: [ResultRecord], run: LoupeProcess, traces: URL) {
        let (dataset, items) = try shapesQuestions(families, name: name)
        let out = Self.folder.appendingPathComponent("\(name).jsonl")
        let traces = Self.folder.appendingPathComponent("traces-\(name)")
        let run = try LoupeProcess.run(["eval", "--dataset", dataset, "--controller", "openai:\(endpoint)#\(LlamaServer.modelAlias)",
                                        "--vision", "oracle", "--examples", "2", "--retries", "\(retries)", "--timeout", "300",
                                        "--out", out.path, "--traces", traces.path, "--quiet"])
        XCTAssertFalse(run.timedOut)
        XCTAssertEqual(run.status, 0, "\(run.stderr)\nserver log:\n\(server.logTail())")
        XCTAssertTrue(run.lastLine.hasPrefix("accuracy="), run.stdout)
        XCTAssertTrue(run.lastLine.hasSuffix(" n=\(families.count)"), run.stdout)
        let records = try ResultsFile.read(out.path).records
        XCTAssertEqual(records.map(\.id).sorted(), items.map(\.id).sorted(), "one record per question")
        return (records, run, traces)
    }

    /// One attempt per question: the 270M base model answers a chat prompt by echoing the prompt
    /// for all 512 tokens (about 80 s a request at load average 17), so expect labeled errors and
    /// fallbacks here.
    func testEvalThroughTheChatEndpoint() throws {
        let before = server.answeredRequests("/v1/chat/completions")
        let completionsBefore = server.answeredRequests("/v1/completions")
        let (records, _, traces) = try eval(endpoint: server.baseURL, families: [.exist, .count], retries: 0, name: "chat")
        assertHonest(records, controller: "openai:\(server.baseURL)/chat/completions#\(LlamaServer.modelAlias)", traces: traces)
        // One request per attempt (programs may ask more through llm_query).
        let attempts = records.map(\.attempts).reduce(0, +)
        XCTAssertGreaterThanOrEqual(server.answeredRequests("/v1/chat/completions") - before, attempts, server.logTail())
        XCTAssertEqual(server.answeredRequests("/v1/completions"), completionsBefore, "the chat spec never uses the completions endpoint")
    }

    func testEvalThroughTheCompletionsEndpoint() throws {
        let before = server.answeredRequests("/v1/completions")
        let (records, _, traces) = try eval(endpoint: "\(server.baseURL)/completions", families: [.queryAttribute, .spatialRelation],
                                            retries: 1, name: "completions")
        assertHonest(records, controller: "openai:\(server.baseURL)/completions#\(LlamaServer.modelAlias)", traces: traces)
        let attempts = records.map(\.attempts).reduce(0, +)
        XCTAssertGreaterThanOrEqual(server.answeredRequests("/v1/completions") - before, attempts, server.logTail())
        // A completion continues the prompt's `def execute_command(image):` line, so the reply
        // always yields a program to check (a failure at the controller stage would mean the
        // continuation was lost).
        for record in records {
            XCTAssertNotNil(record.program, "\(record.id): \(record.error ?? "")")
        }
        // Continuing the examples, the model copies their pattern into programs that run (greedy
        // decoding: the same programs on every run of this build).
        XCTAssertTrue(records.contains { $0.trace != nil }, "no program from the server ran: \(records.map { $0.error ?? "" })")
    }

    func testAskThroughTheCompletionsEndpoint() throws {
        // The oracle answers attribute questions directly, so a failed program ends in a marked fallback.
        let item = try shapesQuestions([.queryAttribute], name: "ask").items[0]
        let before = server.answeredRequests("/v1/completions")
        let run = try LoupeProcess.run(["ask", "--image", item.media.path, item.question,
                                        "--controller", "openai:\(server.baseURL)/completions#\(LlamaServer.modelAlias)",
                                        "--vision", "oracle", "--examples", "2", "--retries", "0", "--timeout", "300", "--verbose"])
        XCTAssertFalse(run.timedOut)
        XCTAssertEqual(server.answeredRequests("/v1/completions") - before, 1, server.logTail())
        // --verbose shows the attempt: its stage and the program taken from the server's reply.
        XCTAssertNotNil(run.stderr.range(of: #"attempt 1: (check|run|succeeded)\n\S"#, options: .regularExpression), run.stderr)
        if run.stderr.contains("attempt 1: succeeded") {
            XCTAssertEqual(run.status, 0, run.stderr)
            XCTAssertFalse(run.stdout.contains("(fallback)"))
        } else {
            // The oracle answers the question directly; the answer is marked.
            XCTAssertEqual(run.status, 0, run.stderr)
            XCTAssertTrue(run.stdout.hasSuffix(" (fallback)\n"), run.stdout)
            XCTAssertTrue(run.stderr.contains("FALLBACK"), run.stderr)
        }
        XCTAssertTrue(run.stderr.contains("oracle"), run.stderr)
    }
}
