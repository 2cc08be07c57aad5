import Evaluation
import Foundation
import ShapesWorld
import XCTest

/// The results JSONL after a kill that lands in the middle of writing a line (made exactly
/// here, where ResumeTests' real kill -9 lands wherever it lands), and a damaged results file.
final class ResultsFileRecoveryTests: XCTestCase {
    var folder: URL!
    var arguments: [String] = []
    var out: URL!

    override func setUpWithError() throws {
        folder = try TestSupport.temporaryDirectory("results-recovery")
        let shapes = folder.appendingPathComponent("shapes")
        try ShapesDataset.write(seed: 23, count: 6, includeVideo: false, to: shapes.path)
        out = folder.appendingPathComponent("results.jsonl")
        arguments = ["eval", "--dataset", shapes.appendingPathComponent("questions.jsonl").path, "--controller", "truth",
                     "--out", out.path, "--quiet"]
    }

    override func tearDown() {
        if let folder { try? FileManager.default.removeItem(at: folder) }
        super.tearDown()
    }

    func lines() throws -> [String] {
        String(decoding: try Data(contentsOf: out), as: UTF8.self).split(separator: "\n").map(String.init)
    }

    func testAPartialLastLineIsCutOffAndItsQuestionRedone() throws {
        let first = try LoupeProcess.run(arguments)
        XCTAssertEqual(first.lastLine, "accuracy=1.0000 n=6", first.stderr)
        let whole = try lines()
        XCTAssertEqual(whole.count, 6)
        // The state a kill during the last write leaves: five lines and half of the sixth.
        let kept = whole.prefix(5).joined(separator: "\n") + "\n"
        try Data((kept + whole[5].prefix(whole[5].count / 2)).utf8).write(to: out)

        let rerun = try LoupeProcess.run(arguments)
        XCTAssertEqual(rerun.status, 0, rerun.stderr)
        XCTAssertEqual(rerun.lastLine, "accuracy=1.0000 n=6")
        let after = try lines()
        XCTAssertEqual(Array(after.prefix(5)), Array(whole.prefix(5)), "finished lines untouched")
        XCTAssertEqual(after.count, 6)
        XCTAssertEqual(ResultRecord.parse(after[5])?.id, ResultRecord.parse(whole[5])?.id, "the cut question is answered again, once")
        XCTAssertTrue(String(decoding: try Data(contentsOf: out), as: UTF8.self).hasSuffix("}\n"))
    }

    func testADamagedCompleteLineStopsTheRunNamingFileAndLine() throws {
        XCTAssertEqual(try LoupeProcess.run(arguments).status, 0)
        var damaged = try lines()
        damaged[2] = "{\"id\": \"oops\"}"
        try TestSupport.writeLines(damaged, to: out)
        let before = try Data(contentsOf: out)
        let rerun = try LoupeProcess.run(arguments)
        XCTAssertNotEqual(rerun.status, 0)
        XCTAssertTrue(rerun.stderr.contains("results \(out.path):3: not a result record"), rerun.stderr)
        XCTAssertEqual(try Data(contentsOf: out), before, "the file is left for the user to fix")
    }
}
