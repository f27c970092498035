import { Global, Inject, Module, type DynamicModule, type INestApplication, type INestApplicationContext, type InjectionToken, type MiddlewareConsumer, type NestModule, type OnModuleDestroy } from '@nestjs/common';
import { AccessModule } from '@shuji/access';
import type { ShujiConfig } from '@shuji/config';
import { HEALTH_CHECKS, HealthController, type HealthCheck } from './health.controller';
import { httpMetricsMiddleware } from './http-metrics.middleware';
import { MetricsController } from './metrics.controller';
import { READINESS, ReadinessState, type Readiness } from './readiness.state';
import { ShujiMetrics } from './shuji-metrics';

/** Unsubscribes of each module instance's lag listener, run when the app closes. */
const STOPS = new WeakMap<ShujiMetrics, () => void>();

export interface ObservabilityOptions {
  /** Default: a ReadinessState the bootstrap flips with markReady(app). */
  readonly readiness?: Readiness;
  /** Dependencies of `/health/ready` by name, each an injection token of something with `check()`. */
  readonly checks?: Readonly<Record<string, InjectionToken>>;
  /** Where consumer lag comes from (@shuji/messaging's onConsumerLag); absent: the lag gauge stays empty. */
  readonly consumerLag?: (listener: (lag: { group: string; topic: string; partition: number; messages: number }) => void) => () => void;
}

/**
 * `/health/live`, `/health/ready` and `/metrics` for one process, and the ShujiMetrics every part of it records
 * to; imported once by each app's root module.
 */
@Global()
@Module({})
export class ObservabilityModule implements NestModule, OnModuleDestroy {
  constructor(@Inject(ShujiMetrics) private readonly metrics: ShujiMetrics) {}

  static forRoot(options: ObservabilityOptions): DynamicModule {
    const names = Object.keys(options.checks ?? {});
    const tokens = Object.values(options.checks ?? {});
    const metrics = new ShujiMetrics();
    const stop = options.consumerLag?.((lag) => metrics.consumerLag.set({ group: lag.group, topic: lag.topic, partition: String(lag.partition) }, lag.messages));
    if (stop !== undefined) STOPS.set(metrics, stop);
    return {
      module: ObservabilityModule,
      controllers: [HealthController, MetricsController],
      providers: [
        { provide: ShujiMetrics, useValue: metrics },
        { provide: READINESS, useValue: options.readiness ?? new ReadinessState() },
        { provide: HEALTH_CHECKS, inject: tokens, useFactory: (...probes: { check(): Promise<void> }[]): HealthCheck[] => probes.map((p, i) => ({ name: names[i]!, check: () => p.check() })) },
      ],
      exports: [ShujiMetrics, READINESS],
    };
  }

  onModuleDestroy(): void {
    STOPS.get(this.metrics)?.();
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(httpMetricsMiddleware(this.metrics)).forRoutes('*');
  }
}

/** Marks a process ready once its bootstrap is done (its ObservabilityModule holds the default ReadinessState). */
export function markReady(app: INestApplicationContext): void {
  app.get<ReadinessState>(READINESS).markReady();
}

/**
 * A process without an HTTP API (ingest, population worker): serves /health and /metrics on SHUJI_OPS_PORT when it
 * is set (else initialises without a listener, as before), then marks itself ready.
 */
export async function listenForOps(app: INestApplication, config: Pick<ShujiConfig, 'SHUJI_OPS_PORT' | 'HOST'>): Promise<void> {
  if (config.SHUJI_OPS_PORT === undefined) await app.init();
  else await app.listen(config.SHUJI_OPS_PORT, config.HOST);
  markReady(app);
}

/**
 * The access module of a process without an HTTP API: only when it serves /metrics (SHUJI_OPS_PORT), so such a
 * process needs no token file otherwise (production refuses to start without one).
 */
export function accessForOps(config: Parameters<typeof AccessModule.fromConfig>[0] & Pick<ShujiConfig, 'SHUJI_OPS_PORT'>): DynamicModule[] {
  return config.SHUJI_OPS_PORT === undefined ? [] : [AccessModule.fromConfig(config)];
}
