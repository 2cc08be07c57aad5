import ArgumentParser

@main
struct Loupe: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "loupe",
        abstract: "Answer questions about images and videos with programs written by a language model.",
        subcommands: [
            Ask.self,
            Ground.self,
            Exec.self,
            Check.self,
            Shapes.self,
            Generate.self,
            Tokenize.self,
            Vlm.self,
            Models.self,
            ICLGenCommand.self,
            Eval.self,
            Cache.self,
            Version.self,
        ])
}
