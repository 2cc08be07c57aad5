import Foundation
import XCTest
@testable import VLM

/// Giving a mapped file's pages back (quantizing at load) and reading it in up front (float loads).
final class MappedFilePagesTests: XCTestCase {
    private func checksum(_ file: MappedFile) -> Int {
        var sum = 0
        for i in stride(from: 0, to: file.bytes.count, by: 1024) { sum &+= Int(file.bytes[i]) &* i }
        return sum
    }

    func testReleasedPagesLeaveTheResidentSetAndReadBackUnchanged() throws {
        let (path, bytes) = try MappedFileTestSupport.makeFile(name: "mapped", megabytes: 32)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let file = try MappedFile(path: path)
        let expected = bytes.enumerated().reduce(0) { $1.offset % 1024 == 0 ? $0 &+ Int($1.element) &* $1.offset : $0 }

        file.populate()
        let populated = try MappedFileTestSupport.residentFileKiB()
        XCTAssertEqual(checksum(file), expected)
        file.releasePages(file.bytes.baseAddress!, count: file.bytes.count)
        let released = try MappedFileTestSupport.residentFileKiB()
        XCTAssertGreaterThan(populated - released, 30 << 10, "32 MiB given back: RssFile \(populated) -> \(released) KiB")
        XCTAssertEqual(checksum(file), expected, "released pages read back from the file")
        XCTAssertEqual(Array(file.bytes[4095 ..< 4099]), Array(bytes[4095 ..< 4099]))
    }

    func testReleaseIgnoresOwnedCopiesAndRangesOutsideTheMap() throws {
        let bytes = [UInt8](repeating: 7, count: 3 * 4096)
        let owned = bytes.withUnsafeBytes { MappedFile(copying: $0, path: "in memory") }
        owned.releasePages(owned.bytes.baseAddress!, count: owned.bytes.count)
        XCTAssertTrue(owned.bytes.allSatisfy { $0 == 7 }, "an owned copy is never dropped (it would read back as zeros)")

        let (path, fileBytes) = try MappedFileTestSupport.makeFile(name: "mapped", megabytes: 1)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let file = try MappedFile(path: path)
        // A range outside the map, or smaller than a page, is ignored; the data stays readable.
        file.releasePages(file.bytes.baseAddress! + 100, count: 200)
        file.releasePages(file.bytes.baseAddress! + file.bytes.count - 10, count: 4096)
        XCTAssertEqual(Array(file.bytes[0 ..< 4096]), Array(fileBytes[0 ..< 4096]))
    }
}
