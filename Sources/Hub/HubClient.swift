import Foundation

/// Talks to a Hugging Face Hub (or anything serving its API): resolves a revision to a commit,
/// lists the commit's files, and names the URL each file is fetched from.
public struct HubClient: Sendable {
    public static let defaultEndpoint = "https://huggingface.co"
    /// Listings are small; anything bigger is not a listing.
    private static let jsonLimit = 256 * 1024 * 1024

    public let endpoint: URL
    /// Sent as `Authorization: Bearer`, only to the endpoint's own host; never printed.
    public let token: String?
    public let idleTimeout: TimeInterval
    /// Further attempts at a listing request after a dropped connection, a timeout or a server error.
    public let retries: Int

    public init(endpoint: URL, token: String?, idleTimeout: TimeInterval, retries: Int) {
        self.endpoint = endpoint
        self.token = token
        self.idleTimeout = idleTimeout
        self.retries = retries
    }

    /// The client the environment asks for: `HF_ENDPOINT` (default https://huggingface.co) and `HF_TOKEN`.
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment,
                                       idleTimeout: TimeInterval, retries: Int) throws -> HubClient {
        let text = environment["HF_ENDPOINT"].flatMap { $0.isEmpty ? nil : $0 } ?? defaultEndpoint
        guard let url = URL(string: text.hasSuffix("/") ? String(text.dropLast()) : text),
              let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https", url.host != nil else {
            throw HubError(.invalidArgument, "HF_ENDPOINT '\(text)' is not an http(s) URL")
        }
        let token = environment["HF_TOKEN"]?.trimmingCharacters(in: .whitespacesAndNewlines)
        return HubClient(endpoint: url, token: token?.isEmpty == false ? token : nil, idleTimeout: idleTimeout, retries: retries)
    }

    /// The commit a branch, tag or commit id names, so every file comes from one snapshot even if
    /// the branch moves during the download.
    public func resolveCommit(repo: RepoID, revision: String) throws -> String {
        let url = apiURL(repo, "revision", revision)
        let object = try getJSON(url, repo: repo, revision: revision)
        guard let info = object as? [String: Any], let sha = info["sha"] as? String, Self.isHex(sha, length: 40) else {
            throw HubError(.protocolViolation, "GET \(url.absoluteString): the reply has no commit id ('sha')")
        }
        return sha
    }

    /// Every file of the commit, following the listing's pages.
    public func listFiles(repo: RepoID, commit: String) throws -> [RepoFile] {
        var next: URL? = apiURL(repo, "tree", commit, query: "recursive=true")
        var files: [RepoFile] = []
        var pages = 0
        while let url = next {
            pages += 1
            guard pages <= 10_000 else {
                throw HubError(.protocolViolation, "GET \(url.absoluteString): the listing does not end (10000 pages)")
            }
            var head: ResponseHead?
            let object = try getJSON(url, repo: repo, revision: commit, head: &head)
            guard let entries = object as? [Any] else {
                throw HubError(.protocolViolation, "GET \(url.absoluteString): the reply is not a list of files")
            }
            for case let entry as [String: Any] in entries where entry["type"] as? String == "file" {
                files.append(try Self.parseFile(entry, url: url))
            }
            next = head?.header("Link").flatMap { Self.nextPage(inLinkHeader: $0, relativeTo: url) }
        }
        return files
    }

    public func fileURL(repo: RepoID, commit: String, path: String) -> URL {
        let encodedPath = path.split(separator: "/", omittingEmptySubsequences: false)
            .map { Self.percentEncode(String($0)) }.joined(separator: "/")
        return URL(string: endpoint.absoluteString + "/" + repo.text + "/resolve/" + commit + "/" + encodedPath)!
    }

    private func apiURL(_ repo: RepoID, _ kind: String, _ revision: String, query: String? = nil) -> URL {
        // A revision such as "refs/pr/1" is one path segment, so its slashes are encoded too.
        let text = endpoint.absoluteString + "/api/models/" + repo.text + "/" + kind + "/" + Self.percentEncode(revision)
        return URL(string: text + (query.map { "?" + $0 } ?? ""))!
    }

    private func getJSON(_ url: URL, repo: RepoID, revision: String) throws -> Any {
        var head: ResponseHead?
        return try getJSON(url, repo: repo, revision: revision, head: &head)
    }

    private func getJSON(_ url: URL, repo: RepoID, revision: String, head: inout ResponseHead?) throws -> Any {
        var attempt = 0
        while true {
            attempt += 1
            do {
                return try getJSONOnce(url, repo: repo, revision: revision, head: &head)
            } catch let error as HubError where error.kind == .transient && attempt <= retries {
                Thread.sleep(forTimeInterval: min(0.5 * Double(1 << min(attempt - 1, 5)), 10))
            }
        }
    }

    private func getJSONOnce(_ url: URL, repo: RepoID, revision: String, head: inout ResponseHead?) throws -> Any {
        var body = Data()
        let limit = Self.jsonLimit
        let reply = try StreamingGet.run(url, headers: ["Accept": "application/json"], token: token, idleTimeout: idleTimeout) { bytes in
            guard body.count + bytes.count <= limit else {
                throw HubError(.protocolViolation, "GET \(url.absoluteString): the reply is larger than \(limit >> 20) MiB")
            }
            body.append(contentsOf: bytes)
        }
        head = reply.head
        guard reply.head.isSuccess else {
            throw HubFailure.describe(reply.head, body: reply.errorBody, url: url, repo: repo, revision: revision,
                                      endpoint: endpoint, tokenGiven: token != nil)
        }
        do {
            return try JSONSerialization.jsonObject(with: body)
        } catch {
            let start = String(decoding: body.prefix(120), as: UTF8.self)
            throw HubError(.protocolViolation, "GET \(url.absoluteString): the reply is not JSON: \(start)")
        }
    }

    private static func parseFile(_ entry: [String: Any], url: URL) throws -> RepoFile {
        guard let path = entry["path"] as? String, let size = (entry["size"] as? NSNumber)?.int64Value, size >= 0 else {
            throw HubError(.protocolViolation, "GET \(url.absoluteString): a file entry lacks its path or size: \(entry)")
        }
        try RepoPath.validate(path, url: url)
        if let lfs = entry["lfs"] as? [String: Any] {
            guard let sha256 = (lfs["oid"] as? String)?.lowercased(), isHex(sha256, length: 64) else {
                throw HubError(.protocolViolation, "GET \(url.absoluteString): '\(path)' is an LFS file without a SHA-256 ('lfs.oid')")
            }
            if let lfsSize = (lfs["size"] as? NSNumber)?.int64Value, lfsSize != size {
                throw HubError(.protocolViolation, "GET \(url.absoluteString): '\(path)' is listed with two sizes, \(size) and \(lfsSize)")
            }
            return RepoFile(path: path, size: size, checksum: .sha256(sha256))
        }
        guard let blob = (entry["oid"] as? String)?.lowercased(), isHex(blob, length: 40) else {
            throw HubError(.protocolViolation, "GET \(url.absoluteString): '\(path)' has no git blob id ('oid')")
        }
        return RepoFile(path: path, size: size, checksum: .gitBlob(blob))
    }

    /// The `rel="next"` target of an RFC 8288 Link header, as the Hub paginates listings.
    static func nextPage(inLinkHeader header: String, relativeTo base: URL) -> URL? {
        for link in header.split(separator: ",") {
            let parts = link.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            guard let target = parts.first, target.hasPrefix("<"), target.hasSuffix(">") else { continue }
            let isNext = parts.dropFirst().contains { parameter in
                let pair = parameter.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                return pair.count == 2 && pair[0].lowercased() == "rel"
                    && pair[1].trimmingCharacters(in: CharacterSet(charactersIn: "\"")).split(separator: " ").contains("next")
            }
            if isNext { return URL(string: String(target.dropFirst().dropLast()), relativeTo: base)?.absoluteURL }
        }
        return nil
    }

    static func isHex(_ text: String, length: Int) -> Bool {
        text.utf8.count == length && text.utf8.allSatisfy { (48...57).contains($0) || (97...102).contains($0) || (65...70).contains($0) }
    }

    static func percentEncode(_ segment: String) -> String {
        var allowed = CharacterSet.alphanumerics.intersection(CharacterSet(charactersIn: Unicode.Scalar(0)..<Unicode.Scalar(128)))
        allowed.insert(charactersIn: "-._~")
        return segment.addingPercentEncoding(withAllowedCharacters: allowed) ?? segment
    }
}
