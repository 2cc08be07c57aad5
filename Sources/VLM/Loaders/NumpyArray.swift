import Foundation

/// A floating-point array in numpy's `.npy` format, converted to float32 in C (row-major) order.
/// The format: magic "\x93NUMPY", version (1.0 with a 2-byte header length, 2.0 and 3.0 with
/// 4 bytes), then a Python dict literal `{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }`
/// padded with spaces, then the raw data. float16/32/64 in either byte order are read; other
/// dtypes (integers, objects, structured arrays) are refused by name.
public struct NumpyArray: Sendable, Equatable {
    /// Outermost first; [] for a scalar.
    public let shape: [Int]
    public let values: [Float]

    /// `bytes` is a whole `.npy` file; `file` and `name` say where it came from in errors.
    public init(npy bytes: [UInt8], file: String, name: String) throws {
        func bad(_ message: String) -> ModelFileError { ModelFileError(.badHeader, file: file, tensor: name, message) }
        let magic: [UInt8] = [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59]
        guard bytes.count >= 10, Array(bytes[0..<6]) == magic else { throw ModelFileError(.badMagic, file: file, tensor: name, "not a .npy array (no \\x93NUMPY magic)") }
        let major = bytes[6]
        let headerStart: Int, headerLength: Int
        switch major {
        case 1:
            headerStart = 10
            headerLength = Int(bytes[8]) | Int(bytes[9]) << 8
        case 2, 3:
            guard bytes.count >= 12 else { throw ModelFileError(.truncated, file: file, tensor: name, ".npy header length is cut off") }
            headerStart = 12
            headerLength = (8..<12).reduce(0) { $0 | Int(bytes[$1]) << (8 * ($1 - 8)) }
        default:
            throw ModelFileError(.unsupportedVersion, file: file, tensor: name, ".npy format version \(major).\(bytes[7]) is not supported (1, 2, 3 are)")
        }
        guard headerLength <= bytes.count - headerStart else {
            throw ModelFileError(.truncated, file: file, tensor: name, ".npy header claims \(headerLength) bytes but the array has \(bytes.count - headerStart) after it")
        }
        let header = String(decoding: bytes[headerStart..<(headerStart + headerLength)], as: UTF8.self)
        let fields = try NumpyHeader.parse(header, bad)
        guard case .string(let descr)? = fields["descr"] else { throw bad(".npy header has no 'descr' string: \(header)") }
        guard case .bool(let fortranOrder)? = fields["fortran_order"] else { throw bad(".npy header has no 'fortran_order' flag: \(header)") }
        guard case .tuple(let shape)? = fields["shape"] else { throw bad(".npy header has no 'shape' tuple: \(header)") }

        var count = 1
        for dimension in shape {
            let (product, overflow) = count.multipliedReportingOverflow(by: dimension)
            guard dimension >= 0, !overflow, product <= 1 << 40 else {
                throw ModelFileError(.absurdCount, file: file, tensor: name, ".npy shape \(shape) has an impossible element count")
            }
            count = product
        }
        let order = descr.first
        let kind = descr.dropFirst()
        guard let itemSize = ["f2": 2, "f4": 4, "f8": 8][String(kind)], order == "<" || order == ">" || order == "=" || order == "|" else {
            throw ModelFileError(.unsupportedDType, file: file, tensor: name, ".npy dtype '\(descr)' is not supported (float16, float32, float64 are)")
        }
        let dataStart = headerStart + headerLength
        guard bytes.count - dataStart == count * itemSize else {
            throw ModelFileError(.shapeMismatch, file: file, tensor: name,
                                 ".npy shape \(shape) of \(descr) needs \(count * itemSize) bytes but \(bytes.count - dataStart) follow the header")
        }
        let bigEndian = order == ">"
        var stored = [Float](repeating: 0, count: count)
        bytes.withUnsafeBytes { raw in
            for index in 0..<count {
                let at = dataStart + index * itemSize
                switch itemSize {
                case 2:
                    let bits = raw.loadUnaligned(fromByteOffset: at, as: UInt16.self)
                    stored[index] = Float(Float16(bitPattern: bigEndian ? bits.byteSwapped : bits))
                case 4:
                    let bits = raw.loadUnaligned(fromByteOffset: at, as: UInt32.self)
                    stored[index] = Float(bitPattern: bigEndian ? bits.byteSwapped : bits)
                default:
                    let bits = raw.loadUnaligned(fromByteOffset: at, as: UInt64.self)
                    stored[index] = Float(Double(bitPattern: bigEndian ? bits.byteSwapped : bits))
                }
            }
        }
        self.shape = shape
        values = fortranOrder && shape.count > 1 ? Self.rowMajor(columnMajor: stored, shape: shape) : stored
    }

    /// Column-major (first index fastest) values reordered so the last index is fastest.
    private static func rowMajor(columnMajor values: [Float], shape: [Int]) -> [Float] {
        var out = [Float](repeating: 0, count: values.count)
        var index = [Int](repeating: 0, count: shape.count)
        for position in 0..<values.count {
            var source = 0, stride = 1
            for axis in 0..<shape.count {
                source += index[axis] * stride
                stride *= shape[axis]
            }
            out[position] = values[source]
            var axis = shape.count - 1
            while axis >= 0 {
                index[axis] += 1
                if index[axis] < shape[axis] { break }
                index[axis] = 0
                axis -= 1
            }
        }
        return out
    }
}

/// numpy's `.npz`: a zip of `NAME.npy` entries (np.savez stores them, np.savez_compressed
/// deflates them). Arrays are read when asked for, so entries a caller does not need are never
/// inflated.
public final class NumpyArchive: @unchecked Sendable {
    public let path: String
    private let zip: ZipArchive

    public convenience init(path: String) throws {
        self.init(zip: try ZipArchive(path: path))
    }

    init(zip: ZipArchive) {
        path = zip.path
        self.zip = zip
    }

    /// Array names (entry names without ".npy").
    public var names: [String] {
        zip.entries.map(\.name).filter { $0.hasSuffix(".npy") }.map { String($0.dropLast(4)) }
    }

    public func contains(_ name: String) -> Bool { zip.entry(named: name + ".npy") != nil }

    public func array(_ name: String) throws -> NumpyArray {
        guard let entry = zip.entry(named: name + ".npy") else {
            throw ModelFileError(.missingTensor, file: path, tensor: name, "no array with this name in the .npz")
        }
        return try NumpyArray(npy: zip.contents(of: entry), file: path, name: name)
    }
}

/// The dict literal of a `.npy` header: string keys; string, boolean or integer-tuple values.
enum NumpyHeader {
    enum Value: Equatable {
        case string(String)
        case bool(Bool)
        case tuple([Int])
    }

    static func parse(_ text: String, _ bad: (String) -> ModelFileError) throws -> [String: Value] {
        var characters = Substring(text)
        func skipSpace() { characters = characters.drop(while: { $0 == " " || $0 == "\n" || $0 == "\t" }) }
        func expect(_ character: Character) throws {
            skipSpace()
            guard characters.first == character else { throw bad(".npy header is not a dict literal (expected '\(character)'): \(text)") }
            characters.removeFirst()
        }
        func string() throws -> String {
            skipSpace()
            guard let quote = characters.first, quote == "'" || quote == "\"" else { throw bad(".npy header: expected a quoted string: \(text)") }
            characters.removeFirst()
            guard let end = characters.firstIndex(of: quote) else { throw bad(".npy header: unterminated string: \(text)") }
            defer { characters = characters[characters.index(after: end)...] }
            return String(characters[..<end])
        }
        func value() throws -> Value {
            skipSpace()
            if characters.hasPrefix("True") { characters.removeFirst(4); return .bool(true) }
            if characters.hasPrefix("False") { characters.removeFirst(5); return .bool(false) }
            if characters.first == "(" {
                characters.removeFirst()
                var items: [Int] = []
                while true {
                    skipSpace()
                    if characters.first == ")" { characters.removeFirst(); return .tuple(items) }
                    let digits = characters.prefix(while: { $0.isASCII && $0.isNumber })
                    guard !digits.isEmpty, digits.count <= 15, let number = Int(digits) else {
                        throw bad(".npy header: shape holds something other than non-negative integers: \(text)")
                    }
                    items.append(number)
                    characters.removeFirst(digits.count)
                    skipSpace()
                    if characters.first == "," { characters.removeFirst() }
                }
            }
            return .string(try string())
        }
        var fields: [String: Value] = [:]
        try expect("{")
        while true {
            skipSpace()
            if characters.first == "}" { break }
            let key = try string()
            try expect(":")
            fields[key] = try value()
            skipSpace()
            if characters.first == "," { characters.removeFirst() }
        }
        return fields
    }
}
