import Foundation
import ShapesWorld
import XCTest

/// `loupe check` and `loupe exec --image/--video` as a user runs them.
final class CommandLineTests: XCTestCase {
    func testCheckReportsSyntaxErrorWithLineAndColumn() throws {
        let folder = try ToolsTestSupport.temporaryDirectory("check")
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("bad.py").path
        try "def execute_command(image)\n    image_patch = ImagePatch(image)\n    return image_patch.find('star')\n"
            .write(toFile: file, atomically: true, encoding: .utf8)
        let result = try ToolsTestSupport.runLoupe(["check", file])
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.stdout.hasPrefix("1:27: expected ':'"), result.stdout + result.stderr)

        let numpy = folder.appendingPathComponent("np.py").path
        try "def execute_command(image):\n    return np.mean([1, 2])\n".write(toFile: numpy, atomically: true, encoding: .utf8)
        let numpyResult = try ToolsTestSupport.runLoupe(["check", numpy])
        XCTAssertEqual(numpyResult.status, 1)
        XCTAssertTrue(numpyResult.stdout.contains("2:12: numpy is not available in Loupe"), numpyResult.stdout)

        let good = folder.appendingPathComponent("good.py").path
        try "def execute_command(image):\n    image_patch = ImagePatch(image)\n    return get_middle_patch(image_patch.find('star')).simple_query('What color?')\n"
            .write(toFile: good, atomically: true, encoding: .utf8)
        let goodResult = try ToolsTestSupport.runLoupe(["check", good])
        XCTAssertEqual(goodResult.status, 0, goodResult.stdout)
    }

    func testExecPrintsAnswersOfImageAndVideoPrograms() throws {
        let folder = try ToolsTestSupport.temporaryDirectory("exec")
        defer { try? FileManager.default.removeItem(at: folder) }
        let families = 15
        try ShapesDataset.write(seed: 11, count: families, includeVideo: true, to: folder.path)
        let lines = try String(contentsOf: folder.appendingPathComponent("questions.jsonl"), encoding: .utf8).split(separator: "\n")
        for line in lines {
            let q = try JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any]
            let family = q["family"] as! String
            guard ["exist", "count", "grounding", "video_count", "video_multiple_choice"].contains(family) else { continue }
            let program = folder.appendingPathComponent("\(family).py").path
            try (q["program"] as! String).write(toFile: program, atomically: true, encoding: .utf8)
            var arguments = ["exec", program, "--no-cache"]
            if let image = q["image"] as? String {
                arguments += ["--image", folder.appendingPathComponent(image).path]
            } else {
                arguments += ["--video", folder.appendingPathComponent(q["video"] as! String).path, "--question", q["question"] as! String,
                              "--options", (q["options"] as? [String] ?? []).joined(separator: "|")]
            }
            let result = try ToolsTestSupport.runLoupe(arguments)
            XCTAssertEqual(result.status, 0, result.stderr)
            XCTAssertTrue(result.stderr.contains("oracle"), "oracle runs must say so")
            XCTAssertEqual(result.stdout, ShapesOracleTests.expected(q["answer"]!, type: q["answer_type"] as! String) + "\n", family)
        }
    }

    func testExecRuntimeErrorShowsTheCheckerFinding() throws {
        let folder = try ToolsTestSupport.temporaryDirectory("typo")
        defer { try? FileManager.default.removeItem(at: folder) }
        try ShapesDataset.write(seed: 1, count: 1, includeVideo: false, to: folder.path)
        let program = folder.appendingPathComponent("typo.py").path
        try "def execute_command(image):\n    image_patch = ImagePatch(image)\n    return image_patch.fnd('star')\n"
            .write(toFile: program, atomically: true, encoding: .utf8)
        let result = try ToolsTestSupport.runLoupe(["exec", program, "--no-cache", "--image", folder.appendingPathComponent("images/scene_00000.png").path])
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.stderr.contains("AttributeError: 'ImagePatch' object has no attribute 'fnd'"), result.stderr)
        XCTAssertTrue(result.stderr.contains("did you mean 'find'?"), result.stderr)
    }
}
