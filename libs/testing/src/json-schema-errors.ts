import Ajv, { type ValidateFunction } from 'ajv';

/**
 * A value checked against a JSON Schema (draft-07) with ajv 8, for conformance tests of wire shapes (CDS Hooks).
 * Formats `uuid`, `uri` and `date-time` are checked (ajv 8 knows none itself without ajv-formats).
 */
const ajv = new Ajv({ allErrors: true, strict: false });
ajv.addFormat('uuid', /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i);
ajv.addFormat('uri', { validate: (s: string) => URL.canParse(s) });
ajv.addFormat('date-time', /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/);
const compiled = new WeakMap<object, ValidateFunction>();

/** The schema's errors for `value` (`<path> <message>`), empty when it conforms. */
export function jsonSchemaErrors(schema: object, value: unknown): string[] {
  let validate = compiled.get(schema);
  if (validate === undefined) {
    validate = ajv.compile(schema);
    compiled.set(schema, validate);
  }
  return validate(value) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? 'is invalid'}`);
}
