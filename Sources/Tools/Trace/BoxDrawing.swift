import VLM

/// Outlines drawn into pixels, for the answer PNG (an SVG overlay would not survive being
/// saved as a picture).
enum BoxDrawing {
    /// Draws each box's outline `thickness` pixels wide just inside the box, clipped to the image.
    static func draw(_ boxes: [BoundingBox], on image: RGBImage, color: (UInt8, UInt8, UInt8) = (255, 0, 0), thickness: Int = 2) -> RGBImage {
        var out = image
        let w = image.width, h = image.height
        func paint(_ x: Int, _ y: Int) {
            guard x >= 0, y >= 0, x < w, y < h else { return }
            let i = (y * w + x) * 3
            out.pixels[i] = color.0
            out.pixels[i + 1] = color.1
            out.pixels[i + 2] = color.2
        }
        for box in boxes where !box.isEmpty {
            for t in 0..<min(thickness, max(1, min(box.width, box.height) / 2)) {
                for x in box.xMin..<box.xMax {
                    paint(x, box.yMin + t)
                    paint(x, box.yMax - 1 - t)
                }
                for y in box.yMin..<box.yMax {
                    paint(box.xMin + t, y)
                    paint(box.xMax - 1 - t, y)
                }
            }
        }
        return out
    }
}
