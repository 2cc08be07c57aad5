/// Exact lookup from a byte string to a token id, without allocating a key per lookup.
///
/// The SentencePiece merge loop asks "is this byte range a vocabulary piece?" once per candidate
/// bigram; an open-addressing table over one contiguous byte buffer answers that with one hash and
/// usually one `memcmp`, where a `[String: Int]` would build a String for every probe.
struct PieceTable: Sendable {
    private let bytes: [UInt8]
    private let offsets: [Int]          // piece i occupies bytes[offsets[i] ..< offsets[i + 1]]
    private let slots: [Int32]          // token id + 1, 0 = empty
    private let mask: Int

    /// Later duplicates win, as in llama.cpp's `token_to_id` map.
    init(pieces: [[UInt8]]) {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(pieces.reduce(0) { $0 + $1.count })
        var offsets = [0]
        offsets.reserveCapacity(pieces.count + 1)
        for piece in pieces {
            bytes.append(contentsOf: piece)
            offsets.append(bytes.count)
        }
        var capacity = 16
        while capacity < pieces.count * 2 { capacity <<= 1 }
        var slots = [Int32](repeating: 0, count: capacity)
        let mask = capacity - 1
        bytes.withUnsafeBufferPointer { all in
            for (id, piece) in pieces.enumerated() {
                var slot = Self.hash(piece.withUnsafeBufferPointer { UnsafeRawBufferPointer($0) }) & mask
                while slots[slot] != 0 {
                    let other = Int(slots[slot]) - 1
                    let start = offsets[other], end = offsets[other + 1]
                    if end - start == piece.count
                        && piece.elementsEqual(all[start..<end]) {
                        break
                    }
                    slot = (slot + 1) & mask
                }
                slots[slot] = Int32(id + 1)
            }
        }
        self.bytes = bytes
        self.offsets = offsets
        self.slots = slots
        self.mask = mask
    }

    func id(of piece: UnsafeRawBufferPointer) -> Int32? {
        var slot = Self.hash(piece) & mask
        return bytes.withUnsafeBytes { all in
            while true {
                let entry = slots[slot]
                if entry == 0 { return nil }
                let id = Int(entry) - 1
                let start = offsets[id], end = offsets[id + 1]
                if end - start == piece.count
                    && (piece.count == 0 || memcmp(all.baseAddress! + start, piece.baseAddress!, piece.count) == 0) {
                    return Int32(id)
                }
                slot = (slot + 1) & mask
            }
        }
    }

    func id(of piece: [UInt8]) -> Int32? {
        piece.withUnsafeBytes { id(of: $0) }
    }

    /// FNV-1a: short keys, no need for anything stronger.
    private static func hash(_ piece: UnsafeRawBufferPointer) -> Int {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in piece {
            h = (h ^ UInt64(byte)) &* 0x100_0000_01b3
        }
        return Int(truncatingIfNeeded: h ^ (h >> 29))
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
