extension GGUFFile {
    /// The tensor `name` as a weight used in place in the map (shape outermost first: [N, K]).
    public func weight(_ name: String) throws -> Weight {
        guard let info = tensorInfo(named: name) else {
            throw ModelFileError(.missingTensor, file: path, tensor: name, "no tensor with this name")
        }
        let bytes = tensorBytes(info)
        return try Weight(name: name, type: info.type, shape: info.shape, data: bytes.baseAddress ?? UnsafeRawPointer(file.bytes.baseAddress!),
                          byteCount: info.byteCount, owner: file)
    }
}
