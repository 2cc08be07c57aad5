#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A read-only memory map of a whole file (weights are used in place; nothing is read up front),
/// or an owned copy of bytes for parsing in-memory input (tests, fuzzing).
public final class MappedFile: @unchecked Sendable {
    public let path: String
    public let bytes: UnsafeRawBufferPointer
    private let unmapLength: Int
    private let ownsAllocation: Bool

    public init(path: String) throws {
        self.path = path
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw ModelFileError(.cannotOpen, file: path, "cannot open: \(String(cString: strerror(errno)))")
        }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else {
            throw ModelFileError(.cannotOpen, file: path, "cannot stat: \(String(cString: strerror(errno)))")
        }
        guard (status.st_mode & S_IFMT) == S_IFREG else {
            throw ModelFileError(.cannotOpen, file: path, "not a regular file")
        }
        let size = Int(status.st_size)
        guard size > 0 else { throw ModelFileError(.truncated, file: path, "file is empty") }
        guard let address = mmap(nil, size, PROT_READ, MAP_PRIVATE, descriptor, 0), address != MAP_FAILED else {
            throw ModelFileError(.cannotOpen, file: path, "cannot map: \(String(cString: strerror(errno)))")
        }
        bytes = UnsafeRawBufferPointer(start: UnsafeRawPointer(address), count: size)
        unmapLength = size
        ownsAllocation = false
    }

    /// Copies `data` into 64-byte aligned memory so tensor data inside it is as aligned as in a map.
    public init(copying data: UnsafeRawBufferPointer, path: String) {
        self.path = path
        let storage = UnsafeMutableRawPointer.allocate(byteCount: max(data.count, 1), alignment: 64)
        if let base = data.baseAddress, data.count > 0 { storage.copyMemory(from: base, byteCount: data.count) }
        bytes = UnsafeRawBufferPointer(start: storage, count: data.count)
        unmapLength = 0
        ownsAllocation = true
    }

    deinit {
        guard let base = bytes.baseAddress else { return }
        if ownsAllocation {
            UnsafeMutableRawPointer(mutating: base).deallocate()
        } else {
            munmap(UnsafeMutableRawPointer(mutating: base), unmapLength)
        }
    }
}
