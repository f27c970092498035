import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';

/** The security scheme every guarded controller names with `@ApiBearerAuth(BEARER)`. */
export const BEARER = 'bearer';

/**
 * The OpenAPI 3.1 document of the routes `app` registers, generated from the controllers' decorators. Bearer
 * tokens are an OpenID Connect access token (JWT, SMART scopes) or a token of the token file.
 */
export function buildOpenApiDocument(app: INestApplication, title: string): OpenAPIObject {
  const config = new DocumentBuilder()
    .setOpenAPIVersion('3.1.0')
    .setTitle(title)
    .setDescription('Shuji, a digital-twin platform for human health. Access: docs/security.md; scopes: SMART App Launch v2.')
    .setVersion('0.1.0')
    .setLicense('Apache-2.0', 'https://www.apache.org/licenses/LICENSE-2.0')
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'An OpenID Connect access token (JWT with SMART scopes) or a token of SHUJI_ACCESS_TOKENS_FILE' }, BEARER)
    .build();
  return SwaggerModule.createDocument(app, config);
}

/** Serves the document at `/openapi.json` and a browsable UI at `/docs` (assets from swagger-ui-dist, nothing fetched). */
export function serveOpenApi(app: INestApplication, title: string): void {
  SwaggerModule.setup('docs', app, () => buildOpenApiDocument(app, title), { jsonDocumentUrl: 'openapi.json', raw: ['json'], customSiteTitle: title });
}
