/// The Shapes world's object phrases (`[small|large] [color] (shape|object)`, singular or
/// plural), parsed for the oracle. A phrase with a word outside this vocabulary names nothing.
struct ShapesPhrase: Equatable {
    static let shapes = ["circle", "square", "triangle", "star", "diamond"]
    static let colors = ["red", "green", "blue", "yellow", "purple", "orange", "cyan"]
    static let sizes = ["small": "small", "little": "small", "tiny": "small", "large": "large", "big": "large"]
    static let anything: Set<String> = ["object", "shape", "thing", "item"]
    static let ignored: Set<String> = ["a", "an", "the", "this", "that", "one", "any"]

    var size: String?
    var color: String?
    var shape: String?

    /// nil when a word is not part of the vocabulary (the oracle then finds nothing).
    init?(_ text: String) {
        let words = ShapesPhrase.words(text)
        guard !words.isEmpty else { return nil }
        for word in words where !ShapesPhrase.ignored.contains(word) {
            let singular = ShapesPhrase.singular(word)
            if let s = ShapesPhrase.sizes[word] {
                size = s
            } else if ShapesPhrase.colors.contains(word) {
                color = word
            } else if ShapesPhrase.shapes.contains(singular) {
                shape = singular
            } else if !ShapesPhrase.anything.contains(singular) {
                return nil
            }
        }
    }

    static func words(_ text: String) -> [String] {
        text.lowercased().split { !$0.isLetter }.map(String.init)
    }

    static func singular(_ word: String) -> String {
        word.hasSuffix("s") && word.count > 3 ? String(word.dropLast()) : word
    }

    func matches(_ object: OracleObject) -> Bool {
        (size == nil || size == object.size) && (color == nil || color == object.color) && (shape == nil || shape == object.shape)
    }
}
