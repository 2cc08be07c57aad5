/// An image as programs receive it (`execute_command(image)`) or get it from `cropped_image`:
/// a region of a source image. It is also the frame of reference of patches made from it.
public struct ImageView {
    public let source: SourceImage
    public let region: BoundingBox

    public init(source: SourceImage, region: BoundingBox) {
        self.source = source
        self.region = region
    }

    public init(source: SourceImage) throws {
        self.init(source: source, region: try source.bounds)
    }
}

/// The value behind a program's `ImagePatch`: a box in pixels of the source image, and the view
/// whose bottom-left corner is the origin of its ViperGPT coordinates (`left`, `lower`, `right`,
/// `upper`, with `lower`/`upper` measured up from the view's bottom edge).
public struct Patch {
    public let view: ImageView
    public let box: BoundingBox

    /// A patch of `view` given ViperGPT coordinates relative to it. The box is clipped to the
    /// view, as numpy slicing clips in ViperGPT; a box that keeps no pixel is an error.
    public init(view: ImageView, left: Int, lower: Int, right: Int, upper: Int) throws {
        let r = view.region
        let requested = BoundingBox(xMin: r.xMin + left, yMin: r.yMax - upper, xMax: r.xMin + right, yMax: r.yMax - lower)
        try self.init(view: view, box: requested, within: r, described: "left=\(left), lower=\(lower), right=\(right), upper=\(upper)")
    }

    /// A patch with a box in source pixels, clipped to `limit`.
    public init(view: ImageView, box: BoundingBox, within limit: BoundingBox, described: String? = nil) throws {
        let clipped = box.intersection(limit)
        guard !clipped.isEmpty else {
            let what = described ?? "box \(box)"
            throw ToolError.badInput("ImagePatch has no area: \(what) keeps no pixel of the \(limit.width)x\(limit.height) region it must lie in")
        }
        self.view = view
        self.box = clipped
    }

    public init(view: ImageView) {
        self.view = view
        self.box = view.region
    }

    public var left: Int { box.xMin - view.region.xMin }
    public var right: Int { box.xMax - view.region.xMin }
    public var lower: Int { view.region.yMax - box.yMax }
    public var upper: Int { view.region.yMax - box.yMin }
    public var width: Int { box.width }
    public var height: Int { box.height }
    public var horizontalCenter: Double { Double(left + right) / 2 }
    public var verticalCenter: Double { Double(lower + upper) / 2 }
    public var area: Int { box.area }

    public var input: PerceptionInput { PerceptionInput(image: view.source, region: box) }

    /// ViperGPT's `crop(left, lower, right, upper)`: coordinates relative to this patch; the
    /// result keeps this patch's frame of reference and is clipped to this patch.
    public func crop(left: Int, lower: Int, right: Int, upper: Int) throws -> Patch {
        let requested = BoundingBox(xMin: box.xMin + left, yMin: box.yMax - upper, xMax: box.xMin + right, yMax: box.yMax - lower)
        return try Patch(view: view, box: requested, within: box,
                         described: "crop(left=\(left), lower=\(lower), right=\(right), upper=\(upper)) of a \(width)x\(height) patch")
    }

    /// A patch of the same view with a box in source pixels (detections), clipped to this patch.
    public func child(_ box: BoundingBox) throws -> Patch {
        try Patch(view: view, box: box, within: self.box)
    }

    /// ViperGPT's `overlaps_with`: boxes touching at an edge count as overlapping.
    public func overlaps(left: Int, lower: Int, right: Int, upper: Int) -> Bool {
        self.left <= right && self.right >= left && self.lower <= upper && self.upper >= lower
    }

    /// ViperGPT's `distance`: the Euclidean gap between the boxes' edges, or minus their IoU when
    /// they touch or overlap.
    public func distance(to other: Patch) -> Double {
        let dx = max(0, other.box.xMin - box.xMax) + max(0, box.xMin - other.box.xMax)
        let dy = max(0, other.box.yMin - box.yMax) + max(0, box.yMin - other.box.yMax)
        let gap = Double(dx * dx + dy * dy).squareRoot()
        return gap > 0 ? gap : -box.intersectionOverUnion(other.box)
    }
}
