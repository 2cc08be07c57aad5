import Foundation
import VLM

/// Loads a model or tokenizer, telling stderr about it only when it takes more than a second.
enum ModelLoadingProgress {
    static func load<T>(_ path: String, _ body: () throws -> T) throws -> T {
        let start = Date()
        let announced = ManagedFlag()
        let timer = DispatchWorkItem {
            announced.set()
            FileHandle.standardError.write(Data("loupe: loading \(path)...\n".utf8))
        }
        DispatchQueue.global().asyncAfter(deadline: .now() + 1, execute: timer)
        defer { timer.cancel() }
        let value = try body()
        timer.cancel()
        if announced.isSet {
            FileHandle.standardError.write(Data(String(format: "loupe: loaded in %.1f s\n", Date().timeIntervalSince(start)).utf8))
        }
        return value
    }
}

final class ManagedFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false
    func set() { lock.lock(); value = true; lock.unlock() }
    var isSet: Bool { lock.lock(); defer { lock.unlock() }; return value }
}

/// Writes to stdout without buffering surprises when streaming.
enum StandardOutput {
    static func write(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }
}
