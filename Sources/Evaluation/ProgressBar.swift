import Foundation

/// A progress line on stderr: redrawn in place on a terminal, a line every 5% otherwise (logs).
public final class ProgressBar: @unchecked Sendable {
    public let total: Int
    public let label: String
    private var done = 0
    private var lastPrintedPercent = -5
    private let start = Date()
    private let lock = NSLock()
    private let isTerminal = isatty(STDERR_FILENO) == 1
    private let enabled: Bool

    public init(total: Int, label: String, enabled: Bool = true) {
        self.total = total
        self.label = label
        self.enabled = enabled && total > 0
    }

    public func advance(by n: Int = 1, note: String = "") {
        lock.lock()
        defer { lock.unlock() }
        done += n
        guard enabled else { return }
        let percent = total > 0 ? done * 100 / total : 100
        if !isTerminal && percent < lastPrintedPercent + 5 && done < total { return }
        lastPrintedPercent = percent
        let width = 30
        let filled = total > 0 ? min(width, done * width / total) : width
        let elapsed = max(Date().timeIntervalSince(start), 1e-6)
        let rate = Double(done) / elapsed
        let bar = String(repeating: "=", count: filled) + (filled < width ? ">" : "") + String(repeating: " ", count: max(0, width - filled - 1))
        let line = String(format: "%@ [%@] %d/%d %.1f/s %@", label, bar, done, total, rate, note)
        FileHandle.standardError.write(Data(((isTerminal ? "\r\u{1B}[K" : "") + line + (isTerminal ? "" : "\n")).utf8))
    }

    public func finish() {
        guard enabled, isTerminal else { return }
        FileHandle.standardError.write(Data("\n".utf8))
    }
}
