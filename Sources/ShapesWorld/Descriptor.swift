/// A noun phrase of the Shapes world: `[small|large] [color] (shape|object)`, e.g. "large red circle",
/// "red object", "star". The same phrase is used in the question and as the program's `find` argument.
struct Descriptor: Equatable, Sendable {
    var size: SizeClass?
    var color: ShapeColor?
    var shape: ShapeKind?

    var phrase: String {
        ([size?.rawValue, color?.rawValue].compactMap { $0 } + [shape?.rawValue ?? "object"]).joined(separator: " ")
    }

    var pluralPhrase: String {
        ([size?.rawValue, color?.rawValue].compactMap { $0 } + [shape?.plural ?? "objects"]).joined(separator: " ")
    }

    /// A Python identifier for a variable holding such patches, e.g. `large_red_circle`.
    var variable: String { phrase.replacingOccurrences(of: " ", with: "_") }

    func matches(shape: ShapeKind, color: ShapeColor, size: SizeClass) -> Bool {
        (self.shape == nil || self.shape == shape) && (self.color == nil || self.color == color)
            && (self.size == nil || self.size == size)
    }

    func matches(_ object: SceneObject) -> Bool {
        matches(shape: object.shape, color: object.color, size: object.size)
    }

    func count(in objects: [SceneObject]) -> Int {
        objects.filter(matches).count
    }

    /// The ways to name `object` that match it alone among `objects`, shortest first; `omitting`
    /// keeps the asked-about attribute out of the phrase.
    static func unique(for object: SceneObject, in objects: [SceneObject], omitting: Attribute? = nil) -> [Descriptor] {
        var candidates = [
            Descriptor(shape: object.shape),
            Descriptor(color: object.color),
            Descriptor(color: object.color, shape: object.shape),
            Descriptor(size: object.size, shape: object.shape),
            Descriptor(size: object.size, color: object.color),
            Descriptor(size: object.size, color: object.color, shape: object.shape),
        ]
        switch omitting {
        case .color?: candidates = candidates.filter { $0.color == nil }
        case .shape?: candidates = candidates.filter { $0.shape == nil }
        case nil: break
        }
        // "the red object" names a single object only when it is the only red one; a bare "object" never does.
        return candidates.filter { ($0.shape != nil || $0.color != nil) && $0.count(in: objects) == 1 }
    }
}

/// An attribute a question can ask about.
enum Attribute: String, CaseIterable, Sendable {
    case color, shape

    func value(of object: SceneObject) -> String {
        switch self {
        case .color: return object.color.rawValue
        case .shape: return object.shape.rawValue
        }
    }
}

/// A side of an anchor, decided on box centres with a margin so that no answer hangs on a pixel.
enum Side: CaseIterable, Sendable {
    case left, right, above, below

    /// Centres must differ by at least this many pixels along the side's axis.
    static let marginPixels = 12

    /// Words after "Is the X ..." and "How many X are ...".
    var relation: String {
        switch self {
        case .left: return "left of"
        case .right: return "right of"
        case .above: return "above"
        case .below: return "below"
        }
    }

    /// Words inside a referring expression ("the red circle to the right of the square").
    var referringRelation: String {
        switch self {
        case .left: return "to the left of"
        case .right: return "to the right of"
        case .above: return "above"
        case .below: return "below"
        }
    }

    /// `true`/`false` when `box` is clearly on this side of `anchor` or clearly not, `nil` when too close to call.
    func holds(_ box: PixelBox, of anchor: PixelBox) -> Bool? {
        let difference: Int
        switch self {
        case .left: difference = anchor.doubledCenterX - box.doubledCenterX
        case .right: difference = box.doubledCenterX - anchor.doubledCenterX
        case .above: difference = anchor.doubledCenterY - box.doubledCenterY
        case .below: difference = box.doubledCenterY - anchor.doubledCenterY
        }
        if difference >= 2 * Side.marginPixels { return true }
        if difference <= -2 * Side.marginPixels { return false }
        return nil
    }

    /// The program's test of `patch` against `anchor` in ViperGPT coordinates (vertical ones grow upwards).
    func condition(_ patch: String, _ anchor: String) -> String {
        switch self {
        case .left: return "\(patch).horizontal_center < \(anchor).horizontal_center"
        case .right: return "\(patch).horizontal_center > \(anchor).horizontal_center"
        case .above: return "\(patch).vertical_center > \(anchor).vertical_center"
        case .below: return "\(patch).vertical_center < \(anchor).vertical_center"
        }
    }
}
