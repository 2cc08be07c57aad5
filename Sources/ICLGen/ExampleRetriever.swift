import Agent
import Foundation
import Interpreter

/// Picks the stored examples whose questions have the most similar *form* to a question, by
/// TF-IDF cosine similarity.
///
/// A small controller copies the nearest example's program and swaps in the question's nouns, so
/// what must match is the question's form ("How many _ are there?", "Is the _ above the _?"), not
/// its nouns: two questions about a red circle share words but rarely a program. The nouns are
/// found from the store itself: a phrase a stored program passes as a string literal and that
/// occurs word for word in its own question (`find("large blue object")` for "What shape is the
/// large blue object?") is that question's slot filler, and its words are slot words everywhere.
/// A question's tokens are then its words that are not slot words, each run of slot words
/// becoming one `_`, and the adjacent pairs of that sequence (bigrams, which keep "left of" apart
/// from "left" in "from the left"); the placeholder itself counts only inside pairs.
///
/// Words are lower-cased runs of letters and digits, compared without a plural "s" (longer than
/// three letters). A token's weight is its count times `ln((1 + N) / (1 + df)) + 1` (N stored
/// questions, df of them containing the token); vectors are L2-normalized and the score is their
/// dot product. Only examples for the same kind of media (image or video program) are offered;
/// ties keep store order.
public struct ExampleRetriever: ExampleSource {
    private struct Entry: Sendable {
        var example: InContextExample
        var isVideo: Bool
        var vector: [String: Double]
    }

    private let entries: [Entry]
    private let idf: [String: Double]
    private let defaultIDF: Double
    /// Stems of the words stored programs copied from their questions into string literals.
    public let slotWords: Set<String>

    public init(_ examples: [ICEStore.Example]) {
        var slots = Set<String>()
        for example in examples { slots.formUnion(Self.slotWords(question: example.question, program: example.program)) }
        slotWords = slots
        let tokenized = examples.map { Self.tokens($0.question, slots: slots) }
        var df: [String: Int] = [:]
        for tokens in tokenized { for t in Set(tokens) { df[t, default: 0] += 1 } }
        let n = Double(examples.count)
        var idf: [String: Double] = [:]
        for (t, d) in df { idf[t] = log((1 + n) / (1 + Double(d))) + 1 }
        self.idf = idf
        defaultIDF = log(1 + n) + 1
        entries = zip(examples, tokenized).map { example, tokens in
            Entry(example: InContextExample(question: example.question, program: example.program, family: example.family),
                  isVideo: example.isVideo, vector: Self.vector(tokens, idf: idf, defaultIDF: log(1 + n) + 1))
        }
    }

    public func examples(for task: AgentTask, limit: Int) -> [InContextExample] {
        let query = Self.vector(Self.tokens(task.question, slots: slotWords), idf: idf, defaultIDF: defaultIDF)
        let scored = entries.enumerated()
            .filter { $0.element.isVideo == task.media.isVideo }
            .map { (index: $0.offset, score: Self.dot(query, $0.element.vector)) }
            .sorted { $0.score != $1.score ? $0.score > $1.score : $0.index < $1.index }
        return scored.prefix(limit).map { entries[$0.index].example }
    }

    /// Similarity of two texts as the retriever scores it (exposed for tests and docs).
    public func similarity(_ a: String, _ b: String) -> Double {
        Self.dot(Self.vector(Self.tokens(a, slots: slotWords), idf: idf, defaultIDF: defaultIDF),
                 Self.vector(Self.tokens(b, slots: slotWords), idf: idf, defaultIDF: defaultIDF))
    }

    /// The form tokens of a text: its non-slot words, and the adjacent pairs of the sequence in
    /// which each run of slot words is one `_`.
    static func tokens(_ text: String, slots: Set<String>) -> [String] {
        var sequence: [String] = []
        for word in words(text) {
            if slots.contains(word) {
                if sequence.last != "_" { sequence.append("_") }
            } else {
                sequence.append(word)
            }
        }
        let pairs = zip(sequence, sequence.dropFirst()).map { "\($0) \($1)" }
        return sequence.filter { $0 != "_" } + pairs
    }

    /// Stems of the words of the program's string literals that occur, as a whole phrase, in the
    /// question and are shorter than it (a literal repeating the whole question is not a slot).
    static func slotWords(question: String, program: String) -> Set<String> {
        let questionWords = words(question)
        var slots = Set<String>()
        for literal in stringLiterals(program) {
            let phrase = words(literal)
            guard !phrase.isEmpty, phrase.count < questionWords.count else { continue }
            let occurs = (0...(questionWords.count - phrase.count)).contains { start in
                Array(questionWords[start..<(start + phrase.count)]) == phrase
            }
            if occurs { slots.formUnion(phrase) }
        }
        return slots
    }

    /// The string literals of a program, as the language's lexer reads them (an f-string by its
    /// text between the quotes); a program that stops lexing gives the literals before the error.
    static func stringLiterals(_ program: String) -> [String] {
        Lexer.tokenize(program).compactMap { token in
            guard case .string(let literal) = token.kind else { return nil }
            return literal.isFormatted ? String(String.UnicodeScalarView(literal.body)) : literal.value
        }
    }

    /// Lower-cased runs of letters and digits, a plural "s" dropped from words of more than three letters.
    static func words(_ text: String) -> [String] {
        text.lowercased().split { !($0.isLetter || $0.isNumber) }.map { word in
            word.count > 3 && word.hasSuffix("s") && !word.hasSuffix("ss") ? String(word.dropLast()) : String(word)
        }
    }

    private static func vector(_ tokens: [String], idf: [String: Double], defaultIDF: Double) -> [String: Double] {
        var v: [String: Double] = [:]
        for t in tokens { v[t, default: 0] += idf[t] ?? defaultIDF }
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
