import CKernels

/// A model weight in its stored format (F32, F16, BF16 or a GGML block format), used in place:
/// `data` points into a memory-mapped file (or an owned buffer) kept alive by `owner`.
/// Matrices are [rows, columns] = [output features N, input features K], rows contiguous
/// (ggml's ne = [K, N]); vectors are [K].
public struct Weight: @unchecked Sendable {
    public let name: String
    public let type: ElementType
    /// Outermost first: [N, K] for a matrix.
    public let shape: [Int]
    public let data: UnsafeRawPointer
    public let byteCount: Int
    private let owner: AnyObject?

    /// Wraps stored bytes; throws if the byte count does not match the shape and type.
    public init(name: String, type: ElementType, shape: [Int], data: UnsafeRawPointer, byteCount: Int, owner: AnyObject?) throws {
        let elements = shape.reduce(1, *)
        guard let last = shape.last, last % type.blockSize == 0, type.byteCount(elements: elements) == byteCount else {
            throw TensorError.shapeMismatch("weight '\(name)': \(byteCount) bytes of \(type) do not match shape \(shape)")
        }
        self.name = name
        self.type = type
        self.shape = shape
        self.data = data
        self.byteCount = byteCount
        self.owner = owner
    }

    /// A float32 weight holding a copy of `tensor` (rows = all but the last dimension).
    public init(name: String, tensor: Tensor) {
        let buffer = WeightBuffer(byteCount: tensor.count * 4)
        tensor.withUnsafeBufferPointer { values in
            if let base = values.baseAddress { buffer.pointer.copyMemory(from: base, byteCount: tensor.count * 4) }
        }
        self.name = name
        type = .f32
        shape = tensor.shape
        data = UnsafeRawPointer(buffer.pointer)
        byteCount = tensor.count * 4
        owner = buffer
    }

    /// A weight made of raw block bytes copied into an owned buffer (tests, converted weights).
    public init(name: String, type: ElementType, shape: [Int], bytes: [UInt8]) throws {
        let buffer = WeightBuffer(byteCount: bytes.count)
        bytes.withUnsafeBytes { source in
            if let base = source.baseAddress { buffer.pointer.copyMemory(from: base, byteCount: bytes.count) }
        }
        try self.init(name: name, type: type, shape: shape, data: UnsafeRawPointer(buffer.pointer), byteCount: bytes.count, owner: buffer)
    }

    /// Output features (all dimensions but the last).
    public var rows: Int { shape.dropLast().reduce(1, *) }
    /// Input features (the last, contiguous dimension).
    public var columns: Int { shape.last ?? 0 }
    public var elementCount: Int { shape.reduce(1, *) }
    public var rowBytes: Int { columns / type.blockSize * type.blockBytes }

    /// Rows `range` as float32, [range.count, columns] (embedding lookups, references).
    public func dequantizedRows(_ range: Range<Int>) throws -> Tensor {
        guard range.lowerBound >= 0, range.upperBound <= rows else {
            throw TensorError.shapeMismatch("weight '\(name)': rows \(range) outside 0..<\(rows)")
        }
        var out = Tensor(zeros: [range.count, columns])
        let status = out.withUnsafeMutableBufferPointer { buffer in
            loupe_convert_rows_to_f32(Int32(type.rawValue), data, Int64(columns), Int64(range.lowerBound), Int64(range.upperBound), buffer.baseAddress)
        }
        guard status == 0 else { throw TensorError.unsupported("cannot dequantize weight '\(name)' of type \(type)") }
        return out
    }

    /// Returns the resident memory of rows `range` to the system when they live in a memory-mapped
    /// file (after a converted copy replaced them); a later read pages them in again. No effect
    /// on owned buffers.
    public func releaseMappedPages(rows range: Range<Int>) {
        guard let file = owner as? MappedFile else { return }
        file.releasePages(data + range.lowerBound * rowBytes, count: range.count * rowBytes)
    }

    /// The memory-mapped file the bytes live in, if they are used in place in one (not in an
    /// owned copy of a file's bytes).
    var mappedFile: MappedFile? { (owner as? MappedFile).flatMap { $0.isMap ? $0 : nil } }

    /// The whole weight as float32 with the same shape.
    public func dequantized() throws -> Tensor {
        try dequantizedRows(0..<rows).reshaped(shape)
    }
}

/// Owned, 64-byte aligned bytes behind a `Weight` that is not memory-mapped.
final class WeightBuffer: @unchecked Sendable {
    let pointer: UnsafeMutableRawPointer

    init(byteCount: Int) {
        pointer = UnsafeMutableRawPointer.allocate(byteCount: max(byteCount, 1), alignment: 64)
    }

    deinit { pointer.deallocate() }
}
