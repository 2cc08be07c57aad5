import ArgumentParser
import Foundation
import Interpreter
import Tools

/// `loupe check FILE`: the static checker's findings for a program, one `LINE:COL: message` a line.
struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check a program statically (syntax, refused constructs, names, host calls) without running it.")

    @ArgumentParser.Argument(help: "The program file. Exit status: 0 clean, 1 findings, 2 unreadable file.")
    var file: String

    func run() throws {
        // Exit 2 (not 1) when there is no program to check, so callers can tell it from findings.
        guard let data = FileManager.default.contents(atPath: file) else {
            FileHandle.standardError.write(Data("error: cannot read program file '\(file)': no such file or not readable\n".utf8))
            throw ExitCode(2)
        }
        guard let source = String(data: data, encoding: .utf8) else {
            FileHandle.standardError.write(Data("error: program file '\(file)' is not valid UTF-8\n".utf8))
            throw ExitCode(2)
        }
        let findings = Check.findings(in: source, registry: VisionToolkit.declaredAPI())
        for finding in findings { print(finding) }
        if !findings.isEmpty { throw ExitCode(1) }
    }

    /// The findings for a program against the given host registrations (the whole vision API's
    /// by default; an empty registry checks the language alone).
    static func findings(in source: String, registry: HostRegistry) -> [Diagnostic] {
        Checker.check(source, registry: registry)
    }
}
