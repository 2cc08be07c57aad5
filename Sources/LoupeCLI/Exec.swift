import ArgumentParser
import Foundation
import Interpreter

/// `loupe exec FILE`: runs a program the way `python3 FILE` would, inside Loupe's sandbox.
struct Exec: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run a program in Loupe's language (a sandboxed Python subset) like `python3 FILE`.")

    @ArgumentParser.Argument(help: "The program file.")
    var file: String

    @Option(help: "Most statements and loop iterations to execute.")
    var maxSteps: Int = Limits.default.maxSteps

    @Option(help: "Wall-clock limit in seconds.")
    var timeout: Double = Limits.default.maxWallSeconds

    @Option(help: "Deepest call nesting (RecursionError beyond).")
    var maxRecursionDepth: Int = Limits.default.maxRecursionDepth

    @Option(help: "Most elements in any one collection.")
    var maxCollectionSize: Int = Limits.default.maxCollectionSize

    @Option(help: "Most bytes in any one string.")
    var maxStringLength: Int = Limits.default.maxStringLength

    func run() throws {
        guard let data = FileManager.default.contents(atPath: file) else {
            throw ValidationError("cannot read program file '\(file)': no such file or not readable")
        }
        guard let source = String(data: data, encoding: .utf8) else {
            throw ValidationError("program file '\(file)' is not valid UTF-8")
        }
        var limits = Limits()
        limits.maxSteps = maxSteps
        limits.maxWallSeconds = timeout
        limits.maxRecursionDepth = maxRecursionDepth
        limits.maxCollectionSize = maxCollectionSize
        limits.maxStringLength = maxStringLength
        let interpreter = Interpreter(limits: limits)
        let result = interpreter.run(source: source, path: file) { text in
            FileHandle.standardOutput.write(Data(text.utf8))
        }
        if let error = result.error {
            FileHandle.standardError.write(Data((error.traceback + "\n").utf8))
            throw ExitCode(1)
        }
    }
}
