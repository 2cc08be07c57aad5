import Foundation

/// The `--vision SPEC` strings: `oracle`, `openai:URL[#model]`, `paligemma:DIR[#int8]`.
public enum BackendSpec {
    public static let help = "oracle (Shapes world scene files), openai:URL[#model] (OpenAI-compatible endpoint), paligemma:DIR[#int8] (local PaliGemma checkpoint folder; #int8 quantizes its matrices to Q8_0 at load)"

    public static func make(_ spec: String, timeoutSeconds: Double = 60) throws -> PerceptionBackend {
        if spec == "oracle" { return OracleBackend() }
        if spec.hasPrefix("openai:") {
            let rest = String(spec.dropFirst("openai:".count))
            let parts = rest.split(separator: "#", maxSplits: 1).map(String.init)
            guard let url = parts.first, !url.isEmpty else { throw ToolError.badInput("--vision openai: needs a URL: openai:URL[#model]") }
            return try OpenAIBackend(baseURL: url, model: parts.count > 1 ? parts[1] : "default", timeoutSeconds: timeoutSeconds)
        }
        if spec.hasPrefix("paligemma:") {
            var folder = String(spec.dropFirst("paligemma:".count))
            let int8 = folder.hasSuffix("#int8")
            if int8 { folder.removeLast("#int8".count) }
            // A '#' left over is a misspelled option unless the folder's name really has one.
            if let mark = folder.lastIndex(of: "#"), !FileManager.default.fileExists(atPath: folder) {
                throw ToolError.badInput("--vision \(spec): unknown option '\(folder[mark...])'; the only one is #int8")
            }
            guard !folder.isEmpty else { throw ToolError.badInput("--vision paligemma: needs a checkpoint folder: paligemma:DIR[#int8]") }
            return try PaliGemmaBackend(folder: folder, int8: int8)
        }
        throw ToolError.badInput("--vision '\(spec)' is not a known backend; expected \(help)")
    }
}
