import Foundation

extension DatasetReader {
    /// GQA questions (`testdev_balanced_questions.json` and friends): either the official JSON
    /// object keyed by question id, or one object a line with `questionId`. Fields read:
    /// `imageId` (the image is `images/<imageId>.jpg` under the media root), `question`,
    /// `answer`, and `types.structural` (verify, query, choose, logical, compare) as the family.
    func readGQA(_ text: String, into dataset: inout Dataset) {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.hasPrefix("{"), !trimmed.contains("\n{"),
           let whole = (try? JSONSerialization.jsonObject(with: Data(trimmed.utf8))) as? [String: Any],
           whole.values.allSatisfy({ $0 is [String: Any] }), whole["question"] == nil {
            let ids = whole.keys.sorted { a, b in
                if let x = Int64(a), let y = Int64(b) { return x < y }
                return a < b
            }
            for id in ids {
                let entry = whole[id] as! [String: Any]
                collect(line: 0, id: id, into: &dataset) { [try gqaItem(id: id, entry, line: 0)] }
            }
            return
        }
        forEachJSONLine(text, into: &dataset) { line, object in
            [try gqaItem(id: try self.id(object, ["questionId", "question_id", "id"]), object, line: line)]
        }
    }

    private func gqaItem(id: String, _ entry: [String: Any], line: Int) throws -> EvalItem {
        guard let imageID = Self.idText(entry["imageId"]) else { throw FieldError("missing field \"imageId\"") }
        let question = try string(entry, "question")
        let answer = try string(entry, "answer")
        let family = ((entry["types"] as? [String: Any])?["structural"] as? String) ?? "all"
        let file = imageID.contains(".") ? imageID : imageID + ".jpg"
        return EvalItem(id: id, family: family, question: question, media: .image(path: media("images/" + file)),
                        truth: .text(answer), options: [], program: nil, line: line)
    }
}
