import ArgumentParser
import Foundation
import Hub

struct ModelsDownload: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "download",
        abstract: "Fetch a Hugging Face model repository into the local model folder.",
        discussion: """
            Files go to $LOUPE_HOME/models/OWNER--NAME (default ~/.cache/loupe/models), or --dir. \
            HF_TOKEN is sent to the Hub for gated and private repositories; HF_ENDPOINT replaces \
            https://huggingface.co. Every file is checked against the Hub's listing (SHA-256 for LFS \
            files, the git blob id for the others) before it takes its name; an interrupted download \
            continues where it stopped when run again, and finished files are skipped. The folder's \
            path is printed on stdout, e.g. for `loupe vlm --model "$(loupe models download REPO)"`.
            """)

    @Argument(help: "Repository, e.g. google/paligemma-3b-mix-224.")
    var repo: String

    @Option(help: "Branch, tag or commit id.")
    var revision = "main"

    @Option(help: "Download only files matching this glob (repeatable; '*' also matches '/'), e.g. '*.safetensors'.")
    var include: [String] = []

    @Option(help: "Skip files matching this glob (repeatable).")
    var exclude: [String] = []

    @Option(help: "Destination folder instead of the local model folder.")
    var dir: String?

    // Whole seconds, as libcurl takes them.
    @Option(help: "Seconds without data before a request counts as timed out (libcurl averages the speed over a few seconds).")
    var timeout = 60

    @Option(help: "Further attempts per request after a dropped connection, a timeout or a server error.")
    var retries = 5

    @Option(help: "Files fetched at once.")
    var jobs = 4

    @Flag(help: "No progress on stderr.")
    var quiet = false

    func validate() throws {
        guard timeout >= 1 else { throw ValidationError("--timeout must be at least 1 second, got \(timeout)") }
        guard retries >= 0 else { throw ValidationError("--retries must be at least 0, got \(retries)") }
        guard !revision.isEmpty else { throw ValidationError("--revision is empty") }
        guard (1...32).contains(jobs) else { throw ValidationError("--jobs must be between 1 and 32, got \(jobs)") }
    }

    func run() throws {
        let repoID = try RepoID(repo)
        let client = try HubClient.fromEnvironment(idleTimeout: TimeInterval(timeout), retries: retries)
        let destination = dir.map { URL(fileURLWithPath: $0) }
            ?? ModelFolder.folder(for: repoID, revision: revision, root: ModelFolder.root())
        let download = SnapshotDownload(repo: repoID, revision: revision, destination: destination,
                                        include: include, exclude: exclude, retries: retries, jobs: jobs)
        let progress = DownloadProgress(style: DownloadProgress.style(quiet: quiet))
        let start = Date()
        let outcome = try download.run(client: client, progress: progress)
        if !quiet {
            let seconds = Date().timeIntervalSince(start)
            var summary = "loupe: \(repoID) at \(outcome.commit.prefix(12)): "
            summary += outcome.fetchedFiles == 0 ? "nothing to fetch"
                : "fetched \(outcome.fetchedFiles) file\(outcome.fetchedFiles == 1 ? "" : "s") (\(DownloadProgress.bytes(outcome.fetchedBytes))) in \(DownloadProgress.duration(seconds))"
            if outcome.alreadyComplete > 0 { summary += ", \(outcome.alreadyComplete) already complete" }
            FileHandle.standardError.write(Data((summary + "\n").utf8))
        }
        print(destination.path)
    }
}
