import Foundation
import XCTest
@testable import VLM

/// safetensors and Hugging Face folders: files written by the reference `safetensors` package
/// (scripts/fixtures/make_safetensors_samples.py) read back value for value, and every kind of
/// corrupt header turned into a `ModelFileError` naming the file and tensor.
final class SafetensorsTests: XCTestCase {
    private static let fixtures = QuantFixtures.directory.deletingLastPathComponent().appendingPathComponent("safetensors")

    private struct Expected: Decodable {
        let dtype: String
        let shape: [Int]
        let values: [Double]
    }

    private func expected() throws -> [String: Expected] {
        try JSONDecoder().decode([String: Expected].self, from: Data(contentsOf: Self.fixtures.appendingPathComponent("expected.json")))
    }

    private func checkFolder(_ name: String) throws {
        let folder = try HFModelFolder(path: Self.fixtures.appendingPathComponent(name).path)
        XCTAssertEqual(try folder.configInt("hidden_size"), 8)
        XCTAssertEqual(try folder.configInt("text_config.vocab_size"), 6)
        XCTAssertEqual(folder.configValue("model_type"), .string("gemma"))
        let reference = try expected()
        XCTAssertEqual(folder.weights.tensorNames, reference.keys.sorted())
        for (tensorName, tensor) in reference {
            let info = try XCTUnwrap(folder.weights.tensorInfo(named: tensorName))
            XCTAssertEqual(info.dtype.rawValue, tensor.dtype)
            XCTAssertEqual(info.shape, tensor.shape)
            if tensor.dtype == "I64" {
                XCTAssertThrowsError(try folder.weights.weight(tensorName)) { error in
                    XCTAssertEqual((error as? ModelFileError)?.kind, .unsupportedDType)
                    XCTAssertEqual((error as? ModelFileError)?.tensor, tensorName)
                }
                continue
            }
            let weight = try folder.weights.weight(tensorName)
            XCTAssertEqual(weight.shape, tensor.shape)
            XCTAssertEqual(try weight.dequantized().scalars.map(Double.init), tensor.values, "\(tensorName)")
        }
    }

    func testSingleFileFolderMatchesTheSafetensorsPackage() throws { try checkFolder("single") }
    func testShardedFolderMatchesTheSafetensorsPackage() throws { try checkFolder("sharded") }

    func testMetadataIsRead() throws {
        let file = try SafetensorsFile(path: Self.fixtures.appendingPathComponent("single/model.safetensors").path)
        XCTAssertEqual(file.metadata, ["format": "np"])
        XCTAssertEqual(file.tensors.map(\.dataRange.lowerBound), file.tensors.map(\.dataRange.lowerBound).sorted())
    }

    func testBF16WeightsMatchGGUFPythonValues() throws {
        // The bf16 blocks of the quant fixtures, wrapped in a safetensors header.
        let raw = try QuantFixtures.bytes("bf16.blocks")
        let values = try QuantFixtures.floats("bf16.f32")
        let file = try parse(build(["w": ("BF16", [2, raw.count / 4], 0, raw.count)], data: raw))
        XCTAssertEqual(try file.weight("w").dequantized().scalars, values)
    }

    // MARK: Corrupt files

    private func build(_ entries: [String: (String, [Int], Int, Int)], data: [UInt8], extra: String = "") -> [UInt8] {
        let members = entries.sorted { $0.key < $1.key }.map { name, entry in
            "\"\(name)\":{\"dtype\":\"\(entry.0)\",\"shape\":\(entry.1),\"data_offsets\":[\(entry.2),\(entry.3)]}"
        }
        return header("{" + (members + (extra.isEmpty ? [] : [extra])).joined(separator: ",") + "}") + data
    }

    private func header(_ json: String) -> [UInt8] {
        withUnsafeBytes(of: UInt64(json.utf8.count).littleEndian, Array.init) + Array(json.utf8)
    }

    private func parse(_ bytes: [UInt8]) throws -> SafetensorsFile {
        try bytes.withUnsafeBytes { try SafetensorsFile(bytes: $0, path: "bad.safetensors") }
    }

    private func assertError(_ bytes: [UInt8], _ kind: ModelFileError.Kind, tensor: String? = nil, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertThrowsError(try parse(bytes), file: file, line: line) { error in
            guard let error = error as? ModelFileError else { return XCTFail("\(error)", file: file, line: line) }
            XCTAssertEqual(error.kind, kind, "\(error)", file: file, line: line)
            XCTAssertTrue(error.description.hasPrefix("bad.safetensors: "), error.description, file: file, line: line)
            if let tensor { XCTAssertEqual(error.tensor, tensor, "\(error)", file: file, line: line) }
        }
    }

    private let sixteen = [UInt8](repeating: 0, count: 16)

    func testValidHandBuiltFile() throws {
        let file = try parse(build(["a": ("F32", [2, 2], 0, 16)], data: sixteen))
        XCTAssertEqual(file.tensorInfo(named: "a")?.shape, [2, 2])
    }

    func testTruncatedAndAbsurdHeaders() {
        assertError([1, 2, 3], .truncated)
        assertError(withUnsafeBytes(of: UInt64(1000).littleEndian, Array.init) + [UInt8](repeating: 0x20, count: 10), .truncated)
        assertError(withUnsafeBytes(of: UInt64.max.littleEndian, Array.init), .absurdCount)
        for length in 0..<(build(["a": ("F32", [2, 2], 0, 16)], data: sixteen).count) {
            XCTAssertThrowsError(try parse(Array(build(["a": ("F32", [2, 2], 0, 16)], data: sixteen)[..<length])), "length \(length)")
        }
    }

    func testBadJSON() {
        assertError(header("{\"a\": {"), .badHeader)
        assertError(header("[1, 2]"), .badHeader)
        assertError(header("{\"a\": 3}"), .badHeader, tensor: "a")
        assertError(header("{\"a\": {\"dtype\": \"F32\", \"shape\": [2.5], \"data_offsets\": [0, 0]}}"), .badHeader, tensor: "a")
        assertError(header("{\"a\": {\"dtype\": \"F32\", \"shape\": [-1], \"data_offsets\": [0, 0]}}"), .badHeader, tensor: "a")
        assertError(header("{\"a\": {\"dtype\": \"F32\", \"shape\": [1], \"data_offsets\": [0]}}"), .badHeader, tensor: "a")
        assertError(header("{\"__metadata__\": {\"x\": 1}}"), .badHeader)
        assertError(header(String(repeating: "[", count: 100_000)), .badHeader)
    }

    func testUnknownDType() {
        assertError(build(["a": ("Q4", [4], 0, 16)], data: sixteen), .unsupportedDType, tensor: "a")
    }

    func testShapeAndByteCountDisagree() {
        assertError(build(["a": ("F32", [3], 0, 16)], data: sixteen), .shapeMismatch, tensor: "a")
        assertError(build(["a": ("F32", [1 << 40, 1 << 40], 0, 16)], data: sixteen), .absurdCount, tensor: "a")
    }

    func testOffsetsOutOfRange() {
        assertError(build(["a": ("F32", [8], 0, 32)], data: sixteen), .dataOutOfRange, tensor: "a")
        assertError(build(["a": ("F32", [2], 12, 8)], data: sixteen), .dataOutOfRange, tensor: "a")
        assertError(build(["a": ("F32", [2], -8, 0)], data: sixteen), .dataOutOfRange, tensor: "a")
        assertError(build(["a": ("F32", [2], 0, 8)], data: sixteen, extra: "\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,1e300]}"),
                    .badHeader, tensor: "b")
    }

    func testOverlappingTensors() {
        assertError(build(["a": ("F32", [3], 0, 12), "b": ("F32", [2], 8, 16)], data: sixteen), .overlappingData, tensor: "b")
    }

    func testShardedFolderErrors() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("loupe-shards-\(getpid())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let index = folder.appendingPathComponent("model.safetensors.index.json")

        try Data("{\"weight_map\": {\"a\": \"../escape.safetensors\"}}".utf8).write(to: index)
        XCTAssertThrowsError(try SafetensorsCollection(directory: folder.path)) { error in
            XCTAssertEqual((error as? ModelFileError)?.kind, .badHeader)
            XCTAssertEqual((error as? ModelFileError)?.tensor, "a")
        }
        try Data("{\"weight_map\": {\"a\": \"missing.safetensors\"}}".utf8).write(to: index)
        XCTAssertThrowsError(try SafetensorsCollection(directory: folder.path)) { error in
            XCTAssertEqual((error as? ModelFileError)?.kind, .cannotOpen)
            XCTAssertTrue("\(error)".contains("missing.safetensors"))
        }
        try Data(build(["a": ("F32", [2, 2], 0, 16)], data: sixteen)).write(to: folder.appendingPathComponent("s1.safetensors"))
        try Data("{\"weight_map\": {\"a\": \"s1.safetensors\", \"b\": \"s1.safetensors\"}}".utf8).write(to: index)
        XCTAssertThrowsError(try SafetensorsCollection(directory: folder.path)) { error in
            XCTAssertEqual((error as? ModelFileError)?.kind, .missingTensor)
            XCTAssertEqual((error as? ModelFileError)?.tensor, "b")
        }
        try Data("not json".utf8).write(to: index)
        XCTAssertThrowsError(try SafetensorsCollection(directory: folder.path)) { XCTAssertEqual(($0 as? ModelFileError)?.kind, .badHeader) }
        try FileManager.default.removeItem(at: index)
        XCTAssertThrowsError(try SafetensorsCollection(directory: folder.path)) { XCTAssertEqual(($0 as? ModelFileError)?.kind, .cannotOpen) }
        XCTAssertThrowsError(try HFModelFolder(path: folder.path)) { error in
            XCTAssertEqual((error as? ModelFileError)?.kind, .cannotOpen)
            XCTAssertTrue("\(error)".contains("config.json"))
        }
    }
}
