import { BadRequestException, Body, ConflictException, Controller, Get, HttpCode, Inject, NotFoundException, Param, Post, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBody, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiServiceUnavailableResponse } from '@nestjs/swagger';
import { ProtectedApi } from '@shuji/observability';
import { CurrentPrincipal, type Principal } from '@shuji/access';
import { RetryLaterException } from '@shuji/messaging';
import { PopulationScenarioError } from '@shuji/population';
import type { Response } from 'express';
import { PopulationDispatchError, PopulationJobNotFoundError, PopulationJobsService, PopulationJobStateError, type PopulationJobView } from './population-jobs.service';

/** Population jobs: submit a scenario, follow progress and ETA, cancel, fetch results as JSON, CSV or Parquet. */
@Controller('v1/population/jobs')
@ProtectedApi('Population jobs', { rateLimited: false })
export class PopulationJobsController {
  constructor(@Inject(PopulationJobsService) private readonly jobs: PopulationJobsService) {}

  @Post()
  @HttpCode(202)
  @ApiOperation({ summary: 'Submit a virtual-cohort scenario (libs/population README)' })
  @ApiBody({ schema: { type: 'object', required: ['name', 'seed', 'cohort', 'models'], description: 'PopulationScenario' } })
  @ApiAcceptedResponse({ description: 'the job: id, state, progress' })
  @ApiServiceUnavailableResponse({ description: 'the bus or the database cannot take the job now (Retry-After)' })
  create(@CurrentPrincipal() principal: Principal | undefined, @Body() body: unknown): Promise<PopulationJobView> {
    return mapErrors(() => this.jobs.create(principal, body));
  }

  @Get(':id')
  @ApiOperation({ summary: 'A job\'s state, progress, ETA and (when done) summary' })
  @ApiOkResponse({ description: 'PopulationJobView' })
  @ApiNotFoundResponse({ description: 'no such job' })
  get(@CurrentPrincipal() principal: Principal | undefined, @Param('id') id: string): Promise<PopulationJobView> {
    return mapErrors(() => this.jobs.get(principal, id));
  }

  @Post(':id/cancel')
  @ApiOperation({ summary: 'Cancel a running job' })
  @ApiOkResponse({ description: 'PopulationJobView' })
  @HttpCode(200)
  cancel(@CurrentPrincipal() principal: Principal | undefined, @Param('id') id: string): Promise<PopulationJobView> {
    return mapErrors(() => this.jobs.cancel(principal, id));
  }

  @Get(':id/results.csv')
  @ApiOperation({ summary: 'Results, one row per virtual person, as CSV' })
  @ApiProduces('text/csv')
  async csv(@CurrentPrincipal() principal: Principal | undefined, @Param('id') id: string, @Res() res: Response): Promise<void> {
    const body = await mapErrors(() => this.jobs.export(principal, id, 'csv'));
    res.type('text/csv').send(body);
  }

  @Get(':id/results.parquet')
  @ApiOperation({ summary: 'Results as Apache Parquet' })
  @ApiProduces('application/vnd.apache.parquet')
  async parquet(@CurrentPrincipal() principal: Principal | undefined, @Param('id') id: string, @Res() res: Response): Promise<void> {
    const body = await mapErrors(() => this.jobs.export(principal, id, 'parquet'));
    res.type('application/vnd.apache.parquet').send(Buffer.from(body as Uint8Array));
  }
}

async function mapErrors<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof PopulationScenarioError) throw new BadRequestException(error.message);
    if (error instanceof PopulationJobNotFoundError) throw new NotFoundException(error.message);
    if (error instanceof PopulationJobStateError) throw new ConflictException(error.message);
    if (error instanceof PopulationDispatchError) throw new RetryLaterException(error.message);
    throw error;
  }
}
