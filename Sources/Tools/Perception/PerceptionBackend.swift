/// What a perception backend can do. Only the routines whose capabilities a backend declares
/// are registered for programs and listed to the controller.
public enum PerceptionCapability: String, CaseIterable, Sendable, Codable {
    /// Boxes of every instance of a phrase (`find`, `exists`, `count`, grounding routines).
    case detect
    /// Short answer to a question about the image (`simple_query`, `verify_property`).
    case answer
    /// A short caption (`caption`, `describe_region`, `caption_video`).
    case caption
    /// How well each of several texts describes the image (`best_text_match`, `best_image_match`).
    case score
    /// Multiple-choice answer to a question about a whole clip (`select_answer` without a
    /// controller model); only the oracle has it.
    case videoChoice
}

/// The part of an image a request is about: the source image and a box in its pixels.
public struct PerceptionInput {
    public let image: SourceImage
    public let region: BoundingBox

    public init(image: SourceImage, region: BoundingBox) {
        self.image = image
        self.region = region
    }
}

/// A perception model (or the scene-file oracle) behind the visual tools. Boxes it returns are
/// in pixels of the source image, never of the crop.
public protocol PerceptionBackend: AnyObject {
    /// `oracle`, `openai`, `paligemma`: the first part of a cache key.
    var kind: String { get }
    /// The model behind it (`gpt-4o`, a weights hash, `scene-files`): the second part of a cache key.
    var modelIdentifier: String { get }
    var capabilities: Set<PerceptionCapability> { get }
    /// True when answers come from ground truth, so every output can say so.
    var isOracle: Bool { get }

    func detect(_ input: PerceptionInput, phrase: String) throws -> [Detection]
    func answer(_ input: PerceptionInput, question: String) throws -> String
    func caption(_ input: PerceptionInput) throws -> String
    func score(_ input: PerceptionInput, texts: [String]) throws -> [Double]
    /// Picks one of `options` for a question about the frames of a clip.
    func chooseForVideo(frames: [SourceImage], question: String, options: [String]) throws -> String
}

extension PerceptionBackend {
    public var isOracle: Bool { false }

    public func detect(_ input: PerceptionInput, phrase: String) throws -> [Detection] { throw unsupported("detection") }
    public func answer(_ input: PerceptionInput, question: String) throws -> String { throw unsupported("question answering") }
    public func caption(_ input: PerceptionInput) throws -> String { throw unsupported("captioning") }
    public func score(_ input: PerceptionInput, texts: [String]) throws -> [Double] { throw unsupported("text scoring") }
    public func chooseForVideo(frames: [SourceImage], question: String, options: [String]) throws -> String {
        throw unsupported("multiple-choice video answers")
    }

    func unsupported(_ what: String) -> ToolError {
        .unsupported("the \(kind) perception backend does not support \(what)")
    }
}

/// A controller language model serving `llm_query`, `process_guesses` and `select_answer`.
/// Tools only needs text in, text out; the Agent module adapts its models to this.
public protocol ControllerModel: AnyObject {
    func complete(_ prompt: String) throws -> String
}
