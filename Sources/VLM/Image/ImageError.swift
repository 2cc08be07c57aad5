/// Why an image could not be read, written or transformed; every case names the file or the operation.
public enum ImageError: Error, Equatable, CustomStringConvertible {
    case unreadable(path: String, reason: String)
    case empty(source: String)
    case unsupportedFormat(source: String)
    case tooLarge(source: String, width: Int, height: Int, limit: Int)
    case corrupt(source: String, reason: String)
    case invalidGeometry(String)
    case encodingFailed(String)

    public var description: String {
        switch self {
        case let .unreadable(path, reason):
            return "cannot read image file \(path): \(reason)"
        case let .empty(source):
            return "image \(source) is empty (0 bytes)"
        case let .unsupportedFormat(source):
            return "image \(source) is neither PNG nor JPEG (unrecognized signature)"
        case let .tooLarge(source, width, height, limit):
            return "image \(source) is too large: \(width)x\(height) pixels exceeds the limit of \(limit) pixels"
        case let .corrupt(source, reason):
            return "image \(source) is corrupt or truncated: \(reason)"
        case let .invalidGeometry(message):
            return "invalid image geometry: \(message)"
        case let .encodingFailed(message):
            return "cannot encode image: \(message)"
        }
    }
}
