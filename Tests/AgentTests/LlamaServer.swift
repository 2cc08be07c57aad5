import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// llama-cpp-python's OpenAI-compatible server (`python3 -m llama_cpp.server`) on 127.0.0.1,
/// serving the Gemma 3 270M GGUF that scripts/bootstrap.sh installs, for end-to-end tests of
/// the `openai:` controller against a real server.
final class LlamaServer {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    static let modelAlias = "gemma3-270m"

    /// The GGUF where scripts/bootstrap.sh assembles it.
    static var modelPath: String {
        let home = ProcessInfo.processInfo.environment["LOUPE_HOME"]
            ?? FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".cache/loupe").path
        return URL(fileURLWithPath: home).appendingPathComponent("models/gemma3-270m-q4_k_m.gguf").path
    }

    let port: Int
    let log: URL
    private let process: Process

    var baseURL: String { "http://127.0.0.1:\(port)/v1" }

    /// Starts the server and waits (at most `readyWithin` seconds) until it answers `GET /v1/models`,
    /// which it does only after the model is loaded. Fails, never skips, when llama-cpp-python's
    /// server or the model is missing: CI must run this test (scripts/bootstrap.sh installs both).
    init(contextLength: Int, logFolder: URL, readyWithin: Double = 240) throws {
        try LlamaServer.checkInstalled()
        port = try LoopbackSockets.freePort()
        log = logFolder.appendingPathComponent("llama-server.log")
        try Data().write(to: log)
        let output = try FileHandle(forWritingTo: log)
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        // The server gets SIGKILL when the test runner dies (PR_SET_PDEATHSIG survives exec), so
        // a crashed test run leaves no server behind; a normal run stops it in `stop()`.
        let launcher = "import ctypes, os, signal, sys; ctypes.CDLL(None).prctl(1, signal.SIGKILL); "
            + "os.execvp(sys.executable, [sys.executable, '-m', 'llama_cpp.server'] + sys.argv[1:])"
        // One thread: llama.cpp's threads spin at barriers, which on a busy 2-core machine made
        // two threads 20x slower than one (6.3 s against 0.28 s per token at load average 22).
        process.arguments = ["python3", "-c", launcher,
                             "--model", LlamaServer.modelPath, "--model_alias", LlamaServer.modelAlias,
                             "--host", "127.0.0.1", "--port", "\(port)", "--n_ctx", "\(contextLength)",
                             "--n_threads", "1", "--n_threads_batch", "1", "--chat_format", "gemma", "--seed", "0"]
        process.standardOutput = output
        process.standardError = output
        process.standardInput = FileHandle.nullDevice
        try process.run()
        do {
            try waitUntilReady(within: readyWithin)
        } catch {
            stop()
            throw error
        }
    }

    static func checkInstalled() throws {
        guard FileManager.default.fileExists(atPath: modelPath) else {
            throw Failure(description: "no model at \(modelPath): run scripts/bootstrap.sh")
        }
        let probe = Process()
        probe.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        // `import llama_cpp.server` alone succeeds without the server extras; the app and uvicorn need them.
        probe.arguments = ["python3", "-c", "import llama_cpp, llama_cpp.server.app, uvicorn; print(llama_cpp.__version__)"]
        let output = Pipe()
        probe.standardOutput = output
        probe.standardError = output
        try probe.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        probe.waitUntilExit()
        guard probe.terminationStatus == 0 else {
            throw Failure(description: "llama-cpp-python's server is not installed for python3 "
                + "(\(text.split(separator: "\n").last ?? "")): run scripts/bootstrap.sh")
        }
    }

    private func waitUntilReady(within seconds: Double) throws {
        let deadline = Date().addingTimeInterval(seconds)
        let models = URL(string: "\(baseURL)/models")!
        while Date() < deadline {
            guard process.isRunning else {
                throw Failure(description: "llama_cpp.server exited with status \(process.terminationStatus) before it was ready:\n\(logTail())")
            }
            if LlamaServer.get(models) == 200 { return }
            usleep(250_000)
        }
        throw Failure(description: "llama_cpp.server on port \(port) not ready within \(Int(seconds)) s:\n\(logTail())")
    }

    /// The HTTP status of a GET, or nil when there is no reply within 2 s.
    private static func get(_ url: URL) -> Int? {
        final class Status: @unchecked Sendable { var code: Int? }
        let status = Status()
        let done = DispatchSemaphore(value: 0)
        let task = URLSession.shared.dataTask(with: URLRequest(url: url, timeoutInterval: 2)) { _, response, _ in
            status.code = (response as? HTTPURLResponse)?.statusCode
            done.signal()
        }
        task.resume()
        if done.wait(timeout: .now() + 3) == .timedOut {
            task.cancel()
            return nil
        }
        return status.code
    }

    var logText: String {
        String(decoding: (try? Data(contentsOf: log)) ?? Data(), as: UTF8.self)
    }

    func logTail(lines: Int = 30) -> String {
        logText.split(separator: "\n").suffix(lines).joined(separator: "\n")
    }

    /// Requests the server answered with 200 on `path` (uvicorn's access log lines).
    func answeredRequests(_ path: String) -> Int {
        logText.components(separatedBy: "\"POST \(path) HTTP/1.1\" 200").count - 1
    }

    /// SIGTERM (uvicorn shuts down cleanly), SIGKILL after 10 s.
    func stop() {
        guard process.isRunning else { return }
        process.terminate()
        let deadline = Date().addingTimeInterval(10)
        while process.isRunning && Date() < deadline { usleep(50_000) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }

    deinit { stop() }
}
