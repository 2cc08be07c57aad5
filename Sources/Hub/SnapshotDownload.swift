import Foundation

/// `loupe models download`: one revision of a repository into one local folder, files filtered by
/// globs, finished files skipped, the rest fetched a few at a time.
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
    /// Files fetched at once: a CDN serves each stream at a capped rate, so a few together fill a
    /// fast link (huggingface_hub uses 8), and small files do not wait behind a large one.
    public var jobs: Int

    public init(repo: RepoID, revision: String, destination: URL, include: [String] = [], exclude: [String] = [],
                retries: Int = 5, jobs: Int = 4) {
        self.repo = repo
        self.revision = revision
        self.destination = destination
        self.include = include
        self.exclude = exclude
        self.retries = retries
        self.jobs = jobs
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
        let work = SharedWork(files: pending, record: record, folder: destination)
        let workers = DispatchGroup()
        for _ in 0..<max(1, min(jobs, pending.count)) {
            workers.enter()
            Thread { [self] in
                defer { workers.leave() }
                while let file = work.next() {
                    do {
                        try fileDownload(file, commit: commit, client: client, progress: progress).run()
                        try work.finished(file, at: localURL(file))
                    } catch {
                        work.failed(error)
                    }
                }
            }.start()
        }
        workers.wait()
        if let failure = work.failure { throw failure }
        return Outcome(commit: commit, fetchedFiles: pending.count, fetchedBytes: pending.reduce(0) { $0 + $1.size },
                       alreadyComplete: alreadyComplete)
    }

    private func fileDownload(_ file: RepoFile, commit: String, client: HubClient, progress: DownloadProgress) -> FileDownload {
        FileDownload(file: file, url: client.fileURL(repo: repo, commit: commit, path: file.path),
                     destination: localURL(file), client: client, retries: retries, progress: progress) {
            [repo, revision, endpoint = client.endpoint, tokenGiven = client.token != nil] head, body, url in
            HubFailure.describe(head, body: body, url: url, repo: repo, revision: revision, endpoint: endpoint,
                                tokenGiven: tokenGiven, file: file.path)
        }
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

/// The files still to fetch and the record of finished ones, shared by the download threads. After
/// a failure no new file starts; files already under way finish, so their bytes are not wasted.
private final class SharedWork: @unchecked Sendable {
    private let lock = NSLock()
    private let files: [RepoFile]
    private var nextIndex = 0
    private var record: DownloadRecord
    private let folder: URL
    private var failures: [Error] = []

    init(files: [RepoFile], record: DownloadRecord, folder: URL) {
        self.files = files
        self.record = record
        self.folder = folder
    }

    func next() -> RepoFile? {
        lock.lock()
        defer { lock.unlock() }
        guard failures.isEmpty, nextIndex < files.count else { return nil }
        nextIndex += 1
        return files[nextIndex - 1]
    }

    func finished(_ file: RepoFile, at url: URL) throws {
        lock.lock()
        defer { lock.unlock() }
        record.markVerified(file, at: url)
        try record.save(folder: folder)
    }

    func failed(_ error: Error) {
        lock.lock()
        defer { lock.unlock() }
        failures.append(error)
    }

    /// The first failure, saying how many more there were.
    var failure: Error? {
        lock.lock()
        defer { lock.unlock() }
        guard let first = failures.first else { return nil }
        guard failures.count > 1, let hubError = first as? HubError else { return first }
        let others = failures.count - 1
        return HubError(hubError.kind, hubError.message + " (and \(others) more file\(others == 1 ? "" : "s") failed; rerun to retry)")
    }
}
