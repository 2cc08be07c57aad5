/// Gemma's chat turns: `<start_of_turn>user\n…<end_of_turn>\n<start_of_turn>model\n`.
public enum GemmaChatTemplate {
    public enum Role: String, Sendable {
        case system, user, model
    }

    public struct Message: Sendable, Equatable {
        public var role: Role
        public var text: String
        public init(_ role: Role, _ text: String) {
            self.role = role
            self.text = text
        }
    }

    /// The prompt text for a conversation, ending with an open model turn. Gemma has no system
    /// role: a system message is prepended to the first user turn, as Gemma's own template does.
    /// BOS is not included (the tokenizer adds it).
    public static func prompt(_ messages: [Message]) -> String {
        var text = ""
        var pendingSystem: String?
        for message in messages {
            switch message.role {
            case .system:
                pendingSystem = [pendingSystem, message.text].compactMap { $0 }.joined(separator: "\n\n")
            case .user, .model:
                var body = message.text
                if message.role == .user, let system = pendingSystem {
                    body = system + "\n\n" + body
                    pendingSystem = nil
                }
                text += "<start_of_turn>\(message.role.rawValue)\n\(body)<end_of_turn>\n"
            }
        }
        return text + "<start_of_turn>model\n"
    }

    public static func prompt(user: String) -> String {
        prompt([Message(.user, user)])
    }
}
