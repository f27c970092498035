"""Observation tokeniser; libs/foundation-model/src/tokenizer/tokenize.ts is its TypeScript twin and a test checks
both give the same arrays on the same timelines (models/<name>/tokenizer-fixtures.json).

A timeline is a list of (code, t_min, value). Relative to the forecast time t_ref:
- CGM readings in the last `cgm_context_patches` 30-min windows (t_ref - 30(k+1), t_ref - 30k], k = floor((t_ref - t)/30),
  become one patch token each (slot j holds the reading with ceil(x/5) - 1 = j, x = minutes after the window start; last wins);
- every other known code within `event_context_days` is one token with its normalised value in slot 0;
- CGM patches come first (oldest first), then events (oldest first), keeping the most recent events that fit;
  with `pinned_codes` (optional), the most recent event of each of those codes in context is kept first (a diet or
  dose change can lie further back than the most recent events that fit) and the rest filled with the most recent;
- with `slow_patch_codes` (optional; issue 18's weekly patches): each of those codes' observations in the last
  `slow_context_patches` windows of `slow_patch_minutes` (t_ref - W(k+1), t_ref - Wk] become one patch token per
  non-empty window (the CGM rule: slot j holds the value with ceil(x/(W/S)) - 1 = j, x = minutes after the window
  start; last wins), after the CGM patches, oldest window first (ties in code order); when more than fit, the most
  recent windows are kept (ties in code order). Those codes then get no event tokens; the anchors still use them;
- time of a token: (t - t_ref) / 60 hours (a patch: its window end); the model encodes sign·log1p(|h|).
Anchors: the last CGM reading in context and the last value of each slow code, normalised, with a presence mask.
"""
from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np


@dataclass(frozen=True)
class TokenizerSpec:
    max_tokens: int
    patch_minutes: int
    patch_slots: int
    cgm_code: str
    cgm_context_patches: int
    event_context_days: float
    quantiles: list[float]
    cgm_horizons_min: list[int]
    slow_codes: list[str]
    slow_horizons_days: list[int]
    code_ids: dict[str, int]
    mean: dict[str, float]
    std: dict[str, float]
    pinned_codes: tuple[str, ...] = ()
    slow_patch_codes: tuple[str, ...] = ()
    slow_patch_minutes: int = 0
    slow_context_patches: int = 0

    @property
    def vocab_size(self) -> int:
        return max(self.code_ids.values()) + 1

    @property
    def anchor_size(self) -> int:
        return 1 + len(self.slow_codes)

    @staticmethod
    def load(path: str | Path) -> "TokenizerSpec":
        raw = json.loads(Path(path).read_text())
        return TokenizerSpec(
            max_tokens=raw["max_tokens"],
            patch_minutes=raw["patch_minutes"],
            patch_slots=raw["patch_slots"],
            cgm_code=raw["cgm_code"],
            cgm_context_patches=raw["cgm_context_patches"],
            event_context_days=raw["event_context_days"],
            quantiles=raw["quantiles"],
            cgm_horizons_min=raw["cgm_horizons_min"],
            slow_codes=raw["slow_codes"],
            slow_horizons_days=raw["slow_horizons_days"],
            code_ids={c["code"]: c["id"] for c in raw["codes"]},
            mean={c["code"]: float(c["mean"]) for c in raw["codes"]},
            std={c["code"]: float(c["std"]) for c in raw["codes"]},
            pinned_codes=tuple(raw.get("pinned_codes", [])),
            slow_patch_codes=tuple(raw.get("slow_patch_codes", [])),
            slow_patch_minutes=int(raw.get("slow_patch_minutes", 0)),
            slow_context_patches=int(raw.get("slow_context_patches", 0)),
        )

    def normalise(self, code: str, value: float) -> float:
        return (value - self.mean[code]) / self.std[code]


class Timeline:
    """A person's observations split into sorted numpy arrays for fast repeated tokenisation."""

    def __init__(self, observations: list[dict], spec: TokenizerSpec):
        cgm = sorted(((o["t"], o["v"]) for o in observations if o["c"] == spec.cgm_code), key=lambda tv: tv[0])
        self.cgm_t = np.array([t for t, _ in cgm], dtype=np.float64)
        self.cgm_v = np.array([v for _, v in cgm], dtype=np.float64)
        events = [o for o in observations if o["c"] != spec.cgm_code and o["c"] in spec.code_ids]
        events.sort(key=lambda o: o["t"])  # stable: equal times keep their input order
        self.ev_t = np.array([o["t"] for o in events], dtype=np.float64)
        self.ev_c = [o["c"] for o in events]
        self.ev_v = np.array([o["v"] for o in events], dtype=np.float64)
        self.spec = spec


def slot_of(t: float, start: float, window: float, slots: int) -> int:
    """Slot of a reading at t in a patch window starting at `start`: ceil(x / (window / slots)) - 1, clamped."""
    return min(slots - 1, max(0, int(math.ceil((t - start) / (window / slots))) - 1))


def event_indices(tl: Timeline, elo: int, ehi: int, budget: int) -> list[int]:
    """Which of the events elo..ehi-1 get a token, oldest first: the most recent event of each pinned code (the most
    recent of those if they are more than the budget), then the most recent others up to the budget. Events of
    `slow_patch_codes` are left out (they are in patches)."""
    skip = set(tl.spec.slow_patch_codes)
    pinned: list[int] = []
    for code in tl.spec.pinned_codes:
        if code in skip:
            continue
        for i in range(ehi - 1, elo - 1, -1):
            if tl.ev_c[i] == code:
                pinned.append(i)
                break
    keep = set(sorted(pinned)[max(0, len(pinned) - budget) :])
    for i in range(ehi - 1, elo - 1, -1):
        if len(keep) >= budget:
            break
        if tl.ev_c[i] not in skip:
            keep.add(i)
    return sorted(keep)


def slow_patches(tl: Timeline, t_ref: float, budget: int) -> list[tuple[int, int, np.ndarray, np.ndarray]]:
    """The slow-code patch tokens (code index, window k, values, mask) in token order: oldest window first, ties in
    code order; at most `budget`, the most recent windows kept."""
    s = tl.spec
    P, W, S = s.slow_context_patches, float(s.slow_patch_minutes), s.patch_slots
    if not s.slow_patch_codes or P <= 0 or budget <= 0:
        return []
    lo = np.searchsorted(tl.ev_t, t_ref - P * W, side="right")
    hi = np.searchsorted(tl.ev_t, t_ref, side="right")
    patches: dict[tuple[int, int], tuple[np.ndarray, np.ndarray]] = {}
    for i in range(lo, hi):
        c = tl.ev_c[i]
        if c not in s.slow_patch_codes:
            continue
        t = float(tl.ev_t[i])
        k = min(P - 1, max(0, int(math.floor((t_ref - t) / W))))
        slot = slot_of(t, t_ref - W * (k + 1), W, S)
        vals, mask = patches.setdefault((k, s.slow_patch_codes.index(c)), (np.zeros(S, np.float32), np.zeros(S, np.float32)))
        vals[slot] = np.float32(s.normalise(c, float(tl.ev_v[i])))
        mask[slot] = 1.0
    kept = sorted(patches.keys())[:budget]  # most recent windows first, ties in code order
    kept.sort(key=lambda kj: (-kj[0], kj[1]))  # token order: oldest window first
    return [(j, k, *patches[(k, j)]) for k, j in kept]


def tokenize(tl: Timeline, t_ref: float) -> dict[str, np.ndarray]:
    s = tl.spec
    T, S = s.max_tokens, s.patch_slots
    code = np.zeros(T, dtype=np.int64)
    values = np.zeros((T, S), dtype=np.float32)
    value_mask = np.zeros((T, S), dtype=np.float32)
    time = np.zeros(T, dtype=np.float32)
    pad_mask = np.zeros(T, dtype=np.float32)
    anchor = np.zeros(s.anchor_size, dtype=np.float32)
    anchor_mask = np.zeros(s.anchor_size, dtype=np.float32)

    P, W = s.cgm_context_patches, s.patch_minutes
    lo = np.searchsorted(tl.cgm_t, t_ref - P * W, side="right")
    hi = np.searchsorted(tl.cgm_t, t_ref, side="right")
    patches: dict[int, tuple[np.ndarray, np.ndarray]] = {}
    for i in range(lo, hi):
        t, v = tl.cgm_t[i], tl.cgm_v[i]
        k = min(P - 1, max(0, int(math.floor((t_ref - t) / W))))
        slot = slot_of(t, t_ref - W * (k + 1), W, S)
        vals, mask = patches.setdefault(k, (np.zeros(S, np.float32), np.zeros(S, np.float32)))
        vals[slot] = np.float32(s.normalise(s.cgm_code, float(v)))
        mask[slot] = 1.0
    if hi > lo:
        anchor[0] = np.float32(s.normalise(s.cgm_code, float(tl.cgm_v[hi - 1])))
        anchor_mask[0] = 1.0

    n = 0
    for k in sorted(patches.keys(), reverse=True):  # oldest window first
        code[n] = s.code_ids[s.cgm_code]
        values[n], value_mask[n] = patches[k]
        time[n] = np.float32(-W * k / 60.0)
        pad_mask[n] = 1.0
        n += 1

    elo = np.searchsorted(tl.ev_t, t_ref - s.event_context_days * 1440.0, side="right")
    ehi = np.searchsorted(tl.ev_t, t_ref, side="right")
    for j, slow_code in enumerate(s.slow_codes):
        for i in range(ehi - 1, elo - 1, -1):
            if tl.ev_c[i] == slow_code:
                anchor[1 + j] = np.float32(s.normalise(slow_code, float(tl.ev_v[i])))
                anchor_mask[1 + j] = 1.0
                break
    for j, k, vals, mask in slow_patches(tl, t_ref, T - n):
        code[n] = s.code_ids[s.slow_patch_codes[j]]
        values[n], value_mask[n] = vals, mask
        time[n] = np.float32(-s.slow_patch_minutes * k / 60.0)
        pad_mask[n] = 1.0
        n += 1
    for i in event_indices(tl, elo, ehi, T - n):
        c = tl.ev_c[i]
        code[n] = s.code_ids[c]
        values[n, 0] = np.float32(s.normalise(c, float(tl.ev_v[i])))
        value_mask[n, 0] = 1.0
        time[n] = np.float32((tl.ev_t[i] - t_ref) / 60.0)
        pad_mask[n] = 1.0
        n += 1
    return {
        "code": code,
        "values": values,
        "value_mask": value_mask,
        "time": time,
        "pad_mask": pad_mask,
        "anchor": anchor,
        "anchor_mask": anchor_mask,
    }


INPUT_NAMES = ["code", "values", "value_mask", "time", "pad_mask", "anchor", "anchor_mask"]
