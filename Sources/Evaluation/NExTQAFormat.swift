import Foundation

extension DatasetReader {
    /// NExT-QA's multiple-choice CSV (`val.csv`, `test.csv`): `video,frame_count,width,height,
    /// question,answer,qid,type,a0,a1,a2,a3,a4`, where `answer` is the index of the right option
    /// and `type` (CW, CH, TN, TC, DL, DC, DO) is the family. The clip is `videos/<video>` under
    /// the media root: a folder of frames if there is one, else `videos/<video>.mp4`.
    func readNExTQA(_ text: String, into dataset: inout Dataset) {
        let rows = CSV.rows(text)
        guard let header = rows.first else { return }
        let columns = Dictionary(header.fields.enumerated().map { ($1.trimmingCharacters(in: .whitespaces), $0) }, uniquingKeysWith: { a, _ in a })
        let required = ["video", "question", "answer", "qid", "type", "a0", "a1", "a2", "a3", "a4"]
        let missing = required.filter { columns[$0] == nil }
        guard missing.isEmpty else {
            dataset.problems.append(problem(line: header.line, id: nil, "the header lacks column(s) \(missing.joined(separator: ", "))"))
            return
        }
        for row in rows.dropFirst() {
            if row.fields.allSatisfy({ $0.trimmingCharacters(in: .whitespaces).isEmpty }) { continue }
            func field(_ name: String) -> String? {
                let i = columns[name]!
                return i < row.fields.count ? row.fields[i] : nil
            }
            let id = field("video").flatMap { v in field("qid").map { "\(v)_\($0)" } }
            collect(line: row.line, id: id, into: &dataset) {
                guard row.fields.count >= header.fields.count else {
                    throw FieldError("has \(row.fields.count) fields, the header has \(header.fields.count)")
                }
                let video = field("video")!, qid = field("qid")!
                guard !video.isEmpty, !qid.isEmpty else { throw FieldError("empty video or qid") }
                let options = (0..<5).map { field("a\($0)")! }
                guard let index = Int(field("answer")!.trimmingCharacters(in: .whitespaces)), options.indices.contains(index) else {
                    throw FieldError("answer '\(field("answer")!)' is not an option index 0-4")
                }
                let folder = media("videos/" + video)
                var isDirectory: ObjCBool = false
                let path = FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory) && isDirectory.boolValue
                    ? folder : media("videos/\(video).mp4")
                return [EvalItem(id: "\(video)_\(qid)", family: field("type")!, question: field("question")!,
                                 media: .video(path: path, framesPerSecond: nil), truth: .choice(index: index, text: options[index]),
                                 options: options, program: nil, line: row.line)]
            }
        }
    }
}

/// RFC 4180 CSV: quoted fields may hold commas, doubled quotes and line breaks.
enum CSV {
    struct Row {
        /// 1-based line where the row starts.
        var line: Int
        var fields: [String]
    }

    static func rows(_ text: String) -> [Row] {
        var rows: [Row] = []
        var fields: [String] = []
        var field = ""
        var quoted = false
        var line = 1
        var rowStart = 1
        var characters = Array(text.replacingOccurrences(of: "\r\n", with: "\n"))
        if characters.last != "\n" { characters.append("\n") }
        var i = 0
        while i < characters.count {
            let c = characters[i]
            if quoted {
                if c == "\"" {
                    if i + 1 < characters.count, characters[i + 1] == "\"" { field.append("\""); i += 1 } else { quoted = false }
                } else {
                    if c == "\n" { line += 1 }
                    field.append(c)
                }
            } else if c == "\"" && field.isEmpty {
                quoted = true
            } else if c == "," {
                fields.append(field); field = ""
            } else if c == "\n" {
                fields.append(field); field = ""
                rows.append(Row(line: rowStart, fields: fields))
                fields = []
                line += 1
                rowStart = line
            } else {
                field.append(c)
            }
            i += 1
        }
        return rows
    }
}
