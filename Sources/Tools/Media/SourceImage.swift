import Foundation
import VLM

/// One image a program looks at: a file given on the command line, or one frame of a video.
/// Pixels are decoded on first use, so a video's frames cost nothing until a program touches them.
public final class SourceImage: @unchecked Sendable {
    /// The file the pixels come from (nil for images made in memory); the oracle finds the
    /// scene file beside it.
    public let path: String?
    /// Where the image sits in a video (nil for a still image).
    public let frameIndex: Int?
    private let lock = NSLock()
    private var decoded: RGBImage?
    private var hash: String?

    public init(path: String, frameIndex: Int? = nil) {
        self.path = path
        self.frameIndex = frameIndex
    }

    public init(image: RGBImage, name: String? = nil) {
        self.path = name
        self.frameIndex = nil
        self.decoded = image
    }

    /// A name for messages: the path, or `<image>`.
    public var name: String { path ?? "<image>" }

    public func pixels() throws -> RGBImage {
        lock.lock()
        defer { lock.unlock() }
        if let decoded { return decoded }
        guard let path else { throw ToolError.badInput("image has neither pixels nor a file") }
        let image = try ImageDecoder.decode(contentsOf: path)
        decoded = image
        return image
    }

    public var width: Int { get throws { try pixels().width } }
    public var height: Int { get throws { try pixels().height } }
    public var bounds: BoundingBox { get throws { let p = try pixels(); return .whole(width: p.width, height: p.height) } }

    /// A 128-bit hash of the decoded pixels and size, the image part of a cache key: the same
    /// picture saved as PNG or JPEG-identical bytes under another name shares cache entries.
    public func contentHash() throws -> String {
        let image = try pixels()
        lock.lock()
        defer { lock.unlock() }
        if let hash { return hash }
        var a: UInt64 = 0xcbf2_9ce4_8422_2325
        var b: UInt64 = 0x8422_2325_cbf2_9ce4 ^ UInt64(image.width) << 32 ^ UInt64(image.height)
        for byte in image.pixels {
            a = (a ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
            b = (b ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 &+ 0x9e37_79b9
        }
        a ^= UInt64(image.width) &* 0x9e37_79b9_7f4a_7c15 ^ UInt64(image.height)
        let text = String(format: "%016llx%016llx", a, b)
        hash = text
        return text
    }
}

/// A failure of a tool, with what and where; the evaluator turns it into a Python exception.
public enum ToolError: Error, CustomStringConvertible, Equatable {
    case badInput(String)
    case unsupported(String)
    case backend(String)
    case unavailable(String)

    public var description: String {
        switch self {
        case .badInput(let m), .unsupported(let m), .backend(let m), .unavailable(let m): return m
        }
    }
}
