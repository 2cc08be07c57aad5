import Foundation

/// PaliGemma's mask decoder: the decoder half of the VQ-VAE whose codebook indices are the
/// `<segNNN>` tokens (big_vision's `vae-oid.npz`, trained on Open Images). 16 codes become a
/// 64 x 64 map of mask logits, > 0 inside the object (big_vision documents the range as about
/// [-1, 1]).
///
/// Architecture (big_vision `evaluators/proj/paligemma/transfers/segmentation.py`), with the
/// checkpoint's PyTorch tensor names; vae-oid has K = 128 codes and C = 128 (D = 512 by the
/// PyTorch ports of that code; Loupe reads it from the file):
///   codebook `_vq_vae._embedding` [K, D]: 16 rows -> [4, 4, D]
///   `decoder.0` 1x1 conv D -> C, ReLU
///   `decoder.2.net`, `decoder.3.net` residual blocks: x + conv1x1(relu(conv3x3(relu(conv3x3(x)))))
///   `decoder.4/6/8/10` 4x4 transposed convs, stride 2, padding 1, each then ReLU:
///       C -> C -> C/2 -> C/4 -> C/8 channels, 4 -> 8 -> 16 -> 32 -> 64 pixels a side
///   `decoder.12` 1x1 conv C/8 -> 1
/// The widths are read from the checkpoint (any D, C a multiple of 8), every other tensor's shape
/// is checked against them. Activations are [H, W, channels] here.
public final class PaliGemmaMaskDecoder: Sendable {
    public static let codesPerMask = 16
    public static let maskSide = 64

    public let path: String
    /// Codes 0 ..< codebookSize are valid (128 in vae-oid).
    public let codebookSize: Int
    private let codebook: [Float]                    // [K, D]
    private let embeddingWidth: Int
    private let inputProjection: Convolution         // D -> C, 1x1
    private let residualBlocks: [ResidualBlock]
    private let upsampling: [TransposedConvolution]  // C -> C -> C/2 -> C/4 -> C/8
    private let outputProjection: Convolution        // C/8 -> 1, 1x1

    /// Reads a `.npz` (as big_vision publishes it, stored or deflated) or a `.safetensors` file
    /// holding the same tensor names; other tensors (the encoder) are ignored.
    public convenience init(path: String) throws {
        try self.init(tensors: MaskDecoderTensors(path: path))
    }

    init(tensors: MaskDecoderTensors) throws {
        path = tensors.path
        let stored = try tensors.tensor("_vq_vae._embedding")
        guard stored.shape.count == 2, stored.shape[0] > 0, stored.shape[1] > 0 else {
            throw ModelFileError(.shapeMismatch, file: path, tensor: "_vq_vae._embedding", "has shape \(stored.shape), expected [codes, width]")
        }
        codebookSize = stored.shape[0]
        embeddingWidth = stored.shape[1]
        codebook = stored.values
        let inputShape = try tensors.tensor("decoder.0.weight").shape
        let width = inputShape.first ?? 0
        guard inputShape == [width, embeddingWidth, 1, 1], width >= 8, width % 8 == 0 else {
            throw ModelFileError(.shapeMismatch, file: path, tensor: "decoder.0.weight",
                                 "has shape \(inputShape), expected [C, \(embeddingWidth), 1, 1] with C a multiple of 8 (128 in vae-oid)")
        }
        inputProjection = try Convolution(tensors, "decoder.0", inputs: embeddingWidth, outputs: width, kernel: 1)
        residualBlocks = try ["decoder.2.net", "decoder.3.net"].map { try ResidualBlock(tensors, $0, width: width) }
        let widths = [width, width, width / 2, width / 4, width / 8]
        upsampling = try ["decoder.4", "decoder.6", "decoder.8", "decoder.10"].enumerated().map { layer, name in
            try TransposedConvolution(tensors, name, inputs: widths[layer], outputs: widths[layer + 1])
        }
        outputProjection = try Convolution(tensors, "decoder.12", inputs: width / 8, outputs: 1, kernel: 1)
    }

    /// The 64 x 64 mask logits of 16 codes, row-major (y down, x right).
    public func logits(codes: [Int]) throws -> [Float] {
        guard codes.count == Self.codesPerMask else {
            throw ModelError("\(path): a mask takes \(Self.codesPerMask) <seg> codes, got \(codes.count)")
        }
        if let bad = codes.firstIndex(where: { $0 < 0 || $0 >= codebookSize }) {
            throw ModelError("\(path): <seg> code \(codes[bad]) (position \(bad)) is outside the codebook '_vq_vae._embedding' of \(codebookSize) entries")
        }
        var x = Activation(side: 4, channels: embeddingWidth)   // [4, 4, D]
        for (cell, code) in codes.enumerated() {
            for channel in 0..<embeddingWidth { x.values[cell * embeddingWidth + channel] = codebook[code * embeddingWidth + channel] }
        }
        x = inputProjection.apply(x)                            // [4, 4, C]
        x.applyReLU()
        for block in residualBlocks { x = block.apply(x) }      // [4, 4, C]
        for layer in upsampling {                               // [8, 8, C] ... [64, 64, C/8]
            x = layer.apply(x)
            x.applyReLU()
        }
        return outputProjection.apply(x).values                 // [64, 64, 1]
    }

    /// The mask of a parsed segmentation, placed in the original image.
    public func mask(for detection: PaliGemmaDetection, imageWidth: Int, imageHeight: Int) throws -> PaliGemmaMask {
        try PaliGemmaMask(logits: logits(codes: detection.segmentationCodes), detection: detection,
                          imageWidth: imageWidth, imageHeight: imageHeight)
    }
}

/// A square feature map [side, side, channels].
private struct Activation {
    let side: Int
    let channels: Int
    var values: [Float]

    init(side: Int, channels: Int) {
        self.side = side
        self.channels = channels
        values = [Float](repeating: 0, count: side * side * channels)
    }

    mutating func applyReLU() {
        for index in values.indices where values[index] < 0 { values[index] = 0 }
    }
}

/// A stride-1 convolution with "same" padding, PyTorch weight [out, in, k, k] kept as
/// [k, k, in, out] so the innermost loop runs over output channels.
private struct Convolution {
    let inputs: Int
    let outputs: Int
    let kernel: Int
    let weights: [Float]   // [k, k, in, out]
    let bias: [Float]      // [out]

    init(_ tensors: MaskDecoderTensors, _ name: String, inputs: Int, outputs: Int, kernel: Int) throws {
        let stored = try tensors.values(name + ".weight", shape: [outputs, inputs, kernel, kernel])
        var weights = [Float](repeating: 0, count: stored.count)
        for o in 0..<outputs {
            for i in 0..<inputs {
                for ky in 0..<kernel {
                    for kx in 0..<kernel {
                        weights[((ky * kernel + kx) * inputs + i) * outputs + o] = stored[((o * inputs + i) * kernel + ky) * kernel + kx]
                    }
                }
            }
        }
        self.inputs = inputs
        self.outputs = outputs
        self.kernel = kernel
        self.weights = weights
        bias = try tensors.values(name + ".bias", shape: [outputs])
    }

    func apply(_ x: Activation) -> Activation {
        let side = x.side, padding = kernel / 2
        var y = Activation(side: side, channels: outputs)
        x.values.withUnsafeBufferPointer { input in
            weights.withUnsafeBufferPointer { w in
                y.values.withUnsafeMutableBufferPointer { out in
                    for row in 0..<side {
                        for column in 0..<side {
                            let o = out.baseAddress! + (row * side + column) * outputs
                            for channel in 0..<outputs { o[channel] = bias[channel] }
                            for ky in 0..<kernel {
                                let sourceRow = row + ky - padding
                                guard sourceRow >= 0, sourceRow < side else { continue }
                                for kx in 0..<kernel {
                                    let sourceColumn = column + kx - padding
                                    guard sourceColumn >= 0, sourceColumn < side else { continue }
                                    let pixel = input.baseAddress! + (sourceRow * side + sourceColumn) * inputs
                                    let tap = w.baseAddress! + (ky * kernel + kx) * inputs * outputs
                                    for i in 0..<inputs {
                                        let value = pixel[i]
                                        let row = tap + i * outputs
                                        for channel in 0..<outputs { o[channel] += value * row[channel] }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return y
    }
}

/// x + conv1x1(relu(conv3x3(relu(conv3x3(x))))): `NAME.0`, `NAME.2`, `NAME.4` (1 and 3 are the
/// ReLUs of the PyTorch Sequential).
private struct ResidualBlock {
    let first: Convolution
    let second: Convolution
    let projection: Convolution

    init(_ tensors: MaskDecoderTensors, _ name: String, width: Int) throws {
        first = try Convolution(tensors, name + ".0", inputs: width, outputs: width, kernel: 3)
        second = try Convolution(tensors, name + ".2", inputs: width, outputs: width, kernel: 3)
        projection = try Convolution(tensors, name + ".4", inputs: width, outputs: width, kernel: 1)
    }

    func apply(_ x: Activation) -> Activation {
        var h = first.apply(x)
        h.applyReLU()
        h = second.apply(h)
        h.applyReLU()
        h = projection.apply(h)
        for index in h.values.indices { h.values[index] += x.values[index] }
        return h
    }
}

/// PyTorch ConvTranspose2d(kernel 4, stride 2, padding 1): input pixel (r, c) adds
/// weight[:, :, ky, kx] to output pixel (2r - 1 + ky, 2c - 1 + kx), so each side doubles.
/// Weight [in, out, 4, 4] kept as [4, 4, in, out].
private struct TransposedConvolution {
    static let kernel = 4
    let inputs: Int
    let outputs: Int
    let weights: [Float]   // [4, 4, in, out]
    let bias: [Float]      // [out]

    init(_ tensors: MaskDecoderTensors, _ name: String, inputs: Int, outputs: Int) throws {
        let k = Self.kernel
        let stored = try tensors.values(name + ".weight", shape: [inputs, outputs, k, k])
        var weights = [Float](repeating: 0, count: stored.count)
        for i in 0..<inputs {
            for o in 0..<outputs {
                for ky in 0..<k {
                    for kx in 0..<k {
                        weights[((ky * k + kx) * inputs + i) * outputs + o] = stored[((i * outputs + o) * k + ky) * k + kx]
                    }
                }
            }
        }
        self.inputs = inputs
        self.outputs = outputs
        self.weights = weights
        bias = try tensors.values(name + ".bias", shape: [outputs])
    }

    func apply(_ x: Activation) -> Activation {
        let k = Self.kernel, side = x.side * 2
        var y = Activation(side: side, channels: outputs)
        for pixel in 0..<(side * side) {
            for channel in 0..<outputs { y.values[pixel * outputs + channel] = bias[channel] }
        }
        x.values.withUnsafeBufferPointer { input in
            weights.withUnsafeBufferPointer { w in
                y.values.withUnsafeMutableBufferPointer { out in
                    for row in 0..<x.side {
                        for column in 0..<x.side {
                            let pixel = input.baseAddress! + (row * x.side + column) * inputs
                            for ky in 0..<k {
                                let targetRow = 2 * row - 1 + ky
                                guard targetRow >= 0, targetRow < side else { continue }
                                for kx in 0..<k {
                                    let targetColumn = 2 * column - 1 + kx
                                    guard targetColumn >= 0, targetColumn < side else { continue }
                                    let o = out.baseAddress! + (targetRow * side + targetColumn) * outputs
                                    let tap = w.baseAddress! + (ky * k + kx) * inputs * outputs
                                    for i in 0..<inputs {
                                        let value = pixel[i]
                                        let weightRow = tap + i * outputs
                                        for channel in 0..<outputs { o[channel] += value * weightRow[channel] }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return y
    }
}

/// The decoder's tensors from a `.npz` or `.safetensors` file, as float32, each checked
/// against the shape the architecture needs.
struct MaskDecoderTensors {
    let path: String
    private let npz: NumpyArchive?
    private let safetensors: SafetensorsFile?

    init(path: String) throws {
        self.path = path
        let file = try MappedFile(path: path)
        let head = Array(file.bytes.prefix(4))
        if head == [0x50, 0x4B, 0x03, 0x04] || head == [0x50, 0x4B, 0x05, 0x06] {
            npz = NumpyArchive(zip: try ZipArchive(mapped: file))
            safetensors = nil
        } else if path.hasSuffix(".npz") {
            throw ModelFileError(.badMagic, file: path, "not a zip archive, so not an .npz (it starts with \(head.map { String(format: "%02x", $0) }.joined()))")
        } else {
            npz = nil
            safetensors = try SafetensorsFile(mapped: file)
        }
    }

    func tensor(_ name: String) throws -> (shape: [Int], values: [Float]) {
        if let npz {
            guard npz.contains(name) else { throw missing(name) }
            let array = try npz.array(name)
            return (array.shape, array.values)
        }
        guard let file = safetensors, let info = file.tensorInfo(named: name) else { throw missing(name) }
        return (info.shape, try file.weight(name).dequantized().scalars)
    }

    func values(_ name: String, shape: [Int]) throws -> [Float] {
        let found = try tensor(name)
        guard found.shape == shape else {
            throw ModelFileError(.shapeMismatch, file: path, tensor: name, "has shape \(found.shape), expected \(shape)")
        }
        return found.values
    }

    private func missing(_ name: String) -> ModelFileError {
        ModelFileError(.missingTensor, file: path, tensor: name, "not in the checkpoint: not a PaliGemma mask decoder (big_vision vae-oid.npz) or an incomplete one")
    }
}
