import Foundation

/// The results JSONL of a run, appended one fsync'ed line per question so that a run killed at
/// any moment loses at most the line being written, and a rerun skips every id already there.
public final class ResultsFile: @unchecked Sendable {
    public let path: String
    private let descriptor: Int32
    private let lock = NSLock()

    /// Opens (or creates) the file, drops a partial last line left by a killed run, and returns
    /// the records already in it.
    public init(path: String) throws {
        self.path = path
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        descriptor = open(path, O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw EvaluationError("results \(path): cannot open for appending: \(String(cString: strerror(errno)))")
        }
    }

    deinit { close(descriptor) }

    /// Records already written; a partial last line (no newline) is cut off the file.
    public func existingRecords() throws -> [ResultRecord] {
        lock.lock()
        defer { lock.unlock() }
        let (records, completeBytes) = try ResultsFile.read(path)
        if let completeBytes {
            guard ftruncate(descriptor, off_t(completeBytes)) == 0 else {
                throw EvaluationError("results \(path): cannot drop the partial last line: \(String(cString: strerror(errno)))")
            }
        }
        return records
    }

    /// Reads a results file without changing it. `partialFrom` is the length of the complete
    /// lines when a partial last line follows them (a run was killed while writing it).
    public static func read(_ path: String) throws -> (records: [ResultRecord], partialFrom: Int?) {
        guard let data = FileManager.default.contents(atPath: path) else { return ([], nil) }
        var complete = data
        var partialFrom: Int?
        if let last = data.last, last != UInt8(ascii: "\n") {
            let cut = data.lastIndex(of: UInt8(ascii: "\n")).map { $0 + 1 } ?? data.startIndex
            complete = data[data.startIndex..<cut]
            partialFrom = complete.count
        }
        var records: [ResultRecord] = []
        for (index, line) in String(decoding: complete, as: UTF8.self).split(separator: "\n").enumerated() {
            guard let record = ResultRecord.parse(String(line)) else {
                throw EvaluationError("results \(path):\(index + 1): not a result record; move the file away or fix the line")
            }
            records.append(record)
        }
        return (records, partialFrom)
    }

    public func append(_ record: ResultRecord) throws {
        let bytes = Array((record.jsonLine + "\n").utf8)
        lock.lock()
        defer { lock.unlock() }
        var written = 0
        while written < bytes.count {
            let n = bytes[written...].withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw EvaluationError("results \(path): write failed: \(String(cString: strerror(errno)))")
            }
            written += n
        }
        guard fsync(descriptor) == 0 else {
            throw EvaluationError("results \(path): fsync failed: \(String(cString: strerror(errno)))")
        }
    }
}
