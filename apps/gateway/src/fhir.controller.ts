import { Body, Controller, Get, HttpCode, Inject, Post, Query, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiForbiddenResponse, ApiOperation, ApiProduces, ApiQuery, ApiResponse, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { BearerAuthGuard, CurrentPrincipal, RateLimitGuard, type Principal } from '@shuji/access';
import { buildOperationOutcome, toSearchsetBundle } from '@shuji/fhir';
import { BEARER } from '@shuji/observability';
import type { Request, Response } from 'express';
import { baseUrlOf } from './base-url.util';
import { FhirExceptionFilter } from './fhir-exception.filter';
import { parseObservationSearch } from './fhir-search.util';
import { GATEWAY_OPTIONS, type GatewayOptions } from './gateway.tokens';
import { IngestRequestService } from './ingest-request.service';
import { ObservationQueryService } from './observation-query.service';

const FHIR_JSON = 'application/fhir+json';

/** The FHIR R4 surface: Bundle transaction/batch, Observation create, Observation search. */
@Controller('fhir')
@ApiTags('FHIR R4')
@ApiBearerAuth(BEARER)
@ApiConsumes(FHIR_JSON, 'application/json')
@ApiProduces(FHIR_JSON)
@ApiUnauthorizedResponse({ description: 'no valid bearer token' })
@ApiForbiddenResponse({ description: 'the role or the token\'s scopes do not grant this, or the patient is out of scope' })
@UseGuards(BearerAuthGuard, RateLimitGuard)
@UseFilters(FhirExceptionFilter)
export class FhirController {
  constructor(
    @Inject(IngestRequestService) private readonly ingest: IngestRequestService,
    @Inject(ObservationQueryService) private readonly observations: ObservationQueryService,
    @Inject(GATEWAY_OPTIONS) private readonly options: GatewayOptions,
  ) {}

  @Post()
  @HttpCode(200)
  @ApiOperation({ summary: 'Bundle transaction or batch (Patient, Observation)', description: 'Validated, then published to the bus; answered once durable. Errors are OperationOutcomes.' })
  @ApiBody({ description: 'A FHIR R4 Bundle of type transaction or batch', schema: { type: 'object', required: ['resourceType', 'type'], properties: { resourceType: { enum: ['Bundle'] }, type: { enum: ['transaction', 'batch'] }, entry: { type: 'array', items: { type: 'object' } } } } })
  @ApiResponse({ status: 200, description: 'transaction-response or batch-response Bundle' })
  @ApiResponse({ status: 422, description: 'OperationOutcome naming each invalid entry' })
  async postBundle(@CurrentPrincipal() principal: Principal | undefined, @Body() body: unknown, @Res() res: Response): Promise<void> {
    const result = await this.ingest.acceptBundle(principal, body, 'fhir');
    if (result.kind === 'rejected') return void res.status(result.status).type(FHIR_JSON).send(JSON.stringify(result.outcome));
    res.status(200).type(FHIR_JSON).send(JSON.stringify(result.response));
  }

  @Post('Observation')
  @ApiOperation({ summary: 'Create one Observation' })
  @ApiBody({ description: 'A FHIR R4 Observation', schema: { type: 'object', required: ['resourceType'], properties: { resourceType: { enum: ['Observation'] } } } })
  @ApiResponse({ status: 201, description: 'accepted; Location names the new resource' })
  @ApiResponse({ status: 422, description: 'OperationOutcome naming the invalid field' })
  async postObservation(@CurrentPrincipal() principal: Principal | undefined, @Body() body: unknown, @Res() res: Response): Promise<void> {
    const result = await this.ingest.acceptObservation(principal, body, 'fhir');
    if (result.kind === 'rejected') return void res.status(result.status).type(FHIR_JSON).send(JSON.stringify(result.outcome));
    res.status(201).location(result.location).type(FHIR_JSON).send(JSON.stringify(result.outcome));
  }

  @Get('Observation')
  @ApiOperation({ summary: 'Search a patient\'s Observations (audited)' })
  @ApiQuery({ name: 'patient', required: true, description: 'Patient id (or `subject`)' })
  @ApiQuery({ name: 'code', required: false, description: 'token `system|code` or a code' })
  @ApiQuery({ name: 'date', required: false, isArray: true, description: 'date with prefix eq/ge/gt/le/lt; repeat for a range' })
  @ApiQuery({ name: '_count', required: false, description: 'page size' })
  @ApiResponse({ status: 200, description: 'searchset Bundle' })
  async search(@CurrentPrincipal() principal: Principal | undefined, @Query() query: Record<string, string | string[] | undefined>, @Req() req: Request, @Res() res: Response): Promise<void> {
    const parsed = parseObservationSearch(query);
    if (!parsed.ok) return void res.status(400).type(FHIR_JSON).send(JSON.stringify(buildOperationOutcome(parsed.issues)));
    const records = await this.observations.search(principal, parsed.value);
    res.status(200).type(FHIR_JSON).send(JSON.stringify(toSearchsetBundle(records, `${baseUrlOf(req, this.options)}/fhir`, req.originalUrl.replace(/^\/fhir/, ''))));
  }
}
