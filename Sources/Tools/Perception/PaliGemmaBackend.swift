import Foundation
import VLM

/// Loupe's own PaliGemma engine behind the visual tools (`--vision paligemma:DIR[#int8]`): each
/// request crops the source image to the patch, encodes the crop with SigLIP (once per distinct
/// crop, through the engine's image-embedding cache) and decodes greedily from one of PaliGemma's
/// task prompts ("detect X", "answer en Q", "caption en").
///
/// PaliGemma writes no detection scores. A box's score here is the probability the model gave to
/// writing a box at the point where the box starts: the total softmax probability of the 1024
/// `<loc>` tokens at its first location token (against ending with `<eos>` or writing text). The
/// tunable score threshold acts on it; the probability of the one chosen bin would not do, as a
/// sure model spreads it over neighbouring bins.
public final class PaliGemmaBackend: PerceptionBackend {
    public let kind = "paligemma"
    /// Weight format + a fingerprint of the checkpoint's files (see `PaliGemmaEngine`), so a
    /// changed checkpoint or `#int8` never reads another's cached answers.
    public let modelIdentifier: String
    /// No `score`: PaliGemma has no text-scoring head; `best_text_match` is asked as a question.
    /// `detect` needs the 1024 `<loc>` tokens in the tokenizer.
    public let capabilities: Set<PerceptionCapability>
    public let engine: PaliGemmaEngine
    /// Sees every request the engine ran (`loupe exec --vision-log`).
    public var transcript: ((PaliGemmaExchange) -> Void)?

    /// Output tokens per task: room for about a dozen boxes of "<loc>x4 label ; " (detect), a short
    /// answer, a one-sentence caption. Generation also ends at `<eos>` or the context's end.
    static let maxNewTokens = (detect: 128, answer: 32, caption: 64)

    public init(folder: String, int8: Bool = false) throws {
        engine = try PaliGemmaEngine.shared(folder: folder, int8: int8)
        modelIdentifier = engine.identifier
        capabilities = engine.locationTokens.count == LocationParser.bins ? [.detect, .answer, .caption] : [.answer, .caption]
    }

    public func detect(_ input: PerceptionInput, phrase: String) throws -> [Detection] {
        let reply = try run(.detect(objects: [phrase]), budget: Self.maxNewTokens.detect, input)
        let tokenizer = engine.model.tokenizer
        let visible = reply.tokens.indices.filter { !tokenizer.endOfGenerationIDs.contains(reply.tokens[$0]) }
        return Self.detections(pieces: visible.map { tokenizer.bytes(of: reply.tokens[$0], renderSpecial: true) },
                               locationMass: visible.map { reply.locationMass[$0] }, region: input.region, phrase: phrase)
    }

    /// Text replies lose surrounding whitespace: programs compare them (`== "yes"`, `startswith`).
    public func answer(_ input: PerceptionInput, question: String) throws -> String {
        try run(.answer(question: question, language: "en"), budget: Self.maxNewTokens.answer, input).text
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }

    public func caption(_ input: PerceptionInput) throws -> String {
        try run(.caption(language: "en"), budget: Self.maxNewTokens.caption, input).text.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    private func run(_ task: PaliGemmaTask, budget: Int, _ input: PerceptionInput) throws -> PaliGemmaExchange {
        let region = input.region
        let pixels = try input.image.pixels().cropped(xMin: region.xMin, yMin: region.yMin, xMax: region.xMax, yMax: region.yMax)
        let content = ImageContentKey(contentHash: try input.image.contentHash(),
                                      crop: [region.xMin, region.yMin, region.xMax, region.yMax])
        let exchange: PaliGemmaExchange
        do {
            exchange = try engine.generate(task: task, image: pixels, content: content, maxNewTokens: budget)
        } catch {
            throw ToolError.backend("paligemma \(engine.folder): \(task.prompt) on \(input.image.name) \(region): \(error)")
        }
        transcript?(PaliGemmaExchange(copying: exchange, image: input.image.name, crop: region))
        return exchange
    }

    /// The objects of a "detect" reply, given each visible output token's bytes and the `<loc>`
    /// tokens' total probability where it was chosen. The reply is split into " ; "-separated
    /// objects at the `;` bytes; the engine's parser reads each object's text, and its score is the
    /// location mass at the object's first `<loc>` token. An object whose location was not written
    /// as four `<loc>` tokens (spelled out in characters) was not located by the model: dropped.
    static func detections(pieces: [[UInt8]], locationMass: [Double], region: BoundingBox, phrase: String) -> [Detection] {
        var bytes: [UInt8] = []
        var starts: [Int] = []
        for piece in pieces {
            starts.append(bytes.count)
            bytes += piece
        }
        var detections: [Detection] = []
        var segmentStart = 0
        let separators = bytes.indices.filter { bytes[$0] == UInt8(ascii: ";") }
        for segmentEnd in separators + [bytes.count] {
            defer { segmentStart = segmentEnd + 1 }
            let text = String(decoding: bytes[segmentStart..<segmentEnd], as: UTF8.self)
            guard let found = LocationParser.parse(text, imageWidth: region.width, imageHeight: region.height).first else { continue }
            let locations = pieces.indices.filter {
                (segmentStart..<segmentEnd).contains(starts[$0]) && locationBin(pieces[$0]) != nil
            }.prefix(4)
            guard locations.map({ locationBin(pieces[$0])! }) == found.locationBins else { continue }
            if let detection = PaliGemmaLocations.detection(found, region: region, phrase: phrase, score: locationMass[locations.first!]) {
                detections.append(detection)
            }
        }
        return detections
    }

    /// The bin of a `<locNNNN>` token's text, else nil.
    static func locationBin(_ piece: [UInt8]) -> Int? {
        guard piece.count == 9, piece.starts(with: Array("<loc".utf8)), piece.last == UInt8(ascii: ">") else { return nil }
        return Int(String(decoding: piece[4..<8], as: UTF8.self))
    }
}

/// One request the engine ran: what it was asked and what it wrote, token by token.
public struct PaliGemmaExchange: Codable, Sendable, Equatable {
    public var prompt: String
    /// The text tokens after the image tokens: `<bos>`, the prompt, "\n".
    public var promptTokens: [Int]
    /// Generated tokens, `<eos>` included when the model ended there.
    public var tokens: [Int]
    /// Softmax probability of each generated token where it was chosen.
    public var probabilities: [Double]
    /// Total softmax probability of the `<loc>` tokens at each step.
    public var locationMass: [Double]
    /// The tokens' text, special tokens such as `<loc0123>` written out, `<eos>` dropped.
    public var text: String
    /// False when the crop's image features came from the embedding cache.
    public var encodedImage: Bool
    /// The source image and the crop of it the model saw (in its pixels); set by the backend.
    public var image: String?
    public var crop: BoundingBox?

    init(prompt: String, promptTokens: [Int], tokens: [Int], probabilities: [Double], locationMass: [Double], text: String,
         encodedImage: Bool) {
        self.prompt = prompt
        self.promptTokens = promptTokens
        self.tokens = tokens
        self.probabilities = probabilities
        self.locationMass = locationMass
        self.text = text
        self.encodedImage = encodedImage
    }

    init(copying other: PaliGemmaExchange, image: String, crop: BoundingBox) {
        self = other
        self.image = image
        self.crop = crop
    }
}

/// One loaded checkpoint with its image-embedding cache, shared by every backend of the process
/// made from the same folder and weight format: `loupe ask`/`eval` make one backend per worker
/// and a PaliGemma checkpoint takes gigabytes. Requests run one at a time; the engine's matrix
/// kernels already use every core.
public final class PaliGemmaEngine: @unchecked Sendable {
    public let folder: String
    public let model: PaliGemma
    /// Projected image features of recent crops, so several questions on one patch encode it once.
    public let embeddings = ImageEmbeddingCache()
    public let identifier: String
    /// Ids of `<loc0000>` ... `<loc1023>` that the tokenizer has.
    public let locationTokens: [Int]
    private let lock = NSLock()

    nonisolated(unsafe) private static var loaded: [String: PaliGemmaEngine] = [:]
    private static let loadedLock = NSLock()

    private init(folder: String, int8: Bool) throws {
        self.folder = folder
        do {
            model = try PaliGemma.load(folder: folder, quantization: int8 ? .q8_0 : nil)
        } catch {
            throw ToolError.badInput("--vision paligemma:\(folder)\(int8 ? "#int8" : ""): cannot load the model: \(error)")
        }
        identifier = (int8 ? "int8@" : "stored@") + (try Self.fingerprint(folder))
        let tokenizer = model.tokenizer
        locationTokens = (0..<LocationParser.bins).compactMap { tokenizer.id(of: String(format: "<loc%04d>", $0)) }
    }

    static func shared(folder: String, int8: Bool) throws -> PaliGemmaEngine {
        let key = (folder as NSString).standardizingPath + (int8 ? "#int8" : "")
        return try loadedLock.withLock {
            if let engine = loaded[key] { return engine }
            let engine = try PaliGemmaEngine(folder: folder, int8: int8)
            loaded[key] = engine
            return engine
        }
    }

    /// Greedy generation from the crop's image features (cached) and the task's prompt.
    func generate(task: PaliGemmaTask, image: RGBImage, content: ImageContentKey, maxNewTokens: Int) throws -> PaliGemmaExchange {
        try lock.withLock {
            let key = ImageEmbeddingCache.Key(modelID: model.modelID, image: content)
            var encoded = false
            let features: Tensor
            if let cached = embeddings.features(for: key) {
                features = cached
            } else {
                features = try model.imageFeatures(image: image)
                embeddings.store(features, for: key)
                encoded = true
            }
            let prompt = try model.promptTokens(task.prompt)
            var probabilities: [Double] = [], locationMass: [Double] = []
            let locationTokens = self.locationTokens
            let output = try model.generate(imageFeatures: features, promptTokens: prompt, maxNewTokens: maxNewTokens) {
                let step = Self.probabilities($0, of: locationTokens)
                probabilities.append(step.mostLikely)
                locationMass.append(step.tokens)
            }
            return PaliGemmaExchange(prompt: task.prompt, promptTokens: output.promptTokens, tokens: output.tokens,
                                     probabilities: probabilities, locationMass: locationMass, text: output.text, encodedImage: encoded)
        }
    }

    /// Softmax probabilities over the last row of `logits` [1, vocabulary]: of the most likely
    /// token (the one greedy decoding picks) and the sum over `tokens`.
    static func probabilities(_ logits: Tensor, of tokens: [Int]) -> (mostLikely: Double, tokens: Double) {
        logits.withUnsafeBufferPointer { values in
            let row = values[(values.count - logits.columnCount)...]
            let largest = Double(row.max() ?? 0)
            let total = row.reduce(0) { $0 + exp(Double($1) - largest) }
            let chosen = tokens.reduce(0) { $0 + exp(Double(row[row.startIndex + $1]) - largest) }
            return (1 / total, chosen / total)
        }
    }

    /// config.json's bytes, then the name, size and modification time of every other file of the
    /// checkpoint (weights, tokenizer), hashed: replacing the weights changes it, reading them all
    /// (gigabytes) is not needed.
    static func fingerprint(_ folder: String) throws -> String {
        let manager = FileManager.default
        var hasher = FNV1a128()
        hasher.add(Array(manager.contents(atPath: (folder as NSString).appendingPathComponent("config.json")) ?? Data()))
        for name in try manager.contentsOfDirectory(atPath: folder).sorted() where name != "config.json" {
            let attributes = try manager.attributesOfItem(atPath: (folder as NSString).appendingPathComponent(name))
            let size = (attributes[.size] as? NSNumber)?.int64Value ?? -1
            let modified = (attributes[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
            hasher.add(Array("\(name)|\(size)|\(modified)\n".utf8))
        }
        return hasher.hex
    }
}

/// Two 64-bit FNV-1a lanes with different offsets: 128 bits of hash for cache keys.
struct FNV1a128 {
    private var a: UInt64 = 0xcbf2_9ce4_8422_2325
    private var b: UInt64 = 0x6c62_272e_07bb_0142

    mutating func add(_ bytes: [UInt8]) {
        for byte in bytes {
            a = (a ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
            b = (b ^ UInt64(byte ^ 0x5a)) &* 0x0000_0100_0000_01b3
        }
    }

    var hex: String { String(format: "%016llx%016llx", a, b) }
}
