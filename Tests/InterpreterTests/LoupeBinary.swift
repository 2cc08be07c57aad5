import Foundation
import XCTest

/// Finds the `loupe` executable the tests drive as a subprocess: the one built beside the test bundle
/// (`.build/<config>/` of whatever scratch path built the tests), or `$LOUPE_BINARY` when set.
enum LoupeBinary {
    static func locate(file: StaticString = #filePath, line: UInt = #line) throws -> URL {
        var candidates: [URL] = []
        if let override = ProcessInfo.processInfo.environment["LOUPE_BINARY"], !override.isEmpty {
            candidates.append(URL(fileURLWithPath: override))
        }
        for bundle in Bundle.allBundles {
            candidates.append(bundle.bundleURL.deletingLastPathComponent().appendingPathComponent("loupe"))
            candidates.append(bundle.bundleURL.appendingPathComponent("loupe"))
        }
        // On Linux the test bundle is an executable in the build products folder.
        let me = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        candidates.append(me.deletingLastPathComponent().appendingPathComponent("loupe"))
        if let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0.path) }) {
            return found
        }
        let looked = candidates.map(\.path).joined(separator: ", ")
        XCTFail("the loupe binary is missing; build it with the tests (`make build`). Looked in: \(looked)",
                file: file, line: line)
        throw XCTSkip("loupe binary not built")
    }

    /// The real `python3` executable (not a version-manager shim, which costs ~0.3 s per start),
    /// as reported by the `python3` found on PATH.
    static func python3(file: StaticString = #filePath, line: UInt = #line) throws -> URL {
        let probe = try Subprocess.run(URL(fileURLWithPath: "/usr/bin/env"),
                                       ["python3", "-c", "import sys; print(sys.executable)"], timeout: 30)
        let path = probe.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        guard probe.exitedNormally, probe.status == 0, FileManager.default.isExecutableFile(atPath: path) else {
            XCTFail("python3 is not on PATH (scripts/bootstrap.sh installs it): \(probe.lastErrorLine)",
                    file: file, line: line)
            throw XCTSkip("python3 missing")
        }
        return URL(fileURLWithPath: path)
    }
}
