/// The question families of SHAPES.md; `rawValue` is the `family` field of questions.jsonl.
public enum QuestionFamily: String, CaseIterable, Sendable {
    case exist
    case count
    case queryAttribute = "query_attribute"
    case compareCounts = "compare_counts"
    case spatialRelation = "spatial_relation"
    case relationalCount = "relational_count"
    case ordinal
    case closestFarthest = "closest_farthest"
    case multiStep = "multi_step"
    case grounding
    case readText = "read_text"
    case videoOrder = "video_order"
    case videoBeforeAfter = "video_before_after"
    case videoCount = "video_count"
    case videoMultipleChoice = "video_multiple_choice"

    public var isVideo: Bool { rawValue.hasPrefix("video_") }

    public static let imageFamilies = allCases.filter { !$0.isVideo }
    public static let videoFamilies = allCases.filter(\.isVideo)
}

/// The kind of value in a question's `answer` field.
public enum AnswerType: String, Sendable {
    /// JSON true/false; a program returns it through `bool_to_yesno`, so "yes"/"no" is also right.
    case bool
    /// JSON integer.
    case number
    /// JSON string from the closed vocabulary (a color, a shape, a label character, a phrase).
    case string
    /// `[x_min, y_min, x_max, y_max]` in pixels of the image, max exclusive.
    case box
    /// One of `options`, given verbatim.
    case choice
}

/// One line of questions.jsonl.
public struct Question: Sendable {
    public enum Media: Sendable {
        case image(String)
        case video(String)
    }

    public var id: String
    public var media: Media
    public var question: String
    var answer: JSONValue
    public var answerType: AnswerType
    public var family: QuestionFamily
    public var program: String
    public var options: [String]?

    var jsonLine: String {
        var members: [(String, JSONValue)] = [("id", .string(id))]
        switch media {
        case .image(let path): members.append(("image", .string(path)))
        case .video(let path): members.append(("video", .string(path)))
        }
        members += [
            ("question", .string(question)),
            ("answer", answer),
            ("answer_type", .string(answerType.rawValue)),
            ("family", .string(family.rawValue)),
            ("program", .string(program)),
        ]
        if let options { members.append(("options", .array(options.map { .string($0) }))) }
        return JSONValue.object(members).compact
    }
}

/// A question before it is tied to its file: text, answer and program.
struct QuestionDraft {
    var question: String
    var answer: JSONValue
    var answerType: AnswerType
    var program: String
    var options: [String]? = nil
}

/// Builds the body of a ground-truth program (indented by the caller).
func imageProgram(_ lines: [String]) -> String {
    (["def execute_command(image):", "    image_patch = ImagePatch(image)"] + lines.map { "    " + $0 }).joined(separator: "\n")
}

func videoProgram(_ lines: [String]) -> String {
    (["def execute_command(video, question, possible_answers):", "    video_segment = VideoSegment(video)"]
        + lines.map { "    " + $0 }).joined(separator: "\n")
}

/// Python string literal (the vocabulary has no quotes or backslashes; escaped anyway).
func pythonString(_ text: String) -> String {
    "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
}
