import Foundation
import XCTest
@testable import VLM

final class PNGEncoderTests: XCTestCase {
    func testRGBRoundTripsThroughLibpng() throws {
        let source = try ImageDecoder.decode(contentsOf: ImageFixtures.path("resize_source_157x93.png"))
        let encoded = try source.pngData()
        XCTAssertEqual(Array(encoded.prefix(8)), [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        XCTAssertEqual(try ImageDecoder.decode(bytes: encoded, source: "encoded"), source)
        XCTAssertEqual(try source.pngData(), encoded, "encoding is deterministic")
    }

    func testRGBAIsWrittenWithAlphaAndReadBackWithoutIt() throws {
        var rgba = [UInt8]()
        for index in 0..<(5 * 3) { rgba += [UInt8(index * 10), UInt8(255 - index), 7, UInt8(index * 17)] }
        let encoded = try PNGEncoder.encode(width: 5, height: 3, channels: 4, pixels: rgba)
        // IHDR: width, height, bit depth 8, color type 6 (RGBA).
        XCTAssertEqual(Array(encoded[16..<26]), [0, 0, 0, 5, 0, 0, 0, 3, 8, 6])
        let decoded = try ImageDecoder.decode(bytes: encoded, source: "rgba")
        var rgb = [UInt8]()
        for index in 0..<(5 * 3) { rgb += rgba[(index * 4)..<(index * 4 + 3)] }
        XCTAssertEqual(decoded.pixels, rgb)
    }

    func testWritesNoTimeOrTextChunks() throws {
        let encoded = try RGBImage(width: 3, height: 2, filledWith: (1, 2, 3)).pngData()
        var chunks = [String]()
        var offset = 8
        while offset + 8 <= encoded.count {
            let length = encoded[offset..<(offset + 4)].reduce(0) { $0 << 8 | Int($1) }
            chunks.append(String(decoding: encoded[(offset + 4)..<(offset + 8)], as: UTF8.self))
            offset += 12 + length
        }
        XCTAssertEqual(chunks, ["IHDR", "IDAT", "IEND"])
    }

    func testBadInputIsAnError() {
        XCTAssertThrowsError(try PNGEncoder.encode(width: 2, height: 2, channels: 3, pixels: [1, 2, 3]))
        XCTAssertThrowsError(try PNGEncoder.encode(width: 1, height: 1, channels: 2, pixels: [1, 2]))
        XCTAssertThrowsError(try PNGEncoder.encode(width: 0, height: 1, channels: 3, pixels: []))
        XCTAssertThrowsError(try PNGEncoder.write(width: 1, height: 1, channels: 3, pixels: [1, 2, 3],
                                                  to: "/nonexistent/dir/out.png")) { error in
            XCTAssert(String(describing: error).contains("/nonexistent/dir/out.png"))
        }
    }
}
