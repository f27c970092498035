"""Which training samples a batch draws (train.py). Without `train.oversample` every sample is equally likely
(rng.integers, exactly as before, so existing configs train the same models). With `train.oversample: {code: k}`,
a sample with a forecast target of slow code `code` at any horizon is drawn k times as often as the others: weight
persons are ~3.5 % of the samples, so 2,000 steps of 128 show the model only ~9,000 weigh-in forecasts (issue 18)."""
from __future__ import annotations

from typing import Callable

import numpy as np

from .tokenizer import TokenizerSpec


def sample_probabilities(train: dict, spec: TokenizerSpec, oversample: dict[str, float]) -> np.ndarray:
    """Per training sample, the probability of being drawn (sums to 1)."""
    weights = np.ones(len(train["code"]), np.float64)
    for code, factor in oversample.items():
        if code not in spec.slow_codes:
            raise ValueError(f"train.oversample: {code!r} is not one of the slow codes {spec.slow_codes}")
        if not factor > 0:
            raise ValueError(f"train.oversample: the factor of {code!r} must be positive")
        has_target = train["slow_target_mask"][:, spec.slow_codes.index(code)].max(axis=1) > 0
        weights[has_target] *= factor
    return weights / weights.sum()


def batch_sampler(train: dict, spec: TokenizerSpec, tcfg: dict, rng: np.random.Generator) -> Callable[[], np.ndarray]:
    """A function that returns the indices of one batch."""
    n, batch = len(train["code"]), tcfg["batch"]
    if not tcfg.get("oversample"):
        return lambda: rng.integers(0, n, batch)
    p = sample_probabilities(train, spec, tcfg["oversample"])
    return lambda: rng.choice(n, batch, p=p)
