import CSQLite
import Foundation

/// A persistent cache of perception calls in one SQLite file, shared by concurrent `loupe`
/// processes: WAL journaling lets readers run beside a writer, and the busy timeout makes a
/// writer wait for another instead of failing, so two processes sharing a file lose nothing.
/// The key names backend, model, image content, crop and request, so a changed model or image
/// never reads a stale entry. The size is bounded by entry count; the oldest entries go first.
public final class PerceptionCache: @unchecked Sendable {
    public let path: String
    public let maxEntries: Int
    private var db: OpaquePointer?
    private let lock = NSLock()

    public static var defaultPath: String {
        if let custom = ProcessInfo.processInfo.environment["LOUPE_CACHE"], !custom.isEmpty { return custom }
        let home = FileManager.default.homeDirectoryForCurrentUser.path
        return home + "/.cache/loupe/perception.sqlite"
    }

    public init(path: String = PerceptionCache.defaultPath, maxEntries: Int = 200_000, busyTimeoutMilliseconds: Int32 = 30_000) throws {
        self.path = path
        self.maxEntries = maxEntries
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        var handle: OpaquePointer?
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX
        guard sqlite3_open_v2(path, &handle, flags, nil) == SQLITE_OK, let handle else {
            let message = handle.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
            sqlite3_close(handle)
            throw ToolError.badInput("cache: cannot open \(path): \(message)")
        }
        db = handle
        sqlite3_busy_timeout(handle, busyTimeoutMilliseconds)
        do {
            try execute("PRAGMA journal_mode=WAL")
            try execute("""
                CREATE TABLE IF NOT EXISTS perception (
                    seq INTEGER PRIMARY KEY AUTOINCREMENT,
                    key TEXT NOT NULL UNIQUE,
                    backend TEXT NOT NULL,
                    value TEXT NOT NULL)
                """)
        } catch {
            sqlite3_close(handle)
            db = nil
            throw error
        }
    }

    deinit { sqlite3_close(db) }

    public func lookup(_ key: String) throws -> String? {
        lock.lock()
        defer { lock.unlock() }
        let statement = try prepare("SELECT value FROM perception WHERE key = ?1")
        defer { sqlite3_finalize(statement) }
        bind(statement, 1, key)
        let rc = sqlite3_step(statement)
        if rc == SQLITE_ROW { return String(cString: sqlite3_column_text(statement, 0)) }
        guard rc == SQLITE_DONE else { throw failure("reading an entry") }
        return nil
    }

    public func store(_ key: String, backend: String, value: String) throws {
        lock.lock()
        defer { lock.unlock() }
        // One write transaction: the insert and the eviction commit together.
        try execute("BEGIN IMMEDIATE")
        do {
            let insert = try prepare("INSERT OR REPLACE INTO perception (key, backend, value) VALUES (?1, ?2, ?3)")
            defer { sqlite3_finalize(insert) }
            bind(insert, 1, key)
            bind(insert, 2, backend)
            bind(insert, 3, value)
            guard sqlite3_step(insert) == SQLITE_DONE else { throw failure("writing an entry") }
            try execute("DELETE FROM perception WHERE seq <= (SELECT MAX(seq) FROM perception) - \(maxEntries)")
            try execute("COMMIT")
        } catch {
            try? execute("ROLLBACK")
            throw error
        }
    }

    public struct Statistics: Sendable {
        public var entries: Int
        public var bytes: Int
        public var perBackend: [(backend: String, entries: Int)]
    }

    public func statistics() throws -> Statistics {
        lock.lock()
        defer { lock.unlock() }
        let count = try prepare("SELECT backend, COUNT(*), SUM(LENGTH(key) + LENGTH(value)) FROM perception GROUP BY backend ORDER BY backend")
        defer { sqlite3_finalize(count) }
        var stats = Statistics(entries: 0, bytes: 0, perBackend: [])
        while sqlite3_step(count) == SQLITE_ROW {
            let backend = String(cString: sqlite3_column_text(count, 0))
            let entries = Int(sqlite3_column_int64(count, 1))
            stats.entries += entries
            stats.bytes += Int(sqlite3_column_int64(count, 2))
            stats.perBackend.append((backend, entries))
        }
        return stats
    }

    public func clear() throws {
        lock.lock()
        defer { lock.unlock() }
        try execute("DELETE FROM perception")
    }

    private func execute(_ sql: String) throws {
        var error: UnsafeMutablePointer<CChar>?
        guard sqlite3_exec(db, sql, nil, nil, &error) == SQLITE_OK else {
            let message = error.map { String(cString: $0) } ?? "unknown error"
            sqlite3_free(error)
            throw ToolError.backend("cache \(path): \(message) (in \(sql.prefix(40)))")
        }
    }

    private func prepare(_ sql: String) throws -> OpaquePointer? {
        var statement: OpaquePointer?
        guard sqlite3_prepare_v2(db, sql, -1, &statement, nil) == SQLITE_OK else { throw failure("preparing a statement") }
        return statement
    }

    private func bind(_ statement: OpaquePointer?, _ index: Int32, _ text: String) {
        // SQLITE_TRANSIENT: SQLite copies the bytes before the Swift string goes away.
        sqlite3_bind_text(statement, index, text, -1, unsafeBitCast(-1, to: sqlite3_destructor_type.self))
    }

    private func failure(_ what: String) -> ToolError {
        .backend("cache \(path): \(what) failed: \(String(cString: sqlite3_errmsg(db)))")
    }
}
