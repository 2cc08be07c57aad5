import Foundation
import ShapesWorld
import Tools
import XCTest

final class CacheTests: XCTestCase {
    static let program = """
        def execute_command(image):
            image_patch = ImagePatch(image)
            objects = image_patch.find("object")
            colors = [patch.simple_query("What color is this object?") for patch in objects]
            return str(len(objects)) + " " + ",".join(colors) + " " + image_patch.caption()
        """

    func testSecondRunMakesNoBackendCall() throws {
        let folder = try ToolsTestSupport.temporaryDirectory("cache")
        defer { try? FileManager.default.removeItem(at: folder) }
        try ShapesDataset.write(seed: 5, count: 1, includeVideo: false, to: folder.path)
        let image = folder.appendingPathComponent("images/scene_00000.png").path
        let cachePath = folder.appendingPathComponent("cache.sqlite").path

        func run() throws -> (String?, Int) {
            let counting = CountingBackend(OracleBackend())
            let perception = Perception(backend: counting, cache: try PerceptionCache(path: cachePath))
            let outcome = try VisualProgramRun(toolkit: VisionToolkit(perception: perception)).run(source: Self.program, path: "p.py", media: .image(image))
            XCTAssertNil(outcome.error)
            return (outcome.answer, counting.calls)
        }
        let (first, firstCalls) = try run()
        let (second, secondCalls) = try run()
        XCTAssertNotNil(first)
        XCTAssertEqual(first, second)
        XCTAssertGreaterThan(firstCalls, 2)
        XCTAssertEqual(secondCalls, 0)
        XCTAssertEqual(try PerceptionCache(path: cachePath).statistics().entries, firstCalls)
    }

    func testSizeIsBoundedOldestFirst() throws {
        let folder = try ToolsTestSupport.temporaryDirectory("bound")
        defer { try? FileManager.default.removeItem(at: folder) }
        let cache = try PerceptionCache(path: folder.appendingPathComponent("c.sqlite").path, maxEntries: 5)
        for i in 0..<8 { try cache.store("k\(i)", backend: "test", value: "v\(i)") }
        XCTAssertEqual(try cache.statistics().entries, 5)
        XCTAssertNil(try cache.lookup("k2"))
        XCTAssertEqual(try cache.lookup("k3"), "v3")
        XCTAssertEqual(try cache.lookup("k7"), "v7")
        try cache.clear()
        XCTAssertEqual(try cache.statistics().entries, 0)
        // The journal mode is persistent in the file: ask SQLite itself (Python's sqlite3).
        let probe = Process()
        probe.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        probe.arguments = ["python3", "-c", "import sqlite3, sys; print(sqlite3.connect(sys.argv[1]).execute('PRAGMA journal_mode').fetchone()[0])",
                           cache.path]
        let out = Pipe()
        probe.standardOutput = out
        try probe.run()
        probe.waitUntilExit()
        XCTAssertEqual(String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self), "wal\n")
    }

    func testUnopenableCacheIsAClearError() {
        XCTAssertThrowsError(try PerceptionCache(path: "/proc/loupe-no-such-dir/c.sqlite")) { error in
            XCTAssertTrue("\(error)".contains("cache: cannot open /proc/loupe-no-such-dir/c.sqlite"), "\(error)")
        }
    }

    /// Two `loupe exec` processes writing one cache file at once lose no entry: every miss of
    /// either process is in the file afterwards, and rerunning either one makes no backend call.
    func testTwoProcessesSharingOneFileLoseNothing() throws {
        let folder = try ToolsTestSupport.temporaryDirectory("shared")
        defer { try? FileManager.default.removeItem(at: folder) }
        try ShapesDataset.write(seed: 9, count: 2, includeVideo: false, to: folder.path)
        let cachePath = folder.appendingPathComponent("shared.sqlite").path
        // Many distinct requests per process: every (phrase, crop) pair is its own key.
        let program = folder.appendingPathComponent("many.py").path
        try """
            def execute_command(image):
                image_patch = ImagePatch(image)
                total = 0
                for color in ["red", "green", "blue", "yellow", "purple", "orange", "cyan"]:
                    for shape in ["circle", "square", "triangle", "star", "diamond", "object"]:
                        for size in ["small", "large"]:
                            total += image_patch.count(size + " " + color + " " + shape)
                return total
            """.write(toFile: program, atomically: true, encoding: .utf8)
        let images = (0..<2).map { folder.appendingPathComponent(String(format: "images/scene_%05d.png", $0)).path }
        let binary = ToolsTestSupport.loupeBinary
        guard FileManager.default.isExecutableFile(atPath: binary.path) else {
            return XCTFail("the loupe binary is not built at \(binary.path)")
        }
        var processes: [(Process, Pipe)] = []
        for image in images {
            let p = Process()
            p.executableURL = binary
            p.arguments = ["exec", program, "--image", image, "--cache", cachePath]
            p.environment = ProcessInfo.processInfo.environment.merging(["LOUPE_REPORT_BACKEND_CALLS": "1"]) { $1 }
            let err = Pipe()
            p.standardError = err
            p.standardOutput = FileHandle.nullDevice
            try p.run()
            processes.append((p, err))
        }
        var misses = 0
        for (p, err) in processes {
            let text = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            p.waitUntilExit()
            XCTAssertEqual(p.terminationStatus, 0, text)
            misses += Int(text.components(separatedBy: "backend calls: ").last?.split(separator: "\n").first ?? "") ?? -1000
        }
        XCTAssertEqual(misses, 2 * 84)
        XCTAssertEqual(try PerceptionCache(path: cachePath).statistics().entries, misses)
        let again = try ToolsTestSupport.runLoupe(["exec", program, "--image", images[1], "--cache", cachePath],
                                                  environment: ["LOUPE_REPORT_BACKEND_CALLS": "1"])
        XCTAssertTrue(again.stderr.contains("backend calls: 0"), again.stderr)
        let stats = try ToolsTestSupport.runLoupe(["cache", "stats", "--cache", cachePath])
        XCTAssertTrue(stats.stdout.contains("entries: \(misses)"), stats.stdout)
    }
}
