import { createPrivateKey, createPublicKey, generateKeyPairSync, type JsonWebKey, type KeyObject } from 'node:crypto';
import { join } from 'node:path';
import { calculateJwkThumbprint, createLocalJWKSet, SignJWT, type JWK } from 'jose';
import { OidcTokenVerifier } from './oidc-token-verifier';
import { principalFromSmartClaims } from './smart-scopes';
import { readOrCreateSecretFile } from './secret-file.util';

/** Lifetime of a development token: short, so a copied token dies soon. */
export const DEV_TOKEN_TTL_SEC = 900;

/** The audience of development tokens unless SHUJI_OIDC_AUDIENCE says otherwise. */
export const DEV_AUDIENCE = 'shuji';

/** What `POST /auth/dev-token` takes. */
export interface DevTokenRequest {
  readonly sub: string;
  readonly role: string;
  readonly patient?: string;
  readonly scopes: readonly string[];
}

/** The OAuth 2.0 token response (RFC 6749 §5.1) with the SMART launch patient. */
export interface DevTokenResponse {
  readonly access_token: string;
  readonly token_type: 'Bearer';
  readonly expires_in: number;
  readonly scope: string;
  readonly patient?: string;
}

export class DevTokenRequestError extends Error {
  constructor(readonly field: string, message: string) {
    super(`${field}: ${message}`);
    this.name = 'DevTokenRequestError';
  }
}

/**
 * The embedded platform's own OpenID Connect issuer, for development and the demo only: an ES256 key pair made
 * once per install and kept, private part 0600, at `<data dir>/access/dev-issuer-key.jwk`; its public key is
 * served as a JWKS. Whether it may run at all is devIssuerEnabled's decision, made before this is built.
 */
export class DevIssuer {
  private constructor(
    readonly issuer: string,
    readonly audience: string,
    private readonly privateKey: KeyObject,
    private readonly publicJwk: JWK,
  ) {}

  static async load(dataDir: string, issuer: string, audience = DEV_AUDIENCE): Promise<DevIssuer> {
    const file = join(dataDir, 'access', 'dev-issuer-key.jwk');
    const json = readOrCreateSecretFile(file, () => JSON.stringify(generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'jwk' })));
    const privateKey = createPrivateKey({ key: JSON.parse(json) as JsonWebKey, format: 'jwk' });
    const pub = createPublicKey(privateKey).export({ format: 'jwk' }) as JWK;
    const publicJwk: JWK = { ...pub, kid: await calculateJwkThumbprint(pub), alg: 'ES256', use: 'sig' };
    return new DevIssuer(issuer, audience, privateKey, publicJwk);
  }

  /** `/.well-known/jwks.json`: the public key only. */
  jwks(): { keys: JWK[] } {
    return { keys: [this.publicJwk] };
  }

  /** `/.well-known/openid-configuration`, the fields a resource server or a SMART client reads (OIDC Discovery 1.0 §3). */
  discovery(baseUrl: string): Record<string, unknown> {
    return {
      issuer: this.issuer,
      jwks_uri: `${baseUrl}/.well-known/jwks.json`,
      token_endpoint: `${baseUrl}/auth/dev-token`,
      id_token_signing_alg_values_supported: ['ES256'],
      token_endpoint_auth_methods_supported: ['none'],
      response_types_supported: ['token'],
      subject_types_supported: ['public'],
      scopes_supported: ['patient/*.rs', 'patient/Observation.rs', 'patient/Observation.c', 'user/Observation.rs', 'user/*.cruds', 'system/*.rs', 'system/*.cruds'],
    };
  }

  /** Verifies tokens of this issuer (the platform's guard, when no external issuer is configured). */
  verifier(): OidcTokenVerifier {
    return new OidcTokenVerifier({ issuer: this.issuer, audience: this.audience, keys: createLocalJWKSet(this.jwks()) });
  }

  /** A signed token for the request; refused (DevTokenRequestError) when it would verify to no principal. */
  async issue(request: DevTokenRequest, now = Date.now()): Promise<DevTokenResponse> {
    const scope = request.scopes.join(' ');
    const made = principalFromSmartClaims({ sub: request.sub, role: request.role, scope, ...(request.patient === undefined ? {} : { patient: request.patient }) });
    if ('error' in made) throw new DevTokenRequestError(made.error.split(':')[0]!, made.error);
    const iat = Math.floor(now / 1000);
    const token = await new SignJWT({ scope, role: request.role, ...(request.patient === undefined ? {} : { patient: request.patient }) })
      .setProtectedHeader({ alg: 'ES256', kid: this.publicJwk.kid!, typ: 'at+jwt' })
      .setIssuer(this.issuer)
      .setAudience(this.audience)
      .setSubject(request.sub)
      .setIssuedAt(iat)
      .setNotBefore(iat)
      .setExpirationTime(iat + DEV_TOKEN_TTL_SEC)
      .sign(this.privateKey);
    return { access_token: token, token_type: 'Bearer', expires_in: DEV_TOKEN_TTL_SEC, scope, ...(request.patient === undefined ? {} : { patient: request.patient }) };
  }
}

/** Checks the body of `POST /auth/dev-token`; the error names the field. */
export function parseDevTokenRequest(body: unknown): DevTokenRequest {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw new DevTokenRequestError('body', 'must be an object { sub, role, patient?, scopes }');
  const { sub, role, patient, scopes } = body as Record<string, unknown>;
  if (typeof sub !== 'string' || !/^[\w.:@-]{1,128}$/.test(sub)) throw new DevTokenRequestError('sub', 'must be 1 to 128 letters, digits or . _ : @ -');
  if (typeof role !== 'string') throw new DevTokenRequestError('role', 'must be a string');
  if (patient !== undefined && (typeof patient !== 'string' || !/^[\w.-]{1,64}$/.test(patient))) throw new DevTokenRequestError('patient', 'must be a patient id');
  if (!Array.isArray(scopes) || scopes.length === 0 || scopes.length > 32 || !scopes.every((s): s is string => typeof s === 'string' && /^[\w/*.:-]{1,100}$/.test(s))) {
    throw new DevTokenRequestError('scopes', 'must be a list of 1 to 32 scopes, e.g. ["patient/Observation.rs"]');
  }
  return { sub, role, scopes, ...(patient === undefined ? {} : { patient }) };
}

export interface DevIssuerSettings {
  /** SHUJI_DEV_ISSUER: auto (on where allowed), true (on, or refuse to start), false. */
  readonly mode: 'auto' | 'true' | 'false';
  readonly production: boolean;
  readonly bus: 'inprocess' | 'kafka';
  /** SHUJI_OIDC_ISSUER is set: tokens come from a real issuer. */
  readonly externalIssuer: boolean;
}

/**
 * Whether the development issuer runs. It mints any token for any subject, so it is for one machine in development:
 * never with NODE_ENV=production, never in a Kafka deployment (scale-out is production's shape), never beside a
 * real issuer. `true` where it may not run refuses to start the process, naming why; `auto` simply stays off there.
 */
export function devIssuerEnabled(settings: DevIssuerSettings): boolean {
  const forbidden = settings.production ? 'NODE_ENV=production' : settings.bus === 'kafka' ? 'SHUJI_BUS=kafka' : settings.externalIssuer ? 'SHUJI_OIDC_ISSUER is set' : undefined;
  if (settings.mode === 'true' && forbidden !== undefined) throw new Error(`SHUJI_DEV_ISSUER=true is refused: ${forbidden} (the development issuer mints any token; it runs only embedded, in development)`);
  return settings.mode !== 'false' && forbidden === undefined;
}
