import CKernels
import Foundation

extension PaliGemma {
    /// Loads a Hugging Face PaliGemma folder: config.json, model.safetensors or shards listed in
    /// model.safetensors.index.json (F32, F16 or BF16 tensors), and tokenizer.json.
    /// `quantization`: `.q8_0` converts the float matrices whose width is a multiple of 32 (and
    /// SigLIP's MLP output matrices, zero-padded to one) to Q8_0 blocks at load (about 3.8x less
    /// weight memory than float32 and Loupe's integer kernels), at the accuracy cost
    /// PaliGemmaQuantizationTests measures; nil keeps them as stored.
    public static func load(folder: String, quantization: ElementType? = nil) throws -> PaliGemma {
        try load(folder: folder, quantization: quantization, adjusting: { _ in })
    }

    /// `adjust` edits the configuration read from config.json before the model is built (tests
    /// switch features off to show that they matter).
    static func load(folder: String, quantization: ElementType? = nil,
                     adjusting adjust: (inout PaliGemmaConfiguration) -> Void) throws -> PaliGemma {
        if let quantization, quantization != .q8_0 {
            throw ModelError("\(folder): quantizing weights to \(quantization) at load is not supported (Q8_0 is)")
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw ModelError("\(folder): no such model folder")
        }
        let configPath = (folder as NSString).appendingPathComponent("config.json")
        guard let data = FileManager.default.contents(atPath: configPath) else {
            throw ModelError("\(configPath): cannot read the model configuration")
        }
        guard let json = JSONValue.parse(data) else { throw ModelError("\(configPath): not valid JSON") }
        var configuration = try PaliGemmaConfiguration(json: json, path: configPath)
        adjust(&configuration)
        let tokenizer = try loadTokenizer(folder: folder)

        let collection = try SafetensorsCollection(directory: folder)
        let weights = try PaliGemmaWeights(collection, quantizeToQ8: quantization == .q8_0)
        let vision = try SigLIPVisionEncoder(configuration: configuration.vision, weights: weights,
                                             prefix: PaliGemmaWeights.visionPrefix, padToQ8: quantization == .q8_0)
        let textWidth = configuration.textSpec.hiddenSize
        let projector = try weights.weight(PaliGemmaWeights.projectorPrefix + "linear.weight")
        guard projector.shape == [textWidth, configuration.vision.hiddenSize] else {
            throw ModelError("\(folder): tensor 'multi_modal_projector.linear.weight' has shape \(projector.shape), expected [\(textWidth), \(configuration.vision.hiddenSize)]")
        }
        let bias = try weights.weight(PaliGemmaWeights.projectorPrefix + "linear.bias")
        guard bias.shape == [textWidth] else {
            throw ModelError("\(folder): tensor 'multi_modal_projector.linear.bias' has shape \(bias.shape), expected [\(textWidth)]")
        }
        let textNames = weights.textNames
        let textWeights: WeightSource = configuration.textArchitecture == .gemma
            ? Gemma1.sanitize(weights, huggingFaceNames: textNames)
            : Gemma2.sanitize(weights, huggingFaceNames: textNames)
        let decoder = try GemmaDecoder(spec: configuration.textSpec, weights: textWeights)
        guard tokenizer.vocabularySize <= configuration.textSpec.vocabularySize else {
            throw ModelError("\(folder): the tokenizer has \(tokenizer.vocabularySize) tokens but the text model only \(configuration.textSpec.vocabularySize)")
        }
        // Weights used in place are read in now, as part of loading: otherwise the first image
        // encode and prefill would pay for paging the checkpoint in. Quantized loads have read
        // and converted every matrix already (and given its pages back).
        if quantization == nil { collection.files.forEach { $0.file.populate() } }
        return PaliGemma(configuration: configuration, modelID: (folder as NSString).standardizingPath,
                         tokenizer: tokenizer, vision: vision, projector: projector,
                         projectorBias: try bias.dequantized().scalars, decoder: decoder)
    }

    static func loadTokenizer(folder: String) throws -> SentencePieceTokenizer {
        let json = (folder as NSString).appendingPathComponent("tokenizer.json")
        let model = (folder as NSString).appendingPathComponent("tokenizer.model")
        if FileManager.default.fileExists(atPath: json) {
            return try SentencePieceTokenizer(huggingFaceFolder: folder)
        }
        if FileManager.default.fileExists(atPath: model) {
            return try SentencePieceTokenizer(sentencePieceModel: model)
        }
        throw ModelError("\(folder): no tokenizer.json or tokenizer.model")
    }
}

/// A PaliGemma checkpoint's tensors under one naming, whichever layout wrote them. This is the
/// one place that knows the checkpoint quirks:
/// - Hub files (google/paligemma-*): `vision_tower.vision_model.*`, `multi_modal_projector.*`,
///   `language_model.model.*`, optionally `language_model.lm_head.weight`;
/// - transformers 4.5x `save_pretrained`: `model.vision_tower.vision_model.*`,
///   `model.multi_modal_projector.*`, `model.language_model.*`, `lm_head.weight`;
/// - transformers 5.x `save_pretrained`: the same without `vision_model.` in the vision names.
/// Vision and projector tensors are served under the Hub names; text tensors keep their names
/// (the Gemma `sanitize` steps map every layout above to llama.cpp names).
final class PaliGemmaWeights: WeightSource {
    static let visionPrefix = "vision_tower.vision_model."
    static let projectorPrefix = "multi_modal_projector."

    let path: String
    private let collection: SafetensorsCollection
    private let original: [String: String]   // served name -> name in the files
    /// Names of the text stack's tensors, as in the files.
    let textNames: [String]

    /// Float matrices (not norms, biases, convolution or position tables) become Q8_0.
    private let quantizeToQ8: Bool

    init(_ collection: SafetensorsCollection, quantizeToQ8: Bool = false) throws {
        self.collection = collection
        self.quantizeToQ8 = quantizeToQ8
        path = collection.directory
        var original: [String: String] = [:]
        var textNames: [String] = []
        let visionLayouts = ["model.vision_tower.vision_model.", "vision_tower.vision_model.", "model.vision_tower.", "vision_tower."]
        let projectorLayouts = ["model.multi_modal_projector.", "multi_modal_projector."]
        for name in collection.tensorNames {
            var served: String?
            if let prefix = visionLayouts.first(where: name.hasPrefix) {
                served = Self.visionPrefix + name.dropFirst(prefix.count)
            } else if let prefix = projectorLayouts.first(where: name.hasPrefix) {
                served = Self.projectorPrefix + name.dropFirst(prefix.count)
            } else if name.hasPrefix("language_model.") || name.hasPrefix("model.language_model.") || name == "lm_head.weight" {
                textNames.append(name)
                served = name
            }
            guard let served else { continue }
            if let earlier = original[served] {
                throw ModelFileError(.duplicateName, file: path, tensor: name, "holds the same tensor as '\(earlier)' (two checkpoint layouts mixed)")
            }
            original[served] = name
        }
        guard !textNames.isEmpty else {
            throw ModelError("\(path): no language-model tensors (language_model.* or model.language_model.*): not a PaliGemma checkpoint")
        }
        self.original = original
        self.textNames = textNames
    }

    func contains(_ name: String) -> Bool { original[name] != nil }

    func weight(_ name: String) throws -> Weight {
        guard let stored = original[name] else {
            throw ModelFileError(.missingTensor, file: path, tensor: name, "not in the checkpoint (under any known PaliGemma layout)")
        }
        let weight = try collection.weight(stored)
        guard quantizeToQ8, weight.shape.count == 2, weight.columns % ElementType.q8_0.blockSize == 0,
              !weight.type.isQuantized, !name.contains("norm"), !name.contains("position_embedding") else { return weight }
        return try Self.quantizedQ8(weight)
    }

    /// Rows of float32 (converted from the stored type) quantized as ggml's Q8_0 blocks: one
    /// fp16 scale max|x|/127 and 32 rounded int8 values per block. Written straight into the
    /// weight's own buffer, a tile of rows at a time (float32 rows are read in place, half
    /// precision ones converted per tile), and the source rows' mapped pages are given back as
    /// each tile is done: the float checkpoint never has to be resident beside its Q8_0 copy.
    /// `paddedColumns` (a multiple of 32, at least the width) extends each row with zeros to that
    /// width, for a matrix whose width is no multiple of 32 (the caller pads its activations to match).
    static func quantizedQ8(_ weight: Weight, paddedColumns: Int? = nil) throws -> Weight {
        let width = weight.columns, k = paddedColumns ?? width
        guard k >= width, k % ElementType.q8_0.blockSize == 0 else {
            throw TensorError.unsupported("cannot quantize weight '\(weight.name)' of width \(width) to Q8_0 rows of \(k)")
        }
        let rowBytes = k / ElementType.q8_0.blockSize * ElementType.q8_0.blockBytes
        let buffer = WeightBuffer(byteCount: weight.rows * rowBytes)
        let tileRows = 256
        // Rows are read in place only when they are float32 of the final width.
        let converted = weight.type == .f32 && k == width ? nil : UnsafeMutablePointer<Float>.allocate(capacity: tileRows * k)
        defer { converted?.deallocate() }
        for start in stride(from: 0, to: weight.rows, by: tileRows) {
            let end = min(start + tileRows, weight.rows)
            let rows: UnsafePointer<Float>
            if let converted {
                guard loupe_convert_rows_to_f32(Int32(weight.type.rawValue), weight.data, Int64(width), Int64(start), Int64(end), converted) == 0 else {
                    throw TensorError.unsupported("cannot convert weight '\(weight.name)' of type \(weight.type) to float32")
                }
                if k != width {   // [rows, width] -> [rows, k], from the last row back so nothing is overwritten unread
                    for row in (0..<(end - start)).reversed() {
                        memmove(converted + row * k, converted + row * width, width * MemoryLayout<Float>.size)
                        (converted + row * k + width).initialize(repeating: 0, count: k - width)
                    }
                }
                rows = UnsafePointer(converted)
            } else {
                rows = weight.data.assumingMemoryBound(to: Float.self) + start * k
            }
            var failed = false
            parallelRows(end - start, grain: 16) { range in
                for row in range where loupe_quantize_activation_row(Int32(ElementType.q8_0.rawValue), rows + row * k,
                                                                     buffer.pointer + (start + row) * rowBytes, Int64(k)) != 0 {
                    failed = true
                }
            }
            guard !failed else { throw TensorError.unsupported("cannot quantize weight '\(weight.name)' to Q8_0") }
            weight.releaseMappedPages(rows: start ..< end)
        }
        return try Weight(name: weight.name, type: .q8_0, shape: weight.shape.dropLast() + [k], data: UnsafeRawPointer(buffer.pointer),
                          byteCount: weight.rows * rowBytes, owner: buffer)
    }
}
