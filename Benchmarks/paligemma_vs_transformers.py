#!/usr/bin/env python3
"""One PaliGemma "detect" call, Loupe beside transformers, on random weights of PaliGemma-3B-224's shapes.

    swift build -c release --product loupe
    python3 Benchmarks/paligemma_vs_transformers.py

Phases, each its own process, one after the other (each needs up to ~12 GB of RAM):
  1. a random float32 checkpoint with paligemma-3b-pt-224's shapes (SigLIP So400m/14 at 224 px,
     Gemma 2B text stack, vocabulary 257216, tied output head) is written in the Hub layout
     (~11.7 GB; a temporary folder unless --checkpoint names one to keep and reuse);
  2. transformers 5.24.0 / torch 2.13.0+cpu, float32, eager attention, 2 threads, loads it with
     from_pretrained and answers one detect call;
  3. `loupe vlm` answers the same call with the float32 weights as stored;
  4. `loupe vlm --quantize q8_0` answers it with the matrices converted to Q8_0 at load.

The detect call: the test image at 224 px (256 image tokens), then 6 text tokens (BOS, 4 prompt
tokens, "\\n": the length of "detect cat ; dog" in PaliGemma's tokenizer; the ids are arbitrary, the
weights are random), then 12 greedy tokens, the length of a two-object answer
(4 <loc> + " cat" + " ;" + 4 <loc> + " dog" + <eos>); both engines generate exactly 12, ignoring <eos>.
Times: image encode (SigLIP + projector), prefill (the text stack over 262 positions, to the first
token), decode (the 11 further tokens), and the call = the three together (transformers' forward
runs the encoder inside; hooks on its vision tower and projector split it out). Loading is timed
but not part of the call. call_cpu_ms: CPU time of all the process's threads during the call (user +
system; threads that spin while waiting count too, in both engines): the figure to compare when
other jobs share the cores and stretch wall times unevenly. Peak RSS: /usr/bin/time's maximum resident set of the whole process
(loading included; file-backed pages of mapped weights count).

Ratios: "speed-up" = transformers time / Loupe time (> 1: Loupe faster); "RSS ratio" = Loupe /
transformers (< 1: Loupe smaller). Accuracy: the logits of every step where both engines have
chosen the same tokens so far, as max |difference| over max |logit| against transformers, and the
greedy tokens' common prefix.
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile

import numpy as np

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
FIXTURES = os.path.join(ROOT, "Tests", "VLMTests", "Fixtures", "paligemma")

CONFIG = {
    "model_type": "paligemma", "image_token_index": 257152, "vocab_size": 257216, "projection_dim": 2048,
    "hidden_size": 2048, "tie_word_embeddings": True,
    "vision_config": {"model_type": "siglip_vision_model", "hidden_size": 1152, "intermediate_size": 4304,
                      "num_hidden_layers": 27, "num_attention_heads": 16, "image_size": 224, "patch_size": 14,
                      "layer_norm_eps": 1e-6, "hidden_act": "gelu_pytorch_tanh", "vision_use_head": False},
    "text_config": {"model_type": "gemma", "hidden_size": 2048, "intermediate_size": 16384, "num_hidden_layers": 18,
                    "num_attention_heads": 8, "num_key_value_heads": 1, "head_dim": 256, "vocab_size": 257216,
                    "rms_norm_eps": 1e-6, "rope_theta": 10000.0, "max_position_embeddings": 8192,
                    "hidden_activation": "gelu_pytorch_tanh"},
}
PROMPT_IDS = [2, 1000, 2000, 3000, 4000, 108]
NEW_TOKENS = 12
SEED = 0

WRITE_CHECKPOINT = r'''
import json, os, sys
import torch
from safetensors.torch import save_file
from transformers import PaliGemmaConfig, PaliGemmaForConditionalGeneration
config_dict, folder, seed = json.loads(sys.argv[1])
config = PaliGemmaConfig(**{k: v for k, v in config_dict.items() if k != "model_type"})
with torch.device("meta"):
    shapes = {name: tuple(p.shape) for name, p in PaliGemmaForConditionalGeneration(config).state_dict().items()}
def hub(name):   # transformers-5 names -> the Hub files' names
    for old, new in [("model.vision_tower.vision_model.", "vision_tower.vision_model."), ("model.vision_tower.", "vision_tower.vision_model."),
                     ("model.multi_modal_projector.", "multi_modal_projector."), ("model.language_model.", "language_model.model.")]:
        if name.startswith(old):
            return new + name[len(old):]
    return None   # lm_head: tied to the embedding, not stored
generator = torch.Generator().manual_seed(seed)
def random(name, shape):
    values = torch.empty(shape)
    if "layer_norm" in name or "post_layernorm" in name:      # SigLIP LayerNorm scales around 1
        return values.normal_(1.0, 0.1, generator=generator)
    if "norm" in name:                                        # Gemma RMSNorm stores w of (1 + w)
        return values.normal_(0.0, 0.1, generator=generator)
    return values.normal_(0.0, 0.02, generator=generator)
shard, size, index, weight_map = {}, 0, 1, {}
def flush():
    global shard, size, index
    file = f"model-{index:05d}.safetensors"
    save_file(shard, os.path.join(folder, file), metadata={"format": "pt"})
    weight_map.update({n: file for n in shard})
    shard, size, index = {}, 0, index + 1
for name in sorted(n for n in shapes if hub(n)):
    shard[hub(name)] = random(name, shapes[name])
    size += shard[hub(name)].numel() * 4
    if size > 2_000_000_000:
        flush()
if shard:
    flush()
json.dump({"metadata": {}, "weight_map": weight_map}, open(os.path.join(folder, "model.safetensors.index.json"), "w"))
json.dump(config_dict, open(os.path.join(folder, "config.json"), "w"))
'''

TRANSFORMERS_DETECT = r'''
import json, sys, time
import numpy as np, torch
from PIL import Image
from transformers import PaliGemmaForConditionalGeneration
torch.set_num_threads(2)
folder, image_path, prompt_ids, new_tokens, logits_path = json.loads(sys.argv[1])
start = time.perf_counter()
model = PaliGemmaForConditionalGeneration.from_pretrained(folder, dtype=torch.float32, attn_implementation="eager").eval()
# from_pretrained can leave float32 weights as views of the mapped files; read every one now, as
# Loupe's float load does, so neither engine's call pays for paging the checkpoint in.
with torch.no_grad():
    for parameter in model.parameters():
        parameter.sum()
load_ms = (time.perf_counter() - start) * 1000
image = Image.open(image_path).convert("RGB").resize((224, 224), resample=Image.BICUBIC)
pixels = torch.from_numpy(((np.asarray(image, dtype=np.float32) / 255 - 0.5) / 0.5).transpose(2, 0, 1).copy())[None]
ids = torch.tensor([[model.config.image_token_id] * 256 + prompt_ids])
marks = {}
def mark(name):
    def hook(*_):   # returns None: a hook's return value would replace the module's input or output
        marks.setdefault(name, time.perf_counter())
    return hook
model.model.vision_tower.register_forward_pre_hook(mark("encode_start"))
model.model.multi_modal_projector.register_forward_hook(mark("encode_end"))
steps = []
with torch.no_grad():
    cpu_start = time.process_time()
    start = time.perf_counter()
    out = model(input_ids=ids, pixel_values=pixels, token_type_ids=torch.zeros_like(ids), use_cache=True, logits_to_keep=1)
    first = time.perf_counter()
    cache = out.past_key_values
    steps.append(out.logits[0, -1].float().numpy().copy())
    generated = [int(out.logits[0, -1].argmax())]
    while len(generated) < new_tokens:
        out = model(input_ids=torch.tensor([[generated[-1]]]), cache=cache, use_cache=True)
        cache = out.past_key_values
        steps.append(out.logits[0, -1].float().numpy().copy())
        generated.append(int(out.logits[0, -1].argmax()))
    end = time.perf_counter()
    call_cpu_ms = (time.process_time() - cpu_start) * 1000
assert cache.get_seq_length() == ids.shape[1] + new_tokens - 1, "the decoding loop did not use the cache"
np.save(logits_path, np.stack(steps))
encode_ms = (marks["encode_end"] - marks["encode_start"]) * 1000
print(json.dumps({"load_ms": load_ms, "image_encode_ms": encode_ms, "prefill_ms": (first - start) * 1000 - encode_ms,
                  "decode_ms": (end - first) * 1000, "call_cpu_ms": call_cpu_ms, "tokens": generated}))
'''


def run(command, env):
    """Runs a process under /usr/bin/time; returns (stdout, stderr, peak RSS in MiB, CPU seconds)."""
    process = subprocess.run(["/usr/bin/time", "-f", "peak_rss_kb=%M cpu_s=%U+%S"] + command, capture_output=True, env=env)
    stderr = process.stderr.decode()
    if process.returncode != 0:
        sys.exit(f"{command[0]} failed ({process.returncode}):\n{stderr[-3000:]}")
    fields = dict(f.split("=") for f in [line for line in stderr.splitlines() if line.startswith("peak_rss_kb=")][-1].split())
    return process.stdout.decode(), stderr, int(fields["peak_rss_kb"]) / 1024, sum(map(float, fields["cpu_s"].split("+")))


def write_checkpoint(folder, env):
    """Writes the random checkpoint unless `folder` already holds this script's one."""
    marker = os.path.join(folder, "loupe-benchmark.json")
    recipe = {"config": CONFIG, "seed": SEED}
    if os.path.exists(marker) and json.load(open(marker)) == recipe:
        return
    os.makedirs(folder, exist_ok=True)
    run([sys.executable, "-c", WRITE_CHECKPOINT, json.dumps([CONFIG, folder, SEED])], env)
    for file in ["tokenizer.json", "tokenizer_config.json"]:
        shutil.copy(os.path.join(FIXTURES, "tokenizer", file), os.path.join(folder, file))
    json.dump(recipe, open(marker, "w"))


def relative_difference(logits, reference, steps):
    """max |logits - reference| / max |reference| over the first `steps` steps."""
    if steps == 0:
        return float("nan")
    return float(np.abs(logits[:steps] - reference[:steps]).max() / np.abs(reference[:steps]).max())


def common_prefix(a, b):
    count = 0
    for x, y in zip(a, b):
        if x != y:
            break
        count += 1
    return count


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--loupe", default=os.path.join(ROOT, ".build", "release", "loupe"))
    parser.add_argument("--checkpoint", help="write the random checkpoint here and keep it (reused when present)")
    args = parser.parse_args()
    if not os.path.exists(args.loupe):
        sys.exit(f"{args.loupe}: build it first (swift build -c release --product loupe)")
    scratch = tempfile.mkdtemp(prefix="loupe-paligemma3b-")
    folder = args.checkpoint or os.path.join(scratch, "checkpoint")
    image = os.path.join(FIXTURES, "image.png")
    env = dict(os.environ, OMP_NUM_THREADS="2", LOUPE_THREADS="2")
    try:
        write_checkpoint(folder, env)
        reference_logits = os.path.join(scratch, "transformers.npy")
        stdout, _, peak, cpu = run([sys.executable, "-c", TRANSFORMERS_DETECT,
                                    json.dumps([folder, image, PROMPT_IDS, NEW_TOKENS, reference_logits])], env)
        results = [("transformers", dict(json.loads(stdout.strip().splitlines()[-1]), peak_rss_mb=peak, process_cpu_s=cpu))]
        logits = {"transformers": np.load(reference_logits)}
        for label, extra in [("loupe f32", []), ("loupe q8_0", ["--quantize", "q8_0"])]:
            logits_path = os.path.join(scratch, label.replace(" ", "-") + ".f32")
            stdout, stderr, peak, cpu = run([args.loupe, "vlm", "--model", folder, "--image", image,
                                        "--prompt-token-ids", " ".join(map(str, PROMPT_IDS)),
                                        "--max-tokens", str(NEW_TOKENS), "--ignore-eos", "--token-ids", "--stats",
                                        "--logits-out", logits_path] + extra, env)
            stats = dict(field.split("=") for line in stderr.splitlines() if line.startswith("load_ms=")
                         for field in line.split())
            results.append((label, {"load_ms": float(stats["load_ms"]), "image_encode_ms": float(stats["image_encode_ms"]),
                                    "prefill_ms": float(stats["prefill_ms"]), "decode_ms": float(stats["decode_ms"]),
                                    "call_cpu_ms": float(stats["call_cpu_ms"]),
                                    "peak_rss_mb": peak, "process_cpu_s": cpu, "tokens": [int(t) for t in stdout.split()]}))
            logits[label] = np.fromfile(logits_path, dtype=np.float32).reshape(NEW_TOKENS, CONFIG["vocab_size"])
    finally:
        shutil.rmtree(scratch, ignore_errors=True)

    for _, r in results:
        r["call_ms"] = r["image_encode_ms"] + r["prefill_ms"] + r["decode_ms"]
        r["decode_tok_s"] = (NEW_TOKENS - 1) / (r["decode_ms"] / 1000)
    reference = results[0][1]
    print(f"PaliGemma-3B-224 shapes, random float32 weights, 2 threads; detect call = 256 image + "
          f"{len(PROMPT_IDS)} text tokens, {NEW_TOKENS} generated")
    print(f"{'':16}" + "".join(f"{label:>14}" for label, _ in results)
          + "".join(f"{'tf/' + label[6:]:>12}" for label, _ in results[1:]))
    for key, unit in [("image_encode_ms", "ms"), ("prefill_ms", "ms"), ("decode_ms", "ms"), ("decode_tok_s", "tok/s"),
                      ("call_ms", "ms"), ("call_cpu_ms", "ms"), ("load_ms", "ms"), ("peak_rss_mb", "MiB")]:
        row = f"{key:16}" + "".join(f"{r[key]:14.1f}" for _, r in results)
        for _, r in results[1:]:
            # Times: transformers / Loupe (speed-up). Rates: Loupe / transformers. RSS: Loupe / transformers.
            ratio = r[key] / reference[key] if key in ("decode_tok_s", "peak_rss_mb") else reference[key] / r[key]
            row += f"{ratio:12.2f}"
        print(row)
    print("ratios: times and tok/s as speed-up over transformers (> 1 faster); peak_rss_mb as Loupe / transformers")
    # CPU time (every thread, user + system) barely moves when other jobs share the cores, where wall
    # times do: on a busy machine compare call_cpu_ms; on a quiet one call_ms is the figure.
    print("process CPU seconds (user + system, loading included): "
          + ", ".join(f"{label} {r['process_cpu_s']:.1f}" for label, r in results))
    for label, r in results[1:]:
        same = common_prefix(r["tokens"], reference["tokens"])
        # Step i's logits are comparable while the tokens fed so far agree (steps 0..same).
        steps = min(same + 1, NEW_TOKENS)
        print(f"{label}: greedy tokens agree with transformers for {same}/{NEW_TOKENS}; logits over {steps} step(s): "
              f"max |diff| / max |logit| = {relative_difference(logits[label], logits['transformers'], steps):.2e}")
    same = common_prefix(results[2][1]["tokens"], results[1][1]["tokens"])
    steps = min(same + 1, NEW_TOKENS)
    print(f"loupe q8_0 against loupe f32: tokens agree for {same}/{NEW_TOKENS}; logits over {steps} step(s): "
          f"max |diff| / max |logit| = {relative_difference(logits['loupe q8_0'], logits['loupe f32'], steps):.2e}")
    print("tokens: " + "; ".join(f"{label} {r['tokens']}" for label, r in results))


if __name__ == "__main__":
    main()
