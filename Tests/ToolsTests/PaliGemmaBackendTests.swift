import Foundation
import Interpreter
@testable import Tools
import VLM
import XCTest

/// The `paligemma:DIR` backend on the committed tiny random checkpoints, against transformers'
/// greedy output for the same requests (scripts/fixtures/make_paligemma_backend_reference.py).
/// The models write garbage, but `<loc>` groups appear in it, so boxes, scores and non-maximum
/// suppression are checked on real model output; the boxes below are computed by hand.
final class PaliGemmaBackendTests: XCTestCase {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../VLMTests/Fixtures/paligemma").standardized
    static let image = fixtures.appendingPathComponent("image.png").path   // 40 x 30
    static let pg2 = fixtures.appendingPathComponent("pg2").path

    struct Request: Decodable {
        var model: String
        var crop: [Int]?
        var prompt: String
        var prompt_ids: [Int]
        var tokens: [Int]
        var probabilities: [Double]
        var location_mass: [Double]
        var text: String
    }

    static func reference() throws -> [Request] {
        struct File: Decodable { var requests: [Request] }
        let data = try Data(contentsOf: fixtures.appendingPathComponent("backend_reference.json"))
        return try JSONDecoder().decode(File.self, from: data).requests
    }

    static func reference(_ model: String, _ prompt: String, crop: [Int]?) throws -> Request {
        guard let found = try reference().first(where: { $0.model == model && $0.prompt == prompt && $0.crop == crop }) else {
            throw XCTSkip("no reference for \(model) '\(prompt)' \(String(describing: crop))")
        }
        return found
    }

    // ImagePatch(image).crop(4, 2, 36, 26) on the 40 x 30 image: x 4..36, y 30-26..30-2 = 4..28.
    static let crop = [4, 4, 36, 28]

    /// `detect dog` on the whole image writes <loc0861><loc0850><loc0009><loc0915> (y0 x0 y1 x1):
    /// x 850/1024*40 = 33.2 -> 33, 915/1024*40 = 35.7 -> 36; y 9/1024*30 = 0.26 -> 0, 861/1024*30 = 25.2 -> 26.
    static let dog = "[33, 0, 36, 26]"
    /// `detect red square` on the 32 x 24 crop writes two objects. The first, <loc0861><loc0850>
    /// <loc0009><loc0262>, has x0 > x1 (ordered): x 262/1024*32 = 8.19 -> 8, 850/1024*32 = 26.6 -> 27;
    /// y 9/1024*24 = 0.21 -> 0, 861/1024*24 = 20.2 -> 21; + the crop's (4, 4).
    static let square1 = "[12, 4, 31, 25]"
    /// The second, after ';': <loc0936><loc0722><loc0346><loc0402>: x 402/1024*32 = 12.6 -> 12,
    /// 722/1024*32 = 22.6 -> 23; y 346/1024*24 = 8.1 -> 8, 936/1024*24 = 21.9 -> 22; + (4, 4).
    /// IoU with the first: 11*13 / (19*21 + 11*14 - 143) = 143/410 = 0.349.
    static let square2 = "[16, 12, 27, 26]"

    func testExecSendsTheReferencePromptsAndGetsTheReferenceTokensAndBoxes() throws {
        let folder = try ToolsTestSupport.temporaryDirectory("pali-exec")
        defer { try? FileManager.default.removeItem(at: folder) }
        let program = folder.appendingPathComponent("program.py").path
        try """
            def execute_command(image):
                image_patch = ImagePatch(image)
                crop = image_patch.crop(4, 2, 36, 26)
                print(crop.simple_query("what is this?"))
                print(crop.verify_property("red square", "blue"))
                print(crop.caption())
                return image_patch.find("dog") + crop.find("red square")
            """.write(toFile: program, atomically: true, encoding: .utf8)
        let log = folder.appendingPathComponent("log.jsonl").path
        let result = try ToolsTestSupport.runLoupe(["exec", program, "--image", Self.image, "--vision", "paligemma:" + Self.pg2,
                                                    "--no-cache", "--detect-threshold", "0.1", "--vision-log", log])
        XCTAssertEqual(result.status, 0, result.stderr)

        let exchanges = try String(contentsOfFile: log, encoding: .utf8).split(separator: "\n").map {
            try JSONDecoder().decode(PaliGemmaExchange.self, from: Data($0.utf8))
        }
        let expected: [(String, [Int]?)] = [("answer en what is this?", Self.crop), ("answer en Is the red square blue?", Self.crop),
                                             ("caption en", Self.crop), ("detect dog", nil), ("detect red square", Self.crop)]
        XCTAssertEqual(exchanges.map(\.prompt), expected.map(\.0))
        for (exchange, (prompt, crop)) in zip(exchanges, expected) {
            let reference = try Self.reference("pg2", prompt, crop: crop)
            XCTAssertEqual(exchange.promptTokens, reference.prompt_ids, prompt)
            XCTAssertEqual(exchange.tokens, reference.tokens, prompt)
            Self.assertSameText(exchange.text, reference.text, prompt)
            XCTAssertEqual(exchange.crop?.json, (crop ?? [0, 0, 40, 30]).description, prompt)
            XCTAssertEqual(exchange.probabilities.count, reference.probabilities.count, prompt)
            for (mine, theirs) in zip(exchange.probabilities + exchange.locationMass, reference.probabilities + reference.location_mass) {
                XCTAssertEqual(mine, theirs, accuracy: 1e-4, prompt)
            }
        }
        // The answers printed are the engine's text without surrounding whitespace; "Is the red
        // square blue?" was not answered yes.
        let (answer, caption) = (Self.trimmed(exchanges[0].text), Self.trimmed(exchanges[2].text))
        XCTAssertEqual(result.stdout, "\(answer)\nFalse\n\(caption)\n[\(Self.dog), \(Self.square2), \(Self.square1)]\n")

        // Scores: dog 0.682, square1 0.632, square2 0.725; square1 overlaps square2 by IoU 0.349.
        func boxes(_ options: [String]) throws -> String? {
            let run = try ToolsTestSupport.runLoupe(["exec", program, "--image", Self.image, "--vision", "paligemma:" + Self.pg2, "--no-cache"] + options)
            XCTAssertEqual(run.status, 0, run.stderr)
            return run.stdout.split(separator: "\n").last.map(String.init)
        }
        XCTAssertEqual(try boxes(["--detect-threshold", "0.7"]), "[\(Self.square2)]")
        XCTAssertEqual(try boxes(["--detect-threshold", "0.65"]), "[\(Self.dog), \(Self.square2)]")
        XCTAssertEqual(try boxes(["--detect-threshold", "0.1", "--nms-iou", "0.3"]), "[\(Self.dog), \(Self.square2)]")
    }

    func testExecOnPaliGemma1() throws {
        let folder = try ToolsTestSupport.temporaryDirectory("pali-exec1")
        defer { try? FileManager.default.removeItem(at: folder) }
        let program = folder.appendingPathComponent("program.py").path
        try "def execute_command(image):\n    print(ImagePatch(image).simple_query('what is this?'))\n    return ImagePatch(image).caption()\n"
            .write(toFile: program, atomically: true, encoding: .utf8)
        let log = folder.appendingPathComponent("log.jsonl").path
        let result = try ToolsTestSupport.runLoupe(["exec", program, "--image", Self.image, "--no-cache", "--vision-log", log,
                                                    "--vision", "paligemma:" + Self.fixtures.appendingPathComponent("pg1").path])
        XCTAssertEqual(result.status, 0, result.stderr)
        let exchanges = try String(contentsOfFile: log, encoding: .utf8).split(separator: "\n").map {
            try JSONDecoder().decode(PaliGemmaExchange.self, from: Data($0.utf8))
        }
        XCTAssertEqual(exchanges.map(\.prompt), ["answer en what is this?", "caption en"])
        for exchange in exchanges {
            let reference = try Self.reference("pg1", exchange.prompt, crop: nil)
            XCTAssertEqual(exchange.promptTokens, reference.prompt_ids)
            XCTAssertEqual(exchange.tokens, reference.tokens)
        }
        // transformers' caption is "\n<loc0592>...": printed without its leading newline.
        let caption = try Self.reference("pg1", "caption en", crop: nil).text
        XCTAssertTrue(caption.hasPrefix("\n<loc0592>"))
        XCTAssertEqual(result.stdout, Self.trimmed(exchanges[0].text) + "\n" + caption.dropFirst() + "\n")
    }

    static func trimmed(_ text: String) -> String { text.trimmingCharacters(in: .whitespacesAndNewlines) }

    /// transformers' ByteFallback decoder turns every byte of a run of byte tokens that holds an
    /// invalid UTF-8 sequence into U+FFFD; Loupe (as Swift's String) replaces only the invalid
    /// bytes. So texts are compared where the reference has no replacement character; elsewhere
    /// the tokens, compared for every request, are the reference.
    static func assertSameText(_ mine: String, _ reference: String, _ what: String, file: StaticString = #filePath, line: UInt = #line) {
        guard !reference.contains("\u{FFFD}") else { return }
        XCTAssertEqual(mine, reference, what, file: file, line: line)
    }

    func testScoresThresholdAndNonMaximumSuppressionOnTheModelsBoxes() throws {
        let backend = try PaliGemmaBackend(folder: Self.pg2)
        let source = SourceImage(path: Self.image)
        let whole = PerceptionInput(image: source, region: BoundingBox(xMin: 0, yMin: 0, xMax: 40, yMax: 30))
        let crop = PerceptionInput(image: source, region: BoundingBox(xMin: 4, yMin: 4, xMax: 36, yMax: 28))

        // Raw detections: a box's score is the <loc> tokens' total probability at its first token.
        let dog = try backend.detect(whole, phrase: "dog")
        let dogReference = try Self.reference("pg2", "detect dog", crop: nil)
        XCTAssertEqual(dog.map(\.box.json), [Self.dog])
        XCTAssertEqual(dog[0].score, dogReference.location_mass[0], accuracy: 1e-4)
        let squares = try backend.detect(crop, phrase: "red square")
        let squareReference = try Self.reference("pg2", "detect red square", crop: Self.crop)
        XCTAssertEqual(squares.map(\.box.json), [Self.square1, Self.square2])
        XCTAssertEqual(squares[0].score, squareReference.location_mass[0], accuracy: 1e-4)
        XCTAssertEqual(squares[1].score, squareReference.location_mass[19], accuracy: 1e-4)   // token 18 is ';'

        // Scores 0.632 (square1) and 0.725 (square2), IoU 0.349: the tunable post-processing.
        func kept(_ parameters: DetectionParameters) throws -> [String] {
            try Perception(backend: backend, detection: parameters).detect(crop, phrase: "red square").map(\.box.json)
        }
        XCTAssertEqual(try kept(DetectionParameters(scoreThreshold: 0.1, nmsIoUThreshold: 0.5)), [Self.square2, Self.square1])
        XCTAssertEqual(try kept(DetectionParameters(scoreThreshold: 0.1, nmsIoUThreshold: 0.3)), [Self.square2])
        XCTAssertEqual(try kept(DetectionParameters(scoreThreshold: 0.7, nmsIoUThreshold: 0.5)), [Self.square2])
        XCTAssertEqual(try kept(DetectionParameters(scoreThreshold: 0.8, nmsIoUThreshold: 0.5)), [])
    }

    func testSeveralQuestionsOnOnePatchEncodeItOnce() throws {
        let backend = try PaliGemmaBackend(folder: Self.pg2)
        var encoded: [Bool] = []
        backend.transcript = { encoded.append($0.encodedImage) }
        let toolkit = VisionToolkit(perception: Perception(backend: backend))
        let interpreter = Interpreter(registry: toolkit.registry())
        // A crop no other test asks about: the engine (and its embedding cache) is shared in the process.
        XCTAssertNil(interpreter.run(source: """
            def execute_command(image):
                patch = ImagePatch(image).crop(1, 1, 39, 29)
                return [patch.caption(), patch.simple_query("what is this?"), patch.exists("cat"), ImagePatch(image).caption()]
            """).error)
        let result = interpreter.call("execute_command", [toolkit.value(try ImageView(source: SourceImage(path: Self.image)))])
        XCTAssertNil(result.error, result.error?.description ?? "")
        XCTAssertEqual(encoded.count, 4)
        XCTAssertEqual(Array(encoded.prefix(3)), [true, false, false])
    }

    func testPersistentCacheIsKeyedWithTheModel() throws {
        let folder = try ToolsTestSupport.temporaryDirectory("pali-cache")
        defer { try? FileManager.default.removeItem(at: folder) }
        let cache = try PerceptionCache(path: folder.appendingPathComponent("cache.sqlite").path)
        let input = PerceptionInput(image: SourceImage(path: Self.image), region: BoundingBox(xMin: 0, yMin: 0, xMax: 40, yMax: 30))
        let stored = try PaliGemmaBackend(folder: Self.pg2)
        let respelled = try PaliGemmaBackend(folder: Self.pg2 + "/")   // another spelling shares the loaded engine
        XCTAssertTrue(respelled.engine === stored.engine)
        let quantized = try BackendSpec.make("paligemma:" + Self.pg2 + "#int8") as! PaliGemmaBackend
        XCTAssertNotEqual(quantized.modelIdentifier, stored.modelIdentifier)

        let first = Perception(backend: stored, cache: cache)
        let caption = try first.caption(input)
        XCTAssertEqual(first.backendCalls, 1)
        let again = Perception(backend: try PaliGemmaBackend(folder: Self.pg2), cache: cache)
        XCTAssertEqual(try again.caption(input), caption)
        XCTAssertEqual(again.backendCalls, 0, "same model, same crop, same request: served by the cache")
        let other = Perception(backend: quantized, cache: cache)
        _ = try other.caption(input)
        XCTAssertEqual(other.backendCalls, 1, "the Q8_0 model is another model")
    }

    func testBestTextMatchIsAskedAsAQuestion() throws {
        let backend = try PaliGemmaBackend(folder: Self.pg2)
        XCTAssertEqual(backend.capabilities, [.detect, .answer, .caption])
        var exchanges: [PaliGemmaExchange] = []
        backend.transcript = { exchanges.append($0) }
        let toolkit = VisionToolkit(perception: Perception(backend: backend))
        let api = toolkit.registry().renderAPIText()
        XCTAssertTrue(api.contains("Served by asking \"Which of these is it"), api)
        XCTAssertTrue(api.contains("def find(self, object_name: str)") && api.contains("def caption(self)"), api)
        XCTAssertFalse(api.contains("def best_image_match("), "no text scoring, so best_image_match is not offered")
        let interpreter = Interpreter(registry: toolkit.registry())
        XCTAssertNil(interpreter.run(source: """
            def execute_command(image):
                crop = ImagePatch(image).crop(4, 2, 36, 26)
                return crop.best_text_match(["cat", "dog", "red square"])
            """).error)
        let result = interpreter.call("execute_command", [toolkit.value(try ImageView(source: SourceImage(path: Self.image)))])
        let prompt = "answer en Which of these is it: cat, dog or red square?"
        XCTAssertEqual(exchanges.map(\.prompt), [prompt])
        XCTAssertEqual(exchanges.first?.tokens, try Self.reference("pg2", prompt, crop: Self.crop).tokens)
        // The tiny model's answer names no option: a clear error with what it said, not a guess.
        XCTAssertEqual(result.error?.typeName, "RuntimeError")
        XCTAssertTrue(result.error?.message.contains("answered \((exchanges.first?.text ?? "").debugDescription)") ?? false,
                      result.error?.description ?? "")
    }

    func testReplyParsingOnConstructedTokens() {
        func pieces(_ texts: [String]) -> [[UInt8]] { texts.map { Array($0.utf8) } }
        let region = BoundingBox(xMin: 100, yMin: 50, xMax: 300, yMax: 150)   // 200 x 100
        // loc 256/1024 of 100 px = 25, 512/1024 of 200 px = 100, 768 -> 75, 1023/1024*200 = 199.8 -> 200.
        let found = PaliGemmaBackend.detections(
            pieces: pieces(["<loc0256>", "<loc0512>", "<loc0768>", "<loc1023>", " red", " circle", " ;", " ", "<loc0000>", "<loc0000>",
                            "<loc0100>", "<loc0100>", " ;", "<", "loc0001><loc0002><loc0003><loc0004>", " spelled", ";", "plain text"]),
            locationMass: [0.9, 1, 1, 1, 0.5, 0.5, 0.5, 0.4, 0.6, 1, 1, 1, 0.2, 0.3, 0.3, 0.3, 0.3, 0.3],
            region: region, phrase: "thing")
        XCTAssertEqual(found, [
            Detection(box: BoundingBox(xMin: 200, yMin: 75, xMax: 300, yMax: 125), score: 0.9, label: "red circle"),
            // 100/1024*200 = 19.5 -> 20, 100/1024*100 = 9.8 -> 10; no label: the phrase.
            Detection(box: BoundingBox(xMin: 100, yMin: 50, xMax: 120, yMax: 60), score: 0.6, label: "thing"),
        ], "a group spelled in characters and text without boxes are no objects")
        // Equal bins on a pixel edge keep no pixel.
        XCTAssertEqual(PaliGemmaBackend.detections(pieces: pieces(["<loc0512>", "<loc0512>", "<loc0512>", "<loc0512>"]),
                                                   locationMass: [1, 1, 1, 1], region: region, phrase: "x"), [])
    }

    func testAnsweredChoiceMatching() {
        let options = ["cat", "dog", "red square", "square"]
        XCTAssertEqual(AnsweredChoice.question(["cat", "dog", "red square"]), "Which of these is it: cat, dog or red square?")
        XCTAssertEqual(AnsweredChoice.match("Dog.", options: options), "dog")
        XCTAssertEqual(AnsweredChoice.match("a red square", options: options), "red square")
        XCTAssertEqual(AnsweredChoice.match("red", options: options), "red square")
        XCTAssertNil(AnsweredChoice.match("a cat and a dog", options: options))
        XCTAssertNil(AnsweredChoice.match("<loc0012> bird", options: options))
    }

    func testBadSpecsAndFolders() {
        XCTAssertThrowsError(try BackendSpec.make("paligemma:/nonexistent/pg")) { error in
            XCTAssertTrue("\(error)".contains("paligemma:/nonexistent/pg: cannot load the model: /nonexistent/pg: no such model folder"), "\(error)")
        }
        XCTAssertThrowsError(try BackendSpec.make("paligemma:" + Self.pg2 + "#fp16")) { error in
            XCTAssertTrue("\(error)".contains("unknown option '#fp16'; the only one is #int8"), "\(error)")
        }
        XCTAssertThrowsError(try BackendSpec.make("paligemma:")) { error in
            XCTAssertTrue("\(error)".contains("needs a checkpoint folder"), "\(error)")
        }
        // A folder that is not a checkpoint: the tokenizer's folder has no config.json.
        XCTAssertThrowsError(try BackendSpec.make("paligemma:" + Self.fixtures.appendingPathComponent("tokenizer").path)) { error in
            XCTAssertTrue("\(error)".contains("config.json: cannot read the model configuration"), "\(error)")
        }
    }
}
