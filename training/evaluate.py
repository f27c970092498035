"""Held-out metrics in physical units: RMSE of the median and coverage of the 10–90 % interval (nominal 80 %)
for persistence, linear extrapolation (least-squares slope of the last 30 min) and the FM. The baselines'
intervals are the 10th/90th percentiles of their residuals on the training samples (split-conformal style)."""
from __future__ import annotations

import jax
import jax.numpy as jnp
import numpy as np

from .model import forward
from .tokenizer import INPUT_NAMES, TokenizerSpec


def predict(params: dict, mcfg: dict, samples: dict, batch: int = 1024) -> dict[str, np.ndarray]:
    fn = jax.jit(lambda p, b: forward(p, b, mcfg))
    outs: dict[str, list[np.ndarray]] = {"cgm": [], "slow": [], "embedding": []}
    n = len(samples["code"])
    for i in range(0, n, batch):
        out = fn(params, {k: jnp.asarray(samples[k][i : i + batch]) for k in INPUT_NAMES})
        for k in outs:
            outs[k].append(np.asarray(out[k]))
    return {k: np.concatenate(v) for k, v in outs.items()}


def _baselines(samples: dict, spec: TokenizerSpec) -> dict[str, np.ndarray]:
    h = np.array(spec.cgm_horizons_min, np.float32)
    anchor = samples["anchor"][:, :1]
    return {"persistence": np.repeat(anchor, len(h), 1), "linear": anchor + samples["last_cgm_slope"][:, None] * h[None, :]}


def evaluate_split(params: dict, mcfg: dict, spec: TokenizerSpec, samples: dict, train: dict) -> dict:
    sd, mu = spec.std[spec.cgm_code], spec.mean[spec.cgm_code]
    pred = predict(params, mcfg, samples)
    ok = (samples["anchor_mask"][:, 0] > 0)[:, None] & (samples["cgm_target_mask"] > 0)
    target = samples["cgm_target"] * sd + mu
    result: dict = {"cgm_samples": int(ok[:, 0].sum()), "persons": int(len(np.unique(samples["person"]))), "cgm": {}}
    tr_ok = (train["anchor_mask"][:, 0] > 0)[:, None] & (train["cgm_target_mask"] > 0)
    tr_target = train["cgm_target"] * sd + mu
    base_train = _baselines(train, spec)
    base = _baselines(samples, spec)
    for h, minutes in enumerate(spec.cgm_horizons_min):
        m = ok[:, h]
        if not m.any():
            continue
        row = {}
        for name in ["persistence", "linear"]:
            point = base[name][:, h] * sd + mu
            resid = (tr_target[:, h] - (base_train[name][:, h] * sd + mu))[tr_ok[:, h]]
            lo, hi = np.quantile(resid, 0.1), np.quantile(resid, 0.9)
            y = target[m, h]
            row[name] = {
                "rmse": float(np.sqrt(np.mean((point[m] - y) ** 2))),
                "coverage80": float(np.mean((y >= point[m] + lo) & (y <= point[m] + hi))),
            }
        q = pred["cgm"][m, h] * sd + mu
        y = target[m, h]
        row["fm"] = {
            "rmse": float(np.sqrt(np.mean((q[:, 1] - y) ** 2))),
            "coverage80": float(np.mean((y >= q[:, 0]) & (y <= q[:, 2]))),
        }
        result["cgm"][f"{minutes}min"] = row
    result["slow"] = {}
    for j, code in enumerate(spec.slow_codes):
        for d, days in enumerate(spec.slow_horizons_days):
            m = (samples["slow_target_mask"][:, j, d] > 0) & (samples["anchor_mask"][:, 1 + j] > 0)
            if m.sum() < 5:
                continue
            s_sd, s_mu = spec.std[code], spec.mean[code]
            y = samples["slow_target"][m, j, d] * s_sd + s_mu
            last = samples["anchor"][m, 1 + j] * s_sd + s_mu
            q = pred["slow"][m, j, d] * s_sd + s_mu
            result["slow"][f"{code}@{days}d"] = {
                "n": int(m.sum()),
                "persistence_rmse": float(np.sqrt(np.mean((last - y) ** 2))),
                "fm_rmse": float(np.sqrt(np.mean((q[:, 1] - y) ** 2))),
                "fm_coverage80": float(np.mean((y >= q[:, 0]) & (y <= q[:, 2]))),
            }
    return result
