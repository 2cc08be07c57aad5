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

    @OptionGroup(title: "Visual programs")
    var visual: VisualExecOptions

    func run() throws {
        guard let data = FileManager.default.contents(atPath: file) else {
            FileHandle.standardError.write(Data("loupe exec: cannot read program file '\(file)': no such file or not readable\n".utf8))
            throw ExitCode(2)
        }
        guard let source = String(data: data, encoding: .utf8) else {
            FileHandle.standardError.write(Data("loupe exec: program file '\(file)' is not valid UTF-8\n".utf8))
            throw ExitCode(2)
        }
        var limits = Limits()
        limits.maxSteps = maxSteps
        limits.maxWallSeconds = timeout
        limits.maxRecursionDepth = maxRecursionDepth
        limits.maxCollectionSize = maxCollectionSize
        limits.maxStringLength = maxStringLength
        if visual.isRequested { return try visual.run(file: file, source: source, limits: limits) }
        let interpreter = Interpreter(limits: limits)
        // Buffered like CPython's stdout when it is not a terminal: one write per 64 KiB.
        var pending = Data()
        let result = interpreter.run(source: source, path: file) { text in
            pending.append(contentsOf: text.utf8)
            if pending.count >= 1 << 16 {
                FileHandle.standardOutput.write(pending)
                pending.removeAll(keepingCapacity: true)
            }
        }
        FileHandle.standardOutput.write(pending)
        if let error = result.error {
            FileHandle.standardError.write(Data((error.traceback + "\n").utf8))
            throw ExitCode(1)
        }
    }
}
