import Foundation

/// Finds the program in a controller's reply: a fenced code block, a bare program with prose
/// around it, or the continuation of a prompt that ended with the `def execute_command` line.
public enum CodeExtractor {
    /// The program, or an error saying why the reply holds none. `bodyStart` is the start of the
    /// function body the prompt already gave after the `def` line (see
    /// `PromptBuilder.bodyStart`); a reply that continues the prompt follows it.
    public static func program(from reply: String, signature: String, bodyStart: String = "") throws -> String {
        let text = reply.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\t", with: "    ")
        if text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            throw AgentError("the controller's reply is empty")
        }
        let blocks = fencedBlocks(text)
        let source = blocks.first { $0.contains("def execute_command") } ?? blocks.first ?? text
        let lines = source.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)

        if let defLine = lines.firstIndex(where: { $0.hasPrefix("def execute_command") }) {
            // Keep helper functions and imports written before it, drop prose.
            var start = defLine
            while start > 0, isCode(lines[start - 1]) || lines[start - 1].trimmingCharacters(in: .whitespaces).isEmpty { start -= 1 }
            while start < defLine, lines[start].trimmingCharacters(in: .whitespaces).isEmpty { start += 1 }
            let end = endOfBody(lines, after: defLine)
            return finish(Array(lines[start..<end]))
        }

        // A continuation of the prompt's `def` line: the body, indented (or not, from sloppy models).
        let body = lines.drop { $0.trimmingCharacters(in: .whitespaces).isEmpty }
        guard let first = body.first else { throw AgentError("the controller's reply holds no program") }
        if !first.hasPrefix(" ") && !looksLikeStatement(first) {
            throw AgentError("the controller's reply holds no program (no `def execute_command`, and it does not start like a function body)")
        }
        let indented = first.hasPrefix(" ") ? Array(body) : body.map { $0.isEmpty ? $0 : "    " + $0 }
        let given = bodyStart.split(separator: "\n").map(String.init)
        let end = endOfBody([signature] + given + indented, after: 0)
        let program = finish(Array(([signature] + given + indented)[0..<end]))
        guard program.split(separator: "\n").count > 1 else {
            throw AgentError("the controller's reply holds no program (no `def execute_command` and no function body)")
        }
        return program
    }

    /// Contents of ``` blocks (with or without a language tag), in order.
    static func fencedBlocks(_ text: String) -> [String] {
        var blocks: [String] = []
        var current: [String]?
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.trimmingCharacters(in: .whitespaces).hasPrefix("```") {
                if let c = current {
                    blocks.append(c.joined(separator: "\n"))
                    current = nil
                } else {
                    current = []
                }
            } else {
                current?.append(String(line))
            }
        }
        // An unclosed block (the reply was cut off) still counts.
        if let c = current, !c.isEmpty { blocks.append(c.joined(separator: "\n")) }
        return blocks
    }

    static let statementKeywords: Set<String> = ["return", "if", "for", "while", "try", "with", "def", "import", "from", "assert",
                                                  "raise", "pass", "break", "continue", "print", "global", "nonlocal", "del", "#"]

    /// Whether an unindented line can start a function body: a statement keyword, or a name
    /// followed by an assignment, a call, an attribute or an index. Prose (an apology, an
    /// explanation) does not.
    static func looksLikeStatement(_ line: String) -> Bool {
        let word = line.prefix { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "#" }
        if statementKeywords.contains(String(word)) || line.hasPrefix("#") { return true }
        return line.range(of: #"^[A-Za-z_][A-Za-z0-9_]*(\[[^\]]*\])?\s*(=[^=]|\+=|-=|\*=|/=|\(|\.[A-Za-z_])"#, options: .regularExpression) != nil
    }

    private static func isCode(_ line: String) -> Bool {
        let prefixes = ["def ", "import ", "from ", "    ", "@", "#"]
        return prefixes.contains { line.hasPrefix($0) } || line.range(of: #"^[A-Za-z_][A-Za-z0-9_]*\s*="#, options: .regularExpression) != nil
    }

    /// The index after the last line of the function starting at `defLine`: the body runs while
    /// lines are indented, blank, or top-level comments followed by more body.
    private static func endOfBody(_ lines: [String], after defLine: Int) -> Int {
        var end = defLine + 1
        var index = defLine + 1
        while index < lines.count {
            let line = lines[index]
            if line.hasPrefix(" ") && !line.trimmingCharacters(in: .whitespaces).isEmpty {
                end = index + 1
            } else if !line.trimmingCharacters(in: .whitespaces).isEmpty {
                break
            }
            index += 1
        }
        return end
    }

    private static func finish(_ lines: [String]) -> String {
        lines.map { $0.replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression) }.joined(separator: "\n") + "\n"
    }
}
