import Tools

/// Whether a program looked for things its question names. A program verified on one labeled
/// answer can be right by chance (`len(image_patch.find("object"))` for "How many stars are
/// there?" when the image holds two objects, both stars); as an example it teaches a small model
/// to ignore the question. A kept program must therefore detect only phrases made of the
/// question's words (compared as `ExampleRetriever.words`, so "stars" grounds "star").
public enum PhraseGrounding {
    /// The phrases the run asked the detector for, in order.
    public static func detectedPhrases(_ looks: [ToolTrace.Look]) -> [String] {
        looks.compactMap(\.detectedPhrase)
    }

    /// The phrases whose words are not all words of the question.
    public static func ungrounded(_ phrases: [String], question: String) -> [String] {
        let questionWords = Set(ExampleRetriever.words(question))
        return phrases.filter { !Set(ExampleRetriever.words($0)).isSubset(of: questionWords) }
    }
}
