import Foundation
import XCTest
@testable import VLM

final class PaliGemmaTaskTests: XCTestCase {
    func testPromptFormats() {
        XCTAssertEqual(PaliGemmaTask.caption(language: "en").prompt, "caption en")
        XCTAssertEqual(PaliGemmaTask.answer(question: "what is\nthis?", language: "fr").prompt, "answer fr what is this?")
        XCTAssertEqual(PaliGemmaTask.detect(objects: ["red circle", " blue square "]).prompt, "detect red circle ; blue square")
        XCTAssertEqual(PaliGemmaTask.segment(object: "cat").prompt, "segment cat")
        XCTAssertEqual(PaliGemmaTask.ocr.prompt, "ocr")
        XCTAssertEqual(PaliGemmaTask(prompt: "detect cat ; dog"), .detect(objects: ["cat", "dog"]))
        XCTAssertEqual(PaliGemmaTask(prompt: "segment the cat"), .segment(object: "the cat"))
        XCTAssertEqual(PaliGemmaTask(prompt: "what is this?"), .raw("what is this?"))
        XCTAssertTrue(PaliGemmaTask(prompt: "detect cat").expectsBoxes)
        XCTAssertFalse(PaliGemmaTask.ocr.expectsBoxes)
    }

    /// Boxes by hand: a 640 x 480 image; bins / 1024 * side.
    func testSeveralObjectsToPixelBoxes() {
        let text = "<loc0256><loc0128><loc0768><loc0896> cat ; <loc0000><loc0000><loc1023><loc1023> big dog ; <loc0512><loc0512><loc0100><loc0100> odd"
        let boxes = LocationParser.parse(text, imageWidth: 640, imageHeight: 480)
        XCTAssertEqual(boxes.count, 3)
        XCTAssertEqual(boxes[0].label, "cat")
        XCTAssertEqual([boxes[0].xMin, boxes[0].yMin, boxes[0].xMax, boxes[0].yMax], [80, 120, 560, 360])
        XCTAssertEqual(boxes[0].locationBins, [256, 128, 768, 896])
        XCTAssertEqual(boxes[1].label, "big dog")
        XCTAssertEqual([boxes[1].xMin, boxes[1].yMin, boxes[1].xMax, boxes[1].yMax], [0, 0, 1023.0 / 1024 * 640, 1023.0 / 1024 * 480])
        // Reversed corners are put in order.
        XCTAssertEqual([boxes[2].xMin, boxes[2].yMin, boxes[2].xMax, boxes[2].yMax], [62.5, 46.875, 320, 240])
    }

    func testSegmentationCodesAreKept() {
        let codes = (0..<16).map { String(format: "<seg%03d>", $0 * 8) }.joined()
        let boxes = LocationParser.parse("<loc0100><loc0200><loc0300><loc0400>\(codes) cat", imageWidth: 1024, imageHeight: 1024)
        XCTAssertEqual(boxes.count, 1)
        XCTAssertEqual(boxes[0].segmentationCodes, (0..<16).map { $0 * 8 })
        XCTAssertEqual(boxes[0].label, "cat")
        XCTAssertEqual([boxes[0].xMin, boxes[0].yMin, boxes[0].xMax, boxes[0].yMax], [200, 100, 400, 300])
        XCTAssertTrue(PaliGemmaMaskDecoding.unavailableReason.contains("VQ-VAE"))
    }

    func testIncompleteOrMalformedGroupsAreSkipped() {
        XCTAssertEqual(LocationParser.parse("a cat", imageWidth: 10, imageHeight: 10), [])
        XCTAssertEqual(LocationParser.parse("<loc0001><loc0002><loc0003> cat", imageWidth: 10, imageHeight: 10), [])
        XCTAssertEqual(LocationParser.parse("<loc0001><loc0002><loc0003><loc12> cat", imageWidth: 10, imageHeight: 10), [])
        XCTAssertEqual(LocationParser.parse("<loc0001><loc0002><loc0003><loc٠٠١٢> cat", imageWidth: 10, imageHeight: 10), [])
        XCTAssertEqual(LocationParser.parse("", imageWidth: 10, imageHeight: 10), [])
        XCTAssertEqual(LocationParser.parse("; ; <loc0001><loc0002><loc0003><loc0004>", imageWidth: 1024, imageHeight: 1024).map(\.label), [""])
    }

    func testImageEmbeddingCacheKeys() throws {
        let cache = ImageEmbeddingCache(capacity: 2)
        let red = try RGBImage(width: 4, height: 3, filledWith: (255, 0, 0))
        let blue = try RGBImage(width: 4, height: 3, filledWith: (0, 0, 255))
        let a = ImageEmbeddingCache.Key(modelID: "m1", image: ImageContentKey(image: red))
        XCTAssertNil(cache.features(for: a))
        cache.store(Tensor(zeros: [1, 2]), for: a)
        XCTAssertNotNil(cache.features(for: ImageEmbeddingCache.Key(modelID: "m1", image: ImageContentKey(image: red))))
        XCTAssertNil(cache.features(for: .init(modelID: "m2", image: ImageContentKey(image: red))))
        XCTAssertNil(cache.features(for: .init(modelID: "m1", image: ImageContentKey(image: blue))))
        XCTAssertNil(cache.features(for: .init(modelID: "m1", image: ImageContentKey(image: red, crop: [0, 0, 2, 2]))))
        XCTAssertNotEqual(ImageContentKey(image: red).contentHash, ImageContentKey(image: try RGBImage(width: 3, height: 4, filledWith: (255, 0, 0))).contentHash)
        // Least recently used goes first.
        let b = ImageEmbeddingCache.Key(modelID: "m1", image: ImageContentKey(image: blue))
        let c = ImageEmbeddingCache.Key(modelID: "m2", image: ImageContentKey(image: blue))
        cache.store(Tensor(zeros: [1, 2]), for: b)
        _ = cache.features(for: a)
        cache.store(Tensor(zeros: [1, 2]), for: c)
        XCTAssertEqual(cache.count, 2)
        XCTAssertNotNil(cache.features(for: a))
        XCTAssertNil(cache.features(for: b))
    }

    func testModelUsesTheEmbeddingCache() throws {
        let model = try PaliGemma.load(folder: PaliGemmaFixtures.path("pg1"))
        let image = try ImageDecoder.decode(contentsOf: PaliGemmaFixtures.path("image.png"))
        let cache = ImageEmbeddingCache()
        let first = try model.generate(image: image, prompt: "caption en", maxNewTokens: 3, cache: cache)
        let second = try model.generate(image: image, prompt: "caption en", maxNewTokens: 3, cache: cache)
        XCTAssertEqual(first, second)
        XCTAssertEqual(cache.hits, 1)
        XCTAssertEqual(cache.misses, 1)
    }

    /// A SentencePiece ModelProto written by hand: pieces, scores, types, special ids.
    func testSentencePieceModelFile() throws {
        func varint(_ value: Int) -> [UInt8] {
            var v = UInt64(value), out: [UInt8] = []
            repeat {
                out.append(UInt8(v & 0x7F) | (v > 0x7F ? 0x80 : 0))
                v >>= 7
            } while v > 0
            return out
        }
        func field(_ number: Int, bytes: [UInt8]) -> [UInt8] { varint(number << 3 | 2) + varint(bytes.count) + bytes }
        func piece(_ text: String, _ score: Float, _ type: Int) -> [UInt8] {
            let scoreBytes = withUnsafeBytes(of: score.bitPattern.littleEndian) { Array($0) }
            return field(1, bytes: field(1, bytes: Array(text.utf8)) + [0x15] + scoreBytes + varint(3 << 3) + varint(type))
        }
        var model: [UInt8] = []
        for (text, score, type) in [("<pad>", Float(0), 3), ("<eos>", 0, 3), ("<bos>", 0, 3), ("<unk>", 0, 2),
                                    ("a", -1, 1), ("b", -2, 1), ("ab", -0.5, 1), ("▁", -3, 1), ("<loc0001>", 0, 4)] {
            model += piece(text, score, type)
        }
        model += field(2, bytes: varint(40 << 3) + varint(3) + varint(41 << 3) + varint(2) + varint(42 << 3) + varint(1))
        model += field(3, bytes: varint(3 << 3) + varint(0))
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("loupe-\(UUID().uuidString).model")
        defer { try? FileManager.default.removeItem(at: url) }
        try Data(model).write(to: url)
        let tokenizer = try SentencePieceTokenizer(sentencePieceModel: url.path)
        XCTAssertEqual(tokenizer.vocabularySize, 9)
        XCTAssertEqual(tokenizer.bosID, 2)
        XCTAssertEqual(tokenizer.eosID, 1)
        XCTAssertEqual(tokenizer.unknownID, 3)
        XCTAssertFalse(tokenizer.addSpacePrefix)
        XCTAssertEqual(tokenizer.encode("ab<loc0001>a b", addSpecial: false), [6, 8, 4, 7, 5])
        try Data(model.prefix(model.count - 3)).write(to: url)
        XCTAssertThrowsError(try SentencePieceTokenizer(sentencePieceModel: url.path))
    }
}
