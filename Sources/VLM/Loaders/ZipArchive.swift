import CZlib
import Foundation

/// The entries of a zip file (what numpy's `.npz` is), read from its central directory: stored
/// and deflated entries, ZIP64 sizes and offsets (numpy writes every entry with ZIP64 local
/// headers). Entries are inflated on demand and checked against their CRC-32. Every malformed
/// input throws `ModelFileError` naming the file (and entry): no end record, directories or
/// headers that run past the end, encrypted entries, unknown compression, bad deflate data, a
/// size or checksum that disagrees.
public final class ZipArchive: @unchecked Sendable, MappedFileFormat {
    public struct Entry: Sendable, Equatable {
        public let name: String
        /// 0 stored, 8 deflate.
        public let method: UInt16
        public let crc32: UInt32
        public let compressedSize: Int
        public let size: Int
        let localHeaderOffset: Int
    }

    public let path: String
    public let entries: [Entry]
    private let file: MappedFile
    private let index: [String: Int]

    /// Entries larger than this are refused (zlib counts in 32 bits; a mask decoder's arrays are
    /// a few MB).
    static let maximumEntryBytes = Int(UInt32.max)

    public init(mapped: MappedFile) throws {
        file = mapped
        path = mapped.path
        let bytes = mapped.bytes
        let end = try Self.endOfCentralDirectory(bytes, path: path)
        var reader = ByteReader(bytes, file: path)
        try reader.skip(to: end.directoryOffset, "the central directory")
        var entries: [Entry] = []
        for number in 0..<end.entryCount {
            let position = reader.position
            guard try reader.read(UInt32.self, "central directory entry \(number)") == 0x0201_4b50 else {
                throw ModelFileError(.badHeader, file: path, "central directory entry \(number) at byte \(position) has no signature: not a zip file or a damaged one")
            }
            try reader.skip(4, "central directory entry \(number)")
            let flags = try reader.read(UInt16.self, "entry flags")
            let method = try reader.read(UInt16.self, "entry method")
            try reader.skip(4, "entry time")
            let crc = try reader.read(UInt32.self, "entry CRC-32")
            var compressedSize = UInt64(try reader.read(UInt32.self, "entry compressed size"))
            var size = UInt64(try reader.read(UInt32.self, "entry size"))
            let nameLength = Int(try reader.read(UInt16.self, "entry name length"))
            let extraLength = Int(try reader.read(UInt16.self, "entry extra length"))
            let commentLength = Int(try reader.read(UInt16.self, "entry comment length"))
            try reader.skip(8, "entry attributes")
            var offset = UInt64(try reader.read(UInt32.self, "entry offset"))
            let name = String(decoding: try reader.slice(nameLength, "entry \(number)'s name"), as: UTF8.self)
            var extra = ByteReader(try reader.slice(extraLength, "entry '\(name)' extra fields"), file: path)
            // ZIP64 extra field: the 8-byte values of the fields whose 4-byte copy is all ones, in order.
            while extra.remaining >= 4 {
                let id = try extra.read(UInt16.self, "extra field id")
                let length = Int(try extra.read(UInt16.self, "extra field length"))
                var field = ByteReader(try extra.slice(length, "entry '\(name)' extra field"), file: path)
                guard id == 0x0001 else { continue }
                if size == 0xFFFF_FFFF { size = try field.read(UInt64.self, "entry '\(name)' ZIP64 size") }
                if compressedSize == 0xFFFF_FFFF { compressedSize = try field.read(UInt64.self, "entry '\(name)' ZIP64 compressed size") }
                if offset == 0xFFFF_FFFF { offset = try field.read(UInt64.self, "entry '\(name)' ZIP64 offset") }
            }
            try reader.skip(commentLength, "entry '\(name)' comment")
            guard flags & 1 == 0 else {
                throw ModelFileError(.badHeader, file: path, tensor: name, "zip entry is encrypted")
            }
            guard size <= UInt64(Self.maximumEntryBytes), compressedSize <= UInt64(bytes.count), offset < UInt64(bytes.count) else {
                throw ModelFileError(.dataOutOfRange, file: path, tensor: name,
                                     "zip entry claims \(compressedSize) bytes (\(size) unpacked) at byte \(offset) of a \(bytes.count)-byte file")
            }
            // Deflate expands at most ~1032:1; a larger claim is damage, and would otherwise
            // allocate the claimed size before inflating.
            guard method != 8 || size <= compressedSize * 1032 + 1024 else {
                throw ModelFileError(.dataOutOfRange, file: path, tensor: name,
                                     "deflated zip entry claims \(size) bytes unpacked from \(compressedSize), more than deflate can expand")
            }
            entries.append(Entry(name: name, method: method, crc32: crc, compressedSize: Int(compressedSize), size: Int(size),
                                 localHeaderOffset: Int(offset)))
        }
        var index: [String: Int] = [:]
        for (number, entry) in entries.enumerated() {
            guard index[entry.name] == nil else {
                throw ModelFileError(.duplicateName, file: path, tensor: entry.name, "zip entry name appears twice")
            }
            index[entry.name] = number
        }
        self.entries = entries
        self.index = index
    }

    public func entry(named name: String) -> Entry? {
        index[name].map { entries[$0] }
    }

    /// The entry's bytes, inflated if deflated, after checking size and CRC-32.
    public func contents(of entry: Entry) throws -> [UInt8] {
        var reader = ByteReader(file.bytes, file: path)
        try reader.skip(to: entry.localHeaderOffset, "the local header of '\(entry.name)'")
        guard try reader.read(UInt32.self, "the local header of '\(entry.name)'") == 0x0403_4b50 else {
            throw ModelFileError(.badHeader, file: path, tensor: entry.name, "local header at byte \(entry.localHeaderOffset) has no signature")
        }
        try reader.skip(22, "the local header of '\(entry.name)'")
        let nameLength = Int(try reader.read(UInt16.self, "the local name length of '\(entry.name)'"))
        let extraLength = Int(try reader.read(UInt16.self, "the local extra length of '\(entry.name)'"))
        try reader.skip(nameLength + extraLength, "the local header of '\(entry.name)'")
        let stored = try reader.slice(entry.compressedSize, "the data of '\(entry.name)'")
        let data: [UInt8]
        switch entry.method {
        case 0:
            guard entry.compressedSize == entry.size else {
                throw ModelFileError(.shapeMismatch, file: path, tensor: entry.name,
                                     "stored zip entry has \(entry.compressedSize) bytes but claims \(entry.size) unpacked")
            }
            data = Array(stored)
        case 8:
            data = try inflate(stored, entry: entry)
        default:
            throw ModelFileError(.unsupportedDType, file: path, tensor: entry.name,
                                 "zip compression method \(entry.method) is not supported (stored and deflate are)")
        }
        let crc = data.withUnsafeBufferPointer { buffer in
            UInt32(crc32(0, buffer.baseAddress, uInt(buffer.count)))
        }
        guard crc == entry.crc32 else {
            throw ModelFileError(.badHeader, file: path, tensor: entry.name,
                                 String(format: "zip entry is damaged: CRC-32 %08x, expected %08x", crc, entry.crc32))
        }
        return data
    }

    /// Raw deflate (no zlib header) into exactly `entry.size` bytes.
    private func inflate(_ input: UnsafeRawBufferPointer, entry: Entry) throws -> [UInt8] {
        var output = [UInt8](repeating: 0, count: entry.size)
        var stream = z_stream()
        guard inflateInit2_(&stream, -MAX_WBITS, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw ModelFileError(.cannotOpen, file: path, tensor: entry.name, "zlib could not start inflating")
        }
        defer { inflateEnd(&stream) }
        let status: Int32 = output.withUnsafeMutableBufferPointer { out in
            stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress?.assumingMemoryBound(to: Bytef.self))
            stream.avail_in = uInt(input.count)
            stream.next_out = out.baseAddress
            stream.avail_out = uInt(out.count)
            return CZlib.inflate(&stream, Z_FINISH)
        }
        guard status == Z_STREAM_END, Int(stream.total_out) == entry.size else {
            let reason = stream.msg.map { String(cString: $0) } ?? (status == Z_BUF_ERROR ? "data longer or shorter than the entry's size" : "zlib status \(status)")
            throw ModelFileError(.badHeader, file: path, tensor: entry.name,
                                 "deflated zip entry is damaged: \(reason) (\(stream.total_out) of \(entry.size) bytes inflated)")
        }
        return output
    }

    /// The end-of-central-directory record (searched back from the end, past a comment of up to
    /// 64 KiB), followed to its ZIP64 version when any field overflowed.
    private static func endOfCentralDirectory(_ bytes: UnsafeRawBufferPointer, path: String) throws -> (entryCount: Int, directoryOffset: Int) {
        let recordSize = 22
        guard bytes.count >= recordSize else {
            throw ModelFileError(.truncated, file: path, "\(bytes.count) bytes are too few for a zip file")
        }
        let lowest = max(0, bytes.count - recordSize - 0xFFFF)
        guard let start = stride(from: bytes.count - recordSize, through: lowest, by: -1).first(where: {
            bytes.loadUnaligned(fromByteOffset: $0, as: UInt32.self) == UInt32(0x0605_4b50).littleEndian
        }) else {
            throw ModelFileError(.badMagic, file: path, "no zip end-of-central-directory record: not a zip (.npz) file, or a truncated one")
        }
        var reader = ByteReader(bytes, file: path)
        try reader.skip(to: start + 10, "the zip end record")
        var count = UInt64(try reader.read(UInt16.self, "the zip entry count"))
        try reader.skip(4, "the zip end record")
        var offset = UInt64(try reader.read(UInt32.self, "the central directory offset"))
        if count == 0xFFFF || offset == 0xFFFF_FFFF {
            guard start >= 20 else { throw ModelFileError(.badHeader, file: path, "ZIP64 end record locator is missing") }
            var locator = ByteReader(bytes, file: path)
            try locator.skip(to: start - 20, "the ZIP64 locator")
            guard try locator.read(UInt32.self, "the ZIP64 locator") == 0x0706_4b50 else {
                throw ModelFileError(.badHeader, file: path, "ZIP64 end record locator is missing")
            }
            try locator.skip(4, "the ZIP64 locator")
            let recordOffset = try locator.read(UInt64.self, "the ZIP64 end record offset")
            guard recordOffset < UInt64(bytes.count) else {
                throw ModelFileError(.dataOutOfRange, file: path, "ZIP64 end record offset \(recordOffset) is past the end")
            }
            var record = ByteReader(bytes, file: path)
            try record.skip(to: Int(recordOffset), "the ZIP64 end record")
            guard try record.read(UInt32.self, "the ZIP64 end record") == 0x0606_4b50 else {
                throw ModelFileError(.badHeader, file: path, "ZIP64 end record at byte \(recordOffset) has no signature")
            }
            try record.skip(28, "the ZIP64 end record")
            count = try record.read(UInt64.self, "the ZIP64 entry count")
            try record.skip(8, "the ZIP64 end record")
            offset = try record.read(UInt64.self, "the ZIP64 central directory offset")
        }
        // Each central directory entry takes at least 46 bytes.
        guard offset <= UInt64(bytes.count), count <= UInt64(bytes.count) / 46 else {
            throw ModelFileError(.absurdCount, file: path, "zip end record claims \(count) entries at byte \(offset) of a \(bytes.count)-byte file")
        }
        return (Int(count), Int(offset))
    }
}
