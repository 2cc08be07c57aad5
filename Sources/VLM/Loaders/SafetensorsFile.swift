import Foundation

/// A safetensors file, memory-mapped: an 8-byte little-endian header length, a JSON header
/// `{name: {dtype, shape, data_offsets: [begin, end]}, "__metadata__": {...}}`, then the data.
/// Offsets are relative to the end of the header. Every malformed input throws `ModelFileError`
/// naming the file (and tensor): truncation, an absurd header length, JSON that does not parse or
/// has the wrong form, unknown dtypes, element counts that disagree with the byte ranges, ranges
/// outside the data or overlapping each other.
public final class SafetensorsFile: @unchecked Sendable, MappedFileFormat {
    public let path: String
    /// `__metadata__` string pairs.
    public let metadata: [String: String]
    /// Tensors in data order.
    public let tensors: [SafetensorsTensorInfo]
    /// Byte offset of the data section from the start of the file.
    public let dataOffset: Int
    let file: MappedFile
    private let tensorIndex: [String: Int]

    /// The format's own limit on the header size.
    static let maximumHeaderBytes = 100_000_000

    public init(mapped: MappedFile) throws {
        file = mapped
        path = mapped.path
        var reader = ByteReader(mapped.bytes, file: path)
        let headerLength = try reader.read(UInt64.self, "the header length")
        guard headerLength <= UInt64(Self.maximumHeaderBytes) else {
            throw ModelFileError(.absurdCount, file: path, "header length \(headerLength) exceeds the format's limit of \(Self.maximumHeaderBytes) bytes")
        }
        guard headerLength <= UInt64(reader.remaining) else {
            throw ModelFileError(.truncated, file: path, "header claims \(headerLength) bytes but only \(reader.remaining) follow")
        }
        dataOffset = 8 + Int(headerLength)
        let dataSize = mapped.bytes.count - dataOffset
        let headerBytes = Data(UnsafeRawBufferPointer(rebasing: mapped.bytes[8..<dataOffset]))
        guard let header = JSONValue.parse(headerBytes) else {
            throw ModelFileError(.badHeader, file: path, "header is not valid JSON")
        }
        guard let members = header.objectValue else {
            throw ModelFileError(.badHeader, file: path, "header is not a JSON object")
        }

        var metadata: [String: String] = [:]
        if let raw = members["__metadata__"] {
            guard let pairs = raw.objectValue else { throw ModelFileError(.badHeader, file: path, "__metadata__ is not an object") }
            for (key, value) in pairs {
                guard let string = value.stringValue else {
                    throw ModelFileError(.badHeader, file: path, "__metadata__ value '\(key)' is not a string")
                }
                metadata[key] = string
            }
        }
        self.metadata = metadata

        var infos: [SafetensorsTensorInfo] = []
        for (name, entry) in members where name != "__metadata__" {
            infos.append(try Self.tensorInfo(name: name, entry: entry, dataSize: dataSize, file: path))
        }
        infos.sort { ($0.dataRange.lowerBound, $0.dataRange.upperBound, $0.name) < ($1.dataRange.lowerBound, $1.dataRange.upperBound, $1.name) }
        let nonEmpty = infos.filter { !$0.dataRange.isEmpty }
        for (previous, next) in zip(nonEmpty, nonEmpty.dropFirst()) where previous.dataRange.upperBound > next.dataRange.lowerBound {
            throw ModelFileError(.overlappingData, file: path, tensor: next.name, "data overlaps tensor '\(previous.name)'")
        }
        tensors = infos
        tensorIndex = Dictionary(uniqueKeysWithValues: infos.enumerated().map { ($1.name, $0) })
    }

    private static func tensorInfo(name: String, entry: JSONValue, dataSize: Int, file: String) throws -> SafetensorsTensorInfo {
        func bad(_ message: String) -> ModelFileError { ModelFileError(.badHeader, file: file, tensor: name, message) }
        guard let dtypeName = entry["dtype"]?.stringValue else { throw bad("has no dtype string") }
        guard let dtype = SafetensorsDType(rawValue: dtypeName) else {
            throw ModelFileError(.unsupportedDType, file: file, tensor: name, "unknown dtype '\(dtypeName)'")
        }
        guard let rawShape = entry["shape"]?.arrayValue else { throw bad("has no shape array") }
        var shape: [Int] = []
        var elements = 1
        for dim in rawShape {
            guard let value = dim.intValue, value >= 0 else { throw bad("shape \(rawShape) holds a value that is not a non-negative integer") }
            let (product, overflow) = elements.multipliedReportingOverflow(by: value)
            guard !overflow, product <= 1 << 48 else {
                throw ModelFileError(.absurdCount, file: file, tensor: name, "element count of shape \(rawShape) overflows")
            }
            elements = product
            shape.append(value)
        }
        guard let offsets = entry["data_offsets"]?.arrayValue, offsets.count == 2,
              let begin = offsets[0].intValue, let end = offsets[1].intValue else {
            throw bad("data_offsets is not a pair of integers")
        }
        guard begin >= 0, begin <= end, end <= dataSize else {
            throw ModelFileError(.dataOutOfRange, file: file, tensor: name,
                                 "data_offsets [\(begin), \(end)) fall outside the \(max(dataSize, 0)) bytes of data")
        }
        guard end - begin == elements * dtype.byteSize else {
            throw ModelFileError(.shapeMismatch, file: file, tensor: name,
                                 "shape \(shape) of \(dtypeName) needs \(elements * dtype.byteSize) bytes but data_offsets span \(end - begin)")
        }
        return SafetensorsTensorInfo(name: name, dtype: dtype, shape: shape, dataRange: begin..<end)
    }

    public func tensorInfo(named name: String) -> SafetensorsTensorInfo? {
        tensorIndex[name].map { tensors[$0] }
    }

    /// The raw bytes of a tensor, inside the map.
    public func tensorBytes(_ info: SafetensorsTensorInfo) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(rebasing: file.bytes[(dataOffset + info.dataRange.lowerBound)..<(dataOffset + info.dataRange.upperBound)])
    }
}

/// One tensor of a safetensors file.
public struct SafetensorsTensorInfo: Sendable, Equatable {
    public let name: String
    public let dtype: SafetensorsDType
    /// Outermost first (PyTorch order): [out_features, in_features] for a Linear weight.
    public let shape: [Int]
    /// Byte range relative to the start of the data section.
    public let dataRange: Range<Int>
    public var elementCount: Int { shape.reduce(1, *) }
}

/// safetensors dtypes. Loupe computes with F32, F16 and BF16; the others can be listed but not
/// used as weights.
public enum SafetensorsDType: String, Sendable, CaseIterable {
    case F64, F32, F16, BF16, I64, I32, I16, I8, U64, U32, U16, U8, BOOL, F8_E4M3, F8_E5M2

    public var byteSize: Int {
        switch self {
        case .F64, .I64, .U64: 8
        case .F32, .I32, .U32: 4
        case .F16, .BF16, .I16, .U16: 2
        case .I8, .U8, .BOOL, .F8_E4M3, .F8_E5M2: 1
        }
    }

    public var elementType: ElementType? {
        switch self {
        case .F32: .f32
        case .F16: .f16
        case .BF16: .bf16
        default: nil
        }
    }
}
