import Foundation
import Interpreter
import Tools
import VLM
import XCTest

/// Counts the requests that reach a real backend, to prove cache hits.
final class CountingBackend: PerceptionBackend {
    let inner: PerceptionBackend
    private(set) var calls = 0
    init(_ inner: PerceptionBackend) { self.inner = inner }
    var kind: String { inner.kind }
    var modelIdentifier: String { inner.modelIdentifier }
    var capabilities: Set<PerceptionCapability> { inner.capabilities }
    var isOracle: Bool { inner.isOracle }
    func detect(_ input: PerceptionInput, phrase: String) throws -> [Detection] { calls += 1; return try inner.detect(input, phrase: phrase) }
    func answer(_ input: PerceptionInput, question: String) throws -> String { calls += 1; return try inner.answer(input, question: question) }
    func caption(_ input: PerceptionInput) throws -> String { calls += 1; return try inner.caption(input) }
    func score(_ input: PerceptionInput, texts: [String]) throws -> [Double] { calls += 1; return try inner.score(input, texts: texts) }
    func chooseForVideo(frames: [SourceImage], question: String, options: [String]) throws -> String {
        calls += 1
        return try inner.chooseForVideo(frames: frames, question: question, options: options)
    }
}

enum ToolsTestSupport {
    static func temporaryDirectory(_ name: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("loupe-tools-\(name)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Runs `execute_command(image)` of `source` on an in-memory image under the oracle and
    /// returns the rendered answer or the error text.
    static func run(_ source: String, image: RGBImage, backend: PerceptionBackend = OracleBackend()) throws -> (answer: String?, error: RunError?) {
        let toolkit = VisionToolkit(perception: Perception(backend: backend))
        let interpreter = Interpreter(registry: toolkit.registry())
        let defined = interpreter.run(source: source)
        if let error = defined.error { return (nil, error) }
        let result = interpreter.call("execute_command", [toolkit.value(try ImageView(source: SourceImage(image: image)))])
        return (result.value.map(VisualProgramRun.render), result.error)
    }

    /// `loupe` built beside the test bundle (same scratch path and configuration).
    static var loupeBinary: URL {
        // On Linux the bundle URL is the build folder itself; elsewhere it is the .xctest inside it.
        let bundle = Bundle(for: BundleMarker.self).bundleURL
        let folder = bundle.pathExtension == "xctest" ? bundle.deletingLastPathComponent() : bundle
        return folder.appendingPathComponent("loupe")
    }

    struct ProcessResult { var status: Int32; var stdout: String; var stderr: String }

    static func runLoupe(_ arguments: [String], environment: [String: String] = [:]) throws -> ProcessResult {
        let binary = loupeBinary
        guard FileManager.default.isExecutableFile(atPath: binary.path) else {
            throw XCTSkip("the loupe binary is not built beside the tests at \(binary.path); build the loupe product first")
        }
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return ProcessResult(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                             stderr: String(decoding: errData, as: UTF8.self))
    }
}

final class BundleMarker {}
