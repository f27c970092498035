"""python -m training.train --config training/configs/v2.yaml

Seeded end to end (numpy + JAX PRNG), single process, at most two CPU threads. Builds samples from the corpus,
trains with pinball loss on the multi-horizon quantile heads, evaluates against persistence and linear
extrapolation on the held-out persons and the OOD region, then exports ONNX with golden outputs.
"""
from __future__ import annotations

import os

os.environ.setdefault("XLA_FLAGS", "--xla_cpu_multi_thread_eigen=false intra_op_parallelism_threads=2")
os.environ.setdefault("OMP_NUM_THREADS", "2")

import argparse
import hashlib
import json
import pickle
import shutil
import time
from pathlib import Path

import jax
import jax.numpy as jnp
import numpy as np
import yaml

from .dataset import PERSONAL_NAMES, build_samples, read_corpus
from .evaluate import evaluate_personal, evaluate_split
from .export_onnx import export
from .fit import batch_keys, training_step
from .model import count_params, init_params
from .sampling import batch_sampler
from .tokenizer import TokenizerSpec

REPO = Path(__file__).resolve().parent.parent


def load_splits(cfg: dict, spec: TokenizerSpec) -> tuple[dict, dict]:
    people = read_corpus(REPO / cfg["corpus"])
    if cfg.get("max_people"):
        people = people[: cfg["max_people"]] + [p for p in people if p["kind"] != "t1d"][: cfg["max_people"]]
    splits = {}
    for split in ["train", "validation", "test", "ood"]:
        members = [p for p in people if p["split"] == split]
        every = cfg["train_every_min"] if split == "train" else cfg["eval_every_min"]
        # evaluation always from 8 h in (comparable across models); training may start earlier (t1d_train_start_min)
        start = float(cfg.get("t1d_train_start_min", 480)) if split == "train" else 480.0
        splits[split] = build_samples(members, spec, every, start) if members else None
        n = 0 if splits[split] is None else len(splits[split]["code"])
        print(f"{split}: {len(members)} persons, {n} samples", flush=True)
    return splits, {s: [p["id"] for p in people if p["split"] == s] for s in splits}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--config", required=True)
    parser.add_argument("--seed", type=int, help="another training seed (spread across seeds): writes to training/runs/<name>-seed<N>/ instead of out_dir")
    args = parser.parse_args()
    cfg = yaml.safe_load(Path(args.config).read_text())
    run_name = cfg["name"]
    if args.seed is not None and args.seed != cfg["seed"]:
        cfg["seed"] = args.seed
        run_name = f"{cfg['name']}-seed{args.seed}"
        cfg["out_dir"] = f"training/runs/{run_name}/model"
    spec = TokenizerSpec.load(REPO / cfg["tokenizer"])
    mcfg, tcfg = dict(cfg["model"]), cfg["train"]
    if mcfg.get("personal_head"):
        # normalisation of the personalisation targets: log mean and SD over the 30 shared subjects (corpus manifest)
        stats = json.loads((REPO / cfg["corpus"]).with_name("manifest.json").read_text())["personalParameters"]
        mcfg["personal"] = {"names": [x["name"] for x in stats], "log_mean": [x["logMean"] for x in stats], "log_sd": [x["logSd"] for x in stats]}
    np.random.seed(cfg["seed"])
    started = time.time()
    # the cache key holds everything that shapes the samples, so a config change never reuses stale ones
    sampling = {k: cfg.get(k) for k in ["tokenizer", "train_every_min", "eval_every_min", "max_people", "t1d_train_start_min"]}
    key = hashlib.sha256(json.dumps(sampling, sort_keys=True).encode()).hexdigest()[:10]
    cache = REPO / "training" / "data" / f"samples-{cfg['name']}-{key}.pkl"
    if cache.exists() and cache.stat().st_mtime > (REPO / cfg["corpus"]).stat().st_mtime:
        with open(cache, "rb") as f:
            splits = pickle.load(f)
        print(f"samples from {cache.name}", flush=True)
    else:
        splits, _ = load_splits(cfg, spec)
        with open(cache, "wb") as f:
            pickle.dump(splits, f)
    train = splits["train"]
    if mcfg.get("personal"):
        assert mcfg["personal"]["names"] == PERSONAL_NAMES, mcfg["personal"]["names"]
        mu, sd = np.array(mcfg["personal"]["log_mean"], np.float32), np.array(mcfg["personal"]["log_sd"], np.float32)
        train["personal_z"] = (train["personal_log"] - mu) / sd
    print(f"samples built in {time.time() - started:.0f} s", flush=True)

    key = jax.random.PRNGKey(cfg["seed"])
    params = init_params(key, mcfg, spec.vocab_size, spec.patch_slots, spec.anchor_size, len(spec.slow_codes))
    print(f"parameters: {count_params(params)}", flush=True)
    opt, step = training_step(mcfg, tcfg, spec)
    opt_state = opt.init(params)
    keys = batch_keys(mcfg)
    draw = batch_sampler(train, spec, tcfg, np.random.default_rng(cfg["seed"]))
    history = []
    running = []
    for it in range(1, tcfg["steps"] + 1):
        idx = draw()
        batch = {k: jnp.asarray(train[k][idx]) for k in keys}
        params, opt_state, loss = step(params, opt_state, batch)
        running.append(float(loss))
        if it % 100 == 0 and it % tcfg["eval_every"] != 0:
            print(f"step {it} ({time.time() - started:.0f} s)", flush=True)
        if it % tcfg["eval_every"] == 0 or it == tcfg["steps"] or it == 1:
            mean = float(np.mean(running))
            running = []
            history.append({"step": it, "train_loss": mean})
            print(f"step {it}: loss {mean:.4f} ({time.time() - started:.0f} s)", flush=True)

    out_dir = REPO / cfg["out_dir"]
    out_dir.mkdir(parents=True, exist_ok=True)
    host_params = jax.tree_util.tree_map(np.asarray, params)
    metrics = {"config": cfg, "personal_normalisation": mcfg.get("personal"), "parameters": count_params(params), "history": history, "splits": {}}
    for split in ["test", "ood", "validation"]:
        if splits[split] is not None:
            metrics["splits"][split] = evaluate_split(host_params, mcfg, spec, splits[split], train)
            if mcfg.get("personal"):
                metrics["splits"][split]["personal"] = evaluate_personal(host_params, mcfg, splits[split])
    export(host_params, mcfg, spec, out_dir, splits["test"] or train, cfg["name"])
    if (REPO / cfg["tokenizer"]).resolve() != (out_dir / "tokenizer.json").resolve():
        # a model folder is self-contained: FoundationModel.load reads model.onnx and tokenizer.json from it
        shutil.copyfile(REPO / cfg["tokenizer"], out_dir / "tokenizer.json")
    run_dir = REPO / "training" / "runs" / run_name
    run_dir.mkdir(parents=True, exist_ok=True)
    with open(run_dir / "params.pkl", "wb") as f:
        pickle.dump(host_params, f)
    metrics["seconds"] = time.time() - started
    if tcfg.get("expect_loss_decrease"):
        assert history[-1]["train_loss"] < history[0]["train_loss"], f"loss did not decrease: {history}"
        print("smoke: loss decreased and ONNX parity holds", flush=True)
    (out_dir / "metrics.json").write_text(json.dumps(metrics, indent=2) + "\n")
    print(json.dumps(metrics["splits"], indent=1))


if __name__ == "__main__":
    main()
