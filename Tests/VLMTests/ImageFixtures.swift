import Foundation
import XCTest
@testable import VLM

/// The files written by scripts/fixtures/make_image_fixtures.py (Pillow 11.3.0) and their manifest.
struct ImageFixtures: Decodable {
    struct Decoded: Decodable {
        let file: String
        let format: String
        let width: Int
        let height: Int
        let reference: String
        let note: String
    }
    struct Resized: Decodable {
        let source: String
        let filter: String
        let width: Int
        let height: Int
        let reference: String
    }
    struct Refused: Decodable {
        let file: String
        let pillow: String
    }

    struct Transformers: Decodable {
        let version: String
        let load_image_equals_every_decode_reference: Bool
        let siglip_224_equals_table_of_pillow_bicubic: [String]
    }

    let pillow: String
    let transformers: Transformers
    let decode: [Decoded]
    let resize: [Resized]
    let errors: [Refused]
    let normalization_bits: [UInt32]

    static let directory: URL = Bundle.module.resourceURL!.appendingPathComponent("Fixtures/images")

    static func load() throws -> ImageFixtures {
        let data = try Data(contentsOf: directory.appendingPathComponent("manifest.json"))
        return try JSONDecoder().decode(ImageFixtures.self, from: data)
    }

    static func path(_ name: String) -> String {
        directory.appendingPathComponent(name).path
    }

    static func bytes(_ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: directory.appendingPathComponent(name)))
    }
}

/// Largest absolute difference of two equally sized byte arrays and how many bytes differ.
func pixelDifference(_ a: [UInt8], _ b: [UInt8]) -> (max: Int, differing: Int) {
    precondition(a.count == b.count)
    var largest = 0, differing = 0
    for (x, y) in zip(a, b) where x != y {
        largest = max(largest, abs(Int(x) - Int(y)))
        differing += 1
    }
    return (largest, differing)
}
