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

    /// `python3` from PATH, run through /usr/bin/env.
    static let env = URL(fileURLWithPath: "/usr/bin/env")
}
