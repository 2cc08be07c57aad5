import Foundation

/// One self-contained HTML page (inline CSS, no scripts or external files): the per-family table
/// and, per question, the program, answer, ground truth, errors and a link to its trace.
public enum HTMLReport {
    /// `linkBase`: the report's folder; trace links under it are written relative to it.
    public static func render(_ records: [ResultRecord], title: String, linkBase: String? = nil) -> String {
        let summary = Summary(records)
        var html = """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>\(escape(title))</title>
            <style>
            body{font-family:system-ui,sans-serif;margin:1.5em;color:#222}
            table{border-collapse:collapse;margin-bottom:1.5em}
            td,th{border:1px solid #ccc;padding:3px 7px;vertical-align:top;text-align:left}
            th{background:#f2f2f2}
            td.n{text-align:right;font-variant-numeric:tabular-nums}
            tr.right td.mark{color:#176f2c}
            tr.wrong td.mark{color:#b3261e}
            pre{margin:0;font-size:12px;white-space:pre-wrap;max-width:60em}
            .note{color:#8a5a00}
            </style></head><body>
            <h1>\(escape(title))</h1>

            """
        if summary.usesOracle {
            html += "<p class=\"note\">Perception: <b>oracle</b> (answers read from the Shapes world's ground truth, not from pixels).</p>\n"
        }
        html += "<table><tr><th>family</th><th>metric</th><th>n</th><th>correct</th><th>accuracy</th><th>errors</th><th>fallbacks</th></tr>\n"
        for row in summary.rows + [summary.total] {
            html += "<tr><td>\(escape(row.family))</td><td>\(escape(row.metric))</td><td class=\"n\">\(row.count)</td>"
            html += "<td class=\"n\">\(row.correct)</td><td class=\"n\">\(String(format: "%.2f%%", row.accuracy * 100))</td>"
            html += "<td class=\"n\">\(row.errors)</td><td class=\"n\">\(row.fallbacks)</td></tr>\n"
        }
        html += "</table>\n<table><tr><th></th><th>id</th><th>family</th><th>question</th><th>program</th><th>answer</th><th>ground truth</th><th>notes</th></tr>\n"
        for r in records {
            var notes: [String] = []
            if r.fallback { notes.append("<b>fallback</b> (direct query, no program)") }
            if r.attempts > 1 { notes.append("\(r.attempts) attempts") }
            if let iou = r.iou { notes.append(String(format: "IoU %.2f", iou)) }
            if let error = r.error { notes.append("<pre>\(escape(error))</pre>") }
            if let trace = r.trace { notes.append("<a href=\"\(escape(link(trace, base: linkBase)))\">trace</a>") }
            html += "<tr class=\"\(r.correct ? "right" : "wrong")\"><td class=\"mark\">\(r.correct ? "&#10003;" : "&#10007;")</td>"
            html += "<td>\(escape(r.id))</td><td>\(escape(r.family))</td><td>\(escape(r.question))"
            if let options = r.options { html += "<br><small>options: \(escape(options.joined(separator: " | ")))</small>" }
            html += "</td><td><pre>\(escape(r.program ?? ""))</pre></td><td>\(escape(r.answer ?? "—"))</td>"
            html += "<td>\(escape(r.groundTruth))</td><td>\(notes.joined(separator: "<br>"))</td></tr>\n"
        }
        html += "</table>\n<p>\(escape(String(format: "accuracy=%.4f n=%d", summary.total.accuracy, summary.total.count)))</p>\n</body></html>\n"
        return html
    }

    static func link(_ path: String, base: String?) -> String {
        guard path.hasPrefix("/") else { return path }
        if let base {
            let prefix = URL(fileURLWithPath: base).standardizedFileURL.path + "/"
            if path.hasPrefix(prefix) { return String(path.dropFirst(prefix.count)) }
        }
        return URL(fileURLWithPath: path).absoluteString
    }

    static func escape(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for c in s {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(c)
            }
        }
        return out
    }
}
