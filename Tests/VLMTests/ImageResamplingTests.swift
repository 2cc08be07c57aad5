import Foundation
import XCTest
@testable import VLM

final class ImageResamplingTests: XCTestCase {
    /// Pillow's `Image.resize(size, BICUBIC | BILINEAR)`: upscale to the model size, downscale
    /// (antialiased), and non-uniform scales (up in one axis, down or unchanged in the other).
    /// Measured: identical bytes in every case; the tolerance stays 0.
    func testResizeMatchesPillow() throws {
        let fixtures = try ImageFixtures.load()
        XCTAssertEqual(fixtures.resize.count, 12)
        for fixture in fixtures.resize {
            let source = try ImageDecoder.decode(contentsOf: ImageFixtures.path(fixture.source))
            let filter: ResamplingFilter = fixture.filter == "bicubic" ? .bicubic : .bilinear
            let resized = try source.resized(width: fixture.width, height: fixture.height, filter: filter)
            let reference = try ImageDecoder.decode(contentsOf: ImageFixtures.path(fixture.reference))
            XCTAssertEqual([resized.width, resized.height], [reference.width, reference.height], fixture.reference)
            let difference = pixelDifference(resized.pixels, reference.pixels)
            XCTAssertEqual(difference.max, 0, "\(fixture.reference): \(difference.differing) bytes differ")
        }
    }

    func testResizeToTheSameSizeIsACopy() throws {
        let source = try ImageDecoder.decode(contentsOf: ImageFixtures.path("resize_source_40x30.png"))
        XCTAssertEqual(try source.resized(width: 40, height: 30), source)
    }

    /// A flat image stays flat under both filters (weights are normalized), also far up and down.
    func testFlatImageStaysFlat() throws {
        let flat = try RGBImage(width: 7, height: 5, filledWith: (200, 10, 77))
        for (width, height) in [(224, 224), (3, 2), (1, 1), (7, 19)] {
            for filter in [ResamplingFilter.bicubic, .bilinear] {
                let resized = try flat.resized(width: width, height: height, filter: filter)
                XCTAssertEqual(resized, try RGBImage(width: width, height: height, filledWith: (200, 10, 77)))
            }
        }
    }

    func testBadResizeTargetsAreErrors() throws {
        let image = try RGBImage(width: 2, height: 2, filledWith: (0, 0, 0))
        XCTAssertThrowsError(try image.resized(width: 0, height: 4))
        XCTAssertThrowsError(try image.resized(width: 4, height: -1))
        XCTAssertThrowsError(try image.resized(width: 100_000, height: 100_000))
    }

    /// transformers' SigLIP processor: float64 rescale by 1/255, float32 cast, (x - 0.5) / 0.5 in float32.
    func testNormalizationMatchesTransformersBitForBit() throws {
        let fixtures = try ImageFixtures.load()
        let values = (0...255).map { UInt8($0) }
        let image = try RGBImage(width: 256, height: 1, pixels: values.flatMap { [$0, $0, $0] })
        let planar = image.normalizedPlanar()
        XCTAssertEqual(planar.count, 3 * 256)
        for channel in 0..<3 {
            XCTAssertEqual(planar[(channel * 256)..<((channel + 1) * 256)].map(\.bitPattern), fixtures.normalization_bits)
        }
        XCTAssertEqual(planar.first, -1)
        XCTAssertEqual(planar[255], 1)
    }

    /// The fixture script checked that transformers' SiglipImageProcessor (PaliGemma, 224, bicubic)
    /// equals the normalization table applied to Pillow's bicubic resize; Loupe must give those values.
    func testPaliGemmaPreprocessingMatchesTransformers() throws {
        let fixtures = try ImageFixtures.load()
        XCTAssert(fixtures.transformers.siglip_224_equals_table_of_pillow_bicubic.contains("resize_source_40x30.png"))
        XCTAssert(fixtures.transformers.load_image_equals_every_decode_reference)
        let values = try VisionPreprocessor.paliGemma().pixelValues(contentsOf: ImageFixtures.path("resize_source_40x30.png"))
        XCTAssertEqual(values.count, 3 * 224 * 224)
        let resized = try ImageDecoder.decode(contentsOf: ImageFixtures.path("resized_bicubic_40x30_to_224x224.png"))
        var mismatches = 0
        for channel in 0..<3 {
            for index in 0..<(224 * 224) {
                let expected = fixtures.normalization_bits[Int(resized.pixels[index * 3 + channel])]
                if values[channel * 224 * 224 + index].bitPattern != expected { mismatches += 1 }
            }
        }
        XCTAssertEqual(mismatches, 0)
        XCTAssertThrowsError(try VisionPreprocessor.paliGemma().pixelValues(contentsOf: ImageFixtures.path("error_truncated.png")))
    }

    /// `[3, H, W]`: plane-major; the interleaved variant is `[H, W, 3]`.
    func testNormalizationLayouts() throws {
        let image = try RGBImage(width: 2, height: 1, pixels: [0, 255, 51, 255, 0, 102])
        let r0: Float = -1, g0: Float = 1, b0 = (Float(51.0 / 255.0) - 0.5) / 0.5
        let r1: Float = 1, g1: Float = -1, b1 = (Float(102.0 / 255.0) - 0.5) / 0.5
        XCTAssertEqual(image.normalizedPlanar(), [r0, r1, g0, g1, b0, b1])
        XCTAssertEqual(image.normalizedInterleaved(), [r0, g0, b0, r1, g1, b1])
    }

    func testCropTakesTheRectangleAndClipsToTheImage() throws {
        // 4x3 image whose red channel is x + 10 * y.
        var pixels = [UInt8]()
        for y in 0..<3 { for x in 0..<4 { pixels += [UInt8(x + 10 * y), 0, 0] } }
        let image = try RGBImage(width: 4, height: 3, pixels: pixels)
        let crop = try image.cropped(xMin: 1, yMin: 1, xMax: 3, yMax: 3)
        XCTAssertEqual([crop.width, crop.height], [2, 2])
        XCTAssertEqual(stride(from: 0, to: crop.pixels.count, by: 3).map { crop.pixels[$0] }, [11, 12, 21, 22])
        let clipped = try image.cropped(xMin: -5, yMin: 2, xMax: 2, yMax: 50)
        XCTAssertEqual([clipped.width, clipped.height], [2, 1])
        XCTAssertEqual(stride(from: 0, to: clipped.pixels.count, by: 3).map { clipped.pixels[$0] }, [20, 21])
        XCTAssertThrowsError(try image.cropped(xMin: 4, yMin: 0, xMax: 9, yMax: 3))
        XCTAssertThrowsError(try image.cropped(xMin: 2, yMin: 2, xMax: 2, yMax: 3))
    }
}
