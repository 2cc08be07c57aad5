import ArgumentParser
import Foundation
import Hub

struct ModelsList: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the models in the local model folder: size, and the repository and commit they came from.")

    @Option(help: "Model folder to list instead of $LOUPE_HOME/models (default ~/.cache/loupe/models).")
    var dir: String?

    func run() throws {
        let root = dir.map { URL(fileURLWithPath: $0) } ?? ModelFolder.root()
        let manager = FileManager.default
        guard let names = try? manager.contentsOfDirectory(atPath: root.path) else {
            print("no models in \(root.path) (the folder does not exist)")
            return
        }
        let visible = names.filter { !$0.hasPrefix(".") }.sorted()
        if visible.isEmpty { print("no models in \(root.path)") }
        for name in visible {
            let url = root.appendingPathComponent(name)
            var origin = ""
            if let record = DownloadRecord.load(folder: url) {
                origin = "  \(record.repo)@\(record.revision) (\(record.commit.prefix(12)))"
            }
            print("\(name)  \(DownloadProgress.bytes(Self.size(of: url)))\(origin)")
        }
    }

    /// Bytes of a file, or of everything under a folder.
    private static func size(of url: URL) -> Int64 {
        let manager = FileManager.default
        var isFolder: ObjCBool = false
        guard manager.fileExists(atPath: url.path, isDirectory: &isFolder) else { return 0 }
        guard isFolder.boolValue else {
            return (try? manager.attributesOfItem(atPath: url.path)[.size] as? NSNumber)?.int64Value ?? 0
        }
        var total: Int64 = 0
        let enumerator = manager.enumerator(at: url, includingPropertiesForKeys: [.fileSizeKey, .isRegularFileKey])
        while let item = enumerator?.nextObject() as? URL {
            let values = try? item.resourceValues(forKeys: [.fileSizeKey, .isRegularFileKey])
            if values?.isRegularFile == true { total += Int64(values?.fileSize ?? 0) }
        }
        return total
    }
}
