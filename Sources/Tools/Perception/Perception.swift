import Foundation

/// The tools' one door to perception: checks the persistent cache, calls the backend on a miss,
/// applies the tunable detection post-processing and records what was looked at.
public final class Perception: @unchecked Sendable {
    public let backend: PerceptionBackend
    public let cache: PerceptionCache?
    public var detection: DetectionParameters
    public let trace: ToolTrace
    /// Requests that reached the backend (cache misses), for tests and `--trace`.
    public private(set) var backendCalls = 0

    public init(backend: PerceptionBackend, cache: PerceptionCache? = nil, detection: DetectionParameters = .default,
                trace: ToolTrace = ToolTrace()) {
        self.backend = backend
        self.cache = cache
        self.detection = detection
        self.trace = trace
    }

    public var capabilities: Set<PerceptionCapability> { backend.capabilities }

    public func detect(_ input: PerceptionInput, phrase: String) throws -> [Detection] {
        try require(.detect)
        let raw: [Detection] = try cached(input, "detect", phrase) { try backend.detect(input, phrase: phrase) }
        let kept = detection.apply(raw.compactMap { d in
            let clipped = d.box.intersection(input.region)
            return clipped.isEmpty ? nil : Detection(box: clipped, score: d.score, label: d.label)
        })
        record(input, "detect \"\(phrase)\"", detectedPhrase: phrase, boxes: kept.map(\.box), result: "\(kept.count) found")
        return kept
    }

    public func answer(_ input: PerceptionInput, question: String) throws -> String {
        try require(.answer)
        let text: String = try cached(input, "answer", question) { try backend.answer(input, question: question) }
        record(input, "answer \"\(question)\"", boxes: [], result: text)
        return text
    }

    public func caption(_ input: PerceptionInput) throws -> String {
        try require(.caption)
        let text: String = try cached(input, "caption", "") { try backend.caption(input) }
        record(input, "caption", boxes: [], result: text)
        return text
    }

    public func score(_ input: PerceptionInput, texts: [String]) throws -> [Double] {
        try require(.score)
        let scores: [Double] = try cached(input, "score", texts.joined(separator: "\u{1F}")) { try backend.score(input, texts: texts) }
        guard scores.count == texts.count else {
            throw ToolError.backend("\(backend.kind): returned \(scores.count) scores for \(texts.count) texts")
        }
        record(input, "score \(texts)", boxes: [], result: "\(scores)")
        return scores
    }

    public func chooseForVideo(frames: [SourceImage], question: String, options: [String]) throws -> String {
        try require(.videoChoice)
        let key = {
            let hashes = try frames.map { try $0.contentHash() }.joined(separator: ",")
            return self.cacheKey(hashes, BoundingBox(xMin: 0, yMin: 0, xMax: 0, yMax: 0), "video-choice",
                                 question + "\u{1F}" + options.joined(separator: "\u{1F}"))
        }
        let choice: String = try cachedValue(key) { try backend.chooseForVideo(frames: frames, question: question, options: options) }
        return choice
    }

    private func require(_ capability: PerceptionCapability) throws {
        guard backend.capabilities.contains(capability) else {
            throw ToolError.unsupported("the \(backend.kind) perception backend does not offer \(capability.rawValue)")
        }
    }

    private var lastCached = false
    private var lastDuration = 0.0

    private func cached<T: Codable>(_ input: PerceptionInput, _ request: String, _ argument: String, _ compute: () throws -> T) throws -> T {
        try cachedValue({ self.cacheKey(try input.image.contentHash(), input.region, request, argument) }, compute)
    }

    /// `key` is only computed with a cache: hashing needs the decoded pixels, which the oracle
    /// does not otherwise read.
    private func cachedValue<T: Codable>(_ key: () throws -> String, _ compute: () throws -> T) throws -> T {
        let start = Date()
        defer { lastDuration = Date().timeIntervalSince(start) }
        let key = cache == nil ? "" : try key()
        if let cache, let stored = try cache.lookup(key), let value = try? JSONDecoder().decode(T.self, from: Data(stored.utf8)) {
            lastCached = true
            return value
        }
        lastCached = false
        backendCalls += 1
        let value = try compute()
        if let cache {
            let data = try JSONEncoder().encode(value)
            try cache.store(key, backend: backend.kind, value: String(decoding: data, as: UTF8.self))
        }
        return value
    }

    /// backend + model + image content + crop + request: everything the answer depends on.
    private func cacheKey(_ imageHash: String, _ region: BoundingBox, _ request: String, _ argument: String) -> String {
        [backend.kind, backend.modelIdentifier, imageHash, region.json, request, argument].joined(separator: "|")
    }

    private func record(_ input: PerceptionInput, _ request: String, detectedPhrase: String? = nil, boxes: [BoundingBox],
                        result: String) {
        trace.record(ToolTrace.Look(hostCall: trace.currentHostCall, request: request, detectedPhrase: detectedPhrase,
                                    image: input.image, region: input.region,
                                    boxes: boxes, result: result, cached: lastCached, durationSeconds: lastDuration))
    }
}
