import { BadRequestException, Body, Controller, Get, HttpCode, Inject, Post, Req, UseFilters, UseGuards } from '@nestjs/common';
import { AccessExceptionFilter, BearerAuthGuard, CurrentPrincipal, DevIssuer, DevTokenRequestError, RateLimitGuard, type DevTokenResponse, type Principal } from '@shuji/access';
import { ApiBearerAuth, ApiBody, ApiForbiddenResponse, ApiOkResponse, ApiOperation, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { BEARER } from '@shuji/observability';
import type { Request } from 'express';
import { baseUrlOf } from './base-url.util';
import { DEV_ISSUER, DevTokenService } from './dev-token.service';
import { GATEWAY_OPTIONS, type GatewayOptions } from './gateway.tokens';

/** The development issuer's discovery, keys and token endpoint (registered only where it may run). */
@Controller()
@ApiTags('Development issuer')
export class DevIssuerController {
  constructor(
    @Inject(DEV_ISSUER) private readonly issuer: DevIssuer,
    @Inject(DevTokenService) private readonly tokens: DevTokenService,
    @Inject(GATEWAY_OPTIONS) private readonly options: GatewayOptions,
  ) {}

  @Get('.well-known/jwks.json')
  @ApiOperation({ summary: 'Public keys of the development issuer (JWKS)' })
  jwks(): ReturnType<DevIssuer['jwks']> {
    return this.issuer.jwks();
  }

  @Get('.well-known/openid-configuration')
  @ApiOperation({ summary: 'OpenID Connect discovery of the development issuer' })
  discovery(@Req() req: Request): Record<string, unknown> {
    return this.issuer.discovery(baseUrlOf(req, this.options));
  }

  @Post('auth/dev-token')
  @ApiOperation({ summary: 'Mint a short-lived access token (development only; admin token required; audited)' })
  @ApiBearerAuth(BEARER)
  @ApiBody({
    schema: {
      type: 'object',
      required: ['sub', 'role', 'scopes'],
      properties: {
        sub: { type: 'string' },
        role: { enum: ['patient', 'clinician', 'device', 'service', 'admin'] },
        patient: { type: 'string', description: 'SMART launch context' },
        scopes: { type: 'array', items: { type: 'string' }, examples: [['patient/Observation.rs']] },
      },
    },
  })
  @ApiOkResponse({ description: 'OAuth 2.0 token response: access_token, token_type, expires_in, scope, patient' })
  @ApiUnauthorizedResponse({ description: 'no valid bearer token' })
  @ApiForbiddenResponse({ description: 'not an admin' })
  @HttpCode(200)
  @UseGuards(BearerAuthGuard, RateLimitGuard)
  @UseFilters(AccessExceptionFilter)
  async devToken(@CurrentPrincipal() principal: Principal | undefined, @Body() body: unknown): Promise<DevTokenResponse> {
    try {
      return await this.tokens.issue(principal, body);
    } catch (err) {
      if (err instanceof DevTokenRequestError) throw new BadRequestException({ statusCode: 400, error: 'Bad Request', field: err.field, message: err.message });
      throw err;
    }
  }
}
