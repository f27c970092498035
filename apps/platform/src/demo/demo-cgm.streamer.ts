import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { SYSTEM_PRINCIPAL } from '@shuji/access';
import type { TwinEvent } from '@shuji/twin';
import { IngestRequestService } from '../../../gateway/src/index';
import { DEMO_T1D_PERSONS, demoLife, eventsBetween, lifeAt, type DemoPerson } from './demo-life';
import { deviceItem } from './device-item';

const SOURCE = 'demo-cgm';
/**
 * History sent on start: enough for the twin to have settled before anyone looks, and within the twin's out-of-order
 * window (24 h): readings, meals and insulin travel on three topics, so a longer upload could bring an old dose to the
 * twin after readings a day newer, and the twin refuses (dead-letters) what is older than its window.
 */
const BACKFILL_MS = 20 * 3_600_000;
/** How often due readings are sent (the CGM itself reads every 5 min). */
const TICK_MS = 60_000;
const BATCH = 2_000;

/**
 * The demo's live glucose twins: virtual T1D persons whose CGM, meals and pump insulin reach the platform through
 * the device path as they would from a phone app — the last 20 hours at start, then each reading when its time
 * comes. Their events are a function of time alone (see demo-life.ts), so a restart re-sends what was stored and
 * nothing is applied twice.
 */
@Injectable()
export class DemoCgmStreamer implements OnApplicationShutdown {
  private readonly logger = new Logger(DemoCgmStreamer.name);
  private timer: NodeJS.Timeout | undefined;
  private sentUpto = 0;
  private sending = false;
  private readonly lives = new Map<string, TwinEvent[]>();

  constructor(@Inject(IngestRequestService) private readonly ingest: IngestRequestService) {}

  /** Sends the backfill, then keeps sending every minute; returns the persons' ids. */
  async start(now = Date.now()): Promise<string[]> {
    await this.sendUpto(now - BACKFILL_MS, now);
    this.timer = setInterval(() => {
      if (this.sending) return; // a slow send (a database outage) is not overtaken: the next tick sends what is due
      this.sending = true;
      this.sendUpto(this.sentUpto, Date.now())
        .catch((err: Error) => this.logger.warn(`demo CGM: ${err.name}; sent again on the next tick`))
        .finally(() => (this.sending = false));
    }, TICK_MS);
    this.timer.unref();
    return DEMO_T1D_PERSONS.map((p) => p.patientId);
  }

  onApplicationShutdown(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
  }

  private async sendUpto(fromMs: number, uptoMs: number): Promise<void> {
    const items = DEMO_T1D_PERSONS.flatMap((p) => eventsBetween(this.livesOf(p, fromMs, uptoMs), fromMs, uptoMs).map((e) => deviceItem(e, SOURCE)));
    for (let i = 0; i < items.length; i += BATCH) {
      const result = await this.ingest.acceptDeviceBatch(SYSTEM_PRINCIPAL, items.slice(i, i + BATCH), SOURCE);
      if (!result.ok) throw new Error(`demo CGM batch refused: ${JSON.stringify(result.errors.slice(0, 1))}`);
    }
    this.sentUpto = uptoMs;
  }

  /** The person's lives that overlap (fromMs, uptoMs], generated once each and kept while current. */
  private livesOf(person: DemoPerson, fromMs: number, uptoMs: number): TwinEvent[][] {
    const lives: TwinEvent[][] = [];
    for (let life = lifeAt(fromMs); life <= lifeAt(uptoMs); life++) {
      const key = `${person.patientId}/${life}`;
      let events = this.lives.get(key);
      if (events === undefined) {
        events = demoLife(person, life);
        for (const old of this.lives.keys()) if (old.startsWith(`${person.patientId}/`) && Number(old.split('/')[1]) < life - 1) this.lives.delete(old);
        this.lives.set(key, events);
      }
      lives.push(events);
    }
    return lives;
  }
}
