import { Controller, Get, Inject, Res, UseFilters, UseGuards } from '@nestjs/common';
import { AccessExceptionFilter, BearerAuthGuard, CurrentPrincipal, Permission, requireAccess, type Principal } from '@shuji/access';
import { ApiBearerAuth, ApiForbiddenResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { Response } from 'express';
import { BEARER } from './openapi.util';
import { ShujiMetrics } from './shuji-metrics';

/**
 * `GET /metrics` in the Prometheus text format. It needs a token with `metrics.read` (service and admin roles):
 * counts by route and topic carry no person's data, but they tell an outsider how busy the platform is and which
 * routes exist; Prometheus sends a bearer token (`authorization.credentials_file`).
 */
@Controller('metrics')
@ApiTags('Operations')
@ApiBearerAuth(BEARER)
@UseGuards(BearerAuthGuard)
@UseFilters(AccessExceptionFilter)
export class MetricsController {
  constructor(@Inject(ShujiMetrics) private readonly metrics: ShujiMetrics) {}

  @Get()
  @ApiOperation({ summary: 'Prometheus metrics (needs metrics.read: service and admin roles)' })
  @ApiProduces('text/plain')
  @ApiOkResponse({ description: 'Prometheus text exposition format 0.0.4' })
  @ApiUnauthorizedResponse({ description: 'no valid bearer token' })
  @ApiForbiddenResponse({ description: 'the principal may not read metrics' })
  async scrape(@CurrentPrincipal() principal: Principal | undefined, @Res() res: Response): Promise<void> {
    requireAccess(principal, Permission.MetricsRead);
    res.type(this.metrics.registry.contentType).send(await this.metrics.registry.metrics());
  }
}
