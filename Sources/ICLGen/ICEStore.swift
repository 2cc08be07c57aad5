import Agent
import Foundation
import Tools

/// The in-context example store: one SQLite file with the verified programs (`ices`), the
/// labeled questions already processed (`finished`, so a killed run resumes where it stopped),
/// every sampled program with whether it gave the labeled answer (`candidates`, for tuning), and
/// the tuned tool parameters (`settings`).
public final class ICEStore: @unchecked Sendable {
    public let path: String
    let db: SQLiteDatabase

    public struct Example: Sendable, Equatable {
        public var question: String
        public var program: String
        public var family: String
        public var isVideo: Bool
        public var sourceID: String
    }

    public struct Candidate: Sendable, Equatable {
        public var sample: Int
        public var program: String
        public var correct: Bool
    }

    public init(path: String) throws {
        self.path = path
        db = try SQLiteDatabase(path: path, label: "ICE store", error: ICLGenError.init)
        try db.execute("PRAGMA synchronous=FULL")
        try db.execute("""
            CREATE TABLE IF NOT EXISTS ices (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                family TEXT NOT NULL,
                question TEXT NOT NULL,
                program TEXT NOT NULL,
                normalized TEXT NOT NULL,
                is_video INTEGER NOT NULL,
                source_id TEXT NOT NULL,
                UNIQUE (family, normalized))
            """)
        try db.execute("""
            CREATE TABLE IF NOT EXISTS finished (
                question_id TEXT PRIMARY KEY,
                family TEXT NOT NULL,
                sampled INTEGER NOT NULL,
                verified INTEGER NOT NULL,
                kept INTEGER NOT NULL,
                error TEXT)
            """)
        try db.execute("""
            CREATE TABLE IF NOT EXISTS candidates (
                question_id TEXT NOT NULL,
                sample INTEGER NOT NULL,
                program TEXT NOT NULL,
                correct INTEGER NOT NULL,
                PRIMARY KEY (question_id, sample))
            """)
        try db.execute("CREATE TABLE IF NOT EXISTS settings (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
    }

    /// Opens an existing store for reading (`--ices`); a missing file is an error, not a new store.
    public static func openExisting(_ path: String) throws -> ICEStore {
        guard FileManager.default.fileExists(atPath: path) else { throw ICLGenError("ICE store \(path): no such file") }
        return try ICEStore(path: path)
    }

    public func finishedIDs() throws -> Set<String> {
        Set(try db.query("SELECT question_id FROM finished").compactMap { $0[0] })
    }

    /// Records one labeled question in one transaction: its candidates, the verified programs
    /// not already stored for its family while the family has fewer than `maxPerFamily` and the
    /// question fewer than `maxPerQuestion` (so a family's examples come from several questions),
    /// and the question as finished. Returns how many programs were added.
    @discardableResult
    public func recordQuestion(id: String, family: String, question: String, isVideo: Bool, candidates: [Candidate],
                               maxPerFamily: Int, maxPerQuestion: Int = .max, error: String? = nil) throws -> Int {
        try db.transaction {
            var kept = 0
            var seen = Set<String>()
            for c in candidates {
                try db.execute("INSERT OR REPLACE INTO candidates (question_id, sample, program, correct) VALUES (?1, ?2, ?3, ?4)",
                               [.text(id), .int(Int64(c.sample)), .text(c.program), .int(c.correct ? 1 : 0)])
                guard c.correct else { continue }
                let normalized = ProgramText.normalized(c.program)
                guard seen.insert(normalized).inserted else { continue }
                let count = Int(try db.query("SELECT COUNT(*) FROM ices WHERE family = ?1", [.text(family)]).first?[0] ?? "0") ?? 0
                guard count < maxPerFamily, kept < maxPerQuestion else { break }
                try db.execute("""
                    INSERT OR IGNORE INTO ices (family, question, program, normalized, is_video, source_id)
                    VALUES (?1, ?2, ?3, ?4, ?5, ?6)
                    """, [.text(family), .text(question), .text(c.program), .text(normalized), .int(isVideo ? 1 : 0), .text(id)])
                kept += Int(try db.query("SELECT changes()").first?[0] ?? "0") ?? 0
            }
            try db.execute("""
                INSERT INTO finished (question_id, family, sampled, verified, kept, error) VALUES (?1, ?2, ?3, ?4, ?5, ?6)
                """, [.text(id), .text(family), .int(Int64(candidates.count)), .int(Int64(candidates.filter(\.correct).count)),
                      .int(Int64(kept)), error.map { .text($0) } ?? .null])
            return kept
        }
    }

    public func examples() throws -> [Example] {
        try db.query("SELECT question, program, family, is_video, source_id FROM ices ORDER BY id").map {
            Example(question: $0[0] ?? "", program: $0[1] ?? "", family: $0[2] ?? "", isVideo: $0[3] == "1", sourceID: $0[4] ?? "")
        }
    }

    /// Sampled programs per labeled question, in question order.
    public func candidates() throws -> [(questionID: String, candidate: Candidate)] {
        try db.query("SELECT question_id, sample, program, correct FROM candidates ORDER BY rowid").map {
            ($0[0] ?? "", Candidate(sample: Int($0[1] ?? "0") ?? 0, program: $0[2] ?? "", correct: $0[3] == "1"))
        }
    }

    public func setSetting(_ key: String, _ value: String) throws {
        try db.execute("INSERT OR REPLACE INTO settings (key, value) VALUES (?1, ?2)", [.text(key), .text(value)])
    }

    public func setting(_ key: String) throws -> String? {
        try db.query("SELECT value FROM settings WHERE key = ?1", [.text(key)]).first?[0] ?? nil
    }

    /// The detection parameters chosen by self-tuning, if it ran.
    public func tunedDetection() throws -> DetectionParameters? {
        guard let text = try setting(ParameterTuner.settingKey) else { return nil }
        guard let tuning = try? JSONDecoder().decode(ParameterTuner.Result.self, from: Data(text.utf8)) else {
            throw ICLGenError("ICE store \(path): setting \(ParameterTuner.settingKey) is not a tuning result")
        }
        return tuning.chosen
    }

    public struct Counts: Sendable, Equatable {
        public var finished: Int
        public var examples: Int
        public var candidates: Int
    }

    public func counts() throws -> Counts {
        func count(_ table: String) throws -> Int { Int(try db.query("SELECT COUNT(*) FROM \(table)").first?[0] ?? "0") ?? 0 }
        return Counts(finished: try count("finished"), examples: try count("ices"), candidates: try count("candidates"))
    }
}
