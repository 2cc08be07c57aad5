import Foundation
import Interpreter

/// Everything a run of a visual program needs: perception (backend, cache, detection
/// parameters), an optional controller model, and the trace. `registry()` binds the vision API
/// into the interpreter; only routines the backend's capabilities (and the controller) support
/// are registered, so the controller's API text and `loupe check` list exactly what works.
public final class VisionToolkit: @unchecked Sendable {
    public let perception: Perception
    public let controller: ControllerModel?

    public let imageType = HostType(name: "Image", doc: "An image (or a crop of one) as passed to execute_command; wrap it in ImagePatch(image) to look at it.")
    public let patchType = HostType(name: "ImagePatch", doc: """
        A rectangular region of an image, in ViperGPT's coordinates: left/right are pixel columns \
        and lower/upper are measured up from the BOTTOM edge of the image the patch was made from.
        """)
    public let videoType = HostType(name: "Video", doc: "A video clip as passed to execute_command; wrap it in VideoSegment(video).")
    public let segmentType = HostType(name: "VideoSegment", doc: "Frames [start, end) of a video clip; frame indices are relative to the segment.")

    public init(perception: Perception, controller: ControllerModel? = nil) {
        self.perception = perception
        self.controller = controller
    }

    public var trace: ToolTrace { perception.trace }
    var capabilities: Set<PerceptionCapability> { perception.capabilities }

    public func registry() -> HostRegistry {
        let registry = HostRegistry()
        registerImage()
        registerImagePatch()
        registerVideo()
        registerVideoSegment()
        for type in [imageType, patchType, videoType, segmentType] { registry.register(type) }
        registerFunctions(registry)
        return registry
    }

    // MARK: Values

    public func value(_ view: ImageView) -> Value { VisionToolkit.value(view, type: imageType) }

    static func value(_ view: ImageView, type: HostType) -> Value {
        .host(HostObject(type: type, payload: view) { "<Image \(view.region.width)x\(view.region.height)>" })
    }

    public func value(_ patch: Patch) -> Value {
        .host(HostObject(type: patchType, payload: patch) {
            "ImagePatch(left=\(patch.left), lower=\(patch.lower), right=\(patch.right), upper=\(patch.upper))"
        })
    }

    public func value(_ video: VideoSource) -> Value {
        .host(HostObject(type: videoType, payload: video) { "<Video \(video.frames.count) frames>" })
    }

    public func value(_ segment: Segment) -> Value {
        .host(HostObject(type: segmentType, payload: segment) { "VideoSegment(start=\(segment.start), end=\(segment.end))" })
    }

    func patch(_ v: Value, _ what: String) throws -> Patch { try VisionToolkit.patch(v, what) }

    static func patch(_ v: Value, _ what: String) throws -> Patch {
        guard let p = v.hostObject?.payload as? Patch else {
            throw HostError.typeError("\(what) must be an ImagePatch, not \(v.typeName)")
        }
        return p
    }

    func patches(_ v: Value, _ what: String) throws -> [Patch] {
        guard let items = v.sequenceItems else { throw HostError.typeError("\(what) must be a list of ImagePatch, not \(v.typeName)") }
        return try items.enumerated().map { try patch($1, "\(what)[\($0)]") }
    }

    func int(_ v: Value, _ what: String) throws -> Int {
        if case .float(let d) = v {
            guard d.isFinite, abs(d) < 1e9 else { throw HostError.valueError("\(what) must be a finite coordinate, not \(d)") }
            return Int(d)
        }
        guard let i = v.intValue, abs(i) < 1_000_000_000 else { throw HostError.typeError("\(what) must be an int, not \(v.typeName)") }
        return Int(i)
    }

    func optionalInt(_ v: Value, _ what: String) throws -> Int? { v.isNone ? nil : try int(v, what) }

    func string(_ v: Value, _ what: String) throws -> String {
        guard let s = v.stringValue else { throw HostError.typeError("\(what) must be a str, not \(v.typeName)") }
        return s
    }

    func strings(_ v: Value, _ what: String) throws -> [String] {
        if let s = v.stringValue { return [s] }
        guard let items = v.sequenceItems else { throw HostError.typeError("\(what) must be a list of str, not \(v.typeName)") }
        return try items.enumerated().map { try string($1, "\(what)[\($0)]") }
    }

    /// Runs a host body as one traced host call, turning tool failures into Python exceptions.
    func hostCall(_ body: () throws -> Value) throws -> Value {
        trace.beginHostCall()
        do {
            return try body()
        } catch let e as ToolError {
            switch e {
            case .badInput(let m): throw HostError.valueError(m)
            default: throw HostError.runtimeError(e.description)
            }
        }
    }

    func method(_ type: HostType, _ name: String, _ parameters: [HostParameter], returns: String?, doc: String,
                _ body: @escaping (HostObject, HostArguments) throws -> Value) {
        // Weak: the types (owned by the toolkit) hold these closures; a registry that outlives
        // its toolkit raises instead of crashing.
        type.addMethod(name, HostSignature(parameters, returns: returns), doc: doc) { [weak self] object, arguments in
            guard let self else { throw VisionToolkit.released }
            return try self.hostCall { try body(object, arguments) }
        }
    }

    func function(_ registry: HostRegistry, _ name: String, _ parameters: [HostParameter], returns: String?, doc: String,
                  _ body: @escaping (HostArguments) throws -> Value) {
        registry.registerFunction(name, HostSignature(parameters, returns: returns), doc: doc) { [weak self] arguments in
            guard let self else { throw VisionToolkit.released }
            return try self.hostCall { try body(arguments) }
        }
    }

    static let released = HostError.runtimeError("the VisionToolkit behind this registry was released; keep it alive while programs run")

    func requireController(_ routine: String) throws -> ControllerModel {
        guard let controller else { throw ToolError.unavailable("\(routine) needs a controller language model, and none is configured") }
        return controller
    }

    // MARK: Image

    private func registerImage() {
        imageType.addProperty("width", "int", doc: "Width in pixels.") { o in .int(Int64(try VisionToolkit.view(o).region.width)) }
        imageType.addProperty("height", "int", doc: "Height in pixels.") { o in .int(Int64(try VisionToolkit.view(o).region.height)) }
    }

    static func view(_ o: HostObject) throws -> ImageView {
        guard let v = o.payload as? ImageView else { throw HostError.typeError("expected an Image") }
        return v
    }

    // MARK: Video

    private func registerVideo() {
        videoType.addProperty("num_frames", "int", doc: "Number of frames.") { o in
            .int(Int64((o.payload as? VideoSource)?.frames.count ?? 0))
        }
    }
}
