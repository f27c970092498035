import { Body, Controller, Get, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, type Principal } from '@shuji/access';
import { ProtectedApi } from '@shuji/observability';
import { CDS_DISCOVERY_SCHEMA, CDS_FEEDBACK_SCHEMA, CDS_REQUEST_SCHEMAS, CDS_RESPONSE_SCHEMA, type CdsResponse, type CdsServiceDefinition } from '@shuji/recommend';
import { CdsHooksService } from './cds-hooks.service';
import { BadFieldAnswer, JsonBody } from './openapi.decorators';
import { mapRecommendErrors } from './recommend-errors.util';

/** CDS Hooks 2.0 discovery: open, as it names the services only (no person's data). */
@Controller('cds-services')
@ApiTags('CDS Hooks')
export class CdsDiscoveryController {
  constructor(@Inject(CdsHooksService) private readonly cds: CdsHooksService) {}

  @Get()
  @ApiOperation({ summary: 'CDS Hooks 2.0 discovery: the services, their hooks and prefetch templates' })
  @ApiOkResponse({ description: 'CDS Hooks 2.0 discovery response', schema: CDS_DISCOVERY_SCHEMA as object })
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
  @JsonBody({ oneOf: Object.values(CDS_REQUEST_SCHEMAS) }, 'a CDS Hooks 2.0 request of the service\'s hook')
  @ApiOkResponse({ description: 'CDS Hooks 2.0 cards', schema: CDS_RESPONSE_SCHEMA as object })
  @BadFieldAnswer()
  @ApiNotFoundResponse({ description: 'no such CDS service' })
  call(@CurrentPrincipal() principal: Principal | undefined, @Param('id') id: string, @Body() body: unknown): Promise<CdsResponse> {
    return mapRecommendErrors(() => this.cds.call(principal, id, body));
  }

  @Post(':id/feedback')
  @HttpCode(200)
  @ApiOperation({ summary: 'CDS Hooks feedback: cards accepted or overridden (stored; a recommendation card records a decision)' })
  @JsonBody(CDS_FEEDBACK_SCHEMA)
  @ApiOkResponse({ description: '{ recorded, decisions }' })
  @BadFieldAnswer()
  @ApiNotFoundResponse({ description: 'no such CDS service' })
  feedback(@CurrentPrincipal() principal: Principal | undefined, @Param('id') id: string, @Body() body: unknown): Promise<{ recorded: number; decisions: number }> {
    return mapRecommendErrors(() => this.cds.feedback(principal, id, body));
  }
}
