/// A solved question shown to the controller: the question and a program that answered it.
public struct InContextExample: Sendable, Equatable, Codable {
    public var question: String
    public var program: String
    public var family: String?

    public init(question: String, program: String, family: String? = nil) {
        self.question = question
        self.program = program
        self.family = family
    }
}

/// Where the prompt's examples come from: a fixed list, or retrieval from an ICE store.
public protocol ExampleSource: Sendable {
    func examples(for task: AgentTask, limit: Int) -> [InContextExample]
}

/// The same examples for every question, for image and video questions separately.
public struct FixedExamples: ExampleSource {
    public var image: [InContextExample]
    public var video: [InContextExample]

    public init(image: [InContextExample], video: [InContextExample]) {
        self.image = image
        self.video = video
    }

    public func examples(for task: AgentTask, limit: Int) -> [InContextExample] {
        Array((task.media.isVideo ? video : image).prefix(limit))
    }

    /// Hand-written examples in the style of ViperGPT's prompt, using the abstract routines.
    public static let standard = FixedExamples(image: [
        InContextExample(question: "How many red objects are there?", program: """
            def execute_command(image):
                image_patch = ImagePatch(image)
                return len(image_patch.find("red object"))
            """),
        InContextExample(question: "Is the blue square left of the green circle?", program: """
            def execute_command(image):
                image_patch = ImagePatch(image)
                square = image_patch.find("blue square")[0]
                circle = image_patch.find("green circle")[0]
                return bool_to_yesno(square.horizontal_center < circle.horizontal_center)
            """),
        InContextExample(question: "What color is the object closest to the yellow star?", program: """
            def execute_command(image):
                image_patch = ImagePatch(image)
                star = image_patch.find("yellow star")[0]
                others = [p for p in image_patch.find("object") if distance(p, star) > 0]
                closest = get_patch_closest_to_anchor_object(others, star)
                return closest.simple_query("What color is this object?")
            """),
        InContextExample(question: "the small circle above the large square", program: """
            def execute_command(image):
                image_patch = ImagePatch(image)
                square = image_patch.find("large square")[0]
                circles = [p for p in image_patch.find("small circle") if p.vertical_center > square.vertical_center]
                return circles[0]
            """),
    ], video: [
        InContextExample(question: "How many objects are in the scene at the end?", program: """
            def execute_command(video, question, possible_answers):
                video_segment = VideoSegment(video)
                last_frame = video_segment.frame_from_index(video_segment.num_frames - 1)
                return len(last_frame.find("object"))
            """),
    ])
}
