@testable import VLM

/// Writes small GGUF files byte by byte for the parser tests; every field can be overridden to
/// make a specific kind of corrupt file.
struct GGUFBuilder {
    struct TensorEntry {
        var name: String
        var dims: [UInt64]
        var type: UInt32
        var offset: UInt64
    }

    var magic: UInt32 = 0x4655_4747
    var version: UInt32 = 3
    var metadata: [(String, [UInt8])] = []   // key, type id + value bytes
    var tensors: [TensorEntry] = []
    var tensorCountOverride: UInt64?
    var metadataCountOverride: UInt64?
    var alignment = 32
    var data: [UInt8] = []

    static func u32(_ v: UInt32) -> [UInt8] { withUnsafeBytes(of: v.littleEndian, Array.init) }
    static func u64(_ v: UInt64) -> [UInt8] { withUnsafeBytes(of: v.littleEndian, Array.init) }
    static func string(_ s: String) -> [UInt8] { u64(UInt64(s.utf8.count)) + Array(s.utf8) }

    mutating func add(_ key: String, string value: String) { metadata.append((key, Self.u32(8) + Self.string(value))) }
    mutating func add(_ key: String, u32 value: UInt32) { metadata.append((key, Self.u32(4) + Self.u32(value))) }
    mutating func add(_ key: String, f32 value: Float) { metadata.append((key, Self.u32(6) + Self.u32(value.bitPattern))) }
    mutating func add(_ key: String, raw: [UInt8]) { metadata.append((key, raw)) }
    mutating func add(_ key: String, strings: [String]) {
        metadata.append((key, Self.u32(9) + Self.u32(8) + Self.u64(UInt64(strings.count)) + strings.flatMap(Self.string)))
    }

    /// Appends a tensor whose data follows the previous one's (aligned).
    mutating func addTensor(_ name: String, dims: [UInt64], type: ElementType, bytes: [UInt8]) {
        while data.count % alignment != 0 { data.append(0) }
        tensors.append(TensorEntry(name: name, dims: dims, type: type.rawValue, offset: UInt64(data.count)))
        data += bytes
    }

    func build() -> [UInt8] {
        var out = Self.u32(magic) + Self.u32(version)
        out += Self.u64(tensorCountOverride ?? UInt64(tensors.count))
        out += Self.u64(metadataCountOverride ?? UInt64(metadata.count))
        for (key, value) in metadata { out += Self.string(key) + value }
        for tensor in tensors {
            out += Self.string(tensor.name) + Self.u32(UInt32(tensor.dims.count))
            for dim in tensor.dims { out += Self.u64(dim) }
            out += Self.u32(tensor.type) + Self.u64(tensor.offset)
        }
        while out.count % alignment != 0 { out.append(0) }
        return out + data
    }

    /// A valid file: metadata of several types, a Q8_0 matrix and a F32 vector.
    static func valid() -> GGUFBuilder {
        var builder = GGUFBuilder()
        builder.add("general.architecture", string: "gemma3")
        builder.add("gemma3.block_count", u32: 18)
        builder.add("gemma3.rope.freq_base", f32: 1_000_000)
        builder.add("tokenizer.ggml.tokens", strings: ["<pad>", "<eos>", "▁hello"])
        // Nested array: an array of two arrays of u32.
        builder.add("test.nested", raw: u32(9) + u32(9) + u64(2)
            + u32(4) + u64(2) + u32(1) + u32(2)
            + u32(4) + u64(1) + u32(3))
        var q8 = [UInt8]()
        for row in 0..<2 {   // 2 rows of 32: d = 1.0 (0x3C00), values row*32 + j - 64
            q8 += [0x00, 0x3C] + (0..<32).map { UInt8(bitPattern: Int8(row * 32 + $0 - 64)) }
        }
        builder.addTensor("w.q8", dims: [32, 2], type: .q8_0, bytes: q8)
        builder.addTensor("norm", dims: [4], type: .f32, bytes: [Float(1), 2, 3, 4].flatMap { u32($0.bitPattern) })
        return builder
    }
}
