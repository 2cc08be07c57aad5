/// One question for the agent: what to look at, what is asked, and (for evaluation with the
/// `truth` controller) the dataset's own program.
public struct AgentTask: Sendable {
    public enum Media: Sendable, Equatable {
        case image(path: String)
        /// A folder of frames or a video file; `framesPerSecond` for files decoded by ffmpeg.
        case video(path: String, framesPerSecond: Double?)

        public var path: String {
            switch self {
            case .image(let p), .video(let p, _): return p
            }
        }

        public var isVideo: Bool { if case .video = self { return true } else { return false } }
    }

    public var id: String
    public var question: String
    public var media: Media
    /// Multiple-choice options (passed as `possible_answers` to video programs).
    public var options: [String]
    public var referenceProgram: String?

    public init(id: String, question: String, media: Media, options: [String] = [], referenceProgram: String? = nil) {
        self.id = id
        self.question = question
        self.media = media
        self.options = options
        self.referenceProgram = referenceProgram
    }

    /// The `def` line the program must start with.
    public var signature: String {
        media.isVideo ? "def execute_command(video, question, possible_answers):" : "def execute_command(image):"
    }
}

/// One program the agent tried and how it ended.
public struct AgentAttempt: Sendable, Codable, Equatable {
    public enum Stage: String, Sendable, Codable {
        /// The controller failed or its reply held no program.
        case controller
        /// The static checker refused the program.
        case check
        /// The program raised or exceeded a limit.
        case run
        case succeeded
    }

    public var program: String
    public var stage: Stage
    /// The error text the controller is shown on the next round.
    public var error: String?

    public init(program: String, stage: Stage, error: String? = nil) {
        self.program = program
        self.stage = stage
        self.error = error
    }
}
