import Foundation
import Interpreter
import ShapesWorld
import Tools
import XCTest

/// The Shapes world's ground-truth programs, image and video, must pass the static checker
/// against the registered vision API and, run under the oracle, give the dataset's answers.
final class ShapesOracleTests: XCTestCase {
    func testGroundTruthProgramsCheckCleanAndAnswerRightUnderTheOracle() throws {
        let folder = try ToolsTestSupport.temporaryDirectory("shapes")
        defer { try? FileManager.default.removeItem(at: folder) }
        let families = ShapesDataset.families(includeVideo: true).count
        try ShapesDataset.write(seed: 20261130, count: families * 8, includeVideo: true, to: folder.path)

        let checkRegistry = VisionToolkit.declaredAPI()
        let text = try String(contentsOf: folder.appendingPathComponent("questions.jsonl"), encoding: .utf8)
        var total = 0, passed = 0
        var failures: [String: [String]] = [:]
        for line in text.split(separator: "\n") {
            let q = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            let id = q["id"] as! String, family = q["family"] as! String, program = q["program"] as! String
            total += 1
            let findings = Checker.check(program, registry: checkRegistry)
            if !findings.isEmpty {
                failures[family, default: []].append("\(id): check: \(findings.map(\.description).joined(separator: "; "))")
                continue
            }
            let media: VisualProgramRun.Media
            if let image = q["image"] as? String {
                media = .image(folder.appendingPathComponent(image).path)
            } else {
                media = .video(folder.appendingPathComponent(q["video"] as! String).path, framesPerSecond: nil,
                               question: q["question"] as! String, options: q["options"] as? [String] ?? [])
            }
            let toolkit = VisionToolkit(perception: Perception(backend: OracleBackend()))
            let outcome = try VisualProgramRun(toolkit: toolkit).run(source: program, path: id, media: media)
            guard let answer = outcome.answer else {
                failures[family, default: []].append("\(id): run: \(outcome.error?.description ?? "no answer")")
                continue
            }
            let expected = Self.expected(q["answer"]!, type: q["answer_type"] as! String)
            if answer == expected {
                passed += 1
            } else {
                failures[family, default: []].append("\(id): '\(q["question"]!)' answered '\(answer)', expected '\(expected)'")
            }
        }
        print("Shapes ground-truth programs under the oracle: \(passed)/\(total) passed (\(families) families, seed 20261130)")
        for (family, list) in failures.sorted(by: { $0.key < $1.key }) {
            print("  \(family): \(list.count) failed, e.g. \(list[0])")
        }
        XCTAssertEqual(passed, total, "failing families: \(failures.keys.sorted())")
    }

    static func expected(_ answer: Any, type: String) -> String {
        switch type {
        case "bool": return (answer as? Bool ?? false) ? "yes" : "no"
        case "box":
            let numbers = (answer as? [Any] ?? []).map { "\($0)" }
            return "[" + numbers.joined(separator: ", ") + "]"
        default: return "\(answer)"
        }
    }
}
