import VLM

/// Draws scenes with 4 x 4 supersampling (anti-aliased edges) using only exact integer blending and
/// IEEE +, -, *, / on dyadic sample positions, so the pixels are identical on every machine.
enum Rasterizer {
    static let samplesPerAxis = 4
    static let labelScale = 2

    /// Unit vectors at -90 + 36 k degrees (screen coordinates, y down): star and triangle corners,
    /// written out instead of calling sin/cos, whose last bits differ between C libraries.
    static let starDirections: [(Double, Double)] = [
        (0, -1), (0.5877852522924731, -0.8090169943749475), (0.9510565162951535, -0.3090169943749474),
        (0.9510565162951535, 0.3090169943749474), (0.5877852522924731, 0.8090169943749475), (0, 1),
        (-0.5877852522924731, 0.8090169943749475), (-0.9510565162951535, 0.3090169943749474),
        (-0.9510565162951535, -0.3090169943749474), (-0.5877852522924731, -0.8090169943749475),
    ]
    /// Equilateral, pointing up: corners at -90, 30 and 150 degrees.
    static let triangleDirections: [(Double, Double)] = [(0, -1), (0.8660254037844386, 0.5), (-0.8660254037844386, 0.5)]
    static let starInnerRatio = 0.42
    static let squareHalfSideRatio = 0.85

    /// The scene drawn over its background, objects in order.
    static func render(width: Int, height: Int, background: Background, objects: [SceneObject]) throws -> RGBImage {
        var pixels = backgroundPixels(width: width, height: height, background: background)
        for object in objects {
            draw(object, into: &pixels, width: width, height: height)
        }
        return try RGBImage(width: width, height: height, pixels: pixels)
    }

    private static func backgroundPixels(width: Int, height: Int, background: Background) -> [UInt8] {
        var pixels = [UInt8](repeating: 0, count: width * height * 3)
        let base = [Int(background.rgb.0), Int(background.rgb.1), Int(background.rgb.2)]
        for y in 0..<height {
            for x in 0..<width {
                // Light texture: faint diagonal stripes, 8 pixels wide, 5 levels darker.
                let shade = background.textured && ((x + y) / 8) % 2 == 1 ? 5 : 0
                let at = (y * width + x) * 3
                for channel in 0..<3 { pixels[at + channel] = UInt8(base[channel] - shade) }
            }
        }
        return pixels
    }

    private static func draw(_ object: SceneObject, into pixels: inout [UInt8], width: Int, height: Int) {
        let color = [Int(object.color.rgb.0), Int(object.color.rgb.1), Int(object.color.rgb.2)]
        let total = samplesPerAxis * samplesPerAxis
        _ = forEachCoveredPixel(of: object, width: width, height: height) { x, y, covered in
            let at = (y * width + x) * 3
            for channel in 0..<3 {
                let below = Int(pixels[at + channel])
                pixels[at + channel] = UInt8((below * (total - covered) + color[channel] * covered + total / 2) / total)
            }
        }
        if let label = object.label?.first {
            drawLabel(label, ink: object.color.labelInk, centerX: object.centerX, centerY: object.centerY,
                      into: &pixels, width: width, height: height)
        }
    }

    /// The pixel box `object` covers in a `width` x `height` image, without drawing it.
    static func measure(_ object: SceneObject, width: Int, height: Int) -> PixelBox {
        forEachCoveredPixel(of: object, width: width, height: height) { _, _, _ in }
    }

    /// Calls `visit(x, y, samplesInside)` for every pixel the shape touches; returns their box.
    private static func forEachCoveredPixel(of object: SceneObject, width: Int, height: Int,
                                            _ visit: (Int, Int, Int) -> Void) -> PixelBox {
        let reach = object.reach
        let outline = Outline(object.shape, radius: Double(object.radius))
        var box = PixelBox(xMin: Int.max, yMin: Int.max, xMax: Int.min, yMax: Int.min)
        for y in max(reach.yMin, 0)..<min(reach.yMax, height) {
            for x in max(reach.xMin, 0)..<min(reach.xMax, width) {
                var covered = 0
                for sy in 0..<samplesPerAxis {
                    let py = Double(y) + (Double(sy) + 0.5) / Double(samplesPerAxis) - Double(object.centerY)
                    for sx in 0..<samplesPerAxis {
                        let px = Double(x) + (Double(sx) + 0.5) / Double(samplesPerAxis) - Double(object.centerX)
                        if outline.contains(x: px, y: py) { covered += 1 }
                    }
                }
                guard covered > 0 else { continue }
                visit(x, y, covered)
                box.xMin = min(box.xMin, x)
                box.yMin = min(box.yMin, y)
                box.xMax = max(box.xMax, x + 1)
                box.yMax = max(box.yMax, y + 1)
            }
        }
        return box
    }

    /// A shape of a given radius around the origin, with its polygon corners computed once.
    struct Outline {
        let shape: ShapeKind
        let radius: Double
        let corners: [(Double, Double)]

        init(_ shape: ShapeKind, radius: Double) {
            self.shape = shape
            self.radius = radius
            switch shape {
            case .triangle:
                corners = triangleDirections.map { ($0.0 * radius, $0.1 * radius) }
            case .star:
                corners = starDirections.enumerated().map { index, direction in
                    let length = index % 2 == 0 ? radius : radius * starInnerRatio
                    return (direction.0 * length, direction.1 * length)
                }
            default:
                corners = []
            }
        }

        /// Whether the point (x, y), relative to the shape's centre, is inside the shape.
        func contains(x: Double, y: Double) -> Bool {
            switch shape {
            case .circle: return x * x + y * y <= radius * radius
            case .square:
                let half = radius * squareHalfSideRatio
                return abs(x) <= half && abs(y) <= half
            case .diamond: return abs(x) + abs(y) <= radius
            case .triangle, .star: return polygonContains(corners, x: x, y: y)
            }
        }
    }

    /// Even-odd rule.
    static func polygonContains(_ corners: [(Double, Double)], x: Double, y: Double) -> Bool {
        var inside = false
        var previous = corners[corners.count - 1]
        for corner in corners {
            if (corner.1 > y) != (previous.1 > y) {
                let crossing = (previous.0 - corner.0) * (y - corner.1) / (previous.1 - corner.1) + corner.0
                if x < crossing { inside.toggle() }
            }
            previous = corner
        }
        return inside
    }

    private static func drawLabel(_ character: Character, ink: (UInt8, UInt8, UInt8), centerX: Int, centerY: Int,
                                  into pixels: inout [UInt8], width: Int, height: Int) {
        let glyphWidth = BitmapFont.glyphWidth * labelScale, glyphHeight = BitmapFont.glyphHeight * labelScale
        let left = centerX - glyphWidth / 2, top = centerY - glyphHeight / 2
        for row in 0..<glyphHeight {
            for column in 0..<glyphWidth where BitmapFont.ink(character, column: column / labelScale, row: row / labelScale) {
                let x = left + column, y = top + row
                guard x >= 0, x < width, y >= 0, y < height else { continue }
                let at = (y * width + x) * 3
                pixels[at] = ink.0
                pixels[at + 1] = ink.1
                pixels[at + 2] = ink.2
            }
        }
    }
}
