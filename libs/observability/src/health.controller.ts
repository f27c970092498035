import { Controller, Get, Inject, Res } from '@nestjs/common';
import { BUS_PROBE, type BusProbe } from '@shuji/messaging';
import { DATABASE_PROBE, type DatabaseProbe } from '@shuji/persistence';
import type { Response } from 'express';
import { READINESS, type Readiness } from './gateway.tokens';

type CheckState = 'up' | 'down';

/** Readiness answers are reused this long, so a probe storm cannot load the database. */
const READY_CACHE_MS = 250;

@Controller('health')
export class HealthController {
  private cached?: { at: number; checks: { database: CheckState; bus: CheckState } };

  constructor(
    @Inject(READINESS) private readonly readiness: Readiness,
    @Inject(DATABASE_PROBE) private readonly database: DatabaseProbe,
    @Inject(BUS_PROBE) private readonly bus: BusProbe,
  ) {}

  @Get('live')
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /**
   * 200 once the process can take data and while it can make writes durable: started, database answering, bus
   * answering. 503 (with Retry-After) names what is down, so a load balancer stops sending writes here meanwhile.
   */
  @Get('ready')
  async ready(@Res() res: Response): Promise<void> {
    const started = this.readiness.isReady();
    const checks = started ? await this.checks() : { database: 'down' as const, bus: 'down' as const };
    const ok = started && checks.database === 'up' && checks.bus === 'up';
    res.set('Cache-Control', 'no-store');
    if (!ok) res.set('Retry-After', '5');
    res.status(ok ? 200 : 503).json({ status: ok ? 'ready' : started ? 'unavailable' : 'starting', checks });
  }

  private async checks(): Promise<{ database: CheckState; bus: CheckState }> {
    if (this.cached && Date.now() - this.cached.at < READY_CACHE_MS) return this.cached.checks;
    const [database, bus] = await Promise.all([state(this.database.check()), state(this.bus.check())]);
    this.cached = { at: Date.now(), checks: { database, bus } };
    return this.cached.checks;
  }
}

function state(probe: Promise<void>): Promise<CheckState> {
  return probe.then(
    () => 'up',
    () => 'down',
  );
}
