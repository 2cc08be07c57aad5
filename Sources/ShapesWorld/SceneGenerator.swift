/// Random still scenes: 2 to 10 non-overlapping objects (at least `minimumGap` pixels apart) drawn
/// from a few colors and shapes per scene, so that attributes repeat and counts are interesting.
enum SceneGenerator {
    static let imageSizes: [(Int, Int)] = [(224, 224), (224, 224), (224, 224), (320, 240), (256, 192), (192, 256)]
    static let minimumGap = 4
    static let border = 3

    static func scene(_ rng: inout SplitMix64, objectCount: ClosedRange<Int> = 2...10, labels: Bool = false) -> Scene {
        let (width, height) = rng.pick(imageSizes)
        let background = Background(rgb: rng.pick(Background.tones), textured: rng.chance(1, in: 2))
        let colors = Array(rng.shuffled(ShapeColor.allCases).prefix(rng.int(in: 3...5)))
        let shapes = Array(rng.shuffled(ShapeKind.allCases).prefix(rng.int(in: 3...5)))
        let wanted = rng.int(in: objectCount)
        var objects = [SceneObject]()
        var attempts = 0
        while objects.count < wanted && attempts < 400 {
            attempts += 1
            let size: SizeClass = rng.chance(1, in: 2) ? .small : .large
            let radius = rng.int(in: size.radiusRange)
            let candidate = SceneObject(
                id: objects.count, shape: rng.pick(shapes), color: rng.pick(colors), size: size, radius: radius,
                centerX: rng.int(in: (radius + border)...(width - radius - border - 1)),
                centerY: rng.int(in: (radius + border)...(height - radius - border - 1)), label: nil)
            if objects.allSatisfy({ separated($0.reach, candidate.reach) }) {
                objects.append(candidate)
            }
        }
        if labels {
            var unused = rng.shuffled(BitmapFont.characters)
            for index in objects.indices where objects[index].shape.canCarryLabel && objects[index].size == .large {
                if rng.chance(2, in: 3), let character = unused.popLast() {
                    objects[index].label = String(character)
                }
            }
        }
        var scene = Scene(width: width, height: height, background: background, objects: objects)
        measure(&scene)
        return scene
    }

    static func separated(_ a: PixelBox, _ b: PixelBox) -> Bool {
        a.xMax + minimumGap <= b.xMin || b.xMax + minimumGap <= a.xMin
            || a.yMax + minimumGap <= b.yMin || b.yMax + minimumGap <= a.yMin
    }

    /// Stores every object's pixel box as the rasterizer will draw it.
    static func measure(_ scene: inout Scene) {
        for index in scene.objects.indices {
            scene.objects[index].box = Rasterizer.measure(scene.objects[index], width: scene.width, height: scene.height)
        }
    }
}
