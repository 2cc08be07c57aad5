#!/usr/bin/env bash
# Throughput of `loupe eval` with the truth controller and the oracle perception over a
# generated Shapes set: questions per second of the whole pipeline (dataset reading, static
# check, interpreter, tools, oracle, scoring, results file with one fsync per line).
# Target: >= 200 q/s on 2 cores. There is no external reference to run beside it: the figure
# is absolute, and the script prints the machine's load so a busy machine can be recognised.
#
# usage: Benchmarks/eval_throughput.sh [COUNT] [WORKERS] [--video]
#   LOUPE=path/to/loupe (default: .build/release/loupe, built if missing)
set -euo pipefail
cd "$(dirname "$0")/.."
count=${1:-1000}
workers=${2:-2}
video=${3:-}
loupe=${LOUPE:-.build/release/loupe}
if [ ! -x "$loupe" ]; then
    swift build -c release --product loupe >&2
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

"$loupe" shapes --seed 1 --count "$count" $video --out "$work/set" > /dev/null
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg); cores: $(nproc)"

run() { # label, extra eval arguments...
    local label=$1; shift
    local start end
    start=$(date +%s.%N)
    "$loupe" eval --dataset "$work/set/questions.jsonl" --controller truth --vision oracle \
        --workers "$workers" --quiet "$@" > "$work/stdout" 2> "$work/stderr"
    end=$(date +%s.%N)
    local last
    last=$(tail -n 1 "$work/stdout")
    awk -v s="$start" -v e="$end" -v n="$count" -v l="$label" -v last="$last" \
        'BEGIN { printf "%-28s %6d questions in %7.2f s = %8.1f q/s   (%s)\n", l, n, e - s, n / (e - s), last }'
}

run "eval, no results file"
run "eval, --out (fsync per line)" --out "$work/results.jsonl"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
