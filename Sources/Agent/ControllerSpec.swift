import Foundation

/// The `--controller SPEC` strings.
public enum ControllerSpec {
    public static let help = "truth (the dataset's ground-truth program), replay:FILE (programs from a JSONL file keyed by question id), openai:URL#MODEL (OpenAI-compatible chat or completions endpoint; key from LOUPE_OPENAI_API_KEY or OPENAI_API_KEY), local:GGUF (not available yet)"

    public static func make(_ spec: String, timeoutSeconds: Double = 60, retries: Int = 2) throws -> Controller {
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
            return ModelController(model: try OpenAICompatibleModel(baseURL: url, model: parts[1], timeoutSeconds: timeoutSeconds, retries: retries))
        }
        if spec.hasPrefix("local") {
            throw AgentError("--controller '\(spec)': the local Gemma engine is not in this build yet; use truth, replay:FILE or openai:URL#MODEL")
        }
        throw AgentError("--controller '\(spec)' is not a known controller; expected \(help)")
    }
}
