import Foundation

/// PaliGemma's task prefixes (big_vision's prompt formats): the text that follows the image and
/// BOS. Pure functions; the model adds BOS and the closing "\n".
public enum PaliGemmaTask: Sendable, Equatable {
    case caption(language: String)
    case answer(question: String, language: String)
    case detect(objects: [String])
    case segment(object: String)
    case ocr
    /// Anything else, passed as written (mix checkpoints take plain questions).
    case raw(String)

    /// "caption en", "answer en QUESTION", "detect A ; B", "segment A", "ocr".
    public var prompt: String {
        switch self {
        case .caption(let language): return "caption \(language)"
        case .answer(let question, let language): return "answer \(language) \(Self.singleLine(question))"
        case .detect(let objects): return "detect " + objects.map(Self.singleLine).joined(separator: " ; ")
        case .segment(let object): return "segment \(Self.singleLine(object))"
        case .ocr: return "ocr"
        case .raw(let text): return text
        }
    }

    /// Whether the output holds `<loc>` boxes to parse.
    public var expectsBoxes: Bool {
        switch self {
        case .detect, .segment: return true
        case .raw(let text): return text.hasPrefix("detect ") || text.hasPrefix("segment ")
        default: return false
        }
    }

    /// The task a prompt written by hand asks for (`detect a ; b` -> .detect(["a", "b"])).
    public init(prompt: String) {
        let trimmed = prompt.trimmingCharacters(in: .whitespaces)
        if trimmed.hasPrefix("detect ") {
            let objects = trimmed.dropFirst("detect ".count).split(separator: ";").map {
                $0.trimmingCharacters(in: .whitespaces)
            }.filter { !$0.isEmpty }
            self = objects.isEmpty ? .raw(prompt) : .detect(objects: objects)
        } else if trimmed.hasPrefix("segment ") {
            self = .segment(object: String(trimmed.dropFirst("segment ".count)).trimmingCharacters(in: .whitespaces))
        } else {
            self = .raw(prompt)
        }
    }

    /// Newlines would end the prefix early (the model reads "\n" as the start of its answer);
    /// ";" inside a detect label would split it.
    static func singleLine(_ text: String) -> String {
        text.split(whereSeparator: { $0.isNewline }).joined(separator: " ").trimmingCharacters(in: .whitespaces)
    }
}
