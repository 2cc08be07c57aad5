#!/usr/bin/env bash
# The controller study of docs/RESULTS.md: the Gemma 3 270M *base* model from PyPI writes the
# programs, the ORACLE (Shapes scene files) is the vision, and five prompt configurations are
# scored on the same held-out Shapes questions with the fallback OFF, so every right answer is a
# program's. Labeled (ICLGen) and held-out questions come from different seeds.
#
#   scripts/controller-study.sh                 # everything, in order, then the tables
#   scripts/controller-study.sh STEP...         # data | references | iclgen | zero-shot | fixed |
#                                               # iclgen-fixed | iclgen-debug | iclgen-retrieval | table
#   scripts/controller-study.sh retrieval-check  # no model: does retrieval find the dev question's family?
#   STUDY_SET=dev scripts/controller-study.sh iclgen-retrieval
#                                               # a configuration on the dev set (for decisions;
#                                               # results in OUT/dev-NAME.jsonl, table: dev-table)
# Every step resumes: eval appends to its results JSONL and skips finished ids, iclgen skips
# finished questions of its store, so a killed run is continued by running the same step again.
# Steps that do not depend on each other (zero-shot, fixed, iclgen) may run at the same time.
set -euo pipefail
cd "$(dirname "$0")/.."
LOUPE=${LOUPE:-./.build/release/loupe}
MODEL=${LOUPE_CONTROLLER_MODEL:-$HOME/.cache/loupe/models/gemma3-270m-q4_k_m.gguf}
OUT=${LOUPE_STUDY_DIR:-out/study}
LABELED_SEED=101 LABELED_COUNT=${LOUPE_STUDY_LABELED:-33}   # 3 per image family, as in the first study (the sampling at ~50 s a question on the shared machine left no time for more)
HELDOUT_SEED=202 HELDOUT_COUNT=${LOUPE_STUDY_HELDOUT:-220}  # 20 per image family
DEV_SEED=303 DEV_COUNT=${LOUPE_STUDY_DEV:-44}               # 4 per image family: for choosing methods, never held-out
SET=${STUDY_SET:-heldout}
# Shared by every configuration: no fallback, at most 160 tokens per program (the longest
# ground-truth body is 109 tokens).
COMMON=(--controller "local:$MODEL" --vision oracle --no-fallback --max-tokens 160 --quiet)
# One engine thread per process: the steps are meant to run side by side on a shared machine.
export LOUPE_THREADS=${LOUPE_THREADS:-1}

# STUDY_SHARD=i/n runs one shard of a configuration (into NAME.i-of-n.jsonl), so one configuration
# can use several processes; the table step reads NAME.jsonl and all of its shard files.
eval_config() {  # NAME, then the configuration's own options
  local name=$1; shift
  local shard=${STUDY_SHARD:-0/1} file=$name
  [ "$SET" = heldout ] || file="$SET-$name"
  [ "$shard" = 0/1 ] || file="$file.${shard%/*}-of-${shard#*/}"
  echo "== $name: $* --shard $shard -> $OUT/$file.jsonl"
  "$LOUPE" eval --dataset "$OUT/$SET/questions.jsonl" "${COMMON[@]}" "$@" --shard "$shard" --out "$OUT/$file.jsonl" | tee "$OUT/$file.txt"
}

step() {
  case $1 in
    data)
      mkdir -p "$OUT"
      # Generated once: a rerun must not rewrite files a running step reads (the same seed gives the same bytes).
      [ -f "$OUT/labeled/questions.jsonl" ] || "$LOUPE" shapes --seed $LABELED_SEED --count "$LABELED_COUNT" --out "$OUT/labeled"
      [ -f "$OUT/heldout/questions.jsonl" ] || "$LOUPE" shapes --seed $HELDOUT_SEED --count "$HELDOUT_COUNT" --out "$OUT/heldout"
      [ -f "$OUT/dev/questions.jsonl" ] || "$LOUPE" shapes --seed $DEV_SEED --count "$DEV_COUNT" --out "$OUT/dev" ;;
    iclgen)
      # 4 programs per labeled question at temperature 0.7, each with its own seed. Sampling
      # prompt (--bootstrap): the API and the 6 examples most similar in form to the question
      # among the four hand-written ones (FixedExamples.standard) and the programs verified so
      # far, so later questions of a family see what earlier ones found. At most 4 programs per
      # family, 2 per question. One process: the store's growth, and so every prompt, is then
      # the same on every run. Detection thresholds are not tuned: the oracle's scores are all 1,
      # and the other configurations run with the defaults too.
      "$LOUPE" iclgen --labeled "$OUT/labeled/questions.jsonl" --store "$OUT/ices.sqlite" --controller "local:$MODEL" \
        --vision oracle --samples 4 --temperature 0.7 --seed 0 --bootstrap --examples 6 --per-family 4 --per-question 2 \
        --retries 0 --max-tokens 160 --no-tune --quiet | tee "$OUT/iclgen.txt" ;;
    references)
      # No model: the ground-truth programs (the ceiling), and the question asked directly of the
      # oracle's simple_query on the whole image (what a fallback would answer).
      "$LOUPE" eval --dataset "$OUT/heldout/questions.jsonl" --controller truth --vision oracle --quiet --out "$OUT/truth.jsonl" | tail -n 1
      python3 -c 'import json, sys
for line in open(sys.argv[1]):
    q = json.loads(line)
    program = "def execute_command(image):\n    return ImagePatch(image).simple_query(%s)\n" % json.dumps(q["question"])
    print(json.dumps({"id": q["id"], "program": program}))' "$OUT/heldout/questions.jsonl" > "$OUT/direct-programs.jsonl"
      "$LOUPE" eval --dataset "$OUT/heldout/questions.jsonl" --controller "replay:$OUT/direct-programs.jsonl" --vision oracle \
        --no-fallback --retries 0 --quiet --out "$OUT/direct-query.jsonl" | tail -n 1 ;;
    retrieval-check)
      # No model: the labeled set's ground-truth programs as the store; for each dev question, is
      # the nearest stored example (what retrieval shows last) of the question's family?
      rm -f "$OUT/truth-ices.sqlite"
      "$LOUPE" iclgen --labeled "$OUT/labeled/questions.jsonl" --store "$OUT/truth-ices.sqlite" --controller truth --vision oracle \
        --samples 1 --per-family 99 --retries 0 --no-tune --quiet | tail -n 1
      python3 - "$LOUPE" "$OUT/truth-ices.sqlite" "$OUT/dev" <<'PY'
import json, os, sqlite3, subprocess, sys
loupe, store, dev = sys.argv[1:]
family = {q: f for q, f in sqlite3.connect(store).execute("SELECT question, family FROM ices")}
hits = total = 0
for line in open(os.path.join(dev, "questions.jsonl")):
    q = json.loads(line)
    prompt = subprocess.run([loupe, "ask", "--image", os.path.join(dev, q["image"]), q["question"], "--controller", "truth",
                             "--ices", store, "--examples", "1", "--print-prompt"], capture_output=True, text=True, check=True).stdout
    shown = [l[len("# Question: "):] for l in prompt.splitlines() if l.startswith("# Question: ")][-2]
    total += 1
    hits += family.get(shown) == q["family"]
print(f"nearest example of the question's family: {hits}/{total} dev questions")
PY
      ;;
    zero-shot)        eval_config zero-shot --examples 0 --retries 0 ;;
    fixed)            eval_config fixed --examples 4 --retries 0 ;;
    iclgen-fixed)     eval_config iclgen-fixed --ices "$OUT/ices.sqlite" --no-retrieval --examples 11 --retries 0 ;;
    iclgen-debug)     eval_config iclgen-debug --ices "$OUT/ices.sqlite" --no-retrieval --examples 11 --retries 2 --retry-temperature 0.7 ;;
    iclgen-retrieval) eval_config iclgen-retrieval --ices "$OUT/ices.sqlite" --examples 4 --retries 0 ;;
    table)
      "$LOUPE" ask --image "$OUT/heldout/images/scene_00000.png" "?" --controller truth --examples 99 --print-prompt \
        | sed -n 's/^# Question: //p' | sed '$d' > "$OUT/fixed-example-questions.txt"
      python3 scripts/study_table.py "$OUT" zero-shot fixed iclgen-fixed iclgen-debug iclgen-retrieval
      echo; python3 scripts/study_table.py "$OUT" truth direct-query ;;
    dev-table)
      python3 scripts/study_table.py "$OUT" dev-iclgen-fixed dev-iclgen-debug dev-iclgen-retrieval ;;
    *) echo "unknown step $1" >&2; exit 2 ;;
  esac
}

steps=("$@")
[ ${#steps[@]} -gt 0 ] || steps=(data references iclgen zero-shot fixed iclgen-fixed iclgen-debug iclgen-retrieval table)
for s in "${steps[@]}"; do step "$s"; done
