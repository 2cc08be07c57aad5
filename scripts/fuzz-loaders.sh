#!/usr/bin/env bash
# Fuzzes the GGUF, safetensors and npz (zip + .npy) parsers with libFuzzer (swiftc -sanitize=fuzzer,address).
#   scripts/fuzz-loaders.sh [runs per parser, default 1000000] [gguf|safetensors|npz|both|all]
# Builds into .build-fuzz/, starts from the committed seeds in Fuzz/corpus/ (new inputs go to a
# working corpus under .build-fuzz/, not into the repository) and stops at the first crash,
# leaving the input in .build-fuzz/artifacts/. Prints libFuzzer's final statistics per parser.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-1000000}
WHICH=${2:-both}
OUT=.build-fuzz
mkdir -p "$OUT/artifacts"

PARSER_SOURCES=(
  Sources/VLM/Tensor/ElementType.swift
  Sources/VLM/Loaders/ModelFileError.swift
  Sources/VLM/Loaders/MappedFile.swift
  Sources/VLM/Loaders/ByteReader.swift
  Sources/VLM/Loaders/GGUFValue.swift
  Sources/VLM/Loaders/GGUFFile.swift
  Sources/VLM/Loaders/JSONValue.swift
  Sources/VLM/Loaders/SafetensorsFile.swift
  Sources/VLM/Loaders/ZipArchive.swift
  Sources/VLM/Loaders/NumpyArray.swift
)

fuzz() {
  local name=$1 flag=$2
  local binary="$OUT/fuzz-$name"
  if [ ! -x "$binary" ] || [ -n "$(find Fuzz/LoaderFuzzer.swift "${PARSER_SOURCES[@]}" -newer "$binary")" ]; then
    echo "fuzz-loaders: building $binary"
    swiftc -sanitize=fuzzer,address -parse-as-library -O -g -D "$flag" -module-name LoaderFuzz -I Sources/CZlib -lz \
      Fuzz/LoaderFuzzer.swift "${PARSER_SOURCES[@]}" -o "$binary" 2> >(grep -v "Cannot export local symbol" >&2)
  fi
  mkdir -p "$OUT/corpus-$name"
  echo "fuzz-loaders: $name, $RUNS runs"
  "$binary" "$OUT/corpus-$name" "Fuzz/corpus/$name" -runs="$RUNS" -max_len=8192 -timeout=10 -rss_limit_mb=2048 \
    -artifact_prefix="$OUT/artifacts/$name-" -print_final_stats=1
}

case "$WHICH" in
  gguf) fuzz gguf FUZZ_GGUF ;;
  safetensors) fuzz safetensors FUZZ_SAFETENSORS ;;
  npz) fuzz npz FUZZ_NPZ ;;
  both) fuzz gguf FUZZ_GGUF; fuzz safetensors FUZZ_SAFETENSORS ;;
  all) fuzz gguf FUZZ_GGUF; fuzz safetensors FUZZ_SAFETENSORS; fuzz npz FUZZ_NPZ ;;
  *) echo "usage: $0 [runs] [gguf|safetensors|npz|both|all]" >&2; exit 2 ;;
esac
