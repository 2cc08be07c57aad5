/// A model file that cannot be used, with the file and (where it applies) the tensor named.
public struct ModelFileError: Error, CustomStringConvertible, Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        case cannotOpen
        case truncated
        case badMagic
        case unsupportedVersion
        case unknownValueType
        case unknownTensorType
        case absurdCount
        case badAlignment
        case misalignedOffset
        case dataOutOfRange
        case overlappingData
        case shapeMismatch
        case duplicateName
        case badHeader
        case unsupportedDType
        case missingKey
        case wrongValueType
        case missingTensor
    }

    public let kind: Kind
    public let file: String
    public let tensor: String?
    public let message: String

    public init(_ kind: Kind, file: String, tensor: String? = nil, _ message: String) {
        self.kind = kind
        self.file = file
        self.tensor = tensor
        self.message = message
    }

    public var description: String {
        if let tensor { return "\(file): tensor '\(tensor)': \(message)" }
        return "\(file): \(message)"
    }
}
