import Foundation
import XCTest
@testable import VLM

final class ImageDecoderTests: XCTestCase {
    /// libpng must give exactly Pillow's `exif_transpose(open(f)).convert("RGB")` bytes.
    func testPNGDecodingMatchesPillowExactly() throws {
        let fixtures = try ImageFixtures.load()
        let pngs = fixtures.decode.filter { $0.format == "png" }
        XCTAssertGreaterThanOrEqual(pngs.count, 30)
        for fixture in pngs {
            let image = try ImageDecoder.decode(contentsOf: ImageFixtures.path(fixture.file))
            XCTAssertEqual(image.width, fixture.width, fixture.file)
            XCTAssertEqual(image.height, fixture.height, fixture.file)
            let reference = try ImageFixtures.bytes(fixture.reference)
            XCTAssertEqual(image.pixels, reference, "\(fixture.file) (\(fixture.note)) differs from Pillow")
        }
    }

    /// The system libjpeg-turbo (Debian 2.1.5) against Pillow's bundled libjpeg-turbo (3.1.1). Both run
    /// the same integer IDCT and fancy upsampling; measured here: identical on every fixture. The
    /// tolerance is kept at 0 so that a library change shows up as a failing test, not a silent drift.
    func testJPEGDecodingMatchesPillow() throws {
        let fixtures = try ImageFixtures.load()
        let jpegs = fixtures.decode.filter { $0.format == "jpeg" }
        XCTAssertGreaterThanOrEqual(jpegs.count, 22)
        for fixture in jpegs {
            let image = try ImageDecoder.decode(contentsOf: ImageFixtures.path(fixture.file))
            XCTAssertEqual(image.width, fixture.width, fixture.file)
            XCTAssertEqual(image.height, fixture.height, fixture.file)
            let difference = pixelDifference(image.pixels, try ImageFixtures.bytes(fixture.reference))
            XCTAssertLessThanOrEqual(difference.max, ImageDecoderTests.jpegTolerance,
                                     "\(fixture.file) (\(fixture.note)): \(difference.differing) bytes differ")
        }
    }

    static let jpegTolerance = 0

    /// Every orientation must be the upright image turned as EXIF says; the JPEG data are the same
    /// in all eight files, so the comparison is exact and independent of libjpeg versions.
    func testEXIFOrientationTurnsTheStoredPixels() throws {
        let upright = try ImageDecoder.decode(contentsOf: ImageFixtures.path("jpeg_exif_orientation1_13x9.jpg"))
        XCTAssertEqual([upright.width, upright.height], [13, 9])
        for orientation in 2...8 {
            let image = try ImageDecoder.decode(contentsOf: ImageFixtures.path("jpeg_exif_orientation\(orientation)_13x9.jpg"))
            let swapped = orientation >= 5
            XCTAssertEqual([image.width, image.height], swapped ? [9, 13] : [13, 9], "orientation \(orientation)")
            for y in 0..<image.height {
                for x in 0..<image.width {
                    let (sx, sy) = ImageDecoderTests.storedPixel(ofUprightX: x, y: y, orientation: orientation, width: 13, height: 9)
                    XCTAssert(image.pixel(x: x, y: y) == upright.pixel(x: sx, y: sy),
                              "orientation \(orientation) pixel (\(x), \(y))")
                }
            }
        }
    }

    /// Hand-derived from the EXIF specification (row 0 / column 0 meanings), independent of the decoder's table.
    private static func storedPixel(ofUprightX x: Int, y: Int, orientation: Int, width w: Int, height h: Int) -> (Int, Int) {
        switch orientation {
        case 2: return (w - 1 - x, y)               // row 0 top, column 0 right
        case 3: return (w - 1 - x, h - 1 - y)       // row 0 bottom, column 0 right
        case 4: return (x, h - 1 - y)               // row 0 bottom, column 0 left
        case 5: return (y, x)                       // row 0 left, column 0 top
        case 6: return (y, h - 1 - x)               // row 0 right, column 0 top
        case 7: return (w - 1 - y, h - 1 - x)       // row 0 right, column 0 bottom
        default: return (w - 1 - y, x)              // 8: row 0 left, column 0 bottom
        }
    }

    /// Hand-built TIFF headers: both byte orders, the tag after another entry, and malformed blocks
    /// (which mean "upright", as in Pillow).
    func testEXIFOrientationTagIsReadInBothByteOrders() {
        func orientation(_ bytes: [UInt8]) -> ExifOrientation {
            bytes.withUnsafeBufferPointer { ExifOrientation(tiff: $0) }
        }
        // "MM", 42, IFD at 8; two entries: 0x010F (ASCII) then 0x0112 SHORT 1 = 6.
        let bigEndian: [UInt8] = [0x4D, 0x4D, 0, 42, 0, 0, 0, 8, 0, 2,
                                  0x01, 0x0F, 0, 2, 0, 0, 0, 4, 0x41, 0x42, 0x43, 0,
                                  0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, 6, 0, 0]
        XCTAssertEqual(orientation(bigEndian), .rotatedClockwise)
        // "II", 42, IFD at 8; one entry: 0x0112 SHORT 1 = 8.
        let littleEndian: [UInt8] = [0x49, 0x49, 42, 0, 8, 0, 0, 0, 1, 0,
                                     0x12, 0x01, 3, 0, 1, 0, 0, 0, 8, 0, 0, 0]
        XCTAssertEqual(orientation(littleEndian), .rotatedCounterClockwise)
        XCTAssertEqual(orientation(Array(littleEndian.prefix(15))), .upright, "truncated entry")
        var wrongType = littleEndian
        wrongType[12] = 4  // LONG instead of SHORT
        XCTAssertEqual(orientation(wrongType), .upright)
        var outOfRange = littleEndian
        outOfRange[18] = 9
        XCTAssertEqual(orientation(outOfRange), .upright)
        var farOffset = littleEndian
        farOffset[4] = 200
        XCTAssertEqual(orientation(farOffset), .upright)
        XCTAssertEqual(orientation([0x49, 0x49, 43, 0]), .upright)
    }

    func testCorruptTruncatedEmptyAndHugeFilesAreRefusedWithTheirName() throws {
        let fixtures = try ImageFixtures.load()
        XCTAssertEqual(fixtures.errors.count, 9)
        for refused in fixtures.errors {
            let path = ImageFixtures.path(refused.file)
            XCTAssertThrowsError(try ImageDecoder.decode(contentsOf: path), refused.file) { error in
                let message = String(describing: error)
                XCTAssert(message.contains(path), "error for \(refused.file) does not name the file: \(message)")
            }
        }
    }

    func testEachKindOfBadFileGetsItsOwnError() throws {
        func error(_ name: String) -> ImageError? {
            do {
                _ = try ImageDecoder.decode(contentsOf: ImageFixtures.path(name))
                return nil
            } catch {
                return error as? ImageError
            }
        }
        XCTAssertEqual(error("error_empty.png"), .empty(source: ImageFixtures.path("error_empty.png")))
        XCTAssertEqual(error("error_not_an_image.png"), .unsupportedFormat(source: ImageFixtures.path("error_not_an_image.png")))
        XCTAssertEqual(error("error_huge_100000x100000.png"),
                       .tooLarge(source: ImageFixtures.path("error_huge_100000x100000.png"), width: 100000, height: 100000,
                                 limit: ImageDecoder.defaultMaxPixels))
        XCTAssertEqual(error("error_huge_65000x65000.jpg"),
                       .tooLarge(source: ImageFixtures.path("error_huge_65000x65000.jpg"), width: 65000, height: 65000,
                                 limit: ImageDecoder.defaultMaxPixels))
        for name in ["error_truncated.png", "error_bad_idat_crc.png", "error_truncated.jpg",
                     "error_truncated_progressive.jpg", "error_header_only.jpg"] {
            guard case .corrupt(let source, let reason)? = error(name) else {
                XCTFail("\(name) should be reported as corrupt, got \(String(describing: error(name)))")
                continue
            }
            XCTAssertEqual(source, ImageFixtures.path(name))
            XCTAssertFalse(reason.isEmpty, name)
        }
        // Missing files, devices that never end and folders: refused before reading, naming the path.
        let reasons = ["/nonexistent/loupe/picture.png": "no such file", "/dev/zero": "not a regular file",
                       ImageFixtures.directory.path: "a directory"]
        for (path, reason) in reasons.sorted(by: { $0.key < $1.key }) {
            XCTAssertThrowsError(try ImageDecoder.decode(contentsOf: path), path) { error in
                guard case .unreadable(let named, let why)? = error as? ImageError else {
                    return XCTFail("\(path): expected .unreadable, got \(error)")
                }
                XCTAssertEqual(named, path)
                XCTAssert(why.contains(reason), "\(path): \(why)")
            }
        }
    }

    func testPixelLimitIsConfigurable() throws {
        let path = ImageFixtures.path("png_rgb8_40x30.png")
        XCTAssertThrowsError(try ImageDecoder.decode(contentsOf: path, maxPixels: 40 * 30 - 1))
        XCTAssertNoThrow(try ImageDecoder.decode(contentsOf: path, maxPixels: 40 * 30))
    }

    /// Every prefix of a valid file must be refused cleanly (never trap, never return an image).
    func testEveryTruncationOfAFileIsAnError() throws {
        for name in ["png_rgb8_interlaced_13x9.png", "jpeg_progressive_13x9.jpg", "jpeg_baseline420_13x9.jpg"] {
            let bytes = try ImageFixtures.bytes(name)
            // Dropping only the last bytes of a JPEG (part of the end marker) is accepted, as Pillow does.
            let keepsImageData = name.hasSuffix(".jpg") ? bytes.count - 2 : bytes.count - 12
            for length in 0..<keepsImageData {
                XCTAssertThrowsError(try ImageDecoder.decode(bytes: Array(bytes[0..<length]), source: "\(name)[0..<\(length)]"),
                                     "\(name) cut at \(length)")
            }
        }
    }

    /// Headers claiming no pixels, or more than any image should have, written by the test: refused
    /// with the source named, before any pixel buffer is sized from them.
    func testZeroSizedAndAbsurdHeadersAreRefused() throws {
        let valid = try PNGEncoder.encode(width: 2, height: 2, channels: 3, pixels: Array(repeating: 128, count: 12))
        // IHDR: length (8..<12), "IHDR" (12..<16), width (16..<20), height (20..<24), ..., CRC of 12..<29 at 29..<33.
        func png(width: UInt32, height: UInt32) -> [UInt8] {
            var bytes = valid
            bytes.replaceSubrange(16..<20, with: withUnsafeBytes(of: width.bigEndian, Array.init))
            bytes.replaceSubrange(20..<24, with: withUnsafeBytes(of: height.bigEndian, Array.init))
            bytes.replaceSubrange(29..<33, with: withUnsafeBytes(of: crc32(bytes[12..<29]).bigEndian, Array.init))
            return bytes
        }
        XCTAssertNoThrow(try ImageDecoder.decode(bytes: png(width: 2, height: 2), source: "resealed.png"), "the CRC is right")
        for (width, height) in [(0, 0), (0, 2), (2, 0)] {
            let source = "zero-\(width)x\(height).png"
            XCTAssertThrowsError(try ImageDecoder.decode(bytes: png(width: UInt32(width), height: UInt32(height)), source: source)) { error in
                guard case .corrupt(let named, let reason)? = error as? ImageError else { return XCTFail("\(source): \(error)") }
                XCTAssertEqual(named, source)
                XCTAssertFalse(reason.isEmpty)
            }
        }
        // Absurd sizes up to PNG's largest legal one, 2^31 - 1 a side, refused from the header alone.
        for side in [100_000, 1 << 20, Int(Int32.max)] {
            let source = "huge-\(side).png"
            XCTAssertThrowsError(try ImageDecoder.decode(bytes: png(width: UInt32(side), height: UInt32(side)), source: source)) { error in
                XCTAssertTrue("\(error)".contains(source), "\(error)")
            }
        }

        // JPEG: the frame header (SOF0, FF C0) holds height then width after its length and precision.
        let jpeg = try ImageFixtures.bytes("jpeg_baseline420_13x9.jpg")
        let frame = try XCTUnwrap((0..<jpeg.count - 1).first { jpeg[$0] == 0xFF && jpeg[$0 + 1] == 0xC0 })
        for (label, offset) in [("height", frame + 5), ("width", frame + 7)] {
            var zero = jpeg
            zero.replaceSubrange(offset..<offset + 2, with: [0, 0])
            let source = "zero-\(label).jpg"
            XCTAssertThrowsError(try ImageDecoder.decode(bytes: zero, source: source)) { error in
                guard case .corrupt(let named, _)? = error as? ImageError else { return XCTFail("\(source): \(error)") }
                XCTAssertEqual(named, source)
            }
        }

        // Sizes whose byte count overflows: an error, not an arithmetic trap.
        XCTAssertThrowsError(try RGBImage(width: 1 << 40, height: 1 << 40, pixels: []))
        XCTAssertThrowsError(try RGBImage(width: 1 << 40, height: 1 << 40, filledWith: (0, 0, 0)))
        XCTAssertThrowsError(try RGBImage(width: 0, height: 5, pixels: []))
    }

    private func crc32<C: Collection>(_ bytes: C) -> UInt32 where C.Element == UInt8 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return ~crc
    }
}
