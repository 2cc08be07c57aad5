import Foundation

/// Which files of a model folder were verified, kept beside them so a rerun skips finished files
/// without hashing gigabytes again. A file counts as verified only while its size and modification
/// time are what they were when it was hashed; anything else is hashed again.
public struct DownloadRecord: Codable, Sendable {
    public static let fileName = ".loupe-download.json"

    public struct Entry: Codable, Sendable, Equatable {
        var size: Int64
        var checksum: String
        var modified: Double
    }

    public var repo: String
    public var revision: String
    public var commit: String
    var files: [String: Entry]

    init(repo: String, revision: String, commit: String) {
        self.repo = repo
        self.revision = revision
        self.commit = commit
        files = [:]
    }

    /// The folder's record, or nil when there is none or it cannot be read (then every file is
    /// hashed again, which costs time but loses nothing).
    public static func load(folder: URL) -> DownloadRecord? {
        guard let data = try? Data(contentsOf: folder.appendingPathComponent(fileName)) else { return nil }
        return try? JSONDecoder().decode(DownloadRecord.self, from: data)
    }

    /// Written to a temporary file and renamed, so a crash leaves the old record or the new one.
    func save(folder: URL) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let target = folder.appendingPathComponent(Self.fileName)
        do {
            try encoder.encode(self).write(to: target, options: .atomic)
        } catch {
            throw HubError(.localFile, "cannot write \(target.path): \(error.localizedDescription)")
        }
    }

    func isVerified(_ file: RepoFile, at url: URL) -> Bool {
        guard let entry = files[file.path], let current = Self.stamp(url) else { return false }
        return entry == Entry(size: file.size, checksum: file.checksum.description, modified: current.modified)
            && current.size == file.size
    }

    mutating func markVerified(_ file: RepoFile, at url: URL) {
        guard let current = Self.stamp(url) else { return }
        files[file.path] = Entry(size: file.size, checksum: file.checksum.description, modified: current.modified)
    }

    private static func stamp(_ url: URL) -> (size: Int64, modified: Double)? {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: url.path),
              let size = (attributes[.size] as? NSNumber)?.int64Value,
              let modified = attributes[.modificationDate] as? Date else { return nil }
        return (size, modified.timeIntervalSince1970)
    }
}
