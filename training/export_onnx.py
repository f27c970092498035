"""Writes the trained JAX model as an ONNX graph (opset 17), op by op the same computation as model.forward,
plus physical-unit denormalisation; fixed token count T with a padding mask, dynamic batch. Checks parity with
onnxruntime and writes golden.json (inputs, onnxruntime outputs and the JAX reference) and tokenizer fixtures."""
from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import onnx
import onnxruntime as ort
from onnx import TensorProto, helper, numpy_helper

from .evaluate import personal_log_params, predict
from .model import LOG_SD_HALF, LOG_SD_MID
from .tokenizer import INPUT_NAMES, TokenizerSpec

OPSET = 17


class GraphBuilder:
    def __init__(self) -> None:
        self.nodes: list[onnx.NodeProto] = []
        self.inits: list[onnx.TensorProto] = []
        self.n = 0

    def const(self, value: np.ndarray | float | list, name: str | None = None, dtype=np.float32) -> str:
        self.n += 1
        name = name or f"c{self.n}"
        self.inits.append(numpy_helper.from_array(np.asarray(value, dtype=dtype), name))
        return name

    def op(self, op_type: str, inputs: list[str], **attrs) -> str:
        self.n += 1
        out = f"{op_type.lower()}_{self.n}"
        self.nodes.append(helper.make_node(op_type, inputs, [out], **attrs))
        return out

    def linear(self, x: str, p: dict, name: str) -> str:
        return self.op("Add", [self.op("MatMul", [x, self.const(p["w"], f"{name}.w")]), self.const(p["b"], f"{name}.b")])

    def layer_norm(self, x: str, p: dict, name: str) -> str:
        return self.op("LayerNormalization", [x, self.const(p["g"], f"{name}.g"), self.const(p["b"], f"{name}.b")], axis=-1, epsilon=1e-5)

    def gelu(self, x: str) -> str:
        # exact GELU (Hendrycks & Gimpel 2016): 0.5·x·(1 + erf(x/√2)); Gelu is an op only from opset 20
        erf = self.op("Erf", [self.op("Div", [x, self.const(math.sqrt(2.0))])])
        return self.op("Mul", [self.op("Mul", [x, self.const(0.5)]), self.op("Add", [erf, self.const(1.0)])])

    def quantiles(self, anchor: str, raw: str, axis: int) -> str:
        def part(i: int) -> str:
            return self.op("Gather", [raw, self.const(i, dtype=np.int64)], axis=axis)

        mid = self.op("Add", [anchor, part(0)])
        lo = self.op("Sub", [mid, self.op("Softplus", [part(1)])])
        hi = self.op("Add", [mid, self.op("Softplus", [part(2)])])
        axes = self.const([axis], dtype=np.int64)
        return self.op("Concat", [self.op("Unsqueeze", [t, axes]) for t in (lo, mid, hi)], axis=axis)


def build_model(params: dict, cfg: dict, spec: TokenizerSpec, name: str, fused_attention: bool = False) -> onnx.ModelProto:
    """fused_attention: each layer's QKV projection, scaled dot-product, padding mask and softmax as one
    com.microsoft Attention op (onnxruntime contrib op; same maths, Vaswani et al. 2017 eq. 1) instead of ~12
    standard ops; a fully padded row then attends by its scores instead of uniformly, which the pooling discards."""
    g = GraphBuilder()
    d, nh = cfg["d_model"], cfg["heads"]
    hd = d // nh
    T, S, A = spec.max_tokens, spec.patch_slots, spec.anchor_size
    n_slow, H, D = len(spec.slow_codes), cfg["n_horizons"], cfg["n_slow_horizons"]
    x = g.op("Gather", [g.const(params["code_emb"], "code_emb"), "code"], axis=0)
    vm = g.op("Concat", ["values", "value_mask"], axis=-1)
    x = g.op("Add", [x, g.linear(vm, params["value_proj"], "value_proj")])
    s = g.op("Mul", [g.op("Sign", ["time"]), g.op("Log", [g.op("Add", [g.op("Abs", ["time"]), g.const(1.0)])])])
    z = g.op("Add", [g.op("Mul", [g.op("Unsqueeze", [s, g.const([-1], dtype=np.int64)]), g.const(params["t2v"]["w"], "t2v.w")]), g.const(params["t2v"]["b"], "t2v.b")])
    t2v = params["t2v"]["w"].shape[0]
    first = g.op("Slice", [z, g.const([0], dtype=np.int64), g.const([1], dtype=np.int64), g.const([-1], dtype=np.int64)])
    rest = g.op("Slice", [z, g.const([1], dtype=np.int64), g.const([t2v], dtype=np.int64), g.const([-1], dtype=np.int64)])
    tf = g.op("Concat", [first, g.op("Sin", [rest])], axis=-1)
    x = g.op("Add", [x, g.linear(tf, params["time_proj"], "time_proj")])
    bias = g.op("Mul", [g.op("Sub", [g.const(1.0), "pad_mask"]), g.const(-1e9)])
    bias = g.op("Unsqueeze", [bias, g.const([1, 2], dtype=np.int64)])
    if fused_attention:
        mask_i32 = g.op("Cast", ["pad_mask"], to=TensorProto.INT32)
    for i, lp in enumerate(params["layers"]):
        h = g.layer_norm(x, lp["ln1"], f"l{i}.ln1")
        if fused_attention:
            w, b = g.const(lp["qkv"]["w"], f"l{i}.qkv.w"), g.const(lp["qkv"]["b"], f"l{i}.qkv.b")
            g.n += 1
            att = f"attention_{g.n}"
            g.nodes.append(helper.make_node("Attention", [h, w, b, mask_i32], [att], domain="com.microsoft", num_heads=nh))
            x = g.op("Add", [x, g.linear(att, lp["out"], f"l{i}.out")])
            h = g.layer_norm(x, lp["ln2"], f"l{i}.ln2")
            x = g.op("Add", [x, g.linear(g.gelu(g.linear(h, lp["ff1"], f"l{i}.ff1")), lp["ff2"], f"l{i}.ff2")])
            continue
        qkv = g.op("Reshape", [g.linear(h, lp["qkv"], f"l{i}.qkv"), g.const([0, 0, 3, nh, hd], dtype=np.int64)])
        q, k, v = (g.op("Gather", [qkv, g.const(j, dtype=np.int64)], axis=2) for j in range(3))
        q = g.op("Transpose", [q], perm=[0, 2, 1, 3])
        k = g.op("Transpose", [k], perm=[0, 2, 3, 1])
        v = g.op("Transpose", [v], perm=[0, 2, 1, 3])
        scores = g.op("Add", [g.op("Mul", [g.op("MatMul", [q, k]), g.const(1.0 / math.sqrt(hd))]), bias])
        att = g.op("MatMul", [g.op("Softmax", [scores], axis=-1), v])
        att = g.op("Reshape", [g.op("Transpose", [att], perm=[0, 2, 1, 3]), g.const([0, 0, d], dtype=np.int64)])
        x = g.op("Add", [x, g.linear(att, lp["out"], f"l{i}.out")])
        h = g.layer_norm(x, lp["ln2"], f"l{i}.ln2")
        x = g.op("Add", [x, g.linear(g.gelu(g.linear(h, lp["ff1"], f"l{i}.ff1")), lp["ff2"], f"l{i}.ff2")])
    x = g.layer_norm(x, params["final_ln"], "final_ln")
    ax1 = g.const([1], dtype=np.int64)
    summed = g.op("ReduceSum", [g.op("Mul", [x, g.op("Unsqueeze", ["pad_mask", g.const([-1], dtype=np.int64)])]), ax1], keepdims=0)
    count = g.op("Max", [g.op("ReduceSum", ["pad_mask", ax1], keepdims=1), g.const(1.0)])
    pooled = g.op("Div", [summed, count])
    zin = g.op("Concat", [pooled, "anchor", "anchor_mask"], axis=-1)
    zz = g.gelu(g.linear(zin, params["head_in"], "head_in"))
    c = g.op("Reshape", [g.linear(zz, params["cgm_head"], "cgm_head"), g.const([0, H, 3], dtype=np.int64)])
    a0 = g.op("Slice", ["anchor", g.const([0], dtype=np.int64), g.const([1], dtype=np.int64), g.const([1], dtype=np.int64)])
    cgm = g.quantiles(a0, c, 2)
    cgm_sd, cgm_mu = spec.std[spec.cgm_code], spec.mean[spec.cgm_code]
    g.nodes.append(helper.make_node("Add", [g.op("Mul", [cgm, g.const(cgm_sd)]), g.const(cgm_mu)], ["cgm_quantiles"]))
    sr = g.op("Reshape", [g.linear(zz, params["slow_head"], "slow_head"), g.const([0, n_slow, D, 3], dtype=np.int64)])
    a_slow = g.op("Slice", ["anchor", g.const([1], dtype=np.int64), g.const([A], dtype=np.int64), g.const([1], dtype=np.int64)])
    slow = g.quantiles(g.op("Unsqueeze", [a_slow, g.const([2], dtype=np.int64)]), sr, 3)
    sd = np.array([spec.std[c_] for c_ in spec.slow_codes], np.float32).reshape(1, n_slow, 1, 1)
    mu = np.array([spec.mean[c_] for c_ in spec.slow_codes], np.float32).reshape(1, n_slow, 1, 1)
    g.nodes.append(helper.make_node("Add", [g.op("Mul", [slow, g.const(sd)]), g.const(mu)], ["slow_quantiles"]))
    g.nodes.append(helper.make_node("Identity", [g.linear(zz, params["embed_head"], "embed_head")], ["patient_embedding"]))
    personal = cfg.get("personal")
    if personal:
        # personalisation head: [B, K, 2] = (mean, log-SD) of ln θ in model units (model.forward + denormalisation)
        K = len(personal["names"])
        hp = g.gelu(g.linear(zin, params["personal_in"], "personal_in"))
        raw = g.op("Reshape", [g.linear(hp, params["personal_out"], "personal_out"), g.const([0, K, 2], dtype=np.int64)])
        m = g.op("Gather", [raw, g.const(0, dtype=np.int64)], axis=2)
        r = g.op("Gather", [raw, g.const(1, dtype=np.int64)], axis=2)
        ls = g.op("Add", [g.const(LOG_SD_MID), g.op("Mul", [g.const(LOG_SD_HALF), g.op("Tanh", [g.op("Div", [r, g.const(LOG_SD_HALF)])])])])
        mu, sd = np.array(personal["log_mean"], np.float32), np.array(personal["log_sd"], np.float32)
        mean = g.op("Add", [g.op("Mul", [m, g.const(sd)]), g.const(mu)])
        ls = g.op("Add", [ls, g.const(np.log(sd))])
        ax2 = g.const([2], dtype=np.int64)
        g.nodes.append(helper.make_node("Concat", [g.op("Unsqueeze", [mean, ax2]), g.op("Unsqueeze", [ls, ax2])], ["personal_log_params"], axis=2))

    B = "batch"
    inputs = [
        helper.make_tensor_value_info("code", TensorProto.INT64, [B, T]),
        helper.make_tensor_value_info("values", TensorProto.FLOAT, [B, T, S]),
        helper.make_tensor_value_info("value_mask", TensorProto.FLOAT, [B, T, S]),
        helper.make_tensor_value_info("time", TensorProto.FLOAT, [B, T]),
        helper.make_tensor_value_info("pad_mask", TensorProto.FLOAT, [B, T]),
        helper.make_tensor_value_info("anchor", TensorProto.FLOAT, [B, A]),
        helper.make_tensor_value_info("anchor_mask", TensorProto.FLOAT, [B, A]),
    ]
    outputs = [
        helper.make_tensor_value_info("cgm_quantiles", TensorProto.FLOAT, [B, H, 3]),
        helper.make_tensor_value_info("slow_quantiles", TensorProto.FLOAT, [B, n_slow, D, 3]),
        helper.make_tensor_value_info("patient_embedding", TensorProto.FLOAT, [B, cfg["embedding_dim"]]),
    ]
    if personal:
        outputs.append(helper.make_tensor_value_info("personal_log_params", TensorProto.FLOAT, [B, len(personal["names"]), 2]))
    graph = helper.make_graph(g.nodes, name, inputs, outputs, g.inits)
    opsets = [helper.make_opsetid("", OPSET)] + ([helper.make_opsetid("com.microsoft", 1)] if fused_attention else [])
    model = helper.make_model(graph, opset_imports=opsets, producer_name="shuji-training")
    model.ir_version = 8
    onnx.checker.check_model(model)
    return model


def reference_outputs(params: dict, cfg: dict, spec: TokenizerSpec, samples: dict) -> dict[str, np.ndarray]:
    pred = predict(params, cfg, samples)
    sd = np.array([spec.std[c] for c in spec.slow_codes], np.float32).reshape(1, -1, 1, 1)
    mu = np.array([spec.mean[c] for c in spec.slow_codes], np.float32).reshape(1, -1, 1, 1)
    out = {
        "cgm_quantiles": pred["cgm"] * spec.std[spec.cgm_code] + spec.mean[spec.cgm_code],
        "slow_quantiles": pred["slow"] * sd + mu,
        "patient_embedding": pred["embedding"],
    }
    if "personal" in pred:
        out["personal_log_params"] = personal_log_params(pred["personal"], cfg)
    return out


def golden_indices(samples: dict, count: int) -> np.ndarray:
    """A fixed, mixed set: CGM-anchored samples and slow-only samples, spread over the split."""
    rng = np.random.default_rng(12345)
    cgm = np.where(samples["anchor_mask"][:, 0] > 0)[0]
    slow = np.where(samples["anchor_mask"][:, 0] == 0)[0]
    pick = list(rng.choice(cgm, min(len(cgm), count - count // 4), replace=False)) if len(cgm) else []
    pick += list(rng.choice(slow, min(len(slow), count - len(pick)), replace=False)) if len(slow) else []
    return np.array(sorted(pick), dtype=np.int64)


def export(params: dict, cfg: dict, spec: TokenizerSpec, out_dir: Path, samples: dict, name: str) -> dict:
    model = build_model(params, cfg, spec, name, fused_attention=bool(cfg.get("fused_attention", False)))
    path = out_dir / "model.onnx"
    onnx.save(model, path)
    idx = golden_indices(samples, 16)
    inputs = {k: samples[k][idx] for k in INPUT_NAMES}
    # one empty timeline: the padding mask alone must give finite outputs
    for k in INPUT_NAMES:
        inputs[k] = np.concatenate([inputs[k], np.zeros_like(inputs[k][:1])])
    opts = ort.SessionOptions()
    opts.intra_op_num_threads = 1
    session = ort.InferenceSession(str(path), opts, providers=["CPUExecutionProvider"])
    ort_out = dict(zip([o.name for o in session.get_outputs()], session.run(None, inputs)))
    ref = reference_outputs(params, cfg, spec, inputs)
    parity = {k: float(np.max(np.abs(ort_out[k] - ref[k]))) for k in ref}
    print(f"ONNX parity vs JAX (max abs): {parity}", flush=True)
    assert all(np.isfinite(v).all() for v in ort_out.values())
    assert max(parity.values()) < 1e-3, parity
    golden = {
        "model": name,
        "opset": OPSET,
        "inputs": {k: {"shape": list(v.shape), "data": v.reshape(-1).tolist()} for k, v in inputs.items()},
        "outputs": {k: {"shape": list(v.shape), "data": v.reshape(-1).astype(np.float64).tolist()} for k, v in ort_out.items()},
        "jax_reference": {k: {"shape": list(v.shape), "data": np.asarray(v).reshape(-1).astype(np.float64).tolist()} for k, v in ref.items()},
        "parity_max_abs_onnxruntime_vs_jax": parity,
    }
    if cfg.get("personal"):
        golden["personal_parameters"] = cfg["personal"]["names"]
    (out_dir / "golden.json").write_text(json.dumps(golden) + "\n")
    return parity
