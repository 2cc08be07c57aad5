import Foundation
import Interpreter
import Tools
import VLM
import XCTest

/// Bad programs and bad media get clear errors naming what and where.
final class BadInputTests: XCTestCase {
    let registry = VisionToolkit.declaredAPI()

    func testUnknownMethodIsReportedWithTheCloseName() {
        let findings = Checker.check("""
            def execute_command(image):
                image_patch = ImagePatch(image)
                return image_patch.fnd("red circle")
            """, registry: registry)
        XCTAssertEqual(findings.count, 1)
        XCTAssertEqual(findings.first?.location.line, 3)
        XCTAssertTrue(findings.first?.message.contains("'ImagePatch' object has no attribute 'fnd'; did you mean 'find'?") ?? false,
                      findings.first?.description ?? "no finding")
        // Methods of values returned by host calls are checked through the return annotations.
        let chained = Checker.check("""
            def execute_command(video, question, possible_answers):
                video_segment = VideoSegment(video)
                return video_segment.frame_from_index(0).simple_qeury("What color?")
            """, registry: registry)
        XCTAssertTrue(chained.first?.message.contains("did you mean 'simple_query'?") ?? false, chained.map(\.description).joined())
    }

    func testRuntimeAttributeErrorOnAHostObjectListsTheCloseNames() throws {
        let image = try RGBImage(width: 32, height: 24, filledWith: (10, 20, 30))
        func error(_ body: String) throws -> RunError? {
            // The checker cannot know what a dict holds: only the run meets these receivers.
            try ToolsTestSupport.run("def execute_command(image):\n    patches = {'all': ImagePatch(image)}\n    return \(body)\n", image: image).error
        }
        let typo = try error("patches['all'].simple_qeury('What?')")
        XCTAssertEqual(typo?.typeName, "AttributeError")
        XCTAssertEqual(typo?.line, 3)
        XCTAssertEqual(typo?.message, "'ImagePatch' object has no attribute 'simple_qeury'; did you mean 'simple_query'?")
        // Nothing within two edits: every member is listed, so the right one is among them.
        let unknown = try error("patches['all'].find_objects('star')")?.message ?? ""
        XCTAssertTrue(unknown.hasPrefix("'ImagePatch' object has no attribute 'find_objects'; 'ImagePatch' has only "), unknown)
        XCTAssertTrue(unknown.contains("'find', ") && unknown.contains("'simple_query'"), unknown)
        // The Image itself has nothing to call: its doc says to wrap it.
        XCTAssertEqual(try error("image.find_objects('star')")?.message,
                       "'Image' object has no attribute 'find_objects'; 'Image' has only 'height', 'width' (An image (or a crop of one) as passed to execute_command; wrap it in ImagePatch(image) to look at it.)")
    }

    func testWrongArityOfAHostRoutineIsReported() {
        let findings = Checker.check("""
            def execute_command(image):
                return get_patch_closest_to_anchor_object(ImagePatch(image).find("star"))
            """, registry: registry)
        XCTAssertTrue(findings.first?.message.contains("missing 1 required positional argument: 'anchor_object'") ?? false,
                      findings.map(\.description).joined())
    }

    func testNumpyGetsTheClearMessage() {
        let findings = Checker.check("""
            def execute_command(image):
                image_patch = ImagePatch(image)
                return np.mean([p.horizontal_center for p in image_patch.find("star")])
            """, registry: registry)
        XCTAssertEqual(findings.first?.location.line, 3)
        XCTAssertTrue(findings.first?.message.contains("numpy is not available in Loupe") ?? false, findings.map(\.description).joined())
    }

    func testSyntaxErrorHasLineAndColumn() {
        let findings = Checker.check("def execute_command(image)\n    return 1\n", registry: registry)
        XCTAssertEqual(findings.first?.kind, "SyntaxError")
        XCTAssertEqual(findings.first?.location.line, 1)
        // CPython 3.11 reports offset 27 for this line (the position of the missing ':').
        XCTAssertEqual(findings.first?.location.column, 27)
        XCTAssertTrue(findings.first?.description.hasPrefix("1:27: expected ':'") ?? false, findings.first?.description ?? "")
    }

    func testOnlyOfferedRoutinesAreRegistered() {
        let detectOnly = VisionToolkit.declaredAPI(capabilities: [.detect], withController: false)
        let text = detectOnly.renderAPIText()
        XCTAssertTrue(text.contains("def find(self, object_name: str) -> list[ImagePatch]"), text)
        XCTAssertFalse(text.contains("def simple_query"))
        XCTAssertFalse(text.contains("def llm_query"))
        XCTAssertFalse(text.contains("def select_answer"))
        XCTAssertFalse(text.contains("compute_depth"), "no depth backend exists, so compute_depth is never offered")
        let findings = Checker.check("def execute_command(image):\n    return ImagePatch(image).simple_query('What?')\n", registry: detectOnly)
        XCTAssertTrue(findings.first?.message.contains("has no attribute 'simple_query'") ?? false)
        let full = VisionToolkit.declaredAPI().renderAPIText()
        for name in ["def ground(self, phrase: str)", "def describe_region(", "def grounded_caption(self)", "def llm_query(",
                     "def process_guesses(", "def best_image_match(", "def select_answer(self", "def get_frames_where(self",
                     "def count_over_time(self", "def caption_video(self", "def get_segment_between(self", "def frame_iterator(self"] {
            XCTAssertTrue(full.contains(name), "API text lacks \(name)")
        }
        XCTAssertTrue(full.contains("Served by detection with the phrase"), "grounding routines must say how they are served")
    }

    func testMissingSceneFileForTheOracle() throws {
        let folder = try ToolsTestSupport.temporaryDirectory("noscene")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("plain.png").path
        try RGBImage(width: 32, height: 24, filledWith: (10, 20, 30)).writePNG(to: path)
        let toolkit = VisionToolkit(perception: Perception(backend: OracleBackend()))
        let outcome = try VisualProgramRun(toolkit: toolkit).run(
            source: "def execute_command(image):\n    return ImagePatch(image).exists('star')\n", path: "p.py", media: .image(path))
        XCTAssertNil(outcome.answer)
        let message = outcome.error?.description ?? ""
        XCTAssertTrue(message.contains("oracle: no scene file for \(path)"), message)
        XCTAssertEqual(outcome.error?.line, 2)
    }

    func testMissingImageFile() throws {
        let toolkit = VisionToolkit(perception: Perception(backend: OracleBackend()))
        XCTAssertThrowsError(try VisualProgramRun(toolkit: toolkit).run(
            source: "def execute_command(image):\n    return 1\n", path: "p.py", media: .image("/nonexistent/x.png"))) { error in
            XCTAssertTrue("\(error)".contains("/nonexistent/x.png"), "\(error)")
        }
    }

    func testCorruptVideoFileIsAClearError() throws {
        let folder = try ToolsTestSupport.temporaryDirectory("corrupt")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("broken.mp4").path
        try Data((0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 131) }).write(to: URL(fileURLWithPath: path))
        XCTAssertThrowsError(try VideoSource.open(path)) { error in
            let text = "\(error)"
            XCTAssertTrue(text.contains("video \(path) cannot be decoded by ffmpeg"), text)
        }
        XCTAssertThrowsError(try VideoSource.open(folder.appendingPathComponent("missing.mp4").path)) { error in
            XCTAssertTrue("\(error)".contains("no such file"), "\(error)")
        }
    }

    func testVideoFileDecodedThroughFFmpegAtTheStatedRate() throws {
        let folder = try ToolsTestSupport.temporaryDirectory("video")
        defer { try? FileManager.default.removeItem(at: folder) }
        // 8 frames at 4 fps, each a different gray, encoded losslessly (PNG codec in Matroska).
        for i in 0..<8 {
            try RGBImage(width: 32, height: 24, filledWith: (UInt8(i * 30), UInt8(i * 30), UInt8(i * 30)))
                .writePNG(to: folder.appendingPathComponent(String(format: "in_%02d.png", i)).path)
        }
        let video = folder.appendingPathComponent("clip.mkv").path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["ffmpeg", "-nostdin", "-v", "error", "-framerate", "4", "-i", folder.appendingPathComponent("in_%02d.png").path,
                             "-c:v", "png", video]
        try process.run()
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0)
        let at4 = try VideoSource.open(video, framesPerSecond: 4)
        XCTAssertEqual(at4.frames.count, 8)
        XCTAssertEqual(try at4.frames[5].pixels().pixel(x: 3, y: 3).r, 150)
        let at2 = try VideoSource.open(video, framesPerSecond: 2)
        XCTAssertEqual(at2.frames.count, 4)
    }

    func testRegistryOutlivingItsToolkitRaisesInsteadOfCrashing() {
        let registry = VisionToolkit(perception: Perception(backend: OracleBackend())).registry()
        let interpreter = Interpreter(registry: registry)
        XCTAssertNil(interpreter.run(source: "def f():\n    return get_largest_patch([])\n").error)
        let result = interpreter.call("f", [])
        XCTAssertEqual(result.error?.typeName, "RuntimeError")
        XCTAssertTrue(result.error?.message.contains("was released") ?? false, result.error?.description ?? "")
    }
}
