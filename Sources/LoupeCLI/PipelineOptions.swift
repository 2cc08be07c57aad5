import Agent
import ArgumentParser
import Evaluation
import Foundation
import ICLGen
import Interpreter
import Tools

/// Options shared by `ask`, `ground`, `eval` and `iclgen`: who writes programs, who looks at
/// pixels, where examples and tuned parameters come from, and how hard to try.
struct PipelineOptions: ParsableArguments {
    @Option(help: "Program writer: \(ControllerSpec.help).")
    var controller: String

    @Option(help: "Perception backend: \(BackendSpec.help).")
    var vision: String = "oracle"

    @Option(help: "ICE store (SQLite, from `loupe iclgen`): examples are retrieved from it by similarity of question form (TF-IDF over non-slot words and word pairs), and its tuned detection thresholds are used.")
    var ices: String?

    @Flag(help: "With --ices: show the same stored examples for every question (the families in turn) instead of the ones most similar to it.")
    var noRetrieval = false

    @Option(help: "Programs asked for again after a failed one (self-debugging rounds).")
    var retries: Int = 2

    @Option(help: "Sampling temperature of the self-debugging rounds (greedy decoding would mostly repeat the failed program).")
    var retryTemperature: Double = 0.7

    @Flag(help: "When every program fails, record the failure instead of asking the vision backend directly.")
    var noFallback = false

    @Option(help: "In-context examples in the prompt.")
    var examples: Int = 6

    @Option(help: "Most tokens the controller model may write per program.")
    var maxTokens: Int = 512

    @Option(help: "Seconds the controller (and a remote vision backend) may take per request.")
    var timeout: Double = 60

    @Option(help: "Further tries of a controller request after a connection failure, a timeout or a 5xx reply.")
    var httpRetries: Int = 2

    @Option(help: "Wall-clock limit of one program run, in seconds.")
    var programTimeout: Double = 20

    @Option(help: "Most statements and loop iterations of one program run.")
    var maxSteps: Int = 2_000_000

    @Option(help: "Perception cache file (SQLite); default $LOUPE_CACHE or ~/.cache/loupe/perception.sqlite (not used for the oracle).")
    var cache: String?

    @Flag(help: "Do not use the perception cache.")
    var noCache = false

    func validate() throws {
        guard retries >= 0 else { throw ValidationError("--retries must be 0 or more, got \(retries)") }
        guard retryTemperature >= 0 else { throw ValidationError("--retry-temperature must be 0 or more, got \(retryTemperature)") }
        guard timeout > 0 else { throw ValidationError("--timeout must be positive, got \(timeout)") }
        guard examples >= 0 else { throw ValidationError("--examples must be 0 or more, got \(examples)") }
        guard maxTokens >= 1 else { throw ValidationError("--max-tokens must be at least 1, got \(maxTokens)") }
        guard ices != nil || !noRetrieval else { throw ValidationError("--no-retrieval selects among the examples of --ices; give --ices STORE") }
    }

    /// Builds the shared parts once and returns a factory of agents (one per worker thread).
    /// `exampleSource`, when given, replaces the examples chosen by `--ices`/`--no-retrieval`.
    func agentFactory(exampleSource override: ExampleSource? = nil) throws -> (controller: Controller, backendIsOracle: Bool, make: () throws -> Agent) {
        let controller: Controller
        do {
            controller = try ControllerSpec.make(self.controller, timeoutSeconds: timeout, retries: httpRetries, maxTokens: maxTokens)
        } catch {
            throw ValidationError("\(error)")
        }
        let probe: PerceptionBackend
        do {
            probe = try BackendSpec.make(vision, timeoutSeconds: timeout)
        } catch {
            throw ValidationError("\(error)")
        }
        var exampleSource: ExampleSource = FixedExamples.standard
        var detection = DetectionParameters.default
        if let ices {
            let store = try ICEStore.openExisting(ices)
            let stored = try store.examples()
            exampleSource = noRetrieval ? FixedExamples(coveringFamiliesOf: stored) : ExampleRetriever(stored)
            detection = try store.tunedDetection() ?? detection
        }
        let cache: PerceptionCache? = (noCache || (probe.isOracle && self.cache == nil))
            ? nil : try PerceptionCache(path: self.cache ?? PerceptionCache.defaultPath)
        var limits = Limits()
        limits.maxWallSeconds = programTimeout
        limits.maxSteps = maxSteps
        let configuration = AgentConfiguration(maxRetries: retries, fallbackToDirectQuery: !noFallback, limits: limits,
                                               exampleCount: examples, retryTemperature: retryTemperature)
        let vision = self.vision, timeout = self.timeout
        let examples = override ?? exampleSource
        let make: () throws -> Agent = {
            // Each agent (worker thread) gets its own backend instance.
            let backend = try BackendSpec.make(vision, timeoutSeconds: timeout)
            let perception = Perception(backend: backend, cache: cache, detection: detection)
            return Agent(controller: controller, perception: perception, examples: examples, configuration: configuration)
        }
        return (controller, probe.isOracle, make)
    }
}

/// Writes a line to stderr.
/// The `--format` and `--shard` options of `eval` and `iclgen`, read or reported as usage errors.
func datasetFormatAndShard(_ format: String, _ shard: String) throws -> (DatasetFormat, Shard) {
    do {
        return (try DatasetFormat.named(format), try Shard(parsing: shard))
    } catch {
        throw ValidationError("\(error)")
    }
}

func note(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}
