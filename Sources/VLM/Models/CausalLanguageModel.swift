/// A decoder-only language model: tokens in, next-token logits out, with a key/value cache.
public protocol CausalLanguageModel: AnyObject, Sendable {
    var vocabularySize: Int { get }
    /// Longest sequence the model was trained for.
    var contextLength: Int { get }
    /// An empty cache for one sequence. `keepingHistory`: layers that attend to a sliding window
    /// keep every position instead of a ring of the window, so `truncate(to:)` always succeeds
    /// (a later prompt reuses any shared prefix), at the cost of memory growing with the sequence.
    func makeCache(keepingHistory: Bool) -> KeyValueCache
    /// Runs `tokens` at positions `cache.count ..< cache.count + tokens.count`, appends them to the
    /// cache and returns the logits of the rows `logits` asks for: [rows, vocabularySize].
    func forward(_ tokens: [Int], cache: KeyValueCache, logits: LogitRows) throws -> Tensor
}

extension CausalLanguageModel {
    /// A cache whose sliding-window layers hold only the window (a ring).
    public func makeCache() -> KeyValueCache { makeCache(keepingHistory: false) }
}

/// Which positions of a forward pass need logits: computing the output head only where needed
/// saves a [tokens, vocabulary] product during prefill.
public enum LogitRows: Sendable, Equatable {
    case none
    case last
    case all
}

/// Where a model's tensors come from, under the names the architecture's `sanitize` step uses
/// (llama.cpp's GGUF names: "blk.3.attn_q.weight").
public protocol WeightSource: AnyObject {
    var path: String { get }
    func weight(_ name: String) throws -> Weight
    func contains(_ name: String) -> Bool
}

extension GGUFFile: WeightSource {
    public func contains(_ name: String) -> Bool { tensorInfo(named: name) != nil }
}

public struct ModelError: Error, CustomStringConvertible, Sendable {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
