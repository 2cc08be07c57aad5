import ArgumentParser
import Foundation
import Interpreter

/// `loupe check FILE`: the static checker's findings for a program, one `LINE:COL: message` a line.
struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check a program statically (syntax, refused constructs, names, host calls) without running it.")

    @ArgumentParser.Argument(help: "The program file.")
    var file: String

    func run() throws {
        guard let data = FileManager.default.contents(atPath: file) else {
            throw ValidationError("cannot read program file '\(file)': no such file or not readable")
        }
        guard let source = String(data: data, encoding: .utf8) else {
            throw ValidationError("program file '\(file)' is not valid UTF-8")
        }
        let findings = Check.findings(in: source, registry: HostRegistry())
        for finding in findings { print(finding) }
        if !findings.isEmpty { throw ExitCode(1) }
    }

    /// The findings for a program against the given host registrations (the vision API's, once
    /// Tools registers them; an empty registry checks the language alone).
    static func findings(in source: String, registry: HostRegistry) -> [Diagnostic] {
        Checker.check(source, registry: registry)
    }
}
