import Foundation
import Interpreter

extension VisionToolkit {
    func registerFunctions(_ registry: HostRegistry) {
        let patchParameter = HostParameter("patch", "ImagePatch")
        let list = HostParameter("list_patches", "list[ImagePatch]")

        function(registry, "distance", [HostParameter("patch_a", "ImagePatch | float"), HostParameter("patch_b", "ImagePatch | float")],
                 returns: "float", doc: """
            Distance between the edges of two patches (minus their IoU when they touch or overlap), \
            or abs(a - b) for two numbers.
            """) { [unowned self] a in
            if let x = a[0].doubleValue, let y = a[1].doubleValue, a[0].hostObject == nil { return .float(abs(x - y)) }
            return .float(try self.patch(a[0], "patch_a").distance(to: try self.patch(a[1], "patch_b")))
        }
        function(registry, "bool_to_yesno", [HostParameter("bool_answer", "bool")], returns: "str", doc: "Returns 'yes' if bool_answer is true, else 'no'.") { a in
            .str(a[0].isTruthy ? "yes" : "no")
        }
        function(registry, "coerce_to_numeric", [HostParameter("string", "str"), HostParameter("no_string", "bool", default: .bool(false))],
                 returns: "float", doc: """
            The number in a string ("about 12 cm" -> 12.0, "three" -> 3.0, "5-7" -> 5.0); without a \
            number returns the string, or raises ValueError when no_string is true.
            """) { a in
            if case .int = a[0] { return a[0] }
            if case .float = a[0] { return a[0] }
            let text = a[0].stringValue ?? a[0].pythonStr
            if let number = NumericCoercion.number(in: text) { return .float(number) }
            if a[1].isTruthy { throw HostError.valueError("coerce_to_numeric(): no number in \(a[0].pythonRepr)") }
            return .str(text)
        }

        function(registry, "get_sorted_patches_left_to_right", [list], returns: "list[ImagePatch]",
                 doc: "The patches sorted by horizontal_center, left first.") { [unowned self] a in
            .makeList(SpatialRoutines.leftToRight(try self.patches(a[0], "list_patches")).map(self.value))
        }
        function(registry, "get_sorted_patches_bottom_to_top", [list], returns: "list[ImagePatch]",
                 doc: "The patches sorted by vertical_center, lowest first.") { [unowned self] a in
            .makeList(SpatialRoutines.bottomToTop(try self.patches(a[0], "list_patches")).map(self.value))
        }
        function(registry, "get_middle_patch", [list], returns: "ImagePatch",
                 doc: "The middle patch of the left-to-right order (of two middles, the right one).") { [unowned self] a in
            self.value(try SpatialRoutines.middle(try self.patches(a[0], "list_patches")))
        }
        function(registry, "get_largest_patch", [list], returns: "ImagePatch", doc: "The patch with the largest area.") { [unowned self] a in
            self.value(try SpatialRoutines.largest(try self.patches(a[0], "list_patches")))
        }
        function(registry, "get_smallest_patch", [list], returns: "ImagePatch", doc: "The patch with the smallest area.") { [unowned self] a in
            self.value(try SpatialRoutines.smallest(try self.patches(a[0], "list_patches")))
        }
        let anchor = HostParameter("anchor_object", "ImagePatch")
        function(registry, "get_patch_closest_to_anchor_object", [list, anchor], returns: "ImagePatch",
                 doc: "The patch with the smallest distance() to the anchor (exclude the anchor itself first).") { [unowned self] a in
            self.value(try SpatialRoutines.closest(try self.patches(a[0], "list_patches"), to: try self.patch(a[1], "anchor_object")))
        }
        function(registry, "get_patch_farthest_to_anchor_object", [list, anchor], returns: "ImagePatch",
                 doc: "The patch with the largest distance() to the anchor.") { [unowned self] a in
            self.value(try SpatialRoutines.farthest(try self.patches(a[0], "list_patches"), from: try self.patch(a[1], "anchor_object")))
        }
        for (side, words) in [(SpatialRoutines.Side.left, "left_of"), (.right, "right_of"), (.above, "above_of"), (.below, "below_of")] {
            function(registry, "get_patch_\(words)", [patchParameter], returns: "ImagePatch", doc: """
                The region of the patch's image \(side == .left || side == .right ? "to the \(side.rawValue) of" : side.rawValue) the patch's center.
                """) { [unowned self] a in
                self.value(try SpatialRoutines.region(side, of: try self.patch(a[0], "patch")))
            }
        }

        if capabilities.contains(.score) {
            function(registry, "best_image_match", [list, HostParameter("content", "list[str]"), HostParameter("return_index", "bool", default: .bool(false))],
                     returns: "ImagePatch | int", doc: "The patch that best matches the content (or its index when return_index is true).") { [unowned self] a in
                let candidates = try self.patches(a[0], "list_patches")
                let texts = try self.strings(a[1], "content")
                guard !candidates.isEmpty, !texts.isEmpty else { throw HostError.valueError("best_image_match() needs patches and content") }
                var best = 0, bestScore = -Double.infinity
                for (i, p) in candidates.enumerated() {
                    let score = try self.perception.score(p.input, texts: texts).max() ?? 0
                    if score > bestScore { best = i; bestScore = score }
                }
                return a[2].isTruthy ? .int(Int64(best)) : self.value(candidates[best])
            }
        }
        if capabilities.contains(.caption) {
            function(registry, "describe_region", [patchParameter], returns: "str", doc: """
                A referring expression for the patch (LocCa AREF). Served by captioning the patch's crop \
                until a LocCa model exists.
                """) { [unowned self] a in
                .str(try self.perception.caption(try self.patch(a[0], "patch").input))
            }
        }
        if controller != nil {
            function(registry, "llm_query", [HostParameter("query", "str"), HostParameter("context", "str", default: Value.none),
                                             HostParameter("long_answer", "bool", default: .bool(true))],
                     returns: "str", doc: "Answers a knowledge question with the controller language model.") { [unowned self] a in
                .str(try self.askController(try self.string(a[0], "query"), context: a[1].isNone ? nil : a[1].pythonStr, longAnswer: a[2].isTruthy))
            }
            function(registry, "process_guesses", [HostParameter("prompt", "str"), HostParameter("guess1", "str", default: Value.none),
                                                   HostParameter("guess2", "str", default: Value.none)],
                     returns: "str", doc: """
                Combines two guesses (e.g. a simple_query answer and an llm_query answer) into one short \
                answer to the question, as ViperGPT's OK-VQA programs do.
                """) { [unowned self] a in
                let controller = try self.requireController("process_guesses")
                let question = try self.string(a[0], "prompt")
                let guesses = [a[1], a[2]].filter { !$0.isNone }.map(\.pythonStr)
                let prompt = """
                    Answer the question in one to three words. Two guesses were made; use them if they \
                    help, but answer with what is most likely right.
                    Question: \(question)
                    Guesses: \(guesses.joined(separator: "; "))
                    Short answer:
                    """
                return .str(try controller.complete(prompt).trimmingCharacters(in: .whitespacesAndNewlines))
            }
        }
    }

    func askController(_ question: String, context: String?, longAnswer: Bool) throws -> String {
        let controller = try requireController("llm_query")
        var prompt = context.map { "Context: \($0)\n" } ?? ""
        prompt += longAnswer ? "Answer the question.\nQuestion: \(question)\nAnswer:" : "Answer the question in a few words.\nQuestion: \(question)\nShort answer:"
        return try controller.complete(prompt).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

/// ViperGPT's `coerce_to_numeric`: number words, then the first number in the text (a range
/// "5-7" gives its first end).
enum NumericCoercion {
    static let words: [String: Double] = [
        "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
        "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
        "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
        "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100,
    ]

    static func number(in text: String) -> Double? {
        let lowered = text.lowercased().trimmingCharacters(in: .whitespacesAndNewlines)
        if let value = words[lowered] { return value }
        var current = ""
        var started = false
        for c in lowered {
            if c.isASCII && c.isNumber { current.append(c); started = true }
            else if c == "." && started && !current.contains(".") { current.append(c) }
            else if c == "-" && !started { current = "-" }
            else if c == "," && started { continue }
            else if started { break }
            else { current = "" }
        }
        if current.hasSuffix(".") { current.removeLast() }
        if let value = Double(current) { return value }
        let tokens = lowered.split { !$0.isLetter }.map(String.init)
        return tokens.lazy.compactMap { words[$0] }.first
    }
}
