import { applyDecorators, UseFilters, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { AccessExceptionFilter, BearerAuthGuard, RateLimitGuard } from '@shuji/access';
import { BEARER } from './openapi.util';

/**
 * A controller of personal data, as every one is guarded and documented: bearer token first, then the principal's rate
 * limit (unless `rateLimited: false`), access errors mapped to 401/403, and the OpenAPI tag, scheme and answers.
 * Controllers with their own error format (FHIR's OperationOutcome) spell their stack out instead.
 */
export function ProtectedApi(tag: string, options: { readonly rateLimited?: boolean } = {}): ClassDecorator {
  return applyDecorators(
    ApiTags(tag),
    ApiBearerAuth(BEARER),
    ApiUnauthorizedResponse({ description: 'no valid bearer token' }),
    ApiForbiddenResponse({ description: "the role or the token's scopes do not grant this, or the patient is out of scope" }),
    options.rateLimited === false ? UseGuards(BearerAuthGuard) : UseGuards(BearerAuthGuard, RateLimitGuard),
    UseFilters(AccessExceptionFilter),
  );
}
