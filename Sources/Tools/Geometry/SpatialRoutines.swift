/// The abstract spatial routines of the 2024 work and HYDRA, on Swift values. Sorting is stable,
/// so ties keep the order the program gave.
public enum SpatialRoutines {
    public static func leftToRight(_ patches: [Patch]) -> [Patch] {
        stableSorted(patches) { $0.horizontalCenter < $1.horizontalCenter }
    }

    public static func bottomToTop(_ patches: [Patch]) -> [Patch] {
        stableSorted(patches) { $0.verticalCenter < $1.verticalCenter }
    }

    /// The middle one of the left-to-right order (the right one of the two middles of an even count).
    public static func middle(_ patches: [Patch]) throws -> Patch {
        let sorted = leftToRight(try nonEmpty(patches, "get_middle_patch"))
        return sorted[sorted.count / 2]
    }

    public static func largest(_ patches: [Patch]) throws -> Patch {
        try nonEmpty(patches, "get_largest_patch").reduce(patches[0]) { $1.area > $0.area ? $1 : $0 }
    }

    public static func smallest(_ patches: [Patch]) throws -> Patch {
        try nonEmpty(patches, "get_smallest_patch").reduce(patches[0]) { $1.area < $0.area ? $1 : $0 }
    }

    public static func closest(_ patches: [Patch], to anchor: Patch) throws -> Patch {
        let list = try nonEmpty(patches, "get_patch_closest_to_anchor_object")
        return list.reduce(list[0]) { $1.distance(to: anchor) < $0.distance(to: anchor) ? $1 : $0 }
    }

    public static func farthest(_ patches: [Patch], from anchor: Patch) throws -> Patch {
        let list = try nonEmpty(patches, "get_patch_farthest_to_anchor_object")
        return list.reduce(list[0]) { $1.distance(to: anchor) > $0.distance(to: anchor) ? $1 : $0 }
    }

    public enum Side: String { case left, right, above, below }

    /// The part of the patch's view on one side of the patch's center (a half center rounds away
    /// from the patch, so the region never contains the center line).
    public static func region(_ side: Side, of patch: Patch) throws -> Patch {
        let r = patch.view.region, b = patch.box
        let doubledX = b.xMin + b.xMax, doubledY = b.yMin + b.yMax
        let box: BoundingBox
        switch side {
        case .left: box = BoundingBox(xMin: r.xMin, yMin: r.yMin, xMax: doubledX / 2, yMax: r.yMax)
        case .right: box = BoundingBox(xMin: (doubledX + 1) / 2, yMin: r.yMin, xMax: r.xMax, yMax: r.yMax)
        case .above: box = BoundingBox(xMin: r.xMin, yMin: r.yMin, xMax: r.xMax, yMax: doubledY / 2)
        case .below: box = BoundingBox(xMin: r.xMin, yMin: (doubledY + 1) / 2, xMax: r.xMax, yMax: r.yMax)
        }
        return try Patch(view: patch.view, box: box, within: r, described: "the region \(side.rawValue) of the patch \(b)")
    }

    private static func nonEmpty(_ patches: [Patch], _ routine: String) throws -> [Patch] {
        guard !patches.isEmpty else { throw ToolError.badInput("\(routine)() got an empty list of patches") }
        return patches
    }

    private static func stableSorted(_ patches: [Patch], by less: (Patch, Patch) -> Bool) -> [Patch] {
        patches.enumerated().sorted { less($0.element, $1.element) || (!less($1.element, $0.element) && $0.offset < $1.offset) }.map(\.element)
    }
}
