"""python -m training.evaluate_onnx --config training/configs/v3.yaml [--quantise-int8] [model.onnx]: the held-out
metrics of an exported ONNX file (default <out_dir>/model.onnx) on the config's cached samples, computed exactly as
training.evaluate does for the JAX model, so that a graph rewrite — here int8 dynamic quantisation of the MatMul
weights with onnxruntime.quantization (per-tensor, activations quantised per batch at run time) — is judged by the
same numbers; also to score a committed model on today's corpus (samples built and cached as training.train does when
missing). Prints the FM's CGM RMSE and 80 % coverage per
horizon and the slow codes' RMSE per split as JSON.

--ood-corpus PATH scores the OOD persons of another corpus (e.g. `npm run corpus -- --out training/data/ood-weight
--t1d 0 --slow 2400 --seed 2`: 130 weight persons ≥ 110 kg, by the same rule) instead of the config's OOD split; the
baselines' intervals still come from the config's own training samples."""
from __future__ import annotations

import argparse
import json
import tempfile
from pathlib import Path

import numpy as np
import onnxruntime as ort
import yaml

from .dataset import build_samples, read_corpus
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
    parser.add_argument("--ood-corpus", help="score this corpus's OOD persons (optionally --ood-kind only) as the OOD split")
    parser.add_argument("--ood-kind", help="with --ood-corpus: only persons of this kind (e.g. weight)")
    parser.add_argument("model", nargs="?")
    args = parser.parse_args()
    cfg = yaml.safe_load(Path(args.config).read_text())
    spec = TokenizerSpec.load(REPO / cfg["tokenizer"])
    path = Path(args.model) if args.model else REPO / cfg["out_dir"] / "model.onnx"
    from .quantise import cached_samples  # quantise imports onnx_predict from here

    splits = cached_samples(cfg, spec)
    splits_to_score = ["test", "ood", "validation"]
    if args.ood_corpus:
        people = [p for p in read_corpus(args.ood_corpus) if p["split"] == "ood" and (not args.ood_kind or p["kind"] == args.ood_kind)]
        splits = {**splits, "ood": build_samples(people, spec, cfg["eval_every_min"])}
        splits_to_score = ["ood"]
    if args.quantise_int8:
        from .quantise import quantise_int8

        out = Path(tempfile.mkdtemp()) / "model.int8.onnx"
        quantise_int8(path, out)
        print(f"int8 model: {out} ({out.stat().st_size} bytes)", flush=True)
        path = out
    result = {}
    for split in splits_to_score:
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
