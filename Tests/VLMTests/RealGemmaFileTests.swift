import Foundation
import XCTest
@testable import VLM

/// The real Gemma 3 270M GGUF (installed by scripts/bootstrap.sh) against what the gguf Python
/// package read from the same file (Fixtures/quants/real_model.json, written by
/// scripts/fixtures/make_quant_samples.py): tensor list, metadata, and dequantized rows of each
/// type compared bit for bit.
final class RealGemmaFileTests: XCTestCase {
    private struct Manifest: Decodable {
        struct Rows: Decodable {
            let tensor: String
            let type: String
            let dims: [Int]
            let rows: [Int]
            let file: String
        }
        let tensor_count: Int
        let type_counts: [String: Int]
        let metadata: [String: MetadataValue]
        let rows: [Rows]
    }

    private enum MetadataValue: Decodable, Equatable {
        case int(Int), string(String)
        init(from decoder: Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let i = try? container.decode(Int.self) { self = .int(i) } else { self = .string(try container.decode(String.self)) }
        }
    }

    private func openModel() throws -> GGUFFile {
        guard FileManager.default.fileExists(atPath: QuantFixtures.realModelPath) else {
            throw XCTSkip("\(QuantFixtures.realModelPath) is absent: run scripts/bootstrap.sh to install it")
        }
        return try GGUFFile(path: QuantFixtures.realModelPath)
    }

    private func manifest() throws -> Manifest {
        try JSONDecoder().decode(Manifest.self, from: Data(QuantFixtures.bytes("real_model.json")))
    }

    func testTensorListAndMetadataMatchGGUFPython() throws {
        let gguf = try openModel()
        let expected = try manifest()
        XCTAssertEqual(gguf.tensors.count, expected.tensor_count)
        XCTAssertEqual(gguf.tensors.count, 236)
        var counts: [String: Int] = [:]
        for info in gguf.tensors { counts[info.type.description, default: 0] += 1 }
        XCTAssertEqual(counts, expected.type_counts)
        XCTAssertEqual(expected.metadata["general.architecture"], .string(try gguf.string("general.architecture")))
        XCTAssertEqual(expected.metadata["gemma3.embedding_length"], .int(try gguf.int("gemma3.embedding_length")))
        XCTAssertEqual(expected.metadata["gemma3.block_count"], .int(try gguf.int("gemma3.block_count")))
        XCTAssertEqual(expected.metadata["tokenizer.ggml.tokens (count)"], .int(try gguf.strings("tokenizer.ggml.tokens").count))
        let parameters = gguf.tensors.reduce(0) { $0 + $1.elementCount }
        XCTAssertEqual(Double(parameters), 268e6, accuracy: 1e6)
    }

    func testDequantizedRowsMatchGGUFPythonBitForBit() throws {
        let gguf = try openModel()
        for entry in try manifest().rows {
            let weight = try gguf.weight(entry.tensor)
            XCTAssertEqual(weight.type.description, entry.type)
            XCTAssertEqual(weight.shape, entry.dims.reversed())
            let expected = try QuantFixtures.floats(entry.file)
            let columns = entry.dims[0]
            for (position, row) in entry.rows.enumerated() {
                let actual = weight.rows == 1 && weight.shape.count == 1
                    ? try weight.dequantized().scalars
                    : try weight.dequantizedRows(row..<(row + 1)).scalars
                let reference = Array(expected[(position * columns)..<((position + 1) * columns)])
                XCTAssertEqual(actual.map(\.bitPattern), reference.map(\.bitPattern), "\(entry.tensor) row \(row)")
            }
        }
    }

    func testMatvecOnRealWeightsMatchesFloat64() throws {
        let gguf = try openModel()
        var random = TestRandom(seed: 3)
        for name in ["token_embd.weight", "blk.0.attn_q.weight", "blk.0.attn_output.weight", "blk.0.ffn_down.weight"] {
            let weight = try gguf.weight(name)
            let x = random.floats(weight.columns)
            let activations = KernelTestSupport.quantizedActivations(x, for: weight.type)
            let values = KernelTestSupport.activationValues(activations, count: weight.columns, for: weight.type)
            var out = [Float](repeating: .nan, count: weight.rows)
            try out.withUnsafeMutableBufferPointer { try matvec(x, weight, $0.baseAddress!) }
            for row in stride(from: 0, to: weight.rows, by: max(1, weight.rows / 50)) {
                let dense = try weight.dequantizedRows(row..<(row + 1)).scalars
                let (dot, magnitude) = KernelTestSupport.reference(dense, values)
                XCTAssertEqual(Double(out[row]), dot, accuracy: 1e-5 * magnitude + 1e-6, "\(name) row \(row)")
            }
        }
    }
}
