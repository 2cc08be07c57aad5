import Foundation

/// Perception that reads the Shapes world's ground truth (the scene file beside an image, the
/// timeline of a clip) instead of looking at pixels. It answers exactly, which makes it the
/// reference for the reasoning layer: ground-truth programs under the oracle must score 100%.
/// Every output that used it says "oracle".
public final class OracleBackend: PerceptionBackend {
    public let kind = "oracle"
    public let modelIdentifier = "shapes-scene-files"
    public let capabilities: Set<PerceptionCapability> = [.detect, .answer, .caption, .score, .videoChoice]
    public var isOracle: Bool { true }

    /// Scene files are read once per backend instance (a run reads the same one many times).
    private var scenes: [String: OracleScene] = [:]
    private let lock = NSLock()

    public init() {}

    private func loadScene(_ image: SourceImage) throws -> OracleScene {
        lock.lock()
        defer { lock.unlock() }
        if let path = image.path, let known = scenes[path] { return known }
        let loaded = try OracleScene.load(for: image)
        if let path = image.path { scenes[path] = loaded }
        return loaded
    }

    public func detect(_ input: PerceptionInput, phrase: String) throws -> [Detection] {
        let scene = try loadScene(input.image)
        guard let parsed = ShapesPhrase(phrase) else { return [] }
        return scene.objects(in: input.region).filter(parsed.matches).map {
            Detection(box: $0.box, score: 1, label: $0.phrase)
        }
    }

    public func answer(_ input: PerceptionInput, question: String) throws -> String {
        let scene = try loadScene(input.image)
        let visible = scene.objects(in: input.region)
        let lowered = question.lowercased()
        let words = ShapesPhrase.words(lowered)
        let subject = subjectPhrase(of: lowered)

        if let first = words.first, ["is", "are", "does", "do"].contains(first) {
            if lowered.hasPrefix("is there") || lowered.hasPrefix("are there") {
                let phrase = lowered.components(separatedBy: "there").dropFirst().joined(separator: "there")
                guard let parsed = ShapesPhrase(phrase) else { return "no" }
                return visible.contains(where: parsed.matches) ? "yes" : "no"
            }
            // "Is the large circle red?": the subject phrase minus the last word is the object.
            let propertyWord = words.last ?? ""
            let objectWords = (subject ?? "").split(separator: " ").dropLast().joined(separator: " ")
            let candidates = ShapesPhrase(objectWords).map { p in visible.filter(p.matches) } ?? visible
            return try candidates.contains { try hasProperty($0, propertyWord) } ? "yes" : "no"
        }

        var candidates = visible
        if let subject, let parsed = ShapesPhrase(subject) {
            let matching = visible.filter(parsed.matches)
            if !matching.isEmpty { candidates = matching }
        }
        guard let object = primary(candidates, in: input.region) else {
            throw ToolError.backend("oracle: no object in region \(input.region) of \(input.image.name) to answer '\(question)'")
        }
        if lowered.contains("color") || lowered.contains("colour") { return object.color }
        if lowered.contains("shape") || lowered.contains("what kind") { return object.shape }
        if lowered.contains("size") || lowered.contains("how big") || lowered.contains("how large") { return object.size }
        if ["written", "text", "label", "letter", "digit", "say", "read"].contains(where: lowered.contains) {
            return object.label ?? "nothing"
        }
        if lowered.hasPrefix("what is this") || lowered.hasPrefix("what is it") { return object.shape }
        throw ToolError.backend("oracle: cannot answer '\(question)': it answers questions about color, shape, size, written text and existence")
    }

    public func caption(_ input: PerceptionInput) throws -> String {
        let scene = try loadScene(input.image)
        let visible = scene.objects(in: input.region).sorted { $0.box.xMin + $0.box.xMax < $1.box.xMin + $1.box.xMax }
        let parts = visible.map { o in "a \(o.phrase)" + (o.label.map { " labeled \($0)" } ?? "") }
        switch parts.count {
        case 0: return "an empty background"
        case 1: return parts[0]
        default: return parts.dropLast().joined(separator: ", ") + " and " + parts.last!
        }
    }

    /// 1 for texts naming the main object of the region, else 0.
    public func score(_ input: PerceptionInput, texts: [String]) throws -> [Double] {
        let scene = try loadScene(input.image)
        guard let object = primary(scene.objects(in: input.region), in: input.region) else { return texts.map { _ in 0 } }
        return texts.map { text in
            if let parsed = ShapesPhrase(text), parsed.matches(object) { return 1 }
            let words = Set(ShapesPhrase.words(text))
            return words.contains(object.color) || words.contains(object.shape) || words.contains(object.label?.lowercased() ?? "\u{0}") ? 0.5 : 0
        }
    }

    /// Answers "What happens to the P?" from the clip's timeline events.
    public func chooseForVideo(frames: [SourceImage], question: String, options: [String]) throws -> String {
        guard let path = frames.first?.path else {
            throw ToolError.badInput("oracle: the clip has no frame files, so there is no timeline to read")
        }
        let timelineURL = URL(fileURLWithPath: path).deletingLastPathComponent().appendingPathComponent("timeline.json")
        guard FileManager.default.fileExists(atPath: timelineURL.path) else {
            throw ToolError.badInput("oracle: no timeline file \(timelineURL.path) for the clip")
        }
        let timeline = try OracleTimeline.load(timelineURL)
        let lowered = question.lowercased()
        guard lowered.hasPrefix("what happens to"), let subject = subjectPhrase(of: lowered), let phrase = ShapesPhrase(subject) else {
            throw ToolError.backend("oracle: cannot answer the video question '\(question)': it answers 'What happens to the P?'")
        }
        let ids = Set(timeline.frames.indices.flatMap { i in timeline.scene(at: i).objects.filter(phrase.matches).map(\.id) })
        guard ids.count == 1, let id = ids.first else {
            throw ToolError.backend("oracle: '\(subject)' names \(ids.count) objects of \(timelineURL.path), not one")
        }
        let events = timeline.events.filter { $0.object == id }
        let happening: String
        if let enter = events.first(where: { $0.type == "enter" }), enter.frame > 0 {
            happening = "it enters the scene"
        } else if events.contains(where: { $0.type == "leave" }) {
            happening = "it leaves the scene"
        } else if events.contains(where: { $0.type == "start_moving" }) {
            let boxes = timeline.frames.compactMap { $0.first { $0.id == id }?.box }
            let dx = (boxes.last!.xMin + boxes.last!.xMax) - (boxes[0].xMin + boxes[0].xMax)
            let dy = (boxes.last!.yMin + boxes.last!.yMax) - (boxes[0].yMin + boxes[0].yMax)
            happening = abs(dx) > abs(dy) ? (dx < 0 ? "it moves to the left" : "it moves to the right") : (dy < 0 ? "it moves up" : "it moves down")
        } else if let change = events.first(where: { $0.type == "change_color" }), let color = change.to {
            happening = "it turns \(color)"
        } else {
            happening = "nothing happens"
        }
        guard let option = options.first(where: { $0.lowercased() == happening }) else {
            throw ToolError.backend("oracle: what happens ('\(happening)') is none of the options \(options)")
        }
        return option
    }

    /// "What color is the large circle?" -> "large circle"; "... this object?" -> "this object".
    private func subjectPhrase(of question: String) -> String? {
        for marker in [" the ", " this ", " that "] {
            if let range = question.range(of: marker, options: .backwards) {
                let tail = question[range.upperBound...].trimmingCharacters(in: CharacterSet(charactersIn: "?. "))
                return marker == " the " ? tail : marker.trimmingCharacters(in: .whitespaces) + " " + tail
            }
        }
        return nil
    }

    /// The object a crop was made for: the one covering most of it.
    private func primary(_ objects: [OracleObject], in region: BoundingBox) -> OracleObject? {
        objects.max { $0.box.intersectionArea(region) < $1.box.intersectionArea(region) }
    }

    private func hasProperty(_ object: OracleObject, _ property: String) throws -> Bool {
        let word = property.lowercased().trimmingCharacters(in: .whitespaces)
        if let size = ShapesPhrase.sizes[word] { return object.size == size }
        if ShapesPhrase.colors.contains(word) { return object.color == word }
        if ShapesPhrase.shapes.contains(ShapesPhrase.singular(word)) { return object.shape == ShapesPhrase.singular(word) }
        if word.count == 1 { return object.label?.lowercased() == word }
        if word.hasPrefix("labeled ") || word.hasPrefix("written ") { return object.label?.lowercased() == word.split(separator: " ").last.map(String.init) }
        throw ToolError.backend("oracle: cannot verify the property '\(property)': it knows colors, shapes, sizes and labels")
    }
}
