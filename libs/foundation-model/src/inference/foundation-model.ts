/**
 * The foundation model in a process: one or more onnxruntime-node sessions of the same model, the tokeniser, and a
 * micro-batcher in front. `forecast(timeline, tRef)` tokenises, waits for its batch, runs the batch, and maps outputs
 * to quantiles. One session runs on the calling thread; with `sessions` > 1 each session lives in its own worker
 * thread and a batch is split over them, so they run side by side, one core each at intraOpNumThreads 1
 * (onnxruntime-node runs a session synchronously on the thread that calls it: two sessions on one thread take turns;
 * model-session.ts). Measured in bench/fm.bench.ts against one session with intraOpNumThreads 2 (docs/benchmarks.md).
 */
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { PERSONAL_PARAMETERS, type TimelineObservation } from '../corpus/observation-codes';
import { Tokenizer, type TokenizedTimeline } from '../tokenizer/tokenize';
import { loadTokenizerSpec } from '../tokenizer/tokenizer-spec';
import {
  createSessionWithFallback,
  type ExecutionProviderName,
  type SessionFactory,
  type WarningLogger,
} from './execution-provider';
import type { Forecast, PersonalParameterPrior, QuantileForecast } from './forecast';
import { MicroBatcher } from './micro-batcher';
import { InThreadSession, WorkerSession, type ModelSession, type OutputTensor } from './model-session';
import { splitBatch } from './split-batch.util';

export interface FoundationModelOptions {
  /** Folder holding model.onnx and tokenizer.json (e.g. models/shuji-fm-v2). */
  readonly modelDir: string;
  readonly provider?: ExecutionProviderName;
  readonly intraOpNumThreads?: number;
  /**
   * Sessions of the model. 1 (default): on the calling thread. More: one worker thread each, run side by side; a
   * batch of at least 2·MIN_SPLIT forecasts is split over them.
   */
  readonly sessions?: number;
  readonly maxBatch?: number;
  readonly maxWaitMs?: number;
  readonly logger?: WarningLogger;
  /** For tests: how a session on the calling thread is created (default: onnxruntime-node). */
  readonly sessionFactory?: SessionFactory;
  /** For tests: how a session in a worker thread is created, with `sessions` > 1 (default: WorkerSession.create). */
  readonly workerSessionFactory?: SessionFactory<ModelSession>;
}

export interface RawOutputs {
  readonly cgm: Float32Array;
  readonly slow: Float32Array;
  readonly embedding: Float32Array;
  /** [B, K, 2]: mean and log-SD of ln θ for PERSONAL_PARAMETERS; only from models with the personalisation head. */
  readonly personal?: Float32Array;
}

/** The ONNX output of the personalisation head (v2 on). */
export const PERSONAL_OUTPUT = 'personal_log_params';

interface Request {
  readonly tokens: TokenizedTimeline;
  readonly tRef: number;
}

/** The smallest part of a split batch (below it a second session's fixed cost outweighs the parallel run). */
export const MIN_SPLIT = 16;

const defaultFactory: SessionFactory = (path, options) => ort.InferenceSession.create(path, options);
const workerFactory: SessionFactory<ModelSession> = (path, options) => WorkerSession.create(path, options);

export class FoundationModel {
  private readonly batcher: MicroBatcher<Request, Forecast>;

  private constructor(
    private readonly sessions: readonly ModelSession[],
    readonly tokenizer: Tokenizer,
    readonly provider: ExecutionProviderName,
    readonly name: string,
    options: FoundationModelOptions,
  ) {
    this.batcher = new MicroBatcher((items) => this.runBatch(items), {
      maxBatch: options.maxBatch ?? 256,
      maxWaitMs: options.maxWaitMs ?? 2,
    });
  }

  static async load(options: FoundationModelOptions): Promise<FoundationModel> {
    const count = options.sessions ?? 1;
    if (!Number.isInteger(count) || count < 1) throw new RangeError('sessions: must be a positive integer');
    const tokenizer = new Tokenizer(loadTokenizerSpec(join(options.modelDir, 'tokenizer.json')));
    const path = join(options.modelDir, 'model.onnx');
    const settings = { provider: options.provider ?? 'cpu', intraOpNumThreads: options.intraOpNumThreads ?? 1 };
    const logger = options.logger ?? console;
    const name = options.modelDir.split(/[\\/]/).filter(Boolean).pop() ?? 'foundation-model';
    if (count === 1) {
      const created = await createSessionWithFallback(path, settings, options.sessionFactory ?? defaultFactory, logger);
      return new FoundationModel([new InThreadSession(created.session)], tokenizer, created.provider, name, options);
    }
    const factory = options.workerSessionFactory ?? workerFactory;
    const first = await createSessionWithFallback(path, settings, factory, logger);
    // the others on the provider the first one got, without a second warning
    const rest = await Promise.allSettled(
      Array.from({ length: count - 1 }, () => createSessionWithFallback(path, { ...settings, provider: first.provider }, factory, logger)),
    );
    const made = [first.session, ...rest.flatMap((r) => (r.status === 'fulfilled' ? [r.value.session] : []))];
    const failed = rest.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed !== undefined) {
      // a worker left running would hold its thread, its model's memory and the process
      await Promise.allSettled(made.map((s) => s.release()));
      throw failed.reason;
    }
    return new FoundationModel(made, tokenizer, first.provider, name, options);
  }

  /** Whether the model has the personalisation head (forecasts then carry `personal`). */
  get hasPersonalisation(): boolean {
    return this.sessions[0].outputNames.includes(PERSONAL_OUTPUT);
  }

  /** Batch sizes run so far by the micro-batcher. */
  get batchSizes(): readonly number[] {
    return this.batcher.batchSizes;
  }

  forecast(observations: readonly TimelineObservation[], tRef: number): Promise<Forecast> {
    return this.batcher.submit({ tokens: this.tokenizer.tokenize(observations, tRef), tRef });
  }

  /** How many sessions run side by side. */
  get sessionCount(): number {
    return this.sessions.length;
  }

  /** Runs already tokenised timelines as one batch, without the batcher (benchmarks, golden tests), split over the sessions. */
  async runTokens(batch: readonly TokenizedTimeline[]): Promise<RawOutputs> {
    const ranges = splitBatch(batch.length, this.sessions.length, MIN_SPLIT);
    if (ranges.length === 1) return this.runOn(this.sessions[0], batch);
    const parts = await Promise.all(ranges.map((r, i) => this.runOn(this.sessions[i], batch.slice(r.start, r.end))));
    return concatOutputs(parts);
  }

  private async runOn(session: ModelSession, batch: readonly TokenizedTimeline[]): Promise<RawOutputs> {
    const feeds = this.feeds(batch);
    const out = await session.run(feeds);
    const personal = out[PERSONAL_OUTPUT] as OutputTensor | undefined;
    if (personal !== undefined && personal.dims[1] !== PERSONAL_PARAMETERS.length) {
      throw new RangeError(`${PERSONAL_OUTPUT}: ${personal.dims[1]} parameters, expected ${PERSONAL_PARAMETERS.join(', ')}`);
    }
    return {
      cgm: out.cgm_quantiles.data,
      slow: out.slow_quantiles.data,
      embedding: out.patient_embedding.data,
      ...(personal === undefined ? {} : { personal: personal.data }),
    };
  }

  /** Packs timelines into the model's input tensors (batch × fixed token count). */
  feeds(batch: readonly TokenizedTimeline[]): Record<string, ort.Tensor> {
    const s = this.tokenizer.spec;
    const B = batch.length;
    const T = s.max_tokens;
    const S = s.patch_slots;
    const A = this.tokenizer.anchorSize;
    const code = new BigInt64Array(B * T);
    const values = new Float32Array(B * T * S);
    const valueMask = new Float32Array(B * T * S);
    const time = new Float32Array(B * T);
    const padMask = new Float32Array(B * T);
    const anchor = new Float32Array(B * A);
    const anchorMask = new Float32Array(B * A);
    batch.forEach((x, b) => {
      for (let i = 0; i < T; i++) code[b * T + i] = BigInt(x.code[i]);
      values.set(x.values, b * T * S);
      valueMask.set(x.valueMask, b * T * S);
      time.set(x.time, b * T);
      padMask.set(x.padMask, b * T);
      anchor.set(x.anchor, b * A);
      anchorMask.set(x.anchorMask, b * A);
    });
    return {
      code: new ort.Tensor('int64', code, [B, T]),
      values: new ort.Tensor('float32', values, [B, T, S]),
      value_mask: new ort.Tensor('float32', valueMask, [B, T, S]),
      time: new ort.Tensor('float32', time, [B, T]),
      pad_mask: new ort.Tensor('float32', padMask, [B, T]),
      anchor: new ort.Tensor('float32', anchor, [B, A]),
      anchor_mask: new ort.Tensor('float32', anchorMask, [B, A]),
    };
  }

  private async runBatch(items: readonly Request[]): Promise<Forecast[]> {
    const raw = await this.runTokens(items.map((r) => r.tokens));
    const embeddingSize = raw.embedding.length / items.length;
    return items.map((r, b) => this.toForecast(raw, b, r, embeddingSize));
  }

  private toForecast(raw: RawOutputs, b: number, request: Request, E: number): Forecast {
    const s = this.tokenizer.spec;
    const levels = s.quantiles;
    const Q = levels.length;
    const entries: QuantileForecast[] = [];
    const H = s.cgm_horizons_min.length;
    if (request.tokens.anchorMask[0] > 0) {
      s.cgm_horizons_min.forEach((minutes, h) => {
        const at = (b * H + h) * Q;
        entries.push({ code: s.cgm_code, horizonMin: minutes, levels, values: Array.from(raw.cgm.subarray(at, at + Q)) });
      });
    }
    const D = s.slow_horizons_days.length;
    s.slow_codes.forEach((code, j) => {
      if (request.tokens.anchorMask[1 + j] === 0) return;
      s.slow_horizons_days.forEach((days, d) => {
        const at = ((b * s.slow_codes.length + j) * D + d) * Q;
        entries.push({ code, horizonMin: days * 1440, levels, values: Array.from(raw.slow.subarray(at, at + Q)) });
      });
    });
    const embedding = Array.from(raw.embedding.subarray(b * E, (b + 1) * E));
    const personal = raw.personal === undefined ? undefined : personalPriors(raw.personal, b);
    return { tRef: request.tRef, entries, embedding, model: this.name, ...(personal === undefined ? {} : { personal }) };
  }

  async close(): Promise<void> {
    await Promise.all(this.sessions.map((s) => s.release()));
  }
}

/** The outputs of consecutive parts of a batch, as the outputs of the whole batch (rows in order). */
export function concatOutputs(parts: readonly RawOutputs[]): RawOutputs {
  const concat = (pick: (r: RawOutputs) => Float32Array): Float32Array => {
    const out = new Float32Array(parts.reduce((n, r) => n + pick(r).length, 0));
    let at = 0;
    for (const r of parts) {
      out.set(pick(r), at);
      at += pick(r).length;
    }
    return out;
  };
  const personal = parts.every((r) => r.personal !== undefined) ? concat((r) => r.personal ?? new Float32Array(0)) : undefined;
  return {
    cgm: concat((r) => r.cgm),
    slow: concat((r) => r.slow),
    embedding: concat((r) => r.embedding),
    ...(personal === undefined ? {} : { personal }),
  };
}

/** Row b of the [B, K, 2] personalisation output as named log-normal priors. */
export function personalPriors(raw: Float32Array, b: number): PersonalParameterPrior[] {
  const K = PERSONAL_PARAMETERS.length;
  return PERSONAL_PARAMETERS.map((name, k) => ({ name, logMean: raw[(b * K + k) * 2], logSd: Math.exp(raw[(b * K + k) * 2 + 1]) }));
}
