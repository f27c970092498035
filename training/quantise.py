"""python -m training.quantise --config training/configs/v3.yaml --out models/shuji-fm-v3-int8: the config's exported
model with its MatMul and Attention weights in int8 — onnxruntime.quantization.quantize_dynamic (per-tensor symmetric
int8 weights, activations quantised per batch at run time; Jacob et al. 2018, "Quantization and Training of Neural
Networks for Efficient Integer-Arithmetic-Only Inference") — written beside a copy of the tokenizer, and judged
against the float graph on the same persons: the golden inputs' outputs (largest difference per output) and the
held-out metrics as training.evaluate_onnx computes them, for both graphs, in <out>/metrics.json."""
from __future__ import annotations

import argparse
import hashlib
import json
import pickle
import shutil
from pathlib import Path

import numpy as np
import onnx
import onnxruntime as ort
import yaml

from .evaluate import evaluate_split
from .evaluate_onnx import onnx_predict
from .tokenizer import TokenizerSpec

REPO = Path(__file__).resolve().parent.parent


def quantise_int8(src: Path, out: Path) -> None:
    from onnxruntime.quantization import QuantType, quantize_dynamic

    # the com.microsoft Attention op hides its outputs' types from shape inference: float is the default
    quantize_dynamic(src, out, weight_type=QuantType.QInt8, extra_options={"DefaultTensorType": onnx.TensorProto.FLOAT})


def cached_samples(cfg: dict, spec: TokenizerSpec) -> dict:
    """The config's samples, from training.train's cache (same key) or built and cached as it does."""
    sampling = {k: cfg.get(k) for k in ["tokenizer", "train_every_min", "eval_every_min", "max_people", "t1d_train_start_min"]}
    key = hashlib.sha256(json.dumps(sampling, sort_keys=True).encode()).hexdigest()[:10]
    cache = REPO / "training" / "data" / f"samples-{cfg['name']}-{key}.pkl"
    if cache.exists() and cache.stat().st_mtime > (REPO / cfg["corpus"]).stat().st_mtime:
        with open(cache, "rb") as f:
            return pickle.load(f)
    from .train import load_splits

    splits, _ = load_splits(cfg, spec)
    with open(cache, "wb") as f:
        pickle.dump(splits, f)
    return splits


def golden_differences(float_path: Path, int8_path: Path, golden_path: Path) -> dict[str, float]:
    golden = json.loads(golden_path.read_text())
    feeds = {k: np.array(v["data"], np.int64 if k == "code" else np.float32).reshape(v["shape"]) for k, v in golden["inputs"].items()}
    opts = ort.SessionOptions()
    opts.intra_op_num_threads = 1
    a, b = (ort.InferenceSession(str(p), opts, providers=["CPUExecutionProvider"]) for p in (float_path, int8_path))
    names = [o.name for o in a.get_outputs()]
    return {n: float(np.max(np.abs(x - y))) for n, x, y in zip(names, a.run(names, feeds), b.run(names, feeds))}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--config", required=True)
    parser.add_argument("--out", required=True, help="folder for model.onnx (int8), tokenizer.json and metrics.json")
    args = parser.parse_args()
    cfg = yaml.safe_load(Path(args.config).read_text())
    spec = TokenizerSpec.load(REPO / cfg["tokenizer"])
    src_dir = REPO / cfg["out_dir"]
    out_dir = Path(args.out)
    out_dir.mkdir(parents=True, exist_ok=True)
    quantise_int8(src_dir / "model.onnx", out_dir / "model.onnx")
    shutil.copyfile(src_dir / "tokenizer.json", out_dir / "tokenizer.json")
    print(f"int8 model: {out_dir / 'model.onnx'} ({(out_dir / 'model.onnx').stat().st_size} bytes)", flush=True)
    golden = golden_differences(src_dir / "model.onnx", out_dir / "model.onnx", src_dir / "golden.json")
    print(f"golden inputs, largest |int8 − float| per output: {golden}", flush=True)
    splits = cached_samples(cfg, spec)
    result: dict = {"source": str(src_dir / "model.onnx"), "onnxruntime": ort.__version__, "golden_max_abs_diff": golden, "splits": {}}
    for split in ["test", "ood", "validation"]:
        if splits.get(split) is None:
            continue
        for graph, path in [("float", src_dir / "model.onnx"), ("int8", out_dir / "model.onnx")]:
            r = evaluate_split(None, {}, spec, splits[split], splits["train"], pred=onnx_predict(path, spec, splits[split]))
            result["splits"].setdefault(graph, {})[split] = {
                "cgm": {h: {"fm": v["fm"]} for h, v in r["cgm"].items()},
                "slow": r["slow"],
                "persons": r["persons"],
                "cgm_samples": r["cgm_samples"],
            }
    (out_dir / "metrics.json").write_text(json.dumps(result, indent=1) + "\n")
    # one line per quantity: float and int8 RMSE (coverage), and the relative change
    for split in result["splits"]["float"]:
        f, q = result["splits"]["float"][split], result["splits"]["int8"][split]
        pairs = [(f"CGM {h}", f["cgm"][h]["fm"]["rmse"], q["cgm"][h]["fm"]["rmse"], f["cgm"][h]["fm"]["coverage80"], q["cgm"][h]["fm"]["coverage80"]) for h in f["cgm"]]
        pairs += [(k, f["slow"][k]["fm_rmse"], q["slow"][k]["fm_rmse"], f["slow"][k]["fm_coverage80"], q["slow"][k]["fm_coverage80"]) for k in f["slow"]]
        for name, rf, rq, cf, cq in pairs:
            print(f"{split} {name}: float {rf:.4f} ({100 * cf:.1f} %), int8 {rq:.4f} ({100 * cq:.1f} %), {100 * (rq / rf - 1):+.2f} %")


if __name__ == "__main__":
    main()
