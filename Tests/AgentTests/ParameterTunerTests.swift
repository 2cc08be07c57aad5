import Agent
import Evaluation
@testable import ICLGen
import ShapesWorld
import Tools
import XCTest

/// Perception for this test only (a test double): the Shapes oracle plus one spurious detection
/// of every phrase with score 0.35 in the top-left corner, so that a score threshold at or below
/// 0.35 over-counts and 0.4 or more is exact.
final class SpuriousDetectionOracle: PerceptionBackend {
    let oracle = OracleBackend()
    let kind = "spurious-oracle-test-double"
    let modelIdentifier = "test"
    var capabilities: Set<PerceptionCapability> { oracle.capabilities }
    var isOracle: Bool { true }

    func detect(_ input: PerceptionInput, phrase: String) throws -> [Detection] {
        try oracle.detect(input, phrase: phrase) + [Detection(box: BoundingBox(xMin: 0, yMin: 0, xMax: 3, yMax: 3), score: 0.35, label: phrase)]
    }
    func answer(_ input: PerceptionInput, question: String) throws -> String { try oracle.answer(input, question: question) }
    func caption(_ input: PerceptionInput) throws -> String { try oracle.caption(input) }
    func score(_ input: PerceptionInput, texts: [String]) throws -> [Double] { try oracle.score(input, texts: texts) }
    func chooseForVideo(frames: [SourceImage], question: String, options: [String]) throws -> String {
        try oracle.chooseForVideo(frames: frames, question: question, options: options)
    }
}

final class ParameterTunerTests: XCTestCase {
    func testGridSearchFindsTheThresholdThatRemovesSpuriousDetections() throws {
        let folder = try TestSupport.temporaryDirectory("tuner")
        defer { try? FileManager.default.removeItem(at: folder) }
        try ShapesDataset.write(seed: 31, count: 22, includeVideo: false, to: folder.path)
        let all = try DatasetFormat.loupe.read(folder.appendingPathComponent("questions.jsonl").path)
        var counting = all
        counting.items = all.items.filter { $0.family == "count" || $0.family == "exist" }
        XCTAssertEqual(counting.items.count, 4)

        let store = try ICEStore(path: folder.appendingPathComponent("ices.sqlite").path)
        let truth = TruthController()
        // Sampling at the default threshold (0.3): the spurious detections make every count one too many.
        let report = try ICLGenerator(store: store, options: .init(samples: 1, workers: 1, showProgress: false)) {
            Agent(controller: truth, perception: Perception(backend: SpuriousDetectionOracle()),
                  configuration: AgentConfiguration(maxRetries: 0, fallbackToDirectQuery: false))
        }.run(counting)
        XCTAssertEqual(report.processed, 4)
        let exist = counting.items.filter { $0.family == "exist" }
        let existTrue = exist.filter { $0.truth == .bool(true) }.count
        XCTAssertEqual(report.verified, existTrue, "only 'exist' questions whose answer is yes survive the spurious detections")

        let result = try ParameterTuner.tune(store: store, dataset: counting) { parameters in
            VisionToolkit(perception: Perception(backend: SpuriousDetectionOracle(), detection: parameters))
        }
        for point in result.grid {
            XCTAssertEqual(point.runs, 4)
            XCTAssertEqual(point.correct, point.parameters.scoreThreshold > 0.35 ? 4 : existTrue, "\(point.parameters)")
        }
        XCTAssertEqual(result.chosen, DetectionParameters(scoreThreshold: 0.4, nmsIoUThreshold: 0.3), "first best point in grid order")
        XCTAssertEqual(try store.tunedDetection(), result.chosen)
    }
}
