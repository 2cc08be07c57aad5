import ArgumentParser

/// `loupe models download|list`: the local model folder.
struct Models: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Download models from the Hugging Face Hub and list the local ones.",
        subcommands: [ModelsDownload.self, ModelsList.self])
}
