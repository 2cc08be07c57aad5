import Foundation

/// An exclusive lock on a model folder, so two `loupe models download` runs cannot write the same
/// partial files. flock(2) is released by the kernel when the process dies, even by kill -9.
struct FolderLock {
    static let fileName = ".loupe-download.lock"
    private let descriptor: Int32

    init(folder: URL) throws {
        let path = folder.appendingPathComponent(Self.fileName).path
        descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw HubError(.localFile, "cannot create \(path): \(String(cString: strerror(errno)))")
        }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            close(descriptor)
            throw HubError(.localFile, "another loupe is downloading into \(folder.path) (it holds \(Self.fileName)); wait for it to finish")
        }
    }

    func release() {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}
