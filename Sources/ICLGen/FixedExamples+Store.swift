import Agent

extension FixedExamples {
    /// The same stored examples for every question (ICLGen's examples without retrieval): the
    /// families take turns in the order their first example was stored, each giving its next
    /// example, so a prompt of K examples covers min(K, families) families before any repeats.
    public init(coveringFamiliesOf stored: [ICEStore.Example]) {
        func covering(_ examples: [ICEStore.Example]) -> [InContextExample] {
            var families: [String] = []
            var byFamily: [String: [ICEStore.Example]] = [:]
            for example in examples {
                if byFamily[example.family] == nil { families.append(example.family) }
                byFamily[example.family, default: []].append(example)
            }
            var out: [InContextExample] = []
            var round = 0
            while out.count < examples.count {
                for family in families where round < byFamily[family]!.count {
                    let e = byFamily[family]![round]
                    out.append(InContextExample(question: e.question, program: e.program, family: e.family))
                }
                round += 1
            }
            return out
        }
        self.init(image: covering(stored.filter { !$0.isVideo }), video: covering(stored.filter(\.isVideo)))
    }
}
