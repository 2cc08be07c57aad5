/// Bounds-checked little-endian reading of a byte buffer; every read past the end throws a
/// `truncated` error naming the file and what was being read.
struct ByteReader {
    let bytes: UnsafeRawBufferPointer
    let file: String
    private(set) var position = 0

    init(_ bytes: UnsafeRawBufferPointer, file: String, position: Int = 0) {
        self.bytes = bytes
        self.file = file
        self.position = position
    }

    var remaining: Int { bytes.count - position }

    mutating func read<T: FixedWidthInteger>(_: T.Type, _ what: @autoclosure () -> String) throws -> T {
        let size = MemoryLayout<T>.size
        guard remaining >= size else {
            throw ModelFileError(.truncated, file: file, "file ends inside \(what()) at byte \(position)")
        }
        let value = bytes.loadUnaligned(fromByteOffset: position, as: T.self)
        position += size
        return T(littleEndian: value)
    }

    mutating func readFloat(_ what: @autoclosure () -> String) throws -> Float {
        Float(bitPattern: try read(UInt32.self, what()))
    }

    mutating func readDouble(_ what: @autoclosure () -> String) throws -> Double {
        Double(bitPattern: try read(UInt64.self, what()))
    }

    /// A GGUF string: u64 length then UTF-8 bytes (invalid UTF-8 is repaired, not trusted).
    mutating func readString(_ what: @autoclosure () -> String) throws -> String {
        String(decoding: try readStringBytes(what()), as: UTF8.self)
    }

    /// A GGUF string's bytes, in place.
    mutating func readStringBytes(_ what: @autoclosure () -> String) throws -> UnsafeRawBufferPointer {
        let length = try read(UInt64.self, "length of \(what())")
        guard length <= UInt64(remaining) else {
            throw ModelFileError(.truncated, file: file,
                                 "\(what()) claims \(length) bytes at byte \(position) but only \(remaining) remain")
        }
        let count = Int(length)
        let slice = UnsafeRawBufferPointer(rebasing: bytes[position..<(position + count)])
        position += count
        return slice
    }

    mutating func skip(_ count: Int, _ what: @autoclosure () -> String) throws {
        guard count >= 0, count <= remaining else {
            throw ModelFileError(.truncated, file: file, "file ends inside \(what()) at byte \(position)")
        }
        position += count
    }

    mutating func skip(to offset: Int, _ what: @autoclosure () -> String) throws {
        guard offset >= 0, offset <= bytes.count else {
            throw ModelFileError(.truncated, file: file, "\(what()) at byte \(offset) lies past the end (\(bytes.count) bytes)")
        }
        position = offset
    }

    mutating func slice(_ count: Int, _ what: @autoclosure () -> String) throws -> UnsafeRawBufferPointer {
        guard count >= 0, count <= remaining else {
            throw ModelFileError(.truncated, file: file, "file ends inside \(what()) at byte \(position)")
        }
        defer { position += count }
        return UnsafeRawBufferPointer(rebasing: bytes[position..<(position + count)])
    }
}
