#!/usr/bin/env bash
# Fuzzes Loupe's interpreter (lexer, parser, checker, evaluator) with libFuzzer and AddressSanitizer.
# Usage: scripts/fuzz-interpreter.sh [RUNS] [MAX_SECONDS]
#   RUNS         executions to stop after (default 1000000)
#   MAX_SECONDS  wall-clock limit (default 3600)
# The seed corpora are Fuzz/corpus/interpreter (error cases and past crashes) and the parser's
# differential programs in Tests/InterpreterTests/Reference/parser; inputs libFuzzer finds go to .build-fuzz/corpus and
# crashing inputs to .build-fuzz/artifacts (add each as a regression test once fixed).
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-1000000}
max_seconds=${2:-3600}
out=.build-fuzz
mkdir -p "$out/corpus" "$out/artifacts"

# The interpreter module and the harness are compiled as one module (libFuzzer provides main()),
# from a snapshot so that edits made while it compiles cannot break the build.
rm -rf "$out/src" && mkdir -p "$out/src"
cp Sources/Interpreter/*.swift Fuzz/InterpreterFuzz.swift "$out/src/"
swiftc -sanitize=fuzzer,address -parse-as-library -O -g "$out"/src/*.swift \
    -o "$out/fuzz-interpreter" 2>&1 | { grep -v "ld.gold: warning: Cannot export local symbol" || true; }

# Swift's runtime keeps some allocations for the process lifetime; they are not leaks of ours.
ASAN_OPTIONS=detect_leaks=0 "$out/fuzz-interpreter" \
    -dict=Fuzz/interpreter.dict -max_len=4096 -timeout=20 -rss_limit_mb=2048 \
    -runs="$runs" -max_total_time="$max_seconds" -print_final_stats=1 \
    -artifact_prefix="$out/artifacts/" \
    "$out/corpus" Fuzz/corpus/interpreter Tests/InterpreterTests/Reference/parser
