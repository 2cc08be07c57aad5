import Foundation

/// Builds the controller's prompt in the style of ViperGPT: the API as Python stubs (generated
/// from the tools' registrations), solved examples, then the question. After failed attempts each
/// failed program is shown with its error, and the model is asked again.
///
/// Two shapes, because base and instruction-tuned models read different things well:
/// - completion (base models): the whole prompt is one Python source file (the instruction is
///   the module docstring, the API is plain code, every example is `# Question: ...` followed by
///   its `def execute_command`), ending with the question, the `def` line and the body's first
///   line, so the model's most likely continuation is the rest of the body. A small base model
///   copies the nearest pattern, so nothing in the prompt is prose or markdown it could drift into.
/// - chat: the instruction in prose, the API in a fenced block, and a request for a fenced program.
public struct PromptBuilder: Sendable {
    /// The API for image questions (without the video types) and for video questions.
    public let imageAPIText: String
    public let videoAPIText: String
    public let examples: ExampleSource
    public let exampleCount: Int

    /// A completion model continuing the function body stops at the first top-level line that
    /// cannot belong to it: the next example's comment, another `def` or `class`, a fence, or a
    /// run of blank lines. The OpenAI API takes only the first four, which cover the usual ends.
    public static let completionStops = ["\n#", "\ndef ", "\n```", "\n\n\n", "\nclass ", "\nif __name__", "\nprint("]

    public init(imageAPIText: String, videoAPIText: String, examples: ExampleSource, exampleCount: Int = 6) {
        self.imageAPIText = imageAPIText
        self.videoAPIText = videoAPIText
        self.examples = examples
        self.exampleCount = exampleCount
    }

    public func prompt(for request: ProgramRequest, chat: Bool) -> String {
        let task = request.task
        let api = (task.media.isVideo ? videoAPIText : imageAPIText).trimmingCharacters(in: .newlines)
        let purpose = """
            A program defines `\(task.signature.dropFirst(4).dropLast())` and may use only the API below, \
            Python built-ins and the math module. It returns the answer: a str, an int, a bool \
            (shown as yes/no) or, for a referring expression, the ImagePatch it refers to.
            """
        var text: String
        if chat {
            text = """
                You write programs in Python that answer questions about \(task.media.isVideo ? "videos" : "images"). \
                \(purpose)

                ```python
                \(api)
                ```


                """
        } else {
            text = "\"\"\"Programs that answer questions about \(task.media.isVideo ? "videos" : "images").\n\n\(purpose)\n\"\"\"\n\n\n\(api)\n\n\n"
        }
        // Sources give the most relevant example first; it is shown last, right before the
        // question, where a small model's copy of a pattern is most faithful.
        for example in examples.examples(for: task, limit: exampleCount).reversed() {
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
            text += task.signature + "\n" + bodyStart(for: task, chat: chat)
        }
        return text
    }

    /// The first line of the body, given in a completion prompt after the `def` line. Without it
    /// a small base model continuing `def execute_command(image):` imitates the API stubs above it
    /// (a docstring and `...`); with it, it continues with code, as every example does.
    public func bodyStart(for task: AgentTask, chat: Bool) -> String {
        if chat { return "" }
        return task.media.isVideo ? "    video_segment = VideoSegment(video)\n" : "    image_patch = ImagePatch(image)\n"
    }
}
