/// Gemma's SentencePiece tokenizer, encoding exactly as llama.cpp's SPM tokenizer does.
///
/// Encoding: control and user-defined pieces are split out of the text first (longest piece first,
/// every occurrence), then each remaining run of text has its spaces escaped to "▁" and is merged
/// bottom-up: start from UTF-8 characters and repeatedly merge the adjacent pair whose
/// concatenation is the vocabulary piece with the highest score (ties: leftmost). Characters that
/// never became a piece fall back to `<0xNN>` byte tokens.
public struct SentencePieceTokenizer: Sendable {
    /// SentencePiece's piece types, numbered as in GGUF's `tokenizer.ggml.token_type`.
    public enum Kind: Int, Sendable {
        case normal = 1, unknown = 2, control = 3, userDefined = 4, unused = 5, byte = 6
    }

    public let scores: [Float]
    public let kinds: [Kind]
    public let bosID: Int?
    public let eosID: Int?
    public let unknownID: Int?
    public let addBOS: Bool
    public let addSpacePrefix: Bool
    /// Tokens that end generation: `<eos>` plus chat-turn terminators such as `<end_of_turn>`.
    public let endOfGenerationIDs: Set<Int>

    /// The pieces themselves, and lookup by bytes.
    private let table: PieceTable
    private let byteTokens: [Int]
    private let specials: SpecialTokenSplitter

    public var vocabularySize: Int { table.count }

    public init(
        pieces: [[UInt8]], scores: [Float], kinds: [Kind],
        bosID: Int?, eosID: Int?, unknownID: Int?,
        addBOS: Bool, addSpacePrefix: Bool, source: String
    ) throws {
        guard let table = PieceTable(pieces: pieces) else {
            throw TokenizerError.invalid(source, "the pieces take more than 2 GiB")
        }
        try self.init(table: table, scores: scores, kinds: kinds, bosID: bosID, eosID: eosID, unknownID: unknownID,
                      addBOS: addBOS, addSpacePrefix: addSpacePrefix, source: source)
    }

    init(
        table: PieceTable, scores: [Float], kinds: [Kind],
        bosID: Int?, eosID: Int?, unknownID: Int?,
        addBOS: Bool, addSpacePrefix: Bool, source: String
    ) throws {
        guard table.count > 0 else { throw TokenizerError.invalid(source, "the vocabulary is empty") }
        guard scores.count == table.count, kinds.count == table.count else {
            throw TokenizerError.invalid(source,
                "\(table.count) pieces but \(scores.count) scores and \(kinds.count) token types")
        }
        for (name, id) in [("bos", bosID), ("eos", eosID), ("unknown", unknownID)] {
            if let id, !(0..<table.count).contains(id) {
                throw TokenizerError.invalid(source, "\(name) token id \(id) is outside the vocabulary of \(table.count)")
            }
        }
        if addBOS && bosID == nil {
            throw TokenizerError.invalid(source, "add_bos_token is set but there is no bos token id")
        }
        self.scores = scores
        self.kinds = kinds
        self.bosID = bosID
        self.eosID = eosID
        self.unknownID = unknownID
        self.addBOS = addBOS
        self.addSpacePrefix = addSpacePrefix
        self.table = table
        self.byteTokens = (0..<256).map { byte in
            let name = "<0x" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2) + ">"
            return table.id(of: Array(name.utf8)).map(Int.init) ?? unknownID ?? -1
        }
        self.specials = SpecialTokenSplitter(table: table, kinds: kinds)
        var endIDs = Set<Int>()
        if let eosID { endIDs.insert(eosID) }
        for name in ["<end_of_turn>", "<|eot_id|>", "<|im_end|>"] {
            if let id = table.id(of: Array(name.utf8)), kinds[Int(id)] == .control { endIDs.insert(Int(id)) }
        }
        self.endOfGenerationIDs = endIDs
    }

    public func id(of piece: String) -> Int? {
        table.id(of: Array(piece.utf8)).map(Int.init)
    }

    // MARK: Encoding

    /// - Parameters:
    ///   - addSpecial: prepend BOS when the vocabulary asks for it (`add_bos_token`).
    ///   - parseSpecial: recognise control tokens such as `<start_of_turn>` written in the text;
    ///     user-defined tokens (newline and space runs, HTML tags) are always recognised.
    public func encode(_ text: String, addSpecial: Bool = true, parseSpecial: Bool = true) -> [Int] {
        var output: [Int] = []
        if addSpecial && addBOS, let bosID { output.append(bosID) }
        let utf8 = Array(text.utf8)
        var previousWasSpecial = true
        for fragment in specials.split(utf8, parseControl: parseSpecial) {
            switch fragment {
            case .token(let id):
                output.append(id)
                previousWasSpecial = true
            case .text(let range):
                var escaped: [UInt8] = []
                escaped.reserveCapacity(range.count + 3)
                if addSpacePrefix && previousWasSpecial { escaped.append(contentsOf: Self.spaceMark) }
                for byte in utf8[range] {
                    if byte == 0x20 { escaped.append(contentsOf: Self.spaceMark) } else { escaped.append(byte) }
                }
                mergePieces(escaped, into: &output)
                previousWasSpecial = false
            }
        }
        return output
    }

    /// "▁" (U+2581), SentencePiece's visible space.
    static let spaceMark: [UInt8] = [0xE2, 0x96, 0x81]

    private struct Bigram {
        var left: Int32
        var right: Int32
        var score: Float
        var size: Int32

        /// Highest score first; among equal scores the leftmost pair.
        func precedes(_ other: Bigram) -> Bool {
            score > other.score || (score == other.score && left < other.left)
        }
    }

    private func mergePieces(_ text: [UInt8], into output: inout [Int]) {
        if text.isEmpty { return }
        text.withUnsafeBytes { bytes in
            // The symbol chain: one UTF-8 character each at first, merged in place.
            var start: [Int32] = []
            var length: [Int32] = []
            start.reserveCapacity(text.count)
            length.reserveCapacity(text.count)
            var offset = 0
            while offset < text.count {
                let n = min(Self.utf8Length(leadByte: text[offset]), text.count - offset)
                start.append(Int32(offset))
                length.append(Int32(n))
                offset += n
            }
            let count = start.count
            var previous = (0..<count).map { Int32($0 - 1) }
            var next = (0..<count).map { $0 + 1 == count ? Int32(-1) : Int32($0 + 1) }

            var heap = BinaryHeap<Bigram> { $0.precedes($1) }
            func tryAddBigram(_ left: Int32, _ right: Int32) {
                if left < 0 || right < 0 { return }
                let size = Int(length[Int(left)] + length[Int(right)])
                let piece = UnsafeRawBufferPointer(rebasing: bytes[Int(start[Int(left)]) ..< Int(start[Int(left)]) + size])
                guard let id = table.id(of: piece) else { return }
                heap.push(Bigram(left: left, right: right, score: scores[Int(id)], size: Int32(size)))
            }
            for i in 1..<max(count, 1) { tryAddBigram(Int32(i - 1), Int32(i)) }

            while let bigram = heap.pop() {
                let left = Int(bigram.left), right = Int(bigram.right)
                // Stale entry: one side was merged away since it was queued.
                if length[left] == 0 || length[right] == 0 || length[left] + length[right] != bigram.size { continue }
                length[left] += length[right]
                length[right] = 0
                next[left] = next[right]
                if next[right] >= 0 { previous[Int(next[right])] = bigram.left }
                tryAddBigram(previous[left], bigram.left)
                tryAddBigram(bigram.left, next[left])
            }

            var i: Int32 = 0
            while i != -1 {
                let s = Int(start[Int(i)]), n = Int(length[Int(i)])
                if let id = table.id(of: UnsafeRawBufferPointer(rebasing: bytes[s ..< s + n])) {
                    output.append(Int(id))
                } else {
                    for byte in bytes[s ..< s + n] { output.append(byteTokens[Int(byte)]) }
                }
                i = next[Int(i)]
            }
        }
    }

    /// Length of a UTF-8 sequence from its first byte; stray continuation bytes count as one.
    static func utf8Length(leadByte: UInt8) -> Int {
        switch leadByte >> 4 {
        case 0xC, 0xD: return 2
        case 0xE: return 3
        case 0xF: return 4
        default: return 1
        }
    }

    // MARK: Decoding

    /// The bytes a token stands for. Control tokens are empty unless `renderSpecial`.
    public func bytes(of id: Int, renderSpecial: Bool = false) -> [UInt8] {
        guard (0..<table.count).contains(id) else { return [] }
        switch kinds[id] {
        case .control:
            return renderSpecial ? table.piece(id) : []
        case .userDefined:
            return table.piece(id)
        case .unknown:
            return renderSpecial ? table.piece(id) : [0xE2, 0x96, 0x85]
        case .byte:
            return Self.byteValue(of: table.piece(id)).map { [$0] } ?? []
        case .normal:
            return Self.unescapeSpaces(table.piece(id))
        case .unused:
            return []
        }
    }

    public func decode(_ ids: [Int], renderSpecial: Bool = false) -> String {
        var bytes: [UInt8] = []
        for id in ids { bytes.append(contentsOf: self.bytes(of: id, renderSpecial: renderSpecial)) }
        return String(decoding: bytes, as: UTF8.self)
    }

    static func unescapeSpaces(_ piece: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(piece.count)
        var i = 0
        while i < piece.count {
            if i + 2 < piece.count && piece[i] == 0xE2 && piece[i + 1] == 0x96 && piece[i + 2] == 0x81 {
                out.append(0x20)
                i += 3
            } else {
                out.append(piece[i])
                i += 1
            }
        }
        return out
    }

    /// "<0x41>" -> 0x41.
    static func byteValue(of piece: [UInt8]) -> UInt8? {
        guard piece.count == 6, piece[0] == UInt8(ascii: "<"), piece[5] == UInt8(ascii: ">") else { return nil }
        return UInt8(String(decoding: piece[3..<5], as: UTF8.self), radix: 16)
    }
}

public enum TokenizerError: Error, CustomStringConvertible {
    case invalid(String, String)

    public var description: String {
        switch self {
        case .invalid(let source, let message): return "tokenizer in \(source): \(message)"
        }
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
