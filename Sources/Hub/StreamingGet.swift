import CCurlEasy
import Foundation

/// The status line and headers of one HTTP response.
struct ResponseHead: Sendable {
    let status: Int
    /// Header names in lower case.
    let headers: [String: String]
    let url: URL

    var isSuccess: Bool { (200..<300).contains(status) }
    var isRedirect: Bool { [301, 302, 303, 307, 308].contains(status) }
    func header(_ name: String) -> String? { headers[name.lowercased()] }
}

/// One HTTP GET (with its redirects) whose body is handed over chunk by chunk as it arrives, so a
/// multi-gigabyte file is written and hashed without being held in memory. libcurl calls back on
/// the caller's thread and reads no further until a chunk is handled, so a disk or hash slower than
/// the network slows the transfer instead of queueing the file in memory (Foundation's URLSession
/// on Linux queues every chunk for its delegate and cannot pause).
///
/// Redirects are followed here rather than by libcurl so the token goes only to the host it was
/// meant for: the Hub redirects large files to a CDN with a signed URL, and the CDN must not see it.
final class StreamingGet {
    /// Largest error body kept for the message; error pages can be large HTML documents.
    private static let errorBodyLimit = 64 * 1024
    private static let redirectLimit = 10
    private static let curlReady: Bool = curl_global_init(Int(CURL_GLOBAL_DEFAULT)) == CURLE_OK

    private let url: URL
    private let headerLines: [String]
    private let onHead: (ResponseHead) throws -> Void
    private let onBody: (UnsafeRawBufferPointer) throws -> Void

    private var status = 0
    private var headers: [String: String] = [:]
    private var head: ResponseHead?
    private var errorBody = Data()
    private var localFailure: Error?

    private init(url: URL, headerLines: [String], onHead: @escaping (ResponseHead) throws -> Void,
                 onBody: @escaping (UnsafeRawBufferPointer) throws -> Void) {
        self.url = url
        self.headerLines = headerLines
        self.onHead = onHead
        self.onBody = onBody
    }

    /// Runs the GET. `onHead` sees a 2xx head before any of its body and may throw to abort;
    /// `onBody` gets the body of a 2xx response only (it may throw, e.g. on a failed disk write).
    /// Returns the final head and, for a non-2xx answer, the start of its body.
    static func run(_ url: URL, headers: [String: String] = [:], token: String?, idleTimeout: TimeInterval,
                    onHead: @escaping (ResponseHead) throws -> Void = { _ in },
                    onBody: @escaping (UnsafeRawBufferPointer) throws -> Void) throws -> (head: ResponseHead, errorBody: Data) {
        guard curlReady else { throw HubError(.transient, "GET \(url.absoluteString): libcurl failed to initialise") }
        var current = url
        for _ in 0...redirectLimit {
            var lines = headers.map { "\($0.key): \($0.value)" }
            if let token, sameOrigin(current, url) { lines.append("Authorization: Bearer \(token)") }
            let get = StreamingGet(url: current, headerLines: lines, onHead: onHead, onBody: onBody)
            let head = try get.perform(idleTimeout: idleTimeout)
            guard head.isRedirect, let location = head.header("Location") else { return (head, get.errorBody) }
            guard let next = URL(string: location, relativeTo: current)?.absoluteURL,
                  let scheme = next.scheme?.lowercased(), scheme == "http" || scheme == "https" else {
                throw HubError(.protocolViolation, "GET \(current.absoluteString): HTTP \(head.status) redirects to '\(location)', not an http(s) URL")
            }
            current = next
        }
        throw HubError(.protocolViolation, "GET \(url.absoluteString): more than \(redirectLimit) redirects")
    }

    private static func sameOrigin(_ a: URL, _ b: URL) -> Bool {
        a.scheme?.lowercased() == b.scheme?.lowercased() && a.host?.lowercased() == b.host?.lowercased() && a.port == b.port
    }

    private func perform(idleTimeout: TimeInterval) throws -> ResponseHead {
        guard let curl = curl_easy_init() else { throw HubError(.transient, "GET \(url.absoluteString): libcurl failed to start") }
        defer { curl_easy_cleanup(curl) }
        var list: UnsafeMutablePointer<curl_slist>?
        for line in headerLines { list = curl_slist_append(list, line) }
        defer { curl_slist_free_all(list) }
        var errorText = [CChar](repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
        let seconds = max(1, Int(idleTimeout.rounded()))
        let context = Unmanaged.passUnretained(self).toOpaque()

        let code: CURLcode = url.absoluteString.withCString { address in
            errorText.withUnsafeMutableBufferPointer { errorBuffer in
                _ = loupe_curl_set_pointer(curl, CURLOPT_URL, UnsafeMutableRawPointer(mutating: address))
                _ = loupe_curl_set_pointer(curl, CURLOPT_HTTPHEADER, UnsafeMutableRawPointer(list))
                _ = loupe_curl_set_pointer(curl, CURLOPT_ERRORBUFFER, UnsafeMutableRawPointer(errorBuffer.baseAddress))
                _ = loupe_curl_set_long(curl, CURLOPT_FOLLOWLOCATION, 0)
                // No signals: libcurl's alarm-based DNS timeout is unsafe with threads.
                _ = loupe_curl_set_long(curl, CURLOPT_NOSIGNAL, 1)
                _ = loupe_curl_set_long(curl, CURLOPT_CONNECTTIMEOUT, seconds)
                // Under 1 byte/s for the whole window is a stall; a slow but moving transfer is not.
                _ = loupe_curl_set_long(curl, CURLOPT_LOW_SPEED_LIMIT, 1)
                _ = loupe_curl_set_long(curl, CURLOPT_LOW_SPEED_TIME, seconds)
                _ = loupe_curl_set_callback(curl, CURLOPT_HEADERFUNCTION, { data, size, count, context in
                    let get = Unmanaged<StreamingGet>.fromOpaque(context!).takeUnretainedValue()
                    return get.receiveHeader(UnsafeRawBufferPointer(start: data, count: size * count)) ? size * count : 0
                })
                _ = loupe_curl_set_pointer(curl, CURLOPT_HEADERDATA, context)
                _ = loupe_curl_set_callback(curl, CURLOPT_WRITEFUNCTION, { data, size, count, context in
                    let get = Unmanaged<StreamingGet>.fromOpaque(context!).takeUnretainedValue()
                    return get.receiveBody(UnsafeRawBufferPointer(start: data, count: size * count)) ? size * count : 0
                })
                _ = loupe_curl_set_pointer(curl, CURLOPT_WRITEDATA, context)
                return curl_easy_perform(curl)
            }
        }
        if let localFailure { throw localFailure }
        guard code == CURLE_OK else {
            let detail = String(decoding: errorText.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            throw describe(code, detail: detail, idleSeconds: seconds)
        }
        guard let head else {
            throw HubError(.protocolViolation, "GET \(url.absoluteString): the server closed the connection without an HTTP response")
        }
        return head
    }

    /// One header line; the status line starts a response, the empty line ends its head.
    private func receiveHeader(_ bytes: UnsafeRawBufferPointer) -> Bool {
        let line = String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        if line.hasPrefix("HTTP/") {
            status = line.split(separator: " ").dropFirst().first.flatMap { Int($0) } ?? 0
            headers = [:]
        } else if line.isEmpty {
            // Interim 1xx responses come before the real one.
            guard status >= 200 else { return true }
            let head = ResponseHead(status: status, headers: headers, url: url)
            self.head = head
            if head.isSuccess {
                do { try onHead(head) } catch {
                    localFailure = error
                    return false
                }
            }
        } else if let colon = line.firstIndex(of: ":") {
            let name = line[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
            headers[name] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        return true
    }

    private func receiveBody(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard localFailure == nil, let head else { return false }
        guard head.isSuccess else {
            if errorBody.count < Self.errorBodyLimit { errorBody.append(contentsOf: bytes.prefix(Self.errorBodyLimit - errorBody.count)) }
            return true
        }
        do {
            try onBody(bytes)
            return true
        } catch {
            localFailure = error
            return false
        }
    }

    /// Says what happened to the connection in words a user can act on.
    private func describe(_ code: CURLcode, detail: String, idleSeconds: Int) -> HubError {
        let host = url.host.map { h in url.port.map { "\(h):\($0)" } ?? h } ?? url.absoluteString
        let library = detail.isEmpty ? String(cString: curl_easy_strerror(code)) : detail
        let words: String
        var kind = HubError.Kind.transient
        switch code {
        case CURLE_OPERATION_TIMEDOUT:
            words = "no data from \(host) for \(idleSeconds) s (timed out; --timeout sets the limit)"
        case CURLE_COULDNT_CONNECT:
            words = "cannot connect to \(host) (is the network up, and is HF_ENDPOINT right?): \(library)"
            kind = .unreachable
        case CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY:
            words = "cannot resolve the host name \(host) (is the network up, and is HF_ENDPOINT right?)"
            kind = .unreachable
        case CURLE_PARTIAL_FILE, CURLE_RECV_ERROR, CURLE_SEND_ERROR, CURLE_GOT_NOTHING, CURLE_HTTP2, CURLE_HTTP2_STREAM:
            words = "the connection to \(host) dropped: \(library)"
        case CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CACERT_BADFILE, CURLE_SSL_CERTPROBLEM:
            words = "TLS with \(host) failed: \(library)"
        default:
            words = "\(library) (libcurl error \(code.rawValue))"
        }
        return HubError(kind, "GET \(url.absoluteString): \(words)")
    }
}
