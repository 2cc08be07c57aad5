/// Splits control and user-defined pieces out of raw text before SentencePiece merging.
///
/// Matches llama.cpp's partitioning: special pieces are applied longest first (ties by id), each
/// one cutting every non-overlapping occurrence, left to right, out of the text fragments that
/// remain. Only the pieces that occur somewhere in the text are tried, which keeps the cost
/// proportional to the text rather than to the thousands of `<unusedN>` pieces.
struct SpecialTokenSplitter: Sendable {
    enum Fragment: Equatable {
        case text(Range<Int>)
        case token(Int)
    }

    private let table: PieceTable
    private let tokenIDs: [Int]          // table index -> token id
    private let lengths: [Int]           // table index -> piece length in bytes
    private let isControl: [Bool]        // table index -> control or unknown (skipped unless parsed)
    private let distinctLengths: [Int]

    init(table vocabulary: PieceTable, kinds: [SentencePieceTokenizer.Kind]) {
        var specialPieces = PieceTable.Builder()
        var tokenIDs: [Int] = []
        var lengths: [Int] = []
        var isControl: [Bool] = []
        for (id, kind) in kinds.enumerated() where vocabulary.pieceLength(id) > 0 {
            switch kind {
            case .control, .unknown:
                isControl.append(true)
            case .userDefined:
                isControl.append(false)
            case .normal, .unused, .byte:
                continue
            }
            // A part of a vocabulary already under 2 GiB.
            _ = specialPieces.append(vocabulary.piece(id))
            tokenIDs.append(id)
            lengths.append(vocabulary.pieceLength(id))
        }
        table = PieceTable(specialPieces)
        self.tokenIDs = tokenIDs
        self.lengths = lengths
        self.isControl = isControl
        distinctLengths = Array(Set(lengths)).sorted()
    }

    func split(_ text: [UInt8], parseControl: Bool) -> [Fragment] {
        if text.isEmpty { return [] }
        var present = Set<Int>()
        text.withUnsafeBytes { bytes in
            for position in 0..<text.count {
                for length in distinctLengths {
                    if position + length > text.count { break }
                    if let index = table.id(of: UnsafeRawBufferPointer(rebasing: bytes[position ..< position + length])) {
                        let index = Int(index)
                        if parseControl || !isControl[index] { present.insert(index) }
                    }
                }
            }
        }
        var fragments: [Fragment] = [.text(0..<text.count)]
        if present.isEmpty { return fragments }
        let order = present.sorted { a, b in
            lengths[a] != lengths[b] ? lengths[a] > lengths[b] : tokenIDs[a] < tokenIDs[b]
        }
        for index in order {
            let length = lengths[index]
            var result: [Fragment] = []
            result.reserveCapacity(fragments.count + 2)
            for fragment in fragments {
                guard case .text(let range) = fragment else { result.append(fragment); continue }
                var cursor = range.lowerBound
                var position = range.lowerBound
                while position + length <= range.upperBound {
                    if matches(text, at: position, index: index) {
                        if position > cursor { result.append(.text(cursor ..< position)) }
                        result.append(.token(tokenIDs[index]))
                        position += length
                        cursor = position
                    } else {
                        position += 1
                    }
                }
                if cursor < range.upperBound { result.append(.text(cursor ..< range.upperBound)) }
            }
            fragments = result
        }
        return fragments
    }

    private func matches(_ text: [UInt8], at position: Int, index: Int) -> Bool {
        text.withUnsafeBytes { bytes in
            table.id(of: UnsafeRawBufferPointer(rebasing: bytes[position ..< position + lengths[index]])) == Int32(index)
        }
    }
}
