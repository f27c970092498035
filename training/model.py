"""Shuji FM: a small pre-LN transformer over observation tokens (Vaswani et al. 2017; pre-LN as in Xiong et al.
2020), written as pure JAX functions over a parameter dict so that export_onnx.py can write the same graph op by op.

Token embedding = code embedding + linear(values ‖ value mask) + linear(Time2Vec(sign·log1p(|Δt_h|)))
(Time2Vec: Kazemi et al. 2019, arXiv:1907.05321, eq. 1). Masked mean pooling gives the patient embedding
source; heads see pooled ‖ anchors ‖ anchor mask. Quantiles are anchored on the last value and kept ordered:
q50 = anchor + m, q10 = q50 − softplus(a), q90 = q50 + softplus(b) (in normalised units).

Optional personalisation head (cfg["personal"], v2): an amortised-inference network (amortised variational
inference as in Kingma & Welling 2014, arXiv:1312.6114; here a direct Gaussian regression) from pooled ‖ anchors to
mean and log-SD of each personal log-parameter, normalised z = (ln θ − μ_30) / s_30 with μ_30, s_30 the mean and SD
of ln θ over the 30 shared UVA/Padova subjects; trained with the Gaussian negative log-likelihood
(Nix & Weigend 1994, "Estimating the mean and variance of the target probability distribution", ICNN).
"""
from __future__ import annotations

import math

import jax
import jax.numpy as jnp
import numpy as np

LN_EPS = 1e-5


def init_params(key: jax.Array, cfg: dict, vocab: int, slots: int, anchors: int, n_slow: int) -> dict:
    d, ff, L, t2v = cfg["d_model"], cfg["d_ff"], cfg["layers"], cfg["time_dim"]
    H = cfg["n_horizons"]
    keys = iter(jax.random.split(key, 64))

    def dense(n_in: int, n_out: int, scale: float = 1.0) -> dict:
        w = jax.random.normal(next(keys), (n_in, n_out)) * scale / math.sqrt(n_in)
        return {"w": w.astype(jnp.float32), "b": jnp.zeros(n_out, jnp.float32)}

    def ln(n: int) -> dict:
        return {"g": jnp.ones(n, jnp.float32), "b": jnp.zeros(n, jnp.float32)}

    params = {
        "code_emb": (jax.random.normal(next(keys), (vocab, d)) * 0.1).astype(jnp.float32),
        "value_proj": dense(2 * slots, d),
        "t2v": {"w": jnp.linspace(0.2, 3.0, t2v).astype(jnp.float32), "b": jnp.zeros(t2v, jnp.float32)},
        "time_proj": dense(t2v, d),
        "layers": [],
        "final_ln": ln(d),
        "head_in": dense(d + 2 * anchors, d),
        "cgm_head": dense(d, H * 3, 0.1),
        "slow_head": dense(d, n_slow * cfg["n_slow_horizons"] * 3, 0.1),
        "embed_head": dense(d, cfg["embedding_dim"]),
    }
    if cfg.get("personal"):
        k = len(cfg["personal"]["names"])
        params["personal_in"] = dense(d + 2 * anchors, d)
        params["personal_out"] = dense(d, 2 * k, 0.1)
    for _ in range(L):
        params["layers"].append(
            {
                "ln1": ln(d),
                "qkv": dense(d, 3 * d),
                "out": dense(d, d, 1 / math.sqrt(2 * L)),
                "ln2": ln(d),
                "ff1": dense(d, ff),
                "ff2": dense(ff, d, 1 / math.sqrt(2 * L)),
            }
        )
    return params


def layer_norm(x: jax.Array, p: dict) -> jax.Array:
    mu = x.mean(-1, keepdims=True)
    var = ((x - mu) ** 2).mean(-1, keepdims=True)
    return (x - mu) / jnp.sqrt(var + LN_EPS) * p["g"] + p["b"]


def linear(x: jax.Array, p: dict) -> jax.Array:
    return x @ p["w"] + p["b"]


def time_features(time_h: jax.Array, p: dict) -> jax.Array:
    s = jnp.sign(time_h) * jnp.log1p(jnp.abs(time_h))
    z = s[..., None] * p["w"] + p["b"]
    # Time2Vec: the first feature is linear, the rest periodic
    return jnp.concatenate([z[..., :1], jnp.sin(z[..., 1:])], axis=-1)


def forward(params: dict, batch: dict, cfg: dict) -> dict:
    d, nh = cfg["d_model"], cfg["heads"]
    hd = d // nh
    x = params["code_emb"][batch["code"]]
    x = x + linear(jnp.concatenate([batch["values"], batch["value_mask"]], -1), params["value_proj"])
    x = x + linear(time_features(batch["time"], params["t2v"]), params["time_proj"])
    pad = batch["pad_mask"]
    key_bias = (1.0 - pad)[:, None, None, :] * -1e9
    B, T = pad.shape
    for lp in params["layers"]:
        h = layer_norm(x, lp["ln1"])
        qkv = linear(h, lp["qkv"]).reshape(B, T, 3, nh, hd)
        q, k, v = qkv[:, :, 0].transpose(0, 2, 1, 3), qkv[:, :, 1].transpose(0, 2, 1, 3), qkv[:, :, 2].transpose(0, 2, 1, 3)
        scores = (q @ k.transpose(0, 1, 3, 2)) * (1.0 / math.sqrt(hd)) + key_bias
        att = jax.nn.softmax(scores, axis=-1) @ v
        x = x + linear(att.transpose(0, 2, 1, 3).reshape(B, T, d), lp["out"])
        h = layer_norm(x, lp["ln2"])
        x = x + linear(jax.nn.gelu(linear(h, lp["ff1"]), approximate=False), lp["ff2"])
    x = layer_norm(x, params["final_ln"])
    count = jnp.maximum(pad.sum(-1, keepdims=True), 1.0)
    pooled = (x * pad[..., None]).sum(1) / count
    z = jax.nn.gelu(linear(jnp.concatenate([pooled, batch["anchor"], batch["anchor_mask"]], -1), params["head_in"]), approximate=False)
    H = cfg["n_horizons"]
    c = linear(z, params["cgm_head"]).reshape(B, H, 3)
    cgm = quantiles(batch["anchor"][:, 0:1], c)
    n_slow = batch["anchor"].shape[1] - 1
    s = linear(z, params["slow_head"]).reshape(B, n_slow, cfg["n_slow_horizons"], 3)
    slow = quantiles(batch["anchor"][:, 1:, None], s)
    out = {"cgm": cgm, "slow": slow, "embedding": linear(z, params["embed_head"])}
    if "personal_in" in params:
        zin = jnp.concatenate([pooled, batch["anchor"], batch["anchor_mask"]], -1)
        hp = jax.nn.gelu(linear(zin, params["personal_in"]), approximate=False)
        # [B, K, 2]: mean and log-SD of z; log-SD kept in [-4, 2] (SD 0.02–7.4 population SDs) by a scaled tanh
        raw = linear(hp, params["personal_out"]).reshape(B, -1, 2)
        out["personal"] = jnp.stack([raw[..., 0], LOG_SD_MID + LOG_SD_HALF * jnp.tanh(raw[..., 1] / LOG_SD_HALF)], -1)
    return out


LOG_SD_MID, LOG_SD_HALF = -1.0, 3.0


def gaussian_nll(pred: jax.Array, target: jax.Array, mask: jax.Array) -> jax.Array:
    """Gaussian negative log-likelihood per target (Nix & Weigend 1994), constant dropped, averaged over masked rows.
    pred [B, K, 2] = (mean, log SD), target [B, K], mask [B]."""
    mu, log_sd = pred[..., 0], pred[..., 1]
    nll = 0.5 * ((target - mu) * jnp.exp(-log_sd)) ** 2 + log_sd
    return (nll.mean(-1) * mask).sum() / jnp.maximum(mask.sum(), 1.0)


def quantiles(anchor: jax.Array, raw: jax.Array) -> jax.Array:
    mid = anchor + raw[..., 0]
    return jnp.stack([mid - jax.nn.softplus(raw[..., 1]), mid, mid + jax.nn.softplus(raw[..., 2])], axis=-1)


def pinball(pred: jax.Array, target: jax.Array, mask: jax.Array, qs: np.ndarray) -> jax.Array:
    """Pinball (quantile) loss, Koenker & Bassett 1978, averaged over observed targets."""
    err = target[..., None] - pred
    loss = jnp.maximum(qs * err, (qs - 1.0) * err).sum(-1)
    return (loss * mask).sum() / jnp.maximum(mask.sum(), 1.0)


def count_params(params: dict) -> int:
    return int(sum(np.prod(x.shape) for x in jax.tree_util.tree_leaves(params)))
