import { applyDecorators } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiBody,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiServiceUnavailableResponse,
  ApiUnprocessableEntityResponse,
  type ApiBodyOptions,
} from '@nestjs/swagger';
import { SIMULATION_JOB_SCHEMA } from './simulation-job.schema';

type BodySchema = Extract<ApiBodyOptions, { schema: unknown }>['schema'];

/** A request body described by one of @shuji/recommend's JSON Schemas (OpenAPI 3.1 takes JSON Schema 2020-12 as is). */
export function JsonBody(schema: object, description?: string): MethodDecorator {
  return ApiBody({ schema: schema as BodySchema, ...(description === undefined ? {} : { description }) });
}

const BAD_FIELD = 'a bad field, named in `field` (e.g. `arms[1].changes[0].grams_per_unit`); nothing is stored or run';

/** A 400 naming the refused field. */
export function BadFieldAnswer(): MethodDecorator {
  return ApiBadRequestResponse({ description: BAD_FIELD });
}

/** The answers of a route that starts a simulation job (what-if or settings recommendation): see simulations.controller. */
export function JobAnswers(): MethodDecorator {
  return applyDecorators(
    ApiOkResponse({ description: 'the job, finished within about a second, with its result', schema: SIMULATION_JOB_SCHEMA as object }),
    ApiAcceptedResponse({
      description: 'the job, still running: poll `GET /v1/simulations/{id}` (progress 0–1, then the result)',
      schema: SIMULATION_JOB_SCHEMA as object,
      headers: { Location: { description: '/v1/simulations/{id}', schema: { type: 'string' } } },
    }),
    BadFieldAnswer(),
    ApiNotFoundResponse({ description: 'no twin for this patient (`field`: patientId)' }),
    ApiUnprocessableEntityResponse({ description: 'the twin has no state it can simulate yet' }),
  );
}

/** The answers of a route of stored recommendations: the store is PostgreSQL, so an outage is a 503, never a lost write. */
export function StoredAnswers(
  ok: { status: 200 | 201; description: string; schema?: object },
  options: { badField?: boolean; notFound?: string; unprocessable?: string } = {},
): MethodDecorator {
  const answer = { description: ok.description, ...(ok.schema === undefined ? {} : { schema: ok.schema }) };
  return applyDecorators(
    ok.status === 201 ? ApiCreatedResponse(answer) : ApiOkResponse(answer),
    ...(options.badField === true ? [BadFieldAnswer()] : []),
    ...(options.notFound === undefined ? [] : [ApiNotFoundResponse({ description: options.notFound })]),
    ...(options.unprocessable === undefined ? [] : [ApiUnprocessableEntityResponse({ description: options.unprocessable })]),
    ApiServiceUnavailableResponse({ description: 'the database cannot take or give it now (Retry-After), or none is configured; nothing was stored' }),
  );
}
