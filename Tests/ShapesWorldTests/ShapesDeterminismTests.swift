import Foundation
import XCTest
@testable import ShapesWorld

final class ShapesDeterminismTests: XCTestCase {
    /// The `loupe` executable built next to this test bundle. On Linux `bundleURL` is the build folder
    /// holding the `.xctest` executable; on macOS it is the `.xctest` bundle inside that folder.
    private var loupe: URL {
        let bundle = Bundle(for: Self.self).bundleURL
        let beside = bundle.appendingPathComponent("loupe")
        return FileManager.default.isExecutableFile(atPath: beside.path)
            ? beside : bundle.deletingLastPathComponent().appendingPathComponent("loupe")
    }

    private func run(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = loupe
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// Every file under `root` by relative path, sorted.
    private func contents(of root: URL) throws -> [(String, Data)] {
        let enumerator = try XCTUnwrap(FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey]))
        var files = [(String, Data)]()
        for case let url as URL in enumerator where (try url.resourceValues(forKeys: [.isRegularFileKey])).isRegularFile == true {
            files.append((String(url.path.dropFirst(root.path.count)), try Data(contentsOf: url)))
        }
        return files.sorted { $0.0 < $1.0 }
    }

    /// FNV-1a over paths and bytes: a printable fingerprint of a folder.
    private func fingerprint(_ files: [(String, Data)]) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for (path, data) in files {
            for byte in Array(path.utf8) + [0] + Array(data) {
                hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
            }
        }
        return String(hash, radix: 16)
    }

    func testSameSeedGivesIdenticalFilesInSeparateProcesses() throws {
        guard FileManager.default.isExecutableFile(atPath: loupe.path) else {
            return XCTFail("loupe executable not found at \(loupe.path); build the package (swift build --build-tests) first")
        }
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("loupe-shapes-determinism-\(getpid())")
        try? FileManager.default.removeItem(at: base)
        defer { try? FileManager.default.removeItem(at: base) }
        var folders = [[(String, Data)]]()
        for (run, seed) in [(0, "41"), (1, "41"), (2, "42")] {
            let out = base.appendingPathComponent("run\(run)")
            let result = try self.run(["shapes", "--seed", seed, "--count", "30", "--video", "--out", out.path])
            XCTAssertEqual(result.status, 0, result.output)
            folders.append(try contents(of: out))
        }
        XCTAssertGreaterThan(folders[0].count, 30 + 15 + 12)
        XCTAssertEqual(folders[0].map(\.0), folders[1].map(\.0))
        for (a, b) in zip(folders[0], folders[1]) {
            XCTAssertEqual(a.1, b.1, "\(a.0) differs between two runs with the same seed")
        }
        XCTAssertEqual(fingerprint(folders[0]), fingerprint(folders[1]))
        XCTAssertNotEqual(fingerprint(folders[0]), fingerprint(folders[2]), "another seed must give another set")
    }

    func testBadArgumentsAreRefusedWithAMessage() throws {
        guard FileManager.default.isExecutableFile(atPath: loupe.path) else {
            return XCTFail("loupe executable not found at \(loupe.path)")
        }
        let zero = try run(["shapes", "--count", "0", "--out", "/tmp/unused"])
        XCTAssertNotEqual(zero.status, 0)
        XCTAssert(zero.output.contains("--count"), zero.output)
        let blocked = try run(["shapes", "--count", "2", "--out", "/proc/loupe-cannot-write-here"])
        XCTAssertNotEqual(blocked.status, 0)
        XCTAssert(blocked.output.contains("/proc/loupe-cannot-write-here"), blocked.output)
    }

    /// SplitMix64's published first outputs for seed 0 (Vigna's reference implementation).
    func testSplitMix64MatchesTheReferenceSequence() {
        var rng = SplitMix64(seed: 0)
        XCTAssertEqual(rng.next(), 0xE220_A839_7B1D_CDAF)
        XCTAssertEqual(rng.next(), 0x6E78_9E6A_A1B9_65F4)
        XCTAssertEqual(rng.next(), 0x06C4_5D18_8009_454F)
    }

    func testJSONWriterIsFixed() {
        let value = JSONValue.object([
            ("b", .half(225)), ("a", .half(-1)), ("n", .half(-4)), ("s", .string("say \"hi\"\n\u{1}")),
            ("list", .array([.int(1), .bool(false), .null])), ("nested", .array([.object([("k", .int(2))])])),
        ])
        XCTAssertEqual(value.compact, #"{"b":112.5,"a":-0.5,"n":-2,"s":"say \"hi\"\n\u0001","list":[1,false,null],"nested":[{"k":2}]}"#)
        XCTAssertEqual(value.pretty, """
        {
          "b": 112.5,
          "a": -0.5,
          "n": -2,
          "s": "say \\"hi\\"\\n\\u0001",
          "list": [1, false, null],
          "nested": [
            {
              "k": 2
            }
          ]
        }

        """)
    }
}
