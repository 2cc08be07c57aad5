import Foundation
@testable import ICLGen
import XCTest

/// `loupe iclgen` (the built binary) on a labeled set whose questions break in every way: each
/// gets its error recorded as a finished question, the good one still yields its example, and a
/// rerun redoes nothing.
final class ICLGenBadInputTests: XCTestCase {
    var folder: URL!

    override func setUpWithError() throws {
        folder = try TestSupport.temporaryDirectory("iclgen-bad")
    }

    override func tearDown() {
        if let folder { try? FileManager.default.removeItem(at: folder) }
        super.tearDown()
    }

    func testEveryBadQuestionIsRecordedAndTheRunGoesOn() throws {
        let stars = TestSupport.fixtures.appendingPathComponent("gqa/images/n0001.jpg").path
        let notAnImage = folder.appendingPathComponent("not-an-image.png")
        try Data("this is text, not a PNG".utf8).write(to: notAnImage)
        func question(_ id: String, _ image: String) -> String {
            TestSupport.jsonLine(["id": id, "image": image, "question": "How many stars are there?", "answer": 3, "answer_type": "number",
                                  "family": "count"])
        }
        let labeled = folder.appendingPathComponent("labeled.jsonl")
        try TestSupport.writeLines([
            question("ok", stars),
            "{\"id\": \"broken\", ",
            question("no-image", "/nonexistent/n.png"),
            question("corrupt-image", notAnImage.path),
            question("garbage", stars),
            question("loops", stars),
            question("empty", stars),
        ], to: labeled)
        let countStars = "def execute_command(image):\n    return len(ImagePatch(image).find(\"star\"))\n"
        let replay = folder.appendingPathComponent("replay.jsonl")
        try TestSupport.writeLines([
            TestSupport.jsonLine(["id": "ok", "program": countStars]),
            TestSupport.jsonLine(["id": "no-image", "program": countStars]),
            TestSupport.jsonLine(["id": "corrupt-image", "program": countStars]),
            TestSupport.jsonLine(["id": "garbage", "program": "Sure! The answer is probably three stars."]),
            TestSupport.jsonLine(["id": "loops", "program": "def execute_command(image):\n    while True:\n        pass\n"]),
            TestSupport.jsonLine(["id": "empty", "program": ""]),
        ], to: replay)
        let store = folder.appendingPathComponent("ices.sqlite")
        let arguments = ["iclgen", "--labeled", labeled.path, "--controller", "replay:" + replay.path, "--store", store.path,
                         "--samples", "2", "--retries", "0", "--max-steps", "100000", "--no-tune", "--quiet"]
        let run = try LoupeProcess.run(arguments, deadline: 120)
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertTrue(run.stderr.contains("labeled.jsonl:2: not a JSON object"), run.stderr)
        XCTAssertTrue(run.stdout.contains("processed=6 skipped=0 verified=1 added=1 problems=1"), run.stdout)
        XCTAssertTrue(run.stdout.contains("examples=1 finished=7 candidates=2"), run.stdout)

        let stored = try ICEStore.openExisting(store.path)
        XCTAssertEqual(try stored.examples().map(\.sourceID), ["ok"])
        XCTAssertEqual(try stored.examples().first?.program, countStars)
        // Every failed question is finished with its error, so a rerun does not retry it blindly.
        let rows = try stored.db.query("SELECT question_id, sampled, error FROM finished ORDER BY question_id")
        let errors = Dictionary(uniqueKeysWithValues: rows.map { ($0[0]!, (sampled: $0[1]!, error: $0[2] ?? "")) })
        XCTAssertEqual(Set(errors.keys), ["ok", "labeled.jsonl:2", "no-image", "corrupt-image", "garbage", "loops", "empty"])
        XCTAssertEqual(errors["ok"]?.sampled, "2")
        XCTAssertEqual(errors["ok"]?.error, "")
        let expected = [
            "labeled.jsonl:2": "labeled.jsonl:2: not a JSON object",
            "no-image": "image /nonexistent/n.png: no such file",
            "corrupt-image": "attempt 1 (run): cannot open \(notAnImage.path)",
            "garbage": "holds no program",
            "loops": "LimitExceeded",
            "empty": "the controller's reply is empty",
        ]
        for (id, text) in expected {
            XCTAssertEqual(errors[id]?.sampled, "0", id)
            XCTAssertTrue(errors[id]?.error.contains(text) ?? false, "\(id): expected '\(text)' in '\(errors[id]?.error ?? "nil")'")
        }

        let again = try LoupeProcess.run(arguments, deadline: 120)
        XCTAssertEqual(again.status, 0, again.stderr)
        XCTAssertTrue(again.stdout.contains("processed=0 skipped=6 verified=0 added=0 problems=0"), again.stdout)
        XCTAssertTrue(again.stdout.contains("examples=1 finished=7 candidates=2"), again.stdout)
    }
}
