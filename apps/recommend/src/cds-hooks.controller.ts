import { Body, Controller, Get, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, type Principal } from '@shuji/access';
import { ProtectedApi } from '@shuji/observability';
import type { CdsResponse, CdsServiceDefinition } from '@shuji/recommend';
import { CdsHooksService } from './cds-hooks.service';
import { mapRecommendErrors } from './recommend-errors.util';

/** CDS Hooks 2.0 discovery: open, as it names the services only (no person's data). */
@Controller('cds-services')
@ApiTags('CDS Hooks')
export class CdsDiscoveryController {
  constructor(@Inject(CdsHooksService) private readonly cds: CdsHooksService) {}

  @Get()
  @ApiOperation({ summary: 'CDS Hooks 2.0 discovery: the services, their hooks and prefetch templates' })
  discovery(): { services: readonly CdsServiceDefinition[] } {
    return this.cds.discovery();
  }
}

/** CDS Hooks 2.0 service calls and feedback: the CDS client's JWT is the bearer token (docs/cds-hooks.md). */
@Controller('cds-services')
@ProtectedApi('CDS Hooks')
export class CdsHooksController {
  constructor(@Inject(CdsHooksService) private readonly cds: CdsHooksService) {}

  @Post(':id')
  @HttpCode(200)
  @ApiOperation({ summary: 'Call a CDS service (patient-view, order-select, order-sign): cards' })
  call(@CurrentPrincipal() principal: Principal | undefined, @Param('id') id: string, @Body() body: unknown): Promise<CdsResponse> {
    return mapRecommendErrors(() => this.cds.call(principal, id, body));
  }

  @Post(':id/feedback')
  @HttpCode(200)
  @ApiOperation({ summary: 'CDS Hooks feedback: cards accepted or overridden (stored; a recommendation card records a decision)' })
  feedback(@CurrentPrincipal() principal: Principal | undefined, @Param('id') id: string, @Body() body: unknown): Promise<{ recorded: number; decisions: number }> {
    return mapRecommendErrors(() => this.cds.feedback(principal, id, body));
  }
}
