/// A download that cannot go on, with what failed and where (repository, file, URL) and what to do.
public struct HubError: Error, CustomStringConvertible, Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        /// The repository or revision does not exist, or is invisible without a token.
        case notFound
        /// Gated, private, or the token was refused.
        case unauthorized
        /// A dropped connection, a timeout or a server error: retrying may help.
        case transient
        /// No connection could be made (unknown host, refused): worth retrying in the middle of a
        /// download, not before it has started, where it would only delay the message.
        case unreachable
        /// The bytes received do not match the size or checksum the Hub lists.
        case corrupt
        /// The local folder cannot be written.
        case localFile
        /// A repository name, endpoint or option that cannot be right.
        case invalidArgument
        /// The Hub answered something Loupe does not understand.
        case protocolViolation
    }

    public let kind: Kind
    public let message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }
}
