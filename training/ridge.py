"""Same-context ridge baseline (issue 14): ridge regression (Hoerl & Kennard 1970, Technometrics 12:55) of the CGM
change at each horizon on exactly the model's input tokens, flattened — CGM patch values and masks, code one-hots,
event values, token times as sign·log1p(|h|) like the model, anchors — so it sees the same context as the FM and
differs only in being linear. The ridge weight is chosen on the validation persons from a fixed grid; the 10–90 %
interval comes from the training residuals (split-conformal style, as for the other baselines).

python -m training.ridge --config training/configs/v3.yaml: fits it on the config's cached samples and adds a
"ridge" row per horizon to <out_dir>/metrics.json (training from scratch is not needed).
"""
from __future__ import annotations

import argparse
import json
import pickle
from pathlib import Path

import numpy as np
import yaml

from .tokenizer import TokenizerSpec

REPO = Path(__file__).resolve().parent.parent
LAMBDAS = [0.1, 1.0, 10.0, 100.0, 1000.0, 10000.0]
MAX_TRAIN_ROWS = 60000


def features(samples: dict, vocab: int) -> np.ndarray:
    n = len(samples["code"])
    t = samples["time"]
    onehot = np.eye(vocab, dtype=np.float32)[samples["code"]].reshape(n, -1)
    return np.concatenate(
        [
            (samples["values"] * samples["value_mask"]).reshape(n, -1),
            samples["value_mask"].reshape(n, -1),
            np.sign(t) * np.log1p(np.abs(t)),
            samples["pad_mask"],
            onehot,
            samples["anchor"],
            samples["anchor_mask"],
            np.ones((n, 1), np.float32),
        ],
        axis=1,
    ).astype(np.float64)


def cgm_rows(samples: dict, h: int) -> np.ndarray:
    return (samples["anchor_mask"][:, 0] > 0) & (samples["cgm_target_mask"][:, h] > 0)


def fit(train: dict, validation: dict, spec: TokenizerSpec, seed: int = 0) -> dict:
    """Per horizon: weights for the normalised CGM change, the chosen λ and the training residual 10/90 % quantiles."""
    rng = np.random.default_rng(seed)
    model: dict = {"horizons": []}
    for h in range(len(spec.cgm_horizons_min)):
        rows = np.where(cgm_rows(train, h))[0]
        if len(rows) > MAX_TRAIN_ROWS:
            rows = np.sort(rng.choice(rows, MAX_TRAIN_ROWS, replace=False))
        sub = {k: v[rows] for k, v in train.items()}
        x = features(sub, spec.vocab_size)
        y = sub["cgm_target"][:, h] - sub["anchor"][:, 0]
        xtx, xty = x.T @ x, x.T @ y
        vrows = cgm_rows(validation, h)
        xv = features({k: v[vrows] for k, v in validation.items()}, spec.vocab_size)
        yv = validation["cgm_target"][vrows, h] - validation["anchor"][vrows, 0]
        best = None
        for lam in LAMBDAS:
            # the intercept (last column) is not shrunk
            reg = lam * np.eye(len(xtx))
            reg[-1, -1] = 0.0
            w = np.linalg.solve(xtx + reg, xty)
            err = float(np.sqrt(np.mean((xv @ w - yv) ** 2)))
            if best is None or err < best[0]:
                best = (err, lam, w)
        _, lam, w = best
        resid = y - x @ w
        model["horizons"].append({"lambda": lam, "w": w, "q10": float(np.quantile(resid, 0.1)), "q90": float(np.quantile(resid, 0.9))})
    return model


def evaluate(model: dict, samples: dict, spec: TokenizerSpec) -> dict[str, dict]:
    """RMSE (mg/dL) and 80 % coverage per horizon on the CGM-anchored samples of a split (as evaluate_split)."""
    sd, mu = spec.std[spec.cgm_code], spec.mean[spec.cgm_code]
    out = {}
    x = features(samples, spec.vocab_size)
    for h, minutes in enumerate(spec.cgm_horizons_min):
        m = cgm_rows(samples, h)
        if not m.any():
            continue
        p = model["horizons"][h]
        point = (samples["anchor"][m, 0] + x[m] @ p["w"]) * sd + mu
        y = samples["cgm_target"][m, h] * sd + mu
        lo, hi = point + p["q10"] * sd, point + p["q90"] * sd
        out[f"{minutes}min"] = {
            "rmse": float(np.sqrt(np.mean((point - y) ** 2))),
            "coverage80": float(np.mean((y >= lo) & (y <= hi))),
            "lambda": p["lambda"],
        }
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--config", required=True)
    args = parser.parse_args()
    cfg = yaml.safe_load(Path(args.config).read_text())
    spec = TokenizerSpec.load(REPO / cfg["tokenizer"])
    caches = sorted((REPO / "training" / "data").glob(f"samples-{cfg['name']}-*.pkl"), key=lambda p: p.stat().st_mtime)
    if not caches:
        raise SystemExit(f"no cached samples for {cfg['name']}: run training.train with this config first")
    with open(caches[-1], "rb") as f:
        splits = pickle.load(f)
    model = fit(splits["train"], splits["validation"], spec, cfg["seed"])
    path = REPO / cfg["out_dir"] / "metrics.json"
    metrics = json.loads(path.read_text())
    for split in ["test", "ood", "validation"]:
        if splits.get(split) is None or split not in metrics["splits"]:
            continue
        for h, row in evaluate(model, splits[split], spec).items():
            metrics["splits"][split]["cgm"][h]["ridge"] = row
            print(split, h, row, flush=True)
    path.write_text(json.dumps(metrics, indent=2) + "\n")


if __name__ == "__main__":
    main()
