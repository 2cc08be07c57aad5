import CSQLite
import Foundation

/// A thin, locked wrapper over one SQLite connection, shared by the perception cache and the
/// ICE store: statements with bound parameters, rows as arrays of optional strings, and
/// transactions. Errors name the store (`label`), the file and the failing statement; each
/// owner chooses the error type its callers already handle.
public final class SQLiteDatabase: @unchecked Sendable {
    public let path: String
    private let label: String
    private let makeError: @Sendable (String) -> Error
    private var db: OpaquePointer?
    private let lock = NSRecursiveLock()

    public enum Parameter {
        case text(String)
        case int(Int64)
        case double(Double)
        case null
    }

    public init(path: String, label: String, busyTimeoutMilliseconds: Int32 = 30_000,
                error makeError: @escaping @Sendable (String) -> Error) throws {
        self.path = path
        self.label = label
        self.makeError = makeError
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        var handle: OpaquePointer?
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX
        guard sqlite3_open_v2(path, &handle, flags, nil) == SQLITE_OK, let handle else {
            let message = handle.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
            sqlite3_close(handle)
            throw makeError("\(label): cannot open \(path): \(message)")
        }
        db = handle
        // A writer waits for another process's transaction instead of failing at once.
        sqlite3_busy_timeout(handle, busyTimeoutMilliseconds)
        // Readers beside a writer (several processes share a cache or a store). Switching a new file
        // to WAL answers BUSY at once, without the busy handler, while another connection is doing
        // the same, so the switch is retried within the same timeout.
        let deadline = Date().addingTimeInterval(Double(busyTimeoutMilliseconds) / 1000)
        while true {
            let rc = sqlite3_exec(handle, "PRAGMA journal_mode=WAL", nil, nil, nil)
            if rc == SQLITE_OK { break }
            guard rc == SQLITE_BUSY || rc == SQLITE_LOCKED, Date() < deadline else {
                let message = String(cString: sqlite3_errmsg(handle))
                sqlite3_close(handle)
                db = nil
                throw makeError("\(label) \(path): cannot switch to write-ahead logging: \(message)")
            }
            usleep(5_000)
        }
    }

    deinit { sqlite3_close(db) }

    public func execute(_ sql: String, _ parameters: [Parameter] = []) throws {
        _ = try query(sql, parameters)
    }

    /// Every row of the result, each column as text (nil for NULL).
    @discardableResult
    public func query(_ sql: String, _ parameters: [Parameter] = []) throws -> [[String?]] {
        lock.lock()
        defer { lock.unlock() }
        var statement: OpaquePointer?
        guard sqlite3_prepare_v2(db, sql, -1, &statement, nil) == SQLITE_OK, let statement else {
            throw failure("prepare", sql)
        }
        defer { sqlite3_finalize(statement) }
        // SQLITE_TRANSIENT: SQLite copies the bytes before the Swift string goes away.
        let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
        for (i, p) in parameters.enumerated() {
            let index = Int32(i + 1)
            switch p {
            case .text(let s): sqlite3_bind_text(statement, index, s, -1, transient)
            case .int(let n): sqlite3_bind_int64(statement, index, n)
            case .double(let d): sqlite3_bind_double(statement, index, d)
            case .null: sqlite3_bind_null(statement, index)
            }
        }
        var rows: [[String?]] = []
        while true {
            let rc = sqlite3_step(statement)
            if rc == SQLITE_DONE { break }
            guard rc == SQLITE_ROW else { throw failure("step", sql) }
            let columns = sqlite3_column_count(statement)
            rows.append((0..<columns).map { c in sqlite3_column_text(statement, c).map { String(cString: $0) } })
        }
        return rows
    }

    /// Runs `body` in one transaction: all of it is stored, or (on an error or a kill) none.
    public func transaction<T>(_ body: () throws -> T) throws -> T {
        lock.lock()
        defer { lock.unlock() }
        try execute("BEGIN IMMEDIATE")
        do {
            let value = try body()
            try execute("COMMIT")
            return value
        } catch {
            try? execute("ROLLBACK")
            throw error
        }
    }

    private func failure(_ what: String, _ sql: String) -> Error {
        let message = String(cString: sqlite3_errmsg(db))
        return makeError("\(label) \(path): \(what) failed: \(message) (in: \(sql.prefix(60)))")
    }
}
