import { ProtectedApi } from '@shuji/observability';
import { randomUUID } from 'node:crypto';
import { BadRequestException, Body, Controller, Get, HttpCode, Inject, Param, Post, Put, Query, Res } from '@nestjs/common';
import { CONSENT_CATEGORIES, ConsentChangedSchema, encodeMessage, isConsentCategory, SCHEMA_VERSION, toTimestamp, Topics } from '@shuji/contracts';
import { EventPublisher } from '@shuji/messaging';
import { CurrentPrincipal, Permission, requireAccess, selfPatientId, type Principal } from '@shuji/access';
import { ApiAcceptedResponse, ApiBadRequestResponse, ApiBody, ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse } from '@nestjs/swagger';
import type { Response } from 'express';
import { DeviceItemsApi, sendDeviceResult } from './device-ingest.controller';
import { ACCESS_LOG, type AccessLog, type AccessLogEntry } from './gateway.tokens';
import { IngestRequestService } from './ingest-request.service';

/**
 * The patient app's own routes (a patient's token: role patient, one patient): submit readings, meals, doses and
 * activity in the device format without naming the patient, and read who accessed their data. The twin's
 * `/v1/me/twin…` routes are served beside the twin (apps/twin).
 */
@Controller('v1/me')
@ProtectedApi('Patient app (/v1/me)')
export class MeController {
  constructor(
    @Inject(IngestRequestService) private readonly ingest: IngestRequestService,
    @Inject(ACCESS_LOG) private readonly accessLog: AccessLog,
    @Inject(EventPublisher) private readonly publisher: EventPublisher,
  ) {}

  /** Items as `POST /v1/ingest/observations` takes them; `patient_id` may be left out (it is the caller), never another. */
  @Post('observations')
  @ApiOperation({ summary: 'My readings, meals, doses and activity in the device format; patient_id may be left out, never another' })
  @DeviceItemsApi()
  async submit(@CurrentPrincipal() principal: Principal | undefined, @Body() body: unknown, @Res() res: Response): Promise<void> {
    const me = selfPatientId(principal);
    const items = Array.isArray(body) ? body.map((item: unknown) => (isObject(item) && !('patient_id' in item) ? { ...item, patient_id: me } : item)) : body;
    sendDeviceResult(res, await this.ingest.acceptDeviceBatch(principal, items, 'patient-app'));
  }

  /**
   * Grants or withdraws my consent for one category of my data (cgm, medications, genotype, research) from now on:
   * an event for my twin, which stops using (or uses again) that category's data; the data stay stored.
   */
  @Put('consent/:category')
  @HttpCode(202)
  @ApiOperation({ summary: 'Grant or withdraw my consent for a category (cgm, medications, genotype, research) from now on (audited)' })
  @ApiBody({ schema: { type: 'object', required: ['granted'], properties: { granted: { type: 'boolean' } }, examples: [{ granted: false }] } })
  @ApiAcceptedResponse({ description: '{ category, granted, effective }: my twin applies it from its next revision' })
  @ApiBadRequestResponse({ description: 'an unknown category, or granted not true/false' })
  @ApiServiceUnavailableResponse({ description: 'the change could not be recorded (Retry-After); it was not applied' })
  async consent(@CurrentPrincipal() principal: Principal | undefined, @Param('category') category: string, @Body() body: unknown): Promise<{ category: string; granted: boolean; effective: string }> {
    const me = selfPatientId(principal);
    requireAccess(principal, Permission.ObservationWrite, me);
    if (!isConsentCategory(category)) throw new BadRequestException(`category: one of ${CONSENT_CATEGORIES.join(', ')}`);
    const granted = (body as { granted?: unknown } | null)?.granted;
    if (typeof granted !== 'boolean') throw new BadRequestException('granted: true or false');
    const now = new Date();
    // recorded before it is published: a database outage then refuses the change (503) before anything is sent, so a
    // refused change is never applied behind the client's back (test/fault/database-outage-writes.e2e.spec.ts)
    await this.accessLog.record(principal.id, me, `${granted ? 'grant' : 'withdraw'}-consent`, `Consent/${me}/${category}`);
    await this.publisher.publish(Topics.consentChanged, {
      key: me,
      value: encodeMessage(ConsentChangedSchema, {
        header: { eventId: randomUUID(), schemaVersion: SCHEMA_VERSION, patientId: me, effectiveTime: toTimestamp(now), receivedTime: toTimestamp(now), source: `consent:${principal.id}` },
        category,
        granted,
      }),
    });
    return { category, granted, effective: now.toISOString() };
  }

  /** Who read or changed my data, newest first (`limit` ≤ 1,000, default 100). */
  @Get('access-log')
  @ApiOperation({ summary: 'Who read or changed my data, newest first (audited)' })
  @ApiOkResponse({ description: 'AccessLogEntry[]' })
  @ApiBadRequestResponse({ description: 'limit is not a whole number in [1, 1000]' })
  async log(@CurrentPrincipal() principal: Principal | undefined, @Query('limit') limit: string | undefined): Promise<readonly AccessLogEntry[]> {
    const me = selfPatientId(principal);
    requireAccess(principal, Permission.ObservationRead, me);
    const n = Number(limit ?? 100);
    if (!Number.isInteger(n) || n < 1 || n > 1000) throw new BadRequestException('limit: a whole number in [1, 1000]');
    return this.accessLog.forPatient(me, n, principal.id);
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
