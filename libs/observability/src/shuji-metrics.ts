import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** Latency buckets (s) from 1 ms to 30 s: HTTP reads are ms, a twin update or an FM batch tens to hundreds of ms. */
const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/**
 * The Prometheus metrics of one process, on its own registry (so two apps composed in one process, or tests,
 * never register a name twice). Labels are bounded and never personal: a route template, never a path with ids;
 * a topic or consumer group, never a key.
 */
export class ShujiMetrics {
  readonly registry = new Registry();

  /** Request rate (its _count) and latency by method, route template and status. */
  readonly httpRequestDuration = new Histogram({
    name: 'shuji_http_request_duration_seconds',
    help: 'HTTP request latency by method, route template and status code',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });

  /** Observations newly stored by ingest (duplicates of stored ones are not counted). */
  readonly observationsStored = new Counter({ name: 'shuji_observations_stored_total', help: 'Observations stored by ingest', registers: [this.registry] });

  /** Dead letters archived, by the topic they were dead-lettered from. */
  readonly deadLetters = new Counter({ name: 'shuji_dead_letters_total', help: 'Dead letters archived, by original topic', labelNames: ['topic'] as const, registers: [this.registry] });

  /** Handling one twin input (observation, meal, dose) up to its TwinUpdated being published. */
  readonly twinUpdateDuration = new Histogram({
    name: 'shuji_twin_update_duration_seconds',
    help: 'Latency of one twin update (event in, TwinUpdated out)',
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });

  /** A forecast: `fm` (the inference service's foundation model), `hybrid` or `twin` (the twin read API). */
  readonly forecastDuration = new Histogram({
    name: 'shuji_forecast_duration_seconds',
    help: 'Forecast latency by method (fm: foundation model alone; hybrid: twin + FM; twin: twin alone)',
    labelNames: ['method'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });

  /** Messages behind the partition's high watermark after a fetched batch (Kafka only). */
  readonly consumerLag = new Gauge({
    name: 'shuji_consumer_lag_messages',
    help: 'Messages not yet consumed, per consumer group, topic and partition (Kafka, after each batch)',
    labelNames: ['group', 'topic', 'partition'] as const,
    registers: [this.registry],
  });

  constructor() {
    // process CPU, memory, event-loop lag and GC (shuji_process_*, shuji_nodejs_*)
    collectDefaultMetrics({ register: this.registry, prefix: 'shuji_' });
  }

  /** Runs `work` and observes its duration on `histogram` whether it succeeds or throws. */
  async time<T, L extends string>(histogram: Histogram<L>, work: () => Promise<T>, labels: Partial<Record<L, string>> = {}): Promise<T> {
    const end = histogram.startTimer(labels);
    try {
      return await work();
    } finally {
      end();
    }
  }
}
