import { applyDecorators, Body, Controller, Inject, Post, Res } from '@nestjs/common';
import { CurrentPrincipal, type Principal } from '@shuji/access';
import { ApiAcceptedResponse, ApiBody, ApiOperation, ApiResponse } from '@nestjs/swagger';
import { ProtectedApi } from '@shuji/observability';
import type { Response } from 'express';
import { IngestRequestService, type DeviceAcceptResult } from './ingest-request.service';

/** The body of the device routes (`POST /v1/ingest/observations`, `POST /v1/me/observations`). */
const DEVICE_ITEMS_SCHEMA = {
  type: 'array',
  maxItems: 10000,
  items: {
    type: 'object',
    required: ['patient_id', 'code', 'value', 'unit', 'time'],
    properties: {
      patient_id: { type: 'string' },
      code: { type: 'string', description: 'LOINC code, or system|code' },
      value: { type: ['number', 'string'], description: 'a number, or a text for a genotype (e.g. "CYP2C9 *1/*3")' },
      unit: { type: 'string', description: 'UCUM unit' },
      time: { type: 'string', format: 'date-time' },
      source: { type: 'string' },
      modality: { type: 'string' },
      event_id: { type: 'string' },
      display: { type: 'string' },
      duration_min: { type: 'number' },
    },
  },
};

/** The body and answers of the device routes in the OpenAPI document (`sendDeviceResult` gives them). */
export function DeviceItemsApi(): MethodDecorator {
  return applyDecorators(
    ApiBody({ schema: DEVICE_ITEMS_SCHEMA }),
    ApiAcceptedResponse({ description: '{ accepted: n }: durable on the bus' }),
    ApiResponse({ status: 400, description: 'the body is not an array' }),
    ApiResponse({ status: 409, description: 'an event id is stored with another value' }),
    ApiResponse({ status: 422, description: 'invalid items, named by index and field' }),
    ApiResponse({ status: 503, description: 'the bus cannot take it now (Retry-After); nothing was accepted' }),
  );
}

/** Compact JSON ingest for CGMs and wearables (format documented in @shuji/fhir processDeviceObservations). */
@Controller('v1/ingest')
@ProtectedApi('Device ingest')
export class DeviceIngestController {
  constructor(@Inject(IngestRequestService) private readonly ingest: IngestRequestService) {}

  @Post('observations')
  @ApiOperation({ summary: 'A device\'s readings, meals and insulin as compact JSON (apps/gateway/README.md)' })
  @DeviceItemsApi()
  async post(@CurrentPrincipal() principal: Principal | undefined, @Body() body: unknown, @Res() res: Response): Promise<void> {
    sendDeviceResult(res, await this.ingest.acceptDeviceBatch(principal, body));
  }
}

/** 202 with the count accepted, or 400 (the body is not an array), 409 (an event id held by another value), 422 (items invalid). */
export function sendDeviceResult(res: Response, result: DeviceAcceptResult): void {
  if (result.ok) {
    res.status(202).json({ accepted: result.accepted });
    return;
  }
  const status = result.conflict === true ? 409 : result.errors.some((e) => e.index < 0) ? 400 : 422;
  const first = result.errors[0]!;
  res.status(status).json({
    statusCode: status,
    error: status === 400 ? 'Bad Request' : status === 409 ? 'Conflict' : 'Unprocessable Entity',
    message: first.index >= 0 ? `[${first.index}].${first.field}: ${first.message}` : first.message,
    errors: result.errors,
  });
}
