import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The status line and headers of the response that ended a GET's redirect chain.
struct ResponseHead: Sendable {
    let status: Int
    /// Header names in lower case.
    let headers: [String: String]
    let url: URL

    var isSuccess: Bool { (200..<300).contains(status) }
    func header(_ name: String) -> String? { headers[name.lowercased()] }
}

/// One HTTP GET whose body is handed over chunk by chunk as it arrives, so a multi-gigabyte file
/// is written and hashed without ever being held in memory. Blocking: the caller's thread waits.
///
/// Redirects are followed by hand so the token goes only to the host it was meant for: the Hub
/// redirects large files to a CDN with a signed URL, and the CDN must not see the user's token.
final class StreamingGet: NSObject, URLSessionDataDelegate, @unchecked Sendable {
    /// Largest error body kept for the message; error pages can be large HTML documents.
    private static let errorBodyLimit = 64 * 1024
    private static let redirectLimit = 10

    private let originalURL: URL
    private let headers: [String: String]
    private let token: String?
    private let idleTimeout: TimeInterval
    private let onHead: (ResponseHead) throws -> Void
    private let onBody: (UnsafeRawBufferPointer) throws -> Void

    // Touched only on the session's serial delegate queue until `finished` is signalled.
    private var head: ResponseHead?
    private var errorBody = Data()
    private var localFailure: Error?
    private var transportFailure: Error?
    private var redirects = 0
    private let finished = DispatchSemaphore(value: 0)

    private init(url: URL, headers: [String: String], token: String?, idleTimeout: TimeInterval,
                 onHead: @escaping (ResponseHead) throws -> Void,
                 onBody: @escaping (UnsafeRawBufferPointer) throws -> Void) {
        self.originalURL = url
        self.headers = headers
        self.token = token
        self.idleTimeout = idleTimeout
        self.onHead = onHead
        self.onBody = onBody
    }

    /// Runs the GET. `onHead` sees a 2xx head before any of its body and may throw to abort;
    /// `onBody` gets the body of a 2xx response only (it may throw, e.g. on a failed disk write).
    /// Returns the final head and, for a non-2xx answer, the start of its body.
    static func run(_ url: URL, headers: [String: String] = [:], token: String?, idleTimeout: TimeInterval,
                    onHead: @escaping (ResponseHead) throws -> Void = { _ in },
                    onBody: @escaping (UnsafeRawBufferPointer) throws -> Void) throws -> (head: ResponseHead, errorBody: Data) {
        let get = StreamingGet(url: url, headers: headers, token: token, idleTimeout: idleTimeout, onHead: onHead, onBody: onBody)
        let configuration = URLSessionConfiguration.ephemeral
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        configuration.urlCache = nil
        // Foundation restarts this timer whenever bytes arrive, so it bounds a stall, not a download.
        configuration.timeoutIntervalForRequest = idleTimeout
        configuration.timeoutIntervalForResource = 7 * 24 * 3600
        let queue = OperationQueue()
        queue.maxConcurrentOperationCount = 1
        let session = URLSession(configuration: configuration, delegate: get, delegateQueue: queue)
        // The session keeps its delegate alive until it is invalidated.
        defer { session.finishTasksAndInvalidate() }
        session.dataTask(with: get.request(for: url)).resume()
        get.finished.wait()

        if let failure = get.localFailure { throw failure }
        if let failure = get.transportFailure { throw describeTransportFailure(failure, url: url, idleTimeout: idleTimeout) }
        guard let head = get.head else {
            throw HubError(.protocolViolation, "GET \(url.absoluteString): the server closed the connection without an HTTP response")
        }
        return (head, get.errorBody)
    }

    private func request(for url: URL) -> URLRequest {
        var request = URLRequest(url: url, cachePolicy: .reloadIgnoringLocalCacheData, timeoutInterval: idleTimeout)
        request.httpMethod = "GET"
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        // Byte ranges count stored bytes; a transparently decompressed body would break resuming.
        request.setValue("identity", forHTTPHeaderField: "Accept-Encoding")
        if let token, Self.sameOrigin(url, originalURL) {
            request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
        }
        return request
    }

    private static func sameOrigin(_ a: URL, _ b: URL) -> Bool {
        a.scheme?.lowercased() == b.scheme?.lowercased() && a.host?.lowercased() == b.host?.lowercased() && a.port == b.port
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse,
                    newRequest: URLRequest, completionHandler: @escaping (URLRequest?) -> Void) {
        redirects += 1
        guard redirects <= Self.redirectLimit, let target = newRequest.url else {
            localFailure = HubError(.protocolViolation, "GET \(originalURL.absoluteString): more than \(Self.redirectLimit) redirects")
            completionHandler(nil)
            task.cancel()
            return
        }
        completionHandler(request(for: target))
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive response: URLResponse,
                    completionHandler: @escaping (URLSession.ResponseDisposition) -> Void) {
        guard let http = response as? HTTPURLResponse else {
            localFailure = HubError(.protocolViolation, "GET \(originalURL.absoluteString): not an HTTP response")
            completionHandler(.cancel)
            return
        }
        var lowered: [String: String] = [:]
        for (name, value) in http.allHeaderFields {
            if let name = name as? String, let value = value as? String { lowered[name.lowercased()] = value }
        }
        let head = ResponseHead(status: http.statusCode, headers: lowered, url: http.url ?? originalURL)
        self.head = head
        if head.isSuccess {
            do { try onHead(head) } catch {
                localFailure = error
                completionHandler(.cancel)
                return
            }
        }
        completionHandler(.allow)
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
        guard localFailure == nil, let head else { return }
        guard head.isSuccess else {
            if errorBody.count < Self.errorBodyLimit { errorBody.append(data.prefix(Self.errorBodyLimit - errorBody.count)) }
            return
        }
        do {
            try data.withUnsafeBytes { try onBody($0) }
        } catch {
            localFailure = error
            dataTask.cancel()
        }
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: Error?) {
        if localFailure == nil, let error { transportFailure = error }
        finished.signal()
    }

    /// Says what happened to the connection in words a user can act on.
    private static func describeTransportFailure(_ error: Error, url: URL, idleTimeout: TimeInterval) -> HubError {
        let host = url.host.map { h in url.port.map { "\(h):\($0)" } ?? h } ?? url.absoluteString
        let ns = error as NSError
        let detail: String
        if ns.domain == NSURLErrorDomain {
            switch ns.code {
            case NSURLErrorTimedOut:
                detail = "no data from \(host) for \(Int(idleTimeout.rounded())) s (timed out; --timeout sets the limit)"
            case NSURLErrorCannotConnectToHost:
                detail = "cannot connect to \(host) (is the network up, and is HF_ENDPOINT right?)"
            case NSURLErrorCannotFindHost, NSURLErrorDNSLookupFailed:
                detail = "cannot resolve the host name \(host) (is the network up, and is HF_ENDPOINT right?)"
            case NSURLErrorNotConnectedToInternet:
                detail = "no network connection"
            case NSURLErrorNetworkConnectionLost:
                detail = "the connection to \(host) dropped"
            case NSURLErrorSecureConnectionFailed, NSURLErrorServerCertificateUntrusted, NSURLErrorServerCertificateHasBadDate,
                 NSURLErrorServerCertificateNotYetValid, NSURLErrorServerCertificateHasUnknownRoot:
                detail = "TLS with \(host) failed: \(ns.localizedDescription)"
            default:
                detail = "\(ns.localizedDescription) (URL error \(ns.code))"
            }
        } else {
            detail = ns.localizedDescription
        }
        return HubError(.transient, "GET \(url.absoluteString): \(detail)")
    }
}
