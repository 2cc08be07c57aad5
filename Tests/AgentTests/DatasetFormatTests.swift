import Agent
@testable import Evaluation
import Tools
import XCTest

/// The hand-written GQA, RefCOCO and NExT-QA samples (scripts/make_agent_fixtures.py) are read
/// and scored: replayed programs with the oracle, one deliberately wrong answer and one
/// malformed entry per format.
final class DatasetFormatTests: XCTestCase {
    func evaluate(_ format: DatasetFormat, _ file: String) throws -> (Dataset, [String: ResultRecord]) {
        let folder = TestSupport.fixtures.appendingPathComponent(format.rawValue)
        let dataset = try format.read(folder.appendingPathComponent(file).path)
        let replay = try ReplayController(path: folder.appendingPathComponent("replay.jsonl").path)
        let runner = EvaluationRunner(dataset: dataset, results: nil,
                                      options: .init(controllerName: replay.name, visionName: "oracle", showProgress: false),
                                      make: { TestSupport.oracleAgent(replay, retries: 0) })
        let records = try runner.run()
        return (dataset, Dictionary(uniqueKeysWithValues: records.map { ($0.id, $0) }))
    }

    func testGQA() throws {
        let (dataset, records) = try evaluate(.gqa, "questions.json")
        XCTAssertEqual(dataset.items.map(\.id), ["201000", "201001", "201002", "201003"])
        XCTAssertEqual(dataset.items.map(\.family), ["verify", "query", "query", "query"])
        XCTAssertTrue(dataset.items[0].media.path.hasSuffix("gqa/images/n0000.jpg"))
        XCTAssertEqual(dataset.problems.map(\.id), ["201004"])
        XCTAssertTrue(dataset.problems[0].message.contains("question 201004: missing field \"answer\""), dataset.problems[0].message)
        XCTAssertEqual(records["201000"]?.answer, "yes")
        XCTAssertEqual(records["201001"]?.answer, "3", "the program returns an int; the label is \"three\"")
        XCTAssertEqual(records["201001"]?.correct, true)
        XCTAssertEqual(records["201002"]?.correct, true)
        XCTAssertEqual(records["201003"]?.correct, false, "the replayed program asks for the farthest object")
        XCTAssertEqual(records["201004"]?.correct, false)
        XCTAssertNotNil(records["201004"]?.error)
        XCTAssertEqual(Summary(Array(records.values)).total.correct, 3)
    }

    func testRefCOCO() throws {
        let (dataset, records) = try evaluate(.refcoco, "refs.jsonl")
        XCTAssertEqual(dataset.items.map(\.id), ["9001-0", "9001-1", "9002", "9003"])
        XCTAssertEqual(dataset.items[2].truth, .box([81, 54, 105, 76]), "COCO [x, y, w, h] [81, 54, 24, 22] as corners")
        XCTAssertEqual(dataset.problems.map(\.line), [4])
        XCTAssertTrue(dataset.problems[0].message.hasSuffix("refs.jsonl:4: field \"bbox\" must be a list of 4 numbers"), dataset.problems[0].message)
        for id in ["9001-0", "9001-1", "9002"] {
            XCTAssertEqual(records[id]?.correct, true, id)
            XCTAssertEqual(records[id]?.iou, 1, id)
            XCTAssertEqual(records[id]?.metric, "box_iou@0.5")
        }
        // The whole 224x224 image against the 24x22 star: IoU = 528 / 50176.
        XCTAssertEqual(records["9003"]?.iou ?? -1, 528.0 / 50176.0, accuracy: 1e-9)
        XCTAssertEqual(records["9003"]?.correct, false)
    }

    func testNExTQA() throws {
        let (dataset, records) = try evaluate(.nextqa, "val.csv")
        XCTAssertEqual(dataset.items.map(\.id), ["4010069381_3", "4882821564_7", "9999999999_1"])
        XCTAssertEqual(dataset.items[0].options.count, 5)
        XCTAssertEqual(dataset.items[1].truth, .choice(index: 1, text: "it leaves the scene"))
        XCTAssertEqual(dataset.items[1].question, "What happens to the red square?")
        XCTAssertEqual(dataset.problems.map(\.line), [4])
        XCTAssertTrue(dataset.problems[0].message.contains("answer '7' is not an option index 0-4"))
        XCTAssertEqual(records["4010069381_3"]?.correct, true)
        XCTAssertEqual(records["4882821564_7"]?.correct, true)
        XCTAssertEqual(records["4882821564_7"]?.metric, "multiple_choice")
        let missing = try XCTUnwrap(records["9999999999_1"])
        XCTAssertFalse(missing.correct)
        XCTAssertTrue(missing.error?.contains("no such file") ?? false, missing.error ?? "no error")
    }

    func testUnknownFormatAndMissingFile() {
        XCTAssertThrowsError(try DatasetFormat.named("vqav2")) { error in
            XCTAssertEqual("\(error)", "unknown dataset format 'vqav2'; expected one of: loupe, gqa, refcoco, nextqa")
        }
        XCTAssertThrowsError(try DatasetFormat.loupe.read("/nonexistent/questions.jsonl")) { error in
            XCTAssertTrue("\(error)".contains("/nonexistent/questions.jsonl: no such file"))
        }
    }

    func testCSVQuotingAndMultilineFields() {
        let rows = CSV.rows("a,b\n\"x, y\",\"say \"\"hi\"\"\"\n\"two\nlines\",z\n")
        XCTAssertEqual(rows.map(\.fields), [["a", "b"], ["x, y", "say \"hi\""], ["two\nlines", "z"]])
        XCTAssertEqual(rows.map(\.line), [1, 2, 3])
    }

    func testMalformedLoupeLinesKeepTheirLineNumbers() throws {
        let folder = try TestSupport.temporaryDirectory("malformed")
        let file = folder.appendingPathComponent("questions.jsonl")
        try TestSupport.writeLines([
            TestSupport.jsonLine(["id": "q1", "image": "a.png", "question": "How many?", "answer": 2, "answer_type": "number"]),
            "{not json",
            TestSupport.jsonLine(["id": "q3", "image": "a.png", "question": "Is it?", "answer": 1, "answer_type": "bool"]),
            "",
            TestSupport.jsonLine(["id": "q5", "question": "Where?", "answer": "x"]),
            TestSupport.jsonLine(["id": "q6", "image": "a.png", "question": "Which?", "answer": "z", "answer_type": "choice", "options": ["x", "y"]]),
            TestSupport.jsonLine(["id": "q7", "image": "a.png", "question": "Huh?", "answer": "z", "answer_type": "vector"]),
            TestSupport.jsonLine(["id": "q8", "image": "a.png", "question": "Yes?", "answer": true, "answer_type": "bool"]),
            TestSupport.jsonLine(["id": "q1", "image": "b.png", "question": "Again?", "answer": 1, "answer_type": "number"]),
        ], to: file)
        let dataset = try DatasetFormat.loupe.read(file.path)
        XCTAssertEqual(dataset.items.map(\.id), ["q1", "q8"])
        XCTAssertEqual(dataset.items.map(\.truth), [.number(2), .bool(true)])
        XCTAssertEqual(dataset.problems.map(\.line), [2, 3, 5, 6, 7, 9])
        XCTAssertEqual(dataset.problems.map(\.id), ["questions.jsonl:2", "q3", "q5", "q6", "q7", "questions.jsonl:9#q1"])
        XCTAssertEqual(dataset.problems.map { $0.message.components(separatedBy: ".jsonl:").last! }, [
            "2: not a JSON object",
            "3: answer_type bool needs a true/false answer",
            "5: needs a string \"image\" or \"video\"",
            "6: answer \"z\" is not one of the options",
            "7: unknown answer_type \"vector\" (expected bool, number, string, box or choice)",
            "9: duplicate question id q1 (first at line 1)",
        ])
    }
}
