"""The training step shared by train.py and study_loso.py: AdamW (Loshchilov & Hutter 2019) with warm-up and cosine
decay and global-norm clipping, on the pinball loss of the CGM and slow quantile heads (Koenker & Bassett 1978) plus,
with the personalisation head, its Gaussian NLL (Nix & Weigend 1994) weighted by `personal_weight`."""
from __future__ import annotations

from typing import Callable

import jax
import numpy as np
import optax

from .model import forward, gaussian_nll, pinball
from .tokenizer import INPUT_NAMES, TokenizerSpec

Step = Callable[[dict, optax.OptState, dict], tuple[dict, optax.OptState, jax.Array]]


def training_step(mcfg: dict, tcfg: dict, spec: TokenizerSpec) -> tuple[optax.GradientTransformation, Step]:
    """The optimiser (for its initial state) and the jitted step (params, state, batch) → (params, state, loss)."""
    schedule = optax.warmup_cosine_decay_schedule(0.0, tcfg["lr"], tcfg["warmup"], tcfg["steps"], tcfg["lr"] * 0.05)
    opt = optax.chain(optax.clip_by_global_norm(1.0), optax.adamw(schedule, weight_decay=tcfg["weight_decay"]))
    qs = np.array(spec.quantiles, np.float32)

    def loss_fn(p: dict, batch: dict) -> jax.Array:
        out = forward(p, batch, mcfg)
        cgm = pinball(out["cgm"], batch["cgm_target"], batch["cgm_target_mask"], qs)
        slow = pinball(out["slow"], batch["slow_target"], batch["slow_target_mask"], qs)
        loss = cgm + tcfg["slow_weight"] * slow
        if "personal" in out:
            loss = loss + tcfg.get("personal_weight", 0.1) * gaussian_nll(out["personal"], batch["personal_z"], batch["personal_mask"])
        return loss

    @jax.jit
    def step(p: dict, state: optax.OptState, batch: dict) -> tuple[dict, optax.OptState, jax.Array]:
        loss, grads = jax.value_and_grad(loss_fn)(p, batch)
        updates, state = opt.update(grads, state, p)
        return optax.apply_updates(p, updates), state, loss

    return opt, step


def batch_keys(mcfg: dict) -> list[str]:
    """The sample columns a training batch needs."""
    keys = INPUT_NAMES + ["cgm_target", "cgm_target_mask", "slow_target", "slow_target_mask"]
    return keys + ["personal_z", "personal_mask"] if mcfg.get("personal") else keys
