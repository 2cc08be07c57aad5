import Foundation

/// Identifies the pixels a vision tower sees: a hash of the source image's content plus the crop
/// taken from it (nil = the whole image), so the same crop of the same picture hits the cache
/// whatever file or object it came from.
public struct ImageContentKey: Hashable, Sendable, CustomStringConvertible {
    /// 128-bit content hash of the source image (size and RGB bytes), hex.
    public let contentHash: String
    /// x_min, y_min, x_max, y_max in the source image's pixels.
    public let crop: [Int]?

    public init(image: RGBImage, crop: [Int]? = nil) {
        self.init(contentHash: Self.hash(image), crop: crop)
    }

    public init(contentHash: String, crop: [Int]?) {
        self.contentHash = contentHash
        self.crop = crop
    }

    public var description: String {
        contentHash + (crop.map { "@" + $0.map(String.init).joined(separator: ",") } ?? "")
    }

    /// Two FNV-1a 64-bit hashes with different offsets over (width, height, pixels).
    static func hash(_ image: RGBImage) -> String {
        var a: UInt64 = 0xcbf2_9ce4_8422_2325, b: UInt64 = 0x6c62_272e_07bb_0142
        let prime: UInt64 = 0x0000_0100_0000_01b3
        func mix(_ byte: UInt8) {
            a = (a ^ UInt64(byte)) &* prime
            b = (b ^ UInt64(byte ^ 0x5a)) &* prime
        }
        for value in [image.width, image.height] {
            for shift in stride(from: 0, to: 64, by: 8) { mix(UInt8(truncatingIfNeeded: value >> shift)) }
        }
        for byte in image.pixels { mix(byte) }
        func hex(_ value: UInt64) -> String {
            let digits = String(value, radix: 16)
            return String(repeating: "0", count: 16 - digits.count) + digits
        }
        return hex(a) + hex(b)
    }
}

/// Projected image features kept in memory, least recently used dropped first, keyed by model and
/// image content: asking several questions about one image (or one crop) encodes it once.
public final class ImageEmbeddingCache: @unchecked Sendable {
    public struct Key: Hashable, Sendable {
        public let modelID: String
        public let image: ImageContentKey

        public init(modelID: String, image: ImageContentKey) {
            self.modelID = modelID
            self.image = image
        }
    }

    public let capacity: Int
    private var entries: [Key: (features: Tensor, lastUse: Int)] = [:]
    private var clock = 0
    private let lock = NSLock()
    public private(set) var hits = 0
    public private(set) var misses = 0

    public init(capacity: Int = 32) {
        self.capacity = max(capacity, 1)
    }

    public var count: Int { lock.withLock { entries.count } }

    public func features(for key: Key) -> Tensor? {
        lock.withLock {
            clock += 1
            guard let entry = entries[key] else {
                misses += 1
                return nil
            }
            hits += 1
            entries[key] = (entry.features, clock)
            return entry.features
        }
    }

    public func store(_ features: Tensor, for key: Key) {
        lock.withLock {
            clock += 1
            entries[key] = (features, clock)
            if entries.count > capacity, let oldest = entries.min(by: { $0.value.lastUse < $1.value.lastUse })?.key {
                entries.removeValue(forKey: oldest)
            }
        }
    }
}
