import { Body, Controller, Get, HttpCode, Inject, Post, Query, Req, Res, UseFilters, UseGuards, type RawBodyRequest } from '@nestjs/common';
import { BearerAuthGuard, CurrentPrincipal, RateLimitGuard, type Principal } from '@shuji/access';
import { buildOperationOutcome, toSearchsetBundle } from '@shuji/fhir';
import type { Request, Response } from 'express';
import { FhirExceptionFilter } from './fhir-exception.filter';
import { parseObservationSearch } from './fhir-search.util';
import { GATEWAY_OPTIONS, type GatewayOptions } from './gateway.tokens';
import { IngestRequestService } from './ingest-request.service';
import { ObservationQueryService } from './observation-query.service';

const FHIR_JSON = 'application/fhir+json';

/** The FHIR R4 surface: Bundle transaction/batch, Observation create, Observation search. */
@Controller('fhir')
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
  async postBundle(@CurrentPrincipal() principal: Principal | undefined, @Body() body: unknown, @Req() req: RawBodyRequest<Request>, @Res() res: Response): Promise<void> {
    const result = await this.ingest.acceptBundle(principal, body, 'fhir', req.rawBody);
    if (result.kind === 'rejected') return void res.status(result.status).type(FHIR_JSON).send(JSON.stringify(result.outcome));
    res.status(200).type(FHIR_JSON).send(JSON.stringify(result.response));
  }

  @Post('Observation')
  async postObservation(@CurrentPrincipal() principal: Principal | undefined, @Body() body: unknown, @Req() req: RawBodyRequest<Request>, @Res() res: Response): Promise<void> {
    const result = await this.ingest.acceptObservation(principal, body, 'fhir', req.rawBody);
    if (result.kind === 'rejected') return void res.status(result.status).type(FHIR_JSON).send(JSON.stringify(result.outcome));
    res.status(201).location(result.location).type(FHIR_JSON).send(JSON.stringify(result.outcome));
  }

  @Get('Observation')
  async search(@CurrentPrincipal() principal: Principal | undefined, @Query() query: Record<string, string | string[] | undefined>, @Req() req: Request, @Res() res: Response): Promise<void> {
    const parsed = parseObservationSearch(query);
    if (!parsed.ok) return void res.status(400).type(FHIR_JSON).send(JSON.stringify(buildOperationOutcome(parsed.issues)));
    const records = await this.observations.search(principal, parsed.value);
    res.status(200).type(FHIR_JSON).send(JSON.stringify(toSearchsetBundle(records, `${this.baseUrl(req)}/fhir`, req.originalUrl.replace(/^\/fhir/, ''))));
  }

  /** The configured public URL, else the address this server is bound to: a client's Host header is never echoed. */
  private baseUrl(req: Request): string {
    if (this.options.publicUrl !== undefined) return this.options.publicUrl;
    const address = req.socket.localAddress ?? '127.0.0.1';
    return `http://${address.includes(':') ? `[${address}]` : address}:${req.socket.localPort ?? 80}`;
  }
}
