/// `best_text_match` for a backend that answers questions but cannot score texts (PaliGemma):
/// the options are asked as one question and the answer is matched back to an option.
enum AnsweredChoice {
    /// "Which of these is it: cat, dog or red square?" for two or more options (one needs no question).
    static func question(_ options: [String]) -> String {
        "Which of these is it: " + options.dropLast().joined(separator: ", ") + " or " + (options.last ?? "") + "?"
    }

    /// The option the answer names: the one it equals (ignoring case, punctuation and spacing),
    /// else the longest option it contains as whole words ("a red square" -> "red square" over
    /// "square"), else the only option that contains the answer ("square" -> "red square").
    /// nil when the answer names none, or several equally well.
    static func match(_ answer: String, options: [String]) -> String? {
        let said = words(answer)
        guard !said.isEmpty else { return nil }
        let candidates = options.map { (option: $0, words: words($0)) }.filter { !$0.words.isEmpty }
        if let exact = candidates.first(where: { $0.words == said }) { return exact.option }
        let named = candidates.filter { contains(said, $0.words) }
        if let longest = named.map(\.words.count).max() {
            let best = named.filter { $0.words.count == longest }
            return Set(best.map(\.words)).count == 1 ? best[0].option : nil
        }
        let containing = candidates.filter { contains($0.words, said) }
        return Set(containing.map(\.words)).count == 1 ? containing[0].option : nil
    }

    private static func words(_ text: String) -> [String] {
        text.lowercased().split { !($0.isLetter || $0.isNumber) }.map(String.init)
    }

    /// Whether `part` occurs in `whole` as consecutive words.
    private static func contains(_ whole: [String], _ part: [String]) -> Bool {
        guard part.count <= whole.count else { return false }
        return (0...(whole.count - part.count)).contains { Array(whole[$0..<($0 + part.count)]) == part }
    }
}
