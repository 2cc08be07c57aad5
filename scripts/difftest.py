#!/usr/bin/env python3
"""Runs the differential corpus through `loupe exec` and `python3` and reports every difference.

A program passes when both print the same stdout and, when CPython ends in an uncaught error,
Loupe also fails with the same error type (the last stderr line's `ErrorType`); when CPython
succeeds Loupe must exit 0 too. Same rules as Tests/InterpreterTests/DifferentialTests.swift.

Usage: python3 scripts/difftest.py [--loupe PATH] [--timeout SECONDS] [--verbose] [PATTERN ...]
PATTERN is a substring or glob of program file names (default: all).
Build loupe first: swift build -c release --product loupe
"""
import argparse
import concurrent.futures
import difflib
import fnmatch
import os
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PROGRAMS = os.path.join(ROOT, "Tests", "Corpus", "programs")


def error_type(stderr):
    """The `ErrorType` of a traceback's last line (`ErrorType: message` or a bare `ErrorType`)."""
    lines = [l for l in stderr.splitlines() if l.strip()]
    if not lines:
        return None
    return lines[-1].split(":", 1)[0].strip()


def run(argv, timeout):
    start = time.monotonic()
    try:
        p = subprocess.run(argv, capture_output=True, timeout=timeout)
        out, err, code = p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace"), p.returncode
    except subprocess.TimeoutExpired as e:
        out = (e.stdout or b"").decode("utf-8", "replace")
        err = f"(timed out after {timeout} s)"
        code = None
    return code, out, err, time.monotonic() - start


def compare(name, loupe, timeout):
    path = os.path.join(PROGRAMS, name)
    py_code, py_out, py_err, _ = run([sys.executable, path], timeout)
    lo_code, lo_out, lo_err, lo_time = run([loupe, "exec", path], timeout)
    problems = []
    if lo_code is None:
        problems.append(f"loupe timed out after {timeout} s")
    elif lo_code < 0:
        problems.append(f"loupe died from signal {-lo_code} (a crash)")
    if py_out != lo_out:
        diff = list(difflib.unified_diff(py_out.splitlines(), lo_out.splitlines(), "python3", "loupe", lineterm="", n=1))
        problems.append("stdout differs:\n" + "\n".join("    " + l for l in diff[:14]) + ("\n    ..." if len(diff) > 14 else ""))
    if py_code == 0 and lo_code not in (0, None):
        problems.append(f"python3 succeeded, loupe failed (exit {lo_code}): {lo_err.strip().splitlines()[-1] if lo_err.strip() else ''}")
    if py_code != 0:
        want = error_type(py_err)
        got = error_type(lo_err) if lo_code not in (0, None) else None
        if lo_code == 0:
            problems.append(f"python3 raised {want}, loupe exited 0")
        elif got != want:
            last = lo_err.strip().splitlines()[-1] if lo_err.strip() else "(empty stderr)"
            problems.append(f"python3 raised {want}, loupe ended with: {last}")
    return name, problems, lo_time


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--loupe", default=None, help="path to the loupe binary (default: .build*/release/loupe)")
    ap.add_argument("--timeout", type=float, default=10.0)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--verbose", "-v", action="store_true", help="print passing programs too")
    ap.add_argument("patterns", nargs="*")
    args = ap.parse_args()
    loupe = args.loupe
    if loupe is None:
        candidates = [os.path.join(ROOT, d, "release", "loupe") for d in sorted(os.listdir(ROOT)) if d.startswith(".build")]
        candidates = [c for c in candidates if os.path.exists(c)]
        if not candidates:
            sys.exit("no loupe binary found under .build*/release; build it or pass --loupe PATH")
        loupe = max(candidates, key=os.path.getmtime)
    names = sorted(n for n in os.listdir(PROGRAMS) if n.endswith(".py"))
    if args.patterns:
        names = [n for n in names if any(p in n or fnmatch.fnmatch(n, p) for p in args.patterns)]
    print(f"loupe: {loupe}\n{len(names)} programs")
    failed = []
    total_time = 0.0
    with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as pool:
        for name, problems, t in pool.map(lambda n: compare(n, loupe, args.timeout), names):
            total_time += t
            if problems:
                failed.append(name)
                print(f"FAIL {name}")
                for p in problems:
                    print("  " + p)
            elif args.verbose:
                print(f"ok   {name} ({t * 1000:.0f} ms)")
    print(f"\n{len(names) - len(failed)}/{len(names)} programs agree with python3; loupe time {total_time:.1f} s")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
