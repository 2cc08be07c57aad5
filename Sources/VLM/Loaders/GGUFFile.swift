/// A GGUF model file (versions 2 and 3), memory-mapped: metadata is parsed and checked on open,
/// tensor data stays in the map and is used in place. Metadata arrays stay in the map too and are
/// read when asked for: the vocabulary arrays hold 262k elements each, which as `GGUFValue`s
/// took ~20 MiB for the life of the file.
///
/// Tensor shapes: GGUF stores dimensions fastest-first (`dims`, ggml's `ne`); `shape` is the same
/// reversed, outermost first, so a ggml matrix with ne = [K, N] has shape [N, K] (N rows of K).
///
/// Every malformed input throws `ModelFileError` naming the file (and tensor): truncation, bad
/// magic, unsupported version, unknown value or tensor types, counts the file cannot hold, bad
/// alignment, misaligned or out-of-range or overlapping tensor data, duplicate names.
public final class GGUFFile: @unchecked Sendable, MappedFileFormat {
    public let path: String
    public let version: UInt32
    /// Metadata in file order.
    public let metadataKeys: [String]
    /// Metadata other than arrays.
    private let scalars: [String: GGUFValue]
    /// Where each array metadata value starts in the map (at its element type).
    private let arrayPositions: [String: Int]
    /// Tensor infos in file order.
    public let tensors: [GGUFTensorInfo]
    /// `general.alignment`, default 32.
    public let alignment: Int
    /// Byte offset of the tensor data section from the start of the file.
    public let dataOffset: Int
    let file: MappedFile
    private let tensorIndex: [String: Int]

    /// Deepest array nesting accepted; real files nest at most once.
    static let maximumArrayDepth = 4
    static let maximumDimensions = 4

    public init(mapped: MappedFile) throws {
        file = mapped
        path = mapped.path
        var reader = ByteReader(mapped.bytes, file: path)

        let magic = try reader.read(UInt32.self, "the magic number")
        guard magic == 0x4655_4747 else {   // "GGUF" little-endian
            throw ModelFileError(.badMagic, file: path, "not a GGUF file (magic 0x\(String(magic, radix: 16)), expected \"GGUF\")")
        }
        version = try reader.read(UInt32.self, "the version")
        guard version == 2 || version == 3 else {
            let hint = version.byteSwapped == 2 || version.byteSwapped == 3 ? "; this looks like a big-endian file" : ""
            throw ModelFileError(.unsupportedVersion, file: path, "unsupported GGUF version \(version) (supported: little-endian 2, 3\(hint))")
        }
        let tensorCount = try reader.read(UInt64.self, "the tensor count")
        let metadataCount = try reader.read(UInt64.self, "the metadata count")
        // Each metadata pair takes at least 12 bytes, each tensor info at least 24.
        guard metadataCount <= UInt64(reader.remaining / 12) else {
            throw ModelFileError(.absurdCount, file: path, "metadata count \(metadataCount) cannot fit in the file")
        }
        guard tensorCount <= UInt64(reader.remaining / 24) else {
            throw ModelFileError(.absurdCount, file: path, "tensor count \(tensorCount) cannot fit in the file")
        }

        var keys: [String] = []
        var values: [String: GGUFValue] = [:]
        var arrayPositions: [String: Int] = [:]
        for index in 0..<Int(metadataCount) {
            let key = try reader.readString("metadata key #\(index)")
            let rawType = try reader.read(UInt32.self, "the type of metadata '\(key)'")
            guard values[key] == nil, arrayPositions[key] == nil else {
                throw ModelFileError(.duplicateName, file: path, "metadata key '\(key)' appears twice")
            }
            if rawType == GGUFValueType.array.rawValue {
                arrayPositions[key] = reader.position
                _ = try Self.readValue(&reader, rawType: rawType, key: key, depth: 0, keep: false)
            } else {
                values[key] = try Self.readValue(&reader, rawType: rawType, key: key, depth: 0)
            }
            keys.append(key)
        }
        metadataKeys = keys
        scalars = values
        self.arrayPositions = arrayPositions

        var alignment = 32
        if let value = values["general.alignment"] {
            guard case .uint32(let raw) = value, raw > 0, raw & (raw - 1) == 0, raw <= 1 << 20 else {
                throw ModelFileError(.badAlignment, file: path, "general.alignment must be a power-of-two u32, found \(value)")
            }
            alignment = Int(raw)
        }
        self.alignment = alignment

        var infos: [GGUFTensorInfo] = []
        var index: [String: Int] = [:]
        for number in 0..<Int(tensorCount) {
            let name = try reader.readString("the name of tensor #\(number)")
            let dimensionCount = try reader.read(UInt32.self, "the dimension count of tensor '\(name)'")
            guard dimensionCount >= 1, dimensionCount <= UInt32(Self.maximumDimensions) else {
                throw ModelFileError(.absurdCount, file: path, tensor: name, "has \(dimensionCount) dimensions (1...\(Self.maximumDimensions) allowed)")
            }
            var dims: [Int] = []
            var elements = 1
            for axis in 0..<Int(dimensionCount) {
                let dim = try reader.read(UInt64.self, "dimension \(axis) of tensor '\(name)'")
                guard dim <= UInt64(Int32.max) else {
                    throw ModelFileError(.absurdCount, file: path, tensor: name, "dimension \(axis) is \(dim)")
                }
                let (product, overflow) = elements.multipliedReportingOverflow(by: Int(dim))
                guard !overflow, product <= 1 << 48 else {
                    throw ModelFileError(.absurdCount, file: path, tensor: name, "element count overflows")
                }
                elements = product
                dims.append(Int(dim))
            }
            let rawType = try reader.read(UInt32.self, "the type of tensor '\(name)'")
            guard let type = ElementType(rawValue: rawType) else {
                throw ModelFileError(.unknownTensorType, file: path, tensor: name, "unknown or unsupported tensor type id \(rawType)")
            }
            let offset = try reader.read(UInt64.self, "the data offset of tensor '\(name)'")
            guard dims[0] % type.blockSize == 0, let byteCount = type.byteCount(elements: elements) else {
                throw ModelFileError(.shapeMismatch, file: path, tensor: name,
                                     "first dimension \(dims[0]) is not a multiple of the \(type) block size \(type.blockSize)")
            }
            guard offset % UInt64(alignment) == 0 else {
                throw ModelFileError(.misalignedOffset, file: path, tensor: name, "data offset \(offset) is not a multiple of the alignment \(alignment)")
            }
            guard offset <= UInt64(Int.max / 2) else {
                throw ModelFileError(.dataOutOfRange, file: path, tensor: name, "data offset \(offset) is past the end of the file")
            }
            guard index.updateValue(infos.count, forKey: name) == nil else {
                throw ModelFileError(.duplicateName, file: path, tensor: name, "tensor name appears twice")
            }
            infos.append(GGUFTensorInfo(name: name, type: type, dims: dims, offset: Int(offset), byteCount: byteCount))
        }

        let (aligned, _) = (reader.position + alignment - 1).quotientAndRemainder(dividingBy: alignment)
        dataOffset = aligned * alignment
        let dataSize = mapped.bytes.count - dataOffset
        for info in infos {
            guard dataSize >= 0, info.offset <= dataSize, info.byteCount <= dataSize - info.offset else {
                throw ModelFileError(.dataOutOfRange, file: path, tensor: info.name,
                                     "data [\(info.offset), \(info.offset + info.byteCount)) runs past the end of the data section (\(max(dataSize, 0)) bytes)")
            }
        }
        let byOffset = infos.filter { $0.byteCount > 0 }.sorted { $0.offset < $1.offset }
        for (previous, next) in zip(byOffset, byOffset.dropFirst()) where previous.offset + previous.byteCount > next.offset {
            throw ModelFileError(.overlappingData, file: path, tensor: next.name, "data overlaps tensor '\(previous.name)'")
        }
        tensors = infos
        tensorIndex = index
    }

    /// Reads and checks one value. Without `keep`, strings and arrays are only checked and skipped
    /// (returned empty).
    private static func readValue(_ reader: inout ByteReader, rawType: UInt32, key: String, depth: Int,
                                  keep: Bool = true) throws -> GGUFValue {
        guard let type = GGUFValueType(rawValue: rawType) else {
            throw ModelFileError(.unknownValueType, file: reader.file, "metadata '\(key)' has unknown value type \(rawType)")
        }
        // Built only when an error needs it: this runs for every element of the vocabulary arrays.
        func what() -> String { "metadata '\(key)'" }
        switch type {
        case .uint8: return .uint8(try reader.read(UInt8.self, what()))
        case .int8: return .int8(try reader.read(Int8.self, what()))
        case .uint16: return .uint16(try reader.read(UInt16.self, what()))
        case .int16: return .int16(try reader.read(Int16.self, what()))
        case .uint32: return .uint32(try reader.read(UInt32.self, what()))
        case .int32: return .int32(try reader.read(Int32.self, what()))
        case .uint64: return .uint64(try reader.read(UInt64.self, what()))
        case .int64: return .int64(try reader.read(Int64.self, what()))
        case .float32: return .float32(try reader.readFloat(what()))
        case .float64: return .float64(try reader.readDouble(what()))
        case .bool:
            let byte = try reader.read(UInt8.self, what())
            guard byte <= 1 else { throw ModelFileError(.wrongValueType, file: reader.file, "\(what()) is a bool with value \(byte)") }
            return .bool(byte == 1)
        case .string:
            if keep { return .string(try reader.readString(what())) }
            _ = try reader.readStringBytes(what())
            return .string("")
        case .array:
            guard depth < maximumArrayDepth else {
                throw ModelFileError(.absurdCount, file: reader.file, "\(what()) nests arrays deeper than \(maximumArrayDepth)")
            }
            let rawElementType = try reader.read(UInt32.self, "the element type of \(what())")
            guard let elementType = GGUFValueType(rawValue: rawElementType) else {
                throw ModelFileError(.unknownValueType, file: reader.file, "\(what()) is an array of unknown value type \(rawElementType)")
            }
            let count = try reader.read(UInt64.self, "the length of \(what())")
            guard count <= UInt64(reader.remaining / elementType.minimumBytes) else {
                throw ModelFileError(.absurdCount, file: reader.file, "\(what()) claims \(count) elements but only \(reader.remaining) bytes remain")
            }
            var items: [GGUFValue] = []
            if keep { items.reserveCapacity(Int(count)) }
            for _ in 0..<Int(count) {
                let item = try readValue(&reader, rawType: rawElementType, key: key, depth: depth + 1, keep: keep)
                if keep { items.append(item) }
            }
            return .array(elementType, items)
        }
    }

    // MARK: Lookup

    public func tensorInfo(named name: String) -> GGUFTensorInfo? {
        tensorIndex[name].map { tensors[$0] }
    }

    /// The raw bytes of a tensor, inside the map.
    public func tensorBytes(_ info: GGUFTensorInfo) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(rebasing: file.bytes[(dataOffset + info.offset)..<(dataOffset + info.offset + info.byteCount)])
    }

    public func hasValue(_ key: String) -> Bool {
        scalars[key] != nil || arrayPositions[key] != nil
    }

    /// The value of `key`; an array is read from the map on each call.
    public func value(_ key: String) -> GGUFValue? {
        if let scalar = scalars[key] { return scalar }
        guard let position = arrayPositions[key] else { return nil }
        var reader = ByteReader(file.bytes, file: path, position: position)
        // Checked on open, so reading it again cannot fail.
        return try? Self.readValue(&reader, rawType: GGUFValueType.array.rawValue, key: key, depth: 0)
    }

    private func required(_ key: String) throws -> GGUFValue {
        guard let value = value(key) else {
            throw ModelFileError(.missingKey, file: path, "metadata key '\(key)' is missing")
        }
        return value
    }

    /// Calls `body` with each element of the array `key` (a reader positioned at it, and its type).
    private func forEachElement(_ key: String, expected: String, accepts: (GGUFValueType) -> Bool,
                               _ body: (inout ByteReader, GGUFValueType) throws -> Void) throws {
        guard let position = arrayPositions[key] else {
            let value = try required(key)
            throw wrongType(key, expected, value)
        }
        var reader = ByteReader(file.bytes, file: path, position: position)
        let rawType = try reader.read(UInt32.self, "the element type of metadata '\(key)'")
        let count = try reader.read(UInt64.self, "the length of metadata '\(key)'")
        guard let type = GGUFValueType(rawValue: rawType), accepts(type) else {
            throw wrongType(key, expected, try required(key))
        }
        for _ in 0..<Int(count) { try body(&reader, type) }
    }

    private func wrongType(_ key: String, _ expected: String, _ value: GGUFValue) -> ModelFileError {
        ModelFileError(.wrongValueType, file: path, "metadata '\(key)' should be \(expected), found \(value)")
    }

    public func string(_ key: String) throws -> String {
        let value = try required(key)
        guard let s = value.stringValue else { throw wrongType(key, "a string", value) }
        return s
    }

    public func int(_ key: String) throws -> Int {
        let value = try required(key)
        guard let i = value.intValue else { throw wrongType(key, "an integer", value) }
        return i
    }

    public func float(_ key: String) throws -> Float {
        let value = try required(key)
        guard let d = value.doubleValue else { throw wrongType(key, "a number", value) }
        return Float(d)
    }

    public func bool(_ key: String) throws -> Bool {
        let value = try required(key)
        guard let b = value.boolValue else { throw wrongType(key, "a bool", value) }
        return b
    }

    public func strings(_ key: String) throws -> [String] {
        var strings: [String] = []
        try forEachStringBytes(key) { strings.append(String(decoding: $0, as: UTF8.self)) }
        return strings
    }

    /// The bytes of each string of the array `key`, in place (no `String` per element).
    public func forEachStringBytes(_ key: String, _ body: (UnsafeRawBufferPointer) throws -> Void) throws {
        try forEachElement(key, expected: "an array of strings", accepts: { $0 == .string }) { reader, _ in
            try body(reader.readStringBytes("an element of metadata '\(key)'"))
        }
    }

    public func floats(_ key: String) throws -> [Float] {
        var floats: [Float] = []
        try forEachElement(key, expected: "an array of numbers", accepts: { ![.string, .array, .bool].contains($0) }) { reader, type in
            let item = try Self.readValue(&reader, rawType: type.rawValue, key: key, depth: 1)
            guard let d = item.doubleValue else { throw wrongType(key, "an array of numbers", try required(key)) }
            floats.append(Float(d))
        }
        return floats
    }

    public func ints(_ key: String) throws -> [Int] {
        var ints: [Int] = []
        try forEachElement(key, expected: "an array of integers", accepts: { ![.string, .array, .bool, .float32, .float64].contains($0) }) { reader, type in
            let item = try Self.readValue(&reader, rawType: type.rawValue, key: key, depth: 1)
            guard let i = item.intValue else { throw wrongType(key, "an array of integers", try required(key)) }
            ints.append(i)
        }
        return ints
    }
}

/// One tensor of a GGUF file.
public struct GGUFTensorInfo: Sendable, Equatable {
    public let name: String
    public let type: ElementType
    /// Dimensions fastest-first, as stored (ggml's `ne`).
    public let dims: [Int]
    /// Offset from the start of the data section.
    public let offset: Int
    public let byteCount: Int

    /// Dimensions outermost first (`dims` reversed): [rows, columns] for a matrix.
    public var shape: [Int] { dims.reversed() }
    public var elementCount: Int { dims.reduce(1, *) }
}
