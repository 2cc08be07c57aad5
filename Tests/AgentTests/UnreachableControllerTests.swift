import Evaluation
import Foundation
@testable import ICLGen
import ShapesWorld
import XCTest

/// `loupe ask`, `eval` and `iclgen` (the built binary) with an `openai:` controller whose server
/// is down (nothing listens: connection refused) or hangs (a listener that accepts and never
/// answers). Each gives a clear error naming the endpoint within its configured time budget and
/// exits 1; batch runs stop instead of recording a controller outage as every question's answer
/// (docs/AGENT_AND_EVAL.md), keep what was finished, and a rerun completes the work.
final class UnreachableControllerTests: XCTestCase {
    var folder: URL!
    var dataset: URL!
    var ids: [String] = []

    /// Slack for starting the binary and reading the dataset on a loaded machine.
    let margin = 15.0

    override func setUpWithError() throws {
        folder = try TestSupport.temporaryDirectory("unreachable")
        let shapes = folder.appendingPathComponent("shapes")
        try ShapesDataset.write(seed: 17, count: 6, includeVideo: false, to: shapes.path)
        dataset = shapes.appendingPathComponent("questions.jsonl")
        ids = try DatasetFormat.loupe.read(dataset.path).items.map(\.id)
        XCTAssertGreaterThanOrEqual(ids.count, 4)
    }

    override func tearDown() {
        if let folder { try? FileManager.default.removeItem(at: folder) }
        super.tearDown()
    }

    func testAskWithADownServerFailsAtOnceNamingTheEndpoint() throws {
        let port = try LoopbackSockets.freePort()
        let endpoint = "http://127.0.0.1:\(port)/v1/completions"
        let item = try XCTUnwrap(try DatasetFormat.loupe.read(dataset.path).items.first)
        let run = try LoupeProcess.run(["ask", "--image", item.media.path, item.question, "--controller", "openai:\(endpoint)#m",
                                        "--timeout", "5", "--http-retries", "0"], deadline: 5 + margin * 2)
        XCTAssertFalse(run.timedOut)
        XCTAssertEqual(run.status, 1)
        XCTAssertEqual(run.stdout, "", "no answer, and no fallback answer for an unreachable controller")
        XCTAssertTrue(run.stderr.contains("error: controller openai:\(endpoint)#m: POST \(endpoint) failed after 1 attempt: cannot connect"),
                      run.stderr)
        XCTAssertLessThan(run.seconds, 5 + margin)
    }

    func testEvalWithAHangingServerStopsWithinTheTimeoutAndKeepsFinishedWork() throws {
        let listener = try SilentListener()
        defer { listener.stop() }
        let out = folder.appendingPathComponent("results.jsonl")
        // Two questions already finished by an earlier run (the truth controller).
        let firstTwo = folder.appendingPathComponent("first-two.jsonl")
        let lines = String(decoding: try Data(contentsOf: dataset), as: UTF8.self).split(separator: "\n").prefix(2).map(String.init)
        try TestSupport.writeLines(lines, to: firstTwo)
        let earlier = try LoupeProcess.run(["eval", "--dataset", firstTwo.path, "--media-root", dataset.deletingLastPathComponent().path,
                                            "--controller", "truth", "--out", out.path, "--quiet"])
        XCTAssertEqual(earlier.lastLine, "accuracy=1.0000 n=2", earlier.stderr)
        let finished = try Data(contentsOf: out)

        let endpoint = "http://127.0.0.1:\(listener.port)/v1/chat/completions"
        let timeout = 2.0, retries = 1
        let run = try LoupeProcess.run(["eval", "--dataset", dataset.path, "--controller", "openai:http://127.0.0.1:\(listener.port)/v1#m",
                                        "--timeout", "\(Int(timeout))", "--http-retries", "\(retries)", "--out", out.path, "--quiet"],
                                       deadline: 60)
        XCTAssertFalse(run.timedOut, "eval did not give up on a hanging server")
        XCTAssertEqual(run.status, 1)
        XCTAssertTrue(run.stderr.contains("POST \(endpoint) failed after 2 attempts: no reply within 2 s (the server is hanging or overloaded)"),
                      run.stderr)
        XCTAssertTrue(run.stderr.contains("stopped; results so far are in \(out.path), rerun to resume"), run.stderr)
        // Both attempts reached the listener and each waited out the timeout, no more.
        XCTAssertEqual(listener.acceptedCount, retries + 1)
        XCTAssertGreaterThanOrEqual(run.seconds, timeout * Double(retries + 1))
        XCTAssertLessThan(run.seconds, (timeout + 0.5) * Double(retries + 1) + 0.5 + margin)
        XCTAssertEqual(try Data(contentsOf: out), finished, "the finished records are kept as they were, nothing is added")

        // With a controller that answers, a rerun does only the rest.
        let rerun = try LoupeProcess.run(["eval", "--dataset", dataset.path, "--controller", "truth", "--out", out.path, "--quiet"])
        XCTAssertEqual(rerun.lastLine, "accuracy=1.0000 n=\(ids.count)", rerun.stderr)
        let records = try ResultsFile.read(out.path).records
        XCTAssertEqual(records.map(\.id).sorted(), ids.sorted(), "each question once")
    }

    func testICLGenWithADownServerStopsAndRecordsNothing() throws {
        let port = try LoopbackSockets.freePort()
        let store = folder.appendingPathComponent("ices.sqlite")
        let run = try LoupeProcess.run(["iclgen", "--labeled", dataset.path, "--controller", "openai:http://127.0.0.1:\(port)/v1#m",
                                        "--store", store.path, "--timeout", "5", "--http-retries", "1", "--samples", "2", "--quiet"],
                                       deadline: 60)
        XCTAssertFalse(run.timedOut)
        XCTAssertEqual(run.status, 1)
        XCTAssertTrue(run.stderr.contains("POST http://127.0.0.1:\(port)/v1/chat/completions failed after 2 attempts: cannot connect"),
                      run.stderr)
        XCTAssertTrue(run.stderr.contains("stopped; finished questions are in \(store.path), rerun to resume"), run.stderr)
        // Refused connections fail at once: the budget is the backoff, not the timeout.
        XCTAssertLessThan(run.seconds, 5 * 2 + margin)
        let counts = try ICEStore.openExisting(store.path).counts()
        XCTAssertEqual(counts, ICEStore.Counts(finished: 0, examples: 0, candidates: 0), "an outage is not a finished question")
    }
}
