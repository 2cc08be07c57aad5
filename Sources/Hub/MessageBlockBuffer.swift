/// The 64-byte block framing SHA-1 and SHA-256 share: whole blocks go straight from the caller's
/// buffer to the compression function, only a tail shorter than a block is copied and kept.
struct MessageBlockBuffer: Sendable {
    private var tail: [UInt8] = []
    private var totalBytes: UInt64 = 0

    init() { tail.reserveCapacity(64) }

    mutating func consume(_ bytes: UnsafeRawBufferPointer, _ compress: (UnsafeRawBufferPointer) -> Void) {
        totalBytes &+= UInt64(bytes.count)
        var offset = 0
        if !tail.isEmpty {
            let taken = min(64 - tail.count, bytes.count)
            tail.append(contentsOf: bytes[0..<taken])
            offset = taken
            guard tail.count == 64 else { return }
            tail.withUnsafeBytes(compress)
            tail.removeAll(keepingCapacity: true)
        }
        while bytes.count - offset >= 64 {
            compress(UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + 64)]))
            offset += 64
        }
        tail.append(contentsOf: bytes[offset...])
    }

    /// Appends 0x80, zeros and the message length in bits (big-endian), compressing the last blocks.
    mutating func pad(_ compress: (UnsafeRawBufferPointer) -> Void) {
        let bitLength = totalBytes &* 8
        var padding: [UInt8] = [0x80]
        padding += [UInt8](repeating: 0, count: (119 - tail.count) % 64)
        padding += (0..<8).map { UInt8(truncatingIfNeeded: bitLength >> (56 - 8 * UInt64($0))) }
        let savedTotal = totalBytes
        padding.withUnsafeBytes { consume($0, compress) }
        totalBytes = savedTotal
    }
}
