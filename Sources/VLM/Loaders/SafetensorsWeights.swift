import Foundation

extension SafetensorsFile {
    /// The tensor `name` as a weight used in place (F32, F16 or BF16).
    public func weight(_ name: String) throws -> Weight {
        guard let info = tensorInfo(named: name) else {
            throw ModelFileError(.missingTensor, file: path, tensor: name, "no tensor with this name")
        }
        guard let type = info.dtype.elementType else {
            throw ModelFileError(.unsupportedDType, file: path, tensor: name, "dtype \(info.dtype) cannot be used as a weight (F32, F16, BF16 can)")
        }
        let bytes = tensorBytes(info)
        return try Weight(name: name, type: type, shape: info.shape.isEmpty ? [1] : info.shape,
                          data: bytes.baseAddress ?? UnsafeRawPointer(file.bytes.baseAddress!), byteCount: bytes.count, owner: file)
    }
}

/// The weights of a model stored as one `model.safetensors` or as shards listed by
/// `model.safetensors.index.json` (`weight_map`: tensor name -> shard file in the same folder).
public final class SafetensorsCollection: @unchecked Sendable {
    public let directory: String
    public let files: [SafetensorsFile]
    private let location: [String: Int]

    /// Tensor names, sorted.
    public var tensorNames: [String] { location.keys.sorted() }

    /// Opens the index (if present) or the single file in `directory`.
    public init(directory: String) throws {
        self.directory = directory
        let folder = URL(fileURLWithPath: directory)
        let indexPath = folder.appendingPathComponent("model.safetensors.index.json").path
        if FileManager.default.fileExists(atPath: indexPath) {
            guard let data = FileManager.default.contents(atPath: indexPath) else {
                throw ModelFileError(.cannotOpen, file: indexPath, "cannot read")
            }
            guard let index = JSONValue.parse(data) else { throw ModelFileError(.badHeader, file: indexPath, "not valid JSON") }
            guard let weightMap = index["weight_map"]?.objectValue else {
                throw ModelFileError(.badHeader, file: indexPath, "has no weight_map object")
            }
            var shardNames: [String] = []
            var shardIndex: [String: Int] = [:]
            var location: [String: Int] = [:]
            for (tensor, value) in weightMap.sorted(by: { $0.key < $1.key }) {
                guard let shard = value.stringValue, !shard.isEmpty, !shard.contains("/"), shard != "..", shard != "." else {
                    throw ModelFileError(.badHeader, file: indexPath, tensor: tensor, "weight_map entry is not a file name in this folder: \(value)")
                }
                if shardIndex[shard] == nil {
                    shardIndex[shard] = shardNames.count
                    shardNames.append(shard)
                }
                location[tensor] = shardIndex[shard]
            }
            files = try shardNames.map { try SafetensorsFile(path: folder.appendingPathComponent($0).path) }
            for (tensor, shard) in location where files[shard].tensorInfo(named: tensor) == nil {
                throw ModelFileError(.missingTensor, file: files[shard].path, tensor: tensor, "listed in \(indexPath) but not in this shard")
            }
            self.location = location
        } else {
            let single = folder.appendingPathComponent("model.safetensors").path
            guard FileManager.default.fileExists(atPath: single) else {
                throw ModelFileError(.cannotOpen, file: directory, "has neither model.safetensors nor model.safetensors.index.json")
            }
            let file = try SafetensorsFile(path: single)
            files = [file]
            location = Dictionary(uniqueKeysWithValues: file.tensors.map { ($0.name, 0) })
        }
    }

    public func tensorInfo(named name: String) -> SafetensorsTensorInfo? {
        location[name].flatMap { files[$0].tensorInfo(named: name) }
    }

    public func weight(_ name: String) throws -> Weight {
        guard let shard = location[name] else {
            throw ModelFileError(.missingTensor, file: directory, tensor: name, "no tensor with this name in the model's safetensors")
        }
        return try files[shard].weight(name)
    }
}

/// A Hugging Face model folder: `config.json` plus safetensors weights.
public final class HFModelFolder: @unchecked Sendable {
    public let path: String
    public let config: JSONValue
    public let weights: SafetensorsCollection

    public init(path: String) throws {
        self.path = path
        let configPath = URL(fileURLWithPath: path).appendingPathComponent("config.json").path
        guard let data = FileManager.default.contents(atPath: configPath) else {
            throw ModelFileError(.cannotOpen, file: configPath, "cannot read the model's config.json")
        }
        guard let config = JSONValue.parse(data), config.objectValue != nil else {
            throw ModelFileError(.badHeader, file: configPath, "is not a JSON object")
        }
        self.config = config
        weights = try SafetensorsCollection(directory: path)
    }

    /// An integer from config.json (`text_config.hidden_size` style paths allowed).
    public func configInt(_ keyPath: String) throws -> Int {
        guard let value = configValue(keyPath)?.intValue else {
            throw ModelFileError(.missingKey, file: URL(fileURLWithPath: path).appendingPathComponent("config.json").path,
                                 "'\(keyPath)' is missing or not an integer")
        }
        return value
    }

    public func configValue(_ keyPath: String) -> JSONValue? {
        var value: JSONValue? = config
        for key in keyPath.split(separator: ".") { value = value?[String(key)] }
        return value
    }
}
