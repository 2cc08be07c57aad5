/// The `--vision SPEC` strings: `oracle`, `openai:URL[#model]`, `paligemma:DIR`.
public enum BackendSpec {
    public static let help = "oracle (Shapes world scene files), openai:URL[#model] (OpenAI-compatible endpoint), paligemma:DIR (not available yet)"

    public static func make(_ spec: String, timeoutSeconds: Double = 60) throws -> PerceptionBackend {
        if spec == "oracle" { return OracleBackend() }
        if spec.hasPrefix("openai:") {
            let rest = String(spec.dropFirst("openai:".count))
            let parts = rest.split(separator: "#", maxSplits: 1).map(String.init)
            guard let url = parts.first, !url.isEmpty else { throw ToolError.badInput("--vision openai: needs a URL: openai:URL[#model]") }
            return try OpenAIBackend(baseURL: url, model: parts.count > 1 ? parts[1] : "default", timeoutSeconds: timeoutSeconds)
        }
        if spec.hasPrefix("paligemma:") {
            throw ToolError.unavailable("--vision \(spec): the local PaliGemma engine is not available yet; use oracle or openai:URL[#model]")
        }
        throw ToolError.badInput("--vision '\(spec)' is not a known backend; expected \(help)")
    }
}
