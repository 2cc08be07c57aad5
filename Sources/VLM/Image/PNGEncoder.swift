import CImageShim
import Foundation

/// Writes 8-bit RGB or RGBA PNGs through libpng with fixed settings (filter "up", zlib level 9,
/// no time or text chunks), so the same pixels give the same bytes with the same zlib.
public enum PNGEncoder {
    /// `pixels` is `[height, width, channels]`, `channels` 3 (RGB) or 4 (RGBA).
    public static func encode(width: Int, height: Int, channels: Int, pixels: [UInt8]) throws -> [UInt8] {
        guard channels == 3 || channels == 4 else {
            throw ImageError.encodingFailed("PNG needs 3 (RGB) or 4 (RGBA) channels, got \(channels)")
        }
        guard width > 0, height > 0, width <= Int(UInt32.max), height <= Int(UInt32.max) else {
            throw ImageError.encodingFailed("image size \(width)x\(height) cannot be written as PNG")
        }
        guard pixels.count == width * height * channels else {
            throw ImageError.encodingFailed(
                "\(pixels.count) bytes given for a \(width)x\(height)x\(channels) image (needs \(width * height * channels))")
        }
        var encoded = loupe_encoded_image()
        let status = pixels.withUnsafeBufferPointer { buffer in
            loupe_png_encode(buffer.baseAddress, UInt32(width), UInt32(height), Int32(channels), &encoded)
        }
        guard status == 0 else {
            let message = withUnsafeBytes(of: &encoded.error) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            throw ImageError.encodingFailed(message)
        }
        defer { loupe_image_free(encoded.bytes) }
        return [UInt8](UnsafeBufferPointer(start: encoded.bytes, count: encoded.size))
    }

    /// Encodes and writes to `path`, replacing any file there.
    public static func write(width: Int, height: Int, channels: Int, pixels: [UInt8], to path: String) throws {
        let bytes = try encode(width: width, height: height, channels: channels, pixels: pixels)
        do {
            try Data(bytes).write(to: URL(fileURLWithPath: path))
        } catch {
            throw ImageError.encodingFailed("cannot write \(path): \(error.localizedDescription)")
        }
    }
}

extension RGBImage {
    public func pngData() throws -> [UInt8] {
        try PNGEncoder.encode(width: width, height: height, channels: 3, pixels: pixels)
    }

    public func writePNG(to path: String) throws {
        try PNGEncoder.write(width: width, height: height, channels: 3, pixels: pixels, to: path)
    }
}
