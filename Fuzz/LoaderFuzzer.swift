// libFuzzer entry point for Loupe's model-file parsers, built by scripts/fuzz-loaders.sh with
// -DFUZZ_GGUF, -DFUZZ_SAFETENSORS or -DFUZZ_NPZ together with the parser sources. Any input must either parse
// or throw ModelFileError; traps, hangs and address-sanitizer reports are the bugs being hunted.
// After a successful parse every tensor's byte range is read, so a range the parser let through
// but that lies outside the input is an ASan report.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzLoader(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = UnsafeRawBufferPointer(start: data, count: size)
    do {
        #if FUZZ_GGUF
        let file = try GGUFFile(bytes: bytes, path: "fuzz.gguf")
        var checksum: UInt8 = 0
        for info in file.tensors {
            let tensor = file.tensorBytes(info)
            if let first = tensor.first, let last = tensor.last { checksum ^= first ^ last }
        }
        for key in file.metadataKeys { _ = file.value(key)?.description }
        blackHole(checksum)
        #elseif FUZZ_SAFETENSORS
        let file = try SafetensorsFile(bytes: bytes, path: "fuzz.safetensors")
        var checksum: UInt8 = 0
        for info in file.tensors {
            let tensor = file.tensorBytes(info)
            if let first = tensor.first, let last = tensor.last { checksum ^= first ^ last }
        }
        blackHole(checksum)
        #elseif FUZZ_NPZ
        // The input as one .npy array, then as a zip whose entries are inflated, CRC-checked and
        // parsed as .npy (errors per entry are expected; the CRC keeps most mutations out of them).
        do {
            _ = try NumpyArray(npy: Array(bytes), file: "fuzz.npy", name: "input")
        } catch is ModelFileError {}
        let archive = try ZipArchive(bytes: bytes, path: "fuzz.npz")
        var checksum: UInt8 = 0
        for entry in archive.entries {
            do {
                let array = try NumpyArray(npy: archive.contents(of: entry), file: "fuzz.npz", name: entry.name)
                checksum ^= UInt8(truncatingIfNeeded: array.values.count ^ array.shape.count)
            } catch is ModelFileError {
                continue
            }
        }
        blackHole(checksum)
        #else
        #error("build with -DFUZZ_GGUF, -DFUZZ_SAFETENSORS or -DFUZZ_NPZ")
        #endif
    } catch is ModelFileError {
        return 0
    } catch {
        fatalError("parser threw something other than ModelFileError: \(error)")
    }
    return 0
}

@inline(never)
func blackHole(_ value: UInt8) {
    if value == 0x5A && CommandLine.arguments.isEmpty { print(value) }
}
