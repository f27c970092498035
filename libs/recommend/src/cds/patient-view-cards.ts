/**
 * patient-view cards: one per risk flag of the twin's patient (../flags/risk-flags.ts, with the guideline the
 * threshold comes from as the link), and one per recommendation still awaiting a clinician's decision (its stored
 * id is the card's uuid, so feedback on the card is a decision on the recommendation). DOIs from memory of the
 * papers cited in risk-flags.ts, not checked against the publishers' pages here.
 */
import type { RiskFlag, RiskFlagCode } from '../flags/risk-flags';
import { cardSummary, type CdsCard, type CdsLink } from './cds-hooks.types';
import { CDS_SOURCE, OVERRIDE_REASONS } from './cds-services';

const FLAG_SOURCES: Readonly<Record<RiskFlagCode, CdsLink>> = {
  'time-below-range': { label: 'Battelino et al., Diabetes Care 2019 (time in range consensus)', url: 'https://doi.org/10.2337/dci19-0028', type: 'absolute' },
  'bp-above-target': { label: 'Williams et al., 2018 ESC/ESH hypertension guidelines', url: 'https://doi.org/10.1093/eurheartj/ehy339', type: 'absolute' },
  'inr-out-of-range': { label: 'Ageno et al., Chest 2012 (oral anticoagulant therapy)', url: 'https://doi.org/10.1378/chest.11-2292', type: 'absolute' },
};

const FLAG_TITLES: Readonly<Record<RiskFlagCode, string>> = {
  'time-below-range': 'Time below range',
  'bp-above-target': 'Blood pressure above target',
  'inr-out-of-range': 'INR out of range',
};

export interface OpenRecommendation {
  readonly id: string;
  readonly kind: string;
  readonly headline: string;
  readonly createdAt: string;
}

export function patientViewCards(flags: readonly RiskFlag[], open: readonly OpenRecommendation[], newId: () => string): CdsCard[] {
  const flagCards = flags.map(
    (flag): CdsCard => ({
      uuid: newId(),
      summary: cardSummary(`${FLAG_TITLES[flag.code]}: ${flag.text}`),
      indicator: flag.severity,
      source: { ...CDS_SOURCE, label: FLAG_SOURCES[flag.code].label, url: FLAG_SOURCES[flag.code].url },
      links: [FLAG_SOURCES[flag.code]],
    }),
  );
  const recommendationCards = open.map(
    (r): CdsCard => ({
      uuid: r.id,
      summary: cardSummary(`Awaiting decision: ${r.headline}`),
      detail: `Shuji recommendation (${r.kind}) of ${r.createdAt}, with its provenance at /v1/recommendations/${r.id}. Nothing is applied until a clinician accepts it.`,
      indicator: 'info',
      source: CDS_SOURCE,
      overrideReasons: OVERRIDE_REASONS,
    }),
  );
  return [...flagCards, ...recommendationCards];
}
