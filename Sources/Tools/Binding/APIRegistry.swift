import Interpreter

extension VisionToolkit {
    /// The registrations of the whole vision API (every capability some backend offers, and the
    /// controller routines), for `loupe check` and the controller's API text when no backend is
    /// chosen yet. Its closures refuse to run: it is for checking and listing only.
    public static func declaredAPI(capabilities: Set<PerceptionCapability> = Set(PerceptionCapability.allCases),
                                   withController: Bool = true) -> HostRegistry {
        let backend = DeclaredBackend(capabilities: capabilities)
        return VisionToolkit(perception: Perception(backend: backend), controller: withController ? DeclaredController() : nil).registry()
    }
}

/// A backend that only declares capabilities, for registrations that are checked, never run.
private final class DeclaredBackend: PerceptionBackend {
    let kind = "declared"
    let modelIdentifier = "none"
    let capabilities: Set<PerceptionCapability>
    init(capabilities: Set<PerceptionCapability>) { self.capabilities = capabilities }
}

private final class DeclaredController: ControllerModel {
    func complete(_ prompt: String) throws -> String {
        throw ToolError.unavailable("this registry is for checking programs; no controller model is configured to run them")
    }
}
