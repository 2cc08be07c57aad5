import Foundation
import XCTest

/// Hostile programs must end with a clear error, promptly, without crashing the host process.
///
/// Each file in Tests/Corpus/adversarial declares in its leading comments what must happen:
///   `# expect: TEXT`          the last stderr line (the error) contains TEXT (case-insensitive); repeatable
///   `# expect-any: A | B`     it contains at least one of the alternatives
///   `# expect-exit: 0`        the program must succeed instead (traps: extreme values handled correctly)
///   `# may-succeed`           exiting 0 is also acceptable; `# stdout-if-success: TEXT` then gives its output
///   `# stdout: TEXT`          one line of the exact expected stdout; repeatable
///   `# stdout-excludes: TEXT` stdout must not contain TEXT
///   `# budget: SECONDS`       wall-clock cap (default 15 s)
/// Every case must also end by itself (not be killed at its budget) and not die from a signal:
/// a Swift trap shows as SIGILL/SIGTRAP, a stack overflow as SIGSEGV. Loupe runs with its own
/// wall-clock limit lowered to `loupeTimeout` so that limit is exercised inside the budget; the
/// other limits keep their defaults.
final class AdversarialTests: XCTestCase {
    static let folder = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Corpus/adversarial", isDirectory: true)
    static let loupeTimeout = "10"
    /// Address-space cap (KiB) for each hostile run, so a limit Loupe fails to enforce shows up as a
    /// failed case instead of exhausting the machine's memory.
    static let memoryCapKiB = 8 * 1024 * 1024

    /// Runs one hostile program under the memory cap; `exec` keeps signals and exit codes Loupe's own.
    static func runHostile(_ loupe: URL, _ program: URL, budget: TimeInterval) throws -> ProcessOutcome {
        try Subprocess.run(URL(fileURLWithPath: "/bin/sh"),
                           ["-c", "ulimit -v \(memoryCapKiB) && exec \"$0\" \"$@\"",
                            loupe.path, "exec", "--timeout", loupeTimeout, program.path],
                           timeout: budget)
    }

    struct Expectation {
        var contains: [String] = []
        var containsAny: [String] = []
        var mustSucceed = false
        var maySucceed = false
        var stdout: [String] = []
        var stdoutIfSuccess: [String] = []
        var stdoutExcludes: [String] = []
        var budget: TimeInterval = 15

        init(header text: String) {
            for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
                guard line.hasPrefix("#") else { break }
                let body = line.dropFirst().trimmingCharacters(in: .whitespaces)
                let parts = body.split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                let key = parts[0]
                let value = parts.count > 1 ? parts[1] : ""
                switch key {
                case "expect": contains.append(value)
                case "expect-any": containsAny += value.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
                case "expect-exit": mustSucceed = value == "0"
                case "may-succeed": maySucceed = true
                case "stdout": stdout.append(value)
                case "stdout-if-success": stdoutIfSuccess.append(value)
                case "stdout-excludes": stdoutExcludes.append(value)
                case "budget": budget = TimeInterval(value) ?? budget
                default: continue
                }
            }
        }

        var isDeclared: Bool { mustSucceed || !contains.isEmpty || !containsAny.isEmpty }

        /// What is wrong with `run`, or an empty list.
        func problems(_ run: ProcessOutcome) -> [String] {
            var problems: [String] = []
            if run.timedOut {
                return ["did not stop within its \(budget) s budget (a hang)"]
            }
            if run.reason == .uncaughtSignal {
                return ["crashed: killed by signal \(run.status); stderr tail: \(run.lastErrorLine)"]
            }
            for text in stdoutExcludes where run.stdout.contains(text) {
                problems.append("stdout contains \"\(text)\"")
            }
            let lines = run.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            let printed = lines.last == "" ? Array(lines.dropLast()) : lines
            if run.status == 0 {
                if !(mustSucceed || maySucceed) {
                    problems.append("exited 0; expected an error containing \((contains + containsAny).joined(separator: " / "))")
                }
                let wanted = mustSucceed ? stdout : stdoutIfSuccess
                if (mustSucceed || !stdoutIfSuccess.isEmpty) && printed != wanted {
                    problems.append("stdout \(printed) instead of \(wanted)")
                }
                return problems
            }
            if mustSucceed {
                return problems + ["failed (exit \(run.status)) but must succeed: \(run.lastErrorLine)"]
            }
            let error = run.lastErrorLine.lowercased()
            for text in contains where !error.contains(text.lowercased()) {
                problems.append("error line lacks \"\(text)\": \(run.lastErrorLine)")
            }
            if !containsAny.isEmpty && !containsAny.contains(where: { error.contains($0.lowercased()) }) {
                problems.append("error line has none of \(containsAny.joined(separator: " | ")): \(run.lastErrorLine)")
            }
            if !stdout.isEmpty && printed != stdout {
                problems.append("stdout \(printed) instead of \(stdout)")
            }
            return problems
        }
    }

    func testHostilePrograms() throws {
        let loupe = try LoupeBinary.locate()
        let names = try FileManager.default.contentsOfDirectory(atPath: Self.folder.path)
            .filter { $0.hasSuffix(".py") }.sorted()
        XCTAssertGreaterThan(names.count, 100, "the adversarial suite at \(Self.folder.path) is incomplete")
        var failures: [String] = []
        for name in names {
            let url = Self.folder.appendingPathComponent(name)
            let expectation = Expectation(header: try String(contentsOf: url, encoding: .utf8))
            guard expectation.isDeclared else {
                failures.append("\(name): declares no `# expect` header")
                continue
            }
            let run = try Self.runHostile(loupe, url, budget: expectation.budget)
            let problems = expectation.problems(run)
            if !problems.isEmpty {
                failures.append("\(name) (\(String(format: "%.2f", run.seconds)) s):\n"
                                + problems.map { "  " + $0 }.joined(separator: "\n"))
            }
        }
        XCTAssertTrue(failures.isEmpty, "\(failures.count) of \(names.count) hostile programs misbehaved:\n\n"
                      + failures.joined(separator: "\n"))
    }

    /// Programs too large to keep as files: deeply nested or very long expressions and blocks.
    /// Loupe may run them (then they print what CPython would if it had no nesting limits) or refuse
    /// them with an error about nesting; it must not overflow its stack.
    static let nestingCases: [(name: String, source: String, output: String)] = {
        let n = 100_000
        func nestedDefs(_ depth: Int) -> String {
            var s = ""
            for i in 0..<depth { s += String(repeating: " ", count: i) + "def f\(i)():\n" }
            s += String(repeating: " ", count: depth) + "return 1\n"
            return s + "print(f0() is None)\n"
        }
        func nestedIfs(_ depth: Int) -> String {
            var s = ""
            for i in 0..<depth { s += String(repeating: " ", count: i) + "if True:\n" }
            return s + String(repeating: " ", count: depth) + "print('deep')\n"
        }
        return [
            ("parentheses", "print(" + String(repeating: "(", count: n) + "1" + String(repeating: ")", count: n) + ")\n", "1"),
            ("unary minus chain", "print(" + String(repeating: "-", count: n) + "1)\n", "1"),
            ("not chain", "print(" + String(repeating: "not ", count: n) + "True)\n", "True"),
            ("binary chain 10k", "print(1" + String(repeating: " + 1", count: 9_999) + ")\n", "10000"),
            ("binary chain 100k", "print(1" + String(repeating: "+1", count: n - 1) + ")\n", "100000"),
            ("power chain", "print(1" + String(repeating: " ** 1", count: 10_000) + ")\n", "1"),
            ("comparison chain", "print(1" + String(repeating: " == 1", count: 10_000) + ")\n", "True"),
            ("nested lists", "x = " + String(repeating: "[", count: n) + String(repeating: "]", count: n) + "\nprint(len(x))\n", "1"),
            ("nested dicts", "x = " + String(repeating: "{'a': ", count: 50_000) + "1" + String(repeating: "}", count: 50_000) + "\nprint(len(x))\n", "1"),
            ("nested calls", "print(" + String(repeating: "abs(", count: n) + "-1" + String(repeating: ")", count: n) + ")\n", "1"),
            ("method chain", "print(len('a'" + String(repeating: ".upper()", count: n) + "))\n", "1"),
            ("subscript chain", "x = [0]\nx[0] = x\nprint(len(x" + String(repeating: "[0]", count: n) + "))\n", "1"),
            ("nested lambdas", "f = " + String(repeating: "lambda: ", count: 10_000) + "1\nprint(f is not None)\n", "True"),
            ("conditional chain", "print(" + String(repeating: "0 if False else ", count: 10_000) + "1)\n", "1"),
            ("nested defs", nestedDefs(1_000), "True"),
            ("nested ifs", nestedIfs(1_000), "deep"),
            ("many statements", String(repeating: "x = 1\n", count: n) + "print(x)\n", "1"),
            ("long string literal", "s = '" + String(repeating: "ab", count: 1_000_000) + "'\nprint(len(s))\n", "2000000"),
        ]
    }()

    func testDeepNestingNeverCrashes() throws {
        let loupe = try LoupeBinary.locate()
        let folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("loupe-nesting-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let refusalWords = ["nest", "deep", "indent", "recursion", "too many", "limit"]
        var failures: [String] = []
        for (index, c) in Self.nestingCases.enumerated() {
            let url = folder.appendingPathComponent("case\(index).py")
            try c.source.write(to: url, atomically: true, encoding: .utf8)
            let run = try Self.runHostile(loupe, url, budget: 15)
            let error = run.lastErrorLine.lowercased()
            if !run.exitedNormally {
                failures.append("\(c.name): \(run.endingDescription); stderr tail: \(run.lastErrorLine)")
            } else if run.status == 0 && run.stdout != c.output + "\n" {
                failures.append("\(c.name): printed \(run.stdout.prefix(80).debugDescription) instead of \(c.output)")
            } else if run.status != 0 && !refusalWords.contains(where: error.contains) {
                failures.append("\(c.name): failed without naming the nesting: \(run.lastErrorLine)")
            }
        }
        XCTAssertTrue(failures.isEmpty, "\(failures.count) of \(Self.nestingCases.count) nesting cases misbehaved:\n"
                      + failures.joined(separator: "\n"))
    }
}
