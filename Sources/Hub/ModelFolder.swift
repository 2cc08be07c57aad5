import Foundation

/// Where Loupe keeps models: `$LOUPE_HOME/models` (default ~/.cache/loupe/models), the folder
/// scripts/bootstrap.sh fills, with one subfolder per downloaded repository.
public enum ModelFolder {
    public static func root(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> URL {
        if let home = environment["LOUPE_HOME"], !home.isEmpty {
            return URL(fileURLWithPath: home).appendingPathComponent("models")
        }
        return FileManager.default.homeDirectoryForCurrentUser
            .appendingPathComponent(".cache/loupe/models")
    }

    /// "google--paligemma-3b-mix-224" for the default branch; another revision gets its own folder
    /// ("...@v1.0", slashes of "refs/pr/1" replaced) so switching revisions never mixes their files.
    public static func folder(for repo: RepoID, revision: String, root: URL) -> URL {
        guard revision != "main" else { return root.appendingPathComponent(repo.folderName) }
        let safeRevision = String(revision.map { $0 == "/" ? "-" : $0 })
        return root.appendingPathComponent(repo.folderName + "@" + safeRevision)
    }
}
