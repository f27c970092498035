/**
 * The body of `POST /cds-services/{id}/feedback` (CDS Hooks 2.0 "Feedback"): `feedback`, an array of entries with
 * the card's uuid, the outcome (accepted with the accepted suggestions' ids, or overridden with an optional
 * reason Coding and comment) and when it happened. Each refusal names the field.
 */
import { RecommendInputError } from '../shared/recommend-input.error';
import { arrayAt, objectAt, onlyFields } from '../shared/request-fields.util';
import type { CdsFeedbackEntry, FhirCoding } from './cds-hooks.types';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function coding(value: unknown, field: string): FhirCoding {
  const c = objectAt(value, field);
  for (const key of ['code', 'system'] as const) if (typeof c[key] !== 'string' || c[key] === '') throw new RecommendInputError(`${field}.${key}`, 'must be a non-empty string');
  return { system: c.system as string, code: c.code as string, display: typeof c.display === 'string' ? c.display : '' };
}

export function parseCdsFeedback(body: unknown): CdsFeedbackEntry[] {
  const record = objectAt(body, 'body');
  onlyFields(record, ['feedback']);
  return arrayAt(record.feedback, 'feedback', 1, 100).map((item, i): CdsFeedbackEntry => {
    const field = `feedback[${i}]`;
    const entry = objectAt(item, field);
    onlyFields(entry, ['card', 'outcome', 'acceptedSuggestions', 'overrideReason', 'outcomeTimestamp'], `${field}.`);
    if (typeof entry.card !== 'string' || !UUID.test(entry.card)) throw new RecommendInputError(`${field}.card`, 'must be the UUID of a card');
    if (entry.outcome !== 'accepted' && entry.outcome !== 'overridden') throw new RecommendInputError(`${field}.outcome`, 'must be "accepted" or "overridden"');
    if (typeof entry.outcomeTimestamp !== 'string' || Number.isNaN(Date.parse(entry.outcomeTimestamp)) || !/^\d{4}-\d{2}-\d{2}T/.test(entry.outcomeTimestamp)) {
      throw new RecommendInputError(`${field}.outcomeTimestamp`, 'must be an ISO 8601 date-time');
    }
    const accepted = entry.acceptedSuggestions === undefined ? [] : arrayAt(entry.acceptedSuggestions, `${field}.acceptedSuggestions`, 0, 50);
    if (entry.outcome === 'overridden' && accepted.length > 0) throw new RecommendInputError(`${field}.acceptedSuggestions`, 'must be absent when the card was overridden');
    const acceptedSuggestions = accepted.map((s, k) => {
      const id = objectAt(s, `${field}.acceptedSuggestions[${k}]`).id;
      if (typeof id !== 'string' || !UUID.test(id)) throw new RecommendInputError(`${field}.acceptedSuggestions[${k}].id`, 'must be the UUID of a suggestion');
      return { id };
    });
    let overrideReason: CdsFeedbackEntry['overrideReason'];
    if (entry.overrideReason !== undefined) {
      if (entry.outcome !== 'overridden') throw new RecommendInputError(`${field}.overrideReason`, 'must be absent unless the card was overridden');
      const r = objectAt(entry.overrideReason, `${field}.overrideReason`);
      onlyFields(r, ['reason', 'userComment'], `${field}.overrideReason.`);
      if (r.userComment !== undefined && (typeof r.userComment !== 'string' || r.userComment.length > 2000)) throw new RecommendInputError(`${field}.overrideReason.userComment`, 'must be a text of at most 2000 characters');
      overrideReason = { ...(r.reason === undefined ? {} : { reason: coding(r.reason, `${field}.overrideReason.reason`) }), ...(r.userComment === undefined ? {} : { userComment: r.userComment as string }) };
    }
    return { card: entry.card.toLowerCase(), outcome: entry.outcome, acceptedSuggestions, ...(overrideReason === undefined ? {} : { overrideReason }), outcomeTimestamp: entry.outcomeTimestamp };
  });
}
