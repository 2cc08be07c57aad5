import Foundation

extension DatasetReader {
    /// RefCOCO/+/g flattened to JSON lines, one referred object a line: `ref_id`, `file_name`
    /// (or `image`; under `images/` of the media root), `bbox` as COCO's `[x, y, width, height]`,
    /// `sentences` (strings, or objects with `sent` as in refs(unc).p) or one `sentence`, and
    /// `split` (val, testA, testB) as the family. Each sentence is one question, id
    /// `<ref_id>-<k>`; a one-sentence line keeps the plain `ref_id`.
    func readRefCOCO(_ text: String, into dataset: inout Dataset) {
        forEachJSONLine(text, into: &dataset) { line, object in
            let refID = try self.id(object, ["ref_id", "id"])
            guard let file = object["file_name"] as? String ?? object["image"] as? String else {
                throw FieldError("missing string \"file_name\" (or \"image\")")
            }
            let xywh = try numbers(object["bbox"], count: 4, field: "bbox")
            guard xywh[2] > 0, xywh[3] > 0 else { throw FieldError("bbox [x, y, width, height] has a non-positive size") }
            let box = [xywh[0], xywh[1], xywh[0] + xywh[2], xywh[1] + xywh[3]]
            var sentences: [String] = []
            if let list = object["sentences"] as? [Any] {
                sentences = list.compactMap { ($0 as? String) ?? (($0 as? [String: Any])?["sent"] as? String) }
            } else if let one = object["sentence"] as? String {
                sentences = [one]
            }
            sentences = sentences.filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
            guard !sentences.isEmpty else { throw FieldError("no referring expression (\"sentences\" or \"sentence\")") }
            let family = (object["split"] as? String) ?? "refcoco"
            let path = media(file.contains("/") ? file : "images/" + file)
            return sentences.enumerated().map { k, sentence in
                EvalItem(id: sentences.count == 1 ? refID : "\(refID)-\(k)", family: family, question: sentence,
                         media: .image(path: path), truth: .box(box), options: [], program: nil, line: line)
            }
        }
    }
}
