import Agent
import Foundation

extension DatasetReader {
    /// docs/SHAPES_FORMAT.md: id, image or video, question, answer, answer_type, family,
    /// program, options.
    func readLoupe(_ text: String, into dataset: inout Dataset) {
        forEachJSONLine(text, into: &dataset) { line, object in
            let id = try self.id(object, ["id"])
            let question = try string(object, "question")
            let media: AgentTask.Media
            if let image = object["image"] as? String {
                media = .image(path: self.media(image))
            } else if let video = object["video"] as? String {
                media = .video(path: self.media(video), framesPerSecond: (object["frames_per_second"] as? NSNumber)?.doubleValue)
            } else {
                throw FieldError("needs a string \"image\" or \"video\"")
            }
            let options = object["options"].map { ($0 as? [Any])?.compactMap { $0 as? String } ?? [] } ?? []
            guard let answer = object["answer"] else { throw FieldError("missing field \"answer\"") }
            let type = (object["answer_type"] as? String) ?? Self.guessType(answer)
            let truth: GroundTruth
            switch type {
            case "bool":
                guard let b = Self.jsonBool(answer) else { throw FieldError("answer_type bool needs a true/false answer") }
                truth = .bool(b)
            case "number":
                guard let n = answer as? NSNumber, !Self.isJSONBool(answer) else { throw FieldError("answer_type number needs a numeric answer") }
                truth = .number(n.doubleValue)
            case "string":
                guard let s = answer as? String else { throw FieldError("answer_type string needs a string answer") }
                truth = .text(s)
            case "box":
                truth = .box(try numbers(answer, count: 4, field: "answer"))
            case "choice":
                guard let s = answer as? String else { throw FieldError("answer_type choice needs the option text as answer") }
                guard let index = options.firstIndex(of: s) else { throw FieldError("answer \"\(s)\" is not one of the options") }
                truth = .choice(index: index, text: s)
            default:
                throw FieldError("unknown answer_type \"\(type)\" (expected bool, number, string, box or choice)")
            }
            return [EvalItem(id: id, family: (object["family"] as? String) ?? "all", question: question, media: media,
                             truth: truth, options: options, program: object["program"] as? String, line: line)]
        }
    }

    static func guessType(_ answer: Any) -> String {
        if isJSONBool(answer) { return "bool" }
        if answer is NSNumber { return "number" }
        if answer is [Any] { return "box" }
        return "string"
    }
}
