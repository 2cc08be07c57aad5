import XCTest
@testable import VLM

final class GGUFFileTests: XCTestCase {
    private func parse(_ bytes: [UInt8], _ name: String = "test.gguf") throws -> GGUFFile {
        try bytes.withUnsafeBytes { try GGUFFile(bytes: $0, path: name) }
    }

    private func assertError(_ bytes: [UInt8], _ kind: ModelFileError.Kind, tensor: String? = nil, mentions: String? = nil,
                             file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertThrowsError(try parse(bytes, "bad.gguf"), file: file, line: line) { error in
            guard let error = error as? ModelFileError else { return XCTFail("not a ModelFileError: \(error)", file: file, line: line) }
            XCTAssertEqual(error.kind, kind, "\(error)", file: file, line: line)
            XCTAssertEqual(error.file, "bad.gguf", file: file, line: line)
            XCTAssertTrue(error.description.hasPrefix("bad.gguf: "), error.description, file: file, line: line)
            if let tensor { XCTAssertEqual(error.tensor, tensor, "\(error)", file: file, line: line) }
            if let mentions { XCTAssertTrue(error.description.contains(mentions), "\(error)", file: file, line: line) }
        }
    }

    func testReadsMetadataTensorsAndData() throws {
        let gguf = try parse(GGUFBuilder.valid().build())
        XCTAssertEqual(gguf.version, 3)
        XCTAssertEqual(try gguf.string("general.architecture"), "gemma3")
        XCTAssertEqual(try gguf.int("gemma3.block_count"), 18)
        XCTAssertEqual(try gguf.float("gemma3.rope.freq_base"), 1_000_000)
        XCTAssertEqual(try gguf.strings("tokenizer.ggml.tokens"), ["<pad>", "<eos>", "▁hello"])
        XCTAssertEqual(gguf.value("test.nested"), .array(.array, [.array(.uint32, [.uint32(1), .uint32(2)]), .array(.uint32, [.uint32(3)])]))
        XCTAssertEqual(gguf.metadataKeys.first, "general.architecture")
        XCTAssertEqual(gguf.alignment, 32)
        XCTAssertEqual(gguf.dataOffset % 32, 0)

        let info = try XCTUnwrap(gguf.tensorInfo(named: "w.q8"))
        XCTAssertEqual(info.dims, [32, 2])
        XCTAssertEqual(info.shape, [2, 32])
        XCTAssertEqual(info.type, .q8_0)
        let weight = try gguf.weight("w.q8")
        XCTAssertEqual(weight.rows, 2)
        XCTAssertEqual(weight.columns, 32)
        XCTAssertEqual(try weight.dequantized().scalars, (0..<64).map { Float($0 - 64) })
        XCTAssertEqual(try gguf.weight("norm").dequantized().scalars, [1, 2, 3, 4])
    }

    func testTypedAccessorsReportMissingKeysAndWrongTypes() throws {
        let gguf = try parse(GGUFBuilder.valid().build())
        XCTAssertThrowsError(try gguf.string("no.such.key")) { XCTAssertEqual(($0 as? ModelFileError)?.kind, .missingKey) }
        XCTAssertThrowsError(try gguf.int("general.architecture")) { XCTAssertEqual(($0 as? ModelFileError)?.kind, .wrongValueType) }
        XCTAssertThrowsError(try gguf.strings("gemma3.block_count")) { XCTAssertEqual(($0 as? ModelFileError)?.kind, .wrongValueType) }
        XCTAssertThrowsError(try gguf.weight("missing")) { error in
            XCTAssertEqual((error as? ModelFileError)?.kind, .missingTensor)
            XCTAssertEqual((error as? ModelFileError)?.tensor, "missing")
        }
    }

    func testVersion2IsAccepted() throws {
        var builder = GGUFBuilder.valid()
        builder.version = 2
        XCTAssertEqual(try parse(builder.build()).version, 2)
    }

    func testCustomAlignment() throws {
        var builder = GGUFBuilder()
        builder.alignment = 64
        builder.add("general.alignment", u32: 64)
        builder.addTensor("a", dims: [4], type: .f32, bytes: [UInt8](repeating: 0, count: 16))
        builder.addTensor("b", dims: [4], type: .f32, bytes: [UInt8](repeating: 0, count: 16))
        let gguf = try parse(builder.build())
        XCTAssertEqual(gguf.alignment, 64)
        XCTAssertEqual(gguf.tensorInfo(named: "b")?.offset, 64)
    }

    func testEveryTruncationIsAnError() {
        // Cutting the file anywhere must throw (never trap); inside the data section the error
        // names the tensor whose data no longer fits.
        let bytes = GGUFBuilder.valid().build()
        for length in 0..<bytes.count {
            XCTAssertThrowsError(try parse(Array(bytes[..<length]))) { error in
                let kind = (error as? ModelFileError)?.kind
                XCTAssertTrue(kind == .truncated || kind == .dataOutOfRange || kind == .absurdCount, "length \(length): \(error)")
            }
        }
    }

    func testBadMagic() {
        var builder = GGUFBuilder.valid()
        builder.magic = 0x4C4C_5546
        assertError(builder.build(), .badMagic, mentions: "not a GGUF file")
    }

    func testUnknownVersions() {
        for version: UInt32 in [1, 4, 0x0300_0000] {
            var builder = GGUFBuilder.valid()
            builder.version = version
            assertError(builder.build(), .unsupportedVersion, mentions: "version \(version)")
        }
        var bigEndian = GGUFBuilder.valid()
        bigEndian.version = UInt32(3).byteSwapped
        assertError(bigEndian.build(), .unsupportedVersion, mentions: "big-endian")
    }

    func testUnknownTensorTypeNamesTheTensor() {
        var builder = GGUFBuilder.valid()
        builder.tensors[0].type = 16   // IQ2_XXS: not supported by Loupe
        assertError(builder.build(), .unknownTensorType, tensor: "w.q8", mentions: "type id 16")
    }

    func testUnknownMetadataValueType() {
        var builder = GGUFBuilder.valid()
        builder.add("bad.type", raw: GGUFBuilder.u32(13) + GGUFBuilder.u32(0))
        assertError(builder.build(), .unknownValueType, mentions: "bad.type")
    }

    func testTensorDataPastTheEnd() {
        var builder = GGUFBuilder.valid()
        builder.tensors[1].offset = 1 << 20
        assertError(builder.build(), .dataOutOfRange, tensor: "norm")
        builder.tensors[1].offset = UInt64.max - 3
        assertError(builder.build(), .misalignedOffset, tensor: "norm")
        builder.tensors[1].offset = UInt64.max & ~31
        assertError(builder.build(), .dataOutOfRange, tensor: "norm")
    }

    func testMisalignedOffset() {
        var builder = GGUFBuilder.valid()
        builder.tensors[1].offset += 4
        assertError(builder.build(), .misalignedOffset, tensor: "norm", mentions: "alignment 32")
    }

    func testBadAlignmentValue() {
        var builder = GGUFBuilder.valid()
        builder.add("general.alignment", u32: 48)
        assertError(builder.build(), .badAlignment)
    }

    func testShapeNotAMultipleOfTheBlockSize() {
        var builder = GGUFBuilder.valid()
        builder.tensors[0].dims = [33, 2]
        assertError(builder.build(), .shapeMismatch, tensor: "w.q8", mentions: "block size 32")
    }

    func testAbsurdDimensionsAndCounts() {
        var builder = GGUFBuilder.valid()
        builder.tensors[0].dims = [32, 1 << 40]
        assertError(builder.build(), .absurdCount, tensor: "w.q8")
        builder = GGUFBuilder.valid()
        builder.tensors[0].dims = [32, 1 << 30, 1 << 30]
        assertError(builder.build(), .absurdCount, tensor: "w.q8", mentions: "overflows")
        builder = GGUFBuilder.valid()
        builder.tensors[0].dims = [32, 2, 1, 1, 1]
        assertError(builder.build(), .absurdCount, tensor: "w.q8", mentions: "5 dimensions")
        builder = GGUFBuilder.valid()
        builder.tensorCountOverride = 1 << 60
        assertError(builder.build(), .absurdCount, mentions: "tensor count")
        builder = GGUFBuilder.valid()
        builder.metadataCountOverride = UInt64.max
        assertError(builder.build(), .absurdCount, mentions: "metadata count")
    }

    func testArrayClaimingTwoToTheSixtyElementsDoesNotAllocate() {
        var builder = GGUFBuilder.valid()
        builder.add("huge", raw: GGUFBuilder.u32(9) + GGUFBuilder.u32(4) + GGUFBuilder.u64(1 << 60))
        assertError(builder.build(), .absurdCount, mentions: "1152921504606846976 elements")
        builder = GGUFBuilder.valid()
        builder.add("huge.strings", raw: GGUFBuilder.u32(9) + GGUFBuilder.u32(8) + GGUFBuilder.u64(UInt64.max))
        assertError(builder.build(), .absurdCount)
        builder = GGUFBuilder.valid()
        builder.add("huge.string", raw: GGUFBuilder.u32(8) + GGUFBuilder.u64(1 << 62))
        assertError(builder.build(), .truncated, mentions: "huge.string")
    }

    func testDeeplyNestedArraysAreRejected() {
        var builder = GGUFBuilder.valid()
        var raw = GGUFBuilder.u32(9)
        for _ in 0..<10 { raw += GGUFBuilder.u32(9) + GGUFBuilder.u64(1) }
        raw += GGUFBuilder.u32(4) + GGUFBuilder.u64(0)
        builder.add("deep", raw: raw)
        assertError(builder.build(), .absurdCount, mentions: "nests arrays")
    }

    func testDuplicateAndOverlappingTensors() {
        var builder = GGUFBuilder.valid()
        builder.tensors[1].name = "w.q8"
        assertError(builder.build(), .duplicateName, tensor: "w.q8")
        builder = GGUFBuilder.valid()
        builder.tensors[1].offset = 32   // inside w.q8's 68 bytes
        assertError(builder.build(), .overlappingData, tensor: "norm", mentions: "w.q8")
    }

    func testBadBool() {
        var builder = GGUFBuilder.valid()
        builder.add("flag", raw: GGUFBuilder.u32(7) + [2])
        assertError(builder.build(), .wrongValueType, mentions: "flag")
    }

    func testMissingAndEmptyFiles() throws {
        XCTAssertThrowsError(try GGUFFile(path: "/nonexistent/model.gguf")) { error in
            XCTAssertEqual((error as? ModelFileError)?.kind, .cannotOpen)
            XCTAssertTrue("\(error)".contains("/nonexistent/model.gguf"))
        }
        let empty = FileManager.default.temporaryDirectory.appendingPathComponent("loupe-empty-\(getpid()).gguf")
        FileManager.default.createFile(atPath: empty.path, contents: Data())
        defer { try? FileManager.default.removeItem(at: empty) }
        XCTAssertThrowsError(try GGUFFile(path: empty.path)) { XCTAssertEqual(($0 as? ModelFileError)?.kind, .truncated) }
        XCTAssertThrowsError(try GGUFFile(path: FileManager.default.temporaryDirectory.path)) {
            XCTAssertEqual(($0 as? ModelFileError)?.kind, .cannotOpen)
        }
    }

    func testMappedFileMatchesInMemoryParse() throws {
        let bytes = GGUFBuilder.valid().build()
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("loupe-valid-\(getpid()).gguf")
        try Data(bytes).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        let mapped = try GGUFFile(path: url.path)
        XCTAssertEqual(mapped.tensors, try parse(bytes).tensors)
        XCTAssertEqual(try mapped.weight("norm").dequantized().scalars, [1, 2, 3, 4])
    }

    /// Files written by the gguf package's GGUFWriter (the fuzz seeds, Fuzz/make_seeds.py).
    func testFilesWrittenByTheGGUFPackage() throws {
        let seeds = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Fuzz/corpus/gguf")
        let kquants = try GGUFFile(path: seeds.appendingPathComponent("kquants.gguf").path)
        XCTAssertEqual(kquants.alignment, 64)
        XCTAssertEqual(kquants.value("t.u8"), .uint8(7))
        XCTAssertEqual(kquants.value("t.i8"), .int8(-7))
        XCTAssertEqual(kquants.value("t.u16"), .uint16(700))
        XCTAssertEqual(kquants.value("t.i16"), .int16(-700))
        XCTAssertEqual(kquants.value("t.u32"), .uint32(70000))
        XCTAssertEqual(kquants.value("t.i32"), .int32(-70000))
        XCTAssertEqual(kquants.value("t.u64"), .uint64(1 << 40))
        XCTAssertEqual(kquants.value("t.i64"), .int64(-(1 << 40)))
        XCTAssertEqual(kquants.value("t.f32"), .float32(1.5))
        XCTAssertEqual(kquants.value("t.f64"), .float64(2.5))
        XCTAssertEqual(kquants.value("t.bool"), .bool(true))
        XCTAssertEqual(try kquants.string("t.str"), "héllo")
        XCTAssertEqual(try kquants.strings("t.strings"), ["<pad>", "<eos>", "▁a"])
        XCTAssertEqual(try kquants.floats("t.floats"), [0, -1, 2.5])
        XCTAssertEqual(kquants.value("t.nested")?.arrayValue?.compactMap { $0.arrayValue?.compactMap(\.intValue) }, [[1, 2], [3]])
        XCTAssertEqual(kquants.tensors.map(\.type), [.q4_K, .q6_K])
        XCTAssertEqual(kquants.tensors.map(\.shape), [[2, 256], [2, 256]])
        XCTAssertEqual(kquants.tensors.map { $0.offset % 64 }, [0, 0])

        let blocks = try GGUFFile(path: seeds.appendingPathComponent("blocks32.gguf").path)
        XCTAssertEqual(blocks.tensors.map(\.type), [.q4_0, .q5_0, .q8_0])
        XCTAssertEqual(try GGUFFile(path: seeds.appendingPathComponent("v2.gguf").path).version, 2)
        XCTAssertEqual(try GGUFFile(path: seeds.appendingPathComponent("empty.gguf").path).tensors.count, 0)
    }
}
