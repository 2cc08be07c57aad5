import Foundation
import Interpreter
import ShapesWorld
import Tools
import XCTest

/// Perception-backed routines under the oracle, against values read from the Shapes world's
/// own scene and timeline files.
final class RoutineTests: XCTestCase {
    // Generated once for the class: rendering 15 questions takes seconds in debug builds.
    nonisolated(unsafe) static var shared: URL?
    var folder: URL { RoutineTests.shared! }

    override class func setUp() {
        super.setUp()
        // 15 questions: 0-10 are image families, 11-14 video families.
        let url = try! ToolsTestSupport.temporaryDirectory("routines")
        try! ShapesDataset.write(seed: 42, count: 15, includeVideo: true, to: url.path)
        shared = url
    }

    override class func tearDown() {
        if let shared { try? FileManager.default.removeItem(at: shared) }
        super.tearDown()
    }

    private func json(_ relative: String) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent(relative))) as! [String: Any]
    }

    private func run(_ body: String, media: VisualProgramRun.Media, controller: ControllerModel? = nil) throws -> String {
        let header: String
        if case .image = media { header = "def execute_command(image):\n" } else { header = "def execute_command(video, question, possible_answers):\n" }
        let source = header + body.split(separator: "\n").map { "    " + $0 }.joined(separator: "\n") + "\n"
        let toolkit = VisionToolkit(perception: Perception(backend: OracleBackend()), controller: controller)
        let outcome = try VisualProgramRun(toolkit: toolkit).run(source: source, path: "t.py", media: media)
        if let error = outcome.error { XCTFail(error.traceback) }
        return outcome.answer ?? ""
    }

    func testTemporalRoutinesAgainstTheTimeline() throws {
        let clip = "videos/video_00011"
        let timeline = try json(clip + "/timeline.json")
        let objects = timeline["objects"] as! [[String: Any]]
        let frames = timeline["frames"] as! [[String: Any]]
        let shape = objects[0]["shape"] as! String
        // Frames showing any object of object 0's shape, computed from the timeline.
        let showing = frames.indices.filter { i in
            (frames[i]["objects"] as! [[String: Any]]).contains { o in objects.first { $0["id"] as! Int == o["id"] as! Int }!["shape"] as! String == shape }
        }
        let counts = frames.map { ($0["objects"] as! [[String: Any]]).count }
        let media = VisualProgramRun.Media.video(folder.appendingPathComponent(clip).path, framesPerSecond: nil, question: "", options: [])
        XCTAssertEqual(try run("s = VideoSegment(video)\nreturn [s.num_frames, s.get_first_frame_with('\(shape)'), s.get_last_frame_with('\(shape)')]", media: media),
                       "[\(frames.count), \(showing.first!), \(showing.last!)]")
        XCTAssertEqual(try run("return VideoSegment(video).count_over_time('object')", media: media),
                       "[" + counts.map(String.init).joined(separator: ", ") + "]")
        XCTAssertEqual(try run("return VideoSegment(video).get_frames_where('Is there a \(shape)?')", media: media),
                       "[" + showing.map(String.init).joined(separator: ", ") + "]")
        // Segment arithmetic: indices relative to the segment, ends exclusive.
        XCTAssertEqual(try run("""
            s = VideoSegment(video)
            t = s.trim(2, 9)
            u = t.trim(1, 3)
            b = s.get_segment_before(4)
            a = s.get_segment_after(4)
            w = s.get_segment_between(2, 6)
            return [t.start, t.end, t.num_frames, u.start, u.end, b.start, b.end, a.start, a.end, w.start, w.end, len(t.frame_iterator()), s.trim(50, 60).num_frames]
            """, media: media), "[2, 9, 7, 3, 5, 0, 4, 5, \(frames.count), 3, 6, 7, 0]")
        let last = try run("f = VideoSegment(video).frame_from_index(-1)\nreturn [f.width, f.height]", media: media)
        XCTAssertEqual(last, "[\(timeline["width"]!), \(timeline["height"]!)]")
        let captions = try run("return len(VideoSegment(video).caption_video())", media: media)
        XCTAssertEqual(captions, "\(frames.count)")
        let toolkit = VisionToolkit(perception: Perception(backend: OracleBackend()))
        let bad = try VisualProgramRun(toolkit: toolkit).run(source: "def execute_command(video, question, possible_answers):\n    return VideoSegment(video).frame_from_index(99)\n",
                                                            path: "t.py", media: media)
        XCTAssertEqual(bad.error?.typeName, "ValueError")
        XCTAssertTrue(bad.error?.message.contains("frame index 99 is out of range for a segment of \(frames.count) frames") ?? false)
    }

    func testImageRoutinesAndGroundingUnderTheOracle() throws {
        let scene = try json("images/scene_00000.json")
        let objects = scene["objects"] as! [[String: Any]]
        let first = objects[0]
        let phrase = "\(first["size"]!) \(first["color"]!) \(first["shape"]!)"
        let sameNamed = objects.filter { "\($0["size"]!) \($0["color"]!) \($0["shape"]!)" == phrase }
        let box = first["box"] as! [Int]
        let media = VisualProgramRun.Media.image(folder.appendingPathComponent("images/scene_00000.png").path)
        XCTAssertEqual(try run("return [ImagePatch(image).count('\(phrase)'), ImagePatch(image).count('object'), ImagePatch(image).count('dog')]", media: media),
                       "[\(sameNamed.count), \(objects.count), 0]")
        XCTAssertEqual(try run("return ImagePatch(image).ground('\(phrase)')", media: media),
                       sameNamed.count == 1 ? "[\(box[0]), \(box[1]), \(box[2]), \(box[3])]" : try run("return ImagePatch(image).find('\(phrase)')[0]", media: media))
        XCTAssertEqual(try run("return ImagePatch(image).ground('purple elephant')", media: media), "None")
        XCTAssertEqual(try run("p = ImagePatch(image).find('\(phrase)')[0]\nreturn [describe_region(p), p.verify_property('\(first["shape"]!)', '\(first["color"]!)'), p.best_text_match(['nothing here', '\(phrase)'])]", media: media),
                       "['a \(phrase)\(first["label"] is String ? " labeled \(first["label"]!)" : "")', True, '\(phrase)']")
        XCTAssertEqual(try run("return len(ImagePatch(image).grounded_caption())", media: media), "\(objects.count)")
        XCTAssertEqual(try run("ps = ImagePatch(image).find('object')\nreturn best_image_match(ps, ['\(phrase)'], return_index=True) == [i for i in range(len(ps)) if ps[i].simple_query('What shape is this?') == '\(first["shape"]!)' and ps[i].simple_query('What color is this?') == '\(first["color"]!)'][0]", media: media),
                       "yes")
    }

    /// A stand-in for the controller language model that records prompts and replies from a script.
    final class ScriptedController: ControllerModel {
        var prompts: [String] = []
        let reply: (String) -> String
        init(_ reply: @escaping (String) -> String) { self.reply = reply }
        func complete(_ prompt: String) throws -> String {
            prompts.append(prompt)
            return reply(prompt)
        }
    }

    func testControllerRoutines() throws {
        let controller = ScriptedController { prompt in prompt.contains("Options:") ? "(B)" : " Paris \n" }
        let media = VisualProgramRun.Media.video(folder.appendingPathComponent("videos/video_00012").path, framesPerSecond: nil,
                                                 question: "Which?", options: ["one", "two", "three"])
        XCTAssertEqual(try run("return VideoSegment(video).select_answer({'frame 0': 'a red circle'}, question, possible_answers)", media: media, controller: controller), "two")
        XCTAssertTrue(controller.prompts.last?.contains("{'frame 0': 'a red circle'}") ?? false)
        XCTAssertTrue(controller.prompts.last?.contains("(C) three") ?? false)
        let image = VisualProgramRun.Media.image(folder.appendingPathComponent("images/scene_00000.png").path)
        XCTAssertEqual(try run("return [llm_query('Capital of France?'), ImagePatch(image).llm_query('Capital of France?', long_answer=False), process_guesses('Capital?', 'paris', 'lyon')]",
                               media: image, controller: controller), "['Paris', 'Paris', 'Paris']")
        XCTAssertTrue(controller.prompts.last?.contains("Guesses: paris; lyon") ?? false)
        // Without a controller these routines are not offered.
        let bare = VisionToolkit(perception: Perception(backend: OracleBackend())).registry()
        XCTAssertNil(bare.function(named: "llm_query"))
        XCTAssertNil(bare.function(named: "process_guesses"))
        XCTAssertNil(bare.type(named: "ImagePatch")?.method(named: "llm_query"))
    }
}
