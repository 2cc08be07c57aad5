import Foundation
import ShapesWorld
import Tools
import VLM
import XCTest

/// The HTML trace renders in headless Chromium with the answer's box where it belongs.
final class TraceTests: XCTestCase {
    func testTracePageRendersTheAnswerBoxInChromium() throws {
        let folder = try ToolsTestSupport.temporaryDirectory("trace")
        defer { try? FileManager.default.removeItem(at: folder) }
        // Question 9 of an image set is the grounding family (family index 9 of 11).
        try ShapesDataset.write(seed: 3, count: 10, includeVideo: false, to: folder.path)
        let lines = try String(contentsOf: folder.appendingPathComponent("questions.jsonl"), encoding: .utf8).split(separator: "\n")
        let q = try JSONSerialization.jsonObject(with: Data(lines[9].utf8)) as! [String: Any]
        XCTAssertEqual(q["family"] as? String, "grounding")
        let expected = (q["answer"] as! [Int])
        let box = BoundingBox(xMin: expected[0], yMin: expected[1], xMax: expected[2], yMax: expected[3])

        let backend = OracleBackend()
        let toolkit = VisionToolkit(perception: Perception(backend: backend))
        let outcome = try VisualProgramRun(toolkit: toolkit).run(source: q["program"] as! String, path: "grounding.py",
                                                                 media: .image(folder.appendingPathComponent(q["image"] as! String).path))
        XCTAssertEqual(outcome.answer, box.json)
        XCTAssertFalse(outcome.looks.isEmpty)
        XCTAssertTrue(outcome.looks.allSatisfy { $0.hostCall >= 0 && $0.hostCall < outcome.calls.count })
        let html = folder.appendingPathComponent("trace.html")
        try TraceReport(program: q["program"] as! String, path: "grounding.py", outcome: outcome, backend: backend).write(to: html.path)
        let page = try String(contentsOf: html, encoding: .utf8)
        XCTAssertTrue(page.contains("ORACLE"))
        XCTAssertTrue(page.contains("data:image/png;base64,"))
        XCTAssertFalse(page.contains("src=\"http"), "the page must be self-contained")
        XCTAssertTrue(page.contains("ImagePatch.find"), "per-line host calls are listed")
        let answerPNG = folder.appendingPathComponent("trace.answer.png").path
        let drawn = try ImageDecoder.decode(contentsOf: answerPNG)
        XCTAssertEqual(drawn.pixel(x: box.xMin, y: (box.yMin + box.yMax) / 2).r, 255)
        XCTAssertEqual(drawn.pixel(x: box.xMin, y: (box.yMin + box.yMax) / 2).g, 0)

        let screenshot = folder.appendingPathComponent("shot.png")
        let chromium = Process()
        chromium.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        chromium.arguments = ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--force-device-scale-factor=1",
                              "--hide-scrollbars", "--window-size=800,900", "--screenshot=\(screenshot.path)", html.absoluteString]
        chromium.standardOutput = FileHandle.nullDevice
        chromium.standardError = FileHandle.nullDevice
        do { try chromium.run() } catch { return XCTFail("chromium is needed for this test (apt-get install -y chromium): \(error)") }
        chromium.waitUntilExit()
        XCTAssertEqual(chromium.terminationStatus, 0, "chromium failed; is it installed (apt-get install -y chromium)?")
        let shot = try ImageDecoder.decode(contentsOf: screenshot.path)
        // The answer image is the page's first element at (0, 0), one CSS pixel per image pixel.
        let midY = (box.yMin + box.yMax) / 2
        for (x, y) in [(box.xMin, midY), (box.xMax - 1, midY), ((box.xMin + box.xMax) / 2, box.yMin)] {
            let p = shot.pixel(x: x, y: y)
            XCTAssertTrue(p.r > 230 && p.g < 40 && p.b < 40, "no red box edge at (\(x), \(y)) of the screenshot: \(p)")
        }
        // Outside the box the screenshot shows the scene, not red.
        let outside = shot.pixel(x: box.xMin - 3 >= 0 ? box.xMin - 3 : box.xMax + 3, y: midY)
        XCTAssertFalse(outside.r > 230 && outside.g < 40 && outside.b < 40)
    }
}
