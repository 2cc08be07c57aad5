import Interpreter

extension VisionToolkit {
    func registerImagePatch() {
        let t = patchType
        let none = Value.none
        t.setConstructor(HostSignature([
            HostParameter("image", "Image"), HostParameter("left", "int", default: none), HostParameter("lower", "int", default: none),
            HostParameter("right", "int", default: none), HostParameter("upper", "int", default: none),
        ]), doc: """
            A patch of `image` (an Image or an ImagePatch); without coordinates, the whole image. \
            Coordinates are clipped to the image; a patch without any pixel raises ValueError.
            """) { [weak self] a in
            guard let self else { throw VisionToolkit.released }
            return try self.hostCall {
                guard let object = a["image"].hostObject else { throw HostError.typeError("ImagePatch() needs an Image, not \(a["image"].typeName)") }
                let view: ImageView
                if let v = object.payload as? ImageView { view = v }
                else if let p = object.payload as? Patch { view = ImageView(source: p.view.source, region: p.box) }
                else { throw HostError.typeError("ImagePatch() needs an Image or an ImagePatch, not \(object.type.name)") }
                let names = ["left", "lower", "right", "upper"]
                let given = try names.map { try self.optionalInt(a[$0], $0) }
                if given.allSatisfy({ $0 == nil }) { return self.value(Patch(view: view)) }
                return self.value(try Patch(view: view, left: given[0] ?? 0, lower: given[1] ?? 0,
                                            right: given[2] ?? view.region.width, upper: given[3] ?? view.region.height))
            }
        }

        func property(_ name: String, _ annotation: String, _ doc: String, _ get: @escaping (Patch) -> Value) {
            t.addProperty(name, annotation, doc: doc) { o in get(try VisionToolkit.patch(.host(o), "self")) }
        }
        property("left", "int", "Left edge (pixel column).") { .int(Int64($0.left)) }
        property("lower", "int", "Bottom edge, measured up from the image's bottom.") { .int(Int64($0.lower)) }
        property("right", "int", "Right edge (exclusive).") { .int(Int64($0.right)) }
        property("upper", "int", "Top edge, measured up from the image's bottom (exclusive).") { .int(Int64($0.upper)) }
        property("width", "int", "right - left") { .int(Int64($0.width)) }
        property("height", "int", "upper - lower") { .int(Int64($0.height)) }
        property("horizontal_center", "float", "(left + right) / 2") { .float($0.horizontalCenter) }
        property("vertical_center", "float", "(lower + upper) / 2; larger is higher in the image.") { .float($0.verticalCenter) }
        property("area", "int", "width * height") { .int(Int64($0.area)) }
        t.addProperty("cropped_image", "Image", doc: "The pixels of this patch as an Image.") { [imageType] o in
            let p = try VisionToolkit.patch(.host(o), "self")
            return VisionToolkit.value(ImageView(source: p.view.source, region: p.box), type: imageType)
        }

        let name = HostParameter("object_name", "str")
        if capabilities.contains(.detect) {
            method(t, "find", [name], returns: "list[ImagePatch]", doc: """
                Every instance of object_name in this patch, as patches of the same image (detection).
                """) { [unowned self] o, a in
                let p = try self.patch(.host(o), "self")
                let found = try self.perception.detect(p.input, phrase: try self.string(a[0], "object_name"))
                return .makeList(try found.map { self.value(try p.child($0.box)) })
            }
            method(t, "exists", [name], returns: "bool", doc: "True if object_name occurs in this patch: len(find(object_name)) > 0.") { [unowned self] o, a in
                let p = try self.patch(.host(o), "self")
                return .bool(!(try self.perception.detect(p.input, phrase: try self.string(a[0], "object_name"))).isEmpty)
            }
            method(t, "count", [name], returns: "int", doc: "Number of instances of object_name in this patch: len(find(object_name)).") { [unowned self] o, a in
                let p = try self.patch(.host(o), "self")
                return .int(Int64(try self.perception.detect(p.input, phrase: try self.string(a[0], "object_name")).count))
            }
            method(t, "ground", [HostParameter("phrase", "str")], returns: "ImagePatch | None", doc: """
                The patch a referring expression names, or None (LocCa REF). Served by detection with \
                the phrase (its highest-scoring box) until a LocCa model exists.
                """) { [unowned self] o, a in
                let p = try self.patch(.host(o), "self")
                guard let best = try self.perception.detect(p.input, phrase: try self.string(a[0], "phrase")).first else { return .none }
                return self.value(try p.child(best.box))
            }
        }
        if capabilities.contains(.answer) {
            method(t, "simple_query", [HostParameter("question", "str", default: none)], returns: "str", doc: """
                Short answer to a simple question about this patch ("What color is the car?"; default \
                "What is this?"); not for reasoning or knowledge questions.
                """) { [unowned self] o, a in
                let p = try self.patch(.host(o), "self")
                let question = a[0].isNone ? "What is this?" : try self.string(a[0], "question")
                return .str(try self.perception.answer(p.input, question: question))
            }
            method(t, "verify_property", [name, HostParameter("property", "str")], returns: "bool", doc: """
                True if the object_name in this patch has the property ("red", "large"); asks \
                "Is the {object_name} {property}?".
                """) { [unowned self] o, a in
                let p = try self.patch(.host(o), "self")
                let question = "Is the \(try self.string(a[0], "object_name")) \(try self.string(a[1], "property"))?"
                return .bool(try self.perception.answer(p.input, question: question).lowercased().hasPrefix("yes"))
            }
        }
        if capabilities.contains(.caption) {
            method(t, "caption", [], returns: "str", doc: "A short caption of this patch.") { [unowned self] o, _ in
                .str(try self.perception.caption(try self.patch(.host(o), "self").input))
            }
        }
        if capabilities.contains(.caption) && capabilities.contains(.detect) {
            method(t, "grounded_caption", [], returns: "list[tuple[str, ImagePatch]]", doc: """
                Every object with a short description and its patch (LocCa GCAP). Served by detecting \
                "object" and captioning each box until a LocCa model exists.
                """) { [unowned self] o, _ in
                let p = try self.patch(.host(o), "self")
                let found = try self.perception.detect(p.input, phrase: "object")
                return .makeList(try found.map { d in
                    let child = try p.child(d.box)
                    return .makeTuple([.str(try self.perception.caption(child.input)), self.value(child)])
                })
            }
        }
        if capabilities.contains(.score) {
            method(t, "best_text_match", [HostParameter("option_list", "list[str]")], returns: "str", doc: """
                The option that best describes this patch.
                """) { [unowned self] o, a in
                let p = try self.patch(.host(o), "self")
                let options = try self.options(a[0])
                let scores = try self.perception.score(p.input, texts: options)
                return .str(options[scores.indices.max { scores[$0] < scores[$1] || (scores[$0] == scores[$1] && $0 > $1) }!])
            }
        } else if capabilities.contains(.answer) {
            method(t, "best_text_match", [HostParameter("option_list", "list[str]")], returns: "str", doc: """
                The option that best describes this patch. Served by asking "Which of these is it: A, B \
                or C?" and taking the option the answer names (this backend cannot score texts); raises \
                RuntimeError when the answer names none of them.
                """) { [unowned self] o, a in
                let p = try self.patch(.host(o), "self")
                let options = try self.options(a[0])
                if options.count == 1 { return .str(options[0]) }
                let question = AnsweredChoice.question(options)
                let answer = try self.perception.answer(p.input, question: question)
                guard let chosen = AnsweredChoice.match(answer, options: options) else {
                    throw ToolError.backend("best_text_match(): the \(self.perception.backend.kind) backend answered \(answer.debugDescription) to \(question.debugDescription), which names none of the options (or several)")
                }
                return .str(chosen)
            }
        }
        let box = ["left", "lower", "right", "upper"].map { HostParameter($0, "int") }
        method(t, "crop", box, returns: "ImagePatch", doc: """
            The sub-patch with these coordinates relative to this patch (lower/upper from its bottom), \
            clipped to this patch; coordinates of the result are in this patch's image.
            """) { [unowned self] o, a in
            let p = try self.patch(.host(o), "self")
            return self.value(try p.crop(left: try self.int(a[0], "left"), lower: try self.int(a[1], "lower"),
                                         right: try self.int(a[2], "right"), upper: try self.int(a[3], "upper")))
        }
        method(t, "overlaps_with", box, returns: "bool", doc: "True if this patch overlaps the box (touching edges count).") { [unowned self] o, a in
            let p = try self.patch(.host(o), "self")
            return .bool(p.overlaps(left: try self.int(a[0], "left"), lower: try self.int(a[1], "lower"),
                                    right: try self.int(a[2], "right"), upper: try self.int(a[3], "upper")))
        }
        if controller != nil {
            method(t, "llm_query", [HostParameter("question", "str"), HostParameter("long_answer", "bool", default: .bool(true))],
                   returns: "str", doc: "Answers a knowledge question with the controller language model (the image is not shown to it).") { [unowned self] _, a in
                .str(try self.askController(try self.string(a[0], "question"), context: nil, longAnswer: a[1].isTruthy))
            }
        }
    }

    func options(_ value: Value) throws -> [String] {
        let options = try strings(value, "option_list")
        guard !options.isEmpty else { throw HostError.valueError("best_text_match() got an empty option_list") }
        return options
    }
}
