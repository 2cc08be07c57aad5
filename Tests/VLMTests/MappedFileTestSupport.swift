import Foundation
import XCTest

/// Files and page counts for the tests of what Loupe does with mapped pages.
enum MappedFileTestSupport {
    /// A temporary file of `megabytes` MiB of patterned bytes, and those bytes.
    static func makeFile(name: String, megabytes: Int) throws -> (path: String, bytes: [UInt8]) {
        let bytes = (0 ..< megabytes << 20).map { UInt8(truncatingIfNeeded: $0 &* 2_654_435_761 >> 7) }
        let path = NSTemporaryDirectory() + "loupe-\(name)-\(UUID().uuidString).bin"
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return (path, bytes)
    }

    /// This process's resident file-backed memory (RssFile in /proc/self/status), in KiB.
    static func residentFileKiB() throws -> Int {
        let status = try String(contentsOfFile: "/proc/self/status", encoding: .utf8)
        guard let line = status.split(separator: "\n").first(where: { $0.hasPrefix("RssFile:") }),
              let kib = Int(line.split(separator: " ").dropFirst().first ?? "") else {
            throw XCTSkip("no RssFile line in /proc/self/status")
        }
        return kib
    }
}
