import ArgumentParser
import Foundation
import VLM

struct Generate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Continue a prompt with a language model (a .gguf file or a Hugging Face folder).",
        discussion: "Writes only the generated text to stdout. Stops at the model's end tokens (Gemma: <eos>, <end_of_turn>).")

    @Option(help: "Model: a .gguf file or a Hugging Face folder.")
    var model: String

    @Option(help: "Prompt text (BOS is added as the tokenizer says; <start_of_turn> and friends are recognised).")
    var prompt: String?

    @Option(help: "Prompt as space-separated token ids, used as they are (no BOS added).")
    var promptTokenIds: String?

    @Option(help: "Most tokens to generate.")
    var maxTokens: Int = 256

    @Option(help: "Sampling temperature; 0 = greedy.")
    var temperature: Float = 0

    @Option(help: "Sample only among the K most likely tokens (0 = all).")
    var topK: Int = 0

    @Option(help: "Sample only among the most likely tokens whose probabilities add up to P.")
    var topP: Float = 1

    @Option(help: "Seed for sampling.")
    var seed: UInt64 = 0

    @Option(help: "Stop before this text (repeatable).")
    var stop: [String] = []

    @Flag(help: "Wrap the prompt in a Gemma chat turn.")
    var chat = false

    @Flag(help: "Write the generated token ids (space-separated, end tokens included) instead of text.")
    var tokenIds = false

    @Flag(help: "Write 'prefill_tok_s=X decode_tok_s=Y' to stderr.")
    var stats = false

    func validate() throws {
        guard (prompt == nil) != (promptTokenIds == nil) else {
            throw ValidationError("give exactly one of --prompt and --prompt-token-ids")
        }
        if chat && promptTokenIds != nil { throw ValidationError("--chat needs --prompt, not --prompt-token-ids") }
        guard maxTokens >= 0 else { throw ValidationError("--max-tokens must be at least 0, got \(maxTokens)") }
        guard temperature >= 0, temperature.isFinite else { throw ValidationError("--temperature must be 0 or more, got \(temperature)") }
        guard topK >= 0 else { throw ValidationError("--top-k must be 0 or more, got \(topK)") }
        guard topP > 0, topP <= 1 else { throw ValidationError("--top-p must be in (0, 1], got \(topP)") }
        if let promptTokenIds { _ = try Self.parseIDs(promptTokenIds) }
    }

    static func parseIDs(_ text: String) throws -> [Int] {
        let fields = text.split(whereSeparator: { $0 == " " || $0 == "," || $0 == "\n" || $0 == "\t" })
        guard !fields.isEmpty else { throw ValidationError("--prompt-token-ids is empty") }
        return try fields.map { field in
            guard let id = Int(field), id >= 0 else {
                throw ValidationError("--prompt-token-ids: '\(field)' is not a token id")
            }
            return id
        }
    }

    func run() throws {
        do {
            let loaded = try ModelLoadingProgress.load(model) { try LanguageModelRegistry.load(path: model) }
            let generator = TextGenerator(loaded)
            let options = GenerationOptions(
                maxTokens: maxTokens,
                sampling: SamplingOptions(temperature: temperature, topK: topK, topP: topP, seed: seed),
                stopStrings: stop)
            var ids: [Int] = []
            let stream: GenerationCallback = { token, text in
                if tokenIds { ids.append(token) } else if !text.isEmpty { StandardOutput.write(text) }
                return true
            }
            let result: GenerationResult
            if let promptTokenIds {
                result = try generator.generate(promptTokens: Self.parseIDs(promptTokenIds), options: options, onToken: stream)
            } else {
                result = try generator.generate(prompt: prompt ?? "", chat: chat, options: options, onToken: stream)
            }
            if tokenIds {
                StandardOutput.write(result.tokens.map(String.init).joined(separator: " ") + "\n")
            }
            if stats {
                FileHandle.standardError.write(Data(String(format: "prefill_tok_s=%.2f decode_tok_s=%.2f\n",
                                                           result.prefillTokensPerSecond, result.decodeTokensPerSecond).utf8))
            }
        } catch let error as ValidationError {
            throw error
        } catch {
            FileHandle.standardError.write(Data("loupe generate: \(error)\n".utf8))
            throw ExitCode.failure
        }
    }
}
