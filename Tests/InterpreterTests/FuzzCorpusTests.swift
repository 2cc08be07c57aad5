import Foundation
import XCTest
@testable import Interpreter

/// Replays the fuzzer's seed corpus (`Fuzz/corpus/interpreter`, which also keeps every input that
/// once crashed, named `crash-*`) through the checker and the evaluator in this process, with the
/// fuzz target's limits: each must end normally, and both must agree on syntax errors.
final class FuzzCorpusTests: XCTestCase {
    static let corpus = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fuzz/corpus/interpreter", isDirectory: true)

    func testEveryCorpusProgramEndsCleanly() throws {
        var limits = Limits()
        limits.maxSteps = 20_000
        limits.maxWallSeconds = 2
        limits.maxRecursionDepth = 100
        limits.maxCollectionSize = 100_000
        limits.maxStringLength = 100_000
        limits.maxTotalAllocation = 1_000_000
        limits.maxOutputBytes = 100_000
        let names = try FileManager.default.contentsOfDirectory(atPath: Self.corpus.path).sorted()
        XCTAssertGreaterThan(names.count, 30)
        for name in names {
            let data = try Data(contentsOf: Self.corpus.appendingPathComponent(name))
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
