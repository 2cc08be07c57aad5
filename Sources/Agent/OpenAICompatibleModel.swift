import Foundation

/// A model behind an OpenAI-compatible HTTP API: `…/chat/completions` (the prompt goes as one
/// user message) or `…/completions` (the prompt is continued as text). The API key, if any, is
/// read from `LOUPE_OPENAI_API_KEY` or else `OPENAI_API_KEY` and sent as a bearer token.
public final class OpenAICompatibleModel: LanguageModel, @unchecked Sendable {
    public let endpoint: URL
    public let model: String
    public let isChat: Bool
    private let client: HTTPClient

    public var identifier: String { "openai:\(endpoint.absoluteString)#\(model)" }

    /// `baseURL` is a base such as `http://127.0.0.1:8080/v1` (chat is then used) or a full
    /// `…/chat/completions` or `…/completions` URL.
    public init(baseURL: String, model: String, timeoutSeconds: Double = 60, retries: Int = 2,
                environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        guard var url = URL(string: baseURL), let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https",
              url.host != nil else {
            throw AgentError("controller openai: '\(baseURL)' is not an http(s) URL (expected openai:http://HOST:PORT/v1#MODEL)")
        }
        guard timeoutSeconds > 0 else { throw AgentError("controller openai: the timeout must be positive, got \(timeoutSeconds)") }
        if url.path.hasSuffix("/chat/completions") {
            isChat = true
        } else if url.path.hasSuffix("/completions") {
            isChat = false
        } else {
            url = url.appendingPathComponent("chat/completions")
            isChat = true
        }
        endpoint = url
        self.model = model
        var headers: [String: String] = [:]
        if let key = environment["LOUPE_OPENAI_API_KEY"] ?? environment["OPENAI_API_KEY"], !key.isEmpty {
            headers["Authorization"] = "Bearer \(key)"
        }
        client = HTTPClient(timeoutSeconds: timeoutSeconds, retries: retries, headers: headers)
    }

    public func complete(_ prompt: String, options: CompletionOptions) throws -> String {
        var body: [String: Any] = [
            "model": model,
            "max_tokens": options.maxTokens,
            "temperature": options.temperature,
            "seed": options.seed,
        ]
        // The OpenAI API accepts at most four stop sequences.
        if !options.stop.isEmpty { body["stop"] = Array(options.stop.prefix(4)) }
        if isChat {
            body["messages"] = [["role": "user", "content": prompt]]
        } else {
            body["prompt"] = prompt
        }
        let reply = try client.postJSON(endpoint, body: body, what: "controller \(identifier)")
        guard let choices = reply["choices"] as? [[String: Any]], let first = choices.first else {
            throw AgentError("controller \(identifier): the reply has no choices: \(String(describing: reply).prefix(200))")
        }
        let text = isChat ? (first["message"] as? [String: Any])?["content"] as? String : first["text"] as? String
        guard let text else {
            throw AgentError("controller \(identifier): the first choice has no \(isChat ? "message.content" : "text")")
        }
        return text
    }
}
