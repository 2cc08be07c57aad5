import Foundation

/// The `--controller SPEC` strings.
public enum ControllerSpec {
    public static let help = "truth (the dataset's ground-truth program), replay:FILE (programs from a JSONL file keyed by question id), openai:URL#MODEL (OpenAI-compatible chat or completions endpoint; key from LOUPE_OPENAI_API_KEY or OPENAI_API_KEY), local:PATH (a .gguf file or Hugging Face folder run by Loupe's own engine; local-chat:PATH for instruction-tuned models)"

    /// `maxTokens` caps each program a model writes (a base model that never reaches a stop
    /// sequence would otherwise run on to the cap).
    public static func make(_ spec: String, timeoutSeconds: Double = 60, retries: Int = 2, maxTokens: Int = 512) throws -> Controller {
        if spec == "truth" { return TruthController() }
        if spec.hasPrefix("replay:") {
            let path = String(spec.dropFirst("replay:".count))
            guard !path.isEmpty else { throw AgentError("--controller replay: needs a file: replay:FILE") }
            return try ReplayController(path: path)
        }
        if spec.hasPrefix("openai:") {
            let rest = String(spec.dropFirst("openai:".count))
            let parts = rest.split(separator: "#", maxSplits: 1).map(String.init)
            guard let url = parts.first, !url.isEmpty, parts.count == 2, !parts[1].isEmpty else {
                throw AgentError("--controller '\(spec)': expected openai:URL#MODEL, e.g. openai:http://127.0.0.1:8080/v1#gemma-3-4b-it")
            }
            return ModelController(model: try OpenAICompatibleModel(baseURL: url, model: parts[1], timeoutSeconds: timeoutSeconds, retries: retries),
                                   maxTokens: maxTokens)
        }
        for (prefix, chat) in [("local:", false), ("local-chat:", true)] where spec.hasPrefix(prefix) {
            let path = String(spec.dropFirst(prefix.count))
            guard !path.isEmpty else { throw AgentError("--controller \(prefix) needs a model: \(prefix)PATH") }
            guard FileManager.default.fileExists(atPath: path) else {
                throw AgentError("--controller '\(spec)': no model file or folder at \(path)")
            }
            return ModelController(model: try LocalGemmaModel(path: path, chat: chat), maxTokens: maxTokens)
        }
        throw AgentError("--controller '\(spec)' is not a known controller; expected \(help)")
    }
}
