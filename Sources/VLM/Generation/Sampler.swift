import CKernels
import Foundation

/// How the next token is chosen from the logits.
public struct SamplingOptions: Sendable, Equatable {
    /// 0 (or less) = greedy: always the most likely token.
    public var temperature: Float
    /// Keep only the `topK` most likely tokens; 0 = no limit.
    public var topK: Int
    /// Keep the smallest set of most likely tokens whose probability reaches `topP`; 1 = all.
    public var topP: Float
    /// Seeds the random numbers, so the same seed and prompt give the same text.
    public var seed: UInt64

    public init(temperature: Float = 0, topK: Int = 0, topP: Float = 1, seed: UInt64 = 0) {
        self.temperature = temperature
        self.topK = topK
        self.topP = topP
        self.seed = seed
    }

    public static let greedy = SamplingOptions()
}

/// Picks tokens from logits: greedy, or temperature + top-k + top-p with a seeded generator.
public struct Sampler: Sendable {
    public let options: SamplingOptions
    private var random: SplitMix64

    public init(_ options: SamplingOptions) {
        self.options = options
        random = SplitMix64(seed: options.seed)
    }

    /// The index of the largest logit; ties go to the lowest id.
    /// (NaN never wins; a row with nothing above -infinity gives 0.)
    public static func argmax(_ logits: UnsafeBufferPointer<Float>) -> Int {
        guard let base = logits.baseAddress else { return 0 }
        return Int(loupe_argmax(base, Int64(logits.count)))
    }

    public mutating func next(from logits: UnsafeBufferPointer<Float>) -> Int {
        if options.temperature <= 0 || options.topK == 1 { return Self.argmax(logits) }
        // Candidates by descending logit: top-k first so the sort stays small.
        var candidates = Array(0..<logits.count)
        let k = options.topK > 0 ? min(options.topK, logits.count) : logits.count
        candidates.sort { logits[$0] > logits[$1] || (logits[$0] == logits[$1] && $0 < $1) }
        candidates.removeSubrange(k...)
        let inverseTemperature = 1 / options.temperature
        let maximum = logits[candidates[0]]
        var probabilities = candidates.map { Double(expf((logits[$0] - maximum) * inverseTemperature)) }
        let total = probabilities.reduce(0, +)
        for i in probabilities.indices { probabilities[i] /= total }
        var keep = probabilities.count
        if options.topP < 1 {
            var cumulative = 0.0
            for (i, p) in probabilities.enumerated() {
                cumulative += p
                if cumulative >= Double(options.topP) {
                    keep = i + 1
                    break
                }
            }
        }
        let kept = probabilities[..<keep].reduce(0, +)
        var target = random.nextUnitDouble() * kept
        for i in 0..<keep {
            target -= probabilities[i]
            if target < 0 { return candidates[i] }
        }
        return candidates[keep - 1]
    }
}

/// SplitMix64: small, fast, and the same sequence on every platform for a given seed.
struct SplitMix64: Sendable {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in [0, 1) with 53 random bits.
    mutating func nextUnitDouble() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }
}
