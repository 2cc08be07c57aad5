import Foundation

/// One run of the built `loupe` binary, timed, with its output captured in files (two pipes read
/// one after the other can deadlock when the second fills up). A run past `deadline` seconds is
/// killed and reported as timed out, so a hang fails the test instead of stalling the suite.
struct LoupeProcess {
    var status: Int32
    var stdout: String
    var stderr: String
    var seconds: Double
    var timedOut: Bool

    var lastLine: String { stdout.split(separator: "\n").last.map(String.init) ?? "" }

    static func run(_ arguments: [String], deadline: Double = 600) throws -> LoupeProcess {
        let folder = try TestSupport.temporaryDirectory("loupe-process")
        defer { try? FileManager.default.removeItem(at: folder) }
        let outURL = folder.appendingPathComponent("stdout"), errURL = folder.appendingPathComponent("stderr")
        try Data().write(to: outURL)
        try Data().write(to: errURL)
        let out = try FileHandle(forWritingTo: outURL), err = try FileHandle(forWritingTo: errURL)
        let process = Process()
        process.executableURL = try TestSupport.loupeBinary()
        process.arguments = arguments
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        let start = Date()
        try process.run()
        var timedOut = false
        while process.isRunning {
            if Date().timeIntervalSince(start) > deadline {
                timedOut = true
                kill(process.processIdentifier, SIGKILL)
                break
            }
            usleep(20_000)
        }
        process.waitUntilExit()
        let seconds = Date().timeIntervalSince(start)
        try out.close()
        try err.close()
        return LoupeProcess(status: process.terminationStatus,
                            stdout: String(decoding: try Data(contentsOf: outURL), as: UTF8.self),
                            stderr: String(decoding: try Data(contentsOf: errURL), as: UTF8.self),
                            seconds: seconds, timedOut: timedOut)
    }
}
