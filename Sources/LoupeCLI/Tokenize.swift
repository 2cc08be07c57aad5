import ArgumentParser
import Foundation
import VLM

struct Tokenize: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print the token ids of a text (BOS as the model's tokenizer says), space-separated.")

    @Option(help: "Model: a .gguf file or a Hugging Face folder (tokenizer.json).")
    var model: String

    @Argument(help: "Text to tokenize; control tokens such as <start_of_turn> are recognised.")
    var text: String

    func run() throws {
        do {
            let tokenizer = try ModelLoadingProgress.load(model) { try LanguageModelRegistry.loadTokenizer(path: model) }
            StandardOutput.write(tokenizer.encode(text).map(String.init).joined(separator: " ") + "\n")
        } catch {
            FileHandle.standardError.write(Data("loupe tokenize: \(error)\n".utf8))
            throw ExitCode.failure
        }
    }
}
