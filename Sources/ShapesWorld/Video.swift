/// A short clip of the Shapes world: objects enter, leave, move in a straight line and change color.
/// Every object does at most one thing, except that a moving object may also change color while it
/// moves (for before/after questions).
struct VideoObject: Sendable {
    var id: Int
    var shape: ShapeKind
    var size: SizeClass
    var radius: Int
    var color: ShapeColor
    var startX: Int, startY: Int
    /// First frame the object is visible (0: from the start).
    var enter = 0
    /// First frame the object is gone, if it leaves.
    var leave: Int?
    /// Last frame at the start position, first frame at the end position, and that position.
    var motion: (start: Int, end: Int, toX: Int, toY: Int)?
    /// First frame with the new color.
    var colorChange: (frame: Int, color: ShapeColor)?

    func isVisible(at frame: Int) -> Bool {
        frame >= enter && (leave.map { frame < $0 } ?? true)
    }

    func color(at frame: Int) -> ShapeColor {
        guard let change = colorChange, frame >= change.frame else { return color }
        return change.color
    }

    /// Linear motion in whole pixels (integer division, the same on every machine).
    func center(at frame: Int) -> (Int, Int) {
        guard let motion else { return (startX, startY) }
        if frame <= motion.start { return (startX, startY) }
        if frame >= motion.end { return (motion.toX, motion.toY) }
        let step = frame - motion.start, steps = motion.end - motion.start
        return (startX + (motion.toX - startX) * step / steps, startY + (motion.toY - startY) * step / steps)
    }

    func sceneObject(at frame: Int) -> SceneObject {
        let (x, y) = center(at: frame)
        return SceneObject(id: id, shape: shape, color: color(at: frame), size: size, radius: radius,
                           centerX: x, centerY: y, label: nil)
    }

    /// Every (color, shape, size) the object shows during the clip.
    var appearances: [(ShapeColor, ShapeKind, SizeClass)] {
        [(color, shape, size)] + (colorChange.map { [($0.color, shape, size)] } ?? [])
    }
}

/// What one object does, as the video generator assigns it.
enum Behavior: CaseIterable, Sendable {
    case stay, enter, leave, move, changeColor, moveAndChangeColor
}

/// A direction of motion, in screen terms.
enum Direction: CaseIterable, Sendable {
    case left, right, up, down

    var phrase: String {
        switch self {
        case .left: return "it moves to the left"
        case .right: return "it moves to the right"
        case .up: return "it moves up"
        case .down: return "it moves down"
        }
    }

    var step: (Int, Int) {
        switch self {
        case .left: return (-1, 0)
        case .right: return (1, 0)
        case .up: return (0, -1)
        case .down: return (0, 1)
        }
    }
}

struct Video: Sendable {
    static let frameCount = 12
    static let framesPerSecond = 4
    static let sizes: [(Int, Int)] = [(224, 224), (256, 192)]

    var width: Int
    var height: Int
    var background: Background
    var objects: [VideoObject]

    /// The objects visible in `frame`, in drawing order, with their measured boxes.
    func frameObjects(_ frame: Int) -> [SceneObject] {
        objects.filter { $0.isVisible(at: frame) }.map { object in
            var placed = object.sceneObject(at: frame)
            placed.box = Rasterizer.measure(placed, width: width, height: height)
            return placed
        }
    }

    /// One entry per change, ordered by frame, then object id, then kind.
    var events: [(frame: Int, kind: String, object: Int, extra: [(String, JSONValue)])] {
        var events = [(frame: Int, kind: String, object: Int, extra: [(String, JSONValue)])]()
        for object in objects {
            if object.enter > 0 { events.append((object.enter, "enter", object.id, [])) }
            if let leave = object.leave { events.append((leave, "leave", object.id, [])) }
            if let motion = object.motion {
                events.append((motion.start + 1, "start_moving", object.id, []))
                events.append((motion.end, "stop_moving", object.id, []))
            }
            if let change = object.colorChange {
                events.append((change.frame, "change_color", object.id,
                               [("from", .string(object.color.rawValue)), ("to", .string(change.color.rawValue))]))
            }
        }
        let kindOrder = ["enter", "start_moving", "change_color", "stop_moving", "leave"]
        return events.sorted {
            ($0.frame, $0.object, kindOrder.firstIndex(of: $0.kind) ?? 0)
                < ($1.frame, $1.object, kindOrder.firstIndex(of: $1.kind) ?? 0)
        }
    }

    func timelineJSON(frameNames: [String], frames: [[SceneObject]]) -> JSONValue {
        .object([
            ("width", .int(width)),
            ("height", .int(height)),
            ("frame_count", .int(Video.frameCount)),
            ("frames_per_second", .int(Video.framesPerSecond)),
            ("coordinates", .string(Scene.coordinateNote)),
            ("background", background.json()),
            ("objects", .array(objects.map { object in
                .object([
                    ("id", .int(object.id)),
                    ("shape", .string(object.shape.rawValue)),
                    ("size", .string(object.size.rawValue)),
                    ("initial_color", .string(object.color.rawValue)),
                ])
            })),
            ("events", .array(events.map { event in
                .object([("frame", .int(event.frame)), ("type", .string(event.kind)), ("object", .int(event.object))]
                        + event.extra)
            })),
            ("frames", .array(frames.enumerated().map { index, objects in
                .object([
                    ("index", .int(index)),
                    ("file", .string(frameNames[index])),
                    ("objects", .array(objects.map { object in
                        .object([
                            ("id", .int(object.id)),
                            ("color", .string(object.color.rawValue)),
                            ("box", object.box.json),
                            ("center", .array([.half(object.box.doubledCenterX), .half(object.box.doubledCenterY)])),
                        ])
                    })),
                ])
            })),
        ])
    }
}

enum VideoGenerator {
    /// A clip whose first objects have the `required` behaviors (the rest are random, mostly still);
    /// `nil` when the random layout would make objects collide (the caller draws again).
    static func video(_ rng: inout SplitMix64, required: [Behavior], total: ClosedRange<Int> = 3...5) -> Video? {
        let (width, height) = rng.pick(Video.sizes)
        let background = Background(rgb: rng.pick(Background.tones), textured: rng.chance(1, in: 2))
        let colors = Array(rng.shuffled(ShapeColor.allCases).prefix(rng.int(in: 3...5)))
        let shapes = Array(rng.shuffled(ShapeKind.allCases).prefix(rng.int(in: 3...5)))
        let count = max(required.count, rng.int(in: total))
        var objects = [VideoObject]()
        let last = Video.frameCount - 1
        for index in 0..<count {
            let behavior = index < required.count
                ? required[index] : rng.pick([Behavior.stay, .stay, .stay, .enter, .leave, .move, .changeColor])
            let size: SizeClass = rng.chance(1, in: 2) ? .small : .large
            let radius = rng.int(in: size.radiusRange)
            let border = radius + SceneGenerator.border
            var object = VideoObject(
                id: index, shape: rng.pick(shapes), size: size, radius: radius, color: rng.pick(colors),
                startX: rng.int(in: border...(width - border - 1)), startY: rng.int(in: border...(height - border - 1)))
            switch behavior {
            case .stay: break
            case .enter: object.enter = rng.int(in: 2...(last - 2))
            case .leave: object.leave = rng.int(in: 3...(last - 1))
            case .move, .moveAndChangeColor:
                let direction = rng.pick(Direction.allCases)
                let distance = rng.int(in: 40...80)
                let start = rng.int(in: 1...4), end = rng.int(in: (start + 3)...(last - 2))
                let toX = object.startX + direction.step.0 * distance, toY = object.startY + direction.step.1 * distance
                guard toX >= border, toX < width - border, toY >= border, toY < height - border else { return nil }
                object.motion = (start, end, toX, toY)
                if behavior == .moveAndChangeColor {
                    let others = ShapeColor.allCases.filter { $0 != object.color }
                    object.colorChange = (rng.int(in: (start + 1)...end), rng.pick(others))
                }
            case .changeColor:
                let others = ShapeColor.allCases.filter { $0 != object.color }
                object.colorChange = (rng.int(in: 2...(last - 2)), rng.pick(others))
            }
            objects.append(object)
        }
        // No two objects may come close in any frame where both are visible.
        for frame in 0..<Video.frameCount {
            let visible = objects.filter { $0.isVisible(at: frame) }.map { $0.sceneObject(at: frame).reach }
            for (i, a) in visible.enumerated() {
                for b in visible[(i + 1)...] where !SceneGenerator.separated(a, b) { return nil }
            }
        }
        return Video(width: width, height: height, background: background, objects: objects)
    }
}
