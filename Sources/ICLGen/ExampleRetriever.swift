import Agent
import Foundation

/// Picks the stored examples most similar to a question by TF-IDF cosine similarity of their
/// words: words are lower-cased runs of letters and digits; a word's weight is its count in the
/// question times `ln((1 + N) / (1 + df)) + 1` (N stored questions, df of them containing the
/// word), vectors are L2-normalized, and the score is their dot product. Only examples for the
/// same kind of media (image or video program) are offered; ties keep store order.
public struct ExampleRetriever: ExampleSource {
    private struct Entry: Sendable {
        var example: InContextExample
        var isVideo: Bool
        var vector: [String: Double]
    }

    private let entries: [Entry]
    private let idf: [String: Double]
    private let defaultIDF: Double

    public init(_ examples: [ICEStore.Example]) {
        let tokenized = examples.map { ExampleRetriever.words($0.question) }
        var df: [String: Int] = [:]
        for words in tokenized { for w in Set(words) { df[w, default: 0] += 1 } }
        let n = Double(examples.count)
        var idf: [String: Double] = [:]
        for (w, d) in df { idf[w] = log((1 + n) / (1 + Double(d))) + 1 }
        self.idf = idf
        defaultIDF = log(1 + n) + 1
        var entries: [Entry] = []
        for (example, words) in zip(examples, tokenized) {
            entries.append(Entry(example: InContextExample(question: example.question, program: example.program, family: example.family),
                                 isVideo: example.isVideo, vector: [:]))
            entries[entries.count - 1].vector = Self.vector(words, idf: idf, defaultIDF: defaultIDF)
        }
        self.entries = entries
    }

    public func examples(for task: AgentTask, limit: Int) -> [InContextExample] {
        let query = Self.vector(Self.words(task.question), idf: idf, defaultIDF: defaultIDF)
        let scored = entries.enumerated()
            .filter { $0.element.isVideo == task.media.isVideo }
            .map { (index: $0.offset, score: Self.dot(query, $0.element.vector)) }
            .sorted { $0.score != $1.score ? $0.score > $1.score : $0.index < $1.index }
        return scored.prefix(limit).map { entries[$0.index].example }
    }

    /// Similarity of two texts as the retriever scores it (exposed for tests and docs).
    public func similarity(_ a: String, _ b: String) -> Double {
        Self.dot(Self.vector(Self.words(a), idf: idf, defaultIDF: defaultIDF), Self.vector(Self.words(b), idf: idf, defaultIDF: defaultIDF))
    }

    static func words(_ text: String) -> [String] {
        text.lowercased().split { !($0.isLetter || $0.isNumber) }.map(String.init)
    }

    private static func vector(_ words: [String], idf: [String: Double], defaultIDF: Double) -> [String: Double] {
        var v: [String: Double] = [:]
        for w in words { v[w, default: 0] += idf[w] ?? defaultIDF }
        let norm = sqrt(v.values.reduce(0) { $0 + $1 * $1 })
        guard norm > 0 else { return v }
        for (k, x) in v { v[k] = x / norm }
        return v
    }

    private static func dot(_ a: [String: Double], _ b: [String: Double]) -> Double {
        let (small, large) = a.count <= b.count ? (a, b) : (b, a)
        return small.reduce(0) { $0 + $1.value * (large[$1.key] ?? 0) }
    }
}
