/**
 * FHIR R4 `dateTime`/`instant` (https://hl7.org/fhir/R4/datatypes.html#dateTime): YYYY, YYYY-MM, YYYY-MM-DD, or a
 * full time that SHALL carry a zone. Partial dates resolve to their first instant in UTC. Returns the UTC
 * ISO string (`…Z`, milliseconds) or an error message.
 */
const DATE_TIME = /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})?)?)?)?$/;

export type ParsedDateTime = { readonly ok: true; readonly iso: string } | { readonly ok: false; readonly message: string };

export function parseFhirDateTime(text: string): ParsedDateTime {
  const m = DATE_TIME.exec(text);
  if (!m) return { ok: false, message: `"${text}" is not a FHIR dateTime (YYYY[-MM[-DD[Thh:mm:ss[.sss]zone]]])` };
  const [, y, mo = '01', d = '01', hh, mi, ss, frac = '', zone] = m;
  if (hh !== undefined && zone === undefined) return { ok: false, message: `"${text}" has a time but no time zone` };
  const month = Number(mo);
  const day = Number(d);
  if (month < 1 || month > 12) return { ok: false, message: `"${text}" has month ${mo}` };
  const daysInMonth = new Date(Date.UTC(Number(y), month, 0)).getUTCDate();
  if (day < 1 || day > daysInMonth) return { ok: false, message: `"${text}" has day ${d}, month ${mo} has ${daysInMonth}` };
  if (hh !== undefined && (Number(hh) > 23 || Number(mi) > 59 || Number(ss) > 60)) return { ok: false, message: `"${text}" has an invalid time` };
  if (zone !== undefined && zone !== 'Z' && (Number(zone.slice(1, 3)) > 14 || Number(zone.slice(4, 6)) > 59)) {
    return { ok: false, message: `"${text}" has an invalid zone offset` };
  }
  // A leap second (ss=60) is folded into the next second by Date; milliseconds keep 3 digits.
  const isoInput = hh === undefined ? `${y}-${mo}-${d}T00:00:00Z` : `${y}-${mo}-${d}T${hh}:${mi}:${ss}${frac.slice(0, 4)}${zone}`;
  const ms = Date.parse(isoInput);
  if (Number.isNaN(ms)) return { ok: false, message: `"${text}" is not a valid instant` };
  return { ok: true, iso: new Date(ms).toISOString() };
}
