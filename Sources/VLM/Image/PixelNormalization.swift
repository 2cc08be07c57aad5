extension RGBImage {
    /// SigLIP / PaliGemma input values: `[3, height, width]` float32, channel-planar (R plane, G
    /// plane, B plane), each value `(v / 255 - mean) / std`, i.e. [-1, 1] for mean = std = 0.5.
    /// Computed like transformers' `rescale` (float64 product, then float32) and `normalize`
    /// (float32), so the values match its processor to the last bit.
    public func normalizedPlanar(mean: Float = 0.5, std: Float = 0.5) -> [Float] {
        let table = RGBImage.normalizationTable(mean: mean, std: std)
        let plane = width * height
        var out = [Float](repeating: 0, count: plane * 3)
        pixels.withUnsafeBufferPointer { input in
            out.withUnsafeMutableBufferPointer { output in
                for index in 0..<plane {
                    output[index] = table[Int(input[index * 3])]
                    output[plane + index] = table[Int(input[index * 3 + 1])]
                    output[2 * plane + index] = table[Int(input[index * 3 + 2])]
                }
            }
        }
        return out
    }

    /// The same values interleaved, `[height, width, 3]`.
    public func normalizedInterleaved(mean: Float = 0.5, std: Float = 0.5) -> [Float] {
        let table = RGBImage.normalizationTable(mean: mean, std: std)
        return pixels.map { table[Int($0)] }
    }

    private static func normalizationTable(mean: Float, std: Float) -> [Float] {
        (0...255).map { value in (Float(Double(value) * (1.0 / 255.0)) - mean) / std }
    }
}
