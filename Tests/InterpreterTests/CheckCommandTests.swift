import Foundation
import XCTest

/// `loupe check FILE` as a user runs it: findings on stdout as `LINE:COL: message`, exit status
/// 0 only for a clean program, a clear error for a file that is not there.
final class CheckCommandTests: XCTestCase {
    private func check(_ program: String) throws -> ProcessOutcome {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("loupe-check-\(UUID().uuidString).py")
        try program.write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        return try Subprocess.run(try LoupeBinary.locate(), ["check", file.path], timeout: 30)
    }

    func testCleanProgramExitsZeroAndPrintsNothing() throws {
        let outcome = try check("def f(x):\n    return [v * 2 for v in x]\nprint(f([1, 2]))\n")
        XCTAssertEqual(outcome.status, 0, outcome.stderr)
        XCTAssertEqual(outcome.stdout, "")
    }

    func testFindingsArePrintedOneALineAndExitOne() throws {
        let outcome = try check("import os\nprint(undefined)\nclass A:\n    pass\n")
        XCTAssertEqual(outcome.status, 1)
        XCTAssertEqual(outcome.stdout.split(separator: "\n").map(String.init), [
            "1:1: import of 'os' is not allowed in Loupe programs (only 'math' can be imported)",
            "2:7: name 'undefined' is not defined",
            "3:1: class definitions are not supported in Loupe programs",
        ])
    }

    func testSyntaxErrorIsReportedWithItsPosition() throws {
        let outcome = try check("x = (1,\ny = 2\n")
        XCTAssertEqual(outcome.status, 1)
        XCTAssertEqual(outcome.stdout, "1:5: '(' was never closed\n")
    }

    func testMissingFileIsAClearError() throws {
        let outcome = try Subprocess.run(try LoupeBinary.locate(), ["check", "/nonexistent/program.py"], timeout: 30)
        XCTAssertEqual(outcome.status, 2)
        XCTAssertEqual(outcome.reason, .exit)
        XCTAssertEqual(outcome.stderr, "error: cannot read program file '/nonexistent/program.py': no such file or not readable\n")
    }
}
