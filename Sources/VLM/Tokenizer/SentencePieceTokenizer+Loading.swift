import Foundation

extension SentencePieceTokenizer {
    /// From GGUF metadata (`tokenizer.ggml.*`), as llama.cpp reads it.
    public init(gguf: GGUFFile) throws {
        let model = try gguf.string("tokenizer.ggml.model")
        guard model == "llama" else {
            throw TokenizerError.invalid(gguf.path, "tokenizer.ggml.model is '\(model)'; only SentencePiece ('llama') is supported")
        }
        var pieces = PieceTable.Builder()
        try gguf.forEachStringBytes("tokenizer.ggml.tokens") { piece in
            guard pieces.append(piece) else { throw TokenizerError.invalid(gguf.path, "tokenizer.ggml.tokens takes more than 2 GiB") }
        }
        let scores = !gguf.hasValue("tokenizer.ggml.scores")
            ? [Float](repeating: 0, count: pieces.count) : try gguf.floats("tokenizer.ggml.scores")
        let rawKinds = !gguf.hasValue("tokenizer.ggml.token_type")
            ? [Int](repeating: Kind.normal.rawValue, count: pieces.count) : try gguf.ints("tokenizer.ggml.token_type")
        let kinds = try rawKinds.enumerated().map { index, raw in
            guard let kind = Kind(rawValue: raw) else {
                throw TokenizerError.invalid(gguf.path, "token \(index) has unknown token type \(raw)")
            }
            return kind
        }
        func optionalID(_ key: String) throws -> Int? {
            !gguf.hasValue(key) ? nil : try gguf.int(key)
        }
        func flag(_ key: String, default value: Bool) throws -> Bool {
            !gguf.hasValue(key) ? value : try gguf.bool(key)
        }
        try self.init(
            table: PieceTable(pieces), scores: scores, kinds: kinds,
            bosID: try optionalID("tokenizer.ggml.bos_token_id"),
            eosID: try optionalID("tokenizer.ggml.eos_token_id"),
            unknownID: try optionalID("tokenizer.ggml.unknown_token_id"),
            addBOS: try flag("tokenizer.ggml.add_bos_token", default: true),
            addSpacePrefix: try flag("tokenizer.ggml.add_space_prefix", default: true),
            source: gguf.path)
    }

    /// From a Hugging Face folder's `tokenizer.json` (Gemma's byte-fallback BPE export of the
    /// SentencePiece model) and `tokenizer_config.json`.
    ///
    /// tokenizer.json has merge ranks instead of SentencePiece scores. The export lists, for every
    /// vocabulary piece that is a concatenation of two pieces, those pairs in score order, so a
    /// piece's score is minus the rank of the first merge producing it: the highest-scoring piece
    /// merges first, as in SentencePiece.
    public init(huggingFaceFolder folder: String) throws {
        let path = (folder as NSString).appendingPathComponent("tokenizer.json")
        guard let data = FileManager.default.contents(atPath: path) else {
            throw TokenizerError.invalid(path, "cannot read the file")
        }
        guard let root = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let model = root["model"] as? [String: Any],
              let vocab = model["vocab"] as? [String: Any] else {
            throw TokenizerError.invalid(path, "expected a JSON object with model.vocab")
        }
        let modelType = model["type"] as? String ?? "?"
        guard modelType == "BPE" else {
            throw TokenizerError.invalid(path, "model.type is '\(modelType)'; only Gemma's BPE export is supported")
        }
        var added: [Int: (special: Bool, content: String)] = [:]
        for entry in root["added_tokens"] as? [[String: Any]] ?? [] {
            guard let id = entry["id"] as? Int, let content = entry["content"] as? String else { continue }
            added[id] = (entry["special"] as? Bool ?? false, content)
        }
        let size = max(vocab.count, (added.keys.max() ?? -1) + 1)
        var pieces = [[UInt8]](repeating: [], count: size)
        for (piece, value) in vocab {
            guard let id = value as? Int, (0..<size).contains(id) else {
                throw TokenizerError.invalid(path, "vocabulary entry '\(piece)' has a bad id")
            }
            pieces[id] = Array(piece.utf8)
        }
        for (id, token) in added { pieces[id] = Array(token.content.utf8) }

        guard let table = PieceTable(pieces: pieces) else { throw TokenizerError.invalid(path, "the pieces take more than 2 GiB") }
        var scores = [Float](repeating: 0, count: size)
        var scored = [Bool](repeating: false, count: size)
        let merges = model["merges"] as? [Any] ?? []
        for (rank, merge) in merges.enumerated() {
            let pair: [String]
            if let text = merge as? String {
                pair = text.split(separator: " ", maxSplits: 1).map(String.init)
            } else if let array = merge as? [String] {
                pair = array
            } else {
                continue
            }
            guard pair.count == 2, let id = table.id(of: Array((pair[0] + pair[1]).utf8)).map(Int.init),
                  !scored[id] else { continue }
            scores[id] = -Float(rank)
            scored[id] = true
        }
        for id in 0..<size where !scored[id] { scores[id] = -Float(merges.count + id) }

        let kinds: [Kind] = (0..<size).map { id in
            if let token = added[id] { return token.special ? .control : .userDefined }
            if Self.byteValue(of: pieces[id]) != nil { return .byte }
            return .normal
        }
        var addBOS = true
        let configPath = (folder as NSString).appendingPathComponent("tokenizer_config.json")
        if let configData = FileManager.default.contents(atPath: configPath),
           let config = try? JSONSerialization.jsonObject(with: configData) as? [String: Any],
           let flag = config["add_bos_token"] as? Bool {
            addBOS = flag
        }
        func id(_ name: String) -> Int? { table.id(of: Array(name.utf8)).map(Int.init) }
        try self.init(
            pieces: pieces, scores: scores, kinds: kinds,
            bosID: id("<bos>"), eosID: id("<eos>"), unknownID: id("<unk>"),
            addBOS: addBOS, addSpacePrefix: false, source: path)
    }
}
