import Foundation

/// Turns a Hub error reply into a message that says what is wrong and what to do. The Hub names
/// the cause in `X-Error-Code`; without a token it answers 401 even for a repository that does not
/// exist, so as not to reveal private names, and the message has to allow for both.
enum HubFailure {
    static func describe(_ head: ResponseHead, body: Data, url: URL, repo: RepoID, revision: String,
                         endpoint: URL, tokenGiven: Bool, file: String? = nil) -> HubError {
        let code = head.header("X-Error-Code")
        let serverMessage = message(head, body: body)
        let said = serverMessage.map { ": \($0)" } ?? ""
        let page = endpoint.absoluteString + "/" + repo.text
        switch (code, head.status) {
        case ("GatedRepo", _):
            return HubError(.unauthorized, "\(repo) is a gated repository (HTTP \(head.status)\(said)). Accept its conditions "
                + "at \(page) while logged in, then set HF_TOKEN to an access token of that account"
                + (tokenGiven ? " (the HF_TOKEN given has no access yet)" : ""))
        case ("RevisionNotFound", _):
            return HubError(.notFound, "revision '\(revision)' not found in \(repo) (HTTP \(head.status)); "
                + "--revision takes a branch, tag or commit id of \(page)")
        case ("EntryNotFound", _):
            return HubError(.notFound, "'\(file ?? url.lastPathComponent)' not found in \(repo) at \(revision) (HTTP \(head.status))")
        case (_, 401):
            if tokenGiven {
                return HubError(.unauthorized, "\(endpoint.host ?? endpoint.absoluteString) refused HF_TOKEN for \(repo) (HTTP 401\(said)): "
                    + "the token is invalid or expired, or its account cannot see the repository")
            }
            return HubError(.unauthorized, "\(repo) needs authentication (HTTP 401\(said)): it is private or gated, "
                + "or does not exist. Set HF_TOKEN to a Hugging Face access token that can read it")
        case ("RepoNotFound", _), (_, 404):
            return HubError(.notFound, "repository \(repo) not found at \(endpoint.absoluteString) (HTTP \(head.status)); check the name"
                + (tokenGiven ? ", and that the account of HF_TOKEN can see it" : "; if it is private or gated, set HF_TOKEN to an access token"))
        case (_, 403):
            return HubError(.unauthorized, "access to \(repo) denied (HTTP 403\(said)): it is gated or private; "
                + (tokenGiven ? "the account of HF_TOKEN has no access (accept the conditions at \(page))" : "set HF_TOKEN to an access token that can read it"))
        case (_, 408), (_, 429), (_, 500...599):
            return HubError(.transient, "GET \(url.absoluteString): HTTP \(head.status)\(said)")
        default:
            return HubError(.protocolViolation, "GET \(url.absoluteString): unexpected HTTP \(head.status)\(said)")
        }
    }

    /// The server's own words: `X-Error-Message`, a JSON `{"error": ...}`, or the start of the text.
    private static func message(_ head: ResponseHead, body: Data) -> String? {
        if let text = head.header("X-Error-Message"), !text.isEmpty { return text }
        if let object = try? JSONSerialization.jsonObject(with: body) as? [String: Any], let text = object["error"] as? String {
            return text
        }
        let text = String(decoding: body.prefix(200), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty, !text.hasPrefix("<") else { return nil }
        return text.split(separator: "\n").first.map(String.init)
    }
}
