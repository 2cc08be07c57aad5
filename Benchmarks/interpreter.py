#!/usr/bin/env python3
"""Times Loupe's interpreter against CPython on the programs in Benchmarks/interpreter/.

Each program runs with `loupe exec` and `python3` in the same session, alternating, several times;
the best wall time of each is kept (process start included for both). CPython runs with `-S` so the
site-packages start-up work of this machine's Python (about 0.1 s here) is not counted against it;
Loupe runs with its step and wall-clock limits raised so the limits do not cut a benchmark short. Outputs must be identical,
otherwise the program's ratio is not reported. Prints per-program times, loupe/python ratios and
their geometric mean. The goal is a ratio of at most 2.

Usage: python3 Benchmarks/interpreter.py [--loupe PATH] [--reps N] [PATTERN ...]
Build first: swift build -c release --product loupe
"""
import argparse
import math
import os
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PROGRAMS = os.path.join(ROOT, "Benchmarks", "interpreter")


def timed(argv):
    start = time.perf_counter()
    p = subprocess.run(argv, capture_output=True)
    return time.perf_counter() - start, p.returncode, p.stdout, p.stderr


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--loupe")
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("patterns", nargs="*")
    args = ap.parse_args()
    loupe = args.loupe
    if loupe is None:
        candidates = [os.path.join(ROOT, d, "release", "loupe") for d in os.listdir(ROOT) if d.startswith(".build")]
        candidates = [c for c in candidates if os.path.exists(c)]
        if not candidates:
            sys.exit("no loupe binary found under .build*/release; pass --loupe PATH")
        loupe = max(candidates, key=os.path.getmtime)
    names = sorted(n for n in os.listdir(PROGRAMS) if n.endswith(".py"))
    if args.patterns:
        names = [n for n in names if any(p in n for p in args.patterns)]
    print(f"loupe: {loupe}\npython: {sys.executable} -S ({sys.version.split()[0]})\nbest of {args.reps} runs each\n")
    print(f"{'program':<24}{'python s':>10}{'loupe s':>10}{'ratio':>8}")
    ratios = []
    for name in names:
        path = os.path.join(PROGRAMS, name)
        best_py = best_lo = math.inf
        problem = None
        for _ in range(args.reps):
            t, code, py_out, err = timed([sys.executable, "-S", path])
            best_py = min(best_py, t)
            t, lcode, lo_out, lerr = timed([loupe, "exec", "--max-steps", "2000000000", "--timeout", "600", path])
            best_lo = min(best_lo, t)
            if lcode != 0:
                problem = "loupe failed: " + (lerr.decode("utf-8", "replace").strip().splitlines() or [""])[-1]
                break
            if lo_out != py_out:
                problem = "output differs from python3"
                break
        if problem:
            print(f"{name[:-3]:<24}{best_py:>10.3f}{'-':>10}{'-':>8}  {problem}")
            continue
        ratio = best_lo / best_py
        ratios.append(ratio)
        print(f"{name[:-3]:<24}{best_py:>10.3f}{best_lo:>10.3f}{ratio:>8.2f}")
    if ratios:
        geo = math.exp(sum(math.log(r) for r in ratios) / len(ratios))
        print(f"\ngeometric mean of loupe/python over {len(ratios)} of {len(names)} programs: {geo:.2f}")
    return 0 if len(ratios) == len(names) else 1


if __name__ == "__main__":
    sys.exit(main())
