import { Body, Controller, Get, HttpCode, Inject, Post, Query, Req, Res, type RawBodyRequest } from '@nestjs/common';
import { buildOperationOutcome, toSearchsetBundle, type CanonicalObservation } from '@shuji/fhir';
import type { Request, Response } from 'express';
import { parseObservationSearch } from './fhir-search.util';
import { OBSERVATION_READER, type ObservationReader } from './gateway.tokens';
import { IngestRequestService } from './ingest-request.service';

const FHIR_JSON = 'application/fhir+json';

/** The FHIR R4 surface: Bundle transaction/batch, Observation create, Observation search. */
@Controller('fhir')
export class FhirController {
  constructor(
    @Inject(IngestRequestService) private readonly ingest: IngestRequestService,
    @Inject(OBSERVATION_READER) private readonly observations: ObservationReader<CanonicalObservation>,
  ) {}

  @Post()
  @HttpCode(200)
  async postBundle(@Body() body: unknown, @Req() req: RawBodyRequest<Request>, @Res() res: Response): Promise<void> {
    const result = await this.ingest.acceptBundle(body, 'fhir', req.rawBody);
    if (result.kind === 'rejected') return void res.status(result.status).type(FHIR_JSON).send(JSON.stringify(result.outcome));
    res.status(200).type(FHIR_JSON).send(JSON.stringify(result.response));
  }

  @Post('Observation')
  async postObservation(@Body() body: unknown, @Req() req: RawBodyRequest<Request>, @Res() res: Response): Promise<void> {
    const result = await this.ingest.acceptObservation(body, 'fhir', req.rawBody);
    if (result.kind === 'rejected') return void res.status(result.status).type(FHIR_JSON).send(JSON.stringify(result.outcome));
    res.status(201).location(result.location).type(FHIR_JSON).send(JSON.stringify(result.outcome));
  }

  @Get('Observation')
  async search(@Query() query: Record<string, string | string[] | undefined>, @Req() req: Request, @Res() res: Response): Promise<void> {
    const parsed = parseObservationSearch(query);
    if (!parsed.ok) return void res.status(400).type(FHIR_JSON).send(JSON.stringify(buildOperationOutcome(parsed.issues)));
    const records = await this.observations.search(parsed.value, 'gateway:fhir-search');
    res.status(200).type(FHIR_JSON).send(JSON.stringify(toSearchsetBundle(records, `${req.protocol}://${req.get('host') ?? 'localhost'}${req.originalUrl}`)));
  }
}
