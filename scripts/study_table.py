"""Markdown tables of the controller study (docs/RESULTS.md) from `loupe eval` results files.

usage: python3 scripts/study_table.py OUT_DIR CONFIG...
(reads OUT_DIR/CONFIG.jsonl and its shard files OUT_DIR/CONFIG.I-of-N.jsonl)

Per configuration: accuracy per family and overall, how many answers came from a fallback (the
study runs with --no-fallback, so 0 is expected), how many questions ended without an answer, and
how many right answers came from "whole-image" programs: ones that look at the image only through
simple_query/verify_property, never finding an object, which under the oracle is the same as
asking the question directly.
"""
import glob
import json
import os
import sqlite3
import sys
from collections import OrderedDict

LOOKING = ("find(", "exists(", "count(", "ground(", "grounded_caption(")


def load(out, config):
    records = OrderedDict()
    for path in sorted(glob.glob(f"{out}/{config}.jsonl") + glob.glob(f"{out}/{config}.*-of-*.jsonl")):
        with open(path) as f:
            for line in f:
                line = line.strip()
                if line:
                    r = json.loads(line)
                    records[r["id"]] = r
    return sorted(records.values(), key=lambda r: r["id"])


def example_texts(out):
    """Question texts that any configuration shows as an example: the hand-written ones
    (OUT/fixed-example-questions.txt) and the ICE store's."""
    texts = set()
    path = f"{out}/fixed-example-questions.txt"
    if os.path.exists(path):
        texts |= {line.strip() for line in open(path) if line.strip()}
    if os.path.exists(f"{out}/ices.sqlite"):
        with sqlite3.connect(f"file:{out}/ices.sqlite?mode=ro", uri=True) as db:
            texts |= {row[0] for row in db.execute("SELECT question FROM ices")}
    return texts


def whole_image(program):
    return program is not None and not any(call in program for call in LOOKING)


def main():
    out, configs = sys.argv[1], sys.argv[2:]
    results = {c: load(out, c) for c in configs}
    missing = [c for c, rs in results.items() if not rs]
    if missing:
        print(f"no results yet: {', '.join(missing)}")
    results = {c: rs for c, rs in results.items() if rs}
    configs = list(results)
    if not configs:
        return
    # Configurations compared on the same questions: those every one of them has answered
    # (all of them once every run is complete).
    common = set.intersection(*(set(r["id"] for r in rs) for rs in results.values()))
    finished = {c: len(rs) for c, rs in results.items()}
    results = {c: [r for r in rs if r["id"] in common] for c, rs in results.items()}
    print(f"questions answered by every configuration: {len(common)} "
          f"(finished per configuration: {', '.join(f'{c} {n}' for c, n in finished.items())})")
    print()
    families = sorted({r["family"] for rs in results.values() for r in rs})
    # What always giving a family's most common right answer would score on these questions:
    # the level a program that ignores the image can reach by luck (yes/no families: about half).
    truth = {}
    for r in next(iter(results.values())):
        truth.setdefault(r["family"], []).append(r["ground_truth"])
    def majority(family):
        answers = [a for f, rs in truth.items() if family in (f, "**all**") for a in rs]
        if family == "**all**":
            right = sum(max(rs.count(a) for a in set(rs)) for rs in truth.values())
        else:
            right = max(answers.count(a) for a in set(answers))
        return f"{right}/{len(answers)} ({100 * right / len(answers):.1f}%)"
    print("| family | " + " | ".join(configs) + " | most common answer |")
    print("|---|" + "---:|" * (len(configs) + 1))
    for family in families + ["**all**"]:
        cells = []
        for c in configs:
            rs = [r for r in results[c] if family == "**all**" or r["family"] == family]
            right = sum(r["correct"] for r in rs)
            cells.append(f"{right}/{len(rs)} ({100 * right / len(rs):.1f}%)" if rs else "-")
        print(f"| {family} | " + " | ".join(cells) + f" | {majority(family)} |")
    # The template world repeats question texts across seeds (other images, other answers); this
    # row leaves out held-out questions whose text is shown as an example in some configuration.
    shown = example_texts(out)
    cells = []
    for c in configs:
        rs = [r for r in results[c] if r["question"] not in shown]
        right = sum(r["correct"] for r in rs)
        cells.append(f"{right}/{len(rs)} ({100 * right / len(rs):.1f}%)" if rs else "-")
    print("| all, texts never shown as an example | " + " | ".join(cells) + " | |")
    print()
    print("| configuration | n | right | accuracy | no answer | fallbacks | right by whole-image programs | programs tried per question | s per question (mean) |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for c in configs:
        rs = results[c]
        n = len(rs)
        if n == 0:
            continue
        right = sum(r["correct"] for r in rs)
        no_answer = sum(r.get("answer") is None for r in rs)
        fallbacks = sum(r["fallback"] for r in rs)
        whole = sum(r["correct"] and whole_image(r.get("program")) for r in rs)
        attempts = sum(r["attempts"] for r in rs) / n
        seconds = sum(r["seconds"] for r in rs) / n
        print(f"| {c} | {n} | {right} | {100 * right / n:.1f}% | {no_answer} | {fallbacks} | {whole} | {attempts:.2f} | {seconds:.1f} |")


if __name__ == "__main__":
    main()
