import Evaluation
import Foundation
@testable import ICLGen
import ShapesWorld
import XCTest

/// `loupe ask`, `loupe ground` and `loupe eval`'s handling of bad input, through the built binary.
final class CLITests: XCTestCase {
    var folder: URL!

    override func setUpWithError() throws {
        folder = try TestSupport.temporaryDirectory("cli")
    }

    override func tearDown() {
        try? FileManager.default.removeItem(at: folder)
        super.tearDown()
    }

    func loupe(_ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
        let process = Process()
        process.executableURL = try TestSupport.loupeBinary()
        process.arguments = arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: stdout, as: UTF8.self), String(decoding: stderr, as: UTF8.self))
    }

    func replay(_ id: String, _ programs: [String]) throws -> String {
        let file = folder.appendingPathComponent("replay-\(id).jsonl")
        try TestSupport.writeLines(programs.map { TestSupport.jsonLine(["id": id, "program": $0]) }, to: file)
        return "replay:" + file.path
    }

    var starsImage: String { TestSupport.fixtures.appendingPathComponent("gqa/images/n0001.jpg").path }

    func testAskPrintsTheAnswer() throws {
        let controller = try replay("ask", ["def execute_command(image):\n    return len(ImagePatch(image).find(\"star\"))\n"])
        let result = try loupe(["ask", "--image", starsImage, "How many stars are there?", "--controller", controller])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(result.stdout, "3\n")
        XCTAssertTrue(result.stderr.contains("oracle"))
    }

    func testAskMarksAFallbackAnswer() throws {
        let controller = try replay("ask", ["def execute_command(image):\n    return undefined_thing\n"])
        // The oracle answers color questions directly (not counting ones).
        let image = TestSupport.fixtures.appendingPathComponent("gqa/images/n0002.jpg").path
        let result = try loupe(["ask", "--image", image, "What color is the star?", "--controller", controller, "--retries", "0"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(result.stdout, "cyan (fallback)\n")
        XCTAssertTrue(result.stderr.contains("FALLBACK"), result.stderr)
    }

    func testAskPrintsThePromptWithRetrievedOrFixedStoredExamples() throws {
        let store = try ICEStore(path: folder.appendingPathComponent("ices.sqlite").path)
        for (n, (family, question)) in [("count", "How many stars are there?"), ("count", "How many circles are there?"),
                                        ("exist", "Is there a red star?"), ("query", "What color is the circle?")].enumerated() {
            let program = "def execute_command(image):\n    return \(n)\n"
            try store.recordQuestion(id: "q\(n)", family: family, question: question, isVideo: false,
                                     candidates: [.init(sample: 0, program: program, correct: true)], maxPerFamily: 8)
        }
        let controller = try replay("prompt", ["def execute_command(image):\n    return 1\n"])
        let ask = ["ask", "--image", starsImage, "What color is the star?", "--controller", controller, "--ices", store.path,
                   "--examples", "2", "--print-prompt"]
        func shown(_ prompt: String) -> [String] {
            prompt.split(separator: "\n").filter { $0.hasPrefix("# Question: ") }.map { String($0.dropFirst("# Question: ".count)) }
        }
        let retrieved = try loupe(ask)
        XCTAssertEqual(retrieved.status, 0, retrieved.stderr)
        // No stored program has a string literal, so there are no slot words: "what color is the circle"
        // shares four words and three pairs, "is there a red star" two words; the closest comes last.
        XCTAssertEqual(shown(retrieved.stdout), ["Is there a red star?", "What color is the circle?", "What color is the star?"])
        XCTAssertTrue(retrieved.stdout.hasSuffix("def execute_command(image):\n    image_patch = ImagePatch(image)\n"))
        let fixed = try loupe(ask + ["--no-retrieval"])
        XCTAssertEqual(fixed.status, 0, fixed.stderr)
        XCTAssertEqual(shown(fixed.stdout), ["Is there a red star?", "How many stars are there?", "What color is the star?"],
                       "the first example of each family in store order, the first family nearest the question")
        let noStore = try loupe(["ask", "--image", starsImage, "What?", "--controller", controller, "--no-retrieval"])
        XCTAssertNotEqual(noStore.status, 0)
        XCTAssertTrue(noStore.stderr.contains("--no-retrieval"), noStore.stderr)
    }

    func testICLGenShardsSplitTheLabeledSetOverOneStore() throws {
        let shapes = folder.appendingPathComponent("shapes")
        try ShapesDataset.write(seed: 3, count: 12, includeVideo: false, to: shapes.path)
        let labeled = shapes.appendingPathComponent("questions.jsonl").path
        let store = folder.appendingPathComponent("shards.sqlite").path
        let iclgen = ["iclgen", "--labeled", labeled, "--store", store, "--controller", "truth", "--samples", "1", "--no-tune", "--quiet"]
        for shard in ["0/2", "1/2"] {
            let result = try loupe(iclgen + ["--shard", shard])
            XCTAssertEqual(result.status, 0, result.stderr)
            XCTAssertTrue(result.stdout.contains("processed=6 skipped=0 verified=6"), result.stdout)
        }
        let whole = try loupe(iclgen)
        XCTAssertTrue(whole.stdout.contains("processed=0 skipped=12"), whole.stdout)
        XCTAssertEqual(try ICEStore.openExisting(store).counts().finished, 12)
        let bad = try loupe(iclgen + ["--shard", "2/2"])
        XCTAssertNotEqual(bad.status, 0)
        XCTAssertTrue(bad.stderr.contains("--shard"), bad.stderr)
    }

    func testAskWithAMissingImageFails() throws {
        let controller = try replay("ask", ["def execute_command(image):\n    return 1\n"])
        let result = try loupe(["ask", "--image", "/nonexistent/a.png", "How many?", "--controller", controller])
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.stderr.contains("image /nonexistent/a.png: no such file"), result.stderr)
    }

    func testGroundPrintsTheBoxAndDrawsIt() throws {
        let image = TestSupport.fixtures.appendingPathComponent("refcoco/images/COCO_train2014_000000000009.jpg").path
        let program = try String(contentsOf: TestSupport.fixtures.appendingPathComponent("refcoco/replay.jsonl"), encoding: .utf8)
            .split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
            .first { $0["id"] as? String == "9001-0" }!["program"] as! String
        let png = folder.appendingPathComponent("box.png")
        let result = try loupe(["ground", "--image", image, "the small diamond below the small green object",
                                "--controller", try replay("ground", [program]), "--out", png.path])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(result.stdout, "{\"box\": [123, 208, 147, 232], \"image\": \"\(image)\"}\n")
        let bytes = try Data(contentsOf: png)
        XCTAssertEqual(Array(bytes.prefix(8)), [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
    }

    func testEvalRejectsAnUnknownFormatAndAMissingDataset() throws {
        let unknown = try loupe(["eval", "--dataset", "x.jsonl", "--format", "vqa", "--controller", "truth"])
        XCTAssertNotEqual(unknown.status, 0)
        XCTAssertTrue(unknown.stderr.contains("unknown dataset format 'vqa'"), unknown.stderr)
        let missing = try loupe(["eval", "--dataset", "/nonexistent/q.jsonl", "--controller", "truth"])
        XCTAssertNotEqual(missing.status, 0)
        XCTAssertTrue(missing.stderr.contains("/nonexistent/q.jsonl: no such file"), missing.stderr)
    }

    func testEvalRecordsEveryBadQuestionAndGoesOn() throws {
        // Copy the GQA sample and add a line-format dataset whose questions break in every way.
        let images = TestSupport.fixtures.appendingPathComponent("gqa/images")
        let dataset = folder.appendingPathComponent("bad.jsonl")
        func question(_ id: String, _ image: String) -> String {
            TestSupport.jsonLine(["id": id, "image": image, "question": "How many stars are there?", "answer": 3, "answer_type": "number",
                                  "family": "count"])
        }
        try TestSupport.writeLines([
            question("ok", images.appendingPathComponent("n0001.jpg").path),
            "{\"id\": \"broken\", ",
            question("no-image", "/nonexistent/n.png"),
            question("garbage", images.appendingPathComponent("n0001.jpg").path),
            question("loops", images.appendingPathComponent("n0001.jpg").path),
            question("empty", images.appendingPathComponent("n0001.jpg").path),
        ], to: dataset)
        let replayFile = folder.appendingPathComponent("replay.jsonl")
        try TestSupport.writeLines([
            TestSupport.jsonLine(["id": "ok", "program": "def execute_command(image):\n    return len(ImagePatch(image).find(\"star\"))\n"]),
            TestSupport.jsonLine(["id": "no-image", "program": "def execute_command(image):\n    return 3\n"]),
            TestSupport.jsonLine(["id": "garbage", "program": "As an AI model I cannot see images."]),
            TestSupport.jsonLine(["id": "loops", "program": "def execute_command(image):\n    while True:\n        pass\n"]),
            TestSupport.jsonLine(["id": "empty", "program": ""]),
        ], to: replayFile)
        let out = folder.appendingPathComponent("results.jsonl")
        let result = try loupe(["eval", "--dataset", dataset.path, "--controller", "replay:" + replayFile.path, "--no-fallback",
                                "--retries", "0", "--max-steps", "100000", "--out", out.path, "--quiet"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stderr.contains("bad.jsonl:2: not a JSON object"), result.stderr)
        XCTAssertEqual(result.stdout.split(separator: "\n").last, "accuracy=0.1667 n=6")
        let records = Dictionary(uniqueKeysWithValues: try ResultsFile.read(out.path).records.map { ($0.id, $0) })
        XCTAssertEqual(Set(records.keys), ["ok", "bad.jsonl:2", "no-image", "garbage", "loops", "empty"])
        XCTAssertEqual(records["ok"]?.correct, true)
        XCTAssertTrue(records["no-image"]?.error?.contains("no such file") ?? false)
        XCTAssertTrue(records["garbage"]?.error?.contains("holds no program") ?? false, records["garbage"]?.error ?? "")
        XCTAssertTrue(records["loops"]?.error?.contains("LimitExceeded") ?? false, records["loops"]?.error ?? "")
        XCTAssertTrue(records["empty"]?.error?.contains("reply is empty") ?? false, records["empty"]?.error ?? "")
        XCTAssertTrue(records.values.allSatisfy { !$0.fallback })
    }
}
