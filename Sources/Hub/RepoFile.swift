/// One file of a repository revision, as the Hub's tree listing describes it.
public struct RepoFile: Sendable, Equatable {
    /// Slash-separated, relative to the repository root.
    public let path: String
    public let size: Int64
    public let checksum: Checksum

    public init(path: String, size: Int64, checksum: Checksum) {
        self.path = path
        self.size = size
        self.checksum = checksum
    }
}

/// What a file's content must hash to.
public enum Checksum: Sendable, Equatable, CustomStringConvertible {
    /// LFS files: the SHA-256 of the content (lowercase hex).
    case sha256(String)
    /// Files kept in git itself: the git blob id, SHA-1 of "blob <size>\0" + content (lowercase hex).
    case gitBlob(String)

    public var description: String {
        switch self {
        case .sha256(let hex): return "sha256:\(hex)"
        case .gitBlob(let hex): return "git-blob:\(hex)"
        }
    }
}

/// Hashes content as it streams, the way the `Checksum` it is made for is computed.
struct ContentVerifier {
    private enum Hasher {
        case sha256(SHA256)
        case sha1(SHA1)
    }

    private var hasher: Hasher

    init(expected: Checksum, size: Int64) {
        switch expected {
        case .sha256:
            hasher = .sha256(SHA256())
        case .gitBlob:
            var sha1 = SHA1()
            sha1.update(Array("blob \(size)\0".utf8))
            hasher = .sha1(sha1)
        }
    }

    mutating func update(_ bytes: UnsafeRawBufferPointer) {
        switch hasher {
        case .sha256(var h): h.update(bytes); hasher = .sha256(h)
        case .sha1(var h): h.update(bytes); hasher = .sha1(h)
        }
    }

    /// The digest of everything seen, in the same notation as the checksum it was made for.
    mutating func finish() -> Checksum {
        switch hasher {
        case .sha256(var h): return .sha256(hex(h.finalize()))
        case .sha1(var h): return .gitBlob(hex(h.finalize()))
        }
    }
}

func hex(_ bytes: [UInt8]) -> String {
    let digits = Array("0123456789abcdef".utf8)
    var out: [UInt8] = []
    out.reserveCapacity(bytes.count * 2)
    for byte in bytes {
        out.append(digits[Int(byte >> 4)])
        out.append(digits[Int(byte & 0xf)])
    }
    return String(decoding: out, as: UTF8.self)
}
