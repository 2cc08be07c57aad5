import Foundation

extension SentencePieceTokenizer {
    /// From a SentencePiece `tokenizer.model` (the ModelProto protobuf): pieces with their scores
    /// and types (field 1), special ids from the trainer spec (field 2: unk 40, bos 41, eos 42)
    /// and `add_dummy_prefix` from the normalizer spec (field 3, field 3 inside).
    public init(sentencePieceModel path: String) throws {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw TokenizerError.invalid(path, "cannot read the file")
        }
        let bytes = [UInt8](data)
        var pieces: [[UInt8]] = []
        var scores: [Float] = []
        var kinds: [Kind] = []
        var unknownID = 0, bosID = 1, eosID = 2
        var addDummyPrefix = true
        do {
            var reader = ProtobufReader(bytes: bytes[...])
            while let (field, value) = try reader.next() {
                switch (field, value) {
                case (1, .bytes(let message)):
                    var piece: [UInt8] = [], score: Float = 0, type = Kind.normal.rawValue
                    var inner = ProtobufReader(bytes: message)
                    while let (f, v) = try inner.next() {
                        switch (f, v) {
                        case (1, .bytes(let text)): piece = Array(text)
                        case (2, .fixed32(let bits)): score = Float(bitPattern: bits)
                        case (3, .varint(let raw)): type = Int(truncatingIfNeeded: raw)
                        default: break
                        }
                    }
                    guard let kind = Kind(rawValue: type) else {
                        throw TokenizerError.invalid(path, "piece \(pieces.count) has unknown type \(type)")
                    }
                    pieces.append(piece)
                    scores.append(score)
                    kinds.append(kind)
                case (2, .bytes(let message)):
                    var inner = ProtobufReader(bytes: message)
                    while let (f, v) = try inner.next() {
                        guard case .varint(let raw) = v else { continue }
                        let id = Int(Int32(truncatingIfNeeded: raw))
                        switch f {
                        case 40: unknownID = id
                        case 41: bosID = id
                        case 42: eosID = id
                        default: break
                        }
                    }
                case (3, .bytes(let message)):
                    var inner = ProtobufReader(bytes: message)
                    while let (f, v) = try inner.next() {
                        if f == 3, case .varint(let raw) = v { addDummyPrefix = raw != 0 }
                    }
                default: break
                }
            }
        } catch let error as ProtobufReader.Malformed {
            throw TokenizerError.invalid(path, "not a SentencePiece model: \(error.reason) at byte \(error.offset)")
        }
        func valid(_ id: Int) -> Int? { (0..<pieces.count).contains(id) ? id : nil }
        try self.init(pieces: pieces, scores: scores, kinds: kinds,
                      bosID: valid(bosID), eosID: valid(eosID), unknownID: valid(unknownID),
                      addBOS: valid(bosID) != nil, addSpacePrefix: addDummyPrefix, source: path)
    }
}

/// The protobuf wire format, as much as a SentencePiece model needs.
struct ProtobufReader {
    enum Value {
        case varint(UInt64)
        case fixed64(UInt64)
        case bytes(ArraySlice<UInt8>)
        case fixed32(UInt32)
    }

    struct Malformed: Error {
        let reason: String
        let offset: Int
    }

    var bytes: ArraySlice<UInt8>
    private var position: Int

    init(bytes: ArraySlice<UInt8>) {
        self.bytes = bytes
        position = bytes.startIndex
    }

    /// The next field number and value, or nil at the end.
    mutating func next() throws -> (Int, Value)? {
        if position == bytes.endIndex { return nil }
        let key = try varint()
        let field = Int(key >> 3)
        switch key & 7 {
        case 0: return (field, .varint(try varint()))
        case 1: return (field, .fixed64(try fixed(8)))
        case 2:
            let length = try varint()
            guard length <= UInt64(bytes.endIndex - position) else { throw Malformed(reason: "length \(length) past the end", offset: position) }
            let slice = bytes[position ..< position + Int(length)]
            position += Int(length)
            return (field, .bytes(slice))
        case 5: return (field, .fixed32(UInt32(try fixed(4))))
        default: throw Malformed(reason: "wire type \(key & 7)", offset: position)
        }
    }

    private mutating func varint() throws -> UInt64 {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard position < bytes.endIndex, shift < 64 else { throw Malformed(reason: "truncated varint", offset: position) }
            let byte = bytes[position]
            position += 1
            value |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 { return value }
            shift += 7
        }
    }

    private mutating func fixed(_ count: Int) throws -> UInt64 {
        guard bytes.endIndex - position >= count else { throw Malformed(reason: "truncated fixed field", offset: position) }
        var value: UInt64 = 0
        for i in 0..<count { value |= UInt64(bytes[position + i]) << (8 * UInt64(i)) }
        position += count
        return value
    }
}
