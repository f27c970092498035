/**
 * npm run bench:fm -- [--provider cpu|webgpu|cuda] [--threads 1] [--sessions 1] [--model models/shuji-fm-v2] [--seconds 3]
 * Latency (p50/p99) of one forecast at batch 1, session only and end to end (tokenise + micro-batcher + run),
 * and throughput (forecasts/s) at batch 1/32/64/128/256 of the ONNX session(s) on realistic tokenised timelines;
 * with --sessions 2 a batch of ≥ 32 is split over two sessions in two worker threads that run side by side (both cores
 * of a 2-core box). Also the share of a batch-256 run spent building the input tensors in JavaScript.
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { cpus, loadavg } from 'node:os';
import { FoundationModel, parseExecutionProvider, type TimelineObservation, type TokenizedTimeline } from '@shuji/foundation-model';
import { quantile } from '@shuji/stats';

const { values } = parseArgs({
  options: {
    provider: { type: 'string', default: 'cpu' },
    threads: { type: 'string', default: '1' },
    sessions: { type: 'string', default: '1' },
    model: { type: 'string', default: join(__dirname, '..', 'models', 'shuji-fm-v2') },
    seconds: { type: 'string', default: '3' },
  },
});
const seconds = Number(values.seconds);

/** A day of 5-min CGM with meals and boluses, deterministic, ending at a random-looking point. */
function timeline(seed: number): { observations: TimelineObservation[]; tRef: number } {
  const observations: TimelineObservation[] = [];
  for (let t = 0; t <= 1440; t += 5) {
    const v = 130 + 40 * Math.sin((t + seed * 37) / 180) + 10 * Math.sin((t * seed) / 47);
    observations.push({ c: '99504-3', t, v });
  }
  for (const h of [7.5, 12.5, 19]) {
    observations.push({ c: '9059-7', t: h * 60, v: 40 + (seed % 5) * 10 }, { c: 'shuji:insulin-bolus', t: h * 60, v: 4 + (seed % 3) });
  }
  observations.push({ c: '29463-7', t: 60, v: 70 + (seed % 20) });
  return { observations, tRef: 600 + ((seed * 97) % 800) - ((seed * 97) % 800) % 5 };
}


async function timeFor(work: () => Promise<unknown>, forSeconds: number): Promise<number[]> {
  const samples: number[] = [];
  const end = performance.now() + forSeconds * 1000;
  while (performance.now() < end) {
    const t0 = performance.now();
    await work();
    samples.push(performance.now() - t0);
  }
  return samples.sort((a, b) => a - b);
}

async function main(): Promise<void> {
  const provider = parseExecutionProvider(values.provider);
  const threads = Number(values.threads);
  const sessions = Number(values.sessions);
  const model = await FoundationModel.load({ modelDir: values.model, provider, intraOpNumThreads: threads, sessions, maxBatch: 256, maxWaitMs: 0 });
  const pool: TokenizedTimeline[] = [];
  const raw = Array.from({ length: 256 }, (_, i) => timeline(i + 1));
  const tokStart = performance.now();
  for (const r of raw) pool.push(model.tokenizer.tokenize(r.observations, r.tRef));
  const tokenizeUs = ((performance.now() - tokStart) * 1000) / raw.length;
  console.log(`model ${model.name} on ${model.provider} (requested ${provider}), ${sessions} session(s) × intraOpNumThreads ${threads}, ${cpus().length} CPUs: ${cpus()[0]?.model ?? ''}, load average ${loadavg()[0].toFixed(2)}`);
  console.log(`tokenise: ${tokenizeUs.toFixed(1)} µs per timeline (289 CGM readings + 7 events)`);

  for (let i = 0; i < 50; i++) await model.runTokens(pool.slice(0, 32)); // warm-up
  const one = await timeFor(() => model.runTokens([pool[0]]), seconds);
  console.log(`batch 1 session latency: p50 ${quantile(one, 0.5).toFixed(3)} ms, p99 ${quantile(one, 0.99).toFixed(3)} ms (${one.length} runs)`);
  const e2e = await timeFor(() => model.forecast(raw[1].observations, raw[1].tRef), seconds);
  console.log(`batch 1 end to end (tokenise + batcher + run + map): p50 ${quantile(e2e, 0.5).toFixed(3)} ms, p99 ${quantile(e2e, 0.99).toFixed(3)} ms`);
  const feedsRuns = await timeFor(() => Promise.resolve(model.feeds(pool)), 1);
  const runOnly = await timeFor(() => model.runTokens(pool), 1);
  const feedsMs = quantile(feedsRuns, 0.5);
  console.log(
    `batch 256: input tensors built in JavaScript p50 ${feedsMs.toFixed(3)} ms, whole run p50 ${quantile(runOnly, 0.5).toFixed(3)} ms (${((100 * feedsMs) / quantile(runOnly, 0.5)).toFixed(1)} % tensors)`,
  );
  const rows: string[] = [];
  for (const batch of [1, 32, 64, 128, 256]) {
    const slice = pool.slice(0, batch);
    const cpu0 = process.cpuUsage();
    const runs = await timeFor(() => model.runTokens(slice), seconds);
    const cpu = process.cpuUsage(cpu0);
    const total = runs.reduce((a, b) => a + b, 0);
    const perSecond = (batch * runs.length * 1000) / total;
    // on a shared machine wall time includes waiting for a core; CPU time is the steadier cost
    const perCpuSecond = (batch * runs.length * 1e6) / (cpu.user + cpu.system);
    const fmt = (x: number): string => Math.round(x).toLocaleString('en-US');
    // cores in use: above 1 only when sessions run side by side (worker threads)
    rows.push(`| ${batch} | ${quantile(runs, 0.5).toFixed(3)} | ${fmt(perSecond)} | ${fmt(perCpuSecond)} | ${(perSecond / perCpuSecond).toFixed(2)} |`);
  }
  console.log('\n| batch | p50 ms per batch | forecasts/s (wall) | forecasts per CPU-second | cores used (CPU-s per wall-s) |\n| --- | --- | --- | --- | --- |');
  console.log(rows.join('\n'));
  await model.close();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
