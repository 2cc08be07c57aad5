/// An 8-bit RGB image, rows top to bottom, pixels left to right, 3 bytes a pixel: `[height, width, 3]`.
public struct RGBImage: Sendable, Equatable {
    public let width: Int
    public let height: Int
    public var pixels: [UInt8]

    /// `pixels` must hold exactly `width * height * 3` bytes.
    public init(width: Int, height: Int, pixels: [UInt8]) throws {
        guard width > 0, height > 0 else {
            throw ImageError.invalidGeometry("image size \(width)x\(height) is empty")
        }
        guard pixels.count == (try Self.byteCount(width: width, height: height)) else {
            throw ImageError.invalidGeometry(
                "\(pixels.count) bytes given for a \(width)x\(height) RGB image (needs \(width * height * 3))")
        }
        self.width = width
        self.height = height
        self.pixels = pixels
    }

    /// A `width` x `height` image filled with one color.
    public init(width: Int, height: Int, filledWith color: (UInt8, UInt8, UInt8)) throws {
        guard width > 0, height > 0 else {
            throw ImageError.invalidGeometry("image size \(width)x\(height) is empty")
        }
        var pixels = [UInt8](repeating: 0, count: try Self.byteCount(width: width, height: height))
        for index in stride(from: 0, to: pixels.count, by: 3) {
            pixels[index] = color.0
            pixels[index + 1] = color.1
            pixels[index + 2] = color.2
        }
        self.width = width
        self.height = height
        self.pixels = pixels
    }

    /// width * height * 3 for positive sizes, refused where the product overflows (a plain product would trap).
    private static func byteCount(width: Int, height: Int) throws -> Int {
        let (area, areaOverflow) = width.multipliedReportingOverflow(by: height)
        let (bytes, bytesOverflow) = area.multipliedReportingOverflow(by: 3)
        guard !areaOverflow, !bytesOverflow else {
            throw ImageError.invalidGeometry("image size \(width)x\(height) is too large to address")
        }
        return bytes
    }

    /// Internal initializer for buffers whose size is already known to be right.
    init(unchecked width: Int, _ height: Int, _ pixels: [UInt8]) {
        self.width = width
        self.height = height
        self.pixels = pixels
    }

    public func pixel(x: Int, y: Int) -> (r: UInt8, g: UInt8, b: UInt8) {
        let index = (y * width + x) * 3
        return (pixels[index], pixels[index + 1], pixels[index + 2])
    }
}
