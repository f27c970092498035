"""python -m training.tokenizer_fixtures [models/shuji-fm-v2 | training/configs/<name>.tokenizer.json]: timelines and
their Python tokens for the TypeScript parity test (<model dir>/tokenizer-fixtures.json, default models/shuji-fm-v2;
for a config's tokeniser not yet in a model dir: training/configs/<name>.tokenizer-fixtures.json beside it). Cases cover
off-grid forecast times, gaps, two readings in one slot, future observations, unknown codes, unsorted input, the event
cap, a diet change further back than the cap (pinned_codes), fingersticks among CGM (2339-0, as the hybrid's twin sends
them; a vocabulary without the code ignores them), an empty timeline and, with slow_patch_codes, two
weigh-ins in one slot, one on a window edge and one older than the patches."""
from __future__ import annotations

import json
import sys
from pathlib import Path

from .dataset import read_corpus
from .tokenizer import Timeline, TokenizerSpec, tokenize

REPO = Path(__file__).resolve().parent.parent
ARG = REPO / (sys.argv[1] if len(sys.argv) > 1 else "models/shuji-fm-v2")
SPEC, OUT = (ARG, ARG.with_name(ARG.name.replace(".tokenizer.json", ".tokenizer-fixtures.json"))) if ARG.name.endswith(".tokenizer.json") else (ARG / "tokenizer.json", ARG / "tokenizer-fixtures.json")


def window(obs: list[dict], lo: float, hi: float) -> list[dict]:
    return [o for o in obs if lo <= o["t"] <= hi]


def main() -> None:
    spec = TokenizerSpec.load(SPEC)
    people = [p for p in read_corpus(REPO / "training" / "data" / "corpus.jsonl") if p["split"] == "test"]
    by_kind: dict[str, list[dict]] = {}
    for p in people:
        by_kind.setdefault(p["kind"], []).append(p)
    cases: list[tuple[str, list[dict], float]] = []
    t1d = by_kind["t1d"][0]["observations"]
    cases.append(("t1d on the 5-min grid, future readings present", window(t1d, 1000, 1700), 1500.0))
    cases.append(("t1d off-grid forecast time", window(t1d, 2000, 2700), 2602.5))
    gap = [o for o in window(t1d, 3000, 3600) if not (3200 < o["t"] < 3290)]
    gap.append({"c": spec.cgm_code, "t": 3401, "v": 222.2})  # a second reading in the slot of t = 3400
    gap.append({"c": "unknown:code", "t": 3300, "v": 1.0})
    cases.append(("t1d with a gap, a doubled slot and an unknown code", gap, 3550.0))
    cases.append(("t1d unsorted input", list(reversed(window(t1d, 4000, 4600))), 4480.0))
    meter = [{"c": "2339-0", "t": 1390.0 + 1 / 60, "v": 131.0}, {"c": "2339-0", "t": 2290.0 + 1 / 60, "v": 97.0}]
    cases.append(("t1d with fingersticks as the hybrid feeds them (2339-0)", sorted(window(t1d, 1000, 2400) + meter, key=lambda o: o["t"]), 2350.0))
    for kind in ["weight", "blood-pressure", "inr"]:
        if by_kind.get(kind):
            obs = by_kind[kind][0]["observations"]
            cases.append((f"{kind} mid-course", obs, float(obs[len(obs) // 2]["t"]) + 0.5))
    if by_kind.get("weight"):
        obs = by_kind["weight"][0]["observations"]
        # the diet change (energy intake) lies more weigh-ins back than the token budget: pinned_codes keeps it
        diet = max(o["t"] for o in obs if o["c"] == "shuji:energy-intake")
        t_ref = min(max(o["t"] for o in obs), diet + 100 * 1440.0)  # inside event_context_days, > 16 weigh-ins later
        cases.append(("weight, diet change 100 days back", obs, float(t_ref)))
    if spec.slow_patch_codes and by_kind.get("weight"):
        obs = by_kind["weight"][1]["observations"]
        weigh = [o for o in obs if o["c"] == "29463-7"]
        t_ref = float(weigh[-3]["t"]) + 30.0
        W = spec.slow_patch_minutes
        extra = [
            {"c": "29463-7", "t": weigh[-5]["t"] + 60, "v": 99.9},  # the same slot as weigh[-5]: the later one wins
            {"c": "29463-7", "t": t_ref - W, "v": 88.8},  # exactly on the edge of windows 0 and 1 (in window 1)
            {"c": "29463-7", "t": t_ref - W * spec.slow_context_patches - 1, "v": 77.7},  # older than every patch
        ]
        cases.append(("weight with slow patches: a doubled slot, a window edge, an old weigh-in", obs + extra, t_ref))
    synthea = max(by_kind.get("synthea", []) + [p for p in read_corpus(REPO / "training" / "data" / "corpus.jsonl") if p["kind"] == "synthea"], key=lambda p: len(p["observations"]))
    obs = synthea["observations"]
    cases.append(("synthea, more events than fit", obs, float(obs[-1]["t"])))
    cases.append(("empty timeline", [], 100.0))
    fixtures = []
    for name, observations, t_ref in cases:
        tokens = tokenize(Timeline(observations, spec), t_ref)
        fixtures.append(
            {
                "name": name,
                "t_ref": t_ref,
                "observations": observations,
                "tokens": {k: v.reshape(-1).tolist() for k, v in tokens.items()},
            }
        )
    OUT.write_text(json.dumps({"cases": fixtures}) + "\n")
    print(f"{len(fixtures)} cases written")


if __name__ == "__main__":
    main()
