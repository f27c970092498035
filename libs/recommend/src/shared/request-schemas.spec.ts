import Ajv2020 from 'ajv/dist/2020';
import { describe, expect, it } from 'vitest';
import { defaultOptimiseRegistry } from '../optimise/default-optimise-registry';
import { optimisePluginFor, parseOptimiseRequest } from '../optimise/parse-optimise-request';
import { parseRecommendationDecision } from '../provenance/recommendation-decision';
import { parseRecommendationRequest } from '../provenance/recommendation-record';
import { parseWarfarinDoseRequest } from '../warfarin/warfarin-dose.request';
import { defaultWhatIfRegistry } from '../whatif/default-what-if-registry';
import { parseWhatIfRequest } from '../whatif/parse-what-if-request';
import { RecommendInputError } from './recommend-input.error';
import {
  OPTIMISE_REQUEST_SCHEMA,
  RECOMMENDATION_DECISION_SCHEMA,
  RECOMMENDATION_REQUEST_SCHEMA,
  WARFARIN_DOSE_REQUEST_SCHEMA,
  WHAT_IF_REQUEST_SCHEMA,
} from './request-schemas';

interface Documented {
  readonly schema: { readonly properties: Readonly<Record<string, unknown>>; readonly examples: readonly object[]; readonly additionalProperties: boolean };
  readonly parse: (body: unknown) => unknown;
}

const whatIf = defaultWhatIfRegistry();
const ROUTES: Readonly<Record<string, Documented>> = {
  'what-if': { schema: WHAT_IF_REQUEST_SCHEMA, parse: (body) => parseWhatIfRequest(body, whatIf) },
  optimise: { schema: OPTIMISE_REQUEST_SCHEMA, parse: (body) => parseOptimiseRequest(body, optimisePluginFor('t1d-settings', defaultOptimiseRegistry()), whatIf) },
  recommendation: { schema: RECOMMENDATION_REQUEST_SCHEMA, parse: (body) => parseRecommendationRequest(body) },
  decision: { schema: RECOMMENDATION_DECISION_SCHEMA, parse: parseRecommendationDecision },
  'warfarin-dose': { schema: WARFARIN_DOSE_REQUEST_SCHEMA, parse: parseWarfarinDoseRequest },
};

/** The field the parser names in its refusal, and whether it refused it as a field it does not read. */
function refusal(parse: (body: unknown) => unknown, body: unknown): { field: string; unread: boolean } | undefined {
  try {
    parse(body);
    return undefined;
  } catch (err) {
    if (err instanceof RecommendInputError) return { field: err.field, unread: /is not a field here/.test(err.message) };
    throw err;
  }
}

/** A value of the wrong JSON type for a documented property. */
function wrongFor(property: unknown): unknown {
  const type = (property as { type?: unknown }).type;
  return type === 'object' || type === 'array' ? 'not-a-container' : { not: 'a scalar' };
}

describe('the OpenAPI request schemas against the parsers that enforce them', () => {
  const ajv = new Ajv2020({ strict: false, validateFormats: false });

  for (const [route, { schema, parse }] of Object.entries(ROUTES)) {
    describe(route, () => {
      it('should have examples the schema and the parser both accept', () => {
        const validate = ajv.compile(schema);
        expect(schema.examples.length).toBeGreaterThan(0);
        for (const example of schema.examples) {
          expect(validate(example) ? [] : validate.errors).toEqual([]);
          expect(refusal(parse, example)).toBeUndefined();
        }
      });

      it('should name only fields the parser reads: a wrong value of each is refused naming it', () => {
        for (const [name, property] of Object.entries(schema.properties)) {
          const body = { ...schema.examples[0], [name]: wrongFor(property) };
          const refused = refusal(parse, body);
          expect([name, refused?.field.split(/[.[]/)[0], refused?.unread]).toEqual([name, name, false]);
        }
      });

      it('should refuse, in the schema and the parser, a field it does not name', () => {
        expect(schema.additionalProperties).toBe(false);
        expect(refusal(parse, { ...schema.examples[0], colour: 'blue' })).toEqual({ field: 'colour', unread: true });
      });
    });
  }
});
