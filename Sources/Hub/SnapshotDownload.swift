import Foundation

/// `loupe models download`: one revision of a repository into one local folder, files filtered by
/// globs, finished files skipped, the rest fetched one after another (a single stream already
/// fills most links, and one at a time keeps the partial state of an interrupted run simple).
public struct SnapshotDownload: Sendable {
    public var repo: RepoID
    public var revision: String
    public var destination: URL
    /// Shell globs as Python's fnmatch reads them (huggingface_hub's allow/ignore patterns): `*`
    /// also matches "/". Empty means every file.
    public var include: [String]
    public var exclude: [String]
    /// Further attempts per file after a dropped connection, a timeout, a server error or a lost network.
    public var retries: Int

    public init(repo: RepoID, revision: String, destination: URL, include: [String] = [], exclude: [String] = [], retries: Int = 5) {
        self.repo = repo
        self.revision = revision
        self.destination = destination
        self.include = include
        self.exclude = exclude
        self.retries = retries
    }

    public struct Outcome: Sendable {
        public let commit: String
        public let fetchedFiles: Int
        /// Bytes of the fetched files, including bytes resumed from an earlier run.
        public let fetchedBytes: Int64
        public let alreadyComplete: Int
    }

    public func run(client: HubClient, progress: DownloadProgress) throws -> Outcome {
        let commit = try client.resolveCommit(repo: repo, revision: revision)
        let listed = try client.listFiles(repo: repo, commit: commit)
        let files = listed.filter(isSelected)
        guard !files.isEmpty else {
            if listed.isEmpty { throw HubError(.notFound, "\(repo) has no files at \(revision)") }
            let names = listed.prefix(12).map(\.path).joined(separator: ", ") + (listed.count > 12 ? ", ..." : "")
            throw HubError(.notFound, "no file of \(repo) matches --include \(include) --exclude \(exclude); its files: \(names)")
        }

        try createFolder()
        let lock = try FolderLock(folder: destination)
        defer { lock.release() }

        var record = DownloadRecord.load(folder: destination).flatMap { $0.repo == repo.text ? $0 : nil }
            ?? DownloadRecord(repo: repo.text, revision: revision, commit: commit)
        record.revision = revision
        record.commit = commit

        var pending: [RepoFile] = []
        var alreadyComplete = 0
        for file in files {
            let local = localURL(file)
            if try record.isVerified(file, at: local) || verifyExisting(file, at: local) {
                record.markVerified(file, at: local)
                alreadyComplete += 1
            } else {
                pending.append(file)
            }
        }
        try record.save(folder: destination)
        try checkFreeSpace(for: pending)

        progress.begin(files: pending.count, bytes: pending.reduce(0) { $0 + $1.size })
        defer { progress.end() }
        for file in pending {
            let download = FileDownload(file: file, url: client.fileURL(repo: repo, commit: commit, path: file.path),
                                        destination: localURL(file), client: client, retries: retries, progress: progress) {
                [repo, revision, endpoint = client.endpoint, tokenGiven = client.token != nil] head, body, url in
                HubFailure.describe(head, body: body, url: url, repo: repo, revision: revision, endpoint: endpoint,
                                    tokenGiven: tokenGiven, file: file.path)
            }
            try download.run()
            record.markVerified(file, at: localURL(file))
            try record.save(folder: destination)
        }
        return Outcome(commit: commit, fetchedFiles: pending.count, fetchedBytes: pending.reduce(0) { $0 + $1.size },
                       alreadyComplete: alreadyComplete)
    }

    func isSelected(_ file: RepoFile) -> Bool {
        let included = include.isEmpty || include.contains { Self.matches($0, file.path) }
        return included && !exclude.contains { Self.matches($0, file.path) }
    }

    /// fnmatch(3) without FNM_PATHNAME, which is what Python's fnmatch does (`*` crosses "/").
    static func matches(_ pattern: String, _ path: String) -> Bool {
        fnmatch(pattern, path, 0) == 0
    }

    private func localURL(_ file: RepoFile) -> URL {
        destination.appendingPathComponent(file.path)
    }

    private func createFolder() throws {
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: destination.path, isDirectory: &isFolder), !isFolder.boolValue {
            throw HubError(.localFile, "\(destination.path) exists and is not a folder")
        }
        do {
            try FileManager.default.createDirectory(at: destination, withIntermediateDirectories: true)
        } catch {
            throw HubError(.localFile, "cannot create the folder \(destination.path): \(error.localizedDescription)")
        }
    }

    /// A file already in place from an earlier download without a record (or one that was touched):
    /// kept if it hashes right, so it is not fetched again.
    private func verifyExisting(_ file: RepoFile, at url: URL) throws -> Bool {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: url.path),
              (attributes[.size] as? NSNumber)?.int64Value == file.size,
              let handle = try? FileHandle(forReadingFrom: url) else { return false }
        defer { try? handle.close() }
        var verifier = ContentVerifier(expected: file.checksum, size: file.size)
        do {
            while let chunk = try handle.read(upToCount: 8 << 20), !chunk.isEmpty {
                chunk.withUnsafeBytes { verifier.update($0) }
            }
        } catch {
            throw HubError(.localFile, "cannot read \(url.path): \(error.localizedDescription)")
        }
        return verifier.finish() == file.checksum
    }

    /// Refuses up front rather than failing hours in with a full disk.
    private func checkFreeSpace(for files: [RepoFile]) throws {
        var needed: Int64 = 0
        for file in files {
            let partial = destination.appendingPathComponent(file.path + FileDownload.partialSuffix)
            let have = (try? FileManager.default.attributesOfItem(atPath: partial.path)[.size] as? NSNumber)?.int64Value ?? 0
            needed += max(0, file.size - have)
        }
        var stats = statvfs()
        guard statvfs(destination.path, &stats) == 0 else { return }
        let available = Int64(stats.f_bavail) * Int64(stats.f_frsize)
        if needed > available {
            throw HubError(.localFile, "not enough disk space in \(destination.path): the download needs "
                + "\(DownloadProgress.bytes(needed)) more, \(DownloadProgress.bytes(available)) are free")
        }
    }
}
