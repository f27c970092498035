/**
 * The edge's rules for text that may be stored: no control characters (R4 §2.24.0.1 "string": no code points
 * below U+0020 except tab, line feed and carriage return; PostgreSQL text cannot hold U+0000 at all), no
 * unpaired UTF-16 surrogate (not Unicode; it would be stored as U+FFFD), and a length bound.
 */
// eslint-disable-next-line no-control-regex -- the control characters are what this finds
const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** FHIR's own ceiling for a string (R4 §2.24.0.1: SHOULD NOT exceed 1 MB); fields that are names or codes pass less. */
export const TEXT_MAX_LENGTH = 1_048_576;

/** Why `text` may not be stored, or undefined when it may. */
export function textError(text: string, maxLength = TEXT_MAX_LENGTH): string | undefined {
  if (text.length > maxLength) return `is ${text.length} characters long, at most ${maxLength} are allowed`;
  const bad = FORBIDDEN.exec(text);
  if (bad !== null) return `holds the control character or unpaired surrogate U+${bad[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')} at position ${bad.index}`;
  return undefined;
}
