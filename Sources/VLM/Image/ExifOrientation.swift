/// The EXIF orientation tag (0x0112): how the stored pixels must be turned to be viewed upright.
/// Values as in the EXIF standard; anything missing or malformed means `.upright`, as in Pillow.
public enum ExifOrientation: Int, Sendable {
    case upright = 1, mirrored = 2, rotated180 = 3, flippedVertically = 4
    case transposed = 5, rotatedClockwise = 6, transversed = 7, rotatedCounterClockwise = 8

    /// Reads IFD0 of a TIFF-structured EXIF block ("II*\0" or "MM\0*" header).
    init(tiff bytes: UnsafeBufferPointer<UInt8>) {
        self = ExifOrientation.read(bytes) ?? .upright
    }

    private static func read(_ bytes: UnsafeBufferPointer<UInt8>) -> ExifOrientation? {
        guard bytes.count >= 8 else { return nil }
        let littleEndian: Bool
        switch (bytes[0], bytes[1]) {
        case (0x49, 0x49): littleEndian = true
        case (0x4D, 0x4D): littleEndian = false
        default: return nil
        }
        func u16(_ offset: Int) -> Int? {
            guard offset >= 0, offset + 2 <= bytes.count else { return nil }
            let a = Int(bytes[offset]), b = Int(bytes[offset + 1])
            return littleEndian ? a | b << 8 : a << 8 | b
        }
        func u32(_ offset: Int) -> Int? {
            guard let low = u16(offset + (littleEndian ? 0 : 2)), let high = u16(offset + (littleEndian ? 2 : 0)) else {
                return nil
            }
            return low | high << 16
        }
        guard u16(2) == 42, let ifd = u32(4), let entries = u16(ifd) else { return nil }
        for entry in 0..<entries {
            let at = ifd + 2 + entry * 12
            guard let tag = u16(at) else { return nil }
            if tag == 0x0112 {
                guard u16(at + 2) == 3, let value = u16(at + 8) else { return nil }
                return ExifOrientation(rawValue: value)
            }
        }
        return nil
    }
}

extension RGBImage {
    /// The image turned upright according to `orientation` (Pillow's `exif_transpose` transposes).
    public func applying(_ orientation: ExifOrientation) -> RGBImage {
        let w = width, h = height
        let swapsAxes = orientation.rawValue >= 5
        let outWidth = swapsAxes ? h : w, outHeight = swapsAxes ? w : h
        // Source pixel (x, y) for each destination pixel.
        let source: (Int, Int) -> (Int, Int)
        switch orientation {
        case .upright: return self
        case .mirrored: source = { x, y in (w - 1 - x, y) }
        case .rotated180: source = { x, y in (w - 1 - x, h - 1 - y) }
        case .flippedVertically: source = { x, y in (x, h - 1 - y) }
        case .transposed: source = { x, y in (y, x) }
        case .rotatedClockwise: source = { x, y in (y, h - 1 - x) }
        case .transversed: source = { x, y in (w - 1 - y, h - 1 - x) }
        case .rotatedCounterClockwise: source = { x, y in (w - 1 - y, x) }
        }
        var out = [UInt8](repeating: 0, count: outWidth * outHeight * 3)
        for y in 0..<outHeight {
            for x in 0..<outWidth {
                let (sx, sy) = source(x, y)
                let from = (sy * w + sx) * 3, to = (y * outWidth + x) * 3
                out[to] = pixels[from]
                out[to + 1] = pixels[from + 1]
                out[to + 2] = pixels[from + 2]
            }
        }
        return RGBImage(unchecked: outWidth, outHeight, out)
    }
}
