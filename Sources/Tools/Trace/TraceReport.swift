import Foundation
import VLM

/// One self-contained HTML page about a run: the answer (with its boxes drawn into a PNG), the
/// program with each line's host calls and results, and every image looked at with the crops
/// and boxes of each perception request drawn over it (SVG). Images are inline base64 PNGs.
public struct TraceReport {
    public let program: String
    public let path: String
    public let outcome: VisualProgramRun.Outcome
    public let backendDescription: String
    public let isOracle: Bool

    public init(program: String, path: String, outcome: VisualProgramRun.Outcome, backend: PerceptionBackend) {
        self.program = program
        self.path = path
        self.outcome = outcome
        self.backendDescription = "\(backend.kind) (\(backend.modelIdentifier))"
        self.isOracle = backend.isOracle
    }

    /// Writes the page to `htmlPath` and, when the answer has boxes, the answer PNG beside it
    /// (`NAME.answer.png`).
    public func write(to htmlPath: String) throws {
        let answerPNG = try answerImage()
        if let answerPNG {
            let pngPath = URL(fileURLWithPath: htmlPath).deletingPathExtension().path + ".answer.png"
            try Data(answerPNG).write(to: URL(fileURLWithPath: pngPath))
        }
        try Data(html(answerPNG: answerPNG).utf8).write(to: URL(fileURLWithPath: htmlPath))
    }

    /// The first answer box's image with every answer box drawn in red.
    public func answerImage() throws -> [UInt8]? {
        guard let first = outcome.answerBoxes.first else { return nil }
        let boxes = outcome.answerBoxes.filter { $0.0 === first.0 }.map(\.1)
        return try BoxDrawing.draw(boxes, on: try first.0.pixels()).pngData()
    }

    public func html(answerPNG: [UInt8]?) throws -> String {
        var page = """
            <!DOCTYPE html>
            <html><head><meta charset="utf-8"><title>Loupe trace: \(escape(path))</title>
            <style>
            body { margin: 0; font: 13px/1.4 monospace; background: #fff; color: #111; }
            #answer-image { display: block; image-rendering: pixelated; }
            section { padding: 8px 12px; }
            table { border-collapse: collapse; }
            td, th { border-bottom: 1px solid #ddd; padding: 2px 6px; vertical-align: top; text-align: left; }
            .code { white-space: pre; }
            .calls { color: #035; white-space: pre-wrap; padding-left: 2em; font-size: 12px; }
            .error { color: #b00; }
            figure { display: inline-block; margin: 8px; }
            svg text { font: 10px monospace; }
            </style></head><body>

            """
        if let answerPNG {
            page += "<img id=\"answer-image\" alt=\"answer boxes\" src=\"data:image/png;base64,\(Data(answerPNG).base64EncodedString())\">\n"
        }
        page += "<section><h1>Loupe trace</h1>\n"
        page += "<p>program: \(escape(path))<br>perception: \(escape(backendDescription))"
        if isOracle { page += " <b>[ORACLE: answers read from Shapes scene files, not seen by a model]</b>" }
        page += "</p>\n"
        if let answer = outcome.answer {
            page += "<p>answer: <b id=\"answer\">\(escape(answer))</b></p>\n"
        } else if let error = outcome.error {
            page += "<pre class=\"error\">\(escape(error.traceback))</pre>\n"
        }
        page += "</section>\n<section><h2>Program</h2><table>\n"
        let lines = program.split(separator: "\n", omittingEmptySubsequences: false)
        var callsByLine: [Int: [String]] = [:]
        for call in outcome.calls {
            let result = call.error.map { "raised \($0)" } ?? call.result
            let text = "\(call.callee)(\(call.arguments.joined(separator: ", "))) -> \(result)  [\(String(format: "%.1f", call.durationSeconds * 1000)) ms]"
            callsByLine[call.line, default: []].append(text)
        }
        for (i, line) in lines.enumerated() {
            let calls = callsByLine[i + 1] ?? []
            page += "<tr><td>\(i + 1)</td><td><div class=\"code\">\(escape(String(line)))</div>"
            if !calls.isEmpty { page += "<div class=\"calls\">\(escape(calls.joined(separator: "\n")))</div>" }
            page += "</td></tr>\n"
        }
        page += "</table></section>\n"
        page += try looksSection()
        page += "</body></html>\n"
        return page
    }

    private func looksSection() throws -> String {
        guard !outcome.looks.isEmpty else { return "<section><h2>Perception</h2><p>no perception requests</p></section>\n" }
        var order: [ObjectIdentifier] = []
        var grouped: [ObjectIdentifier: [(Int, ToolTrace.Look)]] = [:]
        for (i, look) in outcome.looks.enumerated() {
            let key = ObjectIdentifier(look.image)
            if grouped[key] == nil { order.append(key) }
            grouped[key, default: []].append((i + 1, look))
        }
        var out = "<section><h2>Perception</h2>\n"
        let palette = ["#e6194b", "#3cb44b", "#4363d8", "#f58231", "#911eb4", "#008080", "#9a6324"]
        for key in order {
            let looks = grouped[key]!
            let image = looks[0].1.image
            let pixels = try image.pixels()
            let png = Data(try pixels.pngData()).base64EncodedString()
            out += "<figure><svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(pixels.width)\" height=\"\(pixels.height)\" viewBox=\"0 0 \(pixels.width) \(pixels.height)\">\n"
            out += "<image href=\"data:image/png;base64,\(png)\" width=\"\(pixels.width)\" height=\"\(pixels.height)\"/>\n"
            for (number, look) in looks {
                let color = palette[number % palette.count]
                let r = look.region
                if r != BoundingBox.whole(width: pixels.width, height: pixels.height) {
                    out += "<rect x=\"\(r.xMin)\" y=\"\(r.yMin)\" width=\"\(r.width)\" height=\"\(r.height)\" fill=\"none\" stroke=\"\(color)\" stroke-dasharray=\"3 2\"/>\n"
                }
                for b in look.boxes {
                    // A white halo keeps the box visible on an object of the box's own color.
                    let rect = "x=\"\(b.xMin)\" y=\"\(b.yMin)\" width=\"\(b.width)\" height=\"\(b.height)\" fill=\"none\""
                    out += "<rect \(rect) stroke=\"#fff\" stroke-width=\"4\"/><rect \(rect) stroke=\"\(color)\" stroke-width=\"2\"/>"
                    out += "<text x=\"\(b.xMin + 2)\" y=\"\(b.yMin + 10)\" fill=\"\(color)\">\(number)</text>\n"
                }
            }
            out += "</svg><figcaption>\(escape(image.name))</figcaption></figure>\n"
        }
        out += "<table><tr><th>#</th><th>line</th><th>request</th><th>crop</th><th>boxes</th><th>result</th><th>cache</th><th>ms</th></tr>\n"
        for (i, look) in outcome.looks.enumerated() {
            let line = look.hostCall >= 0 && look.hostCall < outcome.calls.count ? String(outcome.calls[look.hostCall].line) : "?"
            out += "<tr><td>\(i + 1)</td><td>\(line)</td><td>\(escape(look.request))</td><td>\(look.region.json)</td>"
            out += "<td>\(escape(look.boxes.map(\.json).joined(separator: " ")))</td><td>\(escape(look.result))</td>"
            out += "<td>\(look.cached ? "hit" : "miss")</td><td>\(String(format: "%.1f", look.durationSeconds * 1000))</td></tr>\n"
        }
        return out + "</table></section>\n"
    }

    private func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
