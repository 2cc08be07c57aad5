#!/usr/bin/env python3
"""Runs the hostile programs of Tests/Corpus/adversarial through `loupe exec` and checks each
against the expectations in its header, with the same rules as
Tests/InterpreterTests/AdversarialTests.swift (which also runs the generated deep-nesting cases):
Loupe's own wall-clock limit is lowered to 10 s, the case's budget (default 15 s) caps the run.

Usage: python3 scripts/adversarial.py [--loupe PATH] [PATTERN ...]
"""
import argparse
import os
import resource
import signal
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FOLDER = os.path.join(ROOT, "Tests", "Corpus", "adversarial")


def cap_memory():
    """8 GiB of address space, so an unenforced limit fails its case instead of exhausting the machine."""
    cap = 8 * 1024 ** 3
    resource.setrlimit(resource.RLIMIT_AS, (cap, cap))


def header(path):
    h = {"expect": [], "expect-any": [], "stdout": [], "stdout-if-success": [], "stdout-excludes": [],
         "expect-exit": None, "may-succeed": False, "budget": 15.0}
    for line in open(path):
        if not line.startswith("#"):
            break
        key, _, value = line[1:].strip().partition(":")
        key, value = key.strip(), value.strip()
        if key in ("expect", "stdout", "stdout-if-success", "stdout-excludes"):
            h[key].append(value)
        elif key == "expect-any":
            h[key] += [v.strip() for v in value.split("|")]
        elif key == "expect-exit":
            h[key] = value
        elif key == "may-succeed":
            h[key] = True
        elif key == "budget":
            h[key] = float(value)
    return h


def problems(h, code, out, err, timed_out):
    if timed_out:
        return [f"did not stop within its {h['budget']} s budget (a hang)"]
    if code < 0:
        return [f"crashed: killed by signal {signal.Signals(-code).name}"]
    found = []
    for text in h["stdout-excludes"]:
        if text in out:
            found.append(f"stdout contains {text!r}")
    printed = out.split("\n")
    if printed and printed[-1] == "":
        printed.pop()
    last = ([l for l in err.splitlines() if l.strip()] or [""])[-1]
    if code == 0:
        must = h["expect-exit"] == "0"
        if not (must or h["may-succeed"]):
            found.append("exited 0; expected an error containing " + " / ".join(h["expect"] + h["expect-any"]))
        wanted = h["stdout"] if must else h["stdout-if-success"]
        if (must or wanted) and printed != wanted:
            found.append(f"stdout {printed[:5]} instead of {wanted}")
        return found
    if h["expect-exit"] == "0":
        return found + [f"failed (exit {code}) but must succeed: {last}"]
    for text in h["expect"]:
        if text.lower() not in last.lower():
            found.append(f"error line lacks {text!r}: {last}")
    if h["expect-any"] and not any(t.lower() in last.lower() for t in h["expect-any"]):
        found.append(f"error line has none of {' | '.join(h['expect-any'])}: {last}")
    if h["stdout"] and printed != h["stdout"]:
        found.append(f"stdout {printed[:5]} instead of {h['stdout']}")
    return found


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--loupe")
    ap.add_argument("patterns", nargs="*")
    args = ap.parse_args()
    loupe = args.loupe
    if loupe is None:
        candidates = [os.path.join(ROOT, d, "release", "loupe") for d in os.listdir(ROOT) if d.startswith(".build")]
        candidates = [c for c in candidates if os.path.exists(c)]
        if not candidates:
            sys.exit("no loupe binary found under .build*/release; pass --loupe PATH")
        loupe = max(candidates, key=os.path.getmtime)
    names = sorted(n for n in os.listdir(FOLDER) if n.endswith(".py"))
    if args.patterns:
        names = [n for n in names if any(p in n for p in args.patterns)]
    bad = 0
    for name in names:
        path = os.path.join(FOLDER, name)
        h = header(path)
        start = time.monotonic()
        p = subprocess.Popen([loupe, "exec", "--timeout", "10", path], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             stdin=subprocess.DEVNULL, preexec_fn=cap_memory)
        timed_out = False
        try:
            out, err = p.communicate(timeout=h["budget"])
        except subprocess.TimeoutExpired:
            p.kill()
            out, err = p.communicate()
            timed_out = True
        took = time.monotonic() - start
        found = problems(h, p.returncode, out.decode("utf-8", "replace"), err.decode("utf-8", "replace"), timed_out)
        last = ([l for l in err.decode("utf-8", "replace").splitlines() if l.strip()] or [""])[-1]
        if found:
            bad += 1
            print(f"FAIL {name} ({took:.2f} s)")
            for f in found:
                print("  " + f)
        else:
            print(f"ok   {name} ({took:.2f} s) {last[:100]}")
    print(f"\n{len(names) - bad}/{len(names)} hostile programs handled")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
