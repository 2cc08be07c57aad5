#!/usr/bin/env python3
"""Writes the committed seed corpus for the loader fuzzers (Fuzz/corpus/): small GGUF files from
the gguf package's writer (pinned gguf==0.19.0) covering every metadata value type, nested arrays,
v2 and v3, custom alignment and each weight type; safetensors seeds are the package-written test
fixtures plus a BF16 one; npz seeds are numpy-written (2.4.6) stored and deflated archives of
float16/32/64 arrays in both byte orders and C or Fortran order, and two bare .npy files.
"""
import os
import shutil
import struct
from importlib.metadata import version

import numpy as np
import gguf

assert version("gguf") == "0.19.0"
HERE = os.path.dirname(os.path.abspath(__file__))
GGUF_DIR = os.path.join(HERE, "corpus", "gguf")
ST_DIR = os.path.join(HERE, "corpus", "safetensors")
NPZ_DIR = os.path.join(HERE, "corpus", "npz")
FIXTURES = os.path.join(HERE, "..", "Tests", "VLMTests", "Fixtures", "safetensors")


def write_gguf(name, tensor_types, alignment=None, version_=3):
    path = os.path.join(GGUF_DIR, name)
    writer = gguf.GGUFWriter(path, "gemma3")
    if alignment:
        writer.add_custom_alignment(alignment)
    writer.add_uint8("t.u8", 7)
    writer.add_int8("t.i8", -7)
    writer.add_uint16("t.u16", 700)
    writer.add_int16("t.i16", -700)
    writer.add_uint32("t.u32", 70000)
    writer.add_int32("t.i32", -70000)
    writer.add_uint64("t.u64", 1 << 40)
    writer.add_int64("t.i64", -(1 << 40))
    writer.add_float32("t.f32", 1.5)
    writer.add_float64("t.f64", 2.5)
    writer.add_bool("t.bool", True)
    writer.add_string("t.str", "héllo")
    writer.add_array("t.strings", ["<pad>", "<eos>", "▁a"])
    writer.add_array("t.floats", [0.0, -1.0, 2.5])
    writer.add_array("t.nested", [[1, 2], [3]])
    rng = np.random.default_rng(1)
    for i, qtype in enumerate(tensor_types):
        rows = rng.standard_normal((2, 256)).astype(np.float32)
        if qtype == gguf.GGMLQuantizationType.F32:
            writer.add_tensor(f"t{i}", rows)
        elif qtype == gguf.GGMLQuantizationType.F16:
            writer.add_tensor(f"t{i}", rows.astype(np.float16))
        elif qtype in (gguf.GGMLQuantizationType.Q4_K, gguf.GGMLQuantizationType.Q6_K):
            size = gguf.constants.GGML_QUANT_SIZES[qtype][1]
            raw = rng.integers(0, 256, size=(2, size), dtype=np.uint8)
            writer.add_tensor(f"t{i}", raw, raw_dtype=qtype)
        else:
            raw = gguf.quants.quantize(rows, qtype)
            writer.add_tensor(f"t{i}", raw, raw_dtype=qtype)
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()
    if version_ != 3:
        with open(path, "r+b") as f:
            f.seek(4)
            f.write(struct.pack("<I", version_))


def main():
    os.makedirs(GGUF_DIR, exist_ok=True)
    os.makedirs(ST_DIR, exist_ok=True)
    T = gguf.GGMLQuantizationType
    write_gguf("floats.gguf", [T.F32, T.F16])
    write_gguf("blocks32.gguf", [T.Q4_0, T.Q5_0, T.Q8_0])
    write_gguf("kquants.gguf", [T.Q4_K, T.Q6_K], alignment=64)
    write_gguf("v2.gguf", [T.Q8_0], version_=2)
    write_gguf("empty.gguf", [])
    shutil.copy(os.path.join(FIXTURES, "single", "model.safetensors"), os.path.join(ST_DIR, "single.safetensors"))
    for shard in ("model-00001-of-00002.safetensors", "model-00002-of-00002.safetensors"):
        shutil.copy(os.path.join(FIXTURES, "sharded", shard), os.path.join(ST_DIR, shard))
    header = b'{"w":{"dtype":"BF16","shape":[2,2],"data_offsets":[0,8]},"__metadata__":{"k":"v"}}'
    with open(os.path.join(ST_DIR, "bf16.safetensors"), "wb") as f:
        f.write(struct.pack("<Q", len(header)) + header + bytes(range(8)))
    os.makedirs(NPZ_DIR, exist_ok=True)
    values = np.arange(12, dtype=np.float32).reshape(3, 4) - 5.5
    arrays = {"_vq_vae._embedding": values, "decoder.0.bias": values[0].astype(">f8"),
              "half": values.astype(np.float16), "fortran": np.asfortranarray(values), "scalar": np.float32(2.5)}
    np.savez(os.path.join(NPZ_DIR, "stored.npz"), **arrays)
    np.savez_compressed(os.path.join(NPZ_DIR, "deflated.npz"), **arrays)
    np.save(os.path.join(NPZ_DIR, "fortran.npy"), arrays["fortran"])
    np.save(os.path.join(NPZ_DIR, "big-endian.npy"), arrays["decoder.0.bias"])


if __name__ == "__main__":
    main()
