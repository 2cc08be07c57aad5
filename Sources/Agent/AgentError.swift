/// Failures of the agent's own parts (controllers, prompt inputs), each naming what and where.
public struct AgentError: Error, CustomStringConvertible, Sendable, Equatable {
    public let description: String

    public init(_ description: String) {
        self.description = description
    }
}

/// The controller cannot be reached (down, hanging, overloaded after retries). Runs stop on it
/// instead of recording an error for every question, so a rerun finishes the work.
public struct ControllerUnavailable: Error, CustomStringConvertible, Sendable {
    public let description: String

    public init(_ description: String) {
        self.description = description
    }
}
