import {
  BadRequestException,
  Body,
  ConflictException,
  Controller,
  Get,
  HttpCode,
  Inject,
  NotFoundException,
  Param,
  Post,
  Res,
  ServiceUnavailableException,
  UseFilters,
  UseGuards,
} from '@nestjs/common';
import { AccessExceptionFilter, BearerAuthGuard, CurrentPrincipal, type Principal } from '@shuji/access';
import { PopulationScenarioError } from '@shuji/population';
import type { Response } from 'express';
import {
  PopulationDispatchError,
  PopulationJobNotFoundError,
  PopulationJobsService,
  PopulationJobStateError,
  type PopulationJobView,
} from './population-jobs.service';

/** Population jobs: submit a scenario, follow progress and ETA, cancel, fetch results as JSON, CSV or Parquet. */
@Controller('v1/population/jobs')
@UseGuards(BearerAuthGuard)
@UseFilters(AccessExceptionFilter)
export class PopulationJobsController {
  constructor(@Inject(PopulationJobsService) private readonly jobs: PopulationJobsService) {}

  @Post()
  @HttpCode(202)
  create(@CurrentPrincipal() principal: Principal | undefined, @Body() body: unknown): Promise<PopulationJobView> {
    return mapErrors(() => this.jobs.create(principal, body));
  }

  @Get(':id')
  get(@CurrentPrincipal() principal: Principal | undefined, @Param('id') id: string): Promise<PopulationJobView> {
    return mapErrors(() => this.jobs.get(principal, id));
  }

  @Post(':id/cancel')
  @HttpCode(200)
  cancel(@CurrentPrincipal() principal: Principal | undefined, @Param('id') id: string): Promise<PopulationJobView> {
    return mapErrors(() => this.jobs.cancel(principal, id));
  }

  @Get(':id/results.csv')
  async csv(@CurrentPrincipal() principal: Principal | undefined, @Param('id') id: string, @Res() res: Response): Promise<void> {
    const body = await mapErrors(() => this.jobs.export(principal, id, 'csv'));
    res.type('text/csv').send(body);
  }

  @Get(':id/results.parquet')
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
    if (error instanceof PopulationDispatchError) throw new ServiceUnavailableException(error.message);
    throw error;
  }
}
