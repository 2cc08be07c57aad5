import Foundation
import XCTest

/// The stand-in Hub (hub_test_server.py) on a free loopback port, serving a repository made from
/// files the test writes; its request log tells the test what was sent and how many bytes.
final class HubTestServer {
    struct LoggedRequest: Decodable {
        var kind: String
        var path: String
        var status: Int
        var range_start: Int?
        var bytes: Int?
        var fault: String?
        var auth: Bool
    }

    let repo: String
    let endpoint: String
    private let process: Process
    private let logURL: URL

    /// `options` are the script's fault switches, e.g. ["--redirect", "--drop", "model.safetensors:1000"].
    init(repo: String, root: URL, options: [String], scratch: URL) throws {
        self.repo = repo
        let id = UUID().uuidString
        let portFile = scratch.appendingPathComponent("port-\(id)")
        logURL = scratch.appendingPathComponent("log-\(id).jsonl")
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("hub_test_server.py")
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script.path, "--root", root.path, "--repo", repo, "--port-file", portFile.path,
                             "--log", logURL.path] + options
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(20)
        while true {
            if let text = try? String(contentsOf: portFile, encoding: .utf8), let port = Int(text) {
                endpoint = "http://127.0.0.1:\(port)"
                return
            }
            guard process.isRunning, Date() < deadline else {
                process.terminate()
                throw XCTSkip("hub_test_server.py did not start (is python3 installed?)")
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
    }

    func stop() {
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
    }

    deinit { stop() }

    var requests: [LoggedRequest] {
        guard let text = try? String(contentsOf: logURL, encoding: .utf8) else { return [] }
        return text.split(separator: "\n").compactMap { try? JSONDecoder().decode(LoggedRequest.self, from: Data($0.utf8)) }
    }

    /// Body bytes the server sent for one repository file (resolve or CDN), over all requests.
    func bytesServed(_ path: String) -> Int {
        requests.filter { ($0.kind == "resolve" || $0.kind == "cdn") && $0.path == path }.reduce(0) { $0 + ($1.bytes ?? 0) }
    }
}

/// What a `loupe` run left: exit status and its two output streams.
struct LoupeRun {
    var status: Int32
    var stdout: String
    var stderr: String
}

enum LoupeProcess {
    /// The `loupe` built beside this test bundle (or `$LOUPE_BINARY`).
    static func binary() throws -> URL {
        var candidates: [URL] = []
        if let override = ProcessInfo.processInfo.environment["LOUPE_BINARY"], !override.isEmpty {
            candidates.append(URL(fileURLWithPath: override))
        }
        for bundle in Bundle.allBundles {
            candidates.append(bundle.bundleURL.deletingLastPathComponent().appendingPathComponent("loupe"))
        }
        candidates.append(URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
            .deletingLastPathComponent().appendingPathComponent("loupe"))
        guard let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0.path) }) else {
            XCTFail("the loupe binary is missing; build it with the tests (`make build`)")
            throw XCTSkip("loupe binary not built")
        }
        return found
    }

    /// Starts `loupe ARGS` with exactly `environment` added to a copy of ours minus any HF_* variables.
    static func start(_ arguments: [String], environment: [String: String], scratch: URL) throws -> (Process, URL, URL) {
        let process = Process()
        process.executableURL = try binary()
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("HF_") }
        env.merge(environment) { $1 }
        process.environment = env
        let id = UUID().uuidString
        let out = scratch.appendingPathComponent("stdout-\(id)")
        let err = scratch.appendingPathComponent("stderr-\(id)")
        for url in [out, err] where !FileManager.default.createFile(atPath: url.path, contents: nil) {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: url.path])
        }
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = try FileHandle(forWritingTo: out)
        process.standardError = try FileHandle(forWritingTo: err)
        try process.run()
        return (process, out, err)
    }

    static func run(_ arguments: [String], environment: [String: String], scratch: URL, timeout: TimeInterval = 60) throws -> LoupeRun {
        let (process, out, err) = try start(arguments, environment: environment, scratch: scratch)
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            XCTFail("loupe \(arguments.joined(separator: " ")) outlived its \(Int(timeout)) s budget")
        }
        return LoupeRun(status: process.terminationStatus,
                        stdout: (try? String(contentsOf: out, encoding: .utf8)) ?? "",
                        stderr: (try? String(contentsOf: err, encoding: .utf8)) ?? "")
    }
}
