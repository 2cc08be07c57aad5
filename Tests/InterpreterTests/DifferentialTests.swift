import Foundation
import XCTest

/// Holds Loupe's language to CPython: every corpus program must print exactly what `python3`
/// prints, and when CPython ends in an uncaught error Loupe must end in the same error type.
/// Programs and their coverage: Tests/Corpus (see COVERAGE.md, scripts/corpus_check.py).
final class DifferentialTests: XCTestCase {
    static let corpus = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Corpus/programs", isDirectory: true)
    static let timeout: TimeInterval = 10

    func testCorpusMatchesCPython() throws {
        let loupe = try LoupeBinary.locate()
        let python3 = try LoupeBinary.python3()
        let programs = try FileManager.default.contentsOfDirectory(atPath: Self.corpus.path)
            .filter { $0.hasSuffix(".py") }.sorted()
        XCTAssertGreaterThanOrEqual(programs.count, 300, "the corpus at \(Self.corpus.path) is incomplete")

        // One program per core at a time: each run is a pair of short-lived processes.
        let mismatches = Mismatches()
        DispatchQueue.concurrentPerform(iterations: programs.count) { index in
            let name = programs[index]
            let path = Self.corpus.appendingPathComponent(name).path
            do {
                let python = try Subprocess.run(python3, [path], timeout: Self.timeout)
                guard python.exitedNormally else {
                    mismatches.add(name, "python3 itself did not finish (\(python.endingDescription))")
                    return
                }
                let ours = try Subprocess.run(loupe, ["exec", path], timeout: Self.timeout)
                let problems = Self.differences(python: python, loupe: ours)
                if !problems.isEmpty {
                    mismatches.add(name, "\n" + problems.map { "  " + $0 }.joined(separator: "\n"))
                }
            } catch {
                mismatches.add(name, "could not run: \(error)")
            }
        }
        let report = mismatches.sorted
        XCTAssertTrue(report.isEmpty,
                      "\(report.count) of \(programs.count) programs differ from python3:\n\n"
                      + report.joined(separator: "\n"))
    }

    /// Everything that makes Loupe's run of a program differ from CPython's.
    static func differences(python: ProcessOutcome, loupe: ProcessOutcome) -> [String] {
        var problems: [String] = []
        if !loupe.exitedNormally {
            problems.append("loupe \(loupe.endingDescription); stderr: \(loupe.lastErrorLine)")
        }
        if python.stdout != loupe.stdout {
            problems.append("stdout differs:\n" + diffSnippet(expected: python.stdout, actual: loupe.stdout))
        }
        if python.status == 0 {
            if loupe.exitedNormally && loupe.status != 0 {
                problems.append("python3 succeeded, loupe failed: \(loupe.lastErrorLine)")
            }
        } else if loupe.exitedNormally {
            if loupe.status == 0 {
                problems.append("python3 raised \(python.errorType ?? "?"), loupe exited 0")
            } else if loupe.errorType != python.errorType {
                problems.append("python3 raised \(python.errorType ?? "?"), loupe ended with: \(loupe.lastErrorLine)")
            }
        }
        return problems
    }

    /// The first differing line with a line of context each side, python3's (`-`) against loupe's (`+`).
    static func diffSnippet(expected: String, actual: String) -> String {
        let want = expected.split(separator: "\n", omittingEmptySubsequences: false)
        let got = actual.split(separator: "\n", omittingEmptySubsequences: false)
        let first = (0..<min(want.count, got.count)).first { want[$0] != got[$0] } ?? min(want.count, got.count)
        var lines: [String] = ["    at stdout line \(first + 1):"]
        let low = max(0, first - 1)
        for i in low..<first where i < want.count { lines.append("      \(want[i])") }
        for i in first..<min(first + 3, want.count) { lines.append("    - \(want[i])") }
        if actual.isEmpty { lines.append("    + (loupe printed nothing)") }
        for i in first..<min(first + 3, got.count) where !actual.isEmpty { lines.append("    + \(got[i])") }
        return lines.joined(separator: "\n")
    }
}

/// Mismatch reports gathered from concurrently running programs.
private final class Mismatches: @unchecked Sendable {
    private let lock = NSLock()
    private var reports: [(name: String, text: String)] = []

    func add(_ name: String, _ text: String) {
        lock.lock()
        reports.append((name, text))
        lock.unlock()
    }

    /// `name: text` per program, in program-name order.
    var sorted: [String] {
        lock.lock()
        defer { lock.unlock() }
        return reports.sorted { $0.name < $1.name }.map { "\($0.name): \($0.text)" }
    }
}
