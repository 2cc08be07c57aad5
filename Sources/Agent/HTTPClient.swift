import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Blocking JSON POSTs with a hard per-attempt deadline and a bounded number of retries, so a
/// server that is down or hangs costs at most `(retries + 1) * timeoutSeconds` plus backoff.
struct HTTPClient: Sendable {
    var timeoutSeconds: Double
    /// Further attempts after a connection failure, a timeout, 429 or a 5xx status.
    var retries: Int
    var headers: [String: String]

    private final class Reply: @unchecked Sendable {
        var data: Data?
        var response: HTTPURLResponse?
        var error: Error?
    }

    private static let session: URLSession = {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        return URLSession(configuration: configuration)
    }()

    /// The decoded JSON object of a 2xx reply.
    func postJSON(_ url: URL, body: [String: Any], what: String) throws -> [String: Any] {
        let payload = try JSONSerialization.data(withJSONObject: body, options: [.sortedKeys])
        var lastProblem = ""
        for attempt in 0...max(0, retries) {
            if attempt > 0 { Thread.sleep(forTimeInterval: min(0.25 * Double(1 << min(attempt, 4)), 2)) }
            var request = URLRequest(url: url, cachePolicy: .reloadIgnoringLocalCacheData)
            // Set through the property: FoundationNetworking ignores the initializer's timeout and
            // applies the session's 60 s default instead, so a slow model was cut off after 60 s
            // whatever --timeout said. It counts whole seconds; the semaphore below holds the exact limit.
            request.timeoutInterval = timeoutSeconds.rounded(.up)
            request.httpMethod = "POST"
            request.httpBody = payload
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
            for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }

            let reply = Reply()
            let done = DispatchSemaphore(value: 0)
            let task = HTTPClient.session.dataTask(with: request) { data, response, error in
                reply.data = data
                reply.response = response as? HTTPURLResponse
                reply.error = error
                done.signal()
            }
            task.resume()
            if done.wait(timeout: .now() + timeoutSeconds + 0.5) == .timedOut {
                task.cancel()
                lastProblem = "no reply within \(formatSeconds(timeoutSeconds)) (the server is hanging or overloaded)"
                continue
            }
            if let error = reply.error {
                lastProblem = describe(error)
                continue
            }
            guard let response = reply.response else {
                lastProblem = "no HTTP response"
                continue
            }
            let data = reply.data ?? Data()
            let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any]
            guard (200..<300).contains(response.statusCode) else {
                let message = ((object?["error"] as? [String: Any])?["message"] as? String)
                    ?? String(decoding: data.prefix(300), as: UTF8.self)
                lastProblem = "HTTP \(response.statusCode): \(message)"
                if response.statusCode == 429 || response.statusCode >= 500 { continue }
                throw AgentError("\(what): POST \(url.absoluteString): \(lastProblem)")
            }
            guard let object else {
                throw AgentError("\(what): POST \(url.absoluteString): the reply is not a JSON object: \(String(decoding: data.prefix(200), as: UTF8.self))")
            }
            return object
        }
        let attempts = max(0, retries) + 1
        throw ControllerUnavailable("\(what): POST \(url.absoluteString) failed after \(attempts) attempt\(attempts == 1 ? "" : "s"): \(lastProblem)")
    }

    private func describe(_ error: Error) -> String {
        let ns = error as NSError
        if ns.domain == NSURLErrorDomain {
            switch ns.code {
            case NSURLErrorTimedOut: return "no reply within \(formatSeconds(timeoutSeconds)) (the server is hanging or overloaded)"
            case NSURLErrorCannotConnectToHost, NSURLErrorNetworkConnectionLost, NSURLErrorNotConnectedToInternet:
                return "cannot connect (is the server running?): \(ns.localizedDescription)"
            case NSURLErrorCannotFindHost, NSURLErrorDNSLookupFailed: return "unknown host: \(ns.localizedDescription)"
            default: break
            }
        }
        return ns.localizedDescription
    }

    private func formatSeconds(_ s: Double) -> String {
        s == s.rounded() ? "\(Int(s)) s" : String(format: "%.1f s", s)
    }
}
