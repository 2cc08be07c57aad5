import Foundation

/// PaliGemma 1 (SigLIP + Gemma) and PaliGemma 2 (SigLIP + Gemma 2).
///
/// The decoder input is [image features, BOS, prompt tokens, "\n"] followed by the generated
/// suffix (transformers' PaliGemmaProcessor layout). Image features are the SigLIP patch features
/// through the linear projector, not scaled; text embeddings are scaled by sqrt(width) (transformers
/// 4.x divides the projected features by sqrt(width) before scaling every row by it: the same).
/// Attention is bidirectional over image + prompt and causal over the suffix. transformers counts
/// positions from 1, Loupe from 0: rotary embeddings only see position differences, and sliding
/// windows compare differences too, so the results agree.
public final class PaliGemma: @unchecked Sendable {
    public let configuration: PaliGemmaConfiguration
    /// What the image-embedding cache keys on: the folder the model came from.
    public let modelID: String
    public let tokenizer: SentencePieceTokenizer
    public let vision: SigLIPVisionEncoder
    public let decoder: GemmaDecoder
    let projector: Weight          // [text width, vision width]
    let projectorBias: [Float]     // [text width]

    init(configuration: PaliGemmaConfiguration, modelID: String, tokenizer: SentencePieceTokenizer,
         vision: SigLIPVisionEncoder, projector: Weight, projectorBias: [Float], decoder: GemmaDecoder) {
        self.configuration = configuration
        self.modelID = modelID
        self.tokenizer = tokenizer
        self.vision = vision
        self.projector = projector
        self.projectorBias = projectorBias
        self.decoder = decoder
    }

    public var imageTokenCount: Int { configuration.vision.patchCount }
    public var preprocessor: VisionPreprocessor { .paliGemma(size: configuration.vision.imageSize) }

    /// SigLIP features [N, vision width] of preprocessed pixels [3, size, size].
    public func visionEmbeddings(pixels: [Float]) throws -> Tensor {
        try vision.encode(pixels: pixels)
    }

    /// Projected image features [N, text width]: the decoder's first N input rows.
    public func imageFeatures(pixels: [Float]) throws -> Tensor {
        try project(visionEmbeddings(pixels: pixels))
    }

    public func imageFeatures(image: RGBImage) throws -> Tensor {
        try imageFeatures(pixels: preprocessor.pixelValues(image))
    }

    func project(_ embeddings: Tensor) throws -> Tensor {
        var projected = try matmul(embeddings, projector)   // [N, text width]
        addBias(&projected, projectorBias)
        return projected
    }

    /// The prompt's tokens after the image tokens: BOS, the prompt, "\n".
    public func promptTokens(_ prompt: String) throws -> [Int] {
        guard let bos = tokenizer.bosID else {
            throw ModelError("\(modelID): the tokenizer has no <bos> token")
        }
        return [bos] + tokenizer.encode(prompt + "\n", addSpecial: false, parseSpecial: true)
    }

    /// Runs image features and prompt tokens as one bidirectional prefix into a fresh cache.
    /// Returns the cache and the logits of `logits` rows; `layerOutput` sees each text layer.
    public func prefill(imageFeatures: Tensor, promptTokens: [Int], logits: LogitRows,
                        layerOutput: ((Int, Tensor) -> Void)? = nil) throws -> (cache: KeyValueCache, logits: Tensor) {
        let width = configuration.textSpec.hiddenSize
        guard imageFeatures.rank == 2, imageFeatures.shape == [imageTokenCount, width] else {
            throw ModelError("\(modelID): image features of shape \(imageFeatures.shape), expected [\(imageTokenCount), \(width)]")
        }
        guard !promptTokens.isEmpty else { throw ModelError("\(modelID): the prompt has no tokens (not even <bos>)") }
        let length = imageTokenCount + promptTokens.count
        guard length < configuration.textSpec.contextLength else {
            throw ModelError("\(modelID): the prompt takes \(length) tokens (\(imageTokenCount) for the image), more than the context length \(configuration.textSpec.contextLength) leaves room for")
        }
        let text = try decoder.embed(promptTokens)   // [T, width], scaled by sqrt(width)
        var input = Tensor(zeros: [length, width])    // [N + T, width]
        input.withUnsafeMutableBufferPointer { out in
            imageFeatures.withUnsafeBufferPointer { image in
                out.baseAddress!.update(from: image.baseAddress!, count: image.count)
            }
            text.withUnsafeBufferPointer { rows in
                (out.baseAddress! + imageFeatures.count).update(from: rows.baseAddress!, count: rows.count)
            }
        }
        let cache = decoder.makeCache(prefillChunk: length)
        let out = try decoder.forward(embeddings: input, cache: cache, logits: logits,
                                      bidirectionalPrefix: length, layerOutput: layerOutput)
        return (cache, out)
    }

    /// Greedy decoding: the most likely token at each step (the first on ties, as torch.argmax),
    /// up to `maxNewTokens`, stopping after `<eos>` unless `stopAtEndOfSequence` is false, or
    /// when prompt + output fill the context. `stepLogits` sees the logits [1, vocabulary] each token was chosen from.
    public func generateGreedy(imageFeatures: Tensor, promptTokens: [Int], maxNewTokens: Int,
                               stopAtEndOfSequence: Bool = true, stepLogits: ((Tensor) -> Void)? = nil) throws -> [Int] {
        guard maxNewTokens >= 0 else { throw ModelError("maxNewTokens is negative (\(maxNewTokens))") }
        if maxNewTokens == 0 { return [] }
        var (cache, logits) = try prefill(imageFeatures: imageFeatures, promptTokens: promptTokens, logits: .last)
        var generated: [Int] = []
        while true {
            stepLogits?(logits)
            let next = Self.argmax(logits)
            generated.append(next)
            if generated.count == maxNewTokens || cache.count + 1 >= configuration.textSpec.contextLength { break }
            if stopAtEndOfSequence && tokenizer.endOfGenerationIDs.contains(next) { break }
            logits = try decoder.forward([next], cache: cache, logits: .last)
        }
        return generated
    }

    /// Image + prompt -> generated token ids and their text (special tokens such as `<loc0123>`
    /// rendered, `<eos>` dropped).
    public func generate(image: RGBImage, prompt: String, maxNewTokens: Int,
                         cache: ImageEmbeddingCache? = nil, imageContent: ImageContentKey? = nil) throws -> PaliGemmaOutput {
        let features = try cachedFeatures(image: image, cache: cache, key: imageContent)
        return try generate(imageFeatures: features, promptTokens: promptTokens(prompt), maxNewTokens: maxNewTokens)
    }

    public func generate(imageFeatures: Tensor, promptTokens: [Int], maxNewTokens: Int, stopAtEndOfSequence: Bool = true,
                         stepLogits: ((Tensor) -> Void)? = nil) throws -> PaliGemmaOutput {
        let tokens = try generateGreedy(imageFeatures: imageFeatures, promptTokens: promptTokens, maxNewTokens: maxNewTokens,
                                        stopAtEndOfSequence: stopAtEndOfSequence, stepLogits: stepLogits)
        let visible = tokens.filter { !tokenizer.endOfGenerationIDs.contains($0) }
        return PaliGemmaOutput(promptTokens: promptTokens, tokens: tokens,
                               text: tokenizer.decode(visible, renderSpecial: true))
    }

    func cachedFeatures(image: RGBImage, cache: ImageEmbeddingCache?, key: ImageContentKey?) throws -> Tensor {
        guard let cache else { return try imageFeatures(image: image) }
        let key = ImageEmbeddingCache.Key(modelID: modelID, image: key ?? ImageContentKey(image: image))
        if let hit = cache.features(for: key) { return hit }
        let features = try imageFeatures(image: image)
        cache.store(features, for: key)
        return features
    }

    static func argmax(_ logits: Tensor) -> Int {
        logits.withUnsafeBufferPointer { values in
            let row = values.count - logits.columnCount
            var best = row
            for i in row..<values.count where values[i] > values[best] { best = i }
            return best - row
        }
    }
}

/// What one generation produced.
public struct PaliGemmaOutput: Sendable, Equatable {
    /// The text tokens after the image tokens (BOS, prompt, "\n").
    public let promptTokens: [Int]
    public let tokens: [Int]
    public let text: String
}
