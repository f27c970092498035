"""python -m training.seeds NAME=metrics.json[,metrics.json…] …: the FM's held-out metrics across training seeds as
one Markdown table per split — per model the mean over seeds and, in brackets, the min–max — for the CGM RMSE and
80 % coverage per horizon and each slow code's RMSE and coverage. Each file is a metrics.json of training.train or
the --out of training.evaluate_onnx (a committed model scored on today's corpus)."""
from __future__ import annotations

import json
import sys

import numpy as np


def rows(metrics: dict, split: str) -> dict[str, tuple[float, float]]:
    r = metrics["splits"].get(split)
    if r is None:
        return {}
    out = {f"CGM {h}": (v["fm"]["rmse"], v["fm"]["coverage80"]) for h, v in r["cgm"].items()}
    out.update({k: (v["fm_rmse"], v["fm_coverage80"]) for k, v in r["slow"].items()})
    return out


def fmt(xs: list[float], digits: int, scale: float = 1.0, unit: str = "") -> str:
    a = np.array(xs) * scale
    if len(a) == 1:
        return f"{a[0]:.{digits}f}{unit}"
    return f"{a.mean():.{digits}f}{unit} ({a.min():.{digits}f}–{a.max():.{digits}f})"


def main() -> None:
    models = []
    for arg in sys.argv[1:]:
        name, files = arg.split("=", 1)
        models.append((name, [json.load(open(f)) for f in files.split(",")]))
    for split in ["test", "ood"]:
        keys = list(rows(models[0][1][0], split))
        if not keys:
            continue
        head = " | ".join(f"{n} ({len(ms)} seed{'s' if len(ms) > 1 else ''}) RMSE | coverage" for n, ms in models)
        print(f"\n**{split}**: mean over seeds (min–max)\n\n| quantity | {head} |\n| --- |{' --- | --- |' * len(models)}")
        for k in keys:
            cells = []
            for _, ms in models:
                vals = [rows(m, split).get(k) for m in ms]
                vals = [v for v in vals if v is not None]
                digits = 1 if k.startswith("CGM") or k.startswith("8480-6") else 3
                cells.append(fmt([v[0] for v in vals], digits))
                cells.append(fmt([v[1] for v in vals], 0, 100, " %"))
            print(f"| {k} | {' | '.join(cells)} |")


if __name__ == "__main__":
    main()
