import ArgumentParser
import ShapesWorld

struct Shapes: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Render a Shapes world question set: PNG scenes with scene JSON, videos, questions.jsonl.",
        discussion: "The same seed and count give byte-identical files. Format: docs/SHAPES_FORMAT.md.")

    @Option(help: "Seed of the generator (unsigned 64-bit).")
    var seed: UInt64 = 0

    @Option(help: "Number of questions; families are cycled, so a count of at least the number of families covers them all.")
    var count: Int = 100

    @Option(help: "Output folder (created if missing; files of the same names are replaced).")
    var out: String

    @Flag(help: "Also generate video questions (folders of PNG frames with a timeline).")
    var video = false

    func validate() throws {
        guard count > 0 else { throw ValidationError("--count must be positive, got \(count)") }
    }

    func run() throws {
        let questions = try ShapesDataset.write(seed: seed, count: count, includeVideo: video, to: out)
        let families = Set(questions.map(\.family.rawValue)).count
        print("wrote \(questions.count) questions (\(families) families) to \(out)/questions.jsonl")
    }
}
