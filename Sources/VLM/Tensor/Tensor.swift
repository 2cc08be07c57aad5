/// A float32 tensor: row-major, contiguous, 64-byte aligned, so its storage goes to BLAS and the
/// C kernels without copies. Value semantics with copy-on-write.
public struct Tensor: @unchecked Sendable, CustomStringConvertible {
    /// Dimensions outermost first; the last one is contiguous.
    public private(set) var shape: [Int]
    private var storage: TensorStorage

    /// A tensor of zeros.
    public init(zeros shape: [Int]) {
        precondition(shape.allSatisfy { $0 >= 0 }, "negative dimension in \(shape)")
        self.shape = shape
        storage = TensorStorage(count: shape.reduce(1, *))
    }

    /// A tensor holding `scalars` (row-major). Throws if the count does not match the shape.
    public init(shape: [Int], scalars: [Float]) throws {
        let count = shape.reduce(1, *)
        guard shape.allSatisfy({ $0 >= 0 }), count == scalars.count else {
            throw TensorError.shapeMismatch("\(scalars.count) values do not fill shape \(shape)")
        }
        self.init(zeros: shape)
        scalars.withUnsafeBufferPointer { source in
            storage.pointer.update(from: source.baseAddress!, count: count)
        }
    }

    public var count: Int { storage.count }
    public var rank: Int { shape.count }
    public var scalars: [Float] { Array(UnsafeBufferPointer(start: storage.pointer, count: storage.count)) }

    public func withUnsafeBufferPointer<R>(_ body: (UnsafeBufferPointer<Float>) throws -> R) rethrows -> R {
        try body(UnsafeBufferPointer(start: storage.pointer, count: storage.count))
    }

    public mutating func withUnsafeMutableBufferPointer<R>(_ body: (UnsafeMutableBufferPointer<Float>) throws -> R) rethrows -> R {
        if !isKnownUniquelyReferenced(&storage) { storage = storage.copy() }
        return try body(UnsafeMutableBufferPointer(start: storage.pointer, count: storage.count))
    }

    /// Element at a flat (row-major) index.
    public subscript(flat index: Int) -> Float {
        get { storage.pointer[index] }
        set {
            if !isKnownUniquelyReferenced(&storage) { storage = storage.copy() }
            storage.pointer[index] = newValue
        }
    }

    /// The same values with another shape of the same element count (shares storage).
    public func reshaped(_ newShape: [Int]) throws -> Tensor {
        guard newShape.allSatisfy({ $0 >= 0 }), newShape.reduce(1, *) == count else {
            throw TensorError.shapeMismatch("cannot reshape \(shape) to \(newShape)")
        }
        var copy = self
        copy.shape = newShape
        return copy
    }

    /// Number of rows when viewed as a matrix [rows, last dimension].
    public var rowCount: Int { shape.isEmpty ? 1 : shape.dropLast().reduce(1, *) }
    public var columnCount: Int { shape.last ?? 1 }

    public var description: String {
        let shown = scalars.prefix(8).map { String($0) }.joined(separator: ", ")
        return "Tensor\(shape)[\(shown)\(count > 8 ? ", ..." : "")]"
    }
}

public enum TensorError: Error, CustomStringConvertible, Equatable {
    case shapeMismatch(String)
    case unsupported(String)

    public var description: String {
        switch self {
        case .shapeMismatch(let message): "shape mismatch: \(message)"
        case .unsupported(let message): "unsupported: \(message)"
        }
    }
}

/// Aligned float storage owned by one or more tensors.
final class TensorStorage: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<Float>
    let count: Int

    init(count: Int) {
        self.count = count
        let raw = UnsafeMutableRawPointer.allocate(byteCount: max(count, 1) * 4, alignment: 64)
        raw.initializeMemory(as: Float.self, repeating: 0, count: max(count, 1))
        pointer = raw.assumingMemoryBound(to: Float.self)
    }

    func copy() -> TensorStorage {
        let copy = TensorStorage(count: count)
        copy.pointer.update(from: pointer, count: count)
        return copy
    }

    deinit { UnsafeMutableRawPointer(pointer).deallocate() }
}
