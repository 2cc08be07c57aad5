/// Questions about clips, one generator per video family, answered from the timeline.
enum VideoQuestions {
    /// Behaviors the first objects of a clip need for `family` to have a question.
    static func requiredBehaviors(_ family: QuestionFamily, _ rng: inout SplitMix64) -> [Behavior] {
        switch family {
        case .videoOrder: return rng.chance(1, in: 2) ? [.enter, .enter] : [.stay, .enter]
        case .videoBeforeAfter: return [.moveAndChangeColor]
        case .videoCount: return [rng.pick([Behavior.enter, .leave])]
        default: return [rng.pick([Behavior.enter, .leave, .move, .changeColor])]
        }
    }

    static func draft(_ family: QuestionFamily, video: Video, _ rng: inout SplitMix64) -> QuestionDraft? {
        switch family {
        case .videoOrder: return order(video, &rng)
        case .videoBeforeAfter: return beforeAfter(video, &rng)
        case .videoCount: return count(video, &rng)
        case .videoMultipleChoice: return multipleChoice(video, &rng)
        default: return nil
        }
    }

    /// "color shape" names `object` alone if no object ever shows that color and shape, and the
    /// object itself never changes color.
    static func stableName(_ object: VideoObject, in video: Video) -> Descriptor? {
        guard object.colorChange == nil else { return nil }
        let name = Descriptor(color: object.color, shape: object.shape)
        let holders = video.objects.filter { other in
            other.appearances.contains { name.matches(shape: $0.1, color: $0.0, size: $0.2) }
        }
        return holders.count == 1 ? name : nil
    }

    static func order(_ video: Video, _ rng: inout SplitMix64) -> QuestionDraft? {
        let named = video.objects.compactMap { object in stableName(object, in: video).map { (object, $0) } }
        var pairs = [((VideoObject, Descriptor), (VideoObject, Descriptor))]()
        for (i, a) in named.enumerated() {
            for b in named[(i + 1)...] where abs(a.0.enter - b.0.enter) >= 2 && max(a.0.enter, b.0.enter) > 0 {
                pairs.append((a, b))
            }
        }
        guard !pairs.isEmpty else { return nil }
        var (first, second) = rng.pick(pairs)
        if rng.chance(1, in: 2) { swap(&first, &second) }
        let earlier = first.0.enter < second.0.enter ? first.1 : second.1
        let a = first.1, b = second.1
        return QuestionDraft(
            question: "Which appears first, the \(a.phrase) or the \(b.phrase)?",
            answer: .string(earlier.phrase), answerType: .string,
            program: videoProgram([
                "\(a.variable)_frame = video_segment.get_first_frame_with(\(pythonString(a.phrase)))",
                "\(b.variable)_frame = video_segment.get_first_frame_with(\(pythonString(b.phrase)))",
                "if \(a.variable)_frame < \(b.variable)_frame:",
                "    return \(pythonString(a.phrase))",
                "return \(pythonString(b.phrase))",
            ]))
    }

    static func beforeAfter(_ video: Video, _ rng: inout SplitMix64) -> QuestionDraft? {
        guard let mover = video.objects.first, let motion = mover.motion, mover.colorChange != nil,
              video.objects.filter({ $0.shape == mover.shape }).count == 1 else { return nil }
        let shape = mover.shape.rawValue
        let after = rng.chance(1, in: 2)
        let answer = mover.color(at: after ? motion.end : motion.start)
        let frameLine = after
            ? "chosen_frame = video_segment.frame_from_index(moving_indices[-1])"
            : "chosen_frame = video_segment.frame_from_index(moving_indices[0] - 1)"
        return QuestionDraft(
            question: "What color is the \(shape) \(after ? "after it stops moving" : "before it starts moving")?",
            answer: .string(answer.rawValue), answerType: .string,
            program: videoProgram([
                "centers = []",
                "for index in range(video_segment.num_frames):",
                "    \(shape)_patch = video_segment.frame_from_index(index).find(\(pythonString(shape)))[0]",
                "    centers.append((\(shape)_patch.horizontal_center, \(shape)_patch.vertical_center))",
                "moving_indices = [index for index in range(1, len(centers)) if centers[index] != centers[index - 1]]",
                frameLine,
                "return chosen_frame.find(\(pythonString(shape)))[0].simple_query(\(pythonString("What color is the \(shape)?")))",
            ]))
    }

    static func count(_ video: Video, _ rng: inout SplitMix64) -> QuestionDraft? {
        let atEnd = rng.chance(2, in: 3)
        let frame = atEnd ? Video.frameCount - 1 : 0
        let visible = video.objects.filter { $0.isVisible(at: frame) }
        let descriptor = rng.chance(1, in: 3) ? Descriptor(color: rng.pick(visible.isEmpty ? video.objects : visible).color(at: frame))
                                              : Descriptor()
        let matching = visible.filter { descriptor.matches(shape: $0.shape, color: $0.color(at: frame), size: $0.size) }
        let frameExpression = atEnd ? "video_segment.num_frames - 1" : "0"
        return QuestionDraft(
            question: "How many \(descriptor.pluralPhrase) are in the scene at the \(atEnd ? "end" : "start")?",
            answer: .int(matching.count), answerType: .number,
            program: videoProgram([
                "frame = video_segment.frame_from_index(\(frameExpression))",
                "return len(frame.find(\(pythonString(descriptor.phrase))))",
            ]))
    }

    static func multipleChoice(_ video: Video, _ rng: inout SplitMix64) -> QuestionDraft? {
        guard let target = video.objects.first else { return nil }
        let name = Descriptor(color: target.color, shape: target.shape)
        let holders = video.objects.filter { other in
            other.appearances.contains { name.matches(shape: $0.1, color: $0.0, size: $0.2) }
        }
        guard holders.count == 1 else { return nil }
        let correct: String
        if target.enter > 0 {
            correct = "it enters the scene"
        } else if target.leave != nil {
            correct = "it leaves the scene"
        } else if let motion = target.motion {
            let dx = motion.toX - target.startX, dy = motion.toY - target.startY
            correct = abs(dx) > abs(dy) ? (dx < 0 ? Direction.left : .right).phrase : (dy < 0 ? Direction.up : .down).phrase
        } else if let change = target.colorChange {
            correct = "it turns \(change.color.rawValue)"
        } else {
            return nil
        }
        let pool = ["it enters the scene", "it leaves the scene"] + Direction.allCases.map(\.phrase)
            + ShapeColor.allCases.filter { $0 != target.color }.map { "it turns \($0.rawValue)" }
        let distractors = rng.shuffled(pool.filter { $0 != correct }).prefix(4)
        let options = rng.shuffled([correct] + distractors)
        let question = "What happens to the \(name.phrase)?"
        return QuestionDraft(
            question: question, answer: .string(correct), answerType: .choice,
            program: videoProgram([
                "info = {}",
                "for index in range(video_segment.num_frames):",
                "    info[f\"frame {index}\"] = video_segment.frame_from_index(index).caption()",
                "return video_segment.select_answer(info, question, possible_answers)",
            ]),
            options: options)
    }
}
