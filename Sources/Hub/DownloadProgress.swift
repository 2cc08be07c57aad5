import Foundation

/// Reports a download on stderr. On a terminal one line is redrawn in place: files done of all,
/// the file under way longest (and how many more are), bytes, a bar, rate and time left. Elsewhere (logs, pipes) a line per finished file, and nothing with `.quiet`.
public final class DownloadProgress: @unchecked Sendable {
    public enum Style: Sendable {
        case bar, lines, quiet
    }

    private let style: Style
    private let lock = NSLock()
    private let write: (String) -> Void
    private var totalFiles = 0
    private var doneFiles = 0
    /// Files under way, oldest first.
    private var active: [String] = []
    private var totalBytes: Int64 = 0
    private var doneBytes: Int64 = 0
    /// Bytes that came over the network in this run, with when, for the rate.
    private var samples: [(time: Double, bytes: Int64)] = []
    private var transferred: Int64 = 0
    private var lastDraw = 0.0
    private var lineIsOpen = false

    public init(style: Style, write: @escaping (String) -> Void = { FileHandle.standardError.write(Data($0.utf8)) }) {
        self.style = style
        self.write = write
    }

    /// The style a command line wants: a bar on a terminal, lines otherwise, nothing when quiet.
    public static func style(quiet: Bool) -> Style {
        quiet ? .quiet : (isatty(STDERR_FILENO) == 1 ? .bar : .lines)
    }

    func begin(files: Int, bytes: Int64) {
        locked {
            totalFiles = files
            totalBytes = bytes
        }
    }

    func startFile(_ path: String, size: Int64, resumedAt offset: Int64) {
        locked {
            active.append(path)
            doneBytes += offset
            if offset > 0 && style != .quiet {
                emitLine("resuming \(path) at \(Self.bytes(offset)) of \(Self.bytes(size))")
            }
            draw(force: true)
        }
    }

    func advance(bytes: Int64) {
        locked {
            doneBytes += bytes
            transferred += bytes
            draw(force: false)
        }
    }

    /// Bytes counted earlier that had to be thrown away (a partial file that was not a prefix).
    func discard(bytes: Int64) {
        locked { doneBytes -= bytes }
    }

    func finishFile(_ path: String, size: Int64) {
        locked {
            doneFiles += 1
            active.removeAll { $0 == path }
            if style == .lines { emitLine("fetched \(path) (\(Self.bytes(size)))") }
            draw(force: true)
        }
    }

    /// A message that must stay visible (a retry), printed above the bar.
    func note(_ text: String) {
        locked { if style != .quiet { emitLine(text) } }
    }

    /// Ends the bar's line so later output starts on a fresh one.
    public func end() {
        locked {
            if lineIsOpen { write("\n") }
            lineIsOpen = false
        }
    }

    private func locked(_ body: () -> Void) {
        lock.lock()
        defer { lock.unlock() }
        body()
    }

    private func emitLine(_ text: String) {
        write((lineIsOpen ? "\r\u{1B}[K" : "") + "loupe: " + text + "\n")
        lineIsOpen = false
        lastDraw = 0
    }

    private func draw(force: Bool) {
        guard style == .bar else { return }
        let now = Self.now()
        // Ten redraws a second are enough to look live and cost nothing next to the transfer.
        guard force || now - lastDraw >= 0.1 else { return }
        lastDraw = now
        samples.append((now, transferred))
        // The rate over the last five seconds follows changes in speed without jumping about.
        while let first = samples.first, now - first.time > 5, samples.count > 2 { samples.removeFirst() }
        write("\r\u{1B}[K" + Self.line(doneFiles: doneFiles, files: totalFiles, active: active, done: doneBytes,
                                        total: totalBytes, bytesPerSecond: rate()))
        lineIsOpen = true
    }

    private func rate() -> Double? {
        guard let first = samples.first, let last = samples.last, last.time - first.time >= 0.5 else { return nil }
        return Double(last.bytes - first.bytes) / (last.time - first.time)
    }

    /// "[2/5] model.safetensors +1  1.20 GB / 4.80 GB [=====>              ] 45.1 MB/s ETA 1m32s"
    static func line(doneFiles: Int, files: Int, active: [String], done: Int64, total: Int64, bytesPerSecond: Double?) -> String {
        let width = 24
        let fraction = total > 0 ? min(1, max(0, Double(done) / Double(total))) : 1
        let filled = Int(fraction * Double(width))
        let bar = String(repeating: "=", count: filled) + (filled < width ? ">" : "")
            + String(repeating: " ", count: max(0, width - filled - 1))
        let path = active.first ?? ""
        let shownPath = (path.count > 40 ? "…" + path.suffix(39) : path) + (active.count > 1 ? " +\(active.count - 1)" : "")
        var text = "[\(doneFiles)/\(files)] \(shownPath)  \(bytes(done)) / \(bytes(total)) [\(bar)]"
        if let bytesPerSecond, bytesPerSecond > 0 {
            text += " \(bytes(Int64(bytesPerSecond)))/s ETA \(duration(Double(max(0, total - done)) / bytesPerSecond))"
        }
        return text
    }

    /// Decimal units, as download sizes are usually quoted: "512 B", "1.5 kB", "5.37 GB".
    public static func bytes(_ count: Int64) -> String {
        if count < 1000 { return "\(count) B" }
        let units = ["kB", "MB", "GB", "TB", "PB"]
        var value = Double(count) / 1000
        var unit = 0
        while value >= 999.95 && unit < units.count - 1 {
            value /= 1000
            unit += 1
        }
        return String(format: value < 10 ? "%.2f" : value < 100 ? "%.1f" : "%.0f", value) + " " + units[unit]
    }

    /// "45s", "1m32s", "2h05m".
    public static func duration(_ seconds: Double) -> String {
        guard seconds.isFinite else { return "?" }
        let s = Int(seconds.rounded())
        if s < 60 { return "\(s)s" }
        if s < 3600 { return "\(s / 60)m\(String(format: "%02d", s % 60))s" }
        return "\(s / 3600)h\(String(format: "%02d", (s % 3600) / 60))m"
    }

    private static func now() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }
}
