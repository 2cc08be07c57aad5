import Foundation

/// A persistent cache of perception calls in one SQLite file, shared by concurrent `loupe`
/// processes: WAL journaling lets readers run beside a writer, and the busy timeout makes a
/// writer wait for another instead of failing, so two processes sharing a file lose nothing.
/// The key names backend, model, image content, crop and request, so a changed model or image
/// never reads a stale entry. The size is bounded by entry count; the oldest entries go first.
public final class PerceptionCache: @unchecked Sendable {
    public let path: String
    public let maxEntries: Int
    private let db: SQLiteDatabase

    public static var defaultPath: String {
        if let custom = ProcessInfo.processInfo.environment["LOUPE_CACHE"], !custom.isEmpty { return custom }
        let home = FileManager.default.homeDirectoryForCurrentUser.path
        return home + "/.cache/loupe/perception.sqlite"
    }

    public init(path: String = PerceptionCache.defaultPath, maxEntries: Int = 200_000, busyTimeoutMilliseconds: Int32 = 30_000) throws {
        self.path = path
        self.maxEntries = maxEntries
        db = try SQLiteDatabase(path: path, label: "cache", busyTimeoutMilliseconds: busyTimeoutMilliseconds,
                                error: ToolError.backend)
        try db.execute("""
            CREATE TABLE IF NOT EXISTS perception (
                seq INTEGER PRIMARY KEY AUTOINCREMENT,
                key TEXT NOT NULL UNIQUE,
                backend TEXT NOT NULL,
                value TEXT NOT NULL)
            """)
    }

    public func lookup(_ key: String) throws -> String? {
        try db.query("SELECT value FROM perception WHERE key = ?1", [.text(key)]).first?.first ?? nil
    }

    public func store(_ key: String, backend: String, value: String) throws {
        // One write transaction: the insert and the eviction commit together.
        try db.transaction {
            try db.execute("INSERT OR REPLACE INTO perception (key, backend, value) VALUES (?1, ?2, ?3)",
                           [.text(key), .text(backend), .text(value)])
            try db.execute("DELETE FROM perception WHERE seq <= (SELECT MAX(seq) FROM perception) - ?1",
                           [.int(Int64(maxEntries))])
        }
    }

    public struct Statistics: Sendable {
        public var entries: Int
        public var bytes: Int
        public var perBackend: [(backend: String, entries: Int)]
    }

    public func statistics() throws -> Statistics {
        let rows = try db.query("SELECT backend, COUNT(*), SUM(LENGTH(key) + LENGTH(value)) FROM perception GROUP BY backend ORDER BY backend")
        var stats = Statistics(entries: 0, bytes: 0, perBackend: [])
        for row in rows {
            let entries = Int(row[1] ?? "") ?? 0
            stats.entries += entries
            stats.bytes += Int(row[2] ?? "") ?? 0
            stats.perBackend.append((row[0] ?? "", entries))
        }
        return stats
    }

    public func clear() throws {
        try db.execute("DELETE FROM perception")
    }
}
