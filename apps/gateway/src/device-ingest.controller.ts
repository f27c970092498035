import { Body, Controller, Inject, Post, Res, UseFilters, UseGuards } from '@nestjs/common';
import { AccessExceptionFilter, BearerAuthGuard, CurrentPrincipal, RateLimitGuard, type Principal } from '@shuji/access';
import type { Response } from 'express';
import { IngestRequestService, type DeviceAcceptResult } from './ingest-request.service';

/** Compact JSON ingest for CGMs and wearables (format documented in @shuji/fhir processDeviceObservations). */
@Controller('v1/ingest')
@UseGuards(BearerAuthGuard, RateLimitGuard)
@UseFilters(AccessExceptionFilter)
export class DeviceIngestController {
  constructor(@Inject(IngestRequestService) private readonly ingest: IngestRequestService) {}

  @Post('observations')
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
