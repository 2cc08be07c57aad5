import Foundation

/// What the tools saw during one run, to go beside the interpreter's host-call records: every
/// perception request with the crop it looked at and the boxes it returned. `hostCall` is the
/// position of the host call that made it in the interpreter's trace of the same run.
public final class ToolTrace: @unchecked Sendable {
    public struct Look {
        public var hostCall: Int
        public var request: String
        /// The phrase of a detection request, nil for other requests.
        public var detectedPhrase: String?
        public var image: SourceImage
        public var region: BoundingBox
        public var boxes: [BoundingBox]
        public var result: String
        public var cached: Bool
        public var durationSeconds: Double
    }

    public private(set) var looks: [Look] = []
    /// Host calls begun so far in this run.
    public private(set) var hostCalls = 0

    public init() {}

    /// Called by every registered host function and method before it does anything.
    func beginHostCall() { hostCalls += 1 }

    func record(_ look: Look) { looks.append(look) }

    /// Forgets everything; call before each `Interpreter.call`.
    public func reset() {
        looks = []
        hostCalls = 0
    }

    /// Index (0-based) of the host call in progress.
    var currentHostCall: Int { hostCalls - 1 }
}
