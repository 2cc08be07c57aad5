import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import VLM

/// A remote OpenAI-compatible chat endpoint (`POST {base}/chat/completions`) with the crop sent
/// inline as a base64 PNG data URL. Models named like PaliGemma get PaliGemma's task prompts
/// ("answer en", "caption en", "detect") and their `<locNNNN>` boxes parsed; other models answer
/// and caption only, since free-text boxes are not reliable enough to offer `find`.
public final class OpenAIBackend: PerceptionBackend {
    public let kind = "openai"
    public let endpoint: URL
    public let model: String
    public let timeoutSeconds: Double
    public let capabilities: Set<PerceptionCapability>
    private let paliGemmaLike: Bool

    public var modelIdentifier: String { model + "@" + endpoint.absoluteString }

    public init(baseURL: String, model: String, timeoutSeconds: Double = 60) throws {
        guard var url = URL(string: baseURL), let scheme = url.scheme, scheme == "http" || scheme == "https", url.host != nil else {
            throw ToolError.badInput("openai backend: '\(baseURL)' is not an http(s) URL")
        }
        if !url.path.hasSuffix("/chat/completions") { url = url.appendingPathComponent("chat/completions") }
        endpoint = url
        self.model = model
        self.timeoutSeconds = timeoutSeconds
        paliGemmaLike = model.lowercased().contains("paligemma")
        capabilities = paliGemmaLike ? [.detect, .answer, .caption] : [.answer, .caption]
    }

    public func detect(_ input: PerceptionInput, phrase: String) throws -> [Detection] {
        guard paliGemmaLike else { throw unsupported("detection") }
        // A remote model reports no token probabilities: every box it writes counts as certain.
        return PaliGemmaLocations.detections(in: try ask(PaliGemmaTask.detect(objects: [phrase]).prompt, input), region: input.region, phrase: phrase, score: 1)
    }

    public func answer(_ input: PerceptionInput, question: String) throws -> String {
        try ask(paliGemmaLike ? PaliGemmaTask.answer(question: question, language: "en").prompt : "\(question)\nAnswer in a few words.", input)
    }

    public func caption(_ input: PerceptionInput) throws -> String {
        try ask(paliGemmaLike ? PaliGemmaTask.caption(language: "en").prompt : "Describe the image in one short sentence.", input)
    }

    private final class Reply: @unchecked Sendable {
        var data: Data?
        var response: URLResponse?
        var error: Error?
    }

    private func ask(_ prompt: String, _ input: PerceptionInput) throws -> String {
        let crop = try input.image.pixels().cropped(xMin: input.region.xMin, yMin: input.region.yMin,
                                                    xMax: input.region.xMax, yMax: input.region.yMax)
        let png = Data(try crop.pngData())
        let body: [String: Any] = [
            "model": model,
            "temperature": 0,
            "max_tokens": 128,
            "messages": [[
                "role": "user",
                "content": [
                    ["type": "text", "text": prompt],
                    ["type": "image_url", "image_url": ["url": "data:image/png;base64," + png.base64EncodedString()]],
                ],
            ]],
        ]
        var request = URLRequest(url: endpoint, timeoutInterval: timeoutSeconds)
        request.httpMethod = "POST"
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        if let key = ProcessInfo.processInfo.environment["OPENAI_API_KEY"], !key.isEmpty {
            request.setValue("Bearer " + key, forHTTPHeaderField: "Authorization")
        }
        request.httpBody = try JSONSerialization.data(withJSONObject: body)

        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = timeoutSeconds
        configuration.timeoutIntervalForResource = timeoutSeconds
        let session = URLSession(configuration: configuration)
        defer { session.finishTasksAndInvalidate() }
        let reply = Reply()
        let done = DispatchSemaphore(value: 0)
        session.dataTask(with: request) { data, response, error in
            reply.data = data
            reply.response = response
            reply.error = error
            done.signal()
        }.resume()
        // The session's own timeout ends the task; the extra second only guards against a lost callback.
        if done.wait(timeout: .now() + timeoutSeconds + 1) == .timedOut {
            throw ToolError.unavailable("openai backend: no reply from \(endpoint.absoluteString) within \(timeoutSeconds) s")
        }
        if let error = reply.error {
            throw ToolError.unavailable("openai backend: cannot reach \(endpoint.absoluteString): \(error.localizedDescription)")
        }
        let status = (reply.response as? HTTPURLResponse)?.statusCode ?? 0
        let data = reply.data ?? Data()
        guard status == 200 else {
            throw ToolError.backend("openai backend: \(endpoint.absoluteString) answered HTTP \(status): \(String(decoding: data.prefix(300), as: UTF8.self))")
        }
        guard let json = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let choices = json["choices"] as? [[String: Any]], let message = choices.first?["message"] as? [String: Any],
              let content = message["content"] as? String else {
            throw ToolError.backend("openai backend: \(endpoint.absoluteString) replied without choices[0].message.content: \(String(decoding: data.prefix(300), as: UTF8.self))")
        }
        return content.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
