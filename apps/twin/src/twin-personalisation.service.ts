/**
 * Starts a T1D twin's assimilation from the foundation model's personalisation head (models from shuji-fm-v2 on):
 * once the twin holds `afterMin` of data including a logged meal — a window of overnight CGM alone gives a prior
 * no better than the population's (models/shuji-fm-v2/README.md, "The twin started from the head") — the head
 * reads the twin's event log and its log-normal prior over the personal parameters becomes a `parameter-prior`
 * event of that log (once per twin, id `<patient>:prior:<model>`), so a replay redraws exactly as the live twin did.
 */
import { Inject, Injectable } from '@nestjs/common';
import { twinEventsToTimeline } from '@shuji/forecasting';
import type { FoundationModel } from '@shuji/foundation-model';
import { BATCH_PERSONALISATION_SOURCE, MS_PER_MIN, type ParameterPriorEvent, type TwinEngine } from '@shuji/twin';
import { TWIN_FOUNDATION_MODEL } from './twin-read.service';

export const TWIN_PERSONALISATION_AFTER_MIN = Symbol('TwinPersonalisationAfterMin');

/** How much twin time passes before a person without a logged meal is looked at again. */
const RECHECK_MIN = 60;

@Injectable()
export class TwinPersonalisationService {
  /** People whose log holds a prior already, and when to look again at the others. */
  private readonly done = new Set<string>();
  private readonly nextCheckMs = new Map<string, number>();

  constructor(
    @Inject(TWIN_FOUNDATION_MODEL) private readonly fm: FoundationModel | null,
    /** null: never (the twin keeps the prior it was created with). */
    @Inject(TWIN_PERSONALISATION_AFTER_MIN) private readonly afterMin: number | null,
  ) {}

  /** The prior event to append to this twin's log now, or null. */
  async priorEventFor(engine: TwinEngine): Promise<ParameterPriorEvent | null> {
    if (this.fm === null || this.afterMin === null || !this.fm.hasPersonalisation) return null;
    const id = engine.patientId;
    const log = engine.events;
    if (this.done.has(id) || log.length === 0) return null;
    const now = engine.currentTimeMs;
    if (now - log[0].timeMs < this.afterMin * MS_PER_MIN || now < (this.nextCheckMs.get(id) ?? -Infinity)) return null;
    // its own prior, not the batch fit's
    if (log.some((e) => e.kind === 'parameter-prior' && e.source !== BATCH_PERSONALISATION_SOURCE)) {
      this.done.add(id);
      return null;
    }
    if (!log.some((e) => e.kind === 'meal')) {
      this.nextCheckMs.set(id, now + RECHECK_MIN * MS_PER_MIN);
      return null;
    }
    const forecast = await this.fm.forecast(twinEventsToTimeline(log), now / MS_PER_MIN);
    this.done.add(id);
    this.nextCheckMs.delete(id);
    if (forecast.personal === undefined) return null;
    return {
      kind: 'parameter-prior',
      id: `${id}:prior:${forecast.model}`,
      patientId: id,
      // just after the twin's time, so it lands after what has been applied and causes no rewind
      timeMs: now + 1,
      source: forecast.model,
      parameters: forecast.personal.map((p) => ({ name: p.name, logMean: p.logMean, logSd: p.logSd })),
    };
  }
}
