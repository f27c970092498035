"""python -m training.hybrid_fm MODEL_DIR [MODEL_DIR …] [--drop CODE …] [--last-events K]: the FM alone on the hybrid's
virtual patients (`npm run corpus:hybrid` → training/data/hybrid/{tuning,held-out,ood}.jsonl), scored as
`npm run validate:hybrid` scores its FM row (every 15 min of the last day, the reading at 30/60/120 min; the same
figures to 0.1 mg/dL) in seconds instead of minutes, so that candidates are chosen on the tuning cohort.
Diagnostics: --drop leaves a code out of every timeline (e.g. 2339-0, the fingersticks); --last-events K masks all
but the K most recent event tokens (what a layout with fewer event tokens would keep, on the same model)."""
from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np

from .dataset import build_samples, read_corpus
from .evaluate_onnx import onnx_predict
from .tokenizer import TokenizerSpec

REPO = Path(__file__).resolve().parent.parent
COHORTS = ["tuning", "held-out", "ood"]
SCORED_FROM_MIN = 2 * 1440.0  # the last of the 3 days
EVERY_MIN = 15


def keep_last_events(samples: dict, cgm_id: int, k: int) -> dict:
    """Event tokens (not CGM, not padding) beyond the k most recent become padding."""
    out = {key: value.copy() for key, value in samples.items()}
    events = (out["code"] != cgm_id) & (out["pad_mask"] > 0)
    for i in range(len(events)):
        idx = np.where(events[i])[0]
        old = idx[: max(0, len(idx) - k)]
        for key in ["code", "time", "pad_mask"]:
            out[key][i, old] = 0
        out["values"][i, old] = 0
        out["value_mask"][i, old] = 0
    return out


def score(model_dir: Path, people: list[dict], last_events: int | None) -> list[tuple[float, float]]:
    """RMSE of the median (mg/dL) and coverage of the 10–90 % interval per CGM horizon."""
    spec = TokenizerSpec.load(model_dir / "tokenizer.json")
    samples = build_samples(people, spec, EVERY_MIN, SCORED_FROM_MIN)
    if last_events is not None:
        samples = keep_last_events(samples, spec.code_ids[spec.cgm_code], last_events)
    pred = onnx_predict(model_dir / "model.onnx", spec, samples)
    sd, mu = spec.std[spec.cgm_code], spec.mean[spec.cgm_code]
    out = []
    for h in range(len(spec.cgm_horizons_min)):
        m = samples["cgm_target_mask"][:, h] > 0
        y, q = samples["cgm_target"][m, h] * sd + mu, pred["cgm"][m, h] * sd + mu
        out.append((float(np.sqrt(np.mean((q[:, 1] - y) ** 2))), float(np.mean((y >= q[:, 0]) & (y <= q[:, 2])))))
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("models", nargs="+")
    parser.add_argument("--data", default=str(REPO / "training" / "data" / "hybrid"))
    parser.add_argument("--drop", nargs="*", default=[])
    parser.add_argument("--last-events", type=int)
    args = parser.parse_args()
    print("| cohort | model | RMSE 30 / 60 / 120 min | coverage |\n| --- | --- | --- | --- |")
    for cohort in COHORTS:
        people = [{**p, "observations": [o for o in p["observations"] if o["c"] not in args.drop]} for p in read_corpus(Path(args.data) / f"{cohort}.jsonl")]
        for model in args.models:
            r = score(Path(model), people, args.last_events)
            print(f"| {cohort} | {model} | {' / '.join(f'{x:.1f}' for x, _ in r)} | {' / '.join(f'{100 * c:.0f}' for _, c in r)} % |", flush=True)


if __name__ == "__main__":
    main()
