"""python -m training.study_loso [--seeds 0,1,2,3,4] [--steps 300] [--train uva-padova,hovorka[,pooled]] [--out …]

The foundation model, honestly (issue 14, item 5), on the study corpus of `npm run corpus:study`
(training/data/study/corpus.jsonl: T1D persons that log estimated carbs, splits by base subject, two simulators):
- leave-subject-out: trained on the persons of one simulator's train split (UVA/Padova: drawn around 12 of the
  tuning subjects), tested on its test split (UVA/Padova: drawn around the 6 regression subjects, which no training
  person shares);
- leave-one-simulator-out: the same model tested on the other simulator's test persons (trained on UVA/Padova,
  tested on Hovorka, and back);
- `--train pooled`: both simulators' train persons (a candidate for a next model; still leave-subject-out on both);
- per training set and seed, the v3 architecture and schedule (configs/v3.yaml) with a REDUCED step budget
  (--steps, warm-up scaled with it) so that 5 seeds per direction fit this machine; the slow (weight, blood
  pressure, INR) and synthea persons of the train split are in every training set (the model is multi-task);
- beside it, on the same test persons and forecast times: persistence, linear extrapolation, the same-context ridge
  baseline (ridge.py, fitted on the same training set, λ chosen on the same simulator's validation persons), and
  the served v3 (models/shuji-fm-v3/model.onnx, trained on the old corpus) as it is.
Writes training/study/loso.json after each run (so a stopped study keeps what it finished) and loso.md, the model
card's tables (per training set → test set and horizon: RMSE and 10–90 % coverage, the FM as the mean over seeds
with min–max and a t-interval).
"""
from __future__ import annotations

import os

os.environ.setdefault("XLA_FLAGS", "--xla_cpu_multi_thread_eigen=false intra_op_parallelism_threads=2")
os.environ.setdefault("OMP_NUM_THREADS", "2")

import argparse
import hashlib
import json
import pickle
import time
from pathlib import Path

import jax
import jax.numpy as jnp
import numpy as np
import yaml

from . import ridge
from .dataset import PERSONAL_NAMES, build_samples, read_corpus
from .evaluate import evaluate_personal, evaluate_split
from .evaluate_onnx import onnx_predict
from .fit import batch_keys, training_step
from .model import init_params
from .tokenizer import TokenizerSpec

REPO = Path(__file__).resolve().parent.parent
SIMULATORS = ["uva-padova", "hovorka"]
# Student t quantile 0.975 by degrees of freedom (seeds − 1), for the interval of the mean over seeds
T975 = {1: 12.706, 2: 4.303, 3: 3.182, 4: 2.776, 5: 2.571, 6: 2.447, 7: 2.365, 8: 2.306, 9: 2.262}


def group_samples(corpus: Path, spec: TokenizerSpec, cfg: dict) -> dict[str, dict]:
    """Samples per group: `<simulator>/<split>` for T1D persons, `other/<split>` for the slow and synthea persons."""
    people = read_corpus(corpus)
    groups: dict[str, list[dict]] = {}
    for p in people:
        head = p["about"]["simulator"] if p["kind"] == "t1d" else "other"
        groups.setdefault(f"{head}/{p['split']}", []).append(p)
    out = {}
    for name, members in sorted(groups.items()):
        train = name.endswith("/train")
        every = cfg["train_every_min"] if train else cfg["eval_every_min"]
        start = float(cfg.get("t1d_train_start_min", 480)) if train else 480.0
        try:
            out[name] = build_samples(members, spec, every, start)
        except ValueError:  # no forecast time in the group (a tiny corpus)
            continue
        print(f"{name}: {len(members)} persons, {len(out[name]['code'])} samples", flush=True)
    return out


def concat(*parts: dict) -> dict:
    return {k: np.concatenate([p[k] for p in parts]) for k in parts[0]}


def fit_fm(train: dict, mcfg: dict, tcfg: dict, spec: TokenizerSpec, seed: int) -> dict:
    """train.py's training (fit.py) for one seed, without its checkpoints and export; the parameters on the host."""
    key = jax.random.PRNGKey(seed)
    params = init_params(key, mcfg, spec.vocab_size, spec.patch_slots, spec.anchor_size, len(spec.slow_codes))
    opt, step = training_step(mcfg, tcfg, spec)
    opt_state = opt.init(params)
    keys = batch_keys(mcfg)
    rng = np.random.default_rng(seed)
    n, started, losses = len(train["code"]), time.time(), []
    for it in range(1, tcfg["steps"] + 1):
        idx = rng.integers(0, n, tcfg["batch"])
        params, opt_state, loss = step(params, opt_state, {k: jnp.asarray(train[k][idx]) for k in keys})
        losses.append(float(loss))
        if it % 50 == 0:
            print(f"  step {it}: loss {np.mean(losses[-50:]):.4f} ({time.time() - started:.0f} s)", flush=True)
    return jax.tree_util.tree_map(np.asarray, params)


def cgm_rows(r: dict, names: list[str]) -> dict:
    return {h: {n: v[n] for n in names if n in v} for h, v in r["cgm"].items()}


def summarise(result: dict) -> str:
    """The model card's tables from loso.json."""
    lines = [f"Study corpus: {result['corpus']['persons']}; FM: v3 architecture, {result['steps']} steps (v3: 1000), "
             f"batch {result['batch']}; seeds per training set: see n. RMSE in mg/dL; cov = share of test targets inside the "
             "10–90 % interval (nominal 80 %). FM: mean over seeds [95 % t-interval of the mean] (min–max).", ""]
    for train_sim, runs in result["runs"].items():
        if not runs:
            continue
        for test_sim in SIMULATORS:
            label = "leave-subject-out" if test_sim == train_sim else "leave-subject-out, both simulators in training" if train_sim == "pooled" else "cross-simulator"
            base = result["baselines"][train_sim][test_sim]
            served = result["served_v3"][test_sim]
            n = len(runs)
            lines += [f"**Trained on {train_sim}, tested on {test_sim}** ({label}; {base['persons']} test persons, "
                      f"{base['cgm_samples']} forecast times; FM n = {n} seeds)", "",
                      "| horizon | persistence | linear | ridge (same context) | served v3 (old corpus) | FM study | FM cov |",
                      "| --- | --- | --- | --- | --- | --- | --- |"]
            for h, row in base["cgm"].items():
                rm = np.array([r["tests"][test_sim]["cgm"][h]["fm"]["rmse"] for r in runs])
                cv = np.array([r["tests"][test_sim]["cgm"][h]["fm"]["coverage80"] for r in runs])
                half = T975.get(n - 1, 0.0) * rm.std(ddof=1) / np.sqrt(n) if n > 1 else float("nan")
                fm = f"{rm.mean():.1f} [{rm.mean() - half:.1f}, {rm.mean() + half:.1f}] ({rm.min():.1f}–{rm.max():.1f})" if n > 1 else f"{rm[0]:.1f}"
                cell = lambda v: f"{v['rmse']:.1f} (cov {100 * v['coverage80']:.0f} %)"  # noqa: E731
                lines.append(f"| {h} | {cell(row['persistence'])} | {cell(row['linear'])} | {cell(row['ridge'])} | "
                             f"{cell(served['cgm'][h]['fm'])} | {fm} | {100 * cv.mean():.0f} % ({100 * cv.min():.0f}–{100 * cv.max():.0f}) |")
            lines.append("")
        slow_keys = sorted(runs[0]["tests"]["other"]["slow"])
        if slow_keys:
            lines += [f"Slow codes (trained with {train_sim}'s T1D persons; test split of the slow persons): FM RMSE mean over seeds (min–max), persistence", "",
                      "| code@horizon | n | persistence | FM | FM cov |", "| --- | --- | --- | --- | --- |"]
            for k in slow_keys:
                xs = [r["tests"]["other"]["slow"][k] for r in runs]
                rm = np.array([x["fm_rmse"] for x in xs])
                cv = np.array([x["fm_coverage80"] for x in xs])
                lines.append(f"| {k} | {xs[0]['n']} | {xs[0]['persistence_rmse']:.3f} | {rm.mean():.3f} ({rm.min():.3f}–{rm.max():.3f}) | {100 * cv.mean():.0f} % |")
            lines.append("")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--config", default="training/configs/v3.yaml")
    parser.add_argument("--corpus", default="training/data/study/corpus.jsonl")
    parser.add_argument("--seeds", default="0,1,2,3,4")
    parser.add_argument("--steps", type=int, default=300)
    parser.add_argument("--train", default=",".join(SIMULATORS), help="training sets (a simulator, or `pooled`: both), run interleaved by seed")
    parser.add_argument("--out", default="training/study/loso.json")
    parser.add_argument("--report", action="store_true", help="only rewrite loso.md from loso.json")
    args = parser.parse_args()
    out = REPO / args.out
    if args.report:
        out.with_suffix(".md").write_text(summarise(json.loads(out.read_text())) + "\n")
        return
    cfg = yaml.safe_load((REPO / args.config).read_text())
    spec = TokenizerSpec.load(REPO / cfg["tokenizer"])
    corpus = REPO / args.corpus
    mcfg, tcfg = dict(cfg["model"]), dict(cfg["train"])
    tcfg["warmup"] = max(1, round(tcfg["warmup"] * args.steps / tcfg["steps"]))
    tcfg["steps"] = args.steps
    stats = json.loads(corpus.with_name("manifest.json").read_text())["personalParameters"]
    mcfg["personal"] = {"names": [x["name"] for x in stats], "log_mean": [x["logMean"] for x in stats], "log_sd": [x["logSd"] for x in stats]}
    assert mcfg["personal"]["names"] == PERSONAL_NAMES

    sampling = {k: cfg.get(k) for k in ["tokenizer", "train_every_min", "eval_every_min", "t1d_train_start_min"]}
    key = hashlib.sha256(json.dumps(sampling, sort_keys=True).encode()).hexdigest()[:10]
    cache = corpus.with_name(f"samples-study-{key}.pkl")
    started = time.time()
    if cache.exists() and cache.stat().st_mtime > corpus.stat().st_mtime:
        groups = pickle.loads(cache.read_bytes())
    else:
        groups = group_samples(corpus, spec, cfg)
        cache.write_bytes(pickle.dumps(groups))
    print(f"samples ready ({time.time() - started:.0f} s)", flush=True)
    mu, sd = np.array(mcfg["personal"]["log_mean"], np.float32), np.array(mcfg["personal"]["log_sd"], np.float32)
    train_sets = {}
    validation = {sim: groups[f"{sim}/validation"] for sim in SIMULATORS} | {"pooled": concat(*[groups[f"{s}/validation"] for s in SIMULATORS])}
    for sim in args.train.split(","):
        sims = SIMULATORS if sim == "pooled" else [sim]
        train_sets[sim] = concat(*[groups[f"{s}/train"] for s in sims], groups["other/train"])
        train_sets[sim]["personal_z"] = (train_sets[sim]["personal_log"] - mu) / sd
    tests = {sim: groups[f"{sim}/test"] for sim in SIMULATORS} | {"other": groups["other/test"]}

    manifest = json.loads(corpus.with_name("manifest.json").read_text())
    result: dict = {
        "corpus": {"path": args.corpus, "persons": manifest["counts"], "seed": manifest["seed"], "days": manifest["days"]},
        "steps": args.steps, "batch": tcfg["batch"], "config": args.config, "train": tcfg,
        "samples": {k: int(len(v["code"])) for k, v in groups.items()},
        "baselines": {}, "served_v3": {}, "runs": {sim: [] for sim in train_sets},
    }
    # the served v3 as it is, and the deterministic baselines per training set (ridge: fitted on it)
    for sim in SIMULATORS:
        pred = onnx_predict(REPO / "models" / "shuji-fm-v3" / "model.onnx", spec, tests[sim])
        result["served_v3"][sim] = {"cgm": cgm_rows(evaluate_split(None, {}, spec, tests[sim], groups["uva-padova/train"], pred=pred), ["fm"])}
    for train_sim, train in train_sets.items():
        model = ridge.fit(train, validation[train_sim], spec)
        result["baselines"][train_sim] = {}
        for sim in SIMULATORS:
            r = evaluate_split(None, {}, spec, tests[sim], train, pred={"cgm": np.zeros((len(tests[sim]["code"]), len(spec.cgm_horizons_min), 3), np.float32), "slow": np.zeros_like(tests[sim]["slow_target"])[..., None].repeat(3, -1)})
            rows = cgm_rows(r, ["persistence", "linear"])
            for h, v in ridge.evaluate(model, tests[sim], spec).items():
                rows[h]["ridge"] = v
            result["baselines"][train_sim][sim] = {"persons": r["persons"], "cgm_samples": r["cgm_samples"], "cgm": rows}
        print(f"baselines for {train_sim} ({time.time() - started:.0f} s)", flush=True)
    out.parent.mkdir(parents=True, exist_ok=True)
    for seed in [int(s) for s in args.seeds.split(",")]:
        for train_sim, train in train_sets.items():
            t0 = time.time()
            print(f"train on {train_sim}, seed {seed}", flush=True)
            params = fit_fm(train, mcfg, tcfg, spec, seed)
            run = {"seed": seed, "seconds": time.time() - t0, "tests": {}}
            for sim, samples in tests.items():
                r = evaluate_split(params, mcfg, spec, samples, train)
                run["tests"][sim] = {"cgm": cgm_rows(r, ["fm"]), "slow": r["slow"]}
                if sim == "uva-padova":
                    run["tests"][sim]["personal"] = evaluate_personal(params, mcfg, samples)
            result["runs"][train_sim].append(run)
            out.write_text(json.dumps(result, indent=1) + "\n")
            out.with_suffix(".md").write_text(summarise(result) + "\n")
            print(f"  done in {run['seconds']:.0f} s: " + json.dumps({s: {h: round(v['fm']['rmse'], 1) for h, v in run['tests'][s]['cgm'].items()} for s in SIMULATORS}), flush=True)


if __name__ == "__main__":
    main()
