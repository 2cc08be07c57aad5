/// Program text in a canonical form for deduplication: comments, trailing spaces and blank
/// lines removed, runs of spaces outside strings collapsed (indentation kept).
public enum ProgramText {
    public static func normalized(_ program: String) -> String {
        var lines: [String] = []
        for raw in program.split(separator: "\n", omittingEmptySubsequences: false) {
            let indentation = raw.prefix { $0 == " " }
            var out = ""
            var quote: Character?
            var escaped = false
            var lastWasSpace = false
            for c in raw.dropFirst(indentation.count) {
                if let q = quote {
                    out.append(c)
                    if escaped { escaped = false } else if c == "\\" { escaped = true } else if c == q { quote = nil }
                    continue
                }
                if c == "#" { break }
                if c == "\"" || c == "'" { quote = c }
                if c == " " || c == "\t" {
                    if !lastWasSpace { out.append(" ") }
                    lastWasSpace = true
                    continue
                }
                lastWasSpace = false
                out.append(c)
            }
            while out.last == " " { out.removeLast() }
            if !out.isEmpty { lines.append(String(indentation) + out) }
        }
        return lines.joined(separator: "\n")
    }
}
