#!/usr/bin/env python3
"""Loupe beside llama.cpp on the same GGUF, same thread count, in one run.

Measures, for each engine in its own child process (so peak RSS is its own):
  prefill tok/s on a 512-token prompt, decode tok/s over 128 greedy tokens, peak RSS.
Prints the ratios Loupe / llama.cpp (targets: decode >= 1.25, prefill >= 1.0, RSS <= 1.0).

llama.cpp runs through llama-cpp-python (pinned 0.3.36, as the reference fixtures), default
settings (f16 KV cache, no flash attention); its child's RSS includes the Python interpreter, so
the RSS of a child that imports llama_cpp and numpy without a model is printed and subtracted.

Usage: python3 Benchmarks/gemma_vs_llamacpp.py [--model GGUF] [--loupe PATH] [--threads 2] [--repeat 2]

--cpu-time instead measures what a shared machine cannot spoil: the CPU seconds each engine spends
on the 512-token prefill with one thread (each child's user + system time from wait4, minus that
of the same command with a 1-token prompt, which pays the same start-up, model load and one step
of decoding), and prints prompt tokens per CPU-second and their ratio.
"""
import argparse
import json
import os
import subprocess
import sys

DEFAULT_MODEL = os.path.expanduser("~/.cache/loupe/models/gemma3-270m-q4_k_m.gguf")
PROMPT_TOKENS = 512
DECODE_TOKENS = 128

LLAMA_CHILD = r"""
import json, sys, time
import numpy as np
import llama_cpp
model, threads, ids, decode = sys.argv[1], int(sys.argv[2]), json.loads(sys.argv[3]), int(sys.argv[4])
if model == "-":
    print(json.dumps({})); sys.exit(0)
# n_batch spans the whole context: llama-cpp-python keeps one row of scores per batch slot.
llm = llama_cpp.Llama(model_path=model, n_ctx=len(ids) + decode + 8, n_batch=len(ids) + decode + 8, n_ubatch=len(ids),
                      n_threads=threads, n_threads_batch=threads, verbose=False)
start = time.perf_counter()
llm.eval(ids)
prefill = time.perf_counter() - start
token = int(np.argmax(llm.scores[llm.n_tokens - 1]))
generated = 1
start = time.perf_counter()
while generated < decode:
    llm.eval([token])
    token = int(np.argmax(llm.scores[llm.n_tokens - 1]))
    generated += 1
decode_seconds = time.perf_counter() - start
print(json.dumps({"prefill_tok_s": len(ids) / prefill, "decode_tok_s": (generated - 1) / decode_seconds,
                  "generated": generated}))
"""


def run_child(command, env=None):
    process = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, text=True)
    if process.returncode != 0:
        sys.exit(f"{command[0]} failed ({process.returncode}):\n{process.stderr}")
    return process.stdout, process.stderr


def measured(command, env=None):
    """Runs `command` under a tiny Python wrapper that reports the child's peak RSS (and CPU time,
    `measured.cpu_seconds`) via wait4."""
    wrapper = ("import os, sys, json, subprocess\n"
               "p = subprocess.Popen(sys.argv[1:], stdout=subprocess.PIPE, stderr=subprocess.PIPE)\n"
               "out, err = b'', b''\n"
               "import threading\n"
               "chunks = {}\n"
               "def read(name, stream): chunks[name] = stream.read()\n"
               "ts = [threading.Thread(target=read, args=('out', p.stdout)), threading.Thread(target=read, args=('err', p.stderr))]\n"
               "[t.start() for t in ts]\n"
               "_, status, usage = os.wait4(p.pid, 0)\n"
               "[t.join() for t in ts]\n"
               "sys.stdout.write(json.dumps({'status': status, 'rss_kib': usage.ru_maxrss,\n"
               "  'cpu_s': usage.ru_utime + usage.ru_stime,\n"
               "  'out': chunks['out'].decode('utf-8', 'replace'), 'err': chunks['err'].decode('utf-8', 'replace')}))\n")
    out, _ = run_child([sys.executable, "-c", wrapper] + command, env)
    result = json.loads(out)
    if result["status"] != 0:
        sys.exit(f"{command[0]} failed:\n{result['err']}")
    measured.cpu_seconds = result["cpu_s"]
    return result["out"], result["err"], result["rss_kib"] / 1024


def prompt_ids(model):
    import llama_cpp
    vocab = llama_cpp.Llama(model_path=model, vocab_only=True, verbose=False)
    text = ("The history of the region is long and complicated. Rivers changed their course, towns grew and "
            "shrank, and the people who lived there kept records of harvests, floods and festivals. ") * 40
    ids = vocab.tokenize(text.encode(), add_bos=True, special=False)
    if len(ids) < PROMPT_TOKENS:
        sys.exit("prompt text too short")
    return ids[:PROMPT_TOKENS]


def cpu_flags():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    name = line.split(":", 1)[1].strip()
                if line.startswith("flags"):
                    flags = line.split(":", 1)[1].split()
                    wanted = [x for x in flags if x.startswith(("avx", "fma", "f16c", "sse4", "amx"))]
                    return name, " ".join(sorted(wanted))
    except OSError:
        pass
    return "?", "?"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--model", default=DEFAULT_MODEL)
    parser.add_argument("--loupe", default=None, help="loupe binary (default: .build/release/loupe)")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=2, help="runs per engine; the best is kept")
    parser.add_argument("--cpu-time", action="store_true", help="one thread, prefill CPU seconds (see above)")
    args = parser.parse_args()
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    loupe = args.loupe or os.path.join(root, ".build", "release", "loupe")
    if not os.path.exists(loupe):
        sys.exit(f"{loupe} is missing: swift build -c release (or pass --loupe)")
    import llama_cpp
    ids = prompt_ids(args.model)
    name, flags = cpu_flags()
    print(f"model {os.path.basename(args.model)}, {PROMPT_TOKENS}-token prompt, {DECODE_TOKENS} decoded tokens, "
          f"{args.threads} threads, llama-cpp-python {llama_cpp.__version__}")
    print(f"cpu {name}; flags {flags}; load average {os.getloadavg()[0]:.1f}")

    if args.cpu_time:
        prefill_cpu_time(loupe, args.model, ids, args.repeat)
        return

    env = dict(os.environ, LOUPE_THREADS=str(args.threads))
    loupe_runs, llama_runs = [], []
    for _ in range(args.repeat):
        _, err, rss = measured([loupe, "generate", "--model", args.model, "--prompt-token-ids", " ".join(map(str, ids)),
                                "--max-tokens", str(DECODE_TOKENS), "--token-ids", "--stats"], env)
        stats = dict(field.split("=") for field in err.strip().splitlines()[-1].split())
        loupe_runs.append({"prefill": float(stats["prefill_tok_s"]), "decode": float(stats["decode_tok_s"]), "rss": rss})
        out, _, rss = measured([sys.executable, "-c", LLAMA_CHILD, args.model, str(args.threads), json.dumps(ids),
                                str(DECODE_TOKENS)])
        result = json.loads(out)
        llama_runs.append({"prefill": result["prefill_tok_s"], "decode": result["decode_tok_s"], "rss": rss})
    _, _, python_rss = measured([sys.executable, "-c", LLAMA_CHILD, "-", "0", "[]", "0"])

    def best(runs, key, high=True):
        return (max if high else min)(run[key] for run in runs)

    lp, ld, lr = best(loupe_runs, "prefill"), best(loupe_runs, "decode"), best(loupe_runs, "rss", False)
    cp, cd, cr = best(llama_runs, "prefill"), best(llama_runs, "decode"), best(llama_runs, "rss", False)
    print(f"{'':10s} {'prefill tok/s':>14s} {'decode tok/s':>13s} {'peak RSS MiB':>13s}")
    print(f"{'loupe':10s} {lp:14.1f} {ld:13.1f} {lr:13.1f}")
    print(f"{'llama.cpp':10s} {cp:14.1f} {cd:13.1f} {cr:13.1f}  (python + llama_cpp + numpy alone: {python_rss:.1f})")
    print(f"ratios loupe/llama.cpp: prefill {lp / cp:.2f} (target >= 1.0), decode {ld / cd:.2f} (target >= 1.25), "
          f"RSS {lr / cr:.2f} raw, {lr / max(cr - python_rss, 1):.2f} without the interpreter (target <= 1.0)")


def prefill_cpu_time(loupe, model, ids, repeat):
    env = dict(os.environ, LOUPE_THREADS="1", OMP_NUM_THREADS="1")

    def loupe_cpu(prompt):
        measured([loupe, "generate", "--model", model, "--prompt-token-ids", " ".join(map(str, prompt)),
                  "--max-tokens", "1", "--token-ids"], env)
        return measured.cpu_seconds

    def llama_cpu(prompt):
        measured([sys.executable, "-c", LLAMA_CHILD, model, "1", json.dumps(prompt), "1"], env)
        return measured.cpu_seconds

    seconds = {}
    for name, run in (("loupe", loupe_cpu), ("llama.cpp", llama_cpu)):
        full = min(run(ids) for _ in range(repeat))
        base = min(run(ids[:1]) for _ in range(repeat))
        seconds[name] = full - base
        print(f"{name:10s} prefill of {len(ids) - 1} more tokens: {seconds[name]:.3f} CPU s "
              f"({(len(ids) - 1) / seconds[name]:.1f} tok per CPU-second; whole run {full:.3f} s, 1-token run {base:.3f} s)")
    print(f"ratio loupe/llama.cpp prefill tokens per CPU-second: {seconds['llama.cpp'] / seconds['loupe']:.2f} (one thread each)")


if __name__ == "__main__":
    main()
