import ArgumentParser

@main
struct Loupe: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "loupe",
        abstract: "Answer questions about images and videos with programs written by a language model.",
        subcommands: [Version.self, Shapes.self, Generate.self, Tokenize.self, Vlm.self])
}
