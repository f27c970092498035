"""python -m training.report models/shuji-fm-v2/metrics.json: the metrics as Markdown tables (model card, docs),
including the personalisation head's calibration when the model has one."""
from __future__ import annotations

import json
import sys


def main() -> None:
    m = json.load(open(sys.argv[1]))
    for split in ["test", "ood"]:
        r = m["splits"].get(split)
        if r is None:
            continue
        print(f"\n**{split}** ({r['persons']} persons, {r['cgm_samples']} CGM forecast times)\n")
        print("| method | RMSE 30 min | RMSE 60 min | RMSE 120 min | 80 % coverage 30 / 60 / 120 |")
        print("| --- | --- | --- | --- | --- |")
        for method in ["persistence", "linear", "ridge", "fm"]:
            if method not in r["cgm"]["30min"]:
                continue  # the ridge baseline is in metrics from v3 on (python -m training.ridge)
            rows = [r["cgm"][h][method] for h in ["30min", "60min", "120min"]]
            rmse = " | ".join(f"{x['rmse']:.1f}" for x in rows)
            cov = " / ".join(f"{100 * x['coverage80']:.0f} %" for x in rows)
            print(f"| {method} | {rmse} | {cov} |")
        if r["slow"]:
            print("\n| slow code @ horizon | n | persistence RMSE | FM RMSE | FM 80 % coverage |\n| --- | --- | --- | --- | --- |")
            for k, v in r["slow"].items():
                print(f"| {k} | {v['n']} | {v['persistence_rmse']:.2f} | {v['fm_rmse']:.2f} | {100 * v['fm_coverage80']:.0f} % |")
        personal = r.get("personal")
        if personal:
            print(f"\npersonalisation head, {personal['persons']} T1D persons (ln θ; population = mean of the 30 shared subjects)\n")
            print("| forecast times | parameter | RMSE head | RMSE population | mean SD | 90 % coverage |\n| --- | --- | --- | --- | --- | --- |")
            for label, row in personal.items():
                if label == "persons":
                    continue
                for name, v in row.items():
                    if name == "n":
                        continue
                    print(f"| {label} (n={row['n']}) | {name} | {v['rmse']:.3f} | {v['population_rmse']:.3f} | {v['mean_sd']:.3f} | {100 * v['coverage90']:.0f} % |")


if __name__ == "__main__":
    main()
