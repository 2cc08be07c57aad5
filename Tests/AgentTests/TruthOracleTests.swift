import Agent
import Evaluation
import ShapesWorld
import Tools
import XCTest

/// Ground-truth programs with oracle perception must answer every Shapes question correctly:
/// this checks the interpreter, the tools, the oracle, the dataset reader and the scorer together.
final class TruthOracleTests: XCTestCase {
    func testTruthControllerWithOracleScoresEveryQuestion() throws {
        let folder = try TestSupport.temporaryDirectory("truth-oracle")
        defer { try? FileManager.default.removeItem(at: folder) }
        // 510 = 34 questions of each of the 15 families (11 image, 4 video).
        try ShapesDataset.write(seed: 2024, count: 510, includeVideo: true, to: folder.path)
        let dataset = try DatasetFormat.loupe.read(folder.appendingPathComponent("questions.jsonl").path)
        XCTAssertEqual(dataset.problems, [])
        XCTAssertEqual(dataset.items.count, 510)
        XCTAssertEqual(Set(dataset.items.map(\.family)).count, 15)
        XCTAssertEqual(dataset.items.filter(\.media.isVideo).count, 136)

        let controller = TruthController()
        let runner = EvaluationRunner(dataset: dataset, results: nil,
                                      options: .init(workers: 2, controllerName: "truth", visionName: "oracle", showProgress: false),
                                      make: { TestSupport.oracleAgent(controller, retries: 0) })
        let records = try runner.run()
        XCTAssertEqual(records.count, 510)
        let wrong = records.filter { !$0.correct }
        let listing = wrong.prefix(40).map {
            "\($0.id) [\($0.family)] \($0.question) -> \($0.answer ?? "nil") (truth \($0.groundTruth)) \($0.error ?? "")"
        }.joined(separator: "\n")
        XCTAssertTrue(wrong.isEmpty, "\(wrong.count) of 510 wrong:\n\(listing)")
        XCTAssertTrue(records.allSatisfy { $0.oracle && !$0.fallback && $0.attempts == 1 })
    }
}
