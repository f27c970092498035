"""Corpus JSONL → tokenised samples with forecast targets, per split (the split is per person; see the corpus tool)."""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from .tokenizer import INPUT_NAMES, Timeline, TokenizerSpec, tokenize


def read_corpus(path: str | Path) -> list[dict]:
    with open(path) as f:
        return [json.loads(line) for line in f if line.strip()]


def forecast_times(person: dict, tl: Timeline, every_min: int, t1d_start_min: float = 480.0) -> list[float]:
    """T1D: every `every_min` from `t1d_start_min` (8 h) in to 2 h before the end; others: each measurement time
    after day 7."""
    if person["kind"] == "t1d":
        if len(tl.cgm_t) == 0:
            return []
        start, end = t1d_start_min, float(tl.cgm_t[-1]) - 120.0
        grid = np.arange(start, end + 1e-9, every_min)
        return [float(t) for t in grid]
    times = sorted({float(t) for t in tl.ev_t if t >= 7 * 1440})
    return times


def targets(tl: Timeline, spec: TokenizerSpec, t_ref: float) -> tuple[np.ndarray, ...]:
    H = len(spec.cgm_horizons_min)
    cgm = np.zeros(H, np.float32)
    cgm_mask = np.zeros(H, np.float32)
    for h, minutes in enumerate(spec.cgm_horizons_min):
        if len(tl.cgm_t) == 0:
            break
        i = int(np.argmin(np.abs(tl.cgm_t - (t_ref + minutes))))
        if abs(tl.cgm_t[i] - (t_ref + minutes)) <= 2.5:
            cgm[h] = spec.normalise(spec.cgm_code, float(tl.cgm_v[i]))
            cgm_mask[h] = 1.0
    S, D = len(spec.slow_codes), len(spec.slow_horizons_days)
    slow = np.zeros((S, D), np.float32)
    slow_mask = np.zeros((S, D), np.float32)
    for j, code in enumerate(spec.slow_codes):
        idx = [i for i, c in enumerate(tl.ev_c) if c == code]
        if not idx:
            continue
        times = tl.ev_t[idx]
        for d, days in enumerate(spec.slow_horizons_days):
            goal = t_ref + days * 1440.0
            ok = (times >= t_ref + 0.5 * days * 1440.0) & (times <= t_ref + 1.5 * days * 1440.0)
            if not ok.any():
                continue
            cand = np.where(ok)[0]
            best = cand[int(np.argmin(np.abs(times[cand] - goal)))]
            slow[j, d] = spec.normalise(code, float(tl.ev_v[idx[best]]))
            slow_mask[j, d] = 1.0
    return cgm, cgm_mask, slow, slow_mask


PERSONAL_NAMES = ["Vmx", "kp3", "kabs", "p2u"]


def build_samples(people: list[dict], spec: TokenizerSpec, every_min: int, t1d_start_min: float = 480.0) -> dict[str, np.ndarray]:
    """Also per sample: t_ref (min from the timeline start) and, for T1D persons, ln θ of PERSONAL_NAMES (the
    corpus's `personal`, the true values) with personal_mask = 1; 0 elsewhere."""
    cols: dict[str, list[np.ndarray]] = {k: [] for k in INPUT_NAMES + ["cgm_target", "cgm_target_mask", "slow_target", "slow_target_mask", "last_cgm_slope"]}
    person_index: list[int] = []
    t_refs: list[float] = []
    personal: list[np.ndarray] = []
    personal_mask: list[float] = []
    for p_i, person in enumerate(people):
        truth = person.get("personal")
        log_theta = np.log([truth[n] for n in PERSONAL_NAMES]).astype(np.float32) if truth else np.zeros(len(PERSONAL_NAMES), np.float32)
        tl = Timeline(person["observations"], spec)
        for t_ref in forecast_times(person, tl, every_min, t1d_start_min):
            tokens = tokenize(tl, t_ref)
            cgm, cgm_mask, slow, slow_mask = targets(tl, spec, t_ref)
            if cgm_mask.sum() + slow_mask.sum() == 0:
                continue
            for k, v in tokens.items():
                cols[k].append(v)
            cols["cgm_target"].append(cgm)
            cols["cgm_target_mask"].append(cgm_mask)
            cols["slow_target"].append(slow)
            cols["slow_target_mask"].append(slow_mask)
            cols["last_cgm_slope"].append(np.float32(cgm_slope(tl, spec, t_ref)))
            person_index.append(p_i)
            t_refs.append(t_ref)
            personal.append(log_theta)
            personal_mask.append(1.0 if truth else 0.0)
    out = {k: np.stack(v) for k, v in cols.items()}
    out["person"] = np.array(person_index, dtype=np.int64)
    out["t_ref"] = np.array(t_refs, dtype=np.float32)
    out["personal_log"] = np.stack(personal)
    out["personal_mask"] = np.array(personal_mask, dtype=np.float32)
    return out


def cgm_slope(tl: Timeline, spec: TokenizerSpec, t_ref: float) -> float:
    """Least-squares slope (normalised units per minute) of the CGM in the last 30 min, for the linear baseline."""
    lo = np.searchsorted(tl.cgm_t, t_ref - 30.0, side="left")
    hi = np.searchsorted(tl.cgm_t, t_ref, side="right")
    t, v = tl.cgm_t[lo:hi], tl.cgm_v[lo:hi]
    if len(t) < 2:
        return 0.0
    slope = float(np.polyfit(t - t_ref, v, 1)[0])
    return slope / spec.std[spec.cgm_code]
