/// The vocabulary's pieces in one contiguous byte buffer, with exact lookup from a byte string to
/// a token id that allocates nothing per lookup.
///
/// The SentencePiece merge loop asks "is this byte range a vocabulary piece?" once per candidate
/// bigram; an open-addressing table over the buffer answers that with one hash and usually one
/// `memcmp`, where a `[String: Int]` would build a String for every probe. One buffer and 32-bit
/// offsets also keep Gemma's 262k pieces in ~3 MiB, where an array per piece took ~14 MiB.
struct PieceTable: Sendable {
    private let bytes: [UInt8]
    private let offsets: [Int32]        // piece i occupies bytes[offsets[i] ..< offsets[i + 1]]
    private let slots: [Int32]          // token id + 1, 0 = empty
    private let mask: Int

    /// Pieces appended one by one, then frozen into a table.
    struct Builder {
        private(set) var bytes: [UInt8] = []
        private(set) var offsets: [Int32] = [0]

        var count: Int { offsets.count - 1 }

        /// False when the pieces would pass 2 GiB in all (offsets are 32-bit).
        mutating func append<Piece: Collection<UInt8>>(_ piece: Piece) -> Bool {
            guard bytes.count + piece.count <= Int(Int32.max) else { return false }
            bytes.append(contentsOf: piece)
            offsets.append(Int32(bytes.count))
            return true
        }
    }

    /// Later duplicates win, as in llama.cpp's `token_to_id` map.
    init(_ builder: Builder) {
        let bytes = builder.bytes, offsets = builder.offsets
        let count = offsets.count - 1
        var capacity = 16
        while capacity < count * 2 { capacity <<= 1 }
        var slots = [Int32](repeating: 0, count: capacity)
        let mask = capacity - 1
        bytes.withUnsafeBytes { all in
            for id in 0..<count {
                let start = Int(offsets[id]), end = Int(offsets[id + 1])
                let piece = UnsafeRawBufferPointer(rebasing: all[start..<end])
                var slot = Self.hash(piece) & mask
                while slots[slot] != 0 {
                    let other = Int(slots[slot]) - 1
                    let otherStart = Int(offsets[other]), otherEnd = Int(offsets[other + 1])
                    if otherEnd - otherStart == piece.count && piece.elementsEqual(all[otherStart..<otherEnd]) {
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

    /// For small piece lists (special pieces, tests); nil past 2 GiB of pieces.
    init?(pieces: [[UInt8]]) {
        var builder = Builder()
        for piece in pieces where !builder.append(piece) { return nil }
        self.init(builder)
    }

    var count: Int { offsets.count - 1 }

    /// The bytes of piece `id` (0 ..< count).
    func piece(_ id: Int) -> [UInt8] {
        Array(bytes[Int(offsets[id]) ..< Int(offsets[id + 1])])
    }

    func pieceLength(_ id: Int) -> Int {
        Int(offsets[id + 1] - offsets[id])
    }

    func id(of piece: UnsafeRawBufferPointer) -> Int32? {
        var slot = Self.hash(piece) & mask
        return bytes.withUnsafeBytes { all in
            while true {
                let entry = slots[slot]
                if entry == 0 { return nil }
                let id = Int(entry) - 1
                let start = Int(offsets[id]), end = Int(offsets[id + 1])
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
