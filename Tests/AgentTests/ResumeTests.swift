import Evaluation
import Foundation
import ICLGen
import ShapesWorld
import XCTest

/// `kill -9` in the middle of `loupe eval` and `loupe iclgen` (the built binary), then a rerun:
/// nothing finished is lost or done twice. Programs are the ground-truth ones slowed by a busy
/// loop of 3M iterations (tens of ms in release builds, more in debug), so the kill lands mid-run.
final class ResumeTests: XCTestCase {
    var folder: URL!
    var binary: URL!
    var dataset: Dataset!

    let slowLimits = ["--max-steps", "50000000", "--program-timeout", "120"]

    override func setUpWithError() throws {
        binary = try TestSupport.loupeBinary()
        folder = try TestSupport.temporaryDirectory("resume")
        let shapes = folder.appendingPathComponent("shapes")
        try ShapesDataset.write(seed: 21, count: 40, includeVideo: false, to: shapes.path)
        dataset = try DatasetFormat.loupe.read(shapes.appendingPathComponent("questions.jsonl").path)
        var lines: [String] = []
        for item in dataset.items {
            let parts = item.program!.split(separator: "\n", maxSplits: 1)
            let slow = "\(parts[0])\n    for _ in range(3000000):\n        pass\n" + parts[1]
            lines.append(TestSupport.jsonLine(["id": item.id, "program": slow]))
        }
        try TestSupport.writeLines(lines, to: folder.appendingPathComponent("slow.jsonl"))
    }

    override func tearDown() {
        if let folder { try? FileManager.default.removeItem(at: folder) }
        super.tearDown()
    }

    func start(_ arguments: [String]) throws -> Process {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    /// Waits until `progress()` reaches `count`, then kills the process with SIGKILL; returns
    /// whether it was still running (the kill landed mid-run).
    func kill(_ process: Process, when progress: () -> Int, reaches count: Int) -> Bool {
        let deadline = Date().addingTimeInterval(120)
        while progress() < count && process.isRunning && Date() < deadline { usleep(20_000) }
        let running = process.isRunning
        Foundation.kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        return running
    }

    func run(_ arguments: [String]) throws -> (status: Int32, stdout: String) {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    func lines(_ url: URL) -> [String] {
        guard let data = FileManager.default.contents(atPath: url.path) else { return [] }
        return String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
    }

    func testKilledEvalResumesWithoutLossOrDuplicates() throws {
        let out = folder.appendingPathComponent("results.jsonl")
        let arguments = ["eval", "--dataset", dataset.path, "--controller", "replay:" + folder.appendingPathComponent("slow.jsonl").path,
                         "--vision", "oracle", "--workers", "2", "--out", out.path, "--quiet"] + slowLimits
        let process = try start(arguments)
        XCTAssertTrue(kill(process, when: { lines(out).count }, reaches: 8), "the run finished before the kill; slow the programs down")
        let before = lines(out).filter { ResultRecord.parse($0) != nil }
        XCTAssertGreaterThanOrEqual(before.count, 8)
        XCTAssertLessThan(before.count, 40)

        let (status, stdout) = try run(arguments)
        XCTAssertEqual(status, 0)
        XCTAssertEqual(stdout.split(separator: "\n").last, "accuracy=1.0000 n=40")
        let after = lines(out)
        let records = after.compactMap(ResultRecord.parse)
        XCTAssertEqual(records.count, after.count, "every line is a whole record")
        XCTAssertEqual(records.count, 40)
        XCTAssertEqual(Set(records.map(\.id)), Set(dataset.items.map(\.id)))
        XCTAssertEqual(Array(after.prefix(before.count)), before, "finished lines are kept as they were")
        XCTAssertTrue(records.allSatisfy(\.correct))

        // Shards joined by `eval merge` give the same ids once each.
        let shardFiles = (0..<2).map { folder.appendingPathComponent("shard\($0).jsonl") }
        for (i, file) in shardFiles.enumerated() {
            let shard = try run(["eval", "--dataset", dataset.path, "--controller", "truth", "--vision", "oracle", "--shard", "\(i)/2",
                                 "--out", file.path, "--quiet"])
            XCTAssertEqual(shard.stdout.split(separator: "\n").last, "accuracy=1.0000 n=20")
        }
        let merged = folder.appendingPathComponent("merged.jsonl")
        let report = folder.appendingPathComponent("report.html")
        let merge = try run(["eval", "merge"] + shardFiles.map(\.path) + ["--out", merged.path, "--report", report.path])
        XCTAssertEqual(merge.status, 0)
        XCTAssertEqual(merge.stdout.split(separator: "\n").last, "accuracy=1.0000 n=40")
        XCTAssertEqual(Set(lines(merged).compactMap(ResultRecord.parse).map(\.id)), Set(dataset.items.map(\.id)))
        let html = try String(contentsOf: report, encoding: .utf8)
        XCTAssertTrue(html.hasPrefix("<!DOCTYPE html>"))
        XCTAssertTrue(html.contains(dataset.items[0].question.replacingOccurrences(of: "'", with: "&#39;")))
        XCTAssertFalse(html.contains("<script"), "self-contained, no scripts")
    }

    func testKilledICLGenResumesWithoutLossOrDuplicates() throws {
        let store = folder.appendingPathComponent("ices.sqlite")
        let arguments = ["iclgen", "--labeled", dataset.path, "--controller", "replay:" + folder.appendingPathComponent("slow.jsonl").path,
                         "--vision", "oracle", "--store", store.path, "--samples", "1", "--per-family", "2", "--no-tune", "--quiet"] + slowLimits
        let process = try start(arguments)
        let finished: () -> Int = {
            (try? ICEStore.openExisting(store.path).counts().finished) ?? 0
        }
        XCTAssertTrue(kill(process, when: finished, reaches: 6), "the run finished before the kill; slow the programs down")
        let before = try ICEStore.openExisting(store.path).counts()
        XCTAssertLessThan(before.finished, 40)
        XCTAssertEqual(before.candidates, before.finished, "each finished question committed with its candidate")

        let (status, stdout) = try run(arguments)
        XCTAssertEqual(status, 0, stdout)
        XCTAssertTrue(stdout.contains("processed=\(40 - before.finished) skipped=\(before.finished) "), stdout)
        let after = try ICEStore.openExisting(store.path)
        let counts = try after.counts()
        XCTAssertEqual(counts.finished, 40)
        XCTAssertEqual(counts.candidates, 40)
        // 11 image families, at most 2 each; every question's program is different.
        let perFamily = Dictionary(grouping: dataset.items, by: \.family).mapValues { min(2, $0.count) }
        XCTAssertEqual(counts.examples, perFamily.values.reduce(0, +))
        XCTAssertEqual(Dictionary(grouping: try after.examples(), by: \.family).mapValues(\.count), perFamily)
    }
}
