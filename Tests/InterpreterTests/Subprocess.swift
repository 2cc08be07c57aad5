import Foundation

/// What a child process left behind: its output, how it ended and how long it took.
struct ProcessOutcome {
    var stdout: String
    var stderr: String
    /// The exit status, or the signal number when `reason` is `.uncaughtSignal`.
    var status: Int32
    var reason: Process.TerminationReason
    /// True when the process outlived its time budget and was killed.
    var timedOut: Bool
    var seconds: Double

    var exitedNormally: Bool { reason == .exit && !timedOut }

    /// The last non-empty stderr line: a traceback's `ErrorType: message`.
    var lastErrorLine: String {
        stderr.split(separator: "\n", omittingEmptySubsequences: true).last.map(String.init) ?? ""
    }

    /// The `ErrorType` of `lastErrorLine` (the text before its first colon).
    var errorType: String? {
        let line = lastErrorLine.trimmingCharacters(in: .whitespaces)
        if line.isEmpty { return nil }
        return String(line.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)[0])
    }

    /// One line saying how the process ended, for failure messages.
    var endingDescription: String {
        if timedOut { return "killed after its \(String(format: "%.1f", seconds)) s budget" }
        if reason == .uncaughtSignal { return "died from signal \(status) (a crash)" }
        return "exit \(status)"
    }
}

enum Subprocess {
    /// Runs `executable` with `arguments`, killing it if it outlives `timeout` seconds.
    /// Output goes to temporary files rather than pipes so a chatty child can never block on a full pipe.
    static func run(_ executable: URL, _ arguments: [String], timeout: TimeInterval) throws -> ProcessOutcome {
        let folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("loupe-subprocess-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let outURL = folder.appendingPathComponent("stdout")
        let errURL = folder.appendingPathComponent("stderr")
        for url in [outURL, errURL] where !FileManager.default.createFile(atPath: url.path, contents: nil) {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: url.path])
        }
        let outHandle = try FileHandle(forWritingTo: outURL)
        let errHandle = try FileHandle(forWritingTo: errURL)

        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = outHandle
        process.standardError = errHandle
        let finished = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in finished.signal() }

        let start = Date()
        try process.run()
        var timedOut = false
        if finished.wait(timeout: .now() + timeout) == .timedOut {
            timedOut = true
            process.terminate()
            if finished.wait(timeout: .now() + 2) == .timedOut {
                kill(process.processIdentifier, SIGKILL)
                finished.wait()
            }
        }
        let seconds = Date().timeIntervalSince(start)
        try outHandle.close()
        try errHandle.close()
        return ProcessOutcome(
            stdout: String(decoding: try Data(contentsOf: outURL), as: UTF8.self),
            stderr: String(decoding: try Data(contentsOf: errURL), as: UTF8.self),
            status: process.terminationStatus,
            reason: process.terminationReason,
            timedOut: timedOut,
            seconds: seconds)
    }
}
