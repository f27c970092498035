/**
 * Gradient-boosted regression trees with squared loss (Friedman 2001, Ann Stat 29:1189, Algorithm 2 "LS_Boost"):
 * F₀ = mean(y); each round fits a depth-limited regression tree to the residuals y − F and adds its leaf means ×
 * the learning rate ν (shrinkage, Friedman 2001 §5), on a random share of the rows drawn without replacement
 * (stochastic gradient boosting, Friedman 2002, Comput Stat Data Anal 38:367). Leaf values are Σr/(n + λ), the
 * L2-penalised mean (Chen & Guestrin 2016, XGBoost, eq. 5, for squared loss); splits maximise the reduction of the
 * squared error, candidate thresholds are the edges of at most 255 quantile bins per feature (histogram split
 * finding as in Ke et al. 2017, LightGBM). Written here because no maintained pure-JavaScript package does this
 * (docs/decisions.md). Deterministic for a seed.
 */
import { quantileOfSorted, randomStream } from '@shuji/stats';

export interface GbtOptions {
  readonly trees: number;
  /** Shrinkage ν (Friedman 2001 §5; default 0.05). */
  readonly learningRate?: number;
  /** Depth of each tree (default 4: up to 16 leaves, ESL §10.11's range). */
  readonly maxDepth?: number;
  /** Fewest training rows in a leaf (default 20). */
  readonly minLeaf?: number;
  /** L2 penalty on leaf values (default 1). */
  readonly lambda?: number;
  /** Share of rows each tree sees (default 0.8). */
  readonly subsample?: number;
  /** Quantile bins per feature, ≤ 256 (default 64). */
  readonly bins?: number;
  readonly seed?: number;
}

/** One tree in flat arrays: node i splits on feature[i] at threshold[i] (x ≤ threshold → left[i]); feature −1: a leaf. */
interface Tree {
  readonly feature: Int32Array;
  readonly threshold: Float64Array;
  /** The split's bin: a training row goes left when its bin is ≤ this (training only; absent from a loaded model). */
  readonly splitBin?: Int32Array;
  readonly left: Int32Array;
  readonly right: Int32Array;
  readonly value: Float64Array;
}

/**
 * A fitted model as plain numbers (what a committed artefact stores). Each tree in preorder: node i is a split when
 * feature[i] ≥ 0 (its left child is node i + 1, its right child node right[i]), a leaf otherwise (value[i]).
 */
export interface GbtJson {
  readonly features: number;
  readonly base: number;
  readonly trees: readonly { readonly feature: readonly number[]; readonly threshold: readonly number[]; readonly right: readonly number[]; readonly value: readonly number[] }[];
}

export class GradientBoostedTrees {
  private constructor(
    readonly features: number,
    private readonly base: number,
    private readonly trees: readonly Tree[],
  ) {}

  get treeCount(): number {
    return this.trees.length;
  }

  /** The model of its first `count` trees: what boosting with `count` rounds and the same seed gives. */
  truncated(count: number): GradientBoostedTrees {
    if (!Number.isInteger(count) || count < 1 || count > this.trees.length) throw new RangeError(`truncated: 1…${this.trees.length} trees`);
    return new GradientBoostedTrees(this.features, this.base, this.trees.slice(0, count));
  }

  /** The trees in preorder (grown so: a split's left child follows it), thresholds and leaf values as fitted. */
  toJSON(): GbtJson {
    return {
      features: this.features,
      base: this.base,
      trees: this.trees.map((t) => ({
        feature: [...t.feature],
        threshold: Array.from(t.threshold, (x, i) => (t.feature[i] < 0 ? 0 : x)),
        right: Array.from(t.right, (x, i) => (t.feature[i] < 0 ? 0 : x)),
        value: Array.from(t.value, (x, i) => (t.feature[i] < 0 ? x : 0)),
      })),
    };
  }

  /** Checks and loads a model written by toJSON, naming what is wrong. */
  static fromJSON(json: GbtJson): GradientBoostedTrees {
    const fail = (why: string): never => {
      throw new RangeError(`gradient boosting JSON: ${why}`);
    };
    if (!Number.isInteger(json?.features) || json.features < 1 || !Number.isFinite(json.base) || !Array.isArray(json.trees)) fail('bad features, base or trees');
    const trees = json.trees.map((t, k): Tree => {
      const n = t?.feature?.length ?? 0;
      if (n === 0 || ![t.threshold, t.right, t.value].every((a) => Array.isArray(a) && a.length === n)) fail(`tree ${k}: arrays of unequal length`);
      const left = new Int32Array(n).fill(-1);
      const right = new Int32Array(n).fill(-1);
      for (let i = 0; i < n; i++) {
        const f = t.feature[i];
        if (!Number.isInteger(f) || f >= json.features || (f >= 0 && !Number.isFinite(t.threshold[i])) || (f < 0 && !Number.isFinite(t.value[i]))) fail(`tree ${k}: bad node ${i}`);
        if (f < 0) continue;
        // preorder: the left child follows, the right one comes after the left subtree, both within the tree
        if (!(i + 1 < n && t.right[i] > i + 1 && t.right[i] < n && Number.isInteger(t.right[i]))) fail(`tree ${k}: bad children of node ${i}`);
        left[i] = i + 1;
        right[i] = t.right[i];
      }
      return { feature: Int32Array.from(t.feature), threshold: Float64Array.from(t.threshold), left, right, value: Float64Array.from(t.value) };
    });
    return new GradientBoostedTrees(json.features, json.base, trees);
  }

  /** `x` row-major: n rows of `d` features; `y` the n targets. */
  static fit(x: Float64Array, y: ArrayLike<number>, d: number, options: GbtOptions): GradientBoostedTrees {
    const n = y.length;
    if (x.length !== n * d) throw new RangeError('gradient boosting: x must hold n × d values');
    const nu = options.learningRate ?? 0.05;
    const maxDepth = options.maxDepth ?? 4;
    const minLeaf = options.minLeaf ?? 20;
    const lambda = options.lambda ?? 1;
    const subsample = options.subsample ?? 0.8;
    const binCount = options.bins ?? 64;
    if (!Number.isInteger(options.trees) || options.trees < 1) throw new RangeError('trees: must be a positive integer');
    if (!(nu > 0 && nu <= 1)) throw new RangeError('learningRate: must be in (0, 1]');
    if (!(subsample > 0 && subsample <= 1)) throw new RangeError('subsample: must be in (0, 1]');
    if (!Number.isInteger(binCount) || binCount < 2 || binCount > 256) throw new RangeError('bins: must be an integer in 2…256');
    if (n < 2 * minLeaf) throw new RangeError(`gradient boosting: ${n} rows for leaves of ${minLeaf}`);
    const edges = binEdges(x, n, d, binCount);
    const binned = new Uint8Array(n * d);
    for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) binned[i * d + j] = binOf(edges[j], x[i * d + j]);
    let base = 0;
    for (let i = 0; i < n; i++) base += y[i];
    base /= n;
    const f = new Float64Array(n).fill(base);
    const residual = new Float64Array(n);
    const rng = randomStream(options.seed ?? 2001);
    const all = Int32Array.from({ length: n }, (_, i) => i);
    const trees: Tree[] = [];
    const growth: TreeGrowth = { binned, d, edges, binCount, maxDepth, minLeaf, lambda };
    for (let t = 0; t < options.trees; t++) {
      for (let i = 0; i < n; i++) residual[i] = y[i] - f[i];
      const rows = subsample < 1 ? sampleRows(all, Math.max(2 * minLeaf, Math.round(subsample * n)), rng.uniform) : all;
      const tree = growTree(growth, rows, residual, nu);
      trees.push(tree);
      for (let i = 0; i < n; i++) f[i] += leafValueBinned(tree, binned, i * d);
    }
    return new GradientBoostedTrees(d, base, trees);
  }

  /** The prediction for the d features at x[offset…offset + d − 1]. */
  predict(x: ArrayLike<number>, offset = 0): number {
    let s = this.base;
    for (const tree of this.trees) {
      let node = 0;
      while (tree.feature[node] >= 0) node = x[offset + tree.feature[node]] <= tree.threshold[node] ? tree.left[node] : tree.right[node];
      s += tree.value[node];
    }
    return s;
  }
}

interface TreeGrowth {
  readonly binned: Uint8Array;
  readonly d: number;
  readonly edges: readonly Float64Array[];
  readonly binCount: number;
  readonly maxDepth: number;
  readonly minLeaf: number;
  readonly lambda: number;
}

/** Per feature the distinct upper edges of up to `bins` quantile bins (from at most 20,000 evenly spaced rows). */
function binEdges(x: Float64Array, n: number, d: number, bins: number): Float64Array[] {
  const stride = Math.max(1, Math.floor(n / 20_000));
  const out: Float64Array[] = [];
  for (let j = 0; j < d; j++) {
    const v: number[] = [];
    for (let i = 0; i < n; i += stride) v.push(x[i * d + j]);
    const sorted = Float64Array.from(v).sort();
    const e: number[] = [];
    for (let b = 1; b < bins; b++) {
      const q = quantileOfSorted(sorted, b / bins);
      if (q < sorted[sorted.length - 1] && (e.length === 0 || q > e[e.length - 1])) e.push(q);
    }
    out.push(Float64Array.from(e));
  }
  return out;
}

/** The first bin whose upper edge is ≥ v (the number of edges when v is above them all). */
function binOf(edges: Float64Array, v: number): number {
  let lo = 0;
  let hi = edges.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (edges[mid] < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function sampleRows(all: Int32Array, m: number, uniform: () => number): Int32Array {
  // partial Fisher–Yates: the first m of a shuffled copy, sorted for memory locality
  const a = Int32Array.from(all);
  for (let i = 0; i < m; i++) {
    const j = i + Math.floor(uniform() * (a.length - i));
    const t = a[i];
    a[i] = a[j];
    a[j] = t;
  }
  return a.subarray(0, m).sort();
}

function growTree(g: TreeGrowth, rows: Int32Array, residual: Float64Array, nu: number): Tree {
  const feature: number[] = [];
  const threshold: number[] = [];
  const splitBin: number[] = [];
  const left: number[] = [];
  const right: number[] = [];
  const value: number[] = [];
  const sum = new Float64Array(g.d * g.binCount);
  const count = new Int32Array(g.d * g.binCount);
  const grow = (idx: Int32Array, depth: number): number => {
    const node = feature.length;
    feature.push(-1);
    threshold.push(0);
    splitBin.push(-1);
    left.push(-1);
    right.push(-1);
    let total = 0;
    for (const i of idx) total += residual[i];
    value.push((nu * total) / (idx.length + g.lambda));
    if (depth >= g.maxDepth || idx.length < 2 * g.minLeaf) return node;
    sum.fill(0);
    count.fill(0);
    for (const i of idx) {
      const r = residual[i];
      const base = i * g.d;
      for (let j = 0; j < g.d; j++) {
        const c = j * g.binCount + g.binned[base + j];
        sum[c] += r;
        count[c]++;
      }
    }
    const parent = (total * total) / (idx.length + g.lambda);
    let bestGain = 1e-12;
    let bestFeature = -1;
    let bestBin = -1;
    for (let j = 0; j < g.d; j++) {
      let sl = 0;
      let nl = 0;
      // the last bin cannot be a left side: everything would go left
      for (let b = 0; b < g.edges[j].length; b++) {
        sl += sum[j * g.binCount + b];
        nl += count[j * g.binCount + b];
        const nr = idx.length - nl;
        if (nl < g.minLeaf) continue;
        if (nr < g.minLeaf) break;
        const sr = total - sl;
        const gain = (sl * sl) / (nl + g.lambda) + (sr * sr) / (nr + g.lambda) - parent;
        if (gain > bestGain) {
          bestGain = gain;
          bestFeature = j;
          bestBin = b;
        }
      }
    }
    if (bestFeature < 0) return node;
    const goLeft: number[] = [];
    const goRight: number[] = [];
    for (const i of idx) (g.binned[i * g.d + bestFeature] <= bestBin ? goLeft : goRight).push(i);
    feature[node] = bestFeature;
    threshold[node] = g.edges[bestFeature][bestBin];
    splitBin[node] = bestBin;
    left[node] = grow(Int32Array.from(goLeft), depth + 1);
    right[node] = grow(Int32Array.from(goRight), depth + 1);
    return node;
  };
  grow(rows, 0);
  return {
    feature: Int32Array.from(feature),
    threshold: Float64Array.from(threshold),
    splitBin: Int32Array.from(splitBin),
    left: Int32Array.from(left),
    right: Int32Array.from(right),
    value: Float64Array.from(value),
  };
}

/** A tree's leaf value for a training row, from its bins (x ≤ edge[b] ⇔ bin ≤ b). */
function leafValueBinned(tree: Tree, binned: Uint8Array, offset: number): number {
  let node = 0;
  const splitBin = tree.splitBin as Int32Array;
  while (tree.feature[node] >= 0) node = binned[offset + tree.feature[node]] <= splitBin[node] ? tree.left[node] : tree.right[node];
  return tree.value[node];
}
