/// A box in pixel coordinates of an image: origin at the top-left corner, y down, `xMax`/`yMax`
/// exclusive (`[0, 0, W, H]` is the whole image), the convention of Loupe's public API.
public struct BoundingBox: Hashable, Codable, Sendable, CustomStringConvertible {
    public var xMin: Int, yMin: Int, xMax: Int, yMax: Int

    public init(xMin: Int, yMin: Int, xMax: Int, yMax: Int) {
        self.xMin = xMin
        self.yMin = yMin
        self.xMax = xMax
        self.yMax = yMax
    }

    public static func whole(width: Int, height: Int) -> BoundingBox {
        BoundingBox(xMin: 0, yMin: 0, xMax: width, yMax: height)
    }

    public var width: Int { xMax - xMin }
    public var height: Int { yMax - yMin }
    public var area: Int { max(0, width) * max(0, height) }
    public var isEmpty: Bool { width <= 0 || height <= 0 }

    public func intersection(_ other: BoundingBox) -> BoundingBox {
        BoundingBox(xMin: max(xMin, other.xMin), yMin: max(yMin, other.yMin),
                    xMax: min(xMax, other.xMax), yMax: min(yMax, other.yMax))
    }

    public func intersectionArea(_ other: BoundingBox) -> Int { intersection(other).area }

    public func intersectionOverUnion(_ other: BoundingBox) -> Double {
        let shared = intersectionArea(other)
        let union = area + other.area - shared
        return union > 0 ? Double(shared) / Double(union) : 0
    }

    /// `[x_min, y_min, x_max, y_max]`, the JSON form of answers and scene files.
    public var json: String { "[\(xMin), \(yMin), \(xMax), \(yMax)]" }
    public var description: String { json }
}
