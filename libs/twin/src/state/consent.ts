/**
 * Consent per category of a person's data, as events in the twin's log: a withdrawal stops the twin from using the
 * category's data from its effective time on (the data stay stored; the twin skips them), a later grant resumes it.
 * Being in the log, a replay reaches the same twin. `research` governs sharing, not the twin: it is recorded only.
 */
import { CONSENT_CATEGORIES, Loinc, type ConsentCategory } from '@shuji/contracts';
import type { TwinEvent } from './twin-event';


/** The category an event's data belong to, when consent governs it. */
export function consentCategoryOf(event: TwinEvent): ConsentCategory | undefined {
  switch (event.kind) {
    case 'observation':
      return event.loinc === Loinc.cgmGlucose.code ? 'cgm' : undefined;
    case 'insulin-bolus':
    case 'basal-rate':
    case 'medication-dose':
    case 'medication-schedule':
      return 'medications';
    case 'genotype':
      return 'genotype';
    default:
      return undefined;
  }
}

/** Consent state while a log is read in order: every category granted until withdrawn. */
export class ConsentState {
  private readonly withdrawn = new Set<ConsentCategory>();

  /** Takes a consent event into account; true when the event is one. */
  take(event: TwinEvent): boolean {
    if (event.kind !== 'consent') return false;
    if (event.granted) this.withdrawn.delete(event.category);
    else this.withdrawn.add(event.category);
    return true;
  }

  /** Whether the twin may use this event's data now. */
  allows(event: TwinEvent): boolean {
    const category = consentCategoryOf(event);
    return category === undefined || !this.withdrawn.has(category);
  }

  clear(): void {
    this.withdrawn.clear();
  }

  /** Each category and whether it is granted. */
  snapshot(): Record<ConsentCategory, boolean> {
    return Object.fromEntries(CONSENT_CATEGORIES.map((c) => [c, !this.withdrawn.has(c)])) as Record<ConsentCategory, boolean>;
  }
}
