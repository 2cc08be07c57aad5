import Agent
import ArgumentParser
import Evaluation
import Foundation
import Tools

/// `loupe eval`: scores the agent on a dataset; `loupe eval merge` joins sharded results.
struct Eval: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Evaluate on a dataset (Loupe/Shapes JSONL, GQA, RefCOCO, NExT-QA); resumable and shardable.",
        subcommands: [EvalRun.self, EvalMerge.self],
        defaultSubcommand: EvalRun.self)
}

struct EvalRun: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Answer every question of a dataset, score it, print a per-family table; the last stdout line is `accuracy=X n=N`.")

    @Option(help: "The dataset file.")
    var dataset: String

    @Option(help: "Dataset format: \(DatasetFormat.allCases.map(\.rawValue).joined(separator: ", ")).")
    var format: String = "loupe"

    @Option(help: "Folder image/video paths are relative to (default: the dataset's folder).")
    var mediaRoot: String?

    @Option(help: "Questions answered at once (threads).")
    var workers: Int = 1

    @Option(help: "Take only this shard, i/n: the questions at positions i, i+n, i+2n, ...")
    var shard: String = "0/1"

    @Option(help: "Results JSONL, appended one line per question; questions already in it are skipped (resume).")
    var out: String?

    @Option(help: "Write a self-contained HTML report (per-family table; per question: program, answer, truth, trace link).")
    var report: String?

    @Option(help: "Write an HTML trace per question into this folder (linked from the report).")
    var traces: String?

    @Flag(help: "No progress bar on stderr.")
    var quiet = false

    @OptionGroup var pipeline: PipelineOptions

    func run() throws {
        guard workers >= 1 else { throw ValidationError("--workers must be at least 1, got \(workers)") }
        let (format, shard) = try datasetFormatAndShard(self.format, self.shard)
        let data = try format.read(dataset, mediaRoot: mediaRoot)
        for problem in data.problems { note("dataset: \(problem.message)") }
        let setup = try pipeline.agentFactory()
        if setup.backendIsOracle { note("note: perception by the oracle (answers read from Shapes scene files, not seen by a model)") }
        let results = try out.map { try ResultsFile(path: $0) }
        var traceWriter: ((EvalItem, AgentResult, Agent) -> String?)?
        if let traces {
            try FileManager.default.createDirectory(atPath: traces, withIntermediateDirectories: true)
            let folder = URL(fileURLWithPath: traces).standardizedFileURL
            traceWriter = { item, result, agent in
                guard let program = result.program, let outcome = result.outcome else { return nil }
                let name = item.id.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" ? $0 : "_" }
                let path = folder.appendingPathComponent(String(name) + ".html").path
                do {
                    try TraceReport(program: program, path: "<program \(item.id)>", outcome: outcome, backend: agent.toolkit.perception.backend).write(to: path)
                    return path
                } catch {
                    note("trace \(path): \(error)")
                    return nil
                }
            }
        }
        let runner = EvaluationRunner(dataset: data, results: results,
                                      options: .init(workers: workers, shard: shard, controllerName: setup.controller.name,
                                                     visionName: pipeline.vision, showProgress: !quiet, writeTrace: traceWriter),
                                      make: setup.make)
        let records: [ResultRecord]
        do {
            records = try runner.run()
        } catch let unavailable as ControllerUnavailable {
            note("error: \(unavailable)\nstopped; results so far are in \(out ?? "(no --out)"), rerun to resume")
            throw ExitCode(1)
        }
        if let report {
            try Data(HTMLReport.render(records, title: "loupe eval: \(URL(fileURLWithPath: dataset).lastPathComponent)",
                                       linkBase: URL(fileURLWithPath: report).deletingLastPathComponent().path).utf8)
                .write(to: URL(fileURLWithPath: report))
        }
        print(Summary(records).text)
    }
}
