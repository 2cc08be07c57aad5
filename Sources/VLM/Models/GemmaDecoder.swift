import COpenBLAS
import Foundation

/// What distinguishes one Gemma generation's decoder stack from another; each architecture file
/// (Gemma1, Gemma2, Gemma3) fills it from its configuration.
public struct GemmaDecoderSpec: Sendable, Equatable {
    public struct Layer: Sendable, Equatable {
        /// Attention sees only the last `slidingWindow` positions (including its own); nil = all.
        public var slidingWindow: Int?
        public var ropeBase: Double
        /// Linear RoPE scaling factor (positions divided by it); 1 = none.
        public var ropeScale: Double
    }

    public var hiddenSize: Int
    public var headCount: Int
    public var kvHeadCount: Int
    public var headDimension: Int
    public var intermediateSize: Int
    public var vocabularySize: Int
    public var contextLength: Int
    public var rmsNormEpsilon: Float
    /// Multiplies queries: query_pre_attn_scalar^-0.5.
    public var queryScale: Float
    /// Norms after attention and after the MLP (Gemma 2 and 3).
    public var hasPostNorms: Bool
    /// RMSNorm on each query and key head before RoPE (Gemma 3).
    public var hasQueryKeyNorms: Bool
    /// `tanh(x / cap) * cap` on attention scores (Gemma 2).
    public var attentionSoftCap: Float?
    /// `tanh(x / cap) * cap` on output logits (Gemma 2).
    public var finalSoftCap: Float?
    public var layers: [Layer]
    /// Round to half precision where llama.cpp's CPU path does (F16 key/value cache, f16
    /// attention operands, f16 GELU table); false keeps float32 throughout, as transformers does.
    /// Which one a checkpoint gets depends on its source: see `GemmaArchitecture.load`.
    public var roundsLikeLlamaCpp = false
}

/// The Gemma decoder stack shared by Gemma 1, 2 and 3, on float32 activations with weights used
/// in their stored (possibly quantized) format.
///
/// Per layer: `x += post?(attention(norm(x)))`, `x += post?(down(gelu(gate(h)) * up(h)))` with
/// `h = norm(x)`; embeddings are scaled by sqrt(hiddenSize); the output head is the embedding
/// matrix unless the checkpoint has its own. Prefill runs in chunks of `chunkSize` tokens through
/// matrix-matrix products, decoding one token through matrix-vector products.
public final class GemmaDecoder: CausalLanguageModel, @unchecked Sendable {
    struct LayerWeights {
        let attentionNorm: [Float]
        let query, key, value, output: Weight
        let queryNorm, keyNorm: [Float]?
        let postAttentionNorm: [Float]?
        let feedForwardNorm: [Float]
        let gate, up, down: Weight
        let postFeedForwardNorm: [Float]?
    }

    public let spec: GemmaDecoderSpec
    let embedding: Weight          // [vocabulary, hidden]
    let outputHead: Weight         // [vocabulary, hidden]
    let finalNorm: [Float]
    let layers: [LayerWeights]
    let rotaries: [RotaryEmbedding]
    /// Tokens per prefill chunk; sliding-window caches hold window + chunkSize positions.
    let chunkSize = 256
    /// Keeps the weights' file mapped.
    let source: WeightSource

    public var vocabularySize: Int { spec.vocabularySize }
    public var contextLength: Int { spec.contextLength }

    /// Loads the tensors under llama.cpp's GGUF names. Norm weights must already include
    /// Gemma's +1 (GGUF files do; `sanitize` steps shift Hugging Face ones).
    public init(spec: GemmaDecoderSpec, weights source: WeightSource) throws {
        self.spec = spec
        self.source = source
        let hidden = spec.hiddenSize
        let qWidth = spec.headCount * spec.headDimension
        let kvWidth = spec.kvHeadCount * spec.headDimension
        guard spec.headCount % max(spec.kvHeadCount, 1) == 0, spec.kvHeadCount > 0 else {
            throw ModelError("\(source.path): \(spec.headCount) query heads cannot share \(spec.kvHeadCount) key/value heads")
        }
        guard spec.headDimension > 0, spec.headDimension % 2 == 0 else {
            throw ModelError("\(source.path): head dimension \(spec.headDimension) is not a positive even number (RoPE rotates pairs)")
        }

        // Named as in the file (a Hugging Face name when the source renames), and as the decoder asks for it.
        func shapeError(_ weight: Weight, _ name: String, expected: [Int]) -> ModelFileError {
            let alias = weight.name == name ? "" : " (the decoder's '\(name)')"
            return ModelFileError(.shapeMismatch, file: source.path, tensor: weight.name,
                                  "has shape \(weight.shape), expected \(expected)\(alias)")
        }
        func matrix(_ name: String, rows: Int, columns: Int) throws -> Weight {
            let weight = try source.weight(name)
            guard weight.shape == [rows, columns] else { throw shapeError(weight, name, expected: [rows, columns]) }
            return weight
        }
        func vector(_ name: String, count: Int) throws -> [Float] {
            let weight = try source.weight(name)
            guard weight.elementCount == count else { throw shapeError(weight, name, expected: [count]) }
            return try weight.dequantizedRows(0..<weight.rows).scalars
        }

        embedding = try matrix("token_embd.weight", rows: spec.vocabularySize, columns: hidden)
        outputHead = source.contains("output.weight")
            ? try matrix("output.weight", rows: spec.vocabularySize, columns: hidden) : embedding
        finalNorm = try vector("output_norm.weight", count: hidden)
        var layers: [LayerWeights] = []
        for i in 0..<spec.layers.count {
            let p = "blk.\(i)."
            layers.append(LayerWeights(
                attentionNorm: try vector(p + "attn_norm.weight", count: hidden),
                query: try matrix(p + "attn_q.weight", rows: qWidth, columns: hidden),
                key: try matrix(p + "attn_k.weight", rows: kvWidth, columns: hidden),
                value: try matrix(p + "attn_v.weight", rows: kvWidth, columns: hidden),
                output: try matrix(p + "attn_output.weight", rows: hidden, columns: qWidth),
                queryNorm: spec.hasQueryKeyNorms ? try vector(p + "attn_q_norm.weight", count: spec.headDimension) : nil,
                keyNorm: spec.hasQueryKeyNorms ? try vector(p + "attn_k_norm.weight", count: spec.headDimension) : nil,
                postAttentionNorm: spec.hasPostNorms ? try vector(p + "post_attention_norm.weight", count: hidden) : nil,
                feedForwardNorm: try vector(p + "ffn_norm.weight", count: hidden),
                gate: try matrix(p + "ffn_gate.weight", rows: spec.intermediateSize, columns: hidden),
                up: try matrix(p + "ffn_up.weight", rows: spec.intermediateSize, columns: hidden),
                down: try matrix(p + "ffn_down.weight", rows: hidden, columns: spec.intermediateSize),
                postFeedForwardNorm: spec.hasPostNorms ? try vector(p + "post_ffw_norm.weight", count: hidden) : nil))
        }
        self.layers = layers
        var rotaryByKey: [String: RotaryEmbedding] = [:]
        rotaries = spec.layers.map { layer in
            let key = "\(layer.ropeBase)/\(layer.ropeScale)"
            if let shared = rotaryByKey[key] { return shared }
            let rotary = RotaryEmbedding(headDimension: spec.headDimension, base: layer.ropeBase, linearScale: layer.ropeScale)
            rotaryByKey[key] = rotary
            return rotary
        }
    }

    public func makeCache(keepingHistory: Bool) -> KeyValueCache {
        makeCache(prefillChunk: chunkSize, keepingHistory: keepingHistory)
    }

    /// A cache whose sliding-window layers accept a single pass of up to `prefillChunk` rows
    /// (`forward(embeddings:)` runs a bidirectional prefix in one pass).
    public func makeCache(prefillChunk: Int, keepingHistory: Bool = false) -> KeyValueCache {
        LayeredKeyValueCache(layers: spec.layers.map {
            LayerKeyValueCache(width: spec.kvHeadCount * spec.headDimension, window: $0.slidingWindow,
                               chunk: max(prefillChunk, 1), keepsHistory: keepingHistory)
        })
    }

    public func forward(_ tokens: [Int], cache: KeyValueCache, logits: LogitRows) throws -> Tensor {
        guard let cache = cache as? LayeredKeyValueCache, cache.layers.count == layers.count else {
            throw ModelError("forward: the cache was not made by this model")
        }
        if let bad = tokens.first(where: { !(0..<spec.vocabularySize).contains($0) }) {
            throw ModelError("forward: token id \(bad) is outside the vocabulary of \(spec.vocabularySize)")
        }
        guard cache.count + tokens.count <= spec.contextLength else {
            throw ModelError("forward: \(cache.count + tokens.count) tokens exceed the context length \(spec.contextLength)")
        }
        var hiddenRows: [Tensor] = []
        var start = 0
        while start < tokens.count {
            let chunk = Array(tokens[start ..< min(start + chunkSize, tokens.count)])
            let isLast = start + chunk.count == tokens.count
            let x = try run(embed(chunk), cache: cache)
            switch logits {
            case .none: break
            case .all: hiddenRows.append(x)
            case .last: if isLast { hiddenRows.append(try lastRow(of: x)) }
            }
            start += chunk.count
        }
        guard logits != .none, !tokens.isEmpty else { return Tensor(zeros: [0, spec.vocabularySize]) }
        return try outputLogits(hiddenRows.count == 1 ? hiddenRows[0] : try concatenateRows(hiddenRows))
    }

    /// Runs rows of input embeddings (`embed(_:)` rows, or other features such as PaliGemma's
    /// projected image tokens) in one pass at positions `cache.count...`. Positions below
    /// `bidirectionalPrefix` attend to each other in both directions (prefix-LM, on sliding-window
    /// layers too, as transformers' PaliGemma 2 masks them); later positions attend causally.
    /// `layerOutput` sees each layer's output [T, hidden] (parity tests).
    public func forward(embeddings: Tensor, cache: KeyValueCache, logits: LogitRows, bidirectionalPrefix: Int = 0,
                        layerOutput: ((Int, Tensor) -> Void)? = nil) throws -> Tensor {
        guard let cache = cache as? LayeredKeyValueCache, cache.layers.count == layers.count else {
            throw ModelError("forward: the cache was not made by this model")
        }
        let rows = embeddings.rowCount
        guard embeddings.rank == 2, embeddings.columnCount == spec.hiddenSize else {
            throw ModelError("forward: embeddings of shape \(embeddings.shape) do not have the model width \(spec.hiddenSize)")
        }
        guard cache.count + rows <= spec.contextLength else {
            throw ModelError("forward: \(cache.count + rows) tokens exceed the context length \(spec.contextLength)")
        }
        guard cache.layers.allSatisfy({ $0.accepts(rows: rows) }) else {
            throw ModelError("forward: \(rows) rows in one pass are more than this cache's sliding-window layers hold; make it with makeCache(prefillChunk:)")
        }
        if rows == 0 { return Tensor(zeros: [0, spec.vocabularySize]) }
        let x = try run(embeddings, cache: cache, bidirectionalPrefix: bidirectionalPrefix, layerOutput: layerOutput)
        switch logits {
        case .none: return Tensor(zeros: [0, spec.vocabularySize])
        case .last: return try outputLogits(lastRow(of: x))
        case .all: return try outputLogits(x)
        }
    }

    /// Final norm, output head and soft-cap: hidden rows [rows, hidden] -> logits [rows, vocabulary].
    private func outputLogits(_ hiddenRows: Tensor) throws -> Tensor {
        var hidden = hiddenRows
        let rows = hidden.rowCount
        hidden.withUnsafeMutableBufferPointer { h in
            finalNorm.withUnsafeBufferPointer { w in
                DecoderMath.rmsNorm(h.baseAddress!, rows: rows, width: spec.hiddenSize, weight: w.baseAddress!, epsilon: spec.rmsNormEpsilon)
            }
        }
        var out = try matmul(hidden, outputHead)     // [rows, vocabulary]
        if let cap = spec.finalSoftCap {
            let count = out.count
            out.withUnsafeMutableBufferPointer { DecoderMath.softCap($0.baseAddress!, count: count, cap: cap) }
        }
        return out
    }

    /// Token embeddings scaled by sqrt(hiddenSize), as the decoder's input: [T, hidden].
    public func embed(_ tokens: [Int]) throws -> Tensor {
        if let bad = tokens.first(where: { !(0..<spec.vocabularySize).contains($0) }) {
            throw ModelError("embed: token id \(bad) is outside the vocabulary of \(spec.vocabularySize)")
        }
        let t = tokens.count, hidden = spec.hiddenSize
        var x = Tensor(zeros: [t, hidden])
        let embeddingScale = Float(hidden).squareRoot()
        try x.withUnsafeMutableBufferPointer { xs in
            for (row, token) in tokens.enumerated() {
                let vector = try embedding.dequantizedRows(token ..< token + 1)
                vector.withUnsafeBufferPointer { v in
                    for i in 0..<hidden { xs[row * hidden + i] = v[i] * embeddingScale }
                }
            }
        }
        return x
    }

    /// Embedding rows through every layer; returns the hidden states [T, hidden] before the final norm.
    private func run(_ embeddings: Tensor, cache: LayeredKeyValueCache, bidirectionalPrefix: Int = 0,
                     layerOutput: ((Int, Tensor) -> Void)? = nil) throws -> Tensor {
        var x = embeddings
        let first = cache.count
        for (index, layer) in layers.enumerated() {
            try attentionBlock(&x, layer: layer, index: index, cache: cache.layers[index], first: first,
                               bidirectionalPrefix: bidirectionalPrefix)
            try feedForwardBlock(&x, layer: layer)
            layerOutput?(index, x)
        }
        cache.advance(by: x.rowCount)
        return x
    }

    private func normalized(_ x: Tensor, _ weight: [Float]) -> Tensor {
        var h = x
        let rows = h.rowCount, width = h.columnCount
        h.withUnsafeMutableBufferPointer { hs in
            weight.withUnsafeBufferPointer { w in
                DecoderMath.rmsNorm(hs.baseAddress!, rows: rows, width: width, weight: w.baseAddress!, epsilon: spec.rmsNormEpsilon)
            }
        }
        return h
    }

    private func addResidual(_ x: inout Tensor, _ branch: Tensor, postNorm: [Float]?) {
        let branch = postNorm.map { normalized(branch, $0) } ?? branch
        let count = x.count
        x.withUnsafeMutableBufferPointer { xs in
            branch.withUnsafeBufferPointer { b in DecoderMath.add(xs.baseAddress!, b.baseAddress!, count: count) }
        }
    }

    private func attentionBlock(_ x: inout Tensor, layer: LayerWeights, index: Int,
                                cache: LayerKeyValueCache, first: Int, bidirectionalPrefix: Int) throws {
        let t = x.rowCount
        let heads = spec.headCount, kvHeads = spec.kvHeadCount, dim = spec.headDimension
        let h = normalized(x, layer.attentionNorm)
        var q = try matmul(h, layer.query)       // [T, heads * dim]
        var k = try matmul(h, layer.key)         // [T, kvHeads * dim]
        var v = try matmul(h, layer.value)       // [T, kvHeads * dim]
        if let queryNorm = layer.queryNorm, let keyNorm = layer.keyNorm {
            q = try normalized(q.reshaped([t * heads, dim]), queryNorm).reshaped([t, heads * dim])
            k = try normalized(k.reshaped([t * kvHeads, dim]), keyNorm).reshaped([t, kvHeads * dim])
        }
        let rotary = rotaries[index]
        let queryScale = spec.queryScale
        // Queries meet half-precision keys in llama.cpp's product: round them the same way.
        q.withUnsafeMutableBufferPointer { qs in
            rotary.apply(qs.baseAddress!, rows: t, heads: heads, rowStride: heads * dim, firstPosition: first)
            DecoderMath.scale(qs.baseAddress!, count: t * heads * dim, by: queryScale)
            if spec.roundsLikeLlamaCpp { DecoderMath.roundToHalf(qs.baseAddress!, count: t * heads * dim) }
        }
        // The cache holds half-precision values (stored widened, so BLAS reads them directly).
        k.withUnsafeMutableBufferPointer { ks in
            rotary.apply(ks.baseAddress!, rows: t, heads: kvHeads, rowStride: kvHeads * dim, firstPosition: first)
            if spec.roundsLikeLlamaCpp { DecoderMath.roundToHalf(ks.baseAddress!, count: t * kvHeads * dim) }
        }
        if spec.roundsLikeLlamaCpp {
            v.withUnsafeMutableBufferPointer { vs in
                DecoderMath.roundToHalf(vs.baseAddress!, count: t * kvHeads * dim)
            }
        }
        k.withUnsafeBufferPointer { ks in
            v.withUnsafeBufferPointer { vs in
                cache.store(keys: ks.baseAddress!, values: vs.baseAddress!, rows: t, first: first)
            }
        }
        var attended = Tensor(zeros: [t, heads * dim])   // [T, heads * dim]
        q.withUnsafeBufferPointer { qs in
            attended.withUnsafeMutableBufferPointer { out in
                attend(queries: qs.baseAddress!, rows: t, first: first, cache: cache,
                       window: spec.layers[index].slidingWindow, bidirectionalPrefix: bidirectionalPrefix,
                       into: out.baseAddress!)
            }
        }
        let projected = try matmul(attended, layer.output)   // [T, hidden]
        addResidual(&x, projected, postNorm: layer.postAttentionNorm)
    }

    /// Scaled dot-product attention of `rows` queries (positions first...) over the cached keys,
    /// masked causally and by the sliding window, by position; positions below
    /// `bidirectionalPrefix` see each other both ways.
    private func attend(queries: UnsafePointer<Float>, rows t: Int, first: Int, cache: LayerKeyValueCache,
                        window: Int?, bidirectionalPrefix: Int, into out: UnsafeMutablePointer<Float>) {
        let heads = spec.headCount, dim = spec.headDimension
        let group = heads / spec.kvHeadCount
        let attended = cache.attendedSlots(queriesFrom: first, bidirectionalPrefix: bidirectionalPrefix)
        let slots = attended.count, firstSlot = attended.lowerBound
        let width = cache.width
        let qStride = heads * dim
        let positions = cache.positions
        let keys = cache.keys + firstSlot * width, values = cache.values + firstSlot * width
        let softCap = spec.attentionSoftCap, roundsLikeLlamaCpp = spec.roundsLikeLlamaCpp
        singleThreadedBLAS()
        // Heads are independent: one per pool chunk, each with its own scores.
        parallelRows(heads, grain: 1) { range in
            let scores = UnsafeMutablePointer<Float>.allocate(capacity: t * slots)   // [T, slots]
            defer { scores.deallocate() }
            for head in range {
                let kvHead = head / group
                // scores = Q_head [T, dim] · K_kvHead [slots, dim]ᵀ
                cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, Int32(t), Int32(slots), Int32(dim), 1,
                            queries + head * dim, Int32(qStride), keys + kvHead * dim, Int32(width),
                            0, scores, Int32(slots))
                if let softCap { DecoderMath.softCap(scores, count: t * slots, cap: softCap) }
                for row in 0..<t {
                    let query = first + row
                    let line = scores + row * slots
                    for slot in 0..<slots {
                        let position = positions[firstSlot + slot]
                        let causal = position <= query && (window.map { query - position < $0 } ?? true)
                        let visible = position >= 0 && (causal || (query < bidirectionalPrefix && position < bidirectionalPrefix))
                        if !visible { line[slot] = -.infinity }
                    }
                    DecoderMath.softmax(line, count: slots)
                    if roundsLikeLlamaCpp { DecoderMath.roundToHalf(line, count: slots) }   // llama.cpp's P·V takes P in half precision
                }
                // out_head [T, dim] = P [T, slots] · V_kvHead [slots, dim]
                cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(t), Int32(dim), Int32(slots), 1,
                            scores, Int32(slots), values + kvHead * dim, Int32(width),
                            0, out + head * dim, Int32(qStride))
            }
        }
    }

    private func feedForwardBlock(_ x: inout Tensor, layer: LayerWeights) throws {
        let h = normalized(x, layer.feedForwardNorm)
        var gate = try matmul(h, layer.gate)     // [T, intermediate]
        let up = try matmul(h, layer.up)         // [T, intermediate]
        let count = gate.count
        gate.withUnsafeMutableBufferPointer { g in
            up.withUnsafeBufferPointer { u in
                let (g, u) = (g.baseAddress!, u.baseAddress!)
                let roundsLikeLlamaCpp = spec.roundsLikeLlamaCpp
                parallelRows(count, grain: 1 << 14) { range in
                    if roundsLikeLlamaCpp {
                        DecoderMath.geluGate(g + range.lowerBound, up: u + range.lowerBound, count: range.count)
                    } else {
                        DecoderMath.gelu(g + range.lowerBound, times: u + range.lowerBound, count: range.count)
                    }
                }
            }
        }
        let down = try matmul(gate, layer.down)  // [T, hidden]
        addResidual(&x, down, postNorm: layer.postFeedForwardNorm)
    }

    private func lastRow(of x: Tensor) throws -> Tensor {
        let width = x.columnCount, rows = x.rowCount
        let all = x.scalars
        return try Tensor(shape: [1, width], scalars: Array(all[(rows - 1) * width ..< rows * width]))
    }

    private func concatenateRows(_ parts: [Tensor]) throws -> Tensor {
        let width = parts[0].columnCount
        var scalars: [Float] = []
        for part in parts { scalars.append(contentsOf: part.scalars) }
        return try Tensor(shape: [scalars.count / width, width], scalars: scalars)
    }
}
