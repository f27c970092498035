/**
 * FHIR R4 `dateTime`/`instant` (https://hl7.org/fhir/R4/datatypes.html#dateTime): YYYY, YYYY-MM, YYYY-MM-DD, or a
 * full time that SHALL carry a zone. Partial dates resolve to their first instant in UTC. Returns the UTC
 * ISO string (`…Z`, milliseconds) or an error message.
 */
const DATE_TIME = /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})?)?)?)?$/;

export type ParsedDateTime = { readonly ok: true; readonly iso: string } | { readonly ok: false; readonly message: string };

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysIn(year: number, month: number): number {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0; // Gregorian rule
  return month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1]!;
}

/** Parsing is pure and bundles repeat the same few timestamps (an encounter's observations share one): memoise. */
const MEMO = new Map<string, ParsedDateTime>();
const MEMO_MAX = 4096;

export function parseFhirDateTime(text: string): ParsedDateTime {
  let result = MEMO.get(text);
  if (result === undefined) {
    if (MEMO.size >= MEMO_MAX) MEMO.clear();
    result = parse(text);
    MEMO.set(text, result);
  }
  return result;
}

function parse(text: string): ParsedDateTime {
  const m = DATE_TIME.exec(text);
  if (!m) return { ok: false, message: `"${text}" is not a FHIR dateTime (YYYY[-MM[-DD[Thh:mm:ss[.sss]zone]]])` };
  const [, y, mo = '01', d = '01', hh, mi, ss, frac, zone] = m;
  if (hh !== undefined && zone === undefined) return { ok: false, message: `"${text}" has a time but no time zone` };
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  if (month < 1 || month > 12) return { ok: false, message: `"${text}" has month ${mo}` };
  const days = daysIn(year, month);
  if (day < 1 || day > days) return { ok: false, message: `"${text}" has day ${d}, month ${mo} has ${days}` };
  if (hh === undefined) return { ok: true, iso: new Date(utcMs(year, month, day, 0, 0, 0, 0)).toISOString() };
  const [hour, minute, second] = [Number(hh), Number(mi), Number(ss)];
  if (hour > 23 || minute > 59 || second > 60) return { ok: false, message: `"${text}" has an invalid time` };
  let offsetMinutes = 0;
  if (zone !== 'Z') {
    const zh = Number(zone!.slice(1, 3));
    const zm = Number(zone!.slice(4, 6));
    if (zh > 14 || zm > 59) return { ok: false, message: `"${text}" has an invalid zone offset` };
    offsetMinutes = (zone!.startsWith('-') ? -1 : 1) * (zh * 60 + zm);
  }
  // Milliseconds keep 3 digits (truncated); a leap second (ss = 60) rolls into the next minute.
  const ms = frac === undefined ? 0 : Number(frac.slice(1, 4).padEnd(3, '0'));
  return { ok: true, iso: new Date(utcMs(year, month, day, hour, minute, second, ms) - offsetMinutes * 60_000).toISOString() };
}

/** Date.UTC maps years 0-99 to 1900-1999; FHIR years are literal. */
function utcMs(year: number, month: number, day: number, hour: number, minute: number, second: number, ms: number): number {
  if (year >= 100) return Date.UTC(year, month - 1, day, hour, minute, second, ms);
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day);
  d.setUTCHours(hour, minute, second, ms);
  return d.getTime();
}
