"""python -m training.evaluate_onnx --config training/configs/v3.yaml [--quantise-int8] [model.onnx]: the held-out
metrics of an exported ONNX file (default <out_dir>/model.onnx) on the config's cached samples, computed exactly as
training.evaluate does for the JAX model, so that a graph rewrite — here int8 dynamic quantisation of the MatMul
weights with onnxruntime.quantization (per-tensor, activations quantised per batch at run time) — is judged by the
same numbers; also to score a committed model on today's corpus. Prints the FM's CGM RMSE and 80 % coverage per
horizon and the slow codes' RMSE per split as JSON."""
from __future__ import annotations

import argparse
import json
import pickle
import tempfile
from pathlib import Path

import numpy as np
import onnxruntime as ort
import yaml

from .evaluate import evaluate_split
from .tokenizer import INPUT_NAMES, TokenizerSpec

REPO = Path(__file__).resolve().parent.parent


def onnx_predict(path: Path, spec: TokenizerSpec, samples: dict, batch: int = 1024) -> dict[str, np.ndarray]:
    opts = ort.SessionOptions()
    opts.intra_op_num_threads = 1
    session = ort.InferenceSession(str(path), opts, providers=["CPUExecutionProvider"])
    cgm, slow = [], []
    for i in range(0, len(samples["code"]), batch):
        out = session.run(["cgm_quantiles", "slow_quantiles"], {k: samples[k][i : i + batch] for k in INPUT_NAMES})
        cgm.append(out[0])
        slow.append(out[1])
    sd = np.array([spec.std[c] for c in spec.slow_codes], np.float32).reshape(1, -1, 1, 1)
    mu = np.array([spec.mean[c] for c in spec.slow_codes], np.float32).reshape(1, -1, 1, 1)
    return {
        "cgm": (np.concatenate(cgm) - spec.mean[spec.cgm_code]) / spec.std[spec.cgm_code],
        "slow": (np.concatenate(slow) - mu) / sd,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--config", required=True)
    parser.add_argument("--quantise-int8", action="store_true")
    parser.add_argument("--out", help="write the metrics here, shaped like metrics.json's splits (for training.seeds)")
    parser.add_argument("model", nargs="?")
    args = parser.parse_args()
    cfg = yaml.safe_load(Path(args.config).read_text())
    spec = TokenizerSpec.load(REPO / cfg["tokenizer"])
    path = Path(args.model) if args.model else REPO / cfg["out_dir"] / "model.onnx"
    caches = sorted((REPO / "training" / "data").glob(f"samples-{cfg['name']}-*.pkl"), key=lambda p: p.stat().st_mtime)
    if not caches:
        raise SystemExit(f"no cached samples for {cfg['name']}: run training.train with this config first")
    with open(caches[-1], "rb") as f:
        splits = pickle.load(f)
    if args.quantise_int8:
        from .quantise import quantise_int8

        out = Path(tempfile.mkdtemp()) / "model.int8.onnx"
        quantise_int8(path, out)
        print(f"int8 model: {out} ({out.stat().st_size} bytes)", flush=True)
        path = out
    result = {}
    for split in ["test", "ood", "validation"]:
        if splits.get(split) is None:
            continue
        pred = onnx_predict(path, spec, splits[split])
        r = evaluate_split(None, {}, spec, splits[split], splits["train"], pred=pred)
        result[split] = {"cgm": {h: {"fm": v["fm"]} for h, v in r["cgm"].items()}, "slow": r["slow"], "persons": r["persons"], "cgm_samples": r["cgm_samples"]}
    print(json.dumps(result, indent=1))
    if args.out:
        Path(args.out).write_text(json.dumps({"model": str(path), "splits": result}, indent=1) + "\n")


if __name__ == "__main__":
    main()
