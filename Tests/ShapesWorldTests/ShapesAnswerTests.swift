import Foundation
import XCTest
@testable import ShapesWorld
import VLM

/// Generates one 100-question set (all families, with videos) and checks it against the files alone.
final class ShapesAnswerTests: XCTestCase {
    nonisolated(unsafe) static var generated: GeneratedSet?

    static func set() throws -> GeneratedSet {
        if let generated { return generated }
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("loupe-shapes-answers-\(getpid())")
        try? FileManager.default.removeItem(at: root)
        try ShapesDataset.write(seed: 2026, count: 100, includeVideo: true, to: root.path)
        generated = try GeneratedSet(root: root)
        return generated!
    }

    func testEveryFamilyIsPresentAndEveryLineIsWellFormed() throws {
        let set = try Self.set()
        XCTAssertEqual(set.questions.count, 100)
        let families = Set(set.questions.compactMap { $0["family"] as? String })
        XCTAssertEqual(families, Set(QuestionFamily.allCases.map(\.rawValue)))
        XCTAssertEqual(families.count, 15)
        var ids = Set<String>()
        for question in set.questions {
            let id = try XCTUnwrap(question["id"] as? String)
            XCTAssert(ids.insert(id).inserted, "duplicate id \(id)")
            let family = try XCTUnwrap(question["family"] as? String)
            XCTAssertFalse(try XCTUnwrap(question["question"] as? String).isEmpty)
            XCTAssertNotNil(question["answer"])
            let type = try XCTUnwrap(question["answer_type"] as? String)
            XCTAssert(["bool", "number", "string", "box", "choice"].contains(type), id)
            let program = try XCTUnwrap(question["program"] as? String)
            if family.hasPrefix("video_") {
                let folder = try XCTUnwrap(question["video"] as? String)
                XCTAssert(program.hasPrefix("def execute_command(video, question, possible_answers):\n"), id)
                XCTAssert(FileManager.default.fileExists(atPath: set.root.appendingPathComponent(folder + "/timeline.json").path))
                XCTAssert(FileManager.default.fileExists(atPath: set.root.appendingPathComponent(folder + "/frame_000.png").path))
            } else {
                let image = try XCTUnwrap(question["image"] as? String)
                XCTAssert(program.hasPrefix("def execute_command(image):\n    image_patch = ImagePatch(image)\n"), id)
                XCTAssert(FileManager.default.fileExists(atPath: set.root.appendingPathComponent(image).path))
            }
            XCTAssert(program.contains("return "), id)
            if type == "choice" {
                let options = try XCTUnwrap(question["options"] as? [String])
                XCTAssertEqual(options.count, 5, id)
                XCTAssertEqual(Set(options).count, 5, id)
                XCTAssert(options.contains(try XCTUnwrap(question["answer"] as? String)), id)
            } else {
                XCTAssertNil(question["options"], id)
            }
        }
    }

    func testImageAnswersMatchARecomputationFromTheSceneFiles() throws {
        let set = try Self.set()
        var checked = 0
        for question in set.questions where question["image"] != nil {
            let image = question["image"] as! String
            let scene = try set.json(image.replacingOccurrences(of: ".png", with: ".json"))
            let objects = try (scene["objects"] as! [[String: Any]]).map(FileObject.init)
            let expected = try recompute(question, objects: objects)
            let id = question["id"] as! String
            XCTAssert(sameAnswer(question["answer"]!, expected), "\(id) \"\(question["question"]!)\": file says \(question["answer"]!), recomputed \(expected)")
            checked += 1
        }
        XCTAssertGreaterThanOrEqual(checked, 70)
    }

    func testVideoAnswersMatchARecomputationFromTheTimelines() throws {
        let set = try Self.set()
        var checked = 0
        for question in set.questions where question["video"] != nil {
            let timeline = try set.json((question["video"] as! String) + "/timeline.json")
            let expected = try recomputeVideo(question, timeline: timeline)
            let id = question["id"] as! String
            XCTAssert(sameAnswer(question["answer"]!, expected), "\(id) \"\(question["question"]!)\": file says \(question["answer"]!), recomputed \(expected)")
            checked += 1
        }
        XCTAssertGreaterThanOrEqual(checked, 24)
    }

    /// The centre pixel of every object (a pixel inside, away from its label, for labeled ones) has
    /// exactly the object's color, the pixel just above its box is background, and edges are anti-aliased.
    func testRenderedPixelsAgreeWithTheSceneFiles() throws {
        let set = try Self.set()
        for question in set.questions where question["image"] != nil {
            let image = question["image"] as! String
            let scene = try set.json(image.replacingOccurrences(of: ".png", with: ".json"))
            let picture = try ImageDecoder.decode(contentsOf: set.root.appendingPathComponent(image).path)
            XCTAssertEqual(picture.width, scene["width"] as? Int)
            XCTAssertEqual(picture.height, scene["height"] as? Int)
            let background = (scene["background"] as! [String: Any])["rgb"] as! [Int]
            var colors = Set([background.map(UInt8.init)])
            colors.insert(background.map { UInt8($0 - 5) })
            colors.formUnion([[20, 20, 20], [255, 255, 255]])  // label ink
            for raw in scene["objects"] as! [[String: Any]] {
                let object = try FileObject(raw)
                let rgb = (raw["rgb"] as! [Int]).map(UInt8.init)
                colors.insert(rgb)
                let x = Int(object.centerX.rounded(.down))
                let y = object.label == nil ? Int(object.centerY.rounded(.down)) : object.box[1] + 3
                let pixel = picture.pixel(x: x, y: y)
                XCTAssertEqual([pixel.r, pixel.g, pixel.b], rgb, "\(image) object \(object.id) (\(object.shape)) at (\(x), \(y))")
                if object.box[1] > 0 {
                    let above = picture.pixel(x: x, y: object.box[1] - 1)
                    let value = Int(above.r)
                    XCTAssert(value == background[0] || value == background[0] - 5,
                              "\(image) object \(object.id): pixel above the box is not background")
                }
            }
            let mixed = stride(from: 0, to: picture.pixels.count, by: 3).contains { index in
                !colors.contains(Array(picture.pixels[index..<(index + 3)]))
            }
            XCTAssert(mixed, "\(image) has no anti-aliased edge pixels")
        }
    }

    // MARK: - Independent recomputation

    private func recompute(_ question: [String: Any], objects: [FileObject]) throws -> Any {
        let text = question["question"] as! String
        let family = question["family"] as! String
        func unique(_ phrase: String) throws -> FileObject {
            let matching = try objects.filter(Phrase(phrase).matches)
            XCTAssertEqual(matching.count, 1, "\"\(phrase)\" must name exactly one object in \"\(text)\"")
            return try XCTUnwrap(matching.first)
        }
        func count(_ phrase: String) throws -> Int { try objects.filter(Phrase(phrase).matches).count }
        func attribute(_ name: String, _ object: FileObject) -> String { name == "color" ? object.color : object.shape }
        func on(_ relation: String, _ object: FileObject, of anchor: FileObject) -> Bool {
            switch relation {
            case "left of", "to the left of": return object.centerX < anchor.centerX
            case "right of", "to the right of": return object.centerX > anchor.centerX
            case "above": return object.centerY < anchor.centerY
            default: return object.centerY > anchor.centerY
            }
        }
        switch family {
        case "exist":
            let parts = try XCTUnwrap(captures("Is there an? (.+)\\?", text))
            return try count(parts[0]) > 0
        case "count":
            return try count(XCTUnwrap(captures("How many (.+) are there\\?", text))[0])
        case "query_attribute":
            let parts = try XCTUnwrap(captures("What (color|shape) is the (.+)\\?", text))
            return attribute(parts[0], try unique(parts[1]))
        case "compare_counts":
            if let parts = captures("Are there more (.+) than (.+)\\?", text) { return try count(parts[0]) > count(parts[1]) }
            if let parts = captures("Are there fewer (.+) than (.+)\\?", text) { return try count(parts[0]) < count(parts[1]) }
            let parts = try XCTUnwrap(captures("Are there as many (.+) as (.+)\\?", text))
            return try count(parts[0]) == count(parts[1])
        case "spatial_relation":
            let parts = try XCTUnwrap(captures("Is the (.+) (left of|right of|above|below) the (.+)\\?", text))
            return on(parts[1], try unique(parts[0]), of: try unique(parts[2]))
        case "relational_count":
            let parts = try XCTUnwrap(captures("How many (.+) are (left of|right of|above|below) the (.+)\\?", text))
            let anchor = try unique(parts[2])
            return try objects.filter { try Phrase(parts[0]).matches($0) && on(parts[1], $0, of: anchor) }.count
        case "ordinal":
            let sorted = objects.sorted { $0.centerX < $1.centerX }
            if let parts = captures("What (color|shape) is the middle object\\?", text) {
                XCTAssertEqual(sorted.count % 2, 1)
                return attribute(parts[0], sorted[sorted.count / 2])
            }
            let parts = try XCTUnwrap(captures("What (color|shape) is the (first|second|third|fourth) object from the (left|right)\\?", text))
            let position = try XCTUnwrap(["first", "second", "third", "fourth"].firstIndex(of: parts[1]))
            return attribute(parts[0], parts[2] == "left" ? sorted[position] : sorted[sorted.count - 1 - position])
        case "closest_farthest":
            let parts = try XCTUnwrap(captures("What (color|shape) is the object (closest to|farthest from) the (.+)\\?", text))
            let anchor = try unique(parts[2])
            // ViperGPT's distance: Euclidean gap between box edges.
            func gap(_ o: FileObject) -> Double {
                let dx = max(0, max(anchor.box[0] - o.box[2], o.box[0] - anchor.box[2]))
                let dy = max(0, max(anchor.box[1] - o.box[3], o.box[1] - anchor.box[3]))
                return Double(dx * dx + dy * dy).squareRoot()
            }
            let others = objects.filter { $0.id != anchor.id }
            let chosen = parts[1] == "closest to" ? others.min { gap($0) < gap($1) } : others.max { gap($0) < gap($1) }
            return attribute(parts[0], try XCTUnwrap(chosen))
        case "multi_step":
            let parts = try XCTUnwrap(captures("What (color|shape) is the (largest|smallest) object (left of|right of|above|below) the (.+)\\?", text))
            let anchor = try unique(parts[3])
            let side = objects.filter { $0.id != anchor.id && on(parts[2], $0, of: anchor) }
            let chosen = parts[1] == "largest" ? side.max { $0.area < $1.area } : side.min { $0.area < $1.area }
            return attribute(parts[0], try XCTUnwrap(chosen))
        case "grounding":
            let parts = try XCTUnwrap(captures("the (.+) (to the left of|to the right of|above|below) the (.+)", text))
            let anchor = try unique(parts[2])
            let matching = try objects.filter { try Phrase(parts[0]).matches($0) && $0.id != anchor.id && on(parts[1], $0, of: anchor) }
            XCTAssertEqual(matching.count, 1, text)
            return try XCTUnwrap(matching.first).box
        case "read_text":
            return try XCTUnwrap(unique(XCTUnwrap(captures("What is written on the (.+)\\?", text))[0]).label)
        default:
            XCTFail("unexpected image family \(family)")
            return ""
        }
    }

    private func recomputeVideo(_ question: [String: Any], timeline: [String: Any]) throws -> Any {
        let text = question["question"] as! String
        let family = question["family"] as! String
        let catalogue = timeline["objects"] as! [[String: Any]]
        let shapes = Dictionary(uniqueKeysWithValues: catalogue.map { ($0["id"] as! Int, $0["shape"] as! String) })
        let sizes = Dictionary(uniqueKeysWithValues: catalogue.map { ($0["id"] as! Int, $0["size"] as! String) })
        let frames: [[FileObject]] = (timeline["frames"] as! [[String: Any]]).map { frame in
            (frame["objects"] as! [[String: Any]]).map { object in
                let id = object["id"] as! Int
                return FileObject(id: id, shape: shapes[id]!, color: object["color"] as! String, size: sizes[id]!,
                                  box: object["box"] as! [Int])
            }
        }
        XCTAssertEqual(frames.count, timeline["frame_count"] as? Int)
        switch family {
        case "video_order":
            let parts = try XCTUnwrap(captures("Which appears first, the (.+) or the (.+)\\?", text))
            func first(_ phrase: String) throws -> Int {
                let matcher = try Phrase(phrase)
                return try XCTUnwrap(frames.firstIndex { $0.contains(where: matcher.matches) }, phrase)
            }
            let a = try first(parts[0]), b = try first(parts[1])
            XCTAssertNotEqual(a, b, text)
            return a < b ? parts[0] : parts[1]
        case "video_before_after":
            let parts = try XCTUnwrap(captures("What color is the (\\w+) (after it stops moving|before it starts moving)\\?", text))
            let track = try frames.map { frame in try XCTUnwrap(frame.first { $0.shape == parts[0] }) }
            XCTAssertEqual(Set(frames.map { $0.filter { $0.shape == parts[0] }.count }), [1], "one \(parts[0]) in every frame")
            let moving = (1..<track.count).filter { track[$0].box != track[$0 - 1].box }
            XCTAssertFalse(moving.isEmpty)
            return parts[1].hasPrefix("after") ? track[moving.last!].color : track[moving.first! - 1].color
        case "video_count":
            let parts = try XCTUnwrap(captures("How many (.+) are in the scene at the (start|end)\\?", text))
            let frame = parts[1] == "start" ? frames.first! : frames.last!
            return try frame.filter(Phrase(parts[0]).matches).count
        case "video_multiple_choice":
            let parts = try XCTUnwrap(captures("What happens to the (.+)\\?", text))
            let matcher = try Phrase(parts[0])
            let ids = Set(frames.flatMap { $0.filter(matcher.matches).map(\.id) })
            XCTAssertEqual(ids.count, 1, "\"\(parts[0])\" names one object over the clip")
            let id = try XCTUnwrap(ids.first)
            let track = frames.map { $0.first { $0.id == id } }
            if track.first! == nil { return "it enters the scene" }
            if track.last! == nil { return "it leaves the scene" }
            let start = track.first!!, end = track.last!!
            if start.color != end.color { return "it turns \(end.color)" }
            let dx = end.centerX - start.centerX, dy = end.centerY - start.centerY
            if abs(dx) > abs(dy) { return dx < 0 ? "it moves to the left" : "it moves to the right" }
            return dy < 0 ? "it moves up" : "it moves down"
        default:
            XCTFail("unexpected video family \(family)")
            return ""
        }
    }

    private func sameAnswer(_ stored: Any, _ expected: Any) -> Bool {
        switch expected {
        case let value as Bool: return (stored as? Bool) == value
        case let value as Int: return (stored as? Int) == value
        case let value as String: return (stored as? String) == value
        case let value as [Int]: return (stored as? [Int]) == value
        default: return false
        }
    }
}
