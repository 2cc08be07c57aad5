import CSQLite
import Foundation

/// A thin, locked wrapper over one SQLite connection: statements with bound text/int/double
/// parameters, rows as arrays of optional strings, and transactions.
final class SQLiteDatabase: @unchecked Sendable {
    let path: String
    private var db: OpaquePointer?
    private let lock = NSRecursiveLock()

    enum Parameter {
        case text(String)
        case int(Int64)
        case double(Double)
        case null
    }

    init(path: String) throws {
        self.path = path
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        var handle: OpaquePointer?
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX
        guard sqlite3_open_v2(path, &handle, flags, nil) == SQLITE_OK, let handle else {
            let message = handle.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
            sqlite3_close(handle)
            throw ICLGenError("ICE store \(path): cannot open: \(message)")
        }
        db = handle
        sqlite3_busy_timeout(handle, 30_000)
    }

    deinit { sqlite3_close(db) }

    func execute(_ sql: String, _ parameters: [Parameter] = []) throws {
        _ = try query(sql, parameters)
    }

    /// Every row of the result, each column as text (nil for NULL).
    @discardableResult
    func query(_ sql: String, _ parameters: [Parameter] = []) throws -> [[String?]] {
        lock.lock()
        defer { lock.unlock() }
        var statement: OpaquePointer?
        guard sqlite3_prepare_v2(db, sql, -1, &statement, nil) == SQLITE_OK, let statement else {
            throw error("prepare", sql)
        }
        defer { sqlite3_finalize(statement) }
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
            guard rc == SQLITE_ROW else { throw error("step", sql) }
            let columns = sqlite3_column_count(statement)
            rows.append((0..<columns).map { c in sqlite3_column_text(statement, c).map { String(cString: $0) } })
        }
        return rows
    }

    /// Runs `body` in one transaction: all of it is stored, or (on an error or a kill) none.
    func transaction<T>(_ body: () throws -> T) throws -> T {
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

    private func error(_ what: String, _ sql: String) -> ICLGenError {
        let message = String(cString: sqlite3_errmsg(db))
        return ICLGenError("ICE store \(path): \(what) failed: \(message) (in: \(sql.prefix(60)))")
    }
}

public struct ICLGenError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}
