import COpenBLAS
import Foundation

/// SigLIP vision tower hyperparameters (Hugging Face `vision_config`, `model_type`
/// "siglip_vision_model"), with transformers' defaults for keys PaliGemma configs leave out.
public struct SigLIPVisionConfiguration: Sendable, Equatable {
    public var hiddenSize: Int
    public var intermediateSize: Int
    public var layerCount: Int
    public var headCount: Int
    public var imageSize: Int
    public var patchSize: Int
    public var channelCount: Int
    public var layerNormEpsilon: Float

    public var patchesPerSide: Int { imageSize / patchSize }
    public var patchCount: Int { patchesPerSide * patchesPerSide }
    public var headDimension: Int { hiddenSize / headCount }

    public init(hiddenSize: Int, intermediateSize: Int, layerCount: Int, headCount: Int, imageSize: Int,
                patchSize: Int, channelCount: Int = 3, layerNormEpsilon: Float = 1e-6) {
        self.hiddenSize = hiddenSize
        self.intermediateSize = intermediateSize
        self.layerCount = layerCount
        self.headCount = headCount
        self.imageSize = imageSize
        self.patchSize = patchSize
        self.channelCount = channelCount
        self.layerNormEpsilon = layerNormEpsilon
    }

    /// Throws unless the sizes describe a model Loupe can run.
    func validate(source: String) throws {
        let positive = [hiddenSize, intermediateSize, layerCount, headCount, imageSize, patchSize, channelCount]
        guard positive.allSatisfy({ $0 > 0 && $0 < 1 << 20 }) else {
            throw ModelError("\(source): vision_config has a size that is zero, negative or absurd: \(self)")
        }
        guard hiddenSize % headCount == 0 else {
            throw ModelError("\(source): vision_config hidden_size \(hiddenSize) is not a multiple of num_attention_heads \(headCount)")
        }
        guard imageSize % patchSize == 0 else {
            throw ModelError("\(source): vision_config image_size \(imageSize) is not a multiple of patch_size \(patchSize)")
        }
        guard layerNormEpsilon.isFinite, layerNormEpsilon > 0 else {
            throw ModelError("\(source): vision_config layer_norm_eps \(layerNormEpsilon) is not a positive number")
        }
    }
}

/// SigLIP's vision transformer without its pooling head, as PaliGemma uses it: patch embedding
/// (a stride-`patch` convolution, computed as one matrix product over unfolded patches) plus
/// learned position embeddings, pre-LayerNorm blocks of bidirectional multi-head attention and a
/// tanh-GELU MLP, then `post_layernorm`. Float32 activations; weights in their stored format.
public final class SigLIPVisionEncoder: @unchecked Sendable {
    struct Block {
        let norm1Weight, norm1Bias: [Float]
        let query, key, value, output: Weight
        let queryBias, keyBias, valueBias, outputBias: [Float]
        let norm2Weight, norm2Bias: [Float]
        let fc1, fc2: Weight
        let fc1Bias, fc2Bias: [Float]
    }

    public let configuration: SigLIPVisionConfiguration
    let patchWeight: Weight             // [D, C * P * P]
    let patchBias: [Float]              // [D]
    let positions: Tensor               // [N, D]
    let blocks: [Block]
    let postNormWeight, postNormBias: [Float]

    /// Tensors named as in a Hugging Face SigLIP vision model below `vision_model.`
    /// ("embeddings.patch_embedding.weight", "encoder.layers.0.layer_norm1.weight", ...), with
    /// `prefix` in front. `padToQ8`: float `fc2` matrices whose width (So400m's 4304) is no
    /// multiple of 32 become Q8_0 too, with zero columns appended; the MLP's hidden activations
    /// get as many zero columns, so the product is unchanged but for the quantization.
    public init(configuration c: SigLIPVisionConfiguration, weights source: WeightSource, prefix: String, padToQ8: Bool = false) throws {
        try c.validate(source: source.path)
        configuration = c
        let d = c.hiddenSize
        func weight(_ name: String, _ shape: [Int]) throws -> Weight {
            let weight = try source.weight(prefix + name)
            guard weight.shape == shape else {
                throw ModelError("\(source.path): tensor '\(prefix + name)' has shape \(weight.shape), expected \(shape)")
            }
            return weight
        }
        func vector(_ name: String, _ count: Int) throws -> [Float] {
            try weight(name, [count]).dequantized().scalars
        }
        func q8Padded(_ fc2: Weight) throws -> Weight {
            let block = ElementType.q8_0.blockSize
            guard padToQ8, !fc2.type.isQuantized, fc2.columns % block != 0 else { return fc2 }
            return try PaliGemmaWeights.quantizedQ8(fc2, paddedColumns: (fc2.columns + block - 1) / block * block)
        }
        let patchArea = c.channelCount * c.patchSize * c.patchSize
        let convolution = try weight("embeddings.patch_embedding.weight", [d, c.channelCount, c.patchSize, c.patchSize])
        patchWeight = Weight(name: prefix + "embeddings.patch_embedding.weight",
                             tensor: try convolution.dequantized().reshaped([d, patchArea]))
        patchBias = try vector("embeddings.patch_embedding.bias", d)
        positions = try weight("embeddings.position_embedding.weight", [c.patchCount, d]).dequantized()
        blocks = try (0..<c.layerCount).map { i in
            let p = "encoder.layers.\(i)."
            return Block(
                norm1Weight: try vector(p + "layer_norm1.weight", d), norm1Bias: try vector(p + "layer_norm1.bias", d),
                query: try weight(p + "self_attn.q_proj.weight", [d, d]),
                key: try weight(p + "self_attn.k_proj.weight", [d, d]),
                value: try weight(p + "self_attn.v_proj.weight", [d, d]),
                output: try weight(p + "self_attn.out_proj.weight", [d, d]),
                queryBias: try vector(p + "self_attn.q_proj.bias", d), keyBias: try vector(p + "self_attn.k_proj.bias", d),
                valueBias: try vector(p + "self_attn.v_proj.bias", d), outputBias: try vector(p + "self_attn.out_proj.bias", d),
                norm2Weight: try vector(p + "layer_norm2.weight", d), norm2Bias: try vector(p + "layer_norm2.bias", d),
                fc1: try weight(p + "mlp.fc1.weight", [c.intermediateSize, d]),
                fc2: try q8Padded(try weight(p + "mlp.fc2.weight", [d, c.intermediateSize])),
                fc1Bias: try vector(p + "mlp.fc1.bias", c.intermediateSize), fc2Bias: try vector(p + "mlp.fc2.bias", d))
        }
        postNormWeight = try vector("post_layernorm.weight", d)
        postNormBias = try vector("post_layernorm.bias", d)
    }

    /// `pixels`: [C, H, W] with H = W = imageSize (VisionPreprocessor's output). Returns the
    /// patch features after `post_layernorm`: [N, D], patches in row-major order.
    public func encode(pixels: [Float]) throws -> Tensor {
        let c = configuration
        let side = c.imageSize, patch = c.patchSize, perSide = c.patchesPerSide
        guard pixels.count == c.channelCount * side * side else {
            throw ModelError("SigLIP: \(pixels.count) pixel values, expected [\(c.channelCount), \(side), \(side)]")
        }
        // Unfold: row n = patch (py, px), columns ordered (channel, ky, kx) like the conv weight.
        let patchArea = c.channelCount * patch * patch
        var unfolded = Tensor(zeros: [c.patchCount, patchArea])   // [N, C * P * P]
        unfolded.withUnsafeMutableBufferPointer { out in
            for py in 0..<perSide {
                for px in 0..<perSide {
                    var column = (py * perSide + px) * patchArea
                    for channel in 0..<c.channelCount {
                        for ky in 0..<patch {
                            let row = channel * side * side + (py * patch + ky) * side + px * patch
                            for kx in 0..<patch {
                                out[column] = pixels[row + kx]
                                column += 1
                            }
                        }
                    }
                }
            }
        }
        var x = try matmul(unfolded, patchWeight)   // [N, D]
        addBias(&x, patchBias)
        x.withUnsafeMutableBufferPointer { xs in
            positions.withUnsafeBufferPointer { p in DecoderMath.add(xs.baseAddress!, p.baseAddress!, count: xs.count) }
        }
        for block in blocks {
            try attentionBlock(&x, block)
            try feedForwardBlock(&x, block)
        }
        return layerNorm(x, postNormWeight, postNormBias)
    }

    private func attentionBlock(_ x: inout Tensor, _ block: Block) throws {
        let n = x.rowCount, d = configuration.hiddenSize
        let heads = configuration.headCount, dim = configuration.headDimension
        let h = layerNorm(x, block.norm1Weight, block.norm1Bias)
        var q = try matmul(h, block.query)   // [N, D]
        var k = try matmul(h, block.key)     // [N, D]
        var v = try matmul(h, block.value)   // [N, D]
        addBias(&q, block.queryBias)
        addBias(&k, block.keyBias)
        addBias(&v, block.valueBias)
        var attended = Tensor(zeros: [n, d])   // [N, heads * dim]
        let scale = Float(1 / Double(dim).squareRoot())
        singleThreadedBLAS()
        q.withUnsafeBufferPointer { qs in
            k.withUnsafeBufferPointer { ks in
                v.withUnsafeBufferPointer { vs in
                    attended.withUnsafeMutableBufferPointer { out in
                        let (qs, ks, vs, out) = (qs.baseAddress!, ks.baseAddress!, vs.baseAddress!, out.baseAddress!)
                        // Heads are independent: one per pool chunk, each with its own scores.
                        parallelRows(heads, grain: 1) { range in
                            let scores = UnsafeMutablePointer<Float>.allocate(capacity: n * n)   // [N, N]
                            defer { scores.deallocate() }
                            for head in range {
                                // scores = Q_head [N, dim] · K_head [N, dim]ᵀ * scale
                                cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, Int32(n), Int32(n), Int32(dim), scale,
                                            qs + head * dim, Int32(d), ks + head * dim, Int32(d), 0, scores, Int32(n))
                                for row in 0..<n { DecoderMath.softmax(scores + row * n, count: n) }
                                // out_head [N, dim] = P [N, N] · V_head [N, dim]
                                cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(n), Int32(dim), Int32(n), 1,
                                            scores, Int32(n), vs + head * dim, Int32(d), 0, out + head * dim, Int32(d))
                            }
                        }
                    }
                }
            }
        }
        var projected = try matmul(attended, block.output)   // [N, D]
        addBias(&projected, block.outputBias)
        add(&x, projected)
    }

    private func feedForwardBlock(_ x: inout Tensor, _ block: Block) throws {
        let h = layerNorm(x, block.norm2Weight, block.norm2Bias)
        var hidden = try matmul(h, block.fc1)   // [N, intermediate]
        addBias(&hidden, block.fc1Bias)
        hidden.withUnsafeMutableBufferPointer { values in
            let base = values.baseAddress!
            parallelRows(values.count, grain: 1 << 14) { range in
                DecoderMath.gelu(base + range.lowerBound, count: range.count)
            }
        }
        if block.fc2.columns > hidden.columnCount { hidden = zeroPadded(hidden, columns: block.fc2.columns) }
        var out = try matmul(hidden, block.fc2)   // [N, D]
        addBias(&out, block.fc2Bias)
        add(&x, out)
    }

    /// LayerNorm over the last dimension with a learned scale and bias (statistics in Double).
    func layerNorm(_ x: Tensor, _ weight: [Float], _ bias: [Float]) -> Tensor {
        var out = x
        let rows = x.rowCount, width = x.columnCount
        let epsilon = Double(configuration.layerNormEpsilon)
        out.withUnsafeMutableBufferPointer { values in
            let start = values.baseAddress!
            parallelRows(rows, grain: 16) { range in
                for row in range {
                    let base = start + row * width
                    var sum = 0.0
                    for i in 0..<width { sum += Double(base[i]) }
                    let mean = sum / Double(width)
                    var squares = 0.0
                    for i in 0..<width {
                        let centered = Double(base[i]) - mean
                        squares += centered * centered
                    }
                    let inverse = 1 / (squares / Double(width) + epsilon).squareRoot()
                    for i in 0..<width {
                        base[i] = Float((Double(base[i]) - mean) * inverse) * weight[i] + bias[i]
                    }
                }
            }
        }
        return out
    }
}

/// x [R, C] -> [R, columns] with zeros in the new columns.
func zeroPadded(_ x: Tensor, columns: Int) -> Tensor {
    let rows = x.rowCount, width = x.columnCount
    var out = Tensor(zeros: [rows, columns])
    x.withUnsafeBufferPointer { source in
        out.withUnsafeMutableBufferPointer { target in
            for row in 0..<rows {
                (target.baseAddress! + row * columns).update(from: source.baseAddress! + row * width, count: width)
            }
        }
    }
    return out
}

/// x[r, :] += bias for every row r.
func addBias(_ x: inout Tensor, _ bias: [Float]) {
    let rows = x.rowCount, width = x.columnCount
    x.withUnsafeMutableBufferPointer { values in
        bias.withUnsafeBufferPointer { b in
            for row in 0..<rows { DecoderMath.add(values.baseAddress! + row * width, b.baseAddress!, count: width) }
        }
    }
}

/// x += y (same shapes).
func add(_ x: inout Tensor, _ y: Tensor) {
    let count = x.count
    x.withUnsafeMutableBufferPointer { xs in
        y.withUnsafeBufferPointer { ys in DecoderMath.add(xs.baseAddress!, ys.baseAddress!, count: count) }
    }
}
