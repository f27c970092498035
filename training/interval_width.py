"""python -m training.interval_width --config CONFIG MODEL_DIR [MODEL_DIR …] (models of that config's tokeniser): why a
model's intervals miss (issue 18; v3's card, "Weight oversampling × 2 and 3,000 steps"). A diagnostic: it changes no
model. Post-hoc widening of the interval around the median by a factor k is the scale form of conformalised quantile
regression (Romano, Patterson & Candès 2019, "Conformalized Quantile Regression", NeurIPS).
- CGM, per horizon: the k that gives 80 % on the validation split, and what it gives on test and OOD.
- Body weight, per horizon, on two OOD weight sets of 130 persons ≥ 110 kg (tuning: `npm run corpus -- --out
  training/data/ood-weight-tune --t1d 0 --slow 2400 --seed 3`; judged: the seed-2 set of evaluate_onnx): the median's
  bias and RMSE (kg), the mean 10–90 % width and where the misses fall; then two widenings, each fitted on the tuning
  set only (80 % there) and read on validation, test and both sets: a constant k and a size rule
  k = max(1, (last weigh-in / REF_KG)^g)."""
from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
import yaml

from .dataset import build_samples, read_corpus
from .evaluate_onnx import onnx_predict
from .quantise import cached_samples
from .tokenizer import TokenizerSpec

REPO = Path(__file__).resolve().parent.parent
WEIGHT = "29463-7"
REF_KG = 75.0  # median last weigh-in of the corpus's validation and test weight persons


def widened_coverage(y: np.ndarray, q: np.ndarray, k: np.ndarray | float) -> float:
    """Coverage of [q50 − k (q50 − q10), q50 + k (q90 − q50)]."""
    return float(np.mean((y >= q[:, 1] - k * (q[:, 1] - q[:, 0])) & (y <= q[:, 1] + k * (q[:, 2] - q[:, 1]))))


def fit(grid: np.ndarray, coverage_of) -> float:
    """The grid value whose coverage is nearest 80 %."""
    return float(grid[int(np.argmin([abs(coverage_of(x) - 0.80) for x in grid]))])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--config", required=True)
    parser.add_argument("--tune", default="training/data/ood-weight-tune/corpus.jsonl")
    parser.add_argument("--ood", default="training/data/ood-weight/corpus.jsonl")
    parser.add_argument("models", nargs="+")
    args = parser.parse_args()
    cfg = yaml.safe_load(Path(args.config).read_text())
    spec = TokenizerSpec.load(REPO / cfg["tokenizer"])
    cached = cached_samples(cfg, spec)

    def ood(path: str) -> dict:
        return build_samples([p for p in read_corpus(REPO / path) if p["split"] == "ood" and p["kind"] == "weight"], spec, cfg["eval_every_min"])

    sets = {"validation": cached["validation"], "test": cached["test"], "tune130": ood(args.tune), "ood130": ood(args.ood)}
    cgm_sets = {name: cached[name] for name in ["validation", "test", "ood"]}
    j, sd, mu = spec.slow_codes.index(WEIGHT), spec.std[WEIGHT], spec.mean[WEIGHT]
    for model in args.models:
        print(f"## {model}")
        cgm = {}
        for name, s in cgm_sets.items():
            pred = onnx_predict(Path(model) / "model.onnx", spec, s)
            for h in range(len(spec.cgm_horizons_min)):
                m = s["cgm_target_mask"][:, h] > 0
                cgm[name, h] = (s["cgm_target"][m, h], pred["cgm"][m, h])
        for h, minutes in enumerate(spec.cgm_horizons_min):
            k = fit(np.linspace(0.8, 2.0, 121), lambda x: widened_coverage(*cgm["validation", h], x))
            print(f"CGM {minutes} min, k = {k:.2f} (validation): " + " | ".join(f"{n} {100 * widened_coverage(*cgm[n, h], 1.0):.0f} → {100 * widened_coverage(*cgm[n, h], k):.0f} %" for n in cgm_sets))
        res = {}
        for name, s in sets.items():
            pred = onnx_predict(Path(model) / "model.onnx", spec, s)
            for h in range(len(spec.slow_horizons_days)):
                m = s["slow_target_mask"][:, j, h] > 0
                res[name, h] = (s["slow_target"][m, j, h] * sd, pred["slow"][m, j, h] * sd, s["anchor"][m, 1 + j] * sd + mu)
        for h, days in enumerate(spec.slow_horizons_days):
            y, q, a = res["ood130", h]
            e = q[:, 1] - y
            print(f"{days} d, ood130: bias {e.mean():+.3f} kg, RMSE {np.sqrt(np.mean(e ** 2)):.3f}, width {np.mean(q[:, 2] - q[:, 0]):.2f} kg, "
                  f"below {100 * np.mean(y < q[:, 0]):.0f} %, above {100 * np.mean(y > q[:, 2]):.0f} %")
            k = fit(np.linspace(0.8, 2.0, 121), lambda x: widened_coverage(*res["tune130", h][:2], x))
            g = fit(np.linspace(0.0, 2.0, 201), lambda x: widened_coverage(*res["tune130", h][:2], np.maximum(1.0, (res["tune130", h][2] / REF_KG) ** x)))
            for label, rule in [(f"k = {k:.2f}", lambda a: k), (f"size rule g = {g:.2f}", lambda a: np.maximum(1.0, (a / REF_KG) ** g))]:
                print(f"   {label}: " + " | ".join(f"{n} {100 * widened_coverage(*res[n, h][:2], 1.0):.0f} → {100 * widened_coverage(*res[n, h][:2], rule(res[n, h][2])):.0f} %" for n in sets))


if __name__ == "__main__":
    main()
