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
    if "personal_in" in params:
        outs["personal"] = []
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


def evaluate_split(params: dict | None, mcfg: dict, spec: TokenizerSpec, samples: dict, train: dict, pred: dict | None = None) -> dict:
    """pred: the model's normalised outputs when they come from elsewhere (e.g. an ONNX file: evaluate_onnx.py)."""
    sd, mu = spec.std[spec.cgm_code], spec.mean[spec.cgm_code]
    if pred is None:
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


def personal_log_params(pred: np.ndarray, mcfg: dict) -> np.ndarray:
    """Normalised (mean, log-SD) [N, K, 2] → (mean, log-SD) of ln θ in model units."""
    mu = np.array(mcfg["personal"]["log_mean"], np.float32)
    sd = np.array(mcfg["personal"]["log_sd"], np.float32)
    return np.stack([mu + sd * pred[..., 0], pred[..., 1] + np.log(sd)], -1)


def evaluate_personal(params: dict, mcfg: dict, samples: dict) -> dict:
    """The personalisation head on the T1D persons of a split: RMSE of the mean of ln θ against the truth, mean
    predicted SD, and coverage of the central 90 % interval (mean ± 1.645 SD), over all forecast times and at
    t = 8 h and 12 h (the first windows, what a new twin would use); the population baseline is μ_30 (the 30
    shared subjects' log mean)."""
    m = samples["personal_mask"] > 0
    if not m.any():
        return {}
    pred = personal_log_params(predict(params, mcfg, {k: v[m] for k, v in samples.items()})["personal"], mcfg)
    truth = samples["personal_log"][m]
    t_ref = samples["t_ref"][m]
    result: dict = {"persons": int(len(np.unique(samples["person"][m])))}
    for label, sel in [("all", np.ones(len(truth), bool)), ("t8h", np.abs(t_ref - 480) < 1), ("t12h", np.abs(t_ref - 720) < 1)]:
        if not sel.any():
            continue
        row = {"n": int(sel.sum())}
        for k, name in enumerate(mcfg["personal"]["names"]):
            mean, sd, y = pred[sel, k, 0], np.exp(pred[sel, k, 1]), truth[sel, k]
            row[name] = {
                "rmse": float(np.sqrt(np.mean((mean - y) ** 2))),
                "population_rmse": float(np.sqrt(np.mean((mcfg["personal"]["log_mean"][k] - y) ** 2))),
                "mean_sd": float(np.mean(sd)),
                "coverage90": float(np.mean(np.abs(y - mean) <= 1.645 * sd)),
            }
        result[label] = row
    return result
