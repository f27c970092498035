/**
 * Standard normal draws by Box–Muller (Box & Muller 1958, Ann. Math. Stat. 29:610): one draw per two uniforms, the
 * cosine branch only. `1 - u` keeps the logarithm finite for u = 0.
 */
export function standardNormal(uniform: () => number): () => number {
  return () => Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
}
