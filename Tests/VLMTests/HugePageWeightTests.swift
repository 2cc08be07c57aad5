import Foundation
import XCTest
@testable import VLM

/// Moving mapped weights into huge pages at load: the same bytes, the map's pages given back
/// (the resident set does not hold two copies), and nothing moved where it would be duplicated.
final class HugePageWeightTests: XCTestCase {
    private func bytes(of weight: Weight) -> [UInt8] {
        Array(UnsafeRawBufferPointer(start: weight.data, count: weight.byteCount))
    }

    func testMovedWeightsKeepTheirBytesAndGiveBackTheMappedPages() throws {
        try XCTSkipUnless(HugePageBuffer.available, "transparent huge pages are switched off here")
        let (path, contents) = try MappedFileTestSupport.makeFile(name: "hugepages", megabytes: 12)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let file = try MappedFile(path: path)
        // Two float32 matrices back to back from an unaligned offset, as tensors lie in a GGUF file.
        let first = try Weight(name: "a", type: .f32, shape: [768, 1024], data: file.bytes.baseAddress! + 4160,
                               byteCount: 768 * 1024 * 4, owner: file)
        let second = try Weight(name: "b", type: .f32, shape: [1536, 1024], data: first.data + first.byteCount,
                                byteCount: 1536 * 1024 * 4, owner: file)
        file.populate()
        let before = try MappedFileTestSupport.residentFileKiB()
        let moved = Weight.movedIntoHugePages([first, second, first])
        let after = try MappedFileTestSupport.residentFileKiB()

        XCTAssertEqual(moved.count, 3)
        XCTAssertNil(moved[0].mappedFile, "the moved weights no longer point into the map")
        XCTAssertEqual(moved[0].data, moved[2].data, "a weight listed twice is one copy")
        XCTAssertEqual(moved[1].data - moved[0].data, first.byteCount, "relative layout kept")
        XCTAssertEqual(bytes(of: moved[0]), Array(contents[4160 ..< 4160 + first.byteCount]))
        XCTAssertEqual(bytes(of: moved[1]), Array(contents[4160 + first.byteCount ..< 4160 + first.byteCount + second.byteCount]))
        XCTAssertEqual([moved[0].name, moved[1].name], ["a", "b"])
        XCTAssertEqual(moved[1].shape, [1536, 1024])
        XCTAssertGreaterThan(before - after, 8 << 10, "9 MiB of mapped pages given back: RssFile \(before) -> \(after) KiB")
    }

    func testOwnedOrScatteredWeightsStayWhereTheyAre() throws {
        let owned = try Weight(name: "owned", type: .f32, shape: [1024, 1024], bytes: [UInt8](repeating: 3, count: 4 << 20))
        XCTAssertEqual(Weight.movedIntoHugePages([owned]).map(\.data), [owned.data], "an owned buffer would be duplicated")
        let bytes = [UInt8](repeating: 5, count: 4 << 20)
        let copied = bytes.withUnsafeBytes { MappedFile(copying: $0, path: "in memory") }
        let inCopy = try Weight(name: "copied", type: .f32, shape: [1024, 1024], data: copied.bytes.baseAddress!, byteCount: 4 << 20, owner: copied)
        XCTAssertEqual(Weight.movedIntoHugePages([inCopy]).map(\.data), [inCopy.data], "an in-memory file is an owned copy too")

        let (path, _) = try MappedFileTestSupport.makeFile(name: "hugepages", megabytes: 16)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let file = try MappedFile(path: path)
        let low = try Weight(name: "low", type: .f32, shape: [1024], data: file.bytes.baseAddress!, byteCount: 4096, owner: file)
        let high = try Weight(name: "high", type: .f32, shape: [1024], data: file.bytes.baseAddress! + (15 << 20), byteCount: 4096, owner: file)
        XCTAssertEqual(Weight.movedIntoHugePages([low, high]).map(\.data), [low.data, high.data],
                       "8 KiB spread over 15 MiB: moving would copy the whole span")
    }
}
