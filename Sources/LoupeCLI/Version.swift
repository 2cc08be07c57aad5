import ArgumentParser
import CKernels

struct Version: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Print Loupe's version and the SIMD path its kernels use.")

    func run() throws {
        print("loupe 0.1.0 (kernels: \(String(cString: loupe_kernels_simd_path())))")
    }
}
