/// Questions about still scenes, one generator per family. Every answer is computed from the scene
/// (never by running the program), and a draft is only returned when exactly one answer is right:
/// referred objects are unique, side relations clear their margin, orders and distances have gaps.
enum ImageQuestions {
    static let ordinals = ["first", "second", "third", "fourth"]
    /// Minimum gap, in pixels, between consecutive centres for left-to-right orders.
    static let orderMarginPixels = 8
    /// Minimum lead, in pixels, of the closest (farthest) object over the runner-up.
    static let distanceMarginPixels = 8.0
    /// The largest (smallest) box area must beat the runner-up by this factor.
    static let areaRatio = 1.3

    /// Scene requirements that make each family likely to find a valid question.
    static func scene(for family: QuestionFamily, _ rng: inout SplitMix64) -> Scene {
        switch family {
        case .readText: return SceneGenerator.scene(&rng, objectCount: 3...8, labels: true)
        case .ordinal: return SceneGenerator.scene(&rng, objectCount: 3...6, labels: rng.chance(1, in: 4))
        case .closestFarthest, .multiStep, .grounding, .relationalCount:
            return SceneGenerator.scene(&rng, objectCount: 4...10, labels: rng.chance(1, in: 4))
        default: return SceneGenerator.scene(&rng, labels: rng.chance(1, in: 4))
        }
    }

    static func draft(_ family: QuestionFamily, scene: Scene, _ rng: inout SplitMix64) -> QuestionDraft? {
        switch family {
        case .exist: return exist(scene.objects, &rng)
        case .count: return count(scene.objects, &rng)
        case .queryAttribute: return queryAttribute(scene.objects, &rng)
        case .compareCounts: return compareCounts(scene.objects, &rng)
        case .spatialRelation: return spatialRelation(scene.objects, &rng)
        case .relationalCount: return relationalCount(scene.objects, &rng)
        case .ordinal: return ordinal(scene.objects, &rng)
        case .closestFarthest: return closestFarthest(scene.objects, &rng)
        case .multiStep: return multiStep(scene.objects, &rng)
        case .grounding: return grounding(scene.objects, &rng)
        case .readText: return readText(scene.objects, &rng)
        case .videoOrder, .videoBeforeAfter, .videoCount, .videoMultipleChoice: return nil
        }
    }

    // MARK: - Families

    static func exist(_ objects: [SceneObject], _ rng: inout SplitMix64) -> QuestionDraft? {
        var descriptor: Descriptor
        if rng.chance(1, in: 2) {
            let object = rng.pick(objects)
            descriptor = Descriptor(color: object.color, shape: object.shape)
            if rng.chance(1, in: 3) { descriptor.size = object.size }
        } else {
            descriptor = Descriptor(color: rng.pick(ShapeColor.allCases), shape: rng.pick(ShapeKind.allCases))
            if rng.chance(1, in: 3) { descriptor.size = rng.pick(SizeClass.allCases) }
        }
        let present = descriptor.count(in: objects) > 0
        return QuestionDraft(
            question: "Is there \(article(descriptor.phrase)) \(descriptor.phrase)?",
            answer: .bool(present), answerType: .bool,
            program: imageProgram(["return bool_to_yesno(image_patch.exists(\(pythonString(descriptor.phrase))))"]))
    }

    static func count(_ objects: [SceneObject], _ rng: inout SplitMix64) -> QuestionDraft? {
        let object = rng.pick(objects)
        let color = rng.chance(4, in: 5) ? object.color : rng.pick(ShapeColor.allCases)
        let shape = rng.chance(4, in: 5) ? object.shape : rng.pick(ShapeKind.allCases)
        let descriptor = rng.pick([
            Descriptor(color: color), Descriptor(shape: shape), Descriptor(color: color, shape: shape),
            Descriptor(size: object.size, shape: shape),
        ])
        return QuestionDraft(
            question: "How many \(descriptor.pluralPhrase) are there?",
            answer: .int(descriptor.count(in: objects)), answerType: .number,
            program: imageProgram(["return len(image_patch.find(\(pythonString(descriptor.phrase))))"]))
    }

    static func queryAttribute(_ objects: [SceneObject], _ rng: inout SplitMix64) -> QuestionDraft? {
        let attribute = rng.pick(Attribute.allCases)
        let object = rng.pick(objects)
        let names = Descriptor.unique(for: object, in: objects, omitting: attribute)
        guard !names.isEmpty else { return nil }
        let name = rng.pick(names)
        let question = "What \(attribute.rawValue) is the \(name.phrase)?"
        return QuestionDraft(
            question: question, answer: .string(attribute.value(of: object)), answerType: .string,
            program: imageProgram([
                "\(name.variable)_patch = image_patch.find(\(pythonString(name.phrase)))[0]",
                "return \(name.variable)_patch.simple_query(\(pythonString(question)))",
            ]))
    }

    static func compareCounts(_ objects: [SceneObject], _ rng: inout SplitMix64) -> QuestionDraft? {
        let first: Descriptor, second: Descriptor
        if rng.chance(1, in: 2) {
            let shapes = rng.shuffled(ShapeKind.allCases)
            first = Descriptor(shape: shapes[0])
            second = Descriptor(shape: shapes[1])
        } else {
            let colors = rng.shuffled(ShapeColor.allCases)
            first = Descriptor(color: colors[0])
            second = Descriptor(color: colors[1])
        }
        let a = first.count(in: objects), b = second.count(in: objects)
        guard a + b > 0 else { return nil }
        let comparison = rng.int(in: 0...2)
        let question: String, answer: Bool, test: String
        let left = "len(\(first.variable)_patches)", right = "len(\(second.variable)_patches)"
        switch comparison {
        case 0:
            question = "Are there more \(first.pluralPhrase) than \(second.pluralPhrase)?"
            answer = a > b
            test = "\(left) > \(right)"
        case 1:
            question = "Are there fewer \(first.pluralPhrase) than \(second.pluralPhrase)?"
            answer = a < b
            test = "\(left) < \(right)"
        default:
            question = "Are there as many \(first.pluralPhrase) as \(second.pluralPhrase)?"
            answer = a == b
            test = "\(left) == \(right)"
        }
        return QuestionDraft(
            question: question, answer: .bool(answer), answerType: .bool,
            program: imageProgram([
                "\(first.variable)_patches = image_patch.find(\(pythonString(first.phrase)))",
                "\(second.variable)_patches = image_patch.find(\(pythonString(second.phrase)))",
                "return bool_to_yesno(\(test))",
            ]))
    }

    static func spatialRelation(_ objects: [SceneObject], _ rng: inout SplitMix64) -> QuestionDraft? {
        guard objects.count >= 2 else { return nil }
        let pair = rng.shuffled(Array(objects.indices)).prefix(2).map { objects[$0] }
        let names = pair.map { Descriptor.unique(for: $0, in: objects) }
        guard !names[0].isEmpty, !names[1].isEmpty else { return nil }
        let subject = rng.pick(names[0]), anchor = rng.pick(names[1])
        let side = rng.pick(Side.allCases)
        guard let holds = side.holds(pair[0].box, of: pair[1].box) else { return nil }
        return QuestionDraft(
            question: "Is the \(subject.phrase) \(side.relation) the \(anchor.phrase)?",
            answer: .bool(holds), answerType: .bool,
            program: imageProgram([
                "\(subject.variable)_patch = image_patch.find(\(pythonString(subject.phrase)))[0]",
                "\(anchor.variable)_patch = image_patch.find(\(pythonString(anchor.phrase)))[0]",
                "return bool_to_yesno(\(side.condition(subject.variable + "_patch", anchor.variable + "_patch")))",
            ]))
    }

    static func relationalCount(_ objects: [SceneObject], _ rng: inout SplitMix64) -> QuestionDraft? {
        let anchorObject = rng.pick(objects)
        let anchorNames = Descriptor.unique(for: anchorObject, in: objects)
        guard !anchorNames.isEmpty else { return nil }
        let anchor = rng.pick(anchorNames)
        let example = rng.pick(objects)
        let target = rng.pick([Descriptor(shape: example.shape), Descriptor(color: example.color),
                               Descriptor(color: example.color, shape: example.shape)])
        // "How many green stars are right of the green star?" would be empty by construction.
        guard target != anchor, objects.contains(where: { $0.id != anchorObject.id && target.matches($0) }) else { return nil }
        let side = rng.pick(Side.allCases)
        var count = 0
        for object in objects where object.id != anchorObject.id && target.matches(object) {
            guard let holds = side.holds(object.box, of: anchorObject.box) else { return nil }
            if holds { count += 1 }
        }
        let anchorVariable = anchor.variable + "_patch"
        return QuestionDraft(
            question: "How many \(target.pluralPhrase) are \(side.relation) the \(anchor.phrase)?",
            answer: .int(count), answerType: .number,
            program: imageProgram([
                "\(anchorVariable) = image_patch.find(\(pythonString(anchor.phrase)))[0]",
                "\(target.variable)_patches = image_patch.find(\(pythonString(target.phrase)))",
                "return len([patch for patch in \(target.variable)_patches if \(side.condition("patch", anchorVariable))])",
            ]))
    }

    static func ordinal(_ objects: [SceneObject], _ rng: inout SplitMix64) -> QuestionDraft? {
        let sorted = objects.sorted { $0.box.doubledCenterX < $1.box.doubledCenterX }
        for (a, b) in zip(sorted, sorted.dropFirst())
        where b.box.doubledCenterX - a.box.doubledCenterX < 2 * orderMarginPixels {
            return nil
        }
        let attribute = rng.pick(Attribute.allCases)
        let valueQuestion = "What \(attribute.rawValue) is this object?"
        if sorted.count % 2 == 1 && sorted.count >= 3 && rng.chance(1, in: 3) {
            let middle = sorted[sorted.count / 2]
            return QuestionDraft(
                question: "What \(attribute.rawValue) is the middle object?",
                answer: .string(attribute.value(of: middle)), answerType: .string,
                program: imageProgram([
                    "middle_patch = get_middle_patch(image_patch.find(\"object\"))",
                    "return middle_patch.simple_query(\(pythonString(valueQuestion)))",
                ]))
        }
        let position = rng.int(in: 0...(min(sorted.count, ordinals.count) - 1))
        let fromLeft = rng.chance(1, in: 2)
        let object = fromLeft ? sorted[position] : sorted[sorted.count - 1 - position]
        return QuestionDraft(
            question: "What \(attribute.rawValue) is the \(ordinals[position]) object from the \(fromLeft ? "left" : "right")?",
            answer: .string(attribute.value(of: object)), answerType: .string,
            program: imageProgram([
                "object_patches = get_sorted_patches_left_to_right(image_patch.find(\"object\"))",
                "return object_patches[\(fromLeft ? String(position) : String(-1 - position))].simple_query(\(pythonString(valueQuestion)))",
            ]))
    }

    static func closestFarthest(_ objects: [SceneObject], _ rng: inout SplitMix64) -> QuestionDraft? {
        let anchorObject = rng.pick(objects)
        let anchorNames = Descriptor.unique(for: anchorObject, in: objects)
        let others = objects.filter { $0.id != anchorObject.id }
        guard !anchorNames.isEmpty, others.count >= 2 else { return nil }
        let anchor = rng.pick(anchorNames)
        let closest = rng.chance(1, in: 2)
        // Both the edge gap (ViperGPT's `distance`) and the centre distance must pick the same
        // object with a clear lead, so the answer does not depend on how distance is defined.
        func winner(_ measure: (SceneObject) -> Double) -> SceneObject? {
            let ranked = others.sorted { closest ? measure($0) < measure($1) : measure($0) > measure($1) }
            guard abs(measure(ranked[0]) - measure(ranked[1])) >= distanceMarginPixels else { return nil }
            return ranked[0]
        }
        guard let byEdges = winner({ $0.box.edgeGap(to: anchorObject.box) }),
              let byCenters = winner({ $0.box.centerDistance(to: anchorObject.box) }),
              byEdges.id == byCenters.id else { return nil }
        let attribute = rng.pick(Attribute.allCases)
        let anchorVariable = anchor.variable + "_patch"
        let routine = closest ? "get_patch_closest_to_anchor_object" : "get_patch_farthest_to_anchor_object"
        let chosen = closest ? "closest_patch" : "farthest_patch"
        return QuestionDraft(
            question: "What \(attribute.rawValue) is the object \(closest ? "closest to" : "farthest from") the \(anchor.phrase)?",
            answer: .string(attribute.value(of: byEdges)), answerType: .string,
            program: imageProgram([
                "\(anchorVariable) = image_patch.find(\(pythonString(anchor.phrase)))[0]",
                "other_patches = [patch for patch in image_patch.find(\"object\") if distance(patch, \(anchorVariable)) > 0]",
                "\(chosen) = \(routine)(other_patches, \(anchorVariable))",
                "return \(chosen).simple_query(\(pythonString("What \(attribute.rawValue) is this object?")))",
            ]))
    }

    static func multiStep(_ objects: [SceneObject], _ rng: inout SplitMix64) -> QuestionDraft? {
        let anchorObject = rng.pick(objects)
        let anchorNames = Descriptor.unique(for: anchorObject, in: objects)
        guard !anchorNames.isEmpty else { return nil }
        let anchor = rng.pick(anchorNames)
        let side = rng.pick(Side.allCases)
        var candidates = [SceneObject]()
        for object in objects where object.id != anchorObject.id {
            guard let holds = side.holds(object.box, of: anchorObject.box) else { return nil }
            if holds { candidates.append(object) }
        }
        guard candidates.count >= 2 else { return nil }
        let largest = rng.chance(1, in: 2)
        let ranked = candidates.sorted { largest ? $0.box.area > $1.box.area : $0.box.area < $1.box.area }
        let (big, small) = largest ? (ranked[0].box.area, ranked[1].box.area) : (ranked[1].box.area, ranked[0].box.area)
        guard Double(big) >= areaRatio * Double(small) else { return nil }
        let attribute = rng.pick(Attribute.allCases)
        let anchorVariable = anchor.variable + "_patch"
        let sideVariable = "\(side)_patches"
        let chosen = largest ? "largest_patch" : "smallest_patch"
        return QuestionDraft(
            question: "What \(attribute.rawValue) is the \(largest ? "largest" : "smallest") object \(side.relation) the \(anchor.phrase)?",
            answer: .string(attribute.value(of: ranked[0])), answerType: .string,
            program: imageProgram([
                "\(anchorVariable) = image_patch.find(\(pythonString(anchor.phrase)))[0]",
                "\(sideVariable) = [patch for patch in image_patch.find(\"object\") if \(side.condition("patch", anchorVariable))]",
                "\(chosen) = \(largest ? "get_largest_patch" : "get_smallest_patch")(\(sideVariable))",
                "return \(chosen).simple_query(\(pythonString("What \(attribute.rawValue) is this object?")))",
            ]))
    }

    static func grounding(_ objects: [SceneObject], _ rng: inout SplitMix64) -> QuestionDraft? {
        let example = rng.pick(objects)
        let target = rng.pick([Descriptor(shape: example.shape), Descriptor(color: example.color, shape: example.shape),
                               Descriptor(size: example.size, shape: example.shape)])
        let anchorObject = rng.pick(objects)
        let anchorNames = Descriptor.unique(for: anchorObject, in: objects)
        guard anchorObject.id != example.id, !anchorNames.isEmpty else { return nil }
        let anchor = rng.pick(anchorNames)
        let side = rng.pick(Side.allCases)
        let members = objects.filter { $0.id != anchorObject.id && target.matches($0) }
        guard members.count >= 2 else { return nil }
        var matching = [SceneObject]()
        for member in members {
            guard let holds = side.holds(member.box, of: anchorObject.box) else { return nil }
            if holds { matching.append(member) }
        }
        guard matching.count == 1 else { return nil }
        let anchorVariable = anchor.variable + "_patch"
        return QuestionDraft(
            question: "the \(target.phrase) \(side.referringRelation) the \(anchor.phrase)",
            answer: matching[0].box.json, answerType: .box,
            program: imageProgram([
                "\(anchorVariable) = image_patch.find(\(pythonString(anchor.phrase)))[0]",
                "\(target.variable)_patches = [patch for patch in image_patch.find(\(pythonString(target.phrase))) if \(side.condition("patch", anchorVariable))]",
                "return \(target.variable)_patches[0]",
            ]))
    }

    static func readText(_ objects: [SceneObject], _ rng: inout SplitMix64) -> QuestionDraft? {
        let labeled = objects.filter { $0.label != nil }
        guard !labeled.isEmpty else { return nil }
        let object = rng.pick(labeled)
        let names = Descriptor.unique(for: object, in: objects)
        guard !names.isEmpty, let label = object.label else { return nil }
        let name = rng.pick(names)
        let question = "What is written on the \(name.phrase)?"
        return QuestionDraft(
            question: question, answer: .string(label), answerType: .string,
            program: imageProgram([
                "\(name.variable)_patch = image_patch.find(\(pythonString(name.phrase)))[0]",
                "return \(name.variable)_patch.simple_query(\(pythonString(question)))",
            ]))
    }

    static func article(_ phrase: String) -> String {
        guard let first = phrase.first else { return "a" }
        return "aeiou".contains(first) ? "an" : "a"
    }
}
