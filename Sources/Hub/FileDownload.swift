import Foundation

/// Fetches one repository file to its place in the model folder, resumably: bytes go to
/// `<file>.incomplete`, a rerun or retry asks only for the bytes after those already there
/// (`Range: bytes=N-`), the content is hashed as it streams, and the file takes its final name
/// (an atomic rename) only once its size and checksum match the listing.
final class FileDownload {
    static let partialSuffix = ".incomplete"

    private let file: RepoFile
    private let url: URL
    private let destination: URL
    private let partial: URL
    private let client: HubClient
    private let retries: Int
    private let progress: DownloadProgress
    private let describeFailure: (ResponseHead, Data, URL) -> HubError

    // Updated from libcurl's callbacks, which run on the thread that called `run`.
    private var verifier: ContentVerifier
    private var offset: Int64 = 0
    private var handle: FileHandle?

    init(file: RepoFile, url: URL, destination: URL, client: HubClient, retries: Int, progress: DownloadProgress,
         describeFailure: @escaping (ResponseHead, Data, URL) -> HubError) {
        self.file = file
        self.url = url
        self.destination = destination
        self.partial = URL(fileURLWithPath: destination.path + Self.partialSuffix)
        self.client = client
        self.retries = retries
        self.progress = progress
        self.describeFailure = describeFailure
        self.verifier = ContentVerifier(expected: file.checksum, size: file.size)
    }

    func run() throws {
        defer { try? handle?.close() }
        try openPartial()
        progress.startFile(file.path, size: file.size, resumedAt: offset)
        var attempt = 0
        while offset < file.size {
            attempt += 1
            do {
                try fetchRemainingBytes()
            } catch let error as HubError where error.kind == .transient || error.kind == .unreachable {
                guard attempt <= retries else {
                    throw HubError(error.kind, "\(file.path): \(error.message); gave up after \(attempt) attempt\(attempt == 1 ? "" : "s") with "
                        + "\(offset) of \(file.size) bytes kept in \(partial.lastPathComponent): rerun to continue from there")
                }
                progress.note("\(file.path): \(error.message); retrying from byte \(offset) (\(attempt) of \(retries))")
                Thread.sleep(forTimeInterval: min(0.5 * Double(1 << min(attempt - 1, 5)), 10))
            }
        }
        try finishAndRename()
        progress.finishFile(file.path, size: file.size)
    }

    /// Opens `<file>.incomplete` at its end and hashes the bytes already in it, so a resumed file is
    /// checked as a whole. A partial file longer than the listed size cannot be a prefix: start over.
    private func openPartial() throws {
        let manager = FileManager.default
        let folder = destination.deletingLastPathComponent()
        do {
            try manager.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw HubError(.localFile, "cannot create the folder \(folder.path): \(error.localizedDescription)")
        }
        if !manager.fileExists(atPath: partial.path) && !manager.createFile(atPath: partial.path, contents: nil) {
            throw HubError(.localFile, "cannot create \(partial.path): \(String(cString: strerror(errno)))")
        }
        do {
            let handle = try FileHandle(forUpdating: partial)
            self.handle = handle
            let existing = Int64(try handle.seekToEnd())
            if existing > file.size {
                try restartFromZero()
                return
            }
            try handle.seek(toOffset: 0)
            // Bounded by the size seen: a partial "file" that never ends (a device) must not hang us.
            while offset < existing, let chunk = try handle.read(upToCount: Int(min(8 << 20, existing - offset))), !chunk.isEmpty {
                chunk.withUnsafeBytes { verifier.update($0) }
                offset += Int64(chunk.count)
            }
        } catch let error as HubError {
            throw error
        } catch {
            throw HubError(.localFile, "cannot read \(partial.path): \(error.localizedDescription)")
        }
    }

    private func restartFromZero() throws {
        guard let handle else { return }
        do {
            try handle.truncate(atOffset: 0)
        } catch {
            throw HubError(.localFile, "cannot truncate \(partial.path): \(error.localizedDescription)")
        }
        progress.discard(bytes: offset)
        offset = 0
        verifier = ContentVerifier(expected: file.checksum, size: file.size)
    }

    private func fetchRemainingBytes() throws {
        let requestedFrom = offset
        var headers: [String: String] = [:]
        if requestedFrom > 0 { headers["Range"] = "bytes=\(requestedFrom)-" }
        let reply = try StreamingGet.run(url, headers: headers, token: client.token, idleTimeout: client.idleTimeout,
                                         onHead: { [self] head in try accept(head, requestedFrom: requestedFrom) },
                                         onBody: { [self] bytes in try append(bytes) })
        if reply.head.status == 416 {
            // The server holds no bytes past ours: our partial file is not a prefix of this file.
            try restartFromZero()
            throw HubError(.transient, "the server refused to resume (HTTP 416)")
        }
        guard reply.head.isSuccess else { throw describeFailure(reply.head, reply.errorBody, url) }
        if offset < file.size {
            throw HubError(.transient, "the connection closed after \(offset) of \(file.size) bytes")
        }
    }

    /// Checks that the response continues our bytes, or starts over when the server ignored the range.
    private func accept(_ head: ResponseHead, requestedFrom: Int64) throws {
        let expectedLength: Int64
        if head.status == 206 {
            guard let range = head.header("Content-Range"), let start = Self.rangeStart(range), start == requestedFrom else {
                throw HubError(.protocolViolation, "GET \(url.absoluteString): asked for bytes from \(requestedFrom), the server "
                    + "sent the range '\(head.header("Content-Range") ?? "none")'")
            }
            expectedLength = file.size - requestedFrom
        } else {
            // A full body: whatever we had is replaced by it.
            if requestedFrom > 0 { try restartFromZero() }
            expectedLength = file.size
        }
        if let length = head.header("Content-Length").flatMap({ Int64($0) }), length != expectedLength {
            throw HubError(.corrupt, "\(file.path): the server sends \(length) bytes where the listing implies "
                + "\(expectedLength) (file size \(file.size)); the repository may have changed during the download, rerun")
        }
    }

    private func append(_ bytes: UnsafeRawBufferPointer) throws {
        guard offset + Int64(bytes.count) <= file.size else {
            throw HubError(.corrupt, "\(file.path): the server sent more than the \(file.size) bytes the listing gives")
        }
        do {
            try handle?.write(contentsOf: bytes)
        } catch {
            throw HubError(.localFile, "cannot write \(partial.path): \(error.localizedDescription) (is the disk full?)")
        }
        verifier.update(bytes)
        offset += Int64(bytes.count)
        progress.advance(bytes: Int64(bytes.count))
    }

    /// "bytes 100-199/200" -> 100.
    static func rangeStart(_ contentRange: String) -> Int64? {
        let text = contentRange.trimmingCharacters(in: .whitespaces)
        guard text.lowercased().hasPrefix("bytes ") else { return nil }
        let spec = text.dropFirst("bytes ".count)
        return spec.split(separator: "-", maxSplits: 1).first.flatMap { Int64($0.trimmingCharacters(in: .whitespaces)) }
    }

    private func finishAndRename() throws {
        let actual = verifier.finish()
        guard actual == file.checksum else {
            try? handle?.close()
            handle = nil
            try? FileManager.default.removeItem(at: partial)
            throw HubError(.corrupt, "\(file.path): checksum mismatch: the listing gives \(file.checksum), the \(file.size) "
                + "bytes received hash to \(actual). The partial file was deleted; rerun to fetch it again")
        }
        do {
            // On disk before the rename, so a crash never leaves a final name on unwritten bytes.
            try handle?.synchronize()
            try handle?.close()
            handle = nil
        } catch {
            throw HubError(.localFile, "cannot write \(partial.path): \(error.localizedDescription)")
        }
        guard rename(partial.path, destination.path) == 0 else {
            throw HubError(.localFile, "cannot rename \(partial.path) to \(destination.lastPathComponent): \(String(cString: strerror(errno)))")
        }
    }
}
