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

    /// Whether the bytes are a map of the file (not an owned copy).
    var isMap: Bool { !ownsAllocation }

    /// Reads the whole file into the map now (MADV_POPULATE_READ), so the first use of the weights
    /// does not stop on page faults and disk reads. Kernels before Linux 5.14 refuse the advice;
    /// the pages are then read on first touch as before.
    public func populate() {
        guard !ownsAllocation, let base = bytes.baseAddress else { return }
        _ = madvise(UnsafeMutableRawPointer(mutating: base), bytes.count, 22 /* MADV_POPULATE_READ */)
    }

    /// Drops this process's resident pages that lie wholly inside `pointer ..< pointer + count`
    /// (a range of `bytes`). The map stays valid: a page touched again is read back from the
    /// file, so this is safe even for bytes still in use; it only returns memory (mapped file
    /// pages count in the resident set) once a caller has made its own converted copy.
    /// Owned copies are left alone (dropping anonymous pages would zero them).
    public func releasePages(_ pointer: UnsafeRawPointer, count: Int) {
        guard !ownsAllocation, let base = bytes.baseAddress, count > 0,
              pointer >= base, pointer + count <= base + bytes.count else { return }
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        let start = (Int(bitPattern: pointer) + page - 1) / page * page
        let end = (Int(bitPattern: pointer) + count) / page * page
        guard end > start else { return }
        madvise(UnsafeMutableRawPointer(bitPattern: start), end - start, MADV_DONTNEED)
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

/// A file format parsed from a mapped file; opening one by path or from bytes already in memory
/// goes through the same parser.
public protocol MappedFileFormat {
    init(mapped: MappedFile) throws
}

extension MappedFileFormat {
    public init(path: String) throws {
        try self.init(mapped: MappedFile(path: path))
    }

    /// Parses bytes already in memory (tests, fuzzing); `path` is only used in messages.
    public init(bytes: UnsafeRawBufferPointer, path: String) throws {
        try self.init(mapped: MappedFile(copying: bytes, path: path))
    }
}
