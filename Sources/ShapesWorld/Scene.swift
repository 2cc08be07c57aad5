/// A pixel box `[xMin, yMin, xMax, yMax)`: origin top-left, y down, max exclusive (the whole image is
/// `[0, 0, width, height]`).
public struct PixelBox: Equatable, Sendable {
    public var xMin: Int, yMin: Int, xMax: Int, yMax: Int

    public init(xMin: Int, yMin: Int, xMax: Int, yMax: Int) {
        self.xMin = xMin
        self.yMin = yMin
        self.xMax = xMax
        self.yMax = yMax
    }

    public var width: Int { xMax - xMin }
    public var height: Int { yMax - yMin }
    public var area: Int { width * height }
    /// Centre coordinates times two, so that they stay integers.
    public var doubledCenterX: Int { xMin + xMax }
    public var doubledCenterY: Int { yMin + yMax }

    /// Euclidean gap between the boxes' edges (0 when they touch or overlap), as ViperGPT's `distance`.
    public func edgeGap(to other: PixelBox) -> Double {
        let dx = max(0, max(other.xMin - xMax, xMin - other.xMax))
        let dy = max(0, max(other.yMin - yMax, yMin - other.yMax))
        return (Double(dx * dx + dy * dy)).squareRoot()
    }

    public func centerDistance(to other: PixelBox) -> Double {
        let dx = Double(doubledCenterX - other.doubledCenterX) / 2
        let dy = Double(doubledCenterY - other.doubledCenterY) / 2
        return (dx * dx + dy * dy).squareRoot()
    }

    var json: JSONValue { .array([.int(xMin), .int(yMin), .int(xMax), .int(yMax)]) }
}

/// One drawn object. `centerX`/`centerY`/`radius` place the geometry; `box` is measured on the
/// rendered pixels (every pixel the shape covers at least partly).
public struct SceneObject: Sendable {
    public var id: Int
    public var shape: ShapeKind
    public var color: ShapeColor
    public var size: SizeClass
    public var radius: Int
    public var centerX: Int
    public var centerY: Int
    public var label: String?
    public var box = PixelBox(xMin: 0, yMin: 0, xMax: 0, yMax: 0)

    /// The box the geometry can reach, before rendering (a safe superset of `box`).
    var reach: PixelBox {
        PixelBox(xMin: centerX - radius - 1, yMin: centerY - radius - 1, xMax: centerX + radius + 2, yMax: centerY + radius + 2)
    }

    func json() -> JSONValue {
        .object([
            ("id", .int(id)),
            ("shape", .string(shape.rawValue)),
            ("color", .string(color.rawValue)),
            ("rgb", .array([.int(Int(color.rgb.0)), .int(Int(color.rgb.1)), .int(Int(color.rgb.2))])),
            ("size", .string(size.rawValue)),
            ("box", box.json),
            ("center", .array([.half(box.doubledCenterX), .half(box.doubledCenterY)])),
            ("label", label.map { .string($0) } ?? .null),
        ])
    }
}

public struct Background: Sendable {
    public var rgb: (UInt8, UInt8, UInt8)
    public var textured: Bool

    static let tones: [(UInt8, UInt8, UInt8)] = [(245, 245, 240), (234, 234, 234), (250, 244, 228), (228, 236, 246)]

    func json() -> JSONValue {
        .object([
            ("rgb", .array([.int(Int(rgb.0)), .int(Int(rgb.1)), .int(Int(rgb.2))])),
            ("texture", .string(textured ? "stripes" : "plain")),
        ])
    }
}

/// A still scene: what is drawn in one PNG and described by its scene file.
public struct Scene: Sendable {
    public var width: Int
    public var height: Int
    public var background: Background
    public var objects: [SceneObject]

    static let coordinateNote =
        "pixel coordinates, origin at the top-left corner, x to the right, y down; box = [x_min, y_min, x_max, y_max] with x_max and y_max exclusive; center = box center"

    func json(imageName: String) -> JSONValue {
        .object([
            ("image", .string(imageName)),
            ("width", .int(width)),
            ("height", .int(height)),
            ("coordinates", .string(Scene.coordinateNote)),
            ("overlapping_objects", .bool(false)),
            ("background", background.json()),
            ("objects", .array(objects.map { $0.json() })),
        ])
    }
}
