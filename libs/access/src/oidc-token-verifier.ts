import { createRemoteJWKSet, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import type { Principal } from './principal';
import { principalFromSmartClaims } from './smart-scopes';

/** Signature algorithms accepted (RFC 7518): never `none`, never HMAC (a shared secret would let a verifier mint tokens). */
export const OIDC_ALGORITHMS = ['RS256', 'ES256'] as const;

/** Clock skew tolerated on exp / nbf / iat between the issuer and this host. */
export const OIDC_CLOCK_TOLERANCE_SEC = 30;

export interface OidcSettings {
  /** `iss` every token must carry (exact match). */
  readonly issuer: string;
  /** `aud` every token must name. */
  readonly audience: string;
  /** The issuer's keys: a remote JWKS (`createRemoteJWKSet`) or a local one (the development issuer). */
  readonly keys: JWTVerifyGetKey;
}

/**
 * OpenID Connect access tokens (JWT, RFC 9068 profile) → principal: signature against the issuer's JWKS (RS256 or
 * ES256 only), then `iss`, `aud`, `exp` (required) and `nbf` within OIDC_CLOCK_TOLERANCE_SEC, then the SMART
 * scopes and launch patient (smart-scopes.ts). Any failure is "no principal" (401); the reason is never sent
 * (it would help forging) and never logged with the token.
 */
export class OidcTokenVerifier {
  constructor(private readonly settings: OidcSettings) {}

  get issuer(): string {
    return this.settings.issuer;
  }

  async verify(token: string): Promise<Principal | undefined> {
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, this.settings.keys, {
        issuer: this.settings.issuer,
        audience: this.settings.audience,
        algorithms: [...OIDC_ALGORITHMS],
        clockTolerance: OIDC_CLOCK_TOLERANCE_SEC,
        requiredClaims: ['exp', 'sub'],
      }));
    } catch {
      return undefined;
    }
    const claims = {
      sub: payload.sub ?? '',
      ...(typeof payload['scope'] === 'string' ? { scope: payload['scope'] } : Array.isArray(payload['scp']) ? { scope: payload['scp'].filter((s): s is string => typeof s === 'string') } : {}),
      ...(typeof payload['patient'] === 'string' ? { patient: payload['patient'] } : {}),
      ...(typeof payload['role'] === 'string' ? { role: payload['role'] } : {}),
    };
    const made = principalFromSmartClaims(claims);
    return 'principal' in made ? made.principal : undefined;
  }
}

/**
 * The verifier of an external issuer. jose's remote key set fetches the JWKS on first use, keeps it (10 min), and
 * fetches it again when a token names a key id it does not hold, at most once per `cooldownMs` (so a flood of
 * made-up key ids cannot turn into a flood of fetches), so the issuer rotates keys without a restart here. A key
 * first used within `cooldownMs` of the last fetch is refused until then: issuers publish a key before signing with it.
 */
export function remoteOidcVerifier(issuer: string, audience: string, jwksUrl: string, cooldownMs = 30_000): OidcTokenVerifier {
  return new OidcTokenVerifier({ issuer, audience, keys: createRemoteJWKSet(new URL(jwksUrl), { cooldownDuration: cooldownMs, timeoutDuration: 5_000 }) });
}

/** A compact JWS (three base64url parts): the guard sends these to the verifier and everything else to the token file. */
export function looksLikeJwt(token: string): boolean {
  return /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/.test(token);
}
