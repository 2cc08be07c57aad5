import Agent
import ArgumentParser
import Evaluation
import Foundation
import ICLGen
import Tools

/// `loupe iclgen`: builds an ICE store of execution-verified programs from a labeled set.
struct ICLGenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "iclgen",
        abstract: "Sample programs for labeled questions, keep those whose answer matches the label, store them as in-context examples; resumable.")

    @Option(help: "The labeled set (a dataset file).")
    var labeled: String

    @Option(help: "Dataset format: \(DatasetFormat.allCases.map(\.rawValue).joined(separator: ", ")).")
    var format: String = "loupe"

    @Option(help: "Folder image/video paths are relative to (default: the dataset's folder).")
    var mediaRoot: String?

    @Option(help: "The ICE store (SQLite), created if missing; a rerun continues where a killed run stopped.")
    var store: String

    @Option(help: "Programs sampled per question.")
    var samples: Int = 4

    @Option(help: "Sampling temperature (each sample also gets its own seed).")
    var temperature: Double = 0.7

    @Option(help: "Base seed of the samples.")
    var seed: UInt64 = 0

    @Option(help: "Most examples kept per question family.")
    var perFamily: Int = 8

    @Option(help: "Most examples kept per labeled question (so a family's examples come from several questions).")
    var perQuestion: Int?

    @Flag(help: "Bootstrap: the sampling prompt shows the examples most similar in form to the question among the hand-written ones and the programs this store has verified so far (instead of the hand-written ones, or --ices). Deterministic with one worker.")
    var bootstrap = false

    @Option(help: "Questions processed at once (threads).")
    var workers: Int = 1

    @Option(help: "Take only this shard, i/n: the labeled questions at positions i, i+n, ... (several processes may share one store; unreadable lines are recorded by shard 0).")
    var shard: String = "0/1"

    @Flag(help: "Skip the grid search over the detection thresholds after sampling.")
    var noTune = false

    @Flag(help: "No progress bar on stderr.")
    var quiet = false

    @OptionGroup var pipeline: PipelineOptions

    func run() throws {
        guard samples >= 1, perFamily >= 1, workers >= 1, (perQuestion ?? 1) >= 1 else {
            throw ValidationError("--samples, --per-family, --per-question and --workers must be at least 1")
        }
        guard !bootstrap || pipeline.ices == nil else {
            throw ValidationError("--bootstrap takes the sampling prompt's examples from --store; do not give --ices")
        }
        guard pipeline.ices == nil || pipeline.ices != store else {
            throw ValidationError("--ices and --store must differ (examples are read from --ices while --store is written)")
        }
        let (format, shard) = try datasetFormatAndShard(self.format, self.shard)
        let data = try format.read(labeled, mediaRoot: mediaRoot)
        var mine = data
        mine.items = data.items.enumerated().filter { shard.contains(position: $0.offset) }.map(\.element)
        if shard.index != 0 { mine.problems = [] }
        let iceStore = try ICEStore(path: store)
        let growing = bootstrap ? try GrowingExamples(seeds: .standard, store: iceStore) : nil
        let setup = try pipeline.agentFactory(exampleSource: growing)
        if setup.backendIsOracle { note("note: perception by the oracle (answers read from Shapes scene files, not seen by a model)") }
        let generator = ICLGenerator(store: iceStore, options: .init(samples: samples, temperature: temperature, seed: seed,
                                                                     maxPerFamily: perFamily, maxPerQuestion: perQuestion ?? .max,
                                                                     workers: workers, showProgress: !quiet),
                                     growing: growing, makeAgent: setup.make)
        let report: ICLGenerator.Report
        do {
            report = try generator.run(mine)
        } catch let unavailable as ControllerUnavailable {
            note("error: \(unavailable)\nstopped; finished questions are in \(store), rerun to resume")
            throw ExitCode(1)
        }
        print("processed=\(report.processed) skipped=\(report.skipped) verified=\(report.verified) added=\(report.added) problems=\(report.problems)")
        if !noTune {
            let agent = try setup.make()
            let backend = agent.toolkit.perception.backend
            let cache = agent.toolkit.perception.cache
            let controller = agent.toolkit.controller
            let tuning = try ParameterTuner.tune(store: iceStore, dataset: data) { parameters in
                VisionToolkit(perception: Perception(backend: backend, cache: cache, detection: parameters), controller: controller)
            }
            for point in tuning.grid {
                print(String(format: "tune score>=%.2f nms_iou=%.2f accuracy=%.4f (%d/%d)", point.parameters.scoreThreshold,
                             point.parameters.nmsIoUThreshold, point.accuracy, point.correct, point.runs))
            }
            print(String(format: "chosen score>=%.2f nms_iou=%.2f over %d programs of %d questions", tuning.chosen.scoreThreshold,
                         tuning.chosen.nmsIoUThreshold, tuning.programs, tuning.questions))
        }
        let counts = try iceStore.counts()
        print("store=\(store) examples=\(counts.examples) finished=\(counts.finished) candidates=\(counts.candidates)")
    }
}
