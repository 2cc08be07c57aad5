import Foundation

/// A model repository name as the Hub spells it: "owner/name", or a bare "name" for the few
/// repositories that predate owners ("gpt2").
public struct RepoID: Sendable, Equatable, CustomStringConvertible {
    public let owner: String?
    public let name: String

    public init(_ text: String) throws {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard (1...2).contains(parts.count), parts.allSatisfy(Self.isValidPart) else {
            throw HubError(.invalidArgument, "'\(text)' is not a Hugging Face repository name: expected OWNER/NAME, "
                + "letters, digits, '-', '_' and '.' (e.g. google/paligemma-3b-mix-224)")
        }
        owner = parts.count == 2 ? parts[0] : nil
        name = parts[parts.count - 1]
    }

    public var text: String { owner.map { "\($0)/\(name)" } ?? name }
    public var description: String { text }

    /// The folder name under the models folder: "owner--name", like the Hub's own cache names it.
    public var folderName: String { owner.map { "\($0)--\(name)" } ?? name }

    private static func isValidPart(_ part: String) -> Bool {
        guard !part.isEmpty, part.count <= 96, part != ".", part != "..", !part.hasPrefix("."),
              !part.hasSuffix(".") else { return false }
        return part.unicodeScalars.allSatisfy { scalar in
            scalar.isASCII && (CharacterSet.alphanumerics.contains(scalar) || "-_.".unicodeScalars.contains(scalar))
        }
    }
}

/// A file path inside a repository, checked before it becomes a local path: a hostile or broken
/// listing must not write outside the destination folder.
enum RepoPath {
    static func validate(_ path: String, url: URL) throws {
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        let unsafe = path.isEmpty || path.hasPrefix("/") || path.contains("\0") || path.contains("\\")
            || parts.contains { $0.isEmpty || $0 == "." || $0 == ".." }
            || parts.last.map { $0.hasSuffix(FileDownload.partialSuffix) || $0 == DownloadRecord.fileName || $0 == FolderLock.fileName } == true
        if unsafe {
            throw HubError(.protocolViolation, "GET \(url.absoluteString): refusing the file path '\(path)' (it would leave the destination folder or clash with Loupe's own files)")
        }
    }
}
