import ArgumentParser
import Evaluation
import Foundation

/// `loupe eval merge`: joins the results of several shards (each question once) and scores them.
struct EvalMerge: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Join results JSONL files of shards into one; prints the per-family table, last line `accuracy=X n=N`.")

    @ArgumentParser.Argument(help: "Results files of the shards.")
    var inputs: [String]

    @Option(help: "Write the joined results here (JSONL).")
    var out: String?

    @Option(help: "Write a self-contained HTML report of the joined results.")
    var report: String?

    func run() throws {
        guard !inputs.isEmpty else { throw ValidationError("give the results files to merge") }
        let merged = try ResultsMerge.merge(inputs)
        for id in merged.conflicts { note("merge: question \(id) appears in several inputs with different answers; the first is kept") }
        if let out {
            if FileManager.default.fileExists(atPath: out) { throw ValidationError("--out \(out) exists; choose a new file") }
            let file = try ResultsFile(path: out)
            for record in merged.records { try file.append(record) }
        }
        if let report {
            try Data(HTMLReport.render(merged.records, title: "loupe eval merge",
                                       linkBase: URL(fileURLWithPath: report).deletingLastPathComponent().path).utf8)
                .write(to: URL(fileURLWithPath: report))
        }
        print(Summary(merged.records).text)
    }
}
