import Foundation

/// A decoded segmentation mask in the original image's pixels, placed as big_vision places it:
/// - the box is the detection's `<loc>` box (bins / 1024 * side) rounded half to even, as the
///   PaliGemma demo's `extract_objs` does with Python's `round`; bins past 1023 stop at the edge;
/// - the 64 x 64 logits are resized to the box with Pillow's BILINEAR on a float image, as
///   big_vision's segmentation evaluator does, and a pixel belongs to the object when its
///   resized value is > 0;
/// - a box that rounds to no pixels (x_max <= x_min or y_max <= y_min) has an empty mask.
public struct PaliGemmaMask: Sendable, Equatable {
    public let imageWidth: Int
    public let imageHeight: Int
    /// The pixels the mask covers lie in x_min ..< x_max, y_min ..< y_max.
    public let xMin, yMin, xMax, yMax: Int
    /// The logits resized to the box, [y_max - y_min, x_max - x_min], rows top to bottom.
    public let values: [Float]

    public init(logits: [Float], detection: PaliGemmaDetection, imageWidth: Int, imageHeight: Int) throws {
        let side = PaliGemmaMaskDecoder.maskSide
        guard logits.count == side * side else {
            throw ModelError("mask logits: \(logits.count) values given, expected \(side) x \(side)")
        }
        guard imageWidth > 0, imageHeight > 0 else {
            throw ModelError("mask placement: image size \(imageWidth)x\(imageHeight) is empty")
        }
        func pixel(_ coordinate: Double, _ limit: Int) -> Int {
            Int(min(max(coordinate.rounded(.toNearestOrEven), 0), Double(limit)))
        }
        self.imageWidth = imageWidth
        self.imageHeight = imageHeight
        xMin = pixel(detection.xMin, imageWidth)
        yMin = pixel(detection.yMin, imageHeight)
        xMax = pixel(detection.xMax, imageWidth)
        yMax = pixel(detection.yMax, imageHeight)
        if xMax > xMin, yMax > yMin {
            values = try FloatPlane(width: side, height: side, values: logits)
                .resized(width: xMax - xMin, height: yMax - yMin, filter: .bilinear).values
        } else {
            values = []
        }
    }

    public var isEmpty: Bool { values.isEmpty }

    /// Whether image pixel (x, y) belongs to the object.
    public func contains(x: Int, y: Int) -> Bool {
        guard x >= xMin, x < xMax, y >= yMin, y < yMax else { return false }
        return values[(y - yMin) * (xMax - xMin) + (x - xMin)] > 0
    }

    /// Pixels of the image inside the mask.
    public var pixelCount: Int { values.reduce(0) { $0 + ($1 > 0 ? 1 : 0) } }

    /// COCO's uncompressed run-length encoding of the whole image's mask: alternating counts of
    /// pixels outside and inside, walking columns left to right, each top to bottom, starting
    /// with an "outside" run (0 when the first pixel is inside). pycocotools reads
    /// `{"size": [height, width], "counts": runLengths}` directly.
    public var runLengths: [Int] {
        var counts: [Int] = []
        var inside = false
        var run = 0
        for x in 0..<imageWidth {
            for y in 0..<imageHeight {
                if contains(x: x, y: y) != inside {
                    counts.append(run)
                    inside.toggle()
                    run = 0
                }
                run += 1
            }
        }
        counts.append(run)
        return counts
    }
}

/// As JSON: `{"box": [x_min, y_min, x_max, y_max], "pixels": N, "size": [height, width],
/// "counts": COCO RLE}` (`loupe vlm --json`).
extension PaliGemmaMask: Encodable {
    private enum Keys: String, CodingKey {
        case box, pixels, size, counts
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode([xMin, yMin, xMax, yMax], forKey: .box)
        try container.encode(pixelCount, forKey: .pixels)
        try container.encode([imageHeight, imageWidth], forKey: .size)
        try container.encode(runLengths, forKey: .counts)
    }
}
