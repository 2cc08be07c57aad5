import Foundation

/// Builds the controller's prompt in the style of ViperGPT: the API as Python stubs (generated
/// from the tools' registrations), solved examples, then the question and the start of
/// `execute_command`, so a completion model continues the body. After failed attempts each
/// failed program is shown with its error, and the model is asked again.
public struct PromptBuilder: Sendable {
    /// The API for image questions (without the video types) and for video questions.
    public let imageAPIText: String
    public let videoAPIText: String
    public let examples: ExampleSource
    public let exampleCount: Int

    /// A completion model continuing the function body stops at the next example or question.
    public static let completionStops = ["\n# Question:", "\n```", "\ndef execute_command", "\n\n\n"]

    public init(imageAPIText: String, videoAPIText: String, examples: ExampleSource, exampleCount: Int = 6) {
        self.imageAPIText = imageAPIText
        self.videoAPIText = videoAPIText
        self.examples = examples
        self.exampleCount = exampleCount
    }

    public func prompt(for request: ProgramRequest, chat: Bool) -> String {
        let task = request.task
        var text = """
            You write programs in Python that answer questions about \(task.media.isVideo ? "videos" : "images"). \
            A program defines `\(task.signature.dropFirst(4).dropLast())` and may use only the API below, \
            Python built-ins and the math module. It returns the answer: a str, an int, a bool \
            (shown as yes/no) or, for a referring expression, the ImagePatch it refers to.

            ```python
            \((task.media.isVideo ? videoAPIText : imageAPIText).trimmingCharacters(in: .newlines))
            ```


            """
        for example in examples.examples(for: task, limit: exampleCount) {
            text += "# Question: \(example.question)\n\(example.program.trimmingCharacters(in: .newlines))\n\n"
        }
        for failure in request.failures {
            text += "# Question: \(task.question)\n"
            text += failure.program.isEmpty ? "# (no program)\n" : failure.program.trimmingCharacters(in: .newlines) + "\n"
            text += "# This program failed:\n"
            for line in (failure.error ?? "unknown error").split(separator: "\n", omittingEmptySubsequences: false) {
                text += "#   \(line)\n"
            }
            text += "# Write a corrected program.\n\n"
        }
        text += "# Question: \(task.question)\n"
        if !task.options.isEmpty {
            text += "# Possible answers: \(task.options.map { "\"\($0)\"" }.joined(separator: ", "))\n"
        }
        if chat {
            text += "\nReply with the complete program (starting with `\(task.signature)`) in one ```python code block, and nothing else.\n"
        } else {
            text += task.signature + "\n"
        }
        return text
    }
}
