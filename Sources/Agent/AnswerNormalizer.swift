import Foundation

/// Puts short answers in one canonical form before they are compared, following the VQA/GQA
/// evaluation convention: lower case, no surrounding quotes or final punctuation, no articles
/// (a, an, the; a one-word answer is kept), number words up to twenty as digits, integral floats as integers ("2.0" -> "2"),
/// and booleans as yes/no.
public enum AnswerNormalizer {
    static let numberWords = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
                              "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
                              "nineteen", "twenty"]
    static let articles: Set<String> = ["a", "an", "the"]

    public static func normalize(_ answer: String) -> String {
        var text = answer.lowercased().trimmingCharacters(in: .whitespacesAndNewlines)
        while let first = text.first, let last = text.last, text.count >= 2,
              (first == "\"" && last == "\"") || (first == "'" && last == "'") {
            text = String(text.dropFirst().dropLast()).trimmingCharacters(in: .whitespaces)
        }
        while let last = text.last, ".!?,;:".contains(last) { text.removeLast() }
        var words = text.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" }).map(String.init)
        // A lone "a" is an answer (a letter read off an object), not an article.
        if words.count > 1 { words.removeAll { articles.contains($0) } }
        words = words.map { word in numberWords.firstIndex(of: word).map(String.init) ?? word }
        text = words.joined(separator: " ")
        switch text {
        case "true": return "yes"
        case "false": return "no"
        default: break
        }
        if let value = Double(text), value.isFinite, value == value.rounded(), abs(value) < 1e15,
           text.contains(".") || text.contains("e") {
            return String(Int64(value))
        }
        return text
    }
}
