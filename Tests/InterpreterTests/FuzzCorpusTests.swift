import Foundation
import XCTest
@testable import Interpreter

/// Replays the fuzzer's seed corpora (`Fuzz/corpus/interpreter`, which also keeps every input that
/// once crashed, named `crash-*`, and the parser's differential programs) through the checker and the evaluator in this process, with the
/// fuzz target's limits: each must end normally, and both must agree on syntax errors.
final class FuzzCorpusTests: XCTestCase {
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let corpora = ["Fuzz/corpus/interpreter", "Tests/InterpreterTests/Reference/parser"]
        .map { root.appendingPathComponent($0, isDirectory: true) }

    func testEveryCorpusProgramEndsCleanly() throws {
        var limits = Limits()
        limits.maxSteps = 20_000
        limits.maxWallSeconds = 2
        limits.maxRecursionDepth = 100
        limits.maxCollectionSize = 100_000
        limits.maxStringLength = 100_000
        limits.maxTotalAllocation = 1_000_000
        limits.maxOutputBytes = 100_000
        let files = try Self.corpora.flatMap { folder in
            try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
                .filter { !$0.hasSuffix(".ast") }.map { folder.appendingPathComponent($0) }
        }
        XCTAssertGreaterThan(files.count, 40)
        for file in files {
            let name = file.lastPathComponent
            let data = try Data(contentsOf: file)
            let source = String(decoding: data, as: UTF8.self)
            let findings = Checker.check(source, registry: HostRegistry())
            let result = Interpreter(limits: limits).run(source: source, output: nil)
            var parseError: Diagnostic?
            do { _ = try Parser.parse(source) } catch { parseError = error as? Diagnostic }
            if let parseError {
                XCTAssertEqual(findings, [parseError], name)
                XCTAssertEqual(result.error?.typeName, parseError.kind, name)
            }
        }
    }
}
