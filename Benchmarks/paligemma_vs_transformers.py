#!/usr/bin/env python3
"""Loupe's PaliGemma beside transformers on random weights of PaliGemma-3B-224's real shapes.

One run: a random float32 checkpoint with paligemma-3b-pt-224's shapes (SigLIP So400m/14 at 224 px,
Gemma 2B text stack, vocabulary 257216) is written in the Hub layout to a temporary folder; then
transformers (fp32, eager attention, 2 threads) and `loupe vlm --stats` each run the same image
and prompt ids, one after the other in their own process, and the script prints both and the
ratios (every ratio below is "Loupe over transformers", so < 1 is faster or smaller for times and RSS,
> 1 is faster for decode tok/s). Peak RSS comes from /usr/bin/time on each process (transformers'
includes building and saving the random model: it holds the float32 weights either way).

Needs ~12 GB of RAM per phase and ~12 GB of disk. Pinned: torch 2.13.0+cpu, transformers 5.24.0.
Usage: python3 Benchmarks/paligemma_vs_transformers.py [--loupe .build/release/loupe] [--tokens 8]
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

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
# 256 image tokens, then <bos> "caption en" "\n" in the tiny fixture tokenizer's ids (the random
# model does not care which ids; both sides get the same ones).
PROMPT_IDS = [2, 294, 304, 260]

TRANSFORMERS_PHASE = r'''
import json, os, resource, sys, time
import numpy as np, torch
from PIL import Image
from safetensors.torch import save_file
from transformers import PaliGemmaConfig, PaliGemmaForConditionalGeneration
torch.set_num_threads(2)
config_dict, folder, image_path, prompt_ids, tokens = json.loads(sys.argv[1])
config = PaliGemmaConfig(**{k: v for k, v in config_dict.items() if k != "model_type"})
torch.manual_seed(0)
with torch.no_grad():
    model = PaliGemmaForConditionalGeneration(config).eval()
    for name, p in model.named_parameters():
        if "norm" in name:
            p.normal_(0.0, 0.1)
        else:
            p.normal_(0.0, 0.02)
model.config._attn_implementation = "eager"
for sub in [model.config.text_config, model.config.vision_config]:
    sub._attn_implementation = "eager"
# Hub layout, float32 shards of about 2 GB.
def hub(name):
    for old, new in [("model.vision_tower.vision_model.", "vision_tower.vision_model."), ("model.vision_tower.", "vision_tower.vision_model."),
                     ("model.multi_modal_projector.", "multi_modal_projector."), ("model.language_model.", "language_model.model.")]:
        if name.startswith(old):
            return new + name[len(old):]
    return None
state = {hub(k): v.contiguous() for k, v in model.state_dict().items() if hub(k)}
shard, size, index, weight_map = {}, 0, 1, {}
def flush():
    global shard, size, index
    file = f"model-{index:05d}.safetensors"
    save_file(shard, os.path.join(folder, file), metadata={"format": "pt"})
    weight_map.update({n: file for n in shard})
    shard, size, index = {}, 0, index + 1
for name in sorted(state):
    shard[name] = state[name]
    size += state[name].numel() * 4
    if size > 2_000_000_000:
        flush()
if shard:
    flush()
json.dump({"metadata": {}, "weight_map": weight_map}, open(os.path.join(folder, "model.safetensors.index.json"), "w"))
json.dump(config_dict, open(os.path.join(folder, "config.json"), "w"))
del state

image = Image.open(image_path).convert("RGB").resize((224, 224), resample=Image.BICUBIC)
pixels = torch.from_numpy(((np.asarray(image, dtype=np.float32) / 255 - 0.5) / 0.5).transpose(2, 0, 1).copy())[None]
ids = torch.tensor([[config.image_token_index] * 256 + prompt_ids])
with torch.no_grad():
    start = time.perf_counter()
    features = model.model.get_image_features(pixels).pooler_output
    encode_ms = (time.perf_counter() - start) * 1000
    start = time.perf_counter()
    out = model(input_ids=ids, pixel_values=pixels, token_type_ids=torch.zeros_like(ids), use_cache=True, logits_to_keep=1)
    prefill_ms = (time.perf_counter() - start) * 1000 - encode_ms   # the forward encodes the image again
    cache = out.past_key_values
    next_id = out.logits[0, -1].argmax().item()
    generated = [next_id]
    start = time.perf_counter()
    for _ in range(tokens - 1):
        out = model(input_ids=torch.tensor([[next_id]]), cache=cache, use_cache=True)
        cache = out.past_key_values
        next_id = out.logits[0, -1].argmax().item()
        generated.append(next_id)
    decode_s = time.perf_counter() - start
print(json.dumps({"image_encode_ms": encode_ms, "prefill_ms": prefill_ms,
                  "decode_tok_s": (tokens - 1) / decode_s if tokens > 1 else 0, "tokens": generated}))
'''


def run(command, env=None):
    """Runs a process under /usr/bin/time; returns (stdout, stderr, peak RSS in MB)."""
    process = subprocess.run(["/usr/bin/time", "-f", "peak_rss_kb=%M"] + command, capture_output=True, env=env)
    stderr = process.stderr.decode()
    if process.returncode != 0:
        sys.exit(f"{command[0]} failed ({process.returncode}):\n{stderr[-3000:]}")
    peak = [line for line in stderr.splitlines() if line.startswith("peak_rss_kb=")][-1]
    return process.stdout.decode(), stderr, int(peak.split("=")[1]) / 1024


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--loupe", default=os.path.join(ROOT, ".build", "release", "loupe"))
    parser.add_argument("--tokens", type=int, default=8)
    parser.add_argument("--keep", help="write the checkpoint here and keep it")
    parser.add_argument("--q8", action="store_true", help="also run Loupe with --quantize q8_0")
    args = parser.parse_args()
    if not os.path.exists(args.loupe):
        sys.exit(f"{args.loupe}: build it first (swift build -c release --product loupe)")
    folder = args.keep or tempfile.mkdtemp(prefix="loupe-paligemma3b-")
    os.makedirs(folder, exist_ok=True)
    for file in ["tokenizer.json", "tokenizer_config.json"]:
        shutil.copy(os.path.join(FIXTURES, "tokenizer", file), os.path.join(folder, file))
    image = os.path.join(FIXTURES, "image.png")
    try:
        env = dict(os.environ, OMP_NUM_THREADS="2")
        payload = json.dumps([CONFIG, folder, image, PROMPT_IDS, args.tokens])
        # transformers first (it also writes the checkpoint), then Loupe.
        stdout, _, peak = run([sys.executable, "-c", TRANSFORMERS_PHASE, payload], env=env)
        reference = json.loads(stdout.strip().splitlines()[-1])
        reference["peak_rss_mb"] = peak

        def loupe_run(extra):
            command = [args.loupe, "vlm", "--model", folder, "--image", image,
                       "--prompt-token-ids", " ".join(map(str, PROMPT_IDS)), "--max-tokens", str(args.tokens),
                       "--token-ids", "--stats"] + extra
            stdout, stderr, peak = run(command, env=env)
            stats = dict(field.split("=") for line in stderr.splitlines() for field in line.split() if "=" in field)
            return {"image_encode_ms": float(stats["image_encode_ms"]), "prefill_ms": float(stats["prefill_ms"]),
                    "decode_tok_s": float(stats["decode_tok_s"]), "peak_rss_mb": peak,
                    "load_ms": float(stats["load_ms"]), "tokens": [int(t) for t in stdout.split()]}
        runs = [("loupe", loupe_run([]))] + ([("loupe q8_0", loupe_run(["--quantize", "q8_0"]))] if args.q8 else [])
    finally:
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)

    print("PaliGemma-3B-224 shapes, random float32 weights, 2 threads, 256 image + 4 text tokens")
    for label, loupe in runs:
        print(f"{'':18}{'transformers':>14}{label:>12}{label + '/transformers':>26}")
        for key in ["image_encode_ms", "prefill_ms", "decode_tok_s", "peak_rss_mb"]:
            print(f"{key:18}{reference[key]:14.1f}{loupe[key]:12.1f}{loupe[key] / reference[key]:26.2f}")
        print(f"{label} load_ms {loupe['load_ms']:.0f}; greedy tokens equal: {reference['tokens'] == loupe['tokens']} "
              f"(transformers {reference['tokens']}, {label} {loupe['tokens']})")


if __name__ == "__main__":
    main()
