/// The closed vocabulary of the Shapes world. Questions, programs and scene files use exactly these
/// words, so a perception backend reading scene files can parse every phrase.
public enum ShapeKind: String, CaseIterable, Sendable {
    case circle, square, triangle, star, diamond

    public var plural: String { rawValue + "s" }

    /// Text labels are drawn only inside shapes wide enough around their centre.
    var canCarryLabel: Bool { self == .circle || self == .square }
}

public enum ShapeColor: String, CaseIterable, Sendable {
    case red, green, blue, yellow, purple, orange, cyan

    public var rgb: (UInt8, UInt8, UInt8) {
        switch self {
        case .red: return (220, 40, 40)
        case .green: return (40, 160, 60)
        case .blue: return (40, 80, 220)
        case .yellow: return (240, 205, 30)
        case .purple: return (140, 60, 180)
        case .orange: return (245, 135, 25)
        case .cyan: return (30, 195, 210)
        }
    }

    /// Label ink that stays readable on this color.
    var labelInk: (UInt8, UInt8, UInt8) {
        switch self {
        case .yellow, .cyan, .orange: return (20, 20, 20)
        default: return (255, 255, 255)
        }
    }
}

public enum SizeClass: String, CaseIterable, Sendable {
    case small, large

    /// Outer radius in pixels for a 224-pixel-high image: small 9...12, large 19...25 (box areas
    /// differ by a factor of more than 2.5 between classes).
    var radiusRange: ClosedRange<Int> {
        switch self {
        case .small: return 9...12
        case .large: return 19...25
        }
    }
}
