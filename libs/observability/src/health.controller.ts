import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { READINESS, type Readiness } from './readiness.state';

/** Injection token of the dependency checks of `/health/ready` (bound by ObservabilityModule.forRoot). */
export const HEALTH_CHECKS = Symbol('HEALTH_CHECKS');

/** A dependency the process needs to take work: `check` rejects while it is down. */
export interface HealthCheck {
  readonly name: string;
  check(): Promise<void>;
}

type CheckState = 'up' | 'down';

/** Readiness answers are reused this long, so a probe storm cannot load the database. */
const READY_CACHE_MS = 250;

/** Liveness and readiness of every Shuji process (open, like a load balancer's probe: no personal data). */
@Controller('health')
@ApiTags('Operations')
export class HealthController {
  private cached?: { at: number; checks: Record<string, CheckState> };

  constructor(
    @Inject(READINESS) private readonly readiness: Readiness,
    @Inject(HEALTH_CHECKS) private readonly dependencies: readonly HealthCheck[],
  ) {}

  /** 200 while the process answers at all. */
  @Get('live')
  @ApiOperation({ summary: 'Liveness: the process answers' })
  @ApiOkResponse({ description: '{ status: ok }' })
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /**
   * 200 once the process can take data and while it can make writes durable: started, and every dependency (the
   * database, the bus) answering. 503 (with Retry-After) names what is down, so a load balancer stops sending work here meanwhile.
   */
  @Get('ready')
  @ApiOperation({ summary: 'Readiness: started and every dependency up' })
  @ApiOkResponse({ description: '{ status: ready, checks }' })
  @ApiServiceUnavailableResponse({ description: 'starting, or a dependency is down (named in checks); Retry-After' })
  async ready(@Res() res: Response): Promise<void> {
    const started = this.readiness.isReady();
    const checks = started ? await this.checks() : Object.fromEntries(this.dependencies.map((d) => [d.name, 'down' as const]));
    const ok = started && Object.values(checks).every((s) => s === 'up');
    res.set('Cache-Control', 'no-store');
    if (!ok) res.set('Retry-After', '5');
    res.status(ok ? 200 : 503).json({ status: ok ? 'ready' : started ? 'unavailable' : 'starting', checks });
  }

  private async checks(): Promise<Record<string, CheckState>> {
    if (this.cached && Date.now() - this.cached.at < READY_CACHE_MS) return this.cached.checks;
    const states = await Promise.all(this.dependencies.map((d) => state(d.check())));
    this.cached = { at: Date.now(), checks: Object.fromEntries(this.dependencies.map((d, i) => [d.name, states[i]!])) };
    return this.cached.checks;
  }
}

function state(probe: Promise<void>): Promise<CheckState> {
  return probe.then(
    () => 'up',
    () => 'down',
  );
}
