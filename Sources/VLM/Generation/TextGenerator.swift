import Foundation

public struct GenerationOptions: Sendable {
    public var maxTokens: Int
    public var sampling: SamplingOptions
    /// Tokens that end generation (they are returned but not decoded into text);
    /// nil = the tokenizer's end-of-generation tokens (Gemma: `<eos>`, `<end_of_turn>`).
    public var stopTokens: Set<Int>?
    /// Generation ends before the first of these appears in the text; it is not returned.
    public var stopStrings: [String]

    public init(maxTokens: Int = 256, sampling: SamplingOptions = .greedy,
                stopTokens: Set<Int>? = nil, stopStrings: [String] = []) {
        self.maxTokens = maxTokens
        self.sampling = sampling
        self.stopTokens = stopTokens
        self.stopStrings = stopStrings
    }
}

public struct GenerationResult: Sendable {
    public enum StopReason: Sendable, Equatable {
        case endToken(Int)
        case stopString(String)
        case maxTokens
        case cancelled
    }

    /// Generated token ids, including an end token that stopped generation.
    public var tokens: [Int]
    /// Generated text, without end tokens and stop strings.
    public var text: String
    public var stopReason: StopReason
    public var promptTokenCount: Int
    /// Prompt tokens whose keys and values were kept from the previous call.
    public var reusedPromptTokenCount: Int
    public var prefillSeconds: Double
    public var decodeSeconds: Double

    /// Prompt tokens run per second (reused ones excluded).
    public var prefillTokensPerSecond: Double {
        Double(promptTokenCount - reusedPromptTokenCount) / max(prefillSeconds, 1e-9)
    }

    /// Tokens generated per second after the first (which comes from the prefill's logits).
    public var decodeTokensPerSecond: Double {
        Double(max(tokens.count - 1, 0)) / max(decodeSeconds, 1e-9)
    }
}

/// One streamed step: the token chosen and the text it completes (possibly empty while a
/// multi-byte character or a possible stop string is pending). Return false to stop.
public typealias GenerationCallback = (_ token: Int, _ text: String) -> Bool

/// Generates text with a language model, keeping the key/value cache of the previous call so a
/// prompt that shares a prefix with it (a growing conversation, a fixed instruction prefix with
/// varying questions) only runs the tokens after the shared prefix. Sliding-window layers keep
/// their whole history for this, so a prefix longer than the window is reused too.
public final class TextGenerator {
    public let model: any CausalLanguageModel
    public let tokenizer: SentencePieceTokenizer
    private let cache: KeyValueCache
    /// The tokens whose keys and values are in `cache`, in order.
    private var cachedTokens: [Int] = []

    public init(model: any CausalLanguageModel, tokenizer: SentencePieceTokenizer) {
        self.model = model
        self.tokenizer = tokenizer
        cache = model.makeCache(keepingHistory: true)
    }

    public convenience init(_ loaded: LoadedLanguageModel) {
        self.init(model: loaded.model, tokenizer: loaded.tokenizer)
    }

    /// Tokenizes `prompt` (BOS as the tokenizer says, control tokens such as `<start_of_turn>`
    /// recognised); with `chat`, wraps it in a Gemma user turn first.
    public func generate(prompt: String, chat: Bool = false, options: GenerationOptions = .init(),
                         onToken: GenerationCallback? = nil) throws -> GenerationResult {
        let text = chat ? GemmaChatTemplate.prompt(user: prompt) : prompt
        return try generate(promptTokens: tokenizer.encode(text), options: options, onToken: onToken)
    }

    public func generate(promptTokens prompt: [Int], options: GenerationOptions = .init(),
                         onToken: GenerationCallback? = nil) throws -> GenerationResult {
        guard !prompt.isEmpty else { throw ModelError("generate: the prompt has no tokens") }
        guard options.maxTokens >= 0 else { throw ModelError("generate: maxTokens is \(options.maxTokens)") }
        if let bad = prompt.first(where: { !(0..<model.vocabularySize).contains($0) }) {
            throw ModelError("generate: prompt token id \(bad) is outside the vocabulary of \(model.vocabularySize)")
        }
        let stopTokens = options.stopTokens ?? tokenizer.endOfGenerationIDs
        var result = GenerationResult(tokens: [], text: "", stopReason: .maxTokens, promptTokenCount: prompt.count,
                                      reusedPromptTokenCount: 0, prefillSeconds: 0, decodeSeconds: 0)
        if options.maxTokens == 0 { return result }

        // Keep the cached common prefix, but always run the last prompt token for its logits.
        var reuse = 0
        while reuse < min(cachedTokens.count, prompt.count - 1) && cachedTokens[reuse] == prompt[reuse] { reuse += 1 }
        if !cache.truncate(to: reuse) { reuse = 0 }
        cachedTokens.removeSubrange(reuse...)
        result.reusedPromptTokenCount = reuse

        let prefillStart = DispatchTime.now()
        var logits: Tensor
        do {
            logits = try model.forward(Array(prompt[reuse...]), cache: cache, logits: .last)
        } catch {
            cache.removeAll()
            cachedTokens = []
            throw error
        }
        cachedTokens.append(contentsOf: prompt[reuse...])
        result.prefillSeconds = Self.seconds(since: prefillStart)

        var sampler = Sampler(options.sampling)
        var utf8 = UTF8StreamDecoder()
        var stops = StopStringMatcher(options.stopStrings)
        let decodeStart = DispatchTime.now()
        while true {
            let token = logits.withUnsafeBufferPointer { sampler.next(from: $0) }
            result.tokens.append(token)
            if stopTokens.contains(token) {
                result.stopReason = .endToken(token)
                let rest = stops.push(utf8.finish()).release + stops.flush()
                result.text += rest
                _ = onToken?(token, rest)
                break
            }
            let (release, stop) = stops.push(utf8.push(tokenizer.bytes(of: token)))
            result.text += release
            if let stop {
                result.stopReason = .stopString(stop)
                _ = onToken?(token, release)
                break
            }
            if let onToken, !onToken(token, release) {
                result.stopReason = .cancelled
                break
            }
            if result.tokens.count >= options.maxTokens {
                let rest = stops.push(utf8.finish()).release + stops.flush()
                result.text += rest
                if !rest.isEmpty { _ = onToken?(token, rest) }
                break
            }
            do {
                logits = try model.forward([token], cache: cache, logits: .last)
            } catch {
                cache.removeAll()
                cachedTokens = []
                throw error
            }
            cachedTokens.append(token)
        }
        result.decodeSeconds = Self.seconds(since: decodeStart)
        return result
    }

    /// Logits for every position of `tokens` from an empty cache (teacher forcing): [tokens, vocabulary].
    public func logits(forEveryPositionOf tokens: [Int]) throws -> Tensor {
        cache.removeAll()
        cachedTokens = []
        let out = try model.forward(tokens, cache: cache, logits: .all)
        cachedTokens = tokens
        return out
    }

    private static func seconds(since start: DispatchTime) -> Double {
        Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
    }
}
