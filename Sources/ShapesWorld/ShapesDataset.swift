import Foundation
import VLM

public struct ShapesWorldError: Error, CustomStringConvertible {
    public let description: String
}

/// Writes a Shapes world question set: `questions.jsonl`, `dataset.json`, `images/` (PNG + scene
/// JSON per image question) and `videos/` (a folder of PNG frames + `timeline.json` per video
/// question). Question `i` depends only on the seed and `i`.
public enum ShapesDataset {
    public static let formatVersion = 1
    /// Draws of a scene per question before giving up (a valid question is usually found in a few).
    static let attemptsPerQuestion = 2000

    public static func families(includeVideo: Bool) -> [QuestionFamily] {
        includeVideo ? QuestionFamily.allCases : QuestionFamily.imageFamilies
    }

    /// Writes `count` questions cycling through the families; returns them in order.
    @discardableResult
    public static func write(seed: UInt64, count: Int, includeVideo: Bool, to directory: String) throws -> [Question] {
        guard count > 0 else { throw ShapesWorldError(description: "--count must be positive, got \(count)") }
        let root = URL(fileURLWithPath: directory)
        let families = families(includeVideo: includeVideo)
        var questions = [Question]()
        for index in 0..<count {
            let family = families[index % families.count]
            var rng = SplitMix64(seed: seed, stream: UInt64(index))
            let id = "shapes-\(seed)-\(padded(index, 5))"
            if family.isVideo {
                questions.append(try writeVideoQuestion(id: id, index: index, family: family, rng: &rng, root: root))
            } else {
                questions.append(try writeImageQuestion(id: id, index: index, family: family, rng: &rng, root: root))
            }
        }
        let lines = questions.map(\.jsonLine).joined(separator: "\n") + "\n"
        try write(lines, to: root.appendingPathComponent("questions.jsonl"))
        let summary = JSONValue.object([
            ("generator", .string("loupe shapes")),
            ("format_version", .int(formatVersion)),
            ("seed", .string(String(seed))),
            ("count", .int(count)),
            ("video", .bool(includeVideo)),
            ("families", .array(families.map { .string($0.rawValue) })),
        ])
        try write(summary.pretty, to: root.appendingPathComponent("dataset.json"))
        return questions
    }

    private static func writeImageQuestion(id: String, index: Int, family: QuestionFamily, rng: inout SplitMix64,
                                           root: URL) throws -> Question {
        for _ in 0..<attemptsPerQuestion {
            let scene = ImageQuestions.scene(for: family, &rng)
            guard let draft = ImageQuestions.draft(family, scene: scene, &rng) else { continue }
            let name = "scene_\(padded(index, 5))"
            let folder = root.appendingPathComponent("images")
            try createDirectory(folder)
            let image = try Rasterizer.render(width: scene.width, height: scene.height, background: scene.background,
                                               objects: scene.objects)
            try writePNG(image, to: folder.appendingPathComponent(name + ".png"))
            try write(scene.json(imageName: name + ".png").pretty, to: folder.appendingPathComponent(name + ".json"))
            return Question(id: id, media: .image("images/\(name).png"), question: draft.question, answer: draft.answer,
                            answerType: draft.answerType, family: family, program: draft.program, options: draft.options)
        }
        throw ShapesWorldError(description: "could not build a \(family.rawValue) question for \(id) in \(attemptsPerQuestion) scenes")
    }

    private static func writeVideoQuestion(id: String, index: Int, family: QuestionFamily, rng: inout SplitMix64,
                                           root: URL) throws -> Question {
        for _ in 0..<attemptsPerQuestion {
            let required = VideoQuestions.requiredBehaviors(family, &rng)
            guard let video = VideoGenerator.video(&rng, required: required),
                  let draft = VideoQuestions.draft(family, video: video, &rng) else { continue }
            let name = "video_\(padded(index, 5))"
            let folder = root.appendingPathComponent("videos").appendingPathComponent(name)
            try createDirectory(folder)
            var frameNames = [String](), frames = [[SceneObject]]()
            for frame in 0..<Video.frameCount {
                let objects = video.frameObjects(frame)
                let image = try Rasterizer.render(width: video.width, height: video.height, background: video.background,
                                                   objects: objects)
                let frameName = "frame_\(padded(frame, 3)).png"
                try writePNG(image, to: folder.appendingPathComponent(frameName))
                frameNames.append(frameName)
                frames.append(objects)
            }
            try write(video.timelineJSON(frameNames: frameNames, frames: frames).pretty,
                      to: folder.appendingPathComponent("timeline.json"))
            return Question(id: id, media: .video("videos/\(name)"), question: draft.question, answer: draft.answer,
                            answerType: draft.answerType, family: family, program: draft.program, options: draft.options)
        }
        throw ShapesWorldError(description: "could not build a \(family.rawValue) question for \(id) in \(attemptsPerQuestion) clips")
    }

    /// `number` in decimal, zero-padded to `width` digits.
    static func padded(_ number: Int, _ width: Int) -> String {
        let digits = String(number)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }

    private static func createDirectory(_ url: URL) throws {
        do {
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        } catch {
            throw ShapesWorldError(description: "cannot create directory \(url.path): \(error.localizedDescription)")
        }
    }

    private static func write(_ text: String, to url: URL) throws {
        do {
            try Data(text.utf8).write(to: url)
        } catch {
            throw ShapesWorldError(description: "cannot write \(url.path): \(error.localizedDescription)")
        }
    }

    private static func writePNG(_ image: RGBImage, to url: URL) throws {
        do {
            try image.writePNG(to: url.path)
        } catch {
            throw ShapesWorldError(description: "cannot write \(url.path): \(error)")
        }
    }
}
