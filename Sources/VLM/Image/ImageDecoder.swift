import CImageShim
import Foundation

/// Reads PNG and JPEG files into `RGBImage`s the way transformers' `load_image` + `convert("RGB")`
/// sees them through Pillow: alpha is dropped (not composited), palettes and gray are expanded,
/// 16-bit color keeps the high byte, 16-bit gray is clipped at 255 (Pillow's "I;16" -> "RGB"),
/// CMYK/YCCK JPEGs use Adobe's inverted polarity, and the EXIF orientation tag is applied
/// (`ImageOps.exif_transpose`).
public enum ImageDecoder {
    /// About 100 megapixels (300 MB of RGB); larger images are refused before decoding.
    public static let defaultMaxPixels = 100_000_000
    /// Files larger than this are refused before being read.
    public static let maxFileBytes = 1 << 30

    public static func decode(contentsOf path: String, maxPixels: Int = defaultMaxPixels) throws -> RGBImage {
        let attributes: [FileAttributeKey: Any]
        let resolved = URL(fileURLWithPath: path).resolvingSymlinksInPath()
        do {
            attributes = try FileManager.default.attributesOfItem(atPath: resolved.path)
        } catch {
            throw ImageError.unreadable(path: path, reason: "no such file or not accessible")
        }
        // Devices and pipes (e.g. /dev/zero) would be read forever.
        guard let type = attributes[.type] as? FileAttributeType, type == .typeRegular else {
            let kind = (attributes[.type] as? FileAttributeType) == .typeDirectory ? "a directory" : "not a regular file"
            throw ImageError.unreadable(path: path, reason: "is \(kind)")
        }
        if let size = attributes[.size] as? NSNumber, size.int64Value > Int64(maxFileBytes) {
            throw ImageError.unreadable(path: path, reason: "file of \(size) bytes exceeds \(maxFileBytes) bytes")
        }
        let data: Data
        do {
            data = try Data(contentsOf: resolved)
        } catch {
            throw ImageError.unreadable(path: path, reason: error.localizedDescription)
        }
        return try decode(bytes: [UInt8](data), source: path, maxPixels: maxPixels)
    }

    /// `source` names the bytes in error messages (a path, a URL, "frame 12 of clip.mp4").
    public static func decode(bytes: [UInt8], source: String, maxPixels: Int = defaultMaxPixels) throws -> RGBImage {
        guard !bytes.isEmpty else { throw ImageError.empty(source: source) }
        let format = ImageFormat(signature: bytes)
        var decoded = loupe_decoded_image()
        let status: Int32 = bytes.withUnsafeBufferPointer { buffer in
            switch format {
            case .png: return loupe_png_decode(buffer.baseAddress, buffer.count, UInt64(max(0, maxPixels)), &decoded)
            case .jpeg: return loupe_jpeg_decode(buffer.baseAddress, buffer.count, UInt64(max(0, maxPixels)), &decoded)
            case .unknown: return 1
            }
        }
        switch status {
        case 0:
            break
        case 1:
            throw ImageError.unsupportedFormat(source: source)
        case LOUPE_IMAGE_TOO_LARGE:
            throw ImageError.tooLarge(source: source, width: Int(decoded.width), height: Int(decoded.height), limit: maxPixels)
        default:
            throw ImageError.corrupt(source: source, reason: errorMessage(of: &decoded))
        }
        defer {
            loupe_image_free(decoded.pixels)
            loupe_image_free(decoded.exif)
        }
        let width = Int(decoded.width), height = Int(decoded.height)
        let pixels = [UInt8](UnsafeBufferPointer(start: decoded.pixels, count: width * height * 3))
        let image = RGBImage(unchecked: width, height, pixels)
        guard let exif = decoded.exif, decoded.exif_size > 0 else { return image }
        let orientation = ExifOrientation(tiff: UnsafeBufferPointer(start: exif, count: decoded.exif_size))
        return image.applying(orientation)
    }

    private static func errorMessage(of decoded: inout loupe_decoded_image) -> String {
        withUnsafeBytes(of: &decoded.error) { raw in
            let bytes = raw.prefix { $0 != 0 }
            return String(decoding: bytes, as: UTF8.self)
        }
    }
}

enum ImageFormat {
    case png, jpeg, unknown

    init(signature bytes: [UInt8]) {
        if bytes.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) {
            self = .png
        } else if bytes.starts(with: [0xFF, 0xD8, 0xFF]) {
            self = .jpeg
        } else {
            self = .unknown
        }
    }
}
