import Interpreter

extension VisionToolkit {
    func segment(_ v: Value, _ what: String) throws -> Segment { try VisionToolkit.segment(v, what) }

    static func segment(_ v: Value, _ what: String) throws -> Segment {
        guard let s = v.hostObject?.payload as? Segment else { throw HostError.typeError("\(what) must be a VideoSegment, not \(v.typeName)") }
        return s
    }

    func framePatch(_ s: Segment, _ index: Int) throws -> Patch {
        Patch(view: try ImageView(source: try s.frame(index)))
    }

    func registerVideoSegment() {
        let t = segmentType
        let none = Value.none
        t.setConstructor(HostSignature([HostParameter("video", "Video"), HostParameter("start", "int", default: none), HostParameter("end", "int", default: none)]),
                         doc: "Frames [start, end) of the video (or of a VideoSegment, relative to and clipped to it); default: all.") { [weak self] a in
            guard let self else { throw VisionToolkit.released }
            return try self.hostCall {
                let start = try self.optionalInt(a["start"], "start"), end = try self.optionalInt(a["end"], "end")
                if let video = a["video"].hostObject?.payload as? VideoSource { return self.value(try Segment(video: video, start: start, end: end)) }
                if let s = a["video"].hostObject?.payload as? Segment {
                    return self.value(try s.trimmed(start: start, end: end))
                }
                throw HostError.typeError("VideoSegment() needs a Video, not \(a["video"].typeName)")
            }
        }
        t.addProperty("start", "int", doc: "First frame, an index into the whole video.") { o in .int(Int64(try VisionToolkit.segment(.host(o), "self").start)) }
        t.addProperty("end", "int", doc: "End frame (exclusive), an index into the whole video.") { o in .int(Int64(try VisionToolkit.segment(.host(o), "self").end)) }
        t.addProperty("num_frames", "int", doc: "end - start") { o in .int(Int64(try VisionToolkit.segment(.host(o), "self").frameCount)) }

        let index = HostParameter("index", "int")
        method(t, "frame_from_index", [index], returns: "ImagePatch", doc: "Frame `index` of the segment (negative counts from the end) as an ImagePatch.") { [unowned self] o, a in
            self.value(try self.framePatch(try self.segment(.host(o), "self"), try self.int(a[0], "index")))
        }
        method(t, "trim", [HostParameter("start", "int", default: none), HostParameter("end", "int", default: none)], returns: "VideoSegment",
               doc: "The sub-segment [start, end) with indices relative to this segment, clipped to it.") { [unowned self] o, a in
            self.value(try self.segment(.host(o), "self").trimmed(start: try self.optionalInt(a[0], "start"), end: try self.optionalInt(a[1], "end")))
        }
        method(t, "frame_iterator", [], returns: "list[ImagePatch]",
               doc: "All frames of the segment as ImagePatches, in order (a list: the language has no generators).") { [unowned self] o, _ in
            let s = try self.segment(.host(o), "self")
            return .makeList(try (0..<s.frameCount).map { self.value(try self.framePatch(s, $0)) })
        }
        method(t, "get_segment_before", [HostParameter("event_frame", "int")], returns: "VideoSegment",
               doc: "The frames before event_frame (exclusive).") { [unowned self] o, a in
            self.value(try self.segment(.host(o), "self").trimmed(start: 0, end: try self.int(a[0], "event_frame")))
        }
        method(t, "get_segment_after", [HostParameter("event_frame", "int")], returns: "VideoSegment",
               doc: "The frames after event_frame (exclusive).") { [unowned self] o, a in
            self.value(try self.segment(.host(o), "self").trimmed(start: try self.int(a[0], "event_frame") + 1, end: nil))
        }
        method(t, "get_segment_between", [HostParameter("start_frame", "int"), HostParameter("end_frame", "int")], returns: "VideoSegment",
               doc: "The frames strictly between start_frame and end_frame.") { [unowned self] o, a in
            self.value(try self.segment(.host(o), "self").trimmed(start: try self.int(a[0], "start_frame") + 1, end: try self.int(a[1], "end_frame")))
        }

        let name = HostParameter("object_name", "str")
        if capabilities.contains(.detect) {
            method(t, "get_first_frame_with", [name], returns: "int | None",
                   doc: "Index of the first frame of the segment showing object_name, or None.") { [unowned self] o, a in
                try self.firstFrame(o, a, reversed: false)
            }
            method(t, "get_last_frame_with", [name], returns: "int | None",
                   doc: "Index of the last frame of the segment showing object_name, or None.") { [unowned self] o, a in
                try self.firstFrame(o, a, reversed: true)
            }
            method(t, "count_over_time", [name], returns: "list[int]", doc: "Number of instances of object_name in each frame.") { [unowned self] o, a in
                let s = try self.segment(.host(o), "self")
                let phrase = try self.string(a[0], "object_name")
                return .makeList(try (0..<s.frameCount).map { .int(Int64(try self.perception.detect(try self.framePatch(s, $0).input, phrase: phrase).count)) })
            }
        }
        if capabilities.contains(.answer) {
            method(t, "get_frames_where", [HostParameter("predicate_question", "str")], returns: "list[int]",
                   doc: "Indices of the frames where the yes/no question is answered yes.") { [unowned self] o, a in
                let s = try self.segment(.host(o), "self")
                let question = try self.string(a[0], "predicate_question")
                return .makeList(try (0..<s.frameCount).filter {
                    try self.perception.answer(try self.framePatch(s, $0).input, question: question).lowercased().hasPrefix("yes")
                }.map { .int(Int64($0)) })
            }
        }
        if capabilities.contains(.caption) {
            method(t, "caption_video", [], returns: "list[str]", doc: "A caption of each frame of the segment.") { [unowned self] o, _ in
                let s = try self.segment(.host(o), "self")
                return .makeList(try (0..<s.frameCount).map { .str(try self.perception.caption(try self.framePatch(s, $0).input)) })
            }
        }
        if controller != nil || capabilities.contains(.videoChoice) {
            method(t, "select_answer", [HostParameter("info", "dict"), HostParameter("question", "str"), HostParameter("possible_answers", "list[str]")],
                   returns: "str", doc: """
                Picks one of possible_answers for the question from the information collected about \
                the segment (the controller model decides\(controller == nil ? "; served by the oracle, which reads the clip's timeline" : "")).
                """) { [unowned self] o, a in
                let s = try self.segment(.host(o), "self")
                let question = try self.string(a[1], "question")
                let options = try self.strings(a[2], "possible_answers")
                guard !options.isEmpty else { throw HostError.valueError("select_answer() got no possible_answers") }
                if let controller = self.controller {
                    return .str(try self.selectWithController(controller, info: a[0].pythonStr, question: question, options: options))
                }
                return .str(try self.perception.chooseForVideo(frames: s.video.frames[s.start..<s.end].map { $0 }, question: question, options: options))
            }
        }
    }

    private func firstFrame(_ o: HostObject, _ a: HostArguments, reversed: Bool) throws -> Value {
        let s = try segment(.host(o), "self")
        let phrase = try string(a[0], "object_name")
        let order = reversed ? Array((0..<s.frameCount).reversed()) : Array(0..<s.frameCount)
        for i in order where !(try perception.detect(try framePatch(s, i).input, phrase: phrase)).isEmpty {
            return .int(Int64(i))
        }
        return .none
    }

    func selectWithController(_ controller: ControllerModel, info: String, question: String, options: [String]) throws -> String {
        let letters = options.indices.map { String(UnicodeScalar(UInt8(65 + $0))) }
        let listed = zip(letters, options).map { "(\($0)) \($1)" }.joined(separator: "\n")
        let prompt = """
            Information collected from the frames of a video:
            \(info)
            Question: \(question)
            Options:
            \(listed)
            Answer with the text of the one right option.
            Answer:
            """
        let reply = try controller.complete(prompt).trimmingCharacters(in: .whitespacesAndNewlines)
        let lowered = reply.lowercased()
        if let exact = options.first(where: { lowered.contains($0.lowercased()) }) { return exact }
        for (letter, option) in zip(letters, options) where reply.hasPrefix("(\(letter))") || reply == letter || reply.hasPrefix("\(letter))") {
            return option
        }
        throw ToolError.backend("select_answer: the controller's reply '\(reply.prefix(80))' names none of the options")
    }
}
