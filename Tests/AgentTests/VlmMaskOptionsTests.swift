import Foundation
import XCTest

/// `loupe vlm --vae/--mask-out` as a user meets them. The tiny test PaliGemma writes no <seg>
/// codes, so decoding itself is tested in VLMTests (PaliGemmaMaskDecoderTests); here: the
/// decoder checkpoint is checked before the model loads, option errors, and the mask image.
final class VlmMaskOptionsTests: XCTestCase {
    private let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("VLMTests/Fixtures")

    func testABadDecoderCheckpointIsNamedBeforeTheModelLoads() throws {
        let vae = fixtures.appendingPathComponent("paligemma_vae/vae-missing.npz").path
        let run = try LoupeProcess.run(["vlm", "--model", "/nonexistent/model", "--image", "/nonexistent/image.png",
                                        "--prompt", "segment cat", "--vae", vae], deadline: 120)
        XCTAssertNotEqual(run.status, 0)
        XCTAssertTrue(run.stderr.contains("vae-missing.npz: tensor 'decoder.0.weight': not in the checkpoint"), run.stderr)
    }

    func testMaskOutNeedsADecoder() throws {
        let run = try LoupeProcess.run(["vlm", "--model", "m", "--image", "i.png", "--prompt", "segment cat", "--mask-out", "o.png"], deadline: 120)
        XCTAssertEqual(run.status, 64)
        XCTAssertTrue(run.stderr.contains("--mask-out draws decoded masks, which need --vae"), run.stderr)
    }

    func testMaskImageIsWrittenAtTheImageSize() throws {
        let folder = try TestSupport.temporaryDirectory("vlm-mask")
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("masks.png")
        let run = try LoupeProcess.run(["vlm", "--model", fixtures.appendingPathComponent("paligemma/pg1").path,
                                        "--image", fixtures.appendingPathComponent("paligemma/image.png").path,
                                        "--prompt", "segment cat", "--max-tokens", "4", "--json",
                                        "--vae", fixtures.appendingPathComponent("paligemma_vae/vae-tiny-compressed.npz").path,
                                        "--mask-out", out.path], deadline: 300)
        XCTAssertEqual(run.status, 0, run.stderr)
        let report = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        XCTAssertEqual(report["maskImage"] as? String, out.path)
        XCTAssertNil(report["maskNote"])
        // PNG signature, then IHDR's width and height (big-endian): the 40 x 30 input.
        let png = [UInt8](try Data(contentsOf: out))
        XCTAssertEqual(Array(png.prefix(8)), [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        func bigEndian(_ at: Int) -> Int { png[at..<at + 4].reduce(0) { $0 << 8 | Int($1) } }
        XCTAssertEqual([bigEndian(16), bigEndian(20)], [40, 30])
    }
}
