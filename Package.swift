// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "Loupe",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "loupe", targets: ["LoupeCLI"]),
        .library(name: "Interpreter", targets: ["Interpreter"]),
        .library(name: "VLM", targets: ["VLM"]),
        .library(name: "Hub", targets: ["Hub"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        // System libraries, one module map each.
        .systemLibrary(name: "COpenBLAS", path: "Sources/COpenBLAS", providers: [.apt(["libopenblas-dev"])]),
        .systemLibrary(name: "CPNG", path: "Sources/CPNG", providers: [.apt(["libpng-dev"])]),
        .systemLibrary(name: "CJPEG", path: "Sources/CJPEG", providers: [.apt(["libjpeg-dev"])]),
        .systemLibrary(name: "CSQLite", path: "Sources/CSQLite", providers: [.apt(["libsqlite3-dev"])]),
        .systemLibrary(name: "CZlib", path: "Sources/CZlib", providers: [.apt(["zlib1g-dev"])]),
        // Hand-written SIMD kernels with a scalar reference beside each.
        .target(name: "CKernels", path: "Sources/CKernels",
                cSettings: [.unsafeFlags(["-O3"])]),

        // setjmp/longjmp of libpng and libjpeg stay inside this C target.
        .target(name: "CImageShim", path: "Sources/CImageShim",
                linkerSettings: [.linkedLibrary("png"), .linkedLibrary("jpeg")]),

        // Exclusivity is checked at compile time; the dynamic checks cost the evaluator ~25%.
        .target(name: "Interpreter", swiftSettings: [.unsafeFlags(["-enforce-exclusivity=unchecked"])]),
        .target(name: "VLM", dependencies: ["CKernels", "COpenBLAS", "CPNG", "CJPEG", "CImageShim", "CZlib"]),
        // Hugging Face Hub downloads over libcurl's easy interface, apart from the engine.
        .systemLibrary(name: "CCurlEasy", path: "Sources/CCurlEasy", providers: [.apt(["libcurl4-openssl-dev"])]),
        .target(name: "Hub", dependencies: ["CCurlEasy"]),
        .target(name: "ShapesWorld", dependencies: ["VLM"]),
        .target(name: "Tools", dependencies: ["Interpreter", "VLM", "CSQLite"]),
        .target(name: "Agent", dependencies: ["Interpreter", "Tools", "VLM"]),
        .target(name: "Evaluation", dependencies: ["Agent", "Tools"]),
        .target(name: "ICLGen", dependencies: ["Agent", "Interpreter", "Tools", "Evaluation"]),
        .executableTarget(
            name: "LoupeCLI",
            dependencies: [
                "Interpreter", "VLM", "Tools", "Agent", "ICLGen", "Evaluation", "ShapesWorld", "Hub",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),

        .testTarget(name: "InterpreterTests", dependencies: ["Interpreter"], exclude: ["Reference"]),
        .testTarget(name: "VLMTests", dependencies: ["VLM"], resources: [.copy("Fixtures")]),
        .testTarget(name: "ShapesWorldTests", dependencies: ["ShapesWorld", "VLM"]),
        .testTarget(name: "AgentTests", dependencies: ["Agent", "Evaluation", "ICLGen", "Tools", "ShapesWorld", "Interpreter"],
                    resources: [.copy("Fixtures")]),
        .testTarget(name: "HubTests", dependencies: ["Hub"], exclude: ["hub_test_server.py"]),
        .testTarget(name: "ToolsTests", dependencies: ["Tools", "Interpreter", "ShapesWorld", "VLM"]),
    ]
)
