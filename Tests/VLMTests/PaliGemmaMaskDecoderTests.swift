import Foundation
import XCTest
@testable import VLM

/// The mask decoder against scripts/fixtures/make_paligemma_vae.py: a random decoder with
/// vae-oid's tensor names (reduced widths) and logits computed by jax.lax following big_vision's
/// code (checked there against torch), masks placed with Pillow.
final class PaliGemmaMaskDecoderTests: XCTestCase {
    struct Reference: Decodable {
        struct Placement: Decodable {
            let codes: Int
            let image_width: Int
            let image_height: Int
            let bins: [Int]
            let box: [Int]
            let note: String
            let placed: String?
            let pixels: Int
            let rle: [Int]
        }
        let code_sequences: [[Int]]
        let placements: [Placement]
        let codebook: Int
    }

    static let directory = Bundle.module.resourceURL!.appendingPathComponent("Fixtures/paligemma_vae")
    static func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    private func reference() throws -> (Reference, SafetensorsFile) {
        let data = try Data(contentsOf: Self.directory.appendingPathComponent("reference.json"))
        return (try JSONDecoder().decode(Reference.self, from: data), try SafetensorsFile(path: Self.path("reference.safetensors")))
    }

    func testLogitsMatchTheReferenceFromEveryCheckpointFormat() throws {
        let (reference, tensors) = try reference()
        for file in ["vae-tiny.npz", "vae-tiny-compressed.npz", "vae-tiny.safetensors"] {
            let decoder = try PaliGemmaMaskDecoder(path: Self.path(file))
            XCTAssertEqual(decoder.codebookSize, reference.codebook)
            for (index, codes) in reference.code_sequences.enumerated() {
                let expected = try tensors.weight("logits_\(index)").dequantized().scalars
                let actual = try decoder.logits(codes: codes)
                XCTAssertEqual(actual.count, 64 * 64)
                let gap = zip(actual, expected).map { abs($0 - $1) }.max() ?? .infinity
                XCTAssertLessThan(gap, 1e-4, "\(file), codes \(index)")
            }
        }
    }

    /// Boxes from `<loc>` text through LocationParser, masks resized into them: the resized values
    /// within 1e-4 of Pillow's and the whole-image RLE equal to the reference's.
    func testPlacedMasksMatchTheReference() throws {
        let (reference, tensors) = try reference()
        let decoder = try PaliGemmaMaskDecoder(path: Self.path("vae-tiny.npz"))
        for placement in reference.placements {
            let codes = reference.code_sequences[placement.codes]
            let text = placement.bins.map { String(format: "<loc%04d>", $0) }.joined()
                + codes.map { String(format: "<seg%03d>", $0) }.joined() + " cat"
            let detections = LocationParser.parse(text, imageWidth: placement.image_width, imageHeight: placement.image_height)
            XCTAssertEqual(detections.count, 1, placement.note)
            let mask = try decoder.mask(for: detections[0], imageWidth: placement.image_width, imageHeight: placement.image_height)
            XCTAssertEqual([mask.xMin, mask.yMin, mask.xMax, mask.yMax], placement.box, placement.note)
            if let name = placement.placed {
                let expected = try tensors.weight(name).dequantized().scalars
                XCTAssertEqual(mask.values.count, expected.count, placement.note)
                let gap = zip(mask.values, expected).map { abs($0 - $1) }.max() ?? .infinity
                XCTAssertLessThan(gap, 1e-4, placement.note)
            } else {
                XCTAssertTrue(mask.isEmpty, placement.note)
            }
            XCTAssertEqual(mask.pixelCount, placement.pixels, placement.note)
            XCTAssertEqual(mask.runLengths, placement.rle, placement.note)
            XCTAssertEqual(mask.runLengths.reduce(0, +), placement.image_width * placement.image_height)
        }
    }

    /// By hand: logits all positive fill the box; a 4 x 3 image with the box x 1..<3, y 0..<2
    /// walks columns: 3 out | 2 in, 1 out | 2 in, 1 out + 3 out.
    func testRunLengthsAndRoundingByHand() throws {
        let inside = [Float](repeating: 0.5, count: 64 * 64)
        func detection(_ x0: Double, _ y0: Double, _ x1: Double, _ y1: Double) -> PaliGemmaDetection {
            PaliGemmaDetection(xMin: x0, yMin: y0, xMax: x1, yMax: y1, label: "", locationBins: [], segmentationCodes: [])
        }
        let mask = try PaliGemmaMask(logits: inside, detection: detection(1, 0, 3, 2), imageWidth: 4, imageHeight: 3)
        XCTAssertEqual(mask.runLengths, [3, 2, 1, 2, 4])
        XCTAssertEqual(mask.pixelCount, 4)
        XCTAssertTrue(mask.contains(x: 2, y: 1))
        XCTAssertFalse(mask.contains(x: 3, y: 1))
        // The first pixel inside: the runs start with an empty "outside" run.
        let corner = try PaliGemmaMask(logits: inside, detection: detection(0, 0, 1, 1), imageWidth: 2, imageHeight: 2)
        XCTAssertEqual(corner.runLengths, [0, 1, 3])
        // Half to even, as Python's round: 2.5 -> 2, 3.5 -> 4; beyond the image -> its edge.
        let ties = try PaliGemmaMask(logits: inside, detection: detection(2.5, 0.5, 3.5, 9), imageWidth: 8, imageHeight: 6)
        XCTAssertEqual([ties.xMin, ties.yMin, ties.xMax, ties.yMax], [2, 0, 4, 6])
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        XCTAssertEqual(String(decoding: try encoder.encode(mask), as: UTF8.self),
                       #"{"box":[1,0,3,2],"counts":[3,2,1,2,4],"pixels":4,"size":[3,4]}"#)
        let outside = [Float](repeating: -0.5, count: 64 * 64)
        XCTAssertEqual(try PaliGemmaMask(logits: outside, detection: detection(0, 0, 4, 3), imageWidth: 4, imageHeight: 3).runLengths, [12])
    }

    func testOverlayBlendsMaskPixelsAndOutlinesTheBox() throws {
        let image = try RGBImage(width: 6, height: 5, filledWith: (100, 100, 100))
        var logits = [Float](repeating: 1, count: 64 * 64)
        for y in 0..<64 { for x in 32..<64 { logits[y * 64 + x] = -1 } }   // right half outside
        let detection = PaliGemmaDetection(xMin: 0, yMin: 0, xMax: 6, yMax: 5, label: "", locationBins: [], segmentationCodes: [])
        let mask = try PaliGemmaMask(logits: logits, detection: detection, imageWidth: 6, imageHeight: 5)
        XCTAssertTrue(mask.contains(x: 1, y: 2))
        XCTAssertFalse(mask.contains(x: 4, y: 2))
        let drawn = try MaskOverlay.draw([mask], on: image)
        let color = MaskOverlay.palette[0]
        XCTAssertTrue(drawn.pixel(x: 0, y: 2) == (color.0, color.1, color.2))         // box edge
        func blend(_ channel: UInt8) -> UInt8 { UInt8((100 + Int(channel)) / 2) }
        XCTAssertTrue(drawn.pixel(x: 1, y: 2) == (blend(color.0), blend(color.1), blend(color.2)))
        XCTAssertTrue(drawn.pixel(x: 4, y: 2) == (100, 100, 100))                     // outside the mask
        let other = try RGBImage(width: 5, height: 5, filledWith: (0, 0, 0))
        XCTAssertThrowsError(try MaskOverlay.draw([mask], on: other))
    }

    // MARK: bad input

    private func assertError(_ expression: @autoclosure () throws -> Any, mentions parts: [String],
                             file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertThrowsError(try expression(), file: file, line: line) { error in
            let text = String(describing: error)
            for part in parts { XCTAssertTrue(text.contains(part), "'\(text)' does not mention '\(part)'", file: file, line: line) }
        }
    }

    func testMissingTensorAndWrongShapeAreNamed() {
        assertError(try PaliGemmaMaskDecoder(path: Self.path("vae-missing.npz")), mentions: ["vae-missing.npz", "decoder.0.weight", "not in the checkpoint"])
        assertError(try PaliGemmaMaskDecoder(path: Self.path("vae-wrong-shape.npz")), mentions: ["vae-wrong-shape.npz", "decoder.0.weight", "[16, 33, 1, 1]"])
        assertError(try PaliGemmaMaskDecoder(path: "/nonexistent/vae.npz"), mentions: ["/nonexistent/vae.npz", "cannot open"])
    }

    func testCodesOutOfRangeOrMiscountedAreRefused() throws {
        let decoder = try PaliGemmaMaskDecoder(path: Self.path("vae-tiny.npz"))
        assertError(try decoder.logits(codes: [Int](repeating: 0, count: 15) + [128]), mentions: ["vae-tiny.npz", "code 128", "position 15", "128 entries"])
        assertError(try decoder.logits(codes: [-1] + [Int](repeating: 0, count: 15)), mentions: ["code -1"])
        assertError(try decoder.logits(codes: [1, 2, 3]), mentions: ["16 <seg> codes, got 3"])
    }

    private func writeTemporary(_ bytes: [UInt8], name: String) throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("loupe-vae-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent(name)
        try Data(bytes).write(to: url)
        return url.path
    }

    func testDamagedArchivesAreReported() throws {
        let stored = [UInt8](try Data(contentsOf: Self.directory.appendingPathComponent("vae-tiny.npz")))
        let deflated = [UInt8](try Data(contentsOf: Self.directory.appendingPathComponent("vae-tiny-compressed.npz")))

        // Not a zip at all, under an .npz name.
        assertError(try PaliGemmaMaskDecoder(path: writeTemporary(Array("hello, not a zip".utf8), name: "junk.npz")), mentions: ["junk.npz", "not a zip"])
        // Cut short: the end record (and the central directory) are gone.
        assertError(try PaliGemmaMaskDecoder(path: writeTemporary(Array(stored.prefix(stored.count / 2)), name: "cut.npz")),
                    mentions: ["cut.npz", "end-of-central-directory"])

        // One byte of the embedding's data changed: its CRC-32 no longer matches.
        let zip = try ZipArchive(path: Self.path("vae-tiny.npz"))
        let embedding = try XCTUnwrap(zip.entry(named: "_vq_vae._embedding.npy"))
        var flipped = stored
        flipped[embedding.localHeaderOffset + 200] ^= 0x40
        assertError(try PaliGemmaMaskDecoder(path: writeTemporary(flipped, name: "flipped.npz")),
                    mentions: ["flipped.npz", "_vq_vae._embedding.npy", "CRC-32"])

        // Deflate data damaged: zlib's complaint, or the CRC, names the entry.
        let packed = try ZipArchive(path: Self.path("vae-tiny-compressed.npz"))
        let packedEmbedding = try XCTUnwrap(packed.entry(named: "_vq_vae._embedding.npy"))
        var garbled = deflated
        for offset in 100..<140 { garbled[packedEmbedding.localHeaderOffset + offset] ^= 0xA5 }
        assertError(try PaliGemmaMaskDecoder(path: writeTemporary(garbled, name: "garbled.npz")), mentions: ["garbled.npz", "_vq_vae._embedding.npy"])

        // Every truncation of a small archive fails cleanly (no trap).
        let small = [UInt8](try Data(contentsOf: Self.directory.appendingPathComponent("vae-missing.npz")))
        for length in stride(from: 0, to: small.count, by: 97) {
            let path = try writeTemporary(Array(small.prefix(length)), name: "t\(length).npz")
            XCTAssertThrowsError(try PaliGemmaMaskDecoder(path: path), "length \(length)")
        }
    }

    func testSafetensorsWithWrongNamesIsRefused() throws {
        assertError(try PaliGemmaMaskDecoder(path: PaliGemmaFixtures.path("pg1/model.safetensors")), mentions: ["model.safetensors", "_vq_vae._embedding"])
    }

    // MARK: .npy arrays

    private func npy(_ header: String, data: [UInt8], version: UInt8 = 1) -> [UInt8] {
        var text = Array(header.utf8)
        let prefix = version == 1 ? 10 : 12
        while (prefix + text.count + 1) % 64 != 0 { text.append(0x20) }
        text.append(0x0A)
        var bytes: [UInt8] = [0x93] + Array("NUMPY".utf8) + [version, 0]
        let length = text.count
        bytes += version == 1 ? [UInt8(length & 0xFF), UInt8(length >> 8)] : [UInt8(length & 0xFF), UInt8(length >> 8), 0, 0]
        return bytes + text + data
    }

    private func littleEndian<T: FixedWidthInteger>(_ values: [T]) -> [UInt8] {
        values.flatMap { value in withUnsafeBytes(of: value.littleEndian) { Array($0) } }
    }

    func testNumpyArraysOfEachFloatTypeAndOrder() throws {
        let floats: [Float] = [1, -2, 0.5, 3, 4.25, -6]
        let f4 = try NumpyArray(npy: npy("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }", data: littleEndian(floats.map(\.bitPattern))), file: "f", name: "a")
        XCTAssertEqual(f4.shape, [2, 3])
        XCTAssertEqual(f4.values, floats)
        let f8 = try NumpyArray(npy: npy("{'descr': '<f8', 'fortran_order': False, 'shape': (6,), }", data: littleEndian(floats.map { Double($0).bitPattern }), version: 2), file: "f", name: "a")
        XCTAssertEqual(f8.values, floats)
        let f2 = try NumpyArray(npy: npy("{'descr': '<f2', 'fortran_order': False, 'shape': (6,), }", data: littleEndian(floats.map { Float16($0).bitPattern })), file: "f", name: "a")
        XCTAssertEqual(f2.values, floats)
        let big = try NumpyArray(npy: npy("{'descr': '>f4', 'fortran_order': False, 'shape': (6,), }", data: floats.flatMap { value in withUnsafeBytes(of: value.bitPattern.bigEndian) { Array($0) } }), file: "f", name: "a")
        XCTAssertEqual(big.values, floats)
        // Column-major [2, 3]: memory holds a00 a10 a01 a11 a02 a12.
        let fortran = try NumpyArray(npy: npy("{'descr': '<f4', 'fortran_order': True, 'shape': (2, 3), }", data: littleEndian([1, 3, -2, 4.25, 0.5, -6].map { Float($0).bitPattern })), file: "f", name: "a")
        XCTAssertEqual(fortran.values, floats)
        let scalar = try NumpyArray(npy: npy("{'shape': (), 'fortran_order': False, 'descr': '<f4'}", data: littleEndian([Float(7).bitPattern])), file: "f", name: "a")
        XCTAssertEqual(scalar.shape, [])
        XCTAssertEqual(scalar.values, [7])
    }

    func testMalformedNumpyArraysAreNamed() {
        let data = littleEndian([UInt32](repeating: 0, count: 6))
        assertError(try NumpyArray(npy: npy("{'descr': '<i4', 'fortran_order': False, 'shape': (6,), }", data: data), file: "w.npz", name: "k"),
                    mentions: ["w.npz", "'k'", "dtype '<i4'"])
        assertError(try NumpyArray(npy: npy("{'descr': '<f4', 'fortran_order': False, 'shape': (7,), }", data: data), file: "w.npz", name: "k"),
                    mentions: ["shape [7]", "28 bytes", "24 follow"])
        assertError(try NumpyArray(npy: npy("{'descr': '<f4', 'shape': (6,), }", data: data), file: "w.npz", name: "k"), mentions: ["fortran_order"])
        assertError(try NumpyArray(npy: npy("{'descr': '<f4', 'fortran_order': False, 'shape': (-6,), }", data: data), file: "w.npz", name: "k"), mentions: ["shape"])
        assertError(try NumpyArray(npy: npy("not a dict", data: data), file: "w.npz", name: "k"), mentions: ["dict"])
        assertError(try NumpyArray(npy: Array("NUMPY".utf8), file: "w.npz", name: "k"), mentions: ["magic"])
        let header = npy("{'descr': '<f4', 'fortran_order': False, 'shape': (6,), }", data: data)
        for length in 0..<header.count - data.count {
            XCTAssertThrowsError(try NumpyArray(npy: Array(header.prefix(length)), file: "w.npz", name: "k"), "length \(length)")
        }
    }
}
