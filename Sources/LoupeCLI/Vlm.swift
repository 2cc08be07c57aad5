import ArgumentParser
import Foundation
import VLM

struct Vlm: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Ask a PaliGemma model (a Hugging Face folder) about an image.",
        discussion: """
            Prompts follow PaliGemma's tasks: "caption en", "answer en QUESTION", "detect A ; B", \
            "segment A", "ocr". Decoding is greedy. For detect and segment prompts the boxes are \
            printed in the original image's pixels (x_min y_min x_max y_max).

            Segment prompts also yield 16 <seg> codes per object. With --vae (PaliGemma's VQ-VAE \
            decoder, big_vision's vae-oid.npz, which does not come with the model) they are decoded \
            into 64x64 masks, resized into the object's box as big_vision does (bilinear, pixel in \
            the mask when the decoded value is > 0). Text output gives each mask's pixel box and \
            size; --json adds to each box a "mask" object: "box" [x_min, y_min, x_max, y_max] (end \
            exclusive), "pixels", and the whole image's mask as COCO run-length encoding ("size" \
            [height, width], "counts": alternating outside/inside runs down the columns, left to \
            right, starting outside; pycocotools reads it as is). --mask-out writes the image with \
            the masks drawn over it as PNG. Without --vae the codes are kept and a note says that \
            masks need the decoder checkpoint.
            """)

    @Option(help: "PaliGemma model folder (config.json, safetensors, tokenizer.json or tokenizer.model).")
    var model: String

    @Option(help: "Image file (PNG or JPEG).")
    var image: String

    @Option(help: "Prompt text, e.g. \"caption en\" or \"detect cat ; dog\".")
    var prompt: String?

    @Option(help: "The text tokens after the image, as space-separated ids (BOS, prompt, \"\\n\"), used as they are; leading <image> ids are dropped.")
    var promptTokenIds: String?

    @Option(help: "Most tokens to generate.")
    var maxTokens: Int = 64

    @Option(help: "Convert float weight matrices at load: 'q8_0' (smaller and faster, slightly less exact).")
    var quantize: String?

    @Flag(help: "Write one JSON object: text, tokens, boxes.")
    var json = false

    @Flag(help: "Write the generated token ids (space-separated) instead of text.")
    var tokenIds = false

    @Flag(help: "Write 'load_ms=A image_encode_ms=B prefill_ms=C decode_ms=D decode_tok_s=E call_cpu_ms=F prompt_tokens=G' to stderr (call_cpu_ms: CPU time of every thread from image encode to the last token).")
    var stats = false

    @Flag(help: "Generate exactly --max-tokens tokens, past <eos> (benchmarks).")
    var ignoreEos = false

    @Option(help: "PaliGemma's mask decoder checkpoint (vae-oid.npz, or the same tensors as .safetensors): decode <seg> codes into masks.")
    var vae: String?

    @Option(help: "Write the image with the decoded masks drawn over it to this PNG file (needs --vae).")
    var maskOut: String?

    @Option(help: "Write the logits each generated token was chosen from to this file, as raw little-endian float32 [tokens, vocabulary] (accuracy checks).")
    var logitsOut: String?

    func validate() throws {
        guard (prompt == nil) != (promptTokenIds == nil) else {
            throw ValidationError("give exactly one of --prompt and --prompt-token-ids")
        }
        guard maxTokens >= 0 else { throw ValidationError("--max-tokens must be at least 0, got \(maxTokens)") }
        if let promptTokenIds { _ = try Self.parseIDs(promptTokenIds) }
        if let quantize, quantize.lowercased() != "q8_0" { throw ValidationError("--quantize supports only q8_0, got '\(quantize)'") }
        if maskOut != nil, vae == nil { throw ValidationError("--mask-out draws decoded masks, which need --vae") }
    }

    /// User + system CPU time of the whole process: unlike wall time, it barely moves when other
    /// jobs share the cores, so benchmarks on a busy machine can still compare work done.
    static func processCPUSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
    }

    static func parseIDs(_ text: String) throws -> [Int] {
        let fields = text.split(whereSeparator: { $0 == " " || $0 == "," || $0 == "\n" || $0 == "\t" })
        guard !fields.isEmpty else { throw ValidationError("--prompt-token-ids is empty") }
        return try fields.map { field in
            guard let id = Int(field), id >= 0 else { throw ValidationError("--prompt-token-ids: '\(field)' is not a token id") }
            return id
        }
    }

    func run() throws {
        // A bad decoder checkpoint is reported before the minutes a large model takes to load.
        let maskDecoder = try vae.map { try PaliGemmaMaskDecoder(path: $0) }
        let start = DispatchTime.now()
        func milliseconds(since time: DispatchTime) -> Double { Double(DispatchTime.now().uptimeNanoseconds - time.uptimeNanoseconds) / 1e6 }
        let paliGemma = try PaliGemma.load(folder: model, quantization: quantize == nil ? nil : .q8_0)
        let loadMilliseconds = milliseconds(since: start)
        let picture = try ImageDecoder.decode(contentsOf: image)
        var tokens: [Int]
        if let promptTokenIds {
            tokens = try Self.parseIDs(promptTokenIds)
            if let imageToken = paliGemma.configuration.imageTokenID {
                tokens = Array(tokens.drop(while: { $0 == imageToken }))
            }
        } else {
            tokens = try paliGemma.promptTokens(prompt ?? "")
        }
        let callCPUStart = Self.processCPUSeconds()
        let encodeStart = DispatchTime.now()
        let features = try paliGemma.imageFeatures(image: picture)
        let encodeMilliseconds = milliseconds(since: encodeStart)
        // The first logits arrive when the prefill ends; each later one is a decoding step.
        let generationStart = DispatchTime.now()
        var firstLogits: DispatchTime?
        var logitsFile: FileHandle?
        if let logitsOut {
            guard FileManager.default.createFile(atPath: logitsOut, contents: nil), let handle = FileHandle(forWritingAtPath: logitsOut) else {
                throw ValidationError("--logits-out: cannot create '\(logitsOut)'")
            }
            logitsFile = handle
        }
        // Written after decoding, so the file writes do not count in the decode time.
        var stepLogits: [Tensor] = []
        let output = try paliGemma.generate(imageFeatures: features, promptTokens: tokens, maxNewTokens: maxTokens,
                                            stopAtEndOfSequence: !ignoreEos, stepLogits: { logits in
            if firstLogits == nil { firstLogits = DispatchTime.now() }
            if logitsFile != nil { stepLogits.append(logits) }
        })
        let decodeMilliseconds = firstLogits.map { milliseconds(since: $0) } ?? 0
        let callCPUMilliseconds = (Self.processCPUSeconds() - callCPUStart) * 1000
        if let logitsFile {
            for logits in stepLogits { logitsFile.write(logits.scalars.withUnsafeBufferPointer { Data(buffer: $0) }) }
            try logitsFile.close()
        }
        if stats, let firstLogits {
            let prefill = Double(firstLogits.uptimeNanoseconds - generationStart.uptimeNanoseconds) / 1e6
            let decodeRate = output.tokens.count > 1 ? Double(output.tokens.count - 1) / (decodeMilliseconds / 1000) : 0
            FileHandle.standardError.write(Data(String(format: "load_ms=%.1f image_encode_ms=%.1f prefill_ms=%.1f decode_ms=%.1f decode_tok_s=%.3f call_cpu_ms=%.1f prompt_tokens=%d\n",
                                                       loadMilliseconds, encodeMilliseconds, prefill, decodeMilliseconds, decodeRate,
                                                       callCPUMilliseconds, paliGemma.imageTokenCount + tokens.count).utf8))
        }
        let task = PaliGemmaTask(prompt: prompt ?? paliGemma.tokenizer.decode(tokens))
        let boxes = task.expectsBoxes || output.text.contains("<loc")
            ? LocationParser.parse(output.text, imageWidth: picture.width, imageHeight: picture.height) : []
        let hasCodes = boxes.contains { !$0.segmentationCodes.isEmpty }
        // Per box: its mask, or why it has none (a decoder-less run, or codes the decoder refuses).
        let masks: [Result<PaliGemmaMask, Error>?] = boxes.map { box in
            guard !box.segmentationCodes.isEmpty, let maskDecoder else { return nil }
            return Result { try maskDecoder.mask(for: box, imageWidth: picture.width, imageHeight: picture.height) }
        }
        if let maskOut {
            let drawn = try MaskOverlay.draw(masks.compactMap { try? $0?.get() }, on: picture)
            try drawn.writePNG(to: maskOut)
        }
        let maskNote = hasCodes && maskDecoder == nil ? PaliGemmaMaskDecoding.unavailableReason : nil
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            let report = Report(text: output.text, tokens: output.tokens, promptTokens: output.promptTokens,
                                boxes: zip(boxes, masks).map { BoxReport(detection: $0, mask: $1) },
                                maskNote: maskNote, maskImage: maskOut)
            print(String(decoding: try encoder.encode(report), as: UTF8.self))
            return
        }
        if tokenIds {
            print(output.tokens.map(String.init).joined(separator: " "))
        } else {
            print(output.text)
        }
        for (box, mask) in zip(boxes, masks) {
            let corners = [box.xMin, box.yMin, box.xMax, box.yMax].map { String(format: "%.1f", $0) }.joined(separator: " ")
            print("box \(corners) \(box.label)" + (box.segmentationCodes.isEmpty ? "" : " (\(box.segmentationCodes.count) <seg> codes)"))
            switch mask {
            case .success(let mask)?:
                let area = (mask.xMax - mask.xMin) * (mask.yMax - mask.yMin)
                let share = String(format: "%.1f", 100 * Double(mask.pixelCount) / Double(max(area, 1)))
                print(mask.isEmpty ? "  mask: empty (the box rounds to no pixels)"
                      : "  mask: \(mask.pixelCount) pixels, \(share)% of its box \(mask.xMin) \(mask.yMin) \(mask.xMax) \(mask.yMax)")
            case .failure(let error)?:
                print("  mask: not decoded: \(error)")
            case nil:
                break
            }
        }
        if let maskOut { print("masks drawn in \(maskOut)") }
        if let maskNote {
            FileHandle.standardError.write(Data("note: \(maskNote)\n".utf8))
        }
    }

    struct Report: Encodable {
        let text: String
        let tokens: [Int]
        let promptTokens: [Int]
        let boxes: [BoxReport]
        let maskNote: String?
        let maskImage: String?
    }

    /// A detection's own fields, plus "mask" or "maskError" when it has <seg> codes and a decoder.
    struct BoxReport: Encodable {
        let detection: PaliGemmaDetection
        let mask: Result<PaliGemmaMask, Error>?

        enum Keys: String, CodingKey {
            case mask, maskError
        }

        func encode(to encoder: Encoder) throws {
            try detection.encode(to: encoder)
            var container = encoder.container(keyedBy: Keys.self)
            switch mask {
            case .success(let mask)?:
                try container.encode(mask, forKey: .mask)
            case .failure(let error)?:
                try container.encode(String(describing: error), forKey: .maskError)
            case nil:
                break
            }
        }
    }
}
